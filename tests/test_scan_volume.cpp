#include "analysis/IntensityWindow.h"
#include "io/AtomicFile.h"
#include "data/DataError.h"
#include "io/DatasetIndex.h"
#include "io/PngCodec.h"
#include "io/ScanVolumeLoader.h"
#include "TestSupport.h"

#include <QtTest>

using namespace gireview;

class TestScanVolume : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    PhantomOptions options_;

private slots:
    void initTestCase() {
        options_ = testsupport::smallPhantomOptions(1, 1);
        options_.format = phantomFormat("360x310");
        writePhantomDataset(dir_.path().toStdString(), options_);
    }
    void loadsContiguousVolumeWithGeometry() {
        auto index = scanDataset(dir_.path().toStdString());
        QVERIFY(!hasErrors(index.problems));
        const DayEntry* day = index.days().front();
        ScanVolume volume = loadScanVolume(*day);
        const auto& g = volume.geometry();
        QCOMPARE(g.width, 360);
        QCOMPARE(g.height, 310);
        QCOMPARE(g.depth, 144);
        QCOMPARE(g.spacingX, 1.5);
        QCOMPARE(g.spacingZ, 3.0);
        QVERIFY(volume.warnings().empty());
        // Orientation of the design notes: slice index z goes towards the feet (-z in LPS).
        auto p = g.indexToLps(2, 3, 4);
        QCOMPARE(p[0], 3.0);
        QCOMPARE(p[1], 4.5);
        QCOMPARE(p[2], -12.0);
        // Each slice equals the file decoded on its own, at the slice's place in the volume.
        GrayPngDecoder decoder;
        for (int s : {1, 72, 144}) {
            std::vector<std::uint16_t> pixels;
            decoder.decodeFile(day->slices[size_t(s - 1)].path, pixels);
            QVERIFY(std::equal(pixels.begin(), pixels.end(), volume.slice(s - 1)));
        }
        // Same result single-threaded and with progress reporting.
        std::atomic<int> calls{0};
        LoadOptions single;
        single.threads = 1;
        single.progress = [&](int, int total) { QCOMPARE(total, 144); ++calls; };
        ScanVolume again = loadScanVolume(*day, single);
        QCOMPARE(calls.load(), 144);
        QVERIFY(std::equal(again.data(), again.data() + g.voxelCount(), volume.data()));
    }
    void cancellation() {
        auto index = scanDataset(dir_.path().toStdString());
        std::atomic<bool> cancel{true};
        LoadOptions options;
        options.cancel = &cancel;
        QVERIFY_THROWS_EXCEPTION(LoadCancelled, loadScanVolume(*index.days().front(), options));
    }
    void badSlicesAreErrorsNamingTheFile_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated") << "truncated" << "truncated PNG";
        QTest::newRow("colour") << "colour" << "colour image";
        QTest::newRow("size vs name") << "size" << "but its name says 360x310";
    }
    void badSlicesAreErrorsNamingTheFile() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir copy;
        const QString dayName = QString::fromStdString(formatCaseDayName(
            {options_.firstCaseNumber, phantomDayNumbers(options_, 0)[0]}));
        const QString src = dir_.path() + "/train/case1/" + dayName + "/scans";
        const QString dst = copy.path() + "/" + dayName + "/scans";
        QDir().mkpath(dst);
        for (const QString& name : QDir(src).entryList(QDir::Files)) QFile::copy(src + "/" + name, dst + "/" + name);
        const QString victim = dst + "/slice_0050_360_310_1.50_1.50.png";
        if (kind == "truncated") {
            QFile f(victim);
            f.open(QIODevice::ReadWrite);
            f.resize(f.size() / 3);
        } else if (kind == "colour") {
            std::vector<std::uint8_t> rgb(360 * 310 * 3, 50);
            auto png = encodeRgb8Png(rgb.data(), 360, 310);
            writeFileAtomically(victim.toStdString(), std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        } else {
            std::vector<std::uint16_t> px(310 * 360, 50);
            auto png = encodeGray16Png(px.data(), 310, 360); // width and height swapped
            writeFileAtomically(victim.toStdString(), std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        }
        ScanOptions quick;
        quick.checkHeaders = false;
        auto index = scanDataset((copy.path() + "/" + dayName).toStdString(), quick);
        try {
            loadScanVolume(*index.days().front());
            QFAIL("expected an error");
        } catch (const DataError& error) {
            QVERIFY2(QString(error.what()).contains(expected), error.what());
            QCOMPARE(QString::fromStdString(error.context().file), victim);
        }
    }
    void eightBitCopyLoadsWithWarning() {
        QTemporaryDir copy;
        QDir().mkpath(copy.path() + "/case5_day1/scans");
        std::vector<std::uint8_t> px8(12 * 10, 200);
        std::vector<std::uint16_t> px16(12 * 10, 3000);
        auto png8 = encodeGray8Png(px8.data(), 12, 10);
        auto png16 = encodeGray16Png(px16.data(), 12, 10);
        writeFileAtomically((copy.path() + "/case5_day1/scans/slice_0001_12_10_1.50_1.50.png").toStdString(),
                            std::string_view(reinterpret_cast<const char*>(png16.data()), png16.size()));
        writeFileAtomically((copy.path() + "/case5_day1/scans/slice_0002_12_10_1.50_1.50.png").toStdString(),
                            std::string_view(reinterpret_cast<const char*>(png8.data()), png8.size()));
        auto index = scanDataset((copy.path() + "/case5_day1").toStdString());
        ScanVolume volume = loadScanVolume(*index.days().front());
        QCOMPARE(int(volume.warnings().size()), 1);
        QVERIFY(QString::fromStdString(volume.warnings()[0]).contains("8-bit"));
        QCOMPARE(int(volume.at(0, 0, 1)), 200);
        QCOMPARE(int(volume.at(0, 0, 0)), 3000);
    }
    void realSliceAsSingleSliceDay() {
        REQUIRE_SHARED_DATA(shared);
        auto index = scanDataset((shared + "/scans/train/case139/case139_day0").toStdString());
        QCOMPARE(index.dayCount(), size_t(1));
        ScanVolume volume = loadScanVolume(*index.days().front());
        QCOMPARE(volume.geometry().width, 234);
        QCOMPARE(volume.geometry().depth, 1);
        QCOMPARE(int(volume.percentile(100)), 4997);
    }

    // The display window counts the body only: padding slices (all 0) and the air around the
    // body change nothing, the presets nest, and a flat or empty volume still gives a window.
    void bodyHistogramIgnoresPaddingAndAir() {
        VolumeGeometry grid;
        grid.width = grid.height = 40;
        grid.depth = 6;
        ScanVolume scan(CaseDayKey{1, 0}, grid);
        // Slices 2-4: air at 3..12 (noise) around a 20x20 body with intensities 1000..1399.
        for (int z = 2; z <= 4; ++z)
            for (int y = 0; y < 40; ++y)
                for (int x = 0; x < 40; ++x) {
                    const bool inBody = x >= 10 && x < 30 && y >= 10 && y < 30;
                    scan.slice(z)[size_t(y) * 40 + size_t(x)] =
                        std::uint16_t(inBody ? 1000 + ((x - 10) * 20 + (y - 10)) : 3 + (x * 7 + y * 3 + z) % 10);
                }
        const BodyHistogram day = BodyHistogram::ofVolume(scan);
        QCOMPARE(day.bodyVoxels(), size_t(3 * 400));
        QVERIFY(day.bodyThreshold() > 12 && day.bodyThreshold() <= 1000);
        QCOMPARE(day.minimum(), std::uint16_t(3));
        QCOMPARE(day.maximum(), std::uint16_t(1399));
        QCOMPARE(day.percentile(0), 1000.0);
        QCOMPARE(day.percentile(100), 1399.0);
        QCOMPARE(day.percentile(50), 1199.0); // rank 599.5 of 1200 voxels: three copies of 1000..1399
        // One slice of the three gives the same body; a padding slice gives none.
        const BodyHistogram slice = BodyHistogram::ofSlice(scan, 3);
        QCOMPARE(slice.bodyVoxels(), size_t(400));
        QCOMPARE(slice.percentile(50), day.percentile(50));
        QVERIFY(BodyHistogram::ofSlice(scan, 0).empty());
        const IntensityWindow automatic = windowFor(day, WindowPreset::Auto);
        const IntensityWindow full = windowFor(day, WindowPreset::FullRange);
        const IntensityWindow soft = windowFor(day, WindowPreset::SoftTissue);
        const IntensityWindow high = windowFor(day, WindowPreset::HighContrast);
        QCOMPARE(full.low, 3.0);
        QCOMPARE(full.high, 1399.0);
        QCOMPARE(automatic.low, day.bodyThreshold() * 0.9);
        QVERIFY(automatic.low < soft.low && soft.low < high.low);
        QVERIFY(automatic.high <= 1399 && automatic.high > soft.high && soft.high > high.high);
        // All padding: nothing to count, a window of one step all the same.
        const ScanVolume blank(CaseDayKey{1, 0}, grid);
        const IntensityWindow none = windowFor(BodyHistogram::ofVolume(blank), WindowPreset::Auto);
        QVERIFY(none.high > none.low);
    }
};

QTEST_GUILESS_MAIN(TestScanVolume)
#include "test_scan_volume.moc"
