#pragma once
// What the views show, in one parameter object shared by every view and panel: the linked
// cursor, intensity window and overlay settings. Views observe it; nothing keeps a private copy.
#include "data/LabelVolume.h"
#include "data/Organ.h"

#include <QObject>
#include <array>

namespace gireview {

enum class OverlayMode { Fill = 0, Outline = 1, FillAndOutline = 2 };

struct OverlaySettings {
    OverlayMode mode = OverlayMode::FillAndOutline;
    double opacity = 0.5;
    std::array<bool, kOrganCount> organVisible{true, true, true};
    bool showReviewed = true;
    bool showPrediction = true;
    friend bool operator==(const OverlaySettings& a, const OverlaySettings& b) {
        return a.mode == b.mode && a.opacity == b.opacity && a.organVisible == b.organVisible &&
               a.showReviewed == b.showReviewed && a.showPrediction == b.showPrediction;
    }
};

class ViewState : public QObject {
    Q_OBJECT
public:
    explicit ViewState(QObject* parent = nullptr) : QObject(parent) {}

    std::array<int, 3> cursor() const { return cursor_; }
    void setCursor(std::array<int, 3> voxel);

    double windowLow() const { return windowLow_; }
    double windowHigh() const { return windowHigh_; }
    void setWindow(double low, double high);

    const OverlaySettings& overlay() const { return overlay_; }
    void setOverlay(const OverlaySettings& settings);

    bool volumeRendering() const { return volumeRendering_; }
    void setVolumeRendering(bool on);

    // The overlay settings kept between sessions (QSettings).
    void saveSettings() const;
    void restoreSettings();
    // Where a day opens: the middle of its labelled slices, at the labels' centre on that
    // slice; the middle of the volume without labels.
    static std::array<int, 3> startingCursor(const VolumeGeometry& geometry, const LabelVolume* labels);

signals:
    void cursorChanged();
    void windowChanged();
    void overlayChanged();
    void volumeRenderingChanged();

private:
    std::array<int, 3> cursor_{0, 0, 0};
    double windowLow_ = 0, windowHigh_ = 1000;
    OverlaySettings overlay_;
    bool volumeRendering_ = false;
};

} // namespace gireview
