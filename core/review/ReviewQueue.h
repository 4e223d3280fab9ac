#pragma once
// The review queue of one case-day: its (slice, organ) pairs by the model run's review risk,
// highest first, the reviewer's place in it and what was seen in queue order. Seen is not
// reviewed: stepping onto a pair only records that the reviewer was shown it. Qt-free: the
// window's J / K keys, its queue panel and its slice strip read the same queue.
#include "analysis/ReviewRisk.h"
#include "data/Organ.h"

#include <functional>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace gireview {

struct QueueEntry {
    int slice = 0; // 0-based
    Organ organ = Organ::LargeBowel;
    float risk = 0;
    friend bool operator==(const QueueEntry& a, const QueueEntry& b) {
        return a.slice == b.slice && a.organ == b.organ && a.risk == b.risk;
    }
};

class ReviewQueue {
public:
    // Which pairs the queue keeps (a review region); all when unset.
    using PairFilter = std::function<bool(int slice, Organ organ)>;

    // A new run's risk for the same day: the order is rebuilt, the place goes back before the
    // top, what was seen stays seen. Pairs of risk 0 (nothing predicted, no doubt) are left out.
    void setRisk(const SliceRisk& risk);
    void setFilter(PairFilter filter);
    // Another day: nothing seen yet.
    void clear();

    const std::vector<QueueEntry>& entries() const { return entries_; }
    bool empty() const { return entries_.empty(); }
    // The place in entries(), -1 before the first step.
    int position() const { return position_; }
    // Steps by `delta` (+1 next, -1 previous) and marks the pair seen; nullopt past either end
    // (the place does not move).
    std::optional<QueueEntry> step(int delta);
    // Goes to entries()[index] (a click in the queue panel) and marks it seen.
    std::optional<QueueEntry> goTo(int index);

    bool seen(int slice, Organ organ) const;
    size_t seenCount() const { return seen_.size(); }
    // The highest risk of any organ on each slice (0 where none), for the slice strip.
    std::vector<float> sliceRisk() const;
    // The risk of one pair, 0 when the run gave none.
    float risk(int slice, Organ organ) const;

private:
    void rebuild();
    SliceRisk risk_;
    PairFilter filter_;
    std::vector<QueueEntry> entries_;
    int position_ = -1;
    std::set<std::pair<int, int>> seen_; // (slice, organ index)
};

} // namespace gireview
