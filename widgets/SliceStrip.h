#pragma once
// The slice strip above the views: one cell per axial slice of the shown day, left = slice 1.
// The upper band is the review risk of the slice's riskiest organ (dark: none, yellow to red:
// look first); the lower band is the review state (green reviewed, purple edited and not yet
// marked, grey unreviewed, red: no image, the file is missing or unreadable); a white frame marks the slice on screen. A click goes to the slice.
#include "data/LabelledSlices.h"

#include <QWidget>
#include <vector>

namespace gireview {

class SliceStrip : public QWidget {
    Q_OBJECT
public:
    explicit SliceStrip(QWidget* parent = nullptr);

    struct Content {
        std::vector<float> risk; // per slice, [0, 1]; empty without a model run
        LabelledSlices reviewed; // review marks (a slice counts as reviewed when every organ is)
        LabelledSlices edited;   // pairs the reviewer changed
        std::vector<int> noImage; // slices (0-based) whose file is missing or unreadable
    };
    void setDepth(int depth);
    void setContent(Content content);
    void setCurrentSlice(int z);
    int depth() const { return depth_; }
    int currentSlice() const { return current_; }

    // What each band means (the legend and the tooltips use the same words).
    enum class State { Unreviewed, Edited, Reviewed, NoImage };
    State stateOf(int z) const;
    static QColor stateColor(State state);
    static QColor riskColor(float risk);
    // The cell of slice z in widget coordinates (tests click and sample it).
    QRect cellRect(int z) const;
    int sliceAt(int x) const;

    QSize sizeHint() const override { return {400, 22}; }
    QSize minimumSizeHint() const override { return {60, 22}; }

signals:
    void sliceClicked(int z);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override; // tooltips per slice

private:
    int depth_ = 0;
    int current_ = -1;
    Content content_;
};

} // namespace gireview
