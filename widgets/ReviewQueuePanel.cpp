#include "ReviewQueuePanel.h"

#include "OrganColors.h"

#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gireview {

namespace {

enum Column { SliceColumn, OrganColumn, RiskColumn, SeenColumn, ColumnCount };
constexpr int kRiskRole = Qt::UserRole + 1;
constexpr int kOrganRole = Qt::UserRole + 2;

// The risk as a bar in the organ's colour, the number beside it.
class RiskBarDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override {
        QStyleOptionViewItem background = option;
        background.text.clear();
        QStyledItemDelegate::paint(painter, background, index); // selection highlight
        const double risk = index.data(kRiskRole).toDouble();
        const QColor color = organColor(Organ(index.data(kOrganRole).toInt()));
        const QRect area = option.rect.adjusted(3, 4, -40, -4);
        painter->save();
        painter->fillRect(area, QColor(0x30, 0x30, 0x30));
        painter->fillRect(QRect(area.left(), area.top(), int(area.width() * risk), area.height()), color);
        painter->setPen(option.palette.color(option.state & QStyle::State_Selected
                                                 ? QPalette::HighlightedText
                                                 : QPalette::Text));
        painter->drawText(option.rect.adjusted(0, 0, -3, 0), Qt::AlignRight | Qt::AlignVCenter,
                          QString::number(risk, 'f', 2));
        painter->restore();
    }
};

} // namespace

ReviewQueuePanel::ReviewQueuePanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("reviewQueuePanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("queueSummary"));
    summary_->setWordWrap(true);
    layout->addWidget(summary_);
    table_ = new QTableWidget(0, ColumnCount, this);
    table_->setObjectName(QStringLiteral("reviewQueue"));
    table_->setHorizontalHeaderLabels({tr("Slice"), tr("Organ"), tr("Risk"), tr("Seen")});
    table_->horizontalHeaderItem(RiskColumn)->setToolTip(tr("How likely the contour needs an edit (README: review risk)"));
    table_->horizontalHeaderItem(SeenColumn)->setToolTip(tr("Shown in queue order (seen is not reviewed)"));
    table_->verticalHeader()->setVisible(false);
    table_->verticalHeader()->setDefaultSectionSize(20);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setFocusPolicy(Qt::NoFocus); // J / K and the arrows stay with the views
    table_->setItemDelegateForColumn(RiskColumn, new RiskBarDelegate(table_));
    auto* header = table_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(RiskColumn, QHeaderView::Stretch);
    table_->setColumnWidth(SliceColumn, 50);
    table_->setColumnWidth(OrganColumn, 100);
    table_->setColumnWidth(SeenColumn, 44);
    layout->addWidget(table_);
    connect(table_, &QTableWidget::cellClicked, this, [this](int row, int) { goTo(row); });
    refill();
}

void ReviewQueuePanel::refill() {
    const auto& entries = queue_.entries();
    table_->setRowCount(int(entries.size()));
    for (int row = 0; row < int(entries.size()); ++row) {
        const QueueEntry& entry = entries[size_t(row)];
        const QString organName = QString::fromUtf8(organDisplayName(entry.organ).data());
        auto* slice = new QTableWidgetItem(QString::number(entry.slice + 1));
        slice->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        auto* organ = new QTableWidgetItem(organName);
        organ->setForeground(organColor(entry.organ));
        auto* risk = new QTableWidgetItem();
        risk->setData(kRiskRole, double(entry.risk));
        risk->setData(kOrganRole, organIndex(entry.organ));
        risk->setToolTip(tr("Slice %1, %2: risk %3").arg(entry.slice + 1).arg(organName).arg(double(entry.risk), 0, 'f', 3));
        auto* seen = new QTableWidgetItem(queue_.seen(entry.slice, entry.organ) ? QStringLiteral("\u2713") : QString());
        seen->setTextAlignment(Qt::AlignCenter);
        table_->setItem(row, SliceColumn, slice);
        table_->setItem(row, OrganColumn, organ);
        table_->setItem(row, RiskColumn, risk);
        table_->setItem(row, SeenColumn, seen);
    }
    showPosition();
    updateSummary();
}

std::optional<QueueEntry> ReviewQueuePanel::step(int delta) { return announce(queue_.step(delta)); }

std::optional<QueueEntry> ReviewQueuePanel::goTo(int index) { return announce(queue_.goTo(index)); }

std::optional<QueueEntry> ReviewQueuePanel::announce(std::optional<QueueEntry> entry) {
    if (entry) {
        showPosition();
        updateSummary();
        emit pairChosen(*entry, queue_.position(), int(queue_.entries().size()));
    }
    return entry;
}

void ReviewQueuePanel::showPosition() {
    const int row = queue_.position();
    if (row < 0 || row >= table_->rowCount()) {
        table_->clearSelection();
        return;
    }
    if (QTableWidgetItem* seen = table_->item(row, SeenColumn)) seen->setText(QStringLiteral("\u2713"));
    table_->selectRow(row);
    table_->scrollToItem(table_->item(row, SliceColumn), QAbstractItemView::EnsureVisible);
}

void ReviewQueuePanel::updateSummary() {
    if (queue_.empty()) {
        summary_->setText(tr("No review risk for this day: run the model on it (Ctrl+R)."));
        return;
    }
    summary_->setText(tr("%1 pairs by risk, %2 seen (seen is not reviewed). J next, K previous.")
                          .arg(queue_.entries().size())
                          .arg(queue_.seenCount()));
}

} // namespace gireview
