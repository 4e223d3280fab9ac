#include "review/EditSession.h"

namespace gireview {

namespace {

std::string lockedMessage(Organ organ) {
    return std::string(organDisplayName(organ)) +
           " is approved for this day and locked; reopen it to edit";
}

std::string noImageMessage(int z0, int nz) {
    const std::string slices = nz <= 1 ? "slice " + std::to_string(z0 + 1)
                                       : "slices " + std::to_string(z0 + 1) + "-" + std::to_string(z0 + nz);
    return slices + " has no image (its file is missing or unreadable; see the message log): nothing is drawn "
                    "on a blank slice";
}

std::string organList(std::uint8_t organs) {
    std::string names;
    for (Organ organ : kAllOrgans)
        if (organs & organBit(organ))
            names += (names.empty() ? "" : ", ") + std::string(organDisplayName(organ));
    return names;
}

} // namespace

EditSession::EditSession(std::shared_ptr<LabelVolume> labels, Workspace* workspace,
                         const LabelledSlices& fileLabelled)
    : labels_(std::move(labels)), editor_(*labels_), workspace_(workspace) {
    const int depth = labels_->geometry().depth;
    edited_ =
        workspace_ ? workspace_->editedPairs(labels_->day(), depth) : LabelledSlices::none(depth);
    for (int z = 0; z < depth && z < fileLabelled.depth(); ++z)
        for (Organ organ : kAllOrgans)
            if (fileLabelled.has(z, organ) && labels_->countOnSlice(z, organ))
                edited_.set(z, organ, true);
    updateLocks();
    // First listener: every finished edit is committed before the views hear of it.
    editor_.addListener([this](const EditRecord& record) {
        if (record.refused || record.partial) return;
        if (record.keptForLocked)
            notice_ = organList(record.lockedOrgansKept) + " is approved and kept its " +
                      std::to_string(record.keptForLocked) +
                      " voxel(s): the exclusive paint did not go there";
        if (record.voxelsChanged) commit(record);
    });
}

void EditSession::updateLocks() {
    EditPolicy policy = editor_.policy();
    for (Organ organ : kAllOrgans)
        policy.locked[size_t(organIndex(organ))] =
            workspace_ && workspace_->status(labels_->day(), organ) == ReviewStatus::Approved;
    editor_.setPolicy(policy);
}

void EditSession::setExclusive(bool exclusive) {
    EditPolicy policy = editor_.policy();
    policy.exclusive = exclusive;
    editor_.setPolicy(policy);
}

void EditSession::setNoImageSlices(const std::vector<int>& slices) {
    EditPolicy policy = editor_.policy();
    policy.noImage.clear();
    if (!slices.empty()) policy.noImage.assign(size_t(labels_->geometry().depth), 0);
    for (int z : slices)
        if (z >= 0 && z < labels_->geometry().depth) policy.noImage[size_t(z)] = 1;
    editor_.setPolicy(policy);
}

void EditSession::setIntensityRange(const ScanVolume* scan, bool restricted, std::uint16_t low,
                                    std::uint16_t high) {
    EditPolicy policy = editor_.policy();
    policy.scan = scan;
    policy.intensityRestricted = restricted;
    policy.intensityLow = low;
    policy.intensityHigh = high;
    editor_.setPolicy(policy);
}

void EditSession::commit(const EditRecord& record) {
    EditCommit edit;
    edit.tool = record.isUndoRedo ? "undo/redo" : record.tool;
    edit.organ = record.organ;
    edit.voxels = (long long)record.voxelsChanged;
    edit.firstSlice = record.z0;
    edit.lastSlice = record.z0 + record.nz - 1;
    edit.organsChangedPerSlice = record.organsChangedPerSlice;
    edit.organsChanged = record.organsChanged;
    // Undo and redo change content, not who edited it.
    edit.editedMarks = record.isUndoRedo ? EditCommit::EditedMarks::Keep : nextMarks_;
    if (edit.editedMarks != EditCommit::EditedMarks::Keep)
        for (size_t i = 0; i < edit.organsChangedPerSlice.size(); ++i)
            for (Organ organ : kAllOrgans)
                if (edit.organsChangedPerSlice[i] & organBit(organ))
                    edited_.set(edit.firstSlice + int(i), organ,
                                edit.editedMarks == EditCommit::EditedMarks::Mark);
    if (!workspace_) return;
    unsaved_.push_back(std::move(edit));
    flushUnsaved();
}

bool EditSession::flushUnsaved() {
    if (!workspace_ || workspace_->readOnly()) {
        if (!unsaved_.empty())
            error_ = "not saved: " +
                     (workspace_ ? workspace_->readOnlyReason() : std::string("no workspace")) +
                     " (" + std::to_string(unsaved_.size()) + " edit(s) kept in memory)";
        return unsaved_.empty();
    }
    while (!unsaved_.empty()) {
        try {
            // The slices as they are now: a later edit of the same slice supersedes nothing stored.
            workspace_->commitEdit(*labels_, unsaved_.front());
            unsaved_.pop_front();
        } catch (const WorkspaceFullError& full) {
            error_ = std::string(full.what()) + " (" + std::to_string(unsaved_.size()) +
                     " edit(s) kept in memory)";
            return false;
        } catch (const std::exception& failure) {
            error_ = std::string("the edit was not saved: ") + failure.what() + " (" +
                     std::to_string(unsaved_.size()) + " edit(s) kept in memory)";
            return false;
        }
    }
    return true;
}

bool EditSession::retrySave() {
    error_.clear();
    return flushUnsaved();
}

void EditSession::beginStroke() {
    error_.clear();
    notice_.clear();
    editor_.beginStroke();
}

bool EditSession::apply(Organ organ, const EditRegion& region, EditMode mode,
                        const std::string& tool) {
    if (!editor_.inStroke()) {
        error_.clear();
        notice_.clear();
    }
    if (workspace_ && workspace_->readOnly()) {
        error_ = workspace_->readOnlyReason();
        return false;
    }
    const EditRecord record = editor_.apply(organ, region, mode, tool);
    if (record.refused) {
        error_ = record.onlyNoImage ? noImageMessage(region.z0, region.nz) : lockedMessage(organ);
        return false;
    }
    return error_.empty();
}

bool EditSession::endStroke(const std::string& tool) {
    editor_.endStroke(tool);
    return error_.empty();
}

bool EditSession::applyAsOneStep(const std::vector<std::pair<Organ, EditRegion>>& regions,
                                 EditMode mode, const std::string& tool,
                                 EditCommit::EditedMarks marks) {
    error_.clear();
    notice_.clear();
    if (editor_.inStroke()) {
        error_ = "finish the stroke in progress first";
        return false;
    }
    if (workspace_ && workspace_->readOnly()) {
        error_ = workspace_->readOnlyReason();
        return false;
    }
    // Accepts and imports write what they are given: no exclusive clearing, no intensity range.
    const EditPolicy saved = editor_.policy();
    EditPolicy plain = saved;
    plain.exclusive = false;
    plain.intensityRestricted = false;
    editor_.setPolicy(plain);
    nextMarks_ = marks;
    editor_.beginStroke();
    for (const auto& [organ, region] : regions)
        editor_.apply(organ, region, mode, tool);
    editor_.endStroke(tool);
    nextMarks_ = EditCommit::EditedMarks::Mark;
    editor_.setPolicy(saved);
    return error_.empty();
}

AcceptPlan EditSession::planAccept(const LabelVolume& prediction, const std::vector<Organ>& organs,
                                   int firstSlice, int lastSlice) const {
    AcceptPlan plan;
    const auto& g = labels_->geometry();
    for (Organ organ : organs)
        for (int z = std::max(0, firstSlice); z <= std::min(lastSlice, g.depth - 1); ++z) {
            if (locked(organ)) {
                ++plan.lockedPairs;
                continue;
            }
            ++plan.targetPairs;
            if (!edited_.has(z, organ)) continue;
            // An edited pair the prediction agrees with loses nothing: no need to ask.
            const std::uint8_t bit = organBit(organ);
            const std::uint8_t *mine = labels_->slice(z), *theirs = prediction.slice(z);
            for (size_t i = 0; i < g.sliceSize(); ++i)
                if ((mine[i] ^ theirs[i]) & bit) {
                    ++plan.editedPairs;
                    break;
                }
        }
    return plan;
}

bool EditSession::accept(const LabelVolume& prediction, const std::vector<Organ>& organs,
                         int firstSlice, int lastSlice, AcceptChoice choice) {
    const auto& g = labels_->geometry();
    if (!prediction.geometry().sameGrid(g)) {
        error_ = "the prediction does not fit this case-day's grid";
        return false;
    }
    firstSlice = std::max(0, firstSlice);
    lastSlice = std::min(lastSlice, g.depth - 1);
    std::vector<std::pair<Organ, EditRegion>> regions;
    std::uint8_t lockedOrgans = 0;
    for (Organ organ : organs) {
        if (locked(organ)) {
            lockedOrgans |= organBit(organ);
            continue;
        }
        const std::uint8_t bit = organBit(organ);
        EditRegion region =
            EditRegion::box(0, 0, firstSlice, g.width, g.height, lastSlice - firstSlice + 1);
        for (int z = firstSlice; z <= lastSlice; ++z) {
            const std::uint8_t *predicted = prediction.slice(z), *current = labels_->slice(z);
            std::uint8_t* mask = region.mask.data() + size_t(z - firstSlice) * g.sliceSize();
            const bool edited = edited_.has(z, organ);
            for (size_t i = 0; i < g.sliceSize(); ++i) {
                const bool p = predicted[i] & bit, c = current[i] & bit;
                mask[i] = !edited || choice == AcceptChoice::Replace ? p
                          : choice == AcceptChoice::Union            ? (p || c)
                                                                     : c;
            }
        }
        regions.emplace_back(organ, std::move(region));
    }
    // Replacing makes the pairs the model's again; keeping or uniting leaves the marks.
    const bool ok = applyAsOneStep(regions, EditMode::Set, "accept-prediction",
                                   choice == AcceptChoice::Replace ? EditCommit::EditedMarks::Clear
                                                                   : EditCommit::EditedMarks::Keep);
    if (lockedOrgans && ok)
        notice_ =
            organList(lockedOrgans) + " is approved and locked: its prediction was not accepted";
    return ok;
}

bool EditSession::importReviewed(const LabelVolume& imported, const LabelledSlices& labelled,
                                 const std::string& source) {
    const auto& g = labels_->geometry();
    if (!imported.geometry().sameGrid(g)) {
        error_ = "the imported labels do not fit this case-day's grid";
        return false;
    }
    std::vector<std::pair<Organ, EditRegion>> regions;
    std::uint8_t lockedOrgans = 0;
    for (Organ organ : kAllOrgans) {
        if (!labelled.count(organ)) continue;
        if (locked(organ)) {
            lockedOrgans |= organBit(organ);
            continue;
        }
        const std::uint8_t bit = organBit(organ);
        EditRegion region = EditRegion::box(0, 0, 0, g.width, g.height, g.depth);
        for (int z = 0; z < g.depth; ++z) {
            const std::uint8_t* from = (labelled.has(z, organ) ? imported : *labels_).slice(z);
            std::uint8_t* mask = region.mask.data() + size_t(z) * g.sliceSize();
            for (size_t i = 0; i < g.sliceSize(); ++i)
                mask[i] = (from[i] & bit) ? 1 : 0;
        }
        regions.emplace_back(organ, std::move(region));
    }
    const bool ok =
        applyAsOneStep(regions, EditMode::Set, "import " + source, EditCommit::EditedMarks::Mark);
    // Imported pairs count as edited even where the file agreed with what was there.
    for (int z = 0; z < g.depth; ++z)
        for (Organ organ : kAllOrgans)
            if (labelled.has(z, organ) && !locked(organ)) edited_.set(z, organ, true);
    if (ok && workspace_ && !workspace_->readOnly()) {
        LabelledSlices marks = labelled;
        for (Organ organ : kAllOrgans)
            if (locked(organ))
                for (int z = 0; z < g.depth; ++z)
                    marks.set(z, organ, false);
        try {
            workspace_->importReviewed(*labels_, marks, source);
        } catch (const std::exception& failure) {
            error_ = std::string("the import was applied but not saved: ") + failure.what();
        }
    }
    if (lockedOrgans && ok)
        notice_ = organList(lockedOrgans) +
                  " is approved and locked: its imported labels were not applied";
    return error_.empty();
}

bool EditSession::undo() { return step(true); }
bool EditSession::redo() { return step(false); }

bool EditSession::step(bool undoing) {
    error_.clear();
    const bool done = undoing ? editor_.undo() : editor_.redo();
    if (!done && (undoing ? editor_.canUndo() : editor_.canRedo()))
        error_ = "that step changes an organ approved since; reopen it first";
    return done && error_.empty();
}

void EditSession::setWorkspace(Workspace* workspace) {
    workspace_ = workspace;
    if (workspace_ && !workspace_->readOnly()) {
        workspace_->saveLayer(*labels_, LabelLayer::Reviewed);
        std::vector<std::uint8_t> perSlice(size_t(edited_.depth()));
        for (int z = 0; z < edited_.depth(); ++z)
            perSlice[size_t(z)] = edited_.organsOn(z);
        EditCommit marks;
        marks.firstSlice = 0;
        marks.lastSlice = edited_.depth() - 1;
        marks.organsChangedPerSlice = std::move(perSlice);
        workspace_->commitEdit(*labels_, marks);
        const LabelledSlices stored = workspace_->editedPairs(labels_->day(), edited_.depth());
        for (int z = 0; z < edited_.depth(); ++z)
            edited_.setOrgans(z, std::uint8_t(edited_.organsOn(z) | stored.organsOn(z)));
    }
    updateLocks();
}

} // namespace gireview
