#include "Augmentation.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace gireview {

AugmentationDraw drawAugmentation(std::mt19937_64& rng, const AugmentationSettings& s, int size) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto symmetric = [&](double range) { return (unit(rng) * 2.0 - 1.0) * range; };
    AugmentationDraw draw;
    // Every value is drawn even when unused, so one sample's draw never shifts the next one's.
    const bool apply = unit(rng) < s.probability;
    draw.flipX = unit(rng) < s.flipXProbability;
    draw.flipY = unit(rng) < s.flipYProbability;
    draw.shiftX = symmetric(s.maxShiftFraction * size);
    draw.shiftY = symmetric(s.maxShiftFraction * size);
    draw.scale = 1.0 + symmetric(s.maxScaleChange);
    draw.rotationDegrees = symmetric(s.maxRotationDegrees);
    draw.brightness = symmetric(s.maxBrightness);
    draw.contrast = 1.0 + symmetric(s.maxContrast);
    draw.gamma = 1.0 + symmetric(s.maxGammaChange);
    draw.noiseSigma = unit(rng) * s.maxNoiseSigma;
    draw.noiseSeed = rng();
    if (!apply) {
        const bool flipX = draw.flipX, flipY = draw.flipY;
        draw = AugmentationDraw{};
        draw.flipX = flipX;
        draw.flipY = flipY;
    }
    draw.identity = !apply && !draw.flipX && !draw.flipY;
    return draw;
}

void applyAugmentation(const AugmentationDraw& draw, float* image, int channels, std::uint8_t* mask, int organs, int size) {
    if (draw.identity) return;
    const double centre = (size - 1) / 2.0;
    cv::Mat affine = cv::getRotationMatrix2D(cv::Point2f(float(centre), float(centre)), draw.rotationDegrees, draw.scale);
    affine.at<double>(0, 2) += draw.shiftX;
    affine.at<double>(1, 2) += draw.shiftY;
    // Flips first (about the centre), then the similarity transform.
    cv::Mat flip = cv::Mat::eye(3, 3, CV_64F);
    if (draw.flipX) {
        flip.at<double>(0, 0) = -1;
        flip.at<double>(0, 2) = size - 1;
    }
    if (draw.flipY) {
        flip.at<double>(1, 1) = -1;
        flip.at<double>(1, 2) = size - 1;
    }
    cv::Mat full = cv::Mat::eye(3, 3, CV_64F);
    affine.copyTo(full(cv::Rect(0, 0, 3, 2)));
    const cv::Mat product = full * flip;
    const cv::Mat matrix = product(cv::Rect(0, 0, 3, 2)).clone();
    const size_t plane = size_t(size) * size_t(size);
    cv::Mat warped;
    for (int c = 0; c < channels; ++c) {
        cv::Mat channel(size, size, CV_32F, image + size_t(c) * plane);
        cv::warpAffine(channel, warped, matrix, channel.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
        warped.copyTo(channel);
    }
    for (int o = 0; o < organs; ++o) {
        cv::Mat organ(size, size, CV_8U, mask + size_t(o) * plane);
        cv::warpAffine(organ, warped, matrix, organ.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
        warped.copyTo(organ);
    }
    if (draw.brightness == 0 && draw.contrast == 1 && draw.gamma == 1 && draw.noiseSigma == 0) return;
    std::mt19937_64 noise(draw.noiseSeed);
    std::normal_distribution<float> gauss(0.0f, float(draw.noiseSigma));
    const size_t count = plane * size_t(channels);
    for (size_t i = 0; i < count; ++i) {
        float v = std::max(image[i], 0.0f);
        if (draw.gamma != 1) v = std::pow(v, float(draw.gamma));
        v = v * float(draw.contrast) + float(draw.brightness);
        if (draw.noiseSigma > 0) v += gauss(noise);
        image[i] = v;
    }
}

} // namespace gireview
