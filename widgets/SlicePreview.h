#pragma once
// A plain Qt view of one axial slice with organ overlays: the minimal viewer until the VTK
// views land. Windowing comes from the day's intensity percentiles; the wheel and arrow keys
// change slices.
#include "LabelVolume.h"
#include "ScanVolume.h"

#include <QImage>
#include <QWidget>
#include <memory>

namespace gireview {

class SlicePreview : public QWidget {
    Q_OBJECT
public:
    explicit SlicePreview(QWidget* parent = nullptr);
    void setVolumes(std::shared_ptr<const ScanVolume> scan, std::shared_ptr<const LabelVolume> labels);
    void setSlice(int zIndex);
    int slice() const { return slice_; }
    int sliceCount() const { return scan_ ? scan_->geometry().depth : 0; }
    QImage renderedSlice() const { return image_; } // for tests and snapshots

signals:
    void sliceChanged(int zIndex);

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void rebuildImage();
    std::shared_ptr<const ScanVolume> scan_;
    std::shared_ptr<const LabelVolume> labels_;
    int slice_ = 0;
    double windowLow_ = 0, windowHigh_ = 1;
    QImage image_;
};

} // namespace gireview
