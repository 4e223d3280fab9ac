#pragma once
// Runs a long job on a worker thread behind a modal progress dialog with Cancel, keeping the
// window painted. The job reports progress through TaskProgress and checks `cancel` between steps.
#include <QString>
#include <atomic>
#include <functional>

class QWidget;

namespace gireview {

struct BackgroundResult {
    QString error;          // empty on success
    bool cancelled = false; // the user pressed Cancel and the job stopped early
};

// Written by the job (done, and total when it is only known once the job has looked), read by
// the dialog; `cancel` is set by the dialog's Cancel.
struct TaskProgress {
    std::atomic<int> done{0};
    std::atomic<int> total{0}; // 0: not known yet (a busy indicator)
    std::atomic<bool> cancel{false};
};

BackgroundResult runWithProgress(QWidget* parent, const QString& label, const std::function<void(TaskProgress&)>& job,
                                 int minimumDurationMs = 500);
// The same with a total known up front.
BackgroundResult runWithProgress(QWidget* parent, const QString& label, int total,
                                 const std::function<void(std::atomic<int>& done, const std::atomic<bool>& cancel)>& job,
                                 int minimumDurationMs = 500);

} // namespace gireview
