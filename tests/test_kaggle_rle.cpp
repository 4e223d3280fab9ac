#include "data/DataError.h"
#include "io/KaggleCsv.h"
#include "io/KaggleRle.h"
#include "data/SliceName.h"
#include "TestSupport.h"

#include <QFile>
#include <QtTest>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

using namespace gireview;

namespace {

// A random mask with blobs and speckle, so runs of every length and both borders occur.
std::vector<std::uint8_t> randomMask(int width, int height, std::mt19937& rng) {
    std::vector<std::uint8_t> mask(size_t(width) * height, 0);
    std::uniform_int_distribution<int> cx(0, width - 1), cy(0, height - 1), r(1, 40), blobs(0, 6);
    for (int b = blobs(rng); b > 0; --b) {
        int x0 = cx(rng), y0 = cy(rng), radius = r(rng);
        for (int y = std::max(0, y0 - radius); y < std::min(height, y0 + radius); ++y)
            for (int x = std::max(0, x0 - radius); x < std::min(width, x0 + radius); ++x)
                if ((x - x0) * (x - x0) + (y - y0) * (y - y0) < radius * radius) mask[size_t(y) * width + x] = 1;
    }
    std::uniform_int_distribution<size_t> any(0, mask.size() - 1);
    for (int s = 0; s < 50; ++s) mask[any(rng)] ^= 1;
    if (rng() % 5 == 0) mask.front() = mask.back() = 1; // runs touching both ends
    return mask;
}

} // namespace

class TestKaggleRle : public QObject {
    Q_OBJECT
private slots:
    void rowMajorOneIndexed() {
        // 3 rows x 4 columns; pixels (row 0, col 1..2) and (row 2, col 3).
        std::vector<std::uint8_t> mask(12, 0);
        mask[1] = mask[2] = 1;
        mask[2 * 4 + 3] = 1;
        QCOMPARE(KaggleRle::encode(mask.data(), mask.size(), 1), std::string("2 2 12 1"));
        std::vector<std::uint8_t> decoded(12, 0);
        QCOMPARE(KaggleRle::decodeInto("2 2 12 1", decoded.data(), 12, 1), size_t(3));
        QCOMPARE(decoded, mask);
        QCOMPARE(KaggleRle::encode(decoded.data(), 12, 2), std::string()); // other bit: empty
    }
    void decodeSetsOnlyItsBit() {
        std::vector<std::uint8_t> mask(10, 4);
        KaggleRle::decodeInto("1 3", mask.data(), mask.size(), 1);
        QCOMPARE(int(mask[0]), 5);
        QCOMPARE(int(mask[3]), 4);
    }
    void roundTripRandomMasks_data() {
        testsupport::addRealSliceSizes();
    }
    void roundTripRandomMasks() {
        QFETCH(int, width);
        QFETCH(int, height);
        std::mt19937 rng(width * 1000 + height);
        for (int i = 0; i < 200; ++i) {
            auto mask = randomMask(width, height, rng);
            std::string rle = KaggleRle::encode(mask.data(), mask.size(), 1);
            std::vector<std::uint8_t> back(mask.size(), 0);
            size_t set = KaggleRle::decodeInto(rle, back.data(), back.size(), 1);
            QCOMPARE(set, size_t(std::count(mask.begin(), mask.end(), 1)));
            QCOMPARE(back, mask);
            std::vector<std::uint8_t> whole(mask.size(), 0xAB); // garbage: decodeMask writes all
            QCOMPARE(KaggleRle::decodeMask(rle, whole.data(), whole.size()), set);
            QCOMPARE(whole, mask);
            // Other bits in the voxels do not disturb the encoding of this bit.
            std::vector<std::uint8_t> mixed(mask);
            for (size_t p = 0; p < mixed.size(); p += 3) mixed[p] |= 6;
            QCOMPARE(KaggleRle::encode(mixed.data(), mixed.size(), 1), rle);
        }
        std::vector<std::uint8_t> full(size_t(width) * height, 1);
        QCOMPARE(KaggleRle::encode(full.data(), full.size(), 1), "1 " + std::to_string(full.size()));
    }
    void strictErrors_data() {
        QTest::addColumn<QString>("rle");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("token");
        QTest::newRow("odd count") << "1 2 5" << "odd number of tokens" << "";
        QTest::newRow("not a number") << "1 2 x5 3" << "not a number" << "x5";
        QTest::newRow("decimal") << "1 2.5" << "not a number" << "2.5";
        QTest::newRow("zero start") << "0 3" << "run start 0" << "0";
        QTest::newRow("negative start") << "-4 3" << "negative run start" << "-4";
        QTest::newRow("negative length") << "4 -3" << "negative run length" << "-3";
        QTest::newRow("zero length") << "4 0" << "zero-length run" << "0";
        QTest::newRow("past end") << "95 10" << "past the end" << "10";
        QTest::newRow("start past end") << "101 1" << "past the end" << "1";
        QTest::newRow("overlap") << "1 5 3 2" << "overlapping" << "3";
        QTest::newRow("unsorted") << "50 5 10 2" << "unsorted" << "10";
        QTest::newRow("huge") << "1 99999999999999999999999" << "too large" << "99999999999999999999999";
    }
    void strictErrors() {
        QFETCH(QString, rle);
        QFETCH(QString, problem);
        QFETCH(QString, token);
        std::vector<std::uint8_t> mask(100, 0);
        ErrorContext context{"train.csv", "case1_day0_slice_0001", "stomach", 2, {}};
        try {
            KaggleRle::decodeInto(rle.toStdString(), mask.data(), mask.size(), 1, context);
            QFAIL("expected RleError");
        } catch (const RleError& error) {
            const QString what = error.what();
            QVERIFY2(what.contains(problem), error.what());
            QVERIFY2(what.contains("case1_day0_slice_0001"), error.what());
            QVERIFY2(what.contains("stomach"), error.what());
            QCOMPARE(QString::fromStdString(error.context().token), token);
        }
    }
    void emptyAndWhitespace() {
        std::vector<std::uint8_t> mask(10, 0);
        QCOMPARE(KaggleRle::decodeInto("", mask.data(), 10, 1), size_t(0));
        QCOMPARE(KaggleRle::decodeInto("  2 3  ", mask.data(), 10, 1), size_t(3));
    }

    // Real masks: decode, check pixel count and bounding box against the reference COCO API's
    // area and bbox, and re-encode to the identical string.
    void realMasksAgainstReferenceBoxes() {
        REQUIRE_SHARED_DATA(shared);
        std::ifstream in((shared + "/fixtures/coco_reference.json").toStdString());
        auto fixture = nlohmann::json::parse(in);
        int checked = 0, wide = 0;
        for (const auto& item : fixture["rle"]) {
            const int width = item["width"], height = item["height"];
            const std::string rle = item["kaggle_rle"];
            std::vector<std::uint8_t> mask(size_t(width) * height, 0);
            size_t set = KaggleRle::decodeInto(rle, mask.data(), mask.size(), 1);
            QCOMPARE(double(set), item["area"].get<double>());
            int minX = width, minY = height, maxX = -1, maxY = -1;
            for (int y = 0; y < height; ++y)
                for (int x = 0; x < width; ++x)
                    if (mask[size_t(y) * width + x]) {
                        minX = std::min(minX, x), maxX = std::max(maxX, x);
                        minY = std::min(minY, y), maxY = std::max(maxY, y);
                    }
            const auto& bbox = item["bbox"]; // [x, y, w, h]: x is the column
            QCOMPARE(double(minX), bbox[0].get<double>());
            QCOMPARE(double(minY), bbox[1].get<double>());
            QCOMPARE(double(maxX - minX + 1), bbox[2].get<double>());
            QCOMPARE(double(maxY - minY + 1), bbox[3].get<double>());
            QCOMPARE(KaggleRle::encode(mask.data(), mask.size(), 1), rle);
            ++checked;
            wide += width == 360 && height == 310;
        }
        QCOMPARE(checked, 385);
        QVERIFY2(wide > 0, "the fixture must include 360x310 masks (width/height order)");
    }

    // Every real train.csv row decodes in bounds on its day's grid and re-encodes identically.
    void realTrainRowsRoundTrip() {
        REQUIRE_SHARED_DATA(shared);
        std::map<std::string, std::pair<int, int>> sizes; // case-day -> (width, height)
        {
            std::ifstream in((shared + "/case_days.csv").toStdString());
            std::string line;
            std::getline(in, line);
            while (std::getline(in, line)) {
                auto c1 = line.find(','), c2 = line.find(',', c1 + 1), c3 = line.find(',', c2 + 1);
                sizes[line.substr(0, c1)] = {std::stoi(line.substr(c1 + 1, c2 - c1 - 1)),
                                             std::stoi(line.substr(c2 + 1, c3 - c2 - 1))};
            }
        }
        KaggleCsvReader reader((shared + "/train_rows.csv").toStdString());
        KaggleCsvRow row;
        int rows = 0, nonEmpty = 0, wideRows = 0;
        while (reader.next(row)) {
            ++rows;
            SliceId id = parseSliceId(row.id);
            auto [width, height] = sizes.at(formatCaseDayName(id.day));
            if (row.rle.empty()) continue;
            ++nonEmpty;
            std::vector<std::uint8_t> mask(size_t(width) * height, 0);
            KaggleRle::decodeInto(row.rle, mask.data(), mask.size(), 1);
            QCOMPARE(KaggleRle::encode(mask.data(), mask.size(), 1), std::string(row.rle));
            wideRows += width == 360 && height == 310;
        }
        QCOMPARE(rows, 4563);
        QVERIFY(nonEmpty > 1000);
        QVERIFY(wideRows > 0);
    }
};

QTEST_GUILESS_MAIN(TestKaggleRle)
#include "test_kaggle_rle.moc"
