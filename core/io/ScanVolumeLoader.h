#pragma once
// Loads a whole case-day into one contiguous ScanVolume, decoding slices in parallel.
#include "io/DatasetIndex.h"
#include "data/ScanVolume.h"
#include "io/PngCodec.h"

#include <atomic>
#include <functional>
#include <optional>

namespace gireview {

struct LoadOptions {
    int threads = 0; // 0: one per core
    // Called from worker threads with (slices done, total); keep it cheap and thread-safe.
    std::function<void(int, int)> progress;
    const std::atomic<bool>* cancel = nullptr; // set to stop; load() then throws LoadCancelled
    // A first look: decode only this slice (0-based), the others stay zero and are not listed as
    // problems; -1 decodes the day.
    int onlySlice = -1;
};

struct LoadCancelled : std::exception {
    const char* what() const noexcept override { return "loading cancelled"; }
};

// Decodes one slice file of a day into `out` (the day's width x height pixels). The problem
// that makes it unusable (unreadable, cut short, corrupt, colour, another size: severity Error,
// `out` zeroed) or worth knowing (an 8-bit copy: Warning); nullopt when it is fine. The one check
// behind `validate` and the loader, so both name a damaged slice the same way.
std::optional<Problem> decodeSliceFile(GrayPngDecoder& decoder, const SliceEntry& slice,
                                       const VolumeGeometry& day, std::uint16_t* out);

// Throws GeometryError for a day that cannot be one volume (no slices, mixed sizes). A slice that
// is missing, or that the index or decodeSliceFile finds unusable, is left blank and marked
// unusable on the volume, with its problem listed once in ScanVolume::problems() (the index's
// problems of the day first); one damaged file never refuses the day.
ScanVolume loadScanVolume(const DayEntry& day, const LoadOptions& options = {});

} // namespace gireview
