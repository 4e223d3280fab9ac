#pragma once
// The messages a reviewer must be able to read again (a locked organ, a read-only workspace, a
// failed write): kept with their time, newest last, instead of vanishing from the status bar.
#include <QListWidget>

namespace gireview {

class MessageLog : public QListWidget {
    Q_OBJECT
public:
    explicit MessageLog(QWidget* parent = nullptr);
    enum class Level { Info, Warning };
    void add(const QString& text, Level level = Level::Info);
    QString lastMessage() const;
    static constexpr int kKept = 500;
};

} // namespace gireview
