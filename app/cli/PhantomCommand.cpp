// gireview-cli phantom: writes the synthetic phantom dataset and reports how it measures up
// against the real data's statistics and how badly a single intensity threshold segments it.
#include "CliCommon.h"
#include "analysis/LabelStatistics.h"
#include "phantom/Phantom.h"

#include <QCommandLineParser>
#include <array>
#include <filesystem>
#include <cstdio>

namespace cli {

int runPhantom(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Write a synthetic abdominal MR phantom in the Kaggle layout: "
        "OUT/train/caseN/caseN_dayM/scans/slice_*.png (16-bit) and OUT/train.csv.");
    parser.addOptions({
        {"out", "Output folder (created if missing). An existing dataset there is refused unless --force.", "DIR"},
        {"force", "Replace an existing dataset at --out (its train.csv and case-day folders are removed first; says which)."},
        {"cases", "Number of cases (default 2).", "N", "2"},
        {"days", "Days per case (default 2).", "M", "2"},
        {"seed", "Random seed; the same seed gives the same dataset (default 1).", "S", "1"},
        {"size", "Slice format: 266 (266x266, 1.50 mm, 144 slices; default), 360x310 "
                 "(1.50 mm, 144), 276 (1.63 mm, 80) or 234 (1.50 mm, 144).", "FORMAT", "266"},
        {"first-case", "Number of the first case (default 1).", "K", "1"},
        {"quiet", "Print only the summary."},
    });
    int exitCode = Ok;
    if (!parseOrExplain(parser, arguments, exitCode)) return exitCode;
    if (!parser.isSet("out")) {
        printError("--out DIR is required");
        return BadUsage;
    }
    gireview::PhantomOptions options;
    int seed = 1;
    // Bounded so that a typo cannot ask for a disk's worth of slices.
    if (!readInt(parser, "cases", 1, 500, options.cases) || !readInt(parser, "days", 1, 50, options.daysPerCase) ||
        !readInt(parser, "seed", 0, 2147483647, seed) || !readInt(parser, "first-case", 0, 100000, options.firstCaseNumber))
        return BadUsage;
    options.seed = std::uint64_t(seed);
    try {
        options.format = gireview::phantomFormat(toStd(parser.value("size")));
    } catch (const std::invalid_argument& error) {
        printError(error.what());
        return BadUsage;
    }
    const std::string out = toStd(parser.value("out"));
    gireview::OutputRules rules;
    rules.force = parser.isSet("force");
    gireview::checkOutputPath(out, gireview::OutputKind::Dataset, rules);
    if (const std::string existing = gireview::describeExistingDataset(out); !existing.empty()) {
        // Forced: the old dataset goes as a whole, never mixed with the new days.
        std::fprintf(stderr, "--force: replacing the dataset in %s (%s)\n", out.c_str(), existing.c_str());
        std::error_code error;
        for (const char* part : {"train.csv", "train", "test", "phantom.json"}) std::filesystem::remove_all(std::filesystem::path(out) / part, error);
    }
    const bool quiet = parser.isSet("quiet");
    std::array<double, gireview::kOrganCount> worstDice{};
    std::array<std::vector<double>, gireview::kOrganCount> fractions;
    std::array<std::vector<size_t>, gireview::kOrganCount> areas;
    auto report = gireview::writePhantomDataset(
        out, options, [&](const gireview::PhantomDay& day, int done, int total) {
            auto stats = gireview::computeDayStatistics(day.labels);
            for (gireview::Organ organ : gireview::kAllOrgans) {
                const int o = gireview::organIndex(organ);
                auto best = gireview::bestThresholdDice(day.scan, day.labels, organ);
                worstDice[size_t(o)] = std::max(worstDice[size_t(o)], best.dice);
                fractions[size_t(o)].push_back(stats.organs[size_t(o)].sliceFraction(stats.depth));
                auto& a = stats.organs[size_t(o)].areas;
                areas[size_t(o)].insert(areas[size_t(o)].end(), a.begin(), a.end());
            }
            if (!quiet)
                std::fprintf(stderr, "\r[%d/%d] %s", done, total,
                             gireview::formatCaseDayName(day.scan.day()).c_str());
            return true;
        });
    if (!quiet) std::fprintf(stderr, "\n");
    std::printf("Wrote %zu case-days, %zu slices, and %s\n", report.days.size(), report.slices,
                report.trainCsv.c_str());
    std::printf("%-12s %-22s %-28s %s\n", "organ", "slice share min-max", "area px p10/median/p90",
                "best threshold Dice (max over days)");
    for (gireview::Organ organ : gireview::kAllOrgans) {
        const size_t o = size_t(gireview::organIndex(organ));
        auto [lo, hi] = std::minmax_element(fractions[o].begin(), fractions[o].end());
        std::printf("%-12s %.2f-%.2f %13s %5.0f/%5.0f/%5.0f %15s %.3f\n",
                    std::string(gireview::organClassName(organ)).c_str(), *lo, *hi, "",
                    gireview::percentileOf(areas[o], 10), gireview::percentileOf(areas[o], 50),
                    gireview::percentileOf(areas[o], 90), "", worstDice[o]);
    }
    return Ok;
}

} // namespace cli
