#include "editing/LabelEditor.h"

#include <algorithm>

namespace gireview {

LabelEditor::LabelEditor(LabelVolume& labels, size_t undoMemoryCap) : labels_(labels), cap_(undoMemoryCap) {}

EditRecord LabelEditor::apply(Organ organ, const EditRegion& region, EditMode mode, const std::string& tool) {
    EditRecord record;
    record.organ = organ;
    record.mode = mode;
    record.tool = tool;
    const auto& g = labels_.geometry();
    if (policy_.locked[size_t(organIndex(organ))]) {
        record.refused = true;
        notify(record);
        return record;
    }
    // Clip the region's box to the volume.
    const int x0 = std::max(region.x0, 0), y0 = std::max(region.y0, 0), z0 = std::max(region.z0, 0);
    const int x1 = std::min(region.x0 + region.nx, g.width), y1 = std::min(region.y0 + region.ny, g.height),
              z1 = std::min(region.z0 + region.nz, g.depth);
    if (region.empty() || x1 <= x0 || y1 <= y0 || z1 <= z0) return record;
    const std::uint8_t bit = organBit(organ);
    std::uint8_t othersClearable = 0;
    if (policy_.exclusive)
        for (Organ other : kAllOrgans)
            if (other != organ && !policy_.locked[size_t(organIndex(other))]) othersClearable |= organBit(other);
    Delta delta;
    delta.record = record;
    delta.record.x0 = x0, delta.record.y0 = y0, delta.record.z0 = z0;
    delta.record.nx = x1 - x0, delta.record.ny = y1 - y0, delta.record.nz = z1 - z0;
    std::uint32_t zeros = 0;
    for (int z = z0; z < z1; ++z)
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) {
                std::uint8_t& voxel = labels_.data()[g.index(x, y, z)];
                const std::uint8_t before = voxel;
                const bool inside = region.at(x, y, z) != 0;
                std::uint8_t after = before;
                switch (mode) {
                case EditMode::Add:
                    if (inside) after = std::uint8_t((before | bit) & ~othersClearable);
                    break;
                case EditMode::Remove:
                    if (inside) after = std::uint8_t(before & ~bit);
                    break;
                case EditMode::Set:
                    after = inside ? std::uint8_t((before | bit) & ~othersClearable) : std::uint8_t(before & ~bit);
                    break;
                }
                const std::uint8_t change = std::uint8_t(before ^ after);
                if (!change) {
                    ++zeros;
                    continue;
                }
                voxel = after;
                delta.runs.push_back(zeros);
                delta.values.push_back(change);
                zeros = 0;
                delta.record.organsChanged |= change;
                ++delta.record.voxelsChanged;
            }
    if (!delta.record.voxelsChanged) return delta.record;
    if (inStroke_) {
        strokeBox_[0] = std::min(strokeBox_[0], x0), strokeBox_[1] = std::min(strokeBox_[1], y0), strokeBox_[2] = std::min(strokeBox_[2], z0);
        strokeBox_[3] = std::max(strokeBox_[3], x1 - 1), strokeBox_[4] = std::max(strokeBox_[4], y1 - 1), strokeBox_[5] = std::max(strokeBox_[5], z1 - 1);
        strokeOrgan_ = organ;
        strokeMode_ = mode;
        delta.record.partial = true;
        notify(delta.record);
        return delta.record;
    }
    return pushUndo(std::move(delta));
}

EditRecord LabelEditor::pushUndo(Delta&& delta) {
    // A new edit drops the redo tail; the history keeps within its memory cap.
    redo_.clear();
    undoBytes_ += delta.bytes();
    const EditRecord record = delta.record;
    undo_.push_back(std::move(delta));
    while (undoBytes_ > cap_ && undo_.size() > 1) {
        undoBytes_ -= undo_.front().bytes();
        undo_.pop_front();
    }
    notify(record);
    return record;
}

void LabelEditor::beginStroke() {
    if (inStroke_) return;
    inStroke_ = true;
    strokeBefore_.assign(labels_.data(), labels_.data() + labels_.geometry().voxelCount());
    const auto& g = labels_.geometry();
    strokeBox_[0] = g.width, strokeBox_[1] = g.height, strokeBox_[2] = g.depth;
    strokeBox_[3] = strokeBox_[4] = strokeBox_[5] = -1;
}

EditRecord LabelEditor::endStroke(const std::string& tool) {
    EditRecord record;
    record.tool = tool;
    if (!inStroke_) return record;
    inStroke_ = false;
    if (strokeBox_[3] < 0) return record; // nothing changed
    const auto& g = labels_.geometry();
    Delta delta;
    delta.record.organ = strokeOrgan_;
    delta.record.mode = strokeMode_;
    delta.record.tool = tool;
    delta.record.x0 = strokeBox_[0], delta.record.y0 = strokeBox_[1], delta.record.z0 = strokeBox_[2];
    delta.record.nx = strokeBox_[3] - strokeBox_[0] + 1, delta.record.ny = strokeBox_[4] - strokeBox_[1] + 1,
    delta.record.nz = strokeBox_[5] - strokeBox_[2] + 1;
    std::uint32_t zeros = 0;
    for (int z = strokeBox_[2]; z <= strokeBox_[5]; ++z)
        for (int y = strokeBox_[1]; y <= strokeBox_[4]; ++y)
            for (int x = strokeBox_[0]; x <= strokeBox_[3]; ++x) {
                const size_t i = g.index(x, y, z);
                const std::uint8_t change = std::uint8_t(strokeBefore_[i] ^ labels_.data()[i]);
                if (!change) {
                    ++zeros;
                    continue;
                }
                delta.runs.push_back(zeros);
                delta.values.push_back(change);
                zeros = 0;
                delta.record.organsChanged |= change;
                ++delta.record.voxelsChanged;
            }
    strokeBefore_.clear();
    strokeBefore_.shrink_to_fit();
    if (!delta.record.voxelsChanged) return delta.record;
    return pushUndo(std::move(delta));
}

void LabelEditor::applyDelta(const Delta& delta) {
    const auto& g = labels_.geometry();
    const EditRecord& r = delta.record;
    size_t position = 0; // index within the box
    const size_t boxX = size_t(r.nx), boxXY = size_t(r.nx) * size_t(r.ny);
    for (size_t i = 0; i < delta.values.size(); ++i) {
        position += delta.runs[i];
        const int z = r.z0 + int(position / boxXY), y = r.y0 + int((position % boxXY) / boxX), x = r.x0 + int(position % boxX);
        labels_.data()[g.index(x, y, z)] ^= delta.values[i];
        ++position;
    }
}

bool LabelEditor::touchesLockedOrgan(const EditRecord& record) const {
    for (Organ organ : kAllOrgans)
        if ((record.organsChanged & organBit(organ)) && policy_.locked[size_t(organIndex(organ))]) return true;
    return false;
}

// Moves the newest delta of `from` onto `to`, re-applying it (XOR is its own inverse). A step that
// would change an organ locked since is refused: the organ must be reopened first.
bool LabelEditor::step(std::deque<Delta>& from, std::deque<Delta>& to) {
    if (from.empty()) return false;
    EditRecord record = from.back().record;
    record.isUndoRedo = true;
    if (touchesLockedOrgan(record)) {
        record.refused = true;
        notify(record);
        return false;
    }
    Delta delta = std::move(from.back());
    from.pop_back();
    applyDelta(delta);
    if (&to == &undo_) undoBytes_ += delta.bytes();
    else undoBytes_ -= delta.bytes();
    to.push_back(std::move(delta));
    notify(record);
    return true;
}

bool LabelEditor::undo() { return step(undo_, redo_); }
bool LabelEditor::redo() { return step(redo_, undo_); }

void LabelEditor::notify(const EditRecord& record) {
    for (const auto& listener : listeners_) listener(record);
}

} // namespace gireview
