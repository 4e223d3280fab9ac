// Overlay composition without a display: fill, outline, visibility, and the dotted prediction's edges.
#include "OrganColors.h"
#include "OverlayComposer.h"

#include <QtTest>

using namespace gireview;

namespace {
// 8x6 plane with a 4x3 stomach block at (2..5, 1..3).
std::vector<std::uint8_t> block() {
    std::vector<std::uint8_t> bits(8 * 6, 0);
    for (int y = 1; y <= 3; ++y)
        for (int x = 2; x <= 5; ++x) bits[size_t(y) * 8 + size_t(x)] = organBit(Organ::Stomach);
    return bits;
}
const std::uint8_t* px(const std::vector<std::uint8_t>& rgba, int x, int y) { return &rgba[(size_t(y) * 8 + size_t(x)) * 4]; }
} // namespace

class TestOverlayComposer : public QObject {
    Q_OBJECT
private slots:
    void fillOutlineAndVisibility() {
        auto bits = block();
        OverlaySettings settings;
        settings.opacity = 0.4;
        std::vector<std::uint8_t> rgba;
        settings.mode = OverlayMode::Fill;
        composeOverlay(bits.data(), 8, 6, settings, rgba);
        const QColor blue = organColor(Organ::Stomach);
        QCOMPARE(int(px(rgba, 3, 2)[2]), blue.blue());
        QCOMPARE(int(px(rgba, 3, 2)[3]), 102); // 0.4 * 255
        QCOMPARE(int(px(rgba, 2, 1)[3]), 102); // border pixel filled, not outlined
        QCOMPARE(int(px(rgba, 0, 0)[3]), 0);   // nothing outside the organ
        settings.mode = OverlayMode::Outline;
        composeOverlay(bits.data(), 8, 6, settings, rgba);
        QCOMPARE(int(px(rgba, 2, 1)[3]), 255); // border opaque
        QCOMPARE(int(px(rgba, 3, 2)[3]), 0);   // interior empty
        settings.mode = OverlayMode::FillAndOutline;
        settings.organVisible[size_t(organIndex(Organ::Stomach))] = false;
        composeOverlay(bits.data(), 8, 6, settings, rgba);
        QVERIFY(std::all_of(rgba.begin(), rgba.end(), [](std::uint8_t v) { return v == 0; }));
    }
    // The prediction: every other pixel edge of the border, on the edges (.5), none inside.
    void predictionIsADottedLineOfPixelEdges() {
        auto bits = block(); // 4x3: a border of 2 * (4 + 3) = 14 pixel edges
        const auto segments = dottedOutline(bits.data(), 8, 6, organBit(Organ::Stomach));
        QCOMPARE(int(segments.size()), 7);
        for (const OutlineSegment& s : segments) {
            const bool vertical = s.u0 == s.u1;
            QVERIFY(vertical ? (s.u0 == 1.5 || s.u0 == 5.5) && std::abs(s.v1 - s.v0) == 1.0
                             : (s.v0 == 0.5 || s.v0 == 3.5) && std::abs(s.u1 - s.u0) == 1.0);
        }
        // (3,1), (u + v) even, gives its top edge; (2,1), odd, none: dots, not a solid line.
        const auto at = [&](double u0, double v0, double u1, double v1) {
            return std::any_of(segments.begin(), segments.end(), [&](const OutlineSegment& s) {
                return s.u0 == u0 && s.v0 == v0 && s.u1 == u1 && s.v1 == v1;
            });
        };
        QVERIFY(at(2.5, 0.5, 3.5, 0.5));
        QVERIFY(!at(1.5, 0.5, 2.5, 0.5));
        // An organ at the plane's border is outlined there too; another organ's bit is not drawn.
        std::vector<std::uint8_t> corner(8 * 6, 0);
        corner[0] = organBit(Organ::SmallBowel);
        QCOMPARE(int(dottedOutline(corner.data(), 8, 6, organBit(Organ::SmallBowel)).size()), 4);
        QVERIFY(dottedOutline(corner.data(), 8, 6, organBit(Organ::Stomach)).empty());
        // Lighter than the reviewed colour, so the layers never look alike.
        const QColor light = predictionColor(Organ::Stomach), reviewed = organColor(Organ::Stomach);
        QVERIFY(light.red() + light.green() + light.blue() > reviewed.red() + reviewed.green() + reviewed.blue());
    }
};

QTEST_GUILESS_MAIN(TestOverlayComposer)
#include "test_overlay_composer.moc"
