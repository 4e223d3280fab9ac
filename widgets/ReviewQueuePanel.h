#pragma once
// The Queue panel: the shown day's review queue (core/review/ReviewQueue.h) as a table of
// slice, organ, risk (a bar) and seen, riskiest first. J / K and a click on a row step through
// it; the window shows the pair (axial slice, active organ). Seen is not reviewed.
#include "review/ReviewQueue.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace gireview {

class ReviewQueuePanel : public QWidget {
    Q_OBJECT
public:
    explicit ReviewQueuePanel(QWidget* parent = nullptr);

    ReviewQueue& queue() { return queue_; }
    const ReviewQueue& queue() const { return queue_; }
    // After the queue's risk, filter or day changed.
    void refill();
    // Steps by `delta` or to row `index`, shows it in the table and emits pairChosen.
    std::optional<QueueEntry> step(int delta);
    std::optional<QueueEntry> goTo(int index);
    QTableWidget* table() const { return table_; }

signals:
    void pairChosen(const gireview::QueueEntry& entry, int position, int count);

private:
    // Shows the queue's new position and tells the window where to go.
    std::optional<QueueEntry> announce(std::optional<QueueEntry> entry);
    void showPosition();
    void updateSummary();
    ReviewQueue queue_;
    QLabel* summary_ = nullptr;
    QTableWidget* table_ = nullptr;
};

} // namespace gireview
