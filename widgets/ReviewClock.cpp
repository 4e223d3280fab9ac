#include "ReviewClock.h"

#include <QApplication>
#include <QEvent>
#include <QWidget>

namespace gireview {

ReviewClock::ReviewClock(QWidget* window) : QObject(window), window_(window) {
    elapsed_.start();
    qApp->installEventFilter(this);
}

ReviewClock::~ReviewClock() {
    qApp->removeEventFilter(this);
}

void ReviewClock::setTarget(ReviewDocument* document, std::optional<CaseDayKey> day, Organ organ) {
    if (document == document_ && day == day_ && organ == organ_) return;
    flush();
    document_ = document;
    day_ = day;
    organ_ = organ;
    clock_.restart();
}

void ReviewClock::flush() {
    const double seconds = clock_.take();
    if (seconds <= 0 || !document_ || !day_) return;
    Workspace* workspace = document_->workspace();
    if (!workspace || workspace->readOnly()) return;
    try {
        workspace->addActiveTime(*day_, organ_, seconds);
    } catch (const std::exception&) {
        // A full disk: the seconds are lost, the edits are not (they have their own retry).
    }
}

bool ReviewClock::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
    case QEvent::MouseMove:
    case QEvent::MouseButtonPress:
    case QEvent::Wheel:
    case QEvent::KeyPress:
        if (auto* widget = qobject_cast<QWidget*>(watched);
            widget && day_ && (widget == window_ || window_->isAncestorOf(widget)))
            clock_.activity(double(elapsed_.elapsed()) / 1000.0);
        break;
    default:
        break;
    }
    return false;
}

} // namespace gireview
