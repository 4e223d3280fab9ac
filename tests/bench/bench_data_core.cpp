// Benchmarks of the data core: load_day, rle_decode, rle_encode, csv_read.
// Prints `name value unit`; a peer measured in the same run is `name.peer`, and `name.ratio`
// is ours-faster-than-peer (> 1 means we are faster). Peers run in-process in Python with the
// same inputs and thread count, after a warm-up.
#include "data/HeapTuning.h"
#include "BenchTiming.h"
#include "PeerRunner.h"
#include "io/AtomicFile.h"
#include "io/CsvReader.h"
#include "io/DatasetIndex.h"
#include "io/KaggleCsv.h"
#include "io/KaggleRle.h"
#include "data/ParallelFor.h"
#include "phantom/Phantom.h"
#include "io/ScanVolumeLoader.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

using namespace gireview;
namespace fs = std::filesystem;

namespace {



void printRatio(const std::string& name, double ours, const std::map<std::string, double>& peer,
                const std::string& unit, bool higherIsBetter) {
    auto found = peer.find(name + ".peer");
    if (found == peer.end()) {
        std::printf("# %s.peer unavailable (install the bench peers: scripts/setup.sh --bench)\n", name.c_str());
        return;
    }
    std::printf("%s.peer %.3f %s\n", name.c_str(), found->second, unit.c_str());
    std::printf("%s.ratio %.2f x\n", name.c_str(), higherIsBetter ? ours / found->second : found->second / ours);
}

std::string python() { return GIREVIEW_PYTHON; }
std::string peerScript(const char* name) { return std::string(GIREVIEW_BENCH_PEERS) + "/" + name; }

void benchLoadDay(const fs::path& work) {
    PhantomOptions options;
    options.cases = 1;
    options.daysPerCase = 1;
    options.seed = 99;
    writePhantomDataset((work / "phantom").string(), options);
    auto index = scanDataset((work / "phantom").string());
    const DayEntry& day = *index.days().front();
    const int threads = defaultThreadCount();
    for (int t : {threads, 1}) {
        LoadOptions load;
        load.threads = t;
        loadScanVolume(day, load); // warm-up (and page cache)
        loadScanVolume(day, load);
        std::vector<double> times;
        for (int i = 0; i < 15; ++i) {
            auto start = Clock::now();
            ScanVolume volume = loadScanVolume(day, load);
            times.push_back(msSince(start));
        }
        const std::string name = t == 1 ? "load_day.1thread" : "load_day";
        const double ours = median(times);
        std::printf("%s %.3f ms\n", name.c_str(), ours);
        if (t != 1) std::printf("load_day.threads %d threads\n", t);
        auto peer = runPeer(python() + " " + peerScript("load_day.py") + " " + fs::path(day.slices[0].path).parent_path().string() +
                            " " + std::to_string(t) + " 15");
        printRatio(name, ours, peer, "ms", false);
        std::fflush(stdout);
    }
}

struct MaskRow {
    int height, width;
    std::string rle;
};

// Real masks from ../shared/data/train_rows.csv when present, phantom masks otherwise.
std::vector<MaskRow> benchmarkMasks(const fs::path& work) {
    std::vector<MaskRow> masks;
    const fs::path shared = GIREVIEW_SHARED_DATA;
    if (fs::exists(shared / "train_rows.csv") && fs::exists(shared / "case_days.csv")) {
        std::map<CaseDayKey, std::pair<int, int>> sizes;
        CsvRecordReader days((shared / "case_days.csv").string());
        std::vector<std::string_view> f;
        days.next(f);
        while (days.next(f)) sizes[parseCaseDayName(f[0])] = {std::stoi(std::string(f[2])), std::stoi(std::string(f[1]))};
        KaggleCsvReader rows((shared / "train_rows.csv").string());
        KaggleCsvRow row;
        while (rows.next(row)) {
            if (row.rle.empty()) continue;
            auto [h, w] = sizes.at(parseSliceId(row.id).day);
            masks.push_back({h, w, std::string(row.rle)});
        }
        std::printf("# rle masks: %zu real non-empty masks from shared/data/train_rows.csv\n", masks.size());
    } else {
        PhantomOptions options;
        options.cases = 1;
        options.daysPerCase = 1;
        PhantomDay day = generatePhantomDay(options, 0, 0);
        const auto& g = day.labels.geometry();
        for (int z = 0; z < g.depth; ++z)
            for (Organ organ : kAllOrgans) {
                std::string rle = KaggleRle::encode(day.labels.slice(z), g.sliceSize(), organBit(organ));
                if (!rle.empty()) masks.push_back({g.height, g.width, rle});
            }
        std::printf("# rle masks: %zu phantom masks (shared/data absent)\n", masks.size());
    }
    std::ofstream tsv(work / "masks.tsv");
    for (const auto& m : masks) tsv << m.height << '\t' << m.width << '\t' << m.rle << '\n';
    return masks;
}

void benchRle(const fs::path& work) {
    auto masks = benchmarkMasks(work);
    // Decode: every byte of the mask written (zeros and ones), as the peer's output; like the
    // peer, each decoded mask is dropped before the next (one buffer, reused). Encode reads
    // masks decoded beforehand, as the peer does.
    std::vector<std::vector<std::uint8_t>> decoded(masks.size());
    for (size_t i = 0; i < masks.size(); ++i) {
        decoded[i].resize(size_t(masks[i].height) * masks[i].width);
        KaggleRle::decodeMask(masks[i].rle, decoded[i].data(), decoded[i].size());
    }
    std::vector<std::uint8_t> scratch(360 * 310);
    double bestDecode = 1e300, bestEncode = 1e300;
    size_t checksum = 0;
    for (int repeat = 0; repeat < 7; ++repeat) {
        auto start = Clock::now();
        for (size_t i = 0; i < masks.size(); ++i) {
            checksum += KaggleRle::decodeMask(masks[i].rle, scratch.data(), decoded[i].size());
        }
        bestDecode = std::min(bestDecode, msSince(start));
        start = Clock::now();
        for (size_t i = 0; i < masks.size(); ++i) {
            std::string rle = KaggleRle::encode(decoded[i].data(), decoded[i].size(), 1);
            checksum += rle.size();
        }
        bestEncode = std::min(bestEncode, msSince(start));
    }
    for (size_t i = 0; i < masks.size(); ++i)
        if (KaggleRle::encode(decoded[i].data(), decoded[i].size(), 1) != masks[i].rle) {
            std::fprintf(stderr, "rle round trip mismatch at mask %zu\n", i);
            std::exit(1);
        }
    const double decodeRate = double(masks.size()) / (bestDecode / 1000.0);
    const double encodeRate = double(masks.size()) / (bestEncode / 1000.0);
    auto peer = runPeer(python() + " " + peerScript("rle.py") + " " + (work / "masks.tsv").string() + " 5");
    std::printf("rle_decode %.1f masks/s\n", decodeRate);
    printRatio("rle_decode", decodeRate, peer, "masks/s", true);
    std::printf("rle_encode %.1f masks/s\n", encodeRate);
    printRatio("rle_encode", encodeRate, peer, "masks/s", true);
    std::fprintf(stderr, "(checksum %zu)\n", checksum);
    std::fflush(stdout);
}

// A train.csv of the full dataset's size (115,488 rows: 38,496 slices x 3 classes) made of
// phantom masks under 268 case-day ids, read into label volumes.
void benchCsvRead(const fs::path& work) {
    PhantomOptions options;
    options.cases = 4;
    options.daysPerCase = 1;
    options.seed = 5;
    std::vector<std::vector<std::array<std::string, 3>>> templates;
    for (int c = 0; c < options.cases; ++c) {
        PhantomDay day = generatePhantomDay(options, c, 0);
        const auto& g = day.labels.geometry();
        std::vector<std::array<std::string, 3>> rows(size_t(g.depth));
        for (int z = 0; z < g.depth; ++z)
            for (Organ organ : kAllOrgans)
                rows[size_t(z)][size_t(organIndex(organ))] = KaggleRle::encode(day.labels.slice(z), g.sliceSize(), organBit(organ));
        templates.push_back(std::move(rows));
    }
    const fs::path csvPath = work / "train_full.csv";
    std::map<CaseDayKey, VolumeGeometry> grids;
    {
        AtomicFileWriter out(csvPath.string(), false);
        std::string text = "id,class,segmentation\n";
        int slicesLeft = 38496;
        for (int d = 0; slicesLeft > 0; ++d) {
            const CaseDayKey key{d / 3 + 1, d % 3};
            const int depth = std::min(144, slicesLeft);
            VolumeGeometry g;
            g.width = g.height = 266;
            g.depth = depth;
            g.spacingX = g.spacingY = 1.5;
            grids[key] = g;
            const auto& rows = templates[size_t(d) % templates.size()];
            for (int z = 0; z < depth; ++z)
                for (Organ organ : kAllOrgans) {
                    text += formatSliceId(key, z + 1) + "," + std::string(organClassName(organ)) + "," +
                            rows[size_t(z)][size_t(organIndex(organ))] + "\n";
                }
            slicesLeft -= depth;
            out.write(text);
            text.clear();
        }
        out.commit();
    }
    std::printf("csv_read.file_mb %.1f MB\n", double(fs::file_size(csvPath)) / 1e6);
    // Parse only (streaming rows), best of 5.
    double bestParse = 1e300;
    size_t rows = 0;
    for (int repeat = 0; repeat < 5; ++repeat) {
        auto start = Clock::now();
        KaggleCsvReader reader(csvPath.string());
        KaggleCsvRow row;
        rows = 0;
        while (reader.next(row)) ++rows;
        bestParse = std::min(bestParse, msSince(start));
    }
    std::printf("csv_read.rows %zu rows\n", rows);
    std::printf("csv_read.parse %.3f s\n", bestParse / 1000.0);
    // Into label volumes (allocation, parsing, RLE decoding, validation), best of 3.
    double best = 1e300;
    for (int repeat = 0; repeat < 3; ++repeat) {
        auto start = Clock::now();
        auto result = importKaggleCsv(csvPath.string(), grids);
        best = std::min(best, msSince(start));
        if (!result.problems.empty() || result.rows != 115488) {
            std::fprintf(stderr, "csv_read: unexpected import result (%zu rows, %zu problems)\n", result.rows,
                         result.problems.size());
            std::exit(1);
        }
    }
    std::printf("csv_read %.3f s\n", best / 1000.0);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
    tuneHeapForDayLoading(); // as the window and the command line run
    const std::string only = argc > 1 ? argv[1] : "";
    fs::path work = fs::temp_directory_path() / ("gireview-bench-" + std::to_string(::getpid()));
    fs::create_directories(work);
    if (only.empty() || only == "load_day") benchLoadDay(work);
    if (only.empty() || only == "rle") benchRle(work);
    if (only.empty() || only == "csv_read") benchCsvRead(work);
    fs::remove_all(work);
    return 0;
}
