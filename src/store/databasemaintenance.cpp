// Database's upkeep: PRAGMA quick_check, the write-ahead log's checkpoint and the data version
// that tells another connection's commits.

#include "database.h"
#include "storelogging.h"

#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>
#include <system_error>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {
constexpr int kCheckBusyTimeoutMs = 10000; // as a connection of the store waits (DatabaseOptions)
} // namespace

QString Database::damagedText(const QString &path, const QString &findings)
{
    return tr("The database %1 is damaged (integrity check: %2). Move it aside: Lockbox Console will make a "
              "new one and fill its cache at the next sync, but local decisions and audit records in the "
              "damaged file are lost.")
        .arg(path, findings);
}

QString Database::uncheckableText(const QString &path, const QString &reason)
{
    return tr("The database %1 is damaged and cannot be checked (%2). Move it aside: Lockbox Console "
              "will make a new one and fill its cache at the next sync, but local decisions and audit "
              "records in the damaged file are lost.")
        .arg(path, reason);
}

bool Database::checkFile(const QString &path, QString *error)
{
    // SQLite's C API: a QSqlDatabase connection belongs to the thread that made it, and this runs
    // on any. Read-only, through a small page cache of its own (the check reads every page once).
    sqlite3 *db = nullptr;
    const auto closeDb = qScopeGuard([&db] { sqlite3_close(db); });
    const QByteArray file = path.toUtf8();
    int rc = sqlite3_open_v2(file.constData(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    sqlite3_stmt *statement = nullptr;
    const auto finalize = qScopeGuard([&statement] { sqlite3_finalize(statement); });
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, kCheckBusyTimeoutMs);
        const QByteArray cacheSize = "PRAGMA cache_size = " + QByteArray::number(kCheckPageCacheKiB);
        sqlite3_exec(db, cacheSize.constData(), nullptr, nullptr, nullptr);
        rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &statement, nullptr);
    }
    QStringList findings;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(statement);
        if (rc == SQLITE_ROW && findings.size() < 5)
            findings.append(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0))));
    }
    if (rc == SQLITE_DONE && findings == QStringList {u"ok"_s})
        return true;
    const int primary = rc & 0xff;
    if (findings.isEmpty() && primary != SQLITE_CORRUPT && primary != SQLITE_NOTADB) {
        // Not a verdict on the file (busy past the timeout, out of memory, an I/O error): said in
        // the log, not told as damage, which would have the user move a sound file aside.
        qCWarning(lcStore).noquote() << "could not check" << path << ":"
                                     << (db ? QString::fromUtf8(sqlite3_errmsg(db)) : u"out of memory"_s);
        return true;
    }
    if (error) {
        // What the check found, as QtSql tells it at open: its findings even when it then failed.
        *error = !findings.isEmpty() && findings != QStringList {u"ok"_s}
            ? damagedText(path, findings.join(u"; "_s))
            : uncheckableText(path, db ? QString::fromUtf8(sqlite3_errmsg(db)) : tr("out of memory"));
    }
    return false;
}

bool Database::runQuickCheck(QString *error)
{
    // The same check as the console's (checkFile): through a read-only connection of its own and
    // its small page cache, so that this connection's cache is not filled with pages nothing needs.
    QString found;
    if (checkFile(m_path, &found))
        return true;
    return fail(Problem::Corrupt, found, error);
}

bool Database::startQuickCheck(bool readOnly, QString *error)
{
    if (readOnly || !m_options.quickCheckInBackground)
        return runQuickCheck(error);
    // A file that needs a migration is written at once: checked first, as without the option.
    const int version = readUserVersion(nullptr);
    if (version < 0 || version < int(m_options.migrations.size()))
        return runQuickCheck(error);
    m_quickCheckFindings.reset();
    try {
        m_quickCheck = std::async(std::launch::async, [path = m_path] {
            QString found;
            return checkFile(path, &found) ? QString() : found;
        });
    } catch (const std::system_error &) { // no thread to be had: checked here and now
        return runQuickCheck(error);
    }
    return true;
}

bool Database::quickCheckResult(QString *error)
{
    assertThread();
    if (!m_quickCheckFindings && m_quickCheck.valid()) {
        m_quickCheckFindings = m_quickCheck.get();
        if (!m_quickCheckFindings->isEmpty())
            qCWarning(lcStore).noquote() << *m_quickCheckFindings; // once, not at every refused write
    }
    if (!m_quickCheckFindings || m_quickCheckFindings->isEmpty())
        return true;
    m_problem = Problem::Corrupt;
    if (error)
        *error = *m_quickCheckFindings;
    return false;
}

qint64 Database::dataVersion(QString *error)
{
    QString readError;
    const QVariant value = scalar(u"PRAGMA data_version"_s, &readError);
    if (!readError.isEmpty() || !value.isValid()) {
        if (error)
            *error =
                readError.isEmpty() ? tr("Database %1: PRAGMA data_version gave no answer.").arg(m_path) : readError;
        return -1;
    }
    return value.toLongLong();
}

bool Database::checkpoint(QString *error)
{
    assertThread();
    if (m_readOnly || m_transactionDepth > 0)
        return true; // nothing to do here: the writer checkpoints outside its transactions
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    // PASSIVE: copies what no reader still needs, never waits for readers or blocks writers.
    if (!query.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s)) {
        const QSqlError sqlError = query.lastError();
        m_problem = classify(sqlError);
        if (error)
            *error = describe(sqlError, tr("cannot checkpoint"));
        return false;
    }
    query.finish();
    return true;
}

} // namespace lockbox::store
