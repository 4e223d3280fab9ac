// review_risk: how well the review risk of a model run ranks the (slice, organ) pairs that need
// an edit, on three phantom case-days of a seed never used in training, with the default model.
// Every pair where the prediction or the truth is non-empty counts; the need is the added path
// length (APL) of the prediction against the truth. Printed: the share of the total APL in the
// top 20 % of pairs by risk, by a perfect ranking (by the true APL) and by the predicted contour
// length (a baseline that knows only size), the ratio to perfect, and the AUROC of risk for
// "needs an edit" (APL > 0). Also the risk's cost against the run (infer_day_risk).
// GIREVIEW_RISK_DUMP=FILE writes every pair (risk, APL, contour, areas, features) for tuning.
#include "BenchTiming.h"
#include "DayInference.h"
#include "DayRisk.h"
#include "SegmentationModel.h"
#include "analysis/Metrics.h"
#include "analysis/ReviewRisk.h"
#include "phantom/Phantom.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <numeric>
#include <vector>

using namespace gireview;

namespace {

struct Pair {
    double risk = 0, apl = 0, contour = 0, truthArea = 0, predArea = 0;
    RiskFeatures f;
};

// Boundary pixels (4-neighbour outside the mask or the image) of the organ on slice z.
double contourPixels(const LabelVolume& labels, int z, Organ organ) {
    const auto& g = labels.geometry();
    auto in = [&](int x, int y) {
        return x >= 0 && y >= 0 && x < g.width && y < g.height && labels.has(x, y, z, organ);
    };
    double n = 0;
    for (int y = 0; y < g.height; ++y)
        for (int x = 0; x < g.width; ++x)
            n += in(x, y) && !(in(x - 1, y) && in(x + 1, y) && in(x, y - 1) && in(x, y + 1));
    return n;
}

// Share of the total APL in the top 20 % of pairs by `key`.
double topShare(std::vector<Pair> pairs, const std::function<double(const Pair&)>& key) {
    std::stable_sort(pairs.begin(), pairs.end(),
                     [&](const Pair& a, const Pair& b) { return key(a) > key(b); });
    const size_t top = (pairs.size() + 4) / 5;
    double inTop = 0, total = 0;
    for (size_t i = 0; i < pairs.size(); ++i) {
        total += pairs[i].apl;
        if (i < top) inTop += pairs[i].apl;
    }
    return total > 0 ? inTop / total : 0;
}

// AUROC of risk for apl > 0 (ties count a half), by the rank-sum.
double auroc(const std::vector<Pair>& pairs) {
    std::vector<size_t> order(pairs.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return pairs[a].risk < pairs[b].risk; });
    double rankSum = 0, positives = 0;
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j + 1 < order.size() && pairs[order[j + 1]].risk == pairs[order[i]].risk)
            ++j;
        const double rank = (double(i) + double(j)) / 2 + 1;
        for (size_t k = i; k <= j; ++k)
            if (pairs[order[k]].apl > 0) rankSum += rank, positives += 1;
        i = j + 1;
    }
    const double negatives = double(pairs.size()) - positives;
    if (positives == 0 || negatives == 0) return 0.5;
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
}

} // namespace

int main() {
    if (!std::filesystem::exists(GIREVIEW_DEFAULT_MODEL)) {
        std::printf("# review_risk skipped: no default model at %s\n", GIREVIEW_DEFAULT_MODEL);
        return 0;
    }
    const auto model = SegmentationModel::load(GIREVIEW_DEFAULT_MODEL, DeviceRequest::Cpu);
    PhantomOptions options;
    options.cases = 3;
    options.daysPerCase = 1;
    options.seed = 20261202; // the default model was trained on seed 11
    std::vector<Pair> pairs;
    std::vector<double> predictMs, riskMs;
    for (int c = 0; c < options.cases; ++c) {
        const PhantomDay day = generatePhantomDay(options, c, 0);
        auto start = Clock::now();
        const DayPrediction prediction = predictDay(model, day.scan);
        predictMs.push_back(msSince(start));
        start = Clock::now();
        DayRiskOptions riskOptions;
        if (const char* share = std::getenv("GIREVIEW_RISK_FLIP_SHARE")) // for tuning
            riskOptions.flipShare = std::atof(share);
        const auto features = dayRiskFeatures(model, day.scan, prediction, riskOptions);
        SliceRisk risk(features.size());
        for (size_t z = 0; z < features.size(); ++z)
            for (size_t o = 0; o < kOrganCount; ++o)
                risk[z][o] = float(combineRisk(features[z][o]));
        riskMs.push_back(msSince(start));
        for (Organ organ : kAllOrgans) {
            const auto apl = addedPathLengthBySliceMm(day.labels, prediction.labels, organ);
            for (int z = 0; z < day.labels.geometry().depth; ++z) {
                if (!day.labels.countOnSlice(z, organ) && !prediction.labels.countOnSlice(z, organ))
                    continue;
                pairs.push_back({risk[size_t(z)][size_t(organIndex(organ))], apl[size_t(z)],
                                 contourPixels(prediction.labels, z, organ),
                                 double(day.labels.countOnSlice(z, organ)),
                                 double(prediction.labels.countOnSlice(z, organ)),
                                 features[size_t(z)][size_t(organIndex(organ))]});
            }
        }
    }
    if (std::getenv("GIREVIEW_RISK_DUMP")) {
        std::FILE* f = std::fopen(std::getenv("GIREVIEW_RISK_DUMP"), "w");
        for (const auto& p : pairs)
            std::fprintf(f, "%g,%g,%g,%g,%g,%g,%g,%g,%g,%g,%g\n", p.risk, p.apl, p.contour,
                         p.truthArea, p.predArea, p.f.band, p.f.entropy, p.f.far, p.f.outsideMass,
                         p.f.jump, p.f.flip);
        std::fclose(f);
    }
    size_t needEdit = 0;
    for (const auto& p : pairs)
        needEdit += p.apl > 0;
    const double ours = topShare(pairs, [](const Pair& p) { return p.risk; });
    const double perfect = topShare(pairs, [](const Pair& p) { return p.apl; });
    const double baseline = topShare(pairs, [](const Pair& p) { return p.contour; });
    std::printf("review_risk.pairs %zu pairs\n", pairs.size());
    std::printf("review_risk.need_edit %.1f %%\n", 100.0 * double(needEdit) / double(pairs.size()));
    std::printf("review_risk.top20_apl_share %.3f\n", ours);
    std::printf("review_risk.top20_apl_share.perfect %.3f\n", perfect);
    std::printf("review_risk.top20_apl_share.contour_baseline %.3f\n", baseline);
    std::printf("review_risk.of_perfect %.2f (goal 0.80)\n", perfect > 0 ? ours / perfect : 0);
    std::printf("review_risk.over_baseline %.1f points (goal 10)\n", 100 * (ours - baseline));
    std::printf("review_risk.auroc %.3f (goal 0.80)\n", auroc(pairs));
    std::printf("infer_day_risk.risk %.1f ms\n", median(riskMs));
    std::printf("infer_day_risk.added %.1f %% of the run (goal under 10)\n",
                100 * median(riskMs) / median(predictMs));
    return 0;
}
