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
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkVolume.h>
#include <vtkVolumeProperty.h>

namespace gireview {

SurfaceView::SurfaceView(ViewState* state, QWidget* parent) : VtkHostWidget(parent), state_(state) {
    setMinimumSize(160, 160);
    renderer()->SetBackground(0.08, 0.09, 0.11);
    renderer()->SetBackground2(0.2, 0.22, 0.26);
    renderer()->GradientBackgroundOn();
    for (Layer which : {Layer::Reviewed, Layer::Prediction})
        for (Organ organ : kAllOrgans) {
            auto& actor = layer(which).actors[size_t(organIndex(organ))];
            actor = vtkSmartPointer<vtkActor>::New();
            vtkNew<vtkPolyDataMapper> mapper;
            mapper->ScalarVisibilityOff();
            mapper->SetInputData(vtkSmartPointer<vtkPolyData>::New());
            actor->SetMapper(mapper);
            const QColor c = organColor(organ);
            actor->GetProperty()->SetColor(c.redF(), c.greenF(), c.blueF());
            actor->GetProperty()->SetSpecular(0.2);
            actor->GetProperty()->SetSpecularPower(20);
            if (which == Layer::Prediction) {
                // Translucent, lighter and without highlights: never mistaken for reviewed labels.
                const QColor light = c.lighter(140);
                actor->GetProperty()->SetColor(light.redF(), light.greenF(), light.blueF());
                actor->GetProperty()->SetOpacity(0.3);
                actor->GetProperty()->SetSpecular(0);
            }
            renderer()->AddActor(actor);
        }
    emptyText_ = vtkSmartPointer<vtkTextActor>::New();
    emptyText_->GetTextProperty()->SetFontSize(15);
    emptyText_->GetTextProperty()->SetColor(0.85, 0.85, 0.85);
    emptyText_->GetTextProperty()->SetJustificationToCentered();
    emptyText_->GetTextProperty()->SetVerticalJustificationToCentered();
    emptyText_->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    emptyText_->SetPosition(0.5, 0.5);
    renderer()->AddActor2D(emptyText_);
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

void SurfaceView::setVolumes(std::shared_ptr<const ScanVolume> scan, std::shared_ptr<const LabelVolume> labels,
                             std::shared_ptr<const LabelVolume> prediction) {
    scan_ = std::move(scan);
    layer(Layer::Reviewed).labels = std::move(labels);
    layer(Layer::Prediction).labels = std::move(prediction);
    cameraPlaced_ = false;
    clearLayer(Layer::Reviewed);
    clearLayer(Layer::Prediction);
    if (volume_) {
        renderer()->RemoveVolume(volume_);
        volume_ = nullptr;
    }
    updateVolumeRendering();
    for (Layer which : {Layer::Reviewed, Layer::Prediction})
        for (Organ organ : kAllOrgans)
            startMeshing(which, organ);
    if (!meshing()) resetCamera();
    updateEmptyMessage();
    update();
}

void SurfaceView::setPrediction(std::shared_ptr<const LabelVolume> prediction) {
    layer(Layer::Prediction).labels = std::move(prediction);
    clearLayer(Layer::Prediction);
    for (Organ organ : kAllOrgans)
        startMeshing(Layer::Prediction, organ);
    updateEmptyMessage();
    update();
}

void SurfaceView::clearLayer(Layer which) {
    for (auto& actor : layer(which).actors)
        vtkPolyDataMapper::SafeDownCast(actor->GetMapper())->SetInputData(vtkSmartPointer<vtkPolyData>::New());
}

void SurfaceView::labelsChanged(std::uint8_t organMask) {
    for (Organ organ : kAllOrgans)
        if (organMask & organBit(organ)) startMeshing(Layer::Reviewed, organ);
}

bool SurfaceView::meshing() const {
    for (const SurfaceLayer& l : layers_)
        if (std::any_of(l.pending.begin(), l.pending.end(), [](int n) { return n > 0; })) return true;
    return false;
}

long long SurfaceView::surfacePoints(Organ organ, Layer which) const {
    auto* data = vtkPolyDataMapper::SafeDownCast(layer(which).actors[size_t(organIndex(organ))]->GetMapper())->GetInput();
    return data ? data->GetNumberOfPoints() : 0;
}

void SurfaceView::startMeshing(Layer which, Organ organ) {
    SurfaceLayer& l = layer(which);
    if (!l.labels) return;
    const size_t o = size_t(organIndex(organ));
    const int generation = ++l.generation[o];
    ++l.pending[o];
    // A copy of the organ's box, taken here on the GUI thread where the brush writes.
    auto box = std::make_shared<OrganBox>(copyOrganBox(*l.labels, organ));
    meshers_.run<vtkSmartPointer<vtkPolyData>>(
        this, [box] { return meshOrgan(*box); },
        [this, which, organ, generation](vtkSmartPointer<vtkPolyData> mesh) { applyMesh(which, organ, mesh, generation); });
}

void SurfaceView::applyMesh(Layer which, Organ organ, vtkSmartPointer<vtkPolyData> mesh, int generation) {
    SurfaceLayer& l = layer(which);
    const size_t o = size_t(organIndex(organ));
    --l.pending[o];
    if (generation == l.generation[o]) { // else a newer edit is being meshed: this one is stale
        vtkPolyDataMapper::SafeDownCast(l.actors[o]->GetMapper())->SetInputData(mesh);
        updateAppearance();
        update();
    }
    // Stale results can arrive last: whichever one ends the meshing says so.
    if (meshing()) return;
    // The camera goes to the first surfaces there are: a day opened without labels gets it when
    // the first accept or stroke draws something, not framed on an empty scene.
    if (!cameraPlaced_ && showsSurface()) {
        resetCamera();
        cameraPlaced_ = true;
    }
    updateEmptyMessage();
    update();
    emit meshesReady();
}

bool SurfaceView::showsSurface() const {
    for (const SurfaceLayer& l : layers_)
        for (const auto& actor : l.actors)
            if (actor->GetVisibility() && actor->GetMapper()->GetInput() &&
                vtkPolyData::SafeDownCast(actor->GetMapper()->GetInput())->GetNumberOfPoints() > 0)
                return true;
    return false;
}

QString SurfaceView::emptyMessage() const {
    if (!scan_) return tr("No case-day shown");
    if (meshing() || showsSurface()) return {};
    if (!layer(Layer::Reviewed).labels && !layer(Layer::Prediction).labels)
        return tr("No labels on this day:\nrun the model (Ctrl+R) or import labels (Ctrl+I)");
    bool anyVoxel = false;
    for (const SurfaceLayer& l : layers_)
        for (Organ organ : kAllOrgans)
            if (l.labels && l.labels->count(organ)) anyVoxel = true;
    if (anyVoxel) return tr("Every organ with a surface is hidden:\nthe Organs panel's eyes, or L for the labels");
    return tr("No organ drawn on this day yet:\nrun the model (Ctrl+R) or draw one");
}

void SurfaceView::updateEmptyMessage() {
    const QString message = emptyMessage();
    emptyText_->SetInput(message.toStdString().c_str());
    emptyText_->SetVisibility(!message.isEmpty());
}

void SurfaceView::updateAppearance() {
    const auto& overlay = state_->overlay();
    for (Organ organ : kAllOrgans) {
        const size_t o = size_t(organIndex(organ));
        auto& reviewed = layer(Layer::Reviewed).actors[o];
        reviewed->SetVisibility(overlay.organVisible[o] && overlay.showReviewed);
        // Surfaces stay readable at low overlay opacity.
        reviewed->GetProperty()->SetOpacity(std::clamp(0.4 + overlay.opacity, 0.2, 1.0));
        layer(Layer::Prediction).actors[o]->SetVisibility(overlay.organVisible[o] && overlay.showPrediction);
    }
    if (!meshing()) updateEmptyMessage();
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
