#pragma once
// The window's side of the QA checks: their thresholds in the settings (Edit > QA thresholds,
// the same names and defaults as `gireview-cli qa`), and the question an approval with open
// flags asks.
#include "analysis/QaChecks.h"

#include <QDialog>
#include <QString>
#include <vector>

class QDoubleSpinBox;

namespace gireview {

// The thresholds as set in the settings (keys "qa/<name>"); defaults for those never set.
QaThresholds loadQaThresholds();
void saveQaThresholds(const QaThresholds& thresholds);

// One line per flag, as the log and the approval question show it.
QString describeQaFlag(const QaFlag& flag);

// Edits every threshold, with its help as the tooltip; OK saves them, Defaults restores them.
class QaThresholdsDialog : public QDialog {
    Q_OBJECT
public:
    explicit QaThresholdsDialog(QWidget* parent = nullptr);
    QaThresholds thresholds() const;
    void accept() override;

private:
    void show(const QaThresholds& thresholds);
    std::vector<QDoubleSpinBox*> boxes_; // one per qaThresholdFields() entry
};

// Asks `reviewer` whether to approve `organName` on `dayName` although the flags are open; true only when
// the reviewer chooses "Approve with these flags" (the default is Cancel). Unattended runs never
// approve over flags: nobody saw them.
bool askApproveWithFlags(QWidget* parent, const QString& organName, const QString& dayName,
                         const QString& reviewer, const std::vector<QaFlag>& flags);

// "Approve Stomach on case1_day1 as Dr X?": the plain confirmation of an approval without open
// flags (Approve is the default). False when cancelled or without a person to ask.
bool askApprove(QWidget* parent, const QString& organName, const QString& dayName, const QString& reviewer);

} // namespace gireview
