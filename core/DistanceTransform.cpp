#include "DistanceTransform.h"

#include <limits>

namespace gireview {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// One line: d[i] = min_j (f[j] + (s * (i - j))^2). v holds parabola vertices, z the boundaries.
void transformLine(const double* f, double* d, int n, double s, std::vector<int>& v, std::vector<double>& z) {
    v.assign(size_t(n), 0);
    z.assign(size_t(n) + 1, 0.0);
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
                                             double sx, double sy, double sz) {
    const size_t count = size_t(nx) * size_t(ny) * size_t(nz);
    std::vector<double> grid(count);
    for (size_t i = 0; i < count; ++i) grid[i] = feature[i] ? 0.0 : kInfinity;
    std::vector<int> v;
    std::vector<double> z, in, out;
    auto pass = [&](int n, double s, size_t lines, auto indexOf) {
        in.resize(size_t(n));
        out.resize(size_t(n));
        for (size_t line = 0; line < lines; ++line) {
            for (int i = 0; i < n; ++i) in[size_t(i)] = grid[indexOf(line, i)];
            transformLine(in.data(), out.data(), n, s, v, z);
            for (int i = 0; i < n; ++i) grid[indexOf(line, i)] = out[size_t(i)];
        }
    };
    const size_t sxy = size_t(nx) * size_t(ny);
    pass(nx, sx, size_t(ny) * size_t(nz), [&](size_t line, int i) { return line * size_t(nx) + size_t(i); });
    pass(ny, sy, size_t(nx) * size_t(nz), [&](size_t line, int i) {
        const size_t zIndex = line / size_t(nx), x = line % size_t(nx);
        return zIndex * sxy + size_t(i) * size_t(nx) + x;
    });
    pass(nz, sz, sxy, [&](size_t line, int i) { return size_t(i) * sxy + line; });
    return grid;
}

} // namespace gireview
