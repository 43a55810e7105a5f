#pragma once

#include "auditquery.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace lockbox::store {

class Database;

// Figures for the audit history's charts and filters, read from the requests cache and the audit
// trail. Reads only: a worker thread calls it on its own (read-only) connection.
class AuditStatistics final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::store::AuditStatistics)

public:
    // Requests created in one week (Monday 00:00 UTC to the next Monday), by their current status.
    struct WeekBucket final
    {
        QDate weekStart;  // a Monday
        int approved = 0; // Approved, Approving, and what follows an approval (Completed, Revoked …)
        int denied = 0;   // Denied, Denying
        int expired = 0;
        int other = 0; // Pending, Initializing, Error, Unknown and any status we do not know

        int total() const { return approved + denied + expired + other; }
    };

    // Time from a request's creation to its first decision.
    enum LatencyBucket {
        Under15Minutes,
        From15To60Minutes,
        From1To4Hours,
        From4To24Hours,
        From1To4Days, // and longer: a request expires after 4 days, so more is clock skew
        LatencyBucketCount,
    };

    struct Statistics final
    {
        QList<WeekBucket> weeks;           // oldest first, the current week last
        QList<int> decisionLatencyBuckets; // LatencyBucketCount counts, by LatencyBucket
        int decided = 0;                   // requests counted in decisionLatencyBuckets
        qint64 medianLatencySec = 0;       // 0 when nothing was decided
        // The requests counted were created from `from` to `until` (both inclusive; `until` is
        // never later than the `now` given).
        QDateTime from;
        QDateTime until;
    };

    static constexpr int kMaxWeeks = 260;
    // The most values actions() and subscriptions() return.
    static constexpr int kMaxDistinct = 1000;

    // The `weeks` weeks up to and including the one holding `now`, for requests created in them:
    // their count per week by current status, and for those decided, the time from creation to the
    // earliest decision (a local decision acknowledged by Azure, or an Activity Log Approve/Deny).
    static std::optional<Statistics> compute(Database &db, const QDateTime &now, int weeks, QString *error = nullptr);
    // The same for the requests the audit history's filter is about: those created in its period
    // (since to until; without since, from the first such request but at least `minimumWeeks`
    // weeks back; without until, up to now), of its subscription and request, and, when it names
    // an action, a source or a text, with at least one audit record matching those as
    // AuditLog::records() matches them. The weeks run from the one holding the period's start to
    // the one holding its end, the latest kMaxWeeks at most. Order, paging and appendedAfter are
    // ignored.
    static std::optional<Statistics> compute(Database &db, const AuditQuery &filter, const QDateTime &now,
                                             int minimumWeeks, QString *error = nullptr);

    // The Monday of the week holding `day`.
    static QDate weekStart(const QDate &day);
    // The bucket of a latency in seconds (negative, from clock skew, counts as immediate).
    static LatencyBucket latencyBucket(qint64 seconds);

    // The distinct actions and subscription ids present in the audit trail, sorted (byte order),
    // at most kMaxDistinct each. Each costs one index lookup per value, not a scan of the trail.
    static QStringList actions(Database &db, QString *error = nullptr);
    static QStringList subscriptions(Database &db, QString *error = nullptr);
};

} // namespace lockbox::store
