#pragma once
// The display window of a scan from the body's intensities, not the whole volume's: MR slices
// are mostly air (near 0) and a day may hold padding or missing slices (all 0), which pull a
// whole-volume percentile window down until the body saturates. The body is every voxel at or
// above Otsu's threshold of the non-zero voxels of the slices that hold any signal.
#include "data/ScanVolume.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace gireview {

class BodyHistogram {
public:
    BodyHistogram() = default;
    static BodyHistogram ofVolume(const ScanVolume& scan);
    static BodyHistogram ofSlice(const ScanVolume& scan, int z);

    bool empty() const { return bodyVoxels_ == 0; }
    size_t bodyVoxels() const { return bodyVoxels_; }
    std::uint16_t bodyThreshold() const { return threshold_; }
    // Intensity at the percentile (0..100) of the body's voxels.
    double percentile(double percent) const;
    // The lowest and highest intensity of the slices with signal (the body and its background).
    std::uint16_t minimum() const { return minimum_; }
    std::uint16_t maximum() const { return maximum_; }

private:
    void add(const std::uint16_t* voxels, size_t count);
    void finish();
    std::vector<size_t> counts_;  // one bin per 16-bit value, every voxel of the slices with signal
    std::uint16_t threshold_ = 0; // the body starts here
    size_t bodyVoxels_ = 0;
    std::uint16_t minimum_ = 0, maximum_ = 0;
};

// The presets of the Display panel. Auto runs from just below the body threshold to the body's
// 99.5th percentile: at most 0.5 % of the body renders white and none black (MR intensities have
// no absolute scale: the body's own histogram is what travels between scanners).
enum class WindowPreset { Auto = 0, FullRange, SoftTissue, HighContrast };
inline constexpr std::array<WindowPreset, 4> kWindowPresets{
    WindowPreset::Auto, WindowPreset::FullRange, WindowPreset::SoftTissue,
    WindowPreset::HighContrast};
std::string_view windowPresetName(WindowPreset preset);

struct IntensityWindow {
    double low = 0, high = 1;
    double width() const { return high - low; }
    double level() const { return (high + low) / 2; }
};

// The preset's window over the histogram; never narrower than one intensity step.
IntensityWindow windowFor(const BodyHistogram& histogram, WindowPreset preset);

} // namespace gireview
