#include "phantom/Phantom.h"

#include "io/AtomicFile.h"
#include "data/DataError.h"
#include "io/KaggleCsv.h"
#include "data/ParallelFor.h"
#include "io/PngCodec.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace gireview {
namespace {

// Anatomy is laid out along a nominal 432 mm stack (144 slices x 3 mm) whatever the slice
// count, so an 80-slice day samples the same anatomy more coarsely and the share of slices on
// which each organ appears matches the reference data for both stack kinds.
constexpr double kStackMm = 432.0;
constexpr double kPi = 3.14159265358979323846;

std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// Small deterministic generator (splitmix64), identical on every platform and library.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(mix(seed)) {}
    std::uint64_t next() { return mix(state_++); }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    double normal() {
        double u1 = std::max(uniform(), 1e-300), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
    }
    int integer(int lo, int hi) { return lo + int(next() % std::uint64_t(hi - lo + 1)); }

private:
    std::uint64_t state_;
};

// Smooth 3D value noise in [0, 1): hashed lattice values, trilinear with smoothstep.
double latticeValue(std::uint64_t seed, long x, long y, long z) {
    std::uint64_t h = mix(seed ^ mix(std::uint64_t(x) * 0x8da6b343ull ^ mix(std::uint64_t(y) * 0xd8163841ull ^
                                                              std::uint64_t(z) * 0xcb1ab31full)));
    return double(h >> 11) * (1.0 / 9007199254740992.0);
}

double valueNoise(std::uint64_t seed, double x, double y, double z) {
    const double fx = std::floor(x), fy = std::floor(y), fz = std::floor(z);
    const long ix = long(fx), iy = long(fy), iz = long(fz);
    auto smooth = [](double t) { return t * t * (3.0 - 2.0 * t); };
    const double tx = smooth(x - fx), ty = smooth(y - fy), tz = smooth(z - fz);
    double c[2][2][2];
    for (int a = 0; a < 2; ++a)
        for (int b = 0; b < 2; ++b)
            for (int d = 0; d < 2; ++d) c[a][b][d] = latticeValue(seed, ix + a, iy + b, iz + d);
    auto lerp = [](double p, double q, double t) { return p + (q - p) * t; };
    double x00 = lerp(c[0][0][0], c[1][0][0], tx), x10 = lerp(c[0][1][0], c[1][1][0], tx);
    double x01 = lerp(c[0][0][1], c[1][0][1], tx), x11 = lerp(c[0][1][1], c[1][1][1], tx);
    return lerp(lerp(x00, x10, ty), lerp(x01, x11, ty), tz);
}

struct Node {
    double u, v, z, r; // mm: u to the patient's left, v posterior, z inferior; radius mm
};

using Tube = std::vector<Node>;

// Catmull-Rom resampling of control nodes to about `step` mm between nodes.
Tube smoothTube(const Tube& control, double step) {
    Tube out;
    if (control.size() < 2) return control;
    for (size_t i = 0; i + 1 < control.size(); ++i) {
        const Node& p0 = control[i ? i - 1 : 0];
        const Node& p1 = control[i];
        const Node& p2 = control[i + 1];
        const Node& p3 = control[std::min(i + 2, control.size() - 1)];
        double length = std::hypot(std::hypot(p2.u - p1.u, p2.v - p1.v), p2.z - p1.z);
        int pieces = std::max(1, int(std::ceil(length / step)));
        for (int k = 0; k < pieces; ++k) {
            double t = double(k) / pieces, t2 = t * t, t3 = t2 * t;
            auto cr = [&](double a, double b, double c, double d) {
                return 0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 +
                              (-a + 3 * b - 3 * c + d) * t3);
            };
            out.push_back({cr(p0.u, p1.u, p2.u, p3.u), cr(p0.v, p1.v, p2.v, p3.v),
                           cr(p0.z, p1.z, p2.z, p3.z), p1.r + (p2.r - p1.r) * t});
        }
    }
    out.push_back(control.back());
    return out;
}

struct Ellipsoid {
    double u, v, z, ru, rv, rz;
    double inside(double pu, double pv, double pz) const { // < 1 inside
        double a = (pu - u) / ru, b = (pv - v) / rv, c = (pz - z) / rz;
        return a * a + b * b + c * c;
    }
};

// Everything fixed for a case; days deform it slightly.
struct CaseAnatomy {
    double bodyA = 150, bodyB = 110, fatThickness = 18, muscleThickness = 9;
    double lungEnd = 40;
    Ellipsoid liver{}, kidneyLeft{}, kidneyRight{}, bladder{};
    double aortaBright = 0.9, scale = 4000, outlinePhase = 0;
    Tube colon, stomach;
    std::vector<Tube> smallBowel;
    std::uint64_t noiseSeed = 0;
};

struct Frac {
    double a, b;
};

CaseAnatomy makeCase(std::uint64_t seed, const PhantomFormat& format) {
    Random rng(seed);
    CaseAnatomy anatomy;
    anatomy.noiseSeed = rng.next();
    const double fovU = format.width * format.spacing, fovV = format.height * format.spacing;
    anatomy.bodyA = std::min(rng.uniform(138, 162), 0.45 * fovU);
    anatomy.bodyB = std::min(rng.uniform(98, 118), 0.40 * fovV);
    anatomy.fatThickness = rng.uniform(12, 26);
    anatomy.muscleThickness = rng.uniform(7, 11);
    anatomy.scale = rng.uniform(2200, 9000);
    anatomy.aortaBright = rng.uniform() < 0.5 ? 0.08 : 0.9;
    anatomy.outlinePhase = rng.uniform(0, 2 * kPi);
    const double A = anatomy.bodyA - anatomy.fatThickness, B = anatomy.bodyB - anatomy.fatThickness;
    const double L = kStackMm;

    // z layout (mm along the nominal stack): lungs, then stomach, colon, small bowel.
    anatomy.lungEnd = rng.uniform(0.07, 0.13) * L;
    const double s0 = anatomy.lungEnd + rng.uniform(0.02, 0.08) * L;
    const double sLen = rng.uniform(0.17, 0.30) * L;
    const double s1 = s0 + sLen;
    const double cTop = s0 + rng.uniform(0.06, 0.14) * L;
    const double cBot = std::min(0.985 * L, cTop + rng.uniform(0.34, 0.58) * L);
    const double sbTop = std::max(s0 + 0.45 * sLen, cTop + 0.05 * L);
    const double sbBot = std::min(cBot - 0.04 * L, sbTop + rng.uniform(0.20, 0.42) * L);

    anatomy.liver = {-0.42 * A, -0.05 * B, anatomy.lungEnd + 0.12 * L, 0.55 * A, 0.75 * B,
                     rng.uniform(0.10, 0.14) * L};
    const double kz = s0 + rng.uniform(0.10, 0.18) * L;
    anatomy.kidneyRight = {-0.42 * A, 0.45 * B, kz + 8, 0.20 * A, 0.28 * B, 0.07 * L};
    anatomy.kidneyLeft = {0.42 * A, 0.45 * B, kz - 6, 0.20 * A, 0.28 * B, 0.07 * L};
    anatomy.bladder = {0.0, -0.35 * B, 0.97 * L, 0.35 * A, 0.32 * B, 0.05 * L};

    // Colon: rectum up the sigmoid and descending colon, across the transverse colon, down the
    // ascending colon to the caecum: it frames the abdomen.
    auto jitter = [&](double amount) { return rng.uniform(-amount, amount); };
    const double sag = rng.uniform(5, 25);
    const double rC = rng.uniform(0.9, 1.15);
    const double cLen = cBot - cTop;
    Tube colon = {
        {0.0, 0.50 * B, cBot - 16, 17 * rC},
        {0.02 * A, 0.40 * B, cBot - 0.12 * cLen, 17 * rC},
        {0.18 * A + jitter(8), 0.05 * B, cBot - 0.25 * cLen, 15 * rC},
        {0.40 * A + jitter(8), -0.20 * B, cBot - 0.33 * cLen, 15 * rC},
        {0.66 * A, 0.15 * B, cBot - 0.45 * cLen, 16 * rC},
        {0.72 * A + jitter(5), 0.10 * B, cTop + 0.45 * cLen, 16 * rC},
        {0.68 * A, 0.0, cTop + 14, 17 * rC},
        {0.45 * A, -0.55 * B, cTop + 18, 21 * rC},
        {0.10 * A + jitter(10), -0.66 * B, cTop + 18 + sag, 21 * rC},
        {-0.30 * A + jitter(10), -0.62 * B, cTop + 18 + 0.8 * sag, 22 * rC},
        {-0.60 * A, -0.30 * B, cTop + 20, 21 * rC},
        {-0.70 * A, 0.05 * B, cTop + 0.30 * cLen, 22 * rC},
        {-0.70 * A + jitter(5), 0.10 * B, cTop + 0.55 * cLen, 23 * rC},
        {-0.58 * A, -0.05 * B, cTop + 0.68 * cLen, 24 * rC},
    };
    anatomy.colon = smoothTube(colon, 4.0);

    // Stomach: fundus high on the patient's left, body down and forward, antrum across.
    const double rS = rng.uniform(0.7, 1.5);
    const double rF = rng.uniform(19, 27) * rS, rB = rng.uniform(15, 21) * rS, rA = rng.uniform(9, 12) * rS;
    Tube stomach = {
        {0.45 * A, 0.10 * B, s0 + rF * 0.8, rF * 0.7},
        {0.46 * A + jitter(6), 0.0, s0 + 0.30 * sLen, rF},
        {0.40 * A, -0.22 * B, s0 + 0.55 * sLen, rB},
        {0.25 * A + jitter(8), -0.42 * B, s0 + 0.75 * sLen, rB * 0.85},
        {0.0 + jitter(8), -0.52 * B, s1 - rA, rA},
        {-0.22 * A, -0.40 * B, s1 - rA - 6, rA * 0.7},
    };
    anatomy.stomach = smoothTube(stomach, 4.0);

    // Small bowel: meandering loops in the central abdomen, mostly running in-plane.
    const int loops = rng.integer(7, 10);
    for (int l = 0; l < loops; ++l) {
        Tube loop;
        double u = rng.uniform(-0.45, 0.45) * A, v = rng.uniform(-0.55, 0.15) * B;
        double z = rng.uniform(sbTop + 8, sbBot - 8), heading = rng.uniform(0, 2 * kPi);
        const double radius = rng.uniform(9, 12.5);
        const int steps = rng.integer(22, 38);
        for (int s = 0; s < steps; ++s) {
            loop.push_back({u, v, z, radius});
            heading += rng.normal() * 0.55;
            u += 9.0 * std::cos(heading);
            v += 9.0 * std::sin(heading);
            z += rng.normal() * 3.0;
            // Stay inside the peritoneal region: turn back at its border.
            if (std::abs(u) > 0.52 * A) heading = kPi - heading, u = std::clamp(u, -0.52 * A, 0.52 * A);
            if (v < -0.68 * B || v > 0.25 * B) heading = -heading, v = std::clamp(v, -0.68 * B, 0.25 * B);
            z = std::clamp(z, sbTop + radius * 0.5, sbBot - radius * 0.5);
        }
        anatomy.smallBowel.push_back(smoothTube(loop, 4.0));
    }
    return anatomy;
}

// Day-to-day change within a case: patient position, peristalsis, stomach filling.
CaseAnatomy deformForDay(const CaseAnatomy& base, std::uint64_t seed) {
    Random rng(seed);
    CaseAnatomy day = base;
    const double du = rng.uniform(-5, 5), dv = rng.uniform(-4, 4), dz = rng.uniform(-6, 6);
    const double fill = rng.uniform(0.85, 1.15);
    auto wobble = [&](Tube& tube, double amplitude, double radiusScale) {
        const double pu = rng.uniform(0, 2 * kPi), pv = rng.uniform(0, 2 * kPi), pz = rng.uniform(0, 2 * kPi);
        for (size_t i = 0; i < tube.size(); ++i) {
            const double s = double(i) * 0.15;
            tube[i].u += du + amplitude * std::sin(s + pu);
            tube[i].v += dv + amplitude * std::sin(1.3 * s + pv);
            tube[i].z += dz + 0.5 * amplitude * std::sin(0.7 * s + pz);
            tube[i].r *= radiusScale;
        }
    };
    wobble(day.colon, 3.0, rng.uniform(0.92, 1.08));
    wobble(day.stomach, 2.5, fill);
    for (auto& loop : day.smallBowel) wobble(loop, 4.0, rng.uniform(0.92, 1.08));
    for (Ellipsoid* e : {&day.liver, &day.kidneyLeft, &day.kidneyRight, &day.bladder}) {
        e->u += du;
        e->v += dv;
        e->z += dz;
    }
    day.lungEnd += dz;
    day.noiseSeed = mix(base.noiseSeed ^ seed);
    return day;
}

// Per-slice depth inside a tube (mm; > 0 inside), max over segments.
void rasterizeTube(const Tube& tube, double zMm, const PhantomFormat& format, std::vector<float>& depth) {
    const int W = format.width, H = format.height;
    const double sp = format.spacing;
    for (size_t i = 0; i + 1 < tube.size(); ++i) {
        const Node& a = tube[i];
        const Node& b = tube[i + 1];
        const double rMax = std::max(a.r, b.r);
        if (zMm < std::min(a.z, b.z) - rMax || zMm > std::max(a.z, b.z) + rMax) continue;
        const double du = b.u - a.u, dv = b.v - a.v, dz = b.z - a.z;
        const double len2 = std::max(du * du + dv * dv + dz * dz, 1e-9);
        const int c0 = std::max(0, int(std::floor((std::min(a.u, b.u) - rMax) / sp + W / 2.0)));
        const int c1 = std::min(W - 1, int(std::ceil((std::max(a.u, b.u) + rMax) / sp + W / 2.0)));
        const int r0 = std::max(0, int(std::floor((std::min(a.v, b.v) - rMax) / sp + H / 2.0)));
        const int r1 = std::min(H - 1, int(std::ceil((std::max(a.v, b.v) + rMax) / sp + H / 2.0)));
        for (int row = r0; row <= r1; ++row) {
            const double v = (row + 0.5 - H / 2.0) * sp;
            for (int col = c0; col <= c1; ++col) {
                const double u = (col + 0.5 - W / 2.0) * sp;
                double t = ((u - a.u) * du + (v - a.v) * dv + (zMm - a.z) * dz) / len2;
                t = std::clamp(t, 0.0, 1.0);
                const double eu = u - (a.u + t * du), ev = v - (a.v + t * dv), ez = zMm - (a.z + t * dz);
                const double d = (a.r + t * (b.r - a.r)) - std::sqrt(eu * eu + ev * ev + ez * ez);
                float& slot = depth[size_t(row) * W + col];
                if (d > slot) slot = float(d);
            }
        }
    }
}

void renderSlice(const CaseAnatomy& anatomy, const PhantomFormat& format, int z,
                 std::uint16_t* image, std::uint8_t* labels) {
    const int W = format.width, H = format.height;
    const double sp = format.spacing;
    const double zMm = (z + 0.5) * kStackMm / format.depth;
    const size_t n = size_t(W) * H;
    std::vector<float> stomach(n, -1e9f), colon(n, -1e9f), bowel(n, -1e9f);
    rasterizeTube(anatomy.stomach, zMm, format, stomach);
    rasterizeTube(anatomy.colon, zMm, format, colon);
    for (const auto& loop : anatomy.smallBowel) rasterizeTube(loop, zMm, format, bowel);

    const std::uint64_t seed = anatomy.noiseSeed;
    Random noise(mix(seed ^ (0x5eedull + std::uint64_t(z))));
    const double A = anatomy.bodyA, B = anatomy.bodyB;
    const double zf = zMm / kStackMm;
    // Body narrows slightly towards the thorax and pelvis.
    const double bodyA = A * (1.0 - 0.06 * std::cos(zf * 2 * kPi)), bodyB = B * (1.0 - 0.04 * std::cos(zf * 2 * kPi));
    const double innerA = bodyA - anatomy.fatThickness, innerB = bodyB - anatomy.fatThickness;
    const double cavA = innerA - anatomy.muscleThickness, cavB = innerB - anatomy.muscleThickness;
    const bool thorax = zMm < anatomy.lungEnd;
    const double sigma = 0.022;

    for (int row = 0; row < H; ++row) {
        const double v = (row + 0.5 - H / 2.0) * sp;
        for (int col = 0; col < W; ++col) {
            const double u = (col + 0.5 - W / 2.0) * sp;
            const size_t i = size_t(row) * W + col;
            double tissue = 0.0;
            std::uint8_t label = 0;
            // Irregular outline, flattened where the patient lies on the couch.
            const double angle = std::atan2(v, u);
            const double wobble = 1.0 + 0.035 * std::sin(3 * angle + anatomy.outlinePhase) +
                                  0.02 * std::sin(5 * angle + 2 * anatomy.outlinePhase);
            const double vFlat = v > 0.82 * bodyB ? v + 2.5 * (v - 0.82 * bodyB) : v;
            const double body = ((u / bodyA) * (u / bodyA) + (vFlat / bodyB) * (vFlat / bodyB)) / (wobble * wobble);
            if (body < 1.0) {
                const double inner = (u / innerA) * (u / innerA) + (v / innerB) * (v / innerB);
                const double cavity = (u / cavA) * (u / cavA) + (v / cavB) * (v / cavB);
                const double spineU = u, spineV = v - 0.55 * B;
                const double spineR = std::hypot(spineU, spineV);
                const double canalR = std::hypot(u, v - 0.55 * B - 25);
                if (inner >= 1.0) tissue = 0.85;            // subcutaneous fat
                else if (cavity >= 1.0) tissue = 0.30;      // abdominal wall muscle
                else tissue = 0.68;                          // visceral fat
                if (canalR < 8) tissue = 0.92;               // spinal canal (CSF)
                else if (spineR < 17) tissue = 0.42;         // vertebral body
                else if (spineR < 19.5) tissue = 0.10;       // cortical bone
                else if (std::hypot((std::abs(u) - 27) / 18, (v - 0.55 * B - 26) / 19) < 1.0)
                    tissue = 0.28; // paraspinal muscles
                if (cavity < 1.0 && !(spineR < 19.5)) {
                    if (thorax) {
                        const double lung = std::hypot((std::abs(u) - 0.45 * cavA) / (0.42 * cavA), (v + 0.05 * cavB) / (0.75 * cavB));
                        if (lung < 1.0) tissue = 0.04;
                        if (std::hypot((u + 0.1 * cavA) / (0.35 * cavA), (v + 0.45 * cavB) / (0.40 * cavB)) < 1.0)
                            tissue = 0.50; // heart
                    }
                    if (anatomy.liver.inside(u, v, zMm) < 1.0) tissue = 0.30;
                    if (anatomy.kidneyLeft.inside(u, v, zMm) < 1.0 || anatomy.kidneyRight.inside(u, v, zMm) < 1.0)
                        tissue = 0.55;
                    if (anatomy.bladder.inside(u, v, zMm) < 1.0) tissue = 0.95;
                    if (std::hypot(u - 0.12 * A, v - 0.30 * B) < 11) tissue = anatomy.aortaBright;
                    if (std::hypot((u + 0.16 * A) / 13, (v - 0.28 * B) / 10) < 1.0) tissue = 0.75 - 0.5 * anatomy.aortaBright + 0.3;
                }
                // Bowel: wall ring, then contents from dark gas to bright fluid.
                float organDepth = -1e9f;
                if (stomach[i] > 0) label |= organBit(Organ::Stomach), organDepth = stomach[i];
                else if (colon[i] > 0) label |= organBit(Organ::LargeBowel), organDepth = colon[i];
                else if (bowel[i] > 0) label |= organBit(Organ::SmallBowel), organDepth = bowel[i];
                if (label && cavity < 1.05) {
                    if (organDepth < 2.5) tissue = 0.36;
                    else {
                        const double c = valueNoise(seed + 17, u / 28.0, v / 28.0, zMm / 28.0);
                        tissue = 0.04 + 0.92 * std::clamp((c - 0.2) / 0.6, 0.0, 1.0);
                    }
                } else if (label) {
                    label = 0; // keep labels inside the abdominal cavity
                }
                const double texture = 1.0 + 0.14 * (valueNoise(seed + 3, u / 5.0, v / 5.0, zMm / 5.0) - 0.5);
                tissue *= texture;
            }
            // Coil sensitivity: brighter towards the anterior and posterior surfaces.
            const double bias = 0.85 + 0.25 * (v / B) * (v / B) + 0.08 * std::sin(u / A * 1.7 + 0.5) + 0.1 * (zf - 0.5);
            const double signal = tissue * bias;
            const double n1 = noise.normal() * sigma, n2 = noise.normal() * sigma;
            const double magnitude = std::sqrt((signal + n1) * (signal + n1) + n2 * n2); // Rician
            image[i] = std::uint16_t(std::clamp(magnitude * anatomy.scale, 0.0, 65535.0));
            labels[i] = label;
        }
    }
}

} // namespace

PhantomFormat phantomFormat(const std::string& name) {
    if (name == "266" || name == "266x266") return {266, 266, 144, 1.50};
    if (name == "360x310" || name == "360") return {360, 310, 144, 1.50};
    if (name == "276" || name == "276x276") return {276, 276, 80, 1.63};
    if (name == "234" || name == "234x234") return {234, 234, 144, 1.50};
    throw std::invalid_argument("unknown phantom size '" + name +
                                "'; expected 266, 360x310, 276 or 234");
}

std::vector<int> phantomDayNumbers(const PhantomOptions& options, int caseIndex) {
    Random rng(mix(options.seed * 1000003ull + std::uint64_t(caseIndex) * 7919ull + 11));
    std::vector<int> days;
    int day = rng.integer(0, 20);
    for (int d = 0; d < options.daysPerCase; ++d) {
        days.push_back(day);
        day += rng.integer(1, 6);
    }
    return days;
}

PhantomDay generatePhantomDay(const PhantomOptions& options, int caseIndex, int dayIndex) {
    const PhantomFormat& format = options.format;
    const std::uint64_t caseSeed = mix(options.seed * 0x100000001b3ull + std::uint64_t(caseIndex));
    CaseAnatomy base = makeCase(caseSeed, format);
    CaseAnatomy anatomy = dayIndex == 0 ? base : deformForDay(base, mix(caseSeed + std::uint64_t(dayIndex) * 31));
    if (dayIndex == 0) anatomy.noiseSeed = mix(base.noiseSeed + 1);
    CaseDayKey key{options.firstCaseNumber + caseIndex, phantomDayNumbers(options, caseIndex)[size_t(dayIndex)]};
    VolumeGeometry geometry;
    geometry.width = format.width;
    geometry.height = format.height;
    geometry.depth = format.depth;
    geometry.spacingX = geometry.spacingY = format.spacing;
    PhantomDay day{ScanVolume(key, geometry), LabelVolume(key, geometry)};
    parallelFor(size_t(format.depth), defaultThreadCount(), [&](size_t z, int) {
        renderSlice(anatomy, format, int(z), day.scan.slice(int(z)), day.labels.slice(int(z)));
    });
    return day;
}

PhantomWriteReport writePhantomDataset(const std::string& outDir, const PhantomOptions& options,
                                       const PhantomDayCallback& onDay) {
    if (options.cases < 1 || options.daysPerCase < 1)
        throw std::invalid_argument("need at least one case and one day");
    PhantomWriteReport report;
    std::error_code error;
    fs::create_directories(fs::path(outDir) / "train", error);
    if (error)
        throw IoError("cannot create output folder: " + error.message(),
                      ErrorContext{outDir, {}, {}, 0, {}});
    report.trainCsv = (fs::path(outDir) / "train.csv").string();
    KaggleCsvWriter csv(report.trainCsv, KaggleCsvKind::Train);
    const int total = options.cases * options.daysPerCase;
    int done = 0;
    for (int c = 0; c < options.cases; ++c) {
        for (int d = 0; d < options.daysPerCase; ++d) {
            PhantomDay day = generatePhantomDay(options, c, d);
            const CaseDayKey key = day.scan.day();
            fs::path scans = fs::path(outDir) / "train" / ("case" + std::to_string(key.caseNo)) /
                             formatCaseDayName(key) / "scans";
            fs::create_directories(scans, error);
            if (error)
                throw IoError("cannot create folder: " + error.message(),
                              ErrorContext{scans.string(), {}, {}, 0, {}});
            const auto& g = day.scan.geometry();
            parallelFor(size_t(g.depth), defaultThreadCount(), [&](size_t z, int) {
                auto png = encodeGray16Png(day.scan.slice(int(z)), g.width, g.height);
                const std::string name = formatSliceFileName(int(z) + 1, g.width, g.height,
                                                             g.spacingX, g.spacingY);
                writeFileAtomically((scans / name).string(),
                                    std::string_view(reinterpret_cast<const char*>(png.data()), png.size()),
                                    false);
            });
            csv.addDay(key, g.depth, &day.labels);
            report.days.push_back(key);
            report.slices += size_t(g.depth);
            ++done;
            if (onDay && !onDay(day, done, total)) throw PhantomCancelled();
        }
    }
    csv.commit();
    // Provenance: lets a trainer (and its model card) know these scans are synthetic.
    char provenance[512];
    std::snprintf(provenance, sizeof provenance,
                  "{\n \"format\": \"gireview-phantom/1\",\n \"synthetic\": true,\n \"seed\": %llu,\n \"cases\": %d,\n"
                  " \"days_per_case\": %d,\n \"first_case\": %d,\n \"size\": \"%dx%dx%d\",\n \"spacing_mm\": %.2f\n}\n",
                  static_cast<unsigned long long>(options.seed), options.cases, options.daysPerCase, options.firstCaseNumber,
                  options.format.width, options.format.height, options.format.depth, options.format.spacing);
    writeFileAtomically((fs::path(outDir) / "phantom.json").string(), provenance);
    return report;
}

} // namespace gireview
