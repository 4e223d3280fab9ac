// Correction effort and the review clock: the clock's gaps, the shape measures of L1 against L0
// on hand-made masks with known answers, and what an approval stores in the workspace (L0 kept
// from the first prediction, strokes, slices edited, active time, time to approval).
#include "TestSupport.h"
#include "review/ActivityClock.h"
#include "review/CorrectionEffort.h"
#include "review/ReviewDocument.h"

#include <QtTest>
#include <chrono>
#include <nlohmann/json.hpp>

using namespace gireview;

namespace {
void fillSquare(LabelVolume& labels, int x0, int y0, int z, int size, Organ organ) {
    for (int y = y0; y < y0 + size; ++y)
        for (int x = x0; x < x0 + size; ++x)
            labels.set(x, y, z, organ, true);
}
double nowSeconds() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}
} // namespace

class TestCorrectionEffort : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void clockCountsActivityAndSkipsLongPauses() {
        ActivityClock clock(60);
        for (double t : {0.0, 10.0, 20.0, 100.0, 110.0})
            clock.activity(t); // 80 s pause: not counted
        QCOMPARE(clock.pending(), 30.0);
        QCOMPARE(clock.take(), 30.0);
        QCOMPARE(clock.pending(), 0.0);
        clock.restart(); // another organ: the first event only starts the stretch
        clock.activity(115);
        clock.activity(120);
        QCOMPARE(clock.take(), 5.0);
        clock.activity(119); // a clock step back counts nothing
        QCOMPARE(clock.take(), 0.0);
    }

    void shapeMeasuresOfHandMadeMasks() {
        // 1 mm pixels, 3 mm slices. L0: a 10x10 square on slice 1; L1 adds a 10x10 square on
        // slice 2, which the reviewer drew whole: APL = its 36 boundary pixels x 1 mm.
        const VolumeGeometry g = testsupport::smallGrid(40, 40, 4);
        LabelVolume before({1, 0}, g), after({1, 0}, g);
        fillSquare(before, 5, 5, 1, 10, Organ::Stomach);
        fillSquare(after, 5, 5, 1, 10, Organ::Stomach);
        fillSquare(after, 5, 5, 2, 10, Organ::Stomach);
        const CorrectionEffort effort = measureCorrection(before, after, Organ::Stomach);
        QCOMPARE(effort.aplMm, 36.0);
        QCOMPARE(effort.volumeBeforeCc, 0.3);
        QCOMPARE(effort.volumeAfterCc, 0.6);
        QVERIFY(effort.hausdorff95Mm.has_value());
        QVERIFY(effort.surfaceDice1mm < 1.0 && effort.surfaceDice2mm >= effort.surfaceDice1mm);
        // Nothing changed: no added path, surface Dice 1; nothing at all: both empty is 1 too.
        const CorrectionEffort same = measureCorrection(after, after, Organ::Stomach);
        QCOMPARE(same.aplMm, 0.0);
        QCOMPARE(same.surfaceDice1mm, 1.0);
        QCOMPARE(same.hausdorff95Mm.value(), 0.0);
        const CorrectionEffort none = measureCorrection(after, after, Organ::SmallBowel);
        QCOMPARE(none.surfaceDice2mm, 1.0);
        QVERIFY(!none.hausdorff95Mm);
        const auto json = nlohmann::json::parse(effortToJson(effort));
        QCOMPARE(json["apl_mm"].get<double>(), 36.0);
        QCOMPARE(json["volume_change_cc"].get<double>(), 0.3);
        QVERIFY(json["seconds_to_approval"].is_null());
    }

    void approvalStoresTheEffortAgainstTheFirstPrediction() {
        DayEntry day;
        day.key = {1, 0};
        day.geometry = testsupport::smallGrid(40, 40, 4);
        const DatasetIndex index = testsupport::oneDayIndex("/nonexistent/effort", day);
        const QString path = dir_.filePath("effort.sqlite");
        {
            ReviewDocument document(index);
            document.openWorkspace(path.toStdString());
            Workspace& workspace = *document.workspace();
            workspace.noteDayShown(day.key, nowSeconds() - 100);
            workspace.noteDayShown(day.key, nowSeconds()); // the first showing stays
            auto first = std::make_shared<LabelVolume>(day.key, day.geometry);
            fillSquare(*first, 5, 5, 1, 10, Organ::Stomach);
            document.setPrediction(first, {});
            // A second model run replaces the prediction layer, not L0.
            auto second = std::make_shared<LabelVolume>(day.key, day.geometry);
            fillSquare(*second, 20, 20, 1, 10, Organ::Stomach);
            document.setPrediction(second, {});
            // The reviewer's labels: L0's square and one more, drawn with one brush stroke.
            EditSession& session = document.session(day.key);
            EditRegion square = EditRegion::box(5, 5, 1, 10, 10, 2);
            std::fill(square.mask.begin(), square.mask.end(), 1);
            QVERIFY(session.apply(Organ::Stomach, square, EditMode::Add, "brush"));
            workspace.addActiveTime(day.key, Organ::Stomach, 12.5);
            workspace.addActiveTime(day.key, Organ::Stomach, 7.5);
            workspace.addActiveTime(day.key, Organ::LargeBowel, 3);
            document.approve(day.key, Organ::Stomach, "Dr Test");
        }
        Workspace workspace(path.toStdString());
        QCOMPARE(workspace.activeSeconds({1, 0}, Organ::Stomach), 20.0);
        const auto records = workspace.effort();
        QCOMPARE(records.size(), size_t(1));
        QCOMPARE(records[0].reviewer, std::string("Dr Test"));
        QCOMPARE(records[0].organ, Organ::Stomach);
        QCOMPARE(records[0].auditId, workspace.audit().back().id);
        const auto json = nlohmann::json::parse(records[0].measuresJson);
        QCOMPARE(json["baseline"].get<std::string>(), std::string("first_prediction"));
        QCOMPARE(json["apl_mm"].get<double>(),
                 36.0); // against the first prediction, not the second
        QCOMPARE(json["strokes"].get<int>(), 1);
        QCOMPARE(json["slices_edited"].get<int>(), 2);
        QCOMPARE(json["active_seconds"].get<double>(), 20.0);
        const double toApproval = json["seconds_to_approval"].get<double>();
        QVERIFY2(toApproval >= 100, qPrintable(QString::number(toApproval))); // shown 100 s "before"
    }
};

QTEST_APPLESS_MAIN(TestCorrectionEffort)
#include "test_correction_effort.moc"
