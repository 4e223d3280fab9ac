#include "MainWindow.h"

#include "data/DataError.h"
#include "BackgroundTask.h"
#include "ContourTool.h"
#include "DisplayPanel.h"
#include "editing/EditTools.h"
#include "ExportDialog.h"
#include "io/LabelExchange.h"
#include "io/ScanVolumeLoader.h"
#include "SegmentationModel.h"
#include "SliceView.h"
#include "SurfaceView.h"
#include "ViewState.h"

#include <QApplication>
#include <QCloseEvent>
#include <QActionGroup>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QCryptographicHash>
#include <QHeaderView>
#include <QInputDialog>
#include <QStandardPaths>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QTreeWidget>
#include <QtConcurrent>
#include <nlohmann/json.hpp>
#include <sys/vfs.h>

namespace gireview {

namespace {
constexpr int kCaseRole = Qt::UserRole + 1;
constexpr int kDayRole = Qt::UserRole + 2;
constexpr int kMaxRecent = 8;
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("GI Review"));
    // Indexed by Tool.
    tools_[size_t(Tool::Navigate)] = std::make_unique<NavigateTool>();
    tools_[size_t(Tool::Brush)] = std::make_unique<BrushTool>(false);
    tools_[size_t(Tool::Eraser)] = std::make_unique<BrushTool>(true);
    tools_[size_t(Tool::Lasso)] = std::make_unique<LassoTool>(false);
    tools_[size_t(Tool::LassoErase)] = std::make_unique<LassoTool>(true);
    tools_[size_t(Tool::Push)] = std::make_unique<PushTool>();
    resize(1280, 860);
    state_ = new ViewState(this);
    buildViews();
    tree_ = new QTreeWidget(this);
    tree_->setObjectName(QStringLiteral("caseBrowser"));
    tree_->setHeaderLabels({tr("Case / day"), tr("Slices"), tr("Size"), tr("Spacing"), tr("Review")});
    tree_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* browserDock = new QDockWidget(tr("Cases"), this);
    browserDock->setObjectName(QStringLiteral("caseBrowserDock"));
    browserDock->setWidget(tree_);
    addDockWidget(Qt::LeftDockWidgetArea, browserDock);
    auto* toolDock = new QDockWidget(tr("Tool options"), this);
    toolDock->setObjectName(QStringLiteral("toolOptionsDock"));
    toolPanel_ = new ToolOptionsPanel(toolDock);
    toolDock->setWidget(toolPanel_);
    addDockWidget(Qt::RightDockWidgetArea, toolDock);
    connect(toolPanel_, &ToolOptionsPanel::settingsChanged, this, &MainWindow::setToolSettings);
    auto* displayDock = new QDockWidget(tr("Display"), this);
    displayDock->setObjectName(QStringLiteral("displayDock"));
    displayDock->setWidget(new DisplayPanel(state_, displayDock));
    addDockWidget(Qt::LeftDockWidgetArea, displayDock);
    cursorLabel_ = new QLabel(this);
    cursorLabel_->setMinimumWidth(420);
    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(180);
    progress_->setVisible(false);
    statusBar()->addPermanentWidget(progress_);
    toolLabel_ = new QLabel(this);
    statusBar()->addPermanentWidget(toolLabel_);
    statusBar()->addPermanentWidget(cursorLabel_);
    modelRunner_ = new ModelRunner(statusBar(), this);
    modelRunner_->setModelPath(QSettings().value(QStringLiteral("model/path")).toString());
    if (modelRunner_->modelPath().isEmpty() || !QFileInfo::exists(modelRunner_->modelPath()))
        modelRunner_->setModelPath(QString::fromStdString(findDefaultModel(QCoreApplication::applicationFilePath().toStdString())));
    connect(modelRunner_, &ModelRunner::dayPredicted, this, &MainWindow::onDayPredicted);
    connect(modelRunner_, &ModelRunner::failed, this, [this](const QString& message) { showProblem(tr("Model"), message); });
    connect(modelRunner_, &ModelRunner::finished, this, [this](int days, bool cancelled, double seconds) {
        statusBar()->showMessage(cancelled ? tr("Model cancelled after %1 case-day(s)").arg(days)
                                           : tr("Model predicted %1 case-day(s) in %2 s: the prediction layer is drawn dotted; "
                                                "A / Shift+A / Ctrl+Shift+A accept it")
                                                 .arg(days)
                                                 .arg(seconds, 0, 'f', 1),
                                 10000);
    });
    buildMenus();
    buildModelMenu();
    connect(tree_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (!item || !item->data(0, kDayRole).isValid()) return;
        const DayEntry* day = index_.findDay({item->data(0, kCaseRole).toInt(), item->data(0, kDayRole).toInt()});
        if (day) startLoading(*day);
    });
    connect(&loader_, &QFutureWatcher<LoadedDay>::finished, this, &MainWindow::finishLoading);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    restoreViewSettings();
}

MainWindow::~MainWindow() { loader_.waitForFinished(); }

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    saveViewSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::buildViews() {
    auto* central = new QWidget(this);
    grid_ = new QGridLayout(central);
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setSpacing(2);
    for (ViewPlane plane : {ViewPlane::Axial, ViewPlane::Coronal, ViewPlane::Sagittal}) {
        auto* view = new SliceView(plane, state_, central);
        view->setObjectName(QStringLiteral("sliceView%1").arg(int(plane)));
        sliceViews_[size_t(plane)] = view;
        panes_[size_t(plane)] = view;
        connect(view, &SliceView::hovered, this, &MainWindow::updateCursorStatus);
        connect(view, &SliceView::strokeStarted, this, [this](int) {
            if (session_) session_->editor().beginStroke();
        });
        connect(view, &SliceView::strokeMoved, this, [this, view](int index, PlanePoint from, PlanePoint to) { onStroke(view, index, from, to); });
        connect(view, &SliceView::strokeFinished, this,
                [this, view](int index, std::vector<PlanePoint> path) { onStrokeFinished(view, index, path); });
    }
    surfaceView_ = new SurfaceView(state_, central);
    surfaceView_->setObjectName(QStringLiteral("surfaceView"));
    panes_[3] = surfaceView_;
    grid_->addWidget(panes_[0], 0, 0);
    grid_->addWidget(panes_[1], 0, 1);
    grid_->addWidget(panes_[2], 1, 0);
    grid_->addWidget(panes_[3], 1, 1);
    setCentralWidget(central);
    connect(state_, &ViewState::cursorChanged, this, [this] {
        auto c = state_->cursor();
        updateCursorStatus(c[0], c[1], c[2], bool(scan_));
    });
}

void MainWindow::maximizePane(int pane) {
    maximized_ = (pane == maximized_) ? -1 : pane;
    for (int i = 0; i < 4; ++i) panes_[size_t(i)]->setVisible(maximized_ < 0 || maximized_ == i);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open dataset folder..."), this, [this] {
        QString dir = QFileDialog::getExistingDirectory(this, tr("Open dataset folder"), datasetPath_);
        if (!dir.isEmpty()) openDataset(dir);
    });
    open->setShortcut(QKeySequence::Open);
    recentMenu_ = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
    auto chooseLabels = [this](const QString& title) {
        QString path = QFileDialog::getOpenFileName(this, title, datasetPath_,
                                                    tr("Labels (*.csv *.json *.nii.gz);;Kaggle CSV (*.csv);;COCO JSON (*.json);;"
                                                       "NIfTI (*.nii.gz)"));
        // A NIfTI import reads the whole folder of caseN_dayM.nii.gz files.
        if (path.endsWith(QStringLiteral(".nii.gz"))) path = QFileInfo(path).absolutePath();
        return path;
    };
    QAction* import = file->addAction(tr("&Import labels..."), this, [this, chooseLabels] {
        const QString path = chooseLabels(tr("Import labels (reviewed layer)"));
        if (!path.isEmpty()) importLabels(path, Layer::Reviewed);
    });
    import->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    QAction* importPrediction = file->addAction(tr("Import &prediction..."), this, [this, chooseLabels] {
        const QString path = chooseLabels(tr("Import prediction layer"));
        if (!path.isEmpty()) importLabels(path, Layer::Prediction);
    });
    importPrediction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    QAction* exportAction = file->addAction(tr("&Export..."), this, &MainWindow::exportWithDialog);
    file->addAction(tr("&Workspace location..."), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Workspace file"), workspace_ ? QString::fromStdString(workspace_->path()) : datasetPath_,
                                                          tr("GI Review workspace (*.sqlite)"), nullptr, QFileDialog::DontConfirmOverwrite);
        if (!path.isEmpty()) moveWorkspaceTo(path);
    });
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const char* paneNames[] = {"&Axial", "&Coronal", "&Sagittal", "&3D"};
    for (int pane = 0; pane < 4; ++pane) {
        QAction* action = view->addAction(tr("Maximise %1").arg(tr(paneNames[pane])), this, [this, pane] { maximizePane(pane); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + pane)));
    }
    QAction* four = view->addAction(tr("&Four panes"), this, [this] {
        maximized_ = 0;
        maximizePane(-1);
    });
    four->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    view->addSeparator();
    QAction* reset = view->addAction(tr("&Reset views"), this, [this] {
        for (auto* v : sliceViews_) v->resetView();
        surfaceView_->resetCamera();
    });
    reset->setShortcut(QKeySequence(Qt::Key_R));
    QAction* autoWindow = view->addAction(tr("&Automatic window/level"), this, [this] {
        if (scan_) state_->setWindow(scan_->percentile(0.5), scan_->percentile(99.5));
    });
    autoWindow->setShortcut(QKeySequence(Qt::Key_W));
    QAction* toggleOverlay = view->addAction(tr("Show &labels"), this, [this](bool on) {
        OverlaySettings o = state_->overlay();
        o.showReviewed = on;
        state_->setOverlay(o);
    });
    toggleOverlay->setCheckable(true);
    toggleOverlay->setChecked(true);
    toggleOverlay->setShortcut(QKeySequence(Qt::Key_L));
    connect(state_, &ViewState::overlayChanged, toggleOverlay, [this, toggleOverlay] { toggleOverlay->setChecked(state_->overlay().showReviewed); });
    QAction* volume = view->addAction(tr("&Volume rendering"), this, [this](bool on) { state_->setVolumeRendering(on); });
    volume->setCheckable(true);
    connect(state_, &ViewState::volumeRenderingChanged, volume, [this, volume] { volume->setChecked(state_->volumeRendering()); });

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undoAction = edit->addAction(tr("&Undo"), this, [this] { undo(); });
    undoAction->setShortcut(QKeySequence::Undo);
    QAction* redoAction = edit->addAction(tr("&Redo"), this, [this] { redo(); });
    redoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    edit->addSeparator();
    for (Organ organ : kAllOrgans) {
        QAction* pick = edit->addAction(tr("Active organ: %1").arg(QString::fromUtf8(organDisplayName(organ).data())), this,
                                        [this, organ] { setActiveOrgan(organ); });
        pick->setShortcut(QKeySequence(Qt::Key(Qt::Key_1 + organIndex(organ))));
    }
    edit->addSeparator();
    QAction* interpolate = edit->addAction(tr("&Interpolate between slices"), this, [this] { interpolateAroundCursor(); });
    interpolate->setShortcut(QKeySequence(Qt::Key_I));
    QAction* copyPrevious = edit->addAction(tr("Copy from &previous slice"), this, [this] { copyFromNeighbourSlice(-1); });
    copyPrevious->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up));
    QAction* copyNext = edit->addAction(tr("Copy from &next slice"), this, [this] { copyFromNeighbourSlice(+1); });
    copyNext->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Down));
    QAction* islands = edit->addAction(tr("Remove small &islands"), this, [this] { removeSmallIslands(size_t(toolSettings_.islandMinPixels)); });
    islands->setShortcut(QKeySequence(Qt::Key_D));
    QAction* smooth = edit->addAction(tr("&Smooth slice"), this, [this] { smoothCurrentSlice(); });
    smooth->setShortcut(QKeySequence(Qt::Key_S));
    QAction* grow = edit->addAction(tr("&Grow by the margin"), this, [this] { applyMargin(toolSettings_.marginMm); });
    grow->setShortcut(QKeySequence(Qt::Key_Plus));
    QAction* shrink = edit->addAction(tr("Shrin&k by the margin"), this, [this] { applyMargin(-toolSettings_.marginMm); });
    shrink->setShortcut(QKeySequence(Qt::Key_Minus));
    edit->addSeparator();
    // The reviewer types their name; the account name is recorded beside it.
    auto askReviewer = [this](const QString& title) {
        if (qEnvironmentVariableIsSet("GIREVIEW_NO_DIALOGS")) return QString::fromLocal8Bit(qgetenv("USER"));
        return QInputDialog::getText(this, title, tr("Reviewer name:"));
    };
    QAction* approve = edit->addAction(tr("&Approve active organ..."), this, [this, askReviewer] {
        const QString name = askReviewer(tr("Approve"));
        if (!name.isEmpty()) approveActiveOrgan(name);
    });
    approve->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    edit->addAction(tr("Re&open active organ..."), this, [this, askReviewer] {
        const QString name = askReviewer(tr("Reopen"));
        if (!name.isEmpty()) reopenActiveOrgan(name);
    });
    QAction* reviewed = edit->addAction(tr("&Mark slice reviewed"), this, [this] { markCurrentSliceReviewed(); });
    reviewed->setShortcut(QKeySequence(Qt::Key_M));
    QAction* nextUnreviewed = edit->addAction(tr("&Next unreviewed slice"), this, [this] { jumpToNextUnreviewedSlice(); });
    nextUnreviewed->setShortcut(QKeySequence(Qt::Key_N));

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    auto* toolGroup = new QActionGroup(this);
    const std::pair<Tool, QString> toolNames[] = {{Tool::Navigate, tr("&Navigate")}, {Tool::Brush, tr("&Brush")},
                                                  {Tool::Eraser, tr("&Eraser")}, {Tool::Lasso, tr("&Lasso fill")},
                                                  {Tool::LassoErase, tr("Lasso e&rase")}, {Tool::Push, tr("&Push")}};
    const QKeySequence toolKeys[] = {QKeySequence(Qt::Key_Escape), QKeySequence(Qt::Key_B), QKeySequence(Qt::Key_E),
                                     QKeySequence(Qt::Key_F), QKeySequence(Qt::SHIFT | Qt::Key_F), QKeySequence(Qt::Key_P)};
    for (int i = 0; i < 6; ++i) {
        const Tool t = toolNames[i].first;
        QAction* action = tools->addAction(toolNames[i].second, this, [this, t] { setTool(t); });
        action->setCheckable(true);
        action->setChecked(t == Tool::Navigate);
        action->setShortcut(toolKeys[i]);
        action->setData(int(t));
        toolGroup->addAction(action);
    }
    QAction* bigger = tools->addAction(tr("Larger brush"), this, [this] { setBrushRadiusMm(toolSettings_.brushRadiusMm * 1.25); });
    bigger->setShortcut(QKeySequence(Qt::Key_BracketRight));
    QAction* smaller = tools->addAction(tr("Smaller brush"), this, [this] { setBrushRadiusMm(toolSettings_.brushRadiusMm / 1.25); });
    smaller->setShortcut(QKeySequence(Qt::Key_BracketLeft));
    tools->addSeparator();
    tools->addAction(tr("&Dataset problems..."), this, [this] {
        QStringList lines;
        for (const auto& p : index_.problems) lines << QString::fromStdString(formatProblem(p));
        for (const auto& p : labelProblems_) lines << QString::fromStdString(formatProblem(p));
        QMessageBox box(QMessageBox::Information, tr("Dataset problems"),
                        lines.isEmpty() ? tr("No problems found.") : tr("%1 problem(s) found.").arg(lines.size()),
                        QMessageBox::Ok, this);
        box.setDetailedText(lines.join('\n'));
        box.exec();
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), this, [this] {
        QMessageBox::information(
            this, tr("Keyboard shortcuts"),
            tr("Ctrl+O  open a dataset folder\nCtrl+I  import labels\nCtrl+Shift+I  import a prediction layer\n"
               "Ctrl+E  export labels\n"
               "Wheel, Up/Down  previous/next slice\nPage Up/Down  10 slices\nHome/End  first/last slice\n"
               "Ctrl+wheel  zoom\nMiddle drag  pan\nRight drag  window/level\nLeft click  move the crosshair\n"
               "R  reset views\nW  automatic window/level\nL  show/hide labels\n"
               "Ctrl+1..4  maximise axial/coronal/sagittal/3D\nCtrl+0  four panes\n\n"
               "1 / 2 / 3  active organ: large bowel / small bowel / stomach\n"
               "Esc / B / E / F / Shift+F / P  navigate / brush / eraser / lasso fill / lasso erase / push\n"
               "[ / ]  smaller / larger brush\nCtrl+Z / Ctrl+Shift+Z  undo / redo\n"
               "I  interpolate between labelled slices\nCtrl+Up / Ctrl+Down  copy from previous / next slice\n"
               "D  remove small islands\nS  smooth the slice\n+ / -  grow / shrink by 1.5 mm\n"
               "Ctrl+Enter  approve the active organ\nM  mark the slice reviewed\nN  next unreviewed slice\nCtrl+Q  quit"));
    });
    help->addAction(tr("&About GI Review"), this, [this] {
        QMessageBox::about(this, tr("About GI Review"),
                           tr("<b>GI Review</b> %1<br>Review and correction of stomach and bowel contours "
                              "on MR-Linac scans.<br>For research and education; not a medical device.<br>"
                              "Apache-2.0.<br><br>%2")
                               .arg(QApplication::applicationVersion(), QString(versionText_).replace('\n', QStringLiteral("<br>"))));
    });
    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->addAction(open);
    toolbar->addAction(import);
    toolbar->addAction(exportAction);
    toolbar->addSeparator();
    toolbar->addAction(reset);
    toolbar->addAction(four);
    toolbar->addSeparator();
    for (QAction* action : toolGroup->actions()) toolbar->addAction(action);
    toolbar->addAction(undoAction);
    toolbar->addAction(redoAction);
    toolbar->addSeparator();
    for (QAction* action : {interpolate, copyPrevious, islands, smooth, grow, shrink, approve, reviewed, nextUnreviewed})
        toolbar->addAction(action);
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("dataset/recent")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue(QStringLiteral("dataset/recent"), recent);
    settings.setValue(QStringLiteral("dataset/last"), path);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value(QStringLiteral("dataset/recent")).toStringList();
    for (const QString& path : recent) recentMenu_->addAction(path, this, [this, path] { openDataset(path); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::saveViewSettings() const {
    QSettings settings;
    const auto& o = state_->overlay();
    settings.setValue(QStringLiteral("view/overlayMode"), int(o.mode));
    settings.setValue(QStringLiteral("view/opacity"), o.opacity);
    for (Organ organ : kAllOrgans)
        settings.setValue(QStringLiteral("view/visible_%1").arg(organClassName(organ).data()), o.organVisible[size_t(organIndex(organ))]);
    settings.setValue(QStringLiteral("view/showPrediction"), o.showPrediction);
}

void MainWindow::restoreViewSettings() {
    QSettings settings;
    OverlaySettings o = state_->overlay();
    o.mode = OverlayMode(std::clamp(settings.value(QStringLiteral("view/overlayMode"), int(o.mode)).toInt(), 0, 2));
    o.opacity = std::clamp(settings.value(QStringLiteral("view/opacity"), o.opacity).toDouble(), 0.0, 1.0);
    for (Organ organ : kAllOrgans)
        o.organVisible[size_t(organIndex(organ))] =
            settings.value(QStringLiteral("view/visible_%1").arg(organClassName(organ).data()), true).toBool();
    o.showPrediction = settings.value(QStringLiteral("view/showPrediction"), true).toBool();
    state_->setOverlay(o);
}

bool MainWindow::openDataset(const QString& path, const QString& labelsPath) {
    DatasetIndex index;
    try {
        index = scanDataset(path.toStdString());
    } catch (const DataError& error) {
        showProblem(tr("Cannot open dataset"), QString::fromStdString(error.what()));
        return false;
    }
    if (index.dayCount() == 0) {
        showProblem(tr("Cannot open dataset"),
                    tr("No case-days found in %1: expected train/caseN/caseN_dayM/scans/*.png, a case folder "
                       "or a case-day folder.").arg(path));
        return false;
    }
    loader_.waitForFinished();
    // A model run over the previous dataset stops; its late results are dropped (onDayPredicted).
    modelRunner_->cancel();
    ++datasetGeneration_;
    index_ = std::move(index);
    datasetPath_ = path;
    sessions_.clear();
    session_ = nullptr;
    reviewedLayer_.reset();
    predictionLayer_.reset();
    modelPredictions_.clear();
    labelProblems_.clear();
    labelsSource_.clear();
    scan_.reset();
    labels_.reset();
    prediction_.reset();
    for (auto* view : sliceViews_) view->setVolumes(nullptr, nullptr, nullptr);
    surfaceView_->setVolumes(nullptr, nullptr);
    QStringList problems;
    for (const auto& problem : index_.problems) problems << QString::fromStdString(formatProblem(problem));
    const QString labels = labelsPath.isEmpty() ? QString::fromStdString(index_.labelsFile) : labelsPath;
    openWorkspace();
    populateTree();
    rememberRecent(path);
    setWindowTitle(tr("GI Review - %1").arg(path));
    statusBar()->showMessage(tr("Opened %1: %2 case-days, %3 slices").arg(path).arg(index_.dayCount()).arg(index_.sliceCount()));
    if (!labels.isEmpty()) importLabels(labels);
    if (!problems.isEmpty())
        statusBar()->showMessage(tr("%1 problem(s) in the dataset (Tools > Dataset problems); first: %2")
                                     .arg(problems.size()).arg(problems.first()));
    return true;
}

bool MainWindow::importLabels(const QString& path, Layer layer) {
    LabelImport imported;
    try {
        imported = gireview::importLabels(path.toStdString(), index_);
    } catch (const std::exception& error) {
        showProblem(tr("Cannot import labels"), QString::fromStdString(error.what()));
        return false;
    }
    auto map = std::make_shared<LabelMap>(std::move(imported.volumes));
    labelProblems_ = std::move(imported.problems);
    if (layer == Layer::Reviewed) {
        reviewedLayer_ = map;
        labelsSource_ = path;
        // Imported labels replace what is being edited (the workspace keeps the edit journal).
        sessions_.clear();
        session_ = nullptr;
    } else {
        predictionLayer_ = map;
        // The workspace keeps the prediction layer too, so reopening shows it again.
        if (workspace_ && !workspace_->readOnly()) {
            try {
                for (const auto& [key, volume] : *map) workspace_->saveLayer(volume, LabelLayer::Prediction);
            } catch (const std::exception& error) {
                showProblem(tr("Workspace"), QString::fromStdString(error.what()));
            }
        }
    }
    if (!labelProblems_.empty())
        statusBar()->showMessage(tr("%1 problem(s) in %2 (Tools > Dataset problems); first: %3")
                                     .arg(labelProblems_.size())
                                     .arg(path, QString::fromStdString(formatProblem(labelProblems_.front()))));
    else
        statusBar()->showMessage(tr("Imported %1 as the %2 layer").arg(path, layer == Layer::Reviewed ? tr("reviewed") : tr("prediction")), 5000);
    if (scan_) {
        auto pick = [this](const std::shared_ptr<const LabelMap>& m) -> std::shared_ptr<const LabelVolume> {
            if (!m) return nullptr;
            auto found = m->find(scan_->day());
            return found == m->end() ? nullptr : std::make_shared<LabelVolume>(found->second);
        };
        prediction_ = pick(predictionLayer_);
        if (layer == Layer::Reviewed) {
            LoadedDay day;
            day.scan = std::const_pointer_cast<ScanVolume>(scan_);
            if (auto l = pick(reviewedLayer_)) day.labels = std::make_shared<LabelVolume>(*l);
            attachSession(day);
            if (workspace_ && !workspace_->readOnly() && session_) workspace_->saveLayer(*session_->labels(), LabelLayer::Reviewed);
        }
        showCurrentDay();
    }
    return true;
}

void MainWindow::showCurrentDay() {
    for (auto* view : sliceViews_) view->setVolumes(scan_, labels_, prediction_);
    surfaceView_->setVolumes(scan_, labels_);
    setTool(tool_);
}

void MainWindow::populateTree() {
    struct Refresh {
        MainWindow* window;
        ~Refresh() { window->refreshReviewColumn(); }
    } refresh{this};
    tree_->clear();
    for (const auto& caseEntry : index_.cases) {
        auto* caseItem = new QTreeWidgetItem(tree_, {QStringLiteral("case%1").arg(caseEntry.caseNo)});
        for (const auto& day : caseEntry.days) {
            auto* item = new QTreeWidgetItem(
                caseItem, {QString::fromStdString(formatCaseDayName(day.key)), QString::number(day.slices.size()),
                           QStringLiteral("%1x%2").arg(day.geometry.width).arg(day.geometry.height),
                           QStringLiteral("%1 mm").arg(day.geometry.spacingX, 0, 'f', 2), tr("not reviewed")});
            item->setData(0, kCaseRole, day.key.caseNo);
            item->setData(0, kDayRole, day.key.dayNo);
            if (!day.usable) {
                item->setDisabled(true);
                item->setToolTip(0, tr("Cannot be loaded: see Tools > Dataset problems"));
            }
        }
        caseItem->setExpanded(true);
    }
}

bool MainWindow::selectDay(CaseDayKey key) {
    for (int c = 0; c < tree_->topLevelItemCount(); ++c) {
        QTreeWidgetItem* caseItem = tree_->topLevelItem(c);
        for (int d = 0; d < caseItem->childCount(); ++d) {
            QTreeWidgetItem* item = caseItem->child(d);
            if (item->data(0, kCaseRole).toInt() == key.caseNo && item->data(0, kDayRole).toInt() == key.dayNo) {
                tree_->setCurrentItem(item);
                return true;
            }
        }
    }
    return false;
}

void MainWindow::startLoading(const DayEntry& day) {
    if (loader_.isRunning()) loader_.waitForFinished(); // one at a time; a day loads in well under a second
    const QString name = QString::fromStdString(formatCaseDayName(day.key));
    statusBar()->showMessage(tr("Loading %1...").arg(name));
    progress_->setRange(0, int(day.slices.size()));
    progress_->setValue(0);
    progress_->setVisible(true);
    loadedSlices_ = std::make_shared<std::atomic<int>>(0);
    auto counter = loadedSlices_;
    auto* poll = new QTimer(this);
    connect(poll, &QTimer::timeout, this, [this, poll, counter] {
        if (counter != loadedSlices_ || !loader_.isRunning()) {
            poll->deleteLater();
            return;
        }
        progress_->setValue(counter->load());
    });
    poll->start(50);
    DayEntry copy = day;
    std::shared_ptr<const LabelMap> labels = reviewedLayer_, prediction = predictionLayer_;
    loader_.setFuture(QtConcurrent::run([copy, labels, prediction, counter]() {
        LoadedDay result;
        try {
            LoadOptions options;
            options.progress = [counter](int done, int) { counter->store(done); };
            result.scan = std::make_shared<ScanVolume>(loadScanVolume(copy, options));
            if (labels) {
                auto found = labels->find(copy.key);
                if (found != labels->end()) result.labels = std::make_shared<LabelVolume>(found->second);
            }
            if (prediction) {
                auto found = prediction->find(copy.key);
                if (found != prediction->end()) result.prediction = std::make_shared<LabelVolume>(found->second);
            }
        } catch (const std::exception& error) {
            result.error = QString::fromStdString(error.what());
        }
        return result;
    }));
}

void MainWindow::finishLoading() {
    progress_->setVisible(false);
    LoadedDay day = loader_.result();
    if (!day.error.isEmpty()) {
        showProblem(tr("Cannot load case-day"), day.error);
        emit dayLoadFailed(day.error);
        return;
    }
    scan_ = day.scan;
    prediction_ = day.prediction;
    if (auto found = modelPredictions_.find(scan_->day()); found != modelPredictions_.end()) prediction_ = found->second;
    if (!prediction_ && workspace_) {
        // A prediction layer stored by an earlier session.
        auto stored = std::make_shared<LabelVolume>(scan_->day(), scan_->geometry());
        try {
            if (workspace_->loadLayer(scan_->day(), LabelLayer::Prediction, *stored)) prediction_ = stored;
        } catch (const std::exception& error) {
            showProblem(tr("Workspace"), QString::fromStdString(error.what()));
        }
    }
    attachSession(day);
    const auto& g = scan_->geometry();
    state_->setWindow(scan_->percentile(0.5), scan_->percentile(99.5));
    // Start in the middle of the labelled range, where the organs are; else the middle slice.
    int first = -1, last = -1;
    std::array<long long, 3> sum{0, 0, 0};
    long long count = 0;
    if (labels_) {
        for (int z = 0; z < g.depth; ++z) {
            const std::uint8_t* s = labels_->slice(z);
            if (std::any_of(s, s + g.sliceSize(), [](std::uint8_t v) { return v != 0; })) {
                if (first < 0) first = z;
                last = z;
            }
        }
    }
    const int z = first >= 0 ? (first + last) / 2 : g.depth / 2;
    if (labels_) {
        const std::uint8_t* s = labels_->slice(z);
        for (int y = 0; y < g.height; ++y)
            for (int x = 0; x < g.width; ++x)
                if (s[size_t(y) * size_t(g.width) + size_t(x)]) sum[0] += x, sum[1] += y, ++count;
    }
    std::array<int, 3> cursor{g.width / 2, g.height / 2, z};
    if (count) cursor = {int(sum[0] / count), int(sum[1] / count), z};
    state_->setCursor(cursor);
    showCurrentDay();
    const QString name = QString::fromStdString(formatCaseDayName(scan_->day()));
    statusBar()->showMessage(tr("Loaded %1").arg(name), 5000);
    for (const auto& warning : scan_->warnings()) statusBar()->showMessage(QString::fromStdString(warning));
    updateCursorStatus(cursor[0], cursor[1], cursor[2], true);
    emit dayLoaded(scan_->day().caseNo, scan_->day().dayNo);
}

void MainWindow::updateCursorStatus(int x, int y, int z, bool valid) {
    if (!scan_ || !valid) {
        cursorLabel_->clear();
        return;
    }
    const auto& g = scan_->geometry();
    if (x < 0 || y < 0 || z < 0 || x >= g.width || y >= g.height || z >= g.depth) {
        cursorLabel_->clear();
        return;
    }
    QStringList organs;
    if (labels_)
        for (Organ organ : kAllOrgans)
            if (labels_->has(x, y, z, organ)) organs << QString::fromUtf8(organDisplayName(organ).data());
    const auto lps = g.indexToLps(x, y, z);
    cursorLabel_->setText(tr("(%1, %2) px  (%3, %4, %5) mm  slice %6/%7  value %8  %9")
                              .arg(x).arg(y)
                              .arg(lps[0], 0, 'f', 1).arg(lps[1], 0, 'f', 1).arg(lps[2], 0, 'f', 1)
                              .arg(z + 1).arg(g.depth)
                              .arg(scan_->at(x, y, z))
                              .arg(organs.isEmpty() ? tr("no organ") : organs.join(QStringLiteral(", "))));
}

QString MainWindow::statusText() const { return cursorLabel_->text(); }

void MainWindow::exportWithDialog() {
    if (!reviewedLayer_ && sessions_.empty() && !workspace_) {
        showProblem(tr("Nothing to export"), tr("No labels are loaded for this dataset (File > Import labels)."));
        return;
    }
    ExportDialog dialog(datasetPath_, bool(scan_), this);
    if (dialog.exec() == QDialog::Accepted) exportLabels(dialog.request());
}

bool MainWindow::exportLabels(const ExportRequest& request) {
    if (!reviewedLayer_ && sessions_.empty() && !workspace_) {
        showProblem(tr("Nothing to export"), tr("No labels are loaded for this dataset."));
        return false;
    }
    std::vector<CaseDayKey> scope;
    if (scan_ && request.scope == ExportRequest::Scope::CurrentDay) scope.push_back(scan_->day());
    if (scan_ && request.scope == ExportRequest::Scope::CurrentCase)
        for (const auto* day : index_.days())
            if (day->key.caseNo == scan_->day().caseNo) scope.push_back(day->key);
    ExportOptions options = request.options;
    options.source = labelsSource_.toStdString();
    options.changedOnly = request.scope == ExportRequest::Scope::ChangedSinceLastExport;
    options.workspace = workspace_.get();
    // The export reads the labels as corrected: the labels file, then the workspace (read in the
    // background job below), then the days being edited now.
    auto current = std::make_shared<LabelMap>(reviewedLayer_ ? *reviewedLayer_ : LabelMap{});
    LabelMap editing;
    for (const auto& [key, session] : sessions_) editing.insert_or_assign(key, *session->labels());
    const Workspace* workspace = workspace_.get();
    const int total = scope.empty() ? int(index_.days().size()) : int(scope.size());
    ExportReport report;
    const DatasetIndex& index = index_;
    const std::string out = request.path.toStdString();
    const BackgroundResult result =
        runWithProgress(this, tr("Exporting labels..."), total, [&](std::atomic<int>& done, const std::atomic<bool>& cancel) {
            if (workspace)
                for (const auto* day : index.days()) {
                    if (!day->usable || editing.count(day->key)) continue;
                    LabelVolume stored(day->key, day->geometry);
                    if (workspace->loadLayer(day->key, LabelLayer::Reviewed, stored)) current->insert_or_assign(day->key, std::move(stored));
                }
            for (auto& [key, volume] : editing) current->insert_or_assign(key, std::move(volume));
            report = gireview::exportLabels(index, *current, out, options, scope, [&](int finished, int) {
                done = finished;
                return !cancel.load();
            });
        });
    if (result.cancelled) {
        statusBar()->showMessage(tr("Export cancelled"), 5000);
        return false;
    }
    if (!result.error.isEmpty()) {
        showProblem(tr("Export failed"), result.error);
        return false;
    }
    statusBar()->showMessage(tr("Exported %1 case-days (%2 files) to %3").arg(report.days).arg(report.files.size()).arg(request.path), 8000);
    return true;
}

void MainWindow::showProblem(const QString& title, const QString& text) {
    statusBar()->showMessage(text);
    if (qEnvironmentVariableIsSet("GIREVIEW_NO_DIALOGS")) return; // tests and smoke runs
    QMessageBox::warning(this, title, text);
}

namespace {
// SQLite's locking is unreliable on network file systems: keep workspaces off them.
bool isLocalFileSystem(const QString& path) {
    struct statfs info {};
    if (statfs(path.toLocal8Bit().constData(), &info) != 0) return false;
    switch (static_cast<unsigned long>(info.f_type)) {
    case 0x6969UL:     // NFS
    case 0x517BUL:     // SMB
    case 0xFF534D42UL: // CIFS
    case 0xFE534D42UL: // SMB2
    case 0x65735546UL: // FUSE (sshfs and friends)
        return false;
    default: return true;
    }
}
} // namespace

void MainWindow::openWorkspace() {
    workspace_.reset();
    // In the dataset folder when it is writable, otherwise in the user's data folder.
    QString file;
    const QFileInfo root(QString::fromStdString(index_.root));
    if (root.isDir() && root.isWritable() && isLocalFileSystem(root.absoluteFilePath())) {
        file = root.absoluteFilePath() + "/gireview-workspace.sqlite";
    } else {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/workspaces";
        QDir().mkpath(dir);
        const QByteArray key = QCryptographicHash::hash(root.absoluteFilePath().toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
        file = dir + "/" + root.fileName() + "-" + QString::fromLatin1(key) + ".sqlite";
    }
    try {
        workspace_ = std::make_unique<Workspace>(file.toStdString());
        if (workspace_->readOnly())
            showProblem(tr("Workspace read-only"), tr("%1: %2").arg(file, QString::fromStdString(workspace_->readOnlyReason())));
    } catch (const std::exception& error) {
        showProblem(tr("Cannot open the workspace"),
                    tr("%1\nEdits will not be saved in this session.").arg(QString::fromStdString(error.what())));
    }
}

void MainWindow::attachSession(const LoadedDay& day) {
    const CaseDayKey key = day.scan->day();
    auto found = sessions_.find(key);
    if (found == sessions_.end()) {
        // The workspace holds the corrections: it wins over the labels file.
        auto labels = std::make_shared<LabelVolume>(key, day.scan->geometry());
        bool fromWorkspace = false;
        if (workspace_) {
            try {
                fromWorkspace = workspace_->loadLayer(key, LabelLayer::Reviewed, *labels);
            } catch (const std::exception& error) {
                showProblem(tr("Workspace"), QString::fromStdString(error.what()));
            }
        }
        if (!fromWorkspace && day.labels) *labels = *day.labels;
        auto session = std::make_unique<EditSession>(labels, workspace_.get(), this);
        session->setExclusive(toolSettings_.exclusive);
        connect(session.get(), &EditSession::labelsEdited, this, [this](std::uint8_t organs, int, int, bool partial) {
            for (auto* view : sliceViews_) view->labelsChanged();
            if (partial) return;
            surfaceView_->labelsChanged(organs); // re-mesh only the organs a finished edit changed
            refreshReviewColumn();
        });
        found = sessions_.emplace(key, std::move(session)).first;
    }
    session_ = found->second.get();
    labels_ = session_->labels();
}

void MainWindow::setTool(Tool tool) {
    tools_[size_t(tool_)]->deactivate();
    tool_ = tool;
    ContourTool& active = *tools_[size_t(tool)];
    active.activate();
    for (auto* view : sliceViews_) view->setGesture(active.gesture(), toolSettings_.brushRadiusMm);
    toolPanel_->setRelevance(active.options());
    toolLabel_->setText(tr("%1 | %2 | brush %3 mm").arg(active.name(), QString::fromUtf8(organDisplayName(activeOrgan_).data()))
                            .arg(toolSettings_.brushRadiusMm, 0, 'f', 1));
}

void MainWindow::setActiveOrgan(Organ organ) {
    activeOrgan_ = organ;
    setTool(tool_);
}

void MainWindow::setBrushRadiusMm(double radius) {
    ToolSettings settings = toolSettings_;
    settings.brushRadiusMm = std::clamp(radius, 0.75, 60.0);
    setToolSettings(settings);
}

void MainWindow::setToolSettings(const ToolSettings& settings) {
    toolSettings_ = settings;
    toolPanel_->setSettings(settings);
    for (auto& [key, session] : sessions_) session->setExclusive(settings.exclusive);
    setTool(tool_);
}

bool MainWindow::moveWorkspaceTo(const QString& path) {
    std::unique_ptr<Workspace> moved;
    try {
        moved = std::make_unique<Workspace>(path.toStdString());
    } catch (const std::exception& error) {
        showProblem(tr("Cannot use this workspace"), QString::fromStdString(error.what()));
        return false;
    }
    if (moved->readOnly()) {
        showProblem(tr("Workspace read-only"), QString::fromStdString(moved->readOnlyReason()));
        return false;
    }
    for (auto& [key, session] : sessions_) session->setWorkspace(moved.get());
    workspace_ = std::move(moved);
    refreshReviewColumn();
    statusBar()->showMessage(tr("Workspace: %1").arg(path), 5000);
    return true;
}

void MainWindow::reportEditError() {
    if (session_ && !session_->error().isEmpty()) statusBar()->showMessage(session_->error(), 8000);
}

ToolContext MainWindow::toolContext() const { return {session_, scan_.get(), activeOrgan_, toolSettings_}; }

void MainWindow::onStroke(SliceView* view, int index, PlanePoint from, PlanePoint to) {
    if (!session_ || !scan_) return;
    tools_[size_t(tool_)]->strokeMoved(toolContext(), view, index, from, to);
}

void MainWindow::onStrokeFinished(SliceView* view, int index, const std::vector<PlanePoint>& path) {
    if (!session_ || !scan_) return;
    tools_[size_t(tool_)]->strokeFinished(toolContext(), view, index, path);
    session_->editor().endStroke(tools_[size_t(tool_)]->name().toStdString());
    reportEditError();
}

bool MainWindow::applyToCurrent(const EditRegion& region, EditMode mode, const QString& tool) {
    if (!session_ || region.empty()) return false;
    const bool ok = session_->apply(activeOrgan_, region, mode, tool);
    reportEditError();
    return ok;
}

bool MainWindow::undoOrRedo(bool undoing) {
    const bool possible = session_ && (undoing ? session_->editor().canUndo() : session_->editor().canRedo());
    const bool done = possible && (undoing ? session_->undo() : session_->redo());
    if (!done)
        statusBar()->showMessage(possible ? tr("That step changes an organ approved since; reopen it first")
                                          : (undoing ? tr("Nothing to undo") : tr("Nothing to redo")),
                                 5000);
    return done;
}

bool MainWindow::undo() { return undoOrRedo(true); }
bool MainWindow::redo() { return undoOrRedo(false); }

bool MainWindow::interpolateAroundCursor() {
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
        statusBar()->showMessage(tr("Interpolation needs labelled slices on both sides of an unlabelled gap"), 5000);
        return false;
    }
    return applyToCurrent(interpolateSlices(labels, activeOrgan_, below, above), EditMode::Set, QStringLiteral("interpolate"));
}

bool MainWindow::copyFromNeighbourSlice(int direction) {
    if (!session_) return false;
    const int z = state_->cursor()[2];
    return applyToCurrent(copySlice(*session_->labels(), activeOrgan_, z + direction, z), EditMode::Set, QStringLiteral("copy slice"));
}

bool MainWindow::removeSmallIslands(size_t minPixels) {
    if (!session_) return false;
    const int slice = toolSettings_.islands3d ? -1 : state_->cursor()[2];
    return applyToCurrent(smallIslands(*session_->labels(), activeOrgan_, slice, minPixels), EditMode::Remove,
                          QStringLiteral("remove islands"));
}

bool MainWindow::smoothCurrentSlice() {
    if (!session_) return false;
    return applyToCurrent(smoothSlice(*session_->labels(), activeOrgan_, state_->cursor()[2], 1.5), EditMode::Set, QStringLiteral("smooth"));
}

bool MainWindow::applyMargin(double marginMm) {
    if (!session_) return false;
    return applyToCurrent(margin(*session_->labels(), activeOrgan_, marginMm, state_->cursor()[2]), EditMode::Set,
                          marginMm > 0 ? QStringLiteral("grow") : QStringLiteral("shrink"));
}

bool MainWindow::recordReview(const QString& reviewer, bool approve) {
    if (!workspace_ || workspace_->readOnly() || !scan_) return false;
    const std::string account = qgetenv("USER").toStdString();
    if (approve) workspace_->approve(scan_->day(), activeOrgan_, account, reviewer.toStdString());
    else workspace_->reopen(scan_->day(), activeOrgan_, account, reviewer.toStdString());
    if (session_) session_->updateLocks();
    refreshReviewColumn();
    return true;
}

bool MainWindow::approveActiveOrgan(const QString& reviewer) { return recordReview(reviewer, true); }
bool MainWindow::reopenActiveOrgan(const QString& reviewer) { return recordReview(reviewer, false); }

void MainWindow::markCurrentSliceReviewed() {
    if (!workspace_ || workspace_->readOnly() || !scan_) return;
    workspace_->setSliceReviewed(scan_->day(), state_->cursor()[2] + 1, true);
    if (workspace_->status(scan_->day(), activeOrgan_) == ReviewStatus::NotReviewed)
        for (Organ organ : kAllOrgans)
            if (workspace_->status(scan_->day(), organ) == ReviewStatus::NotReviewed)
                workspace_->setStatus(scan_->day(), organ, ReviewStatus::InProgress);
    refreshReviewColumn();
}

bool MainWindow::jumpToNextUnreviewedSlice() {
    if (!workspace_ || !scan_) return false;
    const auto reviewed = workspace_->reviewedSlices(scan_->day());
    const int depth = scan_->geometry().depth;
    for (int step = 1; step <= depth; ++step) {
        const int z = (state_->cursor()[2] + step) % depth;
        if (!std::binary_search(reviewed.begin(), reviewed.end(), z + 1)) {
            sliceViews_[0]->setSliceIndex(z);
            return true;
        }
    }
    statusBar()->showMessage(tr("Every slice of this day is marked reviewed"), 5000);
    return false;
}

void MainWindow::refreshReviewColumn() {
    if (!workspace_) return;
    const char* names[] = {"not reviewed", "in progress", "approved"};
    for (int c = 0; c < tree_->topLevelItemCount(); ++c) {
        QTreeWidgetItem* caseItem = tree_->topLevelItem(c);
        for (int d = 0; d < caseItem->childCount(); ++d) {
            QTreeWidgetItem* item = caseItem->child(d);
            const CaseDayKey key{item->data(0, kCaseRole).toInt(), item->data(0, kDayRole).toInt()};
            QStringList parts;
            for (Organ organ : kAllOrgans) {
                const auto status = workspace_->status(key, organ);
                if (status != ReviewStatus::NotReviewed)
                    parts << QStringLiteral("%1: %2").arg(QString::fromUtf8(organClassName(organ).data()), tr(names[int(status)]));
            }
            item->setText(4, parts.isEmpty() ? tr("not reviewed") : parts.join(QStringLiteral(", ")));
        }
    }
}

} // namespace gireview

namespace gireview {

void MainWindow::buildModelMenu() {
    // Before Help, which stays last.
    const auto menus = menuBar()->actions();
    QMenu* model = new QMenu(tr("&Model"), this);
    menuBar()->insertMenu(menus.isEmpty() ? nullptr : menus.last(), model);
    QAction* runDay = model->addAction(tr("Run model on this &day"), this, [this] { runModel(RunScope::Day); });
    runDay->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    QAction* runCase = model->addAction(tr("Run model on this &case"), this, [this] { runModel(RunScope::Case); });
    runCase->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    model->addAction(tr("Run model on &every day"), this, [this] { runModel(RunScope::All); });
    model->addAction(tr("Ca&ncel the model run"), modelRunner_, &ModelRunner::cancel);
    model->addSeparator();
    QAction* acceptSlice = model->addAction(tr("Accept prediction on this &slice (active organ)"), this,
                                            [this] { acceptPrediction(AcceptScope::Slice); });
    acceptSlice->setShortcut(QKeySequence(Qt::Key_A));
    QAction* acceptOrgan = model->addAction(tr("Accept prediction for the active &organ (whole day)"), this,
                                            [this] { acceptPrediction(AcceptScope::Organ); });
    acceptOrgan->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_A));
    QAction* acceptDay = model->addAction(tr("Accept prediction for the whole da&y (all organs)"), this,
                                          [this] { acceptPrediction(AcceptScope::Day); });
    acceptDay->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    model->addSeparator();
    model->addAction(tr("C&hoose model file..."), this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Choose a TorchScript model (its .card.json beside it)"),
                                                          QFileInfo(modelRunner_->modelPath()).path(), tr("TorchScript models (*.pt)"));
        if (file.isEmpty()) return;
        modelRunner_->setModelPath(file);
        QSettings().setValue(QStringLiteral("model/path"), file);
        statusBar()->showMessage(tr("Model: %1").arg(file), 5000);
    });
    model->addAction(tr("Use the &default model"), this, [this] {
        modelRunner_->setModelPath(QString::fromStdString(findDefaultModel(QCoreApplication::applicationFilePath().toStdString())));
        QSettings().remove(QStringLiteral("model/path"));
        statusBar()->showMessage(modelRunner_->modelPath().isEmpty() ? tr("No default model found")
                                                                     : tr("Model: %1").arg(modelRunner_->modelPath()),
                                 5000);
    });
    model->addAction(tr("Model &card..."), this, [this] {
        const QString card = modelRunner_->model().cardJson;
        QMessageBox box(QMessageBox::Information, tr("Model card"),
                        card.isEmpty() ? tr("Model file: %1\n(the card is read when the model first runs)").arg(modelRunner_->modelPath())
                                       : tr("%1 %2\n%3").arg(modelRunner_->model().name, modelRunner_->model().version,
                                                             modelRunner_->model().synthetic ? tr("Synthetic training data: not for patient images.") : QString()),
                        QMessageBox::Ok, this);
        if (!card.isEmpty()) box.setDetailedText(QString::fromStdString(nlohmann::json::parse(card.toStdString()).dump(2)));
        box.exec();
    });
}

bool MainWindow::runModel(RunScope scope) {
    std::vector<DayEntry> days;
    for (const auto* day : index_.days()) {
        if (!day->usable) continue;
        const bool wanted = scope == RunScope::All || (scan_ && (scope == RunScope::Case ? day->key.caseNo == scan_->day().caseNo
                                                                                          : day->key == scan_->day()));
        if (wanted) days.push_back(*day);
    }
    if (days.empty()) {
        statusBar()->showMessage(tr("Open a case-day first"), 5000);
        return false;
    }
    if (!modelRunner_->run(days)) return false;
    modelRunGeneration_ = datasetGeneration_;
    return true;
}

void MainWindow::onDayPredicted(std::shared_ptr<LabelVolume> labels, const QString& cardJson) {
    if (modelRunGeneration_ != datasetGeneration_) return; // a day of a dataset closed since
    const CaseDayKey day = labels->day();
    // The model's result replaces an imported prediction of that day.
    if (predictionLayer_ && predictionLayer_->count(day)) {
        auto without = std::make_shared<LabelMap>(*predictionLayer_);
        without->erase(day);
        predictionLayer_ = without;
    }
    bool stored = false;
    if (workspace_ && !workspace_->readOnly()) {
        try {
            workspace_->saveLayer(*labels, LabelLayer::Prediction);
            workspace_->setModelCard(day, cardJson.toStdString());
            stored = true;
        } catch (const std::exception& error) {
            showProblem(tr("Workspace"), QString::fromStdString(error.what()));
        }
    }
    const bool current = scan_ && scan_->day() == day;
    // With a workspace, only the day on screen stays in memory; the others reload from it.
    if (!stored || current) modelPredictions_[day] = labels;
    if (stored)
        for (auto it = modelPredictions_.begin(); it != modelPredictions_.end();)
            it = (scan_ && it->first == scan_->day()) ? std::next(it) : modelPredictions_.erase(it);
    if (current) {
        prediction_ = labels;
        showCurrentDay();
    }
}

bool MainWindow::acceptPrediction(AcceptScope scope) {
    if (!session_ || !prediction_) {
        statusBar()->showMessage(tr("No prediction for this day: run the model (Ctrl+R) or import one (Ctrl+Shift+I)"), 5000);
        return false;
    }
    const auto& g = prediction_->geometry();
    const int z0 = scope == AcceptScope::Slice ? state_->cursor()[2] : 0;
    const int nz = scope == AcceptScope::Slice ? 1 : g.depth;
    std::vector<Organ> organs = {activeOrgan_};
    if (scope == AcceptScope::Day) organs.assign(kAllOrgans.begin(), kAllOrgans.end());
    // One stroke: however many organs, accepting is one undo step and one committed edit.
    auto& editor = session_->editor();
    editor.beginStroke();
    bool ok = true;
    for (Organ organ : organs) {
        EditRegion region = EditRegion::box(0, 0, z0, g.width, g.height, nz);
        const std::uint8_t bit = organBit(organ);
        const std::uint8_t* source = prediction_->slice(z0);
        for (size_t i = 0; i < region.mask.size(); ++i) region.mask[i] = (source[i] & bit) ? 1 : 0;
        ok = session_->apply(organ, region, EditMode::Set, QStringLiteral("accept-prediction")) && ok;
    }
    editor.endStroke("accept-prediction");
    reportEditError();
    if (ok)
        statusBar()->showMessage(scope == AcceptScope::Slice   ? tr("Accepted the prediction on slice %1").arg(z0 + 1)
                                 : scope == AcceptScope::Organ ? tr("Accepted the prediction for %1").arg(QString::fromUtf8(organDisplayName(activeOrgan_).data()))
                                                               : tr("Accepted the prediction for the whole day"),
                                 5000);
    return ok;
}

} // namespace gireview
