#pragma once
// The contouring tools as small classes with the same hooks (as 3D Slicer's editor effects):
// activate/deactivate, the view gesture they use, the stroke events of a slice view, and the
// Tool options they use. Their logic lives in core/editing/EditTools; every change goes through
// EditSession (core/review), the one way in, where the intensity range and locks are applied.
#include "review/EditSession.h"
#include "SliceView.h"
#include "ToolOptionsPanel.h"

#include <QString>
#include <optional>
#include <vector>

namespace gireview {

struct ToolContext {
    EditSession* session = nullptr;
    const ScanVolume* scan = nullptr;
    Organ organ = Organ::LargeBowel;
    ToolSettings settings;
};

class ContourTool {
public:
    virtual ~ContourTool() = default;
    virtual QString name() const = 0;        // journal and status bar
    virtual SliceView::Gesture gesture() const = 0;
    virtual void activate() {}
    virtual void deactivate() {}
    // Which Tool options apply: the panel greys out the others while the tool is active.
    virtual ToolOptionsPanel::Relevance options() const { return {}; }
    virtual void strokeMoved(const ToolContext&, SliceView*, int /*index*/, PlanePoint /*from*/, PlanePoint /*to*/) {}
    virtual void strokeFinished(const ToolContext&, SliceView*, int /*index*/, const std::vector<PlanePoint>& /*path*/) {}
};

class NavigateTool : public ContourTool {
public:
    QString name() const override { return QStringLiteral("navigate"); }
    SliceView::Gesture gesture() const override { return SliceView::Gesture::Navigate; }
};

// Round brush or eraser; continuous strokes (a capsule per mouse move).
class BrushTool : public ContourTool {
public:
    explicit BrushTool(bool erase) : erase_(erase) {}
    QString name() const override { return erase_ ? QStringLiteral("eraser") : QStringLiteral("brush"); }
    SliceView::Gesture gesture() const override { return SliceView::Gesture::Brush; }
    ToolOptionsPanel::Relevance options() const override { return {true, !erase_}; }
    void strokeMoved(const ToolContext& context, SliceView* view, int index, PlanePoint from, PlanePoint to) override;

protected:
    bool erase_;
};

// A ball that pushes the boundary out (stroke starting inside the organ) or in (outside).
class PushTool : public ContourTool {
public:
    QString name() const override { return QStringLiteral("push"); }
    SliceView::Gesture gesture() const override { return SliceView::Gesture::Brush; }
    ToolOptionsPanel::Relevance options() const override { return {true, true}; } // pushing out paints
    void activate() override { mode_.reset(); }
    void strokeMoved(const ToolContext& context, SliceView* view, int index, PlanePoint from, PlanePoint to) override;
    void strokeFinished(const ToolContext&, SliceView*, int, const std::vector<PlanePoint>&) override { mode_.reset(); }

private:
    std::optional<EditMode> mode_;
};

// Fills or erases the area a closed mouse path encloses.
class LassoTool : public ContourTool {
public:
    explicit LassoTool(bool erase) : erase_(erase) {}
    QString name() const override { return erase_ ? QStringLiteral("lasso erase") : QStringLiteral("lasso"); }
    SliceView::Gesture gesture() const override { return SliceView::Gesture::Lasso; }
    ToolOptionsPanel::Relevance options() const override { return {false, !erase_}; }
    void strokeFinished(const ToolContext& context, SliceView* view, int index, const std::vector<PlanePoint>& path) override;

private:
    bool erase_;
};

} // namespace gireview
