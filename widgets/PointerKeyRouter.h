#pragma once
// Keys go to the view under the pointer (as in 3D Slicer and ITK-SNAP): after a click in the Cases
// tree or a panel, Up/Down/Left/Right/PgUp/PgDn/Home/End with the pointer over a slice view page
// that view's slices instead of switching days or moving a panel's selection. Text and number
// fields keep their keys. Days switch with Alt+Up / Alt+Down (View menu).
#include <QObject>

class QWidget;

namespace gireview {

class PointerKeyRouter : public QObject {
public:
    explicit PointerKeyRouter(QWidget* window);
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* window_;
};

} // namespace gireview
