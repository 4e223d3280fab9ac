// The review queue without widgets: order by risk (ties in slice order, zero-risk pairs left
// out), steps and their ends, seen kept across a new run of the same day, a region filter, and
// the per-slice risk the slice strip colours by.
#include "review/ReviewQueue.h"

#include <QtTest>

using namespace gireview;

namespace {
SliceRisk riskOf(std::initializer_list<std::array<float, kOrganCount>> rows) { return {rows}; }
} // namespace

class TestReviewQueue : public QObject {
    Q_OBJECT
private slots:
    void ordersByRiskAndLeavesOutZero() {
        ReviewQueue queue;
        queue.setRisk(riskOf({{0.1f, 0.0f, 0.5f}, {0.5f, 0.9f, 0.0f}, {0.0f, 0.0f, 0.0f}}));
        const std::vector<QueueEntry> expected = {{1, Organ::SmallBowel, 0.9f},
                                                  {0, Organ::Stomach, 0.5f},
                                                  {1, Organ::LargeBowel, 0.5f},
                                                  {0, Organ::LargeBowel, 0.1f}};
        QCOMPARE(queue.entries().size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) QVERIFY(queue.entries()[i] == expected[i]);
        QCOMPARE(queue.position(), -1);
    }

    void stepsStopAtTheEndsAndMarkSeen() {
        ReviewQueue queue;
        queue.setRisk(riskOf({{0.2f, 0.0f, 0.0f}, {0.0f, 0.7f, 0.0f}}));
        QVERIFY(!queue.step(-1)); // before the top: nothing to go back to
        auto first = queue.step(+1);
        QVERIFY(first);
        QCOMPARE(first->slice, 1);
        QCOMPARE(first->organ, Organ::SmallBowel);
        QVERIFY(queue.seen(1, Organ::SmallBowel));
        QVERIFY(!queue.seen(0, Organ::LargeBowel));
        QVERIFY(queue.step(+1));
        QVERIFY(!queue.step(+1)); // the end: the place stays on the last pair
        QCOMPARE(queue.position(), 1);
        QCOMPARE(queue.seenCount(), size_t(2));
        auto back = queue.step(-1);
        QVERIFY(back);
        QCOMPARE(back->slice, 1);
        QCOMPARE(queue.seenCount(), size_t(2)); // seen again is not seen twice
    }

    void goToMarksSeenAndRejectsOutOfRange() {
        ReviewQueue queue;
        queue.setRisk(riskOf({{0.2f, 0.3f, 0.4f}}));
        QVERIFY(!queue.goTo(3));
        QVERIFY(!queue.goTo(-1));
        QCOMPARE(queue.seenCount(), size_t(0));
        auto entry = queue.goTo(2);
        QVERIFY(entry);
        QCOMPARE(entry->organ, Organ::LargeBowel);
        QCOMPARE(queue.position(), 2);
        QVERIFY(queue.seen(0, Organ::LargeBowel));
    }

    void aNewRunKeepsSeenAndADayChangeClearsIt() {
        ReviewQueue queue;
        queue.setRisk(riskOf({{0.2f, 0.3f, 0.4f}}));
        queue.step(+1);
        queue.setRisk(riskOf({{0.6f, 0.3f, 0.1f}}));
        QCOMPARE(queue.position(), -1);
        QVERIFY(queue.seen(0, Organ::Stomach));
        QCOMPARE(queue.entries().front().organ, Organ::LargeBowel);
        queue.clear();
        QVERIFY(queue.empty());
        QCOMPARE(queue.seenCount(), size_t(0));
    }

    void aRegionKeepsOnlyItsPairs() {
        ReviewQueue queue;
        queue.setRisk(riskOf({{0.9f, 0.0f, 0.0f}, {0.1f, 0.2f, 0.0f}, {0.8f, 0.0f, 0.3f}}));
        queue.setFilter([](int slice, Organ) { return slice >= 1; });
        QCOMPARE(queue.entries().size(), size_t(4));
        QCOMPARE(queue.entries().front().slice, 2);
        const auto perSlice = queue.sliceRisk();
        QCOMPARE(perSlice.size(), size_t(3));
        QCOMPARE(perSlice[0], 0.0f); // outside the region
        QCOMPARE(perSlice[1], 0.2f);
        QCOMPARE(perSlice[2], 0.8f);
        QCOMPARE(queue.risk(0, Organ::LargeBowel), 0.9f); // the run's risk itself is kept
        queue.setFilter({});
        QCOMPARE(queue.entries().size(), size_t(5));
    }
};

QTEST_APPLESS_MAIN(TestReviewQueue)
#include "test_review_queue.moc"
