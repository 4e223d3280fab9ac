#include "io/ScanVolumeLoader.h"

#include <new>

#include "io/AtomicFile.h"
#include "data/DataError.h"
#include "data/ParallelFor.h"
#include "io/PngCodec.h"

#include <memory>
#include <mutex>

namespace gireview {

ScanVolume loadScanVolume(const DayEntry& day, const LoadOptions& options) {
    const std::string dayName = formatCaseDayName(day.key);
    if (!day.usable || day.slices.empty())
        throw GeometryError("case-day cannot be loaded as one volume (no slices, or mixed sizes "
                            "or spacings; see the dataset report)",
                            ErrorContext{day.directory, dayName, {}, 0, {}});
    ScanVolume volume = [&] {
        try {
            return ScanVolume(day.key, day.geometry);
        } catch (const std::bad_alloc&) {
            throw IoError("not enough memory for " + dayName + " (" + std::to_string(day.geometry.width) + "x" +
                              std::to_string(day.geometry.height) + "x" + std::to_string(day.geometry.depth) + " voxels)",
                          ErrorContext{day.directory, dayName, {}, 0, {}});
        }
    }();
    const int threads = options.threads > 0 ? options.threads : defaultThreadCount();
    std::vector<std::unique_ptr<GrayPngDecoder>> decoders(size_t(std::max(1, threads)));
    for (auto& decoder : decoders) decoder = std::make_unique<GrayPngDecoder>();
    std::atomic<int> done{0};
    std::mutex warningMutex;
    const int total = int(day.slices.size());
    parallelFor(day.slices.size(), threads, [&](size_t i, int worker) {
        if (options.cancel && options.cancel->load()) throw LoadCancelled();
        const SliceEntry& entry = day.slices[i];
        if (entry.name.width != day.geometry.width || entry.name.height != day.geometry.height)
            throw ImageError("slice size differs from the rest of the day",
                             ErrorContext{entry.path, {}, {}, 0, {}});
        auto bytes = readFileBytes(entry.path);
        PngHeader header = decoders[size_t(worker)]->decode(
            bytes.data(), bytes.size(), volume.slice(entry.slice - 1), day.geometry.sliceSize(),
            entry.path, entry.name.width, entry.name.height);
        if (header.bitDepth == 8) {
            std::lock_guard<std::mutex> lock(warningMutex);
            volume.addWarning(entry.path + ": 8-bit grayscale copy loaded; the original is 16-bit");
        }
        int finished = ++done;
        if (options.progress) options.progress(finished, total);
    });
    volume.sortWarnings(); // workers finish in any order; keep reports reproducible
    if (!day.missingSlices.empty())
        volume.addWarning(dayName + ": " + std::to_string(day.missingSlices.size()) +
                          " missing slice(s) left black");
    return volume;
}

} // namespace gireview
