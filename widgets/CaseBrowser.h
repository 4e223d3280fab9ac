#pragma once
// The Cases tree: case / day rows with slices, size, spacing and review state per organ.
#include "io/DatasetIndex.h"

#include <QTreeWidget>
#include <optional>

namespace gireview {

class Workspace;

class CaseBrowser : public QTreeWidget {
    Q_OBJECT
public:
    explicit CaseBrowser(QWidget* parent = nullptr);
    void populate(const DatasetIndex& index);
    bool selectDay(CaseDayKey day);
    // The loadable day `delta` rows after the current one (across cases); false at either end.
    bool stepDay(int delta);
    std::optional<CaseDayKey> dayOf(const QTreeWidgetItem* item) const;
    // The Review column from the workspace (nothing without one).
    void refreshReview(const Workspace* workspace);

signals:
    void daySelected(gireview::CaseDayKey day);
};

} // namespace gireview
