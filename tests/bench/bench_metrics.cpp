// hausdorff: exact 3D Hausdorff distance of one organ of one 144x266x266 case-day (a phantom day
// against the next day of the same case), against scipy's cKDTree in Python, single-threaded
// on both sides. Also evaluate_day: the whole metric for one case-day (three organs).
#include "BenchTiming.h"
#include "PeerRunner.h"
#include "analysis/Metrics.h"
#include "phantom/Phantom.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <unistd.h>
#include <vector>

using namespace gireview;
namespace fs = std::filesystem;

namespace {


void writeMask(const fs::path& path, const LabelVolume& labels, Organ organ) {
    std::vector<char> bytes(labels.geometry().voxelCount());
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = (labels.data()[i] & organBit(organ)) ? 1 : 0;
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

} // namespace

int main() {
    PhantomOptions options;
    options.cases = 1;
    options.daysPerCase = 2;
    options.seed = 77;
    PhantomDay truth = generatePhantomDay(options, 0, 0);
    PhantomDay pred = generatePhantomDay(options, 0, 1);
    // Compare the two days on the same grid and key, as a prediction would be.
    LabelVolume predicted(truth.labels.day(), truth.labels.geometry());
    std::memcpy(predicted.data(), pred.labels.data(), truth.labels.geometry().voxelCount());
    const Organ organ = Organ::SmallBowel;
    hausdorffDistance(truth.labels, predicted, organ, 1, 1, 1); // warm-up
    std::vector<double> times;
    double value = 0;
    for (int i = 0; i < 7; ++i) {
        auto start = Clock::now();
        value = hausdorffDistance(truth.labels, predicted, organ, 1, 1, 1);
        times.push_back(msSince(start));
    }
    std::sort(times.begin(), times.end());
    const double ours = times[times.size() / 2];
    std::printf("hausdorff %.3f ms\n", ours);
    std::printf("hausdorff.value %.9f voxels\n", value);

    const fs::path work = fs::temp_directory_path() / ("gireview-bench-hd-" + std::to_string(::getpid()));
    fs::create_directories(work);
    writeMask(work / "a.raw", truth.labels, organ);
    writeMask(work / "b.raw", predicted, organ);
    const auto& g = truth.labels.geometry();
    const std::string command = std::string(GIREVIEW_PYTHON) + " " + GIREVIEW_BENCH_PEERS + "/hausdorff.py " + (work / "a.raw").string() +
                                " " + (work / "b.raw").string() + " " + std::to_string(g.depth) + " " + std::to_string(g.height) + " " +
                                std::to_string(g.width) + " 3";
    std::map<std::string, double> peer = runPeer(command);
    if (peer.count("hausdorff.peer")) {
        std::printf("hausdorff.peer %.3f ms\n", peer["hausdorff.peer"]);
        std::printf("hausdorff.value.peer %.9f voxels\n", peer["hausdorff.value.peer"]);
        std::printf("hausdorff.ratio %.2f x\n", peer["hausdorff.peer"] / ours);
        std::printf("# hausdorff values %s\n", std::abs(peer["hausdorff.value.peer"] - value) < 1e-6 ? "identical" : "DIFFER");
    } else {
        std::printf("# hausdorff.peer unavailable (python3-scipy missing?)\n");
    }
    fs::remove_all(work);

    auto start = Clock::now();
    evaluate({truth.labels.day()}, {{truth.labels.day(), truth.labels}}, {{truth.labels.day(), predicted}});
    std::printf("evaluate_day %.1f ms\n", msSince(start));
    return 0;
}
