// Export and import through every format on the real rows: CSV -> COCO -> CSV and
// CSV -> NIfTI -> CSV identical; NIfTI geometry; sidecar; errors; a disk that fills up mid-write.
#include "io/AtomicFile.h"
#include "io/CsvReader.h"
#include "data/DataError.h"
#include "io/LabelExchange.h"
#include "io/NiftiIo.h"
#include "TestSupport.h"
#include "review/Workspace.h"

#include <QFile>
#include <QtTest>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/resource.h>

using namespace gireview;

namespace {

// An index of the real case-days (geometry from case_days.csv; no scans needed).
DatasetIndex realIndex(const QString& shared) {
    DatasetIndex index;
    index.root = "/nonexistent/dataset";
    std::map<int, CaseEntry> cases;
    for (const auto& [key, grid] : testsupport::realCaseDayGrids(shared)) {
        DayEntry day;
        day.key = key;
        day.geometry = grid;
        cases[key.caseNo].caseNo = key.caseNo;
        cases[key.caseNo].days.push_back(day);
    }
    for (auto& [n, c] : cases) index.cases.push_back(c);
    return index;
}

QByteArray readAll(const std::string& path) {
    QFile file(QString::fromStdString(path));
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

} // namespace

class TestLabelExchange : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string tmp(const std::string& name) { return (dir_.path().toStdString() + "/" + name); }

private slots:
    void formatsFromPaths() {
        QCOMPARE(labelFormatOfPath("a/b.csv"), LabelFormat::TrainCsv);
        QCOMPARE(labelFormatOfPath("labels.json"), LabelFormat::Coco);
        QCOMPARE(labelFormatOfPath(dir_.path().toStdString()), LabelFormat::Nifti); // an existing empty folder
        QCOMPARE(labelFormatOfPath("out/"), LabelFormat::Nifti);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, labelFormatOfPath("labels.txt"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseLabelFormat("xml"));
    }
    void roundTripsThroughEveryFormat() {
        REQUIRE_SHARED_DATA(shared);
        DatasetIndex index = realIndex(shared);
        auto original = importLabels((shared + "/train_rows.csv").toStdString(), index);
        QVERIFY(original.problems.empty());
        ExportOptions csv;
        csv.sidecar = false;
        exportLabels(index, original.volumes, tmp("before.csv"), csv);
        for (LabelFormat format : {LabelFormat::Coco, LabelFormat::Nifti}) {
            ExportOptions options;
            options.format = format;
            options.source = "train_rows.csv";
            const std::string out = format == LabelFormat::Coco ? tmp("labels.json") : tmp("nifti");
            auto report = exportLabels(index, original.volumes, out, options);
            QCOMPARE(report.days, size_t(19));
            auto back = importLabels(out, index);
            QVERIFY(back.problems.empty());
            for (const auto& [key, volume] : original.volumes) QVERIFY(back.volumes.at(key) == volume);
            exportLabels(index, back.volumes, tmp("after.csv"), csv);
            QCOMPARE(readAll(tmp("after.csv")), readAll(tmp("before.csv")));
        }
        // NIfTI files: bitmask, names, tables and sidecar.
        QVERIFY(QFile::exists(QString::fromStdString(tmp("nifti/case122_day0.nii.gz"))));
        QVERIFY(readAll(tmp("nifti/labels.ctbl")).contains("4 stomach 0 114 178 255"));
        QVERIFY(readAll(tmp("nifti/labels_itksnap.txt")).contains("\"small_bowel\""));
        std::ifstream in(tmp("nifti/labels.sidecar.json"));
        auto sidecar = nlohmann::json::parse(in);
        QCOMPARE(sidecar["labelled"]["case122_day0"]["stomach"][0][1].get<int>(), 144);
        QCOMPARE(sidecar["provenance"]["source"].get<std::string>(), std::string("train_rows.csv"));
    }
    void changedSinceLastExport() {
        REQUIRE_SHARED_DATA(shared);
        DatasetIndex index = realIndex(shared);
        auto labels = importLabels((shared + "/train_rows.csv").toStdString(), index).volumes;
        ExportOptions options;
        options.format = LabelFormat::Nifti;
        options.changedOnly = true;
        auto first = exportLabels(index, labels, tmp("delta"), options);
        QCOMPARE(first.days, size_t(19)); // no earlier export: everything
        auto again = exportLabels(index, labels, tmp("delta"), options);
        QCOMPARE(again.days, size_t(0));
        QCOMPARE(again.unchangedDays, size_t(19));
        labels.at({122, 0}).set(5, 5, 5, Organ::Stomach, true);
        auto edited = exportLabels(index, labels, tmp("delta"), options);
        QCOMPARE(edited.days, size_t(1));
        QVERIFY(readLabelNifti(tmp("delta/case122_day0.nii.gz"), {122, 0}, labels.at({122, 0}).geometry()) == labels.at({122, 0}));
        QCOMPARE(exportLabels(index, labels, tmp("delta"), options).days, size_t(0)); // hashes of all days kept
    }
    void reviewedOnlyExportForRetraining() {
        REQUIRE_SHARED_DATA(shared);
        DatasetIndex index = realIndex(shared);
        auto labels = importLabels((shared + "/train_rows.csv").toStdString(), index).volumes;
        Workspace workspace(tmp("review.sqlite"));
        const CaseDayKey day{35, 12}; // 80 slices, every row present
        workspace.approve(day, Organ::Stomach, "alice", "Dr A");
        for (int slice : {40, 41, 42}) workspace.setSliceReviewed(day, slice, true);
        workspace.saveSlices(labels.at(day), LabelLayer::Reviewed, 39, 41, "brush", Organ::LargeBowel, 10);
        workspace.setModelCard(day, R"({"name": "phantom-unet", "version": "1"})");
        ExportOptions options;
        options.reviewedOnly = true;
        options.workspace = &workspace;
        options.source = "train_rows.csv";
        auto report = exportLabels(index, labels, tmp("retrain.csv"), options);
        QCOMPARE(report.days, size_t(1)); // only the day someone reviewed
        auto back = importLabels(tmp("retrain.csv"), index);
        const LabelVolume& exported = back.volumes.at(day);
        const LabelVolume& truth = labels.at(day);
        for (int z = 0; z < 80; ++z) {
            QCOMPARE(exported.countOnSlice(z, Organ::Stomach), truth.countOnSlice(z, Organ::Stomach)); // approved: all slices
            const bool marked = z + 1 >= 40 && z + 1 <= 42;
            QCOMPARE(exported.countOnSlice(z, Organ::LargeBowel), marked ? truth.countOnSlice(z, Organ::LargeBowel) : size_t(0));
        }
        std::ifstream in(tmp("retrain.csv.sidecar.json"));
        auto sidecar = nlohmann::json::parse(in);
        QCOMPARE(sidecar["labelled"]["case35_day12"]["stomach"][0][1].get<int>(), 80);
        QCOMPARE(sidecar["labelled"]["case35_day12"]["large_bowel"][0][0].get<int>(), 40);
        QCOMPARE(sidecar["labelled"]["case35_day12"]["large_bowel"][0][1].get<int>(), 42);
        const auto& provenance = sidecar["provenance"]["days"]["case35_day12"];
        QCOMPARE(provenance["reviews"][0]["reviewer"].get<std::string>(), std::string("Dr A"));
        QCOMPARE(provenance["model_card"]["name"].get<std::string>(), std::string("phantom-unet"));
        QCOMPARE(provenance["tools"][0].get<std::string>(), std::string("brush"));
        ExportOptions noWorkspace;
        noWorkspace.reviewedOnly = true;
        QVERIFY_THROWS_EXCEPTION(DataError, exportLabels(index, labels, tmp("x.csv"), noWorkspace));
    }
    void niftiKeepsGeometryAndRejectsMismatches() {
        VolumeGeometry g;
        g.width = 12, g.height = 10, g.depth = 5, g.spacingX = g.spacingY = 1.63;
        LabelVolume labels({3, 1}, g);
        labels.set(1, 2, 0, Organ::Stomach, true);
        labels.set(1, 2, 0, Organ::SmallBowel, true); // overlap: 6
        labels.set(11, 9, 4, Organ::LargeBowel, true);
        writeLabelNifti(tmp("v.nii.gz"), labels);
        LabelVolume back = readLabelNifti(tmp("v.nii.gz"), {3, 1}, g);
        QVERIFY(back == labels);
        QCOMPARE(int(back.data()[g.index(1, 2, 0)]), 6);
        VolumeGeometry other = g;
        other.depth = 6;
        try {
            readLabelNifti(tmp("v.nii.gz"), {3, 1}, other);
            QFAIL("expected GeometryError");
        } catch (const GeometryError& error) {
            QVERIFY2(QString(error.what()).contains("12x10x5 but the case-day is 12x10x6"), error.what());
        }
        other = g;
        other.spacingX = 1.5;
        QVERIFY_THROWS_EXCEPTION(GeometryError, readLabelNifti(tmp("v.nii.gz"), {3, 1}, other));
        QVERIFY_THROWS_EXCEPTION(IoError, readLabelNifti(tmp("missing.nii.gz"), {3, 1}, g));
    }
    void diskFullMidWriteLeavesNothingBehind() {
        // A file-size limit makes write() fail part-way, as a full disk would.
        const std::string target = tmp("full.csv");
        writeFileAtomically(target, "previous export\n");
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit old{};
        getrlimit(RLIMIT_FSIZE, &old);
        rlimit small = old;
        small.rlim_cur = 64 * 1024;
        setrlimit(RLIMIT_FSIZE, &small);
        bool threw = false;
        try {
            AtomicFileWriter writer(target);
            std::string chunk(1 << 20, 'x');
            writer.write(chunk);
            writer.commit();
        } catch (const IoError& error) {
            threw = true;
            QVERIFY2(QString(error.what()).contains("disk full"), error.what());
            QCOMPARE(error.context().file, target);
        }
        setrlimit(RLIMIT_FSIZE, &old);
        QVERIFY(threw);
        QCOMPARE(readAll(target), QByteArray("previous export\n"));
        const QStringList left = QDir(dir_.path()).entryList({".full.csv.tmp-*"}, QDir::Files | QDir::Hidden);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(',')));
    }
};

QTEST_GUILESS_MAIN(TestLabelExchange)
#include "test_label_exchange.moc"
