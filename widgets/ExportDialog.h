#pragma once
// File > Export: format, scope and options, then the export runs off the GUI thread with a
// cancellable progress dialog. Parameters live in ExportRequest, not in the widgets.
#include "io/LabelExchange.h"

#include <QDialog>

class QComboBox;
class QCheckBox;
class QLineEdit;

namespace gireview {

struct ExportRequest {
    ExportOptions options;
    enum class Scope { CurrentDay, CurrentCase, AllDays, ChangedSinceLastExport } scope = Scope::AllDays;
    QString path;
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const QString& defaultFolder, bool haveCurrentDay, QWidget* parent = nullptr);
    ExportRequest request() const;
    void setRequest(LabelFormat format, const QString& path); // for tests and scripted use

private:
    void formatChanged();
    void browse();
    void restoreChoices();
    void rememberChoices() const;
    QComboBox* format_ = nullptr;
    QComboBox* scope_ = nullptr;
    QComboBox* cocoEncoding_ = nullptr;
    QCheckBox* perComponent_ = nullptr;
    QCheckBox* perOrgan_ = nullptr;
    QCheckBox* withImage_ = nullptr;
    QCheckBox* sidecar_ = nullptr;
    QCheckBox* reviewedOnly_ = nullptr;
    QLineEdit* path_ = nullptr;
    QString folder_;
};

} // namespace gireview
