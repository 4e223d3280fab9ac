// COCO JSON export/import: round trips on the real rows and every error the import must name.
#include "io/CocoJson.h"
#include "io/CocoRle.h"
#include "io/CsvReader.h"
#include "io/KaggleCsv.h"
#include "TestSupport.h"

#include <QFile>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace gireview;

namespace {

std::vector<ExportDay> daysFor(const std::map<CaseDayKey, LabelVolume>& volumes) {
    std::vector<ExportDay> days;
    for (const auto& [key, labels] : volumes) {
        ExportDay day{key, labels.geometry(), {}, &labels};
        for (int z = 0; z < labels.geometry().depth; ++z) day.sliceFiles.push_back(kaggleSliceFile(key, z + 1, labels.geometry()));
        days.push_back(std::move(day));
    }
    return days;
}

QByteArray readAll(const std::string& path) {
    QFile file(QString::fromStdString(path));
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

QString problemsText(const std::vector<Problem>& problems) {
    QStringList lines;
    for (const auto& p : problems) lines << QString::fromStdString(formatProblem(p));
    return lines.join('\n');
}

} // namespace

class TestCocoJson : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    std::string tmp(const char* name) { return (dir_.path() + "/" + name).toStdString(); }

private slots:
    void roundTripRealRowsCsvCocoCsv() {
        REQUIRE_SHARED_DATA(shared);
        const auto grids = testsupport::realCaseDayGrids(shared);
        auto original = importKaggleCsv((shared + "/train_rows.csv").toStdString(), grids);
        QVERIFY(original.problems.empty());
        auto days = daysFor(original.volumes);
        std::vector<CsvDay> csvDays;
        for (const auto& d : days) csvDays.push_back({d.day, d.geometry.depth, d.labels});
        writeKaggleCsv(tmp("before.csv"), KaggleCsvKind::Train, csvDays);
        for (auto segmentation : {CocoSegmentation::CompressedRle, CocoSegmentation::UncompressedRle, CocoSegmentation::Polygons}) {
            for (bool perComponent : {false, true}) {
                CocoExportOptions options;
                options.segmentation = segmentation;
                options.perComponent = perComponent;
                writeCocoJson(tmp("labels.json"), days, options);
                auto back = importCocoJson(tmp("labels.json"), days);
                QVERIFY2(back.problems.empty(), qPrintable(problemsText(back.problems)));
                for (const auto& [key, volume] : original.volumes) QVERIFY(back.volumes.at(key) == volume);
                std::vector<CsvDay> again;
                for (const auto& d : days) again.push_back({d.day, d.geometry.depth, &back.volumes.at(d.day)});
                writeKaggleCsv(tmp("after.csv"), KaggleCsvKind::Train, again);
                QCOMPARE(readAll(tmp("after.csv")), readAll(tmp("before.csv")));
            }
        }
        // Every slice is an image; annotations carry the reference encodings.
        std::ifstream in(tmp("labels.json"));
        auto json = nlohmann::json::parse(in);
        size_t slices = 0;
        for (const auto& d : days) slices += size_t(d.geometry.depth);
        QCOMPARE(json["images"].size(), slices);
        QCOMPARE(json["categories"][2]["name"].get<std::string>(), std::string("stomach"));
        QCOMPARE(json["categories"][2]["id"].get<int>(), 3);
    }

    void importErrorsNameTheItem_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("expected");
        const QString image = R"({"id": 1, "file_name": "train/case1/case1_day0/scans/slice_0001_4_3_1.50_1.50.png", "width": 4, "height": 3})";
        const QString cats = R"("categories": [{"id": 3, "name": "stomach"}])";
        QTest::newRow("escapes root") << QString(R"({"images": [{"id": 1, "file_name": "../etc/passwd", "width": 4, "height": 3}], "annotations": []})")
                                      << "escapes the dataset root";
        QTest::newRow("absolute") << QString(R"({"images": [{"id": 1, "file_name": "/tmp/x.png", "width": 4, "height": 3}], "annotations": []})")
                                  << "escapes the dataset root";
        QTest::newRow("not in dataset") << QString(R"({"images": [{"id": 1, "file_name": "train/case9/x.png", "width": 4, "height": 3}], "annotations": []})")
                                        << "not a slice of the dataset";
        QTest::newRow("duplicate image") << QString(R"({"images": [%1, %1], "annotations": []})").arg(image) << "duplicate image id 1";
        QTest::newRow("unknown category") << QString(R"({"images": [%1], "categories": [{"id": 7, "name": "liver"}], "annotations": []})").arg(image)
                                          << "unknown category";
        QTest::newRow("unknown image id") << QString(R"({"images": [%1], %2, "annotations": [{"id": 1, "image_id": 5, "category_id": 3, "segmentation": [[0,0,1,0,1,1]]}]})").arg(image, cats)
                                          << "image_id 5 is not in 'images'";
        QTest::newRow("rle size") << QString(R"({"images": [%1], %2, "annotations": [{"id": 1, "image_id": 1, "category_id": 3, "segmentation": {"size": [4, 3], "counts": [12]}}]})").arg(image, cats)
                                  << "RLE size [4,3] disagrees with the image; expected [3, 4]";
        QTest::newRow("few points") << QString(R"({"images": [%1], %2, "annotations": [{"id": 1, "image_id": 1, "category_id": 3, "segmentation": [[0,0,2,2]]}]})").arg(image, cats)
                                    << "fewer than 3 points";
        QTest::newRow("polygon outside") << QString(R"({"images": [%1], %2, "annotations": [{"id": 1, "image_id": 1, "category_id": 3, "segmentation": [[0,0,9,0,9,2]]}]})").arg(image, cats)
                                         << "polygon extends outside the 4x3 image";
        QTest::newRow("duplicate annotation") << QString(R"({"images": [%1], %2, "annotations": [{"id": 4, "image_id": 1, "category_id": 3, "segmentation": [[0,0,2,0,2,2]]}, {"id": 4, "image_id": 1, "category_id": 3, "segmentation": [[0,0,2,0,2,2]]}]})").arg(image, cats)
                                              << "duplicate annotation id 4";
        QTest::newRow("bad counts") << QString(R"({"images": [%1], %2, "annotations": [{"id": 1, "image_id": 1, "category_id": 3, "segmentation": {"size": [3, 4], "counts": [5, 2]}}]})").arg(image, cats)
                                    << "add up to 7 pixels";
        // Found by fuzz_coco: numbers of the wrong kind are reported, never converted (UB).
        QTest::newRow("float image id") << QString(R"({"images": [%1], %2, "annotations": [{"id": 1, "image_id": 7.7e47, "category_id": 3, "segmentation": [[0,0,2,0,2,2]]}]})").arg(image, cats)
                                        << "id, image_id and category_id must be whole numbers";
        QTest::newRow("negative count") << QString(R"({"images": [%1], %2, "annotations": [{"id": 1, "image_id": 1, "category_id": 3, "segmentation": {"size": [3, 4], "counts": [-5, 17]}}]})").arg(image, cats)
                                        << "RLE count -5 is not a whole number from 0 to 4294967295";
        QTest::newRow("categories not a list") << QString(R"({"images": [%1], "categories": 3, "annotations": []})").arg(image)
                                               << "categories: not a list: 3";
        QTest::newRow("image not an object") << QString(R"({"images": [17], "annotations": []})") << "image #1: not an object: 17";
        QTest::newRow("float width") << QString(R"({"images": [{"id": 1, "file_name": "train/case1/case1_day0/scans/slice_0001_4_3_1.50_1.50.png", "width": 4.5e30, "height": 3}], "annotations": []})")
                                     << "image size 4.5e+30x3";
    }
    void importErrorsNameTheItem() {
        QFETCH(QString, json);
        QFETCH(QString, expected);
        VolumeGeometry g;
        g.width = 4, g.height = 3, g.depth = 1, g.spacingX = g.spacingY = 1.5;
        ExportDay day{{1, 0}, g, {kaggleSliceFile({1, 0}, 1, g)}, nullptr};
        QFile file(dir_.path() + "/bad.json");
        file.open(QIODevice::WriteOnly | QIODevice::Truncate);
        file.write(json.toUtf8());
        file.close();
        auto result = importCocoJson(tmp("bad.json"), {day});
        const QString text = problemsText(result.problems);
        QVERIFY2(text.contains(expected), qPrintable(text));
    }
    void notCocoAtAll() {
        QFile file(dir_.path() + "/not.json");
        file.open(QIODevice::WriteOnly);
        file.write("[1, 2");
        file.close();
        QVERIFY_THROWS_EXCEPTION(DataError, importCocoJson(tmp("not.json"), {}));
    }
};

QTEST_GUILESS_MAIN(TestCocoJson)
#include "test_coco_json.moc"
