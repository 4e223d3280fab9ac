#pragma once
// One 2D view (axial, coronal or sagittal) of the loaded case-day, drawn by VTK: the MR slice
// with window/level, the organ overlay, the linked crosshair and orientation markers. Mouse:
// left click/drag moves the crosshair (and so the other views), wheel scrolls slices,
// ctrl+wheel zooms, middle-drag pans, right-drag adjusts window/level. Keys: arrows and
// Page Up/Down scroll, Home/End, R resets the view.
#include "data/LabelledSlices.h"
#include "data/LabelVolume.h"
#include "data/ScanVolume.h"
#include "editing/EditTools.h"
#include "ToolGesture.h"
#include "editing/ViewPlane.h"
#include "VtkHostWidget.h"

#include <array>
#include <QRectF>
#include <memory>
#include <vector>

class vtkImageData;
class vtkImageSlice;

namespace gireview {

class PredictionOutline;
class SliceAnnotations;
class ViewState;

class SliceView : public VtkHostWidget {
    Q_OBJECT
public:
    SliceView(ViewPlane plane, ViewState* state, QWidget* parent = nullptr);
    ~SliceView() override;

    void setVolumes(std::shared_ptr<const ScanVolume> scan, std::shared_ptr<const LabelVolume> reviewed,
                    std::shared_ptr<const LabelVolume> prediction);
    // Re-reads the label volumes after an edit (same objects, new content).
    void labelsChanged();
    // A new prediction layer: the overlay is redrawn; zoom, pan and slice stay.
    void setPrediction(std::shared_ptr<const LabelVolume> prediction);
    // The organs reviewed (marked or approved) on each slice: an axial view names the shown
    // slice's state beside its number, in green when every organ is reviewed.
    void setReviewedSlices(const LabelledSlices& reviewed);
    QString sliceText() const { return sliceText_; }
    // Where the orientation markers and the slice text are drawn now (viewport pixels, y up).
    std::vector<QRectF> labelBoxes();
    // The orientation letters at the left, right, top and bottom (ViewPlane's PlaneLayout).
    std::array<char, 4> markers() const { return layout_.markers; }
    ViewPlane plane() const { return plane_; }
    int sliceIndex() const { return index_; }
    int sliceCount() const;
    void setSliceIndex(int index);
    void resetView();
    double zoom() const { return zoom_; }

    // What a left-button drag does (ToolGesture.h).
    using Gesture = ToolGesture;
    void setGesture(Gesture gesture, double brushRadiusMm);
    Gesture gesture() const { return gesture_; }

    // Screen pixel (in grabFramebuffer() coordinates) to plane coordinates (u, v in pixels of
    // the slice, voxel centres at integers). False when outside the slice.
    bool framebufferToPlane(int px, int py, double& u, double& v) const;
    // The prediction layer's lines on this slice (for tests).
    const PredictionOutline& predictionOutline() const { return *predictionOutline_; }
    // Widget position (logical pixels) of plane coordinates (u, v): for tests and tool overlays.
    QPointF planeToWidget(double u, double v) const;

signals:
    // The voxel under the mouse (valid false when outside the volume), for the status bar.
    void hovered(int x, int y, int z, bool valid);
    // Editing gestures on slice `index` of this view's plane (plane pixel coordinates).
    void strokeStarted(int index);
    void strokeMoved(int index, gireview::PlanePoint from, gireview::PlanePoint to);
    void strokeFinished(int index, std::vector<gireview::PlanePoint> path);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeGL(int width, int height) override;

private:
    void rebuildSlice();
    void rebuildOverlay();
    void updateCrosshair();
    void updateCamera();
    void updateWindowLevel();
    void updateText();
    LabelledSlices reviewedSlices_; // per slice, the organs marked or approved
    QString sliceText_;
    bool eventToPlane(const QPointF& position, double& u, double& v) const;
    void moveCursorTo(const QPointF& position);
    void updateToolOutline(const QPointF& position);

    ViewPlane plane_;
    ViewState* state_;
    std::shared_ptr<const ScanVolume> scan_;
    std::shared_ptr<const LabelVolume> reviewed_, prediction_;
    PlaneLayout layout_;
    int index_ = 0;
    double zoom_ = 1.0;
    double panX_ = 0, panY_ = 0; // mm
    Qt::MouseButton dragButton_ = Qt::NoButton;
    QPointF dragStart_;
    double dragWindowLow_ = 0, dragWindowHigh_ = 0, dragPanX_ = 0, dragPanY_ = 0;

    std::vector<std::uint16_t> pixels_;
    std::vector<std::uint8_t> reviewedPlane_, predictionPlane_, rgba_;
    vtkSmartPointer<vtkImageData> image_, overlay_;
    vtkSmartPointer<vtkImageSlice> imageSlice_, overlaySlice_;
    std::unique_ptr<SliceAnnotations> annotations_;
    std::unique_ptr<PredictionOutline> predictionOutline_;
    Gesture gesture_ = Gesture::Navigate;
    double brushRadiusMm_ = 5.0;
    std::vector<PlanePoint> path_;
};

} // namespace gireview
