#include "ReviewController.h"

#include "QaDialogs.h"

#include <algorithm>

namespace gireview {

ReviewController::ReviewController(CaseBrowser* browser, QObject* parent)
    : QObject(parent), browser_(browser) {}

void ReviewController::setDay(std::optional<CaseDayKey> day, int depth) {
    day_ = day;
    depth_ = depth;
}

// Every failure reaches the dialog and the log; nothing escapes into Qt's event loop.
bool ReviewController::run(const QString& what, const std::function<void()>& action) {
    if (!document_ || !day_) {
        emit message(tr("Open a case-day first"), false);
        return false;
    }
    try {
        action();
    } catch (const std::exception& error) {
        emit problem(what, QString::fromStdString(error.what()));
        return false;
    }
    refresh();
    emit reviewChanged();
    return true;
}

std::vector<QaFlag> ReviewController::checkOrgans(std::uint8_t organs, const ScanVolume* scan) const {
    if (!document_ || !day_) return {};
    const auto labels = document_->correctedLabels(*day_);
    if (!labels) return {};
    const std::optional<LabelVolume> previous = document_->previousLabelledDay(*day_);
    QaDayInput input;
    input.labels = &*labels;
    input.scan = scan;
    input.previousDay = previous ? &*previous : nullptr;
    input.organs = organs;
    // Blank slices (no image) are unknown: no gap or jump is read into them.
    LabelledSlices labelled = LabelledSlices::all(labels->geometry().depth);
    const auto blank = document_->noImageSlices(*day_);
    for (int z : blank) labelled.setOrgans(z, 0);
    if (!blank.empty()) input.labelled = &labelled;
    return runQaChecks(input, loadQaThresholds());
}

bool ReviewController::approve(Organ organ, const QString& reviewer,
                               const std::vector<QaFlag>& acknowledged) {
    std::vector<AcknowledgedFlag> flags;
    for (const auto& flag : acknowledged)
        flags.push_back(
            {std::string(qaKindName(flag.kind)), flag.firstSlice, flag.lastSlice, flag.detail});
    const bool ok = run(tr("Cannot approve"),
                        [&] { document_->approve(*day_, organ, reviewer.toStdString(), flags); });
    const QString organName = QString::fromUtf8(organDisplayName(organ).data());
    if (ok && flags.empty())
        emit message(tr("%1 approved by %2: locked for this day").arg(organName, reviewer), true);
    else if (ok)
        emit message(tr("%1 approved by %2 with %3 QA flag(s) acknowledged: locked for this day")
                         .arg(organName, reviewer)
                         .arg(flags.size()),
                     true);
    return ok;
}

bool ReviewController::reopen(Organ organ, const QString& reviewer) {
    const bool ok =
        run(tr("Cannot reopen"), [&] { document_->reopen(*day_, organ, reviewer.toStdString()); });
    if (ok)
        emit message(tr("%1 reopened by %2")
                         .arg(QString::fromUtf8(organDisplayName(organ).data()), reviewer),
                     true);
    return ok;
}

bool ReviewController::markRange(int first, int last) {
    first = std::max(first, 1);
    last = std::min(last, depth_);
    if (first > last) return false;
    const bool ok = run(tr("Cannot mark slices reviewed"),
                        [&] { document_->markReviewed(*day_, first, last, 0x7, true); });
    if (ok)
        emit message(first == last ? tr("Slice %1 marked reviewed").arg(first)
                                   : tr("Slices %1-%2 marked reviewed").arg(first).arg(last),
                     false);
    return ok;
}

bool ReviewController::markSlice(int z) {
    return markRange(z + 1, z + 1);
}

bool ReviewController::markSinceLastMark(int z) {
    if (!document_ || !day_ || !document_->workspace()) return markSlice(z);
    const auto marked = document_->workspace()->reviewedSlices(*day_);
    int first = 1;
    for (int slice : marked)
        if (slice < z + 1) first = slice + 1;
    return markRange(first, z + 1);
}

std::optional<int> ReviewController::nextUnreviewed(int z) const {
    if (!document_ || !day_ || !document_->workspace() || depth_ <= 0) return std::nullopt;
    const auto reviewed = document_->workspace()->reviewedSlices(*day_);
    for (int step = 1; step <= depth_; ++step) {
        const int next = (z + step) % depth_;
        if (!std::binary_search(reviewed.begin(), reviewed.end(), next + 1)) return next;
    }
    return std::nullopt;
}

void ReviewController::refresh() {
    if (!document_) return;
    try {
        browser_->refreshReview(document_->workspace());
    } catch (const std::exception& error) {
        emit problem(tr("Workspace"), QString::fromStdString(error.what()));
    }
}

} // namespace gireview
