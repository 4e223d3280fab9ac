// qa: the QA checks before approval. qa_checks_day: the six checks of one 144x266x266 case-day
// (three organs, the scan for outside_body, the previous day for volume_change and swap), in
// process; qa_20_days: `gireview-cli qa` over a 20-case-day phantom dataset, end to end (index,
// train.csv, every scan decoded, the checks, the JSON), as a user runs it. effort: a full
// workspace over the same 20 days, each day's prediction layer the truth with every ninth slice
// of each organ missing and the truth approved over it: effort_approve (one approval: the
// correction measured and stored with it) and effort_workspace (`gireview-cli effort` over the
// 60 approved organ-days, end to end).
#include "BenchTiming.h"
#include "analysis/QaChecks.h"
#include "io/LabelExchange.h"
#include "phantom/Phantom.h"
#include "review/ReviewDocument.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <unistd.h>
#include <vector>

using namespace gireview;
namespace fs = std::filesystem;

int main() {
    const fs::path work =
        fs::temp_directory_path() / ("gireview-bench-qa-" + std::to_string(::getpid()));
    PhantomOptions options;
    options.cases = 5;
    options.daysPerCase = 4;
    options.seed = 4242;
    std::vector<double> perDay;
    std::optional<LabelVolume> previous;
    size_t flags = 0;
    writePhantomDataset(work.string(), options, [&](const PhantomDay& day, int, int) {
        if (previous && previous->day().caseNo != day.labels.day().caseNo) previous.reset();
        QaDayInput input;
        input.labels = &day.labels;
        input.scan = &day.scan;
        input.previousDay = previous ? &*previous : nullptr;
        runQaChecks(input); // warm-up
        const auto start = Clock::now();
        flags += runQaChecks(input).size();
        perDay.push_back(msSince(start));
        previous = day.labels;
        return true;
    });
    std::printf("qa_checks_day %.1f ms\n", median(perDay));
    std::printf("# qa on clean phantom truth: %zu flags over %zu case-days\n", flags,
                perDay.size());
    const std::string command = std::string(GIREVIEW_CLI) + " qa --quiet --data " + work.string() +
                                " --json " + (work / "qa.json").string() + " > /dev/null";
    if (std::system(command.c_str()) != 0) return 1; // warm-up (page cache), as for every peer
    std::vector<double> runs;
    for (int i = 0; i < 3; ++i) {
        const auto start = Clock::now();
        if (std::system(command.c_str()) != 0) return 1;
        runs.push_back(msSince(start));
    }
    std::printf("qa_20_days %.0f ms\n", median(runs));
    std::printf("qa_20_days.per_day %.1f ms\n", median(runs) / double(perDay.size()));

    const std::string workspacePath = (work / "effort.sqlite").string();
    {
        ReviewDocument document(scanDataset(work.string()));
        auto imported = importLabels((work / "train.csv").string(), document.index());
        const LabelMap truth = imported.volumes;
        document.setLabelsFile(std::move(imported), (work / "train.csv").string());
        document.openWorkspace(workspacePath);
        for (const auto& [key, labels] : truth) {
            auto prediction = std::make_shared<LabelVolume>(labels);
            const size_t plane = labels.geometry().sliceSize();
            for (int z = 0; z < labels.geometry().depth; z += 9)
                std::fill(prediction->slice(z), prediction->slice(z) + plane, std::uint8_t(0));
            document.setPrediction(prediction, "{}", false);
        }
        std::vector<double> approvals;
        for (const auto& [key, labels] : truth)
            for (Organ organ : kAllOrgans) {
                const auto start = Clock::now();
                document.approve(key, organ, "bench");
                approvals.push_back(msSince(start));
            }
        std::printf("effort_approve %.1f ms\n", median(approvals));
        std::printf("# effort: %zu organ-days approved\n", approvals.size());
    }
    const std::string effort = std::string(GIREVIEW_CLI) + " effort --data " + work.string() +
                               " --workspace " + workspacePath + " --json " +
                               (work / "effort.json").string() + " > /dev/null";
    if (std::system(effort.c_str()) != 0) return 1; // warm-up
    runs.clear();
    for (int i = 0; i < 3; ++i) {
        const auto start = Clock::now();
        if (std::system(effort.c_str()) != 0) return 1;
        runs.push_back(msSince(start));
    }
    std::printf("effort_workspace %.0f ms\n", median(runs));
    fs::remove_all(work);
    return 0;
}
