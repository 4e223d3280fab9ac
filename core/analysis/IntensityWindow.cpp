#include "analysis/IntensityWindow.h"

#include <algorithm>
#include <cmath>

namespace gireview {

namespace {

bool hasSignal(const std::uint16_t* voxels, size_t count) {
    return std::any_of(voxels, voxels + count, [](std::uint16_t v) { return v != 0; });
}

// Otsu's threshold over bins [1, 65535]: the zeros are padding and air, already background.
std::uint16_t otsuThreshold(const std::vector<size_t>& counts) {
    double total = 0, weightedTotal = 0;
    for (size_t v = 1; v < counts.size(); ++v) {
        total += double(counts[v]);
        weightedTotal += double(v) * double(counts[v]);
    }
    if (total == 0) return 1;
    double below = 0, weightedBelow = 0, bestSpread = -1;
    size_t best = 1;
    for (size_t v = 1; v < counts.size(); ++v) {
        below += double(counts[v]);
        weightedBelow += double(v) * double(counts[v]);
        const double above = total - below;
        if (below == 0) continue;
        if (above == 0) break;
        const double meanBelow = weightedBelow / below;
        const double meanAbove = (weightedTotal - weightedBelow) / above;
        const double spread = below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
        if (spread > bestSpread) {
            bestSpread = spread;
            best = v;
        }
    }
    return std::uint16_t(std::min<size_t>(best + 1, 65535)); // the body is above the split
}

} // namespace

BodyHistogram BodyHistogram::ofVolume(const ScanVolume& scan) {
    BodyHistogram histogram;
    const size_t sliceSize = scan.geometry().sliceSize();
    for (int z = 0; z < scan.geometry().depth; ++z)
        if (hasSignal(scan.slice(z), sliceSize)) histogram.add(scan.slice(z), sliceSize);
    histogram.finish();
    return histogram;
}

BodyHistogram BodyHistogram::ofSlice(const ScanVolume& scan, int z) {
    BodyHistogram histogram;
    const size_t sliceSize = scan.geometry().sliceSize();
    if (z >= 0 && z < scan.geometry().depth && hasSignal(scan.slice(z), sliceSize))
        histogram.add(scan.slice(z), sliceSize);
    histogram.finish();
    return histogram;
}

void BodyHistogram::add(const std::uint16_t* voxels, size_t count) {
    if (counts_.empty()) counts_.assign(65536, 0);
    for (size_t i = 0; i < count; ++i)
        ++counts_[voxels[i]];
}

void BodyHistogram::finish() {
    if (counts_.empty()) return;
    size_t v = 0;
    while (v < counts_.size() && counts_[v] == 0)
        ++v;
    minimum_ = std::uint16_t(v);
    v = counts_.size() - 1;
    while (v > 0 && counts_[v] == 0)
        --v;
    maximum_ = std::uint16_t(v);
    threshold_ = otsuThreshold(counts_);
    for (size_t value = threshold_; value < counts_.size(); ++value)
        bodyVoxels_ += counts_[value];
}

double BodyHistogram::percentile(double percent) const {
    if (bodyVoxels_ == 0) return 0;
    const double rank = std::clamp(percent, 0.0, 100.0) / 100.0 * double(bodyVoxels_ - 1);
    size_t seen = 0;
    for (size_t value = threshold_; value < counts_.size(); ++value) {
        seen += counts_[value];
        if (double(seen) > rank) return double(value);
    }
    return double(maximum_);
}

std::string_view windowPresetName(WindowPreset preset) {
    switch (preset) {
    case WindowPreset::Auto:
        return "Auto (body edge to 99.5 %)";
    case WindowPreset::FullRange:
        return "Full range";
    case WindowPreset::SoftTissue:
        return "Soft tissue (body 2-98 %)";
    case WindowPreset::HighContrast:
        return "High contrast (body 10-90 %)";
    }
    return "";
}

IntensityWindow windowFor(const BodyHistogram& histogram, WindowPreset preset) {
    IntensityWindow window;
    if (histogram.empty()) {
        window = {double(histogram.minimum()), double(histogram.maximum())};
    } else {
        switch (preset) {
        // Auto starts just below the body's edge: its darkest voxels (partial volume at the skin)
        // stay above black, and the air below carries no grey levels.
        case WindowPreset::Auto:
            window = {histogram.bodyThreshold() * 0.9, histogram.percentile(99.5)};
            break;
        case WindowPreset::FullRange:
            window = {double(histogram.minimum()), double(histogram.maximum())};
            break;
        case WindowPreset::SoftTissue:
            window = {histogram.percentile(2), histogram.percentile(98)};
            break;
        case WindowPreset::HighContrast:
            window = {histogram.percentile(10), histogram.percentile(90)};
            break;
        }
    }
    if (window.high <= window.low) window.high = window.low + 1;
    return window;
}

} // namespace gireview
