#include "io/DatasetIndex.h"
#include "io/KaggleCsv.h"
#include "analysis/LabelStatistics.h"
#include "io/ScanVolumeLoader.h"
#include "TestSupport.h"

#include <QDirIterator>
#include <QtTest>

using namespace gireview;

namespace {

// Real statistics from the design notes (38 real case-days).
struct RealRange {
    double shareMin, shareMax, areaP10, areaP90;
};
RealRange realRange(Organ organ) {
    switch (organ) {
    case Organ::LargeBowel: return {0.21, 0.70, 463, 3026};
    case Organ::SmallBowel: return {0.19, 0.56, 358, 3565};
    case Organ::Stomach: return {0.15, 0.44, 272, 3384};
    }
    return {};
}

double labelDice(const LabelVolume& a, const LabelVolume& b, Organ organ) {
    size_t both = 0, na = 0, nb = 0;
    const auto bit = organBit(organ);
    for (size_t i = 0; i < a.geometry().voxelCount(); ++i) {
        const bool x = a.data()[i] & bit, y = b.data()[i] & bit;
        both += x && y;
        na += x;
        nb += y;
    }
    return na + nb ? 2.0 * both / double(na + nb) : 1.0;
}

} // namespace

class TestPhantom : public QObject {
    Q_OBJECT
private slots:
    void deterministicForASeed() {
        PhantomOptions options = testsupport::smallPhantomOptions(1, 1);
        options.format = phantomFormat("234");
        PhantomDay a = generatePhantomDay(options, 0, 0);
        PhantomDay b = generatePhantomDay(options, 0, 0);
        QVERIFY(std::equal(a.scan.data(), a.scan.data() + a.scan.geometry().voxelCount(), b.scan.data()));
        QVERIFY(a.labels == b.labels);
        options.seed += 1;
        PhantomDay c = generatePhantomDay(options, 0, 0);
        QVERIFY(!(a.labels == c.labels));
    }
    void daysOfACaseDeformSlightly() {
        PhantomOptions options = testsupport::smallPhantomOptions(1, 2);
        PhantomDay day0 = generatePhantomDay(options, 0, 0);
        PhantomDay day1 = generatePhantomDay(options, 0, 1);
        QVERIFY(day0.scan.day().dayNo < day1.scan.day().dayNo);
        QCOMPARE(day0.scan.day().caseNo, day1.scan.day().caseNo);
        for (Organ organ : kAllOrgans) {
            const double dice = labelDice(day0.labels, day1.labels, organ);
            QVERIFY2(dice > 0.2 && dice < 0.97, qPrintable(QString("%1 %2").arg(organClassName(organ).data()).arg(dice)));
        }
        // Another case has different anatomy.
        PhantomDay other = generatePhantomDay(options, 1, 0);
        QVERIFY(labelDice(day0.labels, other.labels, Organ::SmallBowel) < 0.5);
    }
    void statisticsWithinRealRanges_data() {
        QTest::addColumn<QString>("format");
        QTest::newRow("266") << "266";
        QTest::newRow("276 (80 slices)") << "276";
        QTest::newRow("360x310") << "360x310";
    }
    void statisticsWithinRealRanges() {
        QFETCH(QString, format);
        PhantomOptions options = testsupport::smallPhantomOptions(4, 1);
        options.format = phantomFormat(format.toStdString());
        std::array<std::vector<size_t>, kOrganCount> areas;
        for (int c = 0; c < options.cases; ++c) {
            PhantomDay day = generatePhantomDay(options, c, 0);
            QCOMPARE(day.scan.geometry().depth, options.format.depth);
            auto stats = computeDayStatistics(day.labels);
            for (Organ organ : kAllOrgans) {
                const auto& s = stats.organs[size_t(organIndex(organ))];
                const auto range = realRange(organ);
                const double share = s.sliceFraction(stats.depth);
                QVERIFY2(share >= range.shareMin && share <= range.shareMax,
                         qPrintable(QString("%1 share %2").arg(organClassName(organ).data()).arg(share)));
                areas[size_t(organIndex(organ))].insert(areas[size_t(organIndex(organ))].end(), s.areas.begin(), s.areas.end());
            }
            // MR-like intensities: every slice's maximum well above 1000.
            for (int z = 0; z < day.scan.geometry().depth; ++z) {
                const auto* s = day.scan.slice(z);
                QVERIFY(*std::max_element(s, s + day.scan.geometry().sliceSize()) > 1500);
            }
        }
        if (format == "266") // areas are in pixels: compare at the reference 1.50 mm grid
            for (Organ organ : kAllOrgans) {
                const double median = percentileOf(areas[size_t(organIndex(organ))], 50);
                const auto range = realRange(organ);
                QVERIFY2(median >= range.areaP10 && median <= range.areaP90,
                         qPrintable(QString("%1 median area %2").arg(organClassName(organ).data()).arg(median)));
            }
    }
    void organsAreNotSeparableByIntensity() {
        PhantomOptions options = testsupport::smallPhantomOptions(2, 1);
        for (int c = 0; c < options.cases; ++c) {
            PhantomDay day = generatePhantomDay(options, c, 0);
            for (Organ organ : kAllOrgans) {
                ThresholdDice best = bestThresholdDice(day.scan, day.labels, organ);
                qInfo("case %d %s: best single-threshold Dice %.3f at %s %u", c, organClassName(organ).data(),
                      best.dice, best.above ? ">=" : "<", best.threshold);
                QVERIFY(best.dice > 0.0);
                QVERIFY(best.dice <= 0.5);
            }
        }
    }
    void bestThresholdDiceFindsASeparableOrgan() {
        // Control: an organ that IS separable by intensity scores 1, so the check above can fail.
        VolumeGeometry g;
        g.width = 8, g.height = 8, g.depth = 2;
        ScanVolume scan({1, 0}, g);
        LabelVolume labels({1, 0}, g);
        for (int y = 2; y < 5; ++y)
            for (int x = 2; x < 6; ++x) {
                labels.set(x, y, 1, Organ::Stomach, true);
                scan.data()[g.index(x, y, 1)] = 900;
            }
        ThresholdDice best = bestThresholdDice(scan, labels, Organ::Stomach);
        QCOMPARE(best.dice, 1.0);
        QVERIFY(best.above);
    }
    void writesKaggleLayout() {
        QTemporaryDir dir;
        PhantomOptions options = testsupport::smallPhantomOptions(1, 2);
        options.format = phantomFormat("276");
        auto report = writePhantomDataset(dir.path().toStdString(), options);
        QCOMPARE(int(report.days.size()), 2);
        QDirIterator it(dir.path() + "/train", QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            QString path = it.next();
            QVERIFY2(QFileInfo(path).fileName().startsWith("slice_") && path.endsWith("_276_276_1.63_1.63.png"), qPrintable(path));
            ++files;
        }
        QCOMPARE(files, 160);
        auto index = scanDataset(dir.path().toStdString());
        QVERIFY(index.problems.empty());
        auto labels = importKaggleCsv(index.labelsFile, index.geometry());
        QVERIFY(labels.problems.empty());
        QCOMPARE(labels.rows, size_t(160 * 3));
        // The labels on disk are those of the generator.
        PhantomDay day = generatePhantomDay(options, 0, 1);
        QVERIFY(labels.volumes.at(day.labels.day()) == day.labels);
        ScanVolume scan = loadScanVolume(*index.findDay(day.scan.day()));
        QVERIFY(std::equal(scan.data(), scan.data() + scan.geometry().voxelCount(), day.scan.data()));
        QCOMPARE(scan.geometry().spacingX, 1.63);
    }
    void unknownFormatRejected() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, phantomFormat("512"));
    }
};

QTEST_GUILESS_MAIN(TestPhantom)
#include "test_phantom.moc"
