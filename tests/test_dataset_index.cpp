#include "io/AtomicFile.h"
#include "data/DataError.h"
#include "io/DatasetIndex.h"
#include "io/PngCodec.h"
#include "io/ScanVolumeLoader.h"
#include "TestSupport.h"

#include <QtTest>
#include <sys/stat.h>

using namespace gireview;

namespace {

// Writes a small synthetic case-day: `slices` 16-bit slices of w x h named like Kaggle's.
void writeDay(const QString& dayDir, int slices, int w = 20, int h = 16, const char* spacing = "1.50") {
    QDir().mkpath(dayDir + "/scans");
    std::vector<std::uint16_t> pixels(size_t(w) * h);
    for (int s = 1; s <= slices; ++s) {
        for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = std::uint16_t(s * 1000 + i);
        auto png = encodeGray16Png(pixels.data(), w, h);
        QString name = QString::asprintf("slice_%04d_%d_%d_%s_%s.png", s, w, h, spacing, spacing);
        writeFileAtomically((dayDir + "/scans/" + name).toStdString(),
                            std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
    }
}

QString problemText(const DatasetIndex& index) {
    QStringList lines;
    for (const auto& p : index.problems) lines << QString::fromStdString(formatProblem(p));
    return lines.join('\n');
}

} // namespace

class TestDatasetIndex : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        // Kaggle layout with numeric-vs-lexical traps: case10 after case2, day10 after day9.
        writeDay(dir_.path() + "/root/train/case10/case10_day0", 3);
        writeDay(dir_.path() + "/root/train/case2/case2_day10", 4);
        writeDay(dir_.path() + "/root/train/case2/case2_day9", 2);
        QFile csv(dir_.path() + "/root/train.csv");
        csv.open(QIODevice::WriteOnly);
        csv.write("id,class,segmentation\n");
    }
    void kaggleRootSortedNumerically() {
        auto index = scanDataset((dir_.path() + "/root").toStdString());
        QVERIFY2(index.problems.empty(), qPrintable(problemText(index)));
        QCOMPARE(int(index.cases.size()), 2);
        QCOMPARE(index.cases[0].caseNo, 2);
        QCOMPARE(index.cases[1].caseNo, 10);
        QCOMPARE(index.cases[0].days[0].key.dayNo, 9);
        QCOMPARE(index.cases[0].days[1].key.dayNo, 10);
        QCOMPARE(index.sliceCount(), size_t(9));
        QCOMPARE(index.dayCount(), size_t(3));
        QVERIFY(QString::fromStdString(index.labelsFile).endsWith("train.csv"));
        const DayEntry* day = index.findDay({2, 10});
        QVERIFY(day);
        QCOMPARE(day->geometry.width, 20);
        QCOMPARE(day->geometry.height, 16);
        QCOMPARE(day->geometry.depth, 4);
        QCOMPARE(day->geometry.spacingZ, 3.0);
    }
    void caseAndDayFolders() {
        auto caseIndex = scanDataset((dir_.path() + "/root/train/case2").toStdString());
        QCOMPARE(caseIndex.dayCount(), size_t(2));
        auto dayIndex = scanDataset((dir_.path() + "/root/train/case2/case2_day10").toStdString());
        QCOMPARE(dayIndex.dayCount(), size_t(1));
        QCOMPARE(dayIndex.cases[0].days[0].key.dayNo, 10);
        auto scansIndex = scanDataset((dir_.path() + "/root/train/case2/case2_day10/scans").toStdString());
        QCOMPARE(scansIndex.dayCount(), size_t(1));
        auto trainIndex = scanDataset((dir_.path() + "/root/train").toStdString());
        QCOMPARE(trainIndex.dayCount(), size_t(3));
    }
    void rootNamedScansIsARoot() {
        // A dataset root called "scans" (as ../shared/data/scans is) holds train/caseN/...: it is
        // a root, not a day's slice folder, which "scans" is only below caseN_dayM.
        writeDay(dir_.path() + "/scans/train/case3/case3_day1", 2);
        writeDay(dir_.path() + "/scans/train/case4/case4_day0", 3);
        auto index = scanDataset((dir_.path() + "/scans").toStdString());
        QVERIFY2(index.problems.empty(), qPrintable(problemText(index)));
        QCOMPARE(index.dayCount(), size_t(2));
        QCOMPARE(index.sliceCount(), size_t(5));
        QVERIFY(index.findDay({4, 0}));
    }
    void missingPathIsAnError() {
        QVERIFY_THROWS_EXCEPTION(IoError, scanDataset((dir_.path() + "/nope").toStdString()));
        QVERIFY_THROWS_EXCEPTION(IoError, scanDataset((dir_.path() + "/root/train.csv").toStdString()));
        auto empty = scanDataset(dir_.path().toStdString() + "/root/train/case2/case2_day9/scans/..");
        QCOMPARE(empty.dayCount(), size_t(1));
    }

    void labelsFileThatIsNotAFileIsReported() {
        const QString root = dir_.path() + "/fifo_labels";
        writeDay(root + "/train/case1/case1_day0", 2);
        QVERIFY(::mkfifo((root + "/train.csv").toLocal8Bit().constData(), 0644) == 0);
        const auto index = scanDataset(root.toStdString()); // returns: the FIFO is never opened
        QVERIFY(index.labelsFile.empty());
        QVERIFY2(problemText(index).contains("train.csv: the labels file is a FIFO (named pipe), not a regular file; not read"),
                 qPrintable(problemText(index)));
    }

    void scanReportsProgressAndCancels() {
        std::vector<std::pair<size_t, size_t>> calls;
        ScanOptions options;
        options.onDay = [&calls](size_t done, size_t total) {
            calls.emplace_back(done, total);
            return true;
        };
        const auto index = scanDataset((dir_.path() + "/root").toStdString(), options);
        QVERIFY(index.dayCount() >= 2);
        QCOMPARE(calls.size(), index.dayCount() + 1); // before each day, and once at the end
        QCOMPARE(calls.back().first, index.dayCount());
        for (const auto& call : calls) QCOMPARE(call.second, index.dayCount());
        // Returning false stops the scan before the next day.
        size_t seen = 0;
        options.onDay = [&seen](size_t done, size_t) {
            seen = done;
            return done < 1;
        };
        QVERIFY_THROWS_EXCEPTION(ScanCancelled, scanDataset((dir_.path() + "/root").toStdString(), options));
        QCOMPARE(seen, size_t(1));
    }

    // The corrupt-input table: each broken day, its expected problem and severity.
    void corruptInputs_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("isError");
        QTest::newRow("missing slice") << "missing" << "missing slice numbers in case1_day0: 2, 4-5" << true;
        QTest::newRow("duplicate slice") << "duplicate" << "duplicate slice 3" << true;
        QTest::newRow("mixed sizes") << "mixedsize" << "mixed sizes" << true;
        QTest::newRow("mixed spacings") << "mixedspacing" << "mixed pixel spacings" << true;
        QTest::newRow("unreadable") << "empty" << "unreadable" << true;
        QTest::newRow("size vs name") << "wrongsize" << "but its name says 20x16" << true;
        QTest::newRow("colour") << "colour" << "colour image" << true;
        QTest::newRow("malformed name") << "badname" << "malformed slice file name" << true;
        QTest::newRow("8-bit copy") << "eightbit" << "8-bit grayscale copy" << false;
        QTest::newRow("stray file") << "stray" << "ignored" << false;
        QTest::newRow("no slices") << "noslices" << "no slice files" << true;
        // A FIFO named like a slice: never opened (it would block), reported, skipped.
        QTest::newRow("fifo as a slice") << "fifo" << "not a regular file" << true;
        QTest::newRow("huge size in the name") << "hugename" << "width 100000 is beyond 4096" << true;
        QTest::newRow("huge slice number") << "hugeslice" << "slice number 99999 is beyond 2000" << true;
        QTest::newRow("folder named like a slice") << "slicefolder" << "slice_0007_20_16_1.50_1.50.png: a folder named like a slice file" << true;
    }
    void corruptInputs() {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QFETCH(bool, isError);
        const QString day = dir_.path() + "/corrupt_" + kind + "/case1_day0";
        const QString scans = day + "/scans/";
        writeDay(day, kind == "noslices" ? 0 : 6);
        QString file = scans + "slice_0003_20_16_1.50_1.50.png";
        if (kind == "missing") {
            QFile::remove(scans + "slice_0002_20_16_1.50_1.50.png");
            QFile::remove(scans + "slice_0004_20_16_1.50_1.50.png");
            QFile::remove(scans + "slice_0005_20_16_1.50_1.50.png");
        } else if (kind == "duplicate") {
            QFile::copy(file, scans + "slice_0003_20_16_1.63_1.63.png");
        } else if (kind == "mixedsize") {
            QFile::remove(file);
            writeDay(dir_.path() + "/tmp_" + kind, 3, 24, 24);
            QFile::copy(dir_.path() + "/tmp_" + kind + "/scans/slice_0003_24_24_1.50_1.50.png",
                        scans + "slice_0003_24_24_1.50_1.50.png");
        } else if (kind == "mixedspacing") {
            QFile::rename(file, scans + "slice_0003_20_16_1.63_1.63.png");
        } else if (kind == "empty") {
            QFile f(file);
            f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        } else if (kind == "wrongsize") {
            std::vector<std::uint16_t> px(30 * 30, 5);
            auto png = encodeGray16Png(px.data(), 30, 30);
            writeFileAtomically(file.toStdString(), std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        } else if (kind == "colour") {
            std::vector<std::uint8_t> rgb(20 * 16 * 3, 9);
            auto png = encodeRgb8Png(rgb.data(), 20, 16);
            writeFileAtomically(file.toStdString(), std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        } else if (kind == "badname") {
            QFile::rename(file, scans + "slice_03_20_16.png");
        } else if (kind == "eightbit") {
            std::vector<std::uint8_t> px(20 * 16, 77);
            auto png = encodeGray8Png(px.data(), 20, 16);
            writeFileAtomically(file.toStdString(), std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
        } else if (kind == "stray") {
            QFile f(scans + "notes.txt");
            f.open(QIODevice::WriteOnly);
        } else if (kind == "fifo") {
            QVERIFY(::mkfifo((scans + "slice_0007_20_16_1.50_1.50.png").toLocal8Bit().constData(), 0644) == 0);
        } else if (kind == "hugename") {
            QFile::rename(file, scans + "slice_0003_100000_100000_1.50_1.50.png"); // a tiny PNG that claims 20 GB
        } else if (kind == "hugeslice") {
            QFile::rename(file, scans + "slice_99999_20_16_1.50_1.50.png");
        } else if (kind == "slicefolder") {
            QDir().mkpath(scans + "slice_0007_20_16_1.50_1.50.png");
        }
        auto index = scanDataset(day.toStdString());
        const QString text = problemText(index);
        QVERIFY2(text.contains(expected), qPrintable(text));
        QCOMPARE(hasErrors(index.problems), isError);
        // A damaged or mis-sized file is one blank slice, not a refused day (a day of nothing but
        // mis-sized files is refused: test_scan_volume).
        if (kind == "wrongsize" || kind == "colour" || kind == "empty") {
            QVERIFY(index.days().front()->usable);
            QCOMPARE(index.days().front()->unusableSlices(), std::vector<int>{3});
        }
        if (kind == "missing") QCOMPARE(index.days().front()->unusableSlices(), (std::vector<int>{2, 4, 5}));
        // The day's own share of the problems, for the window to list with the day.
        QCOMPARE(index.days().front()->problems.size(), index.problems.size());
        // Every problem names a file or folder inside the day.
        for (const auto& p : index.problems) QVERIFY(QString::fromStdString(p.location).startsWith(day));
    }
};

QTEST_GUILESS_MAIN(TestDatasetIndex)
#include "test_dataset_index.moc"
