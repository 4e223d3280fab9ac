#include "io/ScanVolumeLoader.h"

#include <new>

#include "io/AtomicFile.h"
#include "io/DicomVolumeLoader.h"
#include "data/DataError.h"
#include "data/ParallelFor.h"
#include "io/PngCodec.h"

#include <memory>
#include <mutex>
#include <set>

namespace gireview {

std::optional<Problem> decodeSliceFile(GrayPngDecoder& decoder, const SliceEntry& slice,
                                       const VolumeGeometry& day, std::uint16_t* out) {
    try {
        if (slice.name.width != day.width || slice.name.height != day.height)
            return Problem{Problem::Severity::Error, slice.path,
                           "slice is " + std::to_string(slice.name.width) + "x" + std::to_string(slice.name.height) +
                               " but the day is " + std::to_string(day.width) + "x" + std::to_string(day.height)};
        const auto bytes = readFileBytes(slice.path);
        const PngHeader header =
            decoder.decode(bytes.data(), bytes.size(), out, day.sliceSize(), slice.path, day.width, day.height);
        if (header.bitDepth == 8)
            return Problem{Problem::Severity::Warning, slice.path,
                           "8-bit grayscale copy loaded; the original is 16-bit (reduced intensity resolution)"};
        return std::nullopt;
    } catch (const DataError& error) {
        std::fill_n(out, day.sliceSize(), std::uint16_t(0));
        return Problem{Problem::Severity::Error, slice.path, "unusable: " + error.problem()};
    }
}

ScanVolume loadScanVolume(const DayEntry& day, const LoadOptions& options) {
    if (day.dicom) return loadDicomScanVolume(day, options);
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
    // The index's problems of this day first: missing slices and files it could not read.
    for (const Problem& problem : day.problems) volume.addProblem(problem);
    for (int number : day.unusableSlices()) volume.markSliceUnusable(number - 1);
    const int threads = options.threads > 0 ? options.threads : defaultThreadCount();
    std::vector<std::unique_ptr<GrayPngDecoder>> decoders(size_t(std::max(1, threads)));
    for (auto& decoder : decoders) decoder = std::make_unique<GrayPngDecoder>();
    std::atomic<int> done{0};
    std::mutex problemMutex;
    std::vector<std::pair<int, Problem>> found; // (slice, problem): sorted afterwards
    const int total = int(day.slices.size());
    parallelFor(day.slices.size(), threads, [&](size_t i, int worker) {
        if (options.cancel && options.cancel->load()) throw LoadCancelled();
        const SliceEntry& entry = day.slices[i];
        if (!entry.unreadable && (options.onlySlice < 0 || entry.slice - 1 == options.onlySlice)) {
            auto problem = decodeSliceFile(*decoders[size_t(worker)], entry, day.geometry, volume.slice(entry.slice - 1));
            if (problem) {
                std::lock_guard<std::mutex> lock(problemMutex);
                found.emplace_back(entry.slice, std::move(*problem));
            }
        }
        int finished = ++done;
        if (options.progress) options.progress(finished, total);
    });
    // Workers finish in any order; keep reports reproducible.
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::set<std::string> listed; // a file the index named already (an 8-bit copy) is not named twice
    for (const Problem& problem : day.problems) listed.insert(problem.location);
    for (auto& [slice, problem] : found) {
        if (problem.severity == Problem::Severity::Error) volume.markSliceUnusable(slice - 1);
        if (problem.severity == Problem::Severity::Error || !listed.count(problem.location)) volume.addProblem(std::move(problem));
    }
    if (const auto blank = volume.unusableSlices(); !blank.empty() && options.onlySlice < 0)
        volume.addProblem({Problem::Severity::Warning, day.directory,
                           std::to_string(blank.size()) + " of " + std::to_string(day.geometry.depth) + " slices of " +
                               dayName + " have no usable image and are shown blank; nothing is predicted, drawn or "
                               "exported there"});
    return volume;
}

} // namespace gireview
