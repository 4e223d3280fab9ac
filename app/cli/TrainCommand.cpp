// gireview-cli train: trains the U-Net on labelled case-days and writes the best model + card.
#include "CliCommon.h"
#include "io/LabelExchange.h"
#include "review/ReviewDocument.h"
#include "ModelError.h"
#include "Trainer.h"

#include <QCommandLineParser>
#include <filesystem>
#include <atomic>
#include <cstdio>

namespace cli {

namespace {


} // namespace

int runTrain(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Train a 2.5D U-Net (TorchScript; the saved file also runs in PyTorch with torch.jit.load) on labelled case-days. "
        "The split is by case (days of one case never sit on both sides). Loss BCE + Dice, Adam with a cosine learning "
        "rate, augmentation applied identically to image and mask, the best epoch by the validation competition score "
        "kept as OUT/model.pt with OUT/model.card.json, early stopping, OUT/training_log.csv and OUT/training_curves.png. "
        "A checkpoint after every epoch (OUT/checkpoint/) lets --resume continue an interrupted run exactly; Ctrl+C stops "
        "after the current batch. When the labels come with an export's review sidecar (<labels>.sidecar.json), only the "
        "slices it lists are training targets.");
    parser.addOptions({
        {"data", "Dataset root, case or case-day folder.", "DIR"},
        {"labels", "Labels: train.csv form, COCO JSON or a NIfTI folder (default: train.csv beside the data).", "FILE"},
        {"workspace", "Train on what a reviewer vouched for in this review workspace (its corrections over the labels file, "
                      "where marked reviewed or approved): the reviewed-only export the window would write, kept in OUT/labels/.",
         "FILE"},
        {"out", "Output folder.", "DIR"},
        {"epochs", "Epochs (at most). Default: 40.", "N", "40"},
        {"batch", "Slices per batch. Default: 8.", "N", "8"},
        {"lr", "Peak learning rate (cosine schedule down to 1e-5). Default: 0.002.", "RATE", "0.002"},
        {"size", "Model input size in pixels (letterboxed square; divisible by 2^(depth-1)). Default: 128.", "PX", "128"},
        {"depth", "U-Net levels. Default: 4.", "N", "4"},
        {"offsets", "Slices stacked as input channels, relative to the slice predicted (2.5D). Default: -2,0,2.", "LIST", "-2,0,2"},
        {"base", "Channels of the first level (doubled per level). Default: 8.", "N", "8"},
        {"val-fraction", "Share of the cases held out for validation. Default: 0.2.", "F", "0.2"},
        {"seed", "Seed of the split, initialisation, shuffling and augmentation. Default: 1.", "N", "1"},
        {"patience", "Epochs without a better validation score before stopping early. Default: 10.", "N", "10"},
        {"epoch-slices", "Training slices drawn per epoch (0: all). Default: 0.", "N", "0"},
        {"min-component", "Post-processing: drop 3D pieces smaller than this many voxels. Default: 64.", "N", "64"},
        {"flip", "Probability of a left-right flip (swaps the patient's sides). Default: 0.", "P", "0"},
        {"threads", "LibTorch intra-op threads (0: LibTorch's default).", "N", "0"},
        {"device", "auto (CUDA when this LibTorch has it), cpu or cuda. Default: auto.", "DEVICE", "auto"},
        {"resume", "Continue the run in --out from its last checkpoint."},
    });
    int exitCode = Ok;
    if (!parseOrExplain(parser, arguments, exitCode)) return exitCode;
    if (!parser.isSet("data") || !parser.isSet("out")) {
        printError("--data and --out are required");
        return BadUsage;
    }
    gireview::TrainingOptions options;
    options.dataDir = toStd(parser.value("data"));
    options.caseDayRegistry = caseDayRegistryFor(options.dataDir, parser);
    options.outDir = toStd(parser.value("out"));
    // A training run's folder: never a dataset, an input, a file or a read-only folder.
    gireview::checkOutputPath(options.outDir, gireview::OutputKind::Folder,
                              {{options.dataDir, toStd(parser.value("labels")), toStd(parser.value("workspace"))}, false});
    gireview::ScanOptions namesOnly; // the trainer reads the images itself
    namesOnly.checkHeaders = false;
    if (parser.isSet("workspace")) {
        // The same document and export as the window's File > Export, reviewed only.
        gireview::ReviewDocument document(scanData(options.dataDir, parser, namesOnly));
        const std::string labels = parser.isSet("labels") ? toStd(parser.value("labels")) : document.index().labelsFile;
        if (!labels.empty()) document.setLabelsFile(gireview::importLabels(labels, document.index()), labels);
        document.openWorkspace(toStd(parser.value("workspace")));
        gireview::ExportOptions exportOptions;
        exportOptions.reviewedOnly = true;
        exportOptions.tool = "gireview-cli train";
        options.labelsPath = (std::filesystem::path(options.outDir) / "labels" / "reviewed.csv").string();
        std::filesystem::create_directories(std::filesystem::path(options.labelsPath).parent_path());
        const auto report = document.exportLabels(options.labelsPath, exportOptions);
        std::fprintf(stderr, "training labels: %s (%zu case-days; %zu unlabelled pairs left out)\n", options.labelsPath.c_str(), report.days,
                     report.leftOut.unlabelledPairs);
    } else if (parser.isSet("labels")) {
        options.labelsPath = toStd(parser.value("labels"));
    } else {
        const auto index = scanData(options.dataDir, parser, namesOnly);
        if (index.labelsFile.empty()) {
            printError("no --labels given and no train.csv beside " + options.dataDir);
            return BadUsage;
        }
        options.labelsPath = index.labelsFile;
    }
    int seed = 1;
    if (!readInt(parser, "epochs", 1, 10000, options.epochs) || !readInt(parser, "batch", 1, 1024, options.batchSize) ||
        !readInt(parser, "size", 16, 1024, options.inputSize) || !readInt(parser, "depth", 2, 8, options.depth) ||
        !readInt(parser, "base", 2, 256, options.baseChannels) || !readInt(parser, "seed", 0, 2147483647, seed) ||
        !readInt(parser, "patience", 1, 10000, options.patience) || !readInt(parser, "epoch-slices", 0, 10000000, options.epochSlices) ||
        !readInt(parser, "min-component", 0, 10000000, options.minComponentVoxels) || !readInt(parser, "threads", 0, 256, options.threads) ||
        !readDouble(parser, "lr", 1e-6, 1.0, options.learningRate) ||
        !readDouble(parser, "val-fraction", 0.0, 0.9, options.valFraction) ||
        !readDouble(parser, "flip", 0.0, 1.0, options.augmentation.flipXProbability))
        return BadUsage;
    options.seed = std::uint64_t(seed);
    options.channelOffsets.clear();
    for (const QString& item : parser.value("offsets").split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int offset = item.trimmed().toInt(&ok);
        if (!ok || offset < -16 || offset > 16) {
            printError("--offsets expects comma-separated whole numbers in [-16, 16], e.g. -2,0,2");
            return BadUsage;
        }
        options.channelOffsets.push_back(offset);
    }
    if (options.channelOffsets.empty() || options.channelOffsets.size() > 16) {
        printError("--offsets lists 1 to 16 slice offsets");
        return BadUsage;
    }
    if (!readDevice(parser, options.device)) return BadUsage;
    options.resume = parser.isSet("resume");
    options.command = "gireview-cli train " + toStd(arguments.mid(1).join(' '));
    const std::atomic<bool>& interrupted = catchInterrupts();
    options.cancel = &interrupted;

    std::printf("%5s %9s %10s %8s %8s %8s %8s %9s\n", "epoch", "lr", "loss", "dice", "1-hd", "score", "sec", "slices/s");
    std::fflush(stdout);
    try {
        // With no validation case-days there is no validation score to print, only the loss.
        const auto report = gireview::trainModel(
            options,
            [](const gireview::EpochRecord& r) {
                std::fprintf(stderr, "\r%60s\r", "");
                if (r.validated)
                    std::printf("%5d %9.2e %10.5f %8.4f %8.4f %8.4f %8.1f %9.1f%s\n", r.epoch, r.learningRate, r.trainLoss, r.valDice,
                                r.valHausdorff, r.valScore, r.seconds, r.slicesPerSecond, r.best ? "  best" : "");
                else
                    std::printf("%5d %9.2e %10.5f %8s %8s %8s %8.1f %9.1f%s\n", r.epoch, r.learningRate, r.trainLoss, "-", "-", "-",
                                r.seconds, r.slicesPerSecond, r.best ? "  best" : "");
                std::fflush(stdout);
            },
            [](int done, int total) { std::fprintf(stderr, "\r  training %d/%d slices", done, total); });
        if (report.validationDays.empty())
            std::printf("best epoch %d by the lowest training loss: NO validation split (too few cases for --val-fraction), so no "
                        "validation score exists%s; %zu training slices from %zu case-days; %.0f s\nmodel %s\nlog %s\nplot %s\n",
                        report.bestEpoch, report.stoppedEarly ? " (stopped early)" : "", report.trainSlices, report.trainDays.size(),
                        report.seconds, report.modelPath.c_str(), report.logPath.c_str(), report.plotPath.c_str());
        else
            std::printf("best epoch %d, validation score %.4f%s; %zu training slices from %zu case-days, %zu validation case-days; "
                        "%.0f s\nmodel %s\nlog %s\nplot %s\n",
                        report.bestEpoch, report.bestScore, report.stoppedEarly ? " (stopped early)" : "", report.trainSlices,
                        report.trainDays.size(), report.validationDays.size(), report.seconds, report.modelPath.c_str(),
                        report.logPath.c_str(), report.plotPath.c_str());
    } catch (const gireview::ModelCancelled&) {
        std::fprintf(stderr, "\ninterrupted: continue with the same command and --resume\n");
        return Failed;
    }
    return Ok;
}

} // namespace cli
