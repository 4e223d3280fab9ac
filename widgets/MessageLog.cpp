#include "MessageLog.h"

#include <QTime>

namespace gireview {

MessageLog::MessageLog(QWidget* parent) : QListWidget(parent) {
    setObjectName(QStringLiteral("messageLog"));
    setWordWrap(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setTextElideMode(Qt::ElideNone);
}

void MessageLog::add(const QString& text, Level level) {
    if (text.isEmpty()) return;
    auto* item =
        new QListWidgetItem(QStringLiteral("%1  %2").arg(
                                QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), text),
                            this);
    item->setToolTip(text);
    if (level == Level::Warning) item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    while (count() > kKept)
        delete takeItem(0);
    scrollToBottom();
}

QString MessageLog::lastMessage() const {
    return count() ? item(count() - 1)->toolTip() : QString();
}

} // namespace gireview
