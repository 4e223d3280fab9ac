#include "SliceAnnotations.h"

#include <cmath>
#include <vtkActor.h>
#include <vtkCellArray.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

namespace gireview {

namespace {
vtkSmartPointer<vtkActor> lineActor(vtkPolyData* data, double r, double g, double b,
                                    double opacity) {
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputData(data);
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    actor->GetProperty()->SetColor(r, g, b);
    actor->GetProperty()->SetOpacity(opacity);
    actor->GetProperty()->LightingOff();
    return actor;
}

// Where each marker sits (normalised viewport) and how it is justified: left, right, top, bottom.
struct MarkerPlace {
    double x, y;
    int horizontal; // 0 left, 1 centred, 2 right
    int vertical;   // 0 bottom, 1 centred, 2 top
};
constexpr MarkerPlace kMarkerPlaces[4] = {
    {0.01, 0.5, 0, 1}, {0.99, 0.5, 2, 1}, {0.5, 0.99, 1, 2}, {0.5, 0.01, 1, 0}};
} // namespace

SliceAnnotations::SliceAnnotations() {
    crossPoints_ = vtkSmartPointer<vtkPoints>::New();
    crossPoints_->SetNumberOfPoints(4);
    crossData_ = vtkSmartPointer<vtkPolyData>::New();
    crossData_->SetPoints(crossPoints_);
    vtkNew<vtkCellArray> lines;
    const vtkIdType first[2] = {0, 1}, second[2] = {2, 3};
    lines->InsertNextCell(2, first);
    lines->InsertNextCell(2, second);
    crossData_->SetLines(lines);
    crossActor_ = lineActor(crossData_, 0.95, 0.9, 0.3, 0.6);
    for (size_t i = 0; i < markers_.size(); ++i) {
        auto& marker = markers_[i];
        marker = vtkSmartPointer<vtkTextActor>::New();
        vtkTextProperty* text = marker->GetTextProperty();
        text->SetFontSize(15);
        text->SetColor(1.0, 1.0, 0.7);
        text->BoldOn();
        text->SetJustification(kMarkerPlaces[i].horizontal);
        text->SetVerticalJustification(kMarkerPlaces[i].vertical);
        marker->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
        marker->SetPosition(kMarkerPlaces[i].x, kMarkerPlaces[i].y);
    }
    sliceText_ = vtkSmartPointer<vtkTextActor>::New();
    sliceText_->GetTextProperty()->SetFontSize(13);
    sliceText_->GetTextProperty()->SetColor(0.85, 0.85, 0.85);
    sliceText_->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    sliceText_->SetPosition(0.01, 0.01);
    outlineData_ = vtkSmartPointer<vtkPolyData>::New();
    outlineActor_ = lineActor(outlineData_, 1.0, 1.0, 1.0, 1.0);
    outlineActor_->VisibilityOff();
}

SliceAnnotations::~SliceAnnotations() = default;

void SliceAnnotations::addTo(vtkRenderer* renderer, const PlaneLayout& layout) {
    layout_ = layout;
    renderer->AddViewProp(crossActor_);
    renderer->AddViewProp(outlineActor_);
    for (size_t i = 0; i < markers_.size(); ++i) {
        markers_[i]->SetInput(std::string(1, layout_.markers[i]).c_str());
        renderer->AddViewProp(markers_[i]);
    }
    renderer->AddViewProp(sliceText_);
}

void SliceAnnotations::setCrosshair(double u, double v) {
    const double x = u * layout_.spacingU, y = v * layout_.spacingV;
    const double w = (layout_.width - 0.5) * layout_.spacingU,
                 h = (layout_.height - 0.5) * layout_.spacingV;
    const double x0 = -0.5 * layout_.spacingU, y0 = -0.5 * layout_.spacingV;
    crossPoints_->SetPoint(0, x0, y, -1);
    crossPoints_->SetPoint(1, w, y, -1);
    crossPoints_->SetPoint(2, x, y0, -1);
    crossPoints_->SetPoint(3, x, h, -1);
    crossPoints_->Modified();
    crossData_->Modified();
}

void SliceAnnotations::setText(const std::string& text, TextState state) {
    sliceText_->SetInput(text.c_str());
    vtkTextProperty* property = sliceText_->GetTextProperty();
    switch (state) {
    case TextState::Plain: property->SetColor(0.85, 0.85, 0.85); break;
    case TextState::PartlyReviewed: property->SetColor(0.95, 0.75, 0.2); break;
    case TextState::Reviewed: property->SetColor(0.3, 0.9, 0.4); break;
    }
    property->SetBold(state != TextState::Plain);
}

void SliceAnnotations::showBrush(double u, double v, double radiusMm) {
    vtkNew<vtkPoints> points;
    const int n = 48;
    for (int i = 0; i <= n; ++i) {
        const double a = 2 * M_PI * i / n;
        points->InsertNextPoint(u * layout_.spacingU + radiusMm * std::cos(a),
                                v * layout_.spacingV + radiusMm * std::sin(a), -1.5);
    }
    setOutline(points);
}

void SliceAnnotations::showPath(const std::vector<PlanePoint>& path) {
    vtkNew<vtkPoints> points;
    for (const PlanePoint& p : path)
        points->InsertNextPoint(p.u * layout_.spacingU, p.v * layout_.spacingV, -1.5);
    setOutline(points);
}

void SliceAnnotations::hideOutline() {
    outlineActor_->VisibilityOff();
}

void SliceAnnotations::setOutline(vtkPoints* points) {
    vtkNew<vtkCellArray> lines;
    const vtkIdType count = points->GetNumberOfPoints();
    if (count >= 2) {
        lines->InsertNextCell(count);
        for (vtkIdType i = 0; i < count; ++i)
            lines->InsertCellPoint(i);
    }
    outlineData_->SetPoints(points);
    outlineData_->SetLines(lines);
    outlineData_->Modified();
    outlineActor_->SetVisibility(count >= 2);
}

} // namespace gireview
