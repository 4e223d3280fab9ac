// The workspace: labels, predictions with model cards, statuses, append-only audit, review
// marks and edited pairs; refusing newer or corrupt files without touching them; upgrading a
// schema-1 file written by the first release; read-only whenever the lock cannot be taken or
// the file cannot be written (also as another user); a full disk said as such, the edit kept.
#include "SqliteFullDisk.h"
#include "TestSupport.h"
#include "review/EditSession.h"
#include "review/Workspace.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QtTest>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

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
    void damagedSliceIsNamedFromOne() {
        // Messages number slices as the window does, from 1: stored z = 4 is "slice 5".
        const CaseDayKey day{3, 7};
        const LabelVolume labels = sample(day);
        const std::string file = path("damaged.gireview").toStdString();
        {
            Workspace ws(file);
            ws.saveLayer(labels, LabelLayer::Reviewed);
        }
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "UPDATE slice_labels SET data=x'00112233' WHERE slice=4", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        Workspace ws(file);
        LabelVolume back(day, labels.geometry());
        try {
            ws.loadLayer(day, LabelLayer::Reviewed, back);
            QFAIL("a damaged slice was accepted");
        } catch (const WorkspaceError& error) {
            QVERIFY2(QString(error.what()).contains("workspace slice 5 of case3_day7 is damaged"), error.what());
        }
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
    void approvalKeepsTheFlagsItAcknowledged() {
        const std::vector<AcknowledgedFlag> flags = {{"gap", 40, 41, "no Stomach on slices 40-41"},
                                                     {"volume_change", 0, 0, "412.0 cc against 150.0 cc"}};
        {
            Workspace ws(path("flags.gireview").toStdString());
            ws.approve({1, 0}, Organ::Stomach, "alice", "A", flags);
            ws.reopen({1, 0}, Organ::Stomach, "alice", "A");
            ws.approve({1, 0}, Organ::Stomach, "alice", "A");
        }
        Workspace ws(path("flags.gireview").toStdString());
        const auto audit = ws.audit();
        QCOMPARE(audit.size(), size_t(3));
        QVERIFY(audit[0].acknowledged == flags);
        QVERIFY(audit[1].acknowledged.empty() && audit[2].acknowledged.empty());
        sqlite3* db = nullptr;
        sqlite3_open((path("flags.gireview")).toUtf8().constData(), &db);
        QVERIFY(sqlite3_exec(db, "UPDATE acknowledged_flags SET detail='forged'", nullptr, nullptr, nullptr) != SQLITE_OK);
        QVERIFY(sqlite3_exec(db, "DELETE FROM acknowledged_flags", nullptr, nullptr, nullptr) != SQLITE_OK);
        sqlite3_close(db);
        QCOMPARE(ws.audit()[0].acknowledged.size(), size_t(2));
    }
    void upgradesSchemaTwo() {
        // A schema-2 file: today's minus the tables of schema 3, with an approval in it.
        const QString file = path("schema2.sqlite");
        {
            Workspace ws(file.toStdString());
            ws.approve({2, 5}, Organ::LargeBowel, "bob", "B");
        }
        sqlite3* db = nullptr;
        sqlite3_open(file.toUtf8().constData(), &db);
        QCOMPARE(sqlite3_exec(db, "PRAGMA journal_mode=DELETE; DROP TABLE acknowledged_flags; DROP TABLE effort; DROP TABLE review_clock; "
                              "DROP TABLE day_shown; DROP TABLE prediction_risk; PRAGMA user_version=2", nullptr,
                              nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        // A reader cannot upgrade, so it refuses (the file stays schema 2).
        QVERIFY_THROWS_EXCEPTION(WorkspaceError, Workspace(file.toStdString(), Workspace::Access::Reader));
        Workspace ws(file.toStdString());
        QCOMPARE(ws.schemaVersion(), 3);
        QVERIFY(!ws.backupPath().empty());
        QCOMPARE(ws.audit().size(), size_t(1));
        QCOMPARE(ws.status({2, 5}, Organ::LargeBowel), ReviewStatus::Approved);
        ws.approve({2, 5}, Organ::Stomach, "bob", "B", {{"island", 7, 7, "a piece of 12 voxels"}});
        QCOMPARE(ws.audit().back().acknowledged.size(), size_t(1));
        QCOMPARE(QString::fromStdString(ws.integrityCheck()), QString("ok"));
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
    void upgradesSchemaOneAfterABackup() {
        // Written by the first release (schema 1): per-slice review marks, a brush and a lasso
        // edit, a prediction layer, a model card, an approval.
        const QString source = QStringLiteral(GIREVIEW_TEST_DATA "/workspace-schema1.sqlite");
        QVERIFY(QFile::exists(source));
        const QString file = path("old.sqlite");
        QVERIFY(QFile::copy(source, file));
        QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
        const QByteArray before = fileHash(file);
        const CaseDayKey day{1, 0};
        {
            Workspace ws(file.toStdString());
            QVERIFY(!ws.readOnly());
            QCOMPARE(ws.schemaVersion(), Workspace::kSchemaVersion);
            QVERIFY(!ws.backupPath().empty());
            // The backup is the old file, byte for byte in content: schema 1, same rows.
            QCOMPARE(fileHash(QString::fromStdString(ws.backupPath())).isEmpty(), false);
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open_v2(ws.backupPath().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
            sqlite3_stmt* statement = nullptr;
            sqlite3_prepare_v2(db, "SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM reviewed_slices)", -1,
                               &statement, nullptr);
            QCOMPARE(sqlite3_step(statement), SQLITE_ROW);
            QCOMPARE(sqlite3_column_int(statement, 0), 1);
            QCOMPARE(sqlite3_column_int(statement, 1), 2);
            sqlite3_finalize(statement);
            sqlite3_close(db);
            // Everything of schema 1 is still there.
            VolumeGeometry g;
            g.width = 16, g.height = 12, g.depth = 6, g.spacingX = g.spacingY = 1.5;
            LabelVolume reviewed(day, g), prediction(day, g);
            QVERIFY(ws.loadLayer(day, LabelLayer::Reviewed, reviewed));
            QCOMPARE(reviewed.countOnSlice(2, Organ::Stomach), size_t(24));
            QCOMPARE(reviewed.countOnSlice(3, Organ::LargeBowel), size_t(16));
            QVERIFY(ws.loadLayer(day, LabelLayer::Prediction, prediction));
            QCOMPARE(prediction.countOnSlice(2, Organ::Stomach), size_t(35));
            QVERIFY(QString::fromStdString(ws.modelCard(day)).contains("test model"));
            QCOMPARE(ws.status(day, Organ::Stomach), ReviewStatus::Approved);
            QCOMPARE(ws.status(day, Organ::LargeBowel), ReviewStatus::InProgress);
            QCOMPARE(int(ws.audit().size()), 1);
            QCOMPARE(int(ws.journal(day).size()), 2);
            // Per-slice marks became marks for every organ; the journal's edits became edited pairs.
            QCOMPARE(ws.reviewedSlices(day), (std::vector<int>{3, 4}));
            const LabelledSlices marks = ws.reviewMarks(day, g.depth);
            QVERIFY(marks.has(2, Organ::SmallBowel) && marks.has(3, Organ::Stomach) && !marks.has(0, Organ::Stomach));
            const LabelledSlices edited = ws.editedPairs(day, g.depth);
            QCOMPARE(edited.pairs(), size_t(2));
            QVERIFY(edited.has(2, Organ::Stomach) && edited.has(3, Organ::LargeBowel));
            QCOMPARE(QString::fromStdString(ws.integrityCheck()), QString("ok"));
        }
        // Upgraded once: the next open keeps it and makes no new backup.
        Workspace again(file.toStdString());
        QVERIFY(again.backupPath().empty());
        QVERIFY(fileHash(file) != before);
    }
    void readOnlyFileOpensReadOnly() {
        const QString file = path("mode0444.sqlite");
        {
            Workspace ws(file.toStdString());
            ws.saveLayer(sample({1, 1}), LabelLayer::Reviewed);
        }
        QVERIFY(::chmod(file.toLocal8Bit().constData(), 0444) == 0);
        const QByteArray before = fileHash(file);
        {
            // As root access(2) says writable; the mode bits still say read-only.
            Workspace ws(file.toStdString());
            QVERIFY(ws.readOnly());
            QVERIFY2(QString::fromStdString(ws.readOnlyReason()).contains("0444"), ws.readOnlyReason().c_str());
            LabelVolume labels({1, 1}, sample({1, 1}).geometry());
            QVERIFY(ws.loadLayer({1, 1}, LabelLayer::Reviewed, labels));
            QVERIFY_THROWS_EXCEPTION(WorkspaceError, ws.saveLayer(labels, LabelLayer::Reviewed));
            // The edit session refuses instead of drawing what it cannot save.
            EditSession session(std::make_shared<LabelVolume>(labels), &ws);
            EditRegion dab = EditRegion::box(0, 0, 0, 2, 2, 1);
            std::fill(dab.mask.begin(), dab.mask.end(), 1);
            QVERIFY(!session.apply(Organ::Stomach, dab, EditMode::Add, "brush"));
            QVERIFY(QString::fromStdString(session.error()).contains("read-only"));
            QVERIFY(*session.labels() == labels);
        }
        QCOMPARE(fileHash(file), before);
        ::chmod(file.toLocal8Bit().constData(), 0644);
    }
    void lockThatCannotBeTakenOpensReadOnly() {
        // The lock side file is a directory: no lock, so no writing.
        const QString file = path("dirlock.sqlite");
        {
            Workspace ws(file.toStdString());
        }
        QFile::remove(file + ".lock");
        QVERIFY(QDir().mkdir(file + ".lock"));
        Workspace ws(file.toStdString());
        QVERIFY(ws.readOnly());
        QVERIFY2(QString::fromStdString(ws.readOnlyReason()).contains("lock"), ws.readOnlyReason().c_str());
        QVERIFY_THROWS_EXCEPTION(WorkspaceError, ws.setSliceReviewed({1, 1}, 1, true));
    }
    void anotherUsersLockOpensReadOnly() {
        if (::geteuid() != 0) QSKIP("needs root to run the second writer as nobody (setpriv --reuid=65534)");
        if (QStandardPaths::findExecutable("setpriv").isEmpty()) QSKIP("setpriv (util-linux) is not installed");
        // A folder and workspace nobody may write into, with root's 0644 lock file beside it.
        const QString shared = path("shared-by-users");
        QVERIFY(QDir().mkpath(shared));
        ::chmod(shared.toLocal8Bit().constData(), 0777);
        ::chmod(dir_.path().toLocal8Bit().constData(), 0755);
        const QString file = shared + "/ws.sqlite";
        {
            Workspace ws(file.toStdString());
            ws.saveLayer(sample({1, 1}), LabelLayer::Reviewed);
            ws.setSliceReviewed({1, 1}, 1, true); // leaves the WAL files in place for readers
        }
        ::chmod(file.toLocal8Bit().constData(), 0666);
        ::chmod((file + ".lock").toLocal8Bit().constData(), 0644);
        const QByteArray before = fileHash(file);
        QProcess child;
        child.start(QStringLiteral("setpriv"), {"--reuid=65534", "--regid=65534", "--clear-groups", QCoreApplication::applicationFilePath(),
                                               "--probe-lock", file});
        QVERIFY(child.waitForFinished(20000));
        const QString out = QString::fromUtf8(child.readAllStandardOutput()).trimmed();
        QVERIFY2(out.startsWith("read-only ok"), qPrintable(out + QString::fromUtf8(child.readAllStandardError())));
        QVERIFY2(out.contains("lock"), qPrintable(out));
        QCOMPARE(fileHash(file), before);
    }
    void fullDiskIsSaidAndTheEditKept() {
        testsupport::installFullDiskVfs();
        const QString file = path("full.sqlite");
        const CaseDayKey day{2, 4};
        const LabelVolume start = sample(day);
        Workspace ws(file.toStdString());
        ws.saveLayer(start, LabelLayer::Reviewed);
        EditSession session(std::make_shared<LabelVolume>(start), &ws);
        EditRegion dab = EditRegion::box(22, 14, 3, 4, 4, 1);
        std::fill(dab.mask.begin(), dab.mask.end(), 1);
        testsupport::diskFullFlag() = true;
        QVERIFY(!session.apply(Organ::SmallBowel, dab, EditMode::Add, "brush"));
        const QString error = QString::fromStdString(session.error());
        QVERIFY2(error.contains("disk") && error.contains("full") && !error.contains("corrupt"), qPrintable(error));
        QVERIFY(session.hasUnsavedEdits());
        QVERIFY(session.labels()->has(23, 15, 3, Organ::SmallBowel)); // kept in memory
        QVERIFY_THROWS_EXCEPTION(WorkspaceFullError, ws.setSliceReviewed(day, 1, true));
        QVERIFY(!session.retrySave()); // still full
        testsupport::diskFullFlag() = false;
        QVERIFY(session.retrySave());
        QVERIFY(!session.hasUnsavedEdits());
        LabelVolume stored(day, start.geometry());
        QVERIFY(ws.loadLayer(day, LabelLayer::Reviewed, stored));
        QVERIFY(stored == *session.labels());
        QCOMPARE(QString::fromStdString(ws.journal(day).back().tool), QString("brush"));
        QVERIFY(ws.editedPairs(day, 5).has(3, Organ::SmallBowel));
        QCOMPARE(QString::fromStdString(ws.integrityCheck()), QString("ok"));
    }
    void editCommitsSlicesMarksAndStatusTogether() {
        const QString file = path("commit.sqlite");
        const CaseDayKey day{4, 1};
        VolumeGeometry g;
        g.width = 20, g.height = 20, g.depth = 10;
        Workspace ws(file.toStdString());
        int commits = 0;
        ws.setBeforeCommitHook([&] { ++commits; });
        EditSession session(std::make_shared<LabelVolume>(day, g), &ws);
        // A stroke over slices 2 and 6 only (a coronal dab skips nothing in between here, so
        // two separate applies): one transaction, two slices written, two edited pairs.
        session.beginStroke();
        EditRegion a = EditRegion::box(1, 1, 2, 3, 3, 1), b = EditRegion::box(1, 1, 6, 3, 3, 1);
        std::fill(a.mask.begin(), a.mask.end(), 1);
        std::fill(b.mask.begin(), b.mask.end(), 1);
        session.apply(Organ::Stomach, a, EditMode::Add, "brush");
        session.apply(Organ::Stomach, b, EditMode::Add, "brush");
        QCOMPARE(commits, 0);
        QVERIFY(session.endStroke("brush"));
        QCOMPARE(commits, 1);
        std::vector<bool> stored;
        LabelVolume back(day, g);
        QVERIFY(ws.loadLayer(day, LabelLayer::Reviewed, back, &stored));
        QCOMPARE(int(std::count(stored.begin(), stored.end(), true)), 2);
        QVERIFY(stored[2] && stored[6] && !stored[4]);
        QCOMPARE(ws.editedPairs(day, g.depth).pairs(), size_t(2));
        QCOMPARE(ws.status(day, Organ::Stomach), ReviewStatus::InProgress);
        QCOMPARE(ws.status(day, Organ::LargeBowel), ReviewStatus::NotReviewed);
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
    if (argc == 3 && std::string(argv[1]) == "--probe-lock") {
        try {
            Workspace ws(argv[2]);
            std::printf("%s %s\n", ws.readOnly() ? "read-only ok:" : "writable:", ws.readOnlyReason().c_str());
        } catch (const std::exception& error) {
            std::printf("error %s\n", error.what());
        }
        return 0;
    }
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
