#include "SliceAnnotations.h"

#include <cmath>
#include <vtkActor.h>
#include <vtkCoordinate.h>
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
    // Bottom left, one marker line up: clear of the bottom marker (centred) at any width, and of
    // the side markers (half-way up) down to the views' 160-pixel minimum.
    sliceText_->GetPositionCoordinate()->SetCoordinateSystemToViewport();
    sliceText_->SetPosition(4, 22);
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

void SliceAnnotations::setText(const std::string& position, const std::string& status, TextState state) {
    sliceText_->SetInput((status.empty() ? position : status + "\n" + position).c_str());
    vtkTextProperty* property = sliceText_->GetTextProperty();
    switch (state) {
    case TextState::Plain: property->SetColor(0.85, 0.85, 0.85); break;
    case TextState::PartlyReviewed: property->SetColor(0.95, 0.75, 0.2); break;
    case TextState::Reviewed: property->SetColor(0.3, 0.9, 0.4); break;
    case TextState::NoImage: property->SetColor(0.95, 0.3, 0.25); break;
    }
    property->SetBold(state != TextState::Plain);
}

std::vector<std::array<double, 4>> SliceAnnotations::labelBoxes(vtkRenderer* renderer) const {
    std::vector<std::array<double, 4>> boxes;
    const auto add = [&](vtkTextActor* actor) {
        double box[4] = {0, 0, 0, 0}; // x0, x1, y0, y1 around the anchor
        actor->GetBoundingBox(renderer, box);
        const double* anchor = actor->GetPositionCoordinate()->GetComputedDoubleViewportValue(renderer);
        boxes.push_back({anchor[0] + box[0], anchor[1] + box[2], anchor[0] + box[1], anchor[1] + box[3]});
    };
    for (const auto& marker : markers_) add(marker);
    add(sliceText_);
    return boxes;
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
