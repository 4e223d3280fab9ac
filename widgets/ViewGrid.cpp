#include "ViewGrid.h"

#include "SurfaceView.h"

#include <QGridLayout>

namespace gireview {

ViewGrid::ViewGrid(ViewState* state, QWidget* parent) : QWidget(parent) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    for (ViewPlane plane : {ViewPlane::Axial, ViewPlane::Coronal, ViewPlane::Sagittal}) {
        auto* view = new SliceView(plane, state, this);
        view->setObjectName(QStringLiteral("sliceView%1").arg(int(plane)));
        sliceViews_[size_t(plane)] = view;
        panes_[size_t(plane)] = view;
        connect(view, &SliceView::hovered, this, &ViewGrid::hovered);
        connect(view, &SliceView::strokeStarted, this, [this](int) { emit strokeStarted(); });
        connect(view, &SliceView::strokeMoved, this,
                [this, plane](int index, PlanePoint from, PlanePoint to) {
                    emit strokeMoved(plane, index, from, to);
                });
        connect(view, &SliceView::strokeFinished, this,
                [this, plane](int index, std::vector<PlanePoint> path) {
                    emit strokeFinished(plane, index, path);
                });
    }
    surfaceView_ = new SurfaceView(state, this);
    surfaceView_->setObjectName(QStringLiteral("surfaceView"));
    panes_[3] = surfaceView_;
    for (int i = 0; i < 4; ++i)
        grid->addWidget(panes_[size_t(i)], i / 2, i % 2);
}

void ViewGrid::setVolumes(std::shared_ptr<const ScanVolume> scan,
                          std::shared_ptr<const LabelVolume> labels,
                          std::shared_ptr<const LabelVolume> prediction) {
    for (auto* view : sliceViews_)
        view->setVolumes(scan, labels, prediction);
    surfaceView_->setVolumes(scan, labels, prediction);
}

void ViewGrid::setPrediction(std::shared_ptr<const LabelVolume> prediction) {
    for (auto* view : sliceViews_)
        view->setPrediction(prediction);
    surfaceView_->setPrediction(prediction);
}

void ViewGrid::labelsChanged(std::uint8_t organs, bool partial) {
    for (auto* view : sliceViews_)
        view->labelsChanged();
    if (!partial)
        surfaceView_->labelsChanged(organs); // re-mesh only the organs a finished edit changed
}

void ViewGrid::maximizePane(int pane) {
    maximized_ = (pane == maximized_) ? -1 : pane;
    for (int i = 0; i < 4; ++i)
        panes_[size_t(i)]->setVisible(maximized_ < 0 || maximized_ == i);
}

void ViewGrid::resetViews() {
    for (auto* view : sliceViews_)
        view->resetView();
    surfaceView_->resetCamera();
}

} // namespace gireview
