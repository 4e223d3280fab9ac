#include "io/LabelFormat.h"

#include "io/DicomIndex.h"

#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace gireview {

LabelFormat parseLabelFormat(const std::string& name) {
    if (name == "csv" || name == "train") return LabelFormat::TrainCsv;
    if (name == "submission") return LabelFormat::SubmissionCsv;
    if (name == "coco" || name == "json") return LabelFormat::Coco;
    if (name == "nifti" || name == "nii") return LabelFormat::Nifti;
    throw std::invalid_argument("unknown format '" + name +
                                "'; expected csv, submission, coco or nifti");
}

std::string labelFormatName(LabelFormat format) {
    switch (format) {
    case LabelFormat::TrainCsv: return "csv";
    case LabelFormat::SubmissionCsv: return "submission";
    case LabelFormat::Coco: return "coco";
    case LabelFormat::Nifti: return "nifti";
    case LabelFormat::Dicom: return "dicom";
    }
    return "csv";
}

LabelFormat labelFormatOfPath(const std::string& path) {
    const fs::path p(path);
    std::error_code error;
    if (fs::is_directory(p, error) || (!path.empty() && path.back() == '/'))
        return LabelFormat::Nifti;
    if (hasDicomPreamble(path)) return LabelFormat::Dicom;
    const std::string ext = p.extension().string();
    if (ext == ".csv") return LabelFormat::TrainCsv;
    if (ext == ".json") return LabelFormat::Coco;
    throw std::invalid_argument(
        "cannot tell the format of '" + path +
        "': expected a .csv file, a .json file, a folder of .nii.gz files or a DICOM RT Structure Set");
}

} // namespace gireview
