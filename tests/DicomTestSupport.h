#pragma once
// Helpers shared by the DICOM tests: the Debian Python that writes and reads series
// (tests/dicom/*.py with pydicom, nibabel), outside programs run to the end, the phantom day's
// voxels as the raw file those scripts read, and problems as text for failure messages.
#include "data/Problem.h"
#include "phantom/Phantom.h"

#include <QProcess>
#include <QString>
#include <QStringList>

#include <fstream>
#include <vector>

namespace dicomtest {

// Debian's Python: a `python3` earlier on the PATH may lack Debian's modules.
inline const QString kPython = QStringLiteral("/usr/bin/python3");
inline const QString kScripts = QStringLiteral(GIREVIEW_TEST_DATA "/../dicom");

// Runs `program` to its end; empty when it exited 0, else what went wrong with its stderr.
// `out` receives its standard output.
inline QString run(const QString& program, const QStringList& arguments, QString* out = nullptr) {
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(180000)) return QStringLiteral("timed out: ") + program;
    if (out) *out = QString::fromUtf8(process.readAllStandardOutput());
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return program + QStringLiteral(" failed: ") +
               QString::fromUtf8(process.readAllStandardError()).right(2000);
    return {};
}

// Whether Debian's Python has these modules ("pydicom, numpy").
inline bool pythonHas(const QString& modules) {
    return run(kPython, {"-c", "import " + modules}).isEmpty();
}

// The default phantom day's voxels (uint16, x fastest) at `path`, for write_series.py --raw.
inline void writePhantomDayRaw(const QString& path, int& width, int& height) {
    const gireview::PhantomDay day = gireview::generatePhantomDay(gireview::PhantomOptions{}, 0, 0);
    width = day.scan.geometry().width;
    height = day.scan.geometry().height;
    std::ofstream out(path.toStdString(), std::ios::binary);
    out.write(reinterpret_cast<const char*>(day.scan.data()),
              std::streamsize(day.scan.geometry().voxelCount() * 2));
}

inline QString problemsText(const std::vector<gireview::Problem>& problems) {
    QString text;
    for (const auto& problem : problems)
        text += QString::fromStdString(gireview::formatProblem(problem)) + "\n";
    return text;
}

} // namespace dicomtest
