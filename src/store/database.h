#pragma once

#include "migration.h"
#include "schema.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <future>
#include <memory>
#include <optional>

class QSqlError;
class QSqlQuery;
class QThread;
struct sqlite3;

namespace lockbox::store {

struct DatabaseOptions final
{
    // How long SQLite itself waits for another connection's lock (PRAGMA busy_timeout).
    int busyTimeoutMs = 10000;
    // Extra attempts at BEGIN IMMEDIATE when SQLite still answers "busy" (with a short backoff),
    // so that "database is locked" never reaches the user while another process writes.
    int beginRetries = 4;
    // PRAGMA quick_check at open. It reads the whole file (about 0.1 s for 100,000 requests), so
    // readers that open often may skip it; the writer always runs it by default.
    bool quickCheck = true;
    // With quickCheck on a writer: the check runs on a thread of its own while this connection
    // reads, and the first transaction (begin(), write()) waits for it, failing as the check at
    // open would when the file is damaged: nothing is written to a damaged file. lockboxctl sync
    // takes it (its reads and the fetching no longer wait for the check: 0.15 s of a re-sync of
    // 100,000), and asks quickCheckResult() before it exits, so a damaged file is told even
    // when nothing was written.
    bool quickCheckInBackground = false;
    // A writer copies its write-ahead log into the file on a thread of its own, through a
    // connection of its own, once a commit leaves the log long (BackgroundCheckpoint), instead of
    // in the commit that crosses SQLite's mark and when it closes. lockboxctl, whose sync the user
    // waits for, takes it (a first sync of 100,000 about 0.15 s sooner); the console, whose engine
    // thread no one waits on, keeps the memory (about 4 MB at a sync's peak).
    bool backgroundCheckpoint = false;
    // SQLite's page cache, in KiB (PRAGMA cache_size): large enough for a 10,000-request merge's
    // index pages. lockboxctl, which keeps a sync's memory under 100 MB (QUALITY P7), takes 6 MiB:
    // its first sync of 100,000 was no slower than with 16 or 8 MiB, and peaked at 87-96 MB where
    // 8 MiB peaked at 88-100.3 MB (alternating runs); 4 MiB took 7 % longer.
    int pageCacheKiB = 16384;
    // The schema's history; tests pass their own list.
    QList<Migration> migrations = schemaMigrations();
};

// One SQLite connection to <profileDir>/lockbox.sqlite through QtSql's QSQLITE driver.
//
// Threads: a QSqlDatabase connection belongs to the thread that opened it. A Database object is
// used only from the thread that called open(): the store thread owns the writing one, and each
// other thread that reads (the GUI) opens its own, ideally with openReadOnly(). WAL lets readers
// run beside the writer; two processes (console and lockboxctl) may each hold writers.
//
// Writes: every write runs in BEGIN IMMEDIATE … COMMIT through write() (QtSql's transaction()
// would issue a plain BEGIN, which can fail half way with "database is locked"). Statements are
// prepared once and cached per SQL text.
class BackgroundCheckpoint;

class Database final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::store::Database)

public:
    enum class Problem {
        None,
        CannotCreate, // the profile directory or the file could not be made
        NotADatabase, // the file is not SQLite (or its header is destroyed)
        Corrupt,      // quick_check failed, or SQLite reported a malformed image
        TooNew,       // written by a newer Lockbox Console (user_version beyond ours)
        Outdated,     // read-only open of a file that still needs a migration
        Migration,    // a migration failed (the file stays at its previous version)
        Busy,         // another connection kept the write lock past every retry
        ReadOnly,     // a write was attempted on a read-only connection
        Sql,          // any other SQLite error
    };

    Database();
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    static QString fileName(); // "lockbox.sqlite"
    static QString pathIn(const QString &profileDir);

    // Opens for reading and writing, creating the directory (0700) and file (0600) when needed,
    // then sets the pragmas, checks the file and migrates it to the current schema.
    bool open(const QString &profileDir, QString *error = nullptr);
    bool open(const QString &profileDir, const DatabaseOptions &options, QString *error = nullptr);
    // Opens an existing, migrated database with PRAGMA query_only: for readers such as the GUI.
    bool openReadOnly(const QString &profileDir, QString *error = nullptr);
    bool openReadOnly(const QString &profileDir, const DatabaseOptions &options, QString *error = nullptr);
    void close();

    bool isOpen() const;
    bool isReadOnly() const { return m_readOnly; }
    QString filePath() const { return m_path; }
    QString connectionName() const { return m_connectionName; }
    int schemaVersion() const { return m_schemaVersion; }
    // PRAGMA quick_check of the database file at `path` through a read-only connection of its own,
    // for a writer opened without the check: the console's engine runs it once the cache is on
    // its way to the window, so that the window's rows do not wait for it. Callable from any
    // thread; false with the same sentences as a check at open, and only when the file is found
    // damaged (a check that could not run, busy past the timeout say, is logged and passes).
    static bool checkFile(const QString &path, QString *error = nullptr);
    // What went wrong in the last failed call (open or write).
    Problem lastProblem() const { return m_problem; }

    // What a commit waits for. Durable: the write-ahead log on the disk (synchronous FULL), so that
    // a power cut loses nothing committed: decisions, the audit chain, alerts, approval times.
    // Cache: the bytes handed to the system (synchronous NORMAL): the request cache and the sync
    // state, which the next sync rebuilds from Azure. A power cut may then lose the last such
    // commits, whole (the log is read back only up to its last commit before a frame that is not
    // intact), never a part of one and never a durable commit: each durable commit and each
    // checkpoint syncs the log written before it. A first sync of 100,000 commits 20 times; its
    // writing thread waited 0.55 s of 4 s for the disk.
    enum class Durability { Durable, Cache };

    // Runs `body` in one BEGIN IMMEDIATE transaction: committed when it returns true, rolled back
    // (with its error) when it returns false or throws. Called while a transaction is already open
    // on this connection (a merge session, another write), `body` becomes a SAVEPOINT inside it
    // and is committed with it; a durable write inside a cache transaction makes its commit
    // durable.
    bool write(const std::function<bool(QString *error)> &body, QString *error = nullptr,
               Durability durability = Durability::Durable);
    bool inTransaction() const { return m_transactionDepth > 0; }
    // Inside a cache transaction: something only this profile knows was written (an approval
    // time seen first by a merge), so its commit waits for the disk after all. Nothing otherwise.
    void commitDurably()
    {
        if (m_cacheTransaction)
            m_syncOwed = true;
    }

    // PRAGMA data_version: it moves when another connection (another process) commits to the file,
    // never for this connection's own writes. -1 (with `error`) when it cannot be read.
    qint64 dataVersion(QString *error = nullptr);

    // Copies the write-ahead log into the database file (PRAGMA wal_checkpoint(PASSIVE)), outside
    // any transaction. Call it after a burst of writes, e.g. once a sync round has committed:
    // SQLite's own automatic checkpoint only runs past a large WAL (see applyPragmas()).
    bool checkpoint(QString *error = nullptr);

    // The check started at open with quickCheckInBackground, waited for: false (with the same
    // words as a check at open) when the file is damaged. True when none was started.
    bool quickCheckResult(QString *error = nullptr);
    // Checkpoints the background thread ran (see the WAL hook in database.cpp), for tests.
    int backgroundCheckpoints() const;
    // Cache transactions whose commit synced the log itself, for a durable write made inside
    // them (see Durability), for tests.
    int logSyncs() const { return m_logSyncs; }
    // For a transaction that spans several calls (RequestStore's merge session). Prefer write().
    bool begin(QString *error = nullptr, Durability durability = Durability::Durable);
    bool commit(QString *error = nullptr);
    void rollback();

    // For the store classes: a cached, prepared, forward-only statement for `sql`, or nullptr
    // (with `error`). Bind every value; after reading a SELECT call finish() so that no read
    // transaction stays open.
    QSqlQuery *prepared(const QString &sql, QString *error = nullptr);
    // Executes a prepared statement; on failure fills `error` (naming the file) and drops the
    // statement from the cache so that the next use prepares it afresh.
    bool exec(QSqlQuery *query, QString *error = nullptr);
    // prepared() + bind `values` in order + exec(): the executed statement, or nullptr (with
    // `error`). Call finish() after reading.
    QSqlQuery *run(const QString &sql, const QVariantList &values, QString *error = nullptr);
    // For the store classes that bind through SQLite's C API (a merge's rows): this connection's
    // handle, used only on the thread that opened it and only for statements inside write() or
    // begin() … commit(). nullptr when not open. A writer opens only where QtSql's driver uses
    // the very SQLite library this program links (Debian's Qt does): a handle of another copy of
    // SQLite must not be passed to this one.
    sqlite3 *handle() const;
    // A call on handle() that failed with `code`: false, with `error` as exec() would give it.
    bool failed(int code, QString *error = nullptr);
    // One statement without values (pragmas, DDL, transaction control); not cached.
    bool execute(const QString &sql, QString *error = nullptr);
    // The first column of the first row of a statement without values (pragmas, counts).
    QVariant scalar(const QString &sql, QString *error = nullptr);

    // The underlying connection, for tests that read pragmas or play the attacker.
    QSqlDatabase connection() const { return m_db; }

    // "<file>: <what SQLite said>", with the problem it stands for.
    QString describe(const QSqlError &sqlError, const QString &doing = {}) const;
    static bool isBusy(const QSqlError &sqlError);

private:
    // quick_check's page cache (in KiB, as PRAGMA cache_size takes a negative count): it reads
    // every page once.
    static constexpr int kCheckPageCacheKiB = -1024;
    // The page size of a new file. SQLite's default is 4 KiB; a cache of 100,000 requests (about
    // 1.2 KB each, five B-trees) is written in about a third less time with pages of 16 KiB (fewer
    // pages, cells and WAL frames: QUALITY P1) and read whole no slower. A file keeps the page
    // size it was made with (changing it takes a VACUUM outside WAL mode).
    static constexpr int kNewFilePageSize = 16384;
    // A commit that leaves the write-ahead log this long has it copied into the file in the
    // background (BackgroundCheckpoint); past the second, at once, by the writer (and by SQLite's
    // own automatic checkpoint without the option).
    static constexpr qint64 kBackgroundCheckpointBytes = qint64(16) * 1024 * 1024;
    static constexpr qint64 kCheckpointNowBytes = qint64(200) * 1024 * 1024;
    static int onWalCommit(void *self, sqlite3 *db, const char *name, int pages);

    bool openImpl(const QString &profileDir, const DatabaseOptions &options, bool readOnly, QString *error);
    bool prepareFile(const QString &profileDir, bool readOnly, QString *error);
    bool checkSqliteLibrary(bool readOnly, QString *error);
    bool applyPragmas(bool readOnly, QString *error);
    bool applyLogMarks(QString *error);
    bool restrictPermissions(QString *error);
    bool runQuickCheck(QString *error);
    bool startQuickCheck(bool readOnly, QString *error);
    static QString damagedText(const QString &path, const QString &findings);
    static QString uncheckableText(const QString &path, const QString &reason);
    bool migrate(const QList<Migration> &migrations, QString *error);
    bool checkVersion(const QList<Migration> &migrations, QString *error);
    int readUserVersion(QString *error);
    bool fail(Problem problem, const QString &message, QString *error);
    Problem classify(const QSqlError &sqlError) const;
    void assertThread() const;
    void endTransaction(); // after COMMIT or ROLLBACK: durable commits again, and the log synced when owed

    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_path;
    QThread *m_thread = nullptr;
    DatabaseOptions m_options;
    bool m_readOnly = false;
    bool m_sameSqlite = false; // QtSql's driver runs the SQLite this program links
    int m_pageSize = 4096;     // the file's, once opened
    int m_schemaVersion = 0;
    int m_transactionDepth = 0; // 1 inside BEGIN IMMEDIATE, +1 per nested SAVEPOINT
    // The open transaction's commit does not wait for the disk (synchronous NORMAL until it ends).
    bool m_cacheTransaction = false;
    bool m_synchronousNormal = false; // the connection's PRAGMA synchronous is NORMAL, not FULL
    // A durable write was made inside it: its commit syncs the log itself (SQLite does not let a
    // transaction change its synchronous level).
    bool m_syncOwed = false;
    int m_logSyncs = 0;
    Problem m_problem = Problem::None;
    std::unique_ptr<BackgroundCheckpoint> m_backgroundCheckpoint; // writers only
    std::future<QString> m_quickCheck;                            // quickCheckInBackground: the findings
    std::optional<QString> m_quickCheckFindings;                  // once known: empty when sound
    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
    QHash<const QSqlQuery *, QString> m_statementSql; // the cache key of each cached statement
    QSet<QString> m_brokenStatements;                 // failed once: prepared afresh at their next use
};

} // namespace lockbox::store
