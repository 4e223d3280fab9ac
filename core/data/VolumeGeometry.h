#pragma once
// Size, spacing and orientation of a case-day volume. Index (column, row, slice) maps to ITK's
// LPS physical space through direction diag(1, 1, -1), spacing (SW, SH, 3.0) and origin 0:
// row 0 is anterior, column 0 the patient's right, slice 1 (index 0) the most superior.
#include <array>
#include <cstddef>

namespace gireview {

inline constexpr double kSliceThicknessMm = 3.0;

struct VolumeGeometry {
    int width = 0;  // columns (x)
    int height = 0; // rows (y)
    int depth = 0;  // slices (z), index 0 = slice 1
    double spacingX = 1.0, spacingY = 1.0, spacingZ = kSliceThicknessMm; // mm

    size_t sliceSize() const { return size_t(width) * size_t(height); }
    size_t voxelCount() const { return sliceSize() * size_t(depth); }
    size_t index(int x, int y, int z) const {
        return (size_t(z) * size_t(height) + size_t(y)) * size_t(width) + size_t(x);
    }
    bool sameGrid(const VolumeGeometry& other) const {
        return width == other.width && height == other.height && depth == other.depth;
    }
    // Physical LPS position (mm) of a voxel centre.
    std::array<double, 3> indexToLps(double x, double y, double z) const {
        return {x * spacingX, y * spacingY, -z * spacingZ};
    }
    static constexpr std::array<double, 9> direction() { return {1, 0, 0, 0, 1, 0, 0, 0, -1}; }
};

} // namespace gireview
