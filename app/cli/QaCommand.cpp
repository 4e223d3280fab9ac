// gireview-cli qa: the QA checks the window runs before an approval, over a dataset's labels.
#include "CliCommon.h"
#include "analysis/QaChecks.h"
#include "data/DataError.h"
#include "io/AtomicFile.h"
#include "io/DayPrefetcher.h"
#include "io/LabelExchange.h"
#include "review/ReviewDocument.h"

#include <QCommandLineParser>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

namespace cli {

namespace {

nlohmann::json flagJson(const gireview::QaFlag& flag) {
    nlohmann::json json = {
        {"case_day", gireview::formatCaseDayName(flag.day)},
        {"organ", std::string(gireview::organClassName(flag.organ))},
        {"slice", flag.hasSlice() ? nlohmann::json(flag.firstSlice) : nlohmann::json(nullptr)},
        {"kind", std::string(gireview::qaKindName(flag.kind))},
        {"detail", flag.detail}};
    if (flag.hasSlice() && flag.lastSlice > flag.firstSlice)
        json["slices"] = {flag.firstSlice, flag.lastSlice};
    return json;
}

QString optionHelp(const gireview::QaThresholdField& field,
                   const gireview::QaThresholds& defaults) {
    const double value = defaults.*field.field;
    return QString::fromUtf8(field.help) + QStringLiteral(". Default: %1.").arg(value);
}

} // namespace

int runQa(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Check a dataset's labels before approval, as the window "
                                     "does: gap (the organ absent on a slice inside its "
                                     "range), island (a small piece far from the rest of the "
                                     "organ), overlap (most of an organ's slice area also "
                                     "another organ), volume_change (against the previous day of "
                                     "the same case), outside_body (labels outside the body "
                                     "outline found from the image; skipped with --no-images) and "
                                     "swap (small and large bowel exchanged over a run of "
                                     "slices). Writes {\"flags\": [{case_day, organ, slice, "
                                     "slices, kind, detail}]}, one flag per run of consecutive "
                                     "slices (slice: the run's first, 1-based; null for "
                                     "volume_change). Unlabelled pairs are unknown, never absent. "
                                     "Exit 0 whatever is found, 1 on an error.");
    gireview::QaThresholds thresholds;
    QList<QCommandLineOption> options = {
        {"data", "Dataset root, case or case-day folder.", "DIR"},
        {"labels",
         "Labels to check (train.csv form, COCO JSON or a NIfTI folder). Default: the dataset's "
         "train.csv.",
         "FILE"},
        {"workspace",
         "Check the review workspace's corrected labels (over the labels file): every slice of a "
         "day, as an "
         "approval would vouch for them.",
         "FILE"},
        {"json", "Where to write the flags (- for standard output).", "FILE"},
        {"days", "Only these case-days, comma-separated.", "LIST"},
        {"case", "Only the days of this case.", "N"},
        {"no-images", "Do not read the scans (outside_body is skipped)."},
        {"quiet", "No progress on stderr."},
    };
    for (const auto& field : gireview::qaThresholdFields())
        options.append({QString::fromUtf8(field.name), optionHelp(field, thresholds), "X"});
    parser.addOptions(options);
    int exitCode = Ok;
    if (!parseOrExplain(parser, arguments, exitCode)) return exitCode;
    if (!parser.isSet("data") || !parser.isSet("json")) {
        printError("--data and --json are required");
        return BadUsage;
    }
    if (parser.isSet("labels") && parser.isSet("workspace")) {
        printError("give --labels or --workspace, not both (a workspace's labels already lie over "
                   "the dataset's train.csv)");
        return BadUsage;
    }
    for (const auto& field : gireview::qaThresholdFields()) {
        if (!parser.isSet(field.name)) continue;
        if (field.whole) {
            int value = 0;
            if (!readInt(parser, field.name, int(field.low), int(std::min(field.high, 2e9)), value))
                return BadUsage;
            thresholds.*field.field = value;
        } else if (!readDouble(parser, field.name, field.low, field.high,
                               thresholds.*field.field)) {
            return BadUsage;
        }
    }
    const std::atomic<bool>& interrupted = catchInterrupts();
    gireview::ScanOptions scanOptions;
    scanOptions.checkHeaders = false;
    gireview::ReviewDocument document(
        scanData(toStd(parser.value("data")), parser, scanOptions));
    const auto& index = document.index();
    const std::string labelsPath =
        parser.isSet("labels") ? toStd(parser.value("labels")) : index.labelsFile;
    const std::string workspacePath = toStd(parser.value("workspace"));
    OutputTarget target(toStd(parser.value("json")), gireview::OutputKind::File,
                        {{toStd(parser.value("data")), labelsPath, workspacePath}, false}, true);
    if (!workspacePath.empty()) requireWorkspaceFile(workspacePath);
    if (labelsPath.empty() && workspacePath.empty())
        throw gireview::DataError("no labels to check: the dataset has no train.csv; give --labels "
                                  "FILE or --workspace FILE");

    gireview::LabelMap labels;
    gireview::LabelledMap labelled;
    if (!labelsPath.empty()) {
        auto imported = gireview::importLabels(labelsPath, index);
        bool failed = false;
        for (const auto& problem : imported.problems) {
            std::fprintf(stderr, "%s\n", gireview::formatProblem(problem).c_str());
            failed = failed || problem.severity == gireview::Problem::Severity::Error;
        }
        if (failed) {
            printError("the labels have problems; nothing was checked");
            return Failed;
        }
        if (workspacePath.empty()) {
            labels = std::move(imported.volumes);
            labelled = std::move(imported.labelled);
        } else {
            document.setLabelsFile(std::move(imported), labelsPath);
        }
    }
    if (!workspacePath.empty()) {
        document.openWorkspace(workspacePath);
        labels = document.correctedLabels();
        for (const auto& [key, volume] : labels)
            labelled[key] = gireview::LabelledSlices::all(volume.geometry().depth);
    }

    // Blank slices (no image: a missing or unreadable file) are unknown, never "absent".
    for (auto& [key, pairs] : labelled)
        for (int z : document.noImageSlices(key)) pairs.setOrgans(z, 0);
    auto scope = parseScope(parser, index);
    if (scope.empty())
        for (const auto* day : index.days())
            if (day->usable && labelled.count(day->key)) scope.push_back(day->key);
    std::vector<gireview::CaseDayKey> checked;
    for (const auto& key : scope)
        if (labels.count(key) && labelled.count(key) && labelled.at(key).any())
            checked.push_back(key);
    if (checked.empty()) {
        printError("the labels cover none of the case-days asked for: nothing to check");
        return Failed;
    }
    const bool withImages = !parser.isSet("no-images");
    std::optional<gireview::DayPrefetcher> prefetch;
    if (withImages) {
        std::vector<gireview::DayEntry> days;
        for (const auto& key : checked)
            days.push_back(*index.findDay(key));
        prefetch.emplace(std::move(days));
    }
    nlohmann::json flags = nlohmann::json::array();
    std::map<gireview::QaKind, size_t> perKind;
    const bool quiet = parser.isSet("quiet");
    for (size_t i = 0; i < checked.size(); ++i) {
        if (interrupted) {
            std::fprintf(stderr, "\ninterrupted after %zu of %zu case-days: nothing was written\n",
                         i, checked.size());
            return Failed;
        }
        const auto key = checked[i];
        if (!quiet)
            std::fprintf(stderr, "\rqa %s (%zu/%zu)", gireview::formatCaseDayName(key).c_str(),
                         i + 1, checked.size());
        gireview::ScanVolume scan;
        if (prefetch) scan = prefetch->next();
        // The previous labelled day of the same case.
        const gireview::LabelVolume* previous = nullptr;
        const gireview::LabelledSlices* previousLabelled = nullptr;
        for (auto it = labels.find(key); it != labels.begin();) {
            --it;
            if (it->first.caseNo != key.caseNo) break;
            if (auto l = labelled.find(it->first); l != labelled.end() && l->second.any()) {
                previous = &it->second;
                previousLabelled = &l->second;
                break;
            }
        }
        gireview::QaDayInput input;
        input.labels = &labels.at(key);
        input.labelled = &labelled.at(key);
        input.scan = prefetch ? &scan : nullptr;
        input.previousDay = previous;
        input.previousLabelled = previousLabelled;
        for (const auto& flag : gireview::runQaChecks(input, thresholds)) {
            flags.push_back(flagJson(flag));
            ++perKind[flag.kind];
        }
    }
    if (!quiet) std::fprintf(stderr, "\n");
    nlohmann::json json;
    json["flags"] = flags;
    json["case_days"] = checked.size();
    json["images"] = withImages;
    for (const auto& field : gireview::qaThresholdFields())
        json["thresholds"][field.name] =
            field.whole ? nlohmann::json(static_cast<long long>(thresholds.*field.field))
                        : nlohmann::json(thresholds.*field.field);
    gireview::writeFileAtomically(target.path(), json.dump(1) + "\n");
    target.finish();
    std::fprintf(target.toStdout() ? stderr : stdout, "qa: %zu case-days, %zu flags",
                 checked.size(), flags.size());
    for (const auto& [kind, n] : perKind)
        std::fprintf(target.toStdout() ? stderr : stdout, ", %s %zu",
                     gireview::qaKindName(kind).data(), n);
    std::fprintf(target.toStdout() ? stderr : stdout, "%s\n",
                 withImages ? "" : " (outside_body skipped: --no-images)");
    return Ok;
}

} // namespace cli
