#pragma once
// Turns one plane of organ bits into RGBA for display: fill and/or outline in the organ colours
// for the reviewed layer; the prediction layer as a dotted outline, so the two never look alike.
#include "ViewState.h"

#include <cstdint>
#include <vector>

namespace gireview {

// `reviewed` and `prediction` are width*height organ bit planes (either may be null). Writes
// width*height RGBA pixels; alpha 0 where nothing is drawn.
void composeOverlay(const std::uint8_t* reviewed, const std::uint8_t* prediction, int width, int height,
                    const OverlaySettings& settings, std::vector<std::uint8_t>& rgba);

} // namespace gireview
