#include "BackgroundTask.h"

#include <QApplication>
#include <QProgressDialog>
#include <QThread>
#include <thread>

namespace gireview {

BackgroundResult runWithProgress(QWidget* parent, const QString& label, const std::function<void(TaskProgress&)>& job,
                                 int minimumDurationMs) {
    QProgressDialog dialog(label, QObject::tr("Cancel"), 0, 0, parent);
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(minimumDurationMs);
    TaskProgress progress;
    BackgroundResult result;
    std::atomic<bool> finished{false};
    // A std::thread, not QtConcurrent: ThreadSanitizer sees its start and join (see WorkerThreads.h).
    std::thread worker([&] {
        try {
            job(progress);
        } catch (const std::bad_alloc&) {
            result.error = QObject::tr("out of memory during: %1").arg(label);
        } catch (const std::exception& failure) {
            result.error = QString::fromStdString(failure.what());
        }
        finished.store(true, std::memory_order_release);
    });
    while (!finished.load(std::memory_order_acquire)) {
        if (dialog.maximum() != progress.total.load()) dialog.setMaximum(progress.total.load());
        if (progress.total.load() > 0) dialog.setValue(std::min(progress.done.load(), progress.total.load()));
        else dialog.setValue(0); // lets the dialog appear after minimumDurationMs
        if (dialog.wasCanceled()) progress.cancel = true;
        QApplication::processEvents(QEventLoop::AllEvents, 30);
        QThread::msleep(10);
    }
    worker.join();
    dialog.reset();
    result.cancelled = progress.cancel.load();
    if (result.cancelled) result.error.clear();
    return result;
}

BackgroundResult runWithProgress(QWidget* parent, const QString& label, int total,
                                 const std::function<void(std::atomic<int>&, const std::atomic<bool>&)>& job, int minimumDurationMs) {
    return runWithProgress(
        parent, label,
        [&](TaskProgress& progress) {
            progress.total = total;
            job(progress.done, progress.cancel);
        },
        minimumDurationMs);
}

} // namespace gireview
