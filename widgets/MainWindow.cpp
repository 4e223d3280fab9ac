#include "MainWindow.h"

#include "DataError.h"
#include "ScanVolumeLoader.h"
#include "SlicePreview.h"
#include "VersionInfo.h"

#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeWidget>
#include <QtConcurrent>

namespace gireview {

namespace {
constexpr int kCaseRole = Qt::UserRole + 1;
constexpr int kDayRole = Qt::UserRole + 2;
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("GI Review"));
    resize(1100, 750);
    preview_ = new SlicePreview(this);
    setCentralWidget(preview_);
    tree_ = new QTreeWidget(this);
    tree_->setHeaderLabels({tr("Case / day"), tr("Slices"), tr("Size"), tr("Spacing")});
    tree_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* dock = new QDockWidget(tr("Cases"), this);
    dock->setObjectName(QStringLiteral("caseBrowser"));
    dock->setWidget(tree_);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    statusLabel_ = new QLabel(this);
    statusLabel_->setMinimumWidth(140);
    statusBar()->addPermanentWidget(statusLabel_);
    buildMenus();
    connect(tree_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (!item || !item->data(0, kDayRole).isValid()) return;
        const DayEntry* day = index_.findDay({item->data(0, kCaseRole).toInt(), item->data(0, kDayRole).toInt()});
        if (day) startLoading(*day);
    });
    connect(&loader_, &QFutureWatcher<LoadedDay>::finished, this, &MainWindow::finishLoading);
    connect(preview_, &SlicePreview::sliceChanged, this, &MainWindow::updateStatus);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

MainWindow::~MainWindow() {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    loader_.waitForFinished();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open dataset folder..."), this, [this] {
        QString dir = QFileDialog::getExistingDirectory(this, tr("Open dataset folder"));
        if (!dir.isEmpty()) openDataset(dir);
    });
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), this, [this] {
        QMessageBox::information(this, tr("Keyboard shortcuts"),
                                 tr("Ctrl+O  open a dataset folder\nWheel, Up/Down  previous/next slice\n"
                                    "Page Up/Down  10 slices\nHome/End  first/last slice\nCtrl+Q  quit"));
    });
    help->addAction(tr("&About GI Review"), this, [this] {
        QMessageBox::about(this, tr("About GI Review"),
                           tr("<b>GI Review</b> %1<br>Review and correction of stomach and bowel contours "
                              "on MR-Linac scans.<br>For research and education; not a medical device.<br>"
                              "Apache-2.0.<br><br>%2")
                               .arg(QApplication::applicationVersion(), libraryVersions()));
    });
    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->addAction(open);
}

bool MainWindow::openDataset(const QString& path, const QString& labelsPath) {
    try {
        index_ = scanDataset(path.toStdString());
    } catch (const DataError& error) {
        showMessage(tr("Cannot open dataset"), QString::fromStdString(error.what()));
        return false;
    }
    const std::string labels = labelsPath.isEmpty() ? index_.labelsFile : labelsPath.toStdString();
    labels_.reset();
    QStringList problems;
    if (!labels.empty()) {
        try {
            labels_ = std::make_shared<LabelCsvImport>(importKaggleCsv(labels, index_.geometry()));
            for (const auto& problem : labels_->problems) problems << QString::fromStdString(formatProblem(problem));
        } catch (const DataError& error) {
            problems << QString::fromStdString(error.what());
        }
    }
    for (const auto& problem : index_.problems) problems << QString::fromStdString(formatProblem(problem));
    populateTree();
    QSettings().setValue(QStringLiteral("dataset/last"), path);
    statusBar()->showMessage(tr("Opened %1: %2 case-days, %3 slices").arg(path).arg(index_.dayCount()).arg(index_.sliceCount()));
    if (!problems.isEmpty())
        statusBar()->showMessage(tr("%1 problem(s) in the dataset; first: %2").arg(problems.size()).arg(problems.first()));
    if (index_.dayCount() == 0) return false;
    return true;
}

void MainWindow::populateTree() {
    tree_->clear();
    for (const auto& caseEntry : index_.cases) {
        auto* caseItem = new QTreeWidgetItem(tree_, {QStringLiteral("case%1").arg(caseEntry.caseNo)});
        for (const auto& day : caseEntry.days) {
            auto* item = new QTreeWidgetItem(
                caseItem, {QString::fromStdString(formatCaseDayName(day.key)), QString::number(day.slices.size()),
                           QStringLiteral("%1x%2").arg(day.geometry.width).arg(day.geometry.height),
                           QStringLiteral("%1 mm").arg(day.geometry.spacingX, 0, 'f', 2)});
            item->setData(0, kCaseRole, day.key.caseNo);
            item->setData(0, kDayRole, day.key.dayNo);
            if (!day.usable) item->setDisabled(true);
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
    if (loader_.isRunning()) loader_.waitForFinished(); // one load at a time; days load in < 1 s
    loadingDay_ = day.key;
    statusBar()->showMessage(tr("Loading %1...").arg(QString::fromStdString(formatCaseDayName(day.key))));
    DayEntry copy = day;
    std::shared_ptr<LabelCsvImport> labels = labels_;
    loader_.setFuture(QtConcurrent::run([copy, labels]() {
        LoadedDay result;
        try {
            result.scan = std::make_shared<ScanVolume>(loadScanVolume(copy));
            if (labels) {
                auto found = labels->volumes.find(copy.key);
                if (found != labels->volumes.end()) result.labels = std::make_shared<LabelVolume>(found->second);
            }
        } catch (const std::exception& error) {
            result.error = QString::fromStdString(error.what());
        }
        return result;
    }));
}

void MainWindow::finishLoading() {
    LoadedDay day = loader_.result();
    if (!day.error.isEmpty()) {
        showMessage(tr("Cannot load case-day"), day.error);
        emit dayLoadFailed(day.error);
        return;
    }
    preview_->setVolumes(day.scan, day.labels);
    // Start in the middle of the labelled range, where the organs are.
    int first = -1, last = -1;
    if (day.labels) {
        for (int z = 0; z < day.labels->geometry().depth; ++z) {
            const std::uint8_t* s = day.labels->slice(z);
            if (std::any_of(s, s + day.labels->geometry().sliceSize(), [](std::uint8_t v) { return v != 0; })) {
                if (first < 0) first = z;
                last = z;
            }
        }
    }
    preview_->setSlice(first >= 0 ? (first + last) / 2 : day.scan->geometry().depth / 2);
    statusBar()->showMessage(tr("Loaded %1").arg(QString::fromStdString(formatCaseDayName(day.scan->day()))), 5000);
    for (const auto& warning : day.scan->warnings()) statusBar()->showMessage(QString::fromStdString(warning));
    updateStatus();
    emit dayLoaded(day.scan->day().caseNo, day.scan->day().dayNo);
}

void MainWindow::updateStatus() {
    statusLabel_->setText(preview_->sliceCount() ? tr("slice %1 / %2").arg(preview_->slice() + 1).arg(preview_->sliceCount())
                                                 : QString());
}

void MainWindow::showMessage(const QString& title, const QString& text) {
    statusBar()->showMessage(text);
    if (qEnvironmentVariableIsSet("GIREVIEW_NO_DIALOGS")) return; // tests and smoke runs
    QMessageBox::warning(this, title, text);
}

} // namespace gireview
