#include "auditstatistics.h"

#include "auditlog.h"
#include "database.h"
#include "sqlvalues.h"

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

// The conditions on `requests r` that select the requests `filter` is about (see compute()).
QString requestTerms(const AuditQuery &filter, QVariantList *values)
{
    QString sql;
    if (!filter.subscriptionId.isEmpty()) {
        sql += u" AND r.subscription_id = ?"_s;
        values->append(filter.subscriptionId);
    }
    if (!filter.requestId.isEmpty()) {
        sql += u" AND r.request_id = ?"_s;
        values->append(filter.requestId);
    }
    // What only the trail knows: a request counts when one of its records matches.
    QStringList recordTerms;
    if (!filter.action.isEmpty()) {
        recordTerms.append(u"f.action = ?"_s);
        values->append(filter.action);
    }
    if (filter.source) {
        recordTerms.append(u"f.source = ?"_s);
        values->append(AuditRecord::sourceName(*filter.source));
    }
    if (!filter.text.isEmpty())
        recordTerms.append(auditTextTerm(filter, u"f."_s, values)); // AuditLog's text filter
    if (!recordTerms.isEmpty()) {
        sql += u" AND EXISTS (SELECT 1 FROM audit f WHERE f.request_id = r.request_id AND "_s
            + recordTerms.join(u" AND "_s) + u')';
    }
    return sql;
}

QDateTime utcFromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
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
            *error = tr("Internal error: statistics asked for %n week(s) up to an invalid or impossible time.", nullptr,
                        weeks);
        return std::nullopt;
    }
    AuditQuery all;
    all.since = QDateTime(weekStart(now.toUTC().date()).addDays(-7LL * (weeks - 1)), QTime(0, 0), Qt::UTC);
    return compute(db, all, now, weeks, error);
}

std::optional<AuditStatistics::Statistics>
AuditStatistics::compute(Database &db, const AuditQuery &filter, const QDateTime &now, int minimumWeeks, QString *error)
{
    if (!now.isValid() || minimumWeeks < 1 || minimumWeeks > kMaxWeeks) {
        if (error)
            *error = tr("Internal error: statistics asked for %n week(s) up to an invalid or impossible time.", nullptr,
                        minimumWeeks);
        return std::nullopt;
    }
    QVariantList termValues;
    const QString terms = requestTerms(filter, &termValues);
    const auto withTerms = [&termValues](QVariantList values) {
        values.append(termValues);
        return values;
    };

    // All reads in one snapshot, so that a sync committing in between cannot make the two charts
    // disagree.
    const bool ownSnapshot = !db.inTransaction();
    if (ownSnapshot && !db.execute(u"BEGIN"_s, error))
        return std::nullopt;
    auto endSnapshot = [&] {
        if (ownSnapshot && !db.execute(u"COMMIT"_s))
            db.execute(u"ROLLBACK"_s);
    };

    // The weeks: from the period's start (or the first request it selects) to its end (or now).
    const QDateTime end = filter.until.isValid() && filter.until < now ? filter.until : now;
    const QDate lastWeek = weekStart(end.toUTC().date());
    QDate firstWeek;
    if (filter.since.isValid()) {
        firstWeek = weekStart(filter.since.toUTC().date());
    } else {
        firstWeek = lastWeek.addDays(-7LL * (minimumWeeks - 1));
        QVariantList values;
        QString sqlText = u"SELECT MIN(r.created_ms) FROM requests r WHERE r.created_ms IS NOT NULL"_s;
        if (filter.until.isValid()) {
            sqlText += u" AND r.created_ms <= ?"_s;
            values.append(qlonglong(filter.until.toMSecsSinceEpoch()));
        }
        QSqlQuery *q = db.run(sqlText + terms, withTerms(values), error);
        if (!q) {
            endSnapshot();
            return std::nullopt;
        }
        if (q->next() && !q->value(0).isNull())
            firstWeek = std::min(firstWeek, weekStart(utcFromMs(q->value(0).toLongLong()).date()));
        q->finish();
    }
    firstWeek = std::min(firstWeek, lastWeek); // a period that ends before it starts counts nothing
    int weeks = int(firstWeek.daysTo(lastWeek) / 7) + 1;
    if (weeks > kMaxWeeks) {
        weeks = kMaxWeeks;
        firstWeek = lastWeek.addDays(-7LL * (weeks - 1));
    }
    const qint64 startMs = QDateTime(firstWeek, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 endMs = startMs + weeks * kWeekMs - 1; // inclusive
    const qint64 fromMs = filter.since.isValid() ? std::max(startMs, filter.since.toMSecsSinceEpoch()) : startMs;
    const qint64 untilMs = filter.until.isValid() ? std::min(endMs, filter.until.toMSecsSinceEpoch()) : endMs;

    Statistics stats;
    stats.weeks.reserve(weeks);
    for (int i = 0; i < weeks; ++i) {
        WeekBucket bucket;
        bucket.weekStart = firstWeek.addDays(7LL * i);
        stats.weeks.append(bucket);
    }
    stats.decisionLatencyBuckets = QList<int>(LatencyBucketCount, 0);
    stats.from = utcFromMs(fromMs);
    stats.until = utcFromMs(std::max(fromMs, std::min(untilMs, now.toMSecsSinceEpoch())));

    // Grouped in SQL (an index range on created_ms), classified here: RequestStatus knows the
    // names, in any case, and keeps unknown ones.
    QSqlQuery *q = db.run(u"SELECT (r.created_ms - ?) / ?, r.status, COUNT(*) FROM requests r"
                          " WHERE r.created_ms >= ? AND r.created_ms <= ?"_s
                              + terms + u" GROUP BY 1, 2"_s,
                          withTerms({startMs, kWeekMs, fromMs, untilMs}), error);
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

    // The first decision of each request counted: ours once Azure acknowledged it, or Azure's own
    // Approve/Deny event (decided in the portal, or imported after ours).
    q = db.run(
        u"SELECT r.created_ms, MIN(a.time_ms) FROM requests r JOIN audit a ON a.request_id = r.request_id"
        " WHERE r.created_ms >= ? AND r.created_ms <= ? AND a.time_ms IS NOT NULL"
        " AND ((a.source = ? AND a.action = ?) OR (a.source = ? AND a.action IN (?, ?)))"_s
            + terms + u" GROUP BY r.request_id"_s,
        withTerms({fromMs, untilMs, AuditRecord::sourceName(AuditRecord::Source::Local), u"decision.acknowledged"_s,
                   AuditRecord::sourceName(AuditRecord::Source::Azure), u"Approve"_s, u"Deny"_s}),
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
