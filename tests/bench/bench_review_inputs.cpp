// The reviewer's effort in keys and clicks (needs a display; run_benchmarks.sh starts Xvfb when
// there is none): one scripted review of a 144-slice, three-organ phantom day, driven through the
// real window and its real dialogs, with every key press and mouse click counted by an event
// filter on the application.
//
// The review: run the default model (Ctrl+R), accept every organ (Ctrl+Shift+A), correct three
// slices with the brush, mark every slice of the three organs reviewed, approve the three organs
// (each QA-flag or confirmation dialog answered as a person would). Opening the day is the same in
// both and is not counted.
//   after   with what the window has: Home, M, End, Shift+M marks the day; the reviewer's name is
//           asked once per session
//   before  the same window used as it had to be before range marks and the session's name: M
//           and Down on every slice, and the name dialog at every approval (with the last name
//           offered, so one Enter each: the cheaper reading of the old dialog)
// Prints review_inputs.after / .before (keys + clicks), their parts, and .ratio (after / before;
// the goal is at most 0.5).
#include "MainWindow.h"
#include "ModelRunner.h"
#include "SliceView.h"
#include "phantom/Phantom.h"
#include "review/Workspace.h"

#include <QAbstractButton>
#include <QApplication>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <cstdio>
#include <functional>

using namespace gireview;

namespace {

// Counts each key press and mouse click once, however far it propagates: a shortcut arrives as
// ShortcutOverride (and no KeyPress), other keys as KeyPress, both passed to parent widgets with
// the same event until it is accepted.
class InputCounter : public QObject {
public:
    int keys = 0, clicks = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        switch (event->type()) {
        case QEvent::ShortcutOverride:
        case QEvent::KeyPress:
            if (!keyDown_) ++keys;
            keyDown_ = true;
            break;
        case QEvent::KeyRelease:
            keyDown_ = false;
            break;
        case QEvent::MouseButtonPress:
        case QEvent::MouseButtonDblClick:
            if (!buttonDown_) ++clicks;
            buttonDown_ = true;
            break;
        case QEvent::MouseButtonRelease:
            buttonDown_ = false;
            break;
        default:
            break;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool keyDown_ = false, buttonDown_ = false;
};

// Answers every modal dialog as a reviewer would: types the name where one is asked for, clicks
// "Approve with these flags" where QA flags are open, otherwise presses Enter (the default).
class DialogAnswerer : public QObject {
public:
    DialogAnswerer() {
        timer_.setInterval(50);
        connect(&timer_, &QTimer::timeout, this, [this] { answer(); });
        timer_.start();
    }

private:
    void answer() {
        QWidget* modal = QApplication::activeModalWidget();
        // A dialog is answered once (the next one may have the same address: a property, not the
        // pointer).
        if (!modal || modal->property("answeredByBench").toBool()) return;
        modal->setProperty("answeredByBench", true);
        std::fprintf(stderr, "# dialog: %s\n", qPrintable(modal->windowTitle()));
        if (auto* name = modal->findChild<QLineEdit*>(); name && name->text().isEmpty()) {
            name->setFocus();
            QTest::keyClicks(name, QStringLiteral("Dr Test"));
        }
        if (auto* flags = modal->findChild<QAbstractButton*>(QStringLiteral("approveWithFlags")))
            QTest::mouseClick(flags, Qt::LeftButton);
        else
            QTest::keyClick(modal, Qt::Key_Return);
    }
    QTimer timer_;
};

void step(const char* what) {
    std::fprintf(stderr, "# %s\n", what);
}

bool waitFor(const std::function<bool()>& done, int ms) {
    for (int waited = 0; waited < ms; waited += 50) {
        if (done()) return true;
        QTest::qWait(50);
    }
    return done();
}

struct Count {
    int keys = 0, clicks = 0;
    bool complete = false;
};

Count review(const QString& dataset, CaseDayKey day, bool rangeMarks) {
    QSettings().clear(); // no name or layout remembered from another run
    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window) || !window.openDataset(dataset)) return {};
    QSignalSpy loaded(&window, &MainWindow::dayLoaded);
    window.selectDay(day);
    if (loaded.isEmpty() && !loaded.wait(60000)) return {};
    window.activateWindow();
    (void)QTest::qWaitForWindowActive(&window);
    window.modelRunner()->setModelPath(QStringLiteral(GIREVIEW_DEFAULT_MODEL));
    SliceView* axial = window.sliceView(ViewPlane::Axial);
    const int depth = window.currentScan()->geometry().depth;

    InputCounter counter;
    qApp->installEventFilter(&counter);
    DialogAnswerer answerer;
    // Run, then accept every organ of the day.
    step("run");
    QTest::keyClick(axial, Qt::Key_R, Qt::ControlModifier);
    if (!waitFor([&] { return window.currentPrediction() != nullptr; }, 300000)) return {};
    step("accept");
    QTest::keyClick(axial, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    step("correct");
    // Three corrections with the brush, ten slices apart.
    QTest::keyClick(axial, Qt::Key_B);
    for (int i = 0; i < 3; ++i) {
        QTest::keyClick(axial, Qt::Key_PageDown);
        const QPoint centre = axial->rect().center();
        QTest::mousePress(axial, Qt::LeftButton, {}, centre);
        for (int step = 1; step <= 5; ++step)
            QTest::mouseMove(axial, centre + QPoint(4 * step, 2 * step));
        QTest::mouseRelease(axial, Qt::LeftButton, {}, centre + QPoint(20, 10));
    }
    // Every slice of the three organs marked reviewed.
    step("mark");
    QTest::keyClick(axial, Qt::Key_Home);
    if (rangeMarks) {
        QTest::keyClick(axial, Qt::Key_M);
        QTest::keyClick(axial, Qt::Key_End);
        QTest::keyClick(axial, Qt::Key_M, Qt::ShiftModifier);
    } else {
        for (int z = 0; z < depth; ++z) {
            QTest::keyClick(axial, Qt::Key_M);
            if (z + 1 < depth) QTest::keyClick(axial, Qt::Key_Down);
        }
    }
    // The three organs approved.
    for (Qt::Key organKey : {Qt::Key_1, Qt::Key_2, Qt::Key_3}) {
        step("approve");
        // Xvfb has no window manager to give the window back its focus after a dialog closes.
        window.activateWindow();
        (void)QTest::qWaitForWindowActive(&window);
        if (!rangeMarks) window.reviewerName() = ReviewerName(); // asked at every approval
        QTest::keyClick(axial, organKey);
        QTest::keyClick(axial, Qt::Key_Return, Qt::ControlModifier);
        QTest::qWait(100);
    }
    qApp->removeEventFilter(&counter);

    Count count{counter.keys, counter.clicks, true};
    Workspace* workspace = window.workspace();
    if (!workspace) return {};
    for (Organ organ : kAllOrgans)
        count.complete = count.complete && workspace->status(day, organ) == ReviewStatus::Approved;
    count.complete = count.complete && workspace->reviewMarks(day, depth).complete();
    return count;
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir before, after;
    PhantomOptions options;
    options.cases = 1;
    options.daysPerCase = 1;
    options.format = phantomFormat("234");
    writePhantomDataset(before.path().toStdString(), options);
    writePhantomDataset(after.path().toStdString(), options);
    const CaseDayKey day{options.firstCaseNumber, phantomDayNumbers(options, 0)[0]};

    const Count old = review(before.path(), day, false);
    const Count now = review(after.path(), day, true);
    QSettings().clear();
    if (!old.complete || !now.complete) {
        std::fprintf(
            stderr, "review_inputs: the scripted review did not finish (before %s, after %s)\n",
            old.complete ? "complete" : "incomplete", now.complete ? "complete" : "incomplete");
        return 1;
    }
    std::printf("review_inputs.before %d inputs\n", old.keys + old.clicks);
    std::printf("review_inputs.before.keys %d keys\n", old.keys);
    std::printf("review_inputs.before.clicks %d clicks\n", old.clicks);
    std::printf("review_inputs.after %d inputs\n", now.keys + now.clicks);
    std::printf("review_inputs.after.keys %d keys\n", now.keys);
    std::printf("review_inputs.after.clicks %d clicks\n", now.clicks);
    std::printf("review_inputs.ratio %.3f after/before (goal <= 0.5)\n",
                double(now.keys + now.clicks) / double(old.keys + old.clicks));
    return 0;
}
