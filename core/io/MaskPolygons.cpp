#include "io/MaskPolygons.h"

#include <algorithm>
#include <map>
#include <utility>

namespace gireview {

namespace {

struct Corner {
    int x, y; // pixel corner: (x - 0.5, y - 0.5) in pixel coordinates
    bool operator<(const Corner& o) const { return y != o.y ? y < o.y : x < o.x; }
    bool operator==(const Corner& o) const { return x == o.x && y == o.y; }
};

using Ring = std::vector<Corner>;

// Direction index: 0 east (+x), 1 south (+y), 2 west, 3 north.
int directionOf(Corner a, Corner b) {
    if (b.x > a.x) return 0;
    if (b.y > a.y) return 1;
    if (b.x < a.x) return 2;
    return 3;
}

long long twiceArea(const Ring& ring) {
    long long sum = 0;
    for (size_t i = 0; i < ring.size(); ++i) {
        const Corner& a = ring[i];
        const Corner& b = ring[(i + 1) % ring.size()];
        sum += (long long)a.x * b.y - (long long)b.x * a.y;
    }
    return sum;
}

Ring dropCollinear(const Ring& ring) {
    Ring out;
    const size_t n = ring.size();
    for (size_t i = 0; i < n; ++i) {
        const Corner& prev = ring[(i + n - 1) % n];
        const Corner& next = ring[(i + 1) % n];
        if (directionOf(prev, ring[i]) != directionOf(ring[i], next)) out.push_back(ring[i]);
    }
    return out;
}

// Traces the boundary rings of one piece: directed pixel edges with the inside on the right
// (screen coordinates, y down), chained with a right turn preferred where pieces touch only at
// a corner, so each ring stays simple.
std::vector<Ring> traceRings(const std::vector<std::uint8_t>& inside, int width, int height) {
    auto in = [&](int x, int y) { return x >= 0 && y >= 0 && x < width && y < height && inside[size_t(y) * size_t(width) + size_t(x)]; };
    std::multimap<Corner, Corner> edges;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            if (!in(x, y)) continue;
            if (!in(x, y - 1)) edges.insert({{x, y}, {x + 1, y}});
            if (!in(x + 1, y)) edges.insert({{x + 1, y}, {x + 1, y + 1}});
            if (!in(x, y + 1)) edges.insert({{x + 1, y + 1}, {x, y + 1}});
            if (!in(x - 1, y)) edges.insert({{x, y + 1}, {x, y}});
        }
    std::vector<Ring> rings;
    while (!edges.empty()) {
        auto first = edges.begin();
        Ring ring{first->first};
        Corner current = first->second;
        int heading = directionOf(first->first, first->second);
        edges.erase(first);
        while (!(current == ring.front())) {
            ring.push_back(current);
            auto [lo, hi] = edges.equal_range(current);
            auto chosen = lo;
            if (std::next(lo) != hi) {
                // Two ways on: take the right turn (towards the inside).
                for (auto it = lo; it != hi; ++it)
                    if (directionOf(current, it->second) == (heading + 1) % 4) chosen = it;
            }
            if (chosen == hi) break; // cannot happen for a closed boundary
            heading = directionOf(current, chosen->second);
            current = chosen->second;
            edges.erase(chosen);
        }
        rings.push_back(dropCollinear(ring));
    }
    return rings;
}

bool contains(const Ring& ring, double px, double py) {
    bool inside = false;
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const double xi = ring[i].x, yi = ring[i].y, xj = ring[j].x, yj = ring[j].y;
        if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
}

// Splices `hole` into `outer` through a vertical bridge from the hole's top-left corner up to
// the nearest horizontal edge of the outer ring above it.
void spliceHole(Ring& outer, const Ring& hole) {
    size_t start = 0;
    for (size_t i = 1; i < hole.size(); ++i)
        if (hole[i] < hole[start]) start = i;
    const Corner q = hole[start];
    size_t best = outer.size();
    int bestY = -1;
    for (size_t i = 0; i < outer.size(); ++i) {
        const Corner& a = outer[i];
        const Corner& b = outer[(i + 1) % outer.size()];
        if (a.y != b.y || a.y >= q.y || a.y <= bestY) continue;
        if (std::min(a.x, b.x) <= q.x && q.x <= std::max(a.x, b.x)) best = i, bestY = a.y;
    }
    if (best == outer.size()) return; // no edge above: cannot happen for a hole inside the ring
    const Corner p{q.x, bestY};
    Ring spliced(outer.begin(), outer.begin() + std::ptrdiff_t(best) + 1);
    spliced.push_back(p);
    for (size_t k = 0; k <= hole.size(); ++k) spliced.push_back(hole[(start + k) % hole.size()]);
    spliced.push_back(p);
    spliced.insert(spliced.end(), outer.begin() + std::ptrdiff_t(best) + 1, outer.end());
    outer = std::move(spliced);
}

} // namespace

std::vector<std::vector<double>> maskToPolygons(const std::uint8_t* plane, int width, int height, std::uint8_t bit) {
    std::vector<std::vector<double>> polygons;
    std::vector<int> piece(size_t(width) * size_t(height), 0);
    std::vector<int> stack;
    int pieces = 0;
    for (int start = 0; start < width * height; ++start) {
        if (!(plane[start] & bit) || piece[size_t(start)]) continue;
        // One 4-connected piece.
        const int id = ++pieces;
        piece[size_t(start)] = id;
        stack.assign(1, start);
        int minX = width, minY = height, maxX = 0, maxY = 0;
        while (!stack.empty()) {
            const int p = stack.back();
            stack.pop_back();
            const int x = p % width, y = p / width;
            minX = std::min(minX, x), maxX = std::max(maxX, x), minY = std::min(minY, y), maxY = std::max(maxY, y);
            const int next[4][2] = {{x + 1, y}, {x - 1, y}, {x, y + 1}, {x, y - 1}};
            for (const auto& n : next) {
                if (n[0] < 0 || n[1] < 0 || n[0] >= width || n[1] >= height) continue;
                const int q = n[1] * width + n[0];
                if ((plane[q] & bit) && !piece[size_t(q)]) {
                    piece[size_t(q)] = id;
                    stack.push_back(q);
                }
            }
        }
        // Trace within the piece's bounding box.
        const int bw = maxX - minX + 1, bh = maxY - minY + 1;
        std::vector<std::uint8_t> inside(size_t(bw) * size_t(bh), 0);
        for (int y = 0; y < bh; ++y)
            for (int x = 0; x < bw; ++x) inside[size_t(y) * size_t(bw) + size_t(x)] = piece[size_t(y + minY) * size_t(width) + size_t(x + minX)] == id;
        std::vector<Ring> outers, holes;
        for (Ring& ring : traceRings(inside, bw, bh)) {
            for (Corner& c : ring) c.x += minX, c.y += minY;
            (twiceArea(ring) > 0 ? outers : holes).push_back(std::move(ring));
        }
        for (const Ring& hole : holes) {
            // The outer ring that encloses the hole (a point just inside its top-left corner).
            size_t owner = 0;
            const Corner q = *std::min_element(hole.begin(), hole.end());
            for (size_t i = 0; i < outers.size(); ++i)
                if (contains(outers[i], q.x + 0.5, q.y + 0.5)) owner = i;
            if (!outers.empty()) spliceHole(outers[owner], hole);
        }
        for (const Ring& ring : outers) {
            std::vector<double> xy;
            xy.reserve(ring.size() * 2);
            for (const Corner& c : ring) {
                xy.push_back(c.x - 0.5);
                xy.push_back(c.y - 0.5);
            }
            polygons.push_back(std::move(xy));
        }
    }
    return polygons;
}

} // namespace gireview
