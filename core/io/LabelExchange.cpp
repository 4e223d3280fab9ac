#include "io/LabelExchange.h"

#include "io/AtomicFile.h"
#include "data/DataError.h"
#include "io/NiftiIo.h"
#include "io/ScanVolumeLoader.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <array>
#include <set>
#include <stdexcept>

namespace fs = std::filesystem;

namespace gireview {

LabelFormat parseLabelFormat(const std::string& name) {
    if (name == "csv" || name == "train") return LabelFormat::TrainCsv;
    if (name == "submission") return LabelFormat::SubmissionCsv;
    if (name == "coco" || name == "json") return LabelFormat::Coco;
    if (name == "nifti" || name == "nii") return LabelFormat::Nifti;
    throw std::invalid_argument("unknown format '" + name + "'; expected csv, submission, coco or nifti");
}

LabelFormat labelFormatOfPath(const std::string& path) {
    const fs::path p(path);
    std::error_code error;
    if (fs::is_directory(p, error) || (!path.empty() && path.back() == '/')) return LabelFormat::Nifti;
    const std::string ext = p.extension().string();
    if (ext == ".csv") return LabelFormat::TrainCsv;
    if (ext == ".json") return LabelFormat::Coco;
    throw std::invalid_argument("cannot tell the format of '" + path +
                                "': expected a .csv file, a .json file or a folder of .nii.gz files");
}

std::vector<ExportDay> exportDays(const DatasetIndex& index, const std::map<CaseDayKey, LabelVolume>* labels,
                                  const std::vector<CaseDayKey>& scope) {
    std::vector<ExportDay> days;
    const fs::path root = fs::path(index.root);
    // Paths are relative to the dataset root (the folder holding train/), as in COCO file_name.
    fs::path base = root;
    if (root.filename() == "train" || root.filename() == "test") base = root.parent_path();
    for (const DayEntry* entry : index.days()) {
        if (!entry->usable) continue;
        if (!scope.empty() && std::find(scope.begin(), scope.end(), entry->key) == scope.end()) continue;
        ExportDay day{entry->key, entry->geometry, {}, nullptr};
        if (labels) {
            auto found = labels->find(entry->key);
            if (found != labels->end()) day.labels = &found->second;
        }
        day.sliceFiles.resize(size_t(entry->geometry.depth));
        for (int z = 0; z < entry->geometry.depth; ++z) day.sliceFiles[size_t(z)] = kaggleSliceFile(entry->key, z + 1, entry->geometry);
        for (const auto& slice : entry->slices) {
            const fs::path relative = fs::path(slice.path).lexically_relative(base);
            if (!relative.empty() && relative.string().rfind("..", 0) != 0) day.sliceFiles[size_t(slice.slice - 1)] = relative.generic_string();
        }
        days.push_back(std::move(day));
    }
    return days;
}

namespace {

std::string isoTimeNow() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return buffer;
}

// FNV-1a over the day's label bytes: identifies a day's content between exports.
std::string contentHash(const ExportDay& day) {
    std::uint64_t hash = 1469598103934665603ull;
    auto mixIn = [&hash](std::uint8_t byte) {
        hash ^= byte;
        hash *= 1099511628211ull;
    };
    for (int v : {day.geometry.width, day.geometry.height, day.geometry.depth})
        for (int shift = 0; shift < 32; shift += 8) mixIn(std::uint8_t(v >> shift));
    if (day.labels)
        for (size_t i = 0; i < day.labels->geometry().voxelCount(); ++i) mixIn(day.labels->data()[i]);
    char text[20];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

std::map<std::string, std::string> previousHashes(const std::string& sidecar) {
    std::map<std::string, std::string> hashes;
    std::ifstream in(sidecar);
    if (!in) return hashes;
    try {
        const auto json = nlohmann::json::parse(in);
        const auto found = json.find("content_hashes");
        if (found != json.end() && found->is_object())
            for (auto it = found->begin(); it != found->end(); ++it)
                if (it.value().is_string()) hashes[it.key()] = it.value().get<std::string>();
    } catch (const nlohmann::json::exception&) {
        // An unreadable sidecar means nothing is known: export everything.
    }
    return hashes;
}

// 1-based slice numbers labelled per organ and case-day (reviewed-only exports).
using LabelledSlices = std::map<CaseDayKey, std::array<std::vector<int>, kOrganCount>>;

nlohmann::json ranges(const std::vector<int>& slices) {
    nlohmann::json out = nlohmann::json::array();
    for (size_t i = 0; i < slices.size();) {
        size_t j = i;
        while (j + 1 < slices.size() && slices[j + 1] == slices[j] + 1) ++j;
        out.push_back({slices[i], slices[j]});
        i = j + 1;
    }
    return out;
}

void writeSidecar(const std::string& path, const std::vector<ExportDay>& days, const ExportOptions& options,
                  const std::vector<std::string>& files, const std::map<std::string, std::string>& earlierHashes,
                  const LabelledSlices* reviewed) {
    nlohmann::json sidecar;
    sidecar["format"] = "gireview-label-sidecar/1";
    sidecar["note"] = "Per case-day and organ, 'labelled' lists the slice ranges (1-based, inclusive) whose masks are labels "
                      "(an empty mask there is background); slices not listed are unlabelled, not background.";
    sidecar["files"] = files;
    nlohmann::json labelled = nlohmann::json::object();
    for (const auto& day : days) {
        if (!day.labels) continue;
        nlohmann::json organs = nlohmann::json::object();
        for (Organ organ : kAllOrgans) {
            const size_t o = size_t(organIndex(organ));
            std::vector<int> all(size_t(day.geometry.depth));
            for (int z = 0; z < day.geometry.depth; ++z) all[size_t(z)] = z + 1;
            organs[std::string(organClassName(organ))] = ranges(reviewed ? reviewed->at(day.day)[o] : all);
        }
        labelled[formatCaseDayName(day.day)] = organs;
    }
    sidecar["labelled"] = labelled;
    nlohmann::json hashes = nlohmann::json::object();
    for (const auto& [day, hash] : earlierHashes) hashes[day] = hash; // days this export left alone
    for (const auto& day : days) hashes[formatCaseDayName(day.day)] = contentHash(day);
    sidecar["content_hashes"] = hashes;
    nlohmann::json provenance = {{"source", options.source}, {"exported_at", isoTimeNow()}, {"tool", options.tool}};
    if (!options.workspace) {
        provenance["review"] = "no review workspace: every row of the source counts as labelled";
    } else {
        provenance["workspace"] = options.workspace->path();
        const auto audit = options.workspace->audit();
        for (const auto& day : days) {
            nlohmann::json dayProvenance;
            const std::string card = options.workspace->modelCard(day.day);
            if (!card.empty()) dayProvenance["model_card"] = nlohmann::json::parse(card, nullptr, false);
            for (const auto& entry : audit)
                if (entry.day == day.day)
                    dayProvenance["reviews"].push_back({{"time", entry.time}, {"organ", std::string(organClassName(entry.organ))},
                                                        {"action", entry.action}, {"account", entry.account}, {"reviewer", entry.reviewer}});
            std::set<std::string> tools;
            std::string lastEdit;
            for (const auto& edit : options.workspace->journal(day.day)) {
                tools.insert(edit.tool);
                lastEdit = edit.time;
            }
            dayProvenance["tools"] = tools;
            if (!lastEdit.empty()) dayProvenance["last_edit"] = lastEdit;
            provenance["days"][formatCaseDayName(day.day)] = dayProvenance;
        }
    }
    sidecar["provenance"] = provenance;
    writeFileAtomically(path, sidecar.dump(1) + "\n");
}

} // namespace

std::string sidecarPathFor(const std::string& out, LabelFormat format) {
    return format == LabelFormat::Nifti ? (fs::path(out) / "labels.sidecar.json").string() : out + ".sidecar.json";
}

ExportReport exportLabels(const DatasetIndex& index, const std::map<CaseDayKey, LabelVolume>& labels, const std::string& out,
                          const ExportOptions& options, std::vector<CaseDayKey> scope, const std::function<bool(int, int)>& progress) {
    ExportReport report;
    std::vector<ExportDay> days = exportDays(index, &labels, scope);
    // Reviewed-only: keep what a reviewer vouched for, per organ; drop days with nothing.
    std::map<CaseDayKey, LabelVolume> vouched;
    LabelledSlices reviewed;
    if (options.reviewedOnly) {
        if (!options.workspace)
            throw DataError("a reviewed-only export needs the review workspace", ErrorContext{out, {}, {}, 0, {}});
        std::vector<ExportDay> kept;
        for (ExportDay& day : days) {
            auto& perOrgan = reviewed[day.day];
            const auto marked = options.workspace->reviewedSlices(day.day);
            bool any = false;
            LabelVolume masked(day.day, day.geometry);
            for (Organ organ : kAllOrgans) {
                auto& slices = perOrgan[size_t(organIndex(organ))];
                if (options.workspace->status(day.day, organ) == ReviewStatus::Approved)
                    for (int z = 1; z <= day.geometry.depth; ++z) slices.push_back(z);
                else
                    slices = marked;
                const std::uint8_t bit = organBit(organ);
                for (int z : slices) {
                    if (z < 1 || z > day.geometry.depth || !day.labels) continue;
                    const std::uint8_t* from = day.labels->slice(z - 1);
                    std::uint8_t* to = masked.slice(z - 1);
                    for (size_t i = 0; i < day.geometry.sliceSize(); ++i) to[i] |= from[i] & bit;
                }
                any = any || !slices.empty();
            }
            if (!any) continue;
            day.labels = &vouched.emplace(day.day, std::move(masked)).first->second;
            kept.push_back(day);
        }
        days = std::move(kept);
    }
    std::map<std::string, std::string> before;
    if (options.changedOnly) {
        before = previousHashes(sidecarPathFor(out, options.format));
        const size_t all = days.size();
        days.erase(std::remove_if(days.begin(), days.end(),
                                  [&](const ExportDay& day) {
                                      auto found = before.find(formatCaseDayName(day.day));
                                      return found != before.end() && found->second == contentHash(day);
                                  }),
                   days.end());
        report.unchangedDays = all - days.size();
    }
    report.days = days.size();
    const int total = int(days.size());
    auto tick = [&](int done) {
        if (progress && !progress(done, total)) throw IoError("export cancelled", ErrorContext{out, {}, {}, 0, {}});
    };
    switch (options.format) {
    case LabelFormat::TrainCsv:
    case LabelFormat::SubmissionCsv: {
        KaggleCsvWriter writer(out, options.format == LabelFormat::TrainCsv ? KaggleCsvKind::Train : KaggleCsvKind::Submission);
        int done = 0;
        for (const auto& day : days) {
            writer.addDay(day.day, day.geometry.depth, day.labels);
            tick(++done);
        }
        writer.commit();
        report.files.push_back(out);
        break;
    }
    case LabelFormat::Coco:
        writeCocoJson(out, days, options.coco);
        tick(total);
        report.files.push_back(out);
        break;
    case LabelFormat::Nifti: {
        std::error_code error;
        fs::create_directories(out, error);
        if (error) throw IoError("cannot create output folder: " + error.message(), ErrorContext{out, {}, {}, 0, {}});
        int done = 0;
        for (const auto& day : days) {
            const std::string stem = (fs::path(out) / formatCaseDayName(day.day)).string();
            LabelVolume empty;
            const LabelVolume* volume = day.labels;
            if (!volume) {
                empty = LabelVolume(day.day, day.geometry);
                volume = &empty;
            }
            writeLabelNifti(stem + ".nii.gz", *volume);
            report.files.push_back(stem + ".nii.gz");
            if (options.niftiPerOrgan)
                for (Organ organ : kAllOrgans) {
                    const std::string file = stem + "_" + std::string(organClassName(organ)) + ".nii.gz";
                    writeOrganNifti(file, *volume, organ);
                    report.files.push_back(file);
                }
            if (options.niftiImage) {
                const ScanVolume scan = loadScanVolume(*index.findDay(day.day));
                writeScanNifti(stem + "_image.nii.gz", scan);
                report.files.push_back(stem + "_image.nii.gz");
            }
            tick(++done);
        }
        writeSlicerColorTable((fs::path(out) / "labels.ctbl").string());
        writeItkSnapLabels((fs::path(out) / "labels_itksnap.txt").string());
        report.files.push_back((fs::path(out) / "labels.ctbl").string());
        report.files.push_back((fs::path(out) / "labels_itksnap.txt").string());
        break;
    }
    }
    if (options.sidecar) {
        const std::string sidecar = sidecarPathFor(out, options.format);
        writeSidecar(sidecar, days, options, report.files, before, options.reviewedOnly ? &reviewed : nullptr);
        report.files.push_back(sidecar);
    }
    return report;
}

LabelImport importLabels(const std::string& path, const DatasetIndex& index) {
    LabelImport result;
    result.format = labelFormatOfPath(path);
    switch (result.format) {
    case LabelFormat::TrainCsv:
    case LabelFormat::SubmissionCsv: {
        auto csv = importKaggleCsv(path, index.geometry());
        result.format = csv.kind == KaggleCsvKind::Train ? LabelFormat::TrainCsv : LabelFormat::SubmissionCsv;
        result.volumes = std::move(csv.volumes);
        result.problems = std::move(csv.problems);
        break;
    }
    case LabelFormat::Coco: {
        auto coco = importCocoJson(path, exportDays(index, nullptr));
        result.volumes = std::move(coco.volumes);
        result.problems = std::move(coco.problems);
        break;
    }
    case LabelFormat::Nifti: {
        std::set<CaseDayKey> seen;
        for (const DayEntry* day : index.days()) {
            if (!day->usable) continue;
            const fs::path file = fs::path(path) / (formatCaseDayName(day->key) + ".nii.gz");
            std::error_code error;
            if (!fs::exists(file, error)) {
                result.volumes.emplace(day->key, LabelVolume(day->key, day->geometry));
                continue;
            }
            try {
                result.volumes.emplace(day->key, readLabelNifti(file.string(), day->key, day->geometry));
            } catch (const DataError& failure) {
                result.problems.push_back({Problem::Severity::Error, file.string(), failure.problem()});
                result.volumes.emplace(day->key, LabelVolume(day->key, day->geometry));
            }
            seen.insert(day->key);
        }
        // Label volumes for days the dataset does not have.
        std::error_code error;
        for (fs::directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
            const std::string name = it->path().filename().string();
            const std::string suffix = ".nii.gz";
            if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
            CaseDayKey key;
            if (!tryParseCaseDayName(name.substr(0, name.size() - suffix.size()), key)) continue; // per-organ or image files
            if (!seen.count(key))
                result.problems.push_back({Problem::Severity::Error, it->path().string(), "no case-day " + formatCaseDayName(key) + " in the dataset"});
        }
        break;
    }
    }
    return result;
}

} // namespace gireview
