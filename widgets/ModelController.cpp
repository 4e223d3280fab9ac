#include "ModelController.h"

#include "SegmentationModel.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <nlohmann/json.hpp>

namespace gireview {

namespace {
QString defaultModelPath() {
    return QString::fromStdString(
        findDefaultModel(QCoreApplication::applicationFilePath().toStdString()));
}
} // namespace

ModelController::ModelController(QStatusBar* statusBar, QWidget* dialogParent)
    : QObject(dialogParent), dialogParent_(dialogParent),
      runner_(new ModelRunner(statusBar, this)) {
    runner_->setModelPath(QSettings().value(QStringLiteral("model/path")).toString());
    if (runner_->modelPath().isEmpty() || !QFileInfo::exists(runner_->modelPath()))
        runner_->setModelPath(defaultModelPath());
    connect(runner_, &ModelRunner::dayPredicted, this, &ModelController::onDayPredicted);
    connect(runner_, &ModelRunner::failed, this,
            [this](const QString& text) { emit problem(tr("Model"), text); });
    connect(runner_, &ModelRunner::finished, this,
            [this](int days, bool cancelled, double seconds) {
                emit message(cancelled ? tr("Model cancelled after %1 case-day(s)").arg(days)
                                       : tr("Model predicted %1 case-day(s) in %2 s: the "
                                            "prediction layer is drawn dotted; "
                                            "A / Shift+A / Ctrl+Shift+A accept it")
                                             .arg(days)
                                             .arg(seconds, 0, 'f', 1),
                             false);
            });
}

void ModelController::setDocument(ReviewDocument* document) {
    runner_->cancel();
    ++documentGeneration_;
    document_ = document;
    day_.reset();
}

bool ModelController::run(RunScope scope) {
    if (!document_) return false;
    std::vector<DayEntry> days;
    for (const auto* day : document_->index().days()) {
        if (!day->usable) continue;
        const bool wanted = scope == RunScope::All ||
                            (day_ && (scope == RunScope::Case ? day->key.caseNo == day_->caseNo
                                                              : day->key == *day_));
        if (wanted) days.push_back(*day);
    }
    if (days.empty()) {
        emit message(tr("Open a case-day first"), false);
        return false;
    }
    // Loaded here, before the run: the document is the GUI thread's.
    ModelRunner::PreviousDays previous;
    for (const DayEntry& day : days)
        if (auto labels = document_->previousLabelledDay(day.key))
            previous[day.key] = std::make_shared<const LabelVolume>(std::move(*labels));
    if (!runner_->run(days, std::move(previous))) return false;
    runGeneration_ = documentGeneration_;
    return true;
}

void ModelController::onDayPredicted(std::shared_ptr<LabelVolume> labels, const QString& cardJson,
                                     std::shared_ptr<const SliceRisk> risk) {
    if (runGeneration_ != documentGeneration_ || !document_)
        return; // a day of a dataset closed since
    const bool current = day_ && *day_ == labels->day();
    try {
        // Only the day on screen stays in memory; the others are read back from the workspace.
        document_->setPrediction(labels, cardJson.toStdString(), current, risk ? *risk : SliceRisk{});
    } catch (const std::exception& error) {
        emit problem(tr("Workspace"), QString::fromStdString(error.what()));
    }
    if (current) emit predictionForCurrentDay(labels);
}

void ModelController::chooseModelFile() {
    const QString file = QFileDialog::getOpenFileName(
        dialogParent_, tr("Choose a TorchScript model (its .card.json beside it)"),
        QFileInfo(runner_->modelPath()).path(), tr("TorchScript models (*.pt)"));
    if (file.isEmpty()) return;
    runner_->setModelPath(file);
    QSettings().setValue(QStringLiteral("model/path"), file);
    emit message(tr("Model: %1").arg(file), false);
}

void ModelController::useDefaultModel() {
    runner_->setModelPath(defaultModelPath());
    QSettings().remove(QStringLiteral("model/path"));
    emit message(runner_->modelPath().isEmpty() ? tr("No default model found")
                                                : tr("Model: %1").arg(runner_->modelPath()),
                 false);
}

void ModelController::showCard() {
    const ModelInfo& model = runner_->model();
    const QString card = model.cardJson;
    QMessageBox box(QMessageBox::Information, tr("Model card"),
                    card.isEmpty()
                        ? tr("Model file: %1\n(the card is read when the model first runs)")
                              .arg(runner_->modelPath())
                        : tr("%1 %2\n%3")
                              .arg(model.name, model.version,
                                   model.synthetic
                                       ? tr("Synthetic training data: not for patient images.")
                                       : QString()),
                    QMessageBox::Ok, dialogParent_);
    if (!card.isEmpty())
        box.setDetailedText(
            QString::fromStdString(nlohmann::json::parse(card.toStdString()).dump(2)));
    box.exec();
}

} // namespace gireview
