#include "DayLoader.h"

#include "io/ScanVolumeLoader.h"

#include <QProgressBar>
#include <QTimer>
#include <QtConcurrent>

namespace gireview {

DayLoader::DayLoader(QProgressBar* progress, QObject* parent)
    : QObject(parent), progress_(progress) {
    connect(&watcher_, &QFutureWatcher<Result>::finished, this, [this] {
        progress_->setVisible(false);
        const Result result = watcher_.result();
        if (result.error.isEmpty())
            emit loaded(result.scan);
        else
            emit failed(result.error);
    });
}

DayLoader::~DayLoader() {
    watcher_.waitForFinished();
}

void DayLoader::load(const DayEntry& day) {
    watcher_.waitForFinished(); // one at a time; a day loads in well under a second
    progress_->setRange(0, int(day.slices.size()));
    progress_->setValue(0);
    progress_->setVisible(true);
    decoded_ = std::make_shared<std::atomic<int>>(0);
    auto counter = decoded_;
    auto* poll = new QTimer(this);
    connect(poll, &QTimer::timeout, this, [this, poll, counter] {
        if (counter != decoded_ || !watcher_.isRunning()) {
            poll->deleteLater();
            return;
        }
        progress_->setValue(counter->load());
    });
    poll->start(50);
    watcher_.setFuture(QtConcurrent::run([day, counter]() {
        Result result;
        try {
            LoadOptions options;
            options.progress = [counter](int done, int) { counter->store(done); };
            result.scan = std::make_shared<ScanVolume>(loadScanVolume(day, options));
        } catch (const std::exception& error) {
            result.error = QString::fromStdString(error.what());
        }
        return result;
    }));
}

} // namespace gireview
