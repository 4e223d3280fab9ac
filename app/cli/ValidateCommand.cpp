// gireview-cli validate: every problem in a dataset and its labels, each with its file or row.
#include "CliCommon.h"
#include "data/DataError.h"
#include "io/DatasetIndex.h"
#include "io/LabelExchange.h"
#include "io/AtomicFile.h"
#include "io/PngCodec.h"
#include "io/ScanVolumeLoader.h"

#include <QCommandLineParser>
#include <algorithm>
#include <cstdio>

namespace cli {

int runValidate(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "List every problem found in a dataset and its labels: malformed names, missing or "
        "duplicate slices, mixed sizes or spacings, unreadable, truncated, colour or mis-sized "
        "images, and label rows with unknown ids or classes, duplicates or malformed RLE. In a "
        "DICOM folder: files that are not DICOM, damaged or cut short, without pixel data or in "
        "a transfer syntax no codec reads; uneven spacing, gaps, duplicate positions, mixed "
        "orientations or sizes within a series, each with its files. "
        "Exit status: 0 no error (warnings allowed), 1 at least one error, 2 bad usage.");
    parser.addPositionalArgument("PATH", "Dataset root, case or case-day folder, or a folder of DICOM files.");
    parser.addOptions({
        {"labels", "Labels to check (default: train.csv beside the data): train.csv or a submission CSV, a COCO JSON "
                   "or a folder of caseN_dayM.nii.gz.", "FILE"},
        {"quick", "Check names, PNG headers and file ends (a file cut short) only; do not decode every slice."},
    });
    int exitCode = Ok;
    if (!parseOrExplain(parser, arguments, exitCode)) return exitCode;
    if (parser.positionalArguments().size() != 1) {
        printError("expected exactly one PATH");
        return BadUsage;
    }
    gireview::DatasetIndex index;
    try {
        index = scanData(toStd(parser.positionalArguments().first()), parser);
    } catch (const gireview::DataError& error) {
        printError(error.what());
        return Failed;
    }
    std::vector<gireview::Problem> problems = index.problems;
    if (!parser.isSet("quick")) {
        const auto days = index.days();
        size_t done = 0;
        gireview::GrayPngDecoder decoder;
        std::vector<std::uint16_t> pixels(size_t(65535) * 4);
        for (const auto* day : days) {
            ++done;
            if (!day->usable) continue;
            if (pixels.size() < day->geometry.sliceSize()) pixels.resize(day->geometry.sliceSize());
            std::fprintf(stderr, "\rdecoding %zu/%zu case-days", done, days.size());
            if (day->dicom) {
                // A DICOM series decodes through the loader, which names every file it cannot
                // decode; the index's problems are listed already.
                try {
                    const auto volume = gireview::loadScanVolume(*day);
                    for (const auto& problem : volume.problems())
                        if (problem.severity == gireview::Problem::Severity::Error &&
                            std::none_of(day->problems.begin(), day->problems.end(),
                                         [&](const gireview::Problem& known) { return known.location == problem.location; }))
                            problems.push_back(problem);
                } catch (const std::exception& error) {
                    problems.push_back({gireview::Problem::Severity::Error, day->directory, error.what()});
                }
                continue;
            }
            // Slice by slice, through the loader's own check, so one bad file does not hide the
            // others and the window names the same problems; files the index flagged are not named twice.
            for (const auto& slice : day->slices) {
                if (slice.unreadable) continue;
                auto problem = gireview::decodeSliceFile(decoder, slice, day->geometry, pixels.data());
                if (problem && problem->severity == gireview::Problem::Severity::Error) problems.push_back(std::move(*problem));
            }
        }
        if (!days.empty()) std::fprintf(stderr, "\n");
    }
    std::string labelsPath = parser.isSet("labels") ? toStd(parser.value("labels")) : index.labelsFile;
    if (!labelsPath.empty()) {
        try {
            auto labels = gireview::importLabels(labelsPath, index);
            for (auto& problem : labels.problems) {
                problem.location = labelsPath + ": " + problem.location;
                problems.push_back(problem);
            }
        } catch (const std::exception& error) { // unreadable, or not a format we know
            problems.push_back({gireview::Problem::Severity::Error, labelsPath, error.what()});
        }
    }
    size_t errors = 0, warnings = 0;
    for (const auto& problem : problems) {
        std::printf("%s\n", gireview::formatProblem(problem).c_str());
        (problem.severity == gireview::Problem::Severity::Error ? errors : warnings)++;
    }
    std::printf("%zu case-days, %zu slices checked%s: %zu error(s), %zu warning(s)\n",
                index.dayCount(), index.sliceCount(),
                labelsPath.empty() ? "" : (", labels " + labelsPath).c_str(), errors, warnings);
    return errors ? Failed : Ok;
}

} // namespace cli
