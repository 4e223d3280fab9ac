#include "ContourTool.h"

#include <cmath>

namespace gireview {

void BrushTool::strokeMoved(const ToolContext& context, SliceView* view, int index, PlanePoint from, PlanePoint to) {
    const EditRegion region = brushStroke(context.scan->geometry(), view->plane(), index, {from, to}, context.settings.brushRadiusMm);
    context.session->apply(context.organ, region, erase_ ? EditMode::Remove : EditMode::Add, name().toStdString());
}

void PushTool::strokeMoved(const ToolContext& context, SliceView* view, int index, PlanePoint from, PlanePoint to) {
    if (!mode_) {
        const auto voxel = planeToVoxel(view->plane(), int(std::lround(from.u)), int(std::lround(from.v)), index);
        const auto& g = context.scan->geometry();
        const bool inside = voxel[0] >= 0 && voxel[1] >= 0 && voxel[2] >= 0 && voxel[0] < g.width && voxel[1] < g.height &&
                            voxel[2] < g.depth && context.session->labels()->has(voxel[0], voxel[1], voxel[2], context.organ);
        mode_ = inside ? EditMode::Add : EditMode::Remove;
    }
    const EditRegion region = brushStroke(context.scan->geometry(), view->plane(), index, {from, to}, context.settings.brushRadiusMm);
    context.session->apply(context.organ, region, *mode_, name().toStdString());
}

void LassoTool::strokeFinished(const ToolContext& context, SliceView* view, int index, const std::vector<PlanePoint>& path) {
    const EditRegion region = polygonRegion(context.scan->geometry(), view->plane(), index, path);
    context.session->apply(context.organ, region, erase_ ? EditMode::Remove : EditMode::Add, name().toStdString());
}

} // namespace gireview
