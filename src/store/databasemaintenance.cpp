// Database's upkeep: PRAGMA quick_check, the write-ahead log's checkpoint and the data version
// that tells another connection's commits.

#include "database.h"

#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace lockbox::store {

bool Database::checkIntegrity(QString *error)
{
    return runQuickCheck(error);
}

bool Database::runQuickCheck(QString *error)
{
    // The check reads every page once: through a small page cache, emptied afterwards, so that a
    // large cache is not left filled with pages nothing needs (16 MB of a console's memory at start).
    // Values here are our own integers: PRAGMA takes no bound parameters.
    QSqlQuery query(m_db);
    query.exec(u"PRAGMA cache_size = %1"_s.arg(kCheckPageCacheKiB));
    const auto restoreCache = qScopeGuard([this] {
        QSqlQuery restore(m_db);
        restore.exec(u"PRAGMA shrink_memory"_s);
        restore.exec(u"PRAGMA cache_size = %1"_s.arg(kPageCacheKiB));
    });
    query.setForwardOnly(true);
    if (!query.exec(u"PRAGMA quick_check"_s)) {
        const QSqlError sqlError = query.lastError();
        const Problem problem = classify(sqlError) == Problem::NotADatabase ? Problem::NotADatabase : Problem::Corrupt;
        return fail(problem,
                    tr("The database %1 is damaged and cannot be checked (%2). Move it aside: Lockbox Console "
                       "will make a new one and fill its cache at the next sync, but local decisions and audit "
                       "records in the damaged file are lost.")
                        .arg(m_path, sqlError.databaseText()),
                    error);
    }
    QStringList findings;
    while (query.next() && findings.size() < 5)
        findings.append(query.value(0).toString());
    query.finish();
    if (findings == QStringList {u"ok"_s})
        return true;
    return fail(Problem::Corrupt,
                tr("The database %1 is damaged (integrity check: %2). Move it aside: Lockbox Console will make a "
                   "new one and fill its cache at the next sync, but local decisions and audit records in the "
                   "damaged file are lost.")
                    .arg(m_path, findings.join(u"; "_s)),
                error);
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
