// The bad-input and fault matrix: every class of "Nothing clobbered, nothing hangs, nothing
// accepted half-read", several cases each, run through gireview-cli and the window (a smoke run
// of `gireview`). Each case checks the same things: it ends (no hang), it is not killed by a
// signal (no crash), the exit status, a message naming the item (no unclear error), nothing of
// the user's changed (every file there before keeps its bytes), and no temporary left behind.
// The totals are printed in the form of the issue's report.
#include "TestSupport.h"
#include "io/PngCodec.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QtTest>
#include <functional>
#include <map>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace {

enum class Program { Cli, Window };

struct Outcome {
    bool finished = false, crashed = false;
    int exitCode = -1;
    QString output; // stdout and stderr
};

struct MatrixCase {
    QString group; // the class of the issue
    QString name;
    Program program = Program::Cli;
    QStringList arguments;
    int expectedExit = 1;     // -1: any status but 0
    QStringList expectedText; // every one in the output (the item named, what was wrong)
    QString removedByDesign;  // a file the case may legitimately replace ("" none)
    std::function<void(QProcess&)> during; // e.g. a signal once the run is under way
    // A signal can come too late on a fast machine: a run that finished first (exit 0) has
    // replaced its output whole, through a rename, which is as correct as stopping.
    bool finishingFirstAllowed = false;
};

QByteArray hashOf(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return "unreadable";
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha1);
}

// Every regular file under `root` with its hash (FIFOs and devices by kind only: never opened).
std::map<QString, QByteArray> snapshot(const QString& root) {
    std::map<QString, QByteArray> files;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        struct stat info {};
        if (::lstat(QFile::encodeName(path).constData(), &info) != 0) continue;
        if (S_ISREG(info.st_mode))
            files[path] = hashOf(path);
        else if (!S_ISDIR(info.st_mode))
            files[path] = "kind " + QByteArray::number(info.st_mode & S_IFMT);
    }
    return files;
}

bool isTemporary(const QString& path) {
    const QString name = QFileInfo(path).fileName();
    return name.contains(".tmp") || name.contains(".gireview-new") ||
           name.contains(".gireview-old");
}

// Raw control bytes (other than newline and tab) reaching the terminal.
bool hasRawControlBytes(const QByteArray& bytes) {
    for (char c : bytes)
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') ||
            c == 0x7F)
            return true;
    return false;
}

struct Totals {
    int cases = 0, cli = 0, window = 0, clear = 0, unclear = 0, crashes = 0, hangs = 0,
        dataLost = 0, tempsLeft = 0;
    std::map<QString, int> perGroup;
};

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    file.write(bytes);
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

// A 16-bit slice of `width` x `height` (a ramp), named as the dataset expects.
void writeSlice(const QString& scans, int slice, int width, int height,
                const QString& nameSize = {}) {
    std::vector<std::uint16_t> pixels(size_t(width) * size_t(height));
    for (size_t i = 0; i < pixels.size(); ++i)
        pixels[i] = std::uint16_t(100 + (i * 37) % 900);
    const auto png = gireview::encodeGray16Png(pixels.data(), width, height);
    const QString size =
        nameSize.isEmpty() ? QStringLiteral("%1_%2").arg(width).arg(height) : nameSize;
    writeFile(QStringLiteral("%1/slice_%2_%3_1.50_1.50.png")
                  .arg(scans)
                  .arg(slice, 4, 10, QChar('0'))
                  .arg(size),
              QByteArray(reinterpret_cast<const char*>(png.data()), int(png.size())));
}

} // namespace

class TestFaultMatrix : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString tiny_;    // train/case1/case1_day0, 6 slices of 24x20, with train.csv
    QString phantom_; // a real phantom day (144 slices), for runs long enough to interrupt
    QString nifti_;   // tiny_'s labels as NIfTI, the source of the damaged copies
    Totals totals_;
    int serial_ = 0;

    QString scratch(const QString& name) {
        const QString path =
            QStringLiteral("%1/case%2-%3").arg(dir_.path()).arg(++serial_).arg(name);
        QDir().mkpath(path);
        return path;
    }
    // A copy of the tiny dataset to break.
    QString tinyCopy(const QString& name) {
        const QString copy = scratch(name) + "/data";
        if (QProcess::execute("cp", {"-r", tiny_, copy}) != 0) qFatal("cp failed");
        return copy;
    }
    QString tinyScans(const QString& data) const { return data + "/train/case1/case1_day0/scans"; }
    // A copy of the NIfTI labels with case1_day0.nii.gz replaced by `bytes`.
    QString niftiWith(const QString& name, const QByteArray& bytes) {
        const QString folder = scratch(name) + "/nifti";
        QDir().mkpath(folder);
        writeFile(folder + "/case1_day0.nii.gz", bytes);
        return folder;
    }
    // Debian's gzip, the outside reference for the damaged streams.
    QByteArray throughGzip(const QStringList& options, const QByteArray& bytes) {
        QProcess gz;
        gz.start("gzip", options);
        gz.write(bytes);
        gz.closeWriteChannel();
        gz.waitForFinished();
        return gz.readAllStandardOutput();
    }
    QByteArray gunzip(const QByteArray& bytes) { return throughGzip({"-dc"}, bytes); }
    QByteArray gzip(const QByteArray& bytes) { return throughGzip({"-c"}, bytes); }
    QByteArray niftiHeaderPatched(int offset, const QByteArray& value) {
        QByteArray raw = gunzip(readAll(nifti_ + "/case1_day0.nii.gz"));
        raw.replace(offset, value.size(), value);
        return gzip(raw);
    }

    Outcome run(const MatrixCase& c) {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        QStringList arguments = c.arguments;
        QString program = QStringLiteral(GIREVIEW_CLI);
        if (c.program == Program::Window) {
            program = QStringLiteral(GIREVIEW_WINDOW);
            arguments.prepend("--smoke-test");
            if (!arguments.contains("--timeout"))
                arguments << "--timeout"
                          << "90";
        }
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("XDG_DATA_HOME",
                           dir_.path() + "/xdg-data"); // the window's own files stay here
        environment.insert("XDG_CONFIG_HOME", dir_.path() + "/xdg-config");
        environment.insert("OMP_NUM_THREADS", "2");
        process.setProcessEnvironment(environment);
        process.start(program, arguments);
        Outcome outcome;
        if (!process.waitForStarted(30000)) return outcome;
        if (c.during) c.during(process);
        // waitForFinished() is false for a process that has already ended: ask its state too.
        outcome.finished =
            process.state() == QProcess::NotRunning || process.waitForFinished(120000);
        if (!outcome.finished) {
            process.kill();
            process.waitForFinished(10000);
        }
        outcome.crashed = process.exitStatus() == QProcess::CrashExit;
        outcome.exitCode = process.exitCode();
        outcome.output = QString::fromUtf8(process.readAll());
        return outcome;
    }

    void check(const MatrixCase& c, const QStringList& watched) {
        std::map<QString, QByteArray> before;
        for (const QString& root : watched)
            before.merge(snapshot(root));
        const Outcome outcome = run(c);
        std::map<QString, QByteArray> after;
        for (const QString& root : watched)
            after.merge(snapshot(root));
        QStringList lost, temps;
        for (const auto& [path, hash] : before)
            if (path != c.removedByDesign && (!after.count(path) || after[path] != hash))
                lost << path;
        for (const auto& [path, hash] : after)
            if (!before.count(path) && isTemporary(path)) temps << path;
        const QByteArray raw = outcome.output.toUtf8();
        QStringList missingText;
        for (const QString& text : c.expectedText)
            if (!outcome.output.contains(text)) missingText << text;
        bool longLine = false;
        for (const QString& line : outcome.output.split('\n'))
            if (line.size() > 700) longLine = true;
        const bool finishedFirst =
            c.finishingFirstAllowed && outcome.finished && !outcome.crashed && outcome.exitCode == 0;
        if (finishedFirst) missingText.clear(), lost.clear();
        const bool statusRight =
            finishedFirst ||
            (c.expectedExit < 0 ? outcome.exitCode != 0 : outcome.exitCode == c.expectedExit);
        const bool clear = outcome.finished && !outcome.crashed && statusRight &&
                           missingText.isEmpty() && !longLine && !hasRawControlBytes(raw);
        ++totals_.cases;
        ++(c.program == Program::Cli ? totals_.cli : totals_.window);
        ++totals_.perGroup[c.group];
        if (!outcome.finished)
            ++totals_.hangs;
        else if (outcome.crashed)
            ++totals_.crashes;
        else if (clear)
            ++totals_.clear;
        else
            ++totals_.unclear;
        if (!lost.isEmpty()) ++totals_.dataLost;
        if (!temps.isEmpty()) ++totals_.tempsLeft;
        const QString report =
            QStringLiteral("%1 / %2: exit %3%4%5, missing [%6], lost [%7], temps [%8]\n%9")
                .arg(c.group, c.name)
                .arg(outcome.exitCode)
                .arg(outcome.finished ? "" : " (HANG)")
                .arg(outcome.crashed ? " (CRASH)" : "")
                .arg(missingText.join(" | "), lost.join(' '), temps.join(' '))
                .arg(outcome.output.left(1500));
        QVERIFY2(clear && lost.isEmpty() && temps.isEmpty(), qPrintable(report));
    }

    void runGroup(const std::vector<MatrixCase>& cases, const QStringList& watched) {
        for (const MatrixCase& c : cases) {
            check(c, watched);
            if (QTest::currentTestFailed()) return;
        }
    }

private slots:
    void initTestCase() {
        // The tiny dataset: 6 slices with a stomach on slices 2-4, and every row in train.csv.
        tiny_ = dir_.path() + "/tiny";
        for (int slice = 1; slice <= 6; ++slice)
            writeSlice(tinyScans(tiny_), slice, 24, 20);
        QByteArray csv = "id,class,segmentation\n";
        for (int slice = 1; slice <= 6; ++slice)
            for (const char* organ : {"large_bowel", "small_bowel", "stomach"})
                csv += QStringLiteral("case1_day0_slice_%1,%2,%3\n")
                           .arg(slice, 4, 10, QChar('0'))
                           .arg(organ)
                           .arg(slice >= 2 && slice <= 4 && QByteArray(organ) == "stomach"
                                    ? "100 5 124 5"
                                    : "")
                           .toUtf8();
        writeFile(tiny_ + "/train.csv", csv);
        nifti_ = dir_.path() + "/tiny-nifti";
        QDir().mkpath(nifti_);
        QProcess convert;
        convert.start(QStringLiteral(GIREVIEW_CLI),
                      {"convert", "--data", tiny_, "--in", tiny_ + "/train.csv", "--out", nifti_});
        QVERIFY(convert.waitForFinished(60000));
        QVERIFY2(convert.exitCode() == 0, convert.readAllStandardError().constData());
        QVERIFY(QFile::exists(nifti_ + "/case1_day0.nii.gz"));
        phantom_ = dir_.path() + "/phantom";
        QProcess phantom;
        phantom.start(QStringLiteral(GIREVIEW_CLI), {"phantom", "--out", phantom_, "--cases", "3",
                                                     "--days", "1", "--size", "234", "--quiet"});
        QVERIFY(phantom.waitForFinished(300000));
        QCOMPARE(phantom.exitCode(), 0);
    }

    void damagedNiftiIsAnError() {
        const QByteArray good = readAll(nifti_ + "/case1_day0.nii.gz");
        const QByteArray raw = gunzip(good);
        QVERIFY(raw.size() > 352);
        struct Damage {
            QString name;
            QByteArray bytes;
            QString expected;
        };
        const std::vector<Damage> damages = {
            {"truncated gzip", good.left(good.size() / 2), "case1_day0.nii.gz"},
            {"body shorter than its header", gzip(raw.left(raw.size() - 200)), "case1_day0.nii.gz"},
            {"datatype int16 over a uint8 payload",
             niftiHeaderPatched(70, QByteArray("\x04\x00\x10\x00", 4)), "case1_day0.nii.gz"},
            {"width that is not the day's", niftiHeaderPatched(42, QByteArray("\x17\x00", 2)),
             "case1_day0.nii.gz"},
            {"not gzip at all", QByteArray("this is not a NIfTI file\n"), "case1_day0.nii.gz"},
            {"empty file", QByteArray(), "case1_day0.nii.gz"},
            {"data offset past the end", niftiHeaderPatched(108, QByteArray("\x00\x00\x7a\x44", 4)),
             "case1_day0.nii.gz"},
        };
        std::vector<MatrixCase> cases;
        QStringList watched{tiny_};
        for (const Damage& damage : damages) {
            const QString folder = niftiWith(damage.name.left(12).replace(' ', '-'), damage.bytes);
            watched << QFileInfo(folder).path();
            const QString out = QFileInfo(folder).path() + "/out.csv";
            cases.push_back({"damaged NIfTI",
                             damage.name,
                             Program::Cli,
                             {"convert", "--data", tiny_, "--in", folder, "--out", out},
                             1,
                             {damage.expected}});
            cases.push_back({"damaged NIfTI",
                             damage.name + " (window)",
                             Program::Window,
                             {tiny_, "--labels", folder},
                             1,
                             {damage.expected}});
        }
        const QString fifoFolder = scratch("nifti-fifo") + "/nifti";
        QDir().mkpath(fifoFolder);
        QVERIFY(::mkfifo(QFile::encodeName(fifoFolder + "/case1_day0.nii.gz").constData(), 0644) ==
                0);
        watched << QFileInfo(fifoFolder).path();
        cases.push_back({"damaged NIfTI",
                         "a FIFO named like a volume",
                         Program::Cli,
                         {"convert", "--data", tiny_, "--in", fifoFolder, "--out",
                          QFileInfo(fifoFolder).path() + "/out.csv"},
                         1,
                         {"case1_day0.nii.gz", "FIFO"}});
        const QString emptyFolder = scratch("nifti-empty") + "/nifti";
        QDir().mkpath(emptyFolder);
        watched << QFileInfo(emptyFolder).path();
        cases.push_back({"damaged NIfTI",
                         "a folder without volumes",
                         Program::Cli,
                         {"convert", "--data", tiny_, "--in", emptyFolder, "--out",
                          QFileInfo(emptyFolder).path() + "/out.csv"},
                         1,
                         {emptyFolder}});
        cases.push_back({"damaged NIfTI",
                         "a FIFO named like a volume (window)",
                         Program::Window,
                         {tiny_, "--labels", fifoFolder},
                         1,
                         {"case1_day0.nii.gz", "FIFO"}});
        cases.push_back({"damaged NIfTI",
                         "a folder without volumes (window)",
                         Program::Window,
                         {tiny_, "--labels", emptyFolder},
                         1,
                         {"nothing to import"}});
        runGroup(cases, watched);
    }

    void outputsAreNeverReplaced() {
        const QString data = tinyCopy("outputs");
        const QString root = QFileInfo(data).path();
        const QString readOnly = root + "/protected.csv";
        writeFile(readOnly, "an earlier result\n");
        ::chmod(QFile::encodeName(readOnly).constData(), 0444);
        const QString fifo = root + "/pipe.json";
        ::mkfifo(QFile::encodeName(fifo).constData(), 0644);
        const QString link = root + "/link.csv";
        QFile::link(readOnly, link);
        const QString folder = root + "/a-folder.csv";
        QDir().mkpath(folder);
        writeFile(folder + "/keep.txt", "mine\n");
        const QString train = data + "/train.csv";
        // A device node of our own (as root; else a second FIFO stands in for it).
        QString device = root + "/null-device";
        if (::mknod(QFile::encodeName(device).constData(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
            device = root + "/pipe2.csv";
            ::mkfifo(QFile::encodeName(device).constData(), 0644);
        }
        const QStringList refused{"refusing to write here"};
        // clang-format off: one case per line
        std::vector<MatrixCase> cases = {
            {"--out replaces", "export csv over the dataset's train.csv", Program::Cli, {"export", "--data", data, "--format", "csv", "--out", train}, 1, refused + QStringList{train}},
            {"--out replaces", "export coco over train.csv", Program::Cli, {"export", "--data", data, "--format", "coco", "--out", train}, 1, refused},
            {"--out replaces", "convert over its own --in", Program::Cli, {"convert", "--data", data, "--in", train, "--out", train}, 1, refused},
            {"--out replaces", "export over a read-only file", Program::Cli, {"export", "--data", data, "--format", "csv", "--out", readOnly}, 1, refused + QStringList{"read-only"}},
            {"--out replaces", "eval --json into a FIFO", Program::Cli, {"eval", "--data", data, "--truth", train, "--pred", train, "--json", fifo}, 1, refused + QStringList{"FIFO"}},
            {"--out replaces", "info --json over a symbolic link", Program::Cli, {"info", data, "--json", link}, 1, refused + QStringList{"symbolic link"}},
            {"--out replaces", "export csv over a folder", Program::Cli, {"export", "--data", data, "--format", "csv", "--out", folder}, 1, refused + QStringList{"folder"}},
            {"--out replaces", "phantom onto an existing dataset", Program::Cli, {"phantom", "--out", data, "--cases", "1", "--days", "1", "--quiet"}, 1, refused + QStringList{"--force"}},
            {"--out replaces", "train --out onto a dataset", Program::Cli, {"train", "--data", data, "--out", data, "--epochs", "1"}, 1, refused},
            {"--out replaces", "export nifti into the dataset", Program::Cli, {"export", "--data", data, "--format", "nifti", "--out", data}, 1, refused + QStringList{"an input of this run"}},
            {"--out replaces", "infer over the labels file", Program::Cli, {"infer", "--data", data, "--out", train, "--quiet"}, 1, refused},
            {"--out replaces", "export over the --labels it reads", Program::Cli, {"export", "--data", data, "--labels", readOnly, "--format", "submission", "--out", readOnly}, 1, refused + QStringList{"an input of this run"}},
            {"--out replaces", "convert to NIfTI into a dataset", Program::Cli, {"convert", "--data", tiny_, "--in", train, "--out", data}, 1, refused},
            {"--out replaces", "eval --json over the truth", Program::Cli, {"eval", "--data", data, "--truth", train, "--pred", train, "--json", train}, 1, refused},
            {"--out replaces", "info --json over train.csv", Program::Cli, {"info", data, "--json", train}, 1, refused},
            {"--out replaces", "infer over its own model", Program::Cli, {"infer", "--data", data, "--model", readOnly, "--out", readOnly}, 1, refused},
            {"--out replaces", "train --out onto a file", Program::Cli, {"train", "--data", data, "--out", readOnly, "--epochs", "1"}, 1, refused},
            {"--out replaces", "export over a device node", Program::Cli, {"export", "--data", data, "--format", "csv", "--out", device}, 1, refused + QStringList{"character device"}},
        };
        // clang-format on
        runGroup(cases, {root});
    }

    void nothingWaitsForever() {
        const QString fifoSlice = tinyCopy("fifo-slice");
        QFile::remove(tinyScans(fifoSlice) + "/slice_0003_24_20_1.50_1.50.png");
        ::mkfifo(
            QFile::encodeName(tinyScans(fifoSlice) + "/slice_0003_24_20_1.50_1.50.png").constData(),
            0644);
        const QString emptyDay = scratch("empty-day") + "/data";
        QDir().mkpath(emptyDay + "/train/case1/case1_day0/scans");
        const QString fifoLabels = scratch("fifo-labels");
        ::mkfifo(QFile::encodeName(fifoLabels + "/labels.csv").constData(), 0644);
        const QString fifoTrain = tinyCopy("fifo-train");
        QFile::remove(fifoTrain + "/train.csv");
        ::mkfifo(QFile::encodeName(fifoTrain + "/train.csv").constData(), 0644);
        const QString fifoModel = scratch("fifo-model");
        ::mkfifo(QFile::encodeName(fifoModel + "/model.pt").constData(), 0644);
        const QString x = dir_.path() + "/never-written";
        const QStringList fifo{"not a regular file"};
        // clang-format off: one case per line
        std::vector<MatrixCase> cases = {
            {"hangs", "validate with a FIFO named like a slice", Program::Cli, {"validate", fifoSlice}, 1, fifo + QStringList{"slice_0003"}},
            {"hangs", "info with a FIFO named like a slice", Program::Cli, {"info", fifoSlice}, 0, {"1 case-days"}},
            {"hangs", "window on a FIFO named like a slice", Program::Window, {fifoSlice}, 0, {}},
            {"hangs", "window on a dataset whose only day is empty", Program::Window, {emptyDay}, 1, {"no usable case-day"}},
            {"hangs", "validate a dataset whose only day is empty", Program::Cli, {"validate", emptyDay}, 1, {"no slice files in case1_day0"}},
            {"hangs", "window with a FIFO as labels", Program::Window, {tiny_, "--labels", fifoLabels + "/labels.csv"}, 1, {"FIFO", "labels.csv"}},
            {"hangs", "export reading a FIFO as labels", Program::Cli, {"export", "--data", tiny_, "--labels", fifoLabels + "/labels.csv", "--format", "csv", "--out", x}, 1, {"FIFO", "labels.csv"}},
            {"hangs", "convert reading a FIFO", Program::Cli, {"convert", "--data", tiny_, "--in", fifoLabels + "/labels.csv", "--out", x + ".json"}, 1, {"FIFO", "labels.csv"}},
            {"hangs", "eval reading a FIFO as truth", Program::Cli, {"eval", "--data", tiny_, "--truth", fifoLabels + "/labels.csv", "--pred", tiny_ + "/train.csv"}, 1, {"FIFO", "labels.csv"}},
            {"hangs", "infer with a FIFO as the model", Program::Cli, {"infer", "--data", tiny_, "--model", fifoModel + "/model.pt", "--out", x}, 1, {"model.pt"}},
            {"hangs", "--threads 100000", Program::Cli, {"infer", "--data", tiny_, "--out", x, "--threads", "100000"}, 2, {"--threads '100000' is out of range: expected 0 to 256"}},
            {"hangs", "--batch 0", Program::Cli, {"infer", "--data", tiny_, "--out", x, "--batch", "0"}, 2, {"--batch '0' is out of range"}},
            {"hangs", "--epochs past 64 bits", Program::Cli, {"train", "--data", tiny_, "--out", x, "--epochs", "99999999999999999999999"}, 2, {"--epochs", "not a whole number"}},
            {"hangs", "phantom --days 100000", Program::Cli, {"phantom", "--out", x, "--days", "100000"}, 2, {"--days '100000' is out of range"}},
            {"hangs", "window --timeout 0", Program::Window, {tiny_, "--timeout", "0"}, 2, {"--timeout '0'"}},
            {"hangs", "validate with a FIFO as train.csv", Program::Cli, {"validate", fifoTrain}, 1, {"FIFO", "train.csv"}},
            {"hangs", "info --labels FIFO", Program::Cli, {"info", tiny_, "--labels", fifoLabels + "/labels.csv"}, 1, {"FIFO", "labels.csv"}},
            {"hangs", "train --labels FIFO", Program::Cli, {"train", "--data", tiny_, "--labels", fifoLabels + "/labels.csv", "--out", x, "--epochs", "1"}, 1, {"FIFO", "labels.csv"}},
            {"hangs", "window on a dataset whose train.csv is a FIFO", Program::Window, {fifoTrain}, 0, {"FIFO", "train.csv"}},
        };
        // clang-format on
        runGroup(cases, {QFileInfo(fifoSlice).path(), QFileInfo(emptyDay).path(),
                         QFileInfo(fifoTrain).path(), tiny_});
    }

    void sizesFromNamesAreChecked() {
        const QString huge = tinyCopy("huge-name");
        QFile::rename(tinyScans(huge) + "/slice_0001_24_20_1.50_1.50.png",
                      tinyScans(huge) + "/slice_0001_100000_100000_1.50_1.50.png");
        const QString lying = tinyCopy("lying-name");
        for (int slice = 1; slice <= 6; ++slice) {
            const QString from = QStringLiteral("%1/slice_%2_24_20_1.50_1.50.png")
                                     .arg(tinyScans(lying))
                                     .arg(slice, 4, 10, QChar('0'));
            QFile::rename(from, QString(from).replace("_24_20_", "_4000_4000_"));
        }
        const QString bigNumber = tinyCopy("slice-number");
        QFile::rename(tinyScans(bigNumber) + "/slice_0006_24_20_1.50_1.50.png",
                      tinyScans(bigNumber) + "/slice_99999999_24_20_1.50_1.50.png");
        const QString oddNames = tinyCopy("odd-names");
        QFile::rename(tinyScans(oddNames) + "/slice_0001_24_20_1.50_1.50.png",
                      tinyScans(oddNames) + "/slice_0001_4097_20_1.50_1.50.png");
        QFile::rename(tinyScans(oddNames) + "/slice_0002_24_20_1.50_1.50.png",
                      tinyScans(oddNames) + "/slice_0002_0_20_1.50_1.50.png");
        QFile::rename(tinyScans(oddNames) + "/slice_0003_24_20_1.50_1.50.png",
                      tinyScans(oddNames) + "/slice_0003_24_20_nan_1.50.png");
        const QString x = dir_.path() + "/never-written";
        const QString lyingFile = "slice_0001_4000_4000_1.50_1.50.png";
        // clang-format off: one case per line
        std::vector<MatrixCase> cases = {
            {"sizes from names", "validate: 100000x100000 in a name", Program::Cli, {"validate", huge}, 1, {"slice_0001_100000_100000", "beyond 4096"}},
            {"sizes from names", "infer: 100000x100000 in a name", Program::Cli, {"infer", "--data", huge, "--out", x, "--quiet"}, 0, {}},
            {"sizes from names", "window: 100000x100000 in a name", Program::Window, {huge}, 0, {}},
            {"sizes from names", "validate: 4000x4000 named, 24x20 inside", Program::Cli, {"validate", lying}, 1, {lyingFile, "image is 24x20 but its name says 4000x4000"}},
            // info summarises the names and allocates nothing from them.
            {"sizes from names", "info: 4000x4000 named, 24x20 inside", Program::Cli, {"info", lying}, 0, {"1 case-days"}},
            {"sizes from names", "export: 4000x4000 named, 24x20 inside", Program::Cli, {"export", "--data", lying, "--format", "csv", "--out", x}, 1, {"image is 24x20 but its name says 4000x4000", "nothing was exported"}},
            {"sizes from names", "infer: 4000x4000 named, 24x20 inside", Program::Cli, {"infer", "--data", lying, "--out", x}, 1, {"no usable case-day"}},
            {"sizes from names", "window: 4000x4000 named, 24x20 inside", Program::Window, {lying}, 1, {"no usable case-day"}},
            {"sizes from names", "validate: slice number 99999999", Program::Cli, {"validate", bigNumber}, 1, {"slice_99999999", "beyond 2000"}},
            {"sizes from names", "window: slice number 99999999", Program::Window, {bigNumber}, 1, {"slice_99999999", "slice 6 is not on disk"}},
            {"sizes from names", "infer: slice number 99999999", Program::Cli, {"infer", "--data", bigNumber, "--out", x, "--quiet"}, 0, {}},
            {"sizes from names", "validate: width 4097", Program::Cli, {"validate", oddNames}, 1, {"slice_0001_4097_20", "beyond 4096"}},
            {"sizes from names", "validate: width 0", Program::Cli, {"validate", oddNames}, 1, {"slice_0002_0_20", "not a whole number from 1 to 4096"}},
            {"sizes from names", "validate: spacing nan", Program::Cli, {"validate", oddNames}, 1, {"slice_0003_24_20_nan"}},
            {"sizes from names", "window: odd sizes in names", Program::Window, {oddNames}, 0, {}},
        };
        // clang-format on
        runGroup(cases, {QFileInfo(huge).path(), QFileInfo(lying).path(),
                         QFileInfo(bigNumber).path(), QFileInfo(oddNames).path()});
    }

    void resultsAreNeverMisleading() {
        const QString root = scratch("misleading");
        const QString train = tiny_ + "/train.csv";
        const QByteArray rows = readAll(train);
        QByteArray partial;
        for (const QByteArray& line : rows.split('\n'))
            if (!line.contains("slice_0004") && !line.contains("slice_0005") && !line.isEmpty())
                partial += line + "\n";
        writeFile(root + "/partial.csv", QByteArray(partial).replace("segmentation", "predicted"));
        writeFile(root + "/header.csv", "id,class,segmentation\n");
        writeFile(root + "/bad-rle.csv",
                  "id,class,segmentation\ncase1_day0_slice_0002,stomach,100 5 90 5\n");
        writeFile(root + "/past-end.csv",
                  "id,class,segmentation\ncase1_day0_slice_0002,stomach,470 20\n");
        writeFile(root + "/other.csv",
                  "id,class,segmentation\ncase9_day4_slice_0001,stomach,1 2\n");
        writeFile(root + "/duplicate.csv", rows + "case1_day0_slice_0002,stomach,1 2\n");
        writeFile(root + "/spleen.csv", QByteArray(rows).replace("segmentation", "predicted") +
                                            "case1_day0_slice_0002,spleen,1 2\n");
        writeFile(
            root + "/other.json",
            R"({"images":[{"id":1,"file_name":"train/case9/case9_day4/scans/slice_0001_24_20_1.50_1.50.png","width":24,"height":20}],)"
            R"("annotations":[],"categories":[{"id":3,"name":"stomach"}]})");
        const QString out = root + "/out.json";
        // clang-format off: one case per line
        std::vector<MatrixCase> cases = {
            {"misleading results", "eval: prediction lacks slices 4-5", Program::Cli, {"eval", "--data", tiny_, "--truth", train, "--pred", root + "/partial.csv"}, 1, {"no row for 6 (slice, class) pair(s)"}},
            {"misleading results", "eval --allow-missing counts them", Program::Cli, {"eval", "--data", tiny_, "--truth", train, "--pred", root + "/partial.csv", "--allow-missing"}, 0, {"6 (slice, class) pair(s)"}},
            {"misleading results", "eval: truth with a header only", Program::Cli, {"eval", "--data", tiny_, "--truth", root + "/header.csv", "--pred", train}, 1, {"the truth labels nothing"}},
            {"misleading results", "convert: runs out of order", Program::Cli, {"convert", "--data", tiny_, "--in", root + "/bad-rle.csv", "--out", out}, 1, {"case1_day0_slice_0002"}},
            {"misleading results", "convert: run past the image", Program::Cli, {"convert", "--data", tiny_, "--in", root + "/past-end.csv", "--out", out}, 1, {"case1_day0_slice_0002"}},
            {"misleading results", "convert: ids of another dataset", Program::Cli, {"convert", "--data", tiny_, "--in", root + "/other.csv", "--out", out}, 1, {"no case-day case9_day4"}},
            {"misleading results", "eval: a duplicated row", Program::Cli, {"eval", "--data", tiny_, "--truth", train, "--pred", root + "/duplicate.csv"}, 1, {"case1_day0_slice_0002"}},
            {"misleading results", "train on one case: no validation claimed", Program::Cli, {"train", "--data", tiny_, "--out", root + "/model", "--epochs", "1", "--epoch-slices", "4", "--size", "32", "--depth", "3", "--base", "4", "--threads", "1"}, 0, {"NO validation split"}},
            {"misleading results", "eval: a row of an unknown class", Program::Cli, {"eval", "--data", tiny_, "--truth", train, "--pred", root + "/spleen.csv"}, 1, {"unknown class 'spleen'"}},
            {"misleading results", "export --reviewed-only without a workspace", Program::Cli, {"export", "--data", tiny_, "--format", "csv", "--reviewed-only", "--out", out + ".csv"}, 2, {"--reviewed-only needs --workspace"}},
            {"misleading results", "convert: COCO images of another dataset", Program::Cli, {"convert", "--data", tiny_, "--in", root + "/other.json", "--out", out + ".csv"}, 1, {"not a slice of the dataset"}},
            {"misleading results", "window: labels of another dataset", Program::Window, {tiny_, "--labels", root + "/other.csv"}, 1, {"no case-day case9_day4", "left unlabelled"}},
        };
        // clang-format on
        runGroup(cases, {root, tiny_});
    }

    void interruptedRunsLeaveNoDebris() {
        // Each run gets SIGINT or SIGTERM once it has started writing; what was there before
        // stays whole (checked by the snapshot) and nothing temporary is left.
        const QString root = scratch("interrupted");
        auto interruptAfter = [](const QByteArray& marker, int signal) {
            return [marker, signal](QProcess& process) {
                QByteArray seen;
                QElapsedTimer clock;
                clock.start();
                while (!seen.contains(marker) && process.state() == QProcess::Running &&
                       clock.elapsed() < 60000) {
                    process.waitForReadyRead(50);
                    seen += process.peek(1 << 20);
                }
                // Only while it runs: kill(0, ...) would signal this test's own process group.
                if (process.state() == QProcess::Running && process.processId() > 0)
                    ::kill(pid_t(process.processId()), signal);
            };
        };
        const QString earlier = root + "/earlier";
        QDir().mkpath(earlier);
        for (const char* name : {"labels.csv", "labels.json", "sub.csv"})
            writeFile(earlier + "/" + name, "an earlier export\n");
        QDir().mkpath(earlier + "/nifti");
        writeFile(earlier + "/nifti/case1_day0.nii.gz", "an earlier volume\n");
        const QStringList stopped{"interrupted"};
        auto allowFinishingFirst = [](std::vector<MatrixCase> cases) {
            for (MatrixCase& c : cases) c.finishingFirstAllowed = true;
            return cases;
        };
        // clang-format off: one case per line
        std::vector<MatrixCase> cases = {
            {"interrupted export", "export nifti, SIGINT", Program::Cli, {"export", "--data", phantom_, "--format", "nifti", "--nifti-image", "--out", earlier + "/nifti"}, 1, stopped, {}, interruptAfter("exporting ", SIGINT)},
            {"interrupted export", "export nifti, SIGTERM", Program::Cli, {"export", "--data", phantom_, "--format", "nifti", "--nifti-image", "--out", earlier + "/nifti"}, 1, stopped, {}, interruptAfter("exporting ", SIGTERM)},
            {"interrupted export", "export csv, SIGINT", Program::Cli, {"export", "--data", phantom_, "--format", "csv", "--out", earlier + "/labels.csv"}, 1, stopped, {}, interruptAfter("exporting ", SIGINT)},
            {"interrupted export", "export coco, SIGTERM", Program::Cli, {"export", "--data", phantom_, "--format", "coco", "--polygons", "--out", earlier + "/labels.json"}, 1, stopped, {}, interruptAfter("exporting ", SIGTERM)},
            {"interrupted export", "convert to nifti, SIGINT", Program::Cli, {"convert", "--data", phantom_, "--in", phantom_ + "/train.csv", "--out", earlier + "/nifti"}, 1, stopped, {}, interruptAfter("exporting ", SIGINT)},
            {"interrupted export", "export submission, SIGTERM", Program::Cli, {"export", "--data", phantom_, "--format", "submission", "--out", earlier + "/sub.csv"}, 1, stopped, {}, interruptAfter("exporting ", SIGTERM)},
            {"interrupted export", "export nifti per organ, SIGINT", Program::Cli, {"export", "--data", phantom_, "--format", "nifti", "--nifti-per-organ", "--out", earlier + "/nifti"}, 1, stopped, {}, interruptAfter("exporting ", SIGINT)},
            {"interrupted export", "convert to coco, SIGTERM", Program::Cli, {"convert", "--data", phantom_, "--in", phantom_ + "/train.csv", "--out", earlier + "/labels.json"}, 1, stopped, {}, interruptAfter("exporting ", SIGTERM)},
            {"interrupted export", "infer, SIGTERM during the first day", Program::Cli, {"infer", "--data", phantom_, "--out", earlier + "/sub.csv", "--threads", "1"}, 1, stopped, {}, interruptAfter("(1/", SIGTERM)},
            {"interrupted export", "infer, SIGINT", Program::Cli, {"infer", "--data", phantom_, "--out", earlier + "/sub.csv", "--threads", "1"}, 1, stopped, {}, interruptAfter("model ", SIGINT)},
        };
        // clang-format on
        runGroup(allowFinishingFirst(cases), {root});
    }

    void messagesNameTheItem() {
        const QString root = scratch("messages");
        const QString modelFolder = root + "/model-folder";
        QDir().mkpath(modelFolder);
        const QString sliceFolder = tinyCopy("slice-folder");
        QDir().mkpath(tinyScans(sliceFolder) + "/slice_0007_24_20_1.50_1.50.png");
        const QString bytes = QString::fromLocal8Bit(QByteArray("/bad-\xff\xfe-name"));
        const QString nonUtf8 = root + bytes;
        QProcess::execute("cp", {"-r", tiny_, nonUtf8});
        writeFile(
            root + "/coco-type.json",
            R"({"images":[{"id":"one","file_name":"x.png","width":24,"height":20}],"annotations":[],"categories":[]})");
        writeFile(
            root + "/coco-count.json",
            R"({"images":[{"id":1,"file_name":"train/case1/case1_day0/scans/slice_0002_24_20_1.50_1.50.png","width":24,"height":20}],)"
            R"("annotations":[{"id":1,"image_id":1,"category_id":3,"segmentation":{"size":[20,24],"counts":[5,-7,3]}}],)"
            R"("categories":[{"id":3,"name":"stomach"}]})");
        writeFile(root + "/long-id.csv",
                  "id,class,segmentation\n" + QByteArray(5 * 1024 * 1024, 'x') + ",stomach,1 2\n");
        writeFile(
            root + "/binary.csv",
            QByteArray(
                "id,class,segmentation\ncase1_day0_slice_0002,stom\x01\x02\x1b[31mach,1 2\n"));
        writeFile(root + "/junk.pt", "not a model\n");
        writeFile(root + "/broken.json", "{\"images\": [1, 2,\n");
        const QString x = root + "/never";
        // clang-format off: one case per line
        std::vector<MatrixCase> cases = {
            {"unclear messages", "--model names a folder", Program::Cli, {"infer", "--data", tiny_, "--model", modelFolder, "--out", x}, 1, {modelFolder, "folder"}},
            {"unclear messages", "validate names a file", Program::Cli, {"validate", tiny_ + "/train.csv"}, 1, {"not a folder"}},
            {"unclear messages", "a folder named like a slice", Program::Cli, {"validate", sliceFolder}, 1, {"slice_0007", "folder"}},
            {"unclear messages", "a folder whose name is not UTF-8", Program::Cli, {"validate", nonUtf8}, 0, {"0 error(s)"}},
            {"unclear messages", "a COCO image id that is a string", Program::Cli, {"convert", "--data", tiny_, "--in", root + "/coco-type.json", "--out", x + ".csv"}, 1, {"coco-type.json", "image"}},
            {"unclear messages", "a negative COCO count", Program::Cli, {"convert", "--data", tiny_, "--in", root + "/coco-count.json", "--out", x + ".csv"}, 1, {"coco-count.json", "-7"}},
            {"unclear messages", "a 5 MB id", Program::Cli, {"convert", "--data", tiny_, "--in", root + "/long-id.csv", "--out", x + ".json"}, 1, {"xxxxxxxx...", "bytes)"}},
            {"unclear messages", "control bytes in a class", Program::Cli, {"convert", "--data", tiny_, "--in", root + "/binary.csv", "--out", x + ".json"}, 1, {"\\x01\\x02\\x1b"}},
            {"unclear messages", "a number too large is not 'not a number'", Program::Cli, {"phantom", "--out", x, "--cases", "99999999999"}, 2, {"out of range"}},
            {"unclear messages", "window on a path that does not exist", Program::Window, {root + "/nowhere"}, 1, {"nowhere", "does not exist"}},
            {"unclear messages", "window on a file", Program::Window, {tiny_ + "/train.csv"}, 1, {"not a folder"}},
            {"unclear messages", "a model without its card", Program::Cli, {"infer", "--data", tiny_, "--model", root + "/junk.pt", "--out", x}, 1, {"model card not found", "junk.card.json"}},
            {"unclear messages", "--days names a day that is not there", Program::Cli, {"export", "--data", tiny_, "--format", "csv", "--days", "case1_day99", "--out", x}, 1, {"no case-day case1_day99"}},
            {"unclear messages", "--case is not a number", Program::Cli, {"export", "--data", tiny_, "--format", "csv", "--case", "one", "--out", x}, -1, {"--case 'one' is not a case number"}},
            {"unclear messages", "COCO that is not JSON", Program::Cli, {"convert", "--data", tiny_, "--in", root + "/broken.json", "--out", x + ".csv"}, 1, {"broken.json"}},
            {"unclear messages", "window on a folder whose name is not UTF-8", Program::Window, {nonUtf8}, 0, {}},
        };
        // clang-format on
        runGroup(cases, {root, tiny_, QFileInfo(sliceFolder).path()});
    }

    void cleanupTestCase() {
        QString groups;
        for (const auto& [group, count] : totals_.perGroup)
            groups += QStringLiteral("%1 %2, ").arg(group).arg(count);
        std::printf("fault matrix: %d cases (%d through gireview-cli, %d through the window; %s), "
                    "clear errors %d, unclear %d, "
                    "crashes %d, hangs %d, data lost %d, temps left %d\n",
                    totals_.cases, totals_.cli, totals_.window, qPrintable(groups.chopped(2)),
                    totals_.clear, totals_.unclear, totals_.crashes, totals_.hangs,
                    totals_.dataLost, totals_.tempsLeft);
    }
};

QTEST_GUILESS_MAIN(TestFaultMatrix)
#include "test_fault_matrix.moc"
