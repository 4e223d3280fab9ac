#pragma once
// What correcting an organ-day took, measured when it is approved (L1) against what the reviewer
// was first shown (L0: the day's first prediction, else the labels file, else nothing). Shape
// measures as `eval` defines them (analysis/Metrics.h) with L1 as the truth: the added path
// length is what the reviewer drew. Then what the workspace recorded: slices edited, strokes,
// active editing time and the time from the day's first showing to the approval.
#include "data/LabelVolume.h"

#include <optional>
#include <string>

namespace gireview {

struct CorrectionEffort {
    std::string baseline; // "first_prediction", "labels_file" or "none"
    double aplMm = 0;
    double surfaceDice1mm = 1, surfaceDice2mm = 1;
    std::optional<double> hausdorff95Mm; // none when either is empty
    double volumeBeforeCc = 0, volumeAfterCc = 0;
    int slicesEdited = 0, strokes = 0;
    double activeSeconds = 0;
    std::optional<double> secondsToApproval; // none when the day was never shown
};

// The shape measures of L1 (`after`) against L0 (`before`) for one organ; the rest stays 0.
CorrectionEffort measureCorrection(const LabelVolume& before, const LabelVolume& after,
                                   Organ organ);

// As stored in the workspace and written by `gireview-cli effort`: a JSON object with the keys
// baseline, apl_mm, surface_dice_1mm, surface_dice_2mm, hausdorff95_mm (or null),
// volume_before_cc, volume_after_cc, volume_change_cc, slices_edited, strokes, active_seconds,
// seconds_to_approval (or null).
std::string effortToJson(const CorrectionEffort& effort);

} // namespace gireview
