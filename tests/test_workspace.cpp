// The workspace: labels, predictions with model cards, statuses, append-only audit, reviewed
// slices; refusing newer or corrupt files without touching them; a second instance read-only.
#include "TestSupport.h"
#include "review/Workspace.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QtTest>
#include <sqlite3.h>

using namespace gireview;

namespace {

QByteArray fileHash(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

LabelVolume sample(CaseDayKey day) {
    VolumeGeometry g;
    g.width = 30, g.height = 20, g.depth = 5;
    LabelVolume labels(day, g);
    for (int z = 0; z < 5; ++z)
        for (int y = 3; y < 12; ++y)
            for (int x = z; x < 20; ++x) labels.set(x, y, z, kAllOrgans[size_t(z % 3)], true);
    return labels;
}

} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString path(const char* name) { return dir_.path() + "/" + name; }

private slots:
    void storesAndRestoresEverything() {
        const CaseDayKey day{3, 7};
        const LabelVolume labels = sample(day);
        {
            Workspace ws(path("a.gireview").toStdString());
            QVERIFY(!ws.readOnly());
            QCOMPARE(QString::fromStdString(ws.journalMode()), QString("wal"));
            ws.saveLayer(labels, LabelLayer::Reviewed);
            ws.saveSlices(labels, LabelLayer::Prediction, 1, 2, "model", Organ::Stomach, 42);
            ws.setModelCard(day, R"({"name": "phantom-unet"})");
            ws.setStatus(day, Organ::SmallBowel, ReviewStatus::InProgress);
            ws.approve(day, Organ::Stomach, "alice", "Dr A. Smith");
            ws.reopen(day, Organ::Stomach, "alice", "Dr A. Smith");
            ws.approve(day, Organ::Stomach, "bob", "Dr B. Jones");
            ws.setSliceReviewed(day, 2, true);
            ws.setSliceReviewed(day, 4, true);
            ws.setSliceReviewed(day, 4, false);
        }
        Workspace ws(path("a.gireview").toStdString());
        LabelVolume reviewed(day, labels.geometry()), prediction(day, labels.geometry());
        QVERIFY(ws.loadLayer(day, LabelLayer::Reviewed, reviewed));
        QVERIFY(reviewed == labels);
        QVERIFY(ws.loadLayer(day, LabelLayer::Prediction, prediction));
        QCOMPARE(prediction.countOnSlice(0, Organ::LargeBowel), size_t(0)); // only slices 1-2 stored
        QCOMPARE(prediction.countOnSlice(1, Organ::SmallBowel), labels.countOnSlice(1, Organ::SmallBowel));
        QVERIFY(QString::fromStdString(ws.modelCard(day)).contains("phantom-unet"));
        QCOMPARE(ws.status(day, Organ::SmallBowel), ReviewStatus::InProgress);
        QCOMPARE(ws.status(day, Organ::Stomach), ReviewStatus::Approved);
        QCOMPARE(ws.status(day, Organ::LargeBowel), ReviewStatus::NotReviewed);
        auto audit = ws.audit();
        QCOMPARE(int(audit.size()), 3);
        QCOMPARE(QString::fromStdString(audit[1].action), QString("reopen"));
        QCOMPARE(QString::fromStdString(audit[2].reviewer), QString("Dr B. Jones"));
        QCOMPARE(ws.reviewedSlices(day), std::vector<int>{2});
        auto journal = ws.journal(day);
        QCOMPARE(int(journal.size()), 1);
        QCOMPARE(QString::fromStdString(journal[0].tool), QString("model"));
        QCOMPARE(journal[0].voxels, 42LL);
        QCOMPARE(QString::fromStdString(ws.integrityCheck()), QString("ok"));
    }
    void auditIsAppendOnly() {
        Workspace ws(path("audit.gireview").toStdString());
        ws.approve({1, 0}, Organ::Stomach, "alice", "A");
        sqlite3* db = nullptr;
        sqlite3_open((path("audit.gireview")).toUtf8().constData(), &db);
        QVERIFY(sqlite3_exec(db, "UPDATE audit SET reviewer='forged'", nullptr, nullptr, nullptr) != SQLITE_OK);
        QVERIFY(sqlite3_exec(db, "DELETE FROM audit", nullptr, nullptr, nullptr) != SQLITE_OK);
        sqlite3_close(db);
        QCOMPARE(QString::fromStdString(ws.audit()[0].reviewer), QString("A"));
    }
    void refusesNewerAndCorruptFilesUntouched() {
        {
            Workspace ws(path("newer.gireview").toStdString());
        }
        sqlite3* db = nullptr;
        sqlite3_open(path("newer.gireview").toUtf8().constData(), &db);
        sqlite3_exec(db, "PRAGMA journal_mode=DELETE; PRAGMA user_version=99", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        const QByteArray before = fileHash(path("newer.gireview"));
        try {
            Workspace ws(path("newer.gireview").toStdString());
            QFAIL("expected WorkspaceError");
        } catch (const WorkspaceError& error) {
            QVERIFY2(QString(error.what()).contains("newer GI Review"), error.what());
        }
        QCOMPARE(fileHash(path("newer.gireview")), before);
        QFile corrupt(path("corrupt.gireview"));
        corrupt.open(QIODevice::WriteOnly);
        corrupt.write(QByteArray(4096, 'x'));
        corrupt.close();
        const QByteArray corruptBefore = fileHash(path("corrupt.gireview"));
        QVERIFY_THROWS_EXCEPTION(WorkspaceError, Workspace(path("corrupt.gireview").toStdString()));
        QCOMPARE(fileHash(path("corrupt.gireview")), corruptBefore);
    }
    void secondInstanceIsReadOnly() {
        Workspace first(path("shared.gireview").toStdString());
        first.saveLayer(sample({1, 1}), LabelLayer::Reviewed);
        // Another process (flock is per open file description; a child process is the real case).
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {"--probe-readonly", path("shared.gireview")});
        QVERIFY(child.waitForFinished(20000));
        QCOMPARE(QString::fromUtf8(child.readAllStandardOutput()).trimmed(), QString("read-only ok"));
    }
};

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "--probe-readonly") {
        try {
            Workspace ws(argv[2]);
            LabelVolume labels({1, 1}, sample({1, 1}).geometry());
            const bool loaded = ws.loadLayer({1, 1}, LabelLayer::Reviewed, labels);
            bool refused = false;
            try {
                ws.saveLayer(labels, LabelLayer::Reviewed);
            } catch (const WorkspaceError&) {
                refused = true;
            }
            std::printf("%s\n", ws.readOnly() && loaded && refused && labels == sample({1, 1}) && !ws.readOnlyReason().empty()
                                    ? "read-only ok"
                                    : "unexpected");
        } catch (const std::exception& error) {
            std::printf("error %s\n", error.what());
        }
        return 0;
    }
    QCoreApplication app(argc, argv);
    TestWorkspace test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_workspace.moc"
