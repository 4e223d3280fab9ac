#pragma once
// One case-day under review, and the only way its reviewed labels change: strokes, slice
// operations, accepts of the prediction and imports all go through here into
// LabelEditor::apply (locks, overlap, intensity range, undo) and then, per finished edit, into
// one workspace transaction (slices, journal, edited pairs, status). Qt-free: the window, the
// CLI and the tests edit through the same object.
#include "editing/LabelEditor.h"
#include "review/Workspace.h"

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace gireview {

// What accepting the prediction over a reviewer's own edits does (3D Slicer's Add/Copy choice).
enum class AcceptChoice {
    KeepEdits, // edited pairs stay as the reviewer left them (the default)
    Replace,   // edited pairs take the prediction
    Union      // edited pairs get the prediction added to them
};

// The (slice, organ) pairs an accept would write.
struct AcceptPlan {
    size_t targetPairs = 0; // unlocked pairs in the accept's range
    size_t editedPairs = 0; // of those, pairs a reviewer edited: the accept asks about these
    size_t lockedPairs = 0; // pairs of approved organs, never written
};

class EditSession {
public:
    // `workspace` may be null (no persistence) or read-only (edits refused with its reason).
    // `fileLabelled`: pairs that came from a labels file; its non-empty ones count as edited
    // (someone drew them), so an accept never replaces them unasked.
    EditSession(std::shared_ptr<LabelVolume> labels, Workspace* workspace,
                const LabelledSlices& fileLabelled = {});
    EditSession(const EditSession&) = delete;
    EditSession& operator=(const EditSession&) = delete;

    std::shared_ptr<LabelVolume> labels() const { return labels_; }
    CaseDayKey day() const { return labels_->day(); }
    const LabelEditor& editor() const { return editor_; }
    // Views listen here (records of strokes in progress are `partial`).
    void addListener(LabelEditor::Listener listener) { editor_.addListener(std::move(listener)); }

    // A stroke: the applies between begin and end are one undo step and one commit.
    void beginStroke();
    // Applies one region (a whole edit outside a stroke); false with error() set when refused
    // or not saved.
    bool apply(Organ organ, const EditRegion& region, EditMode mode, const std::string& tool);
    bool endStroke(const std::string& tool);
    bool inStroke() const { return editor_.inStroke(); }

    AcceptPlan planAccept(const LabelVolume& prediction, const std::vector<Organ>& organs,
                          int firstSlice, int lastSlice) const;
    // Writes the prediction of `organs` on slices [firstSlice, lastSlice] (0-based) into every
    // unlocked pair: unedited pairs take it; edited pairs as `choice` says. One undo step.
    bool accept(const LabelVolume& prediction, const std::vector<Organ>& organs, int firstSlice,
                int lastSlice, AcceptChoice choice);
    // Reviewed labels from a file for the `labelled` pairs (the others stay as they are); the
    // pairs count as edited. One undo step.
    bool importReviewed(const LabelVolume& imported, const LabelledSlices& labelled,
                        const std::string& source);

    bool undo();
    bool redo();
    bool canUndo() const { return editor_.canUndo(); }
    bool canRedo() const { return editor_.canRedo(); }

    void updateLocks();
    bool locked(Organ organ) const { return editor_.policy().locked[size_t(organIndex(organ))]; }
    void setExclusive(bool exclusive);
    void setIntensityRange(const ScanVolume* scan, bool restricted, std::uint16_t low,
                           std::uint16_t high);
    // Slices (0-based) without an image: no tool, accept or import writes there.
    void setNoImageSlices(const std::vector<int>& slices);
    // Moves the session to another workspace and stores its labels there.
    void setWorkspace(Workspace* workspace);
    Workspace* workspace() const { return workspace_; }

    // Pairs a reviewer changed (tools, slice operations, imports) or that came drawn in a file.
    const LabelledSlices& editedPairs() const { return edited_; }

    // The last edit's failure (refused, locked, not saved); empty when it went through.
    const std::string& error() const { return error_; }
    // Something the reviewer must know that is not a failure (a locked organ kept its voxels).
    const std::string& notice() const { return notice_; }
    // Edits kept in memory because the workspace could not store them (a full disk); each try
    // of a new edit, and retrySave(), stores them first.
    bool hasUnsavedEdits() const { return !unsaved_.empty(); }
    bool retrySave();

private:
    bool step(bool undoing);
    void commit(const EditRecord& record);
    bool flushUnsaved();
    bool applyAsOneStep(const std::vector<std::pair<Organ, EditRegion>>& regions, EditMode mode,
                        const std::string& tool, EditCommit::EditedMarks marks);
    std::shared_ptr<LabelVolume> labels_;
    LabelEditor editor_;
    Workspace* workspace_;
    LabelledSlices edited_;
    EditCommit::EditedMarks nextMarks_ = EditCommit::EditedMarks::Mark;
    std::deque<EditCommit> unsaved_;
    std::string error_, notice_;
};

} // namespace gireview
