#pragma once
// The main window: a case/day browser and the slice view. Days load off the GUI thread.
#include "DatasetIndex.h"
#include "KaggleCsv.h"
#include "ScanVolume.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <memory>

class QTreeWidget;
class QTreeWidgetItem;
class QLabel;

namespace gireview {

class SlicePreview;

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
    // Problems are shown in a message; returns false when nothing could be opened.
    bool openDataset(const QString& path, const QString& labelsPath = {});
    bool selectDay(CaseDayKey day);
    SlicePreview* sliceView() const { return preview_; }
    QTreeWidget* caseBrowser() const { return tree_; }
    const DatasetIndex& dataset() const { return index_; }

signals:
    void dayLoaded(int caseNo, int dayNo);
    void dayLoadFailed(QString message);

private:
    void buildMenus();
    void populateTree();
    void startLoading(const DayEntry& day);
    void finishLoading();
    void updateStatus();
    void showMessage(const QString& title, const QString& text);

    DatasetIndex index_;
    std::shared_ptr<LabelCsvImport> labels_;
    QTreeWidget* tree_ = nullptr;
    SlicePreview* preview_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QFutureWatcher<LoadedDay> loader_;
    CaseDayKey loadingDay_{-1, -1};
};

} // namespace gireview
