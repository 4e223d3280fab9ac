#pragma once
// Whole-case-day inference: a ScanVolume in, per-organ probabilities and thresholded labels out.
// Three stages overlap: a worker letterboxes and stacks slices ahead of the network, the
// network runs batch after batch, and another worker resamples each batch's output back onto
// the day's grid while the next batch runs. Cancellable between batches.
#include "data/LabelVolume.h"
#include "data/ScanVolume.h"
#include "SegmentationModel.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace gireview {

struct InferenceOptions {
    int batchSize = 8;
    // Called on the calling thread after each batch with (slices done, total).
    std::function<void(int, int)> progress;
    const std::atomic<bool>* cancel = nullptr; // raise to stop; throws ModelCancelled
};

struct DayPrediction {
    CaseDayKey day;
    VolumeGeometry geometry;
    std::array<std::vector<std::uint8_t>, kOrganCount> probability; // 0..255 per voxel and organ
    LabelVolume labels;                                             // thresholded, post-processed
};

DayPrediction predictDay(const SegmentationModel& model, const ScanVolume& scan, const InferenceOptions& options = {});

// Thresholds probabilities (card thresholds) and drops 3D pieces smaller than the card's
// min_component_voxels: the labels of a DayPrediction.
LabelVolume labelsFromProbabilities(const DayPrediction& prediction, const ModelCard& card);

} // namespace gireview
