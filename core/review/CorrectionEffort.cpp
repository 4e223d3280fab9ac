#include "review/CorrectionEffort.h"

#include "analysis/Metrics.h"

#include <nlohmann/json.hpp>

namespace gireview {

CorrectionEffort measureCorrection(const LabelVolume& before, const LabelVolume& after,
                                   Organ organ) {
    CorrectionEffort effort;
    const auto& g = after.geometry();
    const double voxelCc = g.spacingX * g.spacingY * g.spacingZ / 1000.0;
    effort.volumeBeforeCc = double(before.count(organ)) * voxelCc;
    effort.volumeAfterCc = double(after.count(organ)) * voxelCc;
    effort.aplMm = addedPathLengthMm(after, before, organ);
    const SurfaceDistances surface = surfaceDistances(after, before, organ);
    effort.surfaceDice1mm = surface.surfaceDice1mm;
    effort.surfaceDice2mm = surface.surfaceDice2mm;
    if (surface.defined) effort.hausdorff95Mm = surface.hausdorff95Mm;
    return effort;
}

std::string effortToJson(const CorrectionEffort& effort) {
    auto optional = [](const std::optional<double>& value) {
        return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
    };
    const nlohmann::json json = {{"baseline", effort.baseline},
                                 {"apl_mm", effort.aplMm},
                                 {"surface_dice_1mm", effort.surfaceDice1mm},
                                 {"surface_dice_2mm", effort.surfaceDice2mm},
                                 {"hausdorff95_mm", optional(effort.hausdorff95Mm)},
                                 {"volume_before_cc", effort.volumeBeforeCc},
                                 {"volume_after_cc", effort.volumeAfterCc},
                                 {"volume_change_cc", effort.volumeAfterCc - effort.volumeBeforeCc},
                                 {"slices_edited", effort.slicesEdited},
                                 {"strokes", effort.strokes},
                                 {"active_seconds", effort.activeSeconds},
                                 {"seconds_to_approval", optional(effort.secondsToApproval)}};
    return json.dump();
}

} // namespace gireview
