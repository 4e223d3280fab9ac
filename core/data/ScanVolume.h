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

    // Intensity at the given percentile (0..100) over the whole volume, from a histogram.
    std::uint16_t percentile(double percent) const;

private:
    CaseDayKey day_;
    VolumeGeometry geometry_;
    VoxelBuffer<std::uint16_t> voxels_;
    std::vector<std::uint8_t> unusable_; // per slice; empty while every slice is usable
    std::vector<Problem> problems_;
};

} // namespace gireview
