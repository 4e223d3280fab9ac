// gireview-cli effort: what correcting each approved organ-day took, from the review workspace.
#include "CliCommon.h"
#include "data/DataError.h"
#include "io/AtomicFile.h"
#include "review/Workspace.h"

#include <QCommandLineParser>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace cli {

int runEffort(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Write the correction effort the review workspace recorded at each approval: per organ-day "
        "the added path length (APL), surface Dice at 1 and 2 mm and HD95 of the approved contour "
        "(L1) against the first prediction shown (L0; else the labels file), the volumes, slices "
        "edited, strokes, active editing seconds (pauses over 60 s not counted) and seconds from "
        "the day's first showing to the approval. One entry per approval (a reopened and "
        "re-approved organ-day has several; the last one is current).");
    parser.addOptions({
        {"data", "Dataset root (the case-days the workspace belongs to).", "DIR"},
        {"workspace", "The review workspace (.sqlite).", "FILE"},
        {"json", "Where to write the effort (- for standard output).", "FILE"},
    });
    int exitCode = Ok;
    if (!parseOrExplain(parser, arguments, exitCode)) return exitCode;
    if (!parser.isSet("data") || !parser.isSet("workspace") || !parser.isSet("json")) {
        printError("--data, --workspace and --json are required");
        return BadUsage;
    }
    const std::string workspacePath = toStd(parser.value("workspace"));
    const auto index = scanData(toStd(parser.value("data")), parser);
    OutputTarget target(toStd(parser.value("json")), gireview::OutputKind::File,
                        {{toStd(parser.value("data")), workspacePath, index.labelsFile}, false},
                        true);
    requireWorkspaceFile(workspacePath);
    const gireview::Workspace workspace(workspacePath, gireview::Workspace::Access::Reader);
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& record : workspace.effort()) {
        nlohmann::json entry = {{"case_day", gireview::formatCaseDayName(record.day)},
                                {"organ", std::string(gireview::organClassName(record.organ))},
                                {"reviewer", record.reviewer},
                                {"approved_at", record.time},
                                {"in_dataset", index.findDay(record.day) != nullptr}};
        entry.update(nlohmann::json::parse(record.measuresJson));
        entries.push_back(std::move(entry));
    }
    gireview::writeFileAtomically(target.path(),
                                  nlohmann::json{{"effort", entries}}.dump(1) + "\n");
    target.finish();
    std::fprintf(target.toStdout() ? stderr : stdout, "effort: %zu approval(s)\n", entries.size());
    return Ok;
}

} // namespace cli
