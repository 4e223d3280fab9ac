#pragma once
// Index of a dataset on disk: a Kaggle root (with train/ or test/), a folder of case folders, a
// single case folder or a single case-day folder; or a folder of DICOM files (any nesting, any
// names, recognised by content: io/DicomIndex.h), one case-day per study. Cases, days and slices are sorted
// numerically. Problems a user must know about are collected, not thrown: missing slice
// numbers, duplicate slices, mixed sizes or spacings within a day, unreadable or mis-sized files.
#include "data/Problem.h"
#include "data/SliceName.h"
#include "data/VolumeGeometry.h"
#include "io/DicomSeries.h"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace gireview {

struct SliceEntry {
    int slice = 0; // 1-based
    std::string path;
    SliceFileName name;
    // The index found the file unusable (unreadable, cut short, colour); its problem is listed.
    bool unreadable = false;
    int frame = -1; // a DICOM slice: its frame in the file (0-based); -1 for a PNG
    std::string sopInstanceUid; // a DICOM slice: what structure sets reference it by
};

struct DayEntry {
    CaseDayKey key;
    std::string directory;
    std::vector<SliceEntry> slices; // sorted by slice number, duplicates removed
    VolumeGeometry geometry;        // from the slices' names; depth = highest slice number
    std::vector<int> missingSlices; // numbers in 1..depth without a file
    bool usable = true;             // false when sizes or spacings disagree or nothing is here
    std::vector<Problem> problems;  // this day's share of DatasetIndex::problems
    // A DICOM day: its series (identity, rescale); null for a Kaggle day. Shared, not copied,
    // by the many copies of a DayEntry the loaders take.
    std::shared_ptr<const DicomSeries> dicom;

    // Slice numbers (1-based) with no image the index can vouch for: missing files and files
    // it found unreadable. Decoding may find more (ScanVolume::unusableSlices()).
    std::vector<int> unusableSlices() const;
};

struct CaseEntry {
    int caseNo = 0;
    std::vector<DayEntry> days;
};

struct ScanOptions {
    bool checkHeaders = true; // read each PNG header: catches unreadable files and wrong sizes
    // Called before each case-day folder and once at the end with (days scanned, days listed);
    // returning false stops the scan (ScanCancelled thrown). May be called from a worker thread.
    std::function<bool(size_t done, size_t total)> onDay;
    // DICOM: the file that numbers (Patient ID, Series UID) as case-days once and for ever
    // (CaseDayRegistry::pathBeside the workspace). Empty: numbered afresh for this scan, in date
    // order (the same numbers for the same folder, but nothing keeps them when studies are added).
    std::string caseDayRegistry;
    // DICOM: series to take as their study's day instead of the one with the most positions.
    std::set<std::string> preferredSeries;
};

struct ScanCancelled : std::exception {
    const char* what() const noexcept override { return "dataset scan cancelled"; }
};

class DatasetIndex {
public:
    std::string root;        // the folder that was scanned
    std::string labelsFile;  // train.csv found beside the data, or empty
    std::vector<CaseEntry> cases;
    std::vector<Problem> problems;
    // DICOM: every image series found, the chosen ones and the others with why (empty for Kaggle).
    std::vector<DicomSeriesChoice> dicomSeries;
    bool isDicom() const { return !dicomSeries.empty(); }

    size_t dayCount() const;
    size_t sliceCount() const;
    const DayEntry* findDay(CaseDayKey key) const;
    std::vector<const DayEntry*> days() const;
    // Grids of the usable days, for decoding label files.
    std::map<CaseDayKey, VolumeGeometry> geometry() const;
};

// Throws IoError when the path does not exist or is not a folder; everything else is a Problem.
DatasetIndex scanDataset(const std::string& path, const ScanOptions& options = {});

} // namespace gireview
