#pragma once

#include "simtypes.h"

#include "core/clock.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QRandomGenerator>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace lockbox::sim {

class ScenarioGenerator;
struct SimOptions;

// An event of the Activity Log, derived from a request's history.
struct ActivityEvent final
{
    QDateTime timestamp;
    QString action; // Create, Approve, Deny, Expire
    QString caller;
    const SimRecord *record = nullptr;
};

// What the simulator counts, for tests and benchmarks (GET /_sim/counters).
struct Counters final
{
    qint64 decisionPosts = 0; // every updateApproval POST received
    // requestId → updateApproval POSTs received for it, faulted ones included: a client that
    // sends a decision twice shows here even when the second was refused.
    QHash<QString, qint64> decisionPostsByRequest;
    QHash<QString, qint64> decisionsApplied;   // requestId → times a decision changed its state
    qint64 conflicts = 0;                      // 409 RequestNotPending
    QHash<QString, qint64> conflictsByRequest; // requestId → 409 RequestNotPending answers
    // Decision POSTs that came after the simulator had already answered a decision POST on the
    // same request unambiguously: an intact reply (no fault) that applied it (200) or refused it
    // (409). A client that posts again after such an answer posts twice for no reason; one that
    // posts again after a reset, a timeout or a reply cut short had no way to know.
    qint64 postsAfterAnswer = 0;
    QHash<QString, qint64> postsAfterAnswerByRequest;
    QSet<QString> answeredUnambiguously; // record ids; not served, the basis of the two above
    qint64 requests = 0;  // every ARM and Entra request received, faulted ones included (not the control API's)
    qint64 reads = 0;     // ARM GETs served
    qint64 throttled = 0; // 429s sent for the rate limit
};

// The simulated tenant: its directory, subscriptions and Lockbox requests, on the simulator
// clock. Plain data and rules; no HTTP here.
class SimWorld final
{
public:
    SimWorld(const SimOptions &options, std::shared_ptr<ScaledClock> clock);
    ~SimWorld();

    const ScaledClock &clock() const { return *m_clock; }
    ScaledClock &clock() { return *m_clock; }
    QDateTime now() const { return m_clock->now(); }

    // Directory
    QString tenantId() const { return m_tenantId; }
    bool lockboxEnabled() const { return m_lockboxEnabled; }
    void setLockboxEnabled(bool enabled) { m_lockboxEnabled = enabled; }
    const QList<Principal> &principals() const { return m_principals; }
    const Principal *principalByOid(const QString &oid) const;
    const Principal *principalByUpn(const QString &upn) const; // case-insensitive
    const Principal *principalByAppId(const QString &appId) const;
    const Principal &testUser() const { return m_principals.front(); }

    // Subscriptions, in creation order
    const QList<Subscription> &subscriptions() const { return m_subscriptions; }
    const Subscription *subscription(const QString &subscriptionId) const; // case-insensitive
    Subscription *subscription(const QString &subscriptionId);

    // Requests. Status changes that are due (expiry, Approving → Approved) are applied first.
    void advance();
    // Every request of a subscription, newest first (created desc, then id).
    QList<const SimRecord *> requests(const QString &subscriptionId);
    SimRecord *request(const QString &subscriptionId, const QString &requestId);
    SimRecord *requestById(const QString &requestId); // any subscription

    enum class DecideResult { Applied, NotFound, NotPending };
    // Applies a decision made by `caller`. The request goes to Approving/Denying and settles
    // after the configured transition time.
    DecideResult decide(const QString &subscriptionId, const QString &requestId, Verdict verdict, const QString &reason,
                        const QString &caller);

    // Adds a request (arrivals, the control API). Fields missing in `fields` (API property
    // names) are generated. Returns the new record, or nothing with `error` set.
    const SimRecord *createRequest(const QJsonObject &fields, QString *error);
    // Sets a status by hand (a decision made elsewhere, a revocation…).
    bool setStatus(const QString &requestId, const QString &status, const QString &caller, const QString &reason,
                   QString *error);

    // Activity Log of a subscription between two instants, newest first.
    QList<ActivityEvent> activity(const QString &subscriptionId, const QDateTime &from, const QDateTime &to);

    // Counts a decision POST for the request named in its path, keyed by the record's own id when
    // the request exists (as decisionsApplied is), by the text of the path otherwise.
    void countDecisionPost(const QString &requestId);
    // Notes that a decision POST on the request was answered unambiguously (see Counters).
    void noteDecisionAnswered(const QString &requestId);

    Counters &counters() { return m_counters; }
    const Counters &counters() const { return m_counters; }

    // Goes up whenever a request is added or changes (its JSON with it): what was served from an
    // earlier generation may be served again only while it is unchanged.
    quint64 generation() const { return m_generation; }
    // To be called after a record was changed in place (as tests do through request()): forgets
    // its JSON and starts a new generation.
    void changed(SimRecord &record);

    // Real milliseconds until the next due status change (for a timer), or -1 if none.
    qint64 msecsToNextChange() const;

private:
    void settle(SimRecord &record);
    void notePending(const SimRecord &record);
    void index(const QString &key);

    const SimOptions &m_options;
    std::shared_ptr<ScaledClock> m_clock;
    std::unique_ptr<ScenarioGenerator> m_generator;
    QRandomGenerator m_arrivalRandom;
    QString m_tenantId;
    bool m_lockboxEnabled = true;
    QList<Principal> m_principals;
    QList<Subscription> m_subscriptions;
    QHash<QString, int> m_subscriptionIndex; // lower-case id → index
    // Per subscription (lower-case id): records by request id, and the newest-first order.
    QHash<QString, QHash<QString, std::shared_ptr<SimRecord>>> m_records;
    QHash<QString, QList<const SimRecord *>> m_order;
    QHash<QString, bool> m_orderDirty;
    QHash<QString, SimRecord *> m_byRequestId; // lower-case request id
    QHash<SimRecord *, qint64> m_settleAtMs;   // real-time deadline (ms since epoch) per record
    QDateTime m_nextExpiry;                    // earliest expiry among Pending requests; invalid = unknown
    Counters m_counters;
    quint64 m_generation = 0;
};

} // namespace lockbox::sim
