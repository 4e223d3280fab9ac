#include "analysis/DistanceTransform.h"

#include <algorithm>
#include <limits>

namespace gireview {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// One line: d[i] = min_j (f[j] + (s * (i - j))^2). v holds parabola vertices, z the boundaries.
void transformLine(const double* f, double* d, int n, double s, std::vector<int>& v, std::vector<double>& z) {
    // Scratch only: every slot read below was written first in this call.
    if (v.size() < size_t(n)) v.resize(size_t(n));
    if (z.size() < size_t(n) + 1) z.resize(size_t(n) + 1);
    int k = -1;
    for (int q = 0; q < n; ++q) {
        if (f[q] == kInfinity) continue;
        const double pq = s * q;
        while (k >= 0) {
            const double pv = s * v[size_t(k)];
            const double boundary = ((f[q] + pq * pq) - (f[v[size_t(k)]] + pv * pv)) / (2 * pq - 2 * pv);
            if (boundary <= z[size_t(k)]) --k;
            else {
                ++k;
                v[size_t(k)] = q;
                z[size_t(k)] = boundary;
                z[size_t(k) + 1] = kInfinity;
                break;
            }
        }
        if (k < 0) {
            k = 0;
            v[0] = q;
            z[0] = -kInfinity;
            z[1] = kInfinity;
        }
    }
    if (k < 0) {
        for (int q = 0; q < n; ++q) d[q] = kInfinity;
        return;
    }
    int j = 0;
    for (int q = 0; q < n; ++q) {
        const double pq = s * q;
        while (z[size_t(j) + 1] < pq) ++j;
        const double delta = pq - s * v[size_t(j)];
        d[q] = delta * delta + f[v[size_t(j)]];
    }
}

} // namespace

std::vector<double> squaredDistanceTransform(const std::vector<std::uint8_t>& feature, int nx, int ny, int nz,
                                             double sx, double sy, double sz, const std::vector<std::uint8_t>* columnsNeeded) {
    const size_t count = size_t(nx) * size_t(ny) * size_t(nz);
    std::vector<double> grid(count);
    // Pass 1 (x) on a binary feature needs no parabolas: the nearest feature in the row, found by
    // a forward and a backward sweep, is exactly what the lower envelope would give.
    for (size_t row = 0; row < size_t(ny) * size_t(nz); ++row) {
        const std::uint8_t* f = feature.data() + row * size_t(nx);
        double* d = grid.data() + row * size_t(nx);
        int last = -1;
        for (int x = 0; x < nx; ++x) {
            if (f[x]) last = x;
            d[x] = last < 0 ? kInfinity : sx * sx * double(x - last) * double(x - last);
        }
        if (last < 0) continue; // no feature in the row: all infinite
        last = -1;
        for (int x = nx - 1; x >= 0; --x) {
            if (f[x]) last = x;
            if (last >= 0) d[x] = std::min(d[x], sx * sx * double(last - x) * double(last - x));
        }
    }
    std::vector<int> v;
    std::vector<double> z, result;
    // Passes 2 (y) and 3 (z) run the lower envelope along strided lines. Lines whose start is
    // adjacent in memory are gathered eight at a time (one cache line per step instead of eight),
    // transformed, and scattered back; a line without any finite value stays infinite.
    constexpr size_t kBlock = 8;
    std::vector<double> block;
    auto pass = [&](int n, double s, size_t groups, size_t linesPerGroup, size_t groupStride, size_t stride, auto wanted) {
        block.resize(kBlock * size_t(n));
        result.resize(size_t(n));
        for (size_t group = 0; group < groups; ++group)
            for (size_t first = 0; first < linesPerGroup; first += kBlock) {
                const size_t width = std::min(kBlock, linesPerGroup - first);
                bool anyWanted = false;
                for (size_t j = 0; j < width; ++j) anyWanted = anyWanted || wanted(first + j);
                if (!anyWanted) continue;
                const size_t base = group * groupStride + first;
                for (int i = 0; i < n; ++i) {
                    const double* source = grid.data() + base + size_t(i) * stride;
                    for (size_t j = 0; j < width; ++j) block[j * size_t(n) + size_t(i)] = source[j];
                }
                bool changed = false;
                for (size_t j = 0; j < width; ++j) {
                    double* line = block.data() + j * size_t(n);
                    if (!wanted(first + j) || std::all_of(line, line + n, [](double d) { return d == kInfinity; })) continue;
                    transformLine(line, result.data(), n, s, v, z);
                    std::copy(result.begin(), result.end(), line);
                    changed = true;
                }
                if (!changed) continue;
                for (int i = 0; i < n; ++i) {
                    double* target = grid.data() + base + size_t(i) * stride;
                    for (size_t j = 0; j < width; ++j) target[j] = block[j * size_t(n) + size_t(i)];
                }
            }
    };
    const size_t sxy = size_t(nx) * size_t(ny);
    // Pass 2 is needed for an x wherever some column (x, y) is needed.
    std::vector<std::uint8_t> xNeeded(size_t(nx), columnsNeeded ? 0 : 1);
    if (columnsNeeded)
        for (size_t i = 0; i < sxy; ++i)
            if ((*columnsNeeded)[i]) xNeeded[i % size_t(nx)] = 1;
    // Pass 2: per slice, lines x = 0..nx-1 along y (stride nx).
    pass(ny, sy, size_t(nz), size_t(nx), sxy, size_t(nx), [&](size_t x) { return xNeeded[x] != 0; });
    // Pass 3: lines (x, y) = 0..nx*ny-1 along z (stride nx*ny).
    pass(nz, sz, 1, sxy, 0, sxy, [&](size_t column) { return !columnsNeeded || (*columnsNeeded)[column] != 0; });
    return grid;
}

} // namespace gireview
