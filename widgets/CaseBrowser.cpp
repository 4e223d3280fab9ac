#include "CaseBrowser.h"

#include "io/CaseDayRegistry.h"
#include "review/Workspace.h"

#include <vector>
#include <QHeaderView>

namespace gireview {

namespace {
constexpr int kCaseRole = Qt::UserRole + 1;
constexpr int kDayRole = Qt::UserRole + 2;
constexpr int kDepthRole = Qt::UserRole + 3;
constexpr int kReviewColumn = 4;
} // namespace

CaseBrowser::CaseBrowser(QWidget* parent) : QTreeWidget(parent) {
    setObjectName(QStringLiteral("caseBrowser"));
    setHeaderLabels({tr("Case / day"), tr("Slices"), tr("Size"), tr("Spacing"), tr("Review")});
    header()->setSectionResizeMode(QHeaderView::Interactive);
    const char* headerTips[] = {"case and day (caseN_dayM)", "slices in the day", "width x height in pixels",
                                "pixel spacing", "slices reviewed out of the day's (every organ marked or approved) \u00b7 organs approved out of three"};
    for (int column = 0; column < 5; ++column) headerItem()->setToolTip(column, tr(headerTips[column]));
    // Progress is what the reviewer looks for: shown next to the day, the geometry after it.
    header()->moveSection(kReviewColumn, 1);
    header()->setStretchLastSection(false);
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
                           tr("0/%1 \u00b7 0/3").arg(day.geometry.depth)});
            if (day.dicom) {
                // A clinic's fraction: its date and time beside its number, the patient and the
                // series in the tooltip, so the case reads as the patient's timeline.
                const DicomSeries& series = *day.dicom;
                item->setText(0, item->text(0) + QStringLiteral("  ") +
                                     QString::fromStdString(CaseDayRegistry::displayDateTime(series.identity)));
                item->setToolTip(0, tr("Patient %1\nStudy %2\n%3 series %4: %5\nSeries UID %6")
                                        .arg(QString::fromStdString(series.identity.patientId),
                                             QString::fromStdString(CaseDayRegistry::displayDateTime(series.identity)),
                                             QString::fromStdString(series.modality))
                                        .arg(series.positions)
                                        .arg(QString::fromStdString(series.description), QString::fromStdString(series.identity.seriesUid)));
                caseItem->setToolTip(0, tr("Patient %1").arg(QString::fromStdString(series.identity.patientId)));
            }
            item->setData(0, kCaseRole, day.key.caseNo);
            item->setData(0, kDayRole, day.key.dayNo);
            item->setData(0, kDepthRole, day.geometry.depth);
            if (!day.usable) {
                item->setDisabled(true);
                item->setToolTip(0, tr("Cannot be loaded: see Tools > Dataset problems"));
            }
        }
        caseItem->setExpanded(true);
    }
    // Sized to the content once, then the reviewer's to drag.
    for (int column = 0; column < columnCount(); ++column) resizeColumnToContents(column);
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
            const int depth = item->data(0, kDepthRole).toInt();
            const LabelledSlices vouched = workspace->vouchedPairs(*key, depth);
            const Workspace::DayProgress progress = workspace->progress(*key, depth);
            QStringList lines;
            for (Organ organ : kAllOrgans)
                lines << tr("%1: %2, %3 of %4 slices vouched for")
                             .arg(QString::fromUtf8(organDisplayName(organ).data()),
                                  tr(names[int(workspace->status(*key, organ))]))
                             .arg(vouched.count(organ))
                             .arg(depth);
            const int reviewedSlices = progress.reviewedSlices, approved = progress.approvedOrgans;
            item->setText(kReviewColumn, tr("%1/%2 \u00b7 %3/3").arg(reviewedSlices).arg(depth).arg(approved));
            item->setToolTip(kReviewColumn, tr("%1 of %2 slices reviewed, %3 of 3 organs approved\n").arg(reviewedSlices).arg(depth).arg(approved) + lines.join('\n'));
        }
    }
}

} // namespace gireview
