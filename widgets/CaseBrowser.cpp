#include "CaseBrowser.h"

#include "review/Workspace.h"

#include <vector>
#include <QHeaderView>

namespace gireview {

namespace {
constexpr int kCaseRole = Qt::UserRole + 1;
constexpr int kDayRole = Qt::UserRole + 2;
} // namespace

CaseBrowser::CaseBrowser(QWidget* parent) : QTreeWidget(parent) {
    setObjectName(QStringLiteral("caseBrowser"));
    setHeaderLabels({tr("Case / day"), tr("Slices"), tr("Size"), tr("Spacing"), tr("Review")});
    header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item && !item->isDisabled())
            if (auto day = dayOf(item)) emit daySelected(*day);
    });
}

std::optional<CaseDayKey> CaseBrowser::dayOf(const QTreeWidgetItem* item) const {
    if (!item || !item->data(0, kDayRole).isValid()) return std::nullopt;
    return CaseDayKey{item->data(0, kCaseRole).toInt(), item->data(0, kDayRole).toInt()};
}

void CaseBrowser::populate(const DatasetIndex& index) {
    clear();
    for (const auto& caseEntry : index.cases) {
        auto* caseItem =
            new QTreeWidgetItem(this, {QStringLiteral("case%1").arg(caseEntry.caseNo)});
        for (const auto& day : caseEntry.days) {
            auto* item = new QTreeWidgetItem(
                caseItem, {QString::fromStdString(formatCaseDayName(day.key)),
                           QString::number(day.slices.size()),
                           QStringLiteral("%1x%2").arg(day.geometry.width).arg(day.geometry.height),
                           QStringLiteral("%1 mm").arg(day.geometry.spacingX, 0, 'f', 2),
                           tr("not reviewed")});
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

bool CaseBrowser::selectDay(CaseDayKey key) {
    for (int c = 0; c < topLevelItemCount(); ++c) {
        QTreeWidgetItem* caseItem = topLevelItem(c);
        for (int d = 0; d < caseItem->childCount(); ++d)
            if (dayOf(caseItem->child(d)) == key) {
                setCurrentItem(caseItem->child(d));
                return true;
            }
    }
    return false;
}

bool CaseBrowser::stepDay(int delta) {
    std::vector<QTreeWidgetItem*> days;
    int current = -1;
    for (int c = 0; c < topLevelItemCount(); ++c)
        for (int d = 0; d < topLevelItem(c)->childCount(); ++d) {
            QTreeWidgetItem* item = topLevelItem(c)->child(d);
            if (item->isDisabled() || !dayOf(item)) continue;
            if (item == currentItem()) current = int(days.size());
            days.push_back(item);
        }
    const int next = current < 0 ? (delta > 0 ? 0 : int(days.size()) - 1) : current + delta;
    if (next < 0 || next >= int(days.size())) return false;
    setCurrentItem(days[size_t(next)]);
    return true;
}

void CaseBrowser::refreshReview(const Workspace* workspace) {
    if (!workspace) return;
    const char* names[] = {"not reviewed", "in progress", "approved"};
    for (int c = 0; c < topLevelItemCount(); ++c) {
        QTreeWidgetItem* caseItem = topLevelItem(c);
        for (int d = 0; d < caseItem->childCount(); ++d) {
            QTreeWidgetItem* item = caseItem->child(d);
            const auto key = dayOf(item);
            if (!key) continue;
            QStringList parts;
            for (Organ organ : kAllOrgans) {
                const auto status = workspace->status(*key, organ);
                if (status != ReviewStatus::NotReviewed)
                    parts << QStringLiteral("%1: %2").arg(
                        QString::fromUtf8(organClassName(organ).data()), tr(names[int(status)]));
            }
            item->setText(4,
                          parts.isEmpty() ? tr("not reviewed") : parts.join(QStringLiteral(", ")));
            item->setToolTip(4, item->text(4));
        }
    }
}

} // namespace gireview
