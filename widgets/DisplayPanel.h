#pragma once
// Display controls: the intensity window (presets, numeric window and level), fill/outline,
// opacity, per-organ visibility, layers, volume rendering. A thin coupling to ViewState: it reads
// and writes the shared parameters only; a preset needs the day's histogram, so it is asked for.
#include "analysis/IntensityWindow.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSlider;

namespace gireview {

class ViewState;

class DisplayPanel : public QWidget {
    Q_OBJECT
public:
    DisplayPanel(ViewState* state, QWidget* parent = nullptr);

signals:
    void presetChosen(gireview::WindowPreset preset);

private:
    void pullFromState();
    void pullWindow();
    void pushToState();
    void pushWindow();
    ViewState* state_;
    QComboBox* preset_ = nullptr;
    QDoubleSpinBox* windowWidth_ = nullptr;
    QDoubleSpinBox* windowLevel_ = nullptr;
    QComboBox* mode_ = nullptr;
    QSlider* opacity_ = nullptr;
    QCheckBox* organs_[3] = {};
    QCheckBox* reviewed_ = nullptr;
    QCheckBox* prediction_ = nullptr;
    QCheckBox* volume_ = nullptr;
    bool updating_ = false;
};

} // namespace gireview
