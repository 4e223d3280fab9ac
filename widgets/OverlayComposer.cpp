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

void composeOverlay(const std::uint8_t* reviewed, const std::uint8_t* prediction, int width, int height,
                    const OverlaySettings& settings, std::vector<std::uint8_t>& rgba) {
    rgba.assign(size_t(width) * size_t(height) * 4, 0);
    const bool fill = settings.mode != OverlayMode::Outline;
    const bool outline = settings.mode != OverlayMode::Fill;
    const int fillAlpha = std::clamp(int(settings.opacity * 255.0 + 0.5), 0, 255);
    for (Organ organ : kAllOrgans) {
        if (!settings.organVisible[size_t(organIndex(organ))]) continue;
        const std::uint8_t bit = organBit(organ);
        const QColor color = organColor(organ);
        const QColor light = color.lighter(150);
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
                if (settings.showPrediction && prediction && ((u + v) % 2 == 0) &&
                    onOutline(prediction, width, height, u, v, bit)) {
                    px[0] = std::uint8_t(light.red()), px[1] = std::uint8_t(light.green()),
                    px[2] = std::uint8_t(light.blue()), px[3] = 255;
                }
            }
    }
}

} // namespace gireview
