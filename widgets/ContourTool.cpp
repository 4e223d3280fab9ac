#include "ContourTool.h"

#include <QObject>
#include <cmath>

namespace gireview {

namespace {

QString organName(Organ organ) {
    return QString::fromUtf8(organDisplayName(organ).data());
}

bool applyToActiveOrgan(const ToolContext& context, const EditRegion& region, EditMode mode,
                        const QString& id, QString& message) {
    if (!context.session) return false;
    if (region.empty()) {
        message = QObject::tr("Nothing to change on this slice");
        return false;
    }
    return context.session->apply(context.organ, region, mode, id.toStdString());
}

// The tool table: every tool's id, menu text, key, icon, help line and the options it uses.
// The menus, toolbar, shortcuts, Help and the Tool options panel's tooltips are built from it.
// clang-format off
const std::vector<ToolDescription>& toolTable() {
    using R = ToolOptionsPanel::Relevance;
    static const std::vector<ToolDescription> table = {
        {"navigate", QObject::tr("&Navigate"), QKeySequence(Qt::Key_Escape), "transform-move", QObject::tr("navigate: a click moves the crosshair"), R{}},
        {"brush", QObject::tr("&Brush"), QKeySequence(Qt::Key_B), "draw-brush", QObject::tr("brush (round; [ and ] change the radius)"), R{true, true}},
        {"eraser", QObject::tr("&Eraser"), QKeySequence(Qt::Key_E), "draw-eraser", QObject::tr("eraser (round, the brush radius)"), R{true, false}},
        {"lasso", QObject::tr("&Lasso fill"), QKeySequence(Qt::Key_F), "draw-polygon", QObject::tr("lasso fill: the organ inside a closed path"), R{false, true}},
        {"lasso erase", QObject::tr("Lasso e&rase"), QKeySequence(Qt::SHIFT | Qt::Key_F), "edit-cut", QObject::tr("lasso erase: clear the organ inside a closed path"), R{}},
        // Pushing out paints, so the intensity range applies.
        {"push", QObject::tr("&Push"), QKeySequence(Qt::Key_P), "transform-scale", QObject::tr("push the boundary out (start inside the organ) or in (start outside)"), R{true, true}},
        {"interpolate", QObject::tr("&Interpolate between slices"), QKeySequence(Qt::Key_I), "format-justify-fill", QObject::tr("interpolate between the labelled slices around the cursor"), R{}},
        {"copy previous slice", QObject::tr("Copy from &previous slice"), QKeySequence(Qt::CTRL | Qt::Key_Up), "go-up", QObject::tr("copy the organ from the previous slice"), R{}},
        {"copy next slice", QObject::tr("Copy from &next slice"), QKeySequence(Qt::CTRL | Qt::Key_Down), "go-down", QObject::tr("copy the organ from the next slice"), R{}},
        {"remove islands", QObject::tr("Remove small &islands"), QKeySequence(Qt::Key_D), "edit-clear", QObject::tr("remove islands smaller than the Tool options' size (slice, or 3D)"), R{false, false, true}},
        {"smooth", QObject::tr("&Smooth slice"), QKeySequence(Qt::Key_S), "draw-freehand", QObject::tr("smooth the slice (opening and closing, 1.5 mm)"), R{}},
        {"grow", QObject::tr("&Grow by the margin"), QKeySequence(Qt::Key_Plus), "zoom-in", QObject::tr("grow the organ by the Tool options' margin"), R{false, false, false, true}},
        {"shrink", QObject::tr("Shrin&k by the margin"), QKeySequence(Qt::Key_Minus), "zoom-out", QObject::tr("shrink the organ by the Tool options' margin"), R{false, false, false, true}},
        {"accept-slice", QObject::tr("Accept prediction on this &slice (active organ)"), QKeySequence(Qt::Key_A), "dialog-ok", QObject::tr("accept the prediction on this slice for the active organ"), R{}},
        {"accept-organ", QObject::tr("Accept prediction for the active &organ (whole day)"), QKeySequence(Qt::SHIFT | Qt::Key_A), "dialog-ok-apply", QObject::tr("accept the prediction for the active organ on every slice"), R{}},
        {"accept-day", QObject::tr("Accept prediction for the whole da&y (all organs)"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), "dialog-ok-apply", QObject::tr("accept the prediction for every organ of the day (asks before replacing your edits)"), R{}},
    };
    return table;
}
// clang-format on

const ToolDescription& described(const QString& id) {
    for (const ToolDescription& d : toolTable())
        if (d.id == id) return d;
    static const ToolDescription unknown;
    return unknown;
}

// The slice operations: each one EditRegion through the session, or the prediction accepted.
class InterpolateOperation : public SliceOperation {
public:
    ToolDescription describe() const override { return described("interpolate"); }
    bool run(const ToolContext& context, QString& message) const override {
        const LabelVolume& labels = *context.session->labels();
        const int z = context.cursor[2];
        // The nearest labelled slices of the active organ below and above the cursor.
        int below = -1, above = -1;
        for (int k = z; k >= 0 && below < 0; --k)
            if (labels.countOnSlice(k, context.organ)) below = k;
        for (int k = std::max(z, below + 1); k < labels.geometry().depth && above < 0; ++k)
            if (k != below && labels.countOnSlice(k, context.organ)) above = k;
        if (below < 0 || above < 0 || above - below < 2) {
            message = QObject::tr(
                "Interpolation needs labelled slices on both sides of an unlabelled gap");
            return false;
        }
        return applyToActiveOrgan(context, interpolateSlices(labels, context.organ, below, above),
                                  EditMode::Set, describe().id, message);
    }
};

// An operation that is one region of the active organ (copy, islands, smooth, margin).
class RegionOperation : public SliceOperation {
public:
    using Region = std::function<EditRegion(const ToolContext&)>;
    RegionOperation(ToolDescription description, EditMode mode, Region region)
        : description_(std::move(description)), mode_(mode), region_(std::move(region)) {}
    ToolDescription describe() const override { return description_; }
    bool run(const ToolContext& context, QString& message) const override {
        return applyToActiveOrgan(context, region_(context), mode_, description_.id, message);
    }

private:
    ToolDescription description_;
    EditMode mode_;
    Region region_;
};

std::unique_ptr<SliceOperation> copyFrom(int direction) {
    return std::make_unique<RegionOperation>(
        described(direction < 0 ? "copy previous slice" : "copy next slice"), EditMode::Set,
        [direction](const ToolContext& c) {
            return copySlice(*c.session->labels(), c.organ, c.cursor[2] + direction, c.cursor[2]);
        });
}

std::unique_ptr<SliceOperation> removeIslands() {
    return std::make_unique<RegionOperation>(
        described("remove islands"), EditMode::Remove, [](const ToolContext& c) {
            const int slice = c.settings.islands3d ? -1 : c.cursor[2];
            return smallIslands(*c.session->labels(), c.organ, slice,
                                size_t(c.settings.islandMinPixels));
        });
}

std::unique_ptr<SliceOperation> smooth() {
    return std::make_unique<RegionOperation>(
        described("smooth"), EditMode::Set, [](const ToolContext& c) {
            return smoothSlice(*c.session->labels(), c.organ, c.cursor[2], 1.5);
        });
}

std::unique_ptr<SliceOperation> byMargin(bool grow) {
    return std::make_unique<RegionOperation>(
        described(grow ? "grow" : "shrink"), EditMode::Set, [grow](const ToolContext& c) {
            const double mm = grow ? c.settings.marginMm : -c.settings.marginMm;
            return margin(*c.session->labels(), c.organ, mm, c.cursor[2]);
        });
}

// Accepting the prediction: unedited pairs take it; edited ones as the reviewer chooses.
class AcceptOperation : public SliceOperation {
public:
    enum class Scope { Slice, Organ, Day };
    explicit AcceptOperation(Scope scope) : scope_(scope) {}
    ToolDescription describe() const override {
        return described(scope_ == Scope::Slice   ? "accept-slice"
                         : scope_ == Scope::Organ ? "accept-organ"
                                                  : "accept-day");
    }
    bool run(const ToolContext& context, QString& message) const override {
        if (!context.prediction) {
            message = QObject::tr(
                "No prediction for this day: run the model (Ctrl+R) or import one (Ctrl+Shift+I)");
            return false;
        }
        EditSession& session = *context.session;
        const int depth = context.prediction->geometry().depth;
        const int first = scope_ == Scope::Slice ? context.cursor[2] : 0;
        const int last = scope_ == Scope::Slice ? first : depth - 1;
        std::vector<Organ> organs = {context.organ};
        if (scope_ == Scope::Day) organs.assign(kAllOrgans.begin(), kAllOrgans.end());
        const AcceptPlan plan = session.planAccept(*context.prediction, organs, first, last);
        if (plan.targetPairs == 0) {
            message = QObject::tr("%1 is approved and locked: nothing to accept")
                          .arg(organName(context.organ));
            return false;
        }
        const AcceptChoice choice = plan.editedPairs && context.chooseAccept
                                        ? context.chooseAccept(plan)
                                        : AcceptChoice::KeepEdits;
        if (!session.accept(*context.prediction, organs, first, last, choice)) return false;
        message = scope_ == Scope::Slice
                      ? QObject::tr("Accepted the prediction on slice %1").arg(first + 1)
                  : scope_ == Scope::Organ
                      ? QObject::tr("Accepted the prediction for %1").arg(organName(context.organ))
                      : QObject::tr("Accepted the prediction for the whole day");
        const int edited = int(plan.editedPairs);
        if (edited)
            message += choice == AcceptChoice::KeepEdits
                           ? QObject::tr("; your %n edited pair(s) kept", "", edited)
                       : choice == AcceptChoice::Replace
                           ? QObject::tr("; %n edited pair(s) replaced", "", edited)
                           : QObject::tr("; the prediction added to %n edited pair(s)", "", edited);
        return true;
    }

private:
    Scope scope_;
};

} // namespace

ToolDescription NavigateTool::describe() const {
    return described("navigate");
}

ToolDescription BrushTool::describe() const {
    return described(erase_ ? "eraser" : "brush");
}

void BrushTool::strokeMoved(const ToolContext& context, ViewPlane plane, int index, PlanePoint from,
                            PlanePoint to) {
    const EditRegion region = brushStroke(context.scan->geometry(), plane, index, {from, to},
                                          context.settings.brushRadiusMm);
    context.session->apply(context.organ, region, erase_ ? EditMode::Remove : EditMode::Add,
                           describe().id.toStdString());
}

ToolDescription PushTool::describe() const {
    return described("push");
}

void PushTool::strokeMoved(const ToolContext& context, ViewPlane plane, int index, PlanePoint from,
                           PlanePoint to) {
    if (!mode_) {
        const auto voxel =
            planeToVoxel(plane, int(std::lround(from.u)), int(std::lround(from.v)), index);
        const auto& g = context.scan->geometry();
        const bool inside =
            voxel[0] >= 0 && voxel[1] >= 0 && voxel[2] >= 0 && voxel[0] < g.width &&
            voxel[1] < g.height && voxel[2] < g.depth &&
            context.session->labels()->has(voxel[0], voxel[1], voxel[2], context.organ);
        mode_ = inside ? EditMode::Add : EditMode::Remove;
    }
    const EditRegion region = brushStroke(context.scan->geometry(), plane, index, {from, to},
                                          context.settings.brushRadiusMm);
    context.session->apply(context.organ, region, *mode_, describe().id.toStdString());
}

ToolDescription LassoTool::describe() const {
    return described(erase_ ? "lasso erase" : "lasso");
}

void LassoTool::strokeFinished(const ToolContext& context, ViewPlane plane, int index,
                               const std::vector<PlanePoint>& path) {
    const EditRegion region = polygonRegion(context.scan->geometry(), plane, index, path);
    context.session->apply(context.organ, region, erase_ ? EditMode::Remove : EditMode::Add,
                           describe().id.toStdString());
}

ToolRegistry ToolRegistry::standard() {
    ToolRegistry registry;
    // Gesture order = EditController::Tool.
    registry.gestures.push_back(std::make_unique<NavigateTool>());
    registry.gestures.push_back(std::make_unique<BrushTool>(false));
    registry.gestures.push_back(std::make_unique<BrushTool>(true));
    registry.gestures.push_back(std::make_unique<LassoTool>(false));
    registry.gestures.push_back(std::make_unique<LassoTool>(true));
    registry.gestures.push_back(std::make_unique<PushTool>());
    registry.operations.push_back(std::make_unique<InterpolateOperation>());
    registry.operations.push_back(copyFrom(-1));
    registry.operations.push_back(copyFrom(+1));
    registry.operations.push_back(removeIslands());
    registry.operations.push_back(smooth());
    registry.operations.push_back(byMargin(true));
    registry.operations.push_back(byMargin(false));
    registry.operations.push_back(std::make_unique<AcceptOperation>(AcceptOperation::Scope::Slice));
    registry.operations.push_back(std::make_unique<AcceptOperation>(AcceptOperation::Scope::Organ));
    registry.operations.push_back(std::make_unique<AcceptOperation>(AcceptOperation::Scope::Day));
    return registry;
}

const SliceOperation* ToolRegistry::operation(const QString& id) const {
    for (const auto& op : operations)
        if (op->describe().id == id) return op.get();
    return nullptr;
}

QStringList ToolRegistry::usersOf(bool ToolOptionsPanel::Relevance::*option) const {
    QStringList users;
    auto add = [&](const ToolDescription& d) {
        if (d.options.*option) users << QString(d.menuText).remove('&');
    };
    for (const auto& tool : gestures)
        add(tool->describe());
    for (const auto& op : operations)
        add(op->describe());
    return users;
}

} // namespace gireview
