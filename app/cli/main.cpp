// gireview-cli: headless subcommands of GI Review.
#include "data/HeapTuning.h"
#include "BuildInfo.h"
#include "CliCommon.h"
#include "LibraryVersions.h"
#include "TorchRuntime.h"

#include <QCoreApplication>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>

namespace {

struct Command {
    const char* summary;
    std::function<int(const QStringList&)> run;
};

const std::map<QString, Command>& commands() {
    static const std::map<QString, Command> table = {
        {"phantom", {"write a synthetic phantom dataset (Kaggle layout + train.csv)", cli::runPhantom}},
        {"info", {"summarise a dataset: cases, days, sizes, organs per day", cli::runInfo}},
        {"validate", {"list every problem in a dataset and its labels (exit 1 on errors)", cli::runValidate}},
        {"export", {"export labels as Kaggle CSV, submission CSV, COCO JSON or NIfTI", cli::runExport}},
        {"eval", {"score a prediction: competition score, Dice, Hausdorff, clinical distances and volumes", cli::runEval}},
        {"effort", {"what correcting each approved organ-day took (APL, surface Dice, time), from a workspace", cli::runEffort}},
        {"qa", {"check labels before approval: gaps, islands, overlaps, volume changes, outside the body, swaps", cli::runQa}},
        {"infer", {"run a segmentation model over case-days and write the Kaggle submission form", cli::runInfer}},
        {"train", {"train a U-Net on labelled case-days (checkpoints, log, plot, model card)", cli::runTrain}},
        {"convert", {"convert labels between CSV, COCO JSON and NIfTI (formats from the paths)", cli::runConvert}},
    };
    return table;
}

void printUsage(std::FILE* out) {
    std::fprintf(out, "Usage: gireview-cli <command> [options]\n\n"
                      "GI Review headless tools (research and education; not a medical device).\n\n"
                      "Commands:\n");
    for (const auto& [name, command] : commands())
        std::fprintf(out, "  %-10s %s\n", name.toStdString().c_str(), command.summary);
    std::fprintf(out, "\nOptions:\n  -h, --help     this help; 'gireview-cli <command> --help' for a command\n"
                      "  -v, --version  versions of GI Review and its libraries\n");
}

} // namespace

int main(int argc, char** argv) {
    gireview::tuneHeapForDayLoading();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gireview-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GIREVIEW_VERSION));
    QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2) {
        printUsage(stderr);
        return cli::BadUsage;
    }
    const QString first = arguments.at(1);
    if (first == "-h" || first == "--help" || first == "help") {
        printUsage(stdout);
        return cli::Ok;
    }
    if (first == "-v" || first == "--version") {
        std::printf("%s", versionText("gireview-cli").c_str());
        return cli::Ok;
    }
    auto command = commands().find(first);
    if (command == commands().end()) {
        cli::printError("unknown command '" + first.toStdString() + "'");
        printUsage(stderr);
        return cli::BadUsage;
    }
    // The subcommand sees "gireview-cli <command>" as its program name.
    QStringList rest = arguments.mid(2);
    rest.prepend(QStringLiteral("gireview-cli ") + first);
    try {
        return command->second.run(rest);
    } catch (const std::exception& error) {
        cli::printError(error.what());
        return cli::Failed;
    }
}
