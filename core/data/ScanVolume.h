#pragma once
// One case-day of MR slices as a contiguous uint16 volume (x fastest, then y, then z).
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

    // Problems that did not stop loading (e.g. an 8-bit copy of a slice), one line each.
    const std::vector<std::string>& warnings() const { return warnings_; }
    void addWarning(std::string warning) { warnings_.push_back(std::move(warning)); }
    void sortWarnings() { std::sort(warnings_.begin(), warnings_.end()); }

    // Intensity at the given percentile (0..100) over the whole volume, from a histogram.
    std::uint16_t percentile(double percent) const;

private:
    CaseDayKey day_;
    VolumeGeometry geometry_;
    VoxelBuffer<std::uint16_t> voxels_;
    std::vector<std::string> warnings_;
};

} // namespace gireview
