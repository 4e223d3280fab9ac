#pragma once
// Organ surfaces from a label volume: discrete flying edges over the organ's bounding box, then
// windowed-sinc smoothing and normals, in LPS millimetres (x = column * SW, y = row * SH,
// z = -slice index * 3 mm). Runs on any thread: it touches only its own VTK objects.
#include "data/LabelVolume.h"

#include <vtkSmartPointer.h>

class vtkPolyData;

namespace gireview {

// One organ's voxels inside its bounding box plus one voxel of background (which closes the
// surface at the volume's border), copied from the labels so that meshing on another thread
// never reads a volume the brush is writing.
struct OrganBox {
    VolumeGeometry geometry;        // of the whole day (spacing)
    int x0 = 0, y0 = 0, z0 = 0;     // the padded box's first voxel (may be -1)
    int nx = 0, ny = 0, nz = 0;     // 0 when the organ is absent
    std::vector<std::uint8_t> bits; // 0/1, x fastest, z ascending
};
// Fast (LabelVolume::organBounds skips empty rows); call it where the labels are written.
OrganBox copyOrganBox(const LabelVolume& labels, Organ organ);

// Empty polydata (0 points) when the organ is absent. Runs on any thread.
vtkSmartPointer<vtkPolyData> meshOrgan(const OrganBox& box);
inline vtkSmartPointer<vtkPolyData> meshOrgan(const LabelVolume& labels, Organ organ) { return meshOrgan(copyOrganBox(labels, organ)); }

} // namespace gireview
