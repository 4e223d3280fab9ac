#pragma once
// The competition metric and the clinical figures. score = 0.4 x Dice + 0.6 x (1 - normalised
// 3D Hausdorff): Dice per 2D slice and organ, averaged over all (slice, organ) pairs; Hausdorff
// per case-day and organ over all foreground voxels in voxel coordinates (slice depth 1),
// divided by the volume diagonal and clipped to 1. Both empty scores 1, exactly one empty 0.
// The Hausdorff distance is exact, computed with a distance transform of one set over the box
// that bounds both, read at the other set's voxels: never all pairs of points.
#include "data/LabelVolume.h"
#include "data/LabelledSlices.h"

#include <array>
#include <map>
#include <vector>

namespace gireview {

enum class DiceConvention {
    Community, // a slice where both masks are empty has Dice 1 (the community metric; default)
    Official   // such slices are skipped (the host's comment)
};

// Exact symmetric Hausdorff distance between the organ's voxels in `a` and `b`, with the given
// voxel spacing. 0 when both are empty, +inf when exactly one is.
double hausdorffDistance(const LabelVolume& a, const LabelVolume& b, Organ organ, double sx, double sy, double sz);

struct SurfaceDistances {
    bool defined = false;      // false when either mask is empty
    double hausdorffMm = 0;    // over all voxels, mm
    double hausdorff95Mm = 0;  // max of the two directed 95th percentiles of surface distances
    double meanSurfaceMm = 0;  // mean of all surface-to-surface distances, both directions
    // Surface Dice at tau over the same surface voxels (6-neighbour outside the mask or the
    // volume): (surface voxels of each within tau of the other's surface) / (all surface voxels of
    // both), 3D distances in mm. Both empty 1, exactly one empty 0 (set even when !defined).
    double surfaceDice1mm = 0, surfaceDice2mm = 0;
};
SurfaceDistances surfaceDistances(const LabelVolume& truth, const LabelVolume& prediction, Organ organ);

// Added path length, in mm: per slice, the boundary pixels of the truth (foreground with a
// 4-neighbour outside the mask or the image) farther than 3 mm (in-plane, with the pixel spacing)
// from every boundary pixel of the prediction on that slice, times the mean pixel spacing
// ((SW + SH) / 2), summed over the slices. A slice without prediction adds all of the truth's
// boundary; what the prediction has beyond the truth adds nothing (APL is what a person draws).
double addedPathLengthMm(const LabelVolume& truth, const LabelVolume& prediction, Organ organ, double toleranceMm = 3.0);
// The same per slice (index z), mm.
std::vector<double> addedPathLengthBySliceMm(const LabelVolume& truth, const LabelVolume& prediction, Organ organ,
                                             double toleranceMm = 3.0);

struct OrganDayResult {
    bool scored = true;          // false when the truth labels no slice of this organ on this day
    double dice = 0;             // mean over the day's slices (convention applied); NaN if none
    int diceSlices = 0;          // slices counted
    double hausdorffScore = 0;   // 1 - min(HD / diagonal, 1), with the empty rules
    double hausdorffVoxels = 0;  // +inf when exactly one is empty
    double truthCc = 0, predictionCc = 0;
    SurfaceDistances surface;
    double aplMm = 0; // addedPathLengthMm over the compared slices
};

struct DayResult {
    CaseDayKey day;
    std::array<OrganDayResult, kOrganCount> organs;
};

struct EvaluationReport {
    DiceConvention convention = DiceConvention::Community;
    double score = 0, dice = 0, hausdorffScore = 0;
    std::array<double, kOrganCount> organDice{}, organHausdorffScore{};
    std::vector<DayResult> days;
};

// Evaluates `days` (a missing volume counts as empty masks). With `labelled`, only the truth's
// labelled (slice, organ) pairs count: Dice over those slices, Hausdorff over the organ's
// labelled slices of both volumes, and an organ-day without any is not scored (never scored
// against "absent"). Throws GeometryError when a truth and a prediction volume of the same day
// differ in size.
EvaluationReport evaluate(const std::vector<CaseDayKey>& days, const std::map<CaseDayKey, LabelVolume>& truth,
                          const std::map<CaseDayKey, LabelVolume>& prediction, DiceConvention convention = DiceConvention::Community,
                          const LabelledMap* labelled = nullptr);

} // namespace gireview
