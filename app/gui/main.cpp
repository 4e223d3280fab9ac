// gireview: the review window.
#include "BuildInfo.h"
#include "DefaultDataset.h"
#include "MainWindow.h"
#include "SurfaceView.h"
#include "VersionInfo.h"
#include "VtkHostWidget.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>

int main(int argc, char** argv) {
    gireview::VtkHostWidget::setDefaultSurfaceFormat(); // before QApplication: VTK needs GL 3.2 core
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("GIReview"));
    QApplication::setApplicationName(QStringLiteral("gireview"));
    QApplication::setApplicationVersion(QStringLiteral(GIREVIEW_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/gireview.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        "GI Review: review and correct stomach and bowel contours on MR-Linac scans "
        "(research and education; not a medical device). Without PATH, opens the built-in "
        "phantom dataset, generating it on first run.");
    parser.addHelpOption();
    parser.addPositionalArgument("PATH", "Dataset root, case folder or case-day folder.", "[PATH]");
    parser.addOptions({
        {"labels", "Labels CSV (train.csv or submission) to show.", "CSV"},
        {"version", "Print versions and exit."},
        {"smoke-test", "Open the data, render one frame and quit (exit 0 on success)."},
        {"screenshot", "Like --smoke-test, and save the window as a PNG to FILE.", "FILE"},
    });
    parser.process(app);
    if (parser.isSet("version")) {
        std::printf("gireview %s\n%s\n", GIREVIEW_VERSION, gireview::libraryVersions().toStdString().c_str());
        return 0;
    }
    gireview::MainWindow window;
    window.show();
    QString path = parser.positionalArguments().value(0);
    if (path.isEmpty()) path = gireview::ensureDefaultDataset(&window);
    bool opened = !path.isEmpty() && window.openDataset(path, parser.value("labels"));
    if (opened && !window.dataset().cases.empty() && !window.dataset().cases.front().days.empty())
        window.selectDay(window.dataset().cases.front().days.front().key);
    if (parser.isSet("smoke-test") || parser.isSet("screenshot")) {
        if (!opened) return 1;
        const QString screenshot = parser.value("screenshot");
        auto capture = [&window, &app, screenshot] {
            // Let every pane paint once before grabbing the window.
            QTimer::singleShot(300, &app, [&window, &app, screenshot] {
                QImage frame = window.grab().toImage();
                if (!screenshot.isEmpty() && !frame.save(screenshot)) {
                    std::fprintf(stderr, "gireview: cannot write %s\n", qPrintable(screenshot));
                    QApplication::exit(1);
                    return;
                }
                QApplication::exit(0);
            });
        };
        QObject::connect(&window, &gireview::MainWindow::dayLoaded, &app, [&window, capture] {
            if (window.surfaceView()->meshing())
                QObject::connect(window.surfaceView(), &gireview::SurfaceView::meshesReady, capture);
            else
                capture();
        });
        QObject::connect(&window, &gireview::MainWindow::dayLoadFailed, &app, [] { QApplication::exit(1); });
    }
    return app.exec();
}
