// Editing in the window under Xvfb: tools driven by simulated mouse and key events, checked in
// the labels, on screen and in the workspace; undo/redo; approval locks; a second instance is
// read-only; reopening restores the edits.
#include "EditSession.h"
#include "MainWindow.h"
#include "SliceView.h"
#include "TestSupport.h"
#include "ViewState.h"
#include "VtkHostWidget.h"
#include "Workspace.h"

#include <QApplication>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

using namespace gireview;

namespace {

void drag(SliceView* view, const std::vector<std::pair<double, double>>& planePoints) {
    const QPoint start = view->planeToWidget(planePoints.front().first, planePoints.front().second).toPoint();
    QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, start);
    for (size_t i = 1; i < planePoints.size(); ++i) {
        const QPointF p = view->planeToWidget(planePoints[i].first, planePoints[i].second);
        QMouseEvent move(QEvent::MouseMove, p, view->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view, &move);
    }
    const QPoint end = view->planeToWidget(planePoints.back().first, planePoints.back().second).toPoint();
    QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, end);
}

bool loadDay(MainWindow& window, CaseDayKey day) {
    QSignalSpy loaded(&window, &MainWindow::dayLoaded);
    window.selectDay(day);
    return loaded.wait(30000);
}

} // namespace

class TestEditingGui : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    PhantomOptions options_;
    CaseDayKey day_;

private slots:
    void initTestCase() {
        qputenv("GIREVIEW_NO_DIALOGS", "1");
        QStandardPaths::setTestModeEnabled(true);
        options_ = testsupport::smallPhantomOptions(1, 1);
        options_.format = phantomFormat("234");
        writePhantomDataset(dir_.path().toStdString(), options_);
        day_ = {1, phantomDayNumbers(options_, 0)[0]};
    }

    void brushEraserLassoUndoRedo() {
        MainWindow window;
        window.resize(1200, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window)); // shortcuts need the active window
        QVERIFY(window.openDataset(dir_.path()));
        QVERIFY(loadDay(window, day_));
        QVERIFY(window.workspace() && !window.workspace()->readOnly());
        SliceView* axial = window.sliceView(ViewPlane::Axial);
        axial->renderNow();
        const int z = axial->sliceIndex();
        LabelVolume& labels = *window.editSession()->labels();
        // Clear a working area first so the checks below see only our strokes.
        const LabelVolume original = labels;
        // Keys: 3 picks the stomach, B the brush.
        QTest::keyClick(&window, Qt::Key_3);
        QTest::keyClick(&window, Qt::Key_B);
        QCOMPARE(window.activeOrgan(), Organ::Stomach);
        QCOMPARE(window.tool(), MainWindow::Tool::Brush);
        window.setBrushRadiusMm(4.5);
        const bool before = labels.has(30, 200, z, Organ::Stomach);
        QVERIFY(!before);
        // A fast horizontal stroke: two samples 40 pixels apart must paint the whole way.
        drag(axial, {{20, 200}, {60, 200}});
        for (int x = 20; x <= 60; ++x) QVERIFY2(labels.has(x, 200, z, Organ::Stomach), qPrintable(QString::number(x)));
        QCOMPARE(window.editSession()->editor().undoCount(), size_t(1));
        // On screen: the stroke is drawn in the stomach colour.
        QImage frame = axial->grabFramebuffer();
        const QPointF at = axial->planeToWidget(40, 200) * axial->devicePixelRatioF();
        const QColor pixel = frame.pixelColor(at.toPoint());
        QVERIFY2(pixel.blue() > pixel.red() + 30, qPrintable(pixel.name()));
        // Committed to the workspace when the stroke ended.
        auto journal = window.workspace()->journal(day_);
        QVERIFY(!journal.empty());
        QCOMPARE(QString::fromStdString(journal.back().tool), QString("brush"));
        // Eraser removes part of it.
        QTest::keyClick(&window, Qt::Key_E);
        drag(axial, {{40, 200}, {41, 200}});
        QVERIFY(!labels.has(40, 200, z, Organ::Stomach));
        QVERIFY(labels.has(20, 200, z, Organ::Stomach));
        // Lasso fill: a square.
        QTest::keyClick(&window, Qt::Key_F);
        drag(axial, {{150, 20}, {170, 20}, {170, 40}, {150, 40}, {150, 20}});
        QVERIFY(labels.has(160, 30, z, Organ::Stomach));
        QCOMPARE(window.editSession()->editor().undoCount(), size_t(3));
        // Undo all three with Ctrl+Z, redo with Ctrl+Shift+Z.
        for (int i = 0; i < 3; ++i) QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(labels == original);
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(labels.has(30, 200, z, Organ::Stomach));
        QVERIFY(!labels.has(160, 30, z, Organ::Stomach));
        // Back to navigation: a click moves the crosshair again.
        QTest::keyClick(&window, Qt::Key_Escape);
        QCOMPARE(window.tool(), MainWindow::Tool::Navigate);
    }

    void sliceToolsApprovalAndReview() {
        MainWindow window;
        window.resize(1200, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openDataset(dir_.path()));
        QVERIFY(loadDay(window, day_));
        SliceView* axial = window.sliceView(ViewPlane::Axial);
        LabelVolume& labels = *window.editSession()->labels();
        // The edits of the previous window were restored from the workspace.
        QVERIFY(labels.has(30, 200, axial->sliceIndex(), Organ::Stomach));
        window.setActiveOrgan(Organ::LargeBowel);
        window.setTool(MainWindow::Tool::Brush);
        window.setBrushRadiusMm(6);
        const int z = 5;
        axial->setSliceIndex(z);
        drag(axial, {{120, 120}});
        axial->setSliceIndex(z + 4);
        drag(axial, {{120, 120}});
        const size_t end = labels.countOnSlice(z + 4, Organ::LargeBowel);
        axial->setSliceIndex(z + 2);
        QVERIFY(window.interpolateAroundCursor());
        QVERIFY(labels.has(120, 120, z + 2, Organ::LargeBowel));
        QVERIFY(labels.countOnSlice(z + 2, Organ::LargeBowel) > end / 2);
        // Copy from the previous slice, grow, shrink, smoothing and islands act on the active organ.
        axial->setSliceIndex(z + 5);
        QVERIFY(window.copyFromNeighbourSlice(-1));
        QCOMPARE(labels.countOnSlice(z + 5, Organ::LargeBowel), labels.countOnSlice(z + 4, Organ::LargeBowel));
        const size_t copied = labels.countOnSlice(z + 5, Organ::LargeBowel);
        QVERIFY(window.applyMargin(1.5));
        QVERIFY(labels.countOnSlice(z + 5, Organ::LargeBowel) > copied);
        QVERIFY(window.applyMargin(-1.5));
        QVERIFY(window.smoothCurrentSlice());
        window.removeSmallIslands(20);
        // Approving locks the organ: a stroke is refused and the labels do not change.
        QVERIFY(window.approveActiveOrgan("Dr Test"));
        QCOMPARE(window.workspace()->status(day_, Organ::LargeBowel), ReviewStatus::Approved);
        const LabelVolume locked = labels;
        drag(axial, {{60, 60}});
        QVERIFY(labels == locked);
        QVERIFY(window.reopenActiveOrgan("Dr Test"));
        drag(axial, {{60, 60}});
        QVERIFY(labels.has(60, 60, z + 5, Organ::LargeBowel));
        auto audit = window.workspace()->audit();
        QCOMPARE(int(audit.size()), 2);
        QCOMPARE(QString::fromStdString(audit[0].reviewer), QString("Dr Test"));
        // Reviewed marks and the jump to the next unreviewed slice.
        window.markCurrentSliceReviewed();
        QVERIFY(window.jumpToNextUnreviewedSlice());
        QCOMPARE(axial->sliceIndex(), z + 6);
        QCOMPARE(window.workspace()->reviewedSlices(day_), std::vector<int>{z + 6});
    }
};

int main(int argc, char** argv) {
    VtkHostWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestEditingGui test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_editing_gui.moc"
