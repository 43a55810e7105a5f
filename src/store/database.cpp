// Database: opening a profile's file (created owner-only), its pragmas and write-ahead log,
// closing, and how SQLite's errors are classified and described. Statements and transactions are
// in databasestatements.cpp, the schema's migrations in databasemigration.cpp, the integrity
// check, checkpoints and the data version in databasemaintenance.cpp.

#include "database.h"

#include "backgroundcheckpoint.h"
#include "storelogging.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QThread>

#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

// SQLite's primary result codes (the driver may report extended ones: the low byte is primary).
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteReadOnly = 8;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteNotADb = 26;

int primaryCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return u"lockbox-store-%1"_s.arg(counter.fetchAndAddRelaxed(1) + 1);
}

constexpr QFileDevice::Permissions kOwnerOnlyFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kOwnerOnlyDir =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

} // namespace

Database::Database() = default;

Database::~Database()
{
    close();
}

QString Database::fileName()
{
    return u"lockbox.sqlite"_s;
}

QString Database::pathIn(const QString &profileDir)
{
    return QDir(profileDir).filePath(fileName());
}

bool Database::open(const QString &profileDir, QString *error)
{
    return openImpl(profileDir, DatabaseOptions(), false, error);
}

bool Database::open(const QString &profileDir, const DatabaseOptions &options, QString *error)
{
    return openImpl(profileDir, options, false, error);
}

bool Database::openReadOnly(const QString &profileDir, QString *error)
{
    DatabaseOptions options;
    options.quickCheck = false; // the writer checks; readers open often (GUI start, each lockboxctl run)
    return openImpl(profileDir, options, true, error);
}

bool Database::openReadOnly(const QString &profileDir, const DatabaseOptions &options, QString *error)
{
    return openImpl(profileDir, options, true, error);
}

bool Database::isOpen() const
{
    return m_db.isValid() && m_db.isOpen();
}

bool Database::openImpl(const QString &profileDir, const DatabaseOptions &options, bool readOnly, QString *error)
{
    close();
    m_problem = Problem::None;
    m_options = options;
    m_readOnly = readOnly;
    m_path = QFileInfo(pathIn(profileDir)).absoluteFilePath();
    m_thread = QThread::currentThread();

    if (!prepareFile(profileDir, readOnly, error))
        return false;

    m_connectionName = nextConnectionName();
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(qMax(0, options.busyTimeoutMs)));
    if (!m_db.open()) {
        const QSqlError sqlError = m_db.lastError();
        const QString message = tr("Cannot open the database %1: %2").arg(m_path, sqlError.databaseText());
        close();
        return fail(Problem::CannotCreate, message, error);
    }

    const bool ok = checkSqliteLibrary(readOnly, error) && applyPragmas(readOnly, error)
        && (readOnly || restrictPermissions(error)) && (!options.quickCheck || startQuickCheck(readOnly, error))
        && (readOnly ? checkVersion(options.migrations, error) : migrate(options.migrations, error))
        && (readOnly || applyLogMarks(error))
        && (readOnly || restrictPermissions(error)); // again: the migration's first write made -wal
    if (!ok) {
        const Problem problem = m_problem;
        close();
        m_problem = problem;
        return false;
    }
    if (!readOnly && options.backgroundCheckpoint) {
        // In place of SQLite's automatic checkpoint (wal_autocheckpoint), which runs inside the
        // commit that crosses its mark, on the writer's thread.
        m_backgroundCheckpoint = std::make_unique<BackgroundCheckpoint>(m_path.toUtf8());
        if (sqlite3 *db = handle())
            sqlite3_wal_hook(db, &Database::onWalCommit, this);
    }
    qCDebug(lcStore) << "opened" << m_path << (readOnly ? "read-only" : "read-write") << "schema" << m_schemaVersion
                     << "as" << m_connectionName;
    return true;
}

bool Database::prepareFile(const QString &profileDir, bool readOnly, QString *error)
{
    if (readOnly) {
        if (!QFileInfo::exists(m_path))
            return fail(Problem::CannotCreate,
                        tr("There is no database at %1 yet: run a sync (lockboxctl sync, or start Lockbox "
                           "Console) first.")
                            .arg(m_path),
                        error);
        return true;
    }

    const QDir dir(profileDir);
    if (!dir.exists()) {
        // Only a directory we create is narrowed to the owner; an existing one is the user's choice.
        if (!QDir().mkpath(dir.absolutePath()))
            return fail(Problem::CannotCreate, tr("Cannot create the profile directory %1.").arg(dir.absolutePath()),
                        error);
        QFile::setPermissions(dir.absolutePath(), kOwnerOnlyDir);
    }

    if (!QFileInfo::exists(m_path)) {
        // Created 0600 before SQLite opens it: SQLite then gives -wal and -shm the same mode. An
        // empty file is a valid, empty SQLite database.
        QFile file(m_path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerOnlyFile) && !QFileInfo::exists(m_path))
            return fail(Problem::CannotCreate, tr("Cannot create the database %1: %2").arg(m_path, file.errorString()),
                        error);
    }
    return true;
}

bool Database::applyPragmas(bool readOnly, QString *error)
{
    // Values here are our own integers, not outside text: PRAGMA takes no bound parameters.
    QStringList pragmas;
    // Before anything is written: a file that has pages keeps their size.
    if (!readOnly)
        pragmas.append(u"PRAGMA page_size = %1"_s.arg(kNewFilePageSize));
    pragmas += {
        u"PRAGMA busy_timeout = %1"_s.arg(qMax(0, m_options.busyTimeoutMs)),
        u"PRAGMA foreign_keys = ON"_s,
        u"PRAGMA synchronous = FULL"_s,
        u"PRAGMA temp_store = MEMORY"_s,
        u"PRAGMA cache_size = %1"_s.arg(-qMax(64, m_options.pageCacheKiB)), // negative: KiB, not pages
        u"PRAGMA journal_size_limit = 67108864"_s,
    };
    if (readOnly)
        pragmas.append(u"PRAGMA query_only = ON"_s);

    for (const QString &pragma : std::as_const(pragmas)) {
        if (!execute(pragma, error))
            return false;
    }
    if (readOnly)
        return true;

    // journal_mode is persistent in the file; setting it needs a moment's exclusive access, which
    // busy_timeout covers when another process holds the file.
    QString modeError;
    const QString mode = scalar(u"PRAGMA journal_mode = WAL"_s, &modeError).toString();
    if (!modeError.isEmpty()) {
        if (error)
            *error = modeError;
        return false;
    }
    if (mode.compare(u"wal", Qt::CaseInsensitive) != 0)
        return fail(Problem::Sql,
                    tr("The database %1 cannot use write-ahead logging (journal mode stays %2).").arg(m_path, mode),
                    error);
    return true;
}

bool Database::applyLogMarks(QString *error)
{
    // The WAL's marks count pages: of the size this file has, read once it has a schema (a new
    // file's, or an older one's 4 KiB). With DatabaseOptions::backgroundCheckpoint a writer
    // checkpoints in the background instead (onWalCommit, installed after this), with this as its
    // safety net; without, this is SQLite's own (about 200 MB of WAL). journal_size_limit trims
    // the WAL after it.
    QString sizeError;
    const int pageSize = scalar(u"PRAGMA page_size"_s, &sizeError).toInt();
    if (!sizeError.isEmpty()) {
        if (error)
            *error = sizeError;
        return false;
    }
    m_pageSize = qMax(512, pageSize);
    return execute(u"PRAGMA wal_autocheckpoint = %1"_s.arg(kCheckpointNowBytes / m_pageSize), error);
}

bool Database::restrictPermissions(QString *error)
{
    Q_UNUSED(error)
    // The file may predate us (or have been copied in); -wal and -shm exist once WAL is on. None
    // of them may be readable by anyone but the owner.
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s}) {
        const QString path = m_path + suffix;
        if (!QFileInfo::exists(path))
            continue;
        if (QFile::permissions(path) != kOwnerOnlyFile && !QFile::setPermissions(path, kOwnerOnlyFile))
            qCWarning(lcStore) << "cannot restrict the permissions of" << path;
    }
    return true;
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    if (m_transactionDepth > 0 && isOpen()) {
        qCWarning(lcStore) << "closing" << m_path << "with an open transaction: rolled back";
        execute(u"ROLLBACK"_s);
    }
    m_transactionDepth = 0;
    m_cacheTransaction = false;
    m_syncOwed = false;
    m_synchronousNormal = false; // a new connection's is set at open
    // A store's prepared C API statement (a merge session's) must be gone by now: QtSql's driver
    // closes with sqlite3_close(), which leaves a connection with a statement open.
    if (m_backgroundCheckpoint) {
        if (sqlite3 *db = handle())
            sqlite3_wal_hook(db, nullptr, nullptr);
        m_backgroundCheckpoint.reset(); // its connection closes first: this one's close copies the rest
    }
    m_statements.clear();
    m_statementSql.clear();
    m_brokenStatements.clear();
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    m_sameSqlite = false;
    if (m_quickCheck.valid())
        m_quickCheck.wait(); // it reads the file by its name: done before another open of it
    m_quickCheck = {};
    m_quickCheckFindings.reset();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

bool Database::checkSqliteLibrary(bool readOnly, QString *error)
{
    // The source id of the SQLite behind QtSql's driver against the one this program calls.
    const QString theirs = scalar(u"SELECT sqlite_source_id()"_s).toString();
    m_sameSqlite = theirs == QString::fromLatin1(sqlite3_sourceid());
    if (m_sameSqlite || readOnly)
        return true;
    return fail(Problem::Sql,
                tr("Qt's SQLite driver uses another SQLite library (%1) than Lockbox Console was built with (%2); "
                   "reinstall Lockbox Console for this Qt.")
                    .arg(theirs.left(40), QString::fromLatin1(sqlite3_sourceid()).left(40)),
                error);
}

int Database::onWalCommit(void *self, sqlite3 *db, const char *name, int pages)
{
    // Called by SQLite on the writer's thread after each commit, with the log's length in pages.
    auto *database = static_cast<Database *>(self);
    const qint64 bytes = qint64(pages) * database->m_pageSize;
    if (bytes >= kCheckpointNowBytes) {
        // The background thread cannot keep up (or cannot open the file): as SQLite's automatic
        // checkpoint would, here and now.
        sqlite3_wal_checkpoint(db, name);
    } else if (bytes >= kBackgroundCheckpointBytes && database->m_backgroundCheckpoint) {
        database->m_backgroundCheckpoint->nudge();
    }
    return SQLITE_OK;
}

int Database::backgroundCheckpoints() const
{
    return m_backgroundCheckpoint ? m_backgroundCheckpoint->runs() : 0;
}

bool Database::fail(Problem problem, const QString &message, QString *error)
{
    m_problem = problem;
    if (error)
        *error = message;
    qCWarning(lcStore).noquote() << message;
    return false;
}

Database::Problem Database::classify(const QSqlError &sqlError) const
{
    switch (primaryCode(sqlError)) {
    case kSqliteBusy:
    case kSqliteLocked:
        return Problem::Busy;
    case kSqliteCorrupt:
        return Problem::Corrupt;
    case kSqliteNotADb:
        return Problem::NotADatabase;
    case kSqliteReadOnly:
        return Problem::ReadOnly;
    case kSqliteCantOpen:
        return Problem::CannotCreate;
    default:
        return Problem::Sql;
    }
}

bool Database::isBusy(const QSqlError &sqlError)
{
    const int code = primaryCode(sqlError);
    return code == kSqliteBusy || code == kSqliteLocked;
}

QString Database::describe(const QSqlError &sqlError, const QString &doing) const
{
    QString what = sqlError.databaseText();
    if (what.isEmpty())
        what = sqlError.text();
    switch (classify(sqlError)) {
    case Problem::Corrupt:
    case Problem::NotADatabase:
        return tr("The database %1 is damaged (%2).").arg(m_path, what);
    case Problem::Busy:
        // SQLite's own words ("database is locked") mean nothing to a user; say what happened.
        return tr("The database %1 stayed in use by another Lockbox Console or lockboxctl for more than %2 s; "
                  "try again.")
            .arg(m_path)
            .arg(double(m_options.busyTimeoutMs) / 1000.0);
    case Problem::ReadOnly:
        return tr("The database %1 cannot be written (%2).").arg(m_path, what);
    default:
        break;
    }
    if (doing.isEmpty())
        return tr("Database %1: %2").arg(m_path, what);
    return tr("Database %1: %2: %3").arg(m_path, doing, what);
}

void Database::assertThread() const
{
    Q_ASSERT_X(m_thread == QThread::currentThread(), "lockbox::store::Database",
               "a Database is used only from the thread that opened it");
}

} // namespace lockbox::store
