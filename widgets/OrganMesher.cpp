#include "OrganMesher.h"

#include <algorithm>
#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkWindowedSincPolyDataFilter.h>

namespace gireview {

vtkSmartPointer<vtkPolyData> meshOrgan(const LabelVolume& labels, Organ organ) {
    const auto& g = labels.geometry();
    const std::uint8_t bit = organBit(organ);
    int x0 = g.width, y0 = g.height, z0 = g.depth, x1 = -1, y1 = -1, z1 = -1;
    for (int z = 0; z < g.depth; ++z) {
        const std::uint8_t* s = labels.slice(z);
        for (int y = 0; y < g.height; ++y)
            for (int x = 0; x < g.width; ++x)
                if (s[size_t(y) * size_t(g.width) + size_t(x)] & bit) {
                    x0 = std::min(x0, x), x1 = std::max(x1, x);
                    y0 = std::min(y0, y), y1 = std::max(y1, y);
                    z0 = std::min(z0, z), z1 = std::max(z1, z);
                }
    }
    auto empty = vtkSmartPointer<vtkPolyData>::New();
    if (x1 < 0) return empty;
    // One voxel of background around the box closes the surface at the volume's border.
    const int ex0 = x0 - 1, ey0 = y0 - 1, ez0 = z0 - 1;
    const int nx = x1 - x0 + 3, ny = y1 - y0 + 3, nz = z1 - z0 + 3;
    vtkNew<vtkImageData> image;
    image->SetDimensions(nx, ny, nz);
    image->SetSpacing(g.spacingX, g.spacingY, g.spacingZ);
    // LPS: slice index z sits at -z * spacing, so image row k holds slice ez0 + (nz - 1 - k).
    image->SetOrigin(ex0 * g.spacingX, ey0 * g.spacingY, -(ez0 + nz - 1) * g.spacingZ);
    image->AllocateScalars(VTK_UNSIGNED_CHAR, 1);
    auto* out = static_cast<std::uint8_t*>(image->GetScalarPointer());
    std::fill(out, out + size_t(nx) * size_t(ny) * size_t(nz), std::uint8_t(0));
    for (int k = 1; k < nz - 1; ++k) {
        const std::uint8_t* s = labels.slice(ez0 + (nz - 1 - k));
        for (int j = 1; j < ny - 1; ++j)
            for (int i = 1; i < nx - 1; ++i)
                out[(size_t(k) * size_t(ny) + size_t(j)) * size_t(nx) + size_t(i)] =
                    (s[size_t(ey0 + j) * size_t(g.width) + size_t(ex0 + i)] & bit) ? 1 : 0;
    }
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
