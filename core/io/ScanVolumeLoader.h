#pragma once
// Loads a whole case-day into one contiguous ScanVolume, decoding slices in parallel.
#include "io/DatasetIndex.h"
#include "data/ScanVolume.h"

#include <atomic>
#include <functional>

namespace gireview {

struct LoadOptions {
    int threads = 0; // 0: one per core
    // Called from worker threads with (slices done, total); keep it cheap and thread-safe.
    std::function<void(int, int)> progress;
    const std::atomic<bool>* cancel = nullptr; // set to stop; load() then throws LoadCancelled
};

struct LoadCancelled : std::exception {
    const char* what() const noexcept override { return "loading cancelled"; }
};

// Throws ImageError/IoError naming the file for colour images, truncated or corrupt files and
// sizes that disagree with the file name; GeometryError for a day that is not usable (mixed
// sizes). 8-bit grayscale slices load with a warning recorded on the volume; missing slice
// numbers stay black with a warning.
ScanVolume loadScanVolume(const DayEntry& day, const LoadOptions& options = {});

} // namespace gireview
