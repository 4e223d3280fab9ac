#pragma once
// Loads a case-day's scan off the GUI thread, one at a time, with the slices decoded so far on
// a progress bar.
#include "data/ScanVolume.h"
#include "io/DatasetIndex.h"

#include "WorkerThreads.h"

#include <QObject>
#include <atomic>
#include <memory>

class QProgressBar;

namespace gireview {

class DayLoader : public QObject {
    Q_OBJECT
public:
    DayLoader(QProgressBar* progress, QObject* parent);
    ~DayLoader() override;
    void load(const DayEntry& day);
    void waitForFinished() { workers_.waitForAll(); }

signals:
    void loaded(std::shared_ptr<gireview::ScanVolume> scan);
    void failed(const QString& message);

private:
    struct Result {
        std::shared_ptr<ScanVolume> scan;
        QString error;
    };
    QProgressBar* progress_;
    std::shared_ptr<std::atomic<int>> decoded_;
    WorkerThreads workers_; // last: joined before the rest goes

};

} // namespace gireview
