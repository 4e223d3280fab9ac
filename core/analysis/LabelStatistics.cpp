#include "analysis/LabelStatistics.h"

#include <algorithm>
#include <cmath>

namespace gireview {

DayStatistics computeDayStatistics(const LabelVolume& labels) {
    DayStatistics stats;
    stats.day = labels.day();
    const auto& g = labels.geometry();
    stats.depth = g.depth;
    for (int z = 0; z < g.depth; ++z) {
        std::array<size_t, kOrganCount> counts{};
        const std::uint8_t* p = labels.slice(z);
        for (size_t i = 0; i < g.sliceSize(); ++i) {
            const std::uint8_t v = p[i];
            counts[0] += v & 1;
            counts[1] += (v >> 1) & 1;
            counts[2] += (v >> 2) & 1;
        }
        for (int o = 0; o < kOrganCount; ++o) {
            if (!counts[size_t(o)]) continue;
            auto& organ = stats.organs[size_t(o)];
            ++organ.positiveSlices;
            if (!organ.firstPositiveSlice) organ.firstPositiveSlice = z + 1;
            organ.lastPositiveSlice = z + 1;
            organ.areas.push_back(counts[size_t(o)]);
            organ.voxels += counts[size_t(o)];
        }
    }
    return stats;
}

double percentileOf(std::vector<size_t> values, double percent) {
    if (values.empty()) return 0.0;
    std::sort(values.begin(), values.end());
    const double rank = std::clamp(percent, 0.0, 100.0) / 100.0 * double(values.size() - 1);
    const size_t lo = size_t(std::floor(rank)), hi = std::min(values.size() - 1, lo + 1);
    return double(values[lo]) + (rank - double(lo)) * (double(values[hi]) - double(values[lo]));
}

ThresholdDice bestThresholdDice(const ScanVolume& scan, const LabelVolume& labels, Organ organ) {
    std::vector<size_t> all(65537, 0), inside(65537, 0);
    const std::uint8_t bit = organBit(organ);
    const size_t n = scan.geometry().voxelCount();
    for (size_t i = 0; i < n; ++i) {
        const std::uint16_t value = scan.data()[i];
        ++all[value];
        if (labels.data()[i] & bit) ++inside[value];
    }
    // Suffix sums: voxels with value >= t.
    std::vector<size_t> allAtLeast(65537, 0), insideAtLeast(65537, 0);
    for (int t = 65535; t >= 0; --t) {
        allAtLeast[size_t(t)] = allAtLeast[size_t(t) + 1] + all[size_t(t)];
        insideAtLeast[size_t(t)] = insideAtLeast[size_t(t) + 1] + inside[size_t(t)];
    }
    const double truth = double(insideAtLeast[0]);
    ThresholdDice best;
    if (truth == 0) return best;
    for (int t = 0; t <= 65535; ++t) {
        const double predAbove = double(allAtLeast[size_t(t)]), tpAbove = double(insideAtLeast[size_t(t)]);
        const double diceAbove = 2 * tpAbove / (predAbove + truth);
        const double predBelow = double(n) - predAbove, tpBelow = truth - tpAbove;
        const double diceBelow = 2 * tpBelow / (predBelow + truth);
        if (diceAbove > best.dice) best = {diceAbove, std::uint16_t(t), true};
        if (diceBelow > best.dice) best = {diceBelow, std::uint16_t(t), false};
    }
    return best;
}

} // namespace gireview
