#include "SlicePreview.h"

#include "OrganColors.h"

#include <QKeyEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>

namespace gireview {

SlicePreview::SlicePreview(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(300, 300);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, Qt::black);
    setPalette(p);
}

void SlicePreview::setVolumes(std::shared_ptr<const ScanVolume> scan,
                              std::shared_ptr<const LabelVolume> labels) {
    scan_ = std::move(scan);
    labels_ = std::move(labels);
    if (scan_) {
        windowLow_ = scan_->percentile(0.5);
        windowHigh_ = std::max(windowLow_ + 1.0, double(scan_->percentile(99.5)));
    }
    slice_ = 0;
    rebuildImage();
}

void SlicePreview::setSlice(int zIndex) {
    if (!scan_) return;
    zIndex = std::clamp(zIndex, 0, scan_->geometry().depth - 1);
    if (zIndex == slice_ && !image_.isNull()) return;
    slice_ = zIndex;
    rebuildImage();
    emit sliceChanged(slice_);
}

void SlicePreview::rebuildImage() {
    if (!scan_) {
        image_ = QImage();
        update();
        return;
    }
    const auto& g = scan_->geometry();
    image_ = QImage(g.width, g.height, QImage::Format_RGB32);
    const std::uint16_t* pixels = scan_->slice(slice_);
    const std::uint8_t* bits = labels_ && labels_->geometry().sameGrid(g) ? labels_->slice(slice_) : nullptr;
    const double scale = 255.0 / (windowHigh_ - windowLow_);
    for (int y = 0; y < g.height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image_.scanLine(y));
        for (int x = 0; x < g.width; ++x) {
            const size_t i = size_t(y) * g.width + x;
            const int gray = std::clamp(int((pixels[i] - windowLow_) * scale), 0, 255);
            double r = gray, gr = gray, b = gray;
            if (bits && bits[i]) {
                for (Organ organ : kAllOrgans) {
                    if (!(bits[i] & organBit(organ))) continue;
                    const QColor c = organColor(organ);
                    r = 0.45 * r + 0.55 * c.red();
                    gr = 0.45 * gr + 0.55 * c.green();
                    b = 0.45 * b + 0.55 * c.blue();
                }
            }
            line[x] = qRgb(int(r), int(gr), int(b));
        }
    }
    update();
}

void SlicePreview::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    if (image_.isNull()) {
        painter.setPen(Qt::gray);
        painter.drawText(rect(), Qt::AlignCenter, tr("Select a case-day"));
        return;
    }
    // Fit with the physical aspect of the pixels.
    const auto& g = scan_->geometry();
    const double w = g.width * g.spacingX, h = g.height * g.spacingY;
    const double s = std::min(width() / w, height() / h);
    QRectF target((width() - w * s) / 2, (height() - h * s) / 2, w * s, h * s);
    painter.drawImage(target, image_);
    painter.setPen(Qt::white);
    painter.drawText(rect().adjusted(6, 4, -6, -4), Qt::AlignTop | Qt::AlignHCenter, QStringLiteral("A"));
    painter.drawText(rect().adjusted(6, 4, -6, -4), Qt::AlignBottom | Qt::AlignHCenter, QStringLiteral("P"));
    painter.drawText(rect().adjusted(6, 4, -6, -4), Qt::AlignVCenter | Qt::AlignLeft, QStringLiteral("R"));
    painter.drawText(rect().adjusted(6, 4, -6, -4), Qt::AlignVCenter | Qt::AlignRight, QStringLiteral("L"));
    painter.drawText(rect().adjusted(6, 4, -6, -4), Qt::AlignBottom | Qt::AlignLeft,
                     tr("slice %1/%2").arg(slice_ + 1).arg(g.depth));
}

void SlicePreview::wheelEvent(QWheelEvent* event) {
    setSlice(slice_ + (event->angleDelta().y() > 0 ? -1 : 1));
    event->accept();
}

void SlicePreview::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
    case Qt::Key_Up: case Qt::Key_Left: setSlice(slice_ - 1); break;
    case Qt::Key_Down: case Qt::Key_Right: setSlice(slice_ + 1); break;
    case Qt::Key_PageUp: setSlice(slice_ - 10); break;
    case Qt::Key_PageDown: setSlice(slice_ + 10); break;
    case Qt::Key_Home: setSlice(0); break;
    case Qt::Key_End: setSlice(sliceCount() - 1); break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}

} // namespace gireview
