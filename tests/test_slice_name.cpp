#include "data/DataError.h"
#include "data/SliceName.h"

#include <QtTest>

using namespace gireview;

class TestSliceName : public QObject {
    Q_OBJECT
private slots:
    void parsesWidthFirst() {
        SliceFileName name = parseSliceFileName("slice_0065_360_310_1.50_1.50.png");
        QCOMPARE(name.slice, 65);
        QCOMPARE(name.width, 360); // 360 wide
        QCOMPARE(name.height, 310); // 310 high: a (310, 360) array
        QCOMPARE(name.spacingX, 1.5);
        QCOMPARE(name.spacingY, 1.5);
    }
    void formatRoundTrips_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("266") << "slice_0001_266_266_1.50_1.50.png";
        QTest::newRow("360x310") << "slice_0144_360_310_1.50_1.50.png";
        QTest::newRow("276") << "slice_0080_276_276_1.63_1.63.png";
        QTest::newRow("234") << "slice_0012_234_234_1.50_1.50.png";
    }
    void formatRoundTrips() {
        QFETCH(QString, file);
        QCOMPARE(QString::fromStdString(formatSliceFileName(parseSliceFileName(file.toStdString()))), file);
    }
    void formatsFromNumbers() {
        QCOMPARE(formatSliceFileName(7, 276, 276, 1.63, 1.63), std::string("slice_0007_276_276_1.63_1.63.png"));
    }
    void malformedNamesNameTheFile_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("why");
        QTest::newRow("no ext") << "slice_0001_266_266_1.50_1.50" << "no .png";
        QTest::newRow("fields") << "slice_0001_266_266_1.50.png" << "number of fields";
        QTest::newRow("prefix") << "image_0001_266_266_1.50_1.50.png" << "number of fields";
        QTest::newRow("slice 0") << "slice_0000_266_266_1.50_1.50.png" << "slice number";
        QTest::newRow("letters") << "slice_00a1_266_266_1.50_1.50.png" << "slice number";
        QTest::newRow("width") << "slice_0001_-266_266_1.50_1.50.png" << "width";
        QTest::newRow("height 0") << "slice_0001_266_0_1.50_1.50.png" << "height";
        QTest::newRow("spacing") << "slice_0001_266_266_x_1.50.png" << "spacing";
        QTest::newRow("spacing dots") << "slice_0001_266_266_1.5.0_1.50.png" << "spacing";
    }
    void malformedNamesNameTheFile() {
        QFETCH(QString, file);
        QFETCH(QString, why);
        try {
            parseSliceFileName(file.toStdString());
            QFAIL("expected NameError");
        } catch (const NameError& error) {
            QCOMPARE(QString::fromStdString(error.context().file), file);
            QVERIFY2(QString(error.what()).contains(why), error.what());
        }
    }
    void messagesQuoteEscapedAndBounded() {
        using gireview::quoteForMessage;
        QCOMPARE(quoteForMessage("case1_day0"), std::string("case1_day0"));
        QCOMPARE(quoteForMessage("st\x01om\x1b[31m"), std::string("st\\x01om\\x1b[31m")); // nothing raw to a terminal
        QCOMPARE(quoteForMessage("bad-\xff\xfe-name"), std::string("bad-\\xff\\xfe-name")); // not UTF-8
        QCOMPARE(quoteForMessage("\xc3\xa9t\xc3\xa9"), std::string("\xc3\xa9t\xc3\xa9")); // UTF-8 stays
        const std::string huge(5 * 1024 * 1024, 'x');
        const std::string shown = quoteForMessage(huge);
        QCOMPARE(shown, std::string(80, 'x') + "... (5242880 bytes)");
        // Through an error's context: the token and the id are quoted, never echoed whole.
        const gireview::DataError error("bad run", gireview::ErrorContext{"f.csv", huge, {}, 2, "\x07"});
        QVERIFY(std::string(error.what()).size() < 300);
        QVERIFY(std::string(error.what()).find("token '\\x07'") != std::string::npos);
    }
    void sliceIds() {
        SliceId id = parseSliceId("case123_day20_slice_0065");
        QCOMPARE(id.day.caseNo, 123);
        QCOMPARE(id.day.dayNo, 20);
        QCOMPARE(id.slice, 65);
        QCOMPARE(formatSliceId(id), std::string("case123_day20_slice_0065"));
        QCOMPARE(formatCaseDayName({7, 0}), std::string("case7_day0"));
        QVERIFY_THROWS_EXCEPTION(NameError, parseSliceId("case123_day20_slice_"));
        QVERIFY_THROWS_EXCEPTION(NameError, parseSliceId("case123_slice_0065"));
        QVERIFY_THROWS_EXCEPTION(NameError, parseSliceId("caseX_day20_slice_0065"));
        QVERIFY_THROWS_EXCEPTION(NameError, parseSliceId("case1_day2_slice_0000"));
    }
    void folderNames() {
        CaseDayKey key;
        QVERIFY(tryParseCaseDayName("case2_day10", key));
        QCOMPARE(key.caseNo, 2);
        QCOMPARE(key.dayNo, 10);
        QVERIFY(!tryParseCaseDayName("case2", key));
        int caseNo = 0;
        QVERIFY(tryParseCaseName("case139", caseNo));
        QCOMPARE(caseNo, 139);
        QVERIFY(!tryParseCaseName("case139_day0", caseNo));
        // Numeric, not lexical, order.
        QVERIFY(CaseDayKey({2, 9}) < CaseDayKey({2, 10}));
        QVERIFY(CaseDayKey({9, 30}) < CaseDayKey({10, 0}));
    }
};

QTEST_GUILESS_MAIN(TestSliceName)
#include "test_slice_name.moc"
