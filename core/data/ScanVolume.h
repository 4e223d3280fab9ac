#pragma once
// One case-day of MR slices as a contiguous uint16 volume (x fastest, then y, then z).
#include "data/LabelledSlices.h"
#include "data/Problem.h"
#include "data/SliceName.h"
#include "data/VolumeGeometry.h"
#include "data/VoxelBuffer.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace gireview {

// Stored voxel values to intensities: value = stored * slope + intercept (DICOM's Rescale Slope
// and Intercept). The voxels stay uint16 for every series: the Kaggle path, the display, the
// body histogram and the model read them as they are, at today's speed. A signed series (CT at
// intercept -1024) is stored offset by 32768 with the intercept lowered by 32768 * slope, and a
// non-integer or non-unit slope (nibabel's decimal_rescale.dcm: slope 2, intercept -4096) is
// kept as a double beside the voxels: every stored integer maps back to its intensity exactly
// (a double holds it and the decimal string's value), none is rounded into the voxels.
struct IntensityRescale {
    double slope = 1.0, intercept = 0.0;
    bool identity() const { return slope == 1.0 && intercept == 0.0; }
    double value(std::uint16_t stored) const { return double(stored) * slope + intercept; }
    // A signed series stored with the 32768 offset.
    static IntensityRescale forSignedStored(double slope, double intercept) {
        return {slope, intercept - 32768.0 * slope};
    }
    static std::uint16_t signedToStored(std::int16_t raw) { return std::uint16_t(int(raw) + 32768); }
};

class ScanVolume {
public:
    ScanVolume() = default;
    ScanVolume(CaseDayKey day, VolumeGeometry geometry);

    CaseDayKey day() const { return day_; }
    const VolumeGeometry& geometry() const { return geometry_; }
    std::uint16_t* data() { return voxels_.data(); }
    const std::uint16_t* data() const { return voxels_.data(); }
    std::uint16_t* slice(int z) { return voxels_.data() + geometry_.sliceSize() * size_t(z); }
    const std::uint16_t* slice(int z) const {
        return voxels_.data() + geometry_.sliceSize() * size_t(z);
    }
    std::uint16_t at(int x, int y, int z) const { return voxels_[geometry_.index(x, y, z)]; }
    bool empty() const { return voxels_.empty(); }

    // Slices without an image (no file, or one that could not be decoded): zero-filled and
    // *unknown*, never "organ absent": nothing is predicted, exported, trained or drawn there.
    // z is 0-based.
    bool sliceUsable(int z) const {
        return z >= 0 && z < geometry_.depth && (unusable_.empty() || !unusable_[size_t(z)]);
    }
    void markSliceUnusable(int z);
    std::vector<int> unusableSlices() const; // 0-based, ascending
    bool allSlicesUsable() const { return unusableSlices().empty(); }
    // Every organ of every usable slice: what a prediction of this scan can vouch for.
    LabelledSlices usablePairs() const;

    // What loading found (unusable slices and why, 8-bit copies), one problem each.
    const std::vector<Problem>& problems() const { return problems_; }
    void addProblem(Problem problem) { problems_.push_back(std::move(problem)); }

    // How the stored values become intensities; identity for the Kaggle PNGs.
    const IntensityRescale& rescale() const { return rescale_; }
    void setRescale(IntensityRescale rescale) { rescale_ = rescale; }
    double intensity(int x, int y, int z) const { return rescale_.value(at(x, y, z)); }

    // Intensity at the given percentile (0..100) over the whole volume, from a histogram.
    std::uint16_t percentile(double percent) const;

private:
    CaseDayKey day_;
    VolumeGeometry geometry_;
    VoxelBuffer<std::uint16_t> voxels_;
    std::vector<std::uint8_t> unusable_; // per slice; empty while every slice is usable
    std::vector<Problem> problems_;
    IntensityRescale rescale_;
};

} // namespace gireview
