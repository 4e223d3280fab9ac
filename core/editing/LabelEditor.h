#pragma once
// The one write-back path for label edits (as 3D Slicer's Segment Editor has): every tool turns
// its gesture into an EditRegion and calls LabelEditor::apply, which applies organ locks, the
// overlap policy and the intensity range (as Slicer's ModifySegmentByLabelmap applies its
// masks), records a compact undo delta over the box of voxels that actually changed (ITK-SNAP's
// approach; a stroke's deltas are staged as it goes, never a copy of the day) and tells
// listeners (persistence, review marks, views) what changed.
#include "data/LabelVolume.h"
#include "data/ScanVolume.h"

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace gireview {

enum class EditMode {
    Add,    // set the organ where the region is
    Remove, // clear the organ where the region is
    Set     // inside the region's box, the organ becomes exactly the region
};

struct EditPolicy {
    std::array<bool, kOrganCount> locked{}; // approved organs cannot change
    // Painting an organ clears the others there; a locked organ keeps its voxels and the paint
    // does not go there (EditRecord::keptForLocked counts them), so the promise holds.
    bool exclusive = false;
    // Painting (Add: brush, lasso fill, push out) only where the scan's intensity is in [low, high].
    const ScanVolume* scan = nullptr;
    bool intensityRestricted = false;
    std::uint16_t intensityLow = 0, intensityHigh = 65535;
    // Per slice, 1 where the slice has no image (its file is missing or unreadable): nothing is
    // drawn, cleared or accepted there, so no one vouches for labels on a blank slice. Empty:
    // every slice has its image.
    std::vector<std::uint8_t> noImage;
    bool hasImage(int z) const { return noImage.empty() || z < 0 || z >= int(noImage.size()) || !noImage[size_t(z)]; }
};

// Voxels of a box (x fastest), 1 inside. Boxes are clipped to the volume by apply().
struct EditRegion {
    int x0 = 0, y0 = 0, z0 = 0, nx = 0, ny = 0, nz = 0;
    std::vector<std::uint8_t> mask;
    bool empty() const { return nx <= 0 || ny <= 0 || nz <= 0; }
    std::uint8_t at(int x, int y, int z) const {
        return mask[(size_t(z - z0) * size_t(ny) + size_t(y - y0)) * size_t(nx) + size_t(x - x0)];
    }
    static EditRegion box(int x0, int y0, int z0, int nx, int ny, int nz) {
        return {x0, y0, z0, nx, ny, nz, std::vector<std::uint8_t>(size_t(nx) * size_t(ny) * size_t(nz), 0)};
    }
};

struct EditRecord {
    Organ organ = Organ::LargeBowel;
    EditMode mode = EditMode::Add;
    std::string tool;
    int x0 = 0, y0 = 0, z0 = 0, nx = 0, ny = 0, nz = 0; // box that changed
    std::uint8_t organsChanged = 0;                      // organBit values
    std::vector<std::uint8_t> organsChangedPerSlice;     // index z - z0: the organs changed on that slice
    size_t voxelsChanged = 0;
    size_t keptForLocked = 0;          // voxels of a locked organ the exclusive paint left alone
    std::uint8_t lockedOrgansKept = 0; // which locked organs kept them
    bool refused = false;    // nothing applied: the organ is locked, or the region lies on blank slices
    bool onlyNoImage = false; // refused because every slice of the region has no image
    bool isUndoRedo = false; // produced by undo() or redo()
    bool partial = false;    // a piece of a stroke in progress (views update; nothing is committed)
};

class LabelEditor {
public:
    explicit LabelEditor(LabelVolume& labels, size_t undoMemoryCap = size_t(256) << 20);

    void setPolicy(const EditPolicy& policy) { policy_ = policy; }
    const EditPolicy& policy() const { return policy_; }

    EditRecord apply(Organ organ, const EditRegion& region, EditMode mode, const std::string& tool);

    // A stroke: the applies between begin and end show at once (partial records) but become one
    // undo step and one committed record at endStroke(). Each apply's delta is staged as it
    // goes; nothing is copied at the start.
    void beginStroke();
    EditRecord endStroke(const std::string& tool);
    bool inStroke() const { return inStroke_; }
    // Undo and redo refuse (false) a step that would change an organ locked since.
    bool undo();
    bool redo();
    bool canUndo() const { return !undo_.empty(); }
    bool canRedo() const { return !redo_.empty(); }
    size_t undoCount() const { return undo_.size(); }
    size_t undoMemory() const { return undoBytes_; }
    // Bytes held for the stroke in progress (its staged deltas).
    size_t stagedMemory() const;

    using Listener = std::function<void(const EditRecord&)>;
    void addListener(Listener listener) { listeners_.push_back(std::move(listener)); }
    const LabelVolume& labels() const { return labels_; }

private:
    // XOR of before and after over a box, run-length coded: (zeros, literal) pairs.
    struct Delta {
        int x0 = 0, y0 = 0, z0 = 0, nx = 0, ny = 0, nz = 0;
        std::vector<std::uint32_t> runs;   // alternating run lengths of zero and non-zero bytes
        std::vector<std::uint8_t> values;  // the non-zero bytes, in order
        size_t bytes() const { return runs.size() * 4 + values.size() + sizeof(Delta); }
    };
    // One undo step: a single apply, or the staged deltas of a stroke (XOR commutes, so the
    // parts undo in any order).
    struct Step {
        EditRecord record;
        std::vector<Delta> parts;
        size_t bytes() const;
    };
    void applyStep(const Step& step);
    bool touchesLockedOrgan(const EditRecord& record) const;
    bool step(std::deque<Step>& from, std::deque<Step>& to);
    EditRecord pushUndo(Step&& step);
    void notify(const EditRecord& record);

    LabelVolume& labels_;
    EditPolicy policy_;
    std::deque<Step> undo_, redo_;
    size_t undoBytes_ = 0, cap_;
    std::vector<Listener> listeners_;
    bool inStroke_ = false;
    Step stroke_; // staged deltas and the united record of the stroke in progress
};

} // namespace gireview
