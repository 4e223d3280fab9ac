#include "ViewState.h"

#include <QSettings>
#include <algorithm>

namespace gireview {

void ViewState::setCursor(std::array<int, 3> voxel) {
    if (voxel == cursor_) return;
    cursor_ = voxel;
    emit cursorChanged();
}

void ViewState::setWindow(double low, double high) {
    high = std::max(high, low + 1.0);
    if (low == windowLow_ && high == windowHigh_) return;
    windowLow_ = low;
    windowHigh_ = high;
    emit windowChanged();
}

void ViewState::setOverlay(const OverlaySettings& settings) {
    if (settings == overlay_) return;
    overlay_ = settings;
    emit overlayChanged();
}

void ViewState::setVolumeRendering(bool on) {
    if (on == volumeRendering_) return;
    volumeRendering_ = on;
    emit volumeRenderingChanged();
}

void ViewState::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("view/overlayMode"), int(overlay_.mode));
    settings.setValue(QStringLiteral("view/opacity"), overlay_.opacity);
    for (Organ organ : kAllOrgans)
        settings.setValue(QStringLiteral("view/visible_%1").arg(organClassName(organ).data()),
                          overlay_.organVisible[size_t(organIndex(organ))]);
    settings.setValue(QStringLiteral("view/showPrediction"), overlay_.showPrediction);
}

void ViewState::restoreSettings() {
    QSettings settings;
    OverlaySettings o = overlay_;
    o.mode = OverlayMode(std::clamp(settings.value(QStringLiteral("view/overlayMode"), int(o.mode)).toInt(), 0, 2));
    o.opacity = std::clamp(settings.value(QStringLiteral("view/opacity"), o.opacity).toDouble(), 0.0, 1.0);
    for (Organ organ : kAllOrgans)
        o.organVisible[size_t(organIndex(organ))] =
            settings.value(QStringLiteral("view/visible_%1").arg(organClassName(organ).data()), true).toBool();
    o.showPrediction = settings.value(QStringLiteral("view/showPrediction"), true).toBool();
    setOverlay(o);
}

std::array<int, 3> ViewState::startingCursor(const VolumeGeometry& g, const LabelVolume* labels) {
    int first = -1, last = -1;
    if (labels)
        for (int z = 0; z < g.depth; ++z) {
            const std::uint8_t* s = labels->slice(z);
            if (std::any_of(s, s + g.sliceSize(), [](std::uint8_t v) { return v != 0; })) {
                if (first < 0) first = z;
                last = z;
            }
        }
    const int z = first >= 0 ? (first + last) / 2 : g.depth / 2;
    long long sumX = 0, sumY = 0, count = 0;
    if (labels) {
        const std::uint8_t* s = labels->slice(z);
        for (int y = 0; y < g.height; ++y)
            for (int x = 0; x < g.width; ++x)
                if (s[size_t(y) * size_t(g.width) + size_t(x)]) sumX += x, sumY += y, ++count;
    }
    return count ? std::array<int, 3>{int(sumX / count), int(sumY / count), z} : std::array<int, 3>{g.width / 2, g.height / 2, z};
}

} // namespace gireview
