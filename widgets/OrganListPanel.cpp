#include "OrganListPanel.h"

#include "OrganColors.h"
#include "ViewState.h"

#include <QHeaderView>
#include <QPainter>
#include <QPainterPath>

namespace gireview {

namespace {

// Drawn, not taken from an icon theme: a bare system (or Xvfb) has none.
QIcon lockIcon() {
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(60, 60, 60), 2));
    painter.drawArc(QRectF(4, 1.5, 8, 9), 0, 180 * 16); // the shackle
    painter.drawLine(QPointF(4, 6), QPointF(4, 8));
    painter.drawLine(QPointF(12, 6), QPointF(12, 8));
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(200, 150, 0));
    painter.drawRoundedRect(QRectF(2, 7, 12, 8), 1.5, 1.5); // the body
    return QIcon(pixmap);
}

} // namespace

OrganListPanel::OrganListPanel(ViewState* state, QWidget* parent)
    : QTableWidget(kOrganCount, ColumnCount, parent), state_(state) {
    setObjectName(QStringLiteral("organList"));
    setHorizontalHeaderLabels({tr("Organ"), tr("Key"), tr("Shown"), tr("Review")});
    horizontalHeaderItem(ShownColumn)
        ->setToolTip(tr("Shown in every view (the Display panel's organ boxes)"));
    horizontalHeaderItem(StatusColumn)
        ->setToolTip(tr("Not reviewed, in progress (slices marked) or approved (locked)"));
    verticalHeader()->hide();
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setFocusPolicy(Qt::NoFocus); // keys stay with the views (1/2/3 pick organs anyway)
    horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(KeyColumn, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(ShownColumn, QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(true);
    for (Organ organ : kAllOrgans) {
        const int row = organIndex(organ);
        auto* name = new QTableWidgetItem(organSwatch(organ, 14),
                                          QString::fromUtf8(organDisplayName(organ).data()));
        setItem(row, NameColumn, name);
        auto* key = new QTableWidgetItem(QString::number(row + 1));
        key->setTextAlignment(Qt::AlignCenter);
        key->setToolTip(tr("Press %1 to make it the active organ").arg(row + 1));
        setItem(row, KeyColumn, key);
        auto* shown = new QTableWidgetItem;
        shown->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        setItem(row, ShownColumn, shown);
        setItem(row, StatusColumn, new QTableWidgetItem);
    }
    resizeRowsToContents();
    setMaximumHeight(horizontalHeader()->sizeHint().height() + rowHeight(0) * kOrganCount +
                     2 * frameWidth() + 2);
    setReview({}, 0);
    pullVisibility();
    connect(state_, &ViewState::overlayChanged, this, &OrganListPanel::pullVisibility);
    connect(this, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (updating_ || item->column() != ShownColumn) return;
        OverlaySettings overlay = state_->overlay();
        overlay.organVisible[size_t(item->row())] = item->checkState() == Qt::Checked;
        state_->setOverlay(overlay);
    });
    connect(this, &QTableWidget::cellClicked, this, [this](int row, int column) {
        if (column != ShownColumn) emit organChosen(kAllOrgans[size_t(row)]);
    });
}

void OrganListPanel::pullVisibility() {
    updating_ = true;
    for (Organ organ : kAllOrgans) {
        const bool shown = state_->overlay().organVisible[size_t(organIndex(organ))];
        item(organIndex(organ), ShownColumn)->setCheckState(shown ? Qt::Checked : Qt::Unchecked);
    }
    updating_ = false;
}

void OrganListPanel::setReview(const std::array<OrganReview, kOrganCount>& organs, int slices) {
    updating_ = true;
    for (Organ organ : kAllOrgans) {
        const OrganReview& review = organs[size_t(organIndex(organ))];
        QTableWidgetItem* status = item(organIndex(organ), StatusColumn);
        QString text;
        if (slices == 0)
            text = tr("no day shown");
        else if (review.status == ReviewStatus::Approved)
            text = tr("approved (locked)");
        else if (review.status == ReviewStatus::InProgress || review.markedSlices > 0)
            text = tr("in progress \u00b7 %1/%2 slices").arg(review.markedSlices).arg(slices);
        else
            text = tr("not reviewed");
        status->setText(text);
        status->setIcon(slices > 0 && review.status == ReviewStatus::Approved ? lockIcon()
                                                                              : QIcon());
        status->setData(Qt::UserRole, slices > 0 && review.status == ReviewStatus::Approved);
        status->setToolTip(
            review.status == ReviewStatus::Approved
                ? tr("Approved: locked against edits (Edit > Reopen active organ unlocks it)")
                : text);
    }
    updating_ = false;
}

void OrganListPanel::setActiveOrgan(Organ organ) {
    selectRow(organIndex(organ));
}

QString OrganListPanel::statusText(Organ organ) const {
    return item(organIndex(organ), StatusColumn)->text();
}

bool OrganListPanel::showsLock(Organ organ) const {
    return item(organIndex(organ), StatusColumn)->data(Qt::UserRole).toBool();
}

} // namespace gireview
