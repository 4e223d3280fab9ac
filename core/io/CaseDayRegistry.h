#pragma once
// Who a DICOM case-day is, so that its `caseN_dayM` never drifts. A clinic's series is identified
// by (Patient ID, Series Instance UID); GI Review's formats need a case and a day number. Each
// patient gets the next case number, each series a day number, both assigned once and kept in a
// JSON file beside the workspace, so that ids in every export stay valid when studies are added.
//
// The day rule: the day number is the days from the patient's first study (the earliest study
// date the registry saw when it first numbered the patient) to this series' study date; a second
// fraction on a date takes the next unused number above it. A series dated before that first
// study, or with no study date, takes the next number above the patient's highest: numbers
// already given never move. Within one batch (assignAll) series are numbered in date and time
// order, so that a folder read at once numbers its fractions as they happened.
#include "data/SliceName.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gireview {

struct SeriesIdentity {
    std::string patientId;
    std::string seriesUid;
    std::string studyDate; // DICOM DA, YYYYMMDD; empty when the series has none
    std::string studyTime; // DICOM TM, HHMMSS[.frac]; may be empty
};

class CaseDayRegistry {
public:
    struct Entry {
        SeriesIdentity identity;
        CaseDayKey key;
    };

    // The registry kept beside a workspace file.
    static std::string pathBeside(const std::string& workspacePath);
    // Reads `path`; a file that does not exist is an empty registry. Throws DataError naming the
    // file for one that cannot be read or is not a registry (nothing is assumed then).
    static CaseDayRegistry load(const std::string& path);
    // Writes to a temporary name and renames it into place.
    void save(const std::string& path) const;

    // The series' case-day, numbering it when it is new.
    CaseDayKey assign(const SeriesIdentity& series);
    // Several at once, new ones numbered in (patient's first date, patient, date, time) order;
    // the keys in the order given.
    std::vector<CaseDayKey> assignAll(const std::vector<SeriesIdentity>& series);

    std::optional<CaseDayKey> find(const std::string& patientId,
                                   const std::string& seriesUid) const;
    const Entry* entry(CaseDayKey key) const;
    const std::vector<Entry>& entries() const { return entries_; }
    // "2026-01-05 08:30" for the window and reports; empty without a date.
    static std::string displayDateTime(const SeriesIdentity& series);

private:
    struct Patient {
        int caseNo = 0;
        long firstDay = 0; // days since 1970-01-01 of the first study; 0 when none had a date
        bool hasFirstDay = false;
    };
    int dayFor(const SeriesIdentity& series, Patient& patient) const;
    std::map<std::string, Patient> patients_; // by Patient ID
    std::vector<Entry> entries_;
};

} // namespace gireview
