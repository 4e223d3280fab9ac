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
};

QTEST_GUILESS_MAIN(TestScanVolume)
#include "test_scan_volume.moc"
