#pragma once
// Size, spacing and placement of a case-day volume. Index (column, row, slice) maps to ITK's LPS
// physical space as origin + direction * (column * SW, row * SH, slice * SZ). A Kaggle day has no
// placement of its own: origin 0 and direction diag(1, 1, -1) (row 0 anterior, column 0 the
// patient's right, slice 1 (index 0) the most superior), spacing (SW, SH, 3.0). A DICOM day takes
// its origin (the first slice's Image Position), its direction (the Image Orientation's row and
// column cosines and the slice normal, in the order the slices are sorted) and its spacing
// between slices from the positions.
#include <algorithm>
#include <array>
#include <cmath>
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
    // LPS position (mm) of voxel (0, 0, 0)'s centre.
    std::array<double, 3> origin{0, 0, 0};
    // Row-major 3x3: column j is index axis j (x, y, z) in LPS.
    std::array<double, 9> direction{1, 0, 0, 0, 1, 0, 0, 0, -1};

    bool sameGrid(const VolumeGeometry& other) const {
        return width == other.width && height == other.height && depth == other.depth;
    }
    // Same grid, spacing, origin and direction (within `toleranceMm` and 1e-4 per cosine).
    bool samePlacement(const VolumeGeometry& other, double toleranceMm = 1e-3) const;
    // Physical LPS position (mm) of a voxel centre.
    std::array<double, 3> indexToLps(double x, double y, double z) const {
        const double u = x * spacingX, v = y * spacingY, w = z * spacingZ;
        return {origin[0] + direction[0] * u + direction[1] * v + direction[2] * w,
                origin[1] + direction[3] * u + direction[4] * v + direction[5] * w,
                origin[2] + direction[6] * u + direction[7] * v + direction[8] * w};
    }
};

// 'R', 'L', 'A', 'P', 'S' or 'I': the patient direction nearest to an LPS vector (its largest
// component, with its sign); the views' orientation markers of an oblique series.
inline char nearestPatientDirection(const double lps[3]) {
    int axis = 0;
    for (int i = 1; i < 3; ++i)
        if (std::fabs(lps[i]) > std::fabs(lps[axis])) axis = i;
    static const char positive[] = {'L', 'P', 'S'}, negative[] = {'R', 'A', 'I'};
    return lps[axis] >= 0 ? positive[axis] : negative[axis];
}

// Angle (degrees) between a unit vector and the patient axis nearest to it: 0 for a series
// acquired straight axial, coronal or sagittal.
inline double obliquityDegrees(const double unit[3]) {
    double largest = 0;
    for (int i = 0; i < 3; ++i) largest = std::max(largest, std::fabs(unit[i]));
    return std::acos(std::min(1.0, largest)) * 180.0 / 3.14159265358979323846;
}

inline bool VolumeGeometry::samePlacement(const VolumeGeometry& other, double toleranceMm) const {
    const auto near = [](double a, double b, double tolerance) { return a - b <= tolerance && b - a <= tolerance; };
    if (!sameGrid(other) || !near(spacingX, other.spacingX, toleranceMm) || !near(spacingY, other.spacingY, toleranceMm) ||
        !near(spacingZ, other.spacingZ, toleranceMm))
        return false;
    for (size_t i = 0; i < 3; ++i)
        if (!near(origin[i], other.origin[i], toleranceMm)) return false;
    for (size_t i = 0; i < 9; ++i)
        if (!near(direction[i], other.direction[i], 1e-4)) return false;
    return true;
}

} // namespace gireview
