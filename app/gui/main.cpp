// gireview: the review window.
#include "data/HeapTuning.h"
#include "BuildInfo.h"
#include "DefaultDataset.h"
#include "LibraryVersions.h"
#include "MainWindow.h"
#include "SurfaceView.h"
#include "Unattended.h"
#include "data/DataError.h"
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
        "phantom dataset, generating it on first run.\n\nSmoke runs (--smoke-test, --screenshot) never wait for a "
        "person: questions take their safe default, problems are printed to standard error and fail the run, and "
        "--timeout ends a run that waits too long. GIREVIEW_NO_DIALOGS=1 does the same for a normal window "
        "(scripted runs, tests).");
    parser.addHelpOption();
    parser.addPositionalArgument("PATH", "Dataset root, case folder or case-day folder.", "[PATH]");
    parser.addOptions({
        {"labels", "Labels CSV (train.csv or submission) to show.", "CSV"},
        {"version", "Print the versions of GI Review and its libraries and exit."},
        {"list-shortcuts", "Print every key and mouse control of the window as a Markdown table (the README's) and exit. "
                           "Needs a display, as the window does."},
        {"smoke-test", "Open the data, render one frame and quit (exit 0 on success)."},
        {"screenshot", "Like --smoke-test, and save the window as a PNG to FILE.", "FILE"},
        {"run-model", "With --smoke-test or --screenshot: run the model on the first day and wait for its prediction layer."},
        {"timeout", "With --smoke-test or --screenshot: give up with exit 1 after SECONDS (1 to 86400; default 600).", "SECONDS",
         "600"},
    });

}

} // namespace

int main(int argc, char** argv) {
    gireview::tuneHeapForDayLoading();
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
    const bool smoke = parser.isSet("smoke-test") || parser.isSet("screenshot");
    bool timeoutOk = false;
    const int timeoutSeconds = parser.value("timeout").toInt(&timeoutOk);
    if (!timeoutOk || timeoutSeconds < 1 || timeoutSeconds > 86400) {
        std::fprintf(stderr, "gireview: --timeout '%s' is not a whole number from 1 to 86400\n",
                     gireview::quoteForMessage(parser.value("timeout").toStdString(), 40).c_str());
        return 2;
    }
    if (smoke) gireview::setUnattended(true);
    if (parser.isSet("list-shortcuts")) {
        const gireview::MainWindow window; // built, never shown: the table is its actions'
        std::printf("%s", window.shortcutMarkdown().toStdString().c_str());
        return 0;
    }
    gireview::MainWindow window;
    window.setVersionText(QString::fromStdString(versionText("gireview")));
    window.show();
    QString path = parser.positionalArguments().value(0);
    if (path.isEmpty()) path = gireview::ensureDefaultDataset(&window);
    bool opened = !path.isEmpty() && window.openDataset(path, parser.value("labels"));
    const gireview::DayEntry* firstDay = nullptr;
    if (opened)
        for (const gireview::DayEntry* day : window.dataset().days())
            if (day->usable && !firstDay) firstDay = day;
    if (firstDay) window.selectDay(firstDay->key);
    if (smoke) {
        if (!opened) return 1; // the reason is on standard error
        if (!firstDay) {
            std::fprintf(stderr, "gireview: no usable case-day in %s (gireview-cli validate lists why)\n", qPrintable(path));
            return 1;
        }
        // Whatever it waits for (a day, the model, the meshes), a smoke run ends.
        QTimer::singleShot(timeoutSeconds * 1000, &app, [timeoutSeconds] {
            std::fprintf(stderr, "gireview: the smoke run did not finish within %d s\n", timeoutSeconds);
            QApplication::exit(1);
        });
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
                if (window.problemsShown()) {
                    std::fprintf(stderr, "gireview: %d problem(s) during the smoke run (above)\n", window.problemsShown());
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
