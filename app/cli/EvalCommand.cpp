// gireview-cli eval: the competition score and the clinical figures of a prediction.
#include "io/AtomicFile.h"
#include "CliCommon.h"
#include "io/DatasetIndex.h"
#include "io/KaggleCsv.h"
#include "io/LabelExchange.h"
#include "review/ReviewDocument.h"
#include "analysis/Metrics.h"

#include <QCommandLineParser>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

namespace cli {

namespace {

nlohmann::json number(double value) { return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr); }

} // namespace

int runEval(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Score a prediction against the truth: the competition score 0.4 x Dice + 0.6 x (1 - normalised 3D Hausdorff) "
        "with its Dice and Hausdorff terms, and per organ and case-day the Dice, the normalised Hausdorff score, the "
        "Hausdorff distance and its 95th percentile in mm, the mean surface distance in mm and the volumes in cc. "
        "The case-days scored are those the truth labels; only labelled (slice, organ) pairs count (a reviewed-only export "
        "and its sidecar, or --workspace: the corrections a reviewer vouched for), never an unlabelled one as absent.");
    parser.addOptions({
        {"data", "Dataset root, case or case-day folder (for the geometry).", "DIR"},
        {"truth", "Truth labels (train.csv form, COCO JSON or a NIfTI folder; their sidecar says what is labelled).", "FILE"},
        {"workspace", "Instead of --truth: the review workspace's corrections (over the labels file), where marked reviewed "
                      "or approved.", "FILE"},
        {"pred", "Prediction (submission form or train.csv form).", "CSV"},
        {"json", "Write the full report as JSON (- for standard output, the table then on stderr).", "FILE"},
        {"metric", "community (both-empty slices score Dice 1; default) or official (they are skipped).", "KIND", "community"},
        {"allow-missing", "Score (slice, class) pairs the prediction has no row for as empty masks, with a warning that counts "
                          "them (default: an error)."},
    });
    int exitCode = Ok;
    if (!parseOrExplain(parser, arguments, exitCode)) return exitCode;
    if (!parser.isSet("data") || parser.isSet("truth") == parser.isSet("workspace") || !parser.isSet("pred")) {
        printError("--data, --pred and one of --truth or --workspace are required");
        return BadUsage;
    }
    const QString metric = parser.value("metric");
    if (metric != "community" && metric != "official") {
        printError("--metric must be community or official");
        return BadUsage;
    }
    const auto convention = metric == "official" ? gireview::DiceConvention::Official : gireview::DiceConvention::Community;
    gireview::ScanOptions scanOptions;
    scanOptions.checkHeaders = false;
    std::optional<OutputTarget> jsonTarget;
    if (parser.isSet("json"))
        jsonTarget.emplace(toStd(parser.value("json")), gireview::OutputKind::File,
                           gireview::OutputRules{{toStd(parser.value("data")), toStd(parser.value("truth")), toStd(parser.value("pred")),
                                                  toStd(parser.value("workspace"))},
                                                 false},
                           true);
    gireview::ReviewDocument document(scanData(toStd(parser.value("data")), parser, scanOptions));
    const auto& index = document.index();
    auto pred = gireview::importKaggleCsv(toStd(parser.value("pred")), index.geometry());
    std::vector<gireview::Problem> problems = pred.problems;
    gireview::LabelMap truth;
    gireview::LabelledMap labelled;
    if (parser.isSet("truth")) {
        auto imported = gireview::importLabels(toStd(parser.value("truth")), index);
        problems.insert(problems.end(), imported.problems.begin(), imported.problems.end());
        truth = std::move(imported.volumes);
        labelled = std::move(imported.labelled);
    } else {
        if (!index.labelsFile.empty()) document.setLabelsFile(gireview::importLabels(index.labelsFile, index), index.labelsFile);
        document.openWorkspace(toStd(parser.value("workspace")));
        truth = document.correctedLabels();
        for (const auto* day : index.days())
            if (day->usable)
                if (auto vouched = document.vouchedPairs(day->key); vouched.any()) labelled.emplace(day->key, std::move(vouched));
    }
    bool failed = false;
    for (const auto& problem : problems) {
        std::fprintf(stderr, "%s\n", gireview::formatProblem(problem).c_str());
        failed = failed || problem.severity == gireview::Problem::Severity::Error;
    }
    if (failed) {
        printError("the labels have problems; nothing was scored");
        return Failed;
    }
    std::vector<gireview::CaseDayKey> days;
    bool complete = true;
    for (const auto& [day, pairs] : labelled)
        if (pairs.any()) {
            days.push_back(day);
            complete = complete && pairs.complete();
        }
    if (days.empty()) {
        printError("the truth labels nothing (no rows, or nothing marked reviewed): there is nothing to score against");
        return Failed;
    }
    // A prediction without a row for a labelled pair is not an empty mask: say so, or count them.
    size_t missing = 0;
    std::string firstMissing;
    for (const auto& day : days) {
        const auto& truthPairs = labelled.at(day);
        const auto rows = pred.rowsPresent.find(day);
        for (int z = 0; z < truthPairs.depth(); ++z)
            for (gireview::Organ organ : gireview::kAllOrgans)
                if (truthPairs.has(z, organ) && (rows == pred.rowsPresent.end() || !rows->second.has(z, organ))) {
                    if (!missing++)
                        firstMissing = gireview::formatSliceId(day, z + 1) + " " + std::string(gireview::organClassName(organ));
                }
    }
    if (missing && !parser.isSet("allow-missing")) {
        printError("the prediction has no row for " + std::to_string(missing) + " (slice, class) pair(s) the truth labels (first: " +
                   firstMissing + "); pass --allow-missing to score them as empty masks");
        return Failed;
    }
    if (missing)
        std::fprintf(stderr, "warning: %zu (slice, class) pair(s) the truth labels have no prediction row (first: %s); scored as empty\n",
                     missing, firstMissing.c_str());
    // Fully labelled truth scores exactly as before; partly labelled only where it is labelled.
    const auto report = gireview::evaluate(days, truth, pred.volumes, convention, complete ? nullptr : &labelled);

    std::printf("%-16s %-12s %7s %8s %8s %8s %8s %9s %9s\n", "case-day", "organ", "dice", "hd_score", "hd_mm", "hd95_mm",
                "msd_mm", "truth_cc", "pred_cc");
    nlohmann::json json;
    json["score"] = report.score;
    json["dice"] = report.dice;
    json["hausdorff_score"] = report.hausdorffScore;
    json["metric"] = toStd(metric);
    json["definition"] = "score = 0.4*Dice + 0.6*mean(1 - min(HD/diag, 1)); Dice per (slice, organ), HD per (case-day, organ) "
                         "over all foreground voxels in voxel units (slice depth 1), diag = sqrt(D^2+H^2+W^2)";
    for (const auto& day : report.days) {
        const std::string name = gireview::formatCaseDayName(day.day);
        for (gireview::Organ organ : gireview::kAllOrgans) {
            const auto& r = day.organs[size_t(gireview::organIndex(organ))];
            const std::string organName(gireview::organClassName(organ));
            if (!r.scored) {
                std::printf("%-16s %-12s not labelled in the truth: not scored\n", name.c_str(), organName.c_str());
                json["per_case_day"][name][organName] = {{"scored", false}, {"reason", "not labelled in the truth"}};
                continue;
            }
            std::printf("%-16s %-12s %7.4f %8.4f %8.2f %8.2f %8.2f %9.2f %9.2f\n", name.c_str(), organName.c_str(), r.dice,
                        r.hausdorffScore, r.surface.defined ? r.surface.hausdorffMm : NAN, r.surface.defined ? r.surface.hausdorff95Mm : NAN,
                        r.surface.defined ? r.surface.meanSurfaceMm : NAN, r.truthCc, r.predictionCc);
            json["per_case_day"][name][organName] = {
                {"dice", number(r.dice)},
                {"dice_slices", r.diceSlices},
                {"hausdorff_score", r.hausdorffScore},
                {"hausdorff_voxels", number(r.hausdorffVoxels)},
                {"hausdorff_mm", r.surface.defined ? number(r.surface.hausdorffMm) : nlohmann::json(nullptr)},
                {"hausdorff95_mm", r.surface.defined ? number(r.surface.hausdorff95Mm) : nlohmann::json(nullptr)},
                {"mean_surface_distance_mm", r.surface.defined ? number(r.surface.meanSurfaceMm) : nlohmann::json(nullptr)},
                {"surface_dice_1mm", number(r.surface.surfaceDice1mm)},
                {"surface_dice_2mm", number(r.surface.surfaceDice2mm)},
                {"apl_mm", number(r.aplMm)},
                {"truth_cc", r.truthCc},
                {"prediction_cc", r.predictionCc}};
        }
    }
    std::printf("\n%-12s %8s %9s\n", "organ", "dice", "hd_score");
    for (gireview::Organ organ : gireview::kAllOrgans) {
        const size_t o = size_t(gireview::organIndex(organ));
        std::printf("%-12s %8.4f %9.4f\n", std::string(gireview::organClassName(organ)).c_str(), report.organDice[o],
                    report.organHausdorffScore[o]);
        json["per_organ"][std::string(gireview::organClassName(organ))] = {{"dice", report.organDice[o]},
                                                                          {"hausdorff_score", report.organHausdorffScore[o]}};
    }
    std::printf("\nscore %.6f  (dice %.6f, hausdorff %.6f, %s metric, %zu case-days)\n", report.score, report.dice,
                report.hausdorffScore, toStd(metric).c_str(), report.days.size());
    if (jsonTarget) {
        gireview::writeFileAtomically(jsonTarget->path(), json.dump(1) + "\n");
        jsonTarget->finish();
    }
    return Ok;
}

} // namespace cli
