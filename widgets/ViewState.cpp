#include "ViewState.h"

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

} // namespace gireview
