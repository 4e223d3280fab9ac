// Crash safety: a child process makes a numbered series of strokes into a workspace and is
// killed with SIGKILL at random moments, some of them inside the commit. After every kill the
// workspace holds exactly strokes 1..N, N being the last acknowledged stroke or the one after
// it, never part of a stroke, and PRAGMA integrity_check passes.
#include "review/Workspace.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cstdio>
#include <random>

using namespace gireview;

namespace {

constexpr CaseDayKey kDay{5, 2};

VolumeGeometry geometry() {
    VolumeGeometry g;
    g.width = 96, g.height = 80, g.depth = 12;
    return g;
}

// Stroke k (1-based) is deterministic: a 6x6 square of one organ, added or (every 5th) removed.
int applyStroke(LabelVolume& labels, int k, Organ& organ) {
    const auto& g = labels.geometry();
    const int z = k % g.depth;
    organ = kAllOrgans[size_t(k % 3)];
    const int x0 = (k * 7) % (g.width - 8), y0 = (k * 11) % (g.height - 8);
    for (int y = y0; y < y0 + 6; ++y)
        for (int x = x0; x < x0 + 6; ++x) labels.set(x, y, z, organ, k % 5 != 0);
    return z;
}

int runChild(const char* path) {
    Workspace ws(path);
    LabelVolume labels(kDay, geometry());
    ws.loadLayer(kDay, LabelLayer::Reviewed, labels);
    int k = int(ws.journal(kDay).size());
    ws.setBeforeCommitHook([] {
        std::printf("c\n");
        std::fflush(stdout);
    });
    for (int i = 0; i < 5000; ++i) {
        ++k;
        Organ organ;
        const int z = applyStroke(labels, k, organ);
        ws.saveSlices(labels, LabelLayer::Reviewed, z, z, "stroke", organ, k);
        std::printf("%d\n", k);
        std::fflush(stdout);
    }
    return 0;
}

} // namespace

class TestWorkspaceCrash : public QObject {
    Q_OBJECT
private slots:
    void killedAtRandomMomentsLosesAtMostOneStroke() {
        QTemporaryDir dir;
        const QString path = dir.path() + "/crash.gireview";
        std::mt19937 rng(2024);
        int insideCommit = 0, kills = 0, previousN = 0;
        for (int trial = 0; trial < 24; ++trial) {
            QProcess child;
            child.start(QCoreApplication::applicationFilePath(), {"--child", path});
            QVERIFY(child.waitForStarted());
            QByteArray output;
            const bool atCommit = trial % 3 == 0;
            if (atCommit) {
                // Kill right after the child announces a COMMIT is about to run.
                const int wanted = 1 + int(rng() % 4);
                int seen = 0;
                while (seen < wanted && child.waitForReadyRead(10000)) {
                    output += child.readAllStandardOutput();
                    seen = int(output.count("c\n"));
                }
                ++insideCommit;
            } else {
                QTest::qWait(5 + int(rng() % 120));
            }
            child.kill(); // SIGKILL
            QVERIFY(child.waitForFinished(10000));
            ++kills;
            output += child.readAllStandardOutput();
            int lastAck = previousN;
            for (const QByteArray& line : output.split('\n'))
                if (!line.isEmpty() && line != "c") lastAck = line.toInt();
            Workspace ws(path.toStdString());
            const auto journal = ws.journal(kDay);
            const int n = int(journal.size());
            for (int i = 0; i < n; ++i) QCOMPARE(journal[size_t(i)].voxels, (long long)(i + 1)); // strokes 1..N, in order
            QVERIFY2(n == lastAck || n == lastAck + 1, qPrintable(QString("journal %1, acknowledged %2").arg(n).arg(lastAck)));
            LabelVolume expected(kDay, geometry()), stored(kDay, geometry());
            for (int k = 1; k <= n; ++k) {
                Organ organ;
                applyStroke(expected, k, organ);
            }
            ws.loadLayer(kDay, LabelLayer::Reviewed, stored);
            QVERIFY2(stored == expected, qPrintable(QString("labels differ from strokes 1..%1").arg(n)));
            QCOMPARE(QString::fromStdString(ws.integrityCheck()), QString("ok"));
            QVERIFY(n >= previousN);
            previousN = n;
        }
        QVERIFY(kills >= 20);
        QVERIFY(insideCommit >= 5);
        QVERIFY2(previousN > 24, qPrintable(QString::number(previousN))); // the child made progress between kills
        qInfo("%d kills (%d at a commit), %d strokes survived", kills, insideCommit, previousN);
    }
};

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "--child") return runChild(argv[2]);
    QCoreApplication app(argc, argv);
    TestWorkspaceCrash test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_workspace_crash.moc"
