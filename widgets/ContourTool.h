#pragma once
// The tools, as small classes with the same hooks (3D Slicer's editor effects): gesture tools
// (brush, eraser, lasso, push) that answer the strokes of a slice view, and slice operations
// (interpolate, copy, islands, smooth, margin, accept) that act once. Each describes itself (name,
// key, icon, help, the Tool options it uses); the menus, toolbar, shortcuts, Tool options panel
// and Help dialog are generated from those descriptions (ToolRegistry). Tools know a ViewPlane,
// never a view widget, so they run without OpenGL; their logic is in core/editing/EditTools and
// every change goes through EditSession (core/review), the one way in.
#include "ToolGesture.h"
#include "ToolOptionsPanel.h"
#include "editing/EditTools.h"
#include "review/EditSession.h"

#include <QKeySequence>
#include <QString>
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace gireview {

// What a tool works on.
struct ToolContext {
    EditSession* session = nullptr;
    const ScanVolume* scan = nullptr;
    Organ organ = Organ::LargeBowel;
    ToolSettings settings;
    std::array<int, 3> cursor{0, 0, 0};
    const LabelVolume* prediction = nullptr;                // for the accept operations
    std::function<AcceptChoice(const AcceptPlan&)> chooseAccept; // asks when edited pairs would change
};

// How a tool presents itself.
struct ToolDescription {
    QString id;       // journal and status bar ("brush")
    QString menuText; // "&Brush"
    QKeySequence key;
    QString iconName; // freedesktop icon theme name
    QString help;     // one line for the Help dialog
    ToolOptionsPanel::Relevance options;
};

class ContourTool {
public:
    virtual ~ContourTool() = default;
    virtual ToolDescription describe() const = 0;
    virtual ToolGesture gesture() const = 0;
    virtual void activate() {}
    virtual void deactivate() {}
    virtual void strokeMoved(const ToolContext&, ViewPlane, int /*index*/, PlanePoint /*from*/, PlanePoint /*to*/) {}
    virtual void strokeFinished(const ToolContext&, ViewPlane, int /*index*/, const std::vector<PlanePoint>& /*path*/) {}
};

class NavigateTool : public ContourTool {
public:
    ToolDescription describe() const override;
    ToolGesture gesture() const override { return ToolGesture::Navigate; }
};

// Round brush or eraser; continuous strokes (a capsule per mouse move).
class BrushTool : public ContourTool {
public:
    explicit BrushTool(bool erase) : erase_(erase) {}
    ToolDescription describe() const override;
    ToolGesture gesture() const override { return ToolGesture::Brush; }
    void strokeMoved(const ToolContext& context, ViewPlane plane, int index, PlanePoint from, PlanePoint to) override;

private:
    bool erase_;
};

// A ball that pushes the boundary out (stroke starting inside the organ) or in (outside).
class PushTool : public ContourTool {
public:
    ToolDescription describe() const override;
    ToolGesture gesture() const override { return ToolGesture::Brush; }
    void activate() override { mode_.reset(); }
    void strokeMoved(const ToolContext& context, ViewPlane plane, int index, PlanePoint from, PlanePoint to) override;
    void strokeFinished(const ToolContext&, ViewPlane, int, const std::vector<PlanePoint>&) override { mode_.reset(); }

private:
    std::optional<EditMode> mode_;
};

// Fills or erases the area a closed mouse path encloses.
class LassoTool : public ContourTool {
public:
    explicit LassoTool(bool erase) : erase_(erase) {}
    ToolDescription describe() const override;
    ToolGesture gesture() const override { return ToolGesture::Lasso; }
    void strokeFinished(const ToolContext& context, ViewPlane plane, int index, const std::vector<PlanePoint>& path) override;

private:
    bool erase_;
};

// A one-shot operation on the active organ at the cursor's slice (or the whole day).
class SliceOperation {
public:
    virtual ~SliceOperation() = default;
    virtual ToolDescription describe() const = 0;
    // Applies through context.session; false with `message` saying why nothing happened.
    virtual bool run(const ToolContext& context, QString& message) const = 0;
};

// Every tool of the product, in menu order.
struct ToolRegistry {
    std::vector<std::unique_ptr<ContourTool>> gestures;        // index = EditController::Tool
    std::vector<std::unique_ptr<SliceOperation>> operations;
    static ToolRegistry standard();
    const SliceOperation* operation(const QString& id) const;
    // The tools that use one Tool option (its menu text), for the panel's tooltips.
    QStringList usersOf(bool ToolOptionsPanel::Relevance::*option) const;
};

} // namespace gireview
