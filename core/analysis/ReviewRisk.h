#pragma once
// The review risk of a model run: per (slice, organ), how likely the predicted contour needs an
// edit, in [0, 1] (higher: look first). Built from what the run has, in pixels of doubt on the
// slice, so that a large doubtful contour ranks above a small one:
//   band      pixels whose probability is uncertain (0.2 to 0.8)
//   entropy   the binary entropy (bits) summed over the slice's pixels
//   jump      the predicted area against the mean of the neighbouring slices' areas, where it
//             differs by more than a third (half the difference counts)
//   vanish    a slice without the organ between slices that have it: the neighbours' mean area
//   previous  with the same case's previous approved day on the same grid: the pixels where its
//             organ and the prediction disagree, a quarter of them
//   far       pixels of probability 0.1 to 0.9 farther than about 3 mm from the predicted
//             contour (where the true boundary may lie far from it), three times
// raw = band + entropy / 4 + far + jump + vanish + previous; risk = 1 - exp(-raw / 1000 px).
// Monotone in raw: the ranking is raw's. (Not yet in: agreement under a test-time flip.)
#include "data/LabelVolume.h"

#include <array>
#include <cstdint>
#include <vector>

namespace gireview {

using OrganProbabilities = std::array<std::vector<std::uint8_t>, kOrganCount>; // 0..255 per voxel

// Risk per slice (index z) and organ; `prediction` is the thresholded labels of `probability`.
std::vector<std::array<float, kOrganCount>>
reviewRisk(const OrganProbabilities& probability, const LabelVolume& prediction,
           const LabelVolume* previousApproved = nullptr);

} // namespace gireview
