#pragma once
// Helpers shared by the tests: where the real reference files are, scratch folders, phantoms.
#include "Phantom.h"

#include <QDir>
#include <QString>
#include <QTemporaryDir>
#include <QtTest>
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

} // namespace testsupport

#define REQUIRE_SHARED_DATA(dirVar)                                                            \
    const QString dirVar = testsupport::sharedDataDir();                                       \
    if (dirVar.isEmpty())                                                                      \
        QSKIP("../shared/data is absent (a fresh clone has no shared folder); real-data test " \
              "skipped");
