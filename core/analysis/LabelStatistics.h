#pragma once
// Per-organ statistics of a case-day's labels: what `gireview-cli info` reports and what the
// phantom is checked against (share of slices with the organ, area on positive slices).
#include "data/LabelVolume.h"
#include "data/ScanVolume.h"

#include <array>
#include <cstdint>
#include <vector>

namespace gireview {

struct OrganDayStatistics {
    int positiveSlices = 0;
    int firstPositiveSlice = 0; // 1-based; 0 when the organ is absent
    int lastPositiveSlice = 0;
    std::vector<size_t> areas; // pixels, one per positive slice, in slice order
    size_t voxels = 0;
    double sliceFraction(int depth) const { return depth ? double(positiveSlices) / depth : 0.0; }
};

struct DayStatistics {
    CaseDayKey day;
    int depth = 0;
    std::array<OrganDayStatistics, kOrganCount> organs;
};

DayStatistics computeDayStatistics(const LabelVolume& labels);

// p-th percentile (0..100) of values by linear interpolation between order statistics (numpy's
// default); 0 for an empty list.
double percentileOf(std::vector<size_t> values, double percent);

// The best Dice any single intensity threshold reaches for an organ over the whole volume,
// trying both "at or above t" and "below t". Used to prove the phantom's organs cannot be
// segmented by intensity alone.
struct ThresholdDice {
    double dice = 0.0;
    std::uint16_t threshold = 0;
    bool above = true;
};
ThresholdDice bestThresholdDice(const ScanVolume& scan, const LabelVolume& labels, Organ organ);

} // namespace gireview
