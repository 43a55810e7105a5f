#include "auditstatistics.h"

#include "database.h"

#include "core/auditrecord.h"
#include "core/requeststatus.h"

#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

constexpr qint64 kWeekMs = 7LL * 24 * 60 * 60 * 1000;
constexpr qint64 kMinuteSecs = 60;
constexpr qint64 kHourSecs = 60 * kMinuteSecs;

enum class Outcome { Approved, Denied, Expired, Other };

Outcome outcomeOf(const QString &status)
{
    using Kind = RequestStatus::Kind;
    switch (RequestStatus::fromString(status).kind()) {
    case Kind::Approved:
    case Kind::Approving:
    // These only follow an approval: the access ran its course or was taken back.
    case Kind::Completing:
    case Kind::Completed:
    case Kind::Revoking:
    case Kind::Revoked:
        return Outcome::Approved;
    case Kind::Denied:
    case Kind::Denying:
        return Outcome::Denied;
    case Kind::Expired:
        return Outcome::Expired;
    default:
        return Outcome::Other;
    }
}

// Distinct values of one indexed column by "skip scan": each step is one index seek for the next
// larger value, so a trail of millions with a dozen actions costs a dozen seeks.
QStringList distinct(Database &db, const QString &sql, QString *error)
{
    QStringList out;
    QSqlQuery *q = db.run(sql, {AuditStatistics::kMaxDistinct}, error);
    if (!q)
        return out;
    while (q->next()) {
        const QString value = q->value(0).toString();
        if (!value.isEmpty())
            out.append(value);
    }
    q->finish();
    return out;
}

} // namespace

QDate AuditStatistics::weekStart(const QDate &day)
{
    return day.addDays(1 - day.dayOfWeek());
}

AuditStatistics::LatencyBucket AuditStatistics::latencyBucket(qint64 seconds)
{
    if (seconds < 15 * kMinuteSecs)
        return Under15Minutes;
    if (seconds < kHourSecs)
        return From15To60Minutes;
    if (seconds < 4 * kHourSecs)
        return From1To4Hours;
    if (seconds < 24 * kHourSecs)
        return From4To24Hours;
    return From1To4Days;
}

std::optional<AuditStatistics::Statistics> AuditStatistics::compute(Database &db, const QDateTime &now, int weeks,
                                                                    QString *error)
{
    if (!now.isValid() || weeks < 1 || weeks > kMaxWeeks) {
        if (error)
            *error =
                tr("Internal error: statistics asked for %1 weeks up to an invalid or impossible time.").arg(weeks);
        return std::nullopt;
    }
    const QDate lastWeek = weekStart(now.toUTC().date());
    const QDate firstWeek = lastWeek.addDays(-7LL * (weeks - 1));
    const qint64 startMs = QDateTime(firstWeek, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 endMs = startMs + weeks * kWeekMs;

    Statistics stats;
    stats.weeks.reserve(weeks);
    for (int i = 0; i < weeks; ++i) {
        WeekBucket bucket;
        bucket.weekStart = firstWeek.addDays(7LL * i);
        stats.weeks.append(bucket);
    }
    stats.decisionLatencyBuckets = QList<int>(LatencyBucketCount, 0);

    // Both reads in one snapshot, so that a sync committing in between cannot make the two charts
    // disagree.
    const bool ownSnapshot = !db.inTransaction();
    if (ownSnapshot && !db.execute(u"BEGIN"_s, error))
        return std::nullopt;
    auto endSnapshot = [&] {
        if (ownSnapshot && !db.execute(u"COMMIT"_s))
            db.execute(u"ROLLBACK"_s);
    };

    // Grouped in SQL (an index range on created_ms), classified here: RequestStatus knows the
    // names, in any case, and keeps unknown ones.
    QSqlQuery *q = db.run(u"SELECT (created_ms - ?) / ?, status, COUNT(*) FROM requests"
                          " WHERE created_ms >= ? AND created_ms < ? GROUP BY 1, 2"_s,
                          {startMs, kWeekMs, startMs, endMs}, error);
    if (!q) {
        endSnapshot();
        return std::nullopt;
    }
    while (q->next()) {
        const qint64 week = q->value(0).toLongLong();
        if (week < 0 || week >= weeks)
            continue;
        WeekBucket &bucket = stats.weeks[week];
        const int n = q->value(2).toInt();
        switch (outcomeOf(q->value(1).toString())) {
        case Outcome::Approved:
            bucket.approved += n;
            break;
        case Outcome::Denied:
            bucket.denied += n;
            break;
        case Outcome::Expired:
            bucket.expired += n;
            break;
        case Outcome::Other:
            bucket.other += n;
            break;
        }
    }
    q->finish();

    // The first decision of each request created in the window: ours once Azure acknowledged it,
    // or Azure's own Approve/Deny event (decided in the portal, or imported after ours).
    q = db.run(u"SELECT r.created_ms, MIN(a.time_ms) FROM requests r JOIN audit a ON a.request_id = r.request_id"
               " WHERE r.created_ms >= ? AND r.created_ms < ? AND a.time_ms IS NOT NULL"
               " AND ((a.source = ? AND a.action = ?) OR (a.source = ? AND a.action IN (?, ?)))"
               " GROUP BY r.request_id"_s,
               {startMs, endMs, AuditRecord::sourceName(AuditRecord::Source::Local), u"decision.acknowledged"_s,
                AuditRecord::sourceName(AuditRecord::Source::Azure), u"Approve"_s, u"Deny"_s},
               error);
    if (!q) {
        endSnapshot();
        return std::nullopt;
    }
    QList<qint64> latencies;
    while (q->next()) {
        const qint64 seconds = qMax<qint64>(0, (q->value(1).toLongLong() - q->value(0).toLongLong()) / 1000);
        latencies.append(seconds);
        ++stats.decisionLatencyBuckets[latencyBucket(seconds)];
    }
    q->finish();
    endSnapshot();

    stats.decided = int(latencies.size());
    if (!latencies.isEmpty()) {
        std::sort(latencies.begin(), latencies.end());
        const qsizetype mid = latencies.size() / 2;
        stats.medianLatencySec =
            latencies.size() % 2 == 1 ? latencies.at(mid) : (latencies.at(mid - 1) + latencies.at(mid)) / 2;
    }
    return stats;
}

QStringList AuditStatistics::actions(Database &db, QString *error)
{
    return distinct(db,
                    u"WITH RECURSIVE v(x) AS (SELECT MIN(action) FROM audit"
                    " UNION ALL SELECT (SELECT MIN(action) FROM audit WHERE action > v.x) FROM v WHERE v.x IS NOT NULL)"
                    " SELECT x FROM v WHERE x IS NOT NULL LIMIT ?"_s,
                    error);
}

QStringList AuditStatistics::subscriptions(Database &db, QString *error)
{
    return distinct(db,
                    u"WITH RECURSIVE v(x) AS (SELECT MIN(subscription_id) FROM audit"
                    " UNION ALL SELECT (SELECT MIN(subscription_id) FROM audit WHERE subscription_id > v.x) FROM v"
                    " WHERE v.x IS NOT NULL)"
                    " SELECT x FROM v WHERE x IS NOT NULL LIMIT ?"_s,
                    error);
}

} // namespace lockbox::store
