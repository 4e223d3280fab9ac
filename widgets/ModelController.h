#pragma once
// The window's model runs: which days a run covers, the model file (chosen or the default one),
// its card, and where the results go: the document's prediction layer (stored in the workspace
// with the card), and the views when the day is on screen. The network itself runs in
// ModelRunner's worker thread.
#include "ModelRunner.h"
#include "review/ReviewDocument.h"

#include <QObject>
#include <optional>

class QStatusBar;
class QWidget;

namespace gireview {

class ModelController : public QObject {
    Q_OBJECT
public:
    enum class RunScope { Day, Case, All };
    ModelController(QStatusBar* statusBar, QWidget* dialogParent);
    ModelRunner* runner() const { return runner_; }
    // A new dataset: a run over the previous one stops and its late results are dropped.
    void setDocument(ReviewDocument* document);
    void setCurrentDay(std::optional<CaseDayKey> day) { day_ = day; }
    bool run(RunScope scope);
    void chooseModelFile();
    void useDefaultModel();
    void showCard();

signals:
    // A result for the day on screen (already in the document).
    void predictionForCurrentDay(std::shared_ptr<const LabelVolume> labels);
    void message(const QString& text, bool important);
    void problem(const QString& title, const QString& text);

private:
    void onDayPredicted(std::shared_ptr<LabelVolume> labels, const QString& cardJson,
                        std::shared_ptr<const SliceRisk> risk);
    QWidget* dialogParent_;
    ModelRunner* runner_;
    ReviewDocument* document_ = nullptr;
    std::optional<CaseDayKey> day_;
    // Which opened dataset a model run belongs to.
    int documentGeneration_ = 0, runGeneration_ = -1;
};

} // namespace gireview
