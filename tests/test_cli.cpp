// gireview-cli end to end: phantom, info, validate, usage errors and exit codes.
#include "TestSupport.h"
#include "io/KaggleCsv.h"
#include "io/LabelExchange.h"
#include "review/ReviewDocument.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <qplatformdefs.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>
#include <map>

namespace {

QByteArray fileHash(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

struct Run {
    int exitCode = -1;
    QString out, err;
};

Run cli(const QStringList& arguments) {
    QProcess process;
    process.start(QStringLiteral(GIREVIEW_CLI), arguments);
    process.waitForFinished(300000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString data_;

private slots:
    void initTestCase() {
        data_ = dir_.path() + "/phantom";
        Run run = cli({"phantom", "--out", data_, "--cases", "2", "--days", "1", "--seed", "5", "--size", "234", "--quiet"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.contains("Wrote 2 case-days, 288 slices"));
        QVERIFY(run.out.contains("best threshold Dice"));
    }
    void helpEverywhere() {
        Run top = cli({"--help"});
        QCOMPARE(top.exitCode, 0);
        for (const char* command : {"phantom", "info", "validate", "export", "convert", "eval", "infer", "train", "qa", "effort"}) {
            QVERIFY(top.out.contains(command));
            Run help = cli({command, "--help"});
            QCOMPARE(help.exitCode, 0);
            QVERIFY2(help.out.contains("Usage:"), qPrintable(help.out));
        }
        QCOMPARE(cli({"--version"}).exitCode, 0);
        QVERIFY(cli({"--version"}).out.contains("LibTorch"));
    }
    void badUsageExitsTwo() {
        QCOMPARE(cli({}).exitCode, 2);
        QCOMPARE(cli({"frobnicate"}).exitCode, 2);
        QCOMPARE(cli({"validate"}).exitCode, 2);
        QCOMPARE(cli({"validate", "--no-such-option", data_}).exitCode, 2);
        QCOMPARE(cli({"phantom", "--out", dir_.path() + "/x", "--size", "999"}).exitCode, 2);
        QCOMPARE(cli({"phantom", "--out", dir_.path() + "/x", "--cases", "zero"}).exitCode, 2);
    }
    void numbersAreBoundedAndSaidSo_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        const QString x = dir_.path() + "/never";
        QTest::newRow("threads too many") << QStringList{"infer", "--data", data_, "--out", x, "--threads", "100000"}
                                          << "--threads '100000' is out of range: expected 0 to 256";
        QTest::newRow("batch not a number") << QStringList{"infer", "--data", data_, "--out", x, "--batch", "eight"}
                                            << "--batch 'eight' is not a whole number: expected 1 to 1024";
        QTest::newRow("64-bit epochs") << QStringList{"train", "--data", data_, "--out", x, "--epochs", "18446744073709551617"}
                                       << "--epochs '18446744073709551617' is not a whole number";
        QTest::newRow("cases too many") << QStringList{"phantom", "--out", x, "--cases", "100000"} << "--cases '100000' is out of range";
        QTest::newRow("negative seed") << QStringList{"phantom", "--out", x, "--seed", "-1"} << "--seed '-1' is out of range";
        QTest::newRow("learning rate") << QStringList{"train", "--data", data_, "--out", x, "--lr", "5"} << "--lr '5' is out of range";
    }
    void numbersAreBoundedAndSaidSo() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        const Run run = cli(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(expected), qPrintable(run.err));
        QVERIFY(!QFileInfo::exists(dir_.path() + "/never"));
    }
    void infoSummarisesOrgans() {
        const QString json = dir_.path() + "/info.json";
        Run run = cli({"info", data_, "--json", json});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("2 cases, 2 case-days, 288 slices"), qPrintable(run.out));
        QVERIFY(run.out.contains("234x234 @ 1.50 mm"));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject report = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(report["slices"].toInt(), 288);
        QJsonObject stomach = report["organs"].toObject()["stomach"].toObject();
        QVERIFY(stomach["positive_slices"].toInt() > 10);
        QVERIFY(stomach["area_px_median"].toDouble() > 100);
        QJsonObject day = report["per_day"].toArray()[0].toObject()["organs"].toObject()["large_bowel"].toObject();
        QVERIFY(day["first_positive_slice"].toInt() >= 1);
        QVERIFY(day["last_positive_slice"].toInt() > day["first_positive_slice"].toInt());
    }
    // info and validate read every format export writes: the same organs from a COCO JSON and
    // a NIfTI folder as from train.csv; a broken COCO file is a problem naming it.
    void infoAndValidateTakeCocoAndNifti() {
        const QString out = dir_.path() + "/info-formats";
        QVERIFY(QDir().mkpath(out));
        QVERIFY(cli({"export", "--data", data_, "--format", "coco", "--out", out + "/labels.json"}).exitCode == 0);
        QVERIFY(cli({"export", "--data", data_, "--format", "nifti", "--out", out + "/nifti"}).exitCode == 0);
        auto report = [&](const QString& labels) {
            const QString json = out + "/" + QFileInfo(labels).fileName() + ".info.json";
            const Run run = cli({"info", data_, "--labels", labels, "--json", json});
            QFile file(json);
            file.open(QIODevice::ReadOnly);
            return std::make_pair(run, QJsonDocument::fromJson(file.readAll()).object());
        };
        const auto [csvRun, csv] = report(data_ + "/train.csv");
        QCOMPARE(csvRun.exitCode, 0);
        QCOMPARE(csv["labels"].toObject()["labelled_pairs"].toInt(), 288 * 3);
        for (const QString& labels : {out + "/labels.json", out + "/nifti"}) {
            const auto [run, json] = report(labels);
            QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
            QCOMPARE(json["labels"].toObject()["format"].toString(), labels.endsWith("json") ? QString("coco") : QString("nifti"));
            QCOMPARE(json["labels"].toObject()["labelled_pairs"].toInt(), 288 * 3);
            QCOMPARE(json["labels"].toObject()["non_empty_pairs"], csv["labels"].toObject()["non_empty_pairs"]);
            QCOMPARE(json["organs"], csv["organs"]);
            const Run check = cli({"validate", data_, "--quick", "--labels", labels});
            QVERIFY2(check.exitCode == 0 && check.out.contains("0 error(s)"), qPrintable(check.out + check.err));
        }
        QFile broken(out + "/broken.json");
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{ \"images\": [");
        broken.close();
        const Run bad = cli({"validate", data_, "--quick", "--labels", out + "/broken.json"});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.out.contains("broken.json"), qPrintable(bad.out));
    }
    void exportAndConvertRoundTrip() {
        const QString out = dir_.path() + "/exports";
        QDir().mkpath(out + "/nifti"); // an existing empty folder is fine
        Run csv = cli({"export", "--data", data_, "--format", "csv", "--out", out + "/labels.csv"});
        QVERIFY2(csv.exitCode == 0, qPrintable(csv.err));
        QVERIFY(csv.out.contains("2 case-days exported"));
        QVERIFY(QFile::exists(out + "/labels.csv.sidecar.json"));
        Run coco = cli({"export", "--data", data_, "--format", "coco", "--polygons", "--out", out + "/labels.json"});
        QVERIFY2(coco.exitCode == 0, qPrintable(coco.err));
        Run nifti = cli({"convert", "--data", data_, "--in", out + "/labels.json", "--out", out + "/nifti"});
        QVERIFY2(nifti.exitCode == 0, qPrintable(nifti.err));
        Run back = cli({"convert", "--data", data_, "--in", out + "/nifti", "--out", out + "/back.csv"});
        QVERIFY2(back.exitCode == 0, qPrintable(back.err));
        QFile a(out + "/labels.csv"), b(out + "/back.csv"), original(data_ + "/train.csv");
        a.open(QIODevice::ReadOnly);
        b.open(QIODevice::ReadOnly);
        original.open(QIODevice::ReadOnly);
        const QByteArray exported = a.readAll();
        QCOMPARE(b.readAll(), exported);
        QCOMPARE(exported, original.readAll()); // every slice x class, same order as the phantom's train.csv
        // Submission form and scope.
        Run sub = cli({"export", "--data", data_, "--format", "submission", "--case", "1", "--out", out + "/sub.csv"});
        QVERIFY2(sub.exitCode == 0, qPrintable(sub.err));
        QFile subFile(out + "/sub.csv");
        subFile.open(QIODevice::ReadOnly);
        const QByteArray subText = subFile.readAll();
        QVERIFY(subText.startsWith("id,class,predicted\n"));
        QCOMPARE(subText.count('\n'), 1 + 144 * 3);
        // Errors: bad format, unknown path kind, broken labels.
        QCOMPARE(cli({"export", "--data", data_, "--format", "xml", "--out", out + "/x"}).exitCode, 2);
        QCOMPARE(cli({"convert", "--data", data_, "--in", out + "/labels.csv", "--out", out + "/x.txt"}).exitCode, 2);
        QFile bad(out + "/bad.csv");
        bad.open(QIODevice::WriteOnly);
        bad.write("id,class,segmentation\ncase1_day99_slice_0001,stomach,1 2\n");
        bad.close();
        Run failed = cli({"convert", "--data", data_, "--in", out + "/bad.csv", "--out", out + "/never.json"});
        QCOMPARE(failed.exitCode, 1);
        QVERIFY(failed.err.contains("no case-day case1_day99"));
        QVERIFY(!QFile::exists(out + "/never.json"));
    }
    void evalScoresPredictions() {
        const QString json = dir_.path() + "/eval.json";
        Run perfect = cli({"eval", "--data", data_, "--truth", data_ + "/train.csv", "--pred", data_ + "/train.csv", "--json", json});
        QVERIFY2(perfect.exitCode == 0, qPrintable(perfect.err));
        QVERIFY(perfect.out.contains("score 1.000000"));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject report = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(report["score"].toDouble(), 1.0);
        QVERIFY(report["per_case_day"].toObject().size() == 2);
        // The shape measures beside the score: nothing to add, every surface voxel within 1 mm.
        const QJsonObject stomach = report["per_case_day"].toObject().begin()->toObject()["stomach"].toObject();
        QCOMPARE(stomach["apl_mm"].toDouble(-1), 0.0);
        QCOMPARE(stomach["surface_dice_1mm"].toDouble(), 1.0);
        QCOMPARE(stomach["surface_dice_2mm"].toDouble(), 1.0);
        // An empty prediction: Dice only from both-empty slices, Hausdorff 0 where the truth has organs.
        QFile empty(dir_.path() + "/empty.csv");
        empty.open(QIODevice::WriteOnly);
        empty.write("id,class,predicted\n");
        empty.close();
        // A prediction without rows is not an empty prediction: an error naming the first missing row...
        Run missing = cli({"eval", "--data", data_, "--truth", data_ + "/train.csv", "--pred", dir_.path() + "/empty.csv"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("no row for 864 (slice, class) pair(s)") && missing.err.contains("slice_0001 large_bowel"),
                 qPrintable(missing.err));
        // ...or, asked for, scored as empty with a warning that counts them.
        Run none = cli({"eval", "--data", data_, "--truth", data_ + "/train.csv", "--pred", dir_.path() + "/empty.csv", "--metric", "official",
                        "--allow-missing"});
        QVERIFY2(none.exitCode == 0, qPrintable(none.err));
        QVERIFY2(none.out.contains("score 0.000000"), qPrintable(none.out));
        QVERIFY(none.err.contains("864 (slice, class) pair(s)"));
        // A truth that labels nothing is an error, not a score of 0.
        QFile header(dir_.path() + "/header.csv");
        header.open(QIODevice::WriteOnly);
        header.write("id,class,segmentation\n");
        header.close();
        Run nothing = cli({"eval", "--data", data_, "--truth", dir_.path() + "/header.csv", "--pred", data_ + "/train.csv"});
        QCOMPARE(nothing.exitCode, 1);
        QVERIFY2(nothing.err.contains("the truth labels nothing"), qPrintable(nothing.err));
        QCOMPARE(cli({"eval", "--data", data_, "--truth", data_ + "/train.csv"}).exitCode, 2);
        QCOMPARE(cli({"eval", "--data", data_, "--truth", data_ + "/train.csv", "--pred", data_ + "/train.csv", "--metric", "x"}).exitCode, 2);
    }
    void inferWithDefaultModelThenEval() {
        const QString submission = dir_.path() + "/submission.csv";
        Run run = cli({"infer", "--data", data_, "--out", submission, "--threads", "2"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.err.contains("synthetic phantom data only"), qPrintable(run.err));
        QFile file(submission);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.first(), QByteArray("id,class,predicted"));
        QCOMPARE(int(lines.size()), 1 + 2 * 144 * 3 + 1); // header, every slice x class, final newline
        Run eval = cli({"eval", "--data", data_, "--truth", data_ + "/train.csv", "--pred", submission});
        QVERIFY2(eval.exitCode == 0, qPrintable(eval.err));
        const double score = eval.out.section("score ", -1).section(' ', 0, 0).toDouble();
        QVERIFY2(score > 0.8, qPrintable(eval.out.right(300)));
        // --risk: one row per slice x class in the submission's order, risk in [0, 1] (how well it
        // ranks is bench_risk's measure).
        const QString risk = dir_.path() + "/risk.csv";
        run = cli({"infer", "--data", data_, "--out", dir_.path() + "/submission2.csv", "--risk", risk, "--threads", "2"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QFile riskFile(risk);
        QVERIFY(riskFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = riskFile.readAll().split('\n');
        QCOMPARE(rows.first(), QByteArray("id,class,risk"));
        QCOMPARE(rows.size(), lines.size());
        double sum = 0, maximum = 0;
        for (int i = 1; i + 1 < rows.size(); ++i) {
            const QList<QByteArray> fields = rows[i].split(',');
            QCOMPARE(fields.size(), 3);
            QCOMPARE(fields[0] + "," + fields[1], lines[i].left(lines[i].lastIndexOf(',')));
            const double value = fields[2].toDouble();
            QVERIFY2(value >= 0 && value <= 1, rows[i].constData());
            sum += value, maximum = std::max(maximum, value);
        }
        QVERIFY(maximum > 0.5 && sum > 0); // not all zero: the model has doubts somewhere
        // Never over another output of the run.
        QCOMPARE(cli({"infer", "--data", data_, "--out", risk, "--risk", risk}).exitCode, 1);
    }
    void defaultModelScoresOnUnseenPhantomSeed() {
        // The acceptance figure of the default model: phantom cases from a seed never used in
        // training (training used seed 11), at the training size (266x266).
        const QString unseen = dir_.path() + "/unseen";
        QCOMPARE(cli({"phantom", "--out", unseen, "--cases", "2", "--days", "1", "--seed", "99", "--quiet"}).exitCode, 0);
        const QString submission = dir_.path() + "/unseen.csv";
        Run run = cli({"infer", "--data", unseen, "--out", submission, "--quiet"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        Run eval = cli({"eval", "--data", unseen, "--truth", unseen + "/train.csv", "--pred", submission});
        QVERIFY2(eval.exitCode == 0, qPrintable(eval.err));
        const double score = eval.out.section("score ", -1).section(' ', 0, 0).toDouble();
        QVERIFY2(score >= 0.90, qPrintable(eval.out.right(400)));
    }
    void inferErrors() {
        const QString out = dir_.path() + "/never.csv";
        Run missing = cli({"infer", "--data", data_, "--out", out, "--model", dir_.path() + "/absent.pt"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("model file not found") && missing.err.contains("absent.pt"), qPrintable(missing.err));
        QFile junk(dir_.path() + "/junk.pt");
        junk.open(QIODevice::WriteOnly);
        junk.write("not a model");
        junk.close();
        Run noCard = cli({"infer", "--data", data_, "--out", out, "--model", dir_.path() + "/junk.pt"});
        QCOMPARE(noCard.exitCode, 1);
        QVERIFY2(noCard.err.contains("model card not found"), qPrintable(noCard.err));
        QCOMPARE(cli({"infer", "--data", data_, "--out", out, "--device", "gpu"}).exitCode, 2);
        Run cuda = cli({"infer", "--data", data_, "--out", out, "--device", "cuda"});
        if (cuda.exitCode != 0) QVERIFY2(cuda.err.contains("CUDA requested"), qPrintable(cuda.err));
        QCOMPARE(cli({"infer", "--data", data_}).exitCode, 2);
        QVERIFY(!QFile::exists(out));
    }
    void dangerousOutputsAreRefusedUntouched_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("target");
        const QStringList commands = {"export", "convert", "infer", "eval", "info", "train", "phantom"};
        const QStringList targets = {"input", "fifo", "device", "read-only", "symlink", "dataset", "folder"};
        for (const QString& command : commands)
            for (const QString& target : targets) {
                // A command whose output is a folder cannot be handed a file-kind danger the same way.
                const bool folderOutput = command == "train" || command == "phantom";
                if (folderOutput && (target == "read-only" || target == "folder")) continue;
                if (!folderOutput && target == "dataset") continue;
                if (command == "convert" && target == "folder") continue; // a folder is how convert is told "NIfTI"
                QTest::newRow(qPrintable(command + " over " + target)) << command << target;
            }
    }
    void dangerousOutputsAreRefusedUntouched() {
        QFETCH(QString, command);
        QFETCH(QString, target);
        const QString scratch = dir_.path() + "/danger-" + command + "-" + target;
        QDir().mkpath(scratch);
        QString path = scratch + "/out.csv";
        if (target == "input") {
            path = data_ + "/train.csv"; // the labels this very run reads
        } else if (target == "fifo") {
            QVERIFY(::mkfifo(path.toLocal8Bit().constData(), 0644) == 0);
        } else if (target == "device") {
            if (::geteuid() != 0) QSKIP("making a device node needs root");
            QVERIFY(::mknod(path.toLocal8Bit().constData(), S_IFCHR | 0666, makedev(1, 3)) == 0); // our own /dev/null
        } else if (target == "read-only") {
            QFile earlier(path);
            QVERIFY(earlier.open(QIODevice::WriteOnly));
            earlier.write("an earlier result someone protected\n");
            earlier.close();
            QVERIFY(::chmod(path.toLocal8Bit().constData(), 0444) == 0);
        } else if (target == "symlink") {
            QFile::copy(data_ + "/train.csv", scratch + "/real.csv");
            QVERIFY(QFile::link(scratch + "/real.csv", path));
        } else if (target == "dataset") {
            path = data_;
        } else if (target == "folder") {
            QDir().mkpath(path);
        }
        QT_STATBUF before{};
        QT_LSTAT(path.toLocal8Bit().constData(), &before);
        const QByteArray hashBefore = QFileInfo(path).isFile() && target != "fifo" && target != "device" ? fileHash(path) : QByteArray();
        QStringList arguments;
        if (command == "export") arguments = {"export", "--data", data_, "--format", "csv", "--out", path};
        if (command == "convert") arguments = {"convert", "--data", data_, "--in", data_ + "/train.csv", "--out", path};
        if (command == "infer") arguments = {"infer", "--data", data_, "--out", path, "--quiet"};
        if (command == "eval") arguments = {"eval", "--data", data_, "--truth", data_ + "/train.csv", "--pred", data_ + "/train.csv", "--json", path};
        if (command == "info") arguments = {"info", data_, "--json", path};
        if (command == "train") arguments = {"train", "--data", data_, "--out", path, "--epochs", "1"};
        if (command == "phantom") arguments = {"phantom", "--out", path, "--cases", "1", "--days", "1", "--quiet"};
        const Run run = cli(arguments);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("refusing to write here") && run.err.contains(path), qPrintable(run.err));
        QT_STATBUF after{};
        QT_LSTAT(path.toLocal8Bit().constData(), &after);
        QCOMPARE(after.st_mode, before.st_mode); // still a FIFO, a device, a link, read-only...
        QCOMPARE(after.st_ino, before.st_ino);   // not replaced by a new file
        if (!hashBefore.isEmpty()) QCOMPARE(fileHash(path), hashBefore);
        QCOMPARE(QDir(scratch).entryList(QDir::Files | QDir::Hidden | QDir::System).filter(".tmp").size(), 0);
    }
    void standardOutputTakesOneFile() {
        QProcess process;
        process.start(QStringLiteral(GIREVIEW_CLI), {"export", "--data", data_, "--format", "csv", "--out", "-"});
        QVERIFY(process.waitForFinished(120000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray out = process.readAllStandardOutput();
        QVERIFY(out.startsWith("id,class,segmentation\n"));
        QCOMPARE(out.count('\n'), 1 + 288 * 3); // every row, and nothing else on stdout
        QVERIFY(QString::fromUtf8(process.readAllStandardError()).contains("no sidecar"));
        QCOMPARE(cli({"export", "--data", data_, "--format", "nifti", "--out", "-"}).exitCode, 1); // a folder cannot go to stdout
        const Run phantomForced = cli({"phantom", "--out", dir_.path() + "/forced", "--cases", "1", "--days", "1", "--quiet"});
        QCOMPARE(phantomForced.exitCode, 0);
        const Run again = cli({"phantom", "--out", dir_.path() + "/forced", "--cases", "1", "--days", "1", "--seed", "3", "--quiet", "--force"});
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.err.contains("replacing the dataset") && again.err.contains("train.csv"), qPrintable(again.err));
    }
    void validateNeverWaitsOnAFifo() {
        // A FIFO named like a slice: reported and skipped, never opened (it would block forever).
        const QString day = dir_.path() + "/fifo_day/case1_day0/scans";
        QDir().mkpath(day);
        QVERIFY(::mkfifo((day + "/slice_0001_20_16_1.50_1.50.png").toLocal8Bit().constData(), 0644) == 0);
        const Run run = cli({"validate", dir_.path() + "/fifo_day/case1_day0"});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("not a regular file") && run.out.contains("slice_0001"), qPrintable(run.out + run.err));
    }
    void interruptedExportLeavesThePreviousOneWhole() {
        const QString data = dir_.path() + "/five";
        QCOMPARE(cli({"phantom", "--out", data, "--cases", "5", "--days", "1", "--seed", "8", "--size", "234", "--quiet"}).exitCode, 0);
        const QString out = dir_.path() + "/five_nifti";
        QCOMPARE(cli({"export", "--data", data, "--format", "nifti", "--out", out, "--nifti-image"}).exitCode, 0);
        auto snapshot = [&out] {
            std::map<QString, QByteArray> files;
            for (const QFileInfo& file : QDir(out).entryInfoList(QDir::Files | QDir::Hidden)) files[file.fileName()] = fileHash(file.filePath());
            return files;
        };
        const auto before = snapshot();
        QVERIFY(before.size() > 10);
        // A leftover of a run killed earlier is cleaned up by the next one.
        QDir().mkpath(dir_.path() + "/.five_nifti.gireview-new-123");
        // Other labels (a header-only file: every mask empty), interrupted after the first day.
        QFile header(dir_.path() + "/five_empty.csv");
        QVERIFY(header.open(QIODevice::WriteOnly));
        header.write("id,class,segmentation\n");
        header.close();
        QProcess process;
        process.start(QStringLiteral(GIREVIEW_CLI),
                      {"export", "--data", data, "--labels", header.fileName(), "--format", "nifti", "--out", out, "--nifti-image"});
        QByteArray err;
        while (!err.contains("exporting 1/5") && process.state() != QProcess::NotRunning) {
            process.waitForReadyRead(100);
            err += process.readAllStandardError();
        }
        process.terminate(); // SIGTERM, handled as Ctrl+C is
        QVERIFY(process.waitForFinished(60000));
        err += process.readAllStandardError();
        QCOMPARE(process.exitCode(), 1);
        QVERIFY2(err.contains("interrupted: the previous export is as it was"), err.constData());
        QVERIFY(snapshot() == before); // every file of the previous export, byte for byte
        const QStringList beside = QDir(dir_.path()).entryList(QDir::AllEntries | QDir::Hidden).filter(".five_nifti.gireview-");
        QVERIFY2(beside.isEmpty(), qPrintable(beside.join(' ')));
        // Run through, the new export replaces the old one whole.
        QCOMPARE(cli({"export", "--data", data, "--labels", header.fileName(), "--format", "nifti", "--out", out}).exitCode, 0);
        QVERIFY(snapshot() != before);
        QVERIFY(!QDir(out).entryList({"*_image.nii.gz"}).isEmpty()); // files this export did not write are carried over
    }
    void evalAndTrainOnAReviewWorkspace() {
        // A reviewer's work in a workspace (through the core editing API): a correction on one
        // slice, ten slices marked reviewed, large bowel approved, on the first day only.
        using namespace gireview;
        const QString workspace = dir_.path() + "/review.sqlite";
        CaseDayKey day;
        int z = -1;
        {
            ReviewDocument document(scanDataset(data_.toStdString()));
            document.setLabelsFile(importLabels(document.index().labelsFile, document.index()), document.index().labelsFile);
            document.openWorkspace(workspace.toStdString());
            day = document.index().days().front()->key;
            EditSession& session = document.session(day);
            for (int slice = 40; slice < 50 && z < 0; ++slice)
                if (session.labels()->countOnSlice(slice, Organ::Stomach)) z = slice;
            QVERIFY(z >= 0);
            const auto& g = session.labels()->geometry();
            EditRegion all = EditRegion::box(0, 0, z, g.width, g.height, 1);
            std::fill(all.mask.begin(), all.mask.end(), 1);
            QVERIFY(session.apply(Organ::Stomach, all, EditMode::Remove, "eraser")); // "no stomach here after all"
            document.markReviewed(day, 41, 50, 0x7, true);
            document.approve(day, Organ::LargeBowel, "Dr Test");
        }
        // eval --workspace scores only what the reviewer vouched for, with the correction.
        const QString json = dir_.path() + "/eval-workspace.json";
        Run viaWorkspace = cli({"eval", "--data", data_, "--workspace", workspace, "--pred", data_ + "/train.csv", "--json", json});
        QVERIFY2(viaWorkspace.exitCode == 0, qPrintable(viaWorkspace.err));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(report["per_case_day"].toObject().size(), 1); // the other day: nothing vouched for
        const QJsonObject stomach = report["per_case_day"].toObject().begin()->toObject()["stomach"].toObject();
        QCOMPARE(stomach["dice_slices"].toInt(), 10);
        QVERIFY(report["score"].toDouble() < 1.0); // the uncorrected file disagrees on slice z
        // The same truth through a reviewed-only export gives the same score.
        const QString exported = dir_.path() + "/vouched.csv";
        QCOMPARE(cli({"export", "--data", data_, "--workspace", workspace, "--format", "csv", "--reviewed-only", "--out", exported}).exitCode, 0);
        {
            // The sidecar carries the approval's correction effort, for effort-weighted retraining.
            QFile sidecar(exported + ".sidecar.json");
            QVERIFY(sidecar.open(QIODevice::ReadOnly));
            const QJsonObject days =
                QJsonDocument::fromJson(sidecar.readAll()).object()["provenance"].toObject()["days"].toObject();
            const QJsonObject effort = days[QString::fromStdString(formatCaseDayName(day))].toObject()["effort"].toObject();
            QCOMPARE(effort.keys(), QStringList{"large_bowel"}); // the only approved organ
            const QJsonObject largeBowel = effort["large_bowel"].toObject();
            QCOMPARE(largeBowel["reviewer"].toString(), QStringLiteral("Dr Test"));
            QCOMPARE(largeBowel["apl_mm"].toDouble(), 0.0);
        }
        Run viaExport = cli({"eval", "--data", data_, "--truth", exported, "--pred", data_ + "/train.csv"});
        QVERIFY2(viaExport.exitCode == 0, qPrintable(viaExport.err));
        const QString scoreLine = viaWorkspace.out.section('\n', -2, -2);
        QVERIFY2(scoreLine.startsWith("score ") && viaExport.out.contains(scoreLine), qPrintable(scoreLine + " / " + viaExport.out.right(120)));
        // train --workspace trains on exactly the vouched rows (kept in OUT/labels/).
        const QString out = dir_.path() + "/trained-reviewed";
        Run train = cli({"train", "--data", data_, "--workspace", workspace, "--out", out, "--epochs", "1", "--epoch-slices", "16", "--size",
                         "32", "--depth", "3", "--base", "4", "--val-fraction", "0", "--threads", "1"});
        QVERIFY2(train.exitCode == 0, qPrintable(train.err));
        // Without validation case-days no validation score is claimed: printed, logged, on the card.
        QVERIFY2(train.out.contains("NO validation split") && !train.out.contains("validation score 0"), qPrintable(train.out));
        QFile card(out + "/model.card.json");
        QVERIFY(card.open(QIODevice::ReadOnly));
        const QJsonObject validation = QJsonDocument::fromJson(card.readAll()).object()["validation"].toObject();
        QVERIFY(validation.contains("none") && !validation.contains("score"));
        QFile log(out + "/training_log.csv");
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(log.readAll()).split('\n').value(1).contains(",,,")); // empty validation columns
        QFile labels(out + "/labels/reviewed.csv");
        QVERIFY(labels.open(QIODevice::ReadOnly));
        const QStringList rows = QString::fromUtf8(labels.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 1 + 144 + 10 + 10); // header, large bowel approved, two organs on 10 slices
        QVERIFY(rows.contains(QStringLiteral("%1,stomach,").arg(QString::fromStdString(formatSliceId(day, z + 1)))));
        // effort: the approval's record, measured against the labels file (no prediction was
        // shown): the large bowel was not touched, the eraser stroke was on the stomach.
        Run effort = cli({"effort", "--data", data_, "--workspace", workspace, "--json", "-"});
        QVERIFY2(effort.exitCode == 0, qPrintable(effort.err));
        const QJsonArray entries = QJsonDocument::fromJson(effort.out.toUtf8()).object()["effort"].toArray();
        QCOMPARE(entries.size(), 1);
        const QJsonObject entry = entries[0].toObject();
        QCOMPARE(entry["case_day"].toString(), QString::fromStdString(formatCaseDayName(day)));
        QCOMPARE(entry["organ"].toString(), QStringLiteral("large_bowel"));
        QCOMPARE(entry["reviewer"].toString(), QStringLiteral("Dr Test"));
        QCOMPARE(entry["baseline"].toString(), QStringLiteral("labels_file"));
        QCOMPARE(entry["apl_mm"].toDouble(), 0.0);
        QCOMPARE(entry["surface_dice_1mm"].toDouble(), 1.0);
        QCOMPARE(entry["strokes"].toInt(), 0);
        QCOMPARE(entry["slices_edited"].toInt(), 0);
        QVERIFY(entry["volume_after_cc"].toDouble() > 0);
        QVERIFY(entry["seconds_to_approval"].isNull()); // no window showed the day
        QCOMPARE(cli({"effort", "--data", data_, "--workspace", dir_.path() + "/none.sqlite", "--json", "-"}).exitCode, 1);
    }
    void qaFlagsWhatIsWrongAndNothingElse() {
        using namespace gireview;
        const QString clean = dir_.path() + "/qa-clean.json";
        Run run = cli({"qa", "--data", data_, "--json", clean});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains("qa: 2 case-days, 0 flags"), qPrintable(run.out));
        QFile cleanFile(clean);
        QVERIFY(cleanFile.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(cleanFile.readAll()).object()["flags"].toArray().isEmpty());
        // A copy of the labels with stomach missing on two slices inside its range and a small
        // piece of large bowel far from the rest.
        const DatasetIndex index = scanDataset(data_.toStdString());
        auto imported = importLabels(index.labelsFile, index);
        const CaseDayKey day = index.days().front()->key;
        LabelVolume& labels = imported.volumes.at(day);
        const auto stats = labels.organBounds(Organ::Stomach);
        const int z = (stats.z0 + stats.z1) / 2;
        labels.clearOrgan(Organ::Stomach);
        for (int k = stats.z0; k <= stats.z1; ++k)
            if (k != z && k != z + 1)
                for (int y = 0; y < 10; ++y)
                    for (int x = 0; x < 10; ++x) labels.set(150 + x, 150 + y, k, Organ::Stomach, true);
        labels.clearOrgan(Organ::LargeBowel);
        for (int y = 0; y < 20; ++y)
            for (int x = 0; x < 20; ++x) labels.set(100 + x, 100 + y, 60, Organ::LargeBowel, true);
        labels.set(20, 20, 60, Organ::LargeBowel, true);
        labels.set(21, 20, 60, Organ::LargeBowel, true);
        const QString broken = dir_.path() + "/qa-broken.csv";
        std::vector<CsvDay> days;
        for (const auto* d : index.days()) days.push_back({d->key, d->geometry.depth, &imported.volumes.at(d->key)});
        writeKaggleCsv(broken.toStdString(), KaggleCsvKind::Train, days);
        const QString json = dir_.path() + "/qa-broken.json";
        run = cli({"qa", "--data", data_, "--labels", broken, "--json", json, "--no-images"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err)); // flags are findings, not errors
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray flags = QJsonDocument::fromJson(file.readAll()).object()["flags"].toArray();
        QCOMPARE(flags.size(), 2);
        const QJsonObject gap = flags[1].toObject(), island = flags[0].toObject();
        QCOMPARE(gap["case_day"].toString(), QString::fromStdString(formatCaseDayName(day)));
        QCOMPARE(gap["organ"].toString(), QStringLiteral("stomach"));
        QCOMPARE(gap["kind"].toString(), QStringLiteral("gap"));
        QCOMPARE(gap["slice"].toInt(), z + 1);
        QCOMPARE(gap["slices"].toArray(), (QJsonArray{z + 1, z + 2}));
        QVERIFY(gap["detail"].toString().contains(QStringLiteral("slices %1-%2").arg(z + 1).arg(z + 2)));
        QCOMPARE(island["kind"].toString(), QStringLiteral("island"));
        QCOMPARE(island["organ"].toString(), QStringLiteral("large_bowel"));
        QCOMPARE(island["slice"].toInt(), 61);
        QVERIFY(!island.contains("slices")); // one slice: no run
        // Thresholds from the options: a larger island limit still flags it, a smaller distance not.
        run = cli({"qa", "--data", data_, "--labels", broken, "--json", "-", "--no-images", "--island-distance-mm", "200"});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(run.out.toUtf8()).object()["flags"].toArray().size(), 1);
        QCOMPARE(QJsonDocument::fromJson(run.out.toUtf8()).object()["thresholds"].toObject()["island-distance-mm"].toDouble(), 200.0);
        // Errors: exit 1, nothing written.
        const QString never = dir_.path() + "/qa-never.json";
        run = cli({"qa", "--data", data_, "--workspace", dir_.path() + "/no-such.sqlite", "--json", never});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("no review workspace at"), qPrintable(run.err));
        QCOMPARE(cli({"qa", "--data", data_, "--json", never, "--swap-ratio", "0"}).exitCode, 2);
        QVERIFY(!QFileInfo::exists(never));
    }
    void trainWritesModelLogAndPlot() {
        const QString out = dir_.path() + "/trained";
        Run run = cli({"train", "--data", data_, "--out", out, "--epochs", "1", "--epoch-slices", "16", "--size", "32", "--depth", "3",
                       "--base", "4", "--val-fraction", "0.5", "--threads", "1"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.contains("best epoch 1"));
        for (const char* file : {"/model.pt", "/model.card.json", "/training_log.csv", "/training_curves.png", "/checkpoint/last.pt"})
            QVERIFY2(QFile::exists(out + file), file);
        Run infer = cli({"infer", "--data", data_, "--out", dir_.path() + "/small.csv", "--model", out + "/model.pt", "--quiet"});
        QVERIFY2(infer.exitCode == 0, qPrintable(infer.err));
        QCOMPARE(cli({"train", "--data", data_, "--out", out, "--epochs", "0"}).exitCode, 2);
        QCOMPARE(cli({"train", "--data", data_}).exitCode, 2);
    }
    void validateCleanDatasetPasses() {
        Run run = cli({"validate", data_});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY(run.out.contains("0 error(s), 0 warning(s)"));
    }
    void validateListsEveryProblem() {
        // Copy the dataset, then break it in three ways at once.
        const QString broken = dir_.path() + "/broken";
        QVERIFY(QProcess::execute("cp", {"-r", data_, broken}) == 0);
        QString day = broken + "/train/case1";
        day += "/" + QDir(day).entryList(QDir::Dirs | QDir::NoDotAndDotDot).first() + "/scans";
        QFile::remove(day + "/slice_0010_234_234_1.50_1.50.png");
        QFile truncated(day + "/slice_0020_234_234_1.50_1.50.png");
        truncated.open(QIODevice::ReadWrite);
        truncated.resize(truncated.size() - 100);
        truncated.close();
        QFile csv(broken + "/train.csv");
        csv.open(QIODevice::Append);
        csv.write("case77_day0_slice_0001,stomach,1 5\ncase1_day0_slice_0001,spleen,\n");
        csv.close();
        Run run = cli({"validate", broken});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("missing slice numbers"), qPrintable(run.out));
        // Cut short: found from the file's end by the index, named once.
        QVERIFY2(run.out.contains("slice_0020_234_234_1.50_1.50.png: unreadable: truncated"), qPrintable(run.out));
        QCOMPARE(run.out.count("slice_0020_"), 1);
        QVERIFY2(run.out.contains("no case-day case77_day0"), qPrintable(run.out));
        QVERIFY2(run.out.contains("unknown class 'spleen'"), qPrintable(run.out));
        // Damage found only by decoding (a flipped byte in the image data) is named by validate too.
        QFile corrupt(day + "/slice_0030_234_234_1.50_1.50.png");
        QVERIFY(corrupt.open(QIODevice::ReadWrite));
        QByteArray bytes = corrupt.readAll();
        bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x5A);
        corrupt.seek(0);
        corrupt.write(bytes);
        corrupt.close();
        run = cli({"validate", broken});
        QVERIFY2(run.out.contains("slice_0030_234_234_1.50_1.50.png: unusable:"), qPrintable(run.out));
        QVERIFY2(!cli({"validate", broken, "--quick"}).out.contains("slice_0030_"), "--quick does not decode");
        // The day still opens, with those three slices blank: infer leaves them unpredicted (no
        // rows, never "organ absent"), train learns nothing from them.
        const QString dayName = day.section('/', -2, -2);
        const QString blankCsv = dir_.path() + "/blank.csv";
        Run infer = cli({"infer", "--data", broken, "--out", blankCsv, "--threads", "2", "--quiet"});
        QVERIFY2(infer.exitCode == 0, qPrintable(infer.err));
        QVERIFY2(infer.err.contains(dayName + ": 3 slice(s) without an image left unpredicted"), qPrintable(infer.err));
        QFile predicted(blankCsv);
        QVERIFY(predicted.open(QIODevice::ReadOnly));
        const QByteArray rows = predicted.readAll();
        QCOMPARE(int(rows.count('\n')), 1 + (2 * 144 - 3) * 3);
        for (const char* blank : {"_slice_0010,", "_slice_0020,", "_slice_0030,"})
            QVERIFY2(!rows.contains((dayName + blank).toUtf8()), blank);
        QVERIFY(rows.contains((dayName + "_slice_0011,stomach,").toUtf8()));
        // Back to labels without problems: only the scans are damaged.
        QVERIFY(QFile::remove(broken + "/train.csv") && QFile::copy(data_ + "/train.csv", broken + "/train.csv"));
        Run train = cli({"train", "--data", broken, "--out", dir_.path() + "/blank-train", "--epochs", "1", "--epoch-slices", "8",
                         "--size", "32", "--depth", "3", "--base", "4", "--val-fraction", "0", "--threads", "1"});
        QVERIFY2(train.exitCode == 0, qPrintable(train.err));
        // train.csv labels every slice; the three blank ones are not trained on.
        QVERIFY2(train.out.contains("285 training slices from 2 case-days"), qPrintable(train.out));
        // A warning alone does not fail.
        const QString warned = dir_.path() + "/warned";
        QVERIFY(QProcess::execute("cp", {"-r", data_, warned}) == 0);
        QFile stray(warned + "/train/case2/stray.txt");
        stray.open(QIODevice::WriteOnly);
        QCOMPARE(cli({"validate", warned, "--quick"}).exitCode, 0);
        QCOMPARE(cli({"validate", dir_.path() + "/does-not-exist"}).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
