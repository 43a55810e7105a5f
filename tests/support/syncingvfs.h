#pragma once

#include <atomic>
#include <sqlite3.h>

namespace lockbox::test {

// SQLite's default file system layer with a count of the syncs of write-ahead logs: what a commit
// waits for when it waits for the disk. install() makes it the default for the connections opened
// after it (QtSql's among them), for the rest of the process; each file's other calls go straight
// to the layer it wraps.
class SyncingVfs
{
public:
    static bool install()
    {
        if (s_base)
            return true;
        sqlite3_vfs *base = sqlite3_vfs_find(nullptr);
        if (!base)
            return false;
        s_vfs = *base;
        s_vfs.pNext = nullptr;
        s_vfs.zName = "lockbox-syncing";
        s_vfs.szOsFile = int(sizeof(File)) + base->szOsFile;
        s_vfs.xOpen = &open;
        s_base = base;
        if (sqlite3_vfs_register(&s_vfs, 1) == SQLITE_OK)
            return true;
        s_base = nullptr;
        return false;
    }
    // Syncs of a write-ahead log since the process started.
    static int logSyncs() { return s_logSyncs.load(); }

private:
    struct File
    {
        sqlite3_file base;
        sqlite3_file *real; // right after this header, in the memory SQLite gave
        bool log;
    };
    static sqlite3_file *real(sqlite3_file *file) { return reinterpret_cast<File *>(file)->real; }

    static int open(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *file, int flags, int *outFlags)
    {
        auto *f = reinterpret_cast<File *>(file);
        f->real = reinterpret_cast<sqlite3_file *>(f + 1);
        f->log = (flags & SQLITE_OPEN_WAL) != 0;
        const int rc = s_base->xOpen(s_base, name, f->real, flags, outFlags);
        f->base.pMethods = f->real->pMethods ? &s_methods : nullptr;
        return rc;
    }
    static int close(sqlite3_file *f) { return real(f)->pMethods->xClose(real(f)); }
    static int read(sqlite3_file *f, void *p, int n, sqlite3_int64 at)
    {
        return real(f)->pMethods->xRead(real(f), p, n, at);
    }
    static int write(sqlite3_file *f, const void *p, int n, sqlite3_int64 at)
    {
        return real(f)->pMethods->xWrite(real(f), p, n, at);
    }
    static int truncate(sqlite3_file *f, sqlite3_int64 size) { return real(f)->pMethods->xTruncate(real(f), size); }
    static int sync(sqlite3_file *f, int flags)
    {
        if (reinterpret_cast<File *>(f)->log)
            ++s_logSyncs;
        return real(f)->pMethods->xSync(real(f), flags);
    }
    static int fileSize(sqlite3_file *f, sqlite3_int64 *size) { return real(f)->pMethods->xFileSize(real(f), size); }
    static int lock(sqlite3_file *f, int level) { return real(f)->pMethods->xLock(real(f), level); }
    static int unlock(sqlite3_file *f, int level) { return real(f)->pMethods->xUnlock(real(f), level); }
    static int checkReservedLock(sqlite3_file *f, int *out)
    {
        return real(f)->pMethods->xCheckReservedLock(real(f), out);
    }
    static int fileControl(sqlite3_file *f, int op, void *arg)
    {
        return real(f)->pMethods->xFileControl(real(f), op, arg);
    }
    static int sectorSize(sqlite3_file *f) { return real(f)->pMethods->xSectorSize(real(f)); }
    static int deviceCharacteristics(sqlite3_file *f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
    static int shmMap(sqlite3_file *f, int page, int size, int extend, void volatile **out)
    {
        return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
    }
    static int shmLock(sqlite3_file *f, int offset, int n, int flags)
    {
        return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
    }
    static void shmBarrier(sqlite3_file *f) { real(f)->pMethods->xShmBarrier(real(f)); }
    static int shmUnmap(sqlite3_file *f, int deleteFlag) { return real(f)->pMethods->xShmUnmap(real(f), deleteFlag); }
    static int fetch(sqlite3_file *f, sqlite3_int64 at, int n, void **out)
    {
        return real(f)->pMethods->xFetch(real(f), at, n, out);
    }
    static int unfetch(sqlite3_file *f, sqlite3_int64 at, void *p)
    {
        return real(f)->pMethods->xUnfetch(real(f), at, p);
    }

    // Version 3, shared memory and fetching included, as the default unix and Windows layers'
    // files have them: SQLite reads this table, not the wrapped one, so a layer without them
    // (unix-none, unix-dotfile) cannot be wrapped by this one.
    static inline const sqlite3_io_methods s_methods = {
        3,
        &close,
        &read,
        &write,
        &truncate,
        &sync,
        &fileSize,
        &lock,
        &unlock,
        &checkReservedLock,
        &fileControl,
        &sectorSize,
        &deviceCharacteristics,
        &shmMap,
        &shmLock,
        &shmBarrier,
        &shmUnmap,
        &fetch,
        &unfetch,
    };
    static inline sqlite3_vfs *s_base = nullptr;
    static inline sqlite3_vfs s_vfs {};
    static inline std::atomic<int> s_logSyncs {0};
};

} // namespace lockbox::test
