#pragma once
// QA checks of a case-day's labels before approval: the findings a reviewer must look at before
// vouching for an organ. Unlabelled (slice, organ) pairs are unknown, never "absent": a check
// looks only at labelled pairs. One flag per kind, organ and run of consecutive slices.
//   gap           the organ absent on labelled slices between slices where it is present
//   island        a small 3D piece (26-connected) far from every other piece of the organ
//   overlap       most of the organ's area on a slice also labelled as another organ
//   volume_change the organ's volume against the same case's previous day beyond a factor
//   outside_body  labelled pixels outside the body outline found from the image (needs the scan)
//   swap          small and large bowel exchanged over a run of slices: slice-to-slice overlap
//                 says "crossed" at both ends of the run (the previous day decides which side
//                 is the exchanged one when it can)
#include "data/LabelVolume.h"
#include "data/LabelledSlices.h"
#include "data/ScanVolume.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gireview {

enum class QaKind { Gap, Island, Overlap, VolumeChange, OutsideBody, Swap };
inline constexpr QaKind kAllQaKinds[] = {QaKind::Gap,          QaKind::Island,      QaKind::Overlap,
                                         QaKind::VolumeChange, QaKind::OutsideBody, QaKind::Swap};

std::string_view qaKindName(QaKind kind); // "gap", "island", ... as in the JSON
std::optional<QaKind> qaKindFromName(std::string_view name);

// Defaults set against 38 real case-days of the reference labels (organs touch and overlap a
// little, volumes change by -58 % to +90 % between fractions, small pieces near the organ) and
// errors of the size a reviewer must catch.
struct QaThresholds {
    double gapMinSlices = 1;           // consecutive empty slices inside the organ's range
    double islandMaxVoxels = 60;       // a piece of at most this many voxels ...
    double islandMinDistanceMm = 30.0; // ... with no other piece of the organ this close (3D)
    double overlapFraction = 0.5;      // share of the organ's slice area also another organ
    double overlapMinPixels = 20;      // shared pixels below this never count
    double volumeGrowth = 2.2;         // volume / previous day's above this ...
    double volumeShrink = 0.4;         // ... or below this
    double volumeMinCc = 1.0;          // both days at least this much (else not compared)
    double outsideMinPixels = 10;      // labelled pixels outside the body on one slice
    double bodyMarginMm = 4.5;         // the body outline is widened by this much first
    double swapRatio = 2.0;            // crossed overlap above this many times the straight one
    double swapMinPixels = 30;         // crossed overlap below this never counts
};

// Every threshold with its name (the CLI option and the settings key), what it means and its
// range: the one list the CLI, the window's settings and the README are built from.
struct QaThresholdField {
    const char* name; // "island-max-voxels"
    const char* help;
    double QaThresholds::*field;
    double low, high;
    bool whole; // a count
};
const std::vector<QaThresholdField>& qaThresholdFields();

struct QaFlag {
    CaseDayKey day;
    Organ organ = Organ::LargeBowel;
    QaKind kind = QaKind::Gap;
    int firstSlice = 0, lastSlice = 0; // 1-based, inclusive; 0 when the flag has no slice
    std::string detail;
    bool hasSlice() const { return firstSlice > 0; }
};

struct QaDayInput {
    const LabelVolume* labels = nullptr;      // required
    const LabelledSlices* labelled = nullptr; // null: every pair is labelled
    const ScanVolume* scan = nullptr;         // outside_body is skipped without it
    const LabelVolume* previousDay = nullptr; // the same case's previous day, if any
    const LabelledSlices* previousLabelled = nullptr;
    std::uint8_t organs = 0x7; // organBit()s to report (overlap and swap still see the others)
};

// Flags sorted by organ, kind and slice.
std::vector<QaFlag> runQaChecks(const QaDayInput& input, const QaThresholds& thresholds = {});

// The body outline of one slice of a scan: the largest 8-connected piece above an Otsu
// threshold of the volume, holes filled (gas, lungs). One byte per pixel, 1 = body.
std::vector<std::uint8_t> bodyOutline(const ScanVolume& scan, int z, std::uint16_t threshold);
std::uint16_t bodyThreshold(const ScanVolume& scan);

} // namespace gireview
