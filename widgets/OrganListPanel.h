#pragma once
// The organs of the shown day, one row each (as Slicer's segment table): colour swatch and name,
// the key that makes it active, an eye (shown or hidden in every view) and the review status,
// with a lock on an approved organ before anyone tries to paint on it. The active organ's row is
// highlighted; clicking a row makes that organ active.
#include "data/Organ.h"
#include "review/Workspace.h"

#include <QTableWidget>
#include <array>

namespace gireview {

class ViewState;

class OrganListPanel : public QTableWidget {
    Q_OBJECT
public:
    OrganListPanel(ViewState* state, QWidget* parent = nullptr);

    struct OrganReview {
        ReviewStatus status = ReviewStatus::NotReviewed;
        int markedSlices = 0; // slices marked reviewed for this organ
    };
    // The shown day's review state; `slices` 0 when no day is shown.
    void setReview(const std::array<OrganReview, kOrganCount>& organs, int slices);
    void setActiveOrgan(Organ organ);
    QString statusText(Organ organ) const;
    bool showsLock(Organ organ) const;

    enum Column { NameColumn = 0, KeyColumn, ShownColumn, StatusColumn, ColumnCount };

signals:
    void organChosen(gireview::Organ organ);

private:
    void pullVisibility();
    ViewState* state_;
    bool updating_ = false;
};

} // namespace gireview
