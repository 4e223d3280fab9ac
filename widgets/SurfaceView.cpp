#include "SurfaceView.h"

#include "OrganColors.h"
#include "OrganMesher.h"
#include "ViewState.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>
#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkColorTransferFunction.h>
#include <vtkImageData.h>
#include <vtkPiecewiseFunction.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSmartVolumeMapper.h>
#include <vtkVolume.h>
#include <vtkVolumeProperty.h>

namespace gireview {

SurfaceView::SurfaceView(ViewState* state, QWidget* parent) : VtkHostWidget(parent), state_(state) {
    setMinimumSize(160, 160);
    renderer()->SetBackground(0.08, 0.09, 0.11);
    renderer()->SetBackground2(0.2, 0.22, 0.26);
    renderer()->GradientBackgroundOn();
    for (Organ organ : kAllOrgans) {
        auto& actor = actors_[size_t(organIndex(organ))];
        actor = vtkSmartPointer<vtkActor>::New();
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->ScalarVisibilityOff();
        mapper->SetInputData(vtkSmartPointer<vtkPolyData>::New());
        actor->SetMapper(mapper);
        const QColor c = organColor(organ);
        actor->GetProperty()->SetColor(c.redF(), c.greenF(), c.blueF());
        actor->GetProperty()->SetSpecular(0.2);
        actor->GetProperty()->SetSpecularPower(20);
        renderer()->AddActor(actor);
    }
    connect(state_, &ViewState::overlayChanged, this, [this] {
        updateAppearance();
        update();
    });
    connect(state_, &ViewState::volumeRenderingChanged, this, [this] {
        updateVolumeRendering();
        update();
    });
}

SurfaceView::~SurfaceView() {
    // Let running mesh jobs finish before their results' receiver goes away.
    meshers_.waitForAll();
}

void SurfaceView::setVolumes(std::shared_ptr<const ScanVolume> scan, std::shared_ptr<const LabelVolume> labels) {
    scan_ = std::move(scan);
    labels_ = std::move(labels);
    cameraPlaced_ = false;
    for (auto& actor : actors_)
        vtkPolyDataMapper::SafeDownCast(actor->GetMapper())->SetInputData(vtkSmartPointer<vtkPolyData>::New());
    if (volume_) {
        renderer()->RemoveVolume(volume_);
        volume_ = nullptr;
    }
    updateVolumeRendering();
    labelsChanged(0x7);
    if (!labels_) resetCamera();
    update();
}

void SurfaceView::labelsChanged(std::uint8_t organMask) {
    for (Organ organ : kAllOrgans)
        if (organMask & organBit(organ)) startMeshing(organ);
}

bool SurfaceView::meshing() const {
    return std::any_of(pending_.begin(), pending_.end(), [](int n) { return n > 0; });
}

long long SurfaceView::surfacePoints(Organ organ) const {
    auto* data = vtkPolyDataMapper::SafeDownCast(actors_[size_t(organIndex(organ))]->GetMapper())->GetInput();
    return data ? data->GetNumberOfPoints() : 0;
}

void SurfaceView::startMeshing(Organ organ) {
    if (!labels_) return;
    const size_t o = size_t(organIndex(organ));
    const int generation = ++generation_[o];
    ++pending_[o];
    // A copy of the organ's box, taken here on the GUI thread where the brush writes.
    auto box = std::make_shared<OrganBox>(copyOrganBox(*labels_, organ));
    meshers_.run<vtkSmartPointer<vtkPolyData>>(
        this, [box] { return meshOrgan(*box); },
        [this, organ, generation](vtkSmartPointer<vtkPolyData> mesh) { applyMesh(organ, mesh, generation); });
}

void SurfaceView::applyMesh(Organ organ, vtkSmartPointer<vtkPolyData> mesh, int generation) {
    const size_t o = size_t(organIndex(organ));
    --pending_[o];
    if (generation == generation_[o]) { // else a newer edit is being meshed: this one is stale
        vtkPolyDataMapper::SafeDownCast(actors_[o]->GetMapper())->SetInputData(mesh);
        updateAppearance();
        update();
    }
    // Stale results can arrive last: whichever one ends the meshing says so.
    if (meshing()) return;
    if (!cameraPlaced_) {
        resetCamera();
        cameraPlaced_ = true;
        update();
    }
    emit meshesReady();
}

void SurfaceView::updateAppearance() {
    const auto& overlay = state_->overlay();
    for (Organ organ : kAllOrgans) {
        auto& actor = actors_[size_t(organIndex(organ))];
        actor->SetVisibility(overlay.organVisible[size_t(organIndex(organ))] && overlay.showReviewed);
        // Surfaces stay readable at low overlay opacity.
        actor->GetProperty()->SetOpacity(std::clamp(0.4 + overlay.opacity, 0.2, 1.0));
    }
}

void SurfaceView::updateVolumeRendering() {
    if (!state_->volumeRendering() || !scan_) {
        if (volume_) volume_->SetVisibility(false);
        return;
    }
    if (!volume_) {
        const auto& g = scan_->geometry();
        vtkNew<vtkImageData> image;
        image->SetDimensions(g.width, g.height, g.depth);
        image->SetSpacing(g.spacingX, g.spacingY, g.spacingZ);
        image->SetOrigin(0, 0, -(g.depth - 1) * g.spacingZ);
        image->AllocateScalars(VTK_UNSIGNED_SHORT, 1);
        // Slices in LPS order: image layer k is slice depth - 1 - k (slice 1 on top).
        auto* out = static_cast<std::uint16_t*>(image->GetScalarPointer());
        for (int k = 0; k < g.depth; ++k)
            std::copy(scan_->slice(g.depth - 1 - k), scan_->slice(g.depth - 1 - k) + g.sliceSize(), out + g.sliceSize() * size_t(k));
        // Faint: only the brightest tissue shows, as context around the surfaces.
        const double low = scan_->percentile(85), high = scan_->percentile(99.8);
        vtkNew<vtkPiecewiseFunction> opacity;
        opacity->AddPoint(0, 0);
        opacity->AddPoint(low, 0);
        opacity->AddPoint(high, 0.25);
        vtkNew<vtkColorTransferFunction> colors;
        colors->AddRGBPoint(low, 0.3, 0.3, 0.3);
        colors->AddRGBPoint(high, 1, 1, 1);
        vtkNew<vtkVolumeProperty> property;
        property->SetScalarOpacity(opacity);
        property->SetColor(colors);
        property->SetInterpolationTypeToLinear();
        property->SetScalarOpacityUnitDistance(40.0); // opacity per 40 mm of tissue
        vtkNew<vtkSmartVolumeMapper> mapper;
        mapper->SetInputData(image);
        volume_ = vtkSmartPointer<vtkVolume>::New();
        volume_->SetMapper(mapper);
        volume_->SetProperty(property);
        renderer()->AddVolume(volume_);
    }
    volume_->SetVisibility(true);
}

void SurfaceView::resetCamera() {
    vtkCamera* camera = renderer()->GetActiveCamera();
    // Frontal view from anterior, head up: the patient's right on the screen's left.
    camera->SetFocalPoint(0, 0, 0);
    camera->SetPosition(0, -1, 0);
    camera->SetViewUp(0, 0, 1);
    renderer()->ResetCamera();
    update();
}

void SurfaceView::mousePressEvent(QMouseEvent* event) {
    dragButton_ = event->button();
    lastPos_ = event->position();
}

void SurfaceView::mouseMoveEvent(QMouseEvent* event) {
    if (dragButton_ == Qt::NoButton) return;
    const QPointF delta = event->position() - lastPos_;
    lastPos_ = event->position();
    vtkCamera* camera = renderer()->GetActiveCamera();
    if (dragButton_ == Qt::LeftButton) {
        camera->Azimuth(-delta.x() * 0.5);
        camera->Elevation(delta.y() * 0.5);
        camera->OrthogonalizeViewUp();
    } else if (dragButton_ == Qt::MiddleButton) {
        double focal[3], position[3], up[3], right[3], direction[3];
        camera->GetFocalPoint(focal);
        camera->GetPosition(position);
        camera->GetViewUp(up);
        for (int i = 0; i < 3; ++i) direction[i] = focal[i] - position[i];
        right[0] = direction[1] * up[2] - direction[2] * up[1];
        right[1] = direction[2] * up[0] - direction[0] * up[2];
        right[2] = direction[0] * up[1] - direction[1] * up[0];
        const double norm = std::sqrt(right[0] * right[0] + right[1] * right[1] + right[2] * right[2]);
        const double scale = camera->GetDistance() * 0.002;
        for (int i = 0; i < 3; ++i) {
            const double move = (-delta.x() * right[i] / std::max(norm, 1e-9) + delta.y() * up[i]) * scale;
            focal[i] += move;
            position[i] += move;
        }
        camera->SetFocalPoint(focal);
        camera->SetPosition(position);
    }
    renderer()->ResetCameraClippingRange();
    update();
}

void SurfaceView::mouseReleaseEvent(QMouseEvent*) { dragButton_ = Qt::NoButton; }

void SurfaceView::wheelEvent(QWheelEvent* event) {
    renderer()->GetActiveCamera()->Dolly(event->angleDelta().y() > 0 ? 1.1 : 1 / 1.1);
    renderer()->ResetCameraClippingRange();
    update();
    event->accept();
}

void SurfaceView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_R) {
        resetCamera();
        event->accept();
        return;
    }
    VtkHostWidget::keyPressEvent(event);
}

} // namespace gireview
