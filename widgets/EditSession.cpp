#include "EditSession.h"

namespace gireview {

EditSession::EditSession(std::shared_ptr<LabelVolume> labels, Workspace* workspace, QObject* parent)
    : QObject(parent), labels_(std::move(labels)), editor_(*labels_), workspace_(workspace) {
    updateLocks();
    editor_.addListener([this](const EditRecord& record) {
        if (record.refused || !record.voxelsChanged) return;
        if (!record.partial) persist(record); // a stroke is committed when it ends
        emit labelsEdited(record.organsChanged, record.z0, record.z0 + record.nz - 1, record.partial);
    });
}

void EditSession::updateLocks() {
    EditPolicy policy = editor_.policy();
    for (Organ organ : kAllOrgans)
        policy.locked[size_t(organIndex(organ))] =
            workspace_ && workspace_->status(labels_->day(), organ) == ReviewStatus::Approved;
    editor_.setPolicy(policy);
}

void EditSession::persist(const EditRecord& record) {
    if (!workspace_ || workspace_->readOnly()) return;
    try {
        workspace_->saveSlices(*labels_, LabelLayer::Reviewed, record.z0, record.z0 + record.nz - 1,
                               record.isUndoRedo ? "undo/redo" : record.tool, record.organ, (long long)record.voxelsChanged);
        // An edited organ is in review from now on.
        for (Organ organ : kAllOrgans)
            if ((record.organsChanged & organBit(organ)) && workspace_->status(labels_->day(), organ) == ReviewStatus::NotReviewed)
                workspace_->setStatus(labels_->day(), organ, ReviewStatus::InProgress);
    } catch (const std::exception& failure) {
        error_ = QString::fromStdString(failure.what());
    }
}

bool EditSession::apply(Organ organ, const EditRegion& region, EditMode mode, const QString& tool) {
    error_.clear();
    if (workspace_ && workspace_->readOnly()) {
        error_ = QString::fromStdString(workspace_->readOnlyReason());
        return false;
    }
    const EditRecord record = editor_.apply(organ, region, mode, tool.toStdString());
    if (record.refused) {
        error_ = tr("%1 is approved for this day and locked; reopen it to edit").arg(QString::fromUtf8(organDisplayName(organ).data()));
        return false;
    }
    return error_.isEmpty();
}

void EditSession::setExclusive(bool exclusive) {
    EditPolicy policy = editor_.policy();
    policy.exclusive = exclusive;
    editor_.setPolicy(policy);
}

void EditSession::setWorkspace(Workspace* workspace) {
    workspace_ = workspace;
    if (workspace_ && !workspace_->readOnly()) workspace_->saveLayer(*labels_, LabelLayer::Reviewed);
    updateLocks();
}

bool EditSession::undo() { return editor_.undo(); }
bool EditSession::redo() { return editor_.redo(); }

} // namespace gireview
