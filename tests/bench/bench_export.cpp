// Export benchmarks: export_<format> seconds for a 20-case phantom dataset (one day per case),
// and coco_rle_encode / coco_rle_decode masks per second on its masks.
#include "io/CocoRle.h"
#include "io/DatasetIndex.h"
#include "io/KaggleCsv.h"
#include "io/LabelExchange.h"
#include "phantom/Phantom.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

using namespace gireview;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {
double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }
} // namespace

int main() {
    const fs::path work = fs::temp_directory_path() / ("gireview-bench-export-" + std::to_string(::getpid()));
    fs::create_directories(work);
    PhantomOptions options;
    options.cases = 20;
    options.daysPerCase = 1;
    options.seed = 42;
    auto start = Clock::now();
    writePhantomDataset((work / "data").string(), options);
    std::printf("# phantom: 20 case-days written in %.1f s\n", secondsSince(start));
    auto index = scanDataset((work / "data").string());
    auto labels = importKaggleCsv(index.labelsFile, index.geometry());
    struct Target {
        const char* name;
        LabelFormat format;
        CocoSegmentation coco;
        const char* out;
    };
    const Target targets[] = {{"export_csv", LabelFormat::TrainCsv, CocoSegmentation::CompressedRle, "labels.csv"},
                              {"export_submission", LabelFormat::SubmissionCsv, CocoSegmentation::CompressedRle, "sub.csv"},
                              {"export_coco", LabelFormat::Coco, CocoSegmentation::CompressedRle, "labels.json"},
                              {"export_coco_polygons", LabelFormat::Coco, CocoSegmentation::Polygons, "polygons.json"},
                              {"export_nifti", LabelFormat::Nifti, CocoSegmentation::CompressedRle, "nifti"}};
    for (const Target& target : targets) {
        ExportOptions export_;
        export_.format = target.format;
        export_.coco.segmentation = target.coco;
        double best = 1e300;
        for (int repeat = 0; repeat < 2; ++repeat) {
            auto t = Clock::now();
            exportLabels(index, labels.volumes, (work / target.out).string(), export_);
            best = std::min(best, secondsSince(t));
        }
        std::printf("%s %.3f s\n", target.name, best);
        std::fflush(stdout);
    }
    // COCO RLE on every non-empty organ mask of the dataset.
    std::vector<std::pair<const std::uint8_t*, VolumeGeometry>> planes;
    std::vector<std::uint8_t> bits;
    for (const auto& [key, volume] : labels.volumes)
        for (int z = 0; z < volume.geometry().depth; ++z)
            for (Organ organ : kAllOrgans)
                if (volume.countOnSlice(z, organ)) {
                    planes.push_back({volume.slice(z), volume.geometry()});
                    bits.push_back(organBit(organ));
                }
    std::vector<CocoRle> encoded(planes.size());
    double bestEncode = 1e300, bestDecode = 1e300;
    std::vector<std::uint8_t> scratch(266 * 266);
    for (int repeat = 0; repeat < 5; ++repeat) {
        auto t = Clock::now();
        for (size_t i = 0; i < planes.size(); ++i)
            encoded[i] = coco::encode(planes[i].first, planes[i].second.height, planes[i].second.width, bits[i]);
        bestEncode = std::min(bestEncode, secondsSince(t));
        t = Clock::now();
        for (size_t i = 0; i < planes.size(); ++i) {
            std::fill(scratch.begin(), scratch.end(), std::uint8_t(0));
            coco::decodeInto(encoded[i], scratch.data(), 1);
        }
        bestDecode = std::min(bestDecode, secondsSince(t));
    }
    std::printf("coco_rle_encode %.0f masks/s\n", double(planes.size()) / bestEncode);
    std::printf("coco_rle_decode %.0f masks/s\n", double(planes.size()) / bestDecode);
    fs::remove_all(work);
    return 0;
}
