#include "OrganMesher.h"

#include <algorithm>
#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkWindowedSincPolyDataFilter.h>

namespace gireview {

OrganBox copyOrganBox(const LabelVolume& labels, Organ organ) {
    OrganBox box;
    box.geometry = labels.geometry();
    const VoxelBox bounds = labels.organBounds(organ);
    if (bounds.empty()) return box;
    const auto& g = labels.geometry();
    const std::uint8_t bit = organBit(organ);
    box.x0 = bounds.x0 - 1, box.y0 = bounds.y0 - 1, box.z0 = bounds.z0 - 1;
    box.nx = bounds.nx() + 2, box.ny = bounds.ny() + 2, box.nz = bounds.nz() + 2;
    box.bits.assign(size_t(box.nx) * size_t(box.ny) * size_t(box.nz), 0);
    for (int k = 1; k < box.nz - 1; ++k) {
        const std::uint8_t* s = labels.slice(box.z0 + k);
        for (int j = 1; j < box.ny - 1; ++j)
            for (int i = 1; i < box.nx - 1; ++i)
                box.bits[(size_t(k) * size_t(box.ny) + size_t(j)) * size_t(box.nx) + size_t(i)] =
                    (s[size_t(box.y0 + j) * size_t(g.width) + size_t(box.x0 + i)] & bit) ? 1 : 0;
    }
    return box;
}

vtkSmartPointer<vtkPolyData> meshOrgan(const OrganBox& box) {
    auto empty = vtkSmartPointer<vtkPolyData>::New();
    if (box.nx == 0) return empty;
    const auto& g = box.geometry;
    const int nx = box.nx, ny = box.ny, nz = box.nz;
    vtkNew<vtkImageData> image;
    image->SetDimensions(nx, ny, nz);
    image->SetSpacing(g.spacingX, g.spacingY, g.spacingZ);
    // LPS: slice index z sits at -z * spacing, so image row k holds slice z0 + (nz - 1 - k).
    image->SetOrigin(box.x0 * g.spacingX, box.y0 * g.spacingY, -(box.z0 + nz - 1) * g.spacingZ);
    image->AllocateScalars(VTK_UNSIGNED_CHAR, 1);
    auto* out = static_cast<std::uint8_t*>(image->GetScalarPointer());
    const size_t plane = size_t(nx) * size_t(ny);
    for (int k = 0; k < nz; ++k) std::copy_n(box.bits.data() + size_t(nz - 1 - k) * plane, plane, out + size_t(k) * plane);
    vtkNew<vtkDiscreteFlyingEdges3D> surface;
    surface->SetInputData(image);
    surface->SetValue(0, 1);
    surface->ComputeNormalsOff();
    vtkNew<vtkWindowedSincPolyDataFilter> smooth;
    smooth->SetInputConnection(surface->GetOutputPort());
    smooth->SetNumberOfIterations(15);
    smooth->SetPassBand(0.08);
    smooth->BoundarySmoothingOff();
    smooth->FeatureEdgeSmoothingOff();
    smooth->NonManifoldSmoothingOn();
    smooth->NormalizeCoordinatesOn();
    vtkNew<vtkPolyDataNormals> normals;
    normals->SetInputConnection(smooth->GetOutputPort());
    normals->SplittingOff();
    normals->ConsistencyOn();
    normals->Update();
    auto result = vtkSmartPointer<vtkPolyData>::New();
    result->ShallowCopy(normals->GetOutput());
    return result;
}

} // namespace gireview
