#pragma once
// The review window: case/day browser, four panes (axial, coronal, sagittal, 3D) linked by a
// crosshair, display controls and a status bar that tells what is under the cursor. Days load
// off the GUI thread with progress in the status bar.
#include "io/DatasetIndex.h"
#include "EditSession.h"
#include "ExportDialog.h"
#include "ContourTool.h"
#include "ToolOptionsPanel.h"
#include "io/KaggleCsv.h"
#include "ModelRunner.h"
#include "data/ScanVolume.h"
#include "editing/ViewPlane.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <array>
#include <atomic>
#include <map>
#include <optional>
#include <memory>

class QTreeWidget;
class QTreeWidgetItem;
class QLabel;
class QProgressBar;
class QMenu;
class QGridLayout;

namespace gireview {

class SliceView;
class SurfaceView;
class ViewState;

struct LoadedDay {
    std::shared_ptr<ScanVolume> scan;
    std::shared_ptr<LabelVolume> labels, prediction;
    QString error;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a dataset root, case or case-day folder; labels default to train.csv beside it.
    // Problems go to the status bar (and a dialog); false when nothing could be opened.
    bool openDataset(const QString& path, const QString& labelsPath = {});
    enum class Layer { Reviewed, Prediction };
    // Loads labels (Kaggle CSV, COCO JSON or a folder of NIfTI volumes) for the open dataset as
    // the reviewed layer or the prediction layer; problems go to the status bar and Tools.
    bool importLabels(const QString& path, Layer layer = Layer::Reviewed);
    // Exports the reviewed labels with a cancellable progress dialog; false on failure or cancel.
    bool exportLabels(const ExportRequest& request);
    bool selectDay(CaseDayKey day);
    SliceView* sliceView(ViewPlane plane) const { return sliceViews_[size_t(plane)]; }
    SurfaceView* surfaceView() const { return surfaceView_; }
    ViewState* viewState() const { return state_; }
    QTreeWidget* caseBrowser() const { return tree_; }
    const DatasetIndex& dataset() const { return index_; }
    std::shared_ptr<const ScanVolume> currentScan() const { return scan_; }
    std::shared_ptr<const LabelVolume> currentLabels() const { return labels_; }
    std::shared_ptr<const LabelVolume> currentPrediction() const { return prediction_; }
    QString statusText() const; // the cursor read-out, for tests
    // The versions of the product and its libraries for the About box (the executable knows them).
    void setVersionText(const QString& text) { versionText_ = text; }
    // Shows only `pane` (0 axial, 1 coronal, 2 sagittal, 3 3D) or all four with -1.
    void maximizePane(int pane);

    // Editing (the tools' logic is in core/editing/EditTools; every change goes through EditSession).
    // Push: a ball that pushes the organ's boundary out (stroke starting inside the organ) or in.
    enum class Tool { Navigate, Brush, Eraser, Lasso, LassoErase, Push };
    void setTool(Tool tool);
    Tool tool() const { return tool_; }
    void setActiveOrgan(Organ organ);
    Organ activeOrgan() const { return activeOrgan_; }
    void setBrushRadiusMm(double radius);
    void setToolSettings(const ToolSettings& settings);
    const ToolSettings& toolSettings() const { return toolSettings_; }
    // Moves the review workspace to `path` (created if new); the open days' labels go with it.
    bool moveWorkspaceTo(const QString& path);
    EditSession* editSession() const { return session_; }
    Workspace* workspace() const { return workspace_.get(); }
    bool undo();
    bool redo();
    // Whole-organ operations on the current slice / day for the active organ.
    bool interpolateAroundCursor();
    bool copyFromNeighbourSlice(int direction);
    bool removeSmallIslands(size_t minPixels);
    bool smoothCurrentSlice();
    bool applyMargin(double marginMm);
    // Review.
    bool approveActiveOrgan(const QString& reviewer);
    bool reopenActiveOrgan(const QString& reviewer);
    void markCurrentSliceReviewed();
    bool jumpToNextUnreviewedSlice();

    // The model (Model menu): runs over the current day, its case or every day in the background;
    // results become the prediction layer, which the user accepts into the reviewed labels per
    // slice, per organ or per day (one undo step each).
    enum class RunScope { Day, Case, All };
    bool runModel(RunScope scope);
    ModelRunner* modelRunner() const { return modelRunner_; }
    enum class AcceptScope { Slice, Organ, Day };
    bool acceptPrediction(AcceptScope scope);

signals:
    void dayLoaded(int caseNo, int dayNo);
    void dayLoadFailed(QString message);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildViews();
    void buildMenus();
    void populateTree();
    void startLoading(const DayEntry& day);
    void finishLoading();
    void updateCursorStatus(int x, int y, int z, bool valid);
    void showProblem(const QString& title, const QString& text);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void exportWithDialog();
    void showCurrentDay();
    void openWorkspace();
    void attachSession(const LoadedDay& day);
    void onStroke(SliceView* view, int index, PlanePoint from, PlanePoint to);
    void onStrokeFinished(SliceView* view, int index, const std::vector<PlanePoint>& path);
    bool applyToCurrent(const EditRegion& region, EditMode mode, const QString& tool);
    ToolContext toolContext() const;
    bool undoOrRedo(bool undoing);
    void refreshReviewColumn();
    bool recordReview(const QString& reviewer, bool approve);
    void reportEditError();
    void onDayPredicted(std::shared_ptr<LabelVolume> labels, const QString& cardJson);
    void buildModelMenu();
    void saveViewSettings() const;
    void restoreViewSettings();

    DatasetIndex index_;
    using LabelMap = std::map<CaseDayKey, LabelVolume>;
    std::shared_ptr<const LabelMap> reviewedLayer_, predictionLayer_;
    std::vector<Problem> labelProblems_;
    QString labelsSource_;
    ViewState* state_ = nullptr;
    QTreeWidget* tree_ = nullptr;
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
    QString datasetPath_;
    std::unique_ptr<Workspace> workspace_;
    std::map<CaseDayKey, std::unique_ptr<EditSession>> sessions_;
    EditSession* session_ = nullptr;
    Tool tool_ = Tool::Navigate;
    Organ activeOrgan_ = Organ::LargeBowel;
    ToolSettings toolSettings_;
    ToolOptionsPanel* toolPanel_ = nullptr;
    std::array<std::unique_ptr<ContourTool>, 6> tools_;
    QLabel* toolLabel_ = nullptr;
    ModelRunner* modelRunner_ = nullptr;
    QString versionText_;
    // Model results of this session by day; without a writable workspace they live only here.
    std::map<CaseDayKey, std::shared_ptr<const LabelVolume>> modelPredictions_;
    // Which opened dataset a model run belongs to.
    int datasetGeneration_ = 0, modelRunGeneration_ = -1;
};

} // namespace gireview
