#include "io/AtomicFile.h"
#include "data/DataError.h"
#include "io/PngCodec.h"
#include "TestSupport.h"

#include <QtTest>
#include <random>

using namespace gireview;

namespace {

std::vector<std::uint16_t> gradientImage(int w, int h, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<std::uint16_t> pixels(size_t(w) * h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            pixels[size_t(y) * w + x] = std::uint16_t((x * 97 + y * 31) % 4096 + rng() % 300);
    return pixels;
}

} // namespace

class TestPngCodec : public QObject {
    Q_OBJECT
private slots:
    void roundTrip16BitEveryRealSize_data() {
        testsupport::addRealSliceSizes();
    }
    void roundTrip16BitEveryRealSize() {
        QFETCH(int, width);
        QFETCH(int, height);
        auto pixels = gradientImage(width, height, 1);
        pixels[0] = 65535;
        auto png = encodeGray16Png(pixels.data(), width, height);
        GrayPngDecoder decoder;
        std::vector<std::uint16_t> out(pixels.size());
        PngHeader header = decoder.decode(png.data(), png.size(), out.data(), out.size(), "mem.png", width, height);
        QCOMPARE(header.bitDepth, 16);
        QCOMPARE(header.width, width);
        QCOMPARE(header.height, height);
        QVERIFY(out == pixels);
    }
    void eightBitWidens() {
        std::vector<std::uint8_t> pixels(50 * 40);
        for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = std::uint8_t(i * 7);
        auto png = encodeGray8Png(pixels.data(), 50, 40);
        GrayPngDecoder decoder;
        std::vector<std::uint16_t> out(pixels.size());
        QCOMPARE(decoder.decode(png.data(), png.size(), out.data(), out.size(), "m").bitDepth, 8);
        for (size_t i = 0; i < pixels.size(); ++i) QCOMPARE(out[i], std::uint16_t(pixels[i]));
    }
    void errorsNameTheFile_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("colour") << "rgb" << "colour image";
        QTest::newRow("truncated") << "truncated" << "truncated";
        QTest::newRow("truncated inside header") << "header" << "truncated";
        QTest::newRow("no IEND") << "noend" << "IEND";
        QTest::newRow("bad crc") << "crc" << "checksum";
        QTest::newRow("size vs name") << "size" << "but its name says 20x30";
        QTest::newRow("not png") << "text" << "not a PNG";
    }
    void errorsNameTheFile() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        auto pixels = gradientImage(30, 20, 2);
        auto png = encodeGray16Png(pixels.data(), 30, 20);
        int expectW = 30, expectH = 20;
        if (kind == "rgb") {
            std::vector<std::uint8_t> rgb(30 * 20 * 3, 100);
            png = encodeRgb8Png(rgb.data(), 30, 20);
        } else if (kind == "truncated") {
            png.resize(png.size() / 2);
        } else if (kind == "header") {
            png.resize(20);
        } else if (kind == "noend") {
            png.resize(png.size() - 12);
        } else if (kind == "crc") {
            png[png.size() / 2] ^= 0x40;
        } else if (kind == "size") {
            expectW = 20, expectH = 30;
        } else if (kind == "text") {
            png.assign({'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'});
        }
        GrayPngDecoder decoder;
        std::vector<std::uint16_t> out(30 * 20);
        try {
            decoder.decode(png.data(), png.size(), out.data(), out.size(), "/data/slice_0001_30_20_1.50_1.50.png",
                           expectW, expectH);
            QFAIL("expected ImageError");
        } catch (const ImageError& error) {
            QVERIFY2(QString(error.what()).contains(expected), error.what());
            QCOMPARE(error.context().file, std::string("/data/slice_0001_30_20_1.50_1.50.png"));
        }
    }
    // Real Kaggle slices: sizes and intensity ranges documented in shared/data/SOURCES.md.
    void realSlices_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("maxValue");
        QTest::newRow("case139 234") << "scans/train/case139/case139_day0/scans/slice_0001_234_234_1.50_1.50.png" << 234 << 4997;
        QTest::newRow("case2 266") << "scans/train/case2/case2_day2/scans/slice_0081_266_266_1.50_1.50.png" << 266 << 604;
        QTest::newRow("unidentified") << "scans/unidentified/slice_0021_266_266_1.50_1.50.png" << 266 << 12920;
        QTest::newRow("test image") << "scans/unidentified/test_image14_266_266.png" << 266 << 10081;
        QTest::newRow("low range") << "scans/unidentified/slice_0001_266_266_low_range.png" << 266 << 125;
    }
    void realSlices() {
        REQUIRE_SHARED_DATA(shared);
        QFETCH(QString, file);
        QFETCH(int, width);
        QFETCH(int, maxValue);
        GrayPngDecoder decoder;
        std::vector<std::uint16_t> pixels;
        PngHeader header = decoder.decodeFile((shared + "/" + file).toStdString(), pixels);
        QCOMPARE(header.bitDepth, 16);
        QCOMPARE(header.width, width);
        QCOMPARE(header.height, width);
        QCOMPARE(int(*std::max_element(pixels.begin(), pixels.end())), maxValue);
        QCOMPARE(int(*std::min_element(pixels.begin(), pixels.end())), 0);
        // Re-encoding and decoding gives the same pixels.
        auto png = encodeGray16Png(pixels.data(), header.width, header.height);
        std::vector<std::uint16_t> again(pixels.size());
        decoder.decode(png.data(), png.size(), again.data(), again.size(), "re");
        QVERIFY(again == pixels);
    }
    void headerFromFile() {
        REQUIRE_SHARED_DATA(shared);
        PngHeader header = readPngHeaderFromFile(
            (shared + "/scans/train/case139/case139_day0/scans/slice_0001_234_234_1.50_1.50.png").toStdString());
        QCOMPARE(header.width, 234);
        QCOMPARE(header.colorType, 0);
        QVERIFY_THROWS_EXCEPTION(IoError, readPngHeaderFromFile("/nonexistent/slice.png"));
    }
};

QTEST_GUILESS_MAIN(TestPngCodec)
#include "test_png_codec.moc"
