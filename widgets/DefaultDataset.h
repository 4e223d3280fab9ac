#pragma once
// The embedded default dataset: a phantom generated on first run into the user's data folder.
#include <QString>
#include <QWidget>

namespace gireview {

// Folder of the default phantom (QStandardPaths::AppDataLocation/phantom).
QString defaultDatasetFolder();
// Generates it if missing, with a cancellable progress dialog. Returns the folder, or an empty
// string when the user cancelled or generation failed (the error is shown).
QString ensureDefaultDataset(QWidget* parent);

} // namespace gireview
