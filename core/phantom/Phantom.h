#pragma once
// The synthetic abdominal MR phantom: the product's embedded default dataset and the training
// data of the default model. Anatomy (body wall and fat, spine, liver, kidneys, vessels, lungs,
// bladder; a J-shaped stomach, small-bowel loops, a colon framing the abdomen) is drawn from the
// seed in physical millimetres, deforms slightly from day to day within a case, and is imaged
// with MR-like 16-bit intensities: bias field, texture, Rician noise, and bowel contents that
// vary between dark gas and bright fluid, so organs cannot be found by intensity alone.
#include "data/LabelVolume.h"
#include "data/ScanVolume.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace gireview {

struct PhantomFormat {
    int width = 266, height = 266, depth = 144;
    double spacing = 1.50;
};
// "266" (default: 266x266, 1.50 mm, 144 slices), "360x310" (1.50 mm, 144), "276" (1.63 mm, 80)
// or "234" (1.50 mm, 144). Throws std::invalid_argument for other names.
PhantomFormat phantomFormat(const std::string& name);

struct PhantomOptions {
    int cases = 2;
    int daysPerCase = 2;
    std::uint64_t seed = 1;
    PhantomFormat format;
    int firstCaseNumber = 1;
};

struct PhantomDay {
    ScanVolume scan;
    LabelVolume labels;
};

// Generates one case-day; deterministic for (seed, caseIndex, dayIndex, format).
PhantomDay generatePhantomDay(const PhantomOptions& options, int caseIndex, int dayIndex);
// Day numbers of a case (days are not consecutive in the reference data either).
std::vector<int> phantomDayNumbers(const PhantomOptions& options, int caseIndex);

struct PhantomWriteReport {
    std::vector<CaseDayKey> days;
    std::string trainCsv;
    size_t slices = 0;
};
// Writes DIR/train/caseN/caseN_dayM/scans/slice_*.png and DIR/train.csv (every slice x class).
// `onDay(day, done, total)` is called after each case-day is written (for progress and
// statistics); returning false cancels, leaving train.csv unwritten (PhantomCancelled thrown).
struct PhantomCancelled : std::exception {
    const char* what() const noexcept override { return "phantom generation cancelled"; }
};
using PhantomDayCallback = std::function<bool(const PhantomDay&, int, int)>;
PhantomWriteReport writePhantomDataset(const std::string& outDir, const PhantomOptions& options,
                                       const PhantomDayCallback& onDay = {});

} // namespace gireview
