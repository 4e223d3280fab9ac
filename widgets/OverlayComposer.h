#pragma once
// Turns one plane of organ bits into RGBA for display: fill and/or outline in the organ colours
// for the reviewed layer. The prediction layer is a dotted line of pixel edges (dottedOutline,
// drawn by PredictionOutline in screen pixels), so the two never look alike.
#include "ViewState.h"

#include <cstdint>
#include <vector>

namespace gireview {

// `reviewed` is a width*height organ bit plane (may be null). Writes width*height RGBA pixels;
// alpha 0 where nothing is drawn.
void composeOverlay(const std::uint8_t* reviewed, int width, int height, const OverlaySettings& settings,
                    std::vector<std::uint8_t>& rgba);

// One pixel edge of an organ's border, in plane pixel coordinates (pixel centres on integers, so
// edges lie on .5): from (u0, v0) to (u1, v1).
struct OutlineSegment {
    double u0, v0, u1, v1;
};
// Every other edge between a pixel with `bit` and one without (or the plane's border): a dotted
// line with a period of two pixel edges.
std::vector<OutlineSegment> dottedOutline(const std::uint8_t* bits, int width, int height, std::uint8_t bit);

} // namespace gireview
