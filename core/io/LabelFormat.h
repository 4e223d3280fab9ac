#pragma once
// The label file formats the product reads and writes, and how a path names one.
#include <string>

namespace gireview {

// Dicom: a clinic's RT Structure Set, recognised by content; read, not written (yet).
enum class LabelFormat { TrainCsv, SubmissionCsv, Coco, Nifti, Dicom };

// "csv", "submission", "coco", "nifti"; throws std::invalid_argument.
LabelFormat parseLabelFormat(const std::string& name);
// The name parseLabelFormat reads back: "csv", "submission", "coco", "nifti".
std::string labelFormatName(LabelFormat format);
// From a path: a DICOM file (by its content) -> Dicom, .csv -> TrainCsv, .json -> Coco, a folder
// (existing or ending in '/') -> Nifti.
LabelFormat labelFormatOfPath(const std::string& path);

} // namespace gireview
