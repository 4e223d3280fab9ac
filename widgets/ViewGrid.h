#pragma once
// The four panes: axial, coronal and sagittal slice views linked by the crosshair, and the 3D
// view; any one can be maximised. What they show comes in through setVolumes and the change
// notifications; strokes go out with their plane.
#include "SliceView.h"

#include <QWidget>
#include <array>
#include <memory>

class QGridLayout;

namespace gireview {

class SurfaceView;
class ViewState;

class ViewGrid : public QWidget {
    Q_OBJECT
public:
    ViewGrid(ViewState* state, QWidget* parent);
    SliceView* sliceView(ViewPlane plane) const { return sliceViews_[size_t(plane)]; }
    std::vector<SliceView*> sliceViews() const { return {sliceViews_.begin(), sliceViews_.end()}; }
    SurfaceView* surfaceView() const { return surfaceView_; }

    void setVolumes(std::shared_ptr<const ScanVolume> scan,
                    std::shared_ptr<const LabelVolume> labels,
                    std::shared_ptr<const LabelVolume> prediction);
    // The overlay only: zoom, pan and the meshes stay.
    void setPrediction(std::shared_ptr<const LabelVolume> prediction);
    // An edit changed `organs`; a stroke in progress (`partial`) redraws the slices only.
    void labelsChanged(std::uint8_t organs, bool partial);
    // Shows only `pane` (0 axial, 1 coronal, 2 sagittal, 3 3D); again, or -1: all four.
    void maximizePane(int pane);
    void resetViews();

signals:
    void hovered(int x, int y, int z, bool valid);
    void strokeStarted();
    void strokeMoved(gireview::ViewPlane plane, int index, gireview::PlanePoint from,
                     gireview::PlanePoint to);
    void strokeFinished(gireview::ViewPlane plane, int index,
                        std::vector<gireview::PlanePoint> path);

private:
    std::array<SliceView*, 3> sliceViews_{};
    SurfaceView* surfaceView_ = nullptr;
    std::array<QWidget*, 4> panes_{};
    int maximized_ = -1;
};

} // namespace gireview
