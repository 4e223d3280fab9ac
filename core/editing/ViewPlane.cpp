#include "editing/ViewPlane.h"

namespace gireview {

namespace {

// Letters at the start and the end of voxel axis `axis` (0 = i, 1 = j, 2 = k): the patient
// directions nearest to it, so an oblique series (shown in its voxel planes, as ITK-SNAP does)
// is marked by the anatomical direction it is closest to. A Kaggle day: i R..L, j A..P, k S..I.
std::array<char, 2> axisEnds(const VolumeGeometry& g, int axis) {
    const double towards[3] = {g.direction[size_t(axis)], g.direction[size_t(3 + axis)], g.direction[size_t(6 + axis)]};
    const double away[3] = {-towards[0], -towards[1], -towards[2]};
    return {nearestPatientDirection(away), nearestPatientDirection(towards)};
}

} // namespace

PlaneLayout planeLayout(ViewPlane plane, const VolumeGeometry& g) {
    PlaneLayout layout;
    // Screen u and v run along these voxel axes.
    int u = 0, v = 1;
    switch (plane) {
    case ViewPlane::Axial:
        layout = {g.width, g.height, g.spacingX, g.spacingY, g.depth, {}};
        break;
    case ViewPlane::Coronal:
        layout = {g.width, g.depth, g.spacingX, g.spacingZ, g.height, {}};
        v = 2;
        break;
    case ViewPlane::Sagittal:
        layout = {g.height, g.depth, g.spacingY, g.spacingZ, g.width, {}};
        u = 1;
        v = 2;
        break;
    }
    const auto uEnds = axisEnds(g, u), vEnds = axisEnds(g, v);
    layout.markers = {uEnds[0], uEnds[1], vEnds[0], vEnds[1]};
    const int normal = 3 - u - v;
    switch (axisEnds(g, normal)[1]) {
    case 'S':
    case 'I': layout.name = "Axial"; break;
    case 'A':
    case 'P': layout.name = "Coronal"; break;
    default: layout.name = "Sagittal"; break;
    }
    return layout;
}

int planeIndexOf(ViewPlane plane, int x, int y, int z) {
    return plane == ViewPlane::Axial ? z : plane == ViewPlane::Coronal ? y : x;
}

std::array<int, 3> planeToVoxel(ViewPlane plane, int u, int v, int index) {
    switch (plane) {
    case ViewPlane::Axial: return {u, v, index};
    case ViewPlane::Coronal: return {u, index, v};
    case ViewPlane::Sagittal: return {index, u, v};
    }
    return {0, 0, 0};
}

namespace {

template <typename T>
void extract(const T* voxels, const VolumeGeometry& g, ViewPlane plane, int index, std::vector<T>& out) {
    const PlaneLayout layout = planeLayout(plane, g);
    out.resize(size_t(layout.width) * size_t(layout.height));
    const size_t W = size_t(g.width), slice = g.sliceSize();
    switch (plane) {
    case ViewPlane::Axial:
        std::copy(voxels + slice * size_t(index), voxels + slice * size_t(index + 1), out.begin());
        break;
    case ViewPlane::Coronal:
        for (int z = 0; z < g.depth; ++z)
            std::copy(voxels + slice * size_t(z) + W * size_t(index),
                      voxels + slice * size_t(z) + W * size_t(index + 1), out.begin() + ptrdiff_t(W * size_t(z)));
        break;
    case ViewPlane::Sagittal:
        for (int z = 0; z < g.depth; ++z)
            for (int y = 0; y < g.height; ++y)
                out[size_t(z) * size_t(g.height) + size_t(y)] = voxels[slice * size_t(z) + W * size_t(y) + size_t(index)];
        break;
    }
}

} // namespace

void extractPlane(const ScanVolume& scan, ViewPlane plane, int index, std::vector<std::uint16_t>& out) {
    extract(scan.data(), scan.geometry(), plane, index, out);
}

void extractPlane(const LabelVolume& labels, ViewPlane plane, int index, std::vector<std::uint8_t>& out) {
    extract(labels.data(), labels.geometry(), plane, index, out);
}

} // namespace gireview
