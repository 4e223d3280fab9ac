// The one write-back path and the tools' logic: known shapes in, exact voxels out.
#include "editing/EditTools.h"
#include "editing/LabelEditor.h"

#include <QtTest>
#include <cmath>

using namespace gireview;

namespace {

VolumeGeometry grid(int w = 40, int h = 30, int d = 6) {
    VolumeGeometry g;
    g.width = w, g.height = h, g.depth = d, g.spacingX = g.spacingY = 1.5;
    return g;
}

size_t countDisc(double cu, double cv, double radiusMm, double spacing, int w, int h) {
    size_t n = 0;
    for (int v = 0; v < h; ++v)
        for (int u = 0; u < w; ++u)
            n += std::pow((u - cu) * spacing, 2) + std::pow((v - cv) * spacing, 2) <= radiusMm * radiusMm;
    return n;
}

} // namespace

class TestLabelEditor : public QObject {
    Q_OBJECT
private slots:
    void brushPaintsARoundDiscInMm() {
        LabelVolume labels({1, 0}, grid());
        LabelEditor editor(labels);
        auto record = editor.apply(Organ::Stomach, brushStroke(labels.geometry(), ViewPlane::Axial, 2, {{20, 15}}, 6.0), EditMode::Add, "brush");
        QCOMPARE(record.voxelsChanged, countDisc(20, 15, 6.0, 1.5, 40, 30));
        QCOMPARE(labels.countOnSlice(2, Organ::Stomach), countDisc(20, 15, 6.0, 1.5, 40, 30));
        QCOMPARE(labels.countOnSlice(1, Organ::Stomach), size_t(0));
        QCOMPARE(int(record.organsChanged), int(organBit(Organ::Stomach)));
    }
    void fastStrokesLeaveNoGaps() {
        LabelVolume labels({1, 0}, grid());
        LabelEditor editor(labels);
        // Two mouse samples 30 pixels apart: the capsule between them is painted.
        editor.apply(Organ::LargeBowel, brushStroke(labels.geometry(), ViewPlane::Axial, 0, {{5, 10}, {35, 10}}, 1.5), EditMode::Add, "brush");
        for (int x = 5; x <= 35; ++x) QVERIFY(labels.has(x, 10, 0, Organ::LargeBowel));
        QVERIFY(!labels.has(20, 12, 0, Organ::LargeBowel));
    }
    void brushOnCoronalAndSagittalPlanes() {
        LabelVolume labels({1, 0}, grid());
        LabelEditor editor(labels);
        editor.apply(Organ::SmallBowel, brushStroke(labels.geometry(), ViewPlane::Coronal, 7, {{10, 3}}, 1.0), EditMode::Add, "brush");
        QVERIFY(labels.has(10, 7, 3, Organ::SmallBowel)); // coronal: u = x, v = z, fixed y
        editor.apply(Organ::SmallBowel, brushStroke(labels.geometry(), ViewPlane::Sagittal, 30, {{12, 4}}, 1.0), EditMode::Add, "brush");
        QVERIFY(labels.has(30, 12, 4, Organ::SmallBowel)); // sagittal: u = y, v = z, fixed x
    }
    void locksExclusivityAndModes() {
        LabelVolume labels({1, 0}, grid());
        LabelEditor editor(labels);
        auto square = polygonRegion(labels.geometry(), ViewPlane::Axial, 1, {{10, 10}, {19, 10}, {19, 19}, {10, 19}});
        editor.apply(Organ::SmallBowel, square, EditMode::Add, "lasso");
        QCOMPARE(labels.countOnSlice(1, Organ::SmallBowel), size_t(100)); // centres 10..19 inclusive
        // Overlap is allowed by default; exclusive clears the other organs where it paints.
        editor.apply(Organ::Stomach, brushStroke(labels.geometry(), ViewPlane::Axial, 1, {{10, 10}}, 1.0), EditMode::Add, "brush");
        QVERIFY(labels.has(10, 10, 1, Organ::SmallBowel) && labels.has(10, 10, 1, Organ::Stomach));
        EditPolicy policy;
        policy.exclusive = true;
        editor.setPolicy(policy);
        editor.apply(Organ::Stomach, brushStroke(labels.geometry(), ViewPlane::Axial, 1, {{15, 15}}, 1.0), EditMode::Add, "brush");
        QVERIFY(labels.has(15, 15, 1, Organ::Stomach) && !labels.has(15, 15, 1, Organ::SmallBowel));
        // A locked (approved) organ refuses edits and is not cleared by exclusive painting.
        policy.locked[size_t(organIndex(Organ::SmallBowel))] = true;
        editor.setPolicy(policy);
        auto refused = editor.apply(Organ::SmallBowel, square, EditMode::Remove, "eraser");
        QVERIFY(refused.refused);
        QCOMPARE(labels.countOnSlice(1, Organ::SmallBowel), size_t(100 - 1)); // the 1 mm brush covers one 1.5 mm pixel
        editor.apply(Organ::Stomach, brushStroke(labels.geometry(), ViewPlane::Axial, 1, {{18, 18}}, 1.0), EditMode::Add, "brush");
        QVERIFY(labels.has(18, 18, 1, Organ::SmallBowel));
        // Remove and Set.
        editor.setPolicy({});
        editor.apply(Organ::SmallBowel, square, EditMode::Remove, "eraser");
        QCOMPARE(labels.countOnSlice(1, Organ::SmallBowel), size_t(0));
        auto small = polygonRegion(labels.geometry(), ViewPlane::Axial, 1, {{0, 0}, {39, 0}, {39, 1}, {0, 1}});
        editor.apply(Organ::Stomach, small, EditMode::Set, "set");
        QCOMPARE(labels.countOnSlice(1, Organ::Stomach), size_t(80));
    }
    void undoRedoExactly() {
        LabelVolume labels({1, 0}, grid());
        LabelEditor editor(labels);
        std::vector<EditRecord> seen;
        editor.addListener([&](const EditRecord& r) { seen.push_back(r); });
        std::vector<LabelVolume> states{labels};
        int changed = 0;
        for (int i = 0; i < 50; ++i) {
            auto stroke = brushStroke(labels.geometry(), ViewPlane::Axial, i % 6, {{double(i % 40), double(i % 30)}, {double((i * 7) % 40), 12}}, 3.0);
            changed += editor.apply(kAllOrgans[size_t(i % 3)], stroke, i % 4 == 3 ? EditMode::Remove : EditMode::Add, "brush").voxelsChanged > 0;
            states.push_back(labels);
        }
        QCOMPARE(int(seen.size()), changed); // listeners hear of every edit that changed something
        QVERIFY(changed > 40);
        for (int i = 49; i >= 0; --i) {
            if (!(states[size_t(i)] == states[size_t(i + 1)])) QVERIFY(editor.undo());
            QVERIFY(labels == states[size_t(i)]);
        }
        QVERIFY(!editor.undo());
        while (editor.redo()) {
        }
        QVERIFY(labels == states.back());
        // A new edit drops the redo tail.
        editor.undo();
        QVERIFY(editor.canRedo());
        editor.apply(Organ::Stomach, brushStroke(labels.geometry(), ViewPlane::Axial, 0, {{1, 1}}, 1.5), EditMode::Add, "brush");
        QVERIFY(!editor.canRedo());
        QVERIFY(seen.back().tool == "brush");
    }
    void aStrokeIsOneUndoStep() {
        LabelVolume labels({1, 0}, grid());
        LabelEditor editor(labels);
        int partial = 0, committed = 0;
        editor.addListener([&](const EditRecord& r) { (r.partial ? partial : committed)++; });
        const LabelVolume before = labels;
        editor.beginStroke();
        for (int i = 0; i < 10; ++i)
            editor.apply(Organ::Stomach, brushStroke(labels.geometry(), ViewPlane::Axial, 3, {{2.0 + 3 * i, 10}, {5.0 + 3 * i, 10}}, 3.0),
                         EditMode::Add, "brush");
        QCOMPARE(partial, 10); // the views follow the stroke
        QCOMPARE(committed, 0);
        auto record = editor.endStroke("brush");
        QCOMPARE(committed, 1);
        QVERIFY(record.voxelsChanged > 0);
        QCOMPARE(editor.undoCount(), size_t(1));
        editor.undo();
        QVERIFY(labels == before);
    }
    void undoRespectsLocksSetAfterTheEdit() {
        LabelVolume labels({1, 0}, grid());
        LabelEditor editor(labels);
        editor.apply(Organ::Stomach, brushStroke(labels.geometry(), ViewPlane::Axial, 0, {{10, 10}}, 3.0), EditMode::Add, "brush");
        const LabelVolume painted = labels;
        EditPolicy policy;
        policy.locked[size_t(organIndex(Organ::Stomach))] = true; // approved after the stroke
        editor.setPolicy(policy);
        QVERIFY(!editor.undo());
        QVERIFY(labels == painted);
        editor.setPolicy({});
        QVERIFY(editor.undo());
    }
    void undoHistoryKeepsWithinItsMemoryCap() {
        LabelVolume labels({1, 0}, grid());
        LabelEditor editor(labels, 4096);
        for (int i = 0; i < 40; ++i)
            editor.apply(Organ::Stomach, brushStroke(labels.geometry(), ViewPlane::Axial, i % 6, {{20, 15}}, 9.0),
                         i % 2 ? EditMode::Remove : EditMode::Add, "brush");
        QVERIFY(editor.undoMemory() <= 4096 || editor.undoCount() == 1);
        QVERIFY(editor.undoCount() < 40);
    }
    void intensityRestriction() {
        const auto g = grid();
        ScanVolume scan({1, 0}, g);
        for (int x = 0; x < 40; ++x)
            for (int y = 0; y < 30; ++y) scan.data()[g.index(x, y, 0)] = std::uint16_t(x * 10);
        auto region = polygonRegion(g, ViewPlane::Axial, 0, {{0, 0}, {39, 0}, {39, 29}, {0, 29}});
        LabelVolume labels({1, 0}, g);
        LabelEditor editor(labels);
        // The range is part of the edit policy, applied inside apply() to every paint.
        EditPolicy policy;
        policy.scan = &scan;
        policy.intensityRestricted = true;
        policy.intensityLow = 100;
        policy.intensityHigh = 190;
        editor.setPolicy(policy);
        editor.apply(Organ::LargeBowel, region, EditMode::Add, "threshold paint");
        QCOMPARE(labels.countOnSlice(0, Organ::LargeBowel), size_t(10 * 30)); // columns 10..19
        // Erasing is not restricted.
        editor.apply(Organ::LargeBowel, region, EditMode::Remove, "eraser");
        QCOMPARE(labels.countOnSlice(0, Organ::LargeBowel), size_t(0));
    }
    void exclusivePaintKeepsLockedOrgan() {
        // Large bowel approved (locked), Exclusive on: painting small bowel over it must not
        // leave both, and must say the locked organ kept its voxels.
        const auto g = grid();
        LabelVolume labels({1, 0}, g);
        for (int y = 0; y < 10; ++y)
            for (int x = 0; x < 10; ++x) labels.set(x, y, 0, Organ::LargeBowel, true);
        LabelEditor editor(labels);
        EditPolicy policy;
        policy.exclusive = true;
        policy.locked[size_t(organIndex(Organ::LargeBowel))] = true;
        editor.setPolicy(policy);
        std::vector<EditRecord> heard;
        editor.addListener([&](const EditRecord& r) { heard.push_back(r); });
        EditRegion square = EditRegion::box(5, 5, 0, 10, 10, 1); // overlaps the locked organ on 5x5
        std::fill(square.mask.begin(), square.mask.end(), 1);
        const EditRecord record = editor.apply(Organ::SmallBowel, square, EditMode::Add, "brush");
        QCOMPARE(record.keptForLocked, size_t(25));
        QCOMPARE(record.lockedOrgansKept, organBit(Organ::LargeBowel));
        QCOMPARE(record.voxelsChanged, size_t(75));
        size_t overlap = 0;
        for (int y = 0; y < g.height; ++y)
            for (int x = 0; x < g.width; ++x)
                overlap += labels.has(x, y, 0, Organ::LargeBowel) && labels.has(x, y, 0, Organ::SmallBowel);
        QCOMPARE(overlap, size_t(0));
        QCOMPARE(labels.countOnSlice(0, Organ::LargeBowel), size_t(100));
        QVERIFY(!heard.empty() && heard.back().keptForLocked == 25);
        // Without Exclusive, overlaps are allowed: the paint goes there and nothing is kept back.
        policy.exclusive = false;
        editor.setPolicy(policy);
        const EditRecord plain = editor.apply(Organ::Stomach, square, EditMode::Add, "brush");
        QCOMPARE(plain.keptForLocked, size_t(0));
        QCOMPARE(labels.countOnSlice(0, Organ::Stomach), size_t(100));
    }
    void strokeIsStagedWithTightBoxAndPerSliceOrgans() {
        // A coronal dab touches a few slices: the record's box is the voxels that changed and
        // its per-slice organs say which slices; nothing like a copy of the day is staged.
        LabelVolume labels({1, 0}, grid(64, 64, 40));
        LabelEditor editor(labels);
        editor.beginStroke();
        editor.apply(Organ::Stomach, brushStroke(labels.geometry(), ViewPlane::Coronal, 30, {{20, 12}}, 4.0), EditMode::Add, "brush");
        editor.apply(Organ::Stomach, brushStroke(labels.geometry(), ViewPlane::Coronal, 30, {{24, 12}}, 4.0), EditMode::Add, "brush");
        QVERIFY(editor.stagedMemory() < labels.geometry().voxelCount() / 4);
        const EditRecord record = editor.endStroke("brush");
        QVERIFY(record.nz > 0 && record.nz < 8);
        QCOMPARE(int(record.organsChangedPerSlice.size()), record.nz);
        for (int i = 0; i < record.nz; ++i) {
            const bool touched = labels.countOnSlice(record.z0 + i, Organ::Stomach) > 0;
            QCOMPARE(bool(record.organsChangedPerSlice[size_t(i)] & organBit(Organ::Stomach)), touched);
        }
        for (int z = 0; z < 40; ++z)
            if (z < record.z0 || z >= record.z0 + record.nz) QCOMPARE(labels.countOnSlice(z, Organ::Stomach), size_t(0));
        QCOMPARE(editor.undoCount(), size_t(1));
        QVERIFY(editor.undo());
        QCOMPARE(labels.count(Organ::Stomach), size_t(0));
        QVERIFY(editor.redo());
        QVERIFY(labels.count(Organ::Stomach) > 0);
    }
    void shapeBasedInterpolation() {
        LabelVolume labels({1, 0}, grid(60, 60, 5));
        LabelEditor editor(labels);
        editor.apply(Organ::Stomach, brushStroke(labels.geometry(), ViewPlane::Axial, 0, {{30, 30}}, 15.0), EditMode::Add, "brush");  // r 10 px
        editor.apply(Organ::Stomach, brushStroke(labels.geometry(), ViewPlane::Axial, 4, {{30, 30}}, 27.0), EditMode::Add, "brush");  // r 18 px
        editor.apply(Organ::Stomach, interpolateSlices(labels, Organ::Stomach, 0, 4), EditMode::Set, "interpolate");
        // Radius grows linearly: 10, 12, 14, 16, 18 px.
        for (int z = 1; z <= 3; ++z) {
            const double radius = 10 + 2 * z;
            const double expected = M_PI * radius * radius;
            const double got = double(labels.countOnSlice(z, Organ::Stomach));
            QVERIFY2(std::abs(got - expected) < 0.08 * expected, qPrintable(QString("z %1: %2 vs %3").arg(z).arg(got).arg(expected)));
        }
        QVERIFY(interpolateSlices(labels, Organ::LargeBowel, 0, 4).empty()); // nothing to interpolate from
    }
    void copyIslandsMarginsAndSmoothing() {
        LabelVolume labels({1, 0}, grid(40, 30, 4));
        LabelEditor editor(labels);
        const auto g = labels.geometry();
        editor.apply(Organ::SmallBowel, polygonRegion(g, ViewPlane::Axial, 1, {{5, 5}, {14, 5}, {14, 14}, {5, 14}}), EditMode::Add, "lasso");
        editor.apply(Organ::SmallBowel, polygonRegion(g, ViewPlane::Axial, 1, {{30, 20}, {31, 20}, {31, 21}, {30, 21}}), EditMode::Add, "lasso");
        // Copy to the next slice.
        editor.apply(Organ::SmallBowel, copySlice(labels, Organ::SmallBowel, 1, 2), EditMode::Set, "copy");
        QCOMPARE(labels.countOnSlice(2, Organ::SmallBowel), size_t(104));
        // Islands under 10 voxels go (the 2x2 blob), per slice and in 3D.
        editor.apply(Organ::SmallBowel, smallIslands(labels, Organ::SmallBowel, 1, 10), EditMode::Remove, "islands");
        QCOMPARE(labels.countOnSlice(1, Organ::SmallBowel), size_t(100));
        QCOMPARE(labels.countOnSlice(2, Organ::SmallBowel), size_t(104));
        editor.apply(Organ::SmallBowel, smallIslands(labels, Organ::SmallBowel, -1, 10), EditMode::Remove, "islands");
        QCOMPARE(labels.countOnSlice(2, Organ::SmallBowel), size_t(100));
        // Grow by 1.5 mm (one pixel) on one slice: 10x10 -> 12x12 minus the 4 corners.
        editor.apply(Organ::SmallBowel, margin(labels, Organ::SmallBowel, 1.5, 1), EditMode::Set, "grow");
        QCOMPARE(labels.countOnSlice(1, Organ::SmallBowel), size_t(144 - 4));
        editor.apply(Organ::SmallBowel, margin(labels, Organ::SmallBowel, -1.5, 2), EditMode::Set, "shrink");
        QCOMPARE(labels.countOnSlice(2, Organ::SmallBowel), size_t(64));
        // Smoothing removes a one-pixel spur.
        editor.apply(Organ::SmallBowel, polygonRegion(g, ViewPlane::Axial, 2, {{12, 9}, {20, 9}, {20, 9}, {12, 9}}), EditMode::Add, "lasso");
        const size_t withSpur = labels.countOnSlice(2, Organ::SmallBowel);
        editor.apply(Organ::SmallBowel, smoothSlice(labels, Organ::SmallBowel, 2, 1.5), EditMode::Set, "smooth");
        QVERIFY(labels.countOnSlice(2, Organ::SmallBowel) < withSpur);
        QVERIFY(!labels.has(19, 9, 2, Organ::SmallBowel));
        QVERIFY(labels.has(9, 9, 2, Organ::SmallBowel));
    }
};

QTEST_GUILESS_MAIN(TestLabelEditor)
#include "test_label_editor.moc"
