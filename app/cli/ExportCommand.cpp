// gireview-cli export and convert: labels out of the product in the formats training code,
// Kaggle and other viewers read.
#include "CliCommon.h"
#include "data/DataError.h"
#include "io/RtStructImport.h"
#include "io/SegImport.h"
#include "io/AtomicFile.h"
#include "io/DatasetIndex.h"
#include "io/LabelExchange.h"
#include "review/ReviewDocument.h"

#include <atomic>
#include <filesystem>
#include <memory>

#include <QCommandLineParser>
#include <cstdio>

namespace cli {

namespace {

bool reportProblems(const std::vector<gireview::Problem>& problems, const std::string& source) {
    for (const auto& problem : problems)
        std::fprintf(stderr, "%s: %s\n", source.c_str(), gireview::formatProblem(problem).c_str());
    if (gireview::hasErrors(problems)) {
        printError("the labels have " + std::to_string(problems.size()) +
                   " problem(s); nothing was exported");
        return false;
    }
    return true;
}

int runExportOrConvert(const QStringList& arguments, bool convert) {
    QCommandLineParser parser;
    if (convert)
        parser.setApplicationDescription("Convert labels between Kaggle CSV (.csv), COCO JSON "
                                         "(.json) and NIfTI (a folder of caseN_dayM.nii.gz; an "
                                         "existing empty folder is fine), the formats taken from "
                                         "the paths. CSV output holds every slice x class row.");
    else
        parser.setApplicationDescription(
            "Export labels of a dataset: Kaggle CSV (train form, or the submission form), COCO "
            "JSON (compressed RLE by default; "
            "counts or polygons on request) or NIfTI (one caseN_dayM.nii.gz per case-day, bitmask "
            "1 "
            "large bowel, 2 small bowel, 4 stomach, with 3D Slicer and ITK-SNAP colour tables). A "
            "sidecar JSON lists the "
            "labelled slices and the provenance. Every file is written to a temporary name and "
            "renamed into place.");
    parser.addOptions({{"data", "Dataset root, case or case-day folder.", "DIR"},
                       {"roi-name", "A structure set's ROI name read as an organ, NAME=large_bowel|small_bowel|stomach "
                                    "(repeatable; beside the standard Bowel_Large, Bowel_Small, Stomach and synonyms).",
                        "NAME=ORGAN"}});
    if (convert) {
        parser.addOptions({{"in", "Labels to read (.csv, .json, a NIfTI folder, or a DICOM RT Structure Set or Segmentation, "
                                   "recognised by its content: its ROIs or segments Bowel_Large, Bowel_Small and Stomach (and "
                                   "their synonyms, or SNOMED codes) onto the series it references).", "FILE"},
                           {"in-format", "Say what --in must be: rtstruct or seg (refused when it is not).", "KIND"},
                           {"out", "Where to write (.csv, .json or a folder).", "PATH"}});
    } else {
        parser.addOptions({
            {"labels",
             "Labels to export (.csv, .json, a NIfTI folder or a DICOM RT Structure Set); default train.csv beside the data.",
             "FILE"},
            {"format", "csv, submission, coco or nifti.", "FORMAT"},
            {"out",
             "Output file (csv, coco; - for standard output, without a sidecar) or folder (nifti). "
             "Never an input of "
             "this run, a FIFO, device or link, a read-only file or a dataset folder.",
             "PATH"},
            {"days", "Only these case-days, comma-separated (e.g. case1_day0,case1_day3).", "LIST"},
            {"case", "Only the days of this case.", "N"},
            {"coco-counts", "COCO: write uncompressed counts instead of the compressed string."},
            {"polygons", "COCO: write polygons (pixel-exact, holes spliced in) instead of RLE."},
            {"per-component",
             "COCO: one annotation per connected component instead of per organ and slice."},
            {"nifti-per-organ", "NIfTI: also one 0/1 file per organ."},
            {"nifti-image", "NIfTI: also the image volume, in register."},
            {"no-sidecar", "Do not write the sidecar JSON."},
            {"changed-only",
             "Only the case-days whose labels changed since the last export to the same place."},
            {"workspace",
             "Review workspace (gireview-workspace.sqlite): its corrections over the labels file "
             "(or alone, without one), "
             "review state and provenance; exported exactly as the window exports them.",
             "FILE"},
            {"reviewed-only", "For retraining: per organ only approved days and slices marked "
                              "reviewed (needs --workspace); every "
                              "other (slice, organ) pair is left out (no CSV row, no COCO "
                              "category, clear in NIfTI's _labelled), never "
                              "written as background."},
        });
    }
    int exitCode = Ok;
    if (!parseOrExplain(parser, arguments, exitCode)) return exitCode;
    gireview::RoiNameTable roiNames;
    for (const QString& entry : parser.values("roi-name"))
        if (!roiNames.addEntry(toStd(entry))) {
            printError("--roi-name " + gireview::quoteForMessage(toStd(entry)) + ": expected NAME=large_bowel, NAME=small_bowel or NAME=stomach");
            return BadUsage;
        }
    const char* inputOption = convert ? "in" : "labels";
    if (!parser.isSet("data") || !parser.isSet("out") || (convert && !parser.isSet("in")) ||
        (!convert && !parser.isSet("format"))) {
        printError(convert ? "--data, --in and --out are required"
                           : "--data, --format and --out are required");
        return BadUsage;
    }
    // Ctrl+C or SIGTERM: the export stops at the next case-day, removes what it had built and
    // leaves the previous export as it was.
    const std::atomic<bool>& interrupted = catchInterrupts();
    const bool workspaceGiven = !convert && parser.isSet("workspace"); // convert has no --workspace
    gireview::ExportOptions options;
    try {
        options.format = convert ? gireview::labelFormatOfPath(toStd(parser.value("out")))
                                 : gireview::parseLabelFormat(toStd(parser.value("format")));
    } catch (const std::invalid_argument& error) {
        printError(error.what());
        return BadUsage;
    }
    gireview::ScanOptions scanOptions;
    auto index = scanData(toStd(parser.value("data")), parser, scanOptions);
    if (gireview::hasErrors(index.problems))
        for (const auto& problem : index.problems)
            std::fprintf(stderr, "dataset: %s\n",
                         gireview::formatProblem(problem).c_str());
    if (!convert) {
        options.coco.segmentation = parser.isSet("polygons") ? gireview::CocoSegmentation::Polygons
                                    : parser.isSet("coco-counts")
                                        ? gireview::CocoSegmentation::UncompressedRle
                                        : gireview::CocoSegmentation::CompressedRle;
        options.coco.perComponent = parser.isSet("per-component");
        options.niftiPerOrgan = parser.isSet("nifti-per-organ");
        options.niftiImage = parser.isSet("nifti-image");
        options.sidecar = !parser.isSet("no-sidecar");
        options.changedOnly = parser.isSet("changed-only");
        options.reviewedOnly = parser.isSet("reviewed-only");
    }
    if (options.reviewedOnly && !workspaceGiven) {
        printError("--reviewed-only needs --workspace FILE");
        return BadUsage;
    }
    // Where the result goes, checked before anything is read or written: never over an input of
    // this run, a non-regular or read-only file, or a dataset.
    const bool singleFile = options.format != gireview::LabelFormat::Nifti;
    gireview::OutputRules rules;
    rules.inputs = {toStd(parser.value("data")), index.labelsFile, toStd(parser.value(inputOption)),
                    workspaceGiven ? toStd(parser.value("workspace")) : std::string()};
    OutputTarget target(toStd(parser.value("out")),
                        singleFile ? gireview::OutputKind::File : gireview::OutputKind::Folder,
                        rules, singleFile && !convert);
    if (target.toStdout() && options.sidecar) {
        options.sidecar = false;
        std::fprintf(
            stderr,
            "note: writing to standard output: no sidecar (what is labelled is not recorded)\n");
    }
    if (options.sidecar && !target.toStdout())
        gireview::checkOutputPath(gireview::sidecarPathFor(target.path(), options.format),
                                  gireview::OutputKind::File, rules);
    std::vector<gireview::CaseDayKey> scope =
        convert ? std::vector<gireview::CaseDayKey>{} : parseScope(parser, index);
    auto progress = [&interrupted](int done, int total) {
        std::fprintf(stderr, "\rexporting %d/%d case-days", done, total);
        return !interrupted.load();
    };
    gireview::ExportReport report;
    try {
        if (convert) {
            // A conversion keeps what the input labels: unlabelled pairs stay out of the output.
            const std::string input = toStd(parser.value(inputOption));
            if (parser.isSet("in-format")) {
                const QString kind = parser.value("in-format");
                if (kind != "rtstruct" && kind != "seg") {
                    printError("--in-format " + toStd(kind) + ": expected rtstruct or seg");
                    return BadUsage;
                }
                if (kind == "rtstruct" ? !gireview::isRtStructFile(input) : !gireview::isSegFile(input)) {
                    printError(input + ": not a DICOM " + (kind == "rtstruct" ? "RT Structure Set" : "Segmentation") +
                               " (--in-format " + toStd(kind) + "); nothing converted");
                    return Failed;
                }
            }
            auto labels = gireview::importLabels(input, index, roiNames);
            if (!reportProblems(labels.problems, input)) return Failed;
            if (options.format == gireview::LabelFormat::TrainCsv &&
                labels.format == gireview::LabelFormat::SubmissionCsv)
                options.format = gireview::LabelFormat::SubmissionCsv;
            // Complete only when every usable day is fully labelled; otherwise the unlabelled stays
            // out.
            bool complete = true;
            for (const auto* day : index.days())
                if (day->usable) {
                    const auto found = labels.labelled.find(day->key);
                    complete =
                        complete && found != labels.labelled.end() && found->second.complete();
                }
            if (!complete || !labels.sidecar.empty()) {
                options.labelled = &labels.labelled;
                options.leftOutReason = "unlabelled in " + input;
            }
            options.source = input;
            options.tool = "gireview-cli convert";
            for (const auto& problem : labels.problems) options.sourceNotes.push_back(gireview::formatProblem(problem));
            report = gireview::exportLabels(index, labels.volumes, target.path(), options, scope,
                                            progress);
        } else {
            // The same document and export function as the window: the labels file, the workspace's
            // corrections over it, review state from the workspace.
            gireview::ReviewDocument document(std::move(index));
            const std::string input = parser.isSet(inputOption) ? toStd(parser.value(inputOption))
                                                                : document.index().labelsFile;
            if (!input.empty()) {
                auto labels = gireview::importLabels(input, document.index(), roiNames);
                if (!reportProblems(labels.problems, input)) return Failed;
                document.setLabelsFile(std::move(labels), input);
            }
            if (workspaceGiven) {
                const std::string workspace = toStd(parser.value("workspace"));
                std::error_code missing;
                if (!std::filesystem::is_regular_file(workspace, missing)) {
                    printError("no workspace at " + workspace);
                    return Failed;
                }
                document.openWorkspace(workspace);
            }
            if (input.empty() && !document.workspace()) {
                printError("no labels: pass --labels FILE or --workspace FILE (no train.csv beside "
                           "the data)");
                return BadUsage;
            }
            options.tool = "gireview-cli export";
            report = document.exportLabels(target.path(), options, scope, progress);
        }
    } catch (const std::exception&) {
        if (!interrupted) throw;
        std::fprintf(
            stderr,
            "\ninterrupted: the previous export is as it was; nothing half-written is left\n");
        return Failed;
    }
    std::fprintf(stderr, "\n");
    for (const auto& file : report.files)
        std::printf("wrote %s\n", target.toStdout() ? "standard output" : file.c_str());
    std::printf("%zu case-days exported\n", report.days);
    if (options.changedOnly)
        std::printf("%zu case-days unchanged since the last export\n", report.unchangedDays);
    if (report.leftOut.unlabelledPairs)
        std::printf(
            "%zu unlabelled (slice, organ) pairs left out (%s); %zu case-days had none labelled\n",
            report.leftOut.unlabelledPairs, report.leftOut.reason.c_str(),
            report.leftOut.emptyDays.size());
    target.finish();
    return Ok;
}

} // namespace

int runExport(const QStringList& arguments) {
    return runExportOrConvert(arguments, false);
}
int runConvert(const QStringList& arguments) {
    return runExportOrConvert(arguments, true);
}

} // namespace cli
