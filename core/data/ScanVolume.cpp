#include "data/ScanVolume.h"

#include <algorithm>

namespace gireview {

ScanVolume::ScanVolume(CaseDayKey day, VolumeGeometry geometry)
    : day_(day), geometry_(geometry), voxels_(geometry.voxelCount()) {}

void ScanVolume::markSliceUnusable(int z) {
    if (z < 0 || z >= geometry_.depth) return;
    if (unusable_.empty()) unusable_.assign(size_t(geometry_.depth), 0);
    unusable_[size_t(z)] = 1;
    std::fill_n(slice(z), geometry_.sliceSize(), std::uint16_t(0));
}

std::vector<int> ScanVolume::unusableSlices() const {
    std::vector<int> slices;
    for (size_t z = 0; z < unusable_.size(); ++z)
        if (unusable_[z]) slices.push_back(int(z));
    return slices;
}

LabelledSlices ScanVolume::usablePairs() const {
    LabelledSlices pairs = LabelledSlices::all(geometry_.depth);
    for (int z : unusableSlices()) pairs.setOrgans(z, 0);
    return pairs;
}

std::uint16_t ScanVolume::percentile(double percent) const {
    if (voxels_.empty()) return 0;
    std::vector<size_t> histogram(65536, 0);
    for (std::uint16_t value : voxels_) ++histogram[value];
    const double rank = std::clamp(percent, 0.0, 100.0) / 100.0 * double(voxels_.size() - 1);
    size_t seen = 0;
    for (size_t value = 0; value < histogram.size(); ++value) {
        seen += histogram[value];
        if (double(seen) > rank) return static_cast<std::uint16_t>(value);
    }
    return 65535;
}

} // namespace gireview
