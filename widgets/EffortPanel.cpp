#include "EffortPanel.h"

#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>

namespace gireview {

namespace {
// clang-format off
const QStringList kColumns = {QObject::tr("Organ"), QObject::tr("APL mm"), QObject::tr("sDice 1 mm"),
                              QObject::tr("sDice 2 mm"), QObject::tr("HD95 mm"), QObject::tr("Volume change cc"),
                              QObject::tr("Slices edited"), QObject::tr("Strokes"), QObject::tr("Active"),
                              QObject::tr("To approval")};
// clang-format on

QString minutes(double seconds) {
    const int s = int(seconds + 0.5);
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString number(const QJsonValue& value, int decimals) {
    return value.isDouble() ? QString::number(value.toDouble(), 'f', decimals)
                            : QStringLiteral("-");
}
} // namespace

EffortPanel::EffortPanel(QWidget* parent)
    : QTableWidget(kOrganCount, int(kColumns.size()), parent) {
    setObjectName(QStringLiteral("effortPanel"));
    setHorizontalHeaderLabels(kColumns);
    verticalHeader()->hide();
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeaderItem(1)->setToolTip(
        tr("Added path length: the approved contour's boundary farther "
           "than 3 mm from the first prediction's, in mm"));
    horizontalHeaderItem(8)->setToolTip(tr("Active editing time (pauses over 60 s not counted)"));
    showDay(nullptr, std::nullopt);
}

void EffortPanel::showDay(const ReviewDocument* document, std::optional<CaseDayKey> day) {
    const Workspace* workspace = document ? document->workspace() : nullptr;
    std::vector<EffortRecord> records;
    try {
        if (workspace && day) records = workspace->effort();
    } catch (const std::exception&) {
        records.clear(); // an unreadable workspace says so elsewhere; the panel stays empty
    }
    for (Organ organ : kAllOrgans) {
        const int row = organIndex(organ);
        QStringList cells(kColumns.size(), QString());
        cells[0] = QString::fromUtf8(organDisplayName(organ).data());
        const EffortRecord* last = nullptr;
        for (const auto& record : records)
            if (record.day == *day && record.organ == organ) last = &record;
        const bool approved = last && workspace->status(*day, organ) == ReviewStatus::Approved;
        if (approved) {
            const QJsonObject m =
                QJsonDocument::fromJson(QByteArray::fromStdString(last->measuresJson)).object();
            cells[1] = number(m["apl_mm"], 1);
            cells[2] = number(m["surface_dice_1mm"], 3);
            cells[3] = number(m["surface_dice_2mm"], 3);
            cells[4] = number(m["hausdorff95_mm"], 1);
            cells[5] = number(m["volume_change_cc"], 1);
            cells[6] = QString::number(m["slices_edited"].toInt());
            cells[7] = QString::number(m["strokes"].toInt());
            cells[8] = minutes(m["active_seconds"].toDouble());
            cells[9] = m["seconds_to_approval"].isDouble()
                           ? minutes(m["seconds_to_approval"].toDouble())
                           : QStringLiteral("-");
        } else if (workspace && day) {
            cells[8] = minutes(workspace->activeSeconds(*day, organ));
            cells[9] = tr("not approved");
        }
        for (int column = 0; column < int(cells.size()); ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            if (column > 0) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            setItem(row, column, item);
        }
    }
}

} // namespace gireview
