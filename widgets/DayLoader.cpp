#include "DayLoader.h"

#include "io/ScanVolumeLoader.h"

#include <QProgressBar>
#include <QTimer>

namespace gireview {

DayLoader::DayLoader(QProgressBar* progress, QObject* parent) : QObject(parent), progress_(progress) {}

DayLoader::~DayLoader() { workers_.waitForAll(); }

void DayLoader::load(const DayEntry& day, int openingSlice) {
    workers_.waitForAll(); // one at a time; a day loads in well under a second
    progress_->setRange(0, int(day.slices.size()));
    progress_->setValue(0);
    progress_->setVisible(true);
    decoded_ = std::make_shared<std::atomic<int>>(0);
    auto counter = decoded_;
    auto* poll = new QTimer(this);
    connect(poll, &QTimer::timeout, this, [this, poll, counter] {
        if (counter != decoded_ || !workers_.busy()) {
            poll->deleteLater();
            return;
        }
        progress_->setValue(counter->load());
    });
    poll->start(50);
    workers_.run<Result>(
        this,
        [this, day, counter, openingSlice] {
            Result result;
            try {
                // The opening slice first: a decoded slice on screen within milliseconds, however
                // slow the disk or large the day.
                LoadOptions first;
                first.onlySlice = openingSlice;
                auto preview = std::make_shared<const ScanVolume>(loadScanVolume(day, first));
                auto previewBody = std::make_shared<const BodyHistogram>(BodyHistogram::ofSlice(*preview, first.onlySlice));
                handOff();
                QMetaObject::invokeMethod(
                    this,
                    [this, preview, previewBody, slice = first.onlySlice] {
                        takeOver();
                        emit previewReady(preview, slice, previewBody);
                    },
                    Qt::QueuedConnection);
                LoadOptions options;
                options.progress = [counter](int done, int) { counter->store(done); };
                result.scan = std::make_shared<ScanVolume>(loadScanVolume(day, options));
                result.body = std::make_shared<const BodyHistogram>(BodyHistogram::ofVolume(*result.scan));
            } catch (const std::bad_alloc&) {
                result.error = tr("out of memory loading %1 (%2 slices of %3x%4)")
                                   .arg(QString::fromStdString(formatCaseDayName(day.key)))
                                   .arg(day.slices.size())
                                   .arg(day.geometry.width)
                                   .arg(day.geometry.height);
            } catch (const std::exception& error) {
                result.error = QString::fromStdString(error.what());
            }
            return result;
        },
        [this](Result result) {
            progress_->setVisible(false);
            if (result.error.isEmpty())
                emit loaded(result.scan, result.body);
            else
                emit failed(result.error);
        });
}

} // namespace gireview
