#pragma once
// The one write-back path for label edits (as 3D Slicer's Segment Editor has): every tool turns
// its gesture into an EditRegion and calls LabelEditor::apply, which applies organ locks and the
// overlap policy, records a compact undo delta over the box it touched (ITK-SNAP's approach)
// and tells listeners (persistence, review marks, views) what changed.
#include "data/LabelVolume.h"

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
    bool exclusive = false;                 // painting an organ clears the others there
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
    size_t voxelsChanged = 0;
    bool refused = false;    // nothing applied: the organ is locked
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
    // undo step and one committed record at endStroke().
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

    using Listener = std::function<void(const EditRecord&)>;
    void addListener(Listener listener) { listeners_.push_back(std::move(listener)); }
    const LabelVolume& labels() const { return labels_; }

private:
    // XOR of before and after over the changed box, run-length coded: (zeros, literal) pairs.
    struct Delta {
        EditRecord record;
        std::vector<std::uint32_t> runs;   // alternating run lengths of zero and non-zero bytes
        std::vector<std::uint8_t> values;  // the non-zero bytes, in order
        size_t bytes() const { return runs.size() * 4 + values.size() + sizeof(Delta); }
    };
    void applyDelta(const Delta& delta);
    bool touchesLockedOrgan(const EditRecord& record) const;
    bool step(std::deque<Delta>& from, std::deque<Delta>& to);
    EditRecord pushUndo(Delta&& delta);
    void notify(const EditRecord& record);

    LabelVolume& labels_;
    EditPolicy policy_;
    std::deque<Delta> undo_, redo_;
    size_t undoBytes_ = 0, cap_;
    std::vector<Listener> listeners_;
    bool inStroke_ = false;
    std::vector<std::uint8_t> strokeBefore_;
    int strokeBox_[6] = {0, 0, 0, -1, -1, -1}; // x0 y0 z0 x1 y1 z1 (inclusive)
    Organ strokeOrgan_ = Organ::LargeBowel;
    EditMode strokeMode_ = EditMode::Add;
};

} // namespace gireview
