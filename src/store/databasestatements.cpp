// Database's statements and transactions: one-off and cached prepared statements, BEGIN IMMEDIATE
// with retries while another connection writes, and write(), whose nested calls are savepoints.

#include "database.h"
#include "storelogging.h"

#include <QScopeGuard>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

// Test seam (QUALITY R2): with LOCKBOX_KILL_AT_TRANSACTION=N in its environment, a process kills
// itself (SIGKILL, after writing "killed inside write transaction N" to standard error) in the Nth
// write transaction it got to commit(), after the transaction's statements and before COMMIT. The
// crash test (tests/cli/tst_crashresume.cpp) uses it to land kills inside writes. Always compiled
// in, it does nothing without the variable; never set it outside a test.
int killAtTransaction()
{
    static const int n = qEnvironmentVariableIntValue("LOCKBOX_KILL_AT_TRANSACTION");
    return n;
}

std::atomic<int> g_commitsReached {0};

[[noreturn]] void killInsideTransaction(int n)
{
    // Straight to the file descriptor: no buffer may hold the line when the process dies.
    std::fprintf(stderr, "lockbox: LOCKBOX_KILL_AT_TRANSACTION: killed inside write transaction %d, before COMMIT\n",
                 n);
    std::fflush(stderr);
    std::raise(SIGKILL);
    std::_Exit(137); // not reached where SIGKILL exists
}

} // namespace

sqlite3 *Database::handle() const
{
    assertThread();
    if (!isOpen() || !m_sameSqlite)
        return nullptr;
    const QVariant handle = m_db.driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

bool Database::failed(int code, QString *error)
{
    if (!isOpen())
        return fail(Problem::Sql, tr("The database is not open."), error);
    sqlite3 *db = handle();
    const QString what = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(code));
    const QSqlError sqlError(QString(), what, QSqlError::StatementError, QString::number(code));
    m_problem = classify(sqlError);
    if (error)
        *error = describe(sqlError);
    return false;
}

bool Database::execute(const QString &sql, QString *error)
{
    assertThread();
    if (!isOpen())
        return fail(Problem::Sql, tr("The database is not open."), error);
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        const QSqlError sqlError = query.lastError();
        m_problem = classify(sqlError);
        if (error)
            *error = describe(sqlError);
        return false;
    }
    query.finish();
    return true;
}

QVariant Database::scalar(const QString &sql, QString *error)
{
    assertThread();
    if (!isOpen()) {
        fail(Problem::Sql, tr("The database is not open."), error);
        return {};
    }
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        const QSqlError sqlError = query.lastError();
        m_problem = classify(sqlError);
        if (error)
            *error = describe(sqlError);
        return {};
    }
    QVariant value;
    if (query.next())
        value = query.value(0);
    query.finish();
    return value;
}

QSqlQuery *Database::run(const QString &sql, const QVariantList &values, QString *error)
{
    QSqlQuery *query = prepared(sql, error);
    if (!query)
        return nullptr;
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values.at(i));
    return exec(query, error) ? query : nullptr;
}

QSqlQuery *Database::prepared(const QString &sql, QString *error)
{
    assertThread();
    if (!isOpen()) {
        fail(Problem::Sql, tr("The database is not open."), error);
        return nullptr;
    }
    auto it = m_statements.find(sql);
    if (it != m_statements.end() && !m_brokenStatements.contains(sql))
        return it->get();

    auto query = std::make_shared<QSqlQuery>(m_db);
    query->setForwardOnly(true);
    if (!query->prepare(sql)) {
        const QSqlError sqlError = query->lastError();
        m_problem = classify(sqlError);
        if (error)
            *error = describe(sqlError);
        return nullptr;
    }
    m_brokenStatements.remove(sql);
    if (const auto old = m_statements.constFind(sql); old != m_statements.constEnd())
        m_statementSql.remove(old->get());
    m_statements.insert(sql, query);
    m_statementSql.insert(query.get(), sql);
    return query.get();
}

bool Database::exec(QSqlQuery *query, QString *error)
{
    assertThread();
    if (query->exec())
        return true;
    const QSqlError sqlError = query->lastError();
    m_problem = classify(sqlError);
    if (error)
        *error = describe(sqlError);
    query->finish();
    // The driver finalizes a statement after some failures; prepare it afresh next time.
    if (const auto key = m_statementSql.constFind(query); key != m_statementSql.constEnd())
        m_brokenStatements.insert(*key);
    return false;
}

bool Database::begin(QString *error, Durability durability)
{
    assertThread();
    if (m_readOnly)
        return fail(Problem::ReadOnly, tr("The database %1 is open read-only here.").arg(m_path), error);
    if (m_transactionDepth > 0)
        return fail(Problem::Sql, tr("Internal error: a transaction is already open on %1.").arg(m_path), error);
    if (!isOpen())
        return fail(Problem::Sql, tr("The database is not open."), error);
    if (!quickCheckResult(error)) // nothing is written to a damaged file
        return false;
    // A cache transaction's commit does not wait for the disk. It can be made durable after all
    // only through SQLite's own handle of the log (endTransaction()): without it, every commit
    // waits.
    const bool cache = durability == Durability::Cache && m_sameSqlite;
    if (cache != m_synchronousNormal) {
        if (!execute(cache ? u"PRAGMA synchronous = NORMAL"_s : u"PRAGMA synchronous = FULL"_s, error))
            return false;
        m_synchronousNormal = cache;
    }
    m_cacheTransaction = cache;
    m_syncOwed = false;
    auto durableAgain = qScopeGuard([this] { endTransaction(); });

    // busy_timeout makes SQLite wait for the lock; some busy answers come without that wait (a
    // connection recovering the WAL, a snapshot that moved), hence a few retries with backoff.
    QSqlError lastError;
    const int attempts = 1 + qMax(0, m_options.beginRetries);
    for (int attempt = 0; attempt < attempts; ++attempt) {
        QSqlQuery query(m_db);
        if (query.exec(u"BEGIN IMMEDIATE"_s)) {
            m_transactionDepth = 1;
            durableAgain.dismiss();
            return true;
        }
        lastError = query.lastError();
        if (!isBusy(lastError))
            break;
        if (attempt + 1 < attempts) {
            const unsigned long backoffMs = qMin(1000UL, 25UL << attempt);
            qCDebug(lcStore) << "BEGIN IMMEDIATE busy on" << m_path << "- retrying in" << backoffMs << "ms";
            QThread::msleep(backoffMs);
        }
    }
    m_problem = classify(lastError);
    if (error)
        *error = describe(lastError, tr("cannot start a write"));
    qCWarning(lcStore).noquote() << describe(lastError, tr("cannot start a write"));
    return false;
}

bool Database::commit(QString *error)
{
    assertThread();
    if (m_transactionDepth != 1)
        return fail(Problem::Sql, tr("Internal error: no transaction to commit on %1.").arg(m_path), error);
    // The crash test's kill point (see killAtTransaction()); without the variable, one comparison.
    if (const int killAt = killAtTransaction(); killAt > 0 && ++g_commitsReached == killAt)
        killInsideTransaction(killAt);
    QSqlQuery query(m_db);
    if (query.exec(u"COMMIT"_s)) {
        m_transactionDepth = 0;
        endTransaction();
        return true;
    }
    const QSqlError sqlError = query.lastError();
    m_problem = classify(sqlError);
    if (error)
        *error = describe(sqlError, tr("cannot commit"));
    rollback();
    return false;
}

void Database::rollback()
{
    assertThread();
    if (m_transactionDepth == 0)
        return;
    m_transactionDepth = 0;
    QSqlQuery query(m_db);
    // Fails harmlessly when SQLite already rolled back on its own (after SQLITE_FULL, for example).
    if (!query.exec(u"ROLLBACK"_s))
        qCDebug(lcStore) << "ROLLBACK on" << m_path << ":" << query.lastError().databaseText();
    m_syncOwed = false; // nothing of it was written
    endTransaction();
}

void Database::endTransaction()
{
    if (!m_cacheTransaction)
        return;
    m_cacheTransaction = false;
    // Back to durable commits at once, for any statement outside begin(); should that fail, the
    // next durable begin() sets it or fails.
    QString error;
    if (execute(u"PRAGMA synchronous = FULL"_s, &error))
        m_synchronousNormal = false;
    else
        qCWarning(lcStore).noquote() << "cannot make commits durable again:" << error;
    if (!std::exchange(m_syncOwed, false))
        return;
    // A durable write was committed with a cache transaction: sync the log now, as its commit
    // would have (SQLite's handle of the log file, whichever file system layer it goes through).
    sqlite3_file *log = nullptr;
    int rc = sqlite3_file_control(handle(), "main", SQLITE_FCNTL_JOURNAL_POINTER, &log);
    if (rc == SQLITE_OK)
        rc = log && log->pMethods ? log->pMethods->xSync(log, SQLITE_SYNC_NORMAL) : SQLITE_IOERR_FSYNC;
    if (rc == SQLITE_OK) {
        ++m_logSyncs;
        return;
    }
    // Committed, and on the disk at the next durable commit or checkpoint; told, not undone.
    m_problem = Problem::Sql;
    qCWarning(lcStore).noquote() << "cannot sync the write-ahead log of" << m_path << ":" << sqlite3_errstr(rc);
}

bool Database::write(const std::function<bool(QString *error)> &body, QString *error, Durability durability)
{
    assertThread();
    if (m_readOnly)
        return fail(Problem::ReadOnly, tr("The database %1 is open read-only here.").arg(m_path), error);

    if (m_transactionDepth > 0) {
        // Savepoint names come from our own counter, never from outside.
        const QString name = u"lockbox_nested_%1"_s.arg(m_transactionDepth);
        if (!execute(u"SAVEPOINT "_s + name, error))
            return false;
        ++m_transactionDepth;
        bool ok = false;
        QString bodyError;
        {
            auto unwind = qScopeGuard([&] {
                --m_transactionDepth;
                if (!ok) {
                    execute(u"ROLLBACK TO "_s + name);
                    execute(u"RELEASE "_s + name);
                }
            });
            ok = body(&bodyError);
        }
        if (!ok) {
            if (error)
                *error = bodyError.isEmpty() ? tr("A write to %1 failed.").arg(m_path) : bodyError;
            return false;
        }
        if (!execute(u"RELEASE "_s + name, error))
            return false;
        if (durability == Durability::Durable && m_cacheTransaction)
            m_syncOwed = true;
        return true;
    }

    if (!begin(error, durability))
        return false;
    bool ok = false;
    QString bodyError;
    {
        auto undo = qScopeGuard([&] {
            if (!ok)
                rollback();
        });
        ok = body(&bodyError);
    }
    if (!ok) {
        if (error)
            *error = bodyError.isEmpty() ? tr("A write to %1 failed.").arg(m_path) : bodyError;
        return false;
    }
    return commit(error);
}

} // namespace lockbox::store
