// qa: the QA checks before approval. qa_checks_day: the six checks of one 144x266x266 case-day
// (three organs, the scan for outside_body, the previous day for volume_change and swap), in
// process; qa_20_days: `gireview-cli qa` over a 20-case-day phantom dataset, end to end (index,
// train.csv, every scan decoded, the checks, the JSON), as a user runs it.
#include "BenchTiming.h"
#include "analysis/QaChecks.h"
#include "phantom/Phantom.h"

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
    fs::remove_all(work);
    return 0;
}
