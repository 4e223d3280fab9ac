// The review window on a phantom dataset under Xvfb: the browser lists the days, selecting one
// loads it off the GUI thread, and the framebuffers show organ colours where the labels are.
#include "CaseBrowser.h"
#include "ExportDialog.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "MessageLog.h"
#include "OrganColors.h"
#include "PredictionOutline.h"
#include "SliceStrip.h"
#include "SliceView.h"
#include "SurfaceView.h"
#include "TestSupport.h"
#include "ViewState.h"
#include "VtkHostWidget.h"
#include "io/DatasetIndex.h"
#include "io/KaggleCsv.h"
#include "io/LabelExchange.h"
#include "io/ScanVolumeLoader.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QApplication>
#include <QComboBox>
#include <QCursor>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QProcess>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTimer>
#include <QTreeWidget>
#include <QtTest>
#include <unistd.h>

using namespace gireview;

namespace {

bool isTinted(QColor p) {
    return std::abs(p.red() - p.green()) > 12 || std::abs(p.green() - p.blue()) > 12;
}

QString artifact(const QString& name) {
    QDir().mkpath(QStringLiteral(GIREVIEW_TEST_TMP));
    return QDir(QStringLiteral(GIREVIEW_TEST_TMP)).absoluteFilePath(name);
}

QImage renderNow(VtkHostWidget* view) {
    view->update();
    QCoreApplication::processEvents();
    return view->grabFramebuffer();
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    PhantomOptions options_;
    MainWindow* window_ = nullptr;
    CaseDayKey day_;

private slots:
    void initTestCase() {
        qputenv("GIREVIEW_NO_DIALOGS", "1");
        QStandardPaths::setTestModeEnabled(true);
        options_ = testsupport::smallPhantomOptions(1, 2);
        options_.format = phantomFormat("360x310");
        writePhantomDataset(dir_.path().toStdString(), options_);
        window_ = new MainWindow;
        window_->resize(1400, 1000);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_));
    }
    void cleanupTestCase() { delete window_; }

    void opensDatasetAndLoadsDayOffThread() {
        QVERIFY(window_->openDataset(dir_.path()));
        QCOMPARE(window_->caseBrowser()->topLevelItemCount(), 1);
        QCOMPARE(window_->caseBrowser()->topLevelItem(0)->childCount(), 2);
        QCOMPARE(window_->caseBrowser()->topLevelItem(0)->child(0)->text(1), QString("144"));
        QCOMPARE(window_->caseBrowser()->topLevelItem(0)->child(0)->text(2), QString("360x310"));
        QSignalSpy loaded(window_, &MainWindow::dayLoaded);
        day_ = CaseDayKey{1, phantomDayNumbers(options_, 0)[1]};
        QVERIFY(window_->selectDay(day_));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.first().at(1).toInt(), day_.dayNo);
        QVERIFY(window_->currentLabels());
        // Opens on a labelled slice, with the cursor read-out in the status bar.
        const int z = window_->sliceView(ViewPlane::Axial)->sliceIndex();
        QVERIFY(z > 10 && z < 134);
        QVERIFY2(window_->statusText().contains(QString("slice %1/144").arg(z + 1)),
                 qPrintable(window_->statusText()));
    }

    void axialShowsOrganColoursOnlyOnLabels() {
        SliceView* axial = window_->sliceView(ViewPlane::Axial);
        QImage frame = renderNow(axial);
        frame.save(artifact("axial.png"));
        const LabelVolume& labels = *window_->currentLabels();
        const int z = axial->sliceIndex();
        int inside = 0, tintedInside = 0, outsideTinted = 0, outside = 0;
        for (int py = 0; py < frame.height(); py += 2)
            for (int px = 0; px < frame.width(); px += 2) {
                double u = 0, v = 0;
                if (!axial->framebufferToPlane(px, py, u, v)) continue;
                const int x = int(std::lround(u)), y = int(std::lround(v));
                // Skip pixels next to a label border (the outline and rounding live there).
                bool border = false;
                const std::uint8_t bits = labels.slice(z)[size_t(y) * 360 + size_t(x)];
                for (int dy = -2; dy <= 2 && !border; ++dy)
                    for (int dx = -2; dx <= 2; ++dx) {
                        int nx = std::clamp(x + dx, 0, 359), ny = std::clamp(y + dy, 0, 309);
                        if ((labels.slice(z)[size_t(ny) * 360 + size_t(nx)] != 0) != (bits != 0))
                            border = true;
                    }
                if (border) continue;
                // The crosshair is drawn in yellow over everything: skip its lines.
                auto c = window_->viewState()->cursor();
                if (std::abs(x - c[0]) <= 1 || std::abs(y - c[1]) <= 1) continue;
                const bool tinted = isTinted(frame.pixelColor(px, py));
                if (bits) {
                    ++inside;
                    tintedInside += tinted;
                } else {
                    ++outside;
                    outsideTinted += tinted;
                }
            }
        QVERIFY2(inside > 50, qPrintable(QString::number(inside)));
        QVERIFY2(tintedInside > inside * 0.95,
                 qPrintable(QString("%1 of %2").arg(tintedInside).arg(inside)));
        QVERIFY2(outsideTinted < outside * 0.002 + 5,
                 qPrintable(QString("%1 of %2").arg(outsideTinted).arg(outside)));
    }

    void scrollingChangesSliceAndLinkedViews() {
        SliceView* axial = window_->sliceView(ViewPlane::Axial);
        const int z = axial->sliceIndex();
        QTest::keyClick(axial, Qt::Key_Down);
        QCOMPARE(axial->sliceIndex(), z + 1);
        QWheelEvent wheel(QPointF(50, 50), axial->mapToGlobal(QPointF(50, 50)), QPoint(),
                          QPoint(0, -120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(axial, &wheel);
        QCOMPARE(axial->sliceIndex(), z + 2);
        QTest::keyClick(axial, Qt::Key_PageUp);
        QCOMPARE(axial->sliceIndex(), z - 8);
        // Clicking in the coronal view moves the axial slice (crosshair link).
        SliceView* coronal = window_->sliceView(ViewPlane::Coronal);
        renderNow(coronal);
        const int before = axial->sliceIndex();
        QTest::mouseClick(coronal, Qt::LeftButton, Qt::NoModifier,
                          QPoint(coronal->width() / 2, coronal->height() / 4));
        QVERIFY(axial->sliceIndex() != before);
        QCOMPARE(window_->viewState()->cursor()[2], axial->sliceIndex());
    }

    void coronalHasPhysicalAspect() {
        SliceView* coronal = window_->sliceView(ViewPlane::Coronal);
        QImage frame = renderNow(coronal);
        frame.save(artifact("coronal.png"));
        // The image spans 360 x 1.5 mm wide and 144 x 3 mm high: find its bright-ish extent.
        double u0 = 0, v0 = 0, u1 = 0, v1 = 0;
        int left = -1, right = -1, top = -1, bottom = -1;
        for (int py = 0; py < frame.height(); ++py)
            for (int px = 0; px < frame.width(); ++px) {
                double u, v;
                if (!coronal->framebufferToPlane(px, py, u, v)) continue;
                if (left < 0 || px < left) left = px, u0 = u;
                if (px > right) right = px, u1 = u;
                if (top < 0 || py < top) top = py, v0 = v;
                if (py > bottom) bottom = py, v1 = v;
            }
        const double widthPx = right - left + 1, heightPx = bottom - top + 1;
        const double expected = (360 * 1.5) / (144 * 3.0);
        QVERIFY2(
            std::abs(widthPx / heightPx - expected) < 0.03 * expected,
            qPrintable(QString("aspect %1 expected %2").arg(widthPx / heightPx).arg(expected)));
        Q_UNUSED(u0)
        Q_UNUSED(u1)
        Q_UNUSED(v0)
        Q_UNUSED(v1)
        // Non-black pixels exist where the body is.
        int bright = 0;
        for (int py = 0; py < frame.height(); py += 3)
            for (int px = 0; px < frame.width(); px += 3)
                bright += qGray(frame.pixel(px, py)) > 60;
        QVERIFY(bright > 100);
    }

    void surfacesRenderInOrganColours() {
        SurfaceView* view = window_->surfaceView();
        if (view->meshing()) {
            QSignalSpy ready(view, &SurfaceView::meshesReady);
            QVERIFY(ready.wait(60000));
        }
        for (Organ organ : kAllOrgans)
            QVERIFY(view->surfacePoints(organ) > 100);
        QImage frame = renderNow(view);
        frame.save(artifact("surfaces.png"));
        std::array<int, 3> hits{0, 0, 0};
        for (int py = 0; py < frame.height(); py += 2)
            for (int px = 0; px < frame.width(); px += 2) {
                QColor p = frame.pixelColor(px, py);
                if (p.red() > p.blue() + 60 && p.green() > p.blue() + 20)
                    ++hits[0]; // orange
                else if (p.green() > p.red() + 40 && p.green() >= p.blue())
                    ++hits[1]; // bluish green
                else if (p.blue() > p.red() + 60 && p.blue() > p.green() + 20)
                    ++hits[2]; // blue
            }
        QVERIFY2(hits[0] > 50 && hits[1] > 50 && hits[2] > 20,
                 qPrintable(QString("%1 %2 %3").arg(hits[0]).arg(hits[1]).arg(hits[2])));
        // Hiding an organ removes its colour.
        OverlaySettings o = window_->viewState()->overlay();
        o.organVisible[size_t(organIndex(Organ::LargeBowel))] = false;
        window_->viewState()->setOverlay(o);
        QImage hidden = renderNow(view);
        int orange = 0;
        for (int py = 0; py < hidden.height(); py += 2)
            for (int px = 0; px < hidden.width(); px += 2) {
                QColor p = hidden.pixelColor(px, py);
                orange += p.red() > p.blue() + 60 && p.green() > p.blue() + 20;
            }
        QVERIFY2(orange < hits[0] / 10, qPrintable(QString::number(orange)));
        o.organVisible[size_t(organIndex(Organ::LargeBowel))] = true;
        window_->viewState()->setOverlay(o);
    }

    void windowLevelZoomAndPanes() {
        SliceView* axial = window_->sliceView(ViewPlane::Axial);
        ViewState* state = window_->viewState();
        const double low = state->windowLow(), high = state->windowHigh();
        QImage before = renderNow(axial);
        // Right-drag to the right widens the window (as in ITK-SNAP and Slicer).
        const QPoint start(axial->width() / 2, axial->height() / 2);
        QTest::mousePress(axial, Qt::RightButton, Qt::NoModifier, start);
        QMouseEvent move(QEvent::MouseMove, QPointF(start + QPoint(120, 0)),
                         axial->mapToGlobal(QPointF(start + QPoint(120, 0))), Qt::NoButton,
                         Qt::RightButton, Qt::NoModifier);
        QApplication::sendEvent(axial, &move);
        QTest::mouseRelease(axial, Qt::RightButton, Qt::NoModifier, start + QPoint(120, 0));
        QVERIFY(state->windowHigh() - state->windowLow() > (high - low) * 1.5);
        QImage wider = renderNow(axial);
        QVERIFY(wider != before); // the on-screen contrast changed
        state->setWindow(low, high);
        // Ctrl+wheel zooms in.
        const double zoom = axial->zoom();
        QWheelEvent wheel(QPointF(start), axial->mapToGlobal(QPointF(start)), QPoint(),
                          QPoint(0, 120), Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase,
                          false);
        QApplication::sendEvent(axial, &wheel);
        QVERIFY(axial->zoom() > zoom);
        axial->resetView();
        QCOMPARE(axial->zoom(), 1.0);
        // Maximising a pane hides the others; again restores four.
        window_->maximizePane(3);
        QVERIFY(!axial->isVisible());
        QVERIFY(window_->surfaceView()->isVisible());
        window_->maximizePane(3);
        QVERIFY(axial->isVisible());
    }

    void volumeRenderingIsOptional() {
        SurfaceView* view = window_->surfaceView();
        QVERIFY(!window_->viewState()->volumeRendering()); // off by default
        QImage surfaces = renderNow(view);
        window_->viewState()->setVolumeRendering(true);
        QImage withVolume = renderNow(view);
        withVolume.save(artifact("volume_rendering.png"));
        int changed = 0;
        for (int py = 0; py < surfaces.height(); py += 3)
            for (int px = 0; px < surfaces.width(); px += 3)
                changed += surfaces.pixel(px, py) != withVolume.pixel(px, py);
        QVERIFY2(changed > 200, qPrintable(QString::number(changed)));
        window_->viewState()->setVolumeRendering(false);
    }

    void exportAndImportEveryFormat() {
        const QString out = QDir(QStringLiteral(GIREVIEW_TEST_TMP)).absoluteFilePath("export");
        QDir(out).removeRecursively();
        QDir().mkpath(out);
        const LabelVolume before = *window_->currentLabels();
        for (auto [format, name] :
             std::vector<std::pair<LabelFormat, QString>>{{LabelFormat::TrainCsv, "labels.csv"},
                                                          {LabelFormat::Coco, "labels.json"},
                                                          {LabelFormat::Nifti, "nifti"}}) {
            ExportDialog dialog(out, true);
            dialog.setRequest(format, out + "/" + name);
            ExportRequest request = dialog.request();
            QCOMPARE(request.options.format, format);
            request.scope = ExportRequest::Scope::CurrentDay;
            QVERIFY(window_->exportLabels(request));
            // Imported back as the prediction layer, it coincides with the reviewed labels.
            QVERIFY(window_->importLabels(out + "/" + name, MainWindow::Layer::Prediction));
            QVERIFY(window_->currentPrediction());
            QVERIFY(*window_->currentPrediction() == before);
        }
        QVERIFY(QFile::exists(out + "/nifti/" + QString::fromStdString(formatCaseDayName(day_)) +
                              ".nii.gz"));
        QVERIFY(QFile::exists(out + "/labels.json.sidecar.json"));
        // The prediction layer is drawn (dotted outlines) on top of the reviewed fill.
        QImage frame = renderNow(window_->sliceView(ViewPlane::Axial));
        QVERIFY(!frame.isNull());
        // Reimporting a broken file keeps what was loaded and reports the problem.
        QFile broken(out + "/broken.json");
        broken.open(QIODevice::WriteOnly);
        broken.write("{ not json");
        broken.close();
        QVERIFY(!window_->importLabels(out + "/broken.json", MainWindow::Layer::Reviewed));
        QVERIFY(window_->currentLabels());
    }

    void keysGoToTheViewUnderThePointerAndAltArrowsSwitchDays() {
        auto* tree = qobject_cast<CaseBrowser*>(window_->caseBrowser());
        QVERIFY(tree);
        SliceView* axial = window_->sliceView(ViewPlane::Axial);
        window_->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window_));
        // A click in the Cases tree gives it the focus; the pointer then rests over the axial view.
        const QRect row = tree->visualItemRect(tree->currentItem());
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, Qt::NoModifier, row.center());
        QTRY_VERIFY(tree->hasFocus());
        QCursor::setPos(axial->mapToGlobal(axial->rect().center()));
        QTRY_COMPARE(QApplication::widgetAt(QCursor::pos())->window(),
                     static_cast<QWidget*>(window_));
        const int before = axial->sliceIndex();
        QTest::keyClick(tree, Qt::Key_Down);
        QTest::keyClick(tree, Qt::Key_Down);
        QCOMPARE(axial->sliceIndex(), before + 2);
        QTest::keyClick(tree, Qt::Key_PageUp);
        QCOMPARE(axial->sliceIndex(), std::max(0, before + 2 - 10));
        QCOMPARE(tree->dayOf(tree->currentItem())->dayNo, day_.dayNo); // no day switch
        // With the pointer away from the views the tree keeps its keys.
        QCursor::setPos(tree->viewport()->mapToGlobal(row.center()));
        QTRY_VERIFY(QApplication::widgetAt(QCursor::pos()) == tree->viewport());
        QSignalSpy loaded(window_, &MainWindow::dayLoaded);
        // The day shown last is `dayNo` (an earlier load may still report first).
        const auto shown = [&](int dayNo) {
            return !loaded.isEmpty() && loaded.last().at(1).toInt() == dayNo;
        };
        const CaseDayKey first{1, phantomDayNumbers(options_, 0)[0]};
        QTest::keyClick(tree, Qt::Key_Up);
        QCOMPARE(tree->dayOf(tree->currentItem())->dayNo, first.dayNo);
        QTRY_VERIFY_WITH_TIMEOUT(shown(first.dayNo), 30000);
        QVERIFY(window_->selectDay(day_)); // back to the test's day
        QTRY_VERIFY_WITH_TIMEOUT(shown(day_.dayNo), 30000);
        // Alt+Up / Alt+Down: the previous / next day, the ends said.
        QTest::keyClick(window_, Qt::Key_Up, Qt::AltModifier);
        QTRY_VERIFY_WITH_TIMEOUT(shown(first.dayNo), 30000);
        QTest::keyClick(window_, Qt::Key_Up, Qt::AltModifier);
        QVERIFY2(window_->messageLog()->lastMessage().contains("first case-day"),
                 qPrintable(window_->messageLog()->lastMessage()));
        QTest::keyClick(window_, Qt::Key_Down, Qt::AltModifier);
        QTRY_VERIFY_WITH_TIMEOUT(shown(day_.dayNo), 30000);
        QTest::qWait(200); // nothing stale arrives after
        QVERIFY(shown(day_.dayNo));
    }

    void exportDialogRemembersTheLastChoices() {
        const QString out = QDir(QStringLiteral(GIREVIEW_TEST_TMP)).absoluteFilePath("remember");
        {
            ExportDialog dialog(out, true);
            dialog.show();
            auto* format = dialog.findChild<QComboBox*>(QStringLiteral("exportFormat"));
            auto* scope = dialog.findChild<QComboBox*>(QStringLiteral("exportScope"));
            auto* coco = dialog.findChild<QComboBox*>(QStringLiteral("exportCocoSegmentation"));
            QVERIFY(format && scope && coco);
            format->setCurrentIndex(format->findText(QStringLiteral("COCO JSON")));
            scope->setCurrentIndex(scope->findText(QStringLiteral("Current day")));
            coco->setCurrentIndex(coco->findText(QStringLiteral("Polygons")));
            auto* buttons = dialog.findChild<QDialogButtonBox*>();
            QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        {
            // Reopened: the choices of the last export are on screen, the path follows the format.
            ExportDialog dialog(out, true);
            dialog.show();
            QCOMPARE(dialog.findChild<QComboBox*>(QStringLiteral("exportFormat"))->currentText(),
                     QStringLiteral("COCO JSON"));
            QCOMPARE(dialog.findChild<QComboBox*>(QStringLiteral("exportScope"))->currentText(),
                     QStringLiteral("Current day"));
            QCOMPARE(dialog.findChild<QComboBox*>(QStringLiteral("exportCocoSegmentation"))
                         ->currentText(),
                     QStringLiteral("Polygons"));
            QVERIFY(dialog.request().path.endsWith(QStringLiteral(".json")));
            QCOMPARE(dialog.request().scope, ExportRequest::Scope::CurrentDay);
        }
        {
            // Without a day open the day scopes are not offered: the default scope, not a wrong
            // one.
            ExportDialog dialog(out, false);
            QCOMPARE(dialog.request().scope, ExportRequest::Scope::AllDays);
            QCOMPARE(dialog.request().options.format, LabelFormat::Coco);
        }
        QSettings().remove(QStringLiteral("export"));
    }

    void screenshotOfWindow() {
        QImage shot = window_->grab().toImage();
        QVERIFY(shot.save(artifact("main_window.png")));
    }

    void openingScansOffTheGuiThreadAndCancelChangesNothing() {
        // 3000 case-days of 12 slices (hard links to one PNG, as many files as the real dataset
        // has): a scan long enough to be cancelled.
        const QString many = dir_.path() + "/many";
        const QString slice =
            QString::fromStdString(window_->dataset().days().front()->slices.front().path);
        const QString sliceName = QFileInfo(slice).fileName();
        for (int c = 1; c <= 30; ++c)
            for (int d = 0; d < 100; ++d) {
                const QString scans =
                    QStringLiteral("%1/train/case%2/case%2_day%3/scans").arg(many).arg(c).arg(d);
                QVERIFY(QDir().mkpath(scans));
                for (int z = 1; z <= 12; ++z) {
                    const QString name = QString(sliceName).replace(
                        6, 4, QStringLiteral("%1").arg(z, 4, 10, QChar('0')));
                    QVERIFY(::link(QFile::encodeName(slice).constData(),
                                   QFile::encodeName(scans + "/" + name).constData()) == 0);
                }
            }
        const std::string openRoot = window_->dataset().root;
        bool cancelled = false, dialogSeen = false;
        QTimer pressCancel; // as soon as the progress dialog exists (it shows itself after 0.5 s)
        QObject::connect(&pressCancel, &QTimer::timeout, [&] {
            for (QWidget* widget : QApplication::topLevelWidgets())
                if (auto* dialog = qobject_cast<QProgressDialog*>(widget); dialog && !cancelled) {
                    dialogSeen =
                        dialog->labelText().contains("many") && dialog->minimumDuration() <= 1000;
                    dialog->cancel(); // what its Cancel button does
                    cancelled = true;
                }
        });
        pressCancel.start(10);
        // The Cancel timer can only fire while openDataset runs if the GUI thread's event loop
        // keeps running during the scan; its false return says the Cancel landed mid-scan.
        QVERIFY(!window_->openDataset(many));
        QVERIFY(dialogSeen);
        QVERIFY(cancelled);
        QCOMPARE(window_->dataset().root, openRoot); // the dataset that was open stays open
        QVERIFY(window_->currentScan());
        // Not cancelled, the same folder opens (and is listed whole).
        pressCancel.stop();
        QVERIFY(window_->openDataset(many));
        QCOMPARE(int(window_->dataset().dayCount()), 3000);
        QVERIFY(window_->openDataset(dir_.path()));
        QSignalSpy loaded(window_, &MainWindow::dayLoaded);
        QVERIFY(window_->selectDay(day_));
        QVERIFY(loaded.count() || loaded.wait(30000));
    }

    // The real 16-bit slice 81 of case2_day2 (the day's other 80 slices are missing, so black):
    // shown after load and after W with at most 1 % of the body (Otsu's split of OpenCV's own
    // decoding of the PNG) at display 0 or 255, the body's mean grey within 10 % of a plain
    // 1-99 percentile window of the same PNG's body. Then the numeric fields and a preset.
    void realSliceIsWindowedFromItsBody() {
        REQUIRE_SHARED_DATA(shared);
        const QString dayDir = shared + "/scans/train/case2/case2_day2";
        const cv::Mat png =
            cv::imread((dayDir + "/scans/slice_0081_266_266_1.50_1.50.png").toStdString(),
                       cv::IMREAD_UNCHANGED);
        QCOMPARE(png.type(), CV_16UC1);
        double pngMin = 0, pngMax = 0;
        cv::minMaxLoc(png, &pngMin, &pngMax);
        cv::Mat scaled, body;
        png.convertTo(scaled, CV_8U, 255.0 / pngMax);
        cv::threshold(scaled, body, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
        // The plain window: the 1st and 99th percentiles of the body's pixels. (Over every pixel of
        // the PNG, three quarters air, the 99th percentile is the body's 96th: 4 % of the body
        // would render white, and no window with at most 1 % saturated comes within 10 % of it.)
        std::vector<std::uint16_t> sorted;
        for (int y = 0; y < png.rows; ++y)
            for (int x = 0; x < png.cols; ++x)
                if (body.at<std::uint8_t>(y, x)) sorted.push_back(png.at<std::uint16_t>(y, x));
        std::sort(sorted.begin(), sorted.end());
        const double p1 = sorted[size_t(0.01 * double(sorted.size() - 1))];
        const double p99 = sorted[size_t(0.99 * double(sorted.size() - 1))];
        MainWindow window;
        QVERIFY(testsupport::openOnDay(window, dayDir, CaseDayKey{2, 2}));
        window.resize(1600, 1000);
        window.maximizePane(0);
        OverlaySettings overlay = window.viewState()->overlay();
        overlay.showReviewed = overlay.showPrediction = false;
        window.viewState()->setOverlay(overlay);
        SliceView* axial = window.sliceView(ViewPlane::Axial);
        axial->setSliceIndex(80);
        QTest::qWait(100);
        auto check = [&](const char* when) {
            const QImage frame = renderNow(axial);
            const auto cursor = window.viewState()->cursor();
            size_t n = 0, saturated = 0, black = 0;
            double ours = 0, plain = 0;
            for (int py = 0; py < frame.height(); ++py)
                for (int px = 0; px < frame.width(); ++px) {
                    double u = 0, v = 0;
                    if (!axial->framebufferToPlane(px, py, u, v)) continue;
                    const int x = int(std::lround(u)), y = int(std::lround(v));
                    if (x < 0 || y < 0 || x >= png.cols || y >= png.rows ||
                        !body.at<std::uint8_t>(y, x))
                        continue;
                    if (std::abs(x - cursor[0]) <= 2 || std::abs(y - cursor[1]) <= 2)
                        continue; // the crosshair
                    const int grey = qGray(frame.pixel(px, py));
                    ++n;
                    saturated += (grey == 0 || grey == 255);
                    black += grey == 0;
                    ours += grey;
                    plain += std::clamp((png.at<std::uint16_t>(y, x) - p1) / (p99 - p1) * 255.0,
                                        0.0, 255.0);
                }
            QVERIFY2(n > 10000, when);
            const double share = double(saturated) / double(n);
            QVERIFY2(share <= 0.01,
                     qPrintable(QStringLiteral(
                                    "%1: %2 % of the body saturated (%3 % black; window %4..%5)")
                                    .arg(when)
                                    .arg(share * 100)
                                    .arg(100.0 * double(black) / double(n))
                                    .arg(window.viewState()->windowLow())
                                    .arg(window.viewState()->windowHigh())));
            QVERIFY2(std::abs(ours - plain) <= 0.1 * plain,
                     qPrintable(QStringLiteral("%1: body mean %2, plain 1-99 window %3")
                                    .arg(when)
                                    .arg(ours / n)
                                    .arg(plain / n)));
        };
        check("after load");
        if (QTest::currentTestFailed()) return;
        window.viewState()->setWindow(0, 40); // as a stray right-drag would leave it
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(axial, Qt::Key_W);
        check("after W");
        if (QTest::currentTestFailed()) return;
        // The numeric fields follow the window and set it.
        auto* width = window.findChild<QDoubleSpinBox*>(QStringLiteral("windowWidth"));
        auto* level = window.findChild<QDoubleSpinBox*>(QStringLiteral("windowLevel"));
        QVERIFY(width && level);
        QCOMPARE(width->value(),
                 window.viewState()->windowHigh() - window.viewState()->windowLow());
        width->setValue(300);
        level->setValue(500);
        QCOMPARE(window.viewState()->windowLow(), 350.0);
        QCOMPARE(window.viewState()->windowHigh(), 650.0);
        // Full range: the PNG's own minimum and maximum (the black missing slices add nothing).
        auto* preset = window.findChild<QComboBox*>(QStringLiteral("windowPreset"));
        QVERIFY(preset);
        emit preset->activated(preset->findData(int(WindowPreset::FullRange)));
        QCOMPARE(window.viewState()->windowLow(), pngMin);
        QCOMPARE(window.viewState()->windowHigh(), pngMax);
        renderNow(axial).save(artifact("real_slice_full_range.png"));
    }

    // At the views' minimum size no label overlaps another or leaves the view: the orientation
    // markers, and the slice text with its longest status line.
    void viewLabelsNeverOverlapAtTheMinimumSize() {
        auto index = scanDataset(dir_.path().toStdString());
        auto scan = std::make_shared<const ScanVolume>(loadScanVolume(*index.days().front()));
        ViewState state;
        for (ViewPlane plane : {ViewPlane::Axial, ViewPlane::Coronal, ViewPlane::Sagittal}) {
            SliceView view(plane, &state);
            view.setVolumes(scan, nullptr, nullptr);
            LabelledSlices reviewed = LabelledSlices::none(scan->geometry().depth);
            for (int z = 0; z < scan->geometry().depth; ++z)
                reviewed.set(z, Organ::Stomach, true);
            view.setReviewedSlices(reviewed); // "reviewed 1/3 organs" on the axial view
            view.resize(view.minimumSize());
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            renderNow(&view);
            const auto boxes = view.labelBoxes();
            QCOMPARE(int(boxes.size()), 5);
            const QRectF inside(0, 0, view.width(), view.height());
            for (size_t i = 0; i < boxes.size(); ++i) {
                QVERIFY2(boxes[i].width() > 0, "drawn");
                QVERIFY2(inside.contains(boxes[i]),
                         qPrintable(QStringLiteral("label %1 (%4,%5 %6x%7) leaves the %2x%3 view")
                                        .arg(i)
                                        .arg(view.width())
                                        .arg(view.height())
                                        .arg(boxes[i].x())
                                        .arg(boxes[i].y())
                                        .arg(boxes[i].width())
                                        .arg(boxes[i].height())));
                for (size_t j = i + 1; j < boxes.size(); ++j)
                    QVERIFY2(!boxes[i].intersects(boxes[j]),
                             qPrintable(QStringLiteral("%1: labels %2 and %3 overlap (plane %4)")
                                            .arg(view.sliceText())
                                            .arg(i)
                                            .arg(j)
                                            .arg(int(plane))));
            }
            if (plane == ViewPlane::Axial) {
                QVERIFY(view.sliceText().contains(QStringLiteral("reviewed 1/3 organs")));
                renderNow(&view).save(artifact("minimum_axial_view.png"));
            }
        }
    }

    // The prediction's dotted outline keeps its width in screen pixels: a 360x310 slice fitted
    // into a 200-pixel view (about half a screen pixel per image pixel) still shows it, where a
    // raster outline one image pixel wide is resampled away.
    void predictionOutlineKeepsItsWidthWhenFittedSmall() {
        auto index = scanDataset(dir_.path().toStdString());
        const DayEntry& day = *index.days().front();
        auto scan = std::make_shared<const ScanVolume>(loadScanVolume(day));
        auto imported = importLabels(index.labelsFile, index);
        auto prediction = std::make_shared<const LabelVolume>(imported.volumes.at(day.key));
        int z = 0;
        for (int k = 0; k < day.geometry.depth; ++k)
            if (prediction->countOnSlice(k, Organ::Stomach) >
                prediction->countOnSlice(z, Organ::Stomach))
                z = k;
        ViewState state;
        state.setCursor({day.geometry.width / 2, day.geometry.height / 2, z});
        SliceView view(ViewPlane::Axial, &state);
        view.setVolumes(scan, nullptr, prediction);
        view.resize(200, 200);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        state.setWindow(-2, -1); // every pixel white (at or above the window)
        const QImage frame = renderNow(&view);
        frame.save(artifact("prediction_fitted_small.png"));
        const double screenPerImagePixel =
            std::min(200.0 / (day.geometry.width * day.geometry.spacingX),
                     200.0 / (day.geometry.height * day.geometry.spacingY)) *
            day.geometry.spacingX;
        QVERIFY(screenPerImagePixel < 0.7);
        const QColor light = predictionColor(Organ::Stomach);
        size_t drawn = 0;
        for (int py = 0; py < frame.height(); ++py)
            for (int px = 0; px < frame.width(); ++px) {
                const QColor p = frame.pixelColor(px, py);
                drawn += std::abs(p.red() - light.red()) < 30 &&
                         std::abs(p.green() - light.green()) < 30 &&
                         std::abs(p.blue() - light.blue()) < 30;
            }
        const size_t segments = view.predictionOutline().segmentCount(Organ::Stomach);
        QVERIFY(segments > 20);
        // Two screen pixels wide along each segment's length: about 2 x segments x scale pixels.
        QVERIFY2(double(drawn) >= 1.2 * double(segments) * screenPerImagePixel,
                 qPrintable(QStringLiteral("%1 pixels for %2 segments at %3 screen px per image px")
                                .arg(drawn)
                                .arg(segments)
                                .arg(screenPerImagePixel)));
        // Hidden with the layer.
        OverlaySettings overlay = state.overlay();
        overlay.showPrediction = false;
        state.setOverlay(overlay);
        QCOMPARE(view.predictionOutline().segmentCount(Organ::Stomach), size_t(0));
    }

    // A day with one damaged slice opens instead of being refused: that slice is blank, named once
    // in the message log, red in the slice strip, "no image" in red on the axial view, and the
    // brush cannot paint on it.
    void damagedSliceOpensBlankAndFlagged() {
        QTemporaryDir copy;
        const CaseDayKey day{1, phantomDayNumbers(options_, 0)[1]};
        const QString dayName = QString::fromStdString(formatCaseDayName(day));
        const QString src = dir_.path() + "/train/case1/" + dayName + "/scans";
        const QString dst = copy.path() + "/train/case1/" + dayName + "/scans";
        QDir().mkpath(dst);
        for (const QString& name : QDir(src).entryList(QDir::Files))
            QVERIFY(QFile::copy(src + "/" + name, dst + "/" + name));
        const QString victim = dst + "/slice_0050_360_310_1.50_1.50.png";
        {
            QFile f(victim);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.resize(f.size() / 3)); // an interrupted copy
        }
        MainWindow window;
        QVERIFY(testsupport::openOnDay(window, copy.path(), day));
        // The day's report (after "Loading"): the damaged file once, then the summary.
        int named = 0;
        bool loading = false;
        QString log;
        for (int i = 0; i < window.messageLog()->count(); ++i) {
            const QString line = window.messageLog()->item(i)->text();
            loading = loading || line.contains(QStringLiteral("Loading "));
            named += loading && line.contains(victim) ? 1 : 0;
            log += line + "\n";
        }
        QVERIFY2(named == 1, qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("1 of 144 slices")), qPrintable(log));
        SliceStrip* strip = window.sliceStrip();
        QCOMPARE(strip->stateOf(49), SliceStrip::State::NoImage);
        QCOMPARE(strip->stateOf(48), SliceStrip::State::Unreviewed);
        const QImage stripImage = strip->grab().toImage();
        const QRect cell = strip->cellRect(49);
        const QColor stateBand = stripImage.pixelColor(cell.center().x(), strip->height() - 3);
        QVERIFY2(stateBand.red() > 150 && stateBand.green() < 60, qPrintable(stateBand.name()));
        SliceView* axial = window.sliceView(ViewPlane::Axial);
        axial->setSliceIndex(48);
        auto redText = [&] {
            const QImage frame = renderNow(axial);
            int n = 0;
            for (int py = frame.height() - 30; py < frame.height(); ++py)
                for (int px = 0; px < frame.width() / 2; ++px) {
                    const QColor p = frame.pixelColor(px, py);
                    n += p.red() > 200 && p.green() < 110 && p.blue() < 100;
                }
            return n;
        };
        const int redBefore = redText();
        axial->setSliceIndex(49);
        QVERIFY2(axial->sliceText().contains(QStringLiteral("no image")),
                 qPrintable(axial->sliceText()));
        QVERIFY(redText() > redBefore + 20);
        renderNow(axial).save(artifact("blank_slice.png"));
        // The brush on the blank slice: nothing drawn, and the reviewer is told why.
        window.setTool(EditController::Tool::Brush);
        const Organ organ = window.activeOrgan();
        testsupport::drag(axial, {{150, 150}, {160, 155}, {170, 160}});
        QCOMPARE(window.currentLabels()->countOnSlice(49, organ), size_t(0));
        QVERIFY2(window.messageLog()->lastMessage().contains(QStringLiteral("has no image")),
                 qPrintable(window.messageLog()->lastMessage()));
        // On the slice next to it the same stroke paints.
        axial->setSliceIndex(48);
        testsupport::drag(axial, {{150, 150}, {160, 155}, {170, 160}});
        QVERIFY(window.currentLabels()->countOnSlice(48, organ) > 0);
    }

    // The README's shortcut table is what `gireview --list-shortcuts` prints: the table the
    // Help dialog is built from, so neither can fall behind the actions really bound.
    void readmeShortcutTableIsTheWindowsTable() {
        QProcess process;
        process.start(QStringLiteral(GIREVIEW_GUI), {QStringLiteral("--list-shortcuts")});
        QVERIFY(process.waitForFinished(120000));
        QCOMPARE(process.exitCode(), 0);
        const QStringList generated =
            QString::fromUtf8(process.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(generated.join('\n') + '\n', window_->shortcutMarkdown());
        QFile readme(QStringLiteral(GIREVIEW_README));
        QVERIFY(readme.open(QIODevice::ReadOnly | QIODevice::Text));
        const QStringList lines = QString::fromUtf8(readme.readAll()).split('\n');
        const qsizetype section = lines.indexOf(QStringLiteral("## Keyboard shortcuts"));
        QVERIFY(section >= 0);
        qsizetype first = section;
        while (first < lines.size() && !lines[first].startsWith('|'))
            ++first;
        QStringList documented;
        for (qsizetype i = first; i < lines.size() && lines[i].startsWith('|'); ++i)
            documented << lines[i];
        for (qsizetype i = 0; i < std::max(documented.size(), generated.size()); ++i)
            QVERIFY2(
                documented.value(i) == generated.value(i),
                qPrintable(QStringLiteral(
                               "README line %1 of the table: '%2', gireview --list-shortcuts: '%3'")
                               .arg(i + 1)
                               .arg(documented.value(i), generated.value(i))));
        for (const char* row : {"| Ctrl+R |", "| A |", "| Shift+A |", "| Ctrl+Shift+A |",
                                "| 3D view: left drag, wheel, middle drag |"})
            QVERIFY2(generated.join('\n').contains(QString::fromLatin1(row)), row);
    }

    // A clinic's DICOM folder (written by pydicom from a phantom day): one study with an oblique
    // series (the day) and a coronal one. The tree shows the fraction's date, the views the
    // oblique series in its voxel planes with the nearest directions' letters, the log says it
    // is oblique; File > DICOM series takes the coronal series, whose axial pane reads R L S I.
    void opensADicomFolderAndTakesAnotherSeries() {
        QProcess probe;
        probe.start("/usr/bin/python3", {"-c", "import pydicom, numpy"});
        if (!probe.waitForFinished(30000) || probe.exitCode() != 0)
            QSKIP("python3-pydicom is needed to write the series");
        QTemporaryDir dicom;
        const PhantomDay day = generatePhantomDay(options_, 0, 0);
        const QString raw = dicom.filePath("phantom.u16");
        {
            QFile out(raw);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(reinterpret_cast<const char*>(day.scan.data()),
                      qint64(day.scan.geometry().voxelCount() * 2));
        }
        const QString script = QStringLiteral(GIREVIEW_TEST_DATA "/../dicom/write_series.py");
        for (const QStringList& extra :
             {QStringList{"--slices", "20", "--rotate", "x:15", "y:15", "--series-uid",
                          "1.2.826.0.1.3680043.8.498.71"},
              QStringList{"--slices", "8", "--rotate", "x:-90", "--description", "T2 coronal",
                          "--series-uid", "1.2.826.0.1.3680043.8.498.72"}}) {
            QProcess writer;
            writer.start("/usr/bin/python3",
                         QStringList{script, "--raw", raw, "--size",
                                     QString::number(day.scan.geometry().width),
                                     QString::number(day.scan.geometry().height), "144", "--out",
                                     dicom.filePath("study/" + extra.last()), "--study-uid",
                                     "1.2.826.0.1.3680043.8.498.70", "--time", "083000"} +
                             extra);
            QVERIFY(writer.waitForFinished(60000));
            QVERIFY2(writer.exitCode() == 0, writer.readAllStandardError().constData());
        }
        QVERIFY(window_->openDataset(dicom.filePath("study")));
        QCOMPARE(window_->caseBrowser()->topLevelItemCount(), 1);
        QTreeWidgetItem* dayItem = window_->caseBrowser()->topLevelItem(0)->child(0);
        QCOMPARE(dayItem->text(0), QString("case1_day0  2026-01-05 08:30"));
        QVERIFY(dayItem->toolTip(0).contains("Patient GI-0001"));
        QVERIFY(testsupport::loadDay(*window_, CaseDayKey{1, 0}));
        QCOMPARE(window_->currentScan()->geometry().depth, 20);
        QCOMPARE(window_->sliceView(ViewPlane::Axial)->markers(),
                 (std::array<char, 4>{'R', 'L', 'A', 'P'}));
        bool saidOblique = false;
        for (int i = 0; i < window_->messageLog()->count(); ++i)
            saidOblique |= window_->messageLog()->item(i)->toolTip().contains("Oblique series");
        QVERIFY(saidOblique);
        const QImage oblique = renderNow(window_->sliceView(ViewPlane::Axial));
        oblique.save(artifact("dicom-oblique-axial.png"));
        int bright = 0;
        for (int y = 0; y < oblique.height(); y += 4)
            for (int x = 0; x < oblique.width(); x += 4)
                bright += qGray(oblique.pixel(x, y)) > 60;
        QVERIFY2(bright > 100, "the DICOM slice is drawn");
        // A clinic's structure set over this series (File > Import labels): its ROI "Gastric",
        // which the user's table in the settings maps to the stomach, becomes the reviewed stomach,
        // drawn in the stomach's colour on the contoured slice.
        const QString rtstruct = dicom.filePath("rs.dcm");
        QProcess contours;
        contours.start("/usr/bin/python3",
                       {QStringLiteral(GIREVIEW_TEST_DATA "/../dicom/write_rtstruct.py"),
                        "--series", dicom.filePath("study/1.2.826.0.1.3680043.8.498.71"), "--out",
                        rtstruct, "--shape", "ring-xor", "--roi", "Gastric", "--slices", "10"});
        QVERIFY(contours.waitForFinished(60000));
        QVERIFY2(contours.exitCode() == 0, contours.readAllStandardError().constData());
        QSettings().setValue(QStringLiteral("contours/roiNames"), QStringList{"Gastric=stomach"});
        const bool imported = window_->importLabels(rtstruct, MainWindow::Layer::Reviewed);
        QSettings().remove(QStringLiteral("contours/roiNames"));
        QVERIFY(imported);
        QVERIFY(window_->currentLabels());
        QCOMPARE(window_->currentLabels()->countOnSlice(10, Organ::Stomach),
                 size_t(31 * 31 - 11 * 11 + 9));
        QCOMPARE(window_->currentLabels()->count(Organ::Stomach), size_t(31 * 31 - 11 * 11 + 9));
        window_->sliceView(ViewPlane::Axial)->setSliceIndex(10);
        const QImage contoured = renderNow(window_->sliceView(ViewPlane::Axial));
        contoured.save(artifact("dicom-rtstruct-axial.png"));
        int tinted = 0;
        for (int y = 0; y < contoured.height(); ++y)
            for (int x = 0; x < contoured.width(); ++x)
                tinted += isTinted(contoured.pixel(x, y));
        QVERIFY2(tinted > 200, qPrintable(QString::number(tinted)));
        // The study's other series, as File > DICOM series of this study offers it.
        const auto series = window_->seriesOfShownStudy();
        QCOMPARE(series.size(), size_t(2));
        QVERIFY(window_->takeSeries("1.2.826.0.1.3680043.8.498.72"));
        QSignalSpy loaded(window_, &MainWindow::dayLoaded);
        if (!window_->currentScan() || window_->currentScan()->geometry().depth != 8)
            QVERIFY(loaded.wait(30000));
        QCOMPARE(window_->currentScan()->geometry().depth, 8);
        QCOMPARE(window_->sliceView(ViewPlane::Axial)->markers(),
                 (std::array<char, 4>{'R', 'L', 'S', 'I'}));
        // The first pane shows this series' coronal slices, and says so.
        QVERIFY2(window_->sliceView(ViewPlane::Axial)->sliceText().startsWith("Coronal"),
                 qPrintable(window_->sliceView(ViewPlane::Axial)->sliceText()));
        renderNow(window_->sliceView(ViewPlane::Axial))
            .save(artifact("dicom-coronal-series-axial-pane.png"));
        window_->grab().save(artifact("dicom-window.png"));
        // The phantom again, on its day, for the tests after.
        QVERIFY(window_->openDataset(dir_.path()));
        QVERIFY(testsupport::loadDay(*window_, day_));
    }

    // A day shows the slice it opens on, windowed from that slice's own body, before the rest
    // has decoded; when it has, the window is refined from the whole day's body and the view
    // stays on that slice. Nothing can be painted on the first look.
    void opensOnItsFirstSliceBeforeTheRestDecodes() {
        const CaseDayKey other{1, phantomDayNumbers(options_, 0)[0]};
        QVERIFY(testsupport::loadDay(*window_, other));
        struct FirstLook {
            bool seen = false, loadedBefore = false, canEdit = true;
            int slice = -1, viewSlice = -1;
            double low = 0, high = 0;
            QImage axial;
        } first;
        bool loaded = false;
        QMetaObject::Connection onLoaded =
            connect(window_, &MainWindow::dayLoaded, this, [&] { loaded = true; });
        QMetaObject::Connection onFirst =
            connect(window_, &MainWindow::firstSliceShown, this, [&](int, int, int slice) {
                first.seen = true;
                first.loadedBefore = loaded;
                first.slice = slice;
                first.viewSlice = window_->sliceView(ViewPlane::Axial)->sliceIndex();
                first.low = window_->viewState()->windowLow();
                first.high = window_->viewState()->windowHigh();
                first.canEdit = window_->editSession() != nullptr;
                first.axial = renderNow(window_->sliceView(ViewPlane::Axial));
            });
        QVERIFY(testsupport::loadDay(*window_, day_));
        disconnect(onLoaded);
        disconnect(onFirst);
        QVERIFY(first.seen);
        QVERIFY(!first.loadedBefore);
        QVERIFY(!first.canEdit);
        QCOMPARE(first.viewSlice, first.slice);
        // The first look's window is that slice's (computed here from the decoded day).
        const ScanVolume& scan = *window_->currentScan();
        const IntensityWindow own =
            windowFor(BodyHistogram::ofSlice(scan, first.slice), WindowPreset::Auto);
        QCOMPARE(first.low, own.low);
        QCOMPARE(first.high, own.high);
        const IntensityWindow refined =
            windowFor(BodyHistogram::ofVolume(scan), WindowPreset::Auto);
        QCOMPARE(window_->viewState()->windowLow(), refined.low);
        QCOMPARE(window_->viewState()->windowHigh(), refined.high);
        QCOMPARE(window_->sliceView(ViewPlane::Axial)->sliceIndex(), first.slice); // no jump
        QVERIFY(window_->editSession());
        // On screen at the first look: the body, neither black nor burnt out.
        first.axial.save(artifact("first-look-axial.png"));
        int grey = 0, white = 0;
        for (int y = 0; y < first.axial.height(); y += 2)
            for (int x = 0; x < first.axial.width(); x += 2) {
                const int g = qGray(first.axial.pixel(x, y));
                grey += g > 40 && g < 230;
                white += g >= 250;
            }
        QVERIFY2(grey > 2000 && white < grey / 10,
                 qPrintable(QString("grey %1, white %2").arg(grey).arg(white)));
    }

    void brokenPathKeepsWindowUsable() {
        QVERIFY(!window_->openDataset(dir_.path() + "/no-such-folder"));
        QVERIFY(window_->currentScan()); // what was open stays open
        QVERIFY(window_->openDataset(dir_.path()));
        QCOMPARE(window_->caseBrowser()->topLevelItemCount(), 1);
    }
};

int main(int argc, char** argv) {
    VtkHostWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_main_window.moc"
