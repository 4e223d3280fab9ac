#pragma once
// Runs a long job on a worker thread behind a modal progress dialog with Cancel, keeping the
// window painted. The job reports progress through `done` and checks `cancel` between steps.
#include <QString>
#include <atomic>
#include <functional>

class QWidget;

namespace gireview {

struct BackgroundResult {
    QString error;          // empty on success
    bool cancelled = false; // the user pressed Cancel and the job stopped early
};

BackgroundResult runWithProgress(QWidget* parent, const QString& label, int total,
                                 const std::function<void(std::atomic<int>& done, const std::atomic<bool>& cancel)>& job,
                                 int minimumDurationMs = 500);

} // namespace gireview
