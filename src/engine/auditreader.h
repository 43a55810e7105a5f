#pragma once

#include "store/auditquery.h"
#include "store/auditstatistics.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace lockbox::store {
class AuditLog;
class Database;
} // namespace lockbox::store

namespace lockbox::engine {

using AuditCursor = store::AuditCursor;
using AuditQuery = store::AuditQuery;
using AuditVerification = store::AuditVerification;
using AuditStatistics = store::AuditStatistics;

// The audit trail as the console's history reads it, without a database in sight: a read-only
// connection of its own, so that paging and filtering never wait for the engine's writes. Use an
// instance on the thread that opened it; the static functions open a connection for the calling
// (worker) thread and close it again.
class AuditReader final
{
public:
    // Nothing (with `error`) when the profile's database cannot be opened.
    static std::unique_ptr<AuditReader> open(const QString &profileDir, QString *error = nullptr);
    ~AuditReader();
    AuditReader(const AuditReader &) = delete;
    AuditReader &operator=(const AuditReader &) = delete;

    QList<AuditRecord> records(const AuditQuery &query, QString *error = nullptr) const;
    qint64 count(const AuditQuery &query, QString *error = nullptr) const;
    // The newest record's sequence (0 when empty, -1 with `error`).
    qint64 lastSequence(QString *error = nullptr) const;
    // The distinct actions and subscriptions in the trail, for the history's filters.
    QStringList actions(QString *error = nullptr) const;
    QStringList subscriptions(QString *error = nullptr) const;

    // Re-walks the whole hash chain.
    static AuditVerification verify(const QString &profileDir);
    // Requests per week by outcome and how long decisions took, for the requests `filter` is about
    // (AuditStatistics::compute: its period, at least `minimumWeeks` weeks without a start).
    static std::optional<AuditStatistics::Statistics> statistics(const QString &profileDir, const AuditQuery &filter,
                                                                 const QDateTime &now, int minimumWeeks,
                                                                 QString *error = nullptr);

private:
    AuditReader();

    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<store::AuditLog> m_log;
};

} // namespace lockbox::engine
