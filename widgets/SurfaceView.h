#pragma once
// The 3D view: organ surfaces in the organ colours, meshed off the GUI thread (only the organs
// that changed are re-meshed), optional volume rendering of the MR image. Mouse: left-drag
// rotates, wheel zooms, middle-drag pans; R resets the camera.
#include "data/LabelVolume.h"
#include "data/ScanVolume.h"
#include "VtkHostWidget.h"

#include "WorkerThreads.h"

#include <array>
#include <memory>

class vtkActor;
class vtkPolyData;
class vtkVolume;

namespace gireview {

class ViewState;

class SurfaceView : public VtkHostWidget {
    Q_OBJECT
public:
    SurfaceView(ViewState* state, QWidget* parent = nullptr);
    ~SurfaceView() override;

    void setVolumes(std::shared_ptr<const ScanVolume> scan, std::shared_ptr<const LabelVolume> labels);
    // Re-mesh only the organs whose bits are set in `organMask` (organBit values OR-ed).
    void labelsChanged(std::uint8_t organMask);
    void resetCamera();
    bool meshing() const;
    // Points in the current surface of an organ (0 when absent or not meshed yet).
    long long surfacePoints(Organ organ) const;

signals:
    void meshesReady();

private:
    struct Job;
    void startMeshing(Organ organ);
    void applyMesh(Organ organ, vtkSmartPointer<vtkPolyData> mesh, int generation);
    void updateAppearance();
    void updateVolumeRendering();
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

    ViewState* state_;
    std::shared_ptr<const ScanVolume> scan_;
    std::shared_ptr<const LabelVolume> labels_;
    std::array<vtkSmartPointer<vtkActor>, kOrganCount> actors_;
    std::array<int, kOrganCount> generation_{};
    std::array<int, kOrganCount> pending_{};
    WorkerThreads meshers_; // last: every mesh job is joined before the view goes
    vtkSmartPointer<vtkVolume> volume_;
    Qt::MouseButton dragButton_ = Qt::NoButton;
    QPointF lastPos_;
    bool cameraPlaced_ = false;
};

} // namespace gireview
