// Viewer benchmarks (need a display; run_benchmarks.sh starts Xvfb when there is none):
//   slice_switch      median ms from a slice change to the axial view re-rendered (360x310,
//                     overlays on), GPU work finished
//   day_first_render  ms from selecting a case-day to its first rendered axial frame
//   remesh_organ      ms to re-mesh one organ of one day (the largest of the three organs)
#include "editing/EditTools.h"
#include "MainWindow.h"
#include "review/Workspace.h"
#include "OrganMesher.h"
#include "phantom/Phantom.h"
#include "SliceView.h"
#include "SurfaceView.h"
#include "ViewState.h"
#include "VtkHostWidget.h"

#include <QApplication>
#include <QMouseEvent>
#include <cmath>
#include <QElapsedTimer>
#include <QOpenGLContext>
#include <QOpenGLFunctions>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <vector>
#include <vtkPolyData.h>

using namespace gireview;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void renderNow(SliceView* view) { view->renderNow(); }

} // namespace

int main(int argc, char** argv) {
    VtkHostWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    qputenv("GIREVIEW_NO_DIALOGS", "1");
    QTemporaryDir dir;
    PhantomOptions options;
    options.cases = 1;
    options.daysPerCase = 1;
    options.seed = 11;
    options.format = phantomFormat("360x310");
    writePhantomDataset(dir.path().toStdString(), options);

    MainWindow window;
    window.resize(1400, 1000);
    window.show();
    QCoreApplication::processEvents();
    window.openDataset(dir.path());
    const CaseDayKey day{1, phantomDayNumbers(options, 0)[0]};
    QSignalSpy loaded(&window, &MainWindow::dayLoaded);
    QElapsedTimer timer;
    timer.start();
    window.selectDay(day);
    loaded.wait(60000);
    SliceView* axial = window.sliceView(ViewPlane::Axial);
    renderNow(axial);
    const double firstRender = double(timer.nsecsElapsed()) / 1e6;
    std::printf("day_first_render %.1f ms\n", firstRender);

    // Slice switching with overlays: warm up, then time 60 switches across the labelled range.
    const int z0 = axial->sliceIndex();
    for (int i = 0; i < 5; ++i) {
        axial->setSliceIndex(z0 + (i % 2));
        renderNow(axial);
    }
    std::vector<double> times;
    for (int i = 0; i < 60; ++i) {
        QElapsedTimer t;
        t.start();
        axial->setSliceIndex(z0 - 15 + (i % 30));
        renderNow(axial);
        times.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::printf("slice_switch %.2f ms\n", median(times));
    std::printf("slice_switch.p90 %.2f ms\n", [&] { auto v = times; std::sort(v.begin(), v.end()); return v[v.size() * 9 / 10]; }());

    // Re-meshing one organ after a change.
    auto labels = window.currentLabels();
    double worst = 0;
    for (Organ organ : kAllOrgans) {
        meshOrgan(*labels, organ); // warm-up
        std::vector<double> meshTimes;
        for (int i = 0; i < 5; ++i) {
            QElapsedTimer t;
            t.start();
            auto mesh = meshOrgan(*labels, organ);
            meshTimes.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        const double m = median(meshTimes);
        std::printf("remesh_organ.%s %.1f ms\n", organClassName(organ).data(), m);
        worst = std::max(worst, m);
    }
    std::printf("remesh_organ %.1f ms\n", worst);

    // Brush stroke: from a mouse-move event to labels updated and the axial overlay re-rendered.
    window.setActiveOrgan(Organ::Stomach);
    window.setTool(MainWindow::Tool::Brush);
    window.setBrushRadiusMm(4.5);
    const QPointF start = axial->planeToWidget(60, 150);
    QMouseEvent press(QEvent::MouseButtonPress, start, axial->mapToGlobal(start), Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(axial, &press);
    std::vector<double> strokeTimes;
    for (int i = 1; i <= 80; ++i) {
        const QPointF p = axial->planeToWidget(60 + i * 2.5, 150 + 20 * std::sin(i * 0.2));
        QElapsedTimer t;
        t.start();
        QMouseEvent move(QEvent::MouseMove, p, axial->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(axial, &move);
        axial->renderNow();
        strokeTimes.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    QMouseEvent release(QEvent::MouseButtonRelease, start, axial->mapToGlobal(start), Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(axial, &release);
    std::printf("brush_stroke %.2f ms\n", median(strokeTimes));

    // Undo of 50 strokes (each a committed edit), then redo them.
    for (int i = 0; i < 50; ++i) {
        const double y = 40 + i * 4;
        std::vector<PlanePoint> path{{40, y}, {200, y}};
        auto region = brushStroke(window.currentScan()->geometry(), ViewPlane::Axial, axial->sliceIndex(), path, 3.0);
        window.editSession()->apply(Organ::SmallBowel, region, EditMode::Add, "bench");
    }
    QElapsedTimer undoTimer;
    undoTimer.start();
    for (int i = 0; i < 50; ++i) window.editSession()->undo();
    std::printf("undo_50_strokes %.1f ms\n", double(undoTimer.nsecsElapsed()) / 1e6);

    // Reopening a workspace holding a fully edited dataset of the phantom's size (2 cases x 2 days).
    QTemporaryDir workspaceDir;
    PhantomOptions full;
    const std::string workspacePath = (workspaceDir.path() + "/full.sqlite").toStdString();
    std::vector<LabelVolume> days;
    {
        Workspace workspace(workspacePath);
        for (int c = 0; c < 2; ++c)
            for (int d = 0; d < 2; ++d) {
                PhantomDay day = generatePhantomDay(full, c, d);
                workspace.saveLayer(day.labels, LabelLayer::Reviewed);
                workspace.saveLayer(day.labels, LabelLayer::Prediction);
                days.push_back(std::move(day.labels));
            }
    }
    QElapsedTimer reopen;
    reopen.start();
    {
        Workspace workspace(workspacePath);
        for (const LabelVolume& expected : days) {
            LabelVolume reviewed(expected.day(), expected.geometry()), prediction(expected.day(), expected.geometry());
            workspace.loadLayer(expected.day(), LabelLayer::Reviewed, reviewed);
            workspace.loadLayer(expected.day(), LabelLayer::Prediction, prediction);
            if (!(reviewed == expected)) std::fprintf(stderr, "workspace round trip differs\n");
        }
    }
    std::printf("workspace_reopen %.1f ms\n", double(reopen.nsecsElapsed()) / 1e6);
    return 0;
}
