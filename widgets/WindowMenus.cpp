#include "WindowMenus.h"

#include "Unattended.h"
#include "EditController.h"
#include "ExportController.h"
#include "MainWindow.h"
#include "MessageLog.h"
#include "ModelController.h"
#include "ReviewController.h"
#include "ViewState.h"

#include <QActionGroup>
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QInputDialog>
#include "QaDialogs.h"
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QToolBar>
#include <QVBoxLayout>

namespace gireview {

namespace {
constexpr int kMaxRecent = 8;

// What the mouse does: not actions, so listed here beside the generated key lines.
const char* const kMouseHelp[][2] = {
    {"Wheel, Up/Down", "previous / next slice"},
    {"Page Up / Page Down", "10 slices back / forward"},
    {"Home / End", "first / last slice"},
    {"Left click / drag", "move the crosshair, the other views follow (Navigate)"},
    {"Ctrl+wheel", "zoom"},
    {"Middle drag", "pan"},
    {"Right drag", "window (horizontal) / level (vertical)"},
    {"3D view: left drag, wheel, middle drag", "rotate, zoom, pan"},
};
} // namespace

WindowMenus::WindowMenus(MainWindow& window) : QObject(&window), window_(window) {}

QAction* WindowMenus::add(QMenu* menu, const QString& text, const QKeySequence& key,
                          const QString& help, std::function<void()> run, const QString& icon) {
    QAction* action = menu->addAction(icon.isEmpty() ? QIcon() : QIcon::fromTheme(icon), text,
                                      &window_, std::move(run));
    if (!key.isEmpty()) {
        action->setShortcut(key);
        help_.append({key, help});
    }
    action->setToolTip(key.isEmpty() ? help
                                     : QStringLiteral("%1 (%2)").arg(
                                           help, key.toString(QKeySequence::NativeText)));
    return action;
}

void WindowMenus::build() {
    buildFile();
    buildView();
    buildEdit();
    buildTools();
    buildModel();
    buildHelp();
    QToolBar* toolbar = window_.addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    for (const QList<QAction*>* section : {&fileBar_, &viewBar_, &toolBar_, &editBar_}) {
        toolbar->addActions(*section);
        toolbar->addSeparator();
    }
}

void WindowMenus::buildFile() {
    QMenu* file = window_.menuBar()->addMenu(tr("&File"));
    QAction* open = add(
        file, tr("&Open dataset folder..."), QKeySequence::Open, tr("open a dataset folder"),
        [this] {
            const QString dir = QFileDialog::getExistingDirectory(
                &window_, tr("Open dataset folder"), window_.datasetPath());
            if (!dir.isEmpty()) window_.openDataset(dir);
        },
        QStringLiteral("document-open"));
    recent_ = file->addMenu(tr("Open &recent"));
    rebuildRecentMenu();
    auto chooseLabels = [this](const QString& title) {
        QString path = QFileDialog::getOpenFileName(
            &window_, title, window_.datasetPath(),
            tr("Labels (*.csv *.json *.nii.gz *.dcm);;Kaggle CSV (*.csv);;COCO JSON (*.json);;"
               "NIfTI (*.nii.gz);;DICOM RT Structure Set (*.dcm *)"));
        // A NIfTI import reads the whole folder of caseN_dayM.nii.gz files.
        if (path.endsWith(QStringLiteral(".nii.gz"))) path = QFileInfo(path).absolutePath();
        return path;
    };
    QAction* import = add(
        file, tr("&Import labels..."), QKeySequence(Qt::CTRL | Qt::Key_I),
        tr("import reviewed labels: CSV, COCO JSON, a NIfTI folder or a DICOM RT Structure Set (counted as edits)"),
        [this, chooseLabels] {
            const QString path = chooseLabels(tr("Import labels (reviewed layer)"));
            if (!path.isEmpty()) window_.importLabels(path, MainWindow::Layer::Reviewed);
        },
        QStringLiteral("document-import"));
    add(file, tr("Import &prediction..."), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
        tr("import a prediction layer (drawn as dotted outlines)"), [this, chooseLabels] {
            const QString path = chooseLabels(tr("Import prediction layer"));
            if (!path.isEmpty()) window_.importLabels(path, MainWindow::Layer::Prediction);
        });
    QAction* exportAction = add(
        file, tr("&Export..."), QKeySequence(Qt::CTRL | Qt::Key_E),
        tr("export labels: CSV, submission, COCO JSON or NIfTI (progress with Cancel)"),
        [this] { window_.exportController()->exportWithDialog(); },
        QStringLiteral("document-export"));
    add(file, tr("&Workspace location..."), {}, tr("move the review workspace"), [this] {
        const QString path = QFileDialog::getSaveFileName(
            &window_, tr("Workspace file"),
            window_.workspace() ? QString::fromStdString(window_.workspace()->path())
                                : window_.datasetPath(),
            tr("GI Review workspace (*.sqlite)"), nullptr, QFileDialog::DontConfirmOverwrite);
        if (!path.isEmpty()) window_.moveWorkspaceTo(path);
    });
    add(file, tr("DICOM &series of this study..."), {},
        tr("review another image series of the shown study (a DICOM folder) as its day"),
        [this] { window_.chooseSeriesWithDialog(); });
    file->addSeparator();
    add(file, tr("&Quit"), QKeySequence::Quit, tr("quit"), [this] { window_.close(); });
    fileBar_ = {open, import, exportAction};
}

void WindowMenus::buildView() {
    QMenu* view = window_.menuBar()->addMenu(tr("&View"));
    const char* paneNames[] = {"&Axial", "&Coronal", "&Sagittal", "&3D"};
    for (int pane = 0; pane < 4; ++pane)
        add(view, tr("Maximise %1").arg(tr(paneNames[pane])),
            QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + pane)),
            tr("maximise the %1 pane").arg(tr(paneNames[pane]).remove('&')),
            [this, pane] { window_.maximizePane(pane); });
    QAction* four = add(
        view, tr("&Four panes"), QKeySequence(Qt::CTRL | Qt::Key_0), tr("four panes"),
        [this] { window_.maximizePane(-1); }, QStringLiteral("view-grid"));
    view->addSeparator();
    QAction* reset = add(
        view, tr("&Reset views"), QKeySequence(Qt::Key_R), tr("reset views"),
        [this] { window_.resetViews(); }, QStringLiteral("zoom-original"));
    add(view, tr("&Next case-day"), QKeySequence(Qt::ALT | Qt::Key_Down), tr("next case-day (the Cases tree's order)"),
        [this] { window_.stepDay(+1); });
    add(view, tr("&Previous case-day"), QKeySequence(Qt::ALT | Qt::Key_Up), tr("previous case-day (the Cases tree's order)"),
        [this] { window_.stepDay(-1); });
    add(view, tr("&Automatic window/level"), QKeySequence(Qt::Key_W), tr("automatic window/level from the body's histogram"),
        [this] { window_.autoWindowLevel(); });
    ViewState* state = window_.viewState();
    QAction* labels =
        add(view, tr("Show &labels"), QKeySequence(Qt::Key_L), tr("show / hide labels"), [state] {
            OverlaySettings o = state->overlay();
            o.showReviewed = !o.showReviewed;
            state->setOverlay(o);
        });
    add(view, tr("&Outline only (fast scanning)"), QKeySequence(Qt::Key_O),
        tr("outline-only overlays, and back"), [this] { window_.toggleOutlineOnly(); });
    labels->setCheckable(true);
    labels->setChecked(state->overlay().showReviewed);
    connect(state, &ViewState::overlayChanged, labels,
            [state, labels] { labels->setChecked(state->overlay().showReviewed); });
    QAction* volume = add(view, tr("&Volume rendering"), {}, tr("volume rendering in 3D"),
                          [state] { state->setVolumeRendering(!state->volumeRendering()); });
    volume->setCheckable(true);
    connect(state, &ViewState::volumeRenderingChanged, volume,
            [state, volume] { volume->setChecked(state->volumeRendering()); });
    QAction* tabbed = add(view, tr("&Tabbed panels (small screens)"), {},
                          tr("every panel a tab of one column beside the views, or two columns"), [this] {
                              window_.arrangePanels(window_.panelLayout() == MainWindow::PanelLayout::Tabbed
                                                        ? MainWindow::PanelLayout::Columns
                                                        : MainWindow::PanelLayout::Tabbed);
                          });
    tabbed->setCheckable(true);
    connect(view, &QMenu::aboutToShow, tabbed,
            [this, tabbed] { tabbed->setChecked(window_.panelLayout() == MainWindow::PanelLayout::Tabbed); });
    viewBar_ = {reset, four};
}

void WindowMenus::buildEdit() {
    EditController* edit = window_.editController();
    ReviewController* review = window_.reviewController();
    QMenu* menu = window_.menuBar()->addMenu(tr("&Edit"));
    QAction* undo = add(
        menu, tr("&Undo"), QKeySequence::Undo, tr("undo"), [edit] { edit->undo(); },
        QStringLiteral("edit-undo"));
    QAction* redo = add(
        menu, tr("&Redo"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), tr("redo"),
        [edit] { edit->redo(); }, QStringLiteral("edit-redo"));
    menu->addSeparator();
    auto* organs = new QActionGroup(this);
    for (Organ organ : kAllOrgans) {
        const QString name = QString::fromUtf8(organDisplayName(organ).data());
        QAction* pick = add(menu, tr("Active organ: %1").arg(name),
                            QKeySequence(Qt::Key(Qt::Key_1 + organIndex(organ))),
                            tr("active organ: %1").arg(name.toLower()),
                            [edit, organ] { edit->setActiveOrgan(organ); });
        pick->setCheckable(true);
        pick->setChecked(organ == edit->activeOrgan());
        organs->addAction(pick);
        connect(edit, &EditController::toolChanged, pick,
                [edit, organ, pick] { pick->setChecked(edit->activeOrgan() == organ); });
    }
    menu->addSeparator();
    editBar_ = {undo, redo};
    // The slice operations, from the registry (the accepts go to the Model menu).
    for (const auto& operation : edit->registry().operations) {
        const ToolDescription d = operation->describe();
        if (d.id.startsWith(QStringLiteral("accept"))) continue;
        editBar_.append(add(
            menu, d.menuText, d.key, d.help, [edit, id = d.id] { edit->runOperation(id); },
            d.iconName));
    }
    menu->addSeparator();
    // The reviewer's name is asked once per session; the account name is recorded beside it.
    auto askReviewer = [this] {
        if (unattended()) return QString::fromStdString(currentAccountName());
        return window_.reviewerName().get(&window_);
    };
    editBar_.append(add(
        menu, tr("&Approve active organ..."), QKeySequence(Qt::CTRL | Qt::Key_Return),
        tr("approve the active organ for this day: QA checks first, then it is locked"),
        [this, askReviewer] {
            const QString name = askReviewer();
            if (name.isEmpty()) return;
            window_.approveActiveOrgan(name, {},
                                       unattended() ? MainWindow::ApprovalQuestion::WhenFlagged
                                                    : MainWindow::ApprovalQuestion::Always);
        },
        QStringLiteral("object-locked")));
    add(menu, tr("Reviewer &name..."), {}, tr("the name recorded with approvals and reopens"),
        [this] {
            const QString name = window_.reviewerName().change(&window_);
            if (!name.isEmpty()) window_.messageLog()->add(tr("Reviewer: %1").arg(name));
        });
    add(menu, tr("&QA checks of this day"), QKeySequence(Qt::Key_Q),
        tr("run the QA checks (gaps, islands, overlaps, volume change, outside the body, swaps) "
           "and list the flags in the log"),
        [this] { window_.checkCurrentDay(); });
    add(menu, tr("QA &thresholds..."), {}, tr("the thresholds of the QA checks"), [this] {
        QaThresholdsDialog dialog(&window_);
        dialog.exec();
    });
    add(menu, tr("Re&open active organ..."), {}, tr("reopen the active organ"),
        [askReviewer, this] {
            const QString name = askReviewer();
            if (!name.isEmpty()) window_.reopenActiveOrgan(name);
        });
    editBar_.append(add(
        menu, tr("&Mark slice reviewed"), QKeySequence(Qt::Key_M), tr("mark the slice reviewed"),
        [this] { window_.markCurrentSliceReviewed(); }, QStringLiteral("checkbox")));
    add(menu, tr("Mark slices reviewed since the &last mark"), QKeySequence(Qt::SHIFT | Qt::Key_M),
        tr("mark every slice since the last mark reviewed"),
        [this, review] { review->markSinceLastMark(window_.viewState()->cursor()[2]); });
    add(menu, tr("Mark slices reviewed &from..to..."), {}, tr("mark a range of slices reviewed"),
        [this, review] {
            if (!window_.currentScan()) return;
            bool ok = false;
            const QString range = QInputDialog::getText(
                &window_, tr("Mark slices reviewed"), tr("Slices (e.g. 40-72):"), QLineEdit::Normal,
                QStringLiteral("1-%1").arg(window_.currentScan()->geometry().depth), &ok);
            const QStringList parts = range.split('-');
            if (ok && parts.size() == 2)
                review->markRange(parts[0].trimmed().toInt(), parts[1].trimmed().toInt());
        });
    editBar_.append(add(
        menu, tr("&Next unreviewed slice"), QKeySequence(Qt::Key_N), tr("next unreviewed slice"),
        [this] { window_.jumpToNextUnreviewedSlice(); }, QStringLiteral("go-next")));
    add(menu, tr("Next in the review &queue (by risk)"), QKeySequence(Qt::Key_J),
        tr("next in the review queue: the model run's (slice, organ) pairs by risk, highest first (seen, not reviewed)"), [this] { window_.stepRiskQueue(+1); });
    add(menu, tr("Previous in the review queue"), QKeySequence(Qt::Key_K),
        tr("back one step in the review queue"), [this] { window_.stepRiskQueue(-1); });
}

void WindowMenus::buildTools() {
    EditController* edit = window_.editController();
    QMenu* menu = window_.menuBar()->addMenu(tr("&Tools"));
    auto* group = new QActionGroup(this);
    const auto& gestures = edit->registry().gestures;
    for (size_t i = 0; i < gestures.size(); ++i) {
        const ToolDescription d = gestures[i]->describe();
        const auto tool = EditController::Tool(i);
        QAction* action = add(
            menu, d.menuText, d.key, d.help, [edit, tool] { edit->setTool(tool); }, d.iconName);
        action->setCheckable(true);
        action->setChecked(tool == edit->tool());
        group->addAction(action);
        toolBar_.append(action);
        connect(edit, &EditController::toolChanged, action,
                [edit, tool, action] { action->setChecked(edit->tool() == tool); });
    }
    add(menu, tr("Larger brush"), QKeySequence(Qt::Key_BracketRight), tr("larger brush"),
        [edit] { edit->setBrushRadiusMm(edit->toolSettings().brushRadiusMm * 1.25); });
    add(menu, tr("Smaller brush"), QKeySequence(Qt::Key_BracketLeft), tr("smaller brush"),
        [edit] { edit->setBrushRadiusMm(edit->toolSettings().brushRadiusMm / 1.25); });
    menu->addSeparator();
    add(menu, tr("&Dataset problems..."), {}, tr("list the dataset's problems"),
        [this] { window_.showDatasetProblems(); });
}

void WindowMenus::buildModel() {
    ModelController* model = window_.modelController();
    EditController* edit = window_.editController();
    // Before Help, which comes last.
    QMenu* menu = window_.menuBar()->addMenu(tr("&Model"));
    add(
        menu, tr("Run model on this &day"), QKeySequence(Qt::CTRL | Qt::Key_R),
        tr("run the model on this day"), [model] { model->run(ModelController::RunScope::Day); },
        QStringLiteral("system-run"));
    add(menu, tr("Run model on this &case"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
        tr("run the model on this case"), [model] { model->run(ModelController::RunScope::Case); });
    add(menu, tr("Run model on &every day"), {}, tr("run the model on every day"),
        [model] { model->run(ModelController::RunScope::All); });
    add(menu, tr("Ca&ncel the model run"), {}, tr("cancel the model run"),
        [model] { model->runner()->cancel(); });
    menu->addSeparator();
    for (const auto& operation : edit->registry().operations) {
        const ToolDescription d = operation->describe();
        if (d.id.startsWith(QStringLiteral("accept")))
            add(
                menu, d.menuText, d.key, d.help, [edit, id = d.id] { edit->runOperation(id); },
                d.iconName);
    }
    menu->addSeparator();
    add(menu, tr("C&hoose model file..."), {}, tr("choose a TorchScript model"),
        [model] { model->chooseModelFile(); });
    add(menu, tr("Use the &default model"), {}, tr("use the default model"),
        [model] { model->useDefaultModel(); });
    add(menu, tr("Model &card..."), {}, tr("show the model card"), [model] { model->showCard(); });
}

QList<QPair<QString, QString>> WindowMenus::shortcutTable() const {
    QList<QPair<QString, QString>> table;
    for (const auto& [key, help] : help_)
        table.append({key.toString(QKeySequence::NativeText), help});
    for (const auto& [input, help] : kMouseHelp)
        table.append({tr(input), tr(help)});
    return table;
}

QStringList WindowMenus::shortcutLines() const {
    QStringList lines;
    for (const auto& [key, help] : shortcutTable())
        lines << QStringLiteral("%1  %2").arg(key, -18).arg(help);
    return lines;
}

QString WindowMenus::shortcutMarkdown() const {
    QString table = QStringLiteral("| key | action |\n|---|---|\n");
    for (auto [key, help] : shortcutTable())
        table += QStringLiteral("| %1 | %2 |\n").arg(key.replace('|', QStringLiteral("\\|")), help.replace('|', QStringLiteral("\\|")));
    return table;
}

void WindowMenus::buildHelp() {
    QMenu* help = window_.menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), &window_, [this] {
        QDialog dialog(&window_);
        dialog.setObjectName(QStringLiteral("shortcutHelp"));
        dialog.setWindowTitle(tr("Keyboard shortcuts"));
        auto* layout = new QVBoxLayout(&dialog);
        auto* text = new QPlainTextEdit(shortcutLines().join('\n'), &dialog);
        text->setReadOnly(true);
        text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        layout->addWidget(text);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
        connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        layout->addWidget(buttons);
        dialog.resize(620, 520);
        dialog.exec();
    });
    help->addAction(tr("&About GI Review"), &window_, [this] {
        QMessageBox::about(
            &window_, tr("About GI Review"),
            tr("<b>GI Review</b> %1<br>Review and correction of stomach and bowel contours "
               "on MR-Linac scans.<br>For research and education; not a medical device.<br>"
               "Apache-2.0.<br><br>%2")
                .arg(QApplication::applicationVersion(),
                     QString(window_.versionText()).replace('\n', QStringLiteral("<br>"))));
    });
}

void WindowMenus::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("dataset/recent")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("dataset/recent"), recent);
    settings.setValue(QStringLiteral("dataset/last"), path);
    rebuildRecentMenu();
}

void WindowMenus::rebuildRecentMenu() {
    recent_->clear();
    const QStringList recent = QSettings().value(QStringLiteral("dataset/recent")).toStringList();
    for (const QString& path : recent)
        recent_->addAction(path, &window_, [this, path] { window_.openDataset(path); });
    recent_->setEnabled(!recent.isEmpty());
}

} // namespace gireview
