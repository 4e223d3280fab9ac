#include "io/CocoRle.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace gireview::coco {

CocoRle encode(const std::uint8_t* mask, int height, int width, std::uint8_t bit) {
    CocoRle rle{height, width, {}};
    std::uint32_t run = 0;
    bool value = false; // COCO counts start with zeros
    for (int x = 0; x < width; ++x)
        for (int y = 0; y < height; ++y) {
            const bool on = (mask[size_t(y) * size_t(width) + size_t(x)] & bit) != 0;
            if (on != value) {
                rle.counts.push_back(run);
                run = 0;
                value = on;
            }
            ++run;
        }
    rle.counts.push_back(run);
    return rle;
}

void decodeInto(const CocoRle& rle, std::uint8_t* mask, std::uint8_t bit, const ErrorContext& context) {
    const std::uint64_t total = std::uint64_t(rle.height) * std::uint64_t(rle.width);
    std::uint64_t sum = 0;
    for (std::uint32_t c : rle.counts) sum += c;
    if (sum != total)
        throw RleError("COCO RLE counts add up to " + std::to_string(sum) + " pixels; expected height x width = " +
                           std::to_string(total),
                       context);
    std::uint64_t position = 0;
    bool value = false;
    for (std::uint32_t c : rle.counts) {
        if (value)
            for (std::uint64_t p = position; p < position + c; ++p) {
                const std::uint64_t x = p / std::uint64_t(rle.height), y = p % std::uint64_t(rle.height);
                mask[y * std::uint64_t(rle.width) + x] |= bit;
            }
        position += c;
        value = !value;
    }
}

std::string toString(const std::vector<std::uint32_t>& counts) {
    // Each count (from the third on, as the difference to the count two before) in 5-bit groups,
    // least significant first, 0x20 marking "more follows", offset into printable ASCII by 48.
    std::string text;
    for (size_t i = 0; i < counts.size(); ++i) {
        long long value = counts[i];
        if (i > 2) value -= counts[i - 2];
        bool more = true;
        while (more) {
            long long chunk = value & 0x1f;
            value >>= 5; // arithmetic shift keeps the sign of negative differences
            more = (chunk & 0x10) ? value != -1 : value != 0;
            if (more) chunk |= 0x20;
            text.push_back(char(chunk + 48));
        }
    }
    return text;
}

std::vector<std::uint32_t> fromString(std::string_view text, const ErrorContext& context) {
    std::vector<std::uint32_t> counts;
    size_t p = 0;
    while (p < text.size()) {
        // Unsigned bits: a count needs at most 7 characters (35 bits), and shifting a signed
        // value past its width would be undefined (found by fuzz_coco).
        std::uint64_t bits = 0;
        long long value = 0;
        int shift = 0;
        bool more = true;
        while (more) {
            if (p >= text.size()) throw RleError("truncated COCO RLE string", context);
            const int c = int(static_cast<unsigned char>(text[p])) - 48;
            if (c < 0 || c > 63) {
                ErrorContext at = context;
                at.token = std::string(1, text[p]);
                throw RleError("character outside the COCO RLE alphabet", at);
            }
            if (shift > 30) throw RleError("COCO RLE value too long (more than 7 characters)", context);
            bits |= std::uint64_t(c & 0x1f) << shift;
            more = (c & 0x20) != 0;
            ++p;
            shift += 5;
            if (!more && (c & 0x10)) bits |= ~0ULL << shift; // negative difference
        }
        value = static_cast<long long>(bits);
        if (counts.size() > 2) value += counts[counts.size() - 2];
        if (value < 0 || value > 0xffffffffLL) throw RleError("COCO RLE count out of range", context);
        counts.push_back(std::uint32_t(value));
    }
    return counts;
}

std::uint64_t area(const CocoRle& rle) {
    std::uint64_t n = 0;
    for (size_t i = 1; i < rle.counts.size(); i += 2) n += rle.counts[i];
    return n;
}

std::array<double, 4> boundingBox(const CocoRle& rle) {
    const std::uint32_t h = std::uint32_t(rle.height), w = std::uint32_t(rle.width);
    const size_t m = (rle.counts.size() / 2) * 2;
    if (m == 0) return {0, 0, 0, 0};
    std::uint32_t xs = w, ys = h, xe = 0, ye = 0, cc = 0, xp = 0;
    for (size_t j = 0; j < m; ++j) {
        cc += rle.counts[j];
        const std::uint32_t t = cc - std::uint32_t(j % 2); // first pixel of a run, last of the previous
        const std::uint32_t y = t % h, x = (t - y) / h;
        if (j % 2 == 0) xp = x;
        else if (xp < x) ys = 0, ye = h - 1;
        xs = std::min(xs, x), xe = std::max(xe, x);
        ys = std::min(ys, y), ye = std::max(ye, y);
    }
    return {double(xs), double(ys), double(xe - xs + 1), double(ye - ys + 1)};
}

CocoRle fromPolygon(const std::vector<double>& xy, int height, int width, const ErrorContext& context) {
    if (xy.size() % 2 != 0)
        throw GeometryError("polygon has an odd number of coordinates; expected x, y pairs", context);
    const size_t k = xy.size() / 2;
    if (k < 3) throw GeometryError("polygon has fewer than 3 points", context);
    constexpr double scale = 5.0;
    // Vertices on a 5x finer integer grid, closed.
    std::vector<int> vx(k + 1), vy(k + 1);
    for (size_t j = 0; j < k; ++j) {
        vx[j] = int(scale * xy[2 * j] + 0.5);
        vy[j] = int(scale * xy[2 * j + 1] + 0.5);
    }
    vx[k] = vx[0];
    vy[k] = vy[0];
    // Every grid point along each edge, stepping along its longer axis.
    std::vector<int> u, v;
    for (size_t j = 0; j < k; ++j) {
        int xs = vx[j], xe = vx[j + 1], ys = vy[j], ye = vy[j + 1];
        const int dx = std::abs(xe - xs), dy = std::abs(ys - ye);
        const bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
        if (flip) std::swap(xs, xe), std::swap(ys, ye);
        const double slope = dx >= dy ? double(ye - ys) / dx : double(xe - xs) / dy;
        if (dx >= dy) {
            for (int d = 0; d <= dx; ++d) {
                const int t = flip ? dx - d : d;
                u.push_back(t + xs);
                v.push_back(int(ys + slope * t + 0.5));
            }
        } else {
            for (int d = 0; d <= dy; ++d) {
                const int t = flip ? dy - d : d;
                v.push_back(t + ys);
                u.push_back(int(xs + slope * t + 0.5));
            }
        }
    }
    // Where the boundary crosses a column of pixel centres, the first pixel row inside.
    std::vector<std::uint32_t> starts;
    for (size_t j = 1; j < u.size(); ++j) {
        if (u[j] == u[j - 1]) continue;
        double xd = double(u[j] < u[j - 1] ? u[j] : u[j] - 1);
        xd = (xd + 0.5) / scale - 0.5;
        if (std::floor(xd) != xd || xd < 0 || xd > width - 1) continue;
        double yd = double(v[j] < v[j - 1] ? v[j] : v[j - 1]);
        yd = (yd + 0.5) / scale - 0.5;
        yd = std::ceil(std::clamp(yd, 0.0, double(height)));
        starts.push_back(std::uint32_t(int(xd) * height + int(yd)));
    }
    // Sorted crossings become alternating runs (column-major positions).
    starts.push_back(std::uint32_t(height) * std::uint32_t(width));
    std::sort(starts.begin(), starts.end());
    std::vector<std::uint32_t> gaps(starts.size());
    std::uint32_t previous = 0;
    for (size_t j = 0; j < starts.size(); ++j) {
        gaps[j] = starts[j] - previous;
        previous = starts[j];
    }
    CocoRle rle{height, width, {}};
    size_t j = 0;
    rle.counts.push_back(gaps[j++]);
    while (j < gaps.size()) {
        if (gaps[j] > 0) {
            rle.counts.push_back(gaps[j++]);
        } else {
            ++j; // a zero-length run: fold the next run into the previous one
            if (j < gaps.size()) rle.counts.back() += gaps[j++];
        }
    }
    return rle;
}

CocoRle merge(const std::vector<CocoRle>& parts) {
    if (parts.empty()) return {};
    const int h = parts.front().height, w = parts.front().width;
    std::vector<std::uint8_t> mask(size_t(h) * size_t(w), 0);
    for (const auto& part : parts) {
        if (part.height != h || part.width != w)
            throw GeometryError("cannot merge COCO RLEs of different sizes");
        decodeInto(part, mask.data(), 1);
    }
    return encode(mask.data(), h, w, 1);
}

} // namespace gireview::coco
