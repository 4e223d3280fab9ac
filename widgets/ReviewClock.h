#pragma once
// The review clock of the window: pointer and key activity inside the window counts as active
// editing time of the shown day's active organ (pauses over 60 s do not count, ActivityClock).
// The time is stored in the workspace after every stroke and whenever the day or the organ
// changes, so a killed process loses at most the seconds since the last stroke.
#include "review/ActivityClock.h"
#include "review/ReviewDocument.h"

#include <QElapsedTimer>
#include <QObject>
#include <optional>

class QWidget;

namespace gireview {

class ReviewClock : public QObject {
    Q_OBJECT
public:
    // Watches the application's input events aimed at `window` or its children.
    explicit ReviewClock(QWidget* window);
    ~ReviewClock() override;
    // What the time counts for from now on; what was counted before is stored first.
    void setTarget(ReviewDocument* document, std::optional<CaseDayKey> day, Organ organ);
    // Stores the counted seconds in the workspace (when it can be written).
    void flush();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* window_;
    QElapsedTimer elapsed_;
    ActivityClock clock_;
    ReviewDocument* document_ = nullptr;
    std::optional<CaseDayKey> day_;
    Organ organ_ = Organ::LargeBowel;
};

} // namespace gireview
