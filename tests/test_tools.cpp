// The tools without any view or OpenGL: gesture tools take a ViewPlane and plane points, slice
// operations a context; all of them change labels only through the EditSession. The registry
// they are listed in has one id and one key per tool (the menus and Help are built from it).
#include "ContourTool.h"
#include "TestSupport.h"

#include <QSet>
#include <QtTest>

using namespace gireview;

namespace {

constexpr CaseDayKey kDay{2, 5};

struct Fixture {
    std::shared_ptr<ScanVolume> scan =
        std::make_shared<ScanVolume>(kDay, testsupport::smallGrid(40, 30, 12));
    EditSession session{std::make_shared<LabelVolume>(kDay, scan->geometry()), nullptr};
    ToolContext context(Organ organ) {
        ToolContext c;
        c.session = &session;
        c.scan = scan.get();
        c.organ = organ;
        c.cursor = {20, 15, 6};
        return c;
    }
    const LabelVolume& labels() const { return *session.labels(); }
};

} // namespace

class TestTools : public QObject {
    Q_OBJECT

private slots:
    void registryHasOneIdAndKeyPerTool() {
        const ToolRegistry registry = ToolRegistry::standard();
        QCOMPARE(int(registry.gestures.size()), 6);
        QSet<QString> ids;
        QSet<QString> keys;
        auto check = [&](const ToolDescription& d) {
            QVERIFY2(!ids.contains(d.id + d.menuText), qPrintable(d.id));
            ids.insert(d.id + d.menuText);
            QVERIFY2(!d.key.isEmpty() && !keys.contains(d.key.toString()),
                     qPrintable(d.key.toString()));
            keys.insert(d.key.toString());
            QVERIFY(!d.help.isEmpty());
        };
        for (const auto& tool : registry.gestures)
            check(tool->describe());
        for (const auto& op : registry.operations)
            check(op->describe());
        QVERIFY(registry.operation("interpolate") && registry.operation("accept-day"));
        QVERIFY(registry.usersOf(&ToolOptionsPanel::Relevance::islands)
                    .contains("Remove small islands"));
    }
    void brushOnACoronalPlane() {
        Fixture f;
        ToolContext context = f.context(Organ::Stomach);
        context.settings.brushRadiusMm = 1.0;
        BrushTool brush(false);
        f.session.beginStroke();
        // Coronal: u = column, v = slice; row = the plane's index.
        brush.strokeMoved(context, ViewPlane::Coronal, 10, {5, 3}, {9, 3});
        QVERIFY(f.session.endStroke("brush"));
        QVERIFY(f.labels().has(7, 10, 3, Organ::Stomach));
        QVERIFY(!f.labels().has(7, 11, 3, Organ::Stomach) &&
                !f.labels().has(7, 10, 5, Organ::Stomach));
        BrushTool eraser(true);
        eraser.strokeMoved(context, ViewPlane::Coronal, 10, {7, 3}, {7, 3});
        QVERIFY(!f.labels().has(7, 10, 3, Organ::Stomach));
    }
    void lassoOnASagittalPlaneAndPush() {
        Fixture f;
        ToolContext context = f.context(Organ::SmallBowel);
        LassoTool lasso(false);
        // Sagittal: u = row, v = slice, the plane's index = column 20.
        lasso.strokeFinished(context, ViewPlane::Sagittal, 20, {{4, 2}, {14, 2}, {14, 8}, {4, 8}});
        QVERIFY(f.labels().has(20, 9, 5, Organ::SmallBowel));
        QCOMPARE(f.labels().countOnSlice(5, Organ::SmallBowel), size_t(11));
        PushTool push;
        context.settings.brushRadiusMm = 2.0;
        push.strokeMoved(context, ViewPlane::Axial, 5, {20, 14},
                         {20, 14}); // starts inside: pushes out
        QVERIFY(f.labels().has(21, 14, 5, Organ::SmallBowel));
    }
    void sliceOperationsRunThroughTheSession() {
        Fixture f;
        const ToolRegistry registry = ToolRegistry::standard();
        ToolContext context = f.context(Organ::LargeBowel);
        context.settings.brushRadiusMm = 6.0;
        BrushTool brush(false);
        brush.strokeMoved(context, ViewPlane::Axial, 4, {20, 15}, {20, 15});
        brush.strokeMoved(context, ViewPlane::Axial, 8, {20, 15}, {20, 15});
        QString message;
        QVERIFY(registry.operation("interpolate")->run(context, message)); // cursor on slice 6
        QVERIFY(f.labels().countOnSlice(6, Organ::LargeBowel) > 0);
        context.cursor[2] = 9;
        QVERIFY(registry.operation("copy previous slice")->run(context, message));
        QCOMPARE(f.labels().countOnSlice(9, Organ::LargeBowel),
                 f.labels().countOnSlice(8, Organ::LargeBowel));
        context.cursor[2] = 0;
        QVERIFY(!registry.operation("interpolate")->run(context, message));
        QVERIFY(message.contains("both sides"));
        // Accept: with an edited pair in the way, the context's chooser decides.
        LabelVolume prediction(kDay, f.scan->geometry());
        context.prediction = &prediction;
        int asked = 0;
        context.chooseAccept = [&asked](const AcceptPlan& plan) {
            ++asked;
            return plan.editedPairs ? AcceptChoice::KeepEdits : AcceptChoice::Replace;
        };
        QVERIFY(registry.operation("accept-organ")->run(context, message));
        QCOMPARE(asked, 1);
        QVERIFY(message.contains("kept"));
        // Every labelled pair was drawn by a tool, so keeping the edits changes nothing: no step.
        QVERIFY(f.labels().countOnSlice(4, Organ::LargeBowel) > 0);
        QCOMPARE(f.session.editor().undoCount(), size_t(4)); // two dabs, interpolate, copy
    }
};

QTEST_GUILESS_MAIN(TestTools)
#include "test_tools.moc"
