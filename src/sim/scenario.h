#pragma once

#include "simtypes.h"

#include <QDateTime>
#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

namespace lockbox::sim {

// Makes the simulator's tenant, subscriptions and requests: realistic (what support engineers
// write, the resource types approvers see, case numbers, a mix of statuses) and deterministic for
// a seed and a start time. Subscription i's data depend only on the seed, i and `now`, never on
// how many subscriptions there are.
class ScenarioGenerator final
{
public:
    ScenarioGenerator(quint64 seed, const QDateTime &now);

    QString tenantId() const;
    // The signed-in test user (approver everywhere, Global Administrator) and a second user who
    // is approver nowhere; both have fixed oids for a seed.
    Principal testUser() const;
    Principal otherUser() const;
    // Names of colleagues who decided requests in the generated history.
    QStringList colleagues() const;

    Subscription makeSubscription(int index) const;
    // `count` requests for subscription `index`; about `pendingFraction` of them Pending and inside
    // their 4-day window, the rest spread over the last months in final states.
    QList<SimRecord> makeRequests(const Subscription &subscription, int index, int count, double pendingFraction,
                                  double quirkFraction) const;
    // A new Pending request created at `created` (arrivals, the control API). Uses `random`, so
    // that successive arrivals differ while the whole run stays deterministic.
    SimRecord makePending(const Subscription &subscription, const QDateTime &created, QRandomGenerator &random) const;

private:
    quint64 m_seed;
    QDateTime m_now;
};

// A deterministic, RFC 4122 shaped UUID (lower case, no braces) from a random stream.
QString makeGuid(QRandomGenerator &random);

} // namespace lockbox::sim
