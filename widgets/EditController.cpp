#include "EditController.h"

#include "Unattended.h"
#include "SliceView.h"
#include "ViewState.h"

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
    registry_ = ToolRegistry::standard();
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
    registry_.gestures[size_t(tool_)]->deactivate();
    tool_ = tool;
    ContourTool& active = *registry_.gestures[size_t(tool)];
    active.activate();
    const ToolDescription described = active.describe();
    for (auto* view : views_) view->setGesture(active.gesture(), settings_.brushRadiusMm);
    panel_->setRelevance(described.options);
    emit toolChanged(tr("%1 | %2 | brush %3 mm")
                         .arg(described.id, organName(activeOrgan_))
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
    return {session_,        scan_.get(),       activeOrgan_, settings_,
            state_->cursor(), prediction_.get(), chooser_};
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

void EditController::strokeMoved(ViewPlane plane, int index, PlanePoint from, PlanePoint to) {
    if (!session_ || !scan_) return;
    registry_.gestures[size_t(tool_)]->strokeMoved(toolContext(), plane, index, from, to);
}

void EditController::strokeFinished(ViewPlane plane, int index,
                                    const std::vector<PlanePoint>& path) {
    if (!session_ || !scan_) return;
    ContourTool& active = *registry_.gestures[size_t(tool_)];
    active.strokeFinished(toolContext(), plane, index, path);
    session_->endStroke(active.describe().id.toStdString());
    reportResult();
    emit editFinished();
}

bool EditController::runOperation(const QString& id) {
    const SliceOperation* operation = registry_.operation(id);
    if (!operation || !session_) {
        emit message(tr("Open a case-day first"), false);
        return false;
    }
    QString said;
    const bool ok = operation->run(toolContext(), said);
    const bool important = !session_->error().empty() || !session_->notice().empty();
    if (!session_->error().empty()) said = QString::fromStdString(session_->error());
    if (!session_->notice().empty())
        said += (said.isEmpty() ? QString() : QStringLiteral(". ")) +
                QString::fromStdString(session_->notice());
    if (!said.isEmpty()) emit message(said, important);
    if (ok) emit editFinished();
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

AcceptChoice EditController::askAcceptChoice(const AcceptPlan& plan) {
    if (unattended())
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
    return runOperation(scope == AcceptScope::Slice   ? QStringLiteral("accept-slice")
                        : scope == AcceptScope::Organ ? QStringLiteral("accept-organ")
                                                      : QStringLiteral("accept-day"));
}

} // namespace gireview
