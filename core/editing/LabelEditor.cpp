#include "editing/LabelEditor.h"

#include <algorithm>

namespace gireview {

namespace {

// Unites `part` into `into`: the box, the organs and the per-slice changes.
void unite(EditRecord& into, const EditRecord& part) {
    if (part.nx <= 0 || part.voxelsChanged == 0) return;
    if (into.nx <= 0 || into.voxelsChanged == 0) {
        const size_t kept = into.keptForLocked;
        const std::uint8_t keptOrgans = into.lockedOrgansKept;
        const std::string tool = into.tool;
        into = part;
        into.tool = tool;
        into.keptForLocked += kept;
        into.lockedOrgansKept |= keptOrgans;
        return;
    }
    const int x1 = std::max(into.x0 + into.nx, part.x0 + part.nx), y1 = std::max(into.y0 + into.ny, part.y0 + part.ny),
              z1 = std::max(into.z0 + into.nz, part.z0 + part.nz);
    const int x0 = std::min(into.x0, part.x0), y0 = std::min(into.y0, part.y0), z0 = std::min(into.z0, part.z0);
    std::vector<std::uint8_t> perSlice(size_t(z1 - z0), 0);
    for (size_t i = 0; i < into.organsChangedPerSlice.size(); ++i) perSlice[size_t(into.z0 - z0) + i] |= into.organsChangedPerSlice[i];
    for (size_t i = 0; i < part.organsChangedPerSlice.size(); ++i) perSlice[size_t(part.z0 - z0) + i] |= part.organsChangedPerSlice[i];
    into.x0 = x0, into.y0 = y0, into.z0 = z0, into.nx = x1 - x0, into.ny = y1 - y0, into.nz = z1 - z0;
    into.organsChangedPerSlice = std::move(perSlice);
    into.organsChanged |= part.organsChanged;
    into.voxelsChanged += part.voxelsChanged;
    into.keptForLocked += part.keptForLocked;
    into.lockedOrgansKept |= part.lockedOrgansKept;
    into.organ = part.organ;
    into.mode = part.mode;
}

} // namespace

LabelEditor::LabelEditor(LabelVolume& labels, size_t undoMemoryCap) : labels_(labels), cap_(undoMemoryCap) {}

size_t LabelEditor::Step::bytes() const {
    size_t total = sizeof(Step) + record.organsChangedPerSlice.size();
    for (const Delta& part : parts) total += part.bytes();
    return total;
}

size_t LabelEditor::stagedMemory() const { return inStroke_ ? stroke_.bytes() : 0; }

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
    bool anyImage = false;
    for (int z = z0; z < z1 && !anyImage; ++z) anyImage = policy_.hasImage(z);
    if (!anyImage) {
        record.refused = record.onlyNoImage = true;
        notify(record);
        return record;
    }
    const std::uint8_t bit = organBit(organ);
    std::uint8_t othersClearable = 0, lockedOthers = 0;
    for (Organ other : kAllOrgans) {
        if (other == organ) continue;
        if (policy_.locked[size_t(organIndex(other))]) lockedOthers |= organBit(other);
        else if (policy_.exclusive) othersClearable |= organBit(other);
    }
    const bool keepLocked = policy_.exclusive && lockedOthers != 0;
    const bool restrict = policy_.intensityRestricted && policy_.scan && policy_.scan->geometry().sameGrid(g);
    // Where painting may go: inside the region, in the intensity range, not on a locked organ
    // when the paint is exclusive.
    auto paintable = [&](std::uint8_t before, int x, int y, int z, bool painting) {
        if (restrict && painting) {
            const std::uint16_t value = policy_.scan->at(x, y, z);
            if (value < policy_.intensityLow || value > policy_.intensityHigh) return false;
        }
        if (keepLocked && (before & lockedOthers) && !(before & bit)) {
            ++record.keptForLocked;
            record.lockedOrgansKept |= std::uint8_t(before & lockedOthers);
            return false;
        }
        return true;
    };
    Delta delta;
    int bx0 = x1, by0 = y1, bz0 = z1, bx1 = -1, by1 = -1, bz1 = -1; // box of the voxels that changed
    // First pass: compute into a box-sized buffer of changes, so the delta's box is tight.
    std::vector<std::uint8_t> change(size_t(x1 - x0) * size_t(y1 - y0) * size_t(z1 - z0), 0);
    size_t i = 0;
    for (int z = z0; z < z1; ++z) {
        if (!policy_.hasImage(z)) { // a blank slice inside a 3D region keeps what it has
            i += size_t(x1 - x0) * size_t(y1 - y0);
            continue;
        }
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x, ++i) {
                std::uint8_t& voxel = labels_.data()[g.index(x, y, z)];
                const std::uint8_t before = voxel;
                const bool inside = region.at(x, y, z) != 0;
                std::uint8_t after = before;
                switch (mode) {
                case EditMode::Add:
                    if (inside && paintable(before, x, y, z, true)) after = std::uint8_t((before | bit) & ~othersClearable);
                    break;
                case EditMode::Remove:
                    if (inside) after = std::uint8_t(before & ~bit);
                    break;
                case EditMode::Set:
                    if (!inside) after = std::uint8_t(before & ~bit);
                    else if (paintable(before, x, y, z, false)) after = std::uint8_t((before | bit) & ~othersClearable);
                    else after = std::uint8_t(before & ~bit);
                    break;
                }
                const std::uint8_t changed = std::uint8_t(before ^ after);
                if (!changed) continue;
                voxel = after;
                change[i] = changed;
                bx0 = std::min(bx0, x), by0 = std::min(by0, y), bz0 = std::min(bz0, z);
                bx1 = std::max(bx1, x), by1 = std::max(by1, y), bz1 = std::max(bz1, z);
                record.organsChanged |= changed;
                ++record.voxelsChanged;
            }
    }
    if (!record.voxelsChanged) {
        if (record.keptForLocked) notify(record);
        return record;
    }
    delta.x0 = bx0, delta.y0 = by0, delta.z0 = bz0, delta.nx = bx1 - bx0 + 1, delta.ny = by1 - by0 + 1, delta.nz = bz1 - bz0 + 1;
    record.x0 = delta.x0, record.y0 = delta.y0, record.z0 = delta.z0, record.nx = delta.nx, record.ny = delta.ny, record.nz = delta.nz;
    record.organsChangedPerSlice.assign(size_t(delta.nz), 0);
    const size_t rowStride = size_t(x1 - x0), sliceStride = rowStride * size_t(y1 - y0);
    std::uint32_t zeros = 0;
    for (int z = bz0; z <= bz1; ++z)
        for (int y = by0; y <= by1; ++y)
            for (int x = bx0; x <= bx1; ++x) {
                const std::uint8_t changed = change[size_t(z - z0) * sliceStride + size_t(y - y0) * rowStride + size_t(x - x0)];
                if (!changed) {
                    ++zeros;
                    continue;
                }
                delta.runs.push_back(zeros);
                delta.values.push_back(changed);
                zeros = 0;
                record.organsChangedPerSlice[size_t(z - bz0)] |= changed;
            }
    if (inStroke_) {
        unite(stroke_.record, record);
        stroke_.parts.push_back(std::move(delta));
        record.partial = true;
        notify(record);
        return record;
    }
    Step single;
    single.record = record;
    single.parts.push_back(std::move(delta));
    return pushUndo(std::move(single));
}

EditRecord LabelEditor::pushUndo(Step&& step) {
    // A new edit drops the redo tail; the history keeps within its memory cap.
    redo_.clear();
    undoBytes_ += step.bytes();
    const EditRecord record = step.record;
    undo_.push_back(std::move(step));
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
    stroke_ = Step{};
}

EditRecord LabelEditor::endStroke(const std::string& tool) {
    EditRecord record;
    record.tool = tool;
    if (!inStroke_) return record;
    inStroke_ = false;
    Step finished = std::move(stroke_);
    stroke_ = Step{};
    finished.record.tool = tool;
    finished.record.partial = false;
    if (finished.parts.empty() || !finished.record.voxelsChanged) return finished.record; // nothing changed
    return pushUndo(std::move(finished));
}

void LabelEditor::applyStep(const Step& step) {
    const auto& g = labels_.geometry();
    for (const Delta& part : step.parts) {
        size_t position = 0; // index within the part's box
        const size_t boxX = size_t(part.nx), boxXY = size_t(part.nx) * size_t(part.ny);
        for (size_t i = 0; i < part.values.size(); ++i) {
            position += part.runs[i];
            const int z = part.z0 + int(position / boxXY), y = part.y0 + int((position % boxXY) / boxX), x = part.x0 + int(position % boxX);
            labels_.data()[g.index(x, y, z)] ^= part.values[i];
            ++position;
        }
    }
}

bool LabelEditor::touchesLockedOrgan(const EditRecord& record) const {
    for (Organ organ : kAllOrgans)
        if ((record.organsChanged & organBit(organ)) && policy_.locked[size_t(organIndex(organ))]) return true;
    return false;
}

// Moves the newest step of `from` onto `to`, re-applying it (XOR is its own inverse). A step that
// would change an organ locked since is refused: the organ must be reopened first.
bool LabelEditor::step(std::deque<Step>& from, std::deque<Step>& to) {
    if (from.empty()) return false;
    EditRecord record = from.back().record;
    record.isUndoRedo = true;
    if (touchesLockedOrgan(record)) {
        record.refused = true;
        notify(record);
        return false;
    }
    Step moved = std::move(from.back());
    from.pop_back();
    applyStep(moved);
    if (&to == &undo_) undoBytes_ += moved.bytes();
    else undoBytes_ -= moved.bytes();
    to.push_back(std::move(moved));
    notify(record);
    return true;
}

bool LabelEditor::undo() { return step(undo_, redo_); }
bool LabelEditor::redo() { return step(redo_, undo_); }

void LabelEditor::notify(const EditRecord& record) {
    for (const auto& listener : listeners_) listener(record);
}

} // namespace gireview
