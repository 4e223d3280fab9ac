#pragma once
// What a left-button drag in a slice view does for the active tool: move the crosshair, paint
// with a round brush, or draw a lasso. Shared by the tools and the views (no OpenGL needed).
namespace gireview {

enum class ToolGesture { Navigate, Brush, Lasso };

} // namespace gireview
