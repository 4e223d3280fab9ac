#include "SliceView.h"

#include "OverlayComposer.h"
#include "PredictionOutline.h"
#include "SliceAnnotations.h"
#include "ViewState.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>
#include <cmath>
#include <cstring>
#include <vtkCamera.h>
#include <vtkImageData.h>
#include <vtkImageProperty.h>
#include <vtkImageSlice.h>
#include <vtkImageSliceMapper.h>
#include <vtkRenderer.h>

namespace gireview {

namespace {


vtkSmartPointer<vtkImageSlice> makeSlice(vtkImageData* data, bool overlay) {
    vtkNew<vtkImageSliceMapper> mapper;
    mapper->SetInputData(data);
    auto slice = vtkSmartPointer<vtkImageSlice>::New();
    slice->SetMapper(mapper);
    slice->GetProperty()->SetInterpolationTypeToNearest();
    if (overlay) {
        // RGBA passes straight through: no window/level on the colours.
        slice->GetProperty()->SetColorWindow(255);
        slice->GetProperty()->SetColorLevel(127.5);
    }
    return slice;
}

} // namespace

SliceView::SliceView(ViewPlane plane, ViewState* state, QWidget* parent)
    : VtkHostWidget(parent), plane_(plane), state_(state), annotations_(std::make_unique<SliceAnnotations>()),
      predictionOutline_(std::make_unique<PredictionOutline>()) {
    setMinimumSize(160, 160);
    renderer()->SetBackground(0, 0, 0);
    image_ = vtkSmartPointer<vtkImageData>::New();
    overlay_ = vtkSmartPointer<vtkImageData>::New();
    imageSlice_ = makeSlice(image_, false);
    overlaySlice_ = makeSlice(overlay_, true);
    // The overlay sits just in front of the image (the camera looks along +z).
    overlaySlice_->SetPosition(0, 0, -0.5);
    vtkCamera* camera = renderer()->GetActiveCamera();
    camera->ParallelProjectionOn();
    connect(state_, &ViewState::cursorChanged, this, [this] {
        if (!scan_) return;
        auto c = state_->cursor();
        const int index = planeIndexOf(plane_, c[0], c[1], c[2]);
        if (index != index_) {
            index_ = index;
            rebuildSlice();
        }
        updateCrosshair();
        updateText();
        update();
    });
    connect(state_, &ViewState::windowChanged, this, [this] {
        updateWindowLevel();
        update();
    });
    connect(state_, &ViewState::overlayChanged, this, [this] {
        rebuildOverlay();
        update();
    });
}

SliceView::~SliceView() = default;

int SliceView::sliceCount() const { return scan_ ? layout_.sliceCount : 0; }

void SliceView::setVolumes(std::shared_ptr<const ScanVolume> scan, std::shared_ptr<const LabelVolume> reviewed,
                           std::shared_ptr<const LabelVolume> prediction) {
    scan_ = std::move(scan);
    reviewed_ = std::move(reviewed);
    prediction_ = std::move(prediction);
    renderer()->RemoveAllViewProps();
    if (!scan_) {
        update();
        return;
    }
    layout_ = planeLayout(plane_, scan_->geometry());
    image_->SetDimensions(layout_.width, layout_.height, 1);
    image_->SetSpacing(layout_.spacingU, layout_.spacingV, 1.0);
    image_->SetOrigin(0, 0, 0);
    image_->AllocateScalars(VTK_UNSIGNED_SHORT, 1);
    overlay_->SetDimensions(layout_.width, layout_.height, 1);
    overlay_->SetSpacing(layout_.spacingU, layout_.spacingV, 1.0);
    overlay_->SetOrigin(0, 0, 0);
    overlay_->AllocateScalars(VTK_UNSIGNED_CHAR, 4);
    renderer()->AddViewProp(imageSlice_);
    renderer()->AddViewProp(overlaySlice_);
    predictionOutline_->addTo(renderer(), layout_);
    annotations_->addTo(renderer(), layout_);
    auto c = state_->cursor();
    index_ = std::clamp(planeIndexOf(plane_, c[0], c[1], c[2]), 0, layout_.sliceCount - 1);
    zoom_ = 1.0;
    panX_ = panY_ = 0;
    rebuildSlice();
    updateWindowLevel();
    updateCrosshair();
    updateCamera();
    updateText();
    update();
}

void SliceView::setPrediction(std::shared_ptr<const LabelVolume> prediction) {
    prediction_ = std::move(prediction);
    if (!scan_) return;
    rebuildOverlay();
    update();
}

void SliceView::labelsChanged() {
    rebuildOverlay();
    update();
}

void SliceView::setSliceIndex(int index) {
    if (!scan_) return;
    index = std::clamp(index, 0, layout_.sliceCount - 1);
    auto c = state_->cursor();
    switch (plane_) {
    case ViewPlane::Axial: c[2] = index; break;
    case ViewPlane::Coronal: c[1] = index; break;
    case ViewPlane::Sagittal: c[0] = index; break;
    }
    state_->setCursor(c);
}

void SliceView::rebuildSlice() {
    if (!scan_) return;
    extractPlane(*scan_, plane_, index_, pixels_);
    std::memcpy(image_->GetScalarPointer(), pixels_.data(), pixels_.size() * sizeof(std::uint16_t));
    image_->Modified();
    rebuildOverlay();
}

void SliceView::rebuildOverlay() {
    if (!scan_) return;
    const std::uint8_t* reviewed = nullptr;
    const std::uint8_t* prediction = nullptr;
    if (reviewed_ && reviewed_->geometry().sameGrid(scan_->geometry())) {
        extractPlane(*reviewed_, plane_, index_, reviewedPlane_);
        reviewed = reviewedPlane_.data();
    }
    if (prediction_ && prediction_->geometry().sameGrid(scan_->geometry())) {
        extractPlane(*prediction_, plane_, index_, predictionPlane_);
        prediction = predictionPlane_.data();
    }
    composeOverlay(reviewed, layout_.width, layout_.height, state_->overlay(), rgba_);
    predictionOutline_->setPlane(prediction, state_->overlay());
    std::memcpy(overlay_->GetScalarPointer(), rgba_.data(), rgba_.size());
    overlay_->Modified();
}

void SliceView::updateCrosshair() {
    if (!scan_) return;
    auto c = state_->cursor();
    double u = 0, v = 0;
    switch (plane_) {
    case ViewPlane::Axial: u = c[0], v = c[1]; break;
    case ViewPlane::Coronal: u = c[0], v = c[2]; break;
    case ViewPlane::Sagittal: u = c[1], v = c[2]; break;
    }
    annotations_->setCrosshair(u, v);
}

void SliceView::updateCamera() {
    if (!scan_) return;
    vtkCamera* camera = renderer()->GetActiveCamera();
    const double w = layout_.width * layout_.spacingU, h = layout_.height * layout_.spacingV;
    const double cx = (layout_.width - 1) * layout_.spacingU / 2 + panX_;
    const double cy = (layout_.height - 1) * layout_.spacingV / 2 + panY_;
    // Looking along +z with -y up: screen right is +u, screen down is +v (row 0 on top).
    camera->SetFocalPoint(cx, cy, 0);
    camera->SetPosition(cx, cy, -1000);
    camera->SetViewUp(0, -1, 0);
    const double aspect = height() > 0 ? double(width()) / height() : 1.0;
    const double fitScale = std::max(h / 2.0, w / 2.0 / aspect) * 1.02;
    camera->SetParallelScale(fitScale / zoom_);
    renderer()->ResetCameraClippingRange();
}

void SliceView::updateWindowLevel() {
    imageSlice_->GetProperty()->SetColorWindow(state_->windowHigh() - state_->windowLow());
    imageSlice_->GetProperty()->SetColorLevel((state_->windowHigh() + state_->windowLow()) / 2);
}

void SliceView::setReviewedSlices(const LabelledSlices& reviewed) {
    reviewedSlices_ = reviewed;
    updateText();
    update();
}

void SliceView::updateText() {
    if (!scan_) return;
    const QString position = QStringLiteral("%1  %2/%3").arg(QString::fromLatin1(layout_.name)).arg(index_ + 1).arg(layout_.sliceCount);
    QString status;
    SliceAnnotations::TextState state = SliceAnnotations::TextState::Plain;
    if (plane_ == ViewPlane::Axial && !scan_->sliceUsable(index_)) {
        status = QStringLiteral("no image");
        state = SliceAnnotations::TextState::NoImage;
    } else if (plane_ == ViewPlane::Axial && reviewedSlices_.depth() == layout_.sliceCount) {
        int organs = 0;
        for (Organ organ : kAllOrgans)
            organs += reviewedSlices_.has(index_, organ) ? 1 : 0;
        if (organs == kOrganCount) {
            status = QStringLiteral("reviewed");
            state = SliceAnnotations::TextState::Reviewed;
        } else if (organs > 0) {
            status = QStringLiteral("reviewed %1/%2 organs").arg(organs).arg(kOrganCount);
            state = SliceAnnotations::TextState::PartlyReviewed;
        }
    }
    sliceText_ = status.isEmpty() ? position : position + QStringLiteral("  ") + status;
    annotations_->setText(position.toStdString(), status.toStdString(), state);
}

std::vector<QRectF> SliceView::labelBoxes() {
    std::vector<QRectF> boxes;
    for (const auto& b : annotations_->labelBoxes(renderer())) boxes.emplace_back(QPointF(b[0], b[1]), QPointF(b[2], b[3]));
    return boxes;
}

void SliceView::resetView() {
    zoom_ = 1.0;
    panX_ = panY_ = 0;
    updateCamera();
    update();
}

void SliceView::resizeGL(int w, int h) {
    VtkHostWidget::resizeGL(w, h);
    updateCamera();
}

bool SliceView::framebufferToPlane(int px, int py, double& u, double& v) const {
    if (!scan_) return false;
    const double ratio = devicePixelRatioF();
    const int fbHeight = int(height() * ratio + 0.5);
    renderer()->SetDisplayPoint(px + 0.5, fbHeight - py - 0.5, 0);
    renderer()->DisplayToWorld();
    double world[4];
    renderer()->GetWorldPoint(world);
    if (world[3] != 0) {
        world[0] /= world[3];
        world[1] /= world[3];
    }
    u = world[0] / layout_.spacingU;
    v = world[1] / layout_.spacingV;
    return u > -0.5 && v > -0.5 && u < layout_.width - 0.5 && v < layout_.height - 0.5;
}

QPointF SliceView::planeToWidget(double u, double v) const {
    renderer()->SetWorldPoint(u * layout_.spacingU, v * layout_.spacingV, 0, 1);
    renderer()->WorldToDisplay();
    double display[3];
    renderer()->GetDisplayPoint(display);
    const double ratio = devicePixelRatioF();
    return QPointF(display[0] / ratio, height() - display[1] / ratio);
}

bool SliceView::eventToPlane(const QPointF& position, double& u, double& v) const {
    const double ratio = devicePixelRatioF();
    return framebufferToPlane(int(position.x() * ratio), int(position.y() * ratio), u, v);
}

void SliceView::moveCursorTo(const QPointF& position) {
    double u = 0, v = 0;
    if (!eventToPlane(position, u, v)) return;
    auto voxel = planeToVoxel(plane_, int(std::lround(u)), int(std::lround(v)), index_);
    state_->setCursor(voxel);
}

void SliceView::setGesture(Gesture gesture, double brushRadiusMm) {
    gesture_ = gesture;
    brushRadiusMm_ = brushRadiusMm;
    setCursor(gesture == Gesture::Navigate ? Qt::ArrowCursor : Qt::CrossCursor);
    if (gesture == Gesture::Navigate) annotations_->hideOutline();
    update();
}

void SliceView::updateToolOutline(const QPointF& position) {
    if (!scan_ || gesture_ == Gesture::Navigate) return;
    if (gesture_ == Gesture::Brush) {
        double u = 0, v = 0;
        eventToPlane(position, u, v);
        annotations_->showBrush(u, v, brushRadiusMm_);
    } else {
        annotations_->showPath(path_);
    }
    update();
}

void SliceView::mousePressEvent(QMouseEvent* event) {
    if (!scan_) return;
    if (event->button() == Qt::LeftButton && gesture_ != Gesture::Navigate) {
        double u = 0, v = 0;
        eventToPlane(event->position(), u, v);
        dragButton_ = Qt::LeftButton;
        path_ = {{u, v}};
        emit strokeStarted(index_);
        if (gesture_ == Gesture::Brush) emit strokeMoved(index_, path_.front(), path_.front());
        updateToolOutline(event->position());
        event->accept();
        return;
    }
    dragButton_ = event->button();
    dragStart_ = event->position();
    dragWindowLow_ = state_->windowLow();
    dragWindowHigh_ = state_->windowHigh();
    dragPanX_ = panX_;
    dragPanY_ = panY_;
    if (dragButton_ == Qt::LeftButton) moveCursorTo(event->position());
    event->accept();
}

void SliceView::mouseMoveEvent(QMouseEvent* event) {
    if (!scan_) return;
    double u = 0, v = 0;
    const bool inside = eventToPlane(event->position(), u, v);
    auto voxel = planeToVoxel(plane_, int(std::lround(u)), int(std::lround(v)), index_);
    emit hovered(voxel[0], voxel[1], voxel[2], inside);
    const QPointF delta = event->position() - dragStart_;
    if (dragButton_ == Qt::LeftButton && gesture_ != Gesture::Navigate) {
        const PlanePoint point{u, v};
        const PlanePoint previous = path_.empty() ? point : path_.back();
        path_.push_back(point);
        if (gesture_ == Gesture::Brush) emit strokeMoved(index_, previous, point);
        updateToolOutline(event->position());
        return;
    }
    updateToolOutline(event->position());
    if (dragButton_ == Qt::LeftButton) {
        moveCursorTo(event->position());
    } else if (dragButton_ == Qt::RightButton) {
        // Horizontal drag widens the window, vertical drag moves the level (as in ITK-SNAP).
        const double width = dragWindowHigh_ - dragWindowLow_;
        const double level = (dragWindowHigh_ + dragWindowLow_) / 2;
        const double newWidth = std::max(1.0, width * std::exp(delta.x() / 200.0));
        const double newLevel = level - delta.y() * width / 300.0;
        state_->setWindow(newLevel - newWidth / 2, newLevel + newWidth / 2);
    } else if (dragButton_ == Qt::MiddleButton) {
        const double mmPerPixel = renderer()->GetActiveCamera()->GetParallelScale() * 2 / std::max(1, height());
        panX_ = dragPanX_ - delta.x() * mmPerPixel;
        panY_ = dragPanY_ - delta.y() * mmPerPixel;
        updateCamera();
        update();
    }
}

void SliceView::mouseReleaseEvent(QMouseEvent* event) {
    if (dragButton_ == Qt::LeftButton && gesture_ != Gesture::Navigate && !path_.empty()) {
        dragButton_ = Qt::NoButton;
        auto path = std::move(path_);
        path_.clear();
        emit strokeFinished(index_, path);
        updateToolOutline(event->position());
        return;
    }
    dragButton_ = Qt::NoButton;
}

void SliceView::wheelEvent(QWheelEvent* event) {
    if (!scan_) return;
    const int steps = event->angleDelta().y() > 0 ? 1 : event->angleDelta().y() < 0 ? -1 : 0;
    if (event->modifiers() & Qt::ControlModifier) {
        zoom_ = std::clamp(zoom_ * (steps > 0 ? 1.15 : 1 / 1.15), 0.2, 20.0);
        updateCamera();
        update();
    } else {
        setSliceIndex(index_ - steps);
    }
    event->accept();
}

void SliceView::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
    case Qt::Key_Up: case Qt::Key_Left: setSliceIndex(index_ - 1); break;
    case Qt::Key_Down: case Qt::Key_Right: setSliceIndex(index_ + 1); break;
    case Qt::Key_PageUp: setSliceIndex(index_ - 10); break;
    case Qt::Key_PageDown: setSliceIndex(index_ + 10); break;
    case Qt::Key_Home: setSliceIndex(0); break;
    case Qt::Key_End: setSliceIndex(sliceCount() - 1); break;
    case Qt::Key_R: resetView(); break;
    default: VtkHostWidget::keyPressEvent(event); return;
    }
    event->accept();
}

} // namespace gireview
