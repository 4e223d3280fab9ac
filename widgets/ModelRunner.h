#pragma once
// Runs the segmentation model for the review window: a worker object on its own QThread keeps
// the model loaded between requests, predicts the requested case-days one after another and
// hands each result back to the GUI thread as a prediction layer (MITK-style preview, accepted
// by the user). Progress with ETA and a Cancel button sit in the status bar; the window stays
// responsive while it runs. Torch stays inside models/: this file sees only Qt-free headers.
#include "io/DatasetIndex.h"
#include "data/LabelVolume.h"

#include <QElapsedTimer>
#include "analysis/ReviewRisk.h"

#include <QObject>
#include <map>
#include <QString>
#include <QThread>
#include <atomic>
#include <memory>
#include <vector>

class QLabel;
class QProgressBar;
class QPushButton;
class QStatusBar;

namespace gireview {

class InferenceWorker;

struct ModelInfo {
    QString path, name, version, cardJson;
    bool synthetic = false;
};

class ModelRunner : public QObject {
    Q_OBJECT
public:
    // Adds its progress bar, ETA and Cancel button to `statusBar`; the model badge (badge()) is
    // placed by the window where a progress bar can never cover it.
    ModelRunner(QStatusBar* statusBar, QObject* parent = nullptr);
    ~ModelRunner() override;

    // Reads the card at once (cheap, no network loaded), so the badge says what the model is
    // trained on before it first runs.
    void setModelPath(const QString& path);
    QString modelPath() const { return modelPath_; }
    // The case's previous labelled day per day of a run (what its review risk compares against).
    using PreviousDays = std::map<CaseDayKey, std::shared_ptr<const LabelVolume>>;
    // Queues a run over `days`; false (with failed()) when one is already running.
    bool run(const std::vector<DayEntry>& days, PreviousDays previous = {}, int batchSize = 8);
    void cancel();
    bool busy() const { return busy_; }
    const ModelInfo& model() const { return model_; }
    QString badgeText() const; // the note about the model, for tests
    QLabel* badge() const { return badge_; }

signals:
    void modelLoaded(const gireview::ModelInfo& info);
    // With the run's review risk per (slice, organ).
    void dayPredicted(std::shared_ptr<gireview::LabelVolume> labels, const QString& cardJson,
                      std::shared_ptr<const gireview::SliceRisk> risk);
    void finished(int days, bool cancelled, double seconds);
    void failed(const QString& message);

private:
    void onProgress(int slicesDone);
    void onFinished(const QString& error, bool cancelled, int days);
    void showBadge(const ModelInfo& info);
    friend class InferenceWorker;

    QString modelPath_;
    ModelInfo model_;
    QThread thread_;
    InferenceWorker* worker_ = nullptr;
    std::shared_ptr<std::atomic<bool>> cancel_;
    bool busy_ = false;
    int totalSlices_ = 0;
    QElapsedTimer clock_;
    QProgressBar* bar_ = nullptr;
    QLabel* eta_ = nullptr;
    QLabel* badge_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
};

} // namespace gireview

Q_DECLARE_METATYPE(gireview::ModelInfo)
Q_DECLARE_METATYPE(std::shared_ptr<gireview::LabelVolume>)
