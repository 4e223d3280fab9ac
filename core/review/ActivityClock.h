#pragma once
// Active editing time from activity events (pointer or key): the time between two events counts
// when they are at most `maxGapSeconds` apart; a longer pause (coffee, a phone call) counts
// nothing. take() hands over what accumulated since the last take (to be stored).
namespace gireview {

class ActivityClock {
public:
    explicit ActivityClock(double maxGapSeconds = 60.0) : maxGap_(maxGapSeconds) {}
    void activity(double nowSeconds) {
        if (seen_ && nowSeconds >= last_ && nowSeconds - last_ <= maxGap_)
            pending_ += nowSeconds - last_;
        last_ = nowSeconds;
        seen_ = true;
    }
    double pending() const { return pending_; }
    double take() {
        const double seconds = pending_;
        pending_ = 0;
        return seconds;
    }
    // A new stretch (another day or organ): the next event starts it.
    void restart() { seen_ = false; }

private:
    double maxGap_;
    double last_ = 0, pending_ = 0;
    bool seen_ = false;
};

} // namespace gireview
