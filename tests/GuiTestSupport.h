#pragma once
// Helpers of the window tests: a mouse drag in plane coordinates, loading a day, opening the
// window on a day, and answering the next modal dialog.
#include "MainWindow.h"
#include "SliceView.h"
#include "TestSupport.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTimer>
#include <QtTest>
#include <functional>
#include <memory>

namespace testsupport {

// The window tests' common start: no dialog waits for a person, settings in test mode, and the
// options of a one-day 234x234 phantom.
inline gireview::PhantomOptions startWindowTest() {
    qputenv("GIREVIEW_NO_DIALOGS", "1");
    QStandardPaths::setTestModeEnabled(true);
    gireview::PhantomOptions options = smallPhantomOptions(1, 1);
    options.format = gireview::phantomFormat("234");
    return options;
}

// Sub-pixel positions, so that a stroke lands on the image pixel asked for at any zoom.
inline void drag(gireview::SliceView* view,
                 const std::vector<std::pair<double, double>>& planePoints) {
    const auto send = [view](QEvent::Type type, const std::pair<double, double>& point, Qt::MouseButton button,
                             Qt::MouseButtons buttons) {
        const QPointF p = view->planeToWidget(point.first, point.second);
        QMouseEvent event(type, p, view->mapToGlobal(p), button, buttons, Qt::NoModifier);
        QApplication::sendEvent(view, &event);
    };
    send(QEvent::MouseButtonPress, planePoints.front(), Qt::LeftButton, Qt::LeftButton);
    for (size_t i = 1; i < planePoints.size(); ++i)
        send(QEvent::MouseMove, planePoints[i], Qt::NoButton, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, planePoints.back(), Qt::LeftButton, Qt::NoButton);
}

inline bool loadDay(gireview::MainWindow& window, gireview::CaseDayKey day) {
    QSignalSpy loaded(&window, &gireview::MainWindow::dayLoaded);
    window.selectDay(day);
    // A cached day may be shown before selectDay returns.
    return !loaded.isEmpty() || loaded.wait(30000);
}

// Shows the window (active, so shortcuts work), opens the dataset and loads the day.
inline bool openOnDay(gireview::MainWindow& window, const QString& dataset,
                      gireview::CaseDayKey day) {
    window.resize(1200, 900);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) return false;
    window.activateWindow();
    return QTest::qWaitForWindowActive(&window) && window.openDataset(dataset) &&
           loadDay(window, day);
}

// Waits (polling, up to ~10 s) for the next modal dialog, records its text and lets `answer`
// act on it: a real dialog, answered as a person would.
struct DialogAnswer {
    QString text;
    bool seen = false;
};
inline std::shared_ptr<DialogAnswer> answerNextDialog(std::function<void(QWidget*)> answer) {
    auto result = std::make_shared<DialogAnswer>();
    auto tries = std::make_shared<int>(0);
    auto poll = std::make_shared<std::function<void()>>();
    *poll = [result, tries, poll, answer] {
        QWidget* dialog = QApplication::activeModalWidget();
        if (!dialog) {
            if (++*tries < 200) QTimer::singleShot(50, *poll);
            return;
        }
        result->seen = true;
        for (auto* label : dialog->findChildren<QWidget*>())
            if (label->inherits("QLabel"))
                result->text += label->property("text").toString() + "\n";
        answer(dialog);
    };
    QTimer::singleShot(50, *poll);
    return result;
}

inline void clickButton(QWidget* dialog, const char* objectName) {
    if (auto* button = dialog->findChild<QAbstractButton*>(objectName)) button->click();
}

} // namespace testsupport
