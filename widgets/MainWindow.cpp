#include "MainWindow.h"

#include "Unattended.h"
#include "CaseBrowser.h"
#include "CursorReadout.h"
#include "DayLoader.h"
#include "DisplayPanel.h"
#include "ExportController.h"
#include "MessageLog.h"
#include "OrganListPanel.h"
#include "QaDialogs.h"
#include "EffortPanel.h"
#include "ReviewClock.h"
#include "ReviewController.h"
#include "ReviewerName.h"
#include "PointerKeyRouter.h"
#include "ReviewQueuePanel.h"
#include "SliceStrip.h"
#include "WindowMenus.h"
#include "SurfaceView.h"
#include "ViewGrid.h"
#include "ToolOptionsPanel.h"
#include "ViewState.h"
#include "BackgroundTask.h"
#include "data/DataError.h"
#include "io/CaseDayRegistry.h"

#include <QCloseEvent>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QGuiApplication>
#include <QScreen>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>
#include <cstdio>
#include <optional>

namespace gireview {

namespace {
constexpr int kRetrySaveMs = 5000;

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("GI Review"));
    resize(1280, 860);
    state_ = new ViewState(this);
    // The slice strip sits above the views, as wide as they are.
    auto* central = new QWidget(this);
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(2);
    reviewProgress_ = new QProgressBar(central);
    reviewProgress_->setObjectName(QStringLiteral("reviewProgress"));
    reviewProgress_->setMaximumHeight(reviewProgress_->fontMetrics().height() + 6);
    reviewProgress_->setRange(0, 1);
    reviewProgress_->setValue(0);
    reviewProgress_->setFormat(tr("No case-day open"));
    reviewProgress_->setToolTip(tr("Slices reviewed (every organ marked or approved) and organs approved on this day"));
    strip_ = new SliceStrip(central);
    views_ = new ViewGrid(state_, central);
    new PointerKeyRouter(this);
    // The model's badge has a row of its own above the review progress: a synthetic-model
    // warning is never squeezed or covered by progress bars.
    auto* badgeRow = new QVBoxLayout;
    centralLayout->addLayout(badgeRow);
    centralLayout->addWidget(reviewProgress_);
    centralLayout->addWidget(strip_);
    centralLayout->addWidget(views_, 1);
    setCentralWidget(central);
    buildDocks();
    connect(strip_, &SliceStrip::sliceClicked, this,
            [this](int z) { views_->sliceView(ViewPlane::Axial)->setSliceIndex(z); });
    connect(queuePanel_, &ReviewQueuePanel::pairChosen, this, &MainWindow::showQueuePair);
    edit_ = new EditController(state_, toolPanel_, this);
    edit_->setViews(views_->sliceViews());
    connect(views_, &ViewGrid::strokeStarted, edit_, &EditController::strokeStarted);
    connect(views_, &ViewGrid::strokeMoved, edit_, &EditController::strokeMoved);
    connect(views_, &ViewGrid::strokeFinished, edit_, &EditController::strokeFinished);
    connect(edit_, &EditController::message, this, &MainWindow::say);
    connect(organList_, &OrganListPanel::organChosen, edit_, &EditController::setActiveOrgan);
    connect(edit_, &EditController::toolChanged, organList_, [this] { organList_->setActiveOrgan(edit_->activeOrgan()); });
    review_ = new ReviewController(browser_, this);
    connect(review_, &ReviewController::message, this, &MainWindow::say);
    connect(review_, &ReviewController::problem, this, &MainWindow::showProblem);
    connect(review_, &ReviewController::reviewChanged, this, [this] {
        effort_->showDay(document_.get(), scan_ ? std::optional<CaseDayKey>(scan_->day()) : std::nullopt);
        refreshSliceStrip();
    });
    connect(edit_, &EditController::editFinished, this, &MainWindow::refreshSliceStrip);
    export_ = new ExportController(this);
    connect(export_, &ExportController::message, this, &MainWindow::say);
    connect(export_, &ExportController::problem, this, &MainWindow::showProblem);
    cursorLabel_ = new CursorReadout(this);
    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(180);
    progress_->setVisible(false);
    statusBar()->addPermanentWidget(progress_);
    toolLabel_ = new QLabel(this);
    statusBar()->addPermanentWidget(toolLabel_);
    statusBar()->addPermanentWidget(cursorLabel_);
    connect(edit_, &EditController::toolChanged, toolLabel_, &QLabel::setText);
    // The review clock counts for the shown day's active organ; stored after every edit.
    clock_ = new ReviewClock(this);
    connect(edit_, &EditController::editFinished, clock_, &ReviewClock::flush);
    connect(edit_, &EditController::toolChanged, this, [this] {
        clock_->setTarget(document_.get(), scan_ ? std::optional<CaseDayKey>(scan_->day()) : std::nullopt,
                          edit_->activeOrgan());
    });
    connect(views_, &ViewGrid::hovered, cursorLabel_, &CursorReadout::showVoxel);
    connect(state_, &ViewState::cursorChanged, this, [this] {
        const auto c = state_->cursor();
        cursorLabel_->showVoxel(c[0], c[1], c[2], bool(scan_));
        strip_->setCurrentSlice(scan_ ? c[2] : -1);
    });
    model_ = new ModelController(statusBar(), this);
    badgeRow->addWidget(model_->runner()->badge());
    connect(model_, &ModelController::message, this, &MainWindow::say);
    connect(model_, &ModelController::problem, this, &MainWindow::showProblem);
    connect(model_, &ModelController::predictionForCurrentDay, this, &MainWindow::showPrediction);
    menus_ = new WindowMenus(*this);
    menus_->build();
    using Relevance = ToolOptionsPanel::Relevance;
    const ToolRegistry& tools = edit_->registry();
    toolPanel_->setUsers(tools.usersOf(&Relevance::radius), tools.usersOf(&Relevance::intensity), tools.usersOf(&Relevance::islands),
                         tools.usersOf(&Relevance::margin));
    connect(browser_, &CaseBrowser::daySelected, this, [this](CaseDayKey key) {
        if (!document_) return;
        if (const DayEntry* day = document_->index().findDay(key)) {
            say(tr("Loading %1...").arg(QString::fromStdString(formatCaseDayName(key))), false);
            // Where the day opens, from the labels already in memory: the first look decodes
            // that slice, and the day stays on it when the rest has decoded.
            dayOpening_ = Opening{key, ViewState::startingCursor(day->geometry, document_->labelsInMemory(key))};
            loader_->load(*day, dayOpening_->cursor[2]);
        }
    });
    loader_ = new DayLoader(progress_, this);
    connect(loader_, &DayLoader::loaded, this, &MainWindow::showLoadedDay);
    connect(loader_, &DayLoader::previewReady, this, &MainWindow::showFirstSlice);
    connect(loader_, &DayLoader::failed, this, [this](const QString& error) {
        if (dayOpening_ && scan_ && scan_->day() == dayOpening_->day) { // its first look goes with it
            scan_.reset();
            cursorLabel_->setVolumes(nullptr, nullptr);
            views_->setVolumes(nullptr, nullptr, nullptr);
        }
        dayOpening_.reset();
        showProblem(tr("Cannot load case-day"), error);
        emit dayLoadFailed(error);
    });
    // Edits a full disk kept in memory are stored as soon as there is room again.
    auto* retry = new QTimer(this);
    connect(retry, &QTimer::timeout, this, [this] {
        if (document_)
            for (const CaseDayKey& day : document_->retryUnsaved())
                say(tr("%1: the edits kept in memory are saved now").arg(QString::fromStdString(formatCaseDayName(day))), true);
    });
    retry->start(kRetrySaveMs);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    const bool stateRestored = restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (stateRestored)
        panelLayout_ = settings.value(QStringLiteral("window/tabbedPanels")).toBool() ? PanelLayout::Tabbed : PanelLayout::Columns;
    fitIntoScreen(stateRestored);
    state_->restoreSettings();
    edit_->setTool(Tool::Navigate);
}

MainWindow::~MainWindow() { loader_->waitForFinished(); }

QTreeWidget* MainWindow::caseBrowser() const { return browser_; }
SliceView* MainWindow::sliceView(ViewPlane plane) const { return views_->sliceView(plane); }
SurfaceView* MainWindow::surfaceView() const { return views_->surfaceView(); }

const DatasetIndex& MainWindow::dataset() const {
    static const DatasetIndex none;
    return document_ ? document_->index() : none;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    clock_->flush();
    if (document_) document_->retryUnsaved();
    const size_t unsaved = document_ ? document_->unsavedDays().size() : 0;
    if (unsaved && !unattended() &&
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
    settings.setValue(QStringLiteral("window/tabbedPanels"), panelLayout_ == PanelLayout::Tabbed);
    state_->saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::buildDocks() {
    auto dock = [this](const QString& title, const char* name, QWidget* content) {
        auto* widget = new QDockWidget(title, this);
        widget->setObjectName(QString::fromLatin1(name));
        widget->setWidget(content);
        docks_.push_back(widget);
        return widget;
    };
    browser_ = new CaseBrowser(this);
    dock(tr("Cases"), "caseBrowserDock", browser_);
    organList_ = new OrganListPanel(state_, this);
    dock(tr("Organs"), "organDock", organList_);
    // The form panels scroll rather than push the window past a 768-pixel screen.
    auto scrolled = [this](QWidget* form) {
        auto* area = new QScrollArea(this);
        area->setWidget(form);
        area->setWidgetResizable(true);
        area->setFrameShape(QFrame::NoFrame);
        return area;
    };
    auto* display = new DisplayPanel(state_, this);
    connect(display, &DisplayPanel::presetChosen, this, &MainWindow::applyWindowPreset);
    dock(tr("Display"), "displayDock", scrolled(display));
    toolPanel_ = new ToolOptionsPanel(this);
    dock(tr("Tool options"), "toolOptionsDock", scrolled(toolPanel_));
    queuePanel_ = new ReviewQueuePanel(this);
    dock(tr("Review queue"), "reviewQueueDock", queuePanel_);
    log_ = new MessageLog(this);
    dock(tr("Messages"), "messageDock", log_);
    effort_ = new EffortPanel(this);
    dock(tr("Effort"), "effortDock", effort_);
    arrangePanels(PanelLayout::Columns);
}

// Columns: Cases, Organs and Display on the left; Tool options over the Review queue and
// Messages/Effort on the right. Tabbed: one column on the right of two stacks of tabs (Cases,
// Organs, Display over Tool options, Review queue, Messages, Effort), so that on a 1366-pixel
// screen the views keep about two thirds of the width.
void MainWindow::arrangePanels(PanelLayout layout) {
    panelLayout_ = layout;
    enum { Cases, Organs, Display, Tools, Queue, Messages, Effort };
    for (QDockWidget* widget : docks_) {
        removeDockWidget(widget);
        widget->setFloating(false);
    }
    if (layout == PanelLayout::Tabbed) {
        // Two stacks of tabs, few enough per stack that every tab's title reads whole.
        for (QDockWidget* widget : docks_) {
            addDockWidget(Qt::RightDockWidgetArea, widget);
            widget->show();
        }
        splitDockWidget(docks_[Cases], docks_[Tools], Qt::Vertical);
        for (int i : {Organs, Display})
            tabifyDockWidget(docks_[Cases], docks_[size_t(i)]);
        for (int i : {Queue, Messages, Effort})
            tabifyDockWidget(docks_[Tools], docks_[size_t(i)]);
        docks_[Cases]->raise();
        docks_[Tools]->raise();
        resizeDocks({docks_[Cases]}, {kTabbedPanelWidth}, Qt::Horizontal);
        return;
    }
    for (int i : {Cases, Organs, Display})
        addDockWidget(Qt::LeftDockWidgetArea, docks_[size_t(i)]);
    for (int i : {Tools, Messages, Effort})
        addDockWidget(Qt::RightDockWidgetArea, docks_[size_t(i)]);
    tabifyDockWidget(docks_[Messages], docks_[Effort]);
    splitDockWidget(docks_[Tools], docks_[Queue], Qt::Vertical);
    for (QDockWidget* widget : docks_)
        widget->show();
    docks_[Messages]->raise();
}

// A geometry saved on a larger screen is fitted inside this one's available area; a first start
// on a narrow screen gets the tabbed panels.
void MainWindow::fitIntoScreen(bool stateRestored) {
    const QScreen* screen = QGuiApplication::primaryScreen();
    if (!screen) return;
    const QRect available = screen->availableGeometry();
    QRect frame = geometry();
    frame.setWidth(std::min(frame.width(), available.width()));
    frame.setHeight(std::min(frame.height(), available.height()));
    frame.moveLeft(std::clamp(frame.left(), available.left(), available.right() - frame.width() + 1));
    frame.moveTop(std::clamp(frame.top(), available.top(), available.bottom() - frame.height() + 1));
    setGeometry(frame);
    if (!stateRestored && available.width() < kTabbedPanelsBelowWidth) arrangePanels(PanelLayout::Tabbed);
}

void MainWindow::resetViews() { views_->resetViews(); }

void MainWindow::applyWindowPreset(WindowPreset preset) {
    if (!body_) return;
    const IntensityWindow window = windowFor(*body_, preset);
    state_->setWindow(window.low, window.high);
}

void MainWindow::showDatasetProblems() {
    QStringList lines;
    if (document_) {
        for (const auto& p : document_->index().problems) lines << QString::fromStdString(formatProblem(p));
        for (const auto& p : document_->labelProblems()) lines << QString::fromStdString(formatProblem(p));
    }
    QMessageBox box(QMessageBox::Information, tr("Dataset problems"),
                    lines.isEmpty() ? tr("No problems found.") : tr("%1 problem(s) found.").arg(lines.size()), QMessageBox::Ok, this);
    box.setDetailedText(lines.join('\n'));
    box.exec();
}

void MainWindow::maximizePane(int pane) { views_->maximizePane(pane); }

// Every message goes to the status bar and, when the reviewer must be able to read it again,
// to the message log, which keeps it.
void MainWindow::say(const QString& text, bool important) {
    if (important && unattended()) std::fprintf(stderr, "gireview: %s\n", qPrintable(text));
    statusBar()->showMessage(text, important ? 0 : 8000);
    log_->add(text, important ? MessageLog::Level::Warning : MessageLog::Level::Info);
}

void MainWindow::showProblem(const QString& title, const QString& text) {
    ++problemsShown_;
    statusBar()->showMessage(text);
    log_->add(title + ": " + text, MessageLog::Level::Warning);
    if (unattended()) {
        // Nobody would close a dialog: the problem goes to standard error (and the log) instead.
        std::fprintf(stderr, "gireview: %s: %s\n", qPrintable(title), qPrintable(text));
        return;
    }
    QMessageBox::warning(this, title, text);
}

bool MainWindow::openDataset(const QString& path, const QString& labelsPath) {
    if (opening_) {
        say(tr("Still opening another dataset; %1 was not opened").arg(path), true);
        return false;
    }
    opening_ = true;
    // Headers are read and the labels decoded on a worker thread: a large dataset or a slow disk
    // never freezes the window, and Cancel leaves the dataset that is open as it was.
    DatasetIndex index;
    QString labels = labelsPath;
    std::optional<LabelImport> imported;
    QString labelsError;
    // A DICOM folder's series get their case and day numbers from the registry beside the
    // workspace, as every command does (CaseDayRegistry).
    const std::string registry = CaseDayRegistry::pathBeside(workspacePathFor(QDir::cleanPath(path).toStdString()));
    const BackgroundResult result = runWithProgress(this, tr("Opening %1...").arg(path), [&](TaskProgress& progress) {
        ScanOptions options;
        options.caseDayRegistry = registry;
        options.preferredSeries = preferredSeries_;
        options.onDay = [&progress](size_t done, size_t total) {
            progress.total = int(total) + 1; // the last step: the labels
            progress.done = int(done);
            return !progress.cancel.load();
        };
        index = scanDataset(path.toStdString(), options);
        if (labels.isEmpty()) labels = QString::fromStdString(index.labelsFile);
        if (labels.isEmpty() || index.dayCount() == 0) return;
        try {
            imported = gireview::importLabels(labels.toStdString(), index);
        } catch (const std::bad_alloc&) {
            labelsError = tr("out of memory reading %1").arg(labels);
        } catch (const std::exception& error) {
            labelsError = QString::fromStdString(error.what());
        }
    });
    opening_ = false;
    if (result.cancelled) {
        say(tr("Opening %1 cancelled; nothing changed").arg(path), false);
        return false;
    }
    if (!result.error.isEmpty()) {
        showProblem(tr("Cannot open dataset"), result.error);
        return false;
    }
    if (index.dayCount() == 0) {
        showProblem(tr("Cannot open dataset"),
                    tr("No case-days found in %1: expected train/caseN/caseN_dayM/scans/*.png, a case folder, "
                       "a case-day folder or a folder of DICOM MR (or CT) series.").arg(path));
        return false;
    }
    loader_->waitForFinished();
    statusBar()->clearMessage();
    session_ = nullptr;
    edit_->setDay(nullptr, nullptr);
    edit_->setPrediction(nullptr);
    review_->setDay(std::nullopt, 0);
    export_->setCurrentDay(std::nullopt);
    scan_.reset();
    body_.reset();
    labels_.reset();
    prediction_.reset();
    views_->setVolumes(nullptr, nullptr, nullptr);
    queuePanel_->queue().clear(); // the old dataset's risks and marks leave with it
    queuePanel_->refill();
    strip_->setDepth(0);
    organList_->setReview({}, 0);
    reviewProgress_->setRange(0, 1);
    reviewProgress_->setValue(0);
    reviewProgress_->setFormat(tr("No case-day open"));
    clock_->setTarget(nullptr, std::nullopt, edit_->activeOrgan()); // stores the old dataset's time
    effort_->showDay(nullptr, std::nullopt);
    document_ = std::make_unique<ReviewDocument>(std::move(index));
    document_->setSessionCreatedHook([this](EditSession& session) { connectSession(session); });
    review_->setDocument(document_.get());
    export_->setDocument(document_.get(), path);
    // A model run over the previous dataset stops; its late results are dropped.
    model_->setDocument(document_.get());
    datasetPath_ = path;
    if (!labelsError.isEmpty()) showProblem(tr("Cannot read the labels"), labelsError);
    if (imported) {
        for (const auto& problem : imported->problems) log_->add(QString::fromStdString(formatProblem(problem)), MessageLog::Level::Warning);
        // Errors (a damaged volume, a bad row) are shown, not only logged: what they concern is
        // left unlabelled, and the reviewer must know why.
        const auto firstError = std::find_if(imported->problems.begin(), imported->problems.end(),
                                             [](const Problem& p) { return p.severity == Problem::Severity::Error; });
        if (firstError != imported->problems.end())
            showProblem(tr("Problems in the labels"), tr("%1 problem(s) in %2; what they concern is left unlabelled. First: %3")
                                                          .arg(imported->problems.size())
                                                          .arg(labels, QString::fromStdString(formatProblem(*firstError))));
        else if (!imported->problems.empty())
            say(tr("%1 problem(s) in %2 (Tools > Dataset problems)").arg(imported->problems.size()).arg(labels), true);
        document_->setLabelsFile(std::move(*imported), labels.toStdString());
    }
    openWorkspace();
    browser_->populate(document_->index());
    review_->refresh();
    menus_->rememberRecent(path);
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

std::string MainWindow::workspacePathFor(const std::string& datasetRoot) const {
    // Workspaces placed by earlier versions in the user's data folder keep their names.
    const QString fallback = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/workspaces";
    QDir().mkpath(fallback);
    const QFileInfo root(QString::fromStdString(datasetRoot));
    const QByteArray legacyKey = QCryptographicHash::hash(root.absoluteFilePath().toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    return defaultWorkspacePath(
        datasetRoot, {fallback.toStdString(), (fallback + "/" + root.fileName() + "-" + QString::fromLatin1(legacyKey) + ".sqlite").toStdString()});
}

void MainWindow::openWorkspace() {
    const std::string path = workspacePathFor(document_->index().root);
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

std::vector<DicomSeriesChoice> MainWindow::seriesOfShownStudy() const {
    std::vector<DicomSeriesChoice> found;
    if (!document_ || !scan_) return found;
    const DayEntry* day = document_->index().findDay(scan_->day());
    if (!day || !day->dicom) return found;
    for (const DicomSeriesChoice& series : document_->index().dicomSeries)
        if (series.studyUid == day->dicom->studyUid && series.patientId == day->dicom->identity.patientId) found.push_back(series);
    return found;
}

bool MainWindow::takeSeries(const std::string& seriesUid) {
    const auto study = seriesOfShownStudy();
    const auto wanted = std::find_if(study.begin(), study.end(), [&](const DicomSeriesChoice& s) { return s.seriesUid == seriesUid; });
    if (wanted == study.end()) {
        say(tr("No series %1 in the shown study (only a DICOM day's study has series to choose)").arg(QString::fromStdString(seriesUid)),
            true);
        return false;
    }
    if (wanted->chosen) return true;
    for (const DicomSeriesChoice& other : study) preferredSeries_.erase(other.seriesUid);
    preferredSeries_.insert(seriesUid);
    const QString path = datasetPath_;
    if (!openDataset(path)) return false;
    for (const DayEntry* day : document_->index().days())
        if (day->dicom && day->dicom->identity.seriesUid == seriesUid) {
            say(tr("%1 is now its study's day: %2").arg(QString::fromStdString(formatCaseDayName(day->key)),
                                                         QString::fromStdString(wanted->description)),
                false);
            return selectDay(day->key);
        }
    return false;
}

void MainWindow::chooseSeriesWithDialog() {
    const auto study = seriesOfShownStudy();
    if (study.empty()) {
        say(tr("The shown day is not from a DICOM study: there are no series to choose"), true);
        return;
    }
    QStringList items;
    int current = 0;
    for (size_t i = 0; i < study.size(); ++i) {
        const DicomSeriesChoice& s = study[i];
        items << tr("%1 %2: %3 positions, %4 images%5")
                     .arg(QString::fromStdString(s.modality), QString::fromStdString(s.description.empty() ? "(no description)" : s.description))
                     .arg(s.positions)
                     .arg(s.frames)
                     .arg(s.chosen ? tr(" (the day)") : tr(" (%1)").arg(QString::fromStdString(s.whyNot)));
        if (s.chosen) current = int(i);
    }
    bool ok = false;
    const QString picked = QInputDialog::getItem(this, tr("DICOM series of this study"),
                                                 tr("The series reviewed as this study's day:"), items, current, false, &ok);
    if (!ok) return;
    const int index = int(items.indexOf(picked));
    if (index >= 0) takeSeries(study[size_t(index)].seriesUid);
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
        views_->labelsChanged(record.organsChanged, record.partial);
        if (!record.partial) review_->refresh();
    });
}

RoiNameTable MainWindow::roiNamesFromSettings() {
    // The user's own ROI names ("Colon_Sigmoid=large_bowel"), kept under contours/roiNames.
    RoiNameTable names;
    for (const QString& entry : QSettings().value(QStringLiteral("contours/roiNames")).toStringList())
        if (!names.addEntry(entry.toStdString())) log_->add(tr("Settings: ROI name entry '%1' is not NAME=organ; ignored").arg(entry), MessageLog::Level::Warning);
    return names;
}

bool MainWindow::importLabels(const QString& path, Layer layer) {
    if (!document_) return false;
    LabelImport imported;
    try {
        imported = gireview::importLabels(path.toStdString(), document_->index(), roiNamesFromSettings());
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
        const auto failures = document_->importPrediction(imported);
        if (!failures.empty()) showProblem(tr("Workspace"), QString::fromStdString(failures.front()));
        say(tr("Imported %1 as the prediction layer").arg(path), false);
    }
    if (scan_) attachDay();
    return true;
}

void MainWindow::showFirstSlice(std::shared_ptr<const ScanVolume> scan, int slice, std::shared_ptr<const BodyHistogram> body) {
    if (!dayOpening_ || dayOpening_->day != scan->day()) return; // another day was asked for since
    // Nothing is edited, marked or exported on a first look: the previous day lets go of the
    // tools, and the day's session attaches when the whole day has decoded (showLoadedDay).
    session_ = nullptr;
    edit_->setDay(nullptr, nullptr);
    edit_->setPrediction(nullptr);
    review_->setDay(std::nullopt, 0);
    export_->setCurrentDay(std::nullopt);
    clock_->setTarget(nullptr, std::nullopt, edit_->activeOrgan()); // stores the previous day's time
    scan_ = std::move(scan);
    body_ = std::move(body); // the window of this slice, until the day's body is counted
    labels_.reset();
    prediction_.reset();
    autoWindowLevel();
    cursorLabel_->setVolumes(scan_, nullptr);
    views_->setVolumes(scan_, nullptr, nullptr);
    state_->setCursor(dayOpening_->cursor);
    statusBar()->showMessage(tr("%1: slice %2 shown; decoding the rest...")
                                 .arg(QString::fromStdString(formatCaseDayName(scan_->day())))
                                 .arg(slice + 1));
    emit firstSliceShown(scan_->day().caseNo, scan_->day().dayNo, slice);
}

void MainWindow::attachDay() {
    const CaseDayKey day = scan_->day();
    session_ = nullptr;
    labels_.reset();
    document_->setNoImageSlices(day, scan_->unusableSlices()); // what decoding found, beyond the index
    try {
        session_ = &document_->session(day);
        labels_ = session_->labels();
        document_->closeIdleSessions(day); // a whole dataset browsed keeps a few days, not all
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
    clock_->setTarget(document_.get(), day, edit_->activeOrgan());
    queuePanel_->queue().clear();
    strip_->setDepth(scan_->geometry().depth);
    showQueueRisk(day);
    if (Workspace* workspace = document_->workspace(); workspace && !workspace->readOnly()) {
        try {
            workspace->noteDayShown(day, double(QDateTime::currentMSecsSinceEpoch()) / 1000.0);
        } catch (const std::exception& error) {
            say(QString::fromStdString(error.what()), true);
        }
    }
    review_->setDay(day, scan_->geometry().depth);
    effort_->showDay(document_.get(), day);
    export_->setCurrentDay(day);
    model_->setCurrentDay(day);
    showCurrentDay();
}

void MainWindow::showCurrentDay() {
    cursorLabel_->setVolumes(scan_, labels_);
    views_->setVolumes(scan_, labels_, prediction_);
    edit_->setTool(edit_->tool());
}

bool MainWindow::selectDay(CaseDayKey key) { return browser_->selectDay(key); }

bool MainWindow::stepDay(int delta) {
    if (browser_->stepDay(delta)) return true;
    say(delta > 0 ? tr("This is the last case-day") : tr("This is the first case-day"), false);
    return false;
}

void MainWindow::showLoadedDay(std::shared_ptr<ScanVolume> scan, std::shared_ptr<const BodyHistogram> body) {
    scan_ = std::move(scan);
    body_ = std::move(body);
    autoWindowLevel(); // refined: the whole day's body now, not the first slice's
    attachDay();
    const bool opened = dayOpening_ && dayOpening_->day == scan_->day();
    const auto cursor = opened ? dayOpening_->cursor : ViewState::startingCursor(scan_->geometry(), labels_.get());
    dayOpening_.reset();
    state_->setCursor(cursor);
    showCurrentDay();
    const DayEntry* entry = document_ ? document_->index().findDay(scan_->day()) : nullptr;
    if (entry && entry->dicom) {
        // A clinic's day: when it was taken and which series it is, beside its number.
        const DicomSeries& series = *entry->dicom;
        say(tr("Loaded %1 · %2 · %3 %4").arg(QString::fromStdString(formatCaseDayName(scan_->day())),
                                             QString::fromStdString(CaseDayRegistry::displayDateTime(series.identity)),
                                             QString::fromStdString(series.modality), QString::fromStdString(series.description)),
            false);
        if (series.obliquityDegrees > 1.0)
            say(tr("Oblique series (%1° from the nearest patient axis): shown in its own voxel planes; the letters at the "
                   "edges give the nearest anatomical direction")
                    .arg(series.obliquityDegrees, 0, 'f', 1),
                true);
    } else {
        say(tr("Loaded %1").arg(QString::fromStdString(formatCaseDayName(scan_->day()))), false);
    }
    // Each problem of the day once, in the log; the strip and the slice text flag blank slices.
    for (const auto& problem : scan_->problems())
        log_->add(QString::fromStdString(formatProblem(problem)),
                  problem.severity == Problem::Severity::Error ? MessageLog::Level::Warning : MessageLog::Level::Info);
    if (!scan_->allSlicesUsable()) // the loader's summary, last, stays in the status bar
        statusBar()->showMessage(QString::fromStdString(scan_->problems().back().message));
    cursorLabel_->showVoxel(cursor[0], cursor[1], cursor[2], true);
    emit dayLoaded(scan_->day().caseNo, scan_->day().dayNo);
}

bool MainWindow::approveActiveOrgan(const QString& reviewer, const FlagConfirmation& confirm, ApprovalQuestion ask) {
    const Organ organ = edit_->activeOrgan();
    const auto flags = review_->checkOrgans(organBit(organ), scan_.get());
    const QString organName = QString::fromUtf8(organDisplayName(organ).data());
    const QString dayName = scan_ ? QString::fromStdString(formatCaseDayName(scan_->day())) : QString();
    if (flags.empty() && ask == ApprovalQuestion::Always && !askApprove(this, organName, dayName, reviewer)) {
        say(tr("%1 not approved").arg(organName), false);
        return false;
    }
    if (!flags.empty()) {
        for (const auto& flag : flags) say(tr("QA: %1").arg(describeQaFlag(flag)), false);
        const bool approveOver = confirm ? confirm(flags) : askApproveWithFlags(this, organName, dayName, reviewer, flags);
        if (!approveOver) {
            say(tr("%1 not approved: %n QA flag(s) open (see the log; Edit > QA checks lists them again)", "",
                   int(flags.size()))
                    .arg(organName),
                true);
            return false;
        }
    }
    clock_->flush(); // the effort stored with the approval counts every second until now
    return review_->approve(organ, reviewer, flags);
}

std::vector<QaFlag> MainWindow::checkCurrentDay() {
    if (!scan_) {
        say(tr("Open a case-day first"), false);
        return {};
    }
    const auto flags = review_->checkOrgans(0x7, scan_.get());
    for (const auto& flag : flags) say(tr("QA: %1").arg(describeQaFlag(flag)), false);
    say(flags.empty() ? tr("QA checks of %1: no flags").arg(QString::fromStdString(formatCaseDayName(scan_->day())))
                      : tr("QA checks of %1: %n flag(s), listed in the log", "", int(flags.size()))
                            .arg(QString::fromStdString(formatCaseDayName(scan_->day()))),
        !flags.empty());
    return flags;
}
bool MainWindow::reopenActiveOrgan(const QString& reviewer) { return review_->reopen(edit_->activeOrgan(), reviewer); }

void MainWindow::markCurrentSliceReviewed() { review_->markSlice(state_->cursor()[2]); }

bool MainWindow::jumpToNextUnreviewedSlice() {
    if (!scan_) return false;
    const auto next = review_->nextUnreviewed(state_->cursor()[2]);
    if (!next) {
        say(tr("Every slice of this day is marked reviewed"), false);
        return false;
    }
    views_->sliceView(ViewPlane::Axial)->setSliceIndex(*next);
    return true;
}

bool MainWindow::stepRiskQueue(int step) {
    if (!scan_) return false;
    if (queuePanel_->queue().empty()) {
        say(tr("No review risk for this day: run the model on it (Ctrl+R)"), false);
        return false;
    }
    if (queuePanel_->step(step)) return true;
    say(step < 0 ? tr("At the top of the review queue")
                 : tr("End of the review queue: %1 pairs seen").arg(queuePanel_->queue().seenCount()),
        false);
    return false;
}

int MainWindow::riskQueueSeen() const { return int(queuePanel_->queue().seenCount()); }

void MainWindow::showQueuePair(const QueueEntry& entry, int position, int count) {
    setActiveOrgan(entry.organ);
    views_->sliceView(ViewPlane::Axial)->setSliceIndex(entry.slice);
    say(tr("Queue %1/%2: slice %3, %4, risk %5 (%6 seen; seen is not reviewed)")
            .arg(position + 1)
            .arg(count)
            .arg(entry.slice + 1)
            .arg(QString::fromUtf8(organDisplayName(entry.organ).data()))
            .arg(double(entry.risk), 0, 'f', 2)
            .arg(queuePanel_->queue().seenCount()),
        false);
}

void MainWindow::showQueueRisk(CaseDayKey day) {
    try {
        queuePanel_->queue().setRisk(document_->predictionRisk(day));
    } catch (const std::exception& error) {
        queuePanel_->queue().setRisk({});
        say(QString::fromStdString(error.what()), true);
    }
    queuePanel_->refill();
    refreshSliceStrip();
}

void MainWindow::refreshSliceStrip() {
    if (!scan_ || !document_) return;
    const int depth = scan_->geometry().depth;
    SliceStrip::Content content;
    content.risk = queuePanel_->queue().sliceRisk();
    content.edited = session_ ? session_->editedPairs() : LabelledSlices::none(depth);
    content.noImage = document_->noImageSlices(scan_->day()); // the document's, as editing and export read it
    content.reviewed = LabelledSlices::none(depth);
    if (Workspace* workspace = document_->workspace()) {
        try {
            content.reviewed = workspace->reviewMarks(scan_->day(), depth);
            std::array<OrganListPanel::OrganReview, kOrganCount> organs;
            for (Organ organ : kAllOrgans)
                organs[size_t(organIndex(organ))] = {workspace->status(scan_->day(), organ),
                                                     int(content.reviewed.count(organ))};
            organList_->setReview(organs, depth);
            // Marked or approved, as the progress bar counts them (the workspace's one home of it).
            views_->sliceView(ViewPlane::Axial)->setReviewedSlices(workspace->vouchedPairs(scan_->day(), depth));
            const Workspace::DayProgress progress = workspace->progress(scan_->day(), depth);
            reviewProgress_->setRange(0, std::max(1, depth));
            reviewProgress_->setValue(progress.reviewedSlices);
            reviewProgress_->setFormat(tr("%1: %2/%3 slices reviewed \u00b7 %4/3 organs approved")
                                           .arg(QString::fromStdString(formatCaseDayName(scan_->day())))
                                           .arg(progress.reviewedSlices)
                                           .arg(depth)
                                           .arg(progress.approvedOrgans));
        } catch (const std::exception& error) {
            say(QString::fromStdString(error.what()), true);
        }
    }
    strip_->setContent(std::move(content));
    strip_->setCurrentSlice(state_->cursor()[2]);
}

void MainWindow::toggleOutlineOnly() {
    OverlaySettings overlay = state_->overlay();
    if (overlay.mode == OverlayMode::Outline && modeBeforeOutline_) {
        overlay.mode = *modeBeforeOutline_;
        modeBeforeOutline_.reset();
    } else {
        modeBeforeOutline_ = overlay.mode;
        overlay.mode = OverlayMode::Outline;
    }
    state_->setOverlay(overlay);
}

bool MainWindow::exportLabels(const ExportRequest& request) { return export_->exportLabels(request); }

void MainWindow::showPrediction(std::shared_ptr<const LabelVolume> prediction) {
    // The overlay only: zoom, pan and the organs' meshes stay.
    prediction_ = std::move(prediction);
    edit_->setPrediction(prediction_);
    views_->setPrediction(prediction_);
    if (scan_) showQueueRisk(scan_->day());
}

QStringList MainWindow::shortcutHelp() const { return menus_->shortcutLines(); }
QString MainWindow::shortcutMarkdown() const { return menus_->shortcutMarkdown(); }

QString MainWindow::statusText() const { return cursorLabel_->text(); }

} // namespace gireview
