// The one way in for edits (core, no widgets): accepting the prediction never replaces a
// reviewer's own edits unasked (keep / replace / union, one undo step each), locked organs are
// never written, imports count as edits, and every commit lands in the workspace.
#include "TestSupport.h"
#include "review/EditSession.h"
#include "review/Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace gireview;

namespace {

constexpr CaseDayKey kDay{9, 3};

VolumeGeometry grid() {
    return testsupport::smallGrid(32, 24, 8);
}

// The model's contour: a 10x10 square of the stomach on every slice, large bowel on slice 5.
LabelVolume prediction() {
    LabelVolume p(kDay, grid());
    for (int z = 0; z < 8; ++z)
        for (int y = 5; y < 15; ++y)
            for (int x = 5; x < 15; ++x)
                p.set(x, y, z, Organ::Stomach, true);
    for (int y = 0; y < 4; ++y)
        for (int x = 20; x < 30; ++x)
            p.set(x, y, 5, Organ::LargeBowel, true);
    return p;
}

EditRegion square(int x0, int y0, int z, int n) {
    EditRegion r = EditRegion::box(x0, y0, z, n, n, 1);
    std::fill(r.mask.begin(), r.mask.end(), 1);
    return r;
}

// A correction: the reviewer erases part of the stomach on slice 3 and paints a bit outside.
void correctSliceThree(EditSession& session) {
    session.beginStroke();
    QVERIFY(session.apply(Organ::Stomach, square(5, 5, 3, 4), EditMode::Remove, "eraser"));
    QVERIFY(session.apply(Organ::Stomach, square(20, 18, 3, 3), EditMode::Add, "eraser"));
    QVERIFY(session.endStroke("brush"));
}

} // namespace

class TestEditSession : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string file(const char* name) { return (dir_.path() + "/" + name).toStdString(); }

private slots:
    void acceptKeepsEditsByDefault() {
        Workspace ws(file("keep.sqlite"));
        EditSession session(std::make_shared<LabelVolume>(kDay, grid()), &ws);
        QVERIFY(session.accept(prediction(), {Organ::Stomach}, 3, 3,
                               AcceptChoice::KeepEdits)); // A on slice 3
        correctSliceThree(session);
        const LabelVolume corrected = *session.labels();
        const LabelVolume model = prediction();
        const AcceptPlan plan = session.planAccept(model, {Organ::Stomach}, 0, 7);
        QCOMPARE(plan.targetPairs, size_t(8));
        QCOMPARE(plan.editedPairs, size_t(1)); // slice 3 only
        const size_t undoBefore = session.editor().undoCount();
        QVERIFY(session.accept(model, {Organ::Stomach}, 0, 7, AcceptChoice::KeepEdits)); // Shift+A
        QCOMPARE(session.editor().undoCount(), undoBefore + 1); // one undo step
        QCOMPARE(session.labels()->countOnSlice(3, Organ::Stomach),
                 corrected.countOnSlice(3, Organ::Stomach));
        QVERIFY(!session.labels()->has(6, 6, 3, Organ::Stomach) &&
                session.labels()->has(21, 19, 3, Organ::Stomach));
        for (int z : {0, 1, 2, 4, 5, 6, 7})
            QCOMPARE(session.labels()->countOnSlice(z, Organ::Stomach), size_t(100));
        // The workspace holds exactly what is on screen, and slice 3 is still an edited pair.
        LabelVolume stored(kDay, grid());
        QVERIFY(ws.loadLayer(kDay, LabelLayer::Reviewed, stored));
        QVERIFY(stored == *session.labels());
        QVERIFY(ws.editedPairs(kDay, 8).has(3, Organ::Stomach));
        QVERIFY(!ws.editedPairs(kDay, 8).has(4, Organ::Stomach)); // accepted, not edited
        // Undo takes the whole accept back, leaving the correction.
        QVERIFY(session.undo());
        QVERIFY(*session.labels() == corrected);
    }
    void acceptReplaceAndUnion() {
        for (AcceptChoice choice : {AcceptChoice::Replace, AcceptChoice::Union}) {
            EditSession session(std::make_shared<LabelVolume>(kDay, grid()), nullptr);
            QVERIFY(session.accept(prediction(), {Organ::Stomach}, 3, 3, AcceptChoice::KeepEdits));
            correctSliceThree(session);
            QVERIFY(session.accept(prediction(), {Organ::Stomach}, 0, 7, choice));
            const LabelVolume& labels = *session.labels();
            QVERIFY(
                labels.has(6, 6, 3, Organ::Stomach)); // the prediction is back where it was erased
            QCOMPARE(labels.has(21, 19, 3, Organ::Stomach), choice == AcceptChoice::Union);
            QCOMPARE(session.editedPairs().has(3, Organ::Stomach), choice == AcceptChoice::Union);
        }
    }
    void acceptEveryOrganSkipsLockedOnes() {
        Workspace ws(file("locked.sqlite"));
        EditSession session(std::make_shared<LabelVolume>(kDay, grid()), &ws);
        ws.approve(kDay, Organ::LargeBowel, "alice", "Dr A");
        session.updateLocks();
        const AcceptPlan plan =
            session.planAccept(prediction(), {kAllOrgans.begin(), kAllOrgans.end()}, 0, 7);
        QCOMPARE(plan.lockedPairs, size_t(8));
        QCOMPARE(plan.targetPairs, size_t(16));
        QVERIFY(session.accept(prediction(), {kAllOrgans.begin(), kAllOrgans.end()}, 0, 7,
                               AcceptChoice::KeepEdits));
        QCOMPARE(session.labels()->count(Organ::LargeBowel), size_t(0)); // locked: untouched
        QCOMPARE(session.labels()->count(Organ::Stomach), size_t(800));
        QVERIFY(QString::fromStdString(session.notice()).contains("locked"));
    }
    void labelsFromAFileCountAsEdited() {
        LabelVolume drawn(kDay, grid());
        for (int x = 0; x < 5; ++x)
            drawn.set(x, 0, 2, Organ::SmallBowel, true);
        LabelledSlices fromFile = LabelledSlices::all(8);
        EditSession session(std::make_shared<LabelVolume>(drawn), nullptr, fromFile);
        QVERIFY(session.editedPairs().has(2, Organ::SmallBowel));
        QVERIFY(!session.editedPairs().has(
            3, Organ::SmallBowel)); // empty in the file: nothing drawn to lose
        LabelVolume model(kDay, grid());
        QCOMPARE(session.planAccept(model, {Organ::SmallBowel}, 0, 7).editedPairs, size_t(1));
    }
    void importCountsAsEditsAndLeavesUnlabelledPairs() {
        Workspace ws(file("import.sqlite"));
        EditSession session(std::make_shared<LabelVolume>(prediction()), &ws);
        LabelVolume imported(kDay, grid()); // says: no stomach on slices 1 and 2
        LabelledSlices labelled = LabelledSlices::none(8);
        labelled.set(1, Organ::Stomach, true);
        labelled.set(2, Organ::Stomach, true);
        QVERIFY(session.importReviewed(imported, labelled, "colleague.csv"));
        QCOMPARE(session.labels()->countOnSlice(1, Organ::Stomach), size_t(0));
        QCOMPARE(session.labels()->countOnSlice(2, Organ::Stomach), size_t(0));
        QCOMPARE(session.labels()->countOnSlice(3, Organ::Stomach),
                 size_t(100)); // unlabelled in the file: left alone
        QVERIFY(ws.editedPairs(kDay, 8).has(1, Organ::Stomach) &&
                ws.editedPairs(kDay, 8).has(2, Organ::Stomach));
        QCOMPARE(ws.editedPairs(kDay, 8).pairs(), size_t(2));
        QCOMPARE(session.planAccept(prediction(), {Organ::Stomach}, 0, 7).editedPairs, size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestEditSession)
#include "test_edit_session.moc"
