#pragma once
// Loads a case-day's scan off the GUI thread, one at a time, with the slices decoded so far on
// a progress bar. The body's intensity histogram (the day's display window) is counted there too.
#include "analysis/IntensityWindow.h"
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
    // Decodes the slice the day opens on (0-based) first (previewReady), then the whole day
    // (loaded).
    void load(const DayEntry& day, int openingSlice);
    void waitForFinished() { workers_.waitForAll(); }

signals:
    // One slice decoded (the rest zero) and its own body histogram: something to look at, with
    // a window from that slice, while the rest of the day decodes. Always before `loaded`.
    void previewReady(std::shared_ptr<const gireview::ScanVolume> scan, int slice,
                      std::shared_ptr<const gireview::BodyHistogram> body);
    void loaded(std::shared_ptr<gireview::ScanVolume> scan,
                std::shared_ptr<const gireview::BodyHistogram> body);
    void failed(const QString& message);

private:
    struct Result {
        std::shared_ptr<ScanVolume> scan;
        std::shared_ptr<const BodyHistogram> body;
        QString error;
    };
    QProgressBar* progress_;
    std::shared_ptr<std::atomic<int>> decoded_;
    WorkerThreads workers_; // last: joined before the rest goes

};

} // namespace gireview
