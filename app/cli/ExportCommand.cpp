// gireview-cli export and convert: labels out of the product in the formats training code,
// Kaggle and other viewers read.
#include "io/AtomicFile.h"
#include "CliCommon.h"
#include "data/DataError.h"
#include "io/DatasetIndex.h"
#include "io/LabelExchange.h"
#include "review/Workspace.h"

#include <memory>

#include <QCommandLineParser>
#include <cstdio>

namespace cli {

namespace {

bool reportProblems(const std::vector<gireview::Problem>& problems, const std::string& source) {
    for (const auto& problem : problems) std::fprintf(stderr, "%s: %s\n", source.c_str(), gireview::formatProblem(problem).c_str());
    if (gireview::hasErrors(problems)) {
        printError("the labels have " + std::to_string(problems.size()) + " problem(s); nothing was exported");
        return false;
    }
    return true;
}

int runExportOrConvert(const QStringList& arguments, bool convert) {
    QCommandLineParser parser;
    if (convert)
        parser.setApplicationDescription(
            "Convert labels between Kaggle CSV (.csv), COCO JSON (.json) and NIfTI (a folder of caseN_dayM.nii.gz; an "
            "existing empty folder is fine), the formats taken from the paths. CSV output holds every slice x class row.");
    else
        parser.setApplicationDescription(
            "Export labels of a dataset: Kaggle CSV (train form, or the submission form), COCO JSON (compressed RLE by default; "
            "counts or polygons on request) or NIfTI (one caseN_dayM.nii.gz per case-day, bitmask 1 "
            "large bowel, 2 small bowel, 4 stomach, with 3D Slicer and ITK-SNAP colour tables). A sidecar JSON lists the "
            "labelled slices and the provenance. Every file is written to a temporary name and renamed into place.");
    parser.addOptions({{"data", "Dataset root, case or case-day folder.", "DIR"}});
    if (convert) {
        parser.addOptions({{"in", "Labels to read (.csv, .json or a NIfTI folder).", "FILE"},
                           {"out", "Where to write (.csv, .json or a folder).", "PATH"}});
    } else {
        parser.addOptions({
            {"labels", "Labels to export (.csv, .json or a NIfTI folder); default train.csv beside the data.", "FILE"},
            {"format", "csv, submission, coco or nifti.", "FORMAT"},
            {"out", "Output file (csv, coco) or folder (nifti).", "PATH"},
            {"days", "Only these case-days, comma-separated (e.g. case1_day0,case1_day3).", "LIST"},
            {"case", "Only the days of this case.", "N"},
            {"coco-counts", "COCO: write uncompressed counts instead of the compressed string."},
            {"polygons", "COCO: write polygons (pixel-exact, holes spliced in) instead of RLE."},
            {"per-component", "COCO: one annotation per connected component instead of per organ and slice."},
            {"nifti-per-organ", "NIfTI: also one 0/1 file per organ."},
            {"nifti-image", "NIfTI: also the image volume, in register."},
            {"no-sidecar", "Do not write the sidecar JSON."},
            {"changed-only", "Only the case-days whose labels changed since the last export to the same place."},
            {"workspace", "Review workspace (gireview-workspace.sqlite) for --reviewed-only and the provenance.", "FILE"},
            {"reviewed-only", "For retraining: per organ only approved days and slices marked reviewed (needs --workspace)."},
        });
    }
    int exitCode = Ok;
    if (!parseOrExplain(parser, arguments, exitCode)) return exitCode;
    const char* inputOption = convert ? "in" : "labels";
    if (!parser.isSet("data") || !parser.isSet("out") || (convert && !parser.isSet("in")) || (!convert && !parser.isSet("format"))) {
        printError(convert ? "--data, --in and --out are required" : "--data, --format and --out are required");
        return BadUsage;
    }
    gireview::ExportOptions options;
    try {
        options.format = convert ? gireview::labelFormatOfPath(toStd(parser.value("out"))) : gireview::parseLabelFormat(toStd(parser.value("format")));
    } catch (const std::invalid_argument& error) {
        printError(error.what());
        return BadUsage;
    }
    gireview::ScanOptions scanOptions;
    scanOptions.checkHeaders = false;
    auto index = gireview::scanDataset(toStd(parser.value("data")), scanOptions);
    if (gireview::hasErrors(index.problems))
        for (const auto& problem : index.problems) std::fprintf(stderr, "warning: dataset: %s\n", gireview::formatProblem(problem).c_str());
    std::string input = parser.isSet(inputOption) ? toStd(parser.value(inputOption)) : index.labelsFile;
    if (input.empty()) {
        printError("no labels: pass --labels FILE (no train.csv beside the data)");
        return BadUsage;
    }
    auto labels = gireview::importLabels(input, index);
    if (!reportProblems(labels.problems, input)) return Failed;
    if (convert && options.format == gireview::LabelFormat::TrainCsv && labels.format == gireview::LabelFormat::SubmissionCsv)
        options.format = gireview::LabelFormat::SubmissionCsv;
    if (!convert) {
        options.coco.segmentation = parser.isSet("polygons")      ? gireview::CocoSegmentation::Polygons
                                    : parser.isSet("coco-counts") ? gireview::CocoSegmentation::UncompressedRle
                                                                  : gireview::CocoSegmentation::CompressedRle;
        options.coco.perComponent = parser.isSet("per-component");
        options.niftiPerOrgan = parser.isSet("nifti-per-organ");
        options.niftiImage = parser.isSet("nifti-image");
        options.sidecar = !parser.isSet("no-sidecar");
        options.changedOnly = parser.isSet("changed-only");
        options.reviewedOnly = parser.isSet("reviewed-only");
    }
    std::unique_ptr<gireview::Workspace> workspace;
    if (!convert && parser.isSet("workspace")) {
        workspace = std::make_unique<gireview::Workspace>(toStd(parser.value("workspace")));
        options.workspace = workspace.get();
    }
    if (options.reviewedOnly && !options.workspace) {
        printError("--reviewed-only needs --workspace FILE");
        return BadUsage;
    }
    options.source = input;
    options.tool = convert ? "gireview-cli convert" : "gireview-cli export";
    std::vector<gireview::CaseDayKey> scope = convert ? std::vector<gireview::CaseDayKey>{} : parseScope(parser, index);
    auto report = gireview::exportLabels(index, labels.volumes, toStd(parser.value("out")), options, scope,
                                         [](int done, int total) {
                                             std::fprintf(stderr, "\rexporting %d/%d case-days", done, total);
                                             return true;
                                         });
    std::fprintf(stderr, "\n");
    for (const auto& file : report.files) std::printf("wrote %s\n", file.c_str());
    std::printf("%zu case-days exported\n", report.days);
    if (options.changedOnly) std::printf("%zu case-days unchanged since the last export\n", report.unchangedDays);
    return Ok;
}

} // namespace

int runExport(const QStringList& arguments) { return runExportOrConvert(arguments, false); }
int runConvert(const QStringList& arguments) { return runExportOrConvert(arguments, true); }

} // namespace cli
