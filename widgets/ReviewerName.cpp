#include "ReviewerName.h"

#include <QInputDialog>
#include <QSettings>

namespace gireview {

namespace {
const QString kSettingsKey = QStringLiteral("review/reviewer");
}

QString ReviewerName::get(QWidget* parent) {
    if (!name_.isEmpty()) return name_;
    return change(parent);
}

QString ReviewerName::change(QWidget* parent) {
    const QString offered = name_.isEmpty() ? QSettings().value(kSettingsKey).toString() : name_;
    bool ok = false;
    const QString typed =
        QInputDialog::getText(parent, QObject::tr("Reviewer"),
                              QObject::tr("Your name, recorded with every approval and reopen of this "
                                          "session\n(Edit > Reviewer name changes it):"),
                              QLineEdit::Normal, offered, &ok)
            .trimmed();
    if (!ok || typed.isEmpty()) return {};
    name_ = typed;
    QSettings().setValue(kSettingsKey, name_);
    return name_;
}

} // namespace gireview
