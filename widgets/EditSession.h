#pragma once
// One case-day being edited: its mutable reviewed labels, the LabelEditor (undo history kept
// while the user switches days) and the workspace that every finished stroke is committed to.
#include "editing/EditTools.h"
#include "editing/LabelEditor.h"
#include "review/Workspace.h"

#include <QObject>
#include <memory>

namespace gireview {

class EditSession : public QObject {
    Q_OBJECT
public:
    // `workspace` may be null (no persistence) or read-only (edits refused with a message).
    EditSession(std::shared_ptr<LabelVolume> labels, Workspace* workspace, QObject* parent = nullptr);

    std::shared_ptr<LabelVolume> labels() const { return labels_; }
    LabelEditor& editor() { return editor_; }
    // Applies and commits one stroke; false with `error()` set when refused or not saved.
    bool apply(Organ organ, const EditRegion& region, EditMode mode, const QString& tool);
    bool undo();
    bool redo();
    void updateLocks();
    void setExclusive(bool exclusive);
    // Moves the session to another workspace and stores its labels there.
    void setWorkspace(Workspace* workspace);
    QString error() const { return error_; }

signals:
    // Organs (organBit values) and slices that changed, for the views; `partial` while a stroke
    // is still in progress (the 3D view waits for the end of the stroke to re-mesh).
    void labelsEdited(std::uint8_t organs, int firstSlice, int lastSlice, bool partial);

private:
    void persist(const EditRecord& record);
    std::shared_ptr<LabelVolume> labels_;
    LabelEditor editor_;
    Workspace* workspace_;
    QString error_;
};

} // namespace gireview
