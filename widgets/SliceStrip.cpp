#include "SliceStrip.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

namespace gireview {

namespace {
constexpr int kStateBand = 7; // px of the lower band
} // namespace

SliceStrip::SliceStrip(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("sliceStrip"));
    setFixedHeight(sizeHint().height());
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Slices: risk above, review state below; click to go there"));
}

void SliceStrip::setDepth(int depth) {
    depth_ = std::max(0, depth);
    content_ = {};
    current_ = -1;
    update();
}

void SliceStrip::setContent(Content content) {
    content_ = std::move(content);
    update();
}

void SliceStrip::setCurrentSlice(int z) {
    if (z == current_) return;
    current_ = z;
    update();
}

SliceStrip::State SliceStrip::stateOf(int z) const {
    if (std::binary_search(content_.noImage.begin(), content_.noImage.end(), z)) return State::NoImage;
    if (content_.reviewed.organsOn(z) == 0x7) return State::Reviewed;
    if (content_.edited.organsOn(z)) return State::Edited;
    return State::Unreviewed;
}

QColor SliceStrip::stateColor(State state) {
    switch (state) {
    case State::Reviewed: return QColor(0x3C, 0xB0, 0x4A);
    case State::Edited: return QColor(0xCC, 0x79, 0xA7);
    case State::Unreviewed: return QColor(0x55, 0x55, 0x55);
    case State::NoImage: return QColor(0xC0, 0x1C, 0x1C);
    }
    return Qt::gray;
}

QColor SliceStrip::riskColor(float risk) {
    // Dark at 0, yellow at 0.5, vermillion at 1 (Okabe-Ito yellow and vermillion).
    const float r = std::clamp(risk, 0.0f, 1.0f);
    const QColor dark(0x26, 0x26, 0x26), yellow(0xF0, 0xE4, 0x42), red(0xD5, 0x5E, 0x00);
    const auto mix = [](const QColor& a, const QColor& b, float t) {
        return QColor(int(a.red() + (b.red() - a.red()) * t), int(a.green() + (b.green() - a.green()) * t),
                      int(a.blue() + (b.blue() - a.blue()) * t));
    };
    return r < 0.5f ? mix(dark, yellow, r * 2) : mix(yellow, red, (r - 0.5f) * 2);
}

QRect SliceStrip::cellRect(int z) const {
    if (depth_ <= 0 || z < 0 || z >= depth_) return {};
    const int left = int(double(z) * width() / depth_);
    const int right = int(double(z + 1) * width() / depth_);
    return QRect(left, 0, std::max(1, right - left), height());
}

int SliceStrip::sliceAt(int x) const {
    if (depth_ <= 0 || width() <= 0) return -1;
    return std::clamp(int(double(x) * depth_ / width()), 0, depth_ - 1);
}

void SliceStrip::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), QColor(0x1A, 0x1A, 0x1A));
    if (depth_ <= 0) {
        painter.setPen(Qt::lightGray);
        painter.drawText(rect(), Qt::AlignCenter, tr("No case-day open"));
        return;
    }
    const int riskHeight = height() - kStateBand - 1;
    for (int z = 0; z < depth_; ++z) {
        const QRect cell = cellRect(z);
        const float risk = z < int(content_.risk.size()) ? content_.risk[size_t(z)] : 0.0f;
        const bool blank = stateOf(z) == State::NoImage;
        painter.fillRect(QRect(cell.left(), 0, cell.width(), riskHeight), blank ? QColor(0x5A, 0x10, 0x10) : riskColor(risk));
        painter.fillRect(QRect(cell.left(), riskHeight + 1, cell.width(), kStateBand),
                         stateColor(stateOf(z)));
    }
    if (QRect frame = cellRect(current_); frame.isValid()) {
        // At least 6 px wide, so the slice on screen shows on a strip of many thin cells.
        if (frame.width() < 6) frame = QRect(frame.center().x() - 3, 0, 6, height());
        painter.setPen(QPen(Qt::white, 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(frame.adjusted(1, 1, -1, -1));
    }
}

void SliceStrip::mousePressEvent(QMouseEvent* event) {
    const int z = sliceAt(int(event->position().x()));
    if (z >= 0 && event->button() == Qt::LeftButton) emit sliceClicked(z);
}

bool SliceStrip::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip && depth_ > 0) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int z = sliceAt(help->pos().x());
        const float risk = z < int(content_.risk.size()) ? content_.risk[size_t(z)] : 0.0f;
        const State state = stateOf(z);
        const QString stateText = state == State::NoImage  ? tr("no image: its file is missing or unreadable")
                                  : state == State::Reviewed ? tr("reviewed")
                                  : state == State::Edited ? tr("drawn or edited by a person, not marked reviewed")
                                                           : tr("not reviewed");
        QToolTip::showText(help->globalPos(),
                           content_.risk.empty()
                               ? tr("Slice %1: %2 (no model run: no risk)").arg(z + 1).arg(stateText)
                               : tr("Slice %1: risk %2, %3").arg(z + 1).arg(double(risk), 0, 'f', 2).arg(stateText),
                           this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace gireview
