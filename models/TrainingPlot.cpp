// The training curves as a PNG: training loss on the left, validation score, Dice and
// Hausdorff terms on the right, epochs along the bottom. Drawn with OpenCV (no plotting stack).
#include "io/AtomicFile.h"
#include "Trainer.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace gireview {

namespace {

struct Series {
    const char* name;
    cv::Scalar colour; // BGR
    std::function<double(const EpochRecord&)> value;
};

// The legend goes where the curves are not: at the top for falling curves, at the bottom for rising ones.
void drawPanel(cv::Mat& canvas, cv::Rect area, const char* title, const std::vector<EpochRecord>& epochs,
               const std::vector<Series>& series, double low, double high, bool legendAtTop) {
    const cv::Scalar ink(40, 40, 40), grid(215, 215, 215);
    cv::rectangle(canvas, area, ink, 1);
    cv::putText(canvas, title, {area.x, area.y - 10}, cv::FONT_HERSHEY_SIMPLEX, 0.55, ink, 1, cv::LINE_AA);
    if (high <= low) high = low + 1;
    const int lastEpoch = epochs.empty() ? 1 : std::max(2, epochs.back().epoch);
    auto toPoint = [&](double epoch, double value) {
        const double fx = (epoch - 1) / double(lastEpoch - 1), fy = (value - low) / (high - low);
        return cv::Point(area.x + int(fx * area.width), area.y + area.height - int(std::clamp(fy, 0.0, 1.0) * area.height));
    };
    char label[32];
    for (int tick = 0; tick <= 4; ++tick) {
        const double value = low + (high - low) * tick / 4.0;
        const cv::Point p = toPoint(1, value);
        cv::line(canvas, {area.x, p.y}, {area.x + area.width, p.y}, grid, 1);
        std::snprintf(label, sizeof label, "%.3g", value);
        cv::putText(canvas, label, {area.x - 48, p.y + 4}, cv::FONT_HERSHEY_SIMPLEX, 0.4, ink, 1, cv::LINE_AA);
    }
    std::snprintf(label, sizeof label, "epoch %d", lastEpoch);
    cv::putText(canvas, "epoch 1", {area.x, area.y + area.height + 18}, cv::FONT_HERSHEY_SIMPLEX, 0.4, ink, 1, cv::LINE_AA);
    cv::putText(canvas, label, {area.x + area.width - 60, area.y + area.height + 18}, cv::FONT_HERSHEY_SIMPLEX, 0.4, ink, 1,
                cv::LINE_AA);
    int legendY = legendAtTop ? area.y + 18 : area.y + area.height - 12 - 18 * int(series.size() - 1);
    for (const auto& s : series) {
        for (size_t i = 1; i < epochs.size(); ++i)
            cv::line(canvas, toPoint(epochs[i - 1].epoch, s.value(epochs[i - 1])), toPoint(epochs[i].epoch, s.value(epochs[i])),
                     s.colour, 2, cv::LINE_AA);
        for (const auto& e : epochs) cv::circle(canvas, toPoint(e.epoch, s.value(e)), 2, s.colour, cv::FILLED, cv::LINE_AA);
        cv::line(canvas, {area.x + area.width - 150, legendY - 4}, {area.x + area.width - 125, legendY - 4}, s.colour, 2);
        cv::putText(canvas, s.name, {area.x + area.width - 118, legendY}, cv::FONT_HERSHEY_SIMPLEX, 0.42, ink, 1, cv::LINE_AA);
        legendY += 18;
    }
}

} // namespace

void writeTrainingPlot(const std::string& path, const std::vector<EpochRecord>& epochs, bool validated) {
    cv::Mat canvas(420, 1000, CV_8UC3, cv::Scalar(255, 255, 255));
    double maxLoss = 0;
    for (const auto& e : epochs) maxLoss = std::max(maxLoss, e.trainLoss);
    // Okabe-Ito colours (BGR): vermillion, blue, bluish green, orange.
    drawPanel(canvas, {70, 40, 400, 330}, "training loss (BCE + Dice)", epochs,
              {{"train loss", cv::Scalar(0, 94, 213), [](const EpochRecord& e) { return e.trainLoss; }}}, 0, maxLoss * 1.05, true);
    if (validated) {
        drawPanel(canvas, {570, 40, 400, 330}, "validation (competition metric)", epochs,
                  {{"score", cv::Scalar(178, 114, 0), [](const EpochRecord& e) { return e.valScore; }},
                   {"dice", cv::Scalar(115, 158, 0), [](const EpochRecord& e) { return e.valDice; }},
                   {"1 - hd", cv::Scalar(0, 159, 230), [](const EpochRecord& e) { return e.valHausdorff; }}},
                  0, 1, false);
    } else {
        const cv::Scalar ink(40, 40, 40);
        cv::rectangle(canvas, cv::Rect{570, 40, 400, 330}, ink, 1);
        cv::putText(canvas, "no validation split", {600, 190}, cv::FONT_HERSHEY_SIMPLEX, 0.8, ink, 2, cv::LINE_AA);
        cv::putText(canvas, "(too few cases): best epoch = lowest training loss", {590, 225}, cv::FONT_HERSHEY_SIMPLEX, 0.45, ink, 1,
                    cv::LINE_AA);
    }
    std::vector<std::uint8_t> png;
    cv::imencode(".png", canvas, png);
    writeFileAtomically(path, std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
}

} // namespace gireview
