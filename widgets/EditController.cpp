#include "EditController.h"

#include "SliceView.h"
#include "ViewState.h"
#include "editing/EditTools.h"

#include <QMessageBox>
#include <QPushButton>

namespace gireview {

namespace {
QString organName(Organ organ) {
    return QString::fromUtf8(organDisplayName(organ).data());
}
} // namespace

EditController::EditController(ViewState* state, ToolOptionsPanel* panel, QWidget* dialogParent)
    : QObject(dialogParent), state_(state), panel_(panel), dialogParent_(dialogParent) {
    // Indexed by Tool.
    tools_[size_t(Tool::Navigate)] = std::make_unique<NavigateTool>();
    tools_[size_t(Tool::Brush)] = std::make_unique<BrushTool>(false);
    tools_[size_t(Tool::Eraser)] = std::make_unique<BrushTool>(true);
    tools_[size_t(Tool::Lasso)] = std::make_unique<LassoTool>(false);
    tools_[size_t(Tool::LassoErase)] = std::make_unique<LassoTool>(true);
    tools_[size_t(Tool::Push)] = std::make_unique<PushTool>();
    setAcceptChooser({});
    connect(panel_, &ToolOptionsPanel::settingsChanged, this, &EditController::setToolSettings);
}

EditController::~EditController() = default;

void EditController::setAcceptChooser(AcceptChooser chooser) {
    chooser_ =
        chooser ? std::move(chooser)
                : AcceptChooser([this](const AcceptPlan& plan) { return askAcceptChoice(plan); });
}

void EditController::setDay(EditSession* session, std::shared_ptr<const ScanVolume> scan) {
    session_ = session;
    scan_ = std::move(scan);
    if (session_) applySettingsTo(*session_);
    setTool(tool_);
}

void EditController::applySettingsTo(EditSession& session) const {
    session.setExclusive(settings_.exclusive);
    // The range lives in the edit policy: LabelEditor::apply masks every paint with it.
    const ScanVolume* scan = scan_ && scan_->day() == session.day() ? scan_.get() : nullptr;
    session.setIntensityRange(scan, settings_.intensityRestricted,
                              std::uint16_t(std::clamp(settings_.intensityLow, 0, 65535)),
                              std::uint16_t(std::clamp(settings_.intensityHigh, 0, 65535)));
}

void EditController::setTool(Tool tool) {
    tools_[size_t(tool_)]->deactivate();
    tool_ = tool;
    ContourTool& active = *tools_[size_t(tool)];
    active.activate();
    for (auto* view : views_)
        view->setGesture(active.gesture(), settings_.brushRadiusMm);
    panel_->setRelevance(active.options());
    emit toolChanged(tr("%1 | %2 | brush %3 mm")
                         .arg(active.name(), organName(activeOrgan_))
                         .arg(settings_.brushRadiusMm, 0, 'f', 1));
}

void EditController::setActiveOrgan(Organ organ) {
    activeOrgan_ = organ;
    setTool(tool_);
}

void EditController::setBrushRadiusMm(double radius) {
    ToolSettings settings = settings_;
    settings.brushRadiusMm = std::clamp(radius, 0.75, 60.0);
    setToolSettings(settings);
}

void EditController::setToolSettings(const ToolSettings& settings) {
    settings_ = settings;
    panel_->setSettings(settings);
    if (session_) applySettingsTo(*session_);
    setTool(tool_);
}

ToolContext EditController::toolContext() const {
    return {session_, scan_.get(), activeOrgan_, settings_};
}

void EditController::reportResult(bool important) {
    if (!session_) return;
    if (!session_->error().empty())
        emit message(QString::fromStdString(session_->error()), important);
    else if (!session_->notice().empty())
        emit message(QString::fromStdString(session_->notice()), important);
}

void EditController::strokeStarted() {
    if (session_) session_->beginStroke();
}

void EditController::strokeMoved(SliceView* view, int index, PlanePoint from, PlanePoint to) {
    if (!session_ || !scan_) return;
    tools_[size_t(tool_)]->strokeMoved(toolContext(), view, index, from, to);
}

void EditController::strokeFinished(SliceView* view, int index,
                                    const std::vector<PlanePoint>& path) {
    if (!session_ || !scan_) return;
    tools_[size_t(tool_)]->strokeFinished(toolContext(), view, index, path);
    session_->endStroke(tools_[size_t(tool_)]->name().toStdString());
    reportResult();
}

bool EditController::applyToCurrent(const EditRegion& region, EditMode mode, const QString& tool) {
    if (!session_ || region.empty()) return false;
    const bool ok = session_->apply(activeOrgan_, region, mode, tool.toStdString());
    reportResult();
    return ok;
}

bool EditController::undoOrRedo(bool undoing) {
    if (!session_ || !(undoing ? session_->canUndo() : session_->canRedo())) {
        emit message(undoing ? tr("Nothing to undo") : tr("Nothing to redo"), false);
        return false;
    }
    const bool done = undoing ? session_->undo() : session_->redo();
    reportResult();
    return done;
}

bool EditController::interpolateAroundCursor() {
    if (!session_) return false;
    const LabelVolume& labels = *session_->labels();
    const int z = state_->cursor()[2];
    // The nearest labelled slices of the active organ below and above the cursor.
    int below = -1, above = -1;
    for (int k = z; k >= 0 && below < 0; --k)
        if (labels.countOnSlice(k, activeOrgan_)) below = k;
    for (int k = std::max(z, below + 1); k < labels.geometry().depth && above < 0; ++k)
        if (k != below && labels.countOnSlice(k, activeOrgan_)) above = k;
    if (below < 0 || above < 0 || above - below < 2) {
        emit message(tr("Interpolation needs labelled slices on both sides of an unlabelled gap"),
                     false);
        return false;
    }
    return applyToCurrent(interpolateSlices(labels, activeOrgan_, below, above), EditMode::Set,
                          QStringLiteral("interpolate"));
}

bool EditController::copyFromNeighbourSlice(int direction) {
    if (!session_) return false;
    const int z = state_->cursor()[2];
    return applyToCurrent(copySlice(*session_->labels(), activeOrgan_, z + direction, z),
                          EditMode::Set, QStringLiteral("copy slice"));
}

bool EditController::removeSmallIslands(size_t minPixels) {
    if (!session_) return false;
    const int slice = settings_.islands3d ? -1 : state_->cursor()[2];
    return applyToCurrent(smallIslands(*session_->labels(), activeOrgan_, slice, minPixels),
                          EditMode::Remove, QStringLiteral("remove islands"));
}

bool EditController::smoothCurrentSlice() {
    if (!session_) return false;
    return applyToCurrent(smoothSlice(*session_->labels(), activeOrgan_, state_->cursor()[2], 1.5),
                          EditMode::Set, QStringLiteral("smooth"));
}

bool EditController::applyMargin(double marginMm) {
    if (!session_) return false;
    return applyToCurrent(margin(*session_->labels(), activeOrgan_, marginMm, state_->cursor()[2]),
                          EditMode::Set,
                          marginMm > 0 ? QStringLiteral("grow") : QStringLiteral("shrink"));
}

AcceptChoice EditController::askAcceptChoice(const AcceptPlan& plan) {
    if (qEnvironmentVariableIsSet("GIREVIEW_NO_DIALOGS"))
        return AcceptChoice::KeepEdits; // the safe default
    QMessageBox box(
        QMessageBox::Question, tr("Accept the prediction"),
        tr("%n (slice, organ) pair(s) you edited would change.", "", int(plan.editedPairs)),
        QMessageBox::NoButton, dialogParent_);
    box.setInformativeText(tr("The %1 unedited pair(s) take the prediction in any case. What "
                              "should happen to your edits?")
                               .arg(plan.targetPairs - plan.editedPairs));
    QPushButton* keep = box.addButton(tr("&Keep my edits"), QMessageBox::AcceptRole);
    keep->setObjectName(QStringLiteral("acceptKeepEdits"));
    QPushButton* replace =
        box.addButton(tr("&Replace with the prediction"), QMessageBox::DestructiveRole);
    replace->setObjectName(QStringLiteral("acceptReplace"));
    QPushButton* unite = box.addButton(tr("&Union"), QMessageBox::ActionRole);
    unite->setObjectName(QStringLiteral("acceptUnion"));
    box.setDefaultButton(keep);
    box.setEscapeButton(keep);
    box.exec();
    if (box.clickedButton() == replace) return AcceptChoice::Replace;
    if (box.clickedButton() == unite) return AcceptChoice::Union;
    return AcceptChoice::KeepEdits;
}

bool EditController::acceptPrediction(AcceptScope scope) {
    if (!session_ || !prediction_) {
        emit message(
            tr("No prediction for this day: run the model (Ctrl+R) or import one (Ctrl+Shift+I)"),
            false);
        return false;
    }
    const int depth = prediction_->geometry().depth;
    const int first = scope == AcceptScope::Slice ? state_->cursor()[2] : 0;
    const int last = scope == AcceptScope::Slice ? first : depth - 1;
    std::vector<Organ> organs = {activeOrgan_};
    if (scope == AcceptScope::Day) organs.assign(kAllOrgans.begin(), kAllOrgans.end());
    const AcceptPlan plan = session_->planAccept(*prediction_, organs, first, last);
    if (plan.targetPairs == 0) {
        emit message(
            tr("%1 is approved and locked: nothing to accept").arg(organName(activeOrgan_)), true);
        return false;
    }
    const AcceptChoice choice = plan.editedPairs ? chooser_(plan) : AcceptChoice::KeepEdits;
    const bool ok = session_->accept(*prediction_, organs, first, last, choice);
    if (!ok) {
        reportResult();
        return false;
    }
    QString what = scope == AcceptScope::Slice
                       ? tr("Accepted the prediction on slice %1").arg(first + 1)
                   : scope == AcceptScope::Organ
                       ? tr("Accepted the prediction for %1").arg(organName(activeOrgan_))
                       : tr("Accepted the prediction for the whole day");
    if (plan.editedPairs)
        what += choice == AcceptChoice::KeepEdits
                    ? tr("; your %n edited pair(s) kept", "", int(plan.editedPairs))
                : choice == AcceptChoice::Replace
                    ? tr("; %n edited pair(s) replaced", "", int(plan.editedPairs))
                    : tr("; the prediction added to %n edited pair(s)", "", int(plan.editedPairs));
    if (!session_->notice().empty())
        what += QStringLiteral(". ") + QString::fromStdString(session_->notice());
    emit message(what, plan.editedPairs > 0 || !session_->notice().empty());
    return true;
}

} // namespace gireview
