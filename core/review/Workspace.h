#pragma once
// The review workspace: one SQLite database per dataset holding the reviewed labels, the
// prediction layer with its model card, review status, approvals (append-only audit), review
// marks and edited pairs per (slice, organ), and a journal of edits. Every stroke is one
// transaction (slices, journal, edited pairs and status together), so killing the process at any
// moment loses at most the stroke in progress. Any failure to take the write lock (another
// instance, a lock file that cannot be opened) and a read-only file open it read-only; a
// workspace of an older schema is upgraded in place after a backup copy; one from a newer
// version or a corrupt file is refused without touching it. SQLite stays inside Workspace.cpp.
#include "data/DataError.h"
#include "data/LabelVolume.h"
#include "analysis/ReviewRisk.h"
#include "data/LabelledSlices.h"

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace gireview {

class WorkspaceError : public DataError {
public:
    explicit WorkspaceError(std::string problem, std::string file = {}) : DataError(std::move(problem), ErrorContext{std::move(file), {}, {}, 0, {}}) {}
};
// The disk holding the workspace is full: nothing is wrong with the file; the write can be
// retried when space returns.
class WorkspaceFullError : public WorkspaceError {
public:
    using WorkspaceError::WorkspaceError;
};

// The login name recorded beside the reviewer's typed name (journal, audit).
std::string currentAccountName();

// FirstPrediction: the first prediction set for a day (L0), kept for the correction effort
// measured at approval; later model runs replace Prediction only.
enum class LabelLayer { Reviewed = 0, Prediction = 1, FirstPrediction = 2 };
enum class ReviewStatus { NotReviewed = 0, InProgress = 1, Approved = 2 };

// A QA finding that was open when the organ was approved: the reviewer saw it and approved
// anyway. Kind as in `gireview-cli qa` ("gap", "island", ...); slices 1-based, 0 when none.
struct AcknowledgedFlag {
    std::string kind;
    int firstSlice = 0, lastSlice = 0;
    std::string detail;
    friend bool operator==(const AcknowledgedFlag& a, const AcknowledgedFlag& b) {
        return a.kind == b.kind && a.firstSlice == b.firstSlice && a.lastSlice == b.lastSlice && a.detail == b.detail;
    }
};

struct AuditEntry {
    long long id = 0;
    std::string time; // UTC, ISO 8601
    CaseDayKey day;
    Organ organ = Organ::LargeBowel;
    std::string action; // "approve" or "reopen"
    std::string account, reviewer;
    std::vector<AcknowledgedFlag> acknowledged; // an approval's open QA flags (append-only too)
};

// What correcting an organ-day took, measured at its approval (review/CorrectionEffort.h): the
// measures as a JSON object, beside the approval's audit entry.
struct EffortRecord {
    long long auditId = 0;
    std::string time; // of the approval, UTC
    CaseDayKey day;
    Organ organ = Organ::LargeBowel;
    std::string reviewer;
    std::string measuresJson;
};

struct JournalEntry {
    long long id = 0;
    std::string time, account, tool;
    CaseDayKey day;
    Organ organ = Organ::LargeBowel;
    int firstSlice = 0, lastSlice = 0; // 0-based, inclusive
    long long voxels = 0;
};

// One finished edit as the workspace stores it, in one transaction.
struct EditCommit {
    std::string tool;                   // journal; empty: no journal entry (layer copies)
    Organ organ = Organ::LargeBowel;    // the organ the tool worked on
    long long voxels = 0;
    int firstSlice = 0, lastSlice = -1; // 0-based, inclusive
    // Organs changed per slice (index z - firstSlice); empty: every slice of the range, all
    // organs in `organsChanged`. Only slices with a change are written.
    std::vector<std::uint8_t> organsChangedPerSlice;
    std::uint8_t organsChanged = 0;
    enum class EditedMarks { Mark, Clear, Keep };
    // Mark: a reviewer's tool changed these pairs; Clear: the pairs hold the prediction again.
    EditedMarks editedMarks = EditedMarks::Mark;
};

class Workspace {
public:
    // 1: the first release. 2: review marks and edited pairs per (slice, organ). 3: the QA flags
    // an approval acknowledged, the correction effort and the review clock.
    static constexpr int kSchemaVersion = 3;
    enum class Access {
        Writer, // takes the write lock; read-only when it cannot
        Reader  // a second read-only connection for another thread (no lock, no upgrade)
    };

    // Opens or creates the workspace file. Throws WorkspaceError for a newer schema, a corrupt
    // or foreign file, or a folder that cannot be written (for a new file); the file on disk is
    // not modified by a failed open. When another process holds it, the lock cannot be taken or
    // the file is read-only, it opens read-only (readOnlyReason() says why). An older schema is
    // upgraded after a copy of the file is kept beside it (backupPath()).
    explicit Workspace(const std::string& path, Access access = Access::Writer);
    ~Workspace();
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    const std::string& path() const { return path_; }
    bool readOnly() const { return readOnly_; }
    const std::string& readOnlyReason() const { return readOnlyReason_; }
    std::string journalMode() const; // "wal" where the file system supports it, else "delete"
    int schemaVersion() const;
    // The copy kept before an upgrade of an older schema by this open; empty when none.
    const std::string& backupPath() const { return backupPath_; }

    // Stores slices [firstSlice, lastSlice] of a layer (and a journal entry when `tool` is not
    // empty) in one transaction. Throws WorkspaceError when read-only.
    void saveSlices(const LabelVolume& labels, LabelLayer layer, int firstSlice, int lastSlice, const std::string& tool = {},
                    Organ organ = Organ::LargeBowel, long long voxels = 0);
    void saveLayer(const LabelVolume& labels, LabelLayer layer) {
        saveSlices(labels, layer, 0, labels.geometry().depth - 1);
    }
    // A finished edit: its changed slices, journal entry, edited pairs and the status of the
    // organs it changed (NotReviewed -> InProgress), in one transaction. WorkspaceFullError when
    // the disk is full (nothing of it is stored).
    void commitEdit(const LabelVolume& labels, const EditCommit& edit);
    // The stored slices of a layer into `out` (on its geometry); slices never stored are left as
    // they are, so the workspace overlays what `out` already holds (the labels file). `stored`
    // (if given) gets a flag per slice. False when nothing of this layer was stored for the day.
    bool loadLayer(CaseDayKey day, LabelLayer layer, LabelVolume& out, std::vector<bool>* stored = nullptr) const;

    void setModelCard(CaseDayKey day, const std::string& cardJson);
    // The review risk of the prediction layer (analysis/ReviewRisk.h), replaced with it; empty
    // when none was stored.
    void setPredictionRisk(CaseDayKey day, const SliceRisk& risk);
    SliceRisk predictionRisk(CaseDayKey day) const;
    std::string modelCard(CaseDayKey day) const;

    void setStatus(CaseDayKey day, Organ organ, ReviewStatus status);
    ReviewStatus status(CaseDayKey day, Organ organ) const;
    // Approving locks the organ for the day (status Approved) and appends an audit entry;
    // reopening sets InProgress and appends one too. Audit entries cannot be changed.
    // `acknowledged`: the QA flags open at the approval, stored with its audit entry;
    // `effortJson` (if not empty) the correction effort, in the same transaction.
    void approve(CaseDayKey day, Organ organ, const std::string& account, const std::string& reviewer,
                 const std::vector<AcknowledgedFlag>& acknowledged = {}, const std::string& effortJson = {});
    std::vector<EffortRecord> effort() const;

    // The review clock: active editing seconds per organ-day (added as they are measured, one
    // small transaction each) and when a day was first shown (kept from the first call).
    void addActiveTime(CaseDayKey day, Organ organ, double seconds);
    double activeSeconds(CaseDayKey day, Organ organ) const;
    void noteDayShown(CaseDayKey day, double unixSeconds);
    double firstShown(CaseDayKey day) const; // Unix seconds; 0 when never shown
    bool hasLayer(CaseDayKey day, LabelLayer layer) const;
    void reopen(CaseDayKey day, Organ organ, const std::string& account, const std::string& reviewer);
    std::vector<AuditEntry> audit() const;

    // Review marks per (slice, organ); `slice` is 1-based. Seen is not reviewed: a mark is the
    // reviewer's statement that the contour on that slice is right.
    void setReviewed(CaseDayKey day, int slice, std::uint8_t organs, bool reviewed);
    void setSliceReviewed(CaseDayKey day, int slice, bool reviewed) { setReviewed(day, slice, 0x7, reviewed); }
    // Marks the 1-based slices [first, last] for `organs` in one transaction.
    void setRangeReviewed(CaseDayKey day, int first, int last, std::uint8_t organs, bool reviewed);
    LabelledSlices reviewMarks(CaseDayKey day, int depth) const;
    // 1-based slices marked reviewed for every organ.
    std::vector<int> reviewedSlices(CaseDayKey day) const;
    // What a reviewer vouched for: every slice of an approved organ, else its review marks.
    LabelledSlices vouchedPairs(CaseDayKey day, int depth) const;
    // Where the day stands: a slice is reviewed when every organ on it is vouched for.
    struct DayProgress {
        int reviewedSlices = 0, slices = 0, approvedOrgans = 0;
    };
    DayProgress progress(CaseDayKey day, int depth) const;

    // Pairs a reviewer's tool, slice operation or an import of reviewed labels changed.
    LabelledSlices editedPairs(CaseDayKey day, int depth) const;
    // Reviewed labels imported for `labelled` pairs: stored and marked edited, in one transaction.
    void importReviewed(const LabelVolume& labels, const LabelledSlices& labelled, const std::string& source);

    std::vector<JournalEntry> journal(CaseDayKey day) const;
    std::string integrityCheck() const; // "ok" when healthy

    // For the crash test: called inside every transaction just before COMMIT.
    void setBeforeCommitHook(std::function<void()> hook) { beforeCommit_ = std::move(hook); }

private:
    void upgradeFrom(int version);
    void execute(const std::string& sql) const;
    void recordReview(CaseDayKey day, Organ organ, ReviewStatus status, const char* action, const std::string& account,
                      const std::string& reviewer, const std::vector<AcknowledgedFlag>& acknowledged = {},
                      const std::string& effortJson = {});
    void requireWritable() const;
    void begin();
    void commit();
    std::string path_;
    sqlite3* db_ = nullptr;
    int lockFd_ = -1;
    bool readOnly_ = false;
    std::string readOnlyReason_;
    std::string backupPath_;
    std::function<void()> beforeCommit_;
};

} // namespace gireview
