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

inline void drag(gireview::SliceView* view,
                 const std::vector<std::pair<double, double>>& planePoints) {
    const QPoint start =
        view->planeToWidget(planePoints.front().first, planePoints.front().second).toPoint();
    QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, start);
    for (size_t i = 1; i < planePoints.size(); ++i) {
        const QPointF p = view->planeToWidget(planePoints[i].first, planePoints[i].second);
        QMouseEvent move(QEvent::MouseMove, p, view->mapToGlobal(p), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(view, &move);
    }
    const QPoint end =
        view->planeToWidget(planePoints.back().first, planePoints.back().second).toPoint();
    QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, end);
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
