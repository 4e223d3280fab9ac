#pragma once
// Overlay and display controls: fill/outline, opacity, per-organ visibility, layers, volume
// rendering. A thin coupling to ViewState: it reads and writes the shared parameters only.
#include <QWidget>

class QCheckBox;
class QComboBox;
class QSlider;

namespace gireview {

class ViewState;

class DisplayPanel : public QWidget {
    Q_OBJECT
public:
    DisplayPanel(ViewState* state, QWidget* parent = nullptr);

private:
    void pullFromState();
    void pushToState();
    ViewState* state_;
    QComboBox* mode_ = nullptr;
    QSlider* opacity_ = nullptr;
    QCheckBox* organs_[3] = {};
    QCheckBox* reviewed_ = nullptr;
    QCheckBox* prediction_ = nullptr;
    QCheckBox* volume_ = nullptr;
    bool updating_ = false;
};

} // namespace gireview
