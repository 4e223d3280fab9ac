#include "LabelVolume.h"

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

void LabelVolume::clearOrgan(Organ organ) {
    const std::uint8_t keep = static_cast<std::uint8_t>(~organBit(organ));
    for (auto& v : bits_) v &= keep;
}

} // namespace gireview
