#pragma once
// The window's editing: the contouring tools, the active organ and the Tool options, strokes
// from the slice views, slice operations, accepting the prediction (asking before it would
// replace a reviewer's own edits) and undo. Every change goes through the day's EditSession
// (core/review), the one way in; this class only turns gestures and keys into its calls.
#include "ContourTool.h"
#include "ToolOptionsPanel.h"
#include "review/EditSession.h"

#include <QObject>
#include <array>
#include <functional>
#include <memory>

namespace gireview {

class SliceView;
class ViewState;

class EditController : public QObject {
    Q_OBJECT
public:
    // Push: a ball that pushes the organ's boundary out (stroke starting inside the organ) or in.
    enum class Tool { Navigate, Brush, Eraser, Lasso, LassoErase, Push };
    enum class AcceptScope { Slice, Organ, Day };

    EditController(ViewState* state, ToolOptionsPanel* panel, QWidget* dialogParent);
    ~EditController() override;

    // The day on screen: its session (null when none), scan and prediction.
    void setDay(EditSession* session, std::shared_ptr<const ScanVolume> scan);
    void setPrediction(std::shared_ptr<const LabelVolume> prediction) {
        prediction_ = std::move(prediction);
    }
    EditSession* session() const { return session_; }
    // The views whose gesture follows the active tool.
    void setViews(std::vector<SliceView*> views) { views_ = std::move(views); }

    void setTool(Tool tool);
    Tool tool() const { return tool_; }
    const ContourTool& activeTool() const { return *registry_.gestures[size_t(tool_)]; }
    void setActiveOrgan(Organ organ);
    Organ activeOrgan() const { return activeOrgan_; }
    void setBrushRadiusMm(double radius);
    void setToolSettings(const ToolSettings& settings);
    const ToolSettings& toolSettings() const { return settings_; }
    // Applies the Tool options that live in the edit policy (exclusive, intensity range).
    void applySettingsTo(EditSession& session) const;

    // The tool table the menus, toolbar, shortcuts and Help are generated from.
    const ToolRegistry& registry() const { return registry_; }
    // Runs a slice operation of the registry by id ("interpolate", "accept-day", ...).
    bool runOperation(const QString& id);

    // Slice views' gestures.
    void strokeStarted();
    void strokeMoved(ViewPlane plane, int index, PlanePoint from, PlanePoint to);
    void strokeFinished(ViewPlane plane, int index, const std::vector<PlanePoint>& path);

    bool undo() { return undoOrRedo(true); }
    bool redo() { return undoOrRedo(false); }
    bool interpolateAroundCursor() { return runOperation(QStringLiteral("interpolate")); }
    bool copyFromNeighbourSlice(int direction) {
        return runOperation(direction < 0 ? QStringLiteral("copy previous slice") : QStringLiteral("copy next slice"));
    }
    bool removeSmallIslands() { return runOperation(QStringLiteral("remove islands")); }
    bool smoothCurrentSlice() { return runOperation(QStringLiteral("smooth")); }
    bool grow() { return runOperation(QStringLiteral("grow")); }
    bool shrink() { return runOperation(QStringLiteral("shrink")); }
    // Unedited pairs take the prediction at once; when edited pairs would change, the reviewer
    // chooses (keep my edits: the default, Enter; replace; union). One undo step either way.
    bool acceptPrediction(AcceptScope scope);
    // How the choice is asked; the default (also an empty chooser) shows a dialog, or keeps
    // the edits when dialogs are off.
    using AcceptChooser = std::function<AcceptChoice(const AcceptPlan& plan)>;
    void setAcceptChooser(AcceptChooser chooser);

signals:
    // One line for the status bar and the message log; `important` ones also stay in the log.
    void message(const QString& text, bool important);
    // The tool, organ or brush changed (the status bar's tool field).
    void toolChanged(const QString& description);
    // A stroke or a slice operation ended (the review clock stores its time then).
    void editFinished();

private:
    bool undoOrRedo(bool undoing);
    void reportResult(bool important = true);
    AcceptChoice askAcceptChoice(const AcceptPlan& plan);
    ToolContext toolContext() const;
    ViewState* state_;
    ToolOptionsPanel* panel_;
    QWidget* dialogParent_;
    ToolRegistry registry_;
    Tool tool_ = Tool::Navigate;
    Organ activeOrgan_ = Organ::LargeBowel;
    ToolSettings settings_;
    EditSession* session_ = nullptr;
    std::shared_ptr<const ScanVolume> scan_;
    std::shared_ptr<const LabelVolume> prediction_;
    AcceptChooser chooser_;
    std::vector<SliceView*> views_;
};

} // namespace gireview
