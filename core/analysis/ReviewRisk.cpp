#include "analysis/ReviewRisk.h"

#include "data/ParallelFor.h"

#include <algorithm>
#include <cmath>

namespace gireview {

std::vector<std::array<RiskFeatures, kOrganCount>>
reviewRiskFeatures(const OrganProbabilities& probability, const LabelVolume& prediction,
                   const LabelVolume* previousApproved) {
    const auto& g = prediction.geometry();
    const size_t plane = g.sliceSize();
    // Binary entropy of each probability byte, once.
    std::array<float, 256> entropy{};
    for (int v = 5; v <= 250; ++v) {
        const double p = v / 255.0;
        entropy[size_t(v)] = float(-(p * std::log2(p) + (1 - p) * std::log2(1 - p)));
    }
    const bool withPrevious =
        previousApproved && !previousApproved->empty() && previousApproved->geometry().sameGrid(g);
    std::vector<std::array<RiskFeatures, kOrganCount>> features(size_t(g.depth));
    const int reach = int(std::ceil(3.0 / std::min(g.spacingX, g.spacingY))) - 1; // about 3 mm
    for (Organ organ : kAllOrgans) {
        const size_t o = size_t(organIndex(organ));
        const std::uint8_t bit = organBit(organ);
        std::vector<double> area(size_t(g.depth), 0.0);
        // Slices are independent: the workers share them.
        parallelFor(size_t(g.depth), defaultThreadCount(), [&](size_t slice, int) {
            const int z = int(slice);
            std::vector<std::uint8_t> nearContour(plane, 0);
            RiskFeatures& f = features[size_t(z)][o];
            const std::uint8_t* p = probability[o].data() + plane * size_t(z);
            const std::uint8_t* labels = prediction.slice(z);
            size_t predicted = 0, band = 0, outside = 0;
            float bits = 0;
            for (size_t i = 0; i < plane; ++i) {
                band += (p[i] >= 51 && p[i] <= 204);
                bits += entropy[p[i]];
                const bool inside = (labels[i] & bit) != 0;
                predicted += inside;
                outside += (!inside && p[i] >= 13) ? p[i] : 0;
            }
            f.band = double(band), f.entropy = double(bits),
            f.outsideMass = double(outside) / 255.0;
            // Doubt away from the predicted contour: where the truth's boundary may lie far from
            // it.
            size_t contour = 0;
            for (int y = 0; y < g.height; ++y)
                for (int x = 0; x < g.width; ++x) {
                    const size_t i = size_t(y) * size_t(g.width) + size_t(x);
                    if (!(labels[i] & bit)) continue;
                    const bool edge = x == 0 || y == 0 || x + 1 == g.width || y + 1 == g.height ||
                                      !(labels[i - 1] & bit) || !(labels[i + 1] & bit) ||
                                      !(labels[i - size_t(g.width)] & bit) ||
                                      !(labels[i + size_t(g.width)] & bit);
                    if (!edge) continue;
                    ++contour;
                    for (int dy = -reach; dy <= reach; ++dy)
                        for (int dx = -reach; dx <= reach; ++dx) {
                            const int u = x + dx, v = y + dy;
                            if (u >= 0 && v >= 0 && u < g.width && v < g.height)
                                nearContour[size_t(v) * size_t(g.width) + size_t(u)] = 1;
                        }
                }
            size_t far = 0, disagree = 0;
            for (size_t i = 0; i < plane; ++i)
                far += !nearContour[i] && p[i] >= 26 && p[i] <= 230;
            if (withPrevious) {
                const std::uint8_t* before = previousApproved->slice(z);
                for (size_t i = 0; i < plane; ++i)
                    disagree += ((before[i] ^ labels[i]) & bit) != 0;
            }
            f.far = double(far), f.previous = double(disagree), f.contour = double(contour);
            area[size_t(z)] = double(predicted);
        });
        for (int z = 0; z < g.depth; ++z) {
            const double below = z > 0 ? area[size_t(z - 1)] : 0,
                         above = z + 1 < g.depth ? area[size_t(z + 1)] : 0;
            const double neighbours = (below + above) / 2;
            RiskFeatures& f = features[size_t(z)][o];
            if (area[size_t(z)] == 0 && below > 0 && above > 0)
                f.jump = neighbours; // vanished inside its range
            else if (neighbours > 0 && std::abs(area[size_t(z)] - neighbours) > neighbours / 3)
                f.jump = std::abs(area[size_t(z)] - neighbours) / 2;
        }
    }
    return features;
}

double combineRisk(const RiskFeatures& f) {
    // Weights: the best top-20 % APL share of a search over bench_risk's pairs (three unseen
    // phantom days, the default model, the flip on 5 % of the slices; GIREVIEW_RISK_DUMP writes
    // them).
    const double raw = 0.25 * f.contour + 0.25 * f.band + 0.25 * f.entropy + 4.0 * f.far +
                       1.0 * f.outsideMass + 4.0 * f.jump + 0.25 * f.previous + 4.0 * f.flip;
    return 1.0 - std::exp(-raw / 4000.0);
}

SliceRisk reviewRisk(const OrganProbabilities& probability,
                                                       const LabelVolume& prediction,
                                                       const LabelVolume* previousApproved) {
    const auto features = reviewRiskFeatures(probability, prediction, previousApproved);
    std::vector<std::array<float, kOrganCount>> risk(features.size());
    for (size_t z = 0; z < features.size(); ++z)
        for (size_t o = 0; o < kOrganCount; ++o)
            risk[z][o] = float(combineRisk(features[z][o]));
    return risk;
}

} // namespace gireview
