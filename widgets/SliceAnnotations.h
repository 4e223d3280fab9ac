#pragma once
// What a slice view draws over the image: the crosshair, the orientation markers (A/P, R/L,
// S/I), the plane and slice number, and the outline of the active tool (the brush's footprint or
// the lasso's path). Plane millimetres in, VTK props out.
#include "editing/EditTools.h"
#include "editing/ViewPlane.h"

#include <array>
#include <string>
#include <vector>
#include <vtkSmartPointer.h>

class vtkActor;
class vtkPoints;
class vtkPolyData;
class vtkRenderer;
class vtkTextActor;

namespace gireview {

class SliceAnnotations {
public:
    SliceAnnotations();
    ~SliceAnnotations();
    void addTo(vtkRenderer* renderer, const PlaneLayout& layout);
    // The crosshair through plane point (u, v) (pixels) across the slice.
    void setCrosshair(double u, double v);
    // The plane and slice number, with the slice's status on a line above (empty: none); green
    // when the slice is reviewed, amber when partly, red when it has no image.
    enum class TextState { Plain, PartlyReviewed, Reviewed, NoImage };
    void setText(const std::string& position, const std::string& status = {}, TextState state = TextState::Plain);
    // The screen boxes (x0, y0, x1, y1, viewport pixels) of the orientation markers and the slice
    // text as drawn now: the labels must never overlap, at any view size down to the minimum.
    std::vector<std::array<double, 4>> labelBoxes(vtkRenderer* renderer) const;
    // The brush's footprint around (u, v), radius in mm.
    void showBrush(double u, double v, double radiusMm);
    // A lasso path (plane pixels).
    void showPath(const std::vector<PlanePoint>& path);
    void hideOutline();

private:
    void setOutline(vtkPoints* points);
    PlaneLayout layout_;
    vtkSmartPointer<vtkPoints> crossPoints_;
    vtkSmartPointer<vtkPolyData> crossData_;
    vtkSmartPointer<vtkActor> crossActor_;
    std::array<vtkSmartPointer<vtkTextActor>, 4> markers_;
    vtkSmartPointer<vtkTextActor> sliceText_;
    vtkSmartPointer<vtkPolyData> outlineData_;
    vtkSmartPointer<vtkActor> outlineActor_;
};

} // namespace gireview
