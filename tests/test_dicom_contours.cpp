// A clinic's structure sets (RTSTRUCT) read onto their series, against independent
// rasterisers: plastimatch (Debian's, the reference of DESIGN.md) on the real rt-utils structure
// set and on rings with holes, exact masks computed with numpy for contours on pixel edges (XOR
// and keyhole forms, corner-touching squares), and every bad input named with nothing imported:
// the MIM structure sets whose references do not resolve, another patient's, a structure set
// over another series, one cut short.
#include "DicomTestSupport.h"
#include "TestSupport.h"
#include "io/DatasetIndex.h"
#include "io/LabelExchange.h"
#include "io/NiftiIo.h"
#include "io/RtStructImport.h"
#include "phantom/Phantom.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace gireview;

using dicomtest::kPython;
using dicomtest::kScripts;
using dicomtest::problemsText;
using dicomtest::run;

class TestDicomContours : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString raw_;
    int width_ = 0, height_ = 0;

    QString writeSeries(const QString& out, QStringList extra) {
        return run(kPython, QStringList{kScripts + "/write_series.py", "--raw", raw_, "--size",
                                        QString::number(width_), QString::number(height_), "144",
                                        "--out", out, "--slices", "5"} +
                                extra);
    }
    // Plastimatch's rasterisation of `rtstruct` over `series`, compared with ours (organ `bit` of
    // `labels` written as NIfTI) by tests/dicom/compare_masks.py: the Dice.
    double diceAgainstPlastimatch(const QString& rtstruct, const QString& series,
                                  const LabelVolume& labels, Organ organ, const QString& roi,
                                  bool xor_) {
        const QString out = tmp_.filePath("plastimatch-" + QFileInfo(rtstruct).baseName());
        QStringList arguments{"convert", "--input",         rtstruct, "--referenced-ct",
                              series,    "--output-prefix", out,      "--prefix-format",
                              "nii.gz"};
        if (xor_) arguments << "--xor-contours";
        const QString error = run("plastimatch", arguments);
        if (!error.isEmpty()) {
            qWarning("%s", qPrintable(error));
            return -1;
        }
        const QString ours = tmp_.filePath("ours-" + QFileInfo(rtstruct).baseName() + ".nii.gz");
        writeLabelNifti(ours.toStdString(), labels);
        QString printed;
        if (!run(kPython,
                 {kScripts + "/compare_masks.py", ours, QString::number(organBit(organ)),
                  out + "/" + roi + ".nii.gz"},
                 &printed)
                 .isEmpty())
            return -1;
        qInfo("%s: %s", qPrintable(QFileInfo(rtstruct).fileName()), qPrintable(printed.trimmed()));
        return printed.section(' ', 1, 1).toDouble();
    }
    static bool hasPlastimatch() {
        return !QStandardPaths::findExecutable("plastimatch").isEmpty();
    }

private slots:
    void initTestCase() {
        if (!dicomtest::pythonHas("pydicom, numpy, nibabel"))
            QSKIP("Debian's python3-pydicom, python3-numpy and python3-nibabel are needed "
                  "(packaging/deps.txt, role test)");
        raw_ = tmp_.filePath("phantom.u16");
        dicomtest::writePhantomDayRaw(raw_, width_, height_);
    }

    void roiNamesMapExactlyNeverBySubstring() {
        RoiNameTable names;
        QCOMPARE(names.organFor("Bowel_Large"), std::optional<Organ>(Organ::LargeBowel));
        QCOMPARE(names.organFor("bowel large"), std::optional<Organ>(Organ::LargeBowel));
        QCOMPARE(names.organFor("Small-Intestine"), std::optional<Organ>(Organ::SmallBowel));
        QCOMPARE(names.organFor("STOMACH"), std::optional<Organ>(Organ::Stomach));
        QCOMPARE(names.organFor("Colon"), std::optional<Organ>(Organ::LargeBowel));
        for (const char* other :
             {"Stomach_PRV5", "zStomach", "Bowel", "Duodenum", "Colon_Sigmoid", "Rectum", "ROI-1"})
            QVERIFY2(!names.organFor(other), other);
        names.add("Colon_Sigmoid", Organ::LargeBowel); // the user's table
        QCOMPARE(names.organFor("colon sigmoid"), std::optional<Organ>(Organ::LargeBowel));
    }

    void realRtUtilsStructureSetAgreesWithPlastimatch() {
        REQUIRE_SHARED_DATA(shared);
        const QString dir = tmp_.filePath("rt-utils");
        QDir().mkpath(dir + "/ct");
        for (const char* name : {"ct_1.dcm", "ct_2.dcm"})
            QVERIFY(
                QFile::copy(shared + "/dicom/rt-utils-phantom-ct/" + name, dir + "/ct/" + name));
        QVERIFY(QFile::copy(shared + "/dicom/rt-utils-phantom-ct/rt.dcm", dir + "/rt.dcm"));
        const DatasetIndex index = scanDataset(dir.toStdString());
        QCOMPARE(index.dayCount(), size_t(1));
        RoiNameTable names;
        names.add("ROI-1", Organ::Stomach);
        const LabelImport imported = importRtStruct((dir + "/rt.dcm").toStdString(), index, names);
        QCOMPARE(imported.volumes.size(), size_t(1));
        const LabelVolume& labels = imported.volumes.begin()->second;
        QVERIFY(labels.count(Organ::Stomach) > 1000);
        // rt-utils wrote its own Frame of Reference; every contour names its image.
        QVERIFY2(problemsText(imported.problems).contains("Frame of Reference"),
                 qPrintable(problemsText(imported.problems)));
        if (!hasPlastimatch())
            QSKIP("plastimatch is not installed (packaging/deps.txt, role test)");
        // Two contours on one plane, one inside the other: a hole (XOR), as plastimatch reads it
        // with
        // --xor-contours (without it, it ORs them and fills the hole).
        const double dice = diceAgainstPlastimatch(dir + "/rt.dcm", dir + "/ct", labels,
                                                   Organ::Stomach, "ROI-1", true);
        QVERIFY2(dice >= 0.99, qPrintable(QString::number(dice)));
        // convert with the user's name for it; the sidecar keeps what reading the set said.
        const QString csv = tmp_.filePath("rt-utils.csv");
        QCOMPARE(run(QStringLiteral(GIREVIEW_CLI),
                     {"convert", "--data", dir + "/ct", "--in", dir + "/rt.dcm", "--out", csv,
                      "--roi-name", "ROI-1=stomach"}),
                 QString());
        const LabelImport converted =
            importLabels(csv.toStdString(), scanDataset((dir + "/ct").toStdString()));
        QCOMPARE(converted.volumes.begin()->second.count(Organ::Stomach),
                 labels.count(Organ::Stomach));
        QFile sidecar(csv + ".sidecar.json");
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(sidecar.readAll()).contains("Frame of Reference"));
        // Without a name the user mapped, the ROI is listed, not imported, and nothing is labelled.
        const LabelImport unmapped = importRtStruct((dir + "/rt.dcm").toStdString(), index);
        QVERIFY(problemsText(unmapped.problems).contains("\"ROI-1\" maps to no organ"));
        QCOMPARE(unmapped.labelled.begin()->second.pairs(), size_t(0));
    }

    void holesIslandsKeyholesAndCornersAreExact_data() {
        QTest::addColumn<QString>("shape");
        QTest::newRow("ring and island, XOR contours") << "ring-xor";
        QTest::newRow("ring as a keyhole, and island") << "ring-keyhole";
        QTest::newRow("squares touching at a corner") << "corners";
    }
    void holesIslandsKeyholesAndCornersAreExact() {
        QFETCH(QString, shape);
        const QString dir = tmp_.filePath("shape-" + shape);
        QCOMPARE(writeSeries(dir + "/series", {"--rotate", "x:15", "y:15"}), QString());
        const QString rtstruct = dir + "/rs.dcm", expectedFile = dir + "/expected.u8";
        QCOMPARE(run(kPython, {kScripts + "/write_rtstruct.py", "--series", dir + "/series",
                               "--out", rtstruct, "--expected", expectedFile, "--shape", shape,
                               "--roi", "Bowel_Small", "--slices", "1", "3"}),
                 QString());
        const DatasetIndex index = scanDataset(dir.toStdString());
        const LabelImport imported = importLabels(rtstruct.toStdString(), index);
        QCOMPARE(imported.format, LabelFormat::Dicom);
        QVERIFY2(!hasErrors(imported.problems), qPrintable(problemsText(imported.problems)));
        const LabelVolume& labels = imported.volumes.begin()->second;
        std::ifstream in(expectedFile.toStdString(), std::ios::binary);
        std::vector<char> expected((std::istreambuf_iterator<char>(in)), {});
        QCOMPARE(expected.size(), labels.geometry().voxelCount());
        size_t inside = 0;
        for (size_t i = 0; i < expected.size(); ++i) {
            const bool ours = labels.data()[i] & organBit(Organ::SmallBowel);
            if (ours != bool(expected[i]))
                QFAIL(qPrintable(QString("voxel %1: ours %2, expected %3")
                                     .arg(i)
                                     .arg(ours)
                                     .arg(int(expected[i]))));
            inside += ours;
        }
        QVERIFY(inside > 0);
        // Every slice is labelled for the small bowel (absent where no contour), nothing else.
        const LabelledSlices& labelled = imported.labelled.begin()->second;
        QVERIFY(labelled.has(0, Organ::SmallBowel) && labelled.has(4, Organ::SmallBowel));
        QVERIFY(!labelled.has(0, Organ::Stomach));
        if (shape == "corners" || !hasPlastimatch()) return;
        // plastimatch: XOR contours need --xor-contours; a keyhole is exact either way.
        const double dice =
            diceAgainstPlastimatch(rtstruct, dir + "/series", labels, Organ::SmallBowel,
                                   "Bowel_Small", shape == "ring-xor");
        QCOMPARE(dice, 1.0);
    }

    void contoursWithoutImagesArePlacedByTheirPlane() {
        const QString dir = tmp_.filePath("no-refs");
        QCOMPARE(writeSeries(dir + "/series", {}), QString());
        QCOMPARE(run(kPython, {kScripts + "/write_rtstruct.py", "--series", dir + "/series",
                               "--out", dir + "/rs.dcm", "--expected", dir + "/expected.u8",
                               "--no-refs", "--slices", "2"}),
                 QString());
        const DatasetIndex index = scanDataset(dir.toStdString());
        const LabelImport imported = importLabels((dir + "/rs.dcm").toStdString(), index);
        const LabelVolume& labels = imported.volumes.begin()->second;
        QVERIFY(labels.countOnSlice(2, Organ::Stomach) > 0);
        QCOMPARE(labels.count(Organ::Stomach), labels.countOnSlice(2, Organ::Stomach));
        // In another Frame of Reference, such contours cannot be placed: nothing is imported.
        QCOMPARE(run(kPython, {kScripts + "/write_rtstruct.py", "--series", dir + "/series",
                               "--out", dir + "/other-frame.dcm", "--no-refs",
                               "--frame-of-reference", "1.2.826.0.1.3680043.8.498.77"}),
                 QString());
        try {
            importLabels((dir + "/other-frame.dcm").toStdString(), index);
            QFAIL("a structure set in another Frame of Reference was imported");
        } catch (const DataError& error) {
            QVERIFY2(QString(error.what()).contains("1.2.826.0.1.3680043.8.498.77") &&
                         QString(error.what()).contains("nothing imported"),
                     error.what());
        }
    }

    void badStructureSetsImportNothing() {
        const QString dir = tmp_.filePath("bad");
        QCOMPARE(writeSeries(dir + "/series", {"--series-uid", "1.2.826.0.1.3680043.8.498.80"}),
                 QString());
        QCOMPARE(
            writeSeries(dir + "/other-series", {"--study-uid", "1.2.826.0.1.3680043.8.498.81"}),
            QString());
        const QString contours = tmp_.filePath("bad-contours");
        QDir().mkpath(contours);
        QCOMPARE(
            run(kPython, {kScripts + "/write_rtstruct.py", "--series", dir + "/series", "--out",
                          contours + "/other-patient.dcm", "--patient", "SOMEONE-ELSE"}),
            QString());
        QCOMPARE(run(kPython, {kScripts + "/write_rtstruct.py", "--series", dir + "/series",
                               "--out", contours + "/good.dcm"}),
                 QString());
        QVERIFY(QFile::copy(contours + "/good.dcm", contours + "/cut.dcm"));
        QVERIFY(QFile::resize(contours + "/cut.dcm", QFileInfo(contours + "/good.dcm").size() / 2));
        // The dataset without the series the structure set draws on: its images are not there.
        const DatasetIndex index = scanDataset((dir + "/series").toStdString());
        const DatasetIndex withoutIt = scanDataset((dir + "/other-series").toStdString());
        const auto refused = [](const QString& file, const DatasetIndex& on, const QString& words) {
            try {
                importLabels(file.toStdString(), on);
            } catch (const DataError& error) {
                return QString(error.what()).contains(words) &&
                       QString(error.what()).contains(QFileInfo(file).fileName());
            }
            return false;
        };
        QVERIFY(refused(contours + "/other-patient.dcm", index, "SOMEONE-ELSE"));
        QVERIFY(refused(contours + "/cut.dcm", index, "cut short"));
        QVERIFY(refused(contours + "/good.dcm", withoutIt, "not in the dataset"));
        QVERIFY(!importLabels((contours + "/good.dcm").toStdString(), index).volumes.empty());
    }

    void mimStructureSetsWithBadReferencesNameThem() {
        REQUIRE_SHARED_DATA(shared);
        const QString dir = tmp_.filePath("mim");
        QDir().mkpath(dir + "/ct");
        for (const char* name : {"ct_1.dcm", "ct_2.dcm"})
            QVERIFY(
                QFile::copy(shared + "/dicom/rt-utils-phantom-ct/" + name, dir + "/ct/" + name));
        const DatasetIndex index = scanDataset(dir.toStdString());
        for (const char* name : {"invalid_reference_rt.dcm", "non_existent_reference_rt.dcm"}) {
            const QString file = shared + "/dicom/mim-rtstruct-bad-references/" + name;
            try {
                importLabels(file.toStdString(), index);
                QFAIL(qPrintable(QString(name) + " was imported"));
            } catch (const DataError& error) {
                QVERIFY2(
                    QString(error.what())
                            .contains(
                                "2.16.840.1.114362.1.11940992.23790159890.563423471.995.90") &&
                        QString(error.what()).contains("nothing of the structure set is imported"),
                    error.what());
            }
        }
    }

    // The real dcmqi liver SEG (BINARY, 3 frames) onto its three CT slices, against pydicom's
    // frame decode; its segment "Liver" is mapped by the user's table.
    void realDcmqiSegmentationEqualsPydicom() {
        REQUIRE_SHARED_DATA(shared);
        const QString dir = tmp_.filePath("dcmqi");
        QDir().mkpath(dir + "/ct");
        for (const char* name : {"01.dcm", "02.dcm", "03.dcm"})
            QVERIFY(QFile::copy(shared + "/dicom/dcmqi-liver-seg/ct-3slice/" + name,
                                dir + "/ct/" + name));
        const QString seg = shared + "/dicom/dcmqi-liver-seg/liver.dcm";
        const DatasetIndex index = scanDataset((dir + "/ct").toStdString());
        const LabelImport unmapped = importLabels(seg.toStdString(), index);
        QVERIFY2(problemsText(unmapped.problems).contains("\"Liver\"") &&
                     problemsText(unmapped.problems).contains("maps to no organ"),
                 qPrintable(problemsText(unmapped.problems)));
        RoiNameTable names;
        names.add("Liver", Organ::Stomach);
        const LabelImport imported = importLabels(seg.toStdString(), index, names);
        const LabelVolume& labels = imported.volumes.begin()->second;
        QCOMPARE(
            run(kPython, {kScripts + "/reference_seg.py", seg, dir + "/ct", dir + "/expected.u8"}),
            QString());
        std::ifstream in((dir + "/expected.u8").toStdString(), std::ios::binary);
        std::vector<char> expected((std::istreambuf_iterator<char>(in)), {});
        QCOMPARE(expected.size(), labels.geometry().voxelCount());
        size_t inside = 0;
        for (size_t i = 0; i < expected.size(); ++i) {
            const bool ours = labels.data()[i] & organBit(Organ::Stomach);
            if (ours != bool(expected[i]))
                QFAIL(qPrintable(QString("voxel %1 differs from pydicom").arg(i)));
            inside += ours;
        }
        QVERIFY(inside > 1000);
    }

    // FRACTIONAL (threshold 0.5 of the maximum) and BINARY segmentations written with pydicom,
    // mapped by their SNOMED code; one referencing nothing present imports nothing.
    void writtenSegmentationsThresholdAndMapByCode_data() {
        QTest::addColumn<bool>("binary");
        QTest::newRow("FRACTIONAL") << false;
        QTest::newRow("BINARY") << true;
    }
    void writtenSegmentationsThresholdAndMapByCode() {
        QFETCH(bool, binary);
        const QString dir = tmp_.filePath(binary ? "seg-binary" : "seg-fractional");
        QCOMPARE(writeSeries(dir + "/series", {}), QString());
        QStringList arguments{kScripts + "/write_seg.py",
                              "--series",
                              dir + "/series",
                              "--out",
                              dir + "/seg.dcm",
                              "--expected",
                              dir + "/expected.u8",
                              "--label",
                              "Segment 1",
                              "--code",
                              "30315005"};
        if (binary) arguments << "--binary";
        QCOMPARE(run(kPython, arguments), QString());
        const DatasetIndex index = scanDataset((dir + "/series").toStdString());
        const LabelImport imported = importLabels((dir + "/seg.dcm").toStdString(), index);
        QVERIFY2(imported.problems.empty(), qPrintable(problemsText(imported.problems)));
        const LabelVolume& labels = imported.volumes.begin()->second;
        std::ifstream in((dir + "/expected.u8").toStdString(), std::ios::binary);
        std::vector<char> expected((std::istreambuf_iterator<char>(in)), {});
        QCOMPARE(expected.size(), labels.geometry().voxelCount());
        for (size_t i = 0; i < expected.size(); ++i)
            if (bool(labels.data()[i] & organBit(Organ::SmallBowel)) != bool(expected[i]))
                QFAIL(qPrintable(QString("voxel %1 differs").arg(i)));
        QCOMPARE(labels.countOnSlice(1, Organ::SmallBowel),
                 size_t(51 * 26)); // the ramp's upper half
        QVERIFY(imported.labelled.begin()->second.has(0, Organ::SmallBowel));
        QVERIFY(!imported.labelled.begin()->second.has(0, Organ::Stomach));
        // A segmentation whose frames reference an image that is not there: nothing imported.
        QCOMPARE(
            run(kPython, {kScripts + "/write_seg.py", "--series", dir + "/series", "--out",
                          dir + "/elsewhere.dcm", "--reference", "1.2.826.0.1.3680043.8.498.99.1"}),
            QString());
        try {
            importLabels((dir + "/elsewhere.dcm").toStdString(), index);
            QFAIL("a segmentation of images that are not there was imported");
        } catch (const DataError& error) {
            QVERIFY2(QString(error.what()).contains("1.2.826.0.1.3680043.8.498.99.1") &&
                         QString(error.what()).contains("nothing"),
                     error.what());
        }
    }

    void convertWritesAStructureSetAsTrainCsv() {
        const QString dir = tmp_.filePath("shape-ring-xor");
        QVERIFY(QFile::exists(dir + "/rs.dcm"));
        const QString csv = tmp_.filePath("from-rtstruct.csv");
        QCOMPARE(run(QStringLiteral(GIREVIEW_CLI),
                     {"convert", "--data", dir, "--in", dir + "/rs.dcm", "--out", csv}),
                 QString());
        const DatasetIndex index = scanDataset(dir.toStdString());
        const LabelImport back = importLabels(csv.toStdString(), index);
        const LabelImport original = importLabels((dir + "/rs.dcm").toStdString(), index);
        const LabelVolume& a = back.volumes.begin()->second;
        const LabelVolume& b = original.volumes.begin()->second;
        QVERIFY(std::equal(a.data(), a.data() + a.geometry().voxelCount(), b.data()));
        QCOMPARE(back.labelled.begin()->second.pairs(),
                 size_t(5)); // five slices of the small bowel, no more
        // --in-format says what the input must be.
        QVERIFY(!run(QStringLiteral(GIREVIEW_CLI),
                     {"convert", "--data", dir, "--in", dir + "/rs.dcm", "--out",
                      tmp_.filePath("not-seg.csv"), "--in-format", "seg"})
                     .isEmpty());
        QVERIFY(!QFile::exists(tmp_.filePath("not-seg.csv")));
        QCOMPARE(run(QStringLiteral(GIREVIEW_CLI),
                     {"convert", "--data", dir, "--in", dir + "/rs.dcm", "--out",
                      tmp_.filePath("rtstruct.csv"), "--in-format", "rtstruct"}),
                 QString());
    }

    void twoRoisOnOneOrganAreUnitedAndNamed() {
        const QString dir = tmp_.filePath("two-rois");
        QCOMPARE(writeSeries(dir + "/series", {}), QString());
        QCOMPARE(run(kPython, {kScripts + "/write_rtstruct.py", "--series", dir + "/series",
                               "--out", dir + "/rs.dcm", "--roi", "Bowel_Large", "--roi", "Colon",
                               "--roi", "Bowel", "--slices", "2", "--extra-types"}),
                 QString());
        const LabelImport imported = importLabels((dir + "/rs.dcm").toStdString(),
                                                  scanDataset((dir + "/series").toStdString()));
        const QString report = problemsText(imported.problems);
        QVERIFY2(report.contains("\"Bowel_Large\", \"Colon\"") && report.contains("united"),
                 qPrintable(report));
        QVERIFY2(report.contains("\"Bowel\" maps to no organ"), qPrintable(report));
        // POINT and OPEN contours are reported and skipped: nothing of them is filled.
        QVERIFY2(report.contains("\"Colon\": 2 POINT or OPEN contour(s) skipped"),
                 qPrintable(report));
        QCOMPARE(imported.volumes.begin()->second.countOnSlice(2, Organ::LargeBowel),
                 size_t(31 * 31 - 11 * 11 + 9));
        QVERIFY(!imported.labelled.begin()->second.has(2, Organ::SmallBowel));
    }
};

QTEST_GUILESS_MAIN(TestDicomContours)
#include "test_dicom_contours.moc"
