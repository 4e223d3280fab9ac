#pragma once
// File > Export: the dialog, then the document's export (the same function the CLI calls) on a
// worker thread with its own workspace connection, behind a progress dialog with Cancel.
#include "ExportDialog.h"
#include "review/ReviewDocument.h"

#include <QObject>
#include <optional>

class QWidget;

namespace gireview {

class ExportController : public QObject {
    Q_OBJECT
public:
    explicit ExportController(QWidget* dialogParent);
    void setDocument(ReviewDocument* document, const QString& datasetPath);
    void setCurrentDay(std::optional<CaseDayKey> day) { day_ = day; }
    void exportWithDialog();
    // False on failure or cancel (nothing half-written is left behind either way).
    bool exportLabels(const ExportRequest& request);

signals:
    void message(const QString& text, bool important);
    void problem(const QString& title, const QString& text);

private:
    QWidget* dialogParent_;
    ReviewDocument* document_ = nullptr;
    QString datasetPath_;
    std::optional<CaseDayKey> day_;
};

} // namespace gireview
