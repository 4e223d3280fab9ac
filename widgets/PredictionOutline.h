#pragma once
// The prediction layer on a slice view: a dotted line along the organ's pixel edges, drawn a
// fixed width in screen pixels. A raster outline one image pixel wide is resampled away when a
// 266-pixel slice is fitted into fewer screen pixels (a 1366x768 screen's panes); lines keep their
// width at any zoom, and lie on the pixel edges, where a pixel-centre rasteriser puts the border.
#include "ViewState.h"
#include "editing/ViewPlane.h"

#include <array>
#include <cstdint>
#include <vtkSmartPointer.h>

class vtkActor;
class vtkPolyData;
class vtkRenderer;

namespace gireview {

class PredictionOutline {
public:
    static constexpr double kLineWidthPx = 2.0;

    PredictionOutline();
    ~PredictionOutline();
    void addTo(vtkRenderer* renderer, const PlaneLayout& layout);
    // `bits`: the plane's width*height organ bits (null: nothing to draw).
    void setPlane(const std::uint8_t* bits, const OverlaySettings& settings);
    // Segments drawn for `organ` now (for tests).
    size_t segmentCount(Organ organ) const;

private:
    PlaneLayout layout_;
    std::array<vtkSmartPointer<vtkPolyData>, kOrganCount> lines_;
    std::array<vtkSmartPointer<vtkActor>, kOrganCount> actors_;
};

} // namespace gireview
