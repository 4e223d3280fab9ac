#pragma once
// The review workspace: one SQLite database per dataset holding the reviewed labels, the
// prediction layer with its model card, review status, approvals (append-only audit) and a
// journal of edits. Every stroke is one transaction, so killing the process at any moment
// loses at most the stroke in progress. A second instance gets the workspace read-only; a
// workspace from a newer version or a corrupt file is refused without touching it.
#include "data/LabelVolume.h"

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct sqlite3;

namespace gireview {

class WorkspaceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class LabelLayer { Reviewed = 0, Prediction = 1 };
enum class ReviewStatus { NotReviewed = 0, InProgress = 1, Approved = 2 };

struct AuditEntry {
    long long id = 0;
    std::string time; // UTC, ISO 8601
    CaseDayKey day;
    Organ organ = Organ::LargeBowel;
    std::string action; // "approve" or "reopen"
    std::string account, reviewer;
};

struct JournalEntry {
    long long id = 0;
    std::string time, account, tool;
    CaseDayKey day;
    Organ organ = Organ::LargeBowel;
    int firstSlice = 0, lastSlice = 0; // 0-based, inclusive
    long long voxels = 0;
};

class Workspace {
public:
    static constexpr int kSchemaVersion = 1;

    // Opens or creates the workspace file. Throws WorkspaceError for a newer schema, a corrupt
    // or foreign file, or a folder that cannot be written (for a new file); the file on disk is
    // not modified by a failed open. When another process holds it, it opens read-only.
    explicit Workspace(const std::string& path);
    ~Workspace();
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    const std::string& path() const { return path_; }
    bool readOnly() const { return readOnly_; }
    const std::string& readOnlyReason() const { return readOnlyReason_; }
    std::string journalMode() const; // "wal" where the file system supports it, else "delete"

    // Stores slices [firstSlice, lastSlice] of a layer (and a journal entry when `tool` is not
    // empty) in one transaction. Throws WorkspaceError when read-only.
    void saveSlices(const LabelVolume& labels, LabelLayer layer, int firstSlice, int lastSlice, const std::string& tool = {},
                    Organ organ = Organ::LargeBowel, long long voxels = 0);
    void saveLayer(const LabelVolume& labels, LabelLayer layer) {
        saveSlices(labels, layer, 0, labels.geometry().depth - 1);
    }
    // The stored layer on `geometry` (empty masks for slices never stored); false when nothing
    // of this layer was stored for the day.
    bool loadLayer(CaseDayKey day, LabelLayer layer, LabelVolume& out) const;

    void setModelCard(CaseDayKey day, const std::string& cardJson);
    std::string modelCard(CaseDayKey day) const;

    void setStatus(CaseDayKey day, Organ organ, ReviewStatus status);
    ReviewStatus status(CaseDayKey day, Organ organ) const;
    // Approving locks the organ for the day (status Approved) and appends an audit entry;
    // reopening sets InProgress and appends one too. Audit entries cannot be changed.
    void approve(CaseDayKey day, Organ organ, const std::string& account, const std::string& reviewer);
    void reopen(CaseDayKey day, Organ organ, const std::string& account, const std::string& reviewer);
    std::vector<AuditEntry> audit() const;

    void setSliceReviewed(CaseDayKey day, int slice, bool reviewed);
    std::vector<int> reviewedSlices(CaseDayKey day) const;

    std::vector<JournalEntry> journal(CaseDayKey day) const;
    std::string integrityCheck() const; // "ok" when healthy

    // For the crash test: called inside every transaction just before COMMIT.
    void setBeforeCommitHook(std::function<void()> hook) { beforeCommit_ = std::move(hook); }

private:
    void execute(const std::string& sql) const;
    void recordReview(CaseDayKey day, Organ organ, ReviewStatus status, const char* action, const std::string& account,
                      const std::string& reviewer);
    void requireWritable() const;
    void begin();
    void commit();
    std::string path_;
    sqlite3* db_ = nullptr;
    int lockFd_ = -1;
    bool readOnly_ = false;
    std::string readOnlyReason_;
    std::function<void()> beforeCommit_;
};

} // namespace gireview
