#include "editing/EditTools.h"

#include "analysis/DistanceTransform.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace gireview {

namespace {

// A region covering the whole slice `index` of `plane` (thickness 1 along the normal).
EditRegion planeRegion(const VolumeGeometry& g, ViewPlane plane, int index) {
    switch (plane) {
    case ViewPlane::Axial: return EditRegion::box(0, 0, index, g.width, g.height, 1);
    case ViewPlane::Coronal: return EditRegion::box(0, index, 0, g.width, 1, g.depth);
    case ViewPlane::Sagittal: return EditRegion::box(index, 0, 0, 1, g.height, g.depth);
    }
    return {};
}

void setPlanePixel(EditRegion& region, ViewPlane plane, int index, int u, int v) {
    const auto voxel = planeToVoxel(plane, u, v, index);
    region.mask[(size_t(voxel[2] - region.z0) * size_t(region.ny) + size_t(voxel[1] - region.y0)) * size_t(region.nx) +
                size_t(voxel[0] - region.x0)] = 1;
}

std::vector<std::uint8_t> organPlane(const LabelVolume& labels, Organ organ, int z) {
    const auto& g = labels.geometry();
    std::vector<std::uint8_t> plane(g.sliceSize());
    const std::uint8_t bit = organBit(organ);
    for (size_t i = 0; i < plane.size(); ++i) plane[i] = (labels.slice(z)[i] & bit) ? 1 : 0;
    return plane;
}

// Signed distance (mm) to the boundary: negative inside, positive outside.
std::vector<double> signedDistance(const std::vector<std::uint8_t>& mask, const VolumeGeometry& g) {
    std::vector<std::uint8_t> outside(mask.size());
    for (size_t i = 0; i < mask.size(); ++i) outside[i] = !mask[i];
    const auto toInside = squaredDistanceTransform(mask, g.width, g.height, 1, g.spacingX, g.spacingY, 1);
    const auto toOutside = squaredDistanceTransform(outside, g.width, g.height, 1, g.spacingX, g.spacingY, 1);
    std::vector<double> d(mask.size());
    for (size_t i = 0; i < mask.size(); ++i) d[i] = mask[i] ? -std::sqrt(toOutside[i]) : std::sqrt(toInside[i]);
    return d;
}

} // namespace

EditRegion brushStroke(const VolumeGeometry& g, ViewPlane plane, int index, const std::vector<PlanePoint>& path, double radiusMm) {
    EditRegion region = planeRegion(g, plane, index);
    if (path.empty()) return region;
    const PlaneLayout layout = planeLayout(plane, g);
    const double su = layout.spacingU, sv = layout.spacingV;
    for (size_t s = 0; s < path.size(); ++s) {
        const PlanePoint a = path[s], b = path[s + 1 < path.size() ? s + 1 : s];
        const int u0 = std::max(0, int(std::floor(std::min(a.u, b.u) - radiusMm / su)));
        const int u1 = std::min(layout.width - 1, int(std::ceil(std::max(a.u, b.u) + radiusMm / su)));
        const int v0 = std::max(0, int(std::floor(std::min(a.v, b.v) - radiusMm / sv)));
        const int v1 = std::min(layout.height - 1, int(std::ceil(std::max(a.v, b.v) + radiusMm / sv)));
        const double du = (b.u - a.u) * su, dv = (b.v - a.v) * sv, length2 = du * du + dv * dv;
        for (int v = v0; v <= v1; ++v)
            for (int u = u0; u <= u1; ++u) {
                const double pu = (u - a.u) * su, pv = (v - a.v) * sv;
                const double t = length2 > 0 ? std::clamp((pu * du + pv * dv) / length2, 0.0, 1.0) : 0.0;
                const double eu = pu - t * du, ev = pv - t * dv;
                if (eu * eu + ev * ev <= radiusMm * radiusMm) setPlanePixel(region, plane, index, u, v);
            }
    }
    return region;
}

EditRegion polygonRegion(const VolumeGeometry& g, ViewPlane plane, int index, const std::vector<PlanePoint>& polygon) {
    EditRegion region = planeRegion(g, plane, index);
    if (polygon.size() < 3) return region;
    const PlaneLayout layout = planeLayout(plane, g);
    for (int v = 0; v < layout.height; ++v) {
        // Crossings of the row of pixel centres, then fill between pairs.
        std::vector<double> xs;
        for (size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
            const PlanePoint& p = polygon[i];
            const PlanePoint& q = polygon[j];
            if ((p.v > v) != (q.v > v)) xs.push_back(p.u + (v - p.v) * (q.u - p.u) / (q.v - p.v));
        }
        std::sort(xs.begin(), xs.end());
        for (size_t k = 0; k + 1 < xs.size(); k += 2)
            for (int u = std::max(0, int(std::ceil(xs[k]))); u <= std::min(layout.width - 1, int(std::floor(xs[k + 1]))); ++u)
                setPlanePixel(region, plane, index, u, v);
    }
    // The drawn outline itself belongs to the region (the even-odd rule leaves centres lying
    // exactly on it out on one side).
    for (size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
        const PlanePoint& p = polygon[j];
        const PlanePoint& q = polygon[i];
        const int steps = int(std::ceil(4 * std::max(std::abs(q.u - p.u), std::abs(q.v - p.v)))) + 1;
        for (int s = 0; s <= steps; ++s) {
            const double t = double(s) / steps;
            const int u = int(std::lround(p.u + t * (q.u - p.u))), v = int(std::lround(p.v + t * (q.v - p.v)));
            if (u >= 0 && v >= 0 && u < layout.width && v < layout.height) setPlanePixel(region, plane, index, u, v);
        }
    }
    return region;
}

EditRegion interpolateSlices(const LabelVolume& labels, Organ organ, int z0, int z1) {
    const auto& g = labels.geometry();
    if (z0 > z1) std::swap(z0, z1);
    if (z1 - z0 < 2 || z0 < 0 || z1 >= g.depth) return {};
    const auto a = organPlane(labels, organ, z0), b = organPlane(labels, organ, z1);
    if (std::none_of(a.begin(), a.end(), [](std::uint8_t v) { return v; }) || std::none_of(b.begin(), b.end(), [](std::uint8_t v) { return v; }))
        return {};
    const auto da = signedDistance(a, g), db = signedDistance(b, g);
    EditRegion region = EditRegion::box(0, 0, z0 + 1, g.width, g.height, z1 - z0 - 1);
    for (int z = z0 + 1; z < z1; ++z) {
        const double t = double(z - z0) / double(z1 - z0);
        for (size_t i = 0; i < g.sliceSize(); ++i)
            region.mask[size_t(z - z0 - 1) * g.sliceSize() + i] = ((1 - t) * da[i] + t * db[i]) <= 0 ? 1 : 0;
    }
    return region;
}

EditRegion copySlice(const LabelVolume& labels, Organ organ, int from, int to) {
    const auto& g = labels.geometry();
    if (from < 0 || to < 0 || from >= g.depth || to >= g.depth) return {};
    EditRegion region = EditRegion::box(0, 0, to, g.width, g.height, 1);
    region.mask = organPlane(labels, organ, from);
    return region;
}

EditRegion smallIslands(const LabelVolume& labels, Organ organ, int slice, size_t minVoxels) {
    const auto& g = labels.geometry();
    const int zBegin = slice >= 0 ? slice : 0, zEnd = slice >= 0 ? slice + 1 : g.depth;
    EditRegion region = EditRegion::box(0, 0, zBegin, g.width, g.height, zEnd - zBegin);
    // Components are searched inside the organ's box only (a day is 10 M voxels, an organ's box
    // a fraction of that); neighbours in the plane only for one slice, 26 in 3D.
    const VoxelBox box = labels.organBounds(organ, zBegin, zEnd);
    if (box.empty()) return region;
    const std::uint8_t bit = organBit(organ);
    const int nx = box.nx(), ny = box.ny(), nz = box.nz();
    const size_t plane = size_t(nx) * size_t(ny);
    std::vector<std::uint8_t> inside(plane * size_t(nz), 0), seen(inside.size(), 0);
    for (int z = 0; z < nz; ++z)
        for (int y = 0; y < ny; ++y) {
            const std::uint8_t* row = labels.slice(box.z0 + z) + size_t(box.y0 + y) * size_t(g.width) + size_t(box.x0);
            std::uint8_t* out = inside.data() + size_t(z) * plane + size_t(y) * size_t(nx);
            for (int x = 0; x < nx; ++x) out[x] = (row[x] & bit) ? 1 : 0;
        }
    const int dzRange = slice >= 0 ? 0 : 1;
    std::vector<std::array<int, 3>> stack, members;
    for (int z = 0; z < nz; ++z)
        for (int y = 0; y < ny; ++y)
            for (int x = 0; x < nx; ++x) {
                const size_t start = size_t(z) * plane + size_t(y) * size_t(nx) + size_t(x);
                if (!inside[start] || seen[start]) continue;
                seen[start] = 1;
                members.clear();
                stack.assign(1, {x, y, z});
                while (!stack.empty()) {
                    const auto p = stack.back();
                    stack.pop_back();
                    members.push_back(p);
                    for (int dz = -dzRange; dz <= dzRange; ++dz)
                        for (int dy = -1; dy <= 1; ++dy)
                            for (int dx = -1; dx <= 1; ++dx) {
                                const int qx = p[0] + dx, qy = p[1] + dy, qz = p[2] + dz;
                                if (qx < 0 || qy < 0 || qz < 0 || qx >= nx || qy >= ny || qz >= nz) continue;
                                const size_t q = size_t(qz) * plane + size_t(qy) * size_t(nx) + size_t(qx);
                                if (inside[q] && !seen[q]) {
                                    seen[q] = 1;
                                    stack.push_back({qx, qy, qz});
                                }
                            }
                }
                if (members.size() < minVoxels)
                    for (const auto& p : members)
                        region.mask[(size_t(box.z0 + p[2] - zBegin) * size_t(g.height) + size_t(box.y0 + p[1])) * size_t(g.width) +
                                    size_t(box.x0 + p[0])] = 1;
            }
    return region;
}

EditRegion margin(const LabelVolume& labels, Organ organ, double marginMm, int slice) {
    const auto& g = labels.geometry();
    const int zBegin = slice >= 0 ? slice : 0, depth = slice >= 0 ? 1 : g.depth;
    const std::uint8_t bit = organBit(organ);
    std::vector<std::uint8_t> inside(size_t(depth) * g.sliceSize()), outside(inside.size());
    for (size_t i = 0; i < inside.size(); ++i) {
        inside[i] = (labels.data()[size_t(zBegin) * g.sliceSize() + i] & bit) ? 1 : 0;
        outside[i] = !inside[i];
    }
    EditRegion region = EditRegion::box(0, 0, zBegin, g.width, g.height, depth);
    if (marginMm >= 0) {
        const auto d = squaredDistanceTransform(inside, g.width, g.height, depth, g.spacingX, g.spacingY, g.spacingZ);
        for (size_t i = 0; i < d.size(); ++i) region.mask[i] = d[i] <= marginMm * marginMm ? 1 : 0;
    } else {
        const auto d = squaredDistanceTransform(outside, g.width, g.height, depth, g.spacingX, g.spacingY, g.spacingZ);
        for (size_t i = 0; i < d.size(); ++i) region.mask[i] = (inside[i] && d[i] > marginMm * marginMm) ? 1 : 0;
    }
    return region;
}

EditRegion smoothSlice(const LabelVolume& labels, Organ organ, int slice, double radiusMm) {
    const auto& g = labels.geometry();
    // Opening = erode then dilate; closing = dilate then erode; each by distance transforms.
    auto dilate = [&](const std::vector<std::uint8_t>& m) {
        const auto d = squaredDistanceTransform(m, g.width, g.height, 1, g.spacingX, g.spacingY, 1);
        std::vector<std::uint8_t> out(m.size());
        for (size_t i = 0; i < m.size(); ++i) out[i] = d[i] <= radiusMm * radiusMm;
        return out;
    };
    auto erode = [&](const std::vector<std::uint8_t>& m) {
        std::vector<std::uint8_t> inverse(m.size());
        for (size_t i = 0; i < m.size(); ++i) inverse[i] = !m[i];
        auto grown = dilate(inverse);
        for (auto& v : grown) v = !v;
        return grown;
    };
    auto mask = organPlane(labels, organ, slice);
    mask = dilate(erode(mask)); // open: removes spurs thinner than the disc
    mask = erode(dilate(mask)); // close: fills gaps narrower than the disc
    EditRegion region = EditRegion::box(0, 0, slice, g.width, g.height, 1);
    region.mask = std::move(mask);
    return region;
}

} // namespace gireview
