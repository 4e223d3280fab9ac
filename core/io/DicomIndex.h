#pragma once
// A folder of DICOM files as a dataset: every file under it (any nesting, any name, with or
// without a DICOMDIR) whose content starts as DICOM Part 10 ("DICM" at byte 128) is read up to
// its pixel data with GDCM; image series are grouped per study, and each study's day is the
// MR (or CT) series with the most distinct positions that is not a localizer, derived or cine
// series (the others are listed in DatasetIndex::dicomSeries). Geometry comes from Image
// Position/Orientation (Patient) and Pixel Spacing: slices sorted along the normal, the spacing
// between slices from the positions (never Slice Thickness). Case and day numbers come from a
// CaseDayRegistry. GDCM's headers stay inside io/Dicom*.cpp.
#include "io/DatasetIndex.h"

#include <filesystem>
#include <map>
#include <string>

namespace gireview {

// True when the file holds "DICM" at byte 128 (a regular file only; never blocks).
bool hasDicomPreamble(const std::string& path);
// The SOP Class UID of a DICOM file (its header only); empty when it is not DICOM or unreadable.
std::string dicomSopClassOf(const std::string& path);

// Indexes the DICOM files under `root` into `index` (cases, problems, dicomSeries). Returns
// false, changing nothing, when no file under it is DICOM. Throws ScanCancelled when
// options.onDay says stop (called per file with (files read, files found)).
bool scanDicomFolder(const std::filesystem::path& root, DatasetIndex& index,
                     const ScanOptions& options);

// Where an image of the dataset is, by its SOP Instance UID: what structure sets and
// segmentations reference. Single-frame images of DICOM days only.
struct DicomImagePlace {
    const DayEntry* day = nullptr;
    int z = 0; // 0-based slice
};
std::map<std::string, DicomImagePlace> dicomImagesByUid(const DatasetIndex& index);

} // namespace gireview
