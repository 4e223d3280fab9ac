#pragma once
// Organ labels of one case-day: one byte per voxel, one bit per organ (organBit()), because the
// organs may overlap in the reference labels. Same grid as the ScanVolume it belongs to.
#include "data/Organ.h"
#include "data/SliceName.h"
#include "data/VolumeGeometry.h"
#include "data/VoxelBuffer.h"

#include <cstdint>
#include <vector>
#include <algorithm>

namespace gireview {

struct MaskBox {
    int minX = 0, minY = 0, maxX = -1, maxY = -1; // inclusive; empty when maxX < minX
    bool empty() const { return maxX < minX; }
};

// An inclusive 3D box of voxels; empty when x1 < x0.
struct VoxelBox {
    int x0 = 0, y0 = 0, z0 = 0, x1 = -1, y1 = -1, z1 = -1;
    bool empty() const { return x1 < x0; }
    int nx() const { return x1 - x0 + 1; }
    int ny() const { return y1 - y0 + 1; }
    int nz() const { return z1 - z0 + 1; }
    // The smallest box holding both (an empty box adds nothing).
    VoxelBox united(const VoxelBox& other) const;
};

class LabelVolume {
public:
    LabelVolume() = default;
    LabelVolume(CaseDayKey day, VolumeGeometry geometry);

    CaseDayKey day() const { return day_; }
    const VolumeGeometry& geometry() const { return geometry_; }
    std::uint8_t* data() { return bits_.data(); }
    const std::uint8_t* data() const { return bits_.data(); }
    std::uint8_t* slice(int z) { return bits_.data() + geometry_.sliceSize() * size_t(z); }
    const std::uint8_t* slice(int z) const {
        return bits_.data() + geometry_.sliceSize() * size_t(z);
    }
    bool has(int x, int y, int z, Organ organ) const {
        return bits_[geometry_.index(x, y, z)] & organBit(organ);
    }
    void set(int x, int y, int z, Organ organ, bool on);
    bool empty() const { return bits_.empty(); }

    size_t countOnSlice(int z, Organ organ) const;
    size_t count(Organ organ) const;
    MaskBox boxOnSlice(int z, Organ organ) const;
    // The organ's bounding box over slices [zBegin, zEnd) (zEnd < 0: to the last slice). Fast:
    // slices and rows without the organ are skipped eight bytes at a time.
    VoxelBox organBounds(Organ organ, int zBegin = 0, int zEnd = -1) const;
    void clearOrgan(Organ organ);

    friend bool operator==(const LabelVolume& a, const LabelVolume& b) {
        return a.day_ == b.day_ && a.geometry_.sameGrid(b.geometry_) && a.bits_ == b.bits_;
    }

private:
    CaseDayKey day_;
    VolumeGeometry geometry_;
    VoxelBuffer<std::uint8_t> bits_;
};

} // namespace gireview
