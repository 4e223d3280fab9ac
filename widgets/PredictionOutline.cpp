#include "PredictionOutline.h"

#include "OrganColors.h"
#include "OverlayComposer.h"

#include <vtkActor.h>
#include <vtkCellArray.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

namespace gireview {

PredictionOutline::PredictionOutline() {
    for (Organ organ : kAllOrgans) {
        const size_t o = size_t(organIndex(organ));
        lines_[o] = vtkSmartPointer<vtkPolyData>::New();
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputData(lines_[o]);
        actors_[o] = vtkSmartPointer<vtkActor>::New();
        actors_[o]->SetMapper(mapper);
        const QColor light = predictionColor(organ);
        vtkProperty* property = actors_[o]->GetProperty();
        property->SetColor(light.redF(), light.greenF(), light.blueF());
        property->SetLineWidth(float(kLineWidthPx));
        property->LightingOff();
        actors_[o]->VisibilityOff();
    }
}

PredictionOutline::~PredictionOutline() = default;

void PredictionOutline::addTo(vtkRenderer* renderer, const PlaneLayout& layout) {
    layout_ = layout;
    for (auto& actor : actors_)
        renderer->AddViewProp(actor);
}

void PredictionOutline::setPlane(const std::uint8_t* bits, const OverlaySettings& settings) {
    for (Organ organ : kAllOrgans) {
        const size_t o = size_t(organIndex(organ));
        vtkNew<vtkPoints> points;
        vtkNew<vtkCellArray> cells;
        if (bits && settings.showPrediction && settings.organVisible[o]) {
            for (const OutlineSegment& s :
                 dottedOutline(bits, layout_.width, layout_.height, organBit(organ))) {
                // In front of the overlay (z -0.5) and behind the crosshair and tool outlines.
                const vtkIdType a =
                    points->InsertNextPoint(s.u0 * layout_.spacingU, s.v0 * layout_.spacingV, -0.8);
                const vtkIdType b =
                    points->InsertNextPoint(s.u1 * layout_.spacingU, s.v1 * layout_.spacingV, -0.8);
                const vtkIdType ids[2] = {a, b};
                cells->InsertNextCell(2, ids);
            }
        }
        lines_[o]->SetPoints(points);
        lines_[o]->SetLines(cells);
        lines_[o]->Modified();
        actors_[o]->SetVisibility(cells->GetNumberOfCells() > 0);
    }
}

size_t PredictionOutline::segmentCount(Organ organ) const {
    return size_t(lines_[size_t(organIndex(organ))]->GetNumberOfLines());
}

} // namespace gireview
