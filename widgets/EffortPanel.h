#pragma once
// The Effort panel: per organ of the shown day, what its correction took at the last approval
// (APL, surface Dice, HD95, volume change, slices edited, strokes, active time, time to
// approval), or the active time so far when it is not approved yet.
#include "review/ReviewDocument.h"

#include <QTableWidget>
#include <optional>

namespace gireview {

class EffortPanel : public QTableWidget {
    Q_OBJECT
public:
    explicit EffortPanel(QWidget* parent = nullptr);
    void showDay(const ReviewDocument* document, std::optional<CaseDayKey> day);
};

} // namespace gireview
