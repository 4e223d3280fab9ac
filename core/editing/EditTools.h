#pragma once
// The contouring tools' logic, free of any GUI: each turns a gesture into an EditRegion for
// LabelEditor::apply (brush, lasso, push) or computes one from the labels (interpolation, copy,
// islands, smoothing, margins). Plane coordinates (u, v) follow ViewPlane's screen layout.
#include "editing/LabelEditor.h"
#include "data/ScanVolume.h"
#include "editing/ViewPlane.h"

#include <utility>
#include <vector>

namespace gireview {

struct PlanePoint {
    double u = 0, v = 0; // pixels on the plane (voxel centres at integers)
};

// A round brush of `radiusMm` swept along the polyline (a capsule per segment, so fast strokes
// leave no gaps), on slice `index` of `plane`.
EditRegion brushStroke(const VolumeGeometry& geometry, ViewPlane plane, int index, const std::vector<PlanePoint>& path,
                       double radiusMm);
// The pixels whose centres lie inside the closed polygon (even-odd rule), on slice `index`.
EditRegion polygonRegion(const VolumeGeometry& geometry, ViewPlane plane, int index, const std::vector<PlanePoint>& polygon);

// Shape-based interpolation: fills the slices strictly between z0 and z1 (both labelled) from
// the signed distance maps of the two, blended by position. Returns a Set region over those
// slices (mode Set), or an empty region when z0 or z1 has no label.
EditRegion interpolateSlices(const LabelVolume& labels, Organ organ, int z0, int z1);
// The organ's mask of slice `from` as a Set region on slice `to`.
EditRegion copySlice(const LabelVolume& labels, Organ organ, int from, int to);
// Pieces (8-connected in 2D, 26-connected in 3D) smaller than `minVoxels`, as a Remove region;
// slice < 0 means the whole volume in 3D.
EditRegion smallIslands(const LabelVolume& labels, Organ organ, int slice, size_t minVoxels);
// Grows (marginMm > 0) or shrinks (< 0) the organ by a margin in mm, in 3D or on one slice
// (slice >= 0); a Set region over the affected box.
EditRegion margin(const LabelVolume& labels, Organ organ, double marginMm, int slice = -1);
// Morphological opening then closing with a disc of `radiusMm` on one slice (smoothing).
EditRegion smoothSlice(const LabelVolume& labels, Organ organ, int slice, double radiusMm);

} // namespace gireview
