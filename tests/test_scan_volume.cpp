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
        QVERIFY(volume.problems().empty());
        QVERIFY(volume.allSlicesUsable());
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
    // One damaged file never refuses the day: it opens with that slice blank, marked unusable,
    // and its problem listed once, found by the index (headers and file ends) or by decoding
    // (what validate runs, through the same decodeSliceFile).
    void badSlicesOpenBlankAndFlagged_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("checkHeaders");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated, decoded") << "truncated" << false << "truncated PNG";
        QTest::newRow("truncated, indexed") << "truncated" << true << "does not end with the PNG end chunk";
        QTest::newRow("corrupt data, decoded") << "corrupt" << false << "checksum mismatch";
        QTest::newRow("corrupt data, indexed") << "corrupt" << true << "checksum mismatch";
        QTest::newRow("colour, decoded") << "colour" << false << "colour image";
        QTest::newRow("colour, indexed") << "colour" << true << "colour image";
        QTest::newRow("size vs name, decoded") << "size" << false << "310x360";
        QTest::newRow("size vs name, indexed") << "size" << true << "but its name says 360x310";
        QTest::newRow("missing") << "missing" << true << "missing slice numbers";
    }
    void badSlicesOpenBlankAndFlagged() {
        QFETCH(QString, kind);
        QFETCH(bool, checkHeaders);
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
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.resize(f.size() / 3);
        } else if (kind == "corrupt") { // a flipped byte inside the image data: only decoding sees it
            QFile f(victim);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QByteArray bytes = f.readAll();
            bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x5A);
            f.seek(0);
            f.write(bytes);
        } else if (kind == "colour") {
            std::vector<std::uint8_t> rgb(360 * 310 * 3, 50);
            auto png = encodeRgb8Png(rgb.data(), 360, 310);
            writeFileAtomically(victim.toStdString(), std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        } else if (kind == "size") {
            std::vector<std::uint16_t> px(310 * 360, 50);
            auto png = encodeGray16Png(px.data(), 310, 360); // width and height swapped
            writeFileAtomically(victim.toStdString(), std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        } else {
            QVERIFY(QFile::remove(victim));
        }
        ScanOptions scan;
        scan.checkHeaders = checkHeaders;
        auto index = scanDataset((copy.path() + "/" + dayName).toStdString(), scan);
        const DayEntry& day = *index.days().front();
        QVERIFY(day.usable);
        const ScanVolume volume = loadScanVolume(day);
        QCOMPARE(volume.unusableSlices(), std::vector<int>{49});
        QVERIFY(!volume.sliceUsable(49));
        QVERIFY(volume.sliceUsable(48) && volume.sliceUsable(50));
        QCOMPARE(volume.usablePairs().organsOn(49), std::uint8_t(0));
        QCOMPARE(volume.usablePairs().organsOn(48), std::uint8_t(0x7));
        const size_t plane = volume.geometry().sliceSize();
        QVERIFY(std::all_of(volume.slice(49), volume.slice(49) + plane, [](std::uint16_t v) { return v == 0; }));
        QVERIFY(std::any_of(volume.slice(48), volume.slice(48) + plane, [](std::uint16_t v) { return v != 0; }));
        // Listed once: one error naming the file (or, when missing, the day), plus the summary.
        const QString where = kind == "missing" ? QString::fromStdString(day.directory) : victim;
        int errors = 0;
        QString message;
        for (const Problem& problem : volume.problems())
            if (problem.severity == Problem::Severity::Error) {
                ++errors;
                QCOMPARE(QString::fromStdString(problem.location), where);
                message = QString::fromStdString(problem.message);
            }
        QCOMPARE(errors, 1);
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY(QString::fromStdString(formatProblem(volume.problems().back())).contains("1 of 144 slices"));
        // What validate reports for the file is what the loader found: the same function, the same words.
        if (!checkHeaders && kind != "missing") {
            GrayPngDecoder decoder;
            std::vector<std::uint16_t> pixels(plane);
            const auto problem = decodeSliceFile(decoder, day.slices[49], day.geometry, pixels.data());
            QVERIFY(problem && problem->severity == Problem::Severity::Error);
            QCOMPARE(QString::fromStdString(problem->message), message);
        }
    }
    // A day where no file is the size its name says is refused, never allocated by the names.
    void dayOfMisSizedFilesIsRefused() {
        QTemporaryDir copy;
        QDir().mkpath(copy.path() + "/case5_day1/scans");
        std::vector<std::uint16_t> px(4 * 4, 50);
        auto png = encodeGray16Png(px.data(), 4, 4);
        for (const char* name : {"slice_0001_3000_3000_1.50_1.50.png", "slice_0002_3000_3000_1.50_1.50.png"})
            writeFileAtomically((copy.path() + "/case5_day1/scans/" + name).toStdString(),
                                std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        auto index = scanDataset((copy.path() + "/case5_day1").toStdString());
        QVERIFY(!index.days().front()->usable);
        QVERIFY_THROWS_EXCEPTION(GeometryError, loadScanVolume(*index.days().front()));
    }
    // Stored values map back to intensities exactly, signed and scaled series included.
    void rescaleKeepsIntensitiesExact() {
        ScanVolume kaggle(CaseDayKey{1, 0}, testsupport::smallGrid(2, 1, 1));
        kaggle.data()[1] = 4997;
        QVERIFY(kaggle.rescale().identity());
        QCOMPARE(kaggle.intensity(1, 0, 0), 4997.0);
        // CT: signed values at intercept -1024, stored offset by 32768.
        const IntensityRescale ct = IntensityRescale::forSignedStored(1.0, -1024.0);
        for (std::int16_t raw : {std::int16_t(-32768), std::int16_t(-2000), std::int16_t(0), std::int16_t(3071), std::int16_t(32767)})
            QCOMPARE(ct.value(IntensityRescale::signedToStored(raw)), double(raw) - 1024.0);
        // nibabel's decimal_rescale.dcm: slope 2, intercept -4096, every stored value.
        const IntensityRescale decimal{2.0, -4096.0};
        for (int stored = 0; stored <= 65535; ++stored)
            QCOMPARE(decimal.value(std::uint16_t(stored)), 2.0 * stored - 4096.0);
        ScanVolume scaled(CaseDayKey{1, 1}, testsupport::smallGrid(1, 1, 1));
        scaled.setRescale(decimal);
        scaled.data()[0] = 3000;
        QCOMPARE(scaled.intensity(0, 0, 0), 1904.0);
        QCOMPARE(int(scaled.at(0, 0, 0)), 3000); // the voxels the display and the model read are untouched
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
        QCOMPARE(int(volume.problems().size()), 1); // the index's warning, not repeated by the loader
        QCOMPARE(volume.problems()[0].severity, Problem::Severity::Warning);
        QVERIFY(QString::fromStdString(volume.problems()[0].message).contains("8-bit"));
        QVERIFY(volume.allSlicesUsable());
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
