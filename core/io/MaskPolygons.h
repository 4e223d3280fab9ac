#pragma once
// Organ masks as COCO polygons that the reference COCO API rasterises back to exactly the same
// pixels. Boundaries follow pixel edges (vertices at pixel corners, x - 0.5 / y - 0.5), one ring
// per 4-connected piece; holes are spliced into their outer ring through a zero-width vertical
// bridge, which adds no crossing at any pixel centre, so the hole stays empty.
#include <cstdint>
#include <vector>

namespace gireview {

// Polygons (x0, y0, x1, y1, ...) of the pixels whose `bit` is set in a row-major plane.
std::vector<std::vector<double>> maskToPolygons(const std::uint8_t* plane, int width, int height, std::uint8_t bit);

} // namespace gireview
