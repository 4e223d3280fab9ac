#include "analysis/ReviewRisk.h"

#include <algorithm>
#include <cmath>

namespace gireview {

std::vector<std::array<float, kOrganCount>> reviewRisk(const OrganProbabilities& probability,
                                                       const LabelVolume& prediction,
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
    std::vector<std::array<float, kOrganCount>> risk(size_t(g.depth));
    // Weights measured with bench_risk (three unseen phantom days, the default model).
    constexpr double wBand = 1, wEntropy = 0.25, wFar = 3, wJump = 1, wPrevious = 0.25;
    const int reach = int(std::ceil(3.0 / std::min(g.spacingX, g.spacingY))) - 1; // about 3 mm
    std::vector<std::uint8_t> nearContour(plane);
    for (Organ organ : kAllOrgans) {
        const size_t o = size_t(organIndex(organ));
        const std::uint8_t bit = organBit(organ);
        std::vector<double> raw(size_t(g.depth), 0.0), area(size_t(g.depth), 0.0);
        for (int z = 0; z < g.depth; ++z) {
            const std::uint8_t* p = probability[o].data() + plane * size_t(z);
            const std::uint8_t* labels = prediction.slice(z);
            double band = 0, bits = 0, disagree = 0;
            size_t predicted = 0;
            for (size_t i = 0; i < plane; ++i) {
                band += (p[i] >= 51 && p[i] <= 204);
                bits += entropy[p[i]];
                predicted += (labels[i] & bit) != 0;
            }
            // Doubt away from the predicted contour: where the truth's boundary may lie far from
            // it.
            std::fill(nearContour.begin(), nearContour.end(), 0);
            double far = 0;
            for (int y = 0; y < g.height; ++y)
                for (int x = 0; x < g.width; ++x) {
                    const size_t i = size_t(y) * size_t(g.width) + size_t(x);
                    if (!(labels[i] & bit)) continue;
                    const bool edge = x == 0 || y == 0 || x + 1 == g.width || y + 1 == g.height ||
                                      !(labels[i - 1] & bit) || !(labels[i + 1] & bit) ||
                                      !(labels[i - size_t(g.width)] & bit) ||
                                      !(labels[i + size_t(g.width)] & bit);
                    if (!edge) continue;
                    for (int dy = -reach; dy <= reach; ++dy)
                        for (int dx = -reach; dx <= reach; ++dx) {
                            const int u = x + dx, v = y + dy;
                            if (u >= 0 && v >= 0 && u < g.width && v < g.height)
                                nearContour[size_t(v) * size_t(g.width) + size_t(u)] = 1;
                        }
                }
            for (size_t i = 0; i < plane; ++i)
                far += !nearContour[i] && p[i] >= 26 && p[i] <= 230;
            if (withPrevious) {
                const std::uint8_t* before = previousApproved->slice(z);
                for (size_t i = 0; i < plane; ++i)
                    disagree += ((before[i] ^ labels[i]) & bit) != 0;
            }
            area[size_t(z)] = double(predicted);
            raw[size_t(z)] = wBand * band + wEntropy * bits + wFar * far + wPrevious * disagree;
        }
        for (int z = 0; z < g.depth; ++z) {
            const double below = z > 0 ? area[size_t(z - 1)] : 0,
                         above = z + 1 < g.depth ? area[size_t(z + 1)] : 0;
            const double neighbours = (below + above) / 2;
            if (area[size_t(z)] == 0 && below > 0 && above > 0)
                raw[size_t(z)] += wJump * neighbours; // vanished inside
            else if (neighbours > 0 && std::abs(area[size_t(z)] - neighbours) > neighbours / 3)
                raw[size_t(z)] += wJump * std::abs(area[size_t(z)] - neighbours) / 2;
            risk[size_t(z)][o] = float(1.0 - std::exp(-raw[size_t(z)] / 1000.0));
        }
    }
    return risk;
}

} // namespace gireview
