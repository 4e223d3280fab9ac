// Editing in the window under Xvfb: tools driven by simulated mouse and key events, checked in
// the labels, on screen and in the workspace; undo/redo; approval locks; a second instance is
// read-only; reopening restores the edits.
#include "review/EditSession.h"
#include "MainWindow.h"
#include "SliceView.h"
#include "ToolOptionsPanel.h"
#include "GuiTestSupport.h"
#include "TestSupport.h"
#include "ViewState.h"
#include "VtkHostWidget.h"
#include "review/Workspace.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTreeWidget>
#include <QStandardPaths>
#include <QtTest>

using namespace gireview;

using testsupport::drag;
using testsupport::openOnDay;

class TestEditingGui : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    PhantomOptions options_;
    CaseDayKey day_;

private slots:
    void initTestCase() {
        options_ = testsupport::startWindowTest();
        writePhantomDataset(dir_.path().toStdString(), options_);
        day_ = {1, phantomDayNumbers(options_, 0)[0]};
    }

    void brushEraserLassoUndoRedo() {
        MainWindow window;
        QVERIFY(openOnDay(window, dir_.path(), day_));
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
        QCOMPARE(window.workspace()->status(day_, Organ::Stomach), ReviewStatus::InProgress); // edited: in review
        QVERIFY(window.caseBrowser()->topLevelItem(0)->child(0)->toolTip(4).contains("Stomach: in progress"));
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
        {
            // A prediction layer imported in one session...
            MainWindow first;
            QVERIFY(openOnDay(first, dir_.path(), day_));
            QVERIFY(first.importLabels(dir_.path() + "/train.csv", MainWindow::Layer::Prediction));
        }
        MainWindow window;
        QVERIFY(openOnDay(window, dir_.path(), day_));
        // ...is back when the workspace is reopened.
        QVERIFY(window.currentPrediction());
        QVERIFY(window.currentPrediction()->count(Organ::SmallBowel) > 0);
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
        QTest::keyClick(&window, Qt::Key_I); // interpolate
        QVERIFY(labels.has(120, 120, z + 2, Organ::LargeBowel));
        QVERIFY(labels.countOnSlice(z + 2, Organ::LargeBowel) > end / 2);
        // Copy from the previous slice (Ctrl+Up), grow (+), shrink (-), smooth (S), islands (D).
        axial->setSliceIndex(z + 5);
        QTest::keyClick(&window, Qt::Key_Up, Qt::ControlModifier);
        QCOMPARE(labels.countOnSlice(z + 5, Organ::LargeBowel), labels.countOnSlice(z + 4, Organ::LargeBowel));
        const size_t copied = labels.countOnSlice(z + 5, Organ::LargeBowel);
        QTest::keyClick(&window, Qt::Key_Plus);
        const size_t grown = labels.countOnSlice(z + 5, Organ::LargeBowel);
        QVERIFY(grown > copied);
        QTest::keyClick(&window, Qt::Key_Minus);
        QVERIFY(labels.countOnSlice(z + 5, Organ::LargeBowel) < grown);
        // A one-pixel spur and a tiny island, then smoothing and island removal take them away.
        window.setTool(MainWindow::Tool::Brush);
        window.setBrushRadiusMm(1.0);         // about one pixel (1.5 mm spacing), whatever the zoom
        drag(axial, {{120, 120}, {150, 120}}); // a thin line sticking out of the disc
        drag(axial, {{60, 160}, {61, 160}});   // a 2-pixel island
        QVERIFY(labels.has(148, 120, z + 5, Organ::LargeBowel) && labels.has(60, 160, z + 5, Organ::LargeBowel));
        QTest::keyClick(&window, Qt::Key_S);
        QVERIFY(!labels.has(148, 120, z + 5, Organ::LargeBowel));
        drag(axial, {{60, 160}, {61, 160}});
        QTest::keyClick(&window, Qt::Key_D);
        QVERIFY(!labels.has(60, 160, z + 5, Organ::LargeBowel));
        QVERIFY(labels.has(120, 120, z + 5, Organ::LargeBowel));
        // Lasso erase (Shift+F).
        QTest::keyClick(&window, Qt::Key_F, Qt::ShiftModifier);
        QCOMPARE(window.tool(), MainWindow::Tool::LassoErase);
        drag(axial, {{110, 110}, {130, 110}, {130, 130}, {110, 130}});
        QVERIFY(!labels.has(120, 120, z + 5, Organ::LargeBowel));
        window.setTool(MainWindow::Tool::Brush);
        // Approving locks the organ: a stroke is refused and the labels do not change. (The
        // strokes above leave a QA flag, which the reviewer acknowledges.)
        size_t acknowledged = 0;
        QVERIFY(window.approveActiveOrgan("Dr Test", [&](const std::vector<QaFlag>& flags) {
            acknowledged = flags.size();
            return true;
        }));
        QVERIFY(acknowledged > 0);
        QCOMPARE(window.workspace()->audit().back().acknowledged.size(), acknowledged);
        QCOMPARE(window.workspace()->status(day_, Organ::LargeBowel), ReviewStatus::Approved);
        const LabelVolume locked = labels;
        drag(axial, {{60, 60}});
        QVERIFY(labels == locked);
        QVERIFY(window.reopenActiveOrgan("Dr Test"));
        drag(axial, {{60, 60}});
        QVERIFY(labels.has(60, 60, z + 5, Organ::LargeBowel));
        QVERIFY(labels.has(60, 60, z + 5, Organ::LargeBowel));
        auto audit = window.workspace()->audit();
        QCOMPARE(int(audit.size()), 2);
        QCOMPARE(QString::fromStdString(audit[0].reviewer), QString("Dr Test"));
        // Reviewed marks (M) and the jump to the next unreviewed slice (N).
        QTest::keyClick(&window, Qt::Key_M);
        QTest::keyClick(&window, Qt::Key_N);
        QCOMPARE(axial->sliceIndex(), z + 6);
        QCOMPARE(window.workspace()->reviewedSlices(day_), std::vector<int>{z + 6});
    }
    void pushToolOptionsAndWorkspaceLocation() {
        MainWindow window;
        QVERIFY(openOnDay(window, dir_.path(), day_));
        SliceView* axial = window.sliceView(ViewPlane::Axial);
        LabelVolume& labels = *window.editSession()->labels();
        const int z = 20;
        axial->setSliceIndex(z);
        window.setActiveOrgan(Organ::SmallBowel);
        // Tool options shows only what the active tool uses.
        auto* options = window.findChild<ToolOptionsPanel*>();
        QVERIFY(options);
        window.setTool(MainWindow::Tool::Navigate);
        QVERIFY(!options->showsRadius() && !options->showsIntensityRange());
        window.setTool(MainWindow::Tool::Brush);
        QVERIFY(options->showsRadius() && options->showsIntensityRange());
        QVERIFY(window.findChild<QWidget*>(QStringLiteral("brushRadius"))->isVisibleTo(options));
        window.setTool(MainWindow::Tool::Lasso);
        QVERIFY(!options->showsRadius());
        QVERIFY(!window.findChild<QWidget*>(QStringLiteral("brushRadius"))->isVisibleTo(options));
        drag(axial, {{100, 100}, {140, 100}, {140, 140}, {100, 140}});
        QVERIFY(labels.has(120, 120, z, Organ::SmallBowel));
        // Push (key P): starting inside the organ pushes its boundary out...
        QTest::keyClick(&window, Qt::Key_P);
        QCOMPARE(window.tool(), MainWindow::Tool::Push);
        window.setBrushRadiusMm(6);
        QVERIFY(!labels.has(143, 120, z, Organ::SmallBowel));
        drag(axial, {{138, 120}, {140, 120}});
        QVERIFY(labels.has(143, 120, z, Organ::SmallBowel));
        // ...starting outside pushes it in.
        QVERIFY(labels.has(100, 120, z, Organ::SmallBowel));
        drag(axial, {{96, 120}, {97, 120}}); // a 4-pixel (6 mm) ball reaching in to column 101
        QVERIFY(!labels.has(100, 120, z, Organ::SmallBowel));
        QVERIFY(labels.has(120, 120, z, Organ::SmallBowel));
        // Options: the brush paints only where the intensity is in range.
        ToolSettings settings = window.toolSettings();
        settings.intensityRestricted = true;
        settings.intensityLow = 0;
        settings.intensityHigh = 1; // nothing in the body is that dark
        window.setToolSettings(settings);
        window.setActiveOrgan(Organ::Stomach);
        window.setTool(MainWindow::Tool::Brush);
        const size_t before = labels.countOnSlice(z, Organ::Stomach);
        drag(axial, {{117, 117}, {118, 118}});
        QCOMPARE(labels.countOnSlice(z, Organ::Stomach), before);
        settings.intensityRestricted = false;
        settings.exclusive = true; // painting the stomach clears the small bowel there
        window.setToolSettings(settings);
        drag(axial, {{120, 120}});
        QVERIFY(labels.has(120, 120, z, Organ::Stomach) && !labels.has(120, 120, z, Organ::SmallBowel));
        // The workspace can live wherever the user chooses; the open day's labels go with it.
        const QString moved = dir_.path() + "/elsewhere.sqlite";
        QVERIFY(window.moveWorkspaceTo(moved));
        LabelVolume stored(day_, labels.geometry());
        Workspace reader(moved.toStdString()); // read-only: the window holds the lock
        QVERIFY(reader.readOnly());
        QVERIFY(reader.loadLayer(day_, LabelLayer::Reviewed, stored));
        QVERIFY(stored == labels);
    }
};

int main(int argc, char** argv) {
    VtkHostWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestEditingGui test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_editing_gui.moc"
