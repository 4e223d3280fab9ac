#include "ModelInput.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <opencv2/imgproc.hpp>

namespace gireview {

Letterbox letterboxFor(int width, int height, int size) {
    Letterbox box;
    box.size = size;
    box.scale = double(size) / double(std::max(width, height));
    box.scaledWidth = std::max(1, int(std::lround(width * box.scale)));
    box.scaledHeight = std::max(1, int(std::lround(height * box.scale)));
    box.offsetX = (size - box.scaledWidth) / 2;
    box.offsetY = (size - box.scaledHeight) / 2;
    return box;
}

float normalisationScale(const ScanVolume& scan, const ModelCard& card) {
    const double level = scan.percentile(card.normalisationPercentile);
    return level > 0 ? float(1.0 / level) : 1.0f;
}

LetterboxedScan::LetterboxedScan(const ScanVolume& scan, const ModelCard& card)
    : scan_(scan), box_(letterboxFor(scan.geometry().width, scan.geometry().height, card.inputSize)),
      scale_(normalisationScale(scan, card)), clip_(float(card.normalisationClip)), depth_(scan.geometry().depth),
      pixels_(size_t(depth_) * size_t(box_.size) * size_t(box_.size), 0.0f) {}

void LetterboxedScan::prepare(int first, int last) {
    const auto& g = scan_.geometry();
    cv::Mat normalised(g.height, g.width, CV_32F);
    for (int z = first; z < last; ++z) {
        const std::uint16_t* src = scan_.slice(z);
        float* dst = normalised.ptr<float>();
        for (size_t i = 0; i < g.sliceSize(); ++i) dst[i] = std::min(float(src[i]) * scale_, clip_);
        cv::Mat out(box_.size, box_.size, CV_32F, const_cast<float*>(slice(z)));
        cv::Mat inner = out(cv::Rect(box_.offsetX, box_.offsetY, box_.scaledWidth, box_.scaledHeight));
        // Area averaging when shrinking avoids aliasing the bowel wall; linear when enlarging.
        cv::resize(normalised, inner, inner.size(), 0, 0, box_.scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    }
}

void LetterboxedScan::stackChannels(int z, const std::vector<int>& offsets, float* out) const {
    const size_t plane = size_t(box_.size) * size_t(box_.size);
    for (size_t c = 0; c < offsets.size(); ++c) {
        const int source = std::clamp(z + offsets[c], 0, depth_ - 1);
        std::memcpy(out + c * plane, slice(source), plane * sizeof(float));
    }
}

void letterboxMask(const LabelVolume& labels, int z, const Letterbox& box, std::uint8_t* out) {
    const auto& g = labels.geometry();
    const size_t plane = size_t(box.size) * size_t(box.size);
    std::memset(out, 0, plane * kOrganCount);
    cv::Mat organ(g.height, g.width, CV_8U);
    const std::uint8_t* bits = labels.slice(z);
    for (Organ o : kAllOrgans) {
        const std::uint8_t bit = organBit(o);
        std::uint8_t* dst = organ.ptr<std::uint8_t>();
        for (size_t i = 0; i < g.sliceSize(); ++i) dst[i] = (bits[i] & bit) ? 1 : 0;
        cv::Mat target(box.size, box.size, CV_8U, out + size_t(organIndex(o)) * plane);
        cv::Mat inner = target(cv::Rect(box.offsetX, box.offsetY, box.scaledWidth, box.scaledHeight));
        // NEAREST_EXACT samples pixel centres; plain NEAREST shifts masks by half a pixel.
        cv::resize(organ, inner, inner.size(), 0, 0, cv::INTER_NEAREST_EXACT);
    }
}

void restoreProbability(const float* modelMap, const Letterbox& box, int width, int height, std::uint8_t* out) {
    const cv::Mat map(box.size, box.size, CV_32F, const_cast<float*>(modelMap));
    const cv::Mat inner = map(cv::Rect(box.offsetX, box.offsetY, box.scaledWidth, box.scaledHeight));
    cv::Mat restored;
    cv::resize(inner, restored, cv::Size(width, height), 0, 0, cv::INTER_LINEAR);
    cv::Mat bytes(height, width, CV_8U, out);
    restored.convertTo(bytes, CV_8U, 255.0);
}

} // namespace gireview
