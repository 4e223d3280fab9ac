#pragma once
// Exact Euclidean distance transform (Felzenszwalb & Huttenlocher's separable lower envelope of
// parabolas) on a box of voxels with per-axis spacing: the distance from every voxel to the
// nearest feature voxel, in the units of the spacing.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gireview {

// `feature` is nx*ny*nz (x fastest). Returns squared distances; +inf where there is no feature.
// With `columnsNeeded` (nx*ny, x fastest), only the (x, y) columns marked non-zero are finished:
// the others hold intermediate values (callers that read a few columns skip the rest).
std::vector<double> squaredDistanceTransform(const std::vector<std::uint8_t>& feature, int nx, int ny, int nz,
                                             double spacingX, double spacingY, double spacingZ,
                                             const std::vector<std::uint8_t>* columnsNeeded = nullptr);

} // namespace gireview
