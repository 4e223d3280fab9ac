#pragma once
// Moves organ labels in and out of the product: Kaggle CSV (train and submission forms), COCO
// JSON and NIfTI, with the format taken from the path where the user gives one. Exports write
// every file through a temporary file renamed into place and a sidecar JSON that says which
// slices are labelled (slices not listed are unlabelled, not background) and where they came from.
#include "io/CocoJson.h"
#include "io/DatasetIndex.h"
#include "io/KaggleCsv.h"
#include "review/Workspace.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace gireview {

enum class LabelFormat { TrainCsv, SubmissionCsv, Coco, Nifti };

// "csv", "submission", "coco", "nifti"; throws std::invalid_argument.
LabelFormat parseLabelFormat(const std::string& name);
// From a path: .csv -> TrainCsv, .json -> Coco, a folder (existing or ending in '/') -> Nifti.
LabelFormat labelFormatOfPath(const std::string& path);

struct ExportOptions {
    LabelFormat format = LabelFormat::TrainCsv;
    CocoExportOptions coco;
    bool niftiPerOrgan = false; // also caseN_dayM_<organ>.nii.gz
    bool niftiImage = false;    // also caseN_dayM_image.nii.gz (loads the scans)
    bool sidecar = true;
    std::string source;         // provenance: where the labels came from
    std::string tool = "gireview";
    // Only the case-days whose labels differ from the last export to the same place (recorded in
    // its sidecar as a hash per case-day); everything when there is no earlier sidecar.
    bool changedOnly = false;
    // For retraining: only what a reviewer vouched for. Per case-day and organ, every slice when
    // the organ is approved, else the slices marked reviewed; other slices are written empty and
    // left out of the sidecar's 'labelled' list (unlabelled, not background). Needs `workspace`,
    // whose model card, approvals and edit tools go into the provenance.
    bool reviewedOnly = false;
    const Workspace* workspace = nullptr;
};

// Where exportLabels puts the sidecar for an output path.
std::string sidecarPathFor(const std::string& out, LabelFormat format);

struct ExportReport {
    std::vector<std::string> files;
    size_t days = 0;
    size_t unchangedDays = 0; // skipped by changedOnly
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
    std::vector<Problem> problems;
};
// Imports a CSV (either form), a COCO JSON or a folder of caseN_dayM.nii.gz onto the dataset's
// geometry. Problems are collected; unreadable files throw.
LabelImport importLabels(const std::string& path, const DatasetIndex& index);

// The days of the index as the exporters see them (relative slice file names).
std::vector<ExportDay> exportDays(const DatasetIndex& index, const std::map<CaseDayKey, LabelVolume>* labels,
                                  const std::vector<CaseDayKey>& scope = {});

} // namespace gireview
