#pragma once
// The review risk of a model run: per (slice, organ), how likely the predicted contour needs an
// edit, in [0, 1] (higher: look first). Built from what the run has, in pixels of doubt on the
// slice, so that a large doubtful contour ranks above a small one:
//   contour      the predicted contour's boundary pixels, a quarter
//   band         pixels whose probability is uncertain (0.2 to 0.8), a quarter
//   entropy      the binary entropy (bits) summed over the slice, a quarter
//   far          pixels of probability 0.1 to 0.9 farther than about 3 mm from the predicted
//                contour (where the true boundary may lie far from it), four times
//   outsideMass  the probability summed outside the predicted contour (under-segmentation)
//   jump         the predicted area against the mean of the neighbouring slices' areas, where it
//                differs by more than a third (half the difference), or the neighbours' mean
//                area where the organ vanishes inside its slice range; four times
//   previous     with the same case's previous approved day on the same grid: the pixels where
//                its organ and the prediction disagree, a quarter
//   flip         pixels whose label changes when the network sees the slice mirrored left-right
//                (models/DayRisk.h; only the most uncertain slices), four times
// risk = 1 - exp(-weighted sum / 4000 px): monotone, so the ranking is the sum's.
#include "data/LabelVolume.h"

#include <array>
#include <cstdint>
#include <vector>

namespace gireview {

using OrganProbabilities = std::array<std::vector<std::uint8_t>, kOrganCount>; // 0..255 per voxel
// Risk per slice (index z) and organ.
using SliceRisk = std::vector<std::array<float, kOrganCount>>;

// What the risk is built from, per (slice, organ), in pixels (entropy in bits; outsideMass: the
// probability summed outside the predicted contour; contour: its boundary pixels).
struct RiskFeatures {
    double band = 0, entropy = 0, far = 0, outsideMass = 0, contour = 0, jump = 0, previous = 0;
    double flip = 0; // pixels changed under a test-time flip (models/DayRisk.h), 0 where not run
};
std::vector<std::array<RiskFeatures, kOrganCount>>
reviewRiskFeatures(const OrganProbabilities& probability, const LabelVolume& prediction,
                   const LabelVolume* previousApproved = nullptr);
double combineRisk(const RiskFeatures& features);

// Risk per slice (index z) and organ; `prediction` is the thresholded labels of `probability`.
std::vector<std::array<float, kOrganCount>>
reviewRisk(const OrganProbabilities& probability, const LabelVolume& prediction,
           const LabelVolume* previousApproved = nullptr);

} // namespace gireview
