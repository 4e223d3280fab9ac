#include "io/CaseDayRegistry.h"

#include "data/DataError.h"
#include "io/AtomicFile.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

namespace gireview {

namespace {

constexpr const char* kFormat = "gireview-case-days";
constexpr int kVersion = 1;

// Days since 1970-01-01 of a DICOM date (YYYYMMDD); nullopt when it is not a valid date.
std::optional<long> daysFromDicomDate(const std::string& date) {
    if (date.size() != 8 ||
        !std::all_of(date.begin(), date.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    const int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(4, 2)),
              d = std::stoi(date.substr(6, 2));
    static const int kMonthDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m < 1 || m > 12 || d < 1 || d > kMonthDays[m - 1] || (m == 2 && d == 29 && !leap))
        return std::nullopt;
    // The proleptic Gregorian day count (civil-from-days inverted), exact for every valid date.
    const int yy = y - (m <= 2 ? 1 : 0);
    const long era = (yy >= 0 ? yy : yy - 399) / 400;
    const long yearOfEra = yy - era * 400;
    const long dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

DataError registryError(const std::string& path, const std::string& problem) {
    return DataError("case-day registry: " + problem +
                         " (it keeps the case and day numbers of DICOM series; "
                         "nothing was assumed)",
                     ErrorContext{path, {}, {}, 0, {}});
}

} // namespace

std::string CaseDayRegistry::pathBeside(const std::string& workspacePath) {
    return workspacePath + ".case-days.json";
}

CaseDayRegistry CaseDayRegistry::load(const std::string& path) {
    CaseDayRegistry registry;
    std::error_code error;
    if (!std::filesystem::exists(path, error)) return registry;
    const auto bytes = readFileBytes(path);
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(bytes.begin(), bytes.end());
    } catch (const nlohmann::json::exception& failure) {
        throw registryError(path, std::string("not JSON: ") + failure.what());
    }
    try {
        if (!json.is_object() || json.value("format", std::string()) != kFormat)
            throw registryError(path, "not a GI Review case-day registry (format is not \"" +
                                          std::string(kFormat) + "\")");
        if (json.value("version", 0) != kVersion)
            throw registryError(path, "version " + json.value("version", nlohmann::json()).dump() +
                                          "; this build reads version " + std::to_string(kVersion));
        std::set<CaseDayKey> keys;
        std::set<int> cases;
        for (const auto& p : json.at("patients")) {
            Patient patient;
            patient.caseNo = p.at("case").get<int>();
            const std::string first = p.value("first_study_date", std::string());
            if (const auto day = daysFromDicomDate(first))
                patient.firstDay = *day, patient.hasFirstDay = true;
            const std::string id = p.at("patient_id").get<std::string>();
            if (patient.caseNo < 0 || !cases.insert(patient.caseNo).second ||
                registry.patients_.count(id))
                throw registryError(path, "patient " + id + " or case " +
                                              std::to_string(patient.caseNo) + " listed twice");
            registry.patients_.emplace(id, patient);
        }
        std::set<std::pair<std::string, std::string>> series;
        for (const auto& s : json.at("series")) {
            Entry entry;
            entry.identity = {
                s.at("patient_id").get<std::string>(), s.at("series_uid").get<std::string>(),
                s.value("study_date", std::string()), s.value("study_time", std::string())};
            entry.key = {s.at("case").get<int>(), s.at("day").get<int>()};
            const auto patient = registry.patients_.find(entry.identity.patientId);
            if (patient == registry.patients_.end() || patient->second.caseNo != entry.key.caseNo)
                throw registryError(path, "series " + entry.identity.seriesUid +
                                              " names a patient or case not listed");
            if (entry.key.dayNo < 0 || !keys.insert(entry.key).second ||
                !series.emplace(entry.identity.patientId, entry.identity.seriesUid).second)
                throw registryError(path, "case-day " + formatCaseDayName(entry.key) +
                                              " or series " + entry.identity.seriesUid +
                                              " listed twice");
            registry.entries_.push_back(std::move(entry));
        }
    } catch (const nlohmann::json::exception& failure) {
        throw registryError(path, std::string("a field is missing or of the wrong type: ") +
                                      failure.what());
    }
    return registry;
}

void CaseDayRegistry::save(const std::string& path) const {
    nlohmann::json json{{"format", kFormat}, {"version", kVersion}};
    json["patients"] = nlohmann::json::array();
    for (const auto& [id, patient] : patients_) {
        nlohmann::json p{{"patient_id", id}, {"case", patient.caseNo}};
        const Entry* first = nullptr; // the date the numbering counts from, as the series gave it
        for (const Entry& entry : entries_)
            if (entry.identity.patientId == id && patient.hasFirstDay &&
                daysFromDicomDate(entry.identity.studyDate) == patient.firstDay)
                first = &entry;
        if (first) p["first_study_date"] = first->identity.studyDate;
        json["patients"].push_back(std::move(p));
    }
    json["series"] = nlohmann::json::array();
    for (const Entry& entry : entries_)
        json["series"].push_back({{"patient_id", entry.identity.patientId},
                                  {"series_uid", entry.identity.seriesUid},
                                  {"study_date", entry.identity.studyDate},
                                  {"study_time", entry.identity.studyTime},
                                  {"case", entry.key.caseNo},
                                  {"day", entry.key.dayNo}});
    writeFileAtomically(path, json.dump(2) + "\n");
}

std::optional<CaseDayKey> CaseDayRegistry::find(const std::string& patientId,
                                                const std::string& seriesUid) const {
    for (const Entry& entry : entries_)
        if (entry.identity.patientId == patientId && entry.identity.seriesUid == seriesUid)
            return entry.key;
    return std::nullopt;
}

const CaseDayRegistry::Entry* CaseDayRegistry::entry(CaseDayKey key) const {
    for (const Entry& entry : entries_)
        if (entry.key == key) return &entry;
    return nullptr;
}

int CaseDayRegistry::dayFor(const SeriesIdentity& series, Patient& patient) const {
    std::set<int> used;
    for (const Entry& entry : entries_)
        if (entry.key.caseNo == patient.caseNo) used.insert(entry.key.dayNo);
    const auto date = daysFromDicomDate(series.studyDate);
    if (date && !patient.hasFirstDay && used.empty())
        patient.firstDay = *date, patient.hasFirstDay = true;
    int day = used.empty() ? 0 : *used.rbegin() + 1; // undated, or before the first study
    if (date && patient.hasFirstDay && *date >= patient.firstDay)
        day = int(*date - patient.firstDay);
    while (used.count(day))
        ++day;
    return day;
}

CaseDayKey CaseDayRegistry::assign(const SeriesIdentity& series) {
    return assignAll({series}).front();
}

std::vector<CaseDayKey> CaseDayRegistry::assignAll(const std::vector<SeriesIdentity>& series) {
    // New patients: numbered by their first date in this batch, then Patient ID; dated first.
    std::map<std::string, std::optional<long>> newPatients;
    for (const SeriesIdentity& s : series) {
        if (find(s.patientId, s.seriesUid) || patients_.count(s.patientId)) continue;
        auto& first = newPatients[s.patientId];
        if (const auto date = daysFromDicomDate(s.studyDate); date && (!first || *date < *first))
            first = date;
    }
    std::vector<std::pair<std::optional<long>, std::string>> order;
    for (const auto& [id, first] : newPatients)
        order.emplace_back(first, id);
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        if (a.first.has_value() != b.first.has_value()) return a.first.has_value();
        return a.first != b.first ? *a.first < *b.first : a.second < b.second;
    });
    int nextCase = 1;
    for (const auto& [id, patient] : patients_)
        nextCase = std::max(nextCase, patient.caseNo + 1);
    for (const auto& [first, id] : order) {
        Patient patient;
        patient.caseNo = nextCase++;
        if (first) patient.firstDay = *first, patient.hasFirstDay = true;
        patients_.emplace(id, patient);
    }
    // New series in the order they happened, so a patient's first study is day 0.
    std::vector<size_t> fresh;
    for (size_t i = 0; i < series.size(); ++i)
        if (!find(series[i].patientId, series[i].seriesUid)) fresh.push_back(i);
    std::stable_sort(fresh.begin(), fresh.end(), [&](size_t a, size_t b) {
        const auto& x = series[a];
        const auto& y = series[b];
        const auto dx = daysFromDicomDate(x.studyDate), dy = daysFromDicomDate(y.studyDate);
        return std::make_tuple(patients_.at(x.patientId).caseNo, !dx, dx.value_or(0), x.studyTime,
                               x.seriesUid) < std::make_tuple(patients_.at(y.patientId).caseNo, !dy,
                                                              dy.value_or(0), y.studyTime,
                                                              y.seriesUid);
    });
    for (size_t i : fresh) {
        if (find(series[i].patientId, series[i].seriesUid)) continue; // listed twice in the batch
        Patient& patient = patients_.at(series[i].patientId);
        entries_.push_back({series[i], {patient.caseNo, dayFor(series[i], patient)}});
    }
    std::vector<CaseDayKey> keys;
    for (const SeriesIdentity& s : series)
        keys.push_back(*find(s.patientId, s.seriesUid));
    return keys;
}

std::string CaseDayRegistry::displayDateTime(const SeriesIdentity& series) {
    if (!daysFromDicomDate(series.studyDate)) return {};
    std::string text = series.studyDate.substr(0, 4) + "-" + series.studyDate.substr(4, 2) + "-" +
                       series.studyDate.substr(6, 2);
    if (series.studyTime.size() >= 4 &&
        std::all_of(series.studyTime.begin(), series.studyTime.begin() + 4,
                    [](char c) { return c >= '0' && c <= '9'; }))
        text += " " + series.studyTime.substr(0, 2) + ":" + series.studyTime.substr(2, 2);
    return text;
}

} // namespace gireview
