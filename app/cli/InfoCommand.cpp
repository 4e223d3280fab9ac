// gireview-cli info: the dataset summary a user would otherwise compute in a notebook.
#include "CliCommon.h"
#include "io/CaseDayRegistry.h"
#include "io/DatasetIndex.h"
#include "data/DataError.h"
#include "io/LabelExchange.h"
#include "analysis/LabelStatistics.h"

#include <QCommandLineParser>
#include <array>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "io/AtomicFile.h"

namespace cli {
namespace {

// Who and where a case-day is: the same keys for a Kaggle day (no DICOM identity; origin 0,
// direction diag(1, 1, -1)) and a DICOM one (its series' identity and true placement).
void addIdentityAndGeometry(const gireview::DayEntry& day, nlohmann::json& out) {
    const gireview::VolumeGeometry& g = day.geometry;
    const gireview::DicomSeries* series = day.dicom.get();
    out["patient_id"] = series ? series->identity.patientId : "";
    out["study_date"] = series ? series->identity.studyDate : "";
    out["study_time"] = series ? series->identity.studyTime : "";
    out["series_uid"] = series ? series->identity.seriesUid : "";
    out["series_description"] = series ? series->description : "";
    out["modality"] = series ? series->modality : "MR";
    out["spacing_xyz_mm"] = {g.spacingX, g.spacingY, g.spacingZ};
    out["origin_mm"] = {g.origin[0], g.origin[1], g.origin[2]};
    out["direction"] = g.direction;
    out["depth"] = g.depth;
    if (series) {
        out["transfer_syntax"] = series->transferSyntax;
        out["obliquity_degrees"] = series->obliquityDegrees;
        out["rescale"] = {{"slope", series->rescale.slope},
                          {"intercept", series->signedPixels ? series->rescale.intercept + 32768.0 * series->rescale.slope
                                                             : series->rescale.intercept},
                          {"signed", series->signedPixels}};
    }
}

std::string formatGrid(const gireview::VolumeGeometry& g) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%dx%d @ %.2f mm", g.width, g.height, g.spacingX);
    return buffer;
}

} // namespace

int runInfo(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Summarise a dataset: cases, days, slices, sizes and spacings; with labels, positive "
        "slices, mask areas and first/last positive slice per organ and day. PATH is a dataset "
        "root (train/ or test/ layout), a case folder or a case-day folder, or a folder of DICOM "
        "files (any nesting; one case-day per study, its MR or CT series with the most positions; "
        "the JSON lists every series and, per day, the patient, study date, series, modality, "
        "spacing, origin and direction in LPS). Labels default to train.csv beside the data.");
    parser.addPositionalArgument("PATH", "Dataset root, case or case-day folder, or a folder of DICOM files.");
    parser.addOptions({
        {"labels", "Labels to summarise: train.csv or a submission CSV, a COCO JSON or a folder of caseN_dayM.nii.gz "
                   "(as export writes them).", "FILE"},
        {"json", "Also write the summary as JSON to FILE (- for standard output, the table then on stderr).", "FILE"},
    });
    int exitCode = Ok;
    if (!parseOrExplain(parser, arguments, exitCode)) return exitCode;
    if (parser.positionalArguments().size() != 1) {
        printError("expected exactly one PATH");
        return BadUsage;
    }
    gireview::ScanOptions scanOptions;
    scanOptions.checkHeaders = false; // info is a summary; validate checks files
    auto index = scanData(toStd(parser.positionalArguments().first()), parser, scanOptions);
    std::string labelsPath = parser.isSet("labels") ? toStd(parser.value("labels")) : index.labelsFile;
    std::optional<OutputTarget> jsonTarget;
    if (parser.isSet("json"))
        jsonTarget.emplace(toStd(parser.value("json")), gireview::OutputKind::File,
                           gireview::OutputRules{{toStd(parser.positionalArguments().first()), labelsPath}, false}, true);

    nlohmann::json json;
    json["root"] = index.root;
    json["cases"] = index.cases.size();
    json["days"] = index.dayCount();
    json["slices"] = index.sliceCount();
    std::printf("Dataset %s\n  %zu cases, %zu case-days, %zu slices\n", index.root.c_str(),
                index.cases.size(), index.dayCount(), index.sliceCount());
    std::map<std::string, int> grids;
    for (const auto* day : index.days()) ++grids[formatGrid(day->geometry)];
    for (const auto& [grid, count] : grids) {
        std::printf("  %s: %d case-day(s)\n", grid.c_str(), count);
        json["grids"][grid] = count;
    }
    const size_t errors = std::count_if(index.problems.begin(), index.problems.end(), [](const auto& p) {
        return p.severity == gireview::Problem::Severity::Error;
    });
    // DICOM: every image series, the chosen day of each study and why the others are not.
    for (const auto& series : index.dicomSeries) {
        json["dicom_series"].push_back({{"study_uid", series.studyUid},
                                        {"series_uid", series.seriesUid},
                                        {"patient_id", series.patientId},
                                        {"series_description", series.description},
                                        {"modality", series.modality},
                                        {"positions", series.positions},
                                        {"images", series.frames},
                                        {"chosen", series.chosen},
                                        {"why_not", series.whyNot},
                                        {"first_file", series.firstFile}});
        if (!series.chosen)
            std::printf("  series %s (%s, %d images) not taken as a day: %s\n", series.seriesUid.c_str(),
                        gireview::quoteForMessage(series.description, 40).c_str(), series.frames, series.whyNot.c_str());
    }
    if (!index.problems.empty())
        std::printf("  %zu problem(s), %zu error(s): run 'gireview-cli validate' for the list\n",
                    index.problems.size(), errors);

    // Any format export writes: what counts is the labelled (slice, organ) pairs, never the
    // unlabelled ones read as empty.
    gireview::LabelImport labels;
    if (!labelsPath.empty()) {
        labels = gireview::importLabels(labelsPath, index);
        size_t labelledPairs = 0, nonEmptyPairs = 0;
        for (const auto& [key, slices] : labels.labelled) {
            labelledPairs += slices.pairs();
            const auto volume = labels.volumes.find(key);
            if (volume == labels.volumes.end()) continue;
            for (int z = 0; z < slices.depth(); ++z)
                for (auto organ : gireview::kAllOrgans)
                    if (slices.has(z, organ) && volume->second.countOnSlice(z, organ)) ++nonEmptyPairs;
        }
        const std::string format = gireview::labelFormatName(labels.format);
        std::printf("Labels %s (%s): %zu labelled (slice, organ) pairs, %zu non-empty%s\n", labelsPath.c_str(),
                    format.c_str(), labelledPairs, nonEmptyPairs,
                    labels.problems.empty() ? "" : " (problems found: run validate)");
        json["labels"] = {{"file", labelsPath},
                          {"format", format},
                          {"labelled_pairs", labelledPairs},
                          {"non_empty_pairs", nonEmptyPairs},
                          {"problems", labels.problems.size()}};
    } else {
        std::printf("No labels (no train.csv beside the data; pass --labels FILE)\n");
    }

    std::printf("\n%-16s %6s %-18s", "case-day", "slices", "size");
    if (!labelsPath.empty())
        for (auto organ : gireview::kAllOrgans)
            std::printf(" | %-11s pos first-last  med.area", std::string(gireview::organClassName(organ)).c_str());
    std::printf("\n");
    std::array<std::vector<size_t>, gireview::kOrganCount> allAreas;
    std::array<std::vector<size_t>, gireview::kOrganCount> positives;
    std::array<std::vector<double>, gireview::kOrganCount> shares;
    for (const auto* day : index.days()) {
        const std::string name = gireview::formatCaseDayName(day->key);
        std::printf("%-16s %6zu %-18s", name.c_str(), day->slices.size(), formatGrid(day->geometry).c_str());
        if (day->dicom)
            std::printf(" %s %s %s", gireview::CaseDayRegistry::displayDateTime(day->dicom->identity).c_str(),
                        day->dicom->modality.c_str(), gireview::quoteForMessage(day->dicom->description, 40).c_str());
        nlohmann::json dayJson = {{"case_day", name},
                                  {"slices", day->slices.size()},
                                  {"width", day->geometry.width},
                                  {"height", day->geometry.height},
                                  {"spacing_mm", day->geometry.spacingX}};
        addIdentityAndGeometry(*day, dayJson);
        auto volume = labels.volumes.find(day->key);
        if (volume != labels.volumes.end() && labels.labelled.count(day->key)) {
            auto stats = gireview::computeDayStatistics(volume->second);
            for (auto organ : gireview::kAllOrgans) {
                const size_t o = size_t(gireview::organIndex(organ));
                const auto& s = stats.organs[o];
                const double median = gireview::percentileOf(s.areas, 50);
                std::printf(" | %-11s %3d %4d-%-4d %9.0f", "", s.positiveSlices, s.firstPositiveSlice,
                            s.lastPositiveSlice, median);
                allAreas[o].insert(allAreas[o].end(), s.areas.begin(), s.areas.end());
                positives[o].push_back(size_t(s.positiveSlices));
                shares[o].push_back(s.sliceFraction(stats.depth));
                dayJson["organs"][std::string(gireview::organClassName(organ))] = {
                    {"positive_slices", s.positiveSlices},
                    {"slice_share", s.sliceFraction(stats.depth)},
                    {"first_positive_slice", s.firstPositiveSlice},
                    {"last_positive_slice", s.lastPositiveSlice},
                    {"voxels", s.voxels},
                    {"area_px_p10", gireview::percentileOf(s.areas, 10)},
                    {"area_px_median", median},
                    {"area_px_p90", gireview::percentileOf(s.areas, 90)},
                    {"area_mm2_median", median * day->geometry.spacingX * day->geometry.spacingY}};
            }
        }
        std::printf("\n");
        json["per_day"].push_back(dayJson);
    }
    if (!labelsPath.empty()) {
        std::printf("\n%-12s %10s %-22s %s\n", "organ", "pos.slices", "slice share min/med/max",
                    "area px p10/median/p90");
        for (auto organ : gireview::kAllOrgans) {
            const size_t o = size_t(gireview::organIndex(organ));
            std::vector<double> sh = shares[o];
            std::sort(sh.begin(), sh.end());
            const double lo = sh.empty() ? 0 : sh.front(), hi = sh.empty() ? 0 : sh.back();
            const double med = sh.empty() ? 0 : (sh.size() % 2 ? sh[sh.size() / 2] : 0.5 * (sh[sh.size() / 2 - 1] + sh[sh.size() / 2]));
            size_t total = 0;
            for (size_t p : positives[o]) total += p;
            std::printf("%-12s %10zu %.2f/%.2f/%.2f %9s %.0f/%.0f/%.0f\n",
                        std::string(gireview::organClassName(organ)).c_str(), total, lo, med, hi, "",
                        gireview::percentileOf(allAreas[o], 10), gireview::percentileOf(allAreas[o], 50),
                        gireview::percentileOf(allAreas[o], 90));
            json["organs"][std::string(gireview::organClassName(organ))] = {
                {"positive_slices", total},
                {"slice_share_min", lo},
                {"slice_share_median", med},
                {"slice_share_max", hi},
                {"area_px_p10", gireview::percentileOf(allAreas[o], 10)},
                {"area_px_median", gireview::percentileOf(allAreas[o], 50)},
                {"area_px_p90", gireview::percentileOf(allAreas[o], 90)}};
        }
    }
    if (jsonTarget) {
        gireview::writeFileAtomically(jsonTarget->path(), json.dump(1) + "\n");
        jsonTarget->finish();
    }
    return Ok;
}

} // namespace cli
