#pragma once
// The three orthogonal planes and how a 2D view of each is laid out on screen, following the
// orientation of the design notes (row 0 anterior, column 0 the patient's right, slice 1
// superior). Screen column u runs left to right, screen row v top to bottom:
//   axial    u = column (R..L), v = row (A..P),     fixed slice z
//   coronal  u = column (R..L), v = slice (S..I),   fixed row y
//   sagittal u = row (A..P),    v = slice (S..I),   fixed column x
#include "data/LabelVolume.h"
#include "data/ScanVolume.h"

#include <array>
#include <cstdint>
#include <vector>

namespace gireview {

enum class ViewPlane { Axial = 0, Coronal = 1, Sagittal = 2 };

struct PlaneLayout {
    int width = 0, height = 0;           // u and v extents in pixels
    double spacingU = 1, spacingV = 1;   // mm per pixel along u and v
    int sliceCount = 0;                  // positions along the plane's normal
    std::array<char, 4> markers{};       // letters at left, right, top, bottom
    // The anatomical plane the pane shows, by its normal's nearest patient axis: a coronal
    // DICOM series' first pane shows "Coronal" slices, whatever pane it is.
    const char* name = "";
};

PlaneLayout planeLayout(ViewPlane plane, const VolumeGeometry& geometry);
// Index along the normal of `plane` of a voxel (x, y, z).
int planeIndexOf(ViewPlane plane, int x, int y, int z);
// Voxel of screen pixel (u, v) on slice `index` of `plane`.
std::array<int, 3> planeToVoxel(ViewPlane plane, int u, int v, int index);

// Copies the 2D slice of `plane` at `index` into `out` (width*height, row v = screen row).
void extractPlane(const ScanVolume& scan, ViewPlane plane, int index, std::vector<std::uint16_t>& out);
void extractPlane(const LabelVolume& labels, ViewPlane plane, int index, std::vector<std::uint8_t>& out);

} // namespace gireview
