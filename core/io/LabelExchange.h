#pragma once
// Moves organ labels in and out of the product: Kaggle CSV (train and submission forms), COCO
// JSON and NIfTI, with the format taken from the path where the user gives one. Exports write
// every file through a temporary file renamed into place and a sidecar JSON (io/LabelSidecar.h)
// that says which (slice, organ) pairs are labelled (the others are unlabelled, not background)
// and where they came from. Imports read the sidecar back, so a round trip keeps the meaning.
#include "io/RoiNameTable.h"
#include "data/LabelledSlices.h"
#include "io/CocoJson.h"
#include "io/DatasetIndex.h"
#include "io/KaggleCsv.h"
#include "io/LabelFormat.h"
#include "io/LabelSidecar.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace gireview {

class Workspace;

struct ExportOptions {
    LabelFormat format = LabelFormat::TrainCsv;
    CocoExportOptions coco;
    bool niftiPerOrgan = false; // also caseN_dayM_<organ>.nii.gz
    bool niftiImage = false;    // also caseN_dayM_image.nii.gz (loads the scans)
    bool sidecar = true;
    std::string source;         // provenance: where the labels came from
    std::string tool = "gireview";
    std::vector<std::string> sourceNotes; // the sidecar's provenance keeps them (SidecarContent)
    // Only the case-days whose labels differ from the last export to the same place (recorded in
    // its sidecar as a hash per case-day); everything when there is no earlier sidecar.
    bool changedOnly = false;
    // Only these (slice, organ) pairs, per case-day: unlabelled pairs get no CSV row, no COCO
    // image or category, a clear bit in NIfTI's caseN_dayM_labelled.nii.gz; days with none are
    // left out. nullptr: every pair of the days that have labels. `leftOutReason` goes into the
    // sidecar with the counts.
    const LabelledMap* labelled = nullptr;
    std::string leftOutReason;
    // For retraining: only what a reviewer vouched for. Read by ReviewDocument::exportLabels,
    // which sets `labelled` to the vouched pairs (approved organs, review marks).
    bool reviewedOnly = false;
    // Provenance: model cards, approvals and edit tools of the review workspace.
    const Workspace* workspace = nullptr;
};

struct ExportReport {
    std::vector<std::string> files;
    size_t days = 0;
    size_t unchangedDays = 0; // skipped by changedOnly
    LeftOut leftOut;          // what a partly labelled export left out
};

// Exports the labels of `scope` (all usable days of the index when empty). Days without labels
// export as empty masks. progress(done, total) counts case-days; returning false cancels
// (files already renamed into place stay complete; nothing is left half-written).
ExportReport exportLabels(const DatasetIndex& index, const std::map<CaseDayKey, LabelVolume>& labels,
                          const std::string& out, const ExportOptions& options, std::vector<CaseDayKey> scope = {},
                          const std::function<bool(int, int)>& progress = {});

struct LabelImport {
    LabelFormat format = LabelFormat::TrainCsv;
    std::map<CaseDayKey, LabelVolume> volumes;
    // The pairs the input labels; the masks of the others mean nothing (unlabelled). From the
    // sidecar when there is one, else from the file: CSV rows present, COCO images listed (and
    // their labelled_category_ids), NIfTI volumes present (and their _labelled volumes).
    LabelledMap labelled;
    std::string sidecar; // the sidecar read, if any
    std::vector<Problem> problems;
};
// Imports a CSV (either form), a COCO JSON or a folder of caseN_dayM.nii.gz onto the dataset's
// geometry. Problems are collected; unreadable files throw.
// A DICOM RT Structure Set's ROIs map to organs by `roiNames` (io/RoiNameTable.h).
LabelImport importLabels(const std::string& path, const DatasetIndex& index, const RoiNameTable& roiNames = {});

// The days of the index as the exporters see them (relative slice file names).
std::vector<ExportDay> exportDays(const DatasetIndex& index, const std::map<CaseDayKey, LabelVolume>* labels,
                                  const std::vector<CaseDayKey>& scope = {});

} // namespace gireview
