// gireview-cli infer: a segmentation model over case-days, written as the Kaggle submission.
#include "CliCommon.h"
#include "DayInference.h"
#include "io/KaggleCsv.h"
#include "ModelError.h"
#include "io/DayPrefetcher.h"
#include "DayRisk.h"
#include "data/DataError.h"
#include "io/LabelExchange.h"
#include "review/ReviewDocument.h"
#include "io/AtomicFile.h"
#include "SegmentationModel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <chrono>
#include <cstdio>
#include <optional>

namespace cli {

int runInfer(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Run a segmentation model (TorchScript file with its .card.json beside it) over every case-day of a dataset, or "
        "those chosen, and write the Kaggle submission form (id,class,predicted): one row per slice and class, an empty "
        "field for an empty mask. Without --model the default model is used (next to the executable in the build tree "
        "or under the install prefix).");
    parser.addOptions({
        {"data", "Dataset root, case or case-day folder.", "DIR"},
        {"model", "Model file (.pt); its card must lie beside it as <name>.card.json.", "FILE"},
        {"out", "Submission CSV to write (written to a temporary file, then renamed; - for standard output).", "CSV"},
        {"device", "auto (CUDA when this LibTorch has it), cpu or cuda. Default: auto.", "DEVICE", "auto"},
        {"batch", "Slices per network batch. Default: 8.", "N", "8"},
        {"threads", "LibTorch intra-op threads (0: LibTorch's default).", "N", "0"},
        {"days", "Only these case-days, comma-separated (e.g. case1_day0,case1_day3).", "LIST"},
        {"case", "Only the days of this case.", "N"},
        {"risk", "Also write the review risk per slice and class (id,class,risk; risk in [0, 1], higher = more likely "
                 "to need an edit; see the README for what goes in).", "CSV"},
        {"labels", "With --risk: the labels the risk compares each day against (the case's previous labelled day). "
                   "Default: the dataset's train.csv when it has one.", "FILE"},
        {"workspace", "With --risk: a review workspace whose corrections go over the labels for that comparison.", "FILE"},
        {"quiet", "No progress on stderr."},
    });
    int exitCode = Ok;
    if (!parseOrExplain(parser, arguments, exitCode)) return exitCode;
    if (!parser.isSet("data") || !parser.isSet("out")) {
        printError("--data and --out are required");
        return BadUsage;
    }
    // Ctrl+C (from here on, the model's loading included) stops before the next case-day: the
    // submission's temporary file goes and nothing is written.
    const std::atomic<bool>& interrupted = catchInterrupts();
    int batch = 8, threads = 0;
    if (!readInt(parser, "batch", 1, 1024, batch) || !readInt(parser, "threads", 0, 256, threads)) return BadUsage;
    gireview::DeviceRequest device = gireview::DeviceRequest::Auto;
    if (!readDevice(parser, device)) return BadUsage;
    // Checked before the model loads: never over an input, a non-regular or a read-only file.
    // The dataset's own labels file counts as an input: a submission must never replace it.
    const auto index = scanData(toStd(parser.value("data")), parser);
    OutputTarget target(toStd(parser.value("out")), gireview::OutputKind::File,
                        {{toStd(parser.value("data")), toStd(parser.value("model")), index.labelsFile,
                          toStd(parser.value("labels")), toStd(parser.value("workspace"))},
                         false},
                        true);
    std::optional<OutputTarget> riskTarget;
    if (parser.isSet("risk"))
        riskTarget.emplace(toStd(parser.value("risk")), gireview::OutputKind::File,
                           gireview::OutputRules{{toStd(parser.value("data")), toStd(parser.value("model")), index.labelsFile,
                                                  toStd(parser.value("out")), toStd(parser.value("labels")),
                                                  toStd(parser.value("workspace"))},
                                                 false},
                           false);
    std::string riskCsv = "id,class,risk\n";
    // The labels the risk compares each day against: the case's previous labelled day.
    std::optional<gireview::ReviewDocument> reviewed;
    if (riskTarget) {
        const std::string labelsPath = parser.isSet("labels") ? toStd(parser.value("labels")) : index.labelsFile;
        const std::string workspacePath = toStd(parser.value("workspace"));
        if (!workspacePath.empty()) requireWorkspaceFile(workspacePath);
        if (!labelsPath.empty() || !workspacePath.empty()) {
            reviewed.emplace(index);
            if (!labelsPath.empty()) {
                auto imported = gireview::importLabels(labelsPath, index);
                for (const auto& problem : imported.problems)
                    if (problem.severity == gireview::Problem::Severity::Error)
                        throw gireview::DataError("the labels for --risk have problems (run validate): " +
                                                  gireview::formatProblem(problem));
                reviewed->setLabelsFile(std::move(imported), labelsPath);
            }
            if (!workspacePath.empty()) reviewed->openWorkspace(workspacePath);
        }
    }
    std::string modelPath = toStd(parser.value("model"));
    if (modelPath.empty()) {
        modelPath = gireview::findDefaultModel(toStd(QCoreApplication::applicationFilePath()));
        if (modelPath.empty()) {
            printError("no --model given and no default model found next to the executable or under the install prefix");
            return Failed;
        }
    }
    if (threads > 0) gireview::setTorchThreads(threads);
    const auto model = gireview::SegmentationModel::load(modelPath, device);
    const bool quiet = parser.isSet("quiet");
    if (!quiet) {
        std::fprintf(stderr, "model %s %s (%s, %zu parameters) on %s\n", model.card().name.c_str(), model.card().version.c_str(),
                     model.card().architecture.c_str(), model.parameterCount(), model.device().c_str());
        if (model.card().syntheticTrainingData())
            std::fprintf(stderr, "note: this model was trained on synthetic phantom data only: not for patient images\n");
    }

    auto scope = parseScope(parser, index);
    if (scope.empty())
        for (const auto* day : index.days())
            if (day->usable) scope.push_back(day->key);
    if (scope.empty()) {
        printError("no usable case-day in " + toStd(parser.value("data")));
        return Failed;
    }
    gireview::KaggleCsvWriter writer(target.path(), gireview::KaggleCsvKind::Submission);
    const auto start = std::chrono::steady_clock::now();
    size_t slices = 0;
    for (const gireview::CaseDayKey& key : scope)
        if (!index.findDay(key)->usable)
            throw gireview::DataError("case-day " + gireview::formatCaseDayName(key) + " is not usable (run validate)");
    // The next day's PNGs decode while the network works on this one.
    std::vector<gireview::DayEntry> days;
    for (const gireview::CaseDayKey& key : scope) days.push_back(*index.findDay(key));
    gireview::DayPrefetcher prefetch(std::move(days));
    for (size_t i = 0; i < scope.size(); ++i) {
        if (interrupted) {
            std::fprintf(stderr, "\ninterrupted after %zu of %zu case-days: nothing was written\n", i, scope.size());
            return Failed;
        }
        const gireview::ScanVolume scan = prefetch.next();
        gireview::InferenceOptions options;
        options.batchSize = batch;
        const std::string name = gireview::formatCaseDayName(scope[i]);
        if (!quiet)
            options.progress = [&](int done, int total) {
                std::fprintf(stderr, "\r%s (%zu/%zu): %d/%d slices", name.c_str(), i + 1, scope.size(), done, total);
            };
        const auto prediction = gireview::predictDay(model, scan, options);
        // Blank slices (no image) get no rows: unpredicted, never "organ absent".
        const auto blank = scan.unusableSlices();
        const gireview::LabelledSlices usable = scan.usablePairs();
        writer.addDay(scope[i], scan.geometry().depth, &prediction.labels, blank.empty() ? nullptr : &usable);
        if (!blank.empty())
            std::fprintf(stderr, "%s%s: %zu slice(s) without an image left unpredicted (see validate)\n", quiet ? "" : "\n",
                         name.c_str(), blank.size());
        if (riskTarget) {
            gireview::DayRiskOptions riskOptions;
            riskOptions.batchSize = batch;
            std::optional<gireview::LabelVolume> previous;
            if (reviewed) previous = reviewed->previousLabelledDay(scope[i]);
            riskOptions.previousApproved = previous ? &*previous : nullptr;
            const auto risk = gireview::dayRisk(model, scan, prediction, riskOptions);
            char value[16];
            for (int z = 0; z < scan.geometry().depth; ++z)
                for (gireview::Organ organ : gireview::kAllOrgans) {
                    if (!scan.sliceUsable(z)) continue;
                    std::snprintf(value, sizeof value, "%.4f", double(risk[size_t(z)][size_t(gireview::organIndex(organ))]));
                    riskCsv += gireview::formatSliceId(scope[i], z + 1) + "," + std::string(gireview::organClassName(organ)) + "," +
                               value + "\n";
                }
        }
        slices += size_t(scan.geometry().depth);
        if (!quiet) std::fprintf(stderr, "\n");
    }
    if (interrupted) {
        std::fprintf(stderr, "interrupted: nothing was written\n");
        return Failed;
    }
    if (riskTarget) {
        gireview::writeFileAtomically(riskTarget->path(), riskCsv);
        riskTarget->finish();
    }
    writer.commit();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("wrote %s: %zu case-days, %zu slices in %.1f s (%.1f slices/s)\n", toStd(parser.value("out")).c_str(), scope.size(),
                slices, seconds, slices / std::max(1e-9, seconds));
    target.finish();
    return Ok;
}

} // namespace cli
