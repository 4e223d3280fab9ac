#include "analysis/Metrics.h"

#include <optional>

#include "data/DataError.h"
#include "analysis/DistanceTransform.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gireview {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

using Box = VoxelBox;

// The organ's voxels (or only its surface voxels: a 6-neighbour outside) inside `box`.
std::vector<std::uint8_t> crop(const LabelVolume& labels, std::uint8_t bit, const Box& box, bool surfaceOnly) {
    const auto& g = labels.geometry();
    std::vector<std::uint8_t> out(size_t(box.nx()) * size_t(box.ny()) * size_t(box.nz()), 0);
    if (!surfaceOnly) {
        for (int z = box.z0; z <= box.z1; ++z)
            for (int y = box.y0; y <= box.y1; ++y) {
                const std::uint8_t* row = labels.slice(z) + size_t(y) * size_t(g.width) + size_t(box.x0);
                std::uint8_t* target = out.data() + (size_t(z - box.z0) * size_t(box.ny()) + size_t(y - box.y0)) * size_t(box.nx());
                for (int x = 0; x < box.nx(); ++x) target[x] = (row[x] & bit) ? 1 : 0;
            }
        return out;
    }
    auto in = [&](int x, int y, int z) {
        return x >= 0 && y >= 0 && z >= 0 && x < g.width && y < g.height && z < g.depth && (labels.data()[g.index(x, y, z)] & bit);
    };
    for (int z = box.z0; z <= box.z1; ++z)
        for (int y = box.y0; y <= box.y1; ++y)
            for (int x = box.x0; x <= box.x1; ++x) {
                if (!in(x, y, z)) continue;
                if (surfaceOnly && in(x - 1, y, z) && in(x + 1, y, z) && in(x, y - 1, z) && in(x, y + 1, z) && in(x, y, z - 1) &&
                    in(x, y, z + 1))
                    continue;
                out[(size_t(z - box.z0) * size_t(box.ny()) + size_t(y - box.y0)) * size_t(box.nx()) + size_t(x - box.x0)] = 1;
            }
    return out;
}

// Distances (not squared) from each voxel of `from` to the nearest voxel of `to`.
std::vector<double> directedDistances(const std::vector<std::uint8_t>& from, const std::vector<std::uint8_t>& to, const Box& box,
                                      double sx, double sy, double sz) {
    const auto squared = squaredDistanceTransform(to, box.nx(), box.ny(), box.nz(), sx, sy, sz);
    std::vector<double> distances;
    for (size_t i = 0; i < from.size(); ++i)
        if (from[i]) distances.push_back(std::sqrt(squared[i]));
    return distances;
}

// The largest distance from a voxel of `from` to the nearest voxel of `to` (the directed
// Hausdorff distance); the transform finishes only the columns that hold `from` voxels.
double directedHausdorff(const std::vector<std::uint8_t>& from, const std::vector<std::uint8_t>& to, const Box& box, double sx,
                         double sy, double sz) {
    // Voxels of `from` inside `to` are at distance 0: only the columns holding the others count.
    const size_t sxy = size_t(box.nx()) * size_t(box.ny());
    std::vector<std::uint8_t> columns(sxy, 0);
    bool outside = false;
    for (size_t i = 0; i < from.size(); ++i)
        if (from[i] && !to[i]) columns[i % sxy] = 1, outside = true;
    if (!outside) return 0;
    const auto squared = squaredDistanceTransform(to, box.nx(), box.ny(), box.nz(), sx, sy, sz, &columns);
    double worst = 0;
    for (size_t i = 0; i < from.size(); ++i)
        if (from[i] && !to[i]) worst = std::max(worst, squared[i]);
    return std::sqrt(worst);
}

double percentile(std::vector<double> values, double percent) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const double rank = percent / 100.0 * double(values.size() - 1);
    const size_t lo = size_t(std::floor(rank)), hi = std::min(values.size() - 1, lo + 1);
    return values[lo] + (rank - double(lo)) * (values[hi] - values[lo]);
}

} // namespace

double hausdorffDistance(const LabelVolume& a, const LabelVolume& b, Organ organ, double sx, double sy, double sz) {
    const std::uint8_t bit = organBit(organ);
    const Box boxA = a.organBounds(organ), boxB = b.organBounds(organ);
    if (boxA.empty() && boxB.empty()) return 0;
    if (boxA.empty() || boxB.empty()) return kInfinity;
    const Box box = boxA.united(boxB);
    const auto maskA = crop(a, bit, box, false), maskB = crop(b, bit, box, false);
    return std::max(directedHausdorff(maskA, maskB, box, sx, sy, sz), directedHausdorff(maskB, maskA, box, sx, sy, sz));
}

SurfaceDistances surfaceDistances(const LabelVolume& truth, const LabelVolume& prediction, Organ organ) {
    SurfaceDistances result;
    const auto& g = truth.geometry();
    const std::uint8_t bit = organBit(organ);
    const Box boxA = truth.organBounds(organ), boxB = prediction.organBounds(organ);
    if (boxA.empty() || boxB.empty()) {
        result.surfaceDice1mm = result.surfaceDice2mm = boxA.empty() && boxB.empty() ? 1.0 : 0.0;
        return result;
    }
    const Box box = boxA.united(boxB);
    result.defined = true;
    result.hausdorffMm = hausdorffDistance(truth, prediction, organ, g.spacingX, g.spacingY, g.spacingZ);
    const auto surfaceA = crop(truth, bit, box, true), surfaceB = crop(prediction, bit, box, true);
    const auto ab = directedDistances(surfaceA, surfaceB, box, g.spacingX, g.spacingY, g.spacingZ);
    const auto ba = directedDistances(surfaceB, surfaceA, box, g.spacingX, g.spacingY, g.spacingZ);
    result.hausdorff95Mm = std::max(percentile(ab, 95), percentile(ba, 95));
    double sum = 0;
    for (double d : ab) sum += d;
    for (double d : ba) sum += d;
    result.meanSurfaceMm = sum / double(ab.size() + ba.size());
    auto surfaceDice = [&](double tau) {
        const auto within = [tau](const std::vector<double>& d) { return std::count_if(d.begin(), d.end(), [tau](double x) { return x <= tau; }); };
        return double(within(ab) + within(ba)) / double(ab.size() + ba.size());
    };
    result.surfaceDice1mm = surfaceDice(1.0);
    result.surfaceDice2mm = surfaceDice(2.0);
    return result;
}

double addedPathLengthMm(const LabelVolume& truth, const LabelVolume& prediction, Organ organ, double toleranceMm) {
    double total = 0;
    for (double mm : addedPathLengthBySliceMm(truth, prediction, organ, toleranceMm)) total += mm;
    return total;
}

std::vector<double> addedPathLengthBySliceMm(const LabelVolume& truth, const LabelVolume& prediction, Organ organ,
                                             double toleranceMm) {
    const auto& g = truth.geometry();
    std::vector<double> bySlice(size_t(g.depth), 0.0);
    const std::uint8_t bit = organBit(organ);
    const int w = g.width, h = g.height;
    // Pixels within the tolerance lie in this window: searched in the prediction's boundary map.
    const int rx = int(std::floor(toleranceMm / g.spacingX)), ry = int(std::floor(toleranceMm / g.spacingY));
    const double tolerance2 = toleranceMm * toleranceMm;
    std::vector<std::uint8_t> predictedBoundary(size_t(w) * size_t(h));
    auto boundary = [w, h, bit](const std::uint8_t* plane, int x, int y) {
        const auto in = [&](int u, int v) { return u >= 0 && v >= 0 && u < w && v < h && (plane[size_t(v) * size_t(w) + size_t(u)] & bit); };
        return in(x, y) && !(in(x - 1, y) && in(x + 1, y) && in(x, y - 1) && in(x, y + 1));
    };
    const VoxelBox truthBox = truth.organBounds(organ);
    if (truthBox.empty()) return bySlice;
    const double pixelMm = (g.spacingX + g.spacingY) / 2.0;
    for (int z = truthBox.z0; z <= truthBox.z1; ++z) {
        size_t added = 0;
        const std::uint8_t* t = truth.slice(z);
        const std::uint8_t* p = prediction.slice(z);
        // Only the prediction's boundary near the truth's box can be within the tolerance.
        for (int y = std::max(0, truthBox.y0 - ry); y <= std::min(h - 1, truthBox.y1 + ry); ++y)
            for (int x = std::max(0, truthBox.x0 - rx); x <= std::min(w - 1, truthBox.x1 + rx); ++x)
                predictedBoundary[size_t(y) * size_t(w) + size_t(x)] = boundary(p, x, y);
        for (int y = truthBox.y0; y <= truthBox.y1; ++y)
            for (int x = truthBox.x0; x <= truthBox.x1; ++x) {
                if (!boundary(t, x, y)) continue;
                bool near = false;
                for (int dy = -ry; dy <= ry && !near; ++dy)
                    for (int dx = -rx; dx <= rx && !near; ++dx) {
                        const int u = x + dx, v = y + dy;
                        if (u < 0 || v < 0 || u >= w || v >= h || !predictedBoundary[size_t(v) * size_t(w) + size_t(u)]) continue;
                        const double mx = dx * g.spacingX, my = dy * g.spacingY;
                        near = mx * mx + my * my <= tolerance2;
                    }
                added += !near;
            }
        bySlice[size_t(z)] = double(added) * pixelMm;
    }
    return bySlice;
}

namespace {
// The organ on the given slices only (both volumes are compared where the truth is known).
LabelVolume onSlices(const LabelVolume& labels, Organ organ, const LabelledSlices& slices) {
    LabelVolume kept(labels.day(), labels.geometry());
    const std::uint8_t bit = organBit(organ);
    for (int z = 0; z < labels.geometry().depth; ++z) {
        if (!slices.has(z, organ)) continue;
        const std::uint8_t* from = labels.slice(z);
        std::uint8_t* to = kept.slice(z);
        for (size_t i = 0; i < labels.geometry().sliceSize(); ++i) to[i] = from[i] & bit;
    }
    return kept;
}
} // namespace

EvaluationReport evaluate(const std::vector<CaseDayKey>& days, const std::map<CaseDayKey, LabelVolume>& truth,
                          const std::map<CaseDayKey, LabelVolume>& prediction, DiceConvention convention, const LabelledMap* labelled) {
    EvaluationReport report;
    report.convention = convention;
    std::array<double, kOrganCount> diceSum{}, hdSum{};
    std::array<size_t, kOrganCount> diceCount{}, hdCount{};
    for (const CaseDayKey& key : days) {
        auto t = truth.find(key);
        auto p = prediction.find(key);
        if (t == truth.end() && p == prediction.end()) continue;
        const VolumeGeometry g = t != truth.end() ? t->second.geometry() : p->second.geometry();
        if (t != truth.end() && p != prediction.end() && !t->second.geometry().sameGrid(p->second.geometry()))
            throw GeometryError("truth and prediction volumes differ in size", ErrorContext{{}, formatCaseDayName(key), {}, 0, {}});
        const LabelVolume empty(key, g);
        const LabelVolume& fullA = t != truth.end() ? t->second : empty;
        const LabelVolume& fullB = p != prediction.end() ? p->second : empty;
        const auto pairs = labelled ? labelled->find(key) : LabelledMap::const_iterator{};
        const bool partial = labelled != nullptr;
        if (partial && pairs == labelled->end()) continue; // the truth labels nothing of this day
        DayResult day;
        day.day = key;
        const double diagonal = std::sqrt(double(g.depth) * g.depth + double(g.height) * g.height + double(g.width) * g.width);
        const double cc = g.spacingX * g.spacingY * g.spacingZ / 1000.0;
        for (Organ organ : kAllOrgans) {
            const size_t o = size_t(organIndex(organ));
            const std::uint8_t bit = organBit(organ);
            OrganDayResult& r = day.organs[o];
            // Partly labelled truth: compare both volumes only on the organ's labelled slices.
            std::optional<LabelVolume> maskedA, maskedB;
            if (partial && !pairs->second.complete()) {
                if (!pairs->second.count(organ)) {
                    r.scored = false;
                    r.dice = std::numeric_limits<double>::quiet_NaN();
                    continue;
                }
                maskedA = onSlices(fullA, organ, pairs->second);
                maskedB = onSlices(fullB, organ, pairs->second);
            }
            const LabelVolume& a = maskedA ? *maskedA : fullA;
            const LabelVolume& b = maskedB ? *maskedB : fullB;
            double daySum = 0;
            size_t truthVoxels = 0, predVoxels = 0;
            for (int z = 0; z < g.depth; ++z) {
                if (maskedA && !pairs->second.has(z, organ)) continue;
                const std::uint8_t* sa = a.slice(z);
                const std::uint8_t* sb = b.slice(z);
                size_t na = 0, nb = 0, both = 0;
                for (size_t i = 0; i < g.sliceSize(); ++i) {
                    const bool x = sa[i] & bit, y = sb[i] & bit;
                    na += x, nb += y, both += x && y;
                }
                truthVoxels += na, predVoxels += nb;
                if (na + nb == 0) {
                    if (convention == DiceConvention::Official) continue;
                    daySum += 1.0;
                } else {
                    daySum += 2.0 * double(both) / double(na + nb);
                }
                ++r.diceSlices;
            }
            diceSum[o] += daySum;
            diceCount[o] += size_t(r.diceSlices);
            r.dice = r.diceSlices ? daySum / r.diceSlices : std::numeric_limits<double>::quiet_NaN();
            r.hausdorffVoxels = hausdorffDistance(a, b, organ, 1.0, 1.0, 1.0);
            if (truthVoxels == 0 && predVoxels == 0) r.hausdorffScore = 1.0;
            else if (truthVoxels == 0 || predVoxels == 0) r.hausdorffScore = 0.0;
            else r.hausdorffScore = 1.0 - std::min(r.hausdorffVoxels / diagonal, 1.0);
            hdSum[o] += r.hausdorffScore;
            ++hdCount[o];
            r.truthCc = double(truthVoxels) * cc;
            r.predictionCc = double(predVoxels) * cc;
            r.surface = surfaceDistances(a, b, organ);
            r.aplMm = addedPathLengthMm(a, b, organ);
        }
        report.days.push_back(day);
    }
    double allDice = 0, allHd = 0;
    size_t allDiceCount = 0, allHdCount = 0;
    for (int o = 0; o < kOrganCount; ++o) {
        report.organDice[size_t(o)] = diceCount[size_t(o)] ? diceSum[size_t(o)] / double(diceCount[size_t(o)]) : 0;
        report.organHausdorffScore[size_t(o)] = hdCount[size_t(o)] ? hdSum[size_t(o)] / double(hdCount[size_t(o)]) : 0;
        allDice += diceSum[size_t(o)], allDiceCount += diceCount[size_t(o)];
        allHd += hdSum[size_t(o)], allHdCount += hdCount[size_t(o)];
    }
    report.dice = allDiceCount ? allDice / double(allDiceCount) : 0;
    report.hausdorffScore = allHdCount ? allHd / double(allHdCount) : 0;
    report.score = 0.4 * report.dice + 0.6 * report.hausdorffScore;
    return report;
}

} // namespace gireview
