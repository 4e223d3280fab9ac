#include "data/LabelVolume.h"

#include <cstring>

namespace gireview {

LabelVolume::LabelVolume(CaseDayKey day, VolumeGeometry geometry)
    : day_(day), geometry_(geometry), bits_(geometry.voxelCount()) {}

void LabelVolume::set(int x, int y, int z, Organ organ, bool on) {
    auto& voxel = bits_[geometry_.index(x, y, z)];
    voxel = on ? std::uint8_t(voxel | organBit(organ)) : std::uint8_t(voxel & ~organBit(organ));
}

size_t LabelVolume::countOnSlice(int z, Organ organ) const {
    const std::uint8_t bit = organBit(organ);
    const std::uint8_t* p = slice(z);
    size_t n = 0;
    for (size_t i = 0; i < geometry_.sliceSize(); ++i) n += (p[i] & bit) != 0;
    return n;
}

size_t LabelVolume::count(Organ organ) const {
    const std::uint8_t bit = organBit(organ);
    size_t n = 0;
    for (std::uint8_t v : bits_) n += (v & bit) != 0;
    return n;
}

MaskBox LabelVolume::boxOnSlice(int z, Organ organ) const {
    MaskBox box{geometry_.width, geometry_.height, -1, -1};
    const std::uint8_t bit = organBit(organ);
    const std::uint8_t* p = slice(z);
    for (int y = 0; y < geometry_.height; ++y)
        for (int x = 0; x < geometry_.width; ++x)
            if (p[size_t(y) * geometry_.width + x] & bit) {
                box.minX = std::min(box.minX, x);
                box.maxX = std::max(box.maxX, x);
                box.minY = std::min(box.minY, y);
                box.maxY = std::max(box.maxY, y);
            }
    if (box.maxX < 0) return MaskBox{};
    return box;
}

VoxelBox VoxelBox::united(const VoxelBox& other) const {
    if (empty()) return other;
    if (other.empty()) return *this;
    return {std::min(x0, other.x0), std::min(y0, other.y0), std::min(z0, other.z0),
            std::max(x1, other.x1), std::max(y1, other.y1), std::max(z1, other.z1)};
}

namespace {

// OR of all bytes, eight at a time.
std::uint8_t orOfBytes(const std::uint8_t* bytes, size_t count) {
    std::uint64_t wide = 0;
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, bytes + i, 8);
        wide |= word;
    }
    for (; i < count; ++i) wide |= bytes[i];
    std::uint8_t any = 0;
    for (int shift = 0; shift < 64; shift += 8) any |= std::uint8_t(wide >> shift);
    return any;
}

} // namespace

VoxelBox LabelVolume::organBounds(Organ organ, int zBegin, int zEnd) const {
    const auto& g = geometry_;
    if (zEnd < 0) zEnd = g.depth;
    const std::uint8_t bit = organBit(organ);
    VoxelBox box{g.width, g.height, g.depth, -1, -1, -1};
    for (int z = zBegin; z < zEnd; ++z) {
        const std::uint8_t* s = slice(z);
        if (!(orOfBytes(s, g.sliceSize()) & bit)) continue;
        for (int y = 0; y < g.height; ++y) {
            const std::uint8_t* row = s + size_t(y) * size_t(g.width);
            if (!(orOfBytes(row, size_t(g.width)) & bit)) continue;
            int first = 0, last = g.width - 1;
            while (!(row[first] & bit)) ++first;
            while (!(row[last] & bit)) --last;
            box.x0 = std::min(box.x0, first), box.x1 = std::max(box.x1, last);
            box.y0 = std::min(box.y0, y), box.y1 = std::max(box.y1, y);
            box.z0 = std::min(box.z0, z), box.z1 = std::max(box.z1, z);
        }
    }
    return box.x1 < 0 ? VoxelBox{} : box;
}

void LabelVolume::clearOrgan(Organ organ) {
    const std::uint8_t keep = static_cast<std::uint8_t>(~organBit(organ));
    for (auto& v : bits_) v &= keep;
}

} // namespace gireview
