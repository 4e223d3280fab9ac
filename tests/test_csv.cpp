#include "io/CsvReader.h"
#include "data/DataError.h"
#include "io/KaggleCsv.h"
#include "io/KaggleRle.h"
#include "TestSupport.h"

#include <QFile>
#include <QtTest>

using namespace gireview;

namespace {

std::string writeText(const QTemporaryDir& dir, const char* name, const QByteArray& text) {
    QFile file(dir.filePath(name));
    file.open(QIODevice::WriteOnly);
    file.write(text);
    file.close();
    return file.fileName().toStdString();
}

std::map<CaseDayKey, VolumeGeometry> grid(int caseNo, int dayNo, int w, int h, int d) {
    VolumeGeometry g;
    g.width = w;
    g.height = h;
    g.depth = d;
    return {{CaseDayKey{caseNo, dayNo}, g}};
}

QString problemsText(const LabelCsvImport& result) {
    QStringList lines;
    for (const auto& p : result.problems) lines << QString::fromStdString(formatProblem(p));
    return lines.join('\n');
}

} // namespace

class TestCsv : public QObject {
    Q_OBJECT
private slots:
    void recordsWithQuotesCrlfAndBom() {
        QTemporaryDir dir;
        auto path = writeText(dir, "a.csv",
                              "\xEF\xBB\xBFid,class,segmentation\r\n"
                              "case1_day0_slice_0001,stomach,\"1 2\"\r\n"
                              "\"case1_day0_slice_0002\",\"small_bowel\",\"3 \"\"4\"\"\"\r\n"
                              "\"multi\nline\",x,\r\n"
                              "last,no,newline");
        CsvRecordReader reader(path);
        std::vector<std::string_view> f;
        QVERIFY(reader.next(f));
        QCOMPARE(f.size(), size_t(3));
        QCOMPARE(std::string(f[0]), std::string("id")); // BOM stripped
        QVERIFY(reader.next(f));
        QCOMPARE(std::string(f[2]), std::string("1 2"));
        QVERIFY(reader.next(f));
        QCOMPARE(std::string(f[0]), std::string("case1_day0_slice_0002"));
        QCOMPARE(std::string(f[2]), std::string("3 \"4\""));
        QVERIFY(reader.next(f));
        QCOMPARE(std::string(f[0]), std::string("multi\nline"));
        QCOMPARE(std::string(f[2]), std::string()); // CR not part of the empty field
        QCOMPARE(reader.recordLine(), 4L);
        QVERIFY(reader.next(f));
        QCOMPARE(std::string(f[2]), std::string("newline"));
        QCOMPARE(reader.recordLine(), 6L);
        QVERIFY(!reader.next(f));
    }
    void unterminatedQuoteIsAnError() {
        QTemporaryDir dir;
        auto path = writeText(dir, "b.csv", "id,class,segmentation\nx,y,\"1 2\n");
        CsvRecordReader reader(path);
        std::vector<std::string_view> f;
        QVERIFY(reader.next(f));
        QVERIFY_THROWS_EXCEPTION(CsvError, reader.next(f));
    }
    void headerKinds() {
        QTemporaryDir dir;
        KaggleCsvReader train(writeText(dir, "t.csv", "id,class,segmentation\n"));
        QCOMPARE(train.kind(), KaggleCsvKind::Train);
        KaggleCsvReader sub(writeText(dir, "s.csv", "id,class,predicted\n"));
        QCOMPARE(sub.kind(), KaggleCsvKind::Submission);
        // Column order and a pandas index column do not matter.
        KaggleCsvReader odd(writeText(dir, "o.csv", ",class,predicted,id\n0,stomach,NaN,case1_day0_slice_0001\n"));
        KaggleCsvRow row;
        QVERIFY(odd.next(row));
        QCOMPARE(std::string(row.id), std::string("case1_day0_slice_0001"));
        QCOMPARE(std::string(row.rle), std::string()); // NaN is an empty mask
        try {
            KaggleCsvReader bad(writeText(dir, "bad.csv", "name,organ,mask\n"));
            QFAIL("expected CsvError");
        } catch (const CsvError& error) {
            QVERIFY2(QString(error.what()).contains("id,class,segmentation"), error.what());
            QVERIFY2(QString(error.what()).contains("name,organ,mask"), error.what());
        }
        QVERIFY_THROWS_EXCEPTION(CsvError, KaggleCsvReader(writeText(dir, "empty.csv", "")));
        QVERIFY_THROWS_EXCEPTION(IoError, KaggleCsvReader((dir.path() + "/missing.csv").toStdString()));
    }
    void importReportsEveryProblem() {
        QTemporaryDir dir;
        auto path = writeText(dir, "p.csv",
                              "id,class,segmentation\n"
                              "case1_day0_slice_0001,stomach,1 3\n"
                              "case1_day0_slice_0001,stomach,5 1\n"   // duplicate
                              "case1_day0_slice_0002,liver,1 1\n"     // unknown class
                              "case9_day0_slice_0001,stomach,\n"      // no such day
                              "case1_day0_slice_0009,stomach,\n"      // slice not on disk
                              "case1_day0_slice_x,stomach,\n"         // malformed id
                              "case1_day0_slice_0003,small_bowel,1 2 99 5\n" // past the end
                              "case1_day0_slice_0004,large_bowel,nan\n"
                              "case1_day0_slice_0004,small_bowel,4 2\n");
        auto result = importKaggleCsv(path, grid(1, 0, 5, 4, 4));
        QCOMPARE(result.rows, size_t(9));
        const QString text = problemsText(result);
        QCOMPARE(int(result.problems.size()), 6);
        QVERIFY2(text.contains("line 3, id case1_day0_slice_0001, class stomach: duplicate"), qPrintable(text));
        QVERIFY2(text.contains("unknown class 'liver'"), qPrintable(text));
        QVERIFY2(text.contains("no case-day case9_day0"), qPrintable(text));
        QVERIFY2(text.contains("slice 9 is not on disk"), qPrintable(text));
        QVERIFY2(text.contains("malformed slice id"), qPrintable(text));
        QVERIFY2(text.contains("id case1_day0_slice_0003, class small_bowel: run past the end"), qPrintable(text));
        const LabelVolume& labels = result.volumes.at({1, 0});
        QCOMPARE(labels.countOnSlice(0, Organ::Stomach), size_t(3));    // first row applied, duplicate not
        QCOMPARE(labels.countOnSlice(2, Organ::SmallBowel), size_t(0)); // bad row leaves nothing behind
        QCOMPARE(labels.countOnSlice(3, Organ::SmallBowel), size_t(2));
    }
    void writerEmitsEverySliceAndClassInOrder() {
        QTemporaryDir dir;
        VolumeGeometry g;
        g.width = 4, g.height = 3, g.depth = 2;
        LabelVolume later({10, 2}, g), earlier({2, 15}, g);
        later.set(1, 0, 1, Organ::Stomach, true);
        later.set(2, 0, 1, Organ::Stomach, true);
        later.set(3, 2, 0, Organ::LargeBowel, true);
        const std::string path = (dir.path() + "/out.csv").toStdString();
        writeKaggleCsv(path, KaggleCsvKind::Submission,
                       {{{10, 2}, 2, &later}, {{2, 15}, 2, &earlier}, {{2, 3}, 1, nullptr}});
        QFile file(QString::fromStdString(path));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray expected =
            "id,class,predicted\n"
            "case2_day3_slice_0001,large_bowel,\ncase2_day3_slice_0001,small_bowel,\ncase2_day3_slice_0001,stomach,\n"
            "case2_day15_slice_0001,large_bowel,\ncase2_day15_slice_0001,small_bowel,\ncase2_day15_slice_0001,stomach,\n"
            "case2_day15_slice_0002,large_bowel,\ncase2_day15_slice_0002,small_bowel,\ncase2_day15_slice_0002,stomach,\n"
            "case10_day2_slice_0001,large_bowel,12 1\ncase10_day2_slice_0001,small_bowel,\ncase10_day2_slice_0001,stomach,\n"
            "case10_day2_slice_0002,large_bowel,\ncase10_day2_slice_0002,small_bowel,\ncase10_day2_slice_0002,stomach,2 2\n";
        QCOMPARE(file.readAll(), expected);
        // Read back: identical labels.
        std::map<CaseDayKey, VolumeGeometry> grids{{{10, 2}, g}, {{2, 15}, g}, {{2, 3}, VolumeGeometry{4, 3, 1}}};
        auto back = importKaggleCsv(path, grids);
        QVERIFY(back.problems.empty());
        QVERIFY(back.volumes.at({10, 2}) == later);
        QCOMPARE(back.rows, size_t(15));
    }
    void failedWriteLeavesExistingFileUntouched() {
        QTemporaryDir dir;
        const std::string path = writeText(dir, "keep.csv", "old content\n");
        VolumeGeometry g;
        g.width = 4, g.height = 3, g.depth = 2;
        LabelVolume wrongDepth({1, 0}, g);
        QVERIFY_THROWS_EXCEPTION(GeometryError,
                                 writeKaggleCsv(path, KaggleCsvKind::Train, {{{1, 0}, 5, &wrongDepth}}));
        QFile file(QString::fromStdString(path));
        file.open(QIODevice::ReadOnly);
        QCOMPARE(file.readAll(), QByteArray("old content\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temp file left
    }
    void realTrainRowsImportCleanly() {
        REQUIRE_SHARED_DATA(shared);
        const auto grids = testsupport::realCaseDayGrids(shared);
        QCOMPARE(int(grids.size()), 19);
        auto result = importKaggleCsv((shared + "/train_rows.csv").toStdString(), grids);
        QVERIFY2(result.problems.empty(), qPrintable(problemsText(result)));
        QCOMPARE(result.rows, size_t(4563));
        // The 360x310 days decode as (310, 360).
        QCOMPARE(result.volumes.at({122, 0}).geometry().height, 310);
        QVERIFY(result.volumes.at({122, 0}).count(Organ::Stomach) + result.volumes.at({122, 0}).count(Organ::LargeBowel) > 0);
    }
};

QTEST_GUILESS_MAIN(TestCsv)
#include "test_csv.moc"
