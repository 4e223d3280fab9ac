#include "review/Workspace.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <libdeflate.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gireview {

namespace {

std::string nowUtc() {
    const std::time_t now = std::time(nullptr);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return buffer;
}

// A full disk is not a damaged file: say so, so that nobody deletes a good workspace.
[[noreturn]] void throwFailure(sqlite3* db, int rc, const std::string& what) {
    const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
    const std::string path = file ? file : "";
    if ((rc & 0xff) == SQLITE_FULL)
        throw WorkspaceFullError("the disk holding the workspace is full; the workspace itself is fine (free some space and "
                                 "the edit is saved on the next try)",
                                 path);
    throw WorkspaceError(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"), path);
}

// RAII prepared statement.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK)
            throw WorkspaceError(std::string("workspace query failed: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(statement_); }
    Statement& bind(int i, long long v) { return check(sqlite3_bind_int64(statement_, i, v)); }
    Statement& bind(int i, const std::string& v) { return check(sqlite3_bind_text(statement_, i, v.c_str(), int(v.size()), SQLITE_TRANSIENT)); }
    Statement& bindReal(int i, double v) { return check(sqlite3_bind_double(statement_, i, v)); }
    Statement& bindBlob(int i, const void* data, size_t size) {
        return check(sqlite3_bind_blob(statement_, i, data, int(size), SQLITE_TRANSIENT));
    }
    bool step() {
        const int rc = sqlite3_step(statement_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throwFailure(db_, rc, "workspace write failed");
    }
    void reset() { sqlite3_reset(statement_); }
    long long integer(int column) const { return sqlite3_column_int64(statement_, column); }
    double real(int column) const { return sqlite3_column_double(statement_, column); }
    std::string text(int column) const {
        const auto* p = sqlite3_column_text(statement_, column);
        return p ? reinterpret_cast<const char*>(p) : "";
    }
    const void* blob(int column) const { return sqlite3_column_blob(statement_, column); }
    int blobSize(int column) const { return sqlite3_column_bytes(statement_, column); }

private:
    Statement& check(int rc) {
        if (rc != SQLITE_OK) throwFailure(db_, rc, "workspace query failed");
        return *this;
    }
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
};

constexpr const char* kSchema = R"sql(
CREATE TABLE gireview_meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE slice_labels(case_no INTEGER, day_no INTEGER, layer INTEGER, slice INTEGER, width INTEGER, height INTEGER,
                          data BLOB, PRIMARY KEY(case_no, day_no, layer, slice));
CREATE TABLE model_cards(case_no INTEGER, day_no INTEGER, card TEXT, PRIMARY KEY(case_no, day_no));
CREATE TABLE review_status(case_no INTEGER, day_no INTEGER, organ INTEGER, status INTEGER,
                           PRIMARY KEY(case_no, day_no, organ));
CREATE TABLE audit(id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT, case_no INTEGER, day_no INTEGER, organ INTEGER,
                   action TEXT, account TEXT, reviewer TEXT);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TABLE edits(id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT, account TEXT, case_no INTEGER, day_no INTEGER,
                   organ INTEGER, tool TEXT, first_slice INTEGER, last_slice INTEGER, voxels INTEGER);
)sql";

// Schema 2 (also the upgrade from 1): per (slice, organ) review marks and edited pairs; slices
// are 1-based as in the slice ids.
constexpr const char* kSchema2 = R"sql(
CREATE TABLE review_marks(case_no INTEGER, day_no INTEGER, slice INTEGER, organ INTEGER,
                          PRIMARY KEY(case_no, day_no, slice, organ));
CREATE TABLE edited_pairs(case_no INTEGER, day_no INTEGER, slice INTEGER, organ INTEGER,
                          PRIMARY KEY(case_no, day_no, slice, organ));
)sql";

// Schema 3 (also the upgrade from 2): the QA flags an approval acknowledged, append-only like
// the audit entry they belong to.
constexpr const char* kSchema3 = R"sql(
CREATE TABLE acknowledged_flags(audit_id INTEGER REFERENCES audit(id), kind TEXT, first_slice INTEGER, last_slice INTEGER,
                                detail TEXT);
CREATE TRIGGER acknowledged_append_only_update BEFORE UPDATE ON acknowledged_flags BEGIN
  SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER acknowledged_append_only_delete BEFORE DELETE ON acknowledged_flags BEGIN
  SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TABLE effort(audit_id INTEGER REFERENCES audit(id), case_no INTEGER, day_no INTEGER, organ INTEGER, measures TEXT);
CREATE TABLE review_clock(case_no INTEGER, day_no INTEGER, organ INTEGER, active_seconds REAL,
                          PRIMARY KEY(case_no, day_no, organ));
CREATE TABLE day_shown(case_no INTEGER, day_no INTEGER, first_shown REAL, PRIMARY KEY(case_no, day_no));
CREATE TABLE prediction_risk(case_no INTEGER, day_no INTEGER, risk BLOB, PRIMARY KEY(case_no, day_no));
)sql";

// Schema 1 kept review marks per slice: each becomes a mark for every organ; its journal's
// reviewer edits (not accepts of the prediction) become edited pairs. The journal's slices
// are 0-based.
constexpr const char* kUpgrade1To2 = R"sql(
INSERT OR IGNORE INTO review_marks SELECT r.case_no, r.day_no, r.slice, o.organ FROM reviewed_slices r,
    (SELECT 0 AS organ UNION ALL SELECT 1 UNION ALL SELECT 2) o;
DROP TABLE reviewed_slices;
WITH RECURSIVE expanded(case_no, day_no, slice, last_slice, organ) AS (
    SELECT case_no, day_no, first_slice, last_slice, organ FROM edits
        WHERE tool NOT IN ('accept-prediction', 'model') AND first_slice <= last_slice
    UNION ALL
    SELECT case_no, day_no, slice + 1, last_slice, organ FROM expanded WHERE slice < last_slice)
INSERT OR IGNORE INTO edited_pairs SELECT case_no, day_no, slice + 1, organ FROM expanded;
)sql";

} // namespace

std::string currentAccountName() {
    const char* user = std::getenv("USER");
    if (user && *user) return user;
    const char* logname = std::getenv("LOGNAME");
    return logname && *logname ? logname : "unknown";
}

Workspace::Workspace(const std::string& path, Access access) : path_(path) {
    namespace fs = std::filesystem;
    std::error_code error;
    const bool exists = fs::exists(path, error) && fs::file_size(path, error) > 0;
    int version = 0;
    if (exists) {
        // Validate read-only first: a failed open must not modify the file.
        sqlite3* probe = nullptr;
        if (sqlite3_open_v2(path.c_str(), &probe, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            sqlite3_close(probe);
            throw WorkspaceError("cannot open the workspace", path);
        }
        int ours = 0, rc = SQLITE_ERROR;
        version = -1;
        {
            sqlite3_stmt* statement = nullptr;
            rc = sqlite3_prepare_v2(probe, "SELECT (SELECT count(*) FROM sqlite_master WHERE name='gireview_meta'), "
                                           "(SELECT user_version FROM pragma_user_version)", -1, &statement, nullptr);
            if (rc == SQLITE_OK && (rc = sqlite3_step(statement)) == SQLITE_ROW) {
                ours = sqlite3_column_int(statement, 0);
                version = sqlite3_column_int(statement, 1);
            }
            sqlite3_finalize(statement);
            const std::string message = sqlite3_errmsg(probe);
            sqlite3_close(probe);
            if (version < 0) {
                const int primary = rc & 0xff;
                if (primary == SQLITE_FULL) throw WorkspaceFullError("the disk holding the workspace is full; it was left untouched", path);
                if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
                    throw WorkspaceError("the workspace is corrupt or not a database (" + message + "); it was left untouched", path);
                throw WorkspaceError("cannot read the workspace (" + message + "); it was left untouched", path);
            }
        }
        if (!ours) throw WorkspaceError("not a GI Review workspace; it was left untouched", path);
        if (version > kSchemaVersion)
            throw WorkspaceError("the workspace was written by a newer GI Review (schema " + std::to_string(version) +
                                     ", this version reads up to " + std::to_string(kSchemaVersion) + "); it was left untouched",
                                 path);
    }
    if (access == Access::Reader) {
        if (!exists) throw WorkspaceError("no workspace here", path);
        if (version < kSchemaVersion)
            throw WorkspaceError("the workspace has an older schema and must be opened by the window or a command first to upgrade it", path);
        readOnly_ = true;
        readOnlyReason_ = "opened for reading";
    } else {
        // A read-only file is detected by its mode bits too: as root, access(2) says writable.
        struct stat info {};
        if (exists && ::stat(path.c_str(), &info) == 0 && ((info.st_mode & 0222) == 0 || ::access(path.c_str(), W_OK) != 0)) {
            readOnly_ = true;
            char mode[8];
            std::snprintf(mode, sizeof mode, "%04o", unsigned(info.st_mode & 07777));
            readOnlyReason_ = std::string("the workspace file is read-only (mode ") + mode + "); edits cannot be saved";
        }
        // One writer at a time: an exclusive lock on a side file, released by the kernel if we
        // die. Any failure to take it (another instance, a lock file we may not open) means
        // read-only: two writers would overwrite each other's strokes.
        if (!readOnly_) {
            const std::string lockPath = path + ".lock";
            lockFd_ = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
            if (lockFd_ < 0) {
                readOnly_ = true;
                readOnlyReason_ = "the write lock " + lockPath + " cannot be opened (" + std::strerror(errno) + "); opened read-only";
            } else if (::flock(lockFd_, LOCK_EX | LOCK_NB) != 0) {
                const int cause = errno;
                ::close(lockFd_);
                lockFd_ = -1;
                readOnly_ = true;
                readOnlyReason_ = cause == EWOULDBLOCK
                                      ? "another GI Review instance has this workspace open; it is opened read-only"
                                      : "the write lock " + lockPath + " cannot be taken (" + std::strerror(cause) + "); opened read-only";
            }
        }
        if (readOnly_ && !exists) throw WorkspaceError("cannot create the workspace: " + readOnlyReason_, path);
        if (readOnly_ && version < kSchemaVersion)
            throw WorkspaceError("the workspace has schema " + std::to_string(version) + " and needs an upgrade, which a read-only open cannot do (" +
                                     readOnlyReason_ + "); it was left untouched",
                                 path);
    }
    const int flags = readOnly_ ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr); rc != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        if ((rc & 0xff) == SQLITE_FULL) throw WorkspaceFullError("the disk is full: the workspace cannot be created", path);
        throw WorkspaceError("cannot open the workspace: " + message, path);
    }
    sqlite3_busy_timeout(db_, 5000);
    if (readOnly_) return;
    // WAL where the file system supports it; SQLite keeps the rollback journal otherwise.
    execute("PRAGMA journal_mode=WAL");
    execute("PRAGMA synchronous=FULL");
    if (!exists) {
        begin();
        try {
            execute(kSchema);
            execute(kSchema2);
            execute(kSchema3);
            execute("INSERT INTO gireview_meta VALUES('created', '" + nowUtc() + "')");
            execute("PRAGMA user_version=" + std::to_string(kSchemaVersion));
            commit();
        } catch (...) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    } else if (version < kSchemaVersion) {
        upgradeFrom(version);
    }
}

// Keeps a consistent copy of the old file beside it (VACUUM INTO never overwrites), then
// upgrades in one transaction: a failure leaves the old schema in place.
void Workspace::upgradeFrom(int version) {
    namespace fs = std::filesystem;
    std::string backup = path_ + ".schema" + std::to_string(version) + "-backup.sqlite";
    for (int n = 2; fs::exists(backup); ++n)
        backup = path_ + ".schema" + std::to_string(version) + "-backup-" + std::to_string(n) + ".sqlite";
    {
        Statement copy(db_, "VACUUM INTO ?");
        copy.bind(1, backup);
        copy.step();
    }
    backupPath_ = backup;
    begin();
    try {
        if (version < 2) {
            execute(kSchema2);
            execute(kUpgrade1To2);
        }
        if (version < 3) execute(kSchema3);
        execute("INSERT OR REPLACE INTO gireview_meta VALUES('upgraded_from_" + std::to_string(version) + "', '" + nowUtc() + "')");
        execute("PRAGMA user_version=" + std::to_string(kSchemaVersion));
        commit();
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

int Workspace::schemaVersion() const {
    Statement statement(db_, "PRAGMA user_version");
    return statement.step() ? int(statement.integer(0)) : 0;
}

Workspace::~Workspace() {
    if (db_) sqlite3_close(db_);
    if (lockFd_ >= 0) ::close(lockFd_);
}

void Workspace::execute(const std::string& sql) const {
    char* message = nullptr;
    if (const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message); rc != SQLITE_OK) {
        sqlite3_free(message);
        throwFailure(db_, rc, "workspace");
    }
}

std::string Workspace::journalMode() const {
    Statement statement(db_, "PRAGMA journal_mode");
    return statement.step() ? statement.text(0) : "";
}

void Workspace::requireWritable() const {
    if (readOnly_) throw WorkspaceError("the workspace is read-only: " + readOnlyReason_, path_);
}

void Workspace::begin() { execute("BEGIN IMMEDIATE"); }

void Workspace::commit() {
    if (beforeCommit_) beforeCommit_();
    execute("COMMIT");
}

namespace {
// Deflated slices into slice_labels, inside the caller's transaction.
class SliceStore {
public:
    SliceStore(sqlite3* db, LabelLayer layer) : insert_(db, "INSERT OR REPLACE INTO slice_labels VALUES(?,?,?,?,?,?,?)"), layer_(layer) {}
    ~SliceStore() { libdeflate_free_compressor(compressor_); }
    void store(const LabelVolume& labels, int z) {
        const auto& g = labels.geometry();
        packed_.resize(libdeflate_deflate_compress_bound(compressor_, g.sliceSize()));
        const size_t size = libdeflate_deflate_compress(compressor_, labels.slice(z), g.sliceSize(), packed_.data(), packed_.size());
        insert_.bind(1, labels.day().caseNo).bind(2, labels.day().dayNo).bind(3, int(layer_)).bind(4, z);
        insert_.bind(5, g.width).bind(6, g.height).bindBlob(7, packed_.data(), size);
        insert_.step();
        insert_.reset();
    }

private:
    Statement insert_;
    LabelLayer layer_;
    libdeflate_compressor* compressor_ = libdeflate_alloc_compressor(1);
    std::vector<unsigned char> packed_;
};

void appendJournal(sqlite3* db, CaseDayKey day, Organ organ, const std::string& tool, int first, int last, long long voxels) {
    Statement journal(db, "INSERT INTO edits(time, account, case_no, day_no, organ, tool, first_slice, last_slice, voxels) "
                          "VALUES(?,?,?,?,?,?,?,?,?)");
    journal.bind(1, nowUtc()).bind(2, currentAccountName()).bind(3, day.caseNo).bind(4, day.dayNo);
    journal.bind(5, organIndex(organ)).bind(6, tool).bind(7, first).bind(8, last).bind(9, voxels);
    journal.step();
}
} // namespace

void Workspace::saveSlices(const LabelVolume& labels, LabelLayer layer, int firstSlice, int lastSlice, const std::string& tool,
                           Organ organ, long long voxels) {
    requireWritable();
    const auto& g = labels.geometry();
    begin();
    try {
        SliceStore store(db_, layer);
        for (int z = std::max(0, firstSlice); z <= std::min(lastSlice, g.depth - 1); ++z) store.store(labels, z);
        if (!tool.empty()) appendJournal(db_, labels.day(), organ, tool, firstSlice, lastSlice, voxels);
        commit();
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void Workspace::commitEdit(const LabelVolume& labels, const EditCommit& edit) {
    requireWritable();
    const auto& g = labels.geometry();
    const CaseDayKey day = labels.day();
    begin();
    try {
        SliceStore store(db_, LabelLayer::Reviewed);
        Statement mark(db_, edit.editedMarks == EditCommit::EditedMarks::Clear
                                ? "DELETE FROM edited_pairs WHERE case_no=? AND day_no=? AND slice=? AND organ=?"
                                : "INSERT OR IGNORE INTO edited_pairs VALUES(?,?,?,?)");
        std::uint8_t organsChanged = 0;
        for (int z = std::max(0, edit.firstSlice); z <= std::min(edit.lastSlice, g.depth - 1); ++z) {
            const size_t i = size_t(z - edit.firstSlice);
            const std::uint8_t changed = edit.organsChangedPerSlice.empty() ? edit.organsChanged
                                         : i < edit.organsChangedPerSlice.size() ? edit.organsChangedPerSlice[i]
                                                                                 : 0;
            if (!changed) continue; // a coronal dab writes only the slices it touched
            organsChanged |= changed;
            store.store(labels, z);
            if (edit.editedMarks == EditCommit::EditedMarks::Keep) continue;
            for (Organ organ : kAllOrgans) {
                if (!(changed & organBit(organ))) continue;
                mark.bind(1, day.caseNo).bind(2, day.dayNo).bind(3, z + 1).bind(4, organIndex(organ)).step();
                mark.reset();
            }
        }
        if (!edit.tool.empty()) appendJournal(db_, day, edit.organ, edit.tool, edit.firstSlice, edit.lastSlice, edit.voxels);
        // An edited organ is in review from now on, in the same transaction as its slices.
        Statement inReview(db_, "INSERT INTO review_status VALUES(?,?,?,?) ON CONFLICT(case_no, day_no, organ) DO UPDATE SET "
                                "status=excluded.status WHERE status=?");
        for (Organ organ : kAllOrgans) {
            if (!(organsChanged & organBit(organ))) continue;
            inReview.bind(1, day.caseNo).bind(2, day.dayNo).bind(3, organIndex(organ)).bind(4, int(ReviewStatus::InProgress));
            inReview.bind(5, int(ReviewStatus::NotReviewed)).step();
            inReview.reset();
        }
        commit();
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void Workspace::importReviewed(const LabelVolume& labels, const LabelledSlices& labelled, const std::string& source) {
    std::vector<std::uint8_t> perSlice(size_t(labels.geometry().depth));
    for (int z = 0; z < labels.geometry().depth; ++z) perSlice[size_t(z)] = labelled.organsOn(z);
    EditCommit edit;
    edit.tool = "import " + source;
    edit.firstSlice = 0;
    edit.lastSlice = labels.geometry().depth - 1;
    edit.organsChangedPerSlice = std::move(perSlice);
    commitEdit(labels, edit);
}

bool Workspace::loadLayer(CaseDayKey day, LabelLayer layer, LabelVolume& out, std::vector<bool>* stored) const {
    const auto& g = out.geometry();
    if (stored) stored->assign(size_t(g.depth), false);
    Statement select(db_, "SELECT slice, width, height, data FROM slice_labels WHERE case_no=? AND day_no=? AND layer=?");
    select.bind(1, day.caseNo).bind(2, day.dayNo).bind(3, int(layer));
    libdeflate_decompressor* decompressor = libdeflate_alloc_decompressor();
    bool any = false;
    try {
        while (select.step()) {
            const int z = int(select.integer(0));
            if (z < 0 || z >= g.depth || select.integer(1) != g.width || select.integer(2) != g.height)
                throw WorkspaceError("workspace slice " + std::to_string(z + 1) + " of " + formatCaseDayName(day) +
                                     " does not fit the case-day's size");
            size_t actual = 0;
            if (libdeflate_deflate_decompress(decompressor, select.blob(3), size_t(select.blobSize(3)), out.slice(z), g.sliceSize(),
                                              &actual) != LIBDEFLATE_SUCCESS ||
                actual != g.sliceSize())
                throw WorkspaceError("workspace slice " + std::to_string(z + 1) + " of " + formatCaseDayName(day) + " is damaged");
            if (stored) (*stored)[size_t(z)] = true;
            any = true;
        }
    } catch (...) {
        libdeflate_free_decompressor(decompressor);
        throw;
    }
    libdeflate_free_decompressor(decompressor);
    return any;
}

void Workspace::setModelCard(CaseDayKey day, const std::string& card) {
    requireWritable();
    Statement s(db_, "INSERT OR REPLACE INTO model_cards VALUES(?,?,?)");
    s.bind(1, day.caseNo).bind(2, day.dayNo).bind(3, card).step();
}

std::string Workspace::modelCard(CaseDayKey day) const {
    Statement s(db_, "SELECT card FROM model_cards WHERE case_no=? AND day_no=?");
    s.bind(1, day.caseNo).bind(2, day.dayNo);
    return s.step() ? s.text(0) : "";
}

void Workspace::setStatus(CaseDayKey day, Organ organ, ReviewStatus status) {
    requireWritable();
    Statement s(db_, "INSERT OR REPLACE INTO review_status VALUES(?,?,?,?)");
    s.bind(1, day.caseNo).bind(2, day.dayNo).bind(3, organIndex(organ)).bind(4, int(status)).step();
}

ReviewStatus Workspace::status(CaseDayKey day, Organ organ) const {
    Statement s(db_, "SELECT status FROM review_status WHERE case_no=? AND day_no=? AND organ=?");
    s.bind(1, day.caseNo).bind(2, day.dayNo).bind(3, organIndex(organ));
    return s.step() ? ReviewStatus(s.integer(0)) : ReviewStatus::NotReviewed;
}

namespace {
void appendAudit(sqlite3* db, CaseDayKey day, Organ organ, const char* action, const std::string& account, const std::string& reviewer,
                 const std::vector<AcknowledgedFlag>& acknowledged, const std::string& effortJson) {
    Statement s(db, "INSERT INTO audit(time, case_no, day_no, organ, action, account, reviewer) VALUES(?,?,?,?,?,?,?)");
    s.bind(1, nowUtc()).bind(2, day.caseNo).bind(3, day.dayNo).bind(4, organIndex(organ)).bind(5, action).bind(6, account).bind(7, reviewer).step();
    const long long id = sqlite3_last_insert_rowid(db);
    Statement flag(db, "INSERT INTO acknowledged_flags VALUES(?,?,?,?,?)");
    for (const auto& f : acknowledged) {
        flag.bind(1, id).bind(2, f.kind).bind(3, f.firstSlice).bind(4, f.lastSlice).bind(5, f.detail).step();
        flag.reset();
    }
    if (!effortJson.empty()) {
        Statement effort(db, "INSERT INTO effort VALUES(?,?,?,?,?)");
        effort.bind(1, id).bind(2, day.caseNo).bind(3, day.dayNo).bind(4, organIndex(organ)).bind(5, effortJson).step();
    }
}
} // namespace

void Workspace::recordReview(CaseDayKey day, Organ organ, ReviewStatus status, const char* action, const std::string& account,
                             const std::string& reviewer, const std::vector<AcknowledgedFlag>& acknowledged,
                             const std::string& effortJson) {
    requireWritable();
    begin();
    try {
        setStatus(day, organ, status);
        appendAudit(db_, day, organ, action, account, reviewer, acknowledged, effortJson);
        commit();
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void Workspace::approve(CaseDayKey day, Organ organ, const std::string& account, const std::string& reviewer,
                        const std::vector<AcknowledgedFlag>& acknowledged, const std::string& effortJson) {
    recordReview(day, organ, ReviewStatus::Approved, "approve", account, reviewer, acknowledged, effortJson);
}

std::vector<EffortRecord> Workspace::effort() const {
    std::vector<EffortRecord> records;
    Statement s(db_, "SELECT e.audit_id, a.time, e.case_no, e.day_no, e.organ, a.reviewer, e.measures FROM effort e "
                     "JOIN audit a ON a.id = e.audit_id ORDER BY e.audit_id");
    while (s.step())
        records.push_back({s.integer(0), s.text(1), {int(s.integer(2)), int(s.integer(3))}, kAllOrgans[size_t(s.integer(4)) % 3],
                           s.text(5), s.text(6)});
    return records;
}

void Workspace::addActiveTime(CaseDayKey day, Organ organ, double seconds) {
    requireWritable();
    Statement s(db_, "INSERT INTO review_clock VALUES(?,?,?,?) ON CONFLICT(case_no, day_no, organ) "
                     "DO UPDATE SET active_seconds = active_seconds + excluded.active_seconds");
    s.bind(1, day.caseNo).bind(2, day.dayNo).bind(3, organIndex(organ)).bindReal(4, seconds).step();
}

double Workspace::activeSeconds(CaseDayKey day, Organ organ) const {
    Statement s(db_, "SELECT active_seconds FROM review_clock WHERE case_no=? AND day_no=? AND organ=?");
    s.bind(1, day.caseNo).bind(2, day.dayNo).bind(3, organIndex(organ));
    return s.step() ? s.real(0) : 0.0;
}

void Workspace::noteDayShown(CaseDayKey day, double unixSeconds) {
    requireWritable();
    Statement s(db_, "INSERT OR IGNORE INTO day_shown VALUES(?,?,?)");
    s.bind(1, day.caseNo).bind(2, day.dayNo).bindReal(3, unixSeconds).step();
}

double Workspace::firstShown(CaseDayKey day) const {
    Statement s(db_, "SELECT first_shown FROM day_shown WHERE case_no=? AND day_no=?");
    s.bind(1, day.caseNo).bind(2, day.dayNo);
    return s.step() ? s.real(0) : 0.0;
}

void Workspace::setPredictionRisk(CaseDayKey day, const SliceRisk& risk) {
    requireWritable();
    Statement s(db_, "INSERT OR REPLACE INTO prediction_risk VALUES(?,?,?)");
    s.bind(1, day.caseNo).bind(2, day.dayNo).bindBlob(3, risk.data(), risk.size() * sizeof(risk[0])).step();
}

SliceRisk Workspace::predictionRisk(CaseDayKey day) const {
    Statement s(db_, "SELECT risk FROM prediction_risk WHERE case_no=? AND day_no=?");
    s.bind(1, day.caseNo).bind(2, day.dayNo);
    SliceRisk risk;
    if (!s.step()) return risk;
    const size_t bytes = size_t(s.blobSize(0));
    if (bytes % sizeof(risk[0])) throw WorkspaceError("the stored review risk of " + formatCaseDayName(day) + " is damaged", path_);
    risk.resize(bytes / sizeof(risk[0]));
    if (bytes) std::memcpy(risk.data(), s.blob(0), bytes);
    return risk;
}

bool Workspace::hasLayer(CaseDayKey day, LabelLayer layer) const {
    Statement s(db_, "SELECT 1 FROM slice_labels WHERE case_no=? AND day_no=? AND layer=? LIMIT 1");
    s.bind(1, day.caseNo).bind(2, day.dayNo).bind(3, int(layer));
    return s.step();
}

void Workspace::reopen(CaseDayKey day, Organ organ, const std::string& account, const std::string& reviewer) {
    recordReview(day, organ, ReviewStatus::InProgress, "reopen", account, reviewer);
}

std::vector<AuditEntry> Workspace::audit() const {
    std::vector<AuditEntry> entries;
    Statement s(db_, "SELECT id, time, case_no, day_no, organ, action, account, reviewer FROM audit ORDER BY id");
    while (s.step())
        entries.push_back({s.integer(0), s.text(1), {int(s.integer(2)), int(s.integer(3))}, kAllOrgans[size_t(s.integer(4)) % 3],
                           s.text(5), s.text(6), s.text(7), {}});
    Statement flags(db_, "SELECT audit_id, kind, first_slice, last_slice, detail FROM acknowledged_flags ORDER BY rowid");
    std::map<long long, AuditEntry*> byId;
    for (auto& entry : entries) byId[entry.id] = &entry;
    while (flags.step())
        if (auto found = byId.find(flags.integer(0)); found != byId.end())
            found->second->acknowledged.push_back({flags.text(1), int(flags.integer(2)), int(flags.integer(3)), flags.text(4)});
    return entries;
}

void Workspace::setReviewed(CaseDayKey day, int slice, std::uint8_t organs, bool reviewed) {
    setRangeReviewed(day, slice, slice, organs, reviewed);
}

void Workspace::setRangeReviewed(CaseDayKey day, int first, int last, std::uint8_t organs, bool reviewed) {
    requireWritable();
    begin();
    try {
        Statement s(db_, reviewed ? "INSERT OR IGNORE INTO review_marks VALUES(?,?,?,?)"
                                  : "DELETE FROM review_marks WHERE case_no=? AND day_no=? AND slice=? AND organ=?");
        for (int slice = first; slice <= last; ++slice)
            for (Organ organ : kAllOrgans) {
                if (!(organs & organBit(organ))) continue;
                s.bind(1, day.caseNo).bind(2, day.dayNo).bind(3, slice).bind(4, organIndex(organ)).step();
                s.reset();
            }
        commit();
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

namespace {
LabelledSlices pairsOf(sqlite3* db, const char* table, CaseDayKey day, int depth) {
    LabelledSlices pairs = LabelledSlices::none(depth);
    Statement s(db, (std::string("SELECT slice, organ FROM ") + table + " WHERE case_no=? AND day_no=?").c_str());
    s.bind(1, day.caseNo).bind(2, day.dayNo);
    while (s.step()) {
        const long long organ = s.integer(1);
        if (organ >= 0 && organ < kOrganCount) pairs.set(int(s.integer(0)) - 1, kAllOrgans[size_t(organ)], true);
    }
    return pairs;
}
} // namespace

LabelledSlices Workspace::reviewMarks(CaseDayKey day, int depth) const { return pairsOf(db_, "review_marks", day, depth); }

LabelledSlices Workspace::editedPairs(CaseDayKey day, int depth) const { return pairsOf(db_, "edited_pairs", day, depth); }

std::vector<int> Workspace::reviewedSlices(CaseDayKey day) const {
    std::vector<int> slices;
    Statement s(db_, "SELECT slice FROM review_marks WHERE case_no=? AND day_no=? GROUP BY slice HAVING count(DISTINCT organ) = 3 ORDER BY slice");
    s.bind(1, day.caseNo).bind(2, day.dayNo);
    while (s.step()) slices.push_back(int(s.integer(0)));
    return slices;
}

LabelledSlices Workspace::vouchedPairs(CaseDayKey day, int depth) const {
    LabelledSlices vouched = reviewMarks(day, depth);
    for (Organ organ : kAllOrgans)
        if (status(day, organ) == ReviewStatus::Approved)
            for (int z = 0; z < depth; ++z) vouched.set(z, organ, true);
    return vouched;
}

Workspace::DayProgress Workspace::progress(CaseDayKey day, int depth) const {
    DayProgress result;
    result.slices = depth;
    const LabelledSlices vouched = vouchedPairs(day, depth);
    for (int z = 0; z < depth; ++z) result.reviewedSlices += vouched.organsOn(z) == 0x7 ? 1 : 0;
    for (Organ organ : kAllOrgans) result.approvedOrgans += status(day, organ) == ReviewStatus::Approved ? 1 : 0;
    return result;
}

std::vector<JournalEntry> Workspace::journal(CaseDayKey day) const {
    std::vector<JournalEntry> entries;
    Statement s(db_, "SELECT id, time, account, tool, organ, first_slice, last_slice, voxels FROM edits WHERE case_no=? AND day_no=? ORDER BY id");
    s.bind(1, day.caseNo).bind(2, day.dayNo);
    while (s.step())
        entries.push_back({s.integer(0), s.text(1), s.text(2), s.text(3), day, kAllOrgans[size_t(s.integer(4)) % 3], int(s.integer(5)),
                           int(s.integer(6)), s.integer(7)});
    return entries;
}

std::string Workspace::integrityCheck() const {
    Statement s(db_, "PRAGMA integrity_check");
    return s.step() ? s.text(0) : "no answer";
}

} // namespace gireview
