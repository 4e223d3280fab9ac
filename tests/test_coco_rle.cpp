// COCO RLE against the reference COCO API's own outputs (shared/data/fixtures/coco_reference.json)
// and round trips on random masks.
#include "io/CocoRle.h"
#include "io/KaggleRle.h"
#include "TestSupport.h"

#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

using namespace gireview;

class TestCocoRle : public QObject {
    Q_OBJECT
private slots:
    void columnMajorStartingWithZeros() {
        // 2 rows x 3 columns, row-major: [0 1 1 / 0 0 1]. Column-major: 0 0 | 1 0 | 1 1.
        std::uint8_t mask[6] = {0, 1, 1, 0, 0, 1};
        CocoRle rle = coco::encode(mask, 2, 3, 1);
        QCOMPARE(rle.counts, (std::vector<std::uint32_t>{2, 1, 1, 2}));
        std::uint8_t full[4] = {1, 1, 1, 1};
        QCOMPARE(coco::encode(full, 2, 2, 1).counts, (std::vector<std::uint32_t>{0, 4}));
        QCOMPARE(coco::area(rle), std::uint64_t(3));
        std::uint8_t back[6] = {};
        coco::decodeInto(rle, back, 1);
        QVERIFY(std::equal(back, back + 6, mask));
    }
    void randomRoundTrips() {
        std::mt19937 rng(3);
        for (auto [h, w] : std::vector<std::pair<int, int>>{{266, 266}, {310, 360}, {276, 276}, {234, 234}, {1, 7}}) {
            for (int i = 0; i < 30; ++i) {
                std::vector<std::uint8_t> mask(size_t(h) * size_t(w));
                const int density = int(rng() % 100);
                for (auto& m : mask) m = int(rng() % 100) < density ? 1 : 0;
                CocoRle rle = coco::encode(mask.data(), h, w, 1);
                QCOMPARE(coco::fromString(coco::toString(rle.counts)), rle.counts);
                std::vector<std::uint8_t> back(mask.size(), 0);
                coco::decodeInto(rle, back.data(), 1);
                QVERIFY(back == mask);
            }
        }
    }
    void errors() {
        ErrorContext context{"labels.json", "case1_day0_slice_0001", "stomach", 0, {}};
        QVERIFY_THROWS_EXCEPTION(RleError, coco::fromString("ab\x01", context));
        QVERIFY_THROWS_EXCEPTION(RleError, coco::fromString("P", context)); // 'P' = 32: "more" with nothing after
        // Found by fuzz_coco: a value of 13 characters once shifted a signed integer past its width.
        QVERIFY_THROWS_EXCEPTION(RleError, coco::fromString("ooooooooooooE", context));
        CocoRle wrong{4, 4, {3, 2}};
        std::vector<std::uint8_t> mask(16);
        try {
            coco::decodeInto(wrong, mask.data(), 1, context);
            QFAIL("expected RleError");
        } catch (const RleError& error) {
            QVERIFY2(QString(error.what()).contains("expected height x width = 16"), error.what());
            QVERIFY(QString(error.what()).contains("case1_day0_slice_0001"));
        }
        QVERIFY_THROWS_EXCEPTION(GeometryError, coco::fromPolygon({1, 1, 5, 5}, 10, 10, context));
        QVERIFY_THROWS_EXCEPTION(GeometryError, coco::fromPolygon({1, 1, 5, 5, 3}, 10, 10, context));
    }
    // Encodings identical to the reference API for 385 real masks.
    void matchesReferenceEncodings() {
        REQUIRE_SHARED_DATA(shared);
        std::ifstream in((shared + "/fixtures/coco_reference.json").toStdString());
        auto fixture = nlohmann::json::parse(in);
        int checked = 0;
        for (const auto& item : fixture["rle"]) {
            const int h = item["height"], w = item["width"];
            std::vector<std::uint8_t> mask(size_t(h) * size_t(w), 0);
            KaggleRle::decodeInto(item["kaggle_rle"].get<std::string>(), mask.data(), mask.size(), 1);
            CocoRle rle = coco::encode(mask.data(), h, w, 1);
            QCOMPARE(rle.counts, item["coco_rle_counts"].get<std::vector<std::uint32_t>>());
            QCOMPARE(coco::toString(rle.counts), item["coco_rle_compressed"].get<std::string>());
            QCOMPARE(coco::fromString(item["coco_rle_compressed"].get<std::string>()), rle.counts);
            QCOMPARE(double(coco::area(rle)), item["area"].get<double>());
            auto box = coco::boundingBox(rle);
            for (int i = 0; i < 4; ++i) QCOMPARE(box[size_t(i)], item["bbox"][size_t(i)].get<double>());
            std::vector<std::uint8_t> back(mask.size(), 0);
            coco::decodeInto(rle, back.data(), 1);
            QVERIFY(back == mask);
            ++checked;
        }
        QCOMPARE(checked, 385);
    }
    // Polygons rasterised exactly as the reference API does.
    void matchesReferencePolygonRasterisation() {
        REQUIRE_SHARED_DATA(shared);
        std::ifstream in((shared + "/fixtures/coco_reference.json").toStdString());
        auto fixture = nlohmann::json::parse(in);
        int checked = 0;
        for (const auto& item : fixture["polygons"]) {
            const int h = item["height"], w = item["width"];
            std::vector<CocoRle> parts;
            for (const auto& polygon : item["polygons"]) parts.push_back(coco::fromPolygon(polygon.get<std::vector<double>>(), h, w));
            CocoRle merged = coco::merge(parts);
            std::vector<std::uint8_t> mask(size_t(h) * size_t(w), 0);
            coco::decodeInto(merged, mask.data(), 1);
            QCOMPARE(KaggleRle::encode(mask.data(), mask.size(), 1), item["rasterized_by_reference_kaggle_rle"].get<std::string>());
            QCOMPARE(double(coco::area(merged)), item["rasterized_pixels"].get<double>());
            ++checked;
        }
        QCOMPARE(checked, 12);
    }
};

QTEST_GUILESS_MAIN(TestCocoRle)
#include "test_coco_rle.moc"
