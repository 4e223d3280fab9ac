#include "DefaultDataset.h"

#include "BackgroundTask.h"
#include "Unattended.h"
#include "phantom/Phantom.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QStandardPaths>
#include <cstdio>

namespace gireview {

QString defaultDatasetFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/phantom";
}

QString ensureDefaultDataset(QWidget* parent) {
    const QString folder = defaultDatasetFolder();
    if (QFileInfo::exists(folder + "/train.csv")) return folder; // train.csv is written last
    QDir().mkpath(folder);
    PhantomOptions options;
    options.cases = 2;
    options.daysPerCase = 2;
    options.seed = 20221;
    const BackgroundResult result =
        runWithProgress(parent, QObject::tr("Generating the phantom dataset (first run)..."), options.cases * options.daysPerCase,
                        [&](std::atomic<int>& done, const std::atomic<bool>& cancel) {
                            writePhantomDataset(folder.toStdString(), options, [&](const PhantomDay&, int finished, int) {
                                done = finished;
                                return !cancel.load();
                            });
                        },
                        0);
    if (result.cancelled) return {};
    if (!result.error.isEmpty()) {
        if (unattended())
            std::fprintf(stderr, "gireview: phantom generation failed: %s\n", qPrintable(result.error));
        else
            QMessageBox::critical(parent, QObject::tr("Phantom generation failed"), result.error);
        return {};
    }
    return folder;
}

} // namespace gireview
