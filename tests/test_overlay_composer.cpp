// Overlay composition without a display: fill, outline, visibility, and the dotted prediction.
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
        composeOverlay(bits.data(), nullptr, 8, 6, settings, rgba);
        const QColor blue = organColor(Organ::Stomach);
        QCOMPARE(int(px(rgba, 3, 2)[2]), blue.blue());
        QCOMPARE(int(px(rgba, 3, 2)[3]), 102); // 0.4 * 255
        QCOMPARE(int(px(rgba, 2, 1)[3]), 102); // border pixel filled, not outlined
        QCOMPARE(int(px(rgba, 0, 0)[3]), 0);   // nothing outside the organ
        settings.mode = OverlayMode::Outline;
        composeOverlay(bits.data(), nullptr, 8, 6, settings, rgba);
        QCOMPARE(int(px(rgba, 2, 1)[3]), 255); // border opaque
        QCOMPARE(int(px(rgba, 3, 2)[3]), 0);   // interior empty
        settings.mode = OverlayMode::FillAndOutline;
        settings.organVisible[size_t(organIndex(Organ::Stomach))] = false;
        composeOverlay(bits.data(), nullptr, 8, 6, settings, rgba);
        QVERIFY(std::all_of(rgba.begin(), rgba.end(), [](std::uint8_t v) { return v == 0; }));
    }
    void predictionIsADottedOutline() {
        auto bits = block();
        OverlaySettings settings;
        settings.showReviewed = false;
        std::vector<std::uint8_t> rgba;
        composeOverlay(nullptr, bits.data(), 8, 6, settings, rgba);
        // Outline pixels alternate: (2,1) has (u+v) odd -> empty, (3,1) even -> drawn; interior empty.
        QCOMPARE(int(px(rgba, 3, 1)[3]), 255);
        QCOMPARE(int(px(rgba, 2, 1)[3]), 0);
        QCOMPARE(int(px(rgba, 3, 2)[3]), 0);
        // Lighter than the reviewed colour, so the layers never look alike.
        QVERIFY(px(rgba, 3, 1)[0] + px(rgba, 3, 1)[1] + px(rgba, 3, 1)[2] >
                organColor(Organ::Stomach).red() + organColor(Organ::Stomach).green() + organColor(Organ::Stomach).blue());
        settings.showPrediction = false;
        composeOverlay(nullptr, bits.data(), 8, 6, settings, rgba);
        QCOMPARE(int(px(rgba, 3, 1)[3]), 0);
    }
};

QTEST_GUILESS_MAIN(TestOverlayComposer)
#include "test_overlay_composer.moc"
