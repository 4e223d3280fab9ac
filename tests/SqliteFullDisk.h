#pragma once
// An SQLite VFS shim for tests: every file SQLite opens goes through the default VFS, except
// that writes and growth fail with SQLITE_FULL while `setDiskFull(true)`. A full disk without
// filling the real one.
#include <sqlite3.h>

#include <atomic>
#include <cstring>

namespace testsupport {

inline std::atomic<bool>& diskFullFlag() {
    static std::atomic<bool> full{false};
    return full;
}

namespace fulldisk {

struct ShimFile {
    sqlite3_file base;
    sqlite3_file* real; // the default VFS's file, allocated right after this struct
};

inline sqlite3_file* real(sqlite3_file* f) {
    return reinterpret_cast<ShimFile*>(f)->real;
}

inline int xClose(sqlite3_file* f) {
    return real(f)->pMethods ? real(f)->pMethods->xClose(real(f)) : SQLITE_OK;
}
inline int xRead(sqlite3_file* f, void* p, int n, sqlite3_int64 o) {
    return real(f)->pMethods->xRead(real(f), p, n, o);
}
inline int xWrite(sqlite3_file* f, const void* p, int n, sqlite3_int64 o) {
    return diskFullFlag() ? SQLITE_FULL : real(f)->pMethods->xWrite(real(f), p, n, o);
}
inline int xTruncate(sqlite3_file* f, sqlite3_int64 size) {
    return real(f)->pMethods->xTruncate(real(f), size);
}
inline int xSync(sqlite3_file* f, int flags) {
    return real(f)->pMethods->xSync(real(f), flags);
}
inline int xFileSize(sqlite3_file* f, sqlite3_int64* size) {
    return real(f)->pMethods->xFileSize(real(f), size);
}
inline int xLock(sqlite3_file* f, int level) {
    return real(f)->pMethods->xLock(real(f), level);
}
inline int xUnlock(sqlite3_file* f, int level) {
    return real(f)->pMethods->xUnlock(real(f), level);
}
inline int xCheckReservedLock(sqlite3_file* f, int* out) {
    return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
inline int xFileControl(sqlite3_file* f, int op, void* arg) {
    if (diskFullFlag() && op == SQLITE_FCNTL_SIZE_HINT) return SQLITE_FULL;
    return real(f)->pMethods->xFileControl(real(f), op, arg);
}
inline int xSectorSize(sqlite3_file* f) {
    return real(f)->pMethods->xSectorSize(real(f));
}
inline int xDeviceCharacteristics(sqlite3_file* f) {
    return real(f)->pMethods->xDeviceCharacteristics(real(f));
}
inline int xShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** p) {
    return real(f)->pMethods->xShmMap(real(f), region, size, extend, p);
}
inline int xShmLock(sqlite3_file* f, int offset, int n, int flags) {
    return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
inline void xShmBarrier(sqlite3_file* f) {
    real(f)->pMethods->xShmBarrier(real(f));
}
inline int xShmUnmap(sqlite3_file* f, int deleteFlag) {
    return real(f)->pMethods->xShmUnmap(real(f), deleteFlag);
}
inline int xFetch(sqlite3_file* f, sqlite3_int64 o, int n, void** p) {
    return real(f)->pMethods->xFetch(real(f), o, n, p);
}
inline int xUnfetch(sqlite3_file* f, sqlite3_int64 o, void* p) {
    return real(f)->pMethods->xUnfetch(real(f), o, p);
}

inline const sqlite3_io_methods methods = {3,
                                           xClose,
                                           xRead,
                                           xWrite,
                                           xTruncate,
                                           xSync,
                                           xFileSize,
                                           xLock,
                                           xUnlock,
                                           xCheckReservedLock,
                                           xFileControl,
                                           xSectorSize,
                                           xDeviceCharacteristics,
                                           xShmMap,
                                           xShmLock,
                                           xShmBarrier,
                                           xShmUnmap,
                                           xFetch,
                                           xUnfetch};

inline sqlite3_vfs*& defaultVfs() {
    static sqlite3_vfs* vfs = nullptr;
    return vfs;
}

inline int xOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags,
                 int* outFlags) {
    auto* shim = reinterpret_cast<ShimFile*>(file);
    shim->real = reinterpret_cast<sqlite3_file*>(shim + 1);
    std::memset(shim->real, 0, size_t(defaultVfs()->szOsFile));
    const int rc = defaultVfs()->xOpen(defaultVfs(), name, shim->real, flags, outFlags);
    shim->base.pMethods = shim->real->pMethods ? &methods : nullptr;
    return rc;
}

} // namespace fulldisk

// Makes the shim SQLite's default VFS (once per process).
inline void installFullDiskVfs() {
    static sqlite3_vfs vfs;
    if (fulldisk::defaultVfs()) return;
    fulldisk::defaultVfs() = sqlite3_vfs_find(nullptr);
    vfs = *fulldisk::defaultVfs();
    vfs.zName = "gireview-test-fulldisk";
    vfs.szOsFile = int(sizeof(fulldisk::ShimFile)) + fulldisk::defaultVfs()->szOsFile;
    vfs.xOpen = fulldisk::xOpen;
    sqlite3_vfs_register(&vfs, 1);
}

} // namespace testsupport
