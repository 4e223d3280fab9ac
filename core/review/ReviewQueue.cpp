#include "review/ReviewQueue.h"

#include <algorithm>

namespace gireview {

void ReviewQueue::setRisk(const SliceRisk& risk) {
    risk_ = risk;
    rebuild();
}

void ReviewQueue::setFilter(PairFilter filter) {
    filter_ = std::move(filter);
    rebuild();
}

void ReviewQueue::clear() {
    risk_.clear();
    seen_.clear();
    rebuild();
}

void ReviewQueue::rebuild() {
    entries_.clear();
    position_ = -1;
    for (size_t z = 0; z < risk_.size(); ++z)
        for (Organ organ : kAllOrgans) {
            const float value = risk_[z][size_t(organIndex(organ))];
            if (value <= 0) continue;
            if (filter_ && !filter_(int(z), organ)) continue;
            entries_.push_back({int(z), organ, value});
        }
    // Ties keep slice order, so the queue reads top to bottom where the risk cannot choose.
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const QueueEntry& a, const QueueEntry& b) { return a.risk > b.risk; });
}

std::optional<QueueEntry> ReviewQueue::step(int delta) {
    const int next = position_ + delta;
    if (next < 0 || next >= int(entries_.size())) return std::nullopt;
    return goTo(next);
}

std::optional<QueueEntry> ReviewQueue::goTo(int index) {
    if (index < 0 || index >= int(entries_.size())) return std::nullopt;
    position_ = index;
    const QueueEntry& entry = entries_[size_t(index)];
    seen_.insert({entry.slice, organIndex(entry.organ)});
    return entry;
}

bool ReviewQueue::seen(int slice, Organ organ) const {
    return seen_.count({slice, organIndex(organ)}) > 0;
}

std::vector<float> ReviewQueue::sliceRisk() const {
    std::vector<float> perSlice(risk_.size(), 0.0f);
    for (size_t z = 0; z < risk_.size(); ++z)
        for (Organ organ : kAllOrgans)
            if (!filter_ || filter_(int(z), organ))
                perSlice[z] = std::max(perSlice[z], risk_[z][size_t(organIndex(organ))]);
    return perSlice;
}

float ReviewQueue::risk(int slice, Organ organ) const {
    if (slice < 0 || slice >= int(risk_.size())) return 0;
    return risk_[size_t(slice)][size_t(organIndex(organ))];
}

} // namespace gireview
