// The case and day numbers of DICOM series (core, no widgets): assigned once by the day rule,
// kept beside the workspace, never moved when studies are added later; a damaged registry is an
// error naming its file, never a fresh numbering.
#include "data/DataError.h"
#include "io/AtomicFile.h"
#include "io/CaseDayRegistry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace gireview;

namespace {

SeriesIdentity series(const char* patient, const char* uid, const char* date,
                      const char* time = "083000") {
    return {patient, uid, date, time};
}

} // namespace

class TestCaseDayRegistry : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string file(const char* name) { return (dir_.path() + "/" + name).toStdString(); }

private slots:
    // Days since the patient's first study; a second fraction on a date takes the next unused
    // number; patients numbered by their first study. Given in any order, numbered as it happened.
    void dayRuleOverABatch() {
        CaseDayRegistry registry;
        const auto keys = registry.assignAll({
            series("PAT-B", "1.2.3.20", "20260112"), // B's second fraction, a week later
            series("PAT-A", "1.2.3.11", "20260203", "143000"),
            series("PAT-B", "1.2.3.10", "20260105"),
            series("PAT-A", "1.2.3.10b", "20260203", "080000"), // same date, earlier: day 0
            series("PAT-A", "1.2.3.12", "20260204"),            // day 1 is taken: 2
            series("PAT-B", "1.2.3.21", "20260229"),            // not a date (2026 is no leap year)
        });
        QCOMPARE(keys.size(), size_t(6));
        QCOMPARE(keys[2], (CaseDayKey{1, 0})); // B's first study is the earliest of all: case 1
        QCOMPARE(keys[0], (CaseDayKey{1, 7}));
        QCOMPARE(keys[3], (CaseDayKey{2, 0}));
        QCOMPARE(keys[1], (CaseDayKey{2, 1}));
        QCOMPARE(keys[4], (CaseDayKey{2, 2}));
        QCOMPARE(keys[5], (CaseDayKey{1, 8})); // undated: after the highest
        QCOMPARE(QString::fromStdString(
                     CaseDayRegistry::displayDateTime(registry.entry({2, 1})->identity)),
                 QStringLiteral("2026-02-03 14:30"));
        QCOMPARE(CaseDayRegistry::displayDateTime(registry.entry({1, 8})->identity), std::string());
        // The same series again: the same key, nothing added.
        QCOMPARE(registry.assign(series("PAT-A", "1.2.3.12", "20260204")), (CaseDayKey{2, 2}));
        QCOMPARE(registry.entries().size(), size_t(6));
        // Leap days and year ends count as the calendar does.
        CaseDayRegistry calendar;
        QCOMPARE(calendar.assign(series("C", "1", "20231231")), (CaseDayKey{1, 0}));
        QCOMPARE(calendar.assign(series("C", "2", "20240301")),
                 (CaseDayKey{1, 61})); // via 29 February 2024
    }

    // Saved beside the workspace and read back, numbers stay; a study found later, dated before
    // the first, takes a new number and moves no other.
    void numbersNeverMove() {
        const std::string workspace = file("review.sqlite");
        const std::string path = CaseDayRegistry::pathBeside(workspace);
        QVERIFY(QString::fromStdString(path).startsWith(QString::fromStdString(workspace)));
        {
            CaseDayRegistry registry = CaseDayRegistry::load(path); // none yet: empty
            QVERIFY(registry.entries().empty());
            registry.assignAll({series("P1", "s1", "20260310"), series("P1", "s2", "20260311"),
                                series("P2", "t1", "20260301")});
            registry.save(path);
        }
        CaseDayRegistry reread = CaseDayRegistry::load(path);
        QCOMPARE(reread.entries().size(), size_t(3));
        QCOMPARE(*reread.find("P1", "s2"), (CaseDayKey{2, 1}));
        QCOMPARE(*reread.find("P2", "t1"), (CaseDayKey{1, 0}));
        // An earlier study of P1 and a new patient whose study predates everyone's.
        const auto added =
            reread.assignAll({series("P1", "s0", "20260301"), series("P0", "u1", "20250101")});
        QCOMPARE(added[0], (CaseDayKey{2, 2})); // not day -9: nothing moves
        QCOMPARE(added[1], (CaseDayKey{3, 0})); // the next case number, whatever its date
        QCOMPARE(*reread.find("P1", "s1"), (CaseDayKey{2, 0}));
        QCOMPARE(*reread.find("P1", "s2"), (CaseDayKey{2, 1}));
        // A later fraction still counts from the first study the registry numbered.
        QCOMPARE(reread.assign(series("P1", "s3", "20260317")), (CaseDayKey{2, 7}));
        reread.save(path);
        CaseDayRegistry third = CaseDayRegistry::load(path);
        QCOMPARE(third.assign(series("P1", "s4", "20260320")), (CaseDayKey{2, 10}));
        QVERIFY(!third.find("P9", "none"));
    }

    // A damaged or foreign file is an error naming it, and is left as it was.
    void damagedRegistryIsAnError_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not JSON") << QByteArray("{ \"format\": ") << "not JSON";
        QTest::newRow("another format") << QByteArray("{\"format\": \"coco\", \"version\": 1}")
                                        << "not a GI Review case-day registry";
        QTest::newRow("newer version")
            << QByteArray("{\"format\": \"gireview-case-days\", \"version\": 9, \"patients\": [], "
                          "\"series\": []}")
            << "version 9";
        QTest::newRow("field missing")
            << QByteArray("{\"format\": \"gireview-case-days\", \"version\": 1, \"patients\": []}")
            << "a field is missing";
        QTest::newRow("case twice")
            << QByteArray("{\"format\": \"gireview-case-days\", \"version\": 1, \"patients\": "
                          "[{\"patient_id\": \"a\", \"case\": 1}, "
                          "{\"patient_id\": \"b\", \"case\": 1}], \"series\": []}")
            << "listed twice";
        QTest::newRow("day twice")
            << QByteArray(
                   "{\"format\": \"gireview-case-days\", \"version\": 1, \"patients\": "
                   "[{\"patient_id\": \"a\", \"case\": 1}], "
                   "\"series\": [{\"patient_id\": \"a\", \"series_uid\": \"x\", \"case\": 1, "
                   "\"day\": 0}, "
                   "{\"patient_id\": \"a\", \"series_uid\": \"y\", \"case\": 1, \"day\": 0}]}")
            << "listed twice";
        QTest::newRow("unknown patient")
            << QByteArray("{\"format\": \"gireview-case-days\", \"version\": 1, \"patients\": [], "
                          "\"series\": [{\"patient_id\": \"a\", \"series_uid\": \"x\", \"case\": "
                          "1, \"day\": 0}]}")
            << "names a patient or case not listed";
    }
    void damagedRegistryIsAnError() {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const std::string path = file("damaged.case-days.json");
        writeFileAtomically(path, std::string_view(content.constData(), size_t(content.size())));
        try {
            CaseDayRegistry::load(path);
            QFAIL("expected an error");
        } catch (const DataError& error) {
            QVERIFY2(QString(error.what()).contains(expected), error.what());
            QCOMPARE(QString::fromStdString(error.context().file), QString::fromStdString(path));
        }
        const auto bytes = readFileBytes(path);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(bytes.data()), int(bytes.size())),
                 content);
    }
};

QTEST_GUILESS_MAIN(TestCaseDayRegistry)
#include "test_case_day_registry.moc"
