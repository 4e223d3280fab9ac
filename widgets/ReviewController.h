#pragma once
// The window's review state: approvals (locks), review marks per slice (M, a range with
// Shift+M or Edit > Mark slices), the next unreviewed slice, and the Cases browser's Review
// column. The state itself lives in the workspace, reached through the ReviewDocument.
#include "CaseBrowser.h"
#include "analysis/QaChecks.h"
#include "review/ReviewDocument.h"

#include <QObject>
#include <optional>

namespace gireview {

class ReviewController : public QObject {
    Q_OBJECT
public:
    ReviewController(CaseBrowser* browser, QObject* parent);
    void setDocument(ReviewDocument* document) { document_ = document; }
    void setDay(std::optional<CaseDayKey> day, int depth);

    // The QA checks of `organs` (organBit()s) on the shown day as its labels are now (every slice, as the
    // approval would vouch for them), against the same case's previous day that has labels,
    // with the scan for outside_body when given; thresholds from the settings.
    std::vector<QaFlag> checkOrgans(std::uint8_t organs, const ScanVolume* scan) const;
    // `acknowledged`: the open flags the reviewer approved over, recorded with the approval.
    bool approve(Organ organ, const QString& reviewer, const std::vector<QaFlag>& acknowledged = {});
    bool reopen(Organ organ, const QString& reviewer);
    // z is 0-based; the marks are for every organ (the reviewer looked at the whole slice).
    bool markSlice(int z);
    // Every slice from the one after the nearest marked slice before z, through z.
    bool markSinceLastMark(int z);
    // 1-based, inclusive.
    bool markRange(int first, int last);
    // The next slice after z (wrapping) not marked for every organ; nullopt when all are.
    std::optional<int> nextUnreviewed(int z) const;
    void refresh();

signals:
    void message(const QString& text, bool important);
    void problem(const QString& title, const QString& text);
    void reviewChanged();

private:
    bool run(const QString& what, const std::function<void()>& action);
    CaseBrowser* browser_;
    ReviewDocument* document_ = nullptr;
    std::optional<CaseDayKey> day_;
    int depth_ = 0;
};

} // namespace gireview
