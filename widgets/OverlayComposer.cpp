#include "OverlayComposer.h"

#include "OrganColors.h"

#include <algorithm>
#include <cstring>

namespace gireview {

namespace {

// True when pixel (u, v) has `bit` and a 4-neighbour (or the border) does not.
inline bool onOutline(const std::uint8_t* bits, int width, int height, int u, int v, std::uint8_t bit) {
    const size_t i = size_t(v) * size_t(width) + size_t(u);
    if (!(bits[i] & bit)) return false;
    if (u == 0 || v == 0 || u == width - 1 || v == height - 1) return true;
    return !(bits[i - 1] & bit) || !(bits[i + 1] & bit) || !(bits[i - size_t(width)] & bit) ||
           !(bits[i + size_t(width)] & bit);
}

} // namespace

void composeOverlay(const std::uint8_t* reviewed, int width, int height, const OverlaySettings& settings,
                    std::vector<std::uint8_t>& rgba) {
    rgba.assign(size_t(width) * size_t(height) * 4, 0);
    const bool fill = settings.mode != OverlayMode::Outline;
    const bool outline = settings.mode != OverlayMode::Fill;
    const int fillAlpha = std::clamp(int(settings.opacity * 255.0 + 0.5), 0, 255);
    for (Organ organ : kAllOrgans) {
        if (!settings.organVisible[size_t(organIndex(organ))]) continue;
        const std::uint8_t bit = organBit(organ);
        const QColor color = organColor(organ);
        for (int v = 0; v < height; ++v)
            for (int u = 0; u < width; ++u) {
                const size_t i = size_t(v) * size_t(width) + size_t(u);
                std::uint8_t* px = &rgba[i * 4];
                if (settings.showReviewed && reviewed && (reviewed[i] & bit)) {
                    if (outline && onOutline(reviewed, width, height, u, v, bit)) {
                        px[0] = std::uint8_t(color.red()), px[1] = std::uint8_t(color.green()),
                        px[2] = std::uint8_t(color.blue()), px[3] = 255;
                    } else if (fill && px[3] < fillAlpha) {
                        px[0] = std::uint8_t(color.red()), px[1] = std::uint8_t(color.green()),
                        px[2] = std::uint8_t(color.blue()), px[3] = std::uint8_t(fillAlpha);
                    }
                }
            }
    }
}

std::vector<OutlineSegment> dottedOutline(const std::uint8_t* bits, int width, int height, std::uint8_t bit) {
    std::vector<OutlineSegment> segments;
    const auto has = [&](int u, int v) {
        return u >= 0 && v >= 0 && u < width && v < height && (bits[size_t(v) * size_t(width) + size_t(u)] & bit);
    };
    for (int v = 0; v < height; ++v)
        for (int u = 0; u < width; ++u) {
            if (!has(u, v)) continue;
            const double l = u - 0.5, r = u + 0.5, t = v - 0.5, b = v + 0.5;
            // Along a vertical edge v changes, along a horizontal one u: (u + v) alternates on both.
            if ((u + v) % 2) continue;
            if (!has(u - 1, v)) segments.push_back({l, t, l, b});
            if (!has(u + 1, v)) segments.push_back({r, t, r, b});
            if (!has(u, v - 1)) segments.push_back({l, t, r, t});
            if (!has(u, v + 1)) segments.push_back({l, b, r, b});
        }
    return segments;
}

} // namespace gireview
