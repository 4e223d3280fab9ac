#pragma once
// The sidecar JSON an export writes beside its labels (`<file>.sidecar.json`, or
// `labels.sidecar.json` in a NIfTI folder): which (slice, organ) pairs are labelled (the others
// are unlabelled, never background), what was left out and why, a content hash per case-day
// (for changed-only exports) and the provenance (source, model cards, reviews, edit tools).
// Written and read here only: every reader of labels (import, convert, train, eval) asks this.
#include "data/LabelledSlices.h"
#include "data/VolumeGeometry.h"
#include "io/CocoJson.h"
#include "io/LabelFormat.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gireview {

class Workspace;

// Where an export to `out` puts its sidecar.
std::string sidecarPathFor(const std::string& out, LabelFormat format);

// What a partly labelled export left out.
struct LeftOut {
    std::string reason;                // e.g. "not reviewed: neither marked reviewed nor approved"
    size_t unlabelledPairs = 0;        // (slice, organ) pairs of the exported days not written
    std::vector<CaseDayKey> emptyDays; // days with no labelled pair at all, not written
};

struct SidecarContent {
    std::vector<std::string> files;
    std::map<std::string, std::string>
        contentHashes; // case-day name -> hash, earlier exports' days included
    std::string source, tool;
    // What reading the source said (a structure set's ROIs that map to no organ, ...): kept
    // with the export, never silently dropped.
    std::vector<std::string> sourceNotes;
    const Workspace* workspace = nullptr; // provenance: model cards, reviews, edit tools
    bool partial = false;                 // the export holds only labelled pairs
    LeftOut leftOut;
};

// FNV-1a over a day's grid and label bytes: identifies its content between exports.
std::string labelContentHash(const ExportDay& day);

void writeLabelSidecar(const std::string& path, const std::vector<ExportDay>& days,
                       const SidecarContent& content);

// The content hashes of an earlier sidecar; empty when there is none or it cannot be read.
std::map<std::string, std::string> readSidecarHashes(const std::string& path);

// The labelled pairs a sidecar lists, on the dataset's grids (days it does not list are not
// labelled); std::nullopt when there is no sidecar at `path`. Throws DataError naming the file
// and the entry for a sidecar that cannot be read.
std::optional<LabelledMap>
readSidecarLabelled(const std::string& path, const std::map<CaseDayKey, VolumeGeometry>& geometry);

} // namespace gireview
