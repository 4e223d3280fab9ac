// The competition metric against the reference implementation's values
// (shared/data/fixtures/metric_*), and the exact Hausdorff distance against brute force.
#include "io/CsvReader.h"
#include "io/KaggleCsv.h"
#include "analysis/Metrics.h"
#include "TestSupport.h"

#include <QtTest>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

using namespace gireview;

namespace {

double bruteForceHausdorff(const LabelVolume& a, const LabelVolume& b, Organ organ, double sx, double sy, double sz) {
    std::vector<std::array<double, 3>> pa, pb;
    const auto& g = a.geometry();
    for (int z = 0; z < g.depth; ++z)
        for (int y = 0; y < g.height; ++y)
            for (int x = 0; x < g.width; ++x) {
                if (a.has(x, y, z, organ)) pa.push_back({x * sx, y * sy, z * sz});
                if (b.has(x, y, z, organ)) pb.push_back({x * sx, y * sy, z * sz});
            }
    auto directed = [](const auto& from, const auto& to) {
        double worst = 0;
        for (const auto& p : from) {
            double best = 1e300;
            for (const auto& q : to) best = std::min(best, std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
            worst = std::max(worst, best);
        }
        return worst;
    };
    return std::max(directed(pa, pb), directed(pb, pa));
}

} // namespace

class TestMetrics : public QObject {
    Q_OBJECT
private slots:
    void hausdorffIsExact() {
        std::mt19937 rng(5);
        VolumeGeometry g;
        g.width = 13, g.height = 11, g.depth = 7;
        for (int trial = 0; trial < 40; ++trial) {
            LabelVolume a({1, 0}, g), b({1, 0}, g);
            for (int i = 0; i < 1 + int(rng() % 25); ++i) a.set(int(rng() % 13), int(rng() % 11), int(rng() % 7), Organ::Stomach, true);
            for (int i = 0; i < 1 + int(rng() % 25); ++i) b.set(int(rng() % 13), int(rng() % 11), int(rng() % 7), Organ::Stomach, true);
            for (auto [sx, sy, sz] : std::vector<std::array<double, 3>>{{1, 1, 1}, {1.5, 1.5, 3.0}, {1.63, 1.63, 3.0}}) {
                const double ours = hausdorffDistance(a, b, Organ::Stomach, sx, sy, sz);
                const double brute = bruteForceHausdorff(a, b, Organ::Stomach, sx, sy, sz);
                QVERIFY2(std::abs(ours - brute) < 1e-9, qPrintable(QString("%1 vs %2").arg(ours).arg(brute)));
            }
        }
    }
    void emptyRules() {
        VolumeGeometry g;
        g.width = 4, g.height = 4, g.depth = 2;
        LabelVolume a({1, 0}, g), b({1, 0}, g);
        QCOMPARE(hausdorffDistance(a, b, Organ::Stomach, 1, 1, 1), 0.0);
        a.set(1, 1, 1, Organ::Stomach, true);
        QVERIFY(std::isinf(hausdorffDistance(a, b, Organ::Stomach, 1, 1, 1)));
        auto report = evaluate({{1, 0}}, {{{1, 0}, a}}, {{{1, 0}, b}});
        QCOMPARE(report.days[0].organs[size_t(organIndex(Organ::Stomach))].hausdorffScore, 0.0);  // one empty
        QCOMPARE(report.days[0].organs[size_t(organIndex(Organ::LargeBowel))].hausdorffScore, 1.0); // both empty
        // Dice: slice 0 has both empty -> 1 (community) or skipped (official); slice 1 -> 0.
        QCOMPARE(report.days[0].organs[size_t(organIndex(Organ::Stomach))].dice, 0.5);
        auto official = evaluate({{1, 0}}, {{{1, 0}, a}}, {{{1, 0}, b}}, DiceConvention::Official);
        QCOMPARE(official.days[0].organs[size_t(organIndex(Organ::Stomach))].dice, 0.0);
    }
    void surfaceDistancesInMm() {
        // Two boxes 4 voxels apart along x at 1.5 mm: the Hausdorff distance is 6 mm.
        VolumeGeometry g;
        g.width = 20, g.height = 10, g.depth = 6, g.spacingX = g.spacingY = 1.5;
        LabelVolume a({1, 0}, g), b({1, 0}, g);
        for (int z = 1; z < 5; ++z)
            for (int y = 2; y < 8; ++y)
                for (int x = 2; x < 8; ++x) {
                    a.set(x, y, z, Organ::SmallBowel, true);
                    b.set(x + 4, y, z, Organ::SmallBowel, true);
                }
        auto s = surfaceDistances(a, b, Organ::SmallBowel);
        QVERIFY(s.defined);
        QCOMPARE(s.hausdorffMm, 6.0);
        QVERIFY(s.hausdorff95Mm <= 6.0 && s.hausdorff95Mm > 0);
        QVERIFY(s.meanSurfaceMm > 0 && s.meanSurfaceMm < 6.0);
        auto report = evaluate({{1, 0}}, {{{1, 0}, a}}, {{{1, 0}, b}});
        QCOMPARE(report.days[0].organs[1].truthCc, 144 * 1.5 * 1.5 * 3.0 / 1000.0);
    }
    void addedPathLengthOnHandMadeMasks() {
        // A 10x10 square (36 boundary pixels) on a 30x14 slice at 1 mm.
        VolumeGeometry g;
        g.width = 30, g.height = 14, g.depth = 3, g.spacingX = g.spacingY = 1.0;
        auto square = [&g](int x0, int y0, int z) {
            LabelVolume v({1, 0}, g);
            for (int y = y0; y < y0 + 10; ++y)
                for (int x = x0; x < x0 + 10; ++x) v.set(x, y, z, Organ::Stomach, true);
            return v;
        };
        const LabelVolume truth = square(2, 1, 1);
        QCOMPARE(addedPathLengthMm(truth, truth, Organ::Stomach), 0.0);
        QCOMPARE(addedPathLengthMm(truth, LabelVolume({1, 0}, g), Organ::Stomach), 36.0); // nothing predicted: all drawn
        // Shifted 5 px right: the left column (10), the right column's two middle pixels (4 px from
        // the shifted square's left edge and rows) and one pixel of the top and bottom rows (4 px
        // from the nearest) lie farther than 3 mm from the prediction's boundary: 14 pixels.
        QCOMPARE(addedPathLengthMm(truth, square(7, 1, 1), Organ::Stomach), 14.0);
        // On another slice the prediction does not count; too much prediction adds nothing.
        QCOMPARE(addedPathLengthMm(truth, square(2, 1, 2), Organ::Stomach), 36.0);
        QCOMPARE(addedPathLengthMm(LabelVolume({1, 0}, g), truth, Organ::Stomach), 0.0);
        // Times the mean pixel spacing: at 1.5 mm the empty prediction costs 54 mm.
        VolumeGeometry coarse = g;
        coarse.spacingX = coarse.spacingY = 1.5;
        LabelVolume scaled({1, 0}, coarse);
        std::copy(truth.data(), truth.data() + g.voxelCount(), scaled.data());
        QCOMPARE(addedPathLengthMm(scaled, LabelVolume({1, 0}, coarse), Organ::Stomach), 54.0);
        // Reported per organ and case-day by evaluate().
        const auto report = evaluate({{1, 0}}, {{{1, 0}, truth}}, {{{1, 0}, square(7, 1, 1)}});
        QCOMPARE(report.days[0].organs[size_t(organIndex(Organ::Stomach))].aplMm, 14.0);
    }
    void surfaceDiceAgainstBruteForce() {
        // Surface voxels (a 6-neighbour outside the mask or the volume) and all pairwise distances.
        auto brute = [](const LabelVolume& a, const LabelVolume& b, double tau) {
            const auto& g = a.geometry();
            auto surface = [&g](const LabelVolume& v) {
                std::vector<std::array<double, 3>> points;
                auto in = [&](int x, int y, int z) {
                    return x >= 0 && y >= 0 && z >= 0 && x < g.width && y < g.height && z < g.depth && v.has(x, y, z, Organ::Stomach);
                };
                for (int z = 0; z < g.depth; ++z)
                    for (int y = 0; y < g.height; ++y)
                        for (int x = 0; x < g.width; ++x)
                            if (in(x, y, z) && !(in(x - 1, y, z) && in(x + 1, y, z) && in(x, y - 1, z) && in(x, y + 1, z) &&
                                                 in(x, y, z - 1) && in(x, y, z + 1)))
                                points.push_back({x * g.spacingX, y * g.spacingY, z * g.spacingZ});
                return points;
            };
            const auto sa = surface(a), sb = surface(b);
            auto within = [tau](const auto& from, const auto& to) {
                size_t n = 0;
                for (const auto& p : from) {
                    double best = 1e300;
                    for (const auto& q : to) best = std::min(best, std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
                    n += best <= tau;
                }
                return n;
            };
            return double(within(sa, sb) + within(sb, sa)) / double(sa.size() + sb.size());
        };
        std::mt19937 rng(3);
        VolumeGeometry g;
        g.width = 16, g.height = 14, g.depth = 6, g.spacingX = g.spacingY = 0.8, g.spacingZ = 1.5;
        for (int trial = 0; trial < 20; ++trial) {
            LabelVolume a({1, 0}, g), b({1, 0}, g);
            const int shift = int(rng() % 3);
            for (int z = 1; z < 5; ++z)
                for (int y = 3; y < 10; ++y)
                    for (int x = 3; x < 10; ++x) {
                        if (rng() % 5) a.set(x, y, z, Organ::Stomach, true);
                        if (rng() % 5) b.set(x + shift, y, z, Organ::Stomach, true);
                    }
            const auto s = surfaceDistances(a, b, Organ::Stomach);
            QVERIFY(std::abs(s.surfaceDice1mm - brute(a, b, 1.0)) < 1e-12);
            QVERIFY(std::abs(s.surfaceDice2mm - brute(a, b, 2.0)) < 1e-12);
        }
        LabelVolume empty({1, 0}, g), one({1, 0}, g);
        one.set(2, 2, 2, Organ::Stomach, true);
        QCOMPARE(surfaceDistances(empty, empty, Organ::Stomach).surfaceDice1mm, 1.0); // both empty
        QCOMPARE(surfaceDistances(one, empty, Organ::Stomach).surfaceDice2mm, 0.0);   // one empty
        QCOMPARE(surfaceDistances(one, one, Organ::Stomach).surfaceDice1mm, 1.0);
    }
    void matchesReferenceImplementation() {
        REQUIRE_SHARED_DATA(shared);
        const auto grids = testsupport::realCaseDayGrids(shared);
        auto truth = importKaggleCsv((shared + "/fixtures/metric_truth.csv").toStdString(), grids);
        auto pred = importKaggleCsv((shared + "/fixtures/metric_pred.csv").toStdString(), grids);
        QVERIFY(truth.problems.empty());
        QVERIFY(pred.problems.empty());
        QCOMPARE(int(truth.daysWithRows.size()), 3);
        std::ifstream in((shared + "/fixtures/metric_expected.json").toStdString());
        const auto expected = nlohmann::json::parse(in);
        for (auto [convention, name] : std::vector<std::pair<DiceConvention, std::string>>{
                 {DiceConvention::Community, "community"}, {DiceConvention::Official, "dice_skips_both_empty"}}) {
            auto report = evaluate(truth.daysWithRows, truth.volumes, pred.volumes, convention);
            const auto& e = expected[name];
            QVERIFY(std::abs(report.score - e["score"].get<double>()) < 1e-6);
            QVERIFY(std::abs(report.dice - e["dice"].get<double>()) < 1e-6);
            QVERIFY(std::abs(report.hausdorffScore - e["hausdorff_score"].get<double>()) < 1e-6);
            for (Organ organ : kAllOrgans) {
                const auto& c = e["per_class"][std::string(organClassName(organ))];
                QVERIFY(std::abs(report.organDice[size_t(organIndex(organ))] - c["dice"].get<double>()) < 1e-6);
                QVERIFY(std::abs(report.organHausdorffScore[size_t(organIndex(organ))] - c["hd_score"].get<double>()) < 1e-6);
            }
            for (const auto& day : report.days)
                for (Organ organ : kAllOrgans) {
                    const double want = expected["per_case_day"][formatCaseDayName(day.day)][std::string(organClassName(organ))]["hausdorff_score"];
                    QVERIFY(std::abs(day.organs[size_t(organIndex(organ))].hausdorffScore - want) < 1e-6);
                }
        }
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "test_metrics.moc"
