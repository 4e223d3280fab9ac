// DICOM MR (and CT) series as case-days, against an independent reader: series written with
// pydicom from a phantom day (axial, reversed file order, oblique, a gap, several series and a
// localizer, two fractions on one date, compressed copies made by DCMTK and GDCM's tools) and
// real files (../shared/data/dicom, pydicom's and nibabel's test files). Geometry must equal
// pydicom's computation (tests/dicom/reference_geometry.py) to 1e-4 mm and every stored value
// pydicom's decode; every bad input is a problem naming its file.
#include "DicomTestSupport.h"
#include "TestSupport.h"
#include "io/CaseDayRegistry.h"
#include "io/DatasetIndex.h"
#include "io/DicomIndex.h"
#include "io/ScanVolumeLoader.h"
#include "phantom/Phantom.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <nlohmann/json.hpp>

using namespace gireview;

namespace {

using dicomtest::kPython;
using dicomtest::kScripts;
using dicomtest::problemsText;
using dicomtest::run;
constexpr int kSlices = 20;

struct Reference {
    nlohmann::json series; // by series UID
    std::vector<std::int32_t> pixels(const std::string& uid) const {
        if (!series.contains(uid)) return {};
        std::ifstream in(series[uid]["raw"].get<std::string>(), std::ios::binary);
        std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
        std::vector<std::int32_t> values(bytes.size() / 4);
        std::memcpy(values.data(), bytes.data(), values.size() * 4);
        return values;
    }
};

} // namespace

class TestDicom : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString raw_;
    int width_ = 0, height_ = 0;

    QString writeSeries(const QString& out, QStringList extra) {
        QStringList arguments{kScripts + "/write_series.py",
                              "--raw",
                              raw_,
                              "--size",
                              QString::number(width_),
                              QString::number(height_),
                              QString::number(kSlices),
                              "--out",
                              out};
        arguments += extra;
        return run(kPython, arguments);
    }
    Reference reference(const QString& dir) {
        const QString out = tmp_.filePath(QDir(dir).dirName() + "-reference.json");
        const QString error = run(kPython, {kScripts + "/reference_geometry.py", dir, out});
        Reference reference;
        reference.series = nlohmann::json::object(); // compare() fails on a series it lacks
        if (!error.isEmpty()) {
            qWarning("%s", qPrintable(error));
            return reference;
        }
        std::ifstream in(out.toStdString());
        reference.series = nlohmann::json::parse(in);
        return reference;
    }
    // The day's geometry equals pydicom's to 1e-4 mm and its voxels pydicom's stored values.
    void compare(const DayEntry& day, const Reference& reference, const std::string& uid,
                 bool pixels = true) {
        QVERIFY2(reference.series.contains(uid), uid.c_str());
        const auto& expected = reference.series[uid];
        const VolumeGeometry& g = day.geometry;
        QCOMPARE(g.width, expected["width"].get<int>());
        QCOMPARE(g.height, expected["height"].get<int>());
        QCOMPARE(int(day.slices.size()), expected["slices"].get<int>());
        QVERIFY(std::fabs(g.spacingX - expected["spacing_xyz_mm"][0].get<double>()) < 1e-4);
        QVERIFY(std::fabs(g.spacingY - expected["spacing_xyz_mm"][1].get<double>()) < 1e-4);
        if (!expected["spacing_xyz_mm"][2].is_null())
            QVERIFY2(std::fabs(g.spacingZ - expected["spacing_xyz_mm"][2].get<double>()) < 1e-4,
                     qPrintable(QString::number(g.spacingZ)));
        for (size_t i = 0; i < 3; ++i)
            QVERIFY2(std::fabs(g.origin[i] - expected["origin_mm"][i].get<double>()) < 1e-4,
                     qPrintable(QString("origin %1: %2").arg(i).arg(g.origin[i])));
        for (size_t i = 0; i < 9; ++i)
            QVERIFY2(std::fabs(g.direction[i] - expected["direction"][i].get<double>()) < 1e-4,
                     qPrintable(QString("direction %1: %2").arg(i).arg(g.direction[i])));
        if (!pixels) return;
        const ScanVolume volume = loadScanVolume(day);
        const auto values = reference.pixels(uid);
        QCOMPARE(values.size(), size_t(g.width) * size_t(g.height) * day.slices.size());
        QVERIFY(!values.empty());
        const bool isSigned = expected["signed"].get<bool>();
        const size_t sliceSize = g.sliceSize();
        for (size_t s = 0; s < day.slices.size(); ++s) {
            const std::uint16_t* voxels = volume.slice(day.slices[s].slice - 1);
            for (size_t i = 0; i < sliceSize; ++i) {
                const std::int32_t stored =
                    isSigned ? std::int32_t(voxels[i]) - 32768 : std::int32_t(voxels[i]);
                if (stored != values[s * sliceSize + i])
                    QFAIL(qPrintable(QString("slice %1 pixel %2: %3, pydicom %4")
                                         .arg(s)
                                         .arg(i)
                                         .arg(stored)
                                         .arg(values[s * sliceSize + i])));
            }
        }
        // Intensities: pydicom's stored value * slope + intercept.
        const double slope = expected["slope"].get<double>(),
                     intercept = expected["intercept"].get<double>();
        QCOMPARE(volume.intensity(1, 2, day.slices[0].slice - 1),
                 values[size_t(2 * g.width + 1)] * slope + intercept);
    }
    // The one case-day of an index; a test that finds none or several stops there.
    static const DayEntry& onlyDay(const DatasetIndex& index) {
        if (index.dayCount() != 1) {
            QString text = QString("expected one case-day, found %1\n").arg(index.dayCount());
            for (const auto& problem : index.problems)
                text += QString::fromStdString(formatProblem(problem)) + "\n";
            throw std::runtime_error(text.toStdString());
        }
        return *index.days().at(0);
    }
    static bool mentions(const std::vector<Problem>& problems, const QString& file,
                         const QString& words) {
        for (const auto& problem : problems)
            if (QString::fromStdString(problem.location).contains(file) &&
                QString::fromStdString(problem.message).contains(words))
                return true;
        return false;
    }

private slots:
    void initTestCase() {
        if (!dicomtest::pythonHas("pydicom, numpy"))
            QSKIP("Debian's python3-pydicom and python3-numpy are needed (packaging/deps.txt, role "
                  "test)");
        QVERIFY(tmp_.isValid());
        raw_ = tmp_.filePath("phantom.u16");
        dicomtest::writePhantomDayRaw(raw_, width_, height_);
    }

    void axialSeriesEqualsPydicom() {
        const QString dir = tmp_.filePath("axial");
        QCOMPARE(
            writeSeries(dir, {"--names", "nested", "--series-uid", "1.2.826.0.1.3680043.8.498.1"}),
            QString());
        const DatasetIndex index = scanDataset(dir.toStdString());
        QVERIFY(index.isDicom());
        QVERIFY2(!hasErrors(index.problems), qPrintable(problemsText(index.problems)));
        const DayEntry& day = onlyDay(index);
        QVERIFY(day.dicom);
        QCOMPARE(day.dicom->modality, std::string("MR"));
        QCOMPARE(day.dicom->bitsStored, 12);
        QCOMPARE(day.geometry.depth, kSlices);
        QCOMPARE(day.geometry.spacingZ, 3.0); // from the positions, not Slice Thickness (5)
        compare(day, reference(dir), "1.2.826.0.1.3680043.8.498.1");
    }

    void infoJsonGivesIdentityAndGeometry() {
        const QString dir = tmp_.filePath("axial");
        QVERIFY(QDir(dir).exists());
        const QString json = tmp_.filePath("info.json");
        QCOMPARE(run(QStringLiteral(GIREVIEW_CLI), {"info", dir, "--json", json}), QString());
        std::ifstream in(json.toStdString());
        const auto info = nlohmann::json::parse(in);
        const auto& day = info["per_day"][0];
        const auto expected = reference(dir).series["1.2.826.0.1.3680043.8.498.1"];
        QCOMPARE(day["patient_id"].get<std::string>(), std::string("GI-0001"));
        QCOMPARE(day["study_date"].get<std::string>(), std::string("20260105"));
        QCOMPARE(day["series_uid"].get<std::string>(), std::string("1.2.826.0.1.3680043.8.498.1"));
        QCOMPARE(day["series_description"].get<std::string>(), std::string("T2 TRUFI axial"));
        QCOMPARE(day["modality"].get<std::string>(), std::string("MR"));
        QCOMPARE(day["case_day"].get<std::string>(), std::string("case1_day0"));
        QCOMPARE(day["width"].get<int>(), width_);
        QCOMPARE(day["height"].get<int>(), height_);
        QCOMPARE(day["slices"].get<int>(), kSlices);
        for (size_t i = 0; i < 3; ++i) {
            QVERIFY(std::fabs(day["origin_mm"][i].get<double>() -
                              expected["origin_mm"][i].get<double>()) < 1e-4);
            QVERIFY(std::fabs(day["spacing_xyz_mm"][i].get<double>() -
                              expected["spacing_xyz_mm"][i].get<double>()) < 1e-4);
        }
        for (size_t i = 0; i < 9; ++i)
            QVERIFY(std::fabs(day["direction"][i].get<double>() -
                              expected["direction"][i].get<double>()) < 1e-4);
        // The numbering was kept beside the workspace (the dataset folder is writable).
        QVERIFY(QFile::exists(dir + "/gireview-workspace.sqlite.case-days.json"));
    }

    void kaggleInfoJsonHasTheSameKeys() {
        const QString root = tmp_.filePath("kaggle");
        QCOMPARE(run(QStringLiteral(GIREVIEW_CLI),
                     {"phantom", "--out", root, "--cases", "1", "--days", "1"}),
                 QString());
        const QString json = tmp_.filePath("kaggle-info.json");
        QCOMPARE(run(QStringLiteral(GIREVIEW_CLI), {"info", root, "--json", json}), QString());
        std::ifstream in(json.toStdString());
        const auto day = nlohmann::json::parse(in)["per_day"][0];
        for (const char* key :
             {"patient_id", "study_date", "series_uid", "series_description", "modality", "width",
              "height", "slices", "spacing_xyz_mm", "origin_mm", "direction"})
            QVERIFY2(day.contains(key), key);
        QCOMPARE(day["origin_mm"], nlohmann::json({0.0, 0.0, 0.0}));
        QCOMPARE(day["direction"], nlohmann::json({1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, -1.0}));
        QCOMPARE(day["spacing_xyz_mm"][2].get<double>(), 3.0);
    }

    void reversedFileOrderGivesTheSameVolume() {
        const QString dir = tmp_.filePath("reversed");
        QCOMPARE(writeSeries(dir, {"--reverse", "--names", "numbered", "--series-uid",
                                   "1.2.826.0.1.3680043.8.498.2"}),
                 QString());
        const DatasetIndex index = scanDataset(dir.toStdString());
        const DayEntry& day = onlyDay(index);
        compare(day, reference(dir), "1.2.826.0.1.3680043.8.498.2");
        if (QTest::currentTestFailed()) return;
        // Slice 1 is the most superior, whatever the files' numbers say.
        QVERIFY(day.geometry.direction[8] < 0);
    }

    void obliqueSeriesKeepsItsPlacement() {
        const QString dir = tmp_.filePath("oblique");
        QCOMPARE(writeSeries(dir, {"--rotate", "x:15", "y:15", "--series-uid",
                                   "1.2.826.0.1.3680043.8.498.3"}),
                 QString());
        const DatasetIndex index = scanDataset(dir.toStdString());
        QVERIFY2(!hasErrors(index.problems), qPrintable(problemsText(index.problems)));
        const DayEntry& day = onlyDay(index);
        compare(day, reference(dir), "1.2.826.0.1.3680043.8.498.3");
        if (QTest::currentTestFailed()) return;
        QVERIFY2(day.dicom->obliquityDegrees > 15 && day.dicom->obliquityDegrees < 25,
                 qPrintable(QString::number(day.dicom->obliquityDegrees)));
        const double row[3] = {day.geometry.direction[0], day.geometry.direction[3],
                               day.geometry.direction[6]};
        QCOMPARE(nearestPatientDirection(row), 'L');
    }

    void missingSliceIsAGapShownBlank() {
        const QString dir = tmp_.filePath("gap");
        QCOMPARE(writeSeries(dir, {"--drop", "7", "--names", "numbered"}), QString());
        const DatasetIndex index = scanDataset(dir.toStdString());
        const DayEntry& day = onlyDay(index);
        QVERIFY(day.usable);
        QCOMPARE(day.geometry.depth, kSlices);
        QCOMPARE(int(day.slices.size()), kSlices - 1);
        QCOMPARE(day.unusableSlices().size(), size_t(1));
        // Named with the files on both sides of the gap.
        QVERIFY2(
            mentions(index.problems, "IM00007.dcm", "1 slice position(s) missing between it and") &&
                mentions(index.problems, "", "IM00009.dcm"),
            qPrintable(problemsText(index.problems)));
        const ScanVolume volume = loadScanVolume(day);
        QCOMPARE(volume.unusableSlices().size(), size_t(1));
        QCOMPARE(day.geometry.spacingZ, 3.0);
    }

    void studyChoosesItsLongestSeriesAndListsTheOthers() {
        const QString dir = tmp_.filePath("study");
        const QStringList study{"--study-uid", "1.2.826.0.1.3680043.8.498.10"};
        QCOMPARE(writeSeries(dir + "/a",
                             study + QStringList{"--series-uid", "1.2.826.0.1.3680043.8.498.11"}),
                 QString());
        QCOMPARE(writeSeries(dir + "/b",
                             study + QStringList{"--series-uid", "1.2.826.0.1.3680043.8.498.12",
                                                 "--slices", "8", "--description", "T1 VIBE"}),
                 QString());
        QCOMPARE(
            writeSeries(dir + "/c",
                        study + QStringList{"--series-uid", "1.2.826.0.1.3680043.8.498.13",
                                            "--slices", "3", "--image-type",
                                            "ORIGINAL\\PRIMARY\\LOCALIZER", "--rotate", "x:90"}),
            QString());
        const DatasetIndex index = scanDataset(dir.toStdString());
        const DayEntry& day = onlyDay(index);
        QCOMPARE(day.dicom->identity.seriesUid, std::string("1.2.826.0.1.3680043.8.498.11"));
        QCOMPARE(index.dicomSeries.size(), size_t(3));
        for (const auto& series : index.dicomSeries) {
            if (series.seriesUid == "1.2.826.0.1.3680043.8.498.13")
                QCOMPARE(series.whyNot, std::string("localizer"));
            if (series.seriesUid == "1.2.826.0.1.3680043.8.498.12") QVERIFY(!series.chosen);
        }
        // The reviewer may take another series of the study.
        ScanOptions options;
        options.preferredSeries = {"1.2.826.0.1.3680043.8.498.12"};
        const DatasetIndex picked = scanDataset(dir.toStdString(), options);
        QCOMPARE(onlyDay(picked).dicom->identity.seriesUid,
                 std::string("1.2.826.0.1.3680043.8.498.12"));
        QCOMPARE(onlyDay(picked).geometry.depth, 8);
    }

    void fractionsAreNumberedOnceAndKept() {
        const QString dir = tmp_.filePath("fractions");
        QCOMPARE(
            writeSeries(dir + "/f1", {"--slices", "4", "--date", "20260105", "--time", "081500"}),
            QString());
        QCOMPARE(
            writeSeries(dir + "/f2", {"--slices", "4", "--date", "20260105", "--time", "141500"}),
            QString());
        QCOMPARE(
            writeSeries(dir + "/f3", {"--slices", "4", "--date", "20260108", "--time", "090000"}),
            QString());
        QCOMPARE(writeSeries(dir + "/other",
                             {"--slices", "4", "--patient", "GI-0002", "--date", "20260110"}),
                 QString());
        ScanOptions options;
        options.caseDayRegistry = tmp_.filePath("fractions.case-days.json").toStdString();
        const DatasetIndex first = scanDataset(dir.toStdString(), options);
        QCOMPARE(first.dayCount(), size_t(4));
        std::map<std::string, std::string> byTime;
        for (const auto* day : first.days())
            byTime[day->dicom->identity.patientId + " " + day->dicom->identity.studyDate +
                   day->dicom->identity.studyTime] = formatCaseDayName(day->key);
        QCOMPARE(byTime["GI-0001 20260105081500"], std::string("case1_day0"));
        QCOMPARE(byTime["GI-0001 20260105141500"],
                 std::string("case1_day1")); // same date: the next unused number
        QCOMPARE(byTime["GI-0001 20260108090000"], std::string("case1_day3"));
        QCOMPARE(byTime["GI-0002 20260110083000"], std::string("case2_day0"));
        // An earlier study added later takes a number above the others; none moves.
        QCOMPARE(
            writeSeries(dir + "/f0", {"--slices", "4", "--date", "20260101", "--time", "080000"}),
            QString());
        const DatasetIndex second = scanDataset(dir.toStdString(), options);
        QCOMPARE(second.dayCount(), size_t(5));
        for (const auto* day : second.days()) {
            const auto& id = day->dicom->identity;
            const std::string when = id.patientId + " " + id.studyDate + id.studyTime;
            if (byTime.count(when))
                QCOMPARE(formatCaseDayName(day->key), byTime[when]);
            else
                QCOMPARE(formatCaseDayName(day->key), std::string("case1_day4"));
        }
    }

    void compressedCopiesDecodeExactly_data() {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("syntax");
        QTest::newRow("JPEG lossless (dcmcjpeg)")
            << "dcmcjpeg" << QStringList{} << "1.2.840.10008.1.2.4.70";
        QTest::newRow("JPEG-LS (dcmcjpls)")
            << "dcmcjpls" << QStringList{} << "1.2.840.10008.1.2.4.80";
        QTest::newRow("JPEG 2000 (gdcmconv --j2k)")
            << "gdcmconv" << QStringList{"--j2k"} << "1.2.840.10008.1.2.4.90";
        QTest::newRow("RLE (dcmcrle)") << "dcmcrle" << QStringList{} << "1.2.840.10008.1.2.5";
        QTest::newRow("implicit VR") << "" << QStringList{} << "1.2.840.10008.1.2";
    }
    void compressedCopiesDecodeExactly() {
        QFETCH(QString, program);
        QFETCH(QStringList, options);
        QFETCH(QString, syntax);
        const QString original = tmp_.filePath("original-" + syntax);
        const std::string uid =
            "1.2.826.0.1.3680043.8.498.2" + syntax.section('.', -1).toStdString();
        QCOMPARE(writeSeries(original, {"--names", "numbered", "--slices", "6", "--series-uid",
                                        QString::fromStdString(uid),
                                        program.isEmpty() ? "--implicit" : "--names",
                                        program.isEmpty() ? "--signed" : "numbered", "--modality",
                                        program.isEmpty() ? "CT" : "MR"}),
                 QString());
        const Reference expected = reference(original);
        QString dir = original;
        if (!program.isEmpty()) {
            if (QStandardPaths::findExecutable(program).isEmpty())
                QSKIP(qPrintable(program + " is not installed (dcmtk, libgdcm-tools)"));
            dir = tmp_.filePath("compressed-" + syntax);
            QDir().mkpath(dir);
            for (const QString& name : QDir(original).entryList(QDir::Files))
                QCOMPARE(
                    run(program, options + QStringList{original + "/" + name, dir + "/" + name}),
                    QString());
        }
        const DatasetIndex index = scanDataset(dir.toStdString());
        QVERIFY2(!hasErrors(index.problems), qPrintable(problemsText(index.problems)));
        const DayEntry& day = onlyDay(index);
        QCOMPARE(QString::fromStdString(day.dicom->transferSyntax), syntax);
        compare(day, expected, uid);
    }

    void realFilesEqualPydicom_data() {
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<bool>("pixels");
        const QString shared = testsupport::sharedDataDir();
        if (!shared.isEmpty()) {
            QTest::newRow("rt-utils phantom CT (GE)")
                << QStringList{shared + "/dicom/rt-utils-phantom-ct/ct_1.dcm",
                               shared + "/dicom/rt-utils-phantom-ct/ct_2.dcm",
                               shared + "/dicom/rt-utils-phantom-ct/rt.dcm"}
                << true;
            QTest::newRow("dcmqi liver CT, implicit VR")
                << QStringList{shared + "/dicom/dcmqi-liver-seg/ct-3slice/01.dcm",
                               shared + "/dicom/dcmqi-liver-seg/ct-3slice/02.dcm",
                               shared + "/dicom/dcmqi-liver-seg/ct-3slice/03.dcm",
                               shared + "/dicom/dcmqi-liver-seg/liver.dcm"}
                << true;
        }
        const QString pydicomFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files/";
        const QString nibabelFiles = "/usr/lib/python3/dist-packages/nibabel/nicom/tests/data/";
        QTest::newRow("pydicom MR_small") << QStringList{pydicomFiles + "MR_small.dcm"} << true;
        QTest::newRow("pydicom CT_small") << QStringList{pydicomFiles + "CT_small.dcm"} << true;
        QTest::newRow("nibabel Siemens MR 0.dcm 1.dcm")
            << QStringList{nibabelFiles + "0.dcm", nibabelFiles + "1.dcm"} << true;
        QTest::newRow("nibabel decimal_rescale")
            << QStringList{nibabelFiles + "decimal_rescale.dcm"} << true;
        QTest::newRow("nibabel philips_mprage (enhanced, 176 frames)")
            << QStringList{nibabelFiles + "philips_mprage.dcm.gz"} << true;
    }
    void realFilesEqualPydicom() {
        QFETCH(QStringList, files);
        QFETCH(bool, pixels);
        const QString dir = tmp_.filePath("real-" + QString::number(qHash(files.join(','))));
        QDir().mkpath(dir);
        for (const QString& file : files) {
            if (!QFile::exists(file))
                QSKIP(qPrintable(file +
                                 " is absent (python3-pydicom, python3-nibabel or ../shared)"));
            if (file.endsWith(".gz")) {
                QProcess gunzip;
                gunzip.setStandardOutputFile(dir + "/" + QFileInfo(file).completeBaseName());
                gunzip.start("gzip", {"-dc", file});
                QVERIFY(gunzip.waitForFinished(60000) && gunzip.exitCode() == 0);
            } else {
                QVERIFY(QFile::copy(file, dir + "/" + QFileInfo(file).fileName()));
            }
        }
        const DatasetIndex index = scanDataset(dir.toStdString());
        QVERIFY2(!hasErrors(index.problems), qPrintable(problemsText(index.problems)));
        const DayEntry& day = onlyDay(index);
        const Reference expected = reference(dir);
        compare(day, expected, day.dicom->identity.seriesUid, pixels);
        if (QTest::currentTestFailed()) return;
        if (files.first().contains("decimal_rescale")) {
            QCOMPARE(day.dicom->rescale.slope, 2.0);
            const ScanVolume volume = loadScanVolume(day);
            const auto values = expected.pixels(day.dicom->identity.seriesUid);
            QCOMPARE(volume.intensity(3, 4, 0),
                     values[size_t(4 * day.geometry.width + 3)] * 2.0 - 4096.0);
        }
    }

    void pydicomCompressedMrSmallEqualsUncompressed_data() {
        QTest::addColumn<QString>("file");
        for (const char* name : {"MR_small_RLE.dcm", "MR_small_jp2klossless.dcm",
                                 "MR_small_jpeg_ls_lossless.dcm", "MR_small_implicit.dcm"})
            QTest::newRow(name) << QString(
                                       "/usr/lib/python3/dist-packages/pydicom/data/test_files/") +
                                       name;
    }
    void pydicomCompressedMrSmallEqualsUncompressed() {
        QFETCH(QString, file);
        const QString plain = "/usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small.dcm";
        if (!QFile::exists(file) || !QFile::exists(plain))
            QSKIP("python3-pydicom's test files are absent");
        const QString plainDir = tmp_.filePath("mr-small"),
                      dir = tmp_.filePath("mr-small-" + QFileInfo(file).baseName());
        QDir().mkpath(plainDir);
        QDir().mkpath(dir);
        QFile::copy(plain, plainDir + "/MR_small.dcm");
        QVERIFY(QFile::copy(file, dir + "/image"));
        const DatasetIndex expected = scanDataset(plainDir.toStdString()),
                           index = scanDataset(dir.toStdString());
        QVERIFY2(!hasErrors(index.problems), qPrintable(problemsText(index.problems)));
        const ScanVolume a = loadScanVolume(onlyDay(expected)), b = loadScanVolume(onlyDay(index));
        QVERIFY(b.allSlicesUsable());
        QVERIFY(std::equal(a.data(), a.data() + a.geometry().voxelCount(), b.data()));
        compare(onlyDay(index), reference(plainDir), onlyDay(expected).dicom->identity.seriesUid);
    }

    // export --format nifti of a DICOM day: nibabel (an independent reader) finds the series'
    // placement (pydicom's geometry, LPS turned to NIfTI's RAS) and its intensities (pydicom's
    // stored values through the rescale), and the labels on the same grid.
    void niftiExportCarriesPlacementAndIntensities() {
        const QString dir = tmp_.filePath("nifti-ct");
        QCOMPARE(
            writeSeries(dir, {"--slices", "6", "--rotate", "x:15", "y:15", "--signed", "--modality",
                              "CT", "--implicit", "--origin", "-120.5", "30.25", "-40"}),
            QString());
        const Reference expected = reference(dir);
        QCOMPARE(int(expected.series.size()), 1);
        const std::string uid = expected.series.begin().key();
        const QString labels = tmp_.filePath("nifti-labels.csv");
        {
            QFile csv(labels);
            QVERIFY(csv.open(QIODevice::WriteOnly));
            csv.write("id,class,segmentation\ncase1_day0_slice_0003,stomach,5000 40 5266 40\n");
        }
        const QString out = tmp_.filePath("nifti-out");
        QCOMPARE(
            run(QStringLiteral(GIREVIEW_CLI), {"export", "--data", dir, "--labels", labels,
                                               "--format", "nifti", "--out", out, "--nifti-image"}),
            QString());
        const QString check = tmp_.filePath("nifti-check.json");
        const QString script =
            "import json, sys, nibabel as nib, numpy as np\n"
            "img = nib.load(sys.argv[1]); lab = nib.load(sys.argv[2])\n"
            "data = np.asarray(img.dataobj); mask = np.asarray(lab.dataobj)\n"
            "json.dump({'affine': img.affine.tolist(), 'label_affine': lab.affine.tolist(), "
            "'shape': list(data.shape),\n"
            "           'dtype': str(data.dtype), 'values': data[:, :, 0].T.reshape(-1).tolist(),\n"
            "           'mask_voxels': int((mask > 0).sum()), 'mask_slices': "
            "sorted(set(np.nonzero(mask)[2].tolist()))},\n"
            "          open(sys.argv[3], 'w'))\n";
        QCOMPARE(run(kPython, {"-c", script, out + "/case1_day0_image.nii.gz",
                               out + "/case1_day0.nii.gz", check}),
                 QString());
        std::ifstream in(check.toStdString());
        const auto nifti = nlohmann::json::parse(in);
        const auto& series = expected.series[uid];
        // RAS affine from pydicom's LPS geometry: negate the first two rows.
        for (int row = 0; row < 3; ++row) {
            const double sign = row < 2 ? -1.0 : 1.0;
            for (int column = 0; column < 3; ++column) {
                const double want = sign *
                                    series["direction"][size_t(row * 3 + column)].get<double>() *
                                    series["spacing_xyz_mm"][size_t(column)].get<double>();
                QVERIFY2(std::fabs(nifti["affine"][size_t(row)][size_t(column)].get<double>() -
                                   want) < 1e-3,
                         qPrintable(QString("affine %1,%2").arg(row).arg(column)));
                QVERIFY(std::fabs(nifti["label_affine"][size_t(row)][size_t(column)].get<double>() -
                                  want) < 1e-3);
            }
            QVERIFY2(std::fabs(nifti["affine"][size_t(row)][3].get<double>() -
                               sign * series["origin_mm"][size_t(row)].get<double>()) < 1e-3,
                     qPrintable(QString("origin %1").arg(row)));
        }
        QCOMPARE(nifti["dtype"].get<std::string>(), std::string("int16"));
        const auto values = expected.pixels(uid);
        const size_t sliceSize =
            size_t(series["width"].get<int>()) * size_t(series["height"].get<int>());
        QCOMPARE(nifti["values"].size(), sliceSize);
        for (size_t i = 0; i < sliceSize; i += 97)
            QCOMPARE(nifti["values"][i].get<double>(),
                     values[i] * series["slope"].get<double>() + series["intercept"].get<double>());
        QCOMPARE(nifti["mask_voxels"].get<int>(), 80);
        QCOMPARE(nifti["mask_slices"], nlohmann::json({2}));
    }

    // A folder as a CD or PACS export writes it, with a DICOMDIR (made by DCMTK's dcmmkdir): the
    // directory file is not an image and is neither a series nor a problem.
    void folderWithDicomdirOpens() {
        if (QStandardPaths::findExecutable("dcmmkdir").isEmpty())
            QSKIP("dcmmkdir is not installed (dcmtk)");
        const QString dir = tmp_.filePath("cd");
        QCOMPARE(writeSeries(dir + "/SERIES1", {"--slices", "5", "--names", "plain"}), QString());
        QProcess dcmmkdir;
        dcmmkdir.setWorkingDirectory(dir);
        dcmmkdir.start("dcmmkdir", {"+r", "+id", ".", "+D", "DICOMDIR"});
        QVERIFY(dcmmkdir.waitForFinished(60000));
        QVERIFY2(dcmmkdir.exitCode() == 0, dcmmkdir.readAllStandardError().constData());
        QVERIFY(QFile::exists(dir + "/DICOMDIR"));
        const DatasetIndex index = scanDataset(dir.toStdString());
        QVERIFY2(index.problems.empty(), qPrintable(problemsText(index.problems)));
        QCOMPARE(index.dicomSeries.size(), size_t(1));
        QCOMPARE(onlyDay(index).geometry.depth, 5);
    }

    // The index reports its progress per file and stops when asked (the window's Cancel).
    void indexingReportsProgressAndCancels() {
        const QString dir = tmp_.filePath("axial");
        QVERIFY(QDir(dir).exists());
        ScanOptions options;
        size_t calls = 0, lastTotal = 0;
        options.onDay = [&](size_t, size_t total) {
            ++calls;
            lastTotal = total;
            return true;
        };
        QCOMPARE(scanDataset(dir.toStdString(), options).dayCount(), size_t(1));
        QVERIFY(calls >= 2);
        QCOMPARE(lastTotal, size_t(kSlices));
        options.onDay = [](size_t done, size_t) { return done < 3; };
        QVERIFY_EXCEPTION_THROWN(scanDataset(dir.toStdString(), options), ScanCancelled);
    }

    void badInputsAreNamed() {
        const QString dir = tmp_.filePath("bad");
        QCOMPARE(writeSeries(dir + "/good", {"--names", "numbered", "--slices", "6", "--series-uid",
                                             "1.2.826.0.1.3680043.8.498.40"}),
                 QString());
        // A file that is not DICOM among the slices.
        {
            QFile text(dir + "/good/IM00099.dcm");
            QVERIFY(text.open(QIODevice::WriteOnly));
            text.write("this is a report, not an image\n");
        }
        // A slice cut short in its pixel data.
        const QString cut = dir + "/good/IM00003.dcm";
        QVERIFY(QFile::resize(cut, QFileInfo(cut).size() - 20000));
        QCOMPARE(writeSeries(dir + "/nopixels",
                             {"--slices", "2", "--without-pixels", "--names", "numbered",
                              "--study-uid", "1.2.826.0.1.3680043.8.498.41"}),
                 QString());
        QCOMPARE(
            writeSeries(dir + "/nocodec",
                        {"--slices", "2", "--syntax", "1.2.826.0.1.3680043.8.498.99", "--names",
                         "numbered", "--study-uid", "1.2.826.0.1.3680043.8.498.42"}),
            QString());
        const DatasetIndex index = scanDataset(dir.toStdString());
        const QString report = problemsText(index.problems);
        QVERIFY2(mentions(index.problems, "good/IM00099.dcm", "not a DICOM file"),
                 qPrintable(report));
        QVERIFY2(mentions(index.problems, "nopixels/IM00001.dcm", "no pixel data"),
                 qPrintable(report));
        QVERIFY2(mentions(index.problems, "nocodec/IM00001.dcm",
                          "transfer syntax 1.2.826.0.1.3680043.8.498.99"),
                 qPrintable(report));
        const DayEntry* good = nullptr;
        for (const auto* day : index.days())
            if (day->dicom && day->dicom->identity.seriesUid == "1.2.826.0.1.3680043.8.498.40")
                good = day;
        QVERIFY(good);
        // The cut-short slice is named and left blank: the series around it still opens.
        QVERIFY2(mentions(index.problems, "good/IM00003.dcm", "cut short"), qPrintable(report));
        const ScanVolume volume = loadScanVolume(*good);
        QCOMPARE(volume.unusableSlices().size(), size_t(1));
        // validate names every one of them and fails.
        QProcess validate;
        validate.start(QStringLiteral(GIREVIEW_CLI), {"validate", dir});
        QVERIFY(validate.waitForFinished(120000));
        const QString out = QString::fromUtf8(validate.readAllStandardOutput());
        QCOMPARE(validate.exitCode(), 1);
        for (const char* file : {"good/IM00099.dcm", "good/IM00003.dcm", "nopixels/IM00001.dcm",
                                 "nocodec/IM00001.dcm"})
            QVERIFY2(out.contains(file), qPrintable(out));
    }

    void inconsistentSeriesAreNotOneVolume() {
        const QString dir = tmp_.filePath("uneven");
        const QStringList series{"--series-uid", "1.2.826.0.1.3680043.8.498.50",
                                 "--study-uid",  "1.2.826.0.1.3680043.8.498.51",
                                 "--names",      "numbered"};
        QCOMPARE(writeSeries(dir + "/a", series + QStringList{"--slices", "4"}), QString());
        // Same series, further on with another step: uneven spacing.
        QCOMPARE(writeSeries(dir + "/b", series + QStringList{"--slices", "2", "--origin",
                                                              "-199.25", "-180.5", "75.5"}),
                 QString());
        const DatasetIndex index = scanDataset(dir.toStdString());
        QVERIFY2(mentions(index.problems, "", "uneven spacing") ||
                     mentions(index.problems, "", "duplicate position"),
                 qPrintable(problemsText(index.problems)));
        // Rotated images in the same series: mixed orientations.
        const QString mixed = tmp_.filePath("mixed");
        QCOMPARE(writeSeries(mixed + "/a", series + QStringList{"--slices", "3"}), QString());
        QCOMPARE(writeSeries(mixed + "/b", series + QStringList{"--slices", "3", "--rotate", "z:10",
                                                                "--origin", "0", "0", "200"}),
                 QString());
        // Another image at a position the series has already: named, the first is used.
        const QString twice = tmp_.filePath("twice");
        QCOMPARE(writeSeries(twice + "/a", series + QStringList{"--slices", "4"}), QString());
        QCOMPARE(writeSeries(twice + "/b", series + QStringList{"--slices", "1", "--origin",
                                                                "-199.25", "-180.5", "65"}),
                 QString());
        const DatasetIndex twiceIndex = scanDataset(twice.toStdString());
        QVERIFY2(mentions(twiceIndex.problems, "twice/b/IM00001.dcm", "duplicate position"),
                 qPrintable(problemsText(twiceIndex.problems)));
        QCOMPARE(onlyDay(twiceIndex).geometry.depth, 4);
        // The same files twice (a folder copied into itself): each image is read once.
        QDir().mkpath(twice + "/copy");
        for (const QString& name : QDir(twice + "/a").entryList(QDir::Files))
            QFile::copy(twice + "/a/" + name, twice + "/copy/" + name);
        const DatasetIndex copied = scanDataset(twice.toStdString());
        QVERIFY2(mentions(copied.problems, "twice/copy/IM00001.dcm", "the same image"),
                 qPrintable(problemsText(copied.problems)));
        QCOMPARE(onlyDay(copied).geometry.depth, 4);
        // Images of another size in the series.
        const QString sizes = tmp_.filePath("sizes");
        QCOMPARE(writeSeries(sizes + "/a", series + QStringList{"--slices", "3"}), QString());
        const QStringList halfSize = QStringList{kScripts + "/write_series.py",
                                                 "--raw",
                                                 raw_,
                                                 "--size",
                                                 QString::number(width_ / 2),
                                                 QString::number(height_ / 2),
                                                 "2",
                                                 "--out",
                                                 sizes + "/b",
                                                 "--origin",
                                                 "0",
                                                 "0",
                                                 "200"} +
                                     series;
        QCOMPARE(run(kPython, halfSize), QString());
        const DatasetIndex sizesIndex = scanDataset(sizes.toStdString());
        QVERIFY2(mentions(sizesIndex.problems, "sizes/b/IM0000", "mixed sizes"),
                 qPrintable(problemsText(sizesIndex.problems)));
        QVERIFY(!onlyDay(sizesIndex).usable);
        const DatasetIndex mixedIndex = scanDataset(mixed.toStdString());
        QVERIFY2(mentions(mixedIndex.problems, "", "mixed orientations"),
                 qPrintable(problemsText(mixedIndex.problems)));
        QVERIFY(!onlyDay(mixedIndex).usable);
        QVERIFY_EXCEPTION_THROWN(loadScanVolume(onlyDay(mixedIndex)), DataError);
    }
};

QTEST_GUILESS_MAIN(TestDicom)
#include "test_dicom.moc"
