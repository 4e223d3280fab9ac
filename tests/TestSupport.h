#pragma once
// Helpers shared by the tests: where the real reference files are, scratch folders, phantoms.
#include "io/CsvReader.h"
#include "io/DatasetIndex.h"
#include "phantom/Phantom.h"
#include "data/SliceName.h"

#include <QDir>
#include <QString>
#include <QTemporaryDir>
#include <QtTest>
#include <map>
#include <string>

namespace testsupport {

// ../shared/data beside the repository, or $GIREVIEW_SHARED_DATA. Empty when absent.
inline QString sharedDataDir() {
    QString dir = qEnvironmentVariable("GIREVIEW_SHARED_DATA", QStringLiteral(GIREVIEW_SHARED_DATA));
    return QDir(dir).exists(QStringLiteral("train_rows.csv")) ? QDir(dir).absolutePath() : QString();
}

inline std::string str(const QString& s) { return s.toStdString(); }

// A small phantom dataset (few slices) written once per test binary into `dir`.
inline gireview::PhantomOptions smallPhantomOptions(int cases = 1, int days = 2) {
    gireview::PhantomOptions options;
    options.cases = cases;
    options.daysPerCase = days;
    options.seed = 7;
    return options;
}

// A grid for unit tests (1 mm pixels, 3 mm slices).
inline gireview::VolumeGeometry smallGrid(int width, int height, int depth) {
    gireview::VolumeGeometry g;
    g.width = width, g.height = height, g.depth = depth;
    return g;
}

// Data rows "width", "height" for every slice size of the reference dataset.
inline void addRealSliceSizes() {
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("266x266") << 266 << 266;
    QTest::newRow("360x310") << 360 << 310; // 360 wide, 310 high
    QTest::newRow("276x276") << 276 << 276;
    QTest::newRow("234x234") << 234 << 234;
}

// Grids of the real case-days listed in shared/data/case_days.csv.
inline std::map<gireview::CaseDayKey, gireview::VolumeGeometry> realCaseDayGrids(const QString& shared) {
    std::map<gireview::CaseDayKey, gireview::VolumeGeometry> grids;
    gireview::CsvRecordReader days((shared + "/case_days.csv").toStdString());
    std::vector<std::string_view> f;
    days.next(f);
    while (days.next(f)) {
        gireview::VolumeGeometry g;
        g.width = std::stoi(std::string(f[1]));
        g.height = std::stoi(std::string(f[2]));
        g.depth = std::stoi(std::string(f[4]));
        g.spacingX = g.spacingY = std::stod(std::string(f[3]));
        grids[gireview::parseCaseDayName(f[0])] = g;
    }
    return grids;
}

// An index of the real case-days (geometry from case_days.csv; no scans needed).
inline gireview::DatasetIndex realDatasetIndex(const QString& shared) {
    gireview::DatasetIndex index;
    index.root = "/nonexistent/dataset";
    std::map<int, gireview::CaseEntry> cases;
    for (const auto& [key, grid] : realCaseDayGrids(shared)) {
        gireview::DayEntry day;
        day.key = key;
        day.geometry = grid;
        cases[key.caseNo].caseNo = key.caseNo;
        cases[key.caseNo].days.push_back(day);
    }
    for (auto& [n, c] : cases) index.cases.push_back(c);
    return index;
}

// An index of one case-day with no files behind it (sessions, workspaces and exports only).
inline gireview::DatasetIndex oneDayIndex(const std::string& root, const gireview::DayEntry& day) {
    gireview::DatasetIndex index;
    index.root = root;
    gireview::CaseEntry entry;
    entry.caseNo = day.key.caseNo;
    entry.days.push_back(day);
    index.cases.push_back(entry);
    return index;
}

} // namespace testsupport

#define REQUIRE_SHARED_DATA(dirVar)                                                            \
    const QString dirVar = testsupport::sharedDataDir();                                       \
    if (dirVar.isEmpty())                                                                      \
        QSKIP("../shared/data is absent (a fresh clone has no shared folder); real-data test " \
              "skipped");
