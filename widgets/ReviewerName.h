#pragma once
// Who is reviewing: asked once per session (the last session's name offered), recorded with every
// approval and reopen, changed from Edit > Reviewer name. The account name goes beside it.
#include <QString>

class QWidget;

namespace gireview {

class ReviewerName {
public:
    // The session's name, asking for it the first time; empty when the person cancels.
    QString get(QWidget* parent);
    // Asks again (the current name offered); empty when cancelled, the old name kept.
    QString change(QWidget* parent);
    const QString& current() const { return name_; }

private:
    QString name_;
};

} // namespace gireview
