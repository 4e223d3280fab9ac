#pragma once
// The review risk of one model run on one case-day (core/analysis/ReviewRisk.h says what goes in),
// with the one feature that needs the network again: agreement under a test-time flip. Only the
// most uncertain slices are flipped (a flip of every slice would double the network's time).
#include "DayInference.h"
#include "SegmentationModel.h"
#include "analysis/ReviewRisk.h"

#include <vector>

namespace gireview {

struct DayRiskOptions {
    // Share of the day's slices seen again mirrored left-right: the ones with the most uncertain
    // pixels (over all organs), at least one when any slice has doubt.
    double flipShare = 0.05;
    int batchSize = 8;
    const LabelVolume* previousApproved = nullptr; // the case's previous approved day, if any
};

// Per listed slice (index z) and organ: pixels whose thresholded label changes when the network
// sees the slice mirrored (its output mirrored back). Slices not listed stay 0.
std::vector<std::array<float, kOrganCount>> flipDisagreement(const SegmentationModel& model,
                                                              const ScanVolume& scan,
                                                              const DayPrediction& prediction,
                                                              const std::vector<int>& slices,
                                                              int batchSize = 8);

// The features of the run, the flip on the uncertain slices included.
std::vector<std::array<RiskFeatures, kOrganCount>>
dayRiskFeatures(const SegmentationModel& model, const ScanVolume& scan,
                const DayPrediction& prediction, const DayRiskOptions& options = {});

SliceRisk dayRisk(const SegmentationModel& model, const ScanVolume& scan,
                  const DayPrediction& prediction, const DayRiskOptions& options = {});

} // namespace gireview
