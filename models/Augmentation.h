#pragma once
// Training augmentation applied identically to an image and its mask: one affine transform
// (flips, shift, scale, rotation) warps every image channel (bilinear) and every organ mask
// (nearest neighbour) with the same matrix; intensity changes (brightness, contrast, gamma,
// noise) touch the image only. Deterministic for a given random engine state.
#include <cstdint>
#include <random>

namespace gireview {

struct AugmentationSettings {
    double flipXProbability = 0.0; // left-right flips swap the patient's sides: off by default
    double flipYProbability = 0.0;
    double maxShiftFraction = 0.0625; // of the image size
    double maxScaleChange = 0.1;      // scale in [1 - s, 1 + s]
    double maxRotationDegrees = 15;
    double maxBrightness = 0.1;  // added, in normalised intensity
    double maxContrast = 0.15;   // multiplied by [1 - c, 1 + c]
    double maxGammaChange = 0.2; // gamma in [1 - g, 1 + g]
    double maxNoiseSigma = 0.03;
    double probability = 0.8; // of augmenting a sample at all
};

struct AugmentationDraw {
    bool identity = true;
    bool flipX = false, flipY = false;
    double shiftX = 0, shiftY = 0; // pixels
    double scale = 1, rotationDegrees = 0;
    double brightness = 0, contrast = 1, gamma = 1, noiseSigma = 0;
    std::uint64_t noiseSeed = 0;
};

AugmentationDraw drawAugmentation(std::mt19937_64& rng, const AugmentationSettings& settings, int size);

// image: channels x size x size floats; mask: organs x size x size bytes (0/1). In place.
void applyAugmentation(const AugmentationDraw& draw, float* image, int channels, std::uint8_t* mask, int organs, int size);

} // namespace gireview
