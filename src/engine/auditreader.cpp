#include "auditreader.h"

#include "auditactions.h"

#include "core/clock.h"
#include "store/auditlog.h"
#include "store/database.h"

namespace lockbox::engine {

namespace {

// Reading never consults the clock; AuditLog wants one for appending.
const SystemClock kClock;

// A search for words finds the actions that read so ("approved" finds "Approve").
AuditQuery withActionWords(AuditQuery query)
{
    if (!query.text.isEmpty())
        query.textActions = auditActionsNamed(query.text);
    return query;
}

bool openReadOnly(store::Database &db, const QString &profileDir, QString *error)
{
    store::DatabaseOptions options;
    options.quickCheck = false; // the engine's writer checks the file at start
    return db.openReadOnly(profileDir, options, error);
}

} // namespace

AuditReader::AuditReader() = default;
AuditReader::~AuditReader() = default;

std::unique_ptr<AuditReader> AuditReader::open(const QString &profileDir, QString *error)
{
    std::unique_ptr<AuditReader> reader(new AuditReader);
    reader->m_db = std::make_unique<store::Database>();
    if (!openReadOnly(*reader->m_db, profileDir, error))
        return nullptr;
    reader->m_log = std::make_unique<store::AuditLog>(*reader->m_db, kClock);
    return reader;
}

QList<AuditRecord> AuditReader::records(const AuditQuery &query, QString *error) const
{
    return m_log->records(withActionWords(query), error);
}

qint64 AuditReader::count(const AuditQuery &query, QString *error) const
{
    return m_log->count(withActionWords(query), error);
}

qint64 AuditReader::lastSequence(QString *error) const
{
    return m_log->lastSequence(error);
}

QStringList AuditReader::actions(QString *error) const
{
    return AuditStatistics::actions(*m_db, error);
}

QStringList AuditReader::subscriptions(QString *error) const
{
    return AuditStatistics::subscriptions(*m_db, error);
}

AuditVerification AuditReader::verify(const QString &profileDir)
{
    store::Database db;
    AuditVerification result;
    if (!openReadOnly(db, profileDir, &result.message))
        return result;
    return store::AuditLog(db, kClock).verify();
}

std::optional<AuditStatistics::Statistics> AuditReader::statistics(const QString &profileDir, const AuditQuery &filter,
                                                                   const QDateTime &now, int minimumWeeks,
                                                                   QString *error)
{
    store::Database db;
    if (!openReadOnly(db, profileDir, error))
        return std::nullopt;
    return AuditStatistics::compute(db, withActionWords(filter), now, minimumWeeks, error);
}

} // namespace lockbox::engine
