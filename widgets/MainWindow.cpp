#include "MainWindow.h"

#include "BackgroundTask.h"
#include "CaseBrowser.h"
#include "DisplayPanel.h"
#include "ExportController.h"
#include "MessageLog.h"
#include "ReviewController.h"
#include "SegmentationModel.h"
#include "SliceView.h"
#include "SurfaceView.h"
#include "ToolOptionsPanel.h"
#include "ViewState.h"
#include "data/DataError.h"
#include "io/LabelExchange.h"
#include "io/ScanVolumeLoader.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QCryptographicHash>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QtConcurrent>
#include <nlohmann/json.hpp>

namespace gireview {

namespace {
constexpr int kMaxRecent = 8;
constexpr int kRetrySaveMs = 5000;
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("GI Review"));
    resize(1280, 860);
    state_ = new ViewState(this);
    buildViews();
    buildDocks();
    edit_ = new EditController(state_, toolPanel_, this);
    edit_->setViews({sliceViews_.begin(), sliceViews_.end()});
    connect(edit_, &EditController::message, this, &MainWindow::say);
    review_ = new ReviewController(browser_, this);
    connect(review_, &ReviewController::message, this, &MainWindow::say);
    connect(review_, &ReviewController::problem, this, &MainWindow::showProblem);
    export_ = new ExportController(this);
    connect(export_, &ExportController::message, this, &MainWindow::say);
    connect(export_, &ExportController::problem, this, &MainWindow::showProblem);
    cursorLabel_ = new QLabel(this);
    cursorLabel_->setMinimumWidth(420);
    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(180);
    progress_->setVisible(false);
    statusBar()->addPermanentWidget(progress_);
    toolLabel_ = new QLabel(this);
    statusBar()->addPermanentWidget(toolLabel_);
    statusBar()->addPermanentWidget(cursorLabel_);
    connect(edit_, &EditController::toolChanged, toolLabel_, &QLabel::setText);
    modelRunner_ = new ModelRunner(statusBar(), this);
    modelRunner_->setModelPath(QSettings().value(QStringLiteral("model/path")).toString());
    if (modelRunner_->modelPath().isEmpty() || !QFileInfo::exists(modelRunner_->modelPath()))
        modelRunner_->setModelPath(QString::fromStdString(findDefaultModel(QCoreApplication::applicationFilePath().toStdString())));
    connect(modelRunner_, &ModelRunner::dayPredicted, this, &MainWindow::onDayPredicted);
    connect(modelRunner_, &ModelRunner::failed, this, [this](const QString& message) { showProblem(tr("Model"), message); });
    connect(modelRunner_, &ModelRunner::finished, this, [this](int days, bool cancelled, double seconds) {
        say(cancelled ? tr("Model cancelled after %1 case-day(s)").arg(days)
                      : tr("Model predicted %1 case-day(s) in %2 s: the prediction layer is drawn dotted; "
                           "A / Shift+A / Ctrl+Shift+A accept it")
                            .arg(days)
                            .arg(seconds, 0, 'f', 1),
            false);
    });
    buildMenus();
    buildModelMenu();
    connect(browser_, &CaseBrowser::daySelected, this, [this](CaseDayKey key) {
        if (!document_) return;
        if (const DayEntry* day = document_->index().findDay(key)) startLoading(*day);
    });
    connect(&loader_, &QFutureWatcher<LoadedDay>::finished, this, &MainWindow::finishLoading);
    // Edits a full disk kept in memory are stored as soon as there is room again.
    auto* retry = new QTimer(this);
    connect(retry, &QTimer::timeout, this, [this] {
        if (!document_) return;
        for (const auto& [day, session] : document_->sessions())
            if (session->hasUnsavedEdits() && session->retrySave())
                say(tr("%1: the edits kept in memory are saved now").arg(QString::fromStdString(formatCaseDayName(day))), true);
    });
    retry->start(kRetrySaveMs);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    restoreViewSettings();
    edit_->setTool(Tool::Navigate);
}

MainWindow::~MainWindow() { loader_.waitForFinished(); }

QTreeWidget* MainWindow::caseBrowser() const { return browser_; }

const DatasetIndex& MainWindow::dataset() const {
    static const DatasetIndex none;
    return document_ ? document_->index() : none;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    size_t unsaved = 0;
    if (document_)
        for (const auto& [day, session] : document_->sessions())
            if (session->hasUnsavedEdits() && !session->retrySave()) ++unsaved;
    if (unsaved && !qEnvironmentVariableIsSet("GIREVIEW_NO_DIALOGS") &&
        QMessageBox::warning(this, tr("Edits not saved"),
                             tr("The edits of %n case-day(s) could not be saved (%1). Quit and lose them?", "", int(unsaved))
                                 .arg(log_->lastMessage()),
                             QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Discard) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    saveViewSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::buildDocks() {
    browser_ = new CaseBrowser(this);
    auto* browserDock = new QDockWidget(tr("Cases"), this);
    browserDock->setObjectName(QStringLiteral("caseBrowserDock"));
    browserDock->setWidget(browser_);
    addDockWidget(Qt::LeftDockWidgetArea, browserDock);
    auto* toolDock = new QDockWidget(tr("Tool options"), this);
    toolDock->setObjectName(QStringLiteral("toolOptionsDock"));
    toolPanel_ = new ToolOptionsPanel(toolDock);
    toolDock->setWidget(toolPanel_);
    addDockWidget(Qt::RightDockWidgetArea, toolDock);
    auto* displayDock = new QDockWidget(tr("Display"), this);
    displayDock->setObjectName(QStringLiteral("displayDock"));
    displayDock->setWidget(new DisplayPanel(state_, displayDock));
    addDockWidget(Qt::LeftDockWidgetArea, displayDock);
    log_ = new MessageLog(this);
    auto* logDock = new QDockWidget(tr("Messages"), this);
    logDock->setObjectName(QStringLiteral("messageDock"));
    logDock->setWidget(log_);
    addDockWidget(Qt::RightDockWidgetArea, logDock);
}

void MainWindow::maximizePane(int pane) {
    maximized_ = (pane == maximized_) ? -1 : pane;
    for (int i = 0; i < 4; ++i) panes_[size_t(i)]->setVisible(maximized_ < 0 || maximized_ == i);
}

// Every message goes to the status bar and, when the reviewer must be able to read it again,
// to the message log, which keeps it.
void MainWindow::say(const QString& text, bool important) {
    statusBar()->showMessage(text, important ? 0 : 8000);
    log_->add(text, important ? MessageLog::Level::Warning : MessageLog::Level::Info);
}

void MainWindow::showProblem(const QString& title, const QString& text) {
    statusBar()->showMessage(text);
    log_->add(title + ": " + text, MessageLog::Level::Warning);
    if (qEnvironmentVariableIsSet("GIREVIEW_NO_DIALOGS")) return; // tests and smoke runs
    QMessageBox::warning(this, title, text);
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
    statusBar()->clearMessage();
    session_ = nullptr;
    edit_->setDay(nullptr, nullptr);
    edit_->setPrediction(nullptr);
    review_->setDay(std::nullopt, 0);
    export_->setCurrentDay(std::nullopt);
    scan_.reset();
    labels_.reset();
    prediction_.reset();
    for (auto* view : sliceViews_) view->setVolumes(nullptr, nullptr, nullptr);
    surfaceView_->setVolumes(nullptr, nullptr);
    document_ = std::make_unique<ReviewDocument>(std::move(index));
    document_->setSessionCreatedHook([this](EditSession& session) { connectSession(session); });
    review_->setDocument(document_.get());
    export_->setDocument(document_.get(), path);
    datasetPath_ = path;
    const QString labels = labelsPath.isEmpty() ? QString::fromStdString(document_->index().labelsFile) : labelsPath;
    if (!labels.isEmpty()) {
        try {
            LabelImport imported = gireview::importLabels(labels.toStdString(), document_->index());
            for (const auto& problem : imported.problems) log_->add(QString::fromStdString(formatProblem(problem)), MessageLog::Level::Warning);
            if (!imported.problems.empty())
                say(tr("%1 problem(s) in %2 (Tools > Dataset problems)").arg(imported.problems.size()).arg(labels), true);
            document_->setLabelsFile(std::move(imported), labels.toStdString());
        } catch (const std::exception& error) {
            showProblem(tr("Cannot read the labels"), QString::fromStdString(error.what()));
        }
    }
    openWorkspace();
    browser_->populate(document_->index());
    review_->refresh();
    rememberRecent(path);
    setWindowTitle(tr("GI Review - %1").arg(path));
    say(tr("Opened %1: %2 case-days, %3 slices").arg(path).arg(document_->index().dayCount()).arg(document_->index().sliceCount()), false);
    const auto& problems = document_->index().problems;
    if (!problems.empty())
        say(tr("%1 problem(s) in the dataset (Tools > Dataset problems); first: %2")
                .arg(problems.size())
                .arg(QString::fromStdString(formatProblem(problems.front()))),
            true);
    return true;
}

void MainWindow::openWorkspace() {
    // Workspaces placed by earlier versions in the user's data folder keep their names.
    const QString fallback = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/workspaces";
    QDir().mkpath(fallback);
    const QFileInfo root(QString::fromStdString(document_->index().root));
    const QByteArray legacyKey = QCryptographicHash::hash(root.absoluteFilePath().toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    const std::string path = defaultWorkspacePath(
        document_->index().root, {fallback.toStdString(), (fallback + "/" + root.fileName() + "-" + QString::fromLatin1(legacyKey) + ".sqlite").toStdString()});
    try {
        document_->openWorkspace(path);
        if (!document_->workspace()->backupPath().empty())
            say(tr("The workspace was upgraded to this version; the previous file is kept as %1")
                    .arg(QString::fromStdString(document_->workspace()->backupPath())),
                true);
        if (document_->workspace()->readOnly())
            showProblem(tr("Workspace read-only"),
                        tr("%1: %2. Edits are refused in this window.")
                            .arg(QString::fromStdString(path), QString::fromStdString(document_->workspace()->readOnlyReason())));
    } catch (const std::exception& error) {
        showProblem(tr("Cannot open the workspace"), tr("%1\nEdits will not be saved in this session.").arg(QString::fromStdString(error.what())));
    }
}

bool MainWindow::moveWorkspaceTo(const QString& path) {
    if (!document_) return false;
    try {
        document_->moveWorkspaceTo(path.toStdString());
    } catch (const std::exception& error) {
        showProblem(tr("Cannot use this workspace"), QString::fromStdString(error.what()));
        return false;
    }
    review_->refresh();
    say(tr("Workspace: %1").arg(path), false);
    return true;
}

void MainWindow::connectSession(EditSession& session) {
    EditSession* source = &session;
    session.addListener([this, source](const EditRecord& record) {
        if (source != session_ || record.refused || !record.voxelsChanged) return;
        for (auto* view : sliceViews_) view->labelsChanged();
        if (record.partial) return;
        surfaceView_->labelsChanged(record.organsChanged); // re-mesh only the organs a finished edit changed
        review_->refresh();
    });
}

bool MainWindow::importLabels(const QString& path, Layer layer) {
    if (!document_) return false;
    LabelImport imported;
    try {
        imported = gireview::importLabels(path.toStdString(), document_->index());
    } catch (const std::exception& error) {
        showProblem(tr("Cannot import labels"), QString::fromStdString(error.what()));
        return false;
    }
    for (const auto& problem : imported.problems) log_->add(QString::fromStdString(formatProblem(problem)), MessageLog::Level::Warning);
    if (hasErrors(imported.problems)) {
        showProblem(tr("Cannot import labels"), tr("%1 problem(s) in %2; nothing was imported (see the message log)")
                                                    .arg(imported.problems.size())
                                                    .arg(path));
        return false;
    }
    if (layer == Layer::Reviewed) {
        std::string error;
        const size_t days = document_->importReviewed(imported, path.toStdString(), error);
        if (!error.empty()) showProblem(tr("Import"), QString::fromStdString(error));
        say(tr("Imported %1 into the reviewed labels: %2 case-day(s) changed; the imported pairs count as edited").arg(path).arg(days), true);
    } else {
        QStringList failures;
        for (const auto& [key, labelled] : imported.labelled) {
            auto volume = imported.volumes.find(key);
            if (volume == imported.volumes.end() || !labelled.any()) continue;
            try {
                document_->setPrediction(std::make_shared<LabelVolume>(volume->second), {});
            } catch (const std::exception& failure) {
                failures << QString::fromStdString(failure.what());
            }
        }
        if (!failures.isEmpty()) showProblem(tr("Workspace"), failures.first());
        say(tr("Imported %1 as the prediction layer").arg(path), false);
    }
    if (scan_) attachDay();
    return true;
}

void MainWindow::attachDay() {
    const CaseDayKey day = scan_->day();
    session_ = nullptr;
    labels_.reset();
    try {
        session_ = &document_->session(day);
        labels_ = session_->labels();
    } catch (const std::exception& error) {
        showProblem(tr("Workspace"), QString::fromStdString(error.what()));
    }
    try {
        prediction_ = document_->prediction(day);
    } catch (const std::exception& error) {
        prediction_.reset();
        showProblem(tr("Workspace"), QString::fromStdString(error.what()));
    }
    edit_->setDay(session_, scan_);
    edit_->setPrediction(prediction_);
    review_->setDay(day, scan_->geometry().depth);
    export_->setCurrentDay(day);
    showCurrentDay();
}

void MainWindow::showCurrentDay() {
    for (auto* view : sliceViews_) view->setVolumes(scan_, labels_, prediction_);
    surfaceView_->setVolumes(scan_, labels_);
    edit_->setTool(edit_->tool());
}

bool MainWindow::selectDay(CaseDayKey key) { return browser_->selectDay(key); }

void MainWindow::finishLoading() {
    progress_->setVisible(false);
    LoadedDay day = loader_.result();
    if (!day.error.isEmpty()) {
        showProblem(tr("Cannot load case-day"), day.error);
        emit dayLoadFailed(day.error);
        return;
    }
    scan_ = day.scan;
    const auto& g = scan_->geometry();
    state_->setWindow(scan_->percentile(0.5), scan_->percentile(99.5));
    attachDay();
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
    say(tr("Loaded %1").arg(QString::fromStdString(formatCaseDayName(scan_->day()))), false);
    for (const auto& warning : scan_->warnings()) say(QString::fromStdString(warning), true);
    updateCursorStatus(cursor[0], cursor[1], cursor[2], true);
    emit dayLoaded(scan_->day().caseNo, scan_->day().dayNo);
}

bool MainWindow::approveActiveOrgan(const QString& reviewer) { return review_->approve(edit_->activeOrgan(), reviewer); }
bool MainWindow::reopenActiveOrgan(const QString& reviewer) { return review_->reopen(edit_->activeOrgan(), reviewer); }

void MainWindow::markCurrentSliceReviewed() { review_->markSlice(state_->cursor()[2]); }

bool MainWindow::jumpToNextUnreviewedSlice() {
    if (!scan_) return false;
    const auto next = review_->nextUnreviewed(state_->cursor()[2]);
    if (!next) {
        say(tr("Every slice of this day is marked reviewed"), false);
        return false;
    }
    sliceViews_[0]->setSliceIndex(*next);
    return true;
}

bool MainWindow::exportLabels(const ExportRequest& request) { return export_->exportLabels(request); }

void MainWindow::onDayPredicted(std::shared_ptr<LabelVolume> labels, const QString& cardJson) {
    if (modelRunGeneration_ != datasetGeneration_ || !document_) return; // a day of a dataset closed since
    const CaseDayKey day = labels->day();
    const bool current = scan_ && scan_->day() == day;
    try {
        document_->setPrediction(labels, cardJson.toStdString(), current);
    } catch (const std::exception& error) {
        showProblem(tr("Workspace"), QString::fromStdString(error.what()));
    }
    if (current) {
        // The overlay only: zoom, pan and the organs' meshes stay.
        prediction_ = labels;
        edit_->setPrediction(prediction_);
        for (auto* view : sliceViews_) view->setPrediction(prediction_);
    }
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
        connect(view, &SliceView::strokeStarted, this, [this](int) { edit_->strokeStarted(); });
        connect(view, &SliceView::strokeMoved, this,
                [this, view](int index, PlanePoint from, PlanePoint to) { edit_->strokeMoved(view, index, from, to); });
        connect(view, &SliceView::strokeFinished, this,
                [this, view](int index, std::vector<PlanePoint> path) { edit_->strokeFinished(view, index, path); });
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
    QAction* exportAction = file->addAction(tr("&Export..."), export_, &ExportController::exportWithDialog);
    file->addAction(tr("&Workspace location..."), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Workspace file"), workspace() ? QString::fromStdString(workspace()->path()) : datasetPath_,
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
    QAction* undoAction = edit->addAction(tr("&Undo"), this, [this] { edit_->undo(); });
    undoAction->setShortcut(QKeySequence::Undo);
    QAction* redoAction = edit->addAction(tr("&Redo"), this, [this] { edit_->redo(); });
    redoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    edit->addSeparator();
    for (Organ organ : kAllOrgans) {
        QAction* pick = edit->addAction(tr("Active organ: %1").arg(QString::fromUtf8(organDisplayName(organ).data())), this,
                                        [this, organ] { edit_->setActiveOrgan(organ); });
        pick->setShortcut(QKeySequence(Qt::Key(Qt::Key_1 + organIndex(organ))));
    }
    edit->addSeparator();
    QAction* interpolate = edit->addAction(tr("&Interpolate between slices"), this, [this] { edit_->interpolateAroundCursor(); });
    interpolate->setShortcut(QKeySequence(Qt::Key_I));
    QAction* copyPrevious = edit->addAction(tr("Copy from &previous slice"), this, [this] { edit_->copyFromNeighbourSlice(-1); });
    copyPrevious->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up));
    QAction* copyNext = edit->addAction(tr("Copy from &next slice"), this, [this] { edit_->copyFromNeighbourSlice(+1); });
    copyNext->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Down));
    QAction* islands = edit->addAction(tr("Remove small &islands"), this, [this] { edit_->removeSmallIslands(size_t(edit_->toolSettings().islandMinPixels)); });
    islands->setShortcut(QKeySequence(Qt::Key_D));
    QAction* smooth = edit->addAction(tr("&Smooth slice"), this, [this] { edit_->smoothCurrentSlice(); });
    smooth->setShortcut(QKeySequence(Qt::Key_S));
    QAction* grow = edit->addAction(tr("&Grow by the margin"), this, [this] { edit_->applyMargin(edit_->toolSettings().marginMm); });
    grow->setShortcut(QKeySequence(Qt::Key_Plus));
    QAction* shrink = edit->addAction(tr("Shrin&k by the margin"), this, [this] { edit_->applyMargin(-edit_->toolSettings().marginMm); });
    shrink->setShortcut(QKeySequence(Qt::Key_Minus));
    edit->addSeparator();
    // The reviewer types their name; the account name is recorded beside it.
    auto askReviewer = [this](const QString& title) {
        if (qEnvironmentVariableIsSet("GIREVIEW_NO_DIALOGS")) return QString::fromStdString(currentAccountName());
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
    QAction* markSince = edit->addAction(tr("Mark slices reviewed since the &last mark"), this,
                                         [this] { review_->markSinceLastMark(state_->cursor()[2]); });
    markSince->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_M));
    edit->addAction(tr("Mark slices reviewed &from..to..."), this, [this] {
        if (!scan_) return;
        bool ok = false;
        const QString range = QInputDialog::getText(this, tr("Mark slices reviewed"), tr("Slices (e.g. 40-72):"), QLineEdit::Normal,
                                                    QStringLiteral("1-%1").arg(scan_->geometry().depth), &ok);
        const QStringList parts = range.split('-');
        if (!ok || parts.size() != 2) return;
        review_->markRange(parts[0].trimmed().toInt(), parts[1].trimmed().toInt());
    });
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
        QAction* action = tools->addAction(toolNames[i].second, this, [this, t] { edit_->setTool(t); });
        action->setCheckable(true);
        action->setChecked(t == Tool::Navigate);
        action->setShortcut(toolKeys[i]);
        action->setData(int(t));
        toolGroup->addAction(action);
    }
    QAction* bigger = tools->addAction(tr("Larger brush"), this, [this] { edit_->setBrushRadiusMm(edit_->toolSettings().brushRadiusMm * 1.25); });
    bigger->setShortcut(QKeySequence(Qt::Key_BracketRight));
    QAction* smaller = tools->addAction(tr("Smaller brush"), this, [this] { edit_->setBrushRadiusMm(edit_->toolSettings().brushRadiusMm / 1.25); });
    smaller->setShortcut(QKeySequence(Qt::Key_BracketLeft));
    tools->addSeparator();
    tools->addAction(tr("&Dataset problems..."), this, [this] {
        QStringList lines;
        if (document_) {
            for (const auto& p : document_->index().problems) lines << QString::fromStdString(formatProblem(p));
            for (const auto& p : document_->labelProblems()) lines << QString::fromStdString(formatProblem(p));
        }
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
               "Ctrl+Enter  approve the active organ\nM  mark the slice reviewed\nShift+M  mark every slice since the last mark\n"
               "N  next unreviewed slice\nCtrl+R / Ctrl+Shift+R  run the model on this day / case\n"
               "A / Shift+A / Ctrl+Shift+A  accept the prediction: slice / organ / day (asks before replacing your edits)\nCtrl+Q  quit"));
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
        say(tr("Model: %1").arg(file), false);
    });
    model->addAction(tr("Use the &default model"), this, [this] {
        modelRunner_->setModelPath(QString::fromStdString(findDefaultModel(QCoreApplication::applicationFilePath().toStdString())));
        QSettings().remove(QStringLiteral("model/path"));
        say(modelRunner_->modelPath().isEmpty() ? tr("No default model found") : tr("Model: %1").arg(modelRunner_->modelPath()), false);
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
    if (!document_) return false;
    for (const auto* day : document_->index().days()) {
        if (!day->usable) continue;
        const bool wanted = scope == RunScope::All || (scan_ && (scope == RunScope::Case ? day->key.caseNo == scan_->day().caseNo
                                                                                          : day->key == scan_->day()));
        if (wanted) days.push_back(*day);
    }
    if (days.empty()) {
        say(tr("Open a case-day first"), false);
        return false;
    }
    if (!modelRunner_->run(days)) return false;
    modelRunGeneration_ = datasetGeneration_;
    return true;
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
    loader_.setFuture(QtConcurrent::run([copy, counter]() {
        LoadedDay result;
        try {
            LoadOptions options;
            options.progress = [counter](int done, int) { counter->store(done); };
            result.scan = std::make_shared<ScanVolume>(loadScanVolume(copy, options));
        } catch (const std::exception& error) {
            result.error = QString::fromStdString(error.what());
        }
        return result;
    }));
}

} // namespace gireview
