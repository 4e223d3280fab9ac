#include "DefaultDataset.h"

#include "Phantom.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QtConcurrent>

namespace gireview {

QString defaultDatasetFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/phantom";
}

QString ensureDefaultDataset(QWidget* parent) {
    const QString folder = defaultDatasetFolder();
    if (QFileInfo::exists(folder + "/train.csv")) return folder; // train.csv is written last
    QDir().mkpath(folder);
    PhantomOptions options;
    options.cases = 2;
    options.daysPerCase = 2;
    options.seed = 20221;
    QProgressDialog progress(QObject::tr("Generating the phantom dataset (first run)..."),
                             QObject::tr("Cancel"), 0, options.cases * options.daysPerCase, parent);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    std::atomic<bool> cancel{false};
    std::atomic<int> done{0};
    QString error;
    bool cancelled = false;
    auto future = QtConcurrent::run([&]() {
        try {
            writePhantomDataset(folder.toStdString(), options, [&](const PhantomDay&, int finished, int) {
                done = finished;
                return !cancel.load();
            });
        } catch (const PhantomCancelled&) {
            cancelled = true;
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
    });
    while (!future.isFinished()) {
        progress.setValue(done.load());
        if (progress.wasCanceled()) cancel = true;
        QApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(20);
    }
    future.waitForFinished();
    if (cancelled) return {};
    if (!error.isEmpty()) {
        QMessageBox::critical(parent, QObject::tr("Phantom generation failed"), error);
        return {};
    }
    return folder;
}

} // namespace gireview
