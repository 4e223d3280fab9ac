#include "PointerKeyRouter.h"

#include "SliceView.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QCursor>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>

namespace gireview {

namespace {
bool isPagingKey(int key) {
    switch (key) {
    case Qt::Key_Up: case Qt::Key_Down: case Qt::Key_Left: case Qt::Key_Right:
    case Qt::Key_PageUp: case Qt::Key_PageDown: case Qt::Key_Home: case Qt::Key_End: return true;
    default: return false;
    }
}

bool takesTypedKeys(const QWidget* widget) {
    return qobject_cast<const QLineEdit*>(widget) || qobject_cast<const QAbstractSpinBox*>(widget) ||
           qobject_cast<const QTextEdit*>(widget) || qobject_cast<const QPlainTextEdit*>(widget) ||
           qobject_cast<const QComboBox*>(widget);
}

SliceView* sliceViewAt(const QPoint& globalPosition) {
    for (QWidget* widget = QApplication::widgetAt(globalPosition); widget; widget = widget->parentWidget())
        if (auto* view = qobject_cast<SliceView*>(widget)) return view;
    return nullptr;
}
} // namespace

PointerKeyRouter::PointerKeyRouter(QWidget* window) : QObject(window), window_(window) {
    qApp->installEventFilter(this);
}

bool PointerKeyRouter::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::KeyPress) return false;
    auto* key = static_cast<QKeyEvent*>(event);
    const auto modifiers = key->modifiers() & ~Qt::KeypadModifier;
    if (modifiers != Qt::NoModifier || !isPagingKey(key->key())) return false;
    auto* target = qobject_cast<QWidget*>(watched);
    if (!target || target->window() != window_ || takesTypedKeys(target)) return false;
    for (QWidget* widget = target; widget; widget = widget->parentWidget())
        if (qobject_cast<SliceView*>(widget)) return false; // a view with focus pages itself
    SliceView* view = sliceViewAt(QCursor::pos());
    if (!view || view->window() != window_ || !view->isVisible()) return false;
    QKeyEvent copy(QEvent::KeyPress, key->key(), key->modifiers(), key->text(), key->isAutoRepeat(), key->count());
    QCoreApplication::sendEvent(view, &copy);
    return true;
}

} // namespace gireview
