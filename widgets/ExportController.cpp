#include "ExportController.h"

#include "BackgroundTask.h"

#include <QWidget>

namespace gireview {

ExportController::ExportController(QWidget* dialogParent)
    : QObject(dialogParent), dialogParent_(dialogParent) {}

void ExportController::setDocument(ReviewDocument* document, const QString& datasetPath) {
    document_ = document;
    datasetPath_ = datasetPath;
}

void ExportController::exportWithDialog() {
    if (!document_ || !document_->hasLabels()) {
        emit problem(tr("Nothing to export"),
                     tr("No labels are loaded for this dataset (File > Import labels)."));
        return;
    }
    ExportDialog dialog(datasetPath_, bool(day_), dialogParent_);
    if (dialog.exec() == QDialog::Accepted) exportLabels(dialog.request());
}

bool ExportController::exportLabels(const ExportRequest& request) {
    if (!document_ || !document_->hasLabels()) {
        emit problem(tr("Nothing to export"), tr("No labels are loaded for this dataset."));
        return false;
    }
    std::vector<CaseDayKey> scope;
    if (day_ && request.scope == ExportRequest::Scope::CurrentDay) scope.push_back(*day_);
    if (day_ && request.scope == ExportRequest::Scope::CurrentCase)
        for (const auto* day : document_->index().days())
            if (day->key.caseNo == day_->caseNo) scope.push_back(day->key);
    ExportOptions options = request.options;
    options.changedOnly = request.scope == ExportRequest::Scope::ChangedSinceLastExport;
    options.tool = "gireview";
    // The days being edited are copied here, on the GUI thread; the worker reads the workspace
    // through a connection of its own.
    const ExportSnapshot snapshot = document_->snapshotForExport(scope);
    const int total = scope.empty() ? int(document_->index().days().size()) : int(scope.size());
    ExportReport report;
    const std::string out = request.path.toStdString();
    const BackgroundResult result = runWithProgress(
        dialogParent_, tr("Exporting labels..."), total,
        [&](std::atomic<int>& done, const std::atomic<bool>& cancel) {
            report = ReviewDocument::runExport(snapshot, out, options, [&](int finished, int) {
                done = finished;
                return !cancel.load();
            });
        });
    if (result.cancelled) {
        emit message(tr("Export cancelled"), false);
        return false;
    }
    if (!result.error.isEmpty()) {
        emit problem(tr("Export failed"), result.error);
        return false;
    }
    QString text = tr("Exported %1 case-days (%2 files) to %3")
                       .arg(report.days)
                       .arg(report.files.size())
                       .arg(request.path);
    if (report.leftOut.unlabelledPairs)
        text += tr("; %1 unlabelled (slice, organ) pairs left out (%2)")
                    .arg(report.leftOut.unlabelledPairs)
                    .arg(QString::fromStdString(report.leftOut.reason));
    emit message(text, true);
    return true;
}

} // namespace gireview
