#include "DayRisk.h"

#include "ModelInput.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gireview {

namespace {

// Mirrors every row of `planes` S x S images in place.
void mirrorRows(float* data, size_t planes, int size) {
    for (size_t p = 0; p < planes; ++p)
        for (int y = 0; y < size; ++y) {
            float* row = data + (p * size_t(size) + size_t(y)) * size_t(size);
            std::reverse(row, row + size);
        }
}

} // namespace

std::vector<std::array<float, kOrganCount>> flipDisagreement(const SegmentationModel& model,
                                                              const ScanVolume& scan,
                                                              const DayPrediction& prediction,
                                                              const std::vector<int>& slices,
                                                              int batchSize) {
    const ModelCard& card = model.card();
    const auto& g = scan.geometry();
    std::vector<std::array<float, kOrganCount>> changed(size_t(g.depth),
                                                         std::array<float, kOrganCount>{});
    if (slices.empty()) return changed;
    const int size = card.inputSize, channels = card.inputChannels();
    const size_t plane = size_t(size) * size_t(size);
    LetterboxedScan input(scan, card);
    const Letterbox box = input.letterbox();
    const auto [low, high] =
        std::minmax_element(card.channelOffsets.begin(), card.channelOffsets.end());
    std::vector<char> prepared(size_t(g.depth), 0);
    for (int z : slices)
        for (int s = std::max(0, z + *low); s <= std::min(g.depth - 1, z + *high); ++s)
            if (!prepared[size_t(s)]) input.prepare(s, s + 1), prepared[size_t(s)] = 1;

    const int batch = std::max(1, batchSize);
    std::vector<std::uint8_t> restored(g.sliceSize());
    for (size_t first = 0; first < slices.size(); first += size_t(batch)) {
        const int count = int(std::min(size_t(batch), slices.size() - first));
        std::vector<float> in(size_t(count) * size_t(channels) * plane);
        for (int i = 0; i < count; ++i)
            input.stackChannels(slices[first + size_t(i)], card.channelOffsets,
                                in.data() + size_t(i) * size_t(channels) * plane);
        mirrorRows(in.data(), size_t(count) * size_t(channels), size);
        std::vector<float> out(size_t(count) * kOrganCount * plane);
        model.predict(in.data(), count, out.data());
        mirrorRows(out.data(), size_t(count) * kOrganCount, size);
        for (int i = 0; i < count; ++i) {
            const int z = slices[first + size_t(i)];
            for (size_t o = 0; o < kOrganCount; ++o) {
                restoreProbability(out.data() + (size_t(i) * kOrganCount + o) * plane, box,
                                   g.width, g.height, restored.data());
                // The same cut as labelsFromProbabilities, before its island removal: what the
                // network itself changes its mind about.
                const int cut = int(card.thresholds[o] * 255.0);
                const std::uint8_t* original = prediction.probability[o].data() + g.sliceSize() * size_t(z);
                size_t differ = 0;
                for (size_t p = 0; p < g.sliceSize(); ++p)
                    differ += (restored[p] > cut) != (original[p] > cut);
                changed[size_t(z)][o] = float(differ);
            }
        }
    }
    return changed;
}

std::vector<std::array<RiskFeatures, kOrganCount>>
dayRiskFeatures(const SegmentationModel& model, const ScanVolume& scan,
                const DayPrediction& prediction, const DayRiskOptions& options) {
    auto features =
        reviewRiskFeatures(prediction.probability, prediction.labels, options.previousApproved);
    const int depth = int(features.size());
    std::vector<double> doubt(size_t(depth), 0.0);
    for (int z = 0; z < depth; ++z)
        for (const auto& organ : features[size_t(z)])
            doubt[size_t(z)] += organ.band;
    std::vector<int> order(static_cast<size_t>(depth));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return doubt[size_t(a)] > doubt[size_t(b)]; });
    const size_t budget =
        std::max<size_t>(1, size_t(std::lround(options.flipShare * double(depth))));
    std::vector<int> flipped;
    for (int z : order) {
        if (flipped.size() >= budget || doubt[size_t(z)] <= 0) break;
        flipped.push_back(z);
    }
    std::sort(flipped.begin(), flipped.end());
    const auto changed = flipDisagreement(model, scan, prediction, flipped, options.batchSize);
    for (int z = 0; z < depth; ++z)
        for (size_t o = 0; o < kOrganCount; ++o)
            features[size_t(z)][o].flip = double(changed[size_t(z)][o]);
    return features;
}

SliceRisk dayRisk(const SegmentationModel& model, const ScanVolume& scan,
                  const DayPrediction& prediction, const DayRiskOptions& options) {
    const auto features = dayRiskFeatures(model, scan, prediction, options);
    SliceRisk risk(features.size());
    for (size_t z = 0; z < features.size(); ++z)
        for (size_t o = 0; o < kOrganCount; ++o)
            risk[z][o] = float(combineRisk(features[z][o]));
    for (int z : scan.unusableSlices()) risk[size_t(z)].fill(0.0f); // nothing to review on a blank slice
    return risk;
}

} // namespace gireview
