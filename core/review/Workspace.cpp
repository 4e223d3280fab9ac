#include "review/Workspace.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <libdeflate.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

namespace gireview {

namespace {

std::string nowUtc() {
    const std::time_t now = std::time(nullptr);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return buffer;
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
    Statement& bindBlob(int i, const void* data, size_t size) {
        return check(sqlite3_bind_blob(statement_, i, data, int(size), SQLITE_TRANSIENT));
    }
    bool step() {
        const int rc = sqlite3_step(statement_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw WorkspaceError(std::string("workspace write failed: ") + sqlite3_errmsg(db_));
    }
    void reset() { sqlite3_reset(statement_); }
    long long integer(int column) const { return sqlite3_column_int64(statement_, column); }
    std::string text(int column) const {
        const auto* p = sqlite3_column_text(statement_, column);
        return p ? reinterpret_cast<const char*>(p) : "";
    }
    const void* blob(int column) const { return sqlite3_column_blob(statement_, column); }
    int blobSize(int column) const { return sqlite3_column_bytes(statement_, column); }

private:
    Statement& check(int rc) {
        if (rc != SQLITE_OK) throw WorkspaceError(std::string("workspace query failed: ") + sqlite3_errmsg(db_));
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
CREATE TABLE reviewed_slices(case_no INTEGER, day_no INTEGER, slice INTEGER, PRIMARY KEY(case_no, day_no, slice));
CREATE TABLE audit(id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT, case_no INTEGER, day_no INTEGER, organ INTEGER,
                   action TEXT, account TEXT, reviewer TEXT);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TABLE edits(id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT, account TEXT, case_no INTEGER, day_no INTEGER,
                   organ INTEGER, tool TEXT, first_slice INTEGER, last_slice INTEGER, voxels INTEGER);
)sql";

std::string accountName() {
    const char* user = std::getenv("USER");
    return user ? user : "unknown";
}

} // namespace

Workspace::Workspace(const std::string& path) : path_(path) {
    namespace fs = std::filesystem;
    std::error_code error;
    const bool exists = fs::exists(path, error) && fs::file_size(path, error) > 0;
    if (exists) {
        // Validate read-only first: a failed open must not modify the file.
        sqlite3* probe = nullptr;
        if (sqlite3_open_v2(path.c_str(), &probe, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            sqlite3_close(probe);
            throw WorkspaceError("cannot open workspace " + path);
        }
        int version = -1, ours = 0;
        {
            sqlite3_stmt* statement = nullptr;
            const int rc = sqlite3_prepare_v2(probe, "SELECT (SELECT count(*) FROM sqlite_master WHERE name='gireview_meta'), "
                                                     "(SELECT user_version FROM pragma_user_version)", -1, &statement, nullptr);
            if (rc == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW) {
                ours = sqlite3_column_int(statement, 0);
                version = sqlite3_column_int(statement, 1);
            }
            sqlite3_finalize(statement);
            const std::string message = sqlite3_errmsg(probe);
            sqlite3_close(probe);
            if (version < 0)
                throw WorkspaceError("workspace " + path + " is corrupt or not a database (" + message + "); it was left untouched");
        }
        if (!ours) throw WorkspaceError(path + " is not a GI Review workspace; it was left untouched");
        if (version > kSchemaVersion)
            throw WorkspaceError("workspace " + path + " was written by a newer GI Review (schema " + std::to_string(version) +
                                 ", this version reads up to " + std::to_string(kSchemaVersion) + "); it was left untouched");
    }
    // One writer at a time: an exclusive lock on a side file, released by the kernel if we die.
    lockFd_ = ::open((path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lockFd_ >= 0 && ::flock(lockFd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(lockFd_);
        lockFd_ = -1;
        readOnly_ = true;
        readOnlyReason_ = "another GI Review instance has this workspace open; it is opened read-only";
    }
    if (readOnly_ && !exists) throw WorkspaceError("workspace " + path + " is being created by another instance");
    const int flags = readOnly_ ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw WorkspaceError("cannot open workspace " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 5000);
    if (readOnly_) return;
    // WAL where the file system supports it; SQLite keeps the rollback journal otherwise.
    execute("PRAGMA journal_mode=WAL");
    execute("PRAGMA synchronous=FULL");
    if (!exists) {
        begin();
        execute(kSchema);
        execute("INSERT INTO gireview_meta VALUES('created', '" + nowUtc() + "')");
        execute("PRAGMA user_version=" + std::to_string(kSchemaVersion));
        commit();
    }
}

Workspace::~Workspace() {
    if (db_) sqlite3_close(db_);
    if (lockFd_ >= 0) ::close(lockFd_);
}

void Workspace::execute(const std::string& sql) const {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string text = message ? message : "unknown error";
        sqlite3_free(message);
        throw WorkspaceError("workspace: " + text);
    }
}

std::string Workspace::journalMode() const {
    Statement statement(db_, "PRAGMA journal_mode");
    return statement.step() ? statement.text(0) : "";
}

void Workspace::requireWritable() const {
    if (readOnly_) throw WorkspaceError("workspace is read-only: " + readOnlyReason_);
}

void Workspace::begin() { execute("BEGIN IMMEDIATE"); }

void Workspace::commit() {
    if (beforeCommit_) beforeCommit_();
    execute("COMMIT");
}

void Workspace::saveSlices(const LabelVolume& labels, LabelLayer layer, int firstSlice, int lastSlice, const std::string& tool,
                           Organ organ, long long voxels) {
    requireWritable();
    const auto& g = labels.geometry();
    libdeflate_compressor* compressor = libdeflate_alloc_compressor(1);
    std::vector<unsigned char> packed(libdeflate_deflate_compress_bound(compressor, g.sliceSize()));
    begin();
    try {
        Statement insert(db_, "INSERT OR REPLACE INTO slice_labels VALUES(?,?,?,?,?,?,?)");
        for (int z = std::max(0, firstSlice); z <= std::min(lastSlice, g.depth - 1); ++z) {
            const size_t size = libdeflate_deflate_compress(compressor, labels.slice(z), g.sliceSize(), packed.data(), packed.size());
            insert.bind(1, labels.day().caseNo).bind(2, labels.day().dayNo).bind(3, int(layer)).bind(4, z);
            insert.bind(5, g.width).bind(6, g.height).bindBlob(7, packed.data(), size);
            insert.step();
            insert.reset();
        }
        if (!tool.empty()) {
            Statement journal(db_, "INSERT INTO edits(time, account, case_no, day_no, organ, tool, first_slice, last_slice, voxels) "
                                   "VALUES(?,?,?,?,?,?,?,?,?)");
            journal.bind(1, nowUtc()).bind(2, accountName()).bind(3, labels.day().caseNo).bind(4, labels.day().dayNo);
            journal.bind(5, organIndex(organ)).bind(6, tool).bind(7, firstSlice).bind(8, lastSlice).bind(9, voxels);
            journal.step();
        }
        commit();
    } catch (...) {
        libdeflate_free_compressor(compressor);
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    libdeflate_free_compressor(compressor);
}

bool Workspace::loadLayer(CaseDayKey day, LabelLayer layer, LabelVolume& out) const {
    const auto& g = out.geometry();
    Statement select(db_, "SELECT slice, width, height, data FROM slice_labels WHERE case_no=? AND day_no=? AND layer=?");
    select.bind(1, day.caseNo).bind(2, day.dayNo).bind(3, int(layer));
    libdeflate_decompressor* decompressor = libdeflate_alloc_decompressor();
    bool any = false;
    try {
        while (select.step()) {
            const int z = int(select.integer(0));
            if (z < 0 || z >= g.depth || select.integer(1) != g.width || select.integer(2) != g.height)
                throw WorkspaceError("workspace slice " + std::to_string(z) + " of " + formatCaseDayName(day) +
                                     " does not fit the case-day's size");
            size_t actual = 0;
            if (libdeflate_deflate_decompress(decompressor, select.blob(3), size_t(select.blobSize(3)), out.slice(z), g.sliceSize(),
                                              &actual) != LIBDEFLATE_SUCCESS ||
                actual != g.sliceSize())
                throw WorkspaceError("workspace slice " + std::to_string(z) + " of " + formatCaseDayName(day) + " is damaged");
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
void appendAudit(sqlite3* db, CaseDayKey day, Organ organ, const char* action, const std::string& account, const std::string& reviewer) {
    Statement s(db, "INSERT INTO audit(time, case_no, day_no, organ, action, account, reviewer) VALUES(?,?,?,?,?,?,?)");
    s.bind(1, nowUtc()).bind(2, day.caseNo).bind(3, day.dayNo).bind(4, organIndex(organ)).bind(5, action).bind(6, account).bind(7, reviewer).step();
}
} // namespace

void Workspace::recordReview(CaseDayKey day, Organ organ, ReviewStatus status, const char* action, const std::string& account,
                             const std::string& reviewer) {
    requireWritable();
    begin();
    try {
        setStatus(day, organ, status);
        appendAudit(db_, day, organ, action, account, reviewer);
        commit();
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void Workspace::approve(CaseDayKey day, Organ organ, const std::string& account, const std::string& reviewer) {
    recordReview(day, organ, ReviewStatus::Approved, "approve", account, reviewer);
}

void Workspace::reopen(CaseDayKey day, Organ organ, const std::string& account, const std::string& reviewer) {
    recordReview(day, organ, ReviewStatus::InProgress, "reopen", account, reviewer);
}

std::vector<AuditEntry> Workspace::audit() const {
    std::vector<AuditEntry> entries;
    Statement s(db_, "SELECT id, time, case_no, day_no, organ, action, account, reviewer FROM audit ORDER BY id");
    while (s.step())
        entries.push_back({s.integer(0), s.text(1), {int(s.integer(2)), int(s.integer(3))}, kAllOrgans[size_t(s.integer(4)) % 3],
                           s.text(5), s.text(6), s.text(7)});
    return entries;
}

void Workspace::setSliceReviewed(CaseDayKey day, int slice, bool reviewed) {
    requireWritable();
    Statement s(db_, reviewed ? "INSERT OR IGNORE INTO reviewed_slices VALUES(?,?,?)"
                              : "DELETE FROM reviewed_slices WHERE case_no=? AND day_no=? AND slice=?");
    s.bind(1, day.caseNo).bind(2, day.dayNo).bind(3, slice).step();
}

std::vector<int> Workspace::reviewedSlices(CaseDayKey day) const {
    std::vector<int> slices;
    Statement s(db_, "SELECT slice FROM reviewed_slices WHERE case_no=? AND day_no=? ORDER BY slice");
    s.bind(1, day.caseNo).bind(2, day.dayNo);
    while (s.step()) slices.push_back(int(s.integer(0)));
    return slices;
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
