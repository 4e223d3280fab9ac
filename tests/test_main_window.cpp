// The window on a phantom dataset under Xvfb: the browser lists the days, selecting one loads it
// off the GUI thread, and the screen shows organ colours where the labels are.
#include "KaggleCsv.h"
#include "MainWindow.h"
#include "OrganColors.h"
#include "SlicePreview.h"
#include "TestSupport.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QtTest>

using namespace gireview;

namespace {

int countNear(const QImage& image, QColor target, int tolerance) {
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - target.red()) + std::abs(c.green() - target.green()) +
                    std::abs(c.blue() - target.blue()) < tolerance)
                ++n;
        }
    return n;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    PhantomOptions options_;

private slots:
    void initTestCase() {
        qputenv("GIREVIEW_NO_DIALOGS", "1");
        QStandardPaths::setTestModeEnabled(true);
        options_ = testsupport::smallPhantomOptions(1, 2);
        options_.format = phantomFormat("234");
        writePhantomDataset(dir_.path().toStdString(), options_);
    }
    void opensDatasetAndShowsOverlays() {
        MainWindow window;
        window.resize(900, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openDataset(dir_.path()));
        QCOMPARE(window.caseBrowser()->topLevelItemCount(), 1);
        QCOMPARE(window.caseBrowser()->topLevelItem(0)->childCount(), 2);
        QCOMPARE(window.caseBrowser()->topLevelItem(0)->child(0)->text(1), QString("144"));
        QSignalSpy loaded(&window, &MainWindow::dayLoaded);
        const CaseDayKey day{1, phantomDayNumbers(options_, 0)[1]};
        QVERIFY(window.selectDay(day));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(loaded.first().at(1).toInt(), day.dayNo);
        SlicePreview* view = window.sliceView();
        QCOMPARE(view->sliceCount(), 144);
        // Opens in the labelled range: the screen shows overlay colours there.
        QImage shot = view->grab().toImage();
        shot.save(QDir(QStringLiteral(GIREVIEW_TEST_TMP)).absoluteFilePath("main_window_overlay.png"));
        QVERIFY(view->slice() > 10 && view->slice() < 130);
        // Organ colours exactly where the labels are and nowhere else.
        auto labels = importKaggleCsv(window.dataset().labelsFile, window.dataset().geometry());
        const LabelVolume& truth = labels.volumes.at(day);
        QImage image = view->renderedSlice();
        int organPixels = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                QColor p = image.pixelColor(x, y);
                const bool tinted = p.red() != p.green() || p.green() != p.blue();
                const std::uint8_t bits = truth.slice(view->slice())[size_t(y) * image.width() + x];
                QCOMPARE(tinted, bits != 0);
                if (bits == organBit(Organ::LargeBowel)) QVERIFY(p.red() > p.blue()); // orange
                if (bits == organBit(Organ::Stomach)) QVERIFY(p.blue() > p.red());    // blue
                organPixels += tinted;
            }
        QVERIFY(organPixels > 100);
        // Slices without labels show no tint; keys move through slices.
        QTest::keyClick(view, Qt::Key_Home);
        QCOMPARE(view->slice(), 0);
        QImage top = view->renderedSlice();
        int tinted = 0;
        for (int y = 0; y < top.height(); ++y)
            for (int x = 0; x < top.width(); ++x) {
                QColor p = top.pixelColor(x, y);
                tinted += p.red() != p.green() || p.green() != p.blue();
            }
        QCOMPARE(tinted, 0);
        QTest::keyClick(view, Qt::Key_PageDown);
        QCOMPARE(view->slice(), 10);
        QTest::keyClick(view, Qt::Key_Down);
        QCOMPARE(view->slice(), 11);
        // The on-screen frame is not blank: the body is drawn.
        QImage frame = view->grab().toImage();
        QVERIFY(countNear(frame, Qt::black, 30) < frame.width() * frame.height());
    }
    void brokenPathKeepsWindowUsable() {
        MainWindow window;
        window.show();
        QVERIFY(!window.openDataset(dir_.path() + "/no-such-folder"));
        QVERIFY(window.openDataset(dir_.path()));
        QCOMPARE(window.caseBrowser()->topLevelItemCount(), 1);
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
