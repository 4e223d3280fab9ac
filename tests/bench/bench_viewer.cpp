// Viewer benchmarks (need a display; run_benchmarks.sh starts Xvfb when there is none):
//   slice_switch      median ms from a slice change to the axial view re-rendered (360x310,
//                     overlays on), GPU work finished
//   day_first_render  ms from selecting a case-day to its first rendered axial frame
//   remesh_organ      ms to re-mesh one organ of one day (the largest of the three organs)
#include "MainWindow.h"
#include "OrganMesher.h"
#include "Phantom.h"
#include "SliceView.h"
#include "SurfaceView.h"
#include "ViewState.h"
#include "VtkHostWidget.h"

#include <QApplication>
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
    return 0;
}
