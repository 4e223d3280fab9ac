#pragma once
// The 3D view: organ surfaces in the organ colours, meshed off the GUI thread (only the organs
// that changed are re-meshed), the prediction layer as translucent surfaces beside them,
// optional volume rendering of the MR image. An empty view says why it is empty. Mouse:
// left-drag rotates, wheel zooms, middle-drag pans; R resets the camera.
#include "data/LabelVolume.h"
#include "data/ScanVolume.h"
#include "VtkHostWidget.h"

#include "WorkerThreads.h"

#include <array>
#include <memory>

class vtkActor;
class vtkPolyData;
class vtkTextActor;
class vtkVolume;

namespace gireview {

class ViewState;

class SurfaceView : public VtkHostWidget {
    Q_OBJECT
public:
    SurfaceView(ViewState* state, QWidget* parent = nullptr);
    ~SurfaceView() override;

    void setVolumes(std::shared_ptr<const ScanVolume> scan, std::shared_ptr<const LabelVolume> labels,
                    std::shared_ptr<const LabelVolume> prediction = nullptr);
    void setPrediction(std::shared_ptr<const LabelVolume> prediction);
    // Re-mesh only the organs whose bits are set in `organMask` (organBit values OR-ed).
    void labelsChanged(std::uint8_t organMask);
    void resetCamera();
    bool meshing() const;
    enum class Layer { Reviewed = 0, Prediction = 1 };
    // Points in the current surface of an organ (0 when absent or not meshed yet).
    long long surfacePoints(Organ organ, Layer layer = Layer::Reviewed) const;
    // Why the view shows no surface ("" when it shows one).
    QString emptyMessage() const;

signals:
    void meshesReady();

private:
    struct Job;
    // One layer's surfaces: its labels, one actor per organ, and the mesh jobs in flight.
    struct SurfaceLayer {
        std::shared_ptr<const LabelVolume> labels;
        std::array<vtkSmartPointer<vtkActor>, kOrganCount> actors;
        std::array<int, kOrganCount> generation{};
        std::array<int, kOrganCount> pending{};
    };
    SurfaceLayer& layer(Layer which) { return layers_[size_t(which)]; }
    const SurfaceLayer& layer(Layer which) const { return layers_[size_t(which)]; }
    void startMeshing(Layer which, Organ organ);
    void applyMesh(Layer which, Organ organ, vtkSmartPointer<vtkPolyData> mesh, int generation);
    void clearLayer(Layer which);
    bool showsSurface() const;
    void updateEmptyMessage();
    void updateAppearance();
    void updateVolumeRendering();
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

    ViewState* state_;
    std::shared_ptr<const ScanVolume> scan_;
    std::array<SurfaceLayer, 2> layers_;
    vtkSmartPointer<vtkTextActor> emptyText_;
    vtkSmartPointer<vtkVolume> volume_;
    Qt::MouseButton dragButton_ = Qt::NoButton;
    QPointF lastPos_;
    bool cameraPlaced_ = false; // placed on the first surfaces shown, not on an empty scene
    WorkerThreads meshers_;     // last: every mesh job is joined before the view goes
};

} // namespace gireview
