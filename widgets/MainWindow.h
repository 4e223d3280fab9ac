#pragma once
// The review window: case/day browser, four panes (axial, coronal, sagittal, 3D) linked by a
// crosshair, display controls and a status bar that tells what is under the cursor. Days load
// off the GUI thread with progress in the status bar.
#include "DatasetIndex.h"
#include "KaggleCsv.h"
#include "ScanVolume.h"
#include "ViewPlane.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <array>
#include <atomic>
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
    std::shared_ptr<LabelVolume> labels;
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
    // Loads another labels CSV for the open dataset as the reviewed layer.
    bool importLabels(const QString& csvPath);
    bool selectDay(CaseDayKey day);
    SliceView* sliceView(ViewPlane plane) const { return sliceViews_[size_t(plane)]; }
    SurfaceView* surfaceView() const { return surfaceView_; }
    ViewState* viewState() const { return state_; }
    QTreeWidget* caseBrowser() const { return tree_; }
    const DatasetIndex& dataset() const { return index_; }
    std::shared_ptr<const ScanVolume> currentScan() const { return scan_; }
    std::shared_ptr<const LabelVolume> currentLabels() const { return labels_; }
    QString statusText() const; // the cursor read-out, for tests
    // Shows only `pane` (0 axial, 1 coronal, 2 sagittal, 3 3D) or all four with -1.
    void maximizePane(int pane);

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
    void exportLabels();
    void saveViewSettings() const;
    void restoreViewSettings();

    DatasetIndex index_;
    std::shared_ptr<LabelCsvImport> labelsImport_;
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
    std::shared_ptr<const LabelVolume> labels_;
    QString datasetPath_;
};

} // namespace gireview
