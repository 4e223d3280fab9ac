#pragma once
// The review window: wiring. Case/day browser, four panes (axial, coronal, sagittal, 3D) linked
// by a crosshair, display controls, a message log and a status bar that tells what is under the
// cursor. The labels, the workspace and review state are the ReviewDocument's; editing, review
// marks and export are their controllers'; days load off the GUI thread.
#include "EditController.h"
#include "ExportDialog.h"
#include "ModelController.h"
#include "ReviewerName.h"
#include "data/ScanVolume.h"
#include "editing/ViewPlane.h"
#include "ViewState.h"
#include "review/ReviewDocument.h"
#include "review/ReviewQueue.h"

#include "analysis/IntensityWindow.h"
#include "analysis/QaChecks.h"

#include <QMainWindow>
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <set>

class QTreeWidget;
class QLabel;
class QProgressBar;

class QDockWidget;

namespace gireview {

class CaseBrowser;
class CursorReadout;
class DayLoader;
class ExportController;
class MessageLog;
class OrganListPanel;
class EffortPanel;
class ReviewClock;
class ReviewController;
class ReviewQueuePanel;
class SliceStrip;
class WindowMenus;
class SliceView;
class SurfaceView;
class ToolOptionsPanel;
class ViewGrid;
class ViewState;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a dataset root, case or case-day folder; labels default to train.csv beside it.
    // Problems go to the message log (and a dialog); false when nothing could be opened.
    bool openDataset(const QString& path, const QString& labelsPath = {});
    enum class Layer { Reviewed, Prediction };
    // Loads labels (Kaggle CSV, COCO JSON or a folder of NIfTI volumes) as the reviewed layer
    // (into the workspace, each imported pair counting as edited) or the prediction layer.
    bool importLabels(const QString& path, Layer layer = Layer::Reviewed);
    // Exports with a cancellable progress dialog; false on failure or cancel.
    bool exportLabels(const ExportRequest& request);
    bool selectDay(CaseDayKey day);
    // DICOM: the image series of the shown day's study (File > DICOM series of this study), and
    // taking another as the study's day: the dataset is opened again with it preferred and its
    // day shown. False (said) when the dataset is not DICOM or the series is not of the study.
    std::vector<DicomSeriesChoice> seriesOfShownStudy() const;
    bool takeSeries(const std::string& seriesUid);
    void chooseSeriesWithDialog();
    // Alt+Down / Alt+Up: the next / previous loadable day of the Cases tree (said at either end).
    bool stepDay(int delta);
    SliceView* sliceView(ViewPlane plane) const;
    SurfaceView* surfaceView() const;
    ViewState* viewState() const { return state_; }
    QTreeWidget* caseBrowser() const;
    MessageLog* messageLog() const { return log_; }
    EffortPanel* effortPanel() const { return effort_; }
    ReviewDocument* document() const { return document_.get(); }
    const DatasetIndex& dataset() const;
    std::shared_ptr<const ScanVolume> currentScan() const { return scan_; }
    std::shared_ptr<const LabelVolume> currentLabels() const { return labels_; }
    std::shared_ptr<const LabelVolume> currentPrediction() const { return prediction_; }
    // Problems shown to the reviewer so far (a smoke run that met one fails).
    int problemsShown() const { return problemsShown_; }
    QString statusText() const; // the cursor read-out, for tests
    // The versions of the product and its libraries for the About box (the executable knows them).
    void setVersionText(const QString& text) { versionText_ = text; }
    const QString& versionText() const { return versionText_; }
    // The Help dialog's lines: every bound key (tools included) and the mouse.
    QStringList shortcutHelp() const;
    QString shortcutMarkdown() const; // the README's table, `gireview --list-shortcuts`
    const QString& datasetPath() const { return datasetPath_; }
    // Shows only `pane` (0 axial, 1 coronal, 2 sagittal, 3 3D) or all four with -1; again: all four.
    void maximizePane(int pane);
    void resetViews();
    // Where the panels go: two columns beside the views, or tabs of one column (small screens).
    enum class PanelLayout { Columns, Tabbed };
    void arrangePanels(PanelLayout layout);
    PanelLayout panelLayout() const { return panelLayout_; }
    static constexpr int kTabbedPanelsBelowWidth = 1600; // screen pixels: a first start below it gets tabs
    static constexpr int kTabbedPanelWidth = 450;
    void autoWindowLevel() { applyWindowPreset(WindowPreset::Auto); }
    // A preset of the Display panel over the shown day's body histogram.
    void applyWindowPreset(WindowPreset preset);
    void showDatasetProblems();
    ExportController* exportController() const { return export_; }
    ReviewController* reviewController() const { return review_; }
    ModelController* modelController() const { return model_; }

    // Editing (EditController; every change goes through the day's EditSession).
    using Tool = EditController::Tool;
    void setTool(Tool tool) { edit_->setTool(tool); }
    Tool tool() const { return edit_->tool(); }
    void setActiveOrgan(Organ organ) { edit_->setActiveOrgan(organ); }
    Organ activeOrgan() const { return edit_->activeOrgan(); }
    void setBrushRadiusMm(double radius) { edit_->setBrushRadiusMm(radius); }
    void setToolSettings(const ToolSettings& settings) { edit_->setToolSettings(settings); }
    const ToolSettings& toolSettings() const { return edit_->toolSettings(); }
    EditController* editController() const { return edit_; }
    // Moves the review workspace to `path` (created if new); the open days' labels go with it.
    bool moveWorkspaceTo(const QString& path);
    EditSession* editSession() const { return session_; }
    Workspace* workspace() const { return document_ ? document_->workspace() : nullptr; }
    bool undo() { return edit_->undo(); }
    bool redo() { return edit_->redo(); }
    bool interpolateAroundCursor() { return edit_->interpolateAroundCursor(); }
    bool copyFromNeighbourSlice(int direction) { return edit_->copyFromNeighbourSlice(direction); }
    bool removeSmallIslands() { return edit_->removeSmallIslands(); }
    bool smoothCurrentSlice() { return edit_->smoothCurrentSlice(); }
    // Review (ReviewController).
    // Runs the QA checks of the active organ first: open flags go to the log and to `confirm`
    // (default: the reviewer is asked, askApproveWithFlags), and an approval over them records
    // them as acknowledged.
    using FlagConfirmation = std::function<bool(const std::vector<QaFlag>&)>;
    // WhenFlagged: asks only over open QA flags (scripts, tests); Always: the menu's approval, which
    // names the organ, the day and the reviewer before it locks anything.
    enum class ApprovalQuestion { WhenFlagged, Always };
    bool approveActiveOrgan(const QString& reviewer, const FlagConfirmation& confirm = {},
                            ApprovalQuestion ask = ApprovalQuestion::WhenFlagged);
    ReviewerName& reviewerName() { return reviewerName_; }
    // Edit > QA checks (Q): every organ of the shown day; each flag goes to the log.
    std::vector<QaFlag> checkCurrentDay();
    bool reopenActiveOrgan(const QString& reviewer);
    void markCurrentSliceReviewed();
    bool jumpToNextUnreviewedSlice();
    // The review queue (J / K): the (slice, organ) pairs of the shown day's prediction by its
    // review risk, highest first; each step shows the pair (axial slice, active organ) and counts
    // it as seen (seen is not reviewed). False when the day has no risk or the end is reached.
    bool stepRiskQueue(int step);
    int riskQueueSeen() const;
    ReviewQueuePanel* reviewQueuePanel() const { return queuePanel_; }
    QProgressBar* reviewProgress() const { return reviewProgress_; }
    SliceStrip* sliceStrip() const { return strip_; }
    // O: outline-only overlays for fast scanning, and back.
    void toggleOutlineOnly();

    // The model (Model menu): runs over the current day, its case or every day in the background;
    // results become the prediction layer, which the user accepts into the reviewed labels per
    // slice, per organ or per day (one undo step each, never over their edits unasked).
    using RunScope = ModelController::RunScope;
    bool runModel(RunScope scope) { return model_->run(scope); }
    ModelRunner* modelRunner() const { return model_->runner(); }
    using AcceptScope = EditController::AcceptScope;
    bool acceptPrediction(AcceptScope scope) { return edit_->acceptPrediction(scope); }

signals:
    void dayLoaded(int caseNo, int dayNo);
    // The day's opening slice is on screen before the rest has decoded (dayLoaded follows).
    void firstSliceShown(int caseNo, int dayNo, int slice);
    void dayLoadFailed(QString message);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildDocks();
    void fitIntoScreen(bool stateRestored);
    void showLoadedDay(std::shared_ptr<ScanVolume> scan, std::shared_ptr<const BodyHistogram> body);
    // The opening slice, decoded first, with a window from its own histogram (DayLoader).
    void showFirstSlice(std::shared_ptr<const ScanVolume> scan, int slice, std::shared_ptr<const BodyHistogram> body);
    void attachDay();
    void showCurrentDay();
    void say(const QString& text, bool important);
    void showProblem(const QString& title, const QString& text);
    void openWorkspace();
    // Where the dataset's workspace goes (in it when writable, else the user's data folder).
    std::string workspacePathFor(const std::string& datasetRoot) const;
    RoiNameTable roiNamesFromSettings();
    void connectSession(EditSession& session);
    void showPrediction(std::shared_ptr<const LabelVolume> prediction);
    void showQueuePair(const QueueEntry& entry, int position, int count);
    void showQueueRisk(CaseDayKey day); // the queue and strip from the day's stored risk
    void refreshSliceStrip();

    std::unique_ptr<ReviewDocument> document_;
    ViewState* state_ = nullptr;
    CaseBrowser* browser_ = nullptr;
    MessageLog* log_ = nullptr;
    OrganListPanel* organList_ = nullptr;
    std::vector<QDockWidget*> docks_; // in the order arrangePanels names them
    PanelLayout panelLayout_ = PanelLayout::Columns;
    ViewGrid* views_ = nullptr;
    QProgressBar* reviewProgress_ = nullptr; // where the shown day stands, above the views
    CursorReadout* cursorLabel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    DayLoader* loader_ = nullptr;
    std::shared_ptr<const ScanVolume> scan_;
    std::shared_ptr<const BodyHistogram> body_; // the shown day's, for its window presets
    std::shared_ptr<const LabelVolume> labels_, prediction_;
    EditSession* session_ = nullptr;
    QString datasetPath_;
    // DICOM: series the reviewer picked as their study's day instead of the default (File > Series).
    std::set<std::string> preferredSeries_;
    // The day being loaded and the voxel it opens on (its first look, then the whole day).
    struct Opening {
        CaseDayKey day;
        std::array<int, 3> cursor;
    };
    std::optional<Opening> dayOpening_;
    ToolOptionsPanel* toolPanel_ = nullptr;
    QLabel* toolLabel_ = nullptr;
    EditController* edit_ = nullptr;
    ReviewController* review_ = nullptr;
    ReviewerName reviewerName_;
    ReviewClock* clock_ = nullptr;
    ReviewQueuePanel* queuePanel_ = nullptr;
    SliceStrip* strip_ = nullptr;
    std::optional<OverlayMode> modeBeforeOutline_;
    EffortPanel* effort_ = nullptr;
    ExportController* export_ = nullptr;
    ModelController* model_ = nullptr;
    WindowMenus* menus_ = nullptr;
    QString versionText_;
    int problemsShown_ = 0;
    bool opening_ = false; // a dataset is being scanned (openDataset is not re-entered)
};

} // namespace gireview
