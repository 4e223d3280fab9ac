#include "ModelRunner.h"

#include "DayRisk.h"

#include "WorkerThreads.h"

#include "DayInference.h"
#include "ModelCard.h"
#include "ModelError.h"
#include "io/DayPrefetcher.h"
#include "SegmentationModel.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLabel>
#include <QMetaObject>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <optional>

namespace gireview {

// Lives on the runner's thread; keeps the last model loaded so repeated runs start at once.
class InferenceWorker : public QObject {
public:
    explicit InferenceWorker(ModelRunner* runner) : runner_(runner) {}

    void run(const QString& modelPath, const std::vector<DayEntry>& days,
             const ModelRunner::PreviousDays& previous, int batchSize,
             std::shared_ptr<std::atomic<bool>> cancel) {
        int finishedDays = 0;
        try {
            // The loaded model is kept between runs unless another file, or a changed one, is asked for.
            const QFileInfo file(modelPath);
            const QDateTime modified = file.lastModified();
            if (!model_ || loadedPath_ != modelPath || loadedModified_ != modified) {
                model_.reset();
                model_.emplace(SegmentationModel::load(modelPath.toStdString()));
                loadedPath_ = modelPath;
                loadedModified_ = modified;
            }
            ModelInfo info;
            info.path = modelPath;
            info.name = QString::fromStdString(model_->card().name);
            info.version = QString::fromStdString(model_->card().version);
            info.cardJson = QString::fromStdString(model_->card().toJson().dump());
            info.synthetic = model_->card().syntheticTrainingData();
            toGui([runner = runner_, info] {
                runner->model_ = info;
                emit runner->modelLoaded(info);
            });
            int slicesBefore = 0;
            // The next day's PNGs decode while the network works on this one.
            DayPrefetcher prefetch(days);
            while (prefetch.hasNext()) {
                if (cancel->load()) throw ModelCancelled();
                const ScanVolume scan = prefetch.next();
                InferenceOptions options;
                options.batchSize = batchSize;
                options.cancel = cancel.get();
                options.progress = [this, slicesBefore](int done, int) {
                    toGui([runner = runner_, slices = slicesBefore + done] { runner->onProgress(slices); });
                };
                auto prediction = predictDay(*model_, scan, options);
                DayRiskOptions riskOptions;
                riskOptions.batchSize = batchSize;
                if (auto it = previous.find(scan.day()); it != previous.end())
                    riskOptions.previousApproved = it->second.get();
                auto risk = std::make_shared<const SliceRisk>(dayRisk(*model_, scan, prediction, riskOptions));
                auto labels = std::make_shared<LabelVolume>(std::move(prediction.labels));
                toGui([runner = runner_, labels, risk, card = info.cardJson] { emit runner->dayPredicted(labels, card, risk); });
                slicesBefore += scan.geometry().depth;
                ++finishedDays;
            }
            toGui([runner = runner_, finishedDays] { runner->onFinished({}, false, finishedDays); });
        } catch (const ModelCancelled&) {
            toGui([runner = runner_, finishedDays] { runner->onFinished({}, true, finishedDays); });
        } catch (const std::exception& error) {
            if (dynamic_cast<const ModelError*>(&error)) {
                model_.reset(); // a model that failed to load or broke its contract is not kept
                loadedPath_.clear();
            }
            const QString message = QString::fromStdString(error.what());
            toGui([runner = runner_, message, finishedDays] { runner->onFinished(message, false, finishedDays); });
        }
    }

private:
    template <typename F>
    void toGui(F function) {
        handOff();
        QMetaObject::invokeMethod(
            runner_,
            [function = std::move(function)] {
                takeOver();
                function();
            },
            Qt::QueuedConnection);
    }
    ModelRunner* runner_;
    std::optional<SegmentationModel> model_;
    QString loadedPath_;
    QDateTime loadedModified_;
};

ModelRunner::ModelRunner(QStatusBar* statusBar, QObject* parent)
    : QObject(parent), cancel_(std::make_shared<std::atomic<bool>>(false)) {
    qRegisterMetaType<gireview::ModelInfo>();
    qRegisterMetaType<std::shared_ptr<gireview::LabelVolume>>();
    thread_.setObjectName(QStringLiteral("inference"));
    worker_ = new InferenceWorker(this);
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.start();

    badge_ = new QLabel(statusBar);
    badge_->setObjectName(QStringLiteral("modelBadge"));
    badge_->setVisible(false);
    bar_ = new QProgressBar(statusBar);
    bar_->setObjectName(QStringLiteral("inferenceProgress"));
    bar_->setMaximumWidth(200);
    bar_->setFormat(tr("Model %p%"));
    bar_->setVisible(false);
    eta_ = new QLabel(statusBar);
    eta_->setObjectName(QStringLiteral("inferenceEta"));
    eta_->setVisible(false);
    cancelButton_ = new QPushButton(tr("Cancel"), statusBar);
    cancelButton_->setObjectName(QStringLiteral("inferenceCancel"));
    cancelButton_->setToolTip(tr("Stop the model after the current batch"));
    cancelButton_->setVisible(false);
    connect(cancelButton_, &QPushButton::clicked, this, &ModelRunner::cancel);
    statusBar->addPermanentWidget(bar_);
    statusBar->addPermanentWidget(eta_);
    statusBar->addPermanentWidget(cancelButton_);
    connect(this, &ModelRunner::modelLoaded, this, &ModelRunner::showBadge);
}

void ModelRunner::showBadge(const ModelInfo& info) {
    badge_->setText(info.synthetic ? tr("Model %1: synthetic training data: not for patient images").arg(info.name)
                                   : tr("Model %1 %2").arg(info.name, info.version));
    badge_->setStyleSheet(info.synthetic ? QStringLiteral("QLabel { color: #b00000; font-weight: bold; }") : QString());
    badge_->setToolTip(info.path);
    badge_->setVisible(true);
}

void ModelRunner::setModelPath(const QString& path) {
    modelPath_ = path;
    model_ = ModelInfo{};
    badge_->setVisible(false);
    if (path.isEmpty()) return;
    try {
        const ModelCard card = readModelCard(cardPathFor(path.toStdString()));
        model_.path = path;
        model_.name = QString::fromStdString(card.name);
        model_.version = QString::fromStdString(card.version);
        model_.cardJson = QString::fromStdString(card.toJson().dump());
        model_.synthetic = card.syntheticTrainingData();
        showBadge(model_);
    } catch (const std::exception&) {
        // A missing or broken card is reported (with the file) when the model runs.
    }
}

ModelRunner::~ModelRunner() {
    cancel_->store(true);
    thread_.quit();
    thread_.wait();
}

QString ModelRunner::badgeText() const { return badge_->isHidden() ? QString() : badge_->text(); }

bool ModelRunner::run(const std::vector<DayEntry>& days, PreviousDays previous, int batchSize) {
    if (busy_) {
        emit failed(tr("The model is already running; wait for it or press Cancel"));
        return false;
    }
    if (modelPath_.isEmpty()) {
        emit failed(tr("No model: choose one with Model > Choose model file, or build the project's default model"));
        return false;
    }
    if (days.empty()) return false;
    busy_ = true;
    totalSlices_ = 0;
    for (const auto& day : days) totalSlices_ += day.geometry.depth;
    cancel_->store(false);
    clock_.start();
    bar_->setRange(0, totalSlices_);
    bar_->setValue(0);
    eta_->setText(tr("starting..."));
    for (QWidget* w : {static_cast<QWidget*>(bar_), static_cast<QWidget*>(eta_), static_cast<QWidget*>(cancelButton_)}) w->setVisible(true);
    cancelButton_->setEnabled(true);
    handOff();
    QMetaObject::invokeMethod(
        worker_, [worker = worker_, path = modelPath_, days, previous = std::move(previous), batchSize,
                  cancel = cancel_] {
            takeOver(); // the days were written on the GUI thread
            worker->run(path, days, previous, batchSize, cancel);
        },
        Qt::QueuedConnection);
    return true;
}

void ModelRunner::cancel() {
    cancel_->store(true);
    cancelButton_->setEnabled(false);
    eta_->setText(tr("cancelling..."));
}

void ModelRunner::onProgress(int slicesDone) {
    bar_->setValue(slicesDone);
    const double elapsed = clock_.elapsed() / 1000.0;
    if (slicesDone > 0 && !cancel_->load()) {
        const int remaining = int(elapsed * (totalSlices_ - slicesDone) / slicesDone + 0.5);
        eta_->setText(tr("%1/%2 slices, %3 s left").arg(slicesDone).arg(totalSlices_).arg(remaining));
    }
}

void ModelRunner::onFinished(const QString& error, bool cancelled, int days) {
    busy_ = false;
    for (QWidget* w : {static_cast<QWidget*>(bar_), static_cast<QWidget*>(eta_), static_cast<QWidget*>(cancelButton_)}) w->setVisible(false);
    if (!error.isEmpty()) {
        emit failed(error);
        return;
    }
    emit finished(days, cancelled, clock_.elapsed() / 1000.0);
}

} // namespace gireview
