#include "analysis/QaChecks.h"

#include "data/ParallelFor.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

namespace gireview {

namespace {

// clang-format off
constexpr std::array<std::string_view, 6> kKindNames = {"gap", "island", "overlap", "volume_change",
                                                        "outside_body", "swap"};
// clang-format on

std::string format(const char* pattern, double a, double b = 0, double c = 0) {
    char text[160];
    std::snprintf(text, sizeof text, pattern, a, b, c);
    return text;
}

struct DayView {
    const QaDayInput& input;
    const VolumeGeometry& g;
    bool labelled(int z, Organ organ) const {
        return !input.labelled || input.labelled->has(z, organ);
    }
    size_t area(int z, Organ organ) const {
        return labelled(z, organ) ? input.labels->countOnSlice(z, organ) : 0;
    }
};

// Consecutive flagged slices become one flag each.
void addRuns(std::vector<QaFlag>& flags, const DayView& view, Organ organ, QaKind kind,
             const std::vector<char>& flagged, const std::vector<std::string>& details) {
    const int depth = int(flagged.size());
    for (int z = 0; z < depth;) {
        if (!flagged[size_t(z)]) {
            ++z;
            continue;
        }
        int last = z;
        while (last + 1 < depth && flagged[size_t(last + 1)])
            ++last;
        QaFlag flag{view.input.labels->day(), organ, kind, z + 1, last + 1, details[size_t(z)]};
        if (last > z)
            flag.detail +=
                " (slices " + std::to_string(z + 1) + "-" + std::to_string(last + 1) + ")";
        flags.push_back(std::move(flag));
        z = last + 1;
    }
}

void checkGaps(std::vector<QaFlag>& flags, const DayView& view, Organ organ,
               const QaThresholds& t) {
    const int depth = view.g.depth;
    int first = -1, last = -1;
    std::vector<char> present(size_t(depth), 0);
    for (int z = 0; z < depth; ++z)
        if (view.area(z, organ)) {
            present[size_t(z)] = 1;
            if (first < 0) first = z;
            last = z;
        }
    if (first < 0) return;
    for (int z = first + 1; z < last;) {
        if (present[size_t(z)] || !view.labelled(z, organ)) {
            ++z;
            continue;
        }
        int end = z;
        while (end + 1 < last && !present[size_t(end + 1)] && view.labelled(end + 1, organ))
            ++end;
        if (end - z + 1 >= int(t.gapMinSlices)) {
            std::string detail = "no " + std::string(organDisplayName(organ)) + " on ";
            detail += end > z ? "slices " + std::to_string(z + 1) + "-" + std::to_string(end + 1)
                              : "slice " + std::to_string(z + 1);
            detail += " between slices " + std::to_string(first + 1) + " and " +
                      std::to_string(last + 1) + " where it is present";
            flags.push_back({view.input.labels->day(), organ, QaKind::Gap, z + 1, end + 1, detail});
        }
        z = end + 1;
    }
}

void checkIslands(std::vector<QaFlag>& flags, const DayView& view, Organ organ,
                  const QaThresholds& t) {
    const auto& g = view.g;
    const VoxelBox box = view.input.labels->organBounds(organ);
    if (box.empty()) return;
    const int nx = box.nx(), ny = box.ny(), nz = box.nz();
    const std::uint8_t bit = organBit(organ);
    auto inOrgan = [&](int x, int y, int z) {
        return view.labelled(z, organ) &&
               (view.input.labels->slice(z)[size_t(y) * size_t(g.width) + size_t(x)] & bit);
    };
    auto local = [&](int x, int y, int z) {
        return (size_t(z - box.z0) * size_t(ny) + size_t(y - box.y0)) * size_t(nx) +
               size_t(x - box.x0);
    };
    // 26-connected pieces; the voxels of small ones are kept for the distance search.
    std::vector<int> piece(size_t(nx) * size_t(ny) * size_t(nz), 0);
    std::vector<size_t> sizes{0};
    std::vector<std::vector<std::array<int, 3>>> smallVoxels{{}};
    std::vector<std::array<int, 3>> stack, voxels;
    for (int z = box.z0; z <= box.z1; ++z)
        for (int y = box.y0; y <= box.y1; ++y)
            for (int x = box.x0; x <= box.x1; ++x) {
                if (piece[local(x, y, z)] || !inOrgan(x, y, z)) continue;
                const int id = int(sizes.size());
                voxels.clear();
                stack.assign(1, {x, y, z});
                piece[local(x, y, z)] = id;
                while (!stack.empty()) {
                    const auto v = stack.back();
                    stack.pop_back();
                    voxels.push_back(v);
                    for (int dz = -1; dz <= 1; ++dz)
                        for (int dy = -1; dy <= 1; ++dy)
                            for (int dx = -1; dx <= 1; ++dx) {
                                const int px = v[0] + dx, py = v[1] + dy, pz = v[2] + dz;
                                if (px < box.x0 || px > box.x1 || py < box.y0 || py > box.y1 ||
                                    pz < box.z0 || pz > box.z1)
                                    continue;
                                int& p = piece[local(px, py, pz)];
                                if (p || !inOrgan(px, py, pz)) continue;
                                p = id;
                                stack.push_back({px, py, pz});
                            }
                }
                sizes.push_back(voxels.size());
                smallVoxels.push_back(voxels.size() <= size_t(t.islandMaxVoxels)
                                          ? voxels
                                          : std::vector<std::array<int, 3>>{});
            }
    if (sizes.size() < 3) return; // one piece: nothing is away from anything
    const size_t largest = size_t(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
    const double d = t.islandMinDistanceMm, d2 = d * d;
    const int rx = int(std::ceil(d / g.spacingX)), ry = int(std::ceil(d / g.spacingY)),
              rz = int(std::ceil(d / g.spacingZ));
    for (size_t id = 1; id < sizes.size(); ++id) {
        const auto& own = smallVoxels[id];
        if (id == largest || own.empty()) continue;
        VoxelBox near{box.x1, box.y1, box.z1, box.x0, box.y0, box.z0};
        for (const auto& v : own) {
            near.x0 = std::min(near.x0, v[0]), near.x1 = std::max(near.x1, v[0]);
            near.y0 = std::min(near.y0, v[1]), near.y1 = std::max(near.y1, v[1]);
            near.z0 = std::min(near.z0, v[2]), near.z1 = std::max(near.z1, v[2]);
        }
        const int firstSlice = near.z0 + 1, lastSlice = near.z1 + 1;
        near.x0 = std::max(box.x0, near.x0 - rx), near.x1 = std::min(box.x1, near.x1 + rx);
        near.y0 = std::max(box.y0, near.y0 - ry), near.y1 = std::min(box.y1, near.y1 + ry);
        near.z0 = std::max(box.z0, near.z0 - rz), near.z1 = std::min(box.z1, near.z1 + rz);
        double nearest2 = std::numeric_limits<double>::infinity();
        for (int z = near.z0; z <= near.z1 && nearest2 >= d2; ++z)
            for (int y = near.y0; y <= near.y1 && nearest2 >= d2; ++y)
                for (int x = near.x0; x <= near.x1; ++x) {
                    const int p = piece[local(x, y, z)];
                    if (!p || size_t(p) == id) continue;
                    for (const auto& v : own) {
                        const double ex = (x - v[0]) * g.spacingX, ey = (y - v[1]) * g.spacingY,
                                     ez = (z - v[2]) * g.spacingZ;
                        nearest2 = std::min(nearest2, ex * ex + ey * ey + ez * ez);
                    }
                    if (nearest2 < d2) break;
                }
        if (nearest2 < d2) continue;
        std::string detail = "a piece of " + std::to_string(own.size()) + " voxels with ";
        detail += std::isfinite(nearest2)
                      ? format("the rest of the organ %.0f mm away", std::sqrt(nearest2))
                      : format("no other part of the organ within %.0f mm", d);
        if (lastSlice > firstSlice)
            detail +=
                " (slices " + std::to_string(firstSlice) + "-" + std::to_string(lastSlice) + ")";
        flags.push_back(
            {view.input.labels->day(), organ, QaKind::Island, firstSlice, lastSlice, detail});
    }
}

void checkOverlaps(std::vector<QaFlag>& flags, const DayView& view, Organ organ,
                   const QaThresholds& t) {
    const auto& g = view.g;
    std::vector<char> flagged(size_t(g.depth), 0);
    std::vector<std::string> details(size_t(g.depth));
    const std::uint8_t bit = organBit(organ);
    for (int z = 0; z < g.depth; ++z) {
        const size_t area = view.area(z, organ);
        if (!area) continue;
        const std::uint8_t* s = view.input.labels->slice(z);
        std::array<size_t, kOrganCount> shared{};
        for (size_t i = 0; i < g.sliceSize(); ++i)
            if ((s[i] & bit) && (s[i] & ~bit))
                for (Organ other : kAllOrgans)
                    shared[size_t(organIndex(other))] += (s[i] & organBit(other)) ? 1 : 0;
        for (Organ other : kAllOrgans) {
            const size_t common = shared[size_t(organIndex(other))];
            if (other == organ || !view.labelled(z, other) || common < size_t(t.overlapMinPixels))
                continue;
            const double fraction = double(common) / double(area);
            if (fraction <= t.overlapFraction) continue;
            flagged[size_t(z)] = 1;
            details[size_t(z)] = format("%.0f %% of its area on the slice", 100 * fraction) +
                                 " is also labelled " + std::string(organClassName(other));
        }
    }
    addRuns(flags, view, organ, QaKind::Overlap, flagged, details);
}

double organCc(const LabelVolume& labels, const LabelledSlices* labelled, Organ organ, bool& any) {
    const auto& g = labels.geometry();
    size_t voxels = 0;
    any = false;
    for (int z = 0; z < g.depth; ++z)
        if (!labelled || labelled->has(z, organ)) {
            any = true;
            voxels += labels.countOnSlice(z, organ);
        }
    return double(voxels) * g.spacingX * g.spacingY * g.spacingZ / 1000.0;
}

void checkVolume(std::vector<QaFlag>& flags, const DayView& view, Organ organ,
                 const QaThresholds& t) {
    const LabelVolume* previous = view.input.previousDay;
    if (!previous || previous->empty()) return;
    bool anyNow = false, anyBefore = false;
    const double now = organCc(*view.input.labels, view.input.labelled, organ, anyNow);
    const double before = organCc(*previous, view.input.previousLabelled, organ, anyBefore);
    if (!anyNow || !anyBefore || now < t.volumeMinCc || before < t.volumeMinCc) return;
    const double ratio = now / before;
    if (ratio <= t.volumeGrowth && ratio >= t.volumeShrink) return;
    const std::string detail =
        format("%.1f cc against %.1f cc on ", now, before) + formatCaseDayName(previous->day()) +
        format(" (x%.2f; allowed x%.2f to x%.2f)", ratio, t.volumeShrink, t.volumeGrowth);
    flags.push_back({view.input.labels->day(), organ, QaKind::VolumeChange, 0, 0, detail});
}

// Separable square dilation by r pixels (Chebyshev distance), with running sums per line.
void dilate(std::vector<std::uint8_t>& mask, int w, int h, int r) {
    if (r <= 0) return;
    auto pass = [r](std::uint8_t* line, int n, int stride, std::vector<int>& sums) {
        sums.assign(size_t(n) + 1, 0);
        for (int i = 0; i < n; ++i)
            sums[size_t(i) + 1] = sums[size_t(i)] + (line[i * stride] ? 1 : 0);
        for (int i = 0; i < n; ++i)
            line[i * stride] =
                sums[size_t(std::min(n, i + r + 1))] - sums[size_t(std::max(0, i - r))] > 0;
    };
    std::vector<int> sums;
    for (int y = 0; y < h; ++y)
        pass(mask.data() + size_t(y) * size_t(w), w, 1, sums);
    for (int x = 0; x < w; ++x)
        pass(mask.data() + x, h, w, sums);
}

// The widened body outline of every slice where a reported organ is labelled, in parallel.
std::vector<std::vector<std::uint8_t>> bodyOutlines(const DayView& view, const QaThresholds& t) {
    const auto& g = view.g;
    const ScanVolume& scan = *view.input.scan;
    const std::uint16_t threshold = bodyThreshold(scan);
    const int margin = int(std::lround(t.bodyMarginMm / std::min(g.spacingX, g.spacingY)));
    std::vector<std::vector<std::uint8_t>> bodies(size_t(g.depth));
    parallelFor(size_t(g.depth), defaultThreadCount(), [&](size_t z, int) {
        bool needed = false;
        for (Organ organ : kAllOrgans)
            needed = needed || ((view.input.organs & organBit(organ)) && view.area(int(z), organ));
        if (!needed) return;
        bodies[z] = bodyOutline(scan, int(z), threshold);
        dilate(bodies[z], g.width, g.height, margin);
    });
    return bodies;
}

void checkOutsideBody(std::vector<QaFlag>& flags, const DayView& view, Organ organ,
                      const QaThresholds& t, const std::vector<std::vector<std::uint8_t>>& bodies) {
    const auto& g = view.g;
    std::vector<char> flagged(size_t(g.depth), 0);
    std::vector<std::string> details(size_t(g.depth));
    const std::uint8_t bit = organBit(organ);
    for (int z = 0; z < g.depth; ++z) {
        if (!view.area(z, organ)) continue;
        const auto& body = bodies[size_t(z)];
        size_t inside = 0, outside = 0;
        for (std::uint8_t b : body)
            inside += b;
        if (inside < g.sliceSize() / 100) continue; // no body on the slice: nothing to tell
        const std::uint8_t* s = view.input.labels->slice(z);
        for (size_t i = 0; i < g.sliceSize(); ++i)
            outside += (s[i] & bit) && !body[i];
        if (outside < size_t(t.outsideMinPixels)) continue;
        flagged[size_t(z)] = 1;
        details[size_t(z)] = std::to_string(outside) + " labelled pixels outside the body outline";
    }
    addRuns(flags, view, organ, QaKind::OutsideBody, flagged, details);
}

struct BowelOverlap {
    size_t straight = 0, crossed = 0;
};
// Overlap of the bowels on slice za of `a` with slice zb of `b`, straight and crossed.
BowelOverlap bowelOverlap(const LabelVolume& a, int za, const LabelVolume& b, int zb) {
    const std::uint8_t large = organBit(Organ::LargeBowel), small = organBit(Organ::SmallBowel);
    const std::uint8_t* p = a.slice(za);
    const std::uint8_t* q = b.slice(zb);
    BowelOverlap o;
    for (size_t i = 0, n = a.geometry().sliceSize(); i < n; ++i) {
        if (!((p[i] | q[i]) & (large | small))) continue;
        o.straight += ((p[i] & q[i] & large) != 0) + ((p[i] & q[i] & small) != 0);
        o.crossed += ((p[i] & large) && (q[i] & small)) + ((p[i] & small) && (q[i] & large));
    }
    return o;
}

void checkSwaps(std::vector<QaFlag>& flags, const DayView& view, const QaThresholds& t) {
    const auto& g = view.g;
    const LabelVolume& labels = *view.input.labels;
    auto bothLabelled = [&](int z) {
        return view.labelled(z, Organ::LargeBowel) && view.labelled(z, Organ::SmallBowel);
    };
    auto anyBowel = [&](int z) {
        return view.area(z, Organ::LargeBowel) + view.area(z, Organ::SmallBowel) > 0;
    };
    int first = -1, last = -1;
    for (int z = 0; z < g.depth; ++z)
        if (bothLabelled(z) && anyBowel(z)) {
            if (first < 0) first = z;
            last = z;
        }
    if (first < 0) return;
    std::vector<int> starts{first}; // where each run of one orientation begins
    for (int z = first + 1; z <= last; ++z) {
        if (!bothLabelled(z) || !bothLabelled(z - 1)) continue;
        const auto o = bowelOverlap(labels, z - 1, labels, z);
        if (o.crossed >= size_t(t.swapMinPixels) &&
            double(o.crossed) > t.swapRatio * double(o.straight))
            starts.push_back(z);
    }
    if (starts.size() < 2) return;
    // The exchanged orientation: the one the previous day contradicts, else the shorter.
    std::array<long long, 2> slices{}, againstPrevious{};
    const LabelVolume* previous = view.input.previousDay;
    const bool comparable = previous && !previous->empty() && previous->geometry().sameGrid(g);
    for (size_t run = 0; run < starts.size(); ++run) {
        const int end = run + 1 < starts.size() ? starts[run + 1] - 1 : last;
        for (int z = starts[run]; z <= end; ++z) {
            slices[run % 2] += 1;
            if (comparable) {
                const auto o = bowelOverlap(*previous, z, labels, z);
                againstPrevious[run % 2] += (long long)(o.crossed) - (long long)(o.straight);
            }
        }
    }
    size_t exchanged = slices[1] <= slices[0] ? 1 : 0;
    if (comparable && againstPrevious[0] != againstPrevious[1]) {
        const long long a = againstPrevious[0], b = againstPrevious[1];
        if (std::max(a, b) > 0) exchanged = a > b ? 0 : 1;
    }
    for (size_t run = exchanged; run < starts.size(); run += 2) {
        const int end = run + 1 < starts.size() ? starts[run + 1] - 1 : last;
        const std::string detail =
            "small and large bowel look exchanged on slices " + std::to_string(starts[run] + 1) +
            "-" + std::to_string(end + 1) +
            ": the bowels' overlap with the neighbouring slices is crossed at the run's ends";
        for (Organ organ : {Organ::LargeBowel, Organ::SmallBowel})
            if (view.input.organs & organBit(organ))
                flags.push_back(
                    {labels.day(), organ, QaKind::Swap, starts[run] + 1, end + 1, detail});
    }
}

} // namespace

const std::vector<QaThresholdField>& qaThresholdFields() {
    using T = QaThresholds;
    // clang-format off
    static const std::vector<QaThresholdField> fields = {
        {"gap-min-slices", "gap: consecutive labelled slices without the organ inside its range", &T::gapMinSlices, 1, 1000, true},
        {"island-max-voxels", "island: a 3D piece of at most this many voxels ...", &T::islandMaxVoxels, 1, 1e7, true},
        {"island-distance-mm", "island: ... with no other part of the organ within this many mm", &T::islandMinDistanceMm, 0, 1000, false},
        {"overlap-fraction", "overlap: share (0-1) of the organ's area on a slice also labelled another organ", &T::overlapFraction, 0, 1, false},
        {"overlap-min-pixels", "overlap: fewer shared pixels never count", &T::overlapMinPixels, 0, 1e6, true},
        {"volume-growth", "volume_change: volume / the previous day's volume above this", &T::volumeGrowth, 1, 1000, false},
        {"volume-shrink", "volume_change: ... or below this", &T::volumeShrink, 0, 1, false},
        {"volume-min-cc", "volume_change: days with less of the organ (cc) are not compared", &T::volumeMinCc, 0, 1e5, false},
        {"outside-min-pixels", "outside_body: labelled pixels outside the body outline on one slice", &T::outsideMinPixels, 1, 1e6, true},
        {"body-margin-mm", "outside_body: the body outline is widened by this many mm first", &T::bodyMarginMm, 0, 100, false},
        {"swap-ratio", "swap: the bowels' overlap with the next slice crossed above this many times straight", &T::swapRatio, 1, 1000, false},
        {"swap-min-pixels", "swap: a crossed overlap of fewer pixels never counts", &T::swapMinPixels, 0, 1e6, true},
    };
    // clang-format on
    return fields;
}

std::string_view qaKindName(QaKind kind) {
    return kKindNames[size_t(kind)];
}

std::optional<QaKind> qaKindFromName(std::string_view name) {
    for (size_t i = 0; i < kKindNames.size(); ++i)
        if (kKindNames[i] == name) return QaKind(i);
    return std::nullopt;
}

std::uint16_t bodyThreshold(const ScanVolume& scan) {
    // Otsu over log intensities: on a linear scale it splits bright fat from the rest of the
    // body; in logs, air and noise (tens) stand apart from any tissue (hundreds and up).
    constexpr int kBins = 256;
    const double top = std::log1p(std::max<double>(scan.percentile(99.5), 1.0));
    // Counted per intensity first: one log per distinct value, not per voxel.
    std::vector<size_t> counts(65536, 0);
    const size_t n = scan.geometry().voxelCount();
    for (size_t i = 0; i < n; ++i) ++counts[scan.data()[i]];
    std::vector<double> histogram(kBins, 0.0);
    for (size_t v = 0; v < counts.size(); ++v)
        if (counts[v])
            histogram[size_t(std::min(kBins - 1, int(std::log1p(double(v)) / top * (kBins - 1))))] +=
                double(counts[v]);
    double total = 0, sum = 0;
    for (int v = 0; v < kBins; ++v)
        total += histogram[size_t(v)], sum += double(v) * histogram[size_t(v)];
    double below = 0, belowSum = 0, best = -1;
    int bestBin = 0;
    for (int v = 0; v < kBins; ++v) {
        below += histogram[size_t(v)];
        belowSum += double(v) * histogram[size_t(v)];
        const double above = total - below;
        if (below == 0 || above == 0) continue;
        const double m0 = belowSum / below, m1 = (sum - belowSum) / above;
        const double between = below * above * (m0 - m1) * (m0 - m1);
        if (between > best) best = between, bestBin = v;
    }
    return std::uint16_t(std::min(65535.0, std::expm1(double(bestBin + 1) / (kBins - 1) * top)));
}

std::vector<std::uint8_t> bodyOutline(const ScanVolume& scan, int z, std::uint16_t threshold) {
    const auto& g = scan.geometry();
    const int w = g.width, h = g.height;
    const std::uint16_t* s = scan.slice(z);
    std::vector<int> piece(g.sliceSize(), 0);
    std::vector<int> stack;
    int best = 0;
    size_t bestSize = 0;
    for (int start = 0, id = 0; start < int(g.sliceSize()); ++start) {
        if (piece[size_t(start)] || s[start] <= threshold) continue;
        ++id;
        size_t size = 0;
        stack.assign(1, start);
        piece[size_t(start)] = id;
        while (!stack.empty()) {
            const int i = stack.back();
            stack.pop_back();
            ++size;
            const int x = i % w, y = i / w;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int px = x + dx, py = y + dy;
                    if (px < 0 || py < 0 || px >= w || py >= h) continue;
                    const int j = py * w + px;
                    if (piece[size_t(j)] || s[j] <= threshold) continue;
                    piece[size_t(j)] = id;
                    stack.push_back(j);
                }
        }
        if (size > bestSize) bestSize = size, best = id;
    }
    // Holes filled: everything the image border cannot reach around the body is body.
    std::vector<std::uint8_t> outside(g.sliceSize(), 0);
    stack.clear();
    auto seed = [&](int i) {
        if (!outside[size_t(i)] && piece[size_t(i)] != best)
            outside[size_t(i)] = 1, stack.push_back(i);
    };
    for (int x = 0; x < w; ++x)
        seed(x), seed((h - 1) * w + x);
    for (int y = 0; y < h; ++y)
        seed(y * w), seed(y * w + w - 1);
    while (!stack.empty()) {
        const int i = stack.back();
        stack.pop_back();
        const int x = i % w, y = i / w;
        if (x > 0) seed(i - 1);
        if (x + 1 < w) seed(i + 1);
        if (y > 0) seed(i - w);
        if (y + 1 < h) seed(i + w);
    }
    std::vector<std::uint8_t> body(g.sliceSize(), 0);
    if (!best) return body;
    for (size_t i = 0; i < body.size(); ++i)
        body[i] = !outside[i];
    return body;
}

std::vector<QaFlag> runQaChecks(const QaDayInput& input, const QaThresholds& thresholds) {
    std::vector<QaFlag> flags;
    if (!input.labels || input.labels->empty()) return flags;
    const DayView view{input, input.labels->geometry()};
    const bool withScan =
        input.scan && !input.scan->empty() && input.scan->geometry().sameGrid(view.g);
    const auto bodies =
        withScan ? bodyOutlines(view, thresholds) : std::vector<std::vector<std::uint8_t>>{};
    for (Organ organ : kAllOrgans) {
        if (!(input.organs & organBit(organ))) continue;
        checkGaps(flags, view, organ, thresholds);
        checkIslands(flags, view, organ, thresholds);
        checkOverlaps(flags, view, organ, thresholds);
        checkVolume(flags, view, organ, thresholds);
        if (withScan) checkOutsideBody(flags, view, organ, thresholds, bodies);
    }
    checkSwaps(flags, view, thresholds);
    std::stable_sort(flags.begin(), flags.end(), [](const QaFlag& a, const QaFlag& b) {
        if (a.organ != b.organ) return a.organ < b.organ;
        if (a.kind != b.kind) return a.kind < b.kind;
        return a.firstSlice < b.firstSlice;
    });
    return flags;
}

} // namespace gireview
