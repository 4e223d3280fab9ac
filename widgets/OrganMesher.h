#pragma once
// Organ surfaces from a label volume: discrete flying edges over the organ's bounding box, then
// windowed-sinc smoothing and normals, in LPS millimetres (x = column * SW, y = row * SH,
// z = -slice index * 3 mm). Runs on any thread: it touches only its own VTK objects.
#include "data/LabelVolume.h"

#include <vtkSmartPointer.h>

class vtkPolyData;

namespace gireview {

// Empty polydata (0 points) when the organ is absent.
vtkSmartPointer<vtkPolyData> meshOrgan(const LabelVolume& labels, Organ organ);

} // namespace gireview
