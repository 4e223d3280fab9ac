#include "QaDialogs.h"

#include "Unattended.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace gireview {

namespace {
QString settingsKey(const QaThresholdField& field) {
    return QStringLiteral("qa/") + QString::fromUtf8(field.name);
}
// The approval question's two buttons; Escape cancels, Return takes the default.
bool runApprovalBox(QMessageBox& box, const QString& approveText, const char* approveName, bool approveIsDefault) {
    QPushButton* approve = box.addButton(approveText, QMessageBox::AcceptRole);
    approve->setObjectName(QLatin1String(approveName));
    QPushButton* cancel = box.addButton(QMessageBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelApproval"));
    box.setDefaultButton(approveIsDefault ? approve : cancel);
    box.setEscapeButton(cancel);
    box.exec();
    return box.clickedButton() == approve;
}
} // namespace

QaThresholds loadQaThresholds() {
    QaThresholds thresholds;
    QSettings settings;
    for (const auto& field : qaThresholdFields()) {
        bool ok = false;
        const double value = settings.value(settingsKey(field)).toDouble(&ok);
        if (ok && value >= field.low && value <= field.high) thresholds.*field.field = value;
    }
    return thresholds;
}

void saveQaThresholds(const QaThresholds& thresholds) {
    QSettings settings;
    for (const auto& field : qaThresholdFields())
        settings.setValue(settingsKey(field), thresholds.*field.field);
}

QString describeQaFlag(const QaFlag& flag) {
    QString where = !flag.hasSlice() ? QObject::tr("whole day")
                    : flag.lastSlice > flag.firstSlice
                        ? QObject::tr("slices %1-%2").arg(flag.firstSlice).arg(flag.lastSlice)
                        : QObject::tr("slice %1").arg(flag.firstSlice);
    return QStringLiteral("%1 %2, %3: %4")
        .arg(QString::fromUtf8(organDisplayName(flag.organ).data()),
             QString::fromUtf8(qaKindName(flag.kind).data()), where,
             QString::fromStdString(flag.detail));
}

QaThresholdsDialog::QaThresholdsDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("QA thresholds"));
    auto* form = new QFormLayout;
    for (const auto& field : qaThresholdFields()) {
        auto* box = new QDoubleSpinBox(this);
        box->setObjectName(QString::fromUtf8(field.name));
        box->setRange(field.low, field.high);
        box->setDecimals(field.whole ? 0 : 2);
        box->setSingleStep(field.whole ? 1 : 0.1);
        box->setToolTip(QString::fromUtf8(field.help));
        form->addRow(QString::fromUtf8(field.name), box);
        boxes_.push_back(box);
    }
    auto* buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { show(QaThresholds{}); });
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    show(loadQaThresholds());
}

void QaThresholdsDialog::show(const QaThresholds& thresholds) {
    const auto& fields = qaThresholdFields();
    for (size_t i = 0; i < fields.size(); ++i)
        boxes_[i]->setValue(thresholds.*fields[i].field);
}

QaThresholds QaThresholdsDialog::thresholds() const {
    QaThresholds thresholds;
    const auto& fields = qaThresholdFields();
    for (size_t i = 0; i < fields.size(); ++i)
        thresholds.*fields[i].field = boxes_[i]->value();
    return thresholds;
}

void QaThresholdsDialog::accept() {
    saveQaThresholds(thresholds());
    QDialog::accept();
}

bool askApproveWithFlags(QWidget* parent, const QString& organName, const QString& dayName,
                         const QString& reviewer, const std::vector<QaFlag>& flags) {
    if (unattended()) return false;
    const QString summary =
        flags.size() == 1 ? QObject::tr("One QA flag is open for %1 on %2.").arg(organName, dayName)
                          : QObject::tr("%1 QA flags are open for %2 on %3.")
                                .arg(flags.size())
                                .arg(organName, dayName);
    QMessageBox box(QMessageBox::Warning, QObject::tr("Approve with open QA flags?"), summary,
                    QMessageBox::NoButton, parent);
    QStringList lines;
    for (size_t i = 0; i < flags.size() && i < 12; ++i)
        lines << describeQaFlag(flags[i]);
    if (flags.size() > 12)
        lines << QObject::tr("... and %1 more (all in the log)").arg(flags.size() - 12);
    box.setInformativeText(
        lines.join('\n') +
        QObject::tr("\n\nApproving as %1 records these flags as acknowledged.").arg(reviewer));
    return runApprovalBox(box, QObject::tr("&Approve with these flags"), "approveWithFlags", false);
}

bool askApprove(QWidget* parent, const QString& organName, const QString& dayName, const QString& reviewer) {
    if (unattended()) return false;
    QMessageBox box(QMessageBox::Question, QObject::tr("Approve %1?").arg(organName),
                    QObject::tr("Approve %1 on %2 as %3?").arg(organName, dayName, reviewer), QMessageBox::NoButton,
                    parent);
    box.setInformativeText(QObject::tr("It locks %1 for this day; Edit > Reopen unlocks it.").arg(organName));
    return runApprovalBox(box, QObject::tr("&Approve"), "approve", true);
}

} // namespace gireview
