#include "BackgroundTask.h"

#include <QApplication>
#include <QProgressDialog>
#include <QThread>
#include <QtConcurrent>

namespace gireview {

BackgroundResult runWithProgress(QWidget* parent, const QString& label, int total,
                                 const std::function<void(std::atomic<int>&, const std::atomic<bool>&)>& job, int minimumDurationMs) {
    QProgressDialog progress(label, QObject::tr("Cancel"), 0, total, parent);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(minimumDurationMs);
    std::atomic<int> done{0};
    std::atomic<bool> cancel{false};
    BackgroundResult result;
    auto future = QtConcurrent::run([&] {
        try {
            job(done, cancel);
        } catch (const std::exception& failure) {
            result.error = QString::fromStdString(failure.what());
        }
    });
    while (!future.isFinished()) {
        progress.setValue(done.load());
        if (progress.wasCanceled()) cancel = true;
        QApplication::processEvents(QEventLoop::AllEvents, 30);
        QThread::msleep(10);
    }
    future.waitForFinished();
    progress.reset();
    result.cancelled = cancel.load();
    if (result.cancelled) result.error.clear();
    return result;
}

} // namespace gireview
