// The QA checks against errors of every kind injected into phantom truth by a seeded injector
// (at the sizes a reviewer must catch), against clean phantom truth and against the real masks
// of the reference dataset (approved labels: few findings, never a gap or a swap).
#include "TestSupport.h"
#include "analysis/QaChecks.h"
#include "io/LabelExchange.h"

#include <QtTest>
#include <array>
#include <cmath>
#include <map>
#include <random>

using namespace gireview;

namespace {

// One injected error and where a flag for it must be.
struct Injection {
    QaKind kind = QaKind::Gap;
    Organ organ = Organ::LargeBowel;
    int slice = 0; // 1-based; 0 for volume_change
    std::string what;
};

struct PhantomCase {
    std::vector<PhantomDay> days; // in day order
};

std::vector<int> organSlices(const LabelVolume& labels, Organ organ, size_t minArea = 1) {
    std::vector<int> zs;
    for (int z = 0; z < labels.geometry().depth; ++z)
        if (labels.countOnSlice(z, organ) >= minArea) zs.push_back(z);
    return zs;
}

// Pixels of a random 4-connected blob of `size` pixels grown from (x, y).
std::vector<std::pair<int, int>> blob(int x, int y, int size, std::mt19937& rng) {
    std::vector<std::pair<int, int>> pixels{{x, y}};
    std::uniform_int_distribution<int> pick(0, 3);
    while (int(pixels.size()) < size) {
        auto [px, py] = pixels[std::uniform_int_distribution<size_t>(0, pixels.size() - 1)(rng)];
        const int d = pick(rng);
        const int nx = px + (d == 0) - (d == 1), ny = py + (d == 2) - (d == 3);
        if (std::find(pixels.begin(), pixels.end(), std::make_pair(nx, ny)) == pixels.end())
            pixels.push_back({nx, ny});
    }
    return pixels;
}

class Injector {
public:
    explicit Injector(unsigned seed) : rng_(seed) {}

    // Changes `labels` (a copy of `day`'s truth); false when this day offers no place for it.
    bool inject(QaKind kind, const PhantomDay& day, const LabelVolume* previous,
                LabelVolume& labels, Injection& out) {
        out.kind = kind;
        const Organ organ = kAllOrgans[std::uniform_int_distribution<int>(0, 2)(rng_)];
        out.organ = organ;
        switch (kind) {
        case QaKind::Gap:
            return gap(labels, organ, out);
        case QaKind::Island:
            return island(labels, organ, out);
        case QaKind::Overlap:
            return overlap(labels, organ, out);
        case QaKind::VolumeChange:
            return previous && grow(labels, *previous, organ, out);
        case QaKind::OutsideBody:
            return outside(day.scan, labels, organ, out);
        case QaKind::Swap:
            return swap(labels, out);
        }
        return false;
    }

private:
    int pickFrom(const std::vector<int>& values) {
        return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(rng_)];
    }
    // A whole slice missing inside the range.
    bool gap(LabelVolume& labels, Organ organ, Injection& out) {
        const auto zs = organSlices(labels, organ);
        if (zs.size() < 5) return false;
        const int z = zs[std::uniform_int_distribution<size_t>(1, zs.size() - 2)(rng_)];
        const auto& g = labels.geometry();
        for (int y = 0; y < g.height; ++y)
            for (int x = 0; x < g.width; ++x)
                labels.set(x, y, z, organ, false);
        out.slice = z + 1;
        out.what = "slice cleared";
        return true;
    }
    // 10-40 px at least 40 px from the organ (on every slice within 60 mm).
    bool island(LabelVolume& labels, Organ organ, Injection& out) {
        const auto zs = organSlices(labels, organ);
        if (zs.empty()) return false;
        const auto& g = labels.geometry();
        for (int attempt = 0; attempt < 200; ++attempt) {
            const int z = pickFrom(zs);
            const int x = std::uniform_int_distribution<int>(20, g.width - 21)(rng_);
            const int y = std::uniform_int_distribution<int>(20, g.height - 21)(rng_);
            const int size = std::uniform_int_distribution<int>(10, 40)(rng_);
            const auto pixels = blob(x, y, size, rng_);
            bool far = true;
            for (int zz = std::max(0, z - 20); zz <= std::min(g.depth - 1, z + 20) && far; ++zz) {
                const MaskBox b = labels.boxOnSlice(zz, organ);
                if (b.empty()) continue;
                for (int yy = std::max(b.minY, y - 50); yy <= std::min(b.maxY, y + 50) && far; ++yy)
                    for (int xx = std::max(b.minX, x - 50); xx <= std::min(b.maxX, x + 50) && far;
                         ++xx)
                        if (labels.has(xx, yy, zz, organ))
                            for (auto [px, py] : pixels)
                                if (std::hypot(px - xx, py - yy) < 40) far = false;
            }
            if (!far) continue;
            for (auto [px, py] : pixels)
                labels.set(px, py, z, organ, true);
            out.slice = z + 1;
            out.what = std::to_string(size) + " px island";
            return true;
        }
        return false;
    }
    // 60-100 % of the organ's area on a slice also labelled another organ.
    bool overlap(LabelVolume& labels, Organ organ, Injection& out) {
        const auto zs = organSlices(labels, organ, 60);
        if (zs.empty()) return false;
        const int z = pickFrom(zs);
        const Organ other = kAllOrgans[size_t(
            (organIndex(organ) + std::uniform_int_distribution<int>(1, 2)(rng_)) % 3)];
        const auto& g = labels.geometry();
        std::vector<std::pair<int, int>> pixels;
        for (int y = 0; y < g.height; ++y)
            for (int x = 0; x < g.width; ++x)
                if (labels.has(x, y, z, organ)) pixels.push_back({x, y});
        const auto [cx, cy] =
            pixels[std::uniform_int_distribution<size_t>(0, pixels.size() - 1)(rng_)];
        std::sort(pixels.begin(), pixels.end(), [cx = cx, cy = cy](auto a, auto b) {
            return std::hypot(a.first - cx, a.second - cy) <
                   std::hypot(b.first - cx, b.second - cy);
        });
        const double share = std::uniform_real_distribution<double>(0.6, 1.0)(rng_);
        for (size_t i = 0; i < size_t(share * double(pixels.size())); ++i)
            labels.set(pixels[i].first, pixels[i].second, z, other, true);
        out.slice = z + 1;
        out.what =
            std::to_string(int(share * 100)) + " % under " + std::string(organClassName(other));
        return true;
    }
    // Grown slice by slice until at least 2.5 x the previous day's volume.
    bool grow(LabelVolume& labels, const LabelVolume& previous, Organ organ, Injection& out) {
        const size_t before = previous.count(organ);
        if (before * 1.5 * 1.5 * 3 < 5000) return false; // under 5 cc
        const double factor = std::uniform_real_distribution<double>(2.5, 3.5)(rng_);
        const auto& g = labels.geometry();
        while (double(labels.count(organ)) < factor * double(before)) {
            LabelVolume grown = labels;
            for (int z = 0; z < g.depth; ++z)
                for (int y = 1; y < g.height - 1; ++y)
                    for (int x = 1; x < g.width - 1; ++x)
                        if (!labels.has(x, y, z, organ) &&
                            (labels.has(x - 1, y, z, organ) || labels.has(x + 1, y, z, organ) ||
                             labels.has(x, y - 1, z, organ) || labels.has(x, y + 1, z, organ)))
                            grown.set(x, y, z, organ, true);
            labels = std::move(grown);
        }
        out.slice = 0;
        out.what = "volume x" + std::to_string(double(labels.count(organ)) / double(before));
        return true;
    }
    // 20-50 px where the image is background (no pixel above a tenth of the bright level
    // within 8 px).
    bool outside(const ScanVolume& scan, LabelVolume& labels, Organ organ, Injection& out) {
        const auto zs = organSlices(labels, organ);
        if (zs.empty()) return false;
        const auto& g = labels.geometry();
        const std::uint16_t dim = std::uint16_t(scan.percentile(99.5) / 10);
        for (int attempt = 0; attempt < 400; ++attempt) {
            const int z = pickFrom(zs);
            const int x = std::uniform_int_distribution<int>(12, g.width - 13)(rng_);
            const int y = std::uniform_int_distribution<int>(12, g.height - 13)(rng_);
            const auto pixels = blob(x, y, std::uniform_int_distribution<int>(20, 50)(rng_), rng_);
            bool background = true;
            for (auto [px, py] : pixels)
                for (int yy = py - 8; yy <= py + 8 && background; ++yy)
                    for (int xx = px - 8; xx <= px + 8 && background; ++xx)
                        if (xx < 0 || yy < 0 || xx >= g.width || yy >= g.height ||
                            scan.at(xx, yy, z) > dim)
                            background = false;
            if (!background) continue;
            for (auto [px, py] : pixels)
                labels.set(px, py, z, organ, true);
            out.slice = z + 1;
            out.what = std::to_string(pixels.size()) + " px outside the body";
            return true;
        }
        return false;
    }
    // Small and large bowel exchanged over 5 slices inside both bowels' range.
    bool swap(LabelVolume& labels, Injection& out) {
        std::vector<int> starts;
        const auto& g = labels.geometry();
        for (int z = 1; z + 5 < g.depth; ++z) {
            bool ok = true;
            for (int k = -1; k <= 5 && ok; ++k)
                ok = labels.countOnSlice(z + k, Organ::LargeBowel) >= 100 &&
                     labels.countOnSlice(z + k, Organ::SmallBowel) >= 100;
            if (ok) starts.push_back(z);
        }
        if (starts.empty()) return false;
        const int z = pickFrom(starts);
        const std::uint8_t large = organBit(Organ::LargeBowel), small = organBit(Organ::SmallBowel);
        for (int k = 0; k < 5; ++k) {
            std::uint8_t* s = labels.slice(z + k);
            for (size_t i = 0; i < g.sliceSize(); ++i) {
                const std::uint8_t v = s[i];
                s[i] = std::uint8_t((v & ~(large | small)) | ((v & large) ? small : 0) |
                                    ((v & small) ? large : 0));
            }
        }
        out.organ =
            std::uniform_int_distribution<int>(0, 1)(rng_) ? Organ::SmallBowel : Organ::LargeBowel;
        out.slice = z + 1;
        out.what = "slices " + std::to_string(z + 1) + "-" + std::to_string(z + 5) + " exchanged";
        return true;
    }
    std::mt19937 rng_;
};

bool matches(const QaFlag& flag, CaseDayKey day, const Injection& injection) {
    if (flag.day != day || flag.organ != injection.organ || flag.kind != injection.kind)
        return false;
    if (!injection.slice) return !flag.hasSlice();
    return flag.hasSlice() && std::abs(flag.firstSlice - injection.slice) <= 1;
}

// Findings: the flags of one kind and organ on one day.
std::map<std::pair<Organ, QaKind>, std::vector<QaFlag>> findings(const std::vector<QaFlag>& flags) {
    std::map<std::pair<Organ, QaKind>, std::vector<QaFlag>> out;
    for (const auto& flag : flags)
        out[{flag.organ, flag.kind}].push_back(flag);
    return out;
}

std::string describe(const QaFlag& flag) {
    return formatCaseDayName(flag.day) + " " + std::string(organClassName(flag.organ)) + " " +
           std::string(qaKindName(flag.kind)) + " slice " + std::to_string(flag.firstSlice) + ": " +
           flag.detail;
}

} // namespace

class TestQa : public QObject {
    Q_OBJECT
    std::vector<PhantomCase> cases_;

private slots:
    void initTestCase() {
        PhantomOptions options = testsupport::smallPhantomOptions(2, 3);
        options.seed = 20261202; // days never used to train the default model
        for (int c = 0; c < options.cases; ++c) {
            PhantomCase phantomCase;
            for (int d = 0; d < options.daysPerCase; ++d)
                phantomCase.days.push_back(generatePhantomDay(options, c, d));
            cases_.push_back(std::move(phantomCase));
        }
    }

    void kindNamesRoundTrip() {
        for (QaKind kind : kAllQaKinds)
            QCOMPARE(qaKindFromName(qaKindName(kind)), std::optional<QaKind>(kind));
        QVERIFY(!qaKindFromName("gaps"));
    }

    void handMadeMasksGiveTheExpectedFlags() {
        // A 40x40x10 grid: a square organ on slices 2-9 with slice 5 empty, a lone pixel far away.
        VolumeGeometry g = testsupport::smallGrid(40, 40, 10);
        LabelVolume labels({1, 1}, g);
        for (int z = 1; z <= 8; ++z)
            for (int y = 5; y < 15; ++y)
                for (int x = 5; x < 15; ++x)
                    if (z != 4) labels.set(x, y, z, Organ::Stomach, true);
        labels.set(38, 38, 6, Organ::Stomach, true);
        QaDayInput input;
        input.labels = &labels;
        auto flags = runQaChecks(input);
        QCOMPARE(flags.size(), size_t(2));
        QCOMPARE(flags[0].kind, QaKind::Gap);
        QCOMPARE(flags[0].firstSlice, 5);
        QCOMPARE(flags[1].kind, QaKind::Island);
        QCOMPARE(flags[1].firstSlice, 7);
        // Unlabelled is unknown, never absent: slice 5 not labelled is no gap.
        LabelledSlices labelled = LabelledSlices::all(10);
        labelled.set(4, Organ::Stomach, false);
        input.labelled = &labelled;
        flags = runQaChecks(input);
        QCOMPARE(flags.size(), size_t(1));
        QCOMPARE(flags[0].kind, QaKind::Island);
        // Only the organs asked for are reported.
        input.organs = organBit(Organ::LargeBowel);
        QVERIFY(runQaChecks(input).empty());
    }

    void injectedErrorsAreFlagged() {
        Injector injector(12345);
        std::map<QaKind, std::pair<int, int>> perKind; // flagged, injected
        std::vector<std::string> missed;
        const int perKindTarget = 20;
        for (QaKind kind : kAllQaKinds) {
            int injected = 0;
            for (int attempt = 0; injected < perKindTarget && attempt < 200; ++attempt) {
                const auto& phantomCase = cases_[size_t(attempt) % cases_.size()];
                const size_t d =
                    1 + size_t(attempt / int(cases_.size())) % (phantomCase.days.size() - 1);
                const PhantomDay& day = phantomCase.days[d];
                const LabelVolume& previous = phantomCase.days[d - 1].labels;
                LabelVolume labels = day.labels;
                Injection injection;
                if (!injector.inject(kind, day, &previous, labels, injection)) continue;
                ++injected;
                QaDayInput input;
                input.labels = &labels;
                input.scan = &day.scan;
                input.previousDay = &previous;
                const auto flags = runQaChecks(input);
                const bool found = std::any_of(flags.begin(), flags.end(), [&](const QaFlag& f) {
                    return matches(f, labels.day(), injection);
                });
                perKind[kind].second += 1;
                perKind[kind].first += found ? 1 : 0;
                if (!found)
                    missed.push_back(formatCaseDayName(labels.day()) + " " +
                                     std::string(qaKindName(kind)) + " " +
                                     std::string(organClassName(injection.organ)) + " slice " +
                                     std::to_string(injection.slice) + " (" + injection.what +
                                     "), " + std::to_string(flags.size()) + " other flags");
            }
            QVERIFY2(injected == perKindTarget, qaKindName(kind).data());
        }
        int flagged = 0, injected = 0;
        for (const auto& [kind, counts] : perKind) {
            std::printf("qa injected %-13s %2d/%2d flagged\n", qaKindName(kind).data(),
                        counts.first, counts.second);
            flagged += counts.first, injected += counts.second;
        }
        for (const auto& line : missed)
            std::printf("  missed: %s\n", line.c_str());
        std::printf("qa injected total %d/%d flagged (%.1f %%)\n", flagged, injected,
                    100.0 * flagged / injected);
        QVERIFY(injected >= 100);
        QVERIFY2(flagged >= 0.95 * injected, "fewer than 95 % of the injected errors flagged");
        for (const auto& [kind, counts] : perKind)
            QVERIFY2(counts.first >= 0.85 * counts.second, qaKindName(kind).data());
    }

    void cleanPhantomTruthHasAtMostOneFindingPerDay() {
        for (const auto& phantomCase : cases_)
            for (size_t d = 0; d < phantomCase.days.size(); ++d) {
                QaDayInput input;
                input.labels = &phantomCase.days[d].labels;
                input.scan = &phantomCase.days[d].scan;
                input.previousDay = d ? &phantomCase.days[d - 1].labels : nullptr;
                const auto flags = runQaChecks(input);
                for (const auto& flag : flags)
                    std::printf("clean phantom: %s\n", describe(flag).c_str());
                QVERIFY2(findings(flags).size() <= 1,
                         formatCaseDayName(input.labels->day()).c_str());
            }
    }

    void realMasksHaveFewFindingsAndNoGapOrSwap() {
        REQUIRE_SHARED_DATA(shared);
        const DatasetIndex index = testsupport::realDatasetIndex(shared);
        const auto imported = importLabels((shared + "/train_rows.csv").toStdString(), index);
        QVERIFY(imported.problems.empty());
        const LabelVolume* previous = nullptr;
        const LabelledSlices* previousLabelled = nullptr;
        size_t days = 0, totalFindings = 0;
        for (const auto& [key, labels] : imported.volumes) {
            const auto labelled = imported.labelled.find(key);
            if (labelled == imported.labelled.end()) continue;
            if (previous && previous->day().caseNo != key.caseNo)
                previous = nullptr, previousLabelled = nullptr;
            QaDayInput input;
            input.labels = &labels;
            input.labelled = &labelled->second;
            input.previousDay = previous;
            input.previousLabelled = previousLabelled;
            const auto flags = runQaChecks(input);
            for (const auto& flag : flags) {
                std::printf("real masks: %s\n", describe(flag).c_str());
                QVERIFY2(flag.kind != QaKind::Gap && flag.kind != QaKind::Swap,
                         describe(flag).c_str());
            }
            const size_t n = findings(flags).size();
            QVERIFY2(n <= 2, formatCaseDayName(key).c_str());
            totalFindings += n;
            ++days;
            previous = &labels;
            previousLabelled = &labelled->second;
        }
        std::printf("real masks: %zu case-days, %zu findings\n", days, totalFindings);
        QCOMPARE(days, size_t(19));
    }
};

QTEST_APPLESS_MAIN(TestQa)
#include "test_qa.moc"
