// Export and import through every format on the real rows: CSV -> COCO -> CSV and
// CSV -> NIfTI -> CSV identical; NIfTI geometry; sidecar; errors; a disk that fills up mid-write.
#include "io/AtomicFile.h"
#include "io/CsvReader.h"
#include "data/DataError.h"
#include "io/LabelExchange.h"
#include "io/NiftiIo.h"
#include "TestSupport.h"
#include "editing/EditTools.h"
#include "review/ReviewDocument.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <zlib.h>
#include <QtTest>
#include <cmath>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/resource.h>

using namespace gireview;

namespace {

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
    void browsingKeepsAFewDaysOpenAndLosesNothing() {
        // Ten small case-days, no files: sessions are the document's, edits go to the workspace.
        DatasetIndex index;
        index.root = "/nonexistent/browse";
        CaseEntry entry;
        entry.caseNo = 1;
        for (int d = 0; d < 10; ++d) {
            DayEntry day;
            day.key = {1, d};
            day.geometry.width = 16, day.geometry.height = 12, day.geometry.depth = 4;
            entry.days.push_back(day);
        }
        index.cases.push_back(entry);
        {
            ReviewDocument alone(index); // no workspace: the sessions hold the only copy of edits
            for (int d = 0; d < 10; ++d) alone.closeIdleSessions({1, d}, 3), alone.session({1, d});
            alone.closeIdleSessions({1, 9}, 3);
            QCOMPARE(alone.sessions().size(), size_t(10));
        }
        ReviewDocument document(index);
        document.openWorkspace(tmp("browse.sqlite"));
        EditRegion square = EditRegion::box(2, 2, 1, 5, 5, 1);
        std::fill(square.mask.begin(), square.mask.end(), 1);
        QVERIFY(document.session({1, 0}).apply(Organ::Stomach, square, EditMode::Add, "brush"));
        for (int d = 1; d < 10; ++d) {
            document.session({1, d});
            document.closeIdleSessions({1, d}, 3);
        }
        QCOMPARE(document.sessions().size(), size_t(4)); // the shown day and the three before it
        QVERIFY(!document.openSession({1, 0}));
        QVERIFY(document.openSession({1, 9}) && document.openSession({1, 6}));
        // Reopened, the first day has its correction, from the workspace.
        QCOMPARE(document.session({1, 0}).labels()->countOnSlice(1, Organ::Stomach), size_t(25));
    }
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
        DatasetIndex index = testsupport::realDatasetIndex(shared);
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
        DatasetIndex index = testsupport::realDatasetIndex(shared);
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
        ReviewDocument document(testsupport::realDatasetIndex(shared));
        const std::string source = (shared + "/train_rows.csv").toStdString();
        LabelImport file = importLabels(source, document.index());
        const LabelMap truth = file.volumes;
        document.setLabelsFile(std::move(file), source);
        document.openWorkspace(tmp("review.sqlite"));
        const CaseDayKey day{35, 12}; // 80 slices, every row present
        document.workspace()->setModelCard(day, R"({"name": "phantom-unet", "version": "1"})");
        // A correction through the core editing API: a large-bowel square on slice 41.
        EditSession& session = document.session(day);
        EditRegion square = EditRegion::box(100, 100, 40, 30, 30, 1);
        std::fill(square.mask.begin(), square.mask.end(), 1);
        QVERIFY(session.apply(Organ::LargeBowel, square, EditMode::Add, "brush"));
        const LabelVolume corrected = *session.labels();
        QVERIFY(corrected.countOnSlice(40, Organ::LargeBowel) > truth.at(day).countOnSlice(40, Organ::LargeBowel));
        document.approve(day, Organ::Stomach, "Dr A");
        document.markReviewed(day, 40, 42, 0x7, true);
        ExportOptions options;
        options.reviewedOnly = true;
        auto report = document.exportLabels(tmp("retrain.csv"), options);
        QCOMPARE(report.days, size_t(1)); // only the day someone reviewed
        // CSV: only the vouched-for rows (stomach 80, large and small bowel 3 each), none empty by default.
        CsvRecordReader csv(tmp("retrain.csv"));
        std::vector<std::string_view> fields;
        size_t rows = 0;
        csv.next(fields); // header
        while (csv.next(fields)) {
            ++rows;
            const SliceId id = parseSliceId(fields[0]);
            QCOMPARE(id.day, day);
            if (fields[1] != "stomach") QVERIFY2(id.slice >= 40 && id.slice <= 42, std::string(fields[0]).c_str());
        }
        QCOMPARE(rows, size_t(80 + 3 + 3));
        auto back = importLabels(tmp("retrain.csv"), document.index());
        QVERIFY(!back.sidecar.empty());
        const LabelledSlices& labelled = back.labelled.at(day);
        QCOMPARE(labelled.count(Organ::Stomach), size_t(80));
        QCOMPARE(labelled.count(Organ::LargeBowel), size_t(3));
        QVERIFY(labelled.has(39, Organ::SmallBowel) && !labelled.has(38, Organ::SmallBowel));
        for (int z = 0; z < 80; ++z)
            for (Organ organ : kAllOrgans)
                if (labelled.has(z, organ)) QCOMPARE(back.volumes.at(day).countOnSlice(z, organ), corrected.countOnSlice(z, organ));
        // Another day nobody reviewed is not labelled at all (not background).
        QVERIFY(!back.labelled.count({122, 0}) || !back.labelled.at({122, 0}).any());
        std::ifstream in(tmp("retrain.csv.sidecar.json"));
        auto sidecar = nlohmann::json::parse(in);
        QCOMPARE(sidecar["labelled"]["case35_day12"]["stomach"][0][1].get<int>(), 80);
        QCOMPARE(sidecar["labelled"]["case35_day12"]["large_bowel"][0][0].get<int>(), 40);
        QCOMPARE(sidecar["labelled"]["case35_day12"]["large_bowel"][0][1].get<int>(), 42);
        size_t allPairs = 0;
        for (const auto* entry : document.index().days()) allPairs += size_t(entry->geometry.depth) * 3;
        QCOMPARE(sidecar["left_out"]["unlabelled_pairs"].get<size_t>(), allPairs - 86);
        QCOMPARE(sidecar["left_out"]["days_without_labelled_pairs"].size(), document.index().days().size() - 1);
        QVERIFY(sidecar["left_out"]["reason"].get<std::string>().find("not reviewed") != std::string::npos);
        const auto& provenance = sidecar["provenance"]["days"]["case35_day12"];
        QCOMPARE(provenance["reviews"][0]["reviewer"].get<std::string>(), std::string("Dr A"));
        QCOMPARE(provenance["model_card"]["name"].get<std::string>(), std::string("phantom-unet"));
        QCOMPARE(provenance["tools"][0].get<std::string>(), std::string("brush"));

        // COCO: only images with a labelled organ, each naming its labelled categories.
        options.format = LabelFormat::Coco;
        document.exportLabels(tmp("retrain.json"), options);
        std::ifstream cocoIn(tmp("retrain.json"));
        const auto coco = nlohmann::json::parse(cocoIn);
        QCOMPARE(coco["images"].size(), size_t(80));
        for (const auto& image : coco["images"]) {
            const int slice = image["slice"];
            const auto ids = image["labelled_category_ids"].get<std::vector<int>>();
            const std::vector<int> expected = slice >= 40 && slice <= 42 ? std::vector<int>{1, 2, 3} : std::vector<int>{3};
            QCOMPARE(ids, expected);
        }
        auto cocoBack = importLabels(tmp("retrain.json"), document.index());
        QVERIFY(cocoBack.labelled.at(day) == labelled);
        // NIfTI: caseN_dayM_labelled.nii.gz carries the labelled organs' bits per slice.
        options.format = LabelFormat::Nifti;
        document.exportLabels(tmp("retrain_nifti"), options);
        const LabelVolume bits = readLabelNifti(tmp("retrain_nifti/case35_day12_labelled.nii.gz"), day, corrected.geometry());
        QCOMPARE(int(bits.slice(40)[0]), 7);
        QCOMPARE(int(bits.slice(10)[123]), int(organBit(Organ::Stomach)));
        QVERIFY(!QFile::exists(QString::fromStdString(tmp("retrain_nifti/case122_day0.nii.gz"))));
        auto niftiBack = importLabels(tmp("retrain_nifti"), document.index());
        QVERIFY(niftiBack.labelled.at(day) == labelled);
        // Without a workspace there is nothing vouched for: refused.
        ReviewDocument bare(testsupport::realDatasetIndex(shared));
        QVERIFY_THROWS_EXCEPTION(DataError, bare.exportLabels(tmp("x.csv"), options));
    }
    // A slice without an image (its file missing, or found unreadable when the day decoded) is
    // unknown: nothing is drawn there, and no export writes it, not even as "organ absent".
    void blankSlicesAreNeverDrawnOrExported() {
        DayEntry day;
        day.key = {4, 2};
        day.geometry = testsupport::smallGrid(16, 12, 5);
        day.missingSlices = {2}; // the index's: slice 2 has no file
        const DatasetIndex index = testsupport::oneDayIndex("/nonexistent/blank", day);
        ReviewDocument document(index);
        document.openWorkspace(tmp("blank.sqlite"));
        QCOMPARE(document.noImageSlices(day.key), std::vector<int>{1});
        EditRegion slice1 = EditRegion::box(2, 2, 0, 5, 5, 1), slice2 = EditRegion::box(2, 2, 1, 5, 5, 1);
        std::fill(slice1.mask.begin(), slice1.mask.end(), 1);
        std::fill(slice2.mask.begin(), slice2.mask.end(), 1);
        EditSession& session = document.session(day.key);
        QVERIFY(session.apply(Organ::Stomach, slice1, EditMode::Add, "brush"));
        QVERIFY(!session.apply(Organ::Stomach, slice2, EditMode::Add, "brush"));
        QVERIFY2(QString::fromStdString(session.error()).contains("slice 2 has no image"), session.error().c_str());
        // A 3D region across the blank slice changes only the slices with an image.
        EditRegion across = EditRegion::box(8, 6, 0, 3, 3, 3);
        std::fill(across.mask.begin(), across.mask.end(), 1);
        QVERIFY(session.apply(Organ::SmallBowel, across, EditMode::Add, "brush"));
        QCOMPARE(session.labels()->countOnSlice(1, Organ::SmallBowel), size_t(0));
        QCOMPARE(session.labels()->countOnSlice(2, Organ::SmallBowel), size_t(9));
        // Accepting a prediction over the whole day leaves the blank slice as it is.
        LabelVolume predicted(day.key, day.geometry);
        for (int z = 0; z < 5; ++z) predicted.set(1, 1, z, Organ::LargeBowel, true);
        QVERIFY(session.accept(predicted, {Organ::LargeBowel}, 0, 4, AcceptChoice::KeepEdits));
        QVERIFY(!session.labels()->has(1, 1, 1, Organ::LargeBowel));
        QVERIFY(session.labels()->has(1, 1, 3, Organ::LargeBowel));
        // Decoding the day finds slice 4 unreadable too: it joins the blank ones everywhere.
        document.setNoImageSlices(day.key, {1, 3});
        QVERIFY(!session.apply(Organ::Stomach, EditRegion::box(0, 0, 3, 1, 1, 1), EditMode::Remove, "eraser"));
        ExportOptions options;
        const ExportReport report = document.exportLabels(tmp("blank.csv"), options);
        QCOMPARE(report.leftOut.unlabelledPairs, size_t(6));
        QVERIFY2(QString::fromStdString(report.leftOut.reason).contains("no image"), report.leftOut.reason.c_str());
        const QString csv = QString::fromUtf8(readAll(tmp("blank.csv")));
        QVERIFY(csv.contains("case4_day2_slice_0001,stomach,"));
        QVERIFY(csv.contains("case4_day2_slice_0003,"));
        QVERIFY(csv.contains("case4_day2_slice_0005,"));
        QVERIFY2(!csv.contains("case4_day2_slice_0002"), qPrintable(csv));
        QVERIFY(!csv.contains("case4_day2_slice_0004"));
        // Read back, the blank slices are unlabelled (unknown), the others labelled.
        const auto back = importLabels(tmp("blank.csv"), index);
        QCOMPARE(back.labelled.at(day.key).organsOn(1), std::uint8_t(0));
        QCOMPARE(back.labelled.at(day.key).organsOn(3), std::uint8_t(0));
        QCOMPARE(back.labelled.at(day.key).organsOn(4), std::uint8_t(0x7));
    }
    void workspaceAloneExportsTheCorrections() {
        // A day labelled only in the window (no labels file): the workspace's corrections export.
        REQUIRE_SHARED_DATA(shared);
        const CaseDayKey day{35, 12};
        EditRegion square = EditRegion::box(10, 20, 5, 12, 9, 2);
        std::fill(square.mask.begin(), square.mask.end(), 1);
        {
            ReviewDocument document(testsupport::realDatasetIndex(shared));
            document.openWorkspace(tmp("alone.sqlite"));
            QVERIFY(document.session(day).apply(Organ::SmallBowel, square, EditMode::Add, "lasso"));
        }
        ReviewDocument reopened(testsupport::realDatasetIndex(shared));
        reopened.openWorkspace(tmp("alone.sqlite"));
        QVERIFY(reopened.hasLabels());
        ExportOptions options;
        reopened.exportLabels(tmp("alone.csv"), options);
        auto back = importLabels(tmp("alone.csv"), reopened.index());
        QCOMPARE(back.volumes.at(day).count(Organ::SmallBowel), size_t(12 * 9 * 2));
        QCOMPARE(back.volumes.at(day).countOnSlice(5, Organ::SmallBowel), size_t(12 * 9));
    }
    void damagedNiftiIsAnErrorNamingTheFile_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated gzip") << "truncate-gzip" << "gzip stream is damaged";
        QTest::newRow("body shorter than the header") << "short-body" << "shorter than its header says";
        QTest::newRow("datatype against bitpix") << "datatype-bitpix" << "does not match bitpix";
        QTest::newRow("float datatype") << "float" << "cannot hold the organ bitmask";
        QTest::newRow("not NIfTI") << "garbage" << "not a NIfTI-1 file";
        QTest::newRow("header cut") << "short-header" << "header is truncated";
        QTest::newRow("huge dimensions") << "huge" << "larger than GI Review reads";
    }
    void damagedNiftiIsAnErrorNamingTheFile() {
        // ITK fills what is missing with zeros: each of these would have become "organ absent".
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        VolumeGeometry g;
        g.width = 20, g.height = 16, g.depth = 6, g.spacingX = g.spacingY = 1.5;
        LabelVolume labels({4, 2}, g);
        for (int x = 2; x < 12; ++x) labels.set(x, 5, 3, Organ::Stomach, true);
        const std::string file = tmp("damaged_" + damage.toStdString() + ".nii.gz");
        writeLabelNifti(file, labels);
        // The file's decompressed bytes, changed as the row says, written back compressed.
        std::vector<std::uint8_t> bytes;
        {
            gzFile in = gzopen(file.c_str(), "rb");
            std::uint8_t chunk[4096];
            for (int n; (n = gzread(in, chunk, sizeof chunk)) > 0;) bytes.insert(bytes.end(), chunk, chunk + n);
            gzclose(in);
        }
        auto setShort = [&bytes](size_t offset, std::int16_t value) { std::memcpy(bytes.data() + offset, &value, 2); };
        auto rewrite = [&] {
            gzFile out = gzopen(file.c_str(), "wb");
            gzwrite(out, bytes.data(), unsigned(bytes.size()));
            gzclose(out);
        };
        if (damage == "truncate-gzip") {
            QFile::resize(QString::fromStdString(file), QFileInfo(QString::fromStdString(file)).size() / 2);
        } else {
            if (damage == "short-body") bytes.resize(bytes.size() - 100);
            if (damage == "datatype-bitpix") setShort(70, 512); // uint16, but bitpix says 8
            if (damage == "float") {
                setShort(70, 16), setShort(72, 32);
                bytes.resize(bytes.size() + g.voxelCount() * 3, 0);
            }
            if (damage == "garbage") std::fill(bytes.begin(), bytes.begin() + 4, std::uint8_t('x'));
            if (damage == "short-header") bytes.resize(200);
            if (damage == "huge") setShort(42, 32767), setShort(44, 32767), setShort(46, 32767);
            rewrite();
        }
        try {
            readLabelNifti(file, {4, 2}, g);
            QFAIL("a damaged NIfTI was accepted");
        } catch (const DataError& error) {
            QVERIFY2(QString(error.what()).contains(expected), error.what());
            QVERIFY2(QString(error.what()).contains(QString::fromStdString(file)), error.what());
        }
    }
    void emptyNiftiFolderIsNotBackground() {
        REQUIRE_SHARED_DATA(shared);
        QDir().mkpath(QString::fromStdString(tmp("empty_nifti")));
        try {
            importLabels(tmp("empty_nifti"), testsupport::realDatasetIndex(shared));
            QFAIL("an empty folder was imported");
        } catch (const IoError& error) {
            QVERIFY2(QString(error.what()).contains("no caseN_dayM.nii.gz"), error.what());
        }
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
    // A DICOM day's own placement (an oblique series off the origin) goes into the NIfTI header
    // and is checked on the way back: a label volume never lands on another placement unnoticed.
    void niftiKeepsADaysOriginAndDirection() {
        VolumeGeometry g = testsupport::smallGrid(12, 10, 5);
        g.spacingX = g.spacingY = 0.9, g.spacingZ = 2.5;
        g.origin = {-120.5, 88.25, 41.0};
        const double c = std::cos(0.3), s = std::sin(0.3); // rotated 0.3 rad about the LPS z axis, slices to the feet
        g.direction = {c, -s, 0, s, c, 0, 0, 0, -1};
        LabelVolume labels({3, 2}, g);
        labels.set(4, 5, 2, Organ::Stomach, true);
        writeLabelNifti(tmp("oblique.nii.gz"), labels);
        QVERIFY(readLabelNifti(tmp("oblique.nii.gz"), {3, 2}, g) == labels);
        // The voxel's LPS position follows origin + direction * spacing * index.
        const auto p = g.indexToLps(4, 5, 2);
        QVERIFY(std::abs(p[0] - (-120.5 + c * 3.6 - s * 4.5)) < 1e-9);
        QVERIFY(std::abs(p[1] - (88.25 + s * 3.6 + c * 4.5)) < 1e-9);
        QVERIFY(std::abs(p[2] - (41.0 - 5.0)) < 1e-9);
        VolumeGeometry kaggle = g;
        kaggle.direction = VolumeGeometry{}.direction;
        try {
            readLabelNifti(tmp("oblique.nii.gz"), {3, 2}, kaggle);
            QFAIL("expected GeometryError");
        } catch (const GeometryError& error) {
            QVERIFY2(QString(error.what()).contains("orientation differs"), error.what());
        }
        VolumeGeometry moved = g;
        moved.origin[1] += 5;
        QVERIFY_THROWS_EXCEPTION(GeometryError, readLabelNifti(tmp("oblique.nii.gz"), {3, 2}, moved));
        QVERIFY(g.samePlacement(g) && !g.samePlacement(moved) && !g.samePlacement(kaggle) && g.sameGrid(kaggle));
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
