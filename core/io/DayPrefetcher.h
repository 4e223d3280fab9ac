#pragma once
// Case-days decoded one ahead: while the caller works on a day (the network, usually), the next
// day's slices decode on another thread. Used by every loop over days (infer, the window's
// model runs), so the overlap lives in one place.
#include "data/ScanVolume.h"
#include "io/DatasetIndex.h"

#include <future>
#include <vector>

namespace gireview {

class DayPrefetcher {
public:
    explicit DayPrefetcher(std::vector<DayEntry> days);
    // Waits for a decode in flight: nothing outlives the days it reads.
    ~DayPrefetcher();
    DayPrefetcher(const DayPrefetcher&) = delete;
    DayPrefetcher& operator=(const DayPrefetcher&) = delete;

    bool hasNext() const { return next_ < days_.size(); }
    size_t position() const { return next_; } // how many days next() has returned
    // The next day (rethrows its load error) and starts decoding the one after.
    ScanVolume next();

private:
    void start(size_t i);
    std::vector<DayEntry> days_;
    size_t next_ = 0;
    std::future<ScanVolume> pending_;
};

} // namespace gireview
