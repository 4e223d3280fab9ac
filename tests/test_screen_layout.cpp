// The window on the screen it is started on (CTest runs this under Xvfb at 1366x768, 1600x1200
// and 1920x1080): a geometry saved on a larger screen opens inside this one, and on a narrow
// screen the panels are tabs of one column so that the views keep at least 65 % of the width.
#include "GuiTestSupport.h"
#include "SurfaceView.h"
#include "VtkHostWidget.h"

#include <QDockWidget>
#include <QScreen>
#include <QSettings>

using namespace gireview;

class TestScreenLayout : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    PhantomOptions options_;

    static QRect available() { return QGuiApplication::primaryScreen()->availableGeometry(); }
    static QString size() {
        return QStringLiteral("%1x%2").arg(available().width()).arg(available().height());
    }
    static double viewShare(const MainWindow& window) {
        return double(window.centralWidget()->width()) / double(window.width());
    }

private slots:
    void initTestCase() {
        options_ = testsupport::startWindowTest();
        writePhantomDataset(dir_.filePath("phantom").toStdString(), options_);
        QSettings().remove(QStringLiteral("window"));
    }
    void cleanup() { QSettings().remove(QStringLiteral("window")); }

    void geometrySavedOnALargerScreenOpensInsideThisOne() {
        {
            MainWindow big;
            big.setGeometry(40, 40, 1280,
                            available().height() + 300); // as saved on a taller screen
            big.show();
            QVERIFY(QTest::qWaitForWindowExposed(&big));
            big.close(); // saves the geometry
        }
        MainWindow again;
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY2(available().contains(again.frameGeometry()),
                 qPrintable(QStringLiteral("%1: window %2x%3 at %4,%5")
                                .arg(size())
                                .arg(again.width())
                                .arg(again.height())
                                .arg(again.x())
                                .arg(again.y())));
    }

    void viewsKeepTheWidthOnANarrowScreen() {
        MainWindow window;
        window.setGeometry(available()); // maximised (Xvfb has no window manager to do it)
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openDataset(dir_.filePath("phantom")));
        QVERIFY(testsupport::loadDay(window, CaseDayKey{1, phantomDayNumbers(options_, 0)[0]}));
        QTest::qWait(100);
        // Nothing it shows pushes it past the screen.
        QVERIFY2(available().contains(window.frameGeometry()),
                 qPrintable(QStringLiteral("%1: window %2x%3 (minimum %4x%5)")
                                .arg(size())
                                .arg(window.width())
                                .arg(window.height())
                                .arg(window.minimumSizeHint().width())
                                .arg(window.minimumSizeHint().height())));
        const bool narrow = available().width() < MainWindow::kTabbedPanelsBelowWidth;
        QCOMPARE(window.panelLayout(),
                 narrow ? MainWindow::PanelLayout::Tabbed : MainWindow::PanelLayout::Columns);
        if (narrow)
            QVERIFY2(viewShare(window) >= 0.65,
                     qPrintable(QStringLiteral("%1: views %2 % of the width")
                                    .arg(size())
                                    .arg(viewShare(window) * 100)));
        // Every panel can still be reached: shown, or a tab beside one that is.
        for (QDockWidget* dock : window.findChildren<QDockWidget*>()) {
            QVERIFY2(!dock->isHidden(), qPrintable(dock->windowTitle()));
            QCOMPARE(window.dockWidgetArea(dock) == Qt::RightDockWidgetArea ||
                         window.dockWidgetArea(dock) == Qt::LeftDockWidgetArea,
                     true);
        }
        if (const QString shots = qEnvironmentVariable("GIREVIEW_SCREENSHOTS"); !shots.isEmpty()) {
            if (window.surfaceView()->meshing()) {
                QSignalSpy ready(window.surfaceView(), &SurfaceView::meshesReady);
                ready.wait(60000);
            }
            QTest::qWait(200);
            window.grab().save(shots + "/main-window-" + size() + ".png");
        }
        // The View menu's switch, both ways, on any screen.
        window.arrangePanels(MainWindow::PanelLayout::Tabbed);
        QTest::qWait(100);
        QVERIFY2(
            viewShare(window) >= 0.65,
            qPrintable(QStringLiteral("%1 tabbed: %2 %").arg(size()).arg(viewShare(window) * 100)));
        window.arrangePanels(MainWindow::PanelLayout::Columns);
        QTest::qWait(100);
        QCOMPARE(window.dockWidgetArea(
                     window.findChild<QDockWidget*>(QStringLiteral("caseBrowserDock"))),
                 Qt::LeftDockWidgetArea);
        QCOMPARE(window.dockWidgetArea(
                     window.findChild<QDockWidget*>(QStringLiteral("toolOptionsDock"))),
                 Qt::RightDockWidgetArea);
    }
};

int main(int argc, char** argv) {
    VtkHostWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestScreenLayout test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_screen_layout.moc"
