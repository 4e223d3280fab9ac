#include "io/LabelSidecar.h"

#include "data/DataError.h"
#include "io/AtomicFile.h"
#include "review/Workspace.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

namespace fs = std::filesystem;

namespace gireview {

namespace {

std::string isoTimeNow() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return buffer;
}

// 1-based inclusive ranges of the slices where `organ` is labelled.
nlohmann::json ranges(const LabelledSlices& labelled, Organ organ) {
    nlohmann::json out = nlohmann::json::array();
    for (int z = 0; z < labelled.depth();) {
        if (!labelled.has(z, organ)) {
            ++z;
            continue;
        }
        int last = z;
        while (last + 1 < labelled.depth() && labelled.has(last + 1, organ))
            ++last;
        out.push_back({z + 1, last + 1});
        z = last + 1;
    }
    return out;
}

nlohmann::json provenanceOf(const std::vector<ExportDay>& days, const SidecarContent& content) {
    nlohmann::json provenance = {
        {"source", content.source}, {"exported_at", isoTimeNow()}, {"tool", content.tool}};
    if (!content.sourceNotes.empty()) provenance["source_notes"] = content.sourceNotes;
    if (!content.workspace) {
        provenance["review"] = "no review workspace: every row of the source counts as labelled";
        return provenance;
    }
    const Workspace& workspace = *content.workspace;
    provenance["workspace"] = workspace.path();
    const auto audit = workspace.audit();
    const auto effort = workspace.effort();
    for (const auto& day : days) {
        nlohmann::json dayProvenance;
        const std::string card = workspace.modelCard(day.day);
        if (!card.empty())
            dayProvenance["model_card"] = nlohmann::json::parse(card, nullptr, false);
        for (const auto& entry : audit)
            if (entry.day == day.day)
                dayProvenance["reviews"].push_back(
                    {{"time", entry.time},
                     {"organ", std::string(organClassName(entry.organ))},
                     {"action", entry.action},
                     {"account", entry.account},
                     {"reviewer", entry.reviewer}});
        std::set<std::string> tools;
        std::string lastEdit;
        for (const auto& edit : workspace.journal(day.day)) {
            tools.insert(edit.tool);
            lastEdit = edit.time;
        }
        // What correcting each approved organ took (the last approval's), for effort-weighted
        // retraining.
        for (const auto& record : effort)
            if (record.day == day.day && workspace.status(day.day, record.organ) == ReviewStatus::Approved) {
                nlohmann::json measures = nlohmann::json::parse(record.measuresJson, nullptr, false);
                measures["reviewer"] = record.reviewer;
                measures["approved_at"] = record.time;
                dayProvenance["effort"][std::string(organClassName(record.organ))] = measures;
            }
        dayProvenance["tools"] = tools;
        if (!lastEdit.empty()) dayProvenance["last_edit"] = lastEdit;
        provenance["days"][formatCaseDayName(day.day)] = dayProvenance;
    }
    return provenance;
}

} // namespace

std::string sidecarPathFor(const std::string& out, LabelFormat format) {
    return format == LabelFormat::Nifti ? (fs::path(out) / "labels.sidecar.json").string()
                                        : out + ".sidecar.json";
}

std::string labelContentHash(const ExportDay& day) {
    std::uint64_t hash = 1469598103934665603ull;
    auto mixIn = [&hash](std::uint8_t byte) {
        hash ^= byte;
        hash *= 1099511628211ull;
    };
    for (int v : {day.geometry.width, day.geometry.height, day.geometry.depth})
        for (int shift = 0; shift < 32; shift += 8)
            mixIn(std::uint8_t(v >> shift));
    if (day.labels)
        for (size_t i = 0; i < day.labels->geometry().voxelCount(); ++i)
            mixIn(day.labels->data()[i]);
    // Which pairs are labelled is content too: marking a slice reviewed changes the export.
    if (day.labelled)
        for (int z = 0; z < day.labelled->depth(); ++z)
            mixIn(day.labelled->organsOn(z));
    char text[20];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

void writeLabelSidecar(const std::string& path, const std::vector<ExportDay>& days,
                       const SidecarContent& content) {
    nlohmann::json sidecar;
    sidecar["format"] = "gireview-label-sidecar/1";
    sidecar["note"] =
        "Per case-day and organ, 'labelled' lists the slice ranges (1-based, inclusive) whose "
        "masks are labels "
        "(an empty mask there is background); slices not listed are unlabelled, not background.";
    sidecar["files"] = content.files;
    nlohmann::json labelled = nlohmann::json::object();
    for (const auto& day : days) {
        if (!day.labels) continue;
        const LabelledSlices all = LabelledSlices::all(day.geometry.depth);
        const LabelledSlices& pairs = day.labelled ? *day.labelled : all;
        nlohmann::json organs = nlohmann::json::object();
        for (Organ organ : kAllOrgans)
            organs[std::string(organClassName(organ))] = ranges(pairs, organ);
        labelled[formatCaseDayName(day.day)] = organs;
    }
    sidecar["labelled"] = labelled;
    if (content.partial) {
        nlohmann::json emptyDays = nlohmann::json::array();
        for (const CaseDayKey& day : content.leftOut.emptyDays)
            emptyDays.push_back(formatCaseDayName(day));
        sidecar["left_out"] = {
            {"reason", content.leftOut.reason},
            {"unlabelled_pairs", content.leftOut.unlabelledPairs},
            {"days_without_labelled_pairs", emptyDays},
            {"note",
             "left-out pairs are unlabelled: no CSV row, no COCO image or category, a clear bit in "
             "NIfTI's _labelled volume; never background"}};
    }
    nlohmann::json hashes = nlohmann::json::object();
    for (const auto& [day, hash] : content.contentHashes)
        hashes[day] = hash;
    sidecar["content_hashes"] = hashes;
    sidecar["provenance"] = provenanceOf(days, content);
    writeFileAtomically(path, sidecar.dump(1) + "\n");
}

std::map<std::string, std::string> readSidecarHashes(const std::string& path) {
    std::map<std::string, std::string> hashes;
    std::ifstream in(path);
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

std::optional<LabelledMap>
readSidecarLabelled(const std::string& path, const std::map<CaseDayKey, VolumeGeometry>& geometry) {
    std::error_code error;
    if (!fs::is_regular_file(path, error)) return std::nullopt;
    std::ifstream in(path);
    if (!in) throw IoError("cannot read the label sidecar", ErrorContext{path, {}, {}, 0, {}});
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& failure) {
        throw DataError(std::string("the label sidecar is not valid JSON: ") + failure.what(),
                        ErrorContext{path, {}, {}, 0, {}});
    }
    const auto labelled = json.find("labelled");
    if (!json.is_object() || labelled == json.end() || !labelled->is_object())
        throw DataError("the label sidecar has no 'labelled' object",
                        ErrorContext{path, {}, {}, 0, {}});
    LabelledMap result;
    for (auto dayIt = labelled->begin(); dayIt != labelled->end(); ++dayIt) {
        CaseDayKey day;
        if (!tryParseCaseDayName(dayIt.key(), day))
            throw DataError("the label sidecar names no case-day",
                            ErrorContext{path, dayIt.key(), {}, 0, dayIt.key()});
        const auto grid = geometry.find(day);
        if (grid == geometry.end())
            continue; // a day the dataset does not have: the import reports its labels
        LabelledSlices pairs = LabelledSlices::none(grid->second.depth);
        for (Organ organ : kAllOrgans) {
            const auto spans = dayIt.value().find(std::string(organClassName(organ)));
            if (spans == dayIt.value().end()) continue;
            if (!spans->is_array())
                throw DataError("the label sidecar's slice ranges are not a list",
                                ErrorContext{path, dayIt.key(), std::string(organClassName(organ)),
                                             0, spans->dump()});
            for (const auto& span : *spans) {
                if (!span.is_array() || span.size() != 2 || !span[0].is_number_integer() ||
                    !span[1].is_number_integer() || span[0].get<long long>() < 1 ||
                    span[1].get<long long>() < span[0].get<long long>() ||
                    span[1].get<long long>() > grid->second.depth)
                    throw DataError("the label sidecar has a malformed slice range; expected "
                                    "[first, last], 1-based, within the day's " +
                                        std::to_string(grid->second.depth) + " slices",
                                    ErrorContext{path, dayIt.key(),
                                                 std::string(organClassName(organ)), 0,
                                                 span.dump()});
                for (long long s = span[0].get<long long>(); s <= span[1].get<long long>(); ++s)
                    pairs.set(int(s - 1), organ, true);
            }
        }
        result.emplace(day, std::move(pairs));
    }
    return result;
}

} // namespace gireview
