#pragma once
// The review window: wiring. Case/day browser, four panes (axial, coronal, sagittal, 3D) linked
// by a crosshair, display controls, a message log and a status bar that tells what is under the
// cursor. The labels, the workspace and review state are the ReviewDocument's; editing, review
// marks and export are their controllers'; days load off the GUI thread.
#include "EditController.h"
#include "ExportDialog.h"
#include "ModelRunner.h"
#include "data/ScanVolume.h"
#include "editing/ViewPlane.h"
#include "review/ReviewDocument.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <array>
#include <atomic>
#include <memory>

class QTreeWidget;
class QLabel;
class QProgressBar;
class QMenu;
class QGridLayout;

namespace gireview {

class CaseBrowser;
class ExportController;
class MessageLog;
class ReviewController;
class SliceView;
class SurfaceView;
class ToolOptionsPanel;
class ViewState;

struct LoadedDay {
    std::shared_ptr<ScanVolume> scan;
    QString error;
};

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
    SliceView* sliceView(ViewPlane plane) const { return sliceViews_[size_t(plane)]; }
    SurfaceView* surfaceView() const { return surfaceView_; }
    ViewState* viewState() const { return state_; }
    QTreeWidget* caseBrowser() const;
    MessageLog* messageLog() const { return log_; }
    ReviewDocument* document() const { return document_.get(); }
    const DatasetIndex& dataset() const;
    std::shared_ptr<const ScanVolume> currentScan() const { return scan_; }
    std::shared_ptr<const LabelVolume> currentLabels() const { return labels_; }
    std::shared_ptr<const LabelVolume> currentPrediction() const { return prediction_; }
    QString statusText() const; // the cursor read-out, for tests
    // The versions of the product and its libraries for the About box (the executable knows them).
    void setVersionText(const QString& text) { versionText_ = text; }
    // Shows only `pane` (0 axial, 1 coronal, 2 sagittal, 3 3D) or all four with -1.
    void maximizePane(int pane);

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
    bool removeSmallIslands(size_t minPixels) { return edit_->removeSmallIslands(minPixels); }
    bool smoothCurrentSlice() { return edit_->smoothCurrentSlice(); }
    bool applyMargin(double marginMm) { return edit_->applyMargin(marginMm); }
    // Review (ReviewController).
    bool approveActiveOrgan(const QString& reviewer);
    bool reopenActiveOrgan(const QString& reviewer);
    void markCurrentSliceReviewed();
    bool jumpToNextUnreviewedSlice();

    // The model (Model menu): runs over the current day, its case or every day in the background;
    // results become the prediction layer, which the user accepts into the reviewed labels per
    // slice, per organ or per day (one undo step each, never over their edits unasked).
    enum class RunScope { Day, Case, All };
    bool runModel(RunScope scope);
    ModelRunner* modelRunner() const { return modelRunner_; }
    using AcceptScope = EditController::AcceptScope;
    bool acceptPrediction(AcceptScope scope) { return edit_->acceptPrediction(scope); }

signals:
    void dayLoaded(int caseNo, int dayNo);
    void dayLoadFailed(QString message);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildViews();
    void buildDocks();
    void buildMenus();
    void buildModelMenu();
    void startLoading(const DayEntry& day);
    void finishLoading();
    void attachDay();
    void showCurrentDay();
    void updateCursorStatus(int x, int y, int z, bool valid);
    void say(const QString& text, bool important);
    void showProblem(const QString& title, const QString& text);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void openWorkspace();
    void connectSession(EditSession& session);
    void onDayPredicted(std::shared_ptr<LabelVolume> labels, const QString& cardJson);
    void saveViewSettings() const;
    void restoreViewSettings();

    std::unique_ptr<ReviewDocument> document_;
    ViewState* state_ = nullptr;
    CaseBrowser* browser_ = nullptr;
    MessageLog* log_ = nullptr;
    std::array<SliceView*, 3> sliceViews_{};
    SurfaceView* surfaceView_ = nullptr;
    QGridLayout* grid_ = nullptr;
    std::array<QWidget*, 4> panes_{};
    int maximized_ = -1;
    QLabel* cursorLabel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QFutureWatcher<LoadedDay> loader_;
    std::shared_ptr<std::atomic<int>> loadedSlices_;
    std::shared_ptr<const ScanVolume> scan_;
    std::shared_ptr<const LabelVolume> labels_, prediction_;
    EditSession* session_ = nullptr;
    QString datasetPath_;
    ToolOptionsPanel* toolPanel_ = nullptr;
    QLabel* toolLabel_ = nullptr;
    EditController* edit_ = nullptr;
    ReviewController* review_ = nullptr;
    ExportController* export_ = nullptr;
    ModelRunner* modelRunner_ = nullptr;
    QString versionText_;
    // Which opened dataset a model run belongs to.
    int datasetGeneration_ = 0, modelRunGeneration_ = -1;
};

} // namespace gireview
