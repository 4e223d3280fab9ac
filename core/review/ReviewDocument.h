#pragma once
// The labels of one dataset under review, behind the window, the CLI and the tests alike: the
// dataset index, the labels file (reviewed layer from a file), the workspace (corrections,
// prediction layer, review state) and where it is placed, the days open for editing (one
// EditSession each, the only way in) and the prediction layer. What one front end exports, the
// other exports byte for byte, because both call exportLabels here.
#include "io/DatasetIndex.h"
#include "io/LabelExchange.h"
#include "review/CorrectionEffort.h"
#include "review/EditSession.h"
#include "review/Workspace.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gireview {

using LabelMap = std::map<CaseDayKey, LabelVolume>;

// Where a dataset's workspace goes: `gireview-workspace.sqlite` in the dataset folder when it is
// writable and on a local file system (SQLite's locking is unreliable on network file systems),
// otherwise `<fallbackDir>/<folder name>-<key>.sqlite`, or `legacyFallback` when that exists (a
// workspace placed by an earlier version).
struct WorkspacePlacement {
    std::string fallbackDir;
    std::string legacyFallback;
};
std::string defaultWorkspacePath(const std::string& datasetRoot,
                                 const WorkspacePlacement& placement);
bool isOnLocalFileSystem(const std::string& path);

// What an export reads, copied on the thread that owns the document; run on any thread.
struct ExportSnapshot {
    const DatasetIndex* index = nullptr;
    std::shared_ptr<const LabelMap> fileLabels;
    std::shared_ptr<const LabelledMap> fileLabelled;
    LabelMap openDays; // the days being edited, as they are now
    std::map<CaseDayKey, LabelledSlices> openEdited;
    std::string workspacePath; // read through a connection of the exporting thread's own
    std::string labelsSource;
    std::vector<CaseDayKey> scope;
    std::map<CaseDayKey, std::vector<int>> noImage; // days with blank slices: never exported
};

class ReviewDocument {
public:
    explicit ReviewDocument(DatasetIndex index);
    ~ReviewDocument();
    ReviewDocument(const ReviewDocument&) = delete;
    ReviewDocument& operator=(const ReviewDocument&) = delete;

    const DatasetIndex& index() const { return index_; }

    // The reviewed layer from a file (train.csv beside the data, or File > Import before any
    // workspace edits). Open sessions are closed: their edits are in the workspace already.
    void setLabelsFile(LabelImport imported, const std::string& source);
    const std::string& labelsSource() const { return labelsSource_; }
    const std::vector<Problem>& labelProblems() const { return labelProblems_; }
    // Anything to export: a labels file, a workspace, or a day being edited.
    bool hasLabels() const { return fileLabels_ || workspace_ || !sessions_.empty(); }

    // Opens (or creates) the workspace; throws WorkspaceError. A read-only one opens too
    // (workspace()->readOnly() says why).
    void openWorkspace(const std::string& path);
    // Moves to another workspace (created if new); the open days' labels go with it. Throws
    // WorkspaceError, also when the target can only be read.
    void moveWorkspaceTo(const std::string& path);
    Workspace* workspace() const { return workspace_.get(); }

    // The day's session, created on first use: the labels file with the workspace's stored
    // slices over it. Throws WorkspaceError when the stored slices cannot be read.
    EditSession& session(CaseDayKey day);
    EditSession* openSession(CaseDayKey day) const;
    // The day's labels as far as they are in memory without reading the workspace: its open
    // session's, else the labels file's; null when neither has the day. (Where a day opens.)
    const LabelVolume* labelsInMemory(CaseDayKey day) const;
    // Frees the sessions of days not used recently, keeping `keep`, the `recent` most recently
    // used and every session whose edits are not all in a writable workspace (nothing unsaved
    // is ever dropped; a closed day reopens from the workspace, without its undo history).
    // Browsing a whole dataset then holds a few days in memory, not all of them.
    void closeIdleSessions(CaseDayKey keep, size_t recent = 6);
    const std::map<CaseDayKey, std::unique_ptr<EditSession>>& sessions() const { return sessions_; }
    // Tries to store the edits a full disk kept in memory; the days that are saved now.
    std::vector<CaseDayKey> retryUnsaved();
    // Days whose edits are still only in memory.
    std::vector<CaseDayKey> unsavedDays() const;
    // Called for every session as it is created (the window connects its views).
    void setSessionCreatedHook(std::function<void(EditSession&)> hook) {
        sessionCreated_ = std::move(hook);
    }

    // Slices (0-based) of a day without an image: the index's missing and unreadable files
    // until a decoded scan says more (setNoImageSlices, from ScanVolume::unusableSlices()).
    // Nothing is drawn there and no export writes them, not even as "organ absent".
    std::vector<int> noImageSlices(CaseDayKey day) const;
    void setNoImageSlices(CaseDayKey day, std::vector<int> slices);

    // Reviewed labels from a file into the workspace for the pairs it labels (each counts as
    // edited), one undo step per day; problems are the file's. Returns how many days changed.
    size_t importReviewed(const LabelImport& imported, const std::string& source,
                          std::string& error);

    // The prediction layer: a model's result or an import, kept in the workspace (with the
    // model card) when it can be written, else in memory; `keepInMemory` keeps a stored one in
    // memory too (the day on screen). Throws WorkspaceError when storing failed (the layer is
    // kept in memory then).
    // `risk`: the run's review risk, stored with the layer (a layer without one clears it).
    void setPrediction(std::shared_ptr<const LabelVolume> prediction, const std::string& cardJson,
                       bool keepInMemory = true, const SliceRisk& risk = {});
    // The prediction layer's review risk; empty when the layer has none.
    SliceRisk predictionRisk(CaseDayKey day) const;
    std::shared_ptr<const LabelVolume> prediction(CaseDayKey day) const;
    // Every day the file labels becomes that day's prediction layer; the failures to store
    // them (kept in memory then) are returned.
    std::vector<std::string> importPrediction(const LabelImport& imported);
    void clearPredictions() {
        predictions_.clear();
        risks_.clear();
    }

    // Review state (needs a writable workspace; throws WorkspaceError).
    // `acknowledged`: the QA flags open at the approval (recorded with it). The correction
    // effort is measured and stored with it.
    void approve(CaseDayKey day, Organ organ, const std::string& reviewer,
                 const std::vector<AcknowledgedFlag>& acknowledged = {});
    void reopen(CaseDayKey day, Organ organ, const std::string& reviewer);
    // 1-based slices [first, last] of `organs` marked reviewed.
    void markReviewed(CaseDayKey day, int first, int last, std::uint8_t organs, bool reviewed);
    // What correcting the organ-day took so far: L1 = its labels now, against L0 (the first
    // prediction, else the labels file, else nothing), with the workspace's edits and clock.
    CorrectionEffort correctionEffort(CaseDayKey day, Organ organ, double nowUnixSeconds) const;
    LabelledSlices vouchedPairs(CaseDayKey day) const;

    // The labels as corrected: the labels file, the workspace's stored slices over it, and the
    // days being edited. Reviewed-only (options.reviewedOnly) keeps the pairs a reviewer
    // vouched for and leaves every other pair out (never written as background).
    ExportSnapshot snapshotForExport(std::vector<CaseDayKey> scope = {}) const;
    static ExportReport runExport(const ExportSnapshot& snapshot, const std::string& out,
                                  ExportOptions options,
                                  const std::function<bool(int, int)>& progress = {});
    ExportReport exportLabels(const std::string& out, const ExportOptions& options,
                              std::vector<CaseDayKey> scope = {},
                              const std::function<bool(int, int)>& progress = {}) const {
        return runExport(snapshotForExport(std::move(scope)), out, options, progress);
    }
    // The corrected labels of every usable day that has any (for eval and training).
    LabelMap correctedLabels() const;
    // One day's corrected labels (the open session's, else the file and workspace); nullopt
    // when nothing labels it or it is not a usable day.
    std::optional<LabelVolume> correctedLabels(CaseDayKey day) const;
    // The corrected labels of the case's latest earlier day that has any (what QA and the review
    // risk compare a day against); nullopt for the case's first labelled day.
    std::optional<LabelVolume> previousLabelledDay(CaseDayKey day) const;

private:
    DatasetIndex index_;
    std::shared_ptr<const LabelMap> fileLabels_;
    std::shared_ptr<const LabelledMap> fileLabelled_;
    std::string labelsSource_;
    std::vector<Problem> labelProblems_;
    std::unique_ptr<Workspace> workspace_;
    std::map<CaseDayKey, std::unique_ptr<EditSession>> sessions_;
    std::map<CaseDayKey, unsigned long long> lastUse_; // session() calls so far, per open day
    unsigned long long uses_ = 0;
    std::map<CaseDayKey, std::shared_ptr<const LabelVolume>> predictions_;
    std::map<CaseDayKey, SliceRisk> risks_; // without a writable workspace
    std::map<CaseDayKey, std::vector<int>> noImage_; // decoded scans' blank slices
    std::function<void(EditSession&)> sessionCreated_;
};

} // namespace gireview
