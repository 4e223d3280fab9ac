#pragma once
// The window's menus, toolbar and shortcuts, built from one table: every action is added with
// its key and one line of help, and the tools come from the tool registry, so the Help dialog
// is generated from what is really bound and cannot go stale.
#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QPair>
#include <functional>

class QAction;
class QMenu;
class QToolBar;

namespace gireview {

class MainWindow;

class WindowMenus : public QObject {
    Q_OBJECT
public:
    explicit WindowMenus(MainWindow& window);
    void build();
    void rememberRecent(const QString& path);
    // Every shortcut with what it does, tools included, then the mouse: the one table behind the
    // Help dialog (shortcutLines) and `gireview --list-shortcuts` (the README's table).
    QList<QPair<QString, QString>> shortcutTable() const;
    QStringList shortcutLines() const;
    QString shortcutMarkdown() const;

private:
    QAction* add(QMenu* menu, const QString& text, const QKeySequence& key, const QString& help,
                 std::function<void()> run, const QString& icon = {});
    void buildFile();
    void buildView();
    void buildEdit();
    void buildTools();
    void buildModel();
    void buildHelp();
    void rebuildRecentMenu();
    MainWindow& window_;
    QMenu* recent_ = nullptr;
    // The toolbar's sections, filled as the menus are built, assembled in this order.
    QList<QAction*> fileBar_, viewBar_, toolBar_, editBar_;
    QList<QPair<QKeySequence, QString>> help_;
};

} // namespace gireview
