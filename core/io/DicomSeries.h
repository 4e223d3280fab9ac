#pragma once
// What the dataset index knows of a DICOM image series: who it is (patient, study, series),
// how its stored values become intensities, and why it was or was not taken as its study's
// case-day. The geometry lives in the DayEntry's VolumeGeometry like a Kaggle day's; the slices
// (files, and frames of a multi-frame file) in its SliceEntry list, sorted along the normal.
#include "data/ScanVolume.h"
#include "io/CaseDayRegistry.h"

#include <string>
#include <vector>

namespace gireview {

struct DicomSeries {
    SeriesIdentity identity; // Patient ID, Series Instance UID, Study Date and Time
    std::string studyUid;
    std::string frameOfReferenceUid; // the patient coordinate system contours are placed in
    std::string description; // Series Description
    std::string modality;    // MR, CT, ...
    std::string sopClassUid;
    std::string transferSyntax; // UID of the first file's transfer syntax
    // Stored values: unsigned, or signed and kept offset by 32768 (IntensityRescale says which).
    bool signedPixels = false;
    int bitsStored = 16;
    IntensityRescale rescale;
    int positions = 0;             // distinct slice positions
    int frames = 0;                // images (files x frames)
    double obliquityDegrees = 0.0; // angle between the slice normal and the nearest patient axis
    bool multiFrame = false;
};

// One image series found under a DICOM folder, whether or not it became a case-day: the index
// lists them all, so a reviewer can see (and pick) the others of a study.
struct DicomSeriesChoice {
    std::string studyUid;
    std::string seriesUid;
    std::string patientId;
    std::string description;
    std::string modality;
    int positions = 0;
    int frames = 0;
    bool chosen = false;   // the day's series
    std::string whyNot;    // empty when chosen: "localizer", "derived", "cine", "fewer positions"
    std::string firstFile; // where a user finds it
};

} // namespace gireview
