#include "io/DayPrefetcher.h"

#include "io/ScanVolumeLoader.h"

namespace gireview {

DayPrefetcher::DayPrefetcher(std::vector<DayEntry> days) : days_(std::move(days)) {
    if (!days_.empty()) start(0);
}

DayPrefetcher::~DayPrefetcher() {
    if (pending_.valid()) pending_.wait();
}

void DayPrefetcher::start(size_t i) {
    const DayEntry* day = &days_[i];
    pending_ = std::async(std::launch::async, [day] { return loadScanVolume(*day); });
}

ScanVolume DayPrefetcher::next() {
    ScanVolume scan = pending_.get();
    ++next_;
    if (next_ < days_.size()) start(next_);
    return scan;
}

} // namespace gireview
