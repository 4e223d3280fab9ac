// gireview: the review window.
#include "BuildInfo.h"
#include "DefaultDataset.h"
#include "LibraryVersions.h"
#include "MainWindow.h"
#include "SurfaceView.h"
#include "VtkHostWidget.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>
#include <string>

namespace {

// The options, shared by the help-only path and the window.
void describe(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "GI Review: review and correct stomach and bowel contours on MR-Linac scans "
        "(research and education; not a medical device). Without PATH, opens the built-in "
        "phantom dataset, generating it on first run.");
    parser.addHelpOption();
    parser.addPositionalArgument("PATH", "Dataset root, case folder or case-day folder.", "[PATH]");
    parser.addOptions({
        {"labels", "Labels CSV (train.csv or submission) to show.", "CSV"},
        {"version", "Print the versions of GI Review and its libraries and exit."},
        {"smoke-test", "Open the data, render one frame and quit (exit 0 on success)."},
        {"screenshot", "Like --smoke-test, and save the window as a PNG to FILE.", "FILE"},
        {"run-model", "With --smoke-test or --screenshot: run the model on the first day and wait for its prediction layer."},
    });
}

} // namespace

int main(int argc, char** argv) {
    // --help and --version need no display (man pages are generated from them at build time).
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--version" || argument == "-v") {
            std::printf("%s", versionText("gireview").c_str());
            return 0;
        }
        if (argument == "--help" || argument == "-h" || argument == "--help-all") {
            QCoreApplication core(argc, argv);
            QCoreApplication::setApplicationName(QStringLiteral("gireview"));
            QCommandLineParser parser;
            describe(parser);
            // "Usage: gireview ...", not the path it was started from (man pages quote this).
            std::printf("%s", parser.helpText().replace(QString::fromLocal8Bit(argv[0]), QStringLiteral("gireview")).toStdString().c_str());
            return 0;
        }
    }
    gireview::VtkHostWidget::setDefaultSurfaceFormat(); // before QApplication: VTK needs GL 3.2 core
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("GIReview"));
    QApplication::setApplicationName(QStringLiteral("gireview"));
    QApplication::setApplicationVersion(QStringLiteral(GIREVIEW_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/gireview.svg")));

    QCommandLineParser parser;
    describe(parser);
    parser.process(app);
    gireview::MainWindow window;
    window.setVersionText(QString::fromStdString(versionText("gireview")));
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
        const bool runModel = parser.isSet("run-model");
        auto settle = [&window, capture] {
            if (window.surfaceView()->meshing())
                QObject::connect(window.surfaceView(), &gireview::SurfaceView::meshesReady, capture);
            else
                capture();
        };
        if (runModel) {
            QObject::connect(window.modelRunner(), &gireview::ModelRunner::finished, &app, settle);
            QObject::connect(window.modelRunner(), &gireview::ModelRunner::failed, &app, [](const QString& message) {
                std::fprintf(stderr, "gireview: model: %s\n", qPrintable(message));
                QApplication::exit(1);
            });
        }
        QObject::connect(&window, &gireview::MainWindow::dayLoaded, &app, [&window, settle, runModel] {
            if (!runModel) {
                settle();
            } else if (!window.runModel(gireview::MainWindow::RunScope::Day)) {
                std::fprintf(stderr, "gireview: no model to run\n");
                QApplication::exit(1);
            }
        });
        QObject::connect(&window, &gireview::MainWindow::dayLoadFailed, &app, [] { QApplication::exit(1); });
    }
    return app.exec();
}
