#include "review/ReviewDocument.h"

#include <chrono>

#include "data/DataError.h"
#include "io/Sha256.h"

#include <algorithm>
#include <filesystem>
#include <sys/vfs.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace gireview {

bool isOnLocalFileSystem(const std::string& path) {
    struct statfs info {};
    if (statfs(path.c_str(), &info) != 0) return false;
    switch (static_cast<unsigned long>(info.f_type)) {
    case 0x6969UL:     // NFS
    case 0x517BUL:     // SMB
    case 0xFF534D42UL: // CIFS
    case 0xFE534D42UL: // SMB2
    case 0x65735546UL: // FUSE (sshfs and friends)
        return false;
    default:
        return true;
    }
}

std::string defaultWorkspacePath(const std::string& datasetRoot,
                                 const WorkspacePlacement& placement) {
    std::error_code error;
    const fs::path root = fs::absolute(datasetRoot, error).lexically_normal();
    std::string rootText = root.string();
    while (rootText.size() > 1 && rootText.back() == '/')
        rootText.pop_back();
    if (fs::is_directory(root, error) && ::access(rootText.c_str(), W_OK) == 0 &&
        isOnLocalFileSystem(rootText))
        return (fs::path(rootText) / "gireview-workspace.sqlite").string();
    if (!placement.legacyFallback.empty() && fs::exists(placement.legacyFallback, error))
        return placement.legacyFallback;
    const std::string key = sha256Hex(rootText.data(), rootText.size()).substr(0, 16);
    return (fs::path(placement.fallbackDir) /
            (fs::path(rootText).filename().string() + "-" + key + ".sqlite"))
        .string();
}

namespace {

// The file's labels with the workspace's stored slices over them; nullopt when neither has any.
std::optional<LabelVolume> storedDay(const DayEntry& day, const LabelMap* file,
                                     const Workspace* workspace) {
    std::optional<LabelVolume> labels;
    if (file)
        if (auto found = file->find(day.key); found != file->end()) labels = found->second;
    LabelVolume overlaid = labels ? *labels : LabelVolume(day.key, day.geometry);
    if (workspace && workspace->loadLayer(day.key, LabelLayer::Reviewed, overlaid))
        labels = std::move(overlaid);
    return labels;
}

} // namespace

ReviewDocument::ReviewDocument(DatasetIndex index) : index_(std::move(index)) {}

ReviewDocument::~ReviewDocument() = default;

void ReviewDocument::setLabelsFile(LabelImport imported, const std::string& source) {
    fileLabels_ = std::make_shared<const LabelMap>(std::move(imported.volumes));
    fileLabelled_ = std::make_shared<const LabelledMap>(std::move(imported.labelled));
    labelProblems_ = std::move(imported.problems);
    labelsSource_ = source;
    sessions_.clear();
}

void ReviewDocument::openWorkspace(const std::string& path) {
    auto opened = std::make_unique<Workspace>(path);
    sessions_.clear();
    workspace_ = std::move(opened);
}

void ReviewDocument::moveWorkspaceTo(const std::string& path) {
    auto moved = std::make_unique<Workspace>(path);
    if (moved->readOnly())
        throw WorkspaceError("the workspace can only be read: " + moved->readOnlyReason(), path);
    for (auto& [key, session] : sessions_)
        session->setWorkspace(moved.get());
    workspace_ = std::move(moved);
}

EditSession* ReviewDocument::openSession(CaseDayKey day) const {
    auto found = sessions_.find(day);
    return found == sessions_.end() ? nullptr : found->second.get();
}

const LabelVolume* ReviewDocument::labelsInMemory(CaseDayKey day) const {
    if (const EditSession* open = openSession(day)) return open->labels().get();
    if (fileLabels_)
        if (auto found = fileLabels_->find(day); found != fileLabels_->end()) return &found->second;
    return nullptr;
}

EditSession& ReviewDocument::session(CaseDayKey day) {
    lastUse_[day] = ++uses_;
    if (EditSession* open = openSession(day)) return *open;
    const DayEntry* entry = index_.findDay(day);
    if (!entry)
        throw DataError("no case-day " + formatCaseDayName(day) + " in the dataset",
                        ErrorContext{index_.root, {}, {}, 0, {}});
    auto labels = std::make_shared<LabelVolume>(day, entry->geometry);
    if (auto stored = storedDay(*entry, fileLabels_.get(), workspace_.get()))
        *labels = std::move(*stored);
    LabelledSlices fileLabelled;
    if (fileLabelled_)
        if (auto found = fileLabelled_->find(day); found != fileLabelled_->end())
            fileLabelled = found->second;
    auto created = std::make_unique<EditSession>(labels, workspace_.get(), fileLabelled);
    EditSession& session = *created;
    session.setNoImageSlices(noImageSlices(day));
    sessions_.emplace(day, std::move(created));
    if (sessionCreated_) sessionCreated_(session);
    return session;
}

void ReviewDocument::closeIdleSessions(CaseDayKey keep, size_t recent) {
    if (!workspace_ || workspace_->readOnly()) return; // there the sessions are all there is
    std::vector<std::pair<unsigned long long, CaseDayKey>> idle;
    for (const auto& [day, open] : sessions_)
        if (day != keep && !open->hasUnsavedEdits()) idle.emplace_back(lastUse_[day], day);
    if (idle.size() <= recent) return;
    std::sort(idle.begin(), idle.end()); // least recently used first
    for (size_t i = 0; i + recent < idle.size(); ++i) {
        sessions_.erase(idle[i].second);
        lastUse_.erase(idle[i].second);
    }
}

size_t ReviewDocument::importReviewed(const LabelImport& imported, const std::string& source,
                                      std::string& error) {
    size_t changed = 0;
    for (const auto& [day, labelled] : imported.labelled) {
        if (!labelled.any()) continue;
        const auto volume = imported.volumes.find(day);
        const DayEntry* entry = index_.findDay(day);
        if (volume == imported.volumes.end() || !entry || !entry->usable) continue;
        EditSession& target = session(day);
        const size_t before = target.editor().undoCount();
        if (!target.importReviewed(volume->second, labelled, source) && error.empty())
            error = formatCaseDayName(day) + ": " + target.error();
        if (target.editor().undoCount() != before) ++changed;
    }
    return changed;
}

void ReviewDocument::setPrediction(std::shared_ptr<const LabelVolume> prediction,
                                   const std::string& cardJson, bool keepInMemory, const SliceRisk& risk) {
    const CaseDayKey day = prediction->day();
    predictions_[day] = prediction;
    risks_[day] = risk;
    if (!workspace_ || workspace_->readOnly()) return;
    workspace_->saveLayer(*prediction, LabelLayer::Prediction);
    workspace_->setPredictionRisk(day, risk);
    risks_.erase(day);
    // The first prediction of the day stays as L0, what the correction effort is measured from.
    if (!workspace_->hasLayer(day, LabelLayer::FirstPrediction)) workspace_->saveLayer(*prediction, LabelLayer::FirstPrediction);
    if (!cardJson.empty()) workspace_->setModelCard(day, cardJson);
    // Stored: a whole run's days need not stay in memory.
    if (!keepInMemory) predictions_.erase(day);
}

SliceRisk ReviewDocument::predictionRisk(CaseDayKey day) const {
    if (auto found = risks_.find(day); found != risks_.end()) return found->second;
    return workspace_ ? workspace_->predictionRisk(day) : SliceRisk{};
}

std::shared_ptr<const LabelVolume> ReviewDocument::prediction(CaseDayKey day) const {
    if (auto found = predictions_.find(day); found != predictions_.end()) return found->second;
    const DayEntry* entry = index_.findDay(day);
    if (!workspace_ || !entry) return nullptr;
    auto stored = std::make_shared<LabelVolume>(day, entry->geometry);
    return workspace_->loadLayer(day, LabelLayer::Prediction, *stored) ? stored : nullptr;
}

std::vector<std::string> ReviewDocument::importPrediction(const LabelImport& imported) {
    std::vector<std::string> failures;
    for (const auto& [day, labelled] : imported.labelled) {
        const auto volume = imported.volumes.find(day);
        if (volume == imported.volumes.end() || !labelled.any()) continue;
        try {
            setPrediction(std::make_shared<LabelVolume>(volume->second), {});
        } catch (const std::exception& failure) {
            failures.push_back(failure.what());
        }
    }
    return failures;
}

std::vector<CaseDayKey> ReviewDocument::retryUnsaved() {
    std::vector<CaseDayKey> saved;
    for (const auto& [day, session] : sessions_)
        if (session->hasUnsavedEdits() && session->retrySave()) saved.push_back(day);
    return saved;
}

std::vector<CaseDayKey> ReviewDocument::unsavedDays() const {
    std::vector<CaseDayKey> days;
    for (const auto& [day, session] : sessions_)
        if (session->hasUnsavedEdits()) days.push_back(day);
    return days;
}

namespace {
Workspace& writable(const std::unique_ptr<Workspace>& workspace) {
    if (!workspace)
        throw WorkspaceError("no review workspace is open: review state cannot be recorded");
    if (workspace->readOnly())
        throw WorkspaceError("the workspace is read-only: " + workspace->readOnlyReason(),
                             workspace->path());
    return *workspace;
}
} // namespace

CorrectionEffort ReviewDocument::correctionEffort(CaseDayKey day, Organ organ, double nowUnixSeconds) const {
    const DayEntry* entry = index_.findDay(day);
    if (!entry) throw DataError("no case-day " + formatCaseDayName(day) + " in the dataset", ErrorContext{index_.root, {}, {}, 0, {}});
    const LabelVolume after = correctedLabels(day).value_or(LabelVolume(day, entry->geometry));
    LabelVolume before(day, entry->geometry);
    std::string baseline = "none";
    if (workspace_ && workspace_->loadLayer(day, LabelLayer::FirstPrediction, before)) {
        baseline = "first_prediction";
    } else if (fileLabels_) {
        if (auto found = fileLabels_->find(day); found != fileLabels_->end()) {
            before = found->second;
            baseline = "labels_file";
        }
    }
    CorrectionEffort effort = measureCorrection(before, after, organ);
    effort.baseline = baseline;
    if (workspace_) {
        effort.slicesEdited = int(workspace_->editedPairs(day, entry->geometry.depth).count(organ));
        for (const auto& edit : workspace_->journal(day))
            if (edit.organ == organ && edit.tool.rfind("accept", 0) != 0) ++effort.strokes; // accepts are no strokes
        effort.activeSeconds = workspace_->activeSeconds(day, organ);
        if (const double shown = workspace_->firstShown(day); shown > 0) effort.secondsToApproval = nowUnixSeconds - shown;
    }
    return effort;
}

void ReviewDocument::approve(CaseDayKey day, Organ organ, const std::string& reviewer,
                             const std::vector<AcknowledgedFlag>& acknowledged) {
    Workspace& workspace = writable(workspace_);
    const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    workspace.approve(day, organ, currentAccountName(), reviewer, acknowledged, effortToJson(correctionEffort(day, organ, now)));
    if (EditSession* open = openSession(day)) open->updateLocks();
}

void ReviewDocument::reopen(CaseDayKey day, Organ organ, const std::string& reviewer) {
    writable(workspace_).reopen(day, organ, currentAccountName(), reviewer);
    if (EditSession* open = openSession(day)) open->updateLocks();
}

std::vector<int> ReviewDocument::noImageSlices(CaseDayKey day) const {
    if (auto known = noImage_.find(day); known != noImage_.end()) return known->second;
    std::vector<int> slices;
    if (const DayEntry* entry = index_.findDay(day))
        for (int number : entry->unusableSlices()) slices.push_back(number - 1);
    return slices;
}

void ReviewDocument::setNoImageSlices(CaseDayKey day, std::vector<int> slices) {
    std::sort(slices.begin(), slices.end());
    if (EditSession* open = openSession(day)) open->setNoImageSlices(slices);
    noImage_[day] = std::move(slices);
}

void ReviewDocument::markReviewed(CaseDayKey day, int first, int last, std::uint8_t organs,
                                  bool reviewed) {
    writable(workspace_).setRangeReviewed(day, first, last, organs, reviewed);
}

LabelledSlices ReviewDocument::vouchedPairs(CaseDayKey day) const {
    const DayEntry* entry = index_.findDay(day);
    if (!entry) return {};
    return workspace_ ? workspace_->vouchedPairs(day, entry->geometry.depth)
                      : LabelledSlices::none(entry->geometry.depth);
}

ExportSnapshot ReviewDocument::snapshotForExport(std::vector<CaseDayKey> scope) const {
    ExportSnapshot snapshot;
    snapshot.index = &index_;
    snapshot.fileLabels = fileLabels_;
    snapshot.fileLabelled = fileLabelled_;
    for (const auto& [day, session] : sessions_) {
        snapshot.openDays.emplace(day, *session->labels());
        snapshot.openEdited.emplace(day, session->editedPairs());
    }
    snapshot.workspacePath = workspace_ ? workspace_->path() : std::string();
    snapshot.labelsSource = labelsSource_;
    snapshot.scope = std::move(scope);
    for (const DayEntry* day : index_.days())
        if (auto blank = noImageSlices(day->key); !blank.empty()) snapshot.noImage.emplace(day->key, std::move(blank));
    return snapshot;
}

ExportReport ReviewDocument::runExport(const ExportSnapshot& snapshot, const std::string& out,
                                       ExportOptions options,
                                       const std::function<bool(int, int)>& progress) {
    const DatasetIndex& index = *snapshot.index;
    // This thread's own connection: the owner's may be writing meanwhile.
    std::unique_ptr<Workspace> reader;
    if (!snapshot.workspacePath.empty())
        reader = std::make_unique<Workspace>(snapshot.workspacePath, Workspace::Access::Reader);
    if (options.reviewedOnly && !reader)
        throw DataError("a reviewed-only export needs the review workspace (what was marked "
                        "reviewed or approved)",
                        ErrorContext{out, {}, {}, 0, {}});
    LabelMap labels;
    LabelledMap labelled;
    bool filePartial = false;
    if (snapshot.fileLabelled)
        for (const auto& [day, pairs] : *snapshot.fileLabelled)
            filePartial = filePartial || !pairs.complete();
    for (const DayEntry* day : index.days()) {
        if (!day->usable) continue;
        if (!snapshot.scope.empty() && std::find(snapshot.scope.begin(), snapshot.scope.end(),
                                                 day->key) == snapshot.scope.end())
            continue;
        if (auto open = snapshot.openDays.find(day->key); open != snapshot.openDays.end())
            labels.emplace(day->key, open->second);
        else if (auto stored = storedDay(*day, snapshot.fileLabels.get(), reader.get()))
            labels.emplace(day->key, std::move(*stored));
        if (options.reviewedOnly) {
            labelled.emplace(day->key, reader->vouchedPairs(day->key, day->geometry.depth));
        } else if (filePartial) {
            // A partly labelled file stays partly labelled: its pairs, and what was edited or
            // vouched for since.
            LabelledSlices pairs = LabelledSlices::none(day->geometry.depth);
            if (auto found = snapshot.fileLabelled->find(day->key);
                found != snapshot.fileLabelled->end())
                pairs = found->second;
            LabelledSlices edited = reader ? reader->editedPairs(day->key, day->geometry.depth)
                                           : LabelledSlices::none(day->geometry.depth);
            if (auto open = snapshot.openEdited.find(day->key); open != snapshot.openEdited.end())
                edited = open->second;
            const LabelledSlices vouched = reader
                                               ? reader->vouchedPairs(day->key, day->geometry.depth)
                                               : LabelledSlices::none(day->geometry.depth);
            for (int z = 0; z < day->geometry.depth; ++z)
                pairs.setOrgans(
                    z, std::uint8_t(pairs.organsOn(z) | edited.organsOn(z) | vouched.organsOn(z)));
            labelled.emplace(day->key, std::move(pairs));
        }
    }
    // Blank slices (no image) are unknown, whatever the labels say there.
    bool blankLeftOut = false;
    for (const auto& [key, blank] : snapshot.noImage) {
        if (!labels.count(key)) continue;
        auto pairs = labelled.find(key);
        if (pairs == labelled.end()) {
            if (options.reviewedOnly || filePartial) continue; // nothing of the day goes out anyway
            pairs = labelled.emplace(key, LabelledSlices::all(labels.at(key).geometry().depth)).first;
        }
        for (int z : blank) {
            blankLeftOut = blankLeftOut || pairs->second.organsOn(z);
            pairs->second.setOrgans(z, 0);
        }
    }
    if (blankLeftOut && !(options.reviewedOnly || filePartial))
        for (const auto& [key, volume] : labels) // the other days stay whole
            labelled.emplace(key, LabelledSlices::all(volume.geometry().depth));
    if (options.reviewedOnly || filePartial || blankLeftOut) {
        options.labelled = &labelled;
        std::string& reason = options.leftOutReason;
        if (reason.empty() && (options.reviewedOnly || filePartial))
            reason = options.reviewedOnly ? "not reviewed: neither marked reviewed nor approved"
                                          : "not labelled in the source and not edited or reviewed since";
        if (blankLeftOut) {
            const std::string noImage = "no image (the slice file is missing or unreadable)";
            reason += reason.empty() ? noImage : "; or " + noImage;
        }
    }
    options.workspace = reader.get();
    if (options.source.empty())
        options.source =
            snapshot.labelsSource.empty() ? snapshot.workspacePath : snapshot.labelsSource;
    return gireview::exportLabels(index, labels, out, options, snapshot.scope, progress);
}

LabelMap ReviewDocument::correctedLabels() const {
    LabelMap labels;
    for (const DayEntry* day : index_.days())
        if (auto corrected = correctedLabels(day->key)) labels.emplace(day->key, std::move(*corrected));
    return labels;
}

std::optional<LabelVolume> ReviewDocument::correctedLabels(CaseDayKey key) const {
    const DayEntry* day = index_.findDay(key);
    if (!day || !day->usable) return std::nullopt;
    if (EditSession* open = openSession(key)) return *open->labels();
    return storedDay(*day, fileLabels_.get(), workspace_.get());
}

std::optional<LabelVolume> ReviewDocument::previousLabelledDay(CaseDayKey key) const {
    const auto days = index_.days(); // in day order: the latest earlier day is found first
    for (auto day = days.rbegin(); day != days.rend(); ++day)
        if ((*day)->key.caseNo == key.caseNo && (*day)->key.dayNo < key.dayNo)
            if (auto labels = correctedLabels((*day)->key)) return labels;
    return std::nullopt;
}

} // namespace gireview
