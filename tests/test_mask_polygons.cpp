// Polygon export: what the reference rasteriser (our fromPolygon, checked against the reference
// API's fixtures in test_coco_rle) makes of the exported polygons is exactly the mask again.
#include "io/CocoRle.h"
#include "io/KaggleRle.h"
#include "io/MaskPolygons.h"
#include "TestSupport.h"

#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

using namespace gireview;

namespace {

std::vector<std::uint8_t> rasterise(const std::vector<std::vector<double>>& polygons, int h, int w) {
    std::vector<std::uint8_t> mask(size_t(h) * size_t(w), 0);
    if (polygons.empty()) return mask;
    std::vector<CocoRle> parts;
    for (const auto& p : polygons) parts.push_back(coco::fromPolygon(p, h, w));
    coco::decodeInto(coco::merge(parts), mask.data(), 1);
    return mask;
}

QString show(const std::vector<std::uint8_t>& m, int h, int w) {
    QString s;
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) s += m[size_t(y) * size_t(w) + size_t(x)] ? '#' : '.';
        s += '\n';
    }
    return s;
}

} // namespace

class TestMaskPolygons : public QObject {
    Q_OBJECT
private slots:
    void shapesWithHolesAndPinches_data() {
        QTest::addColumn<QStringList>("rows");
        QTest::newRow("square") << QStringList{".....", ".###.", ".###.", "....."};
        QTest::newRow("ring (hole)") << QStringList{"#####", "#...#", "#.#.#", "#...#", "#####"};
        QTest::newRow("two holes") << QStringList{"#######", "#.#.#.#", "#######", "#..#..#", "#######"};
        QTest::newRow("diagonal pinch") << QStringList{"##..", "##..", "..##", "..##"};
        QTest::newRow("hole touching corner") << QStringList{"####", "#.##", "##.#", "####"};
        QTest::newRow("border") << QStringList{"###", "#.#", "###"};
        QTest::newRow("single pixels") << QStringList{"#.#", ".#.", "#.#"};
        QTest::newRow("C with touching ends") << QStringList{"####.", "#....", "#..#.", "####."};
    }
    void shapesWithHolesAndPinches() {
        QFETCH(QStringList, rows);
        const int h = int(rows.size()), w = int(rows[0].size());
        std::vector<std::uint8_t> mask(size_t(h) * size_t(w));
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) mask[size_t(y) * size_t(w) + size_t(x)] = rows[y][x] == '#';
        auto polygons = maskToPolygons(mask.data(), w, h, 1);
        for (const auto& p : polygons) QVERIFY(p.size() >= 6);
        auto back = rasterise(polygons, h, w);
        QVERIFY2(back == mask, qPrintable("expected\n" + show(mask, h, w) + "got\n" + show(back, h, w)));
    }
    void randomMasksRoundTrip() {
        std::mt19937 rng(17);
        for (int i = 0; i < 300; ++i) {
            const int h = 5 + int(rng() % 30), w = 5 + int(rng() % 30);
            std::vector<std::uint8_t> mask(size_t(h) * size_t(w));
            const int density = 20 + int(rng() % 60);
            for (auto& m : mask) m = int(rng() % 100) < density;
            auto back = rasterise(maskToPolygons(mask.data(), w, h, 1), h, w);
            QVERIFY2(back == mask, qPrintable(show(mask, h, w) + "\n" + show(back, h, w)));
        }
    }
    void realMasksRoundTrip() {
        REQUIRE_SHARED_DATA(shared);
        std::ifstream in((shared + "/fixtures/coco_reference.json").toStdString());
        auto fixture = nlohmann::json::parse(in);
        for (const auto& item : fixture["rle"]) {
            const int h = item["height"], w = item["width"];
            std::vector<std::uint8_t> mask(size_t(h) * size_t(w), 0);
            KaggleRle::decodeInto(item["kaggle_rle"].get<std::string>(), mask.data(), mask.size(), 1);
            auto back = rasterise(maskToPolygons(mask.data(), w, h, 1), h, w);
            QCOMPARE(KaggleRle::encode(back.data(), back.size(), 1), item["kaggle_rle"].get<std::string>());
        }
    }
};

QTEST_GUILESS_MAIN(TestMaskPolygons)
#include "test_mask_polygons.moc"
