#pragma once

#include "core/accessrequest.h"
#include "core/decision.h"

#include <QDateTime>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace lockbox::sim {

// A user or service principal the simulator knows.
struct Principal final
{
    QString oid;
    QString upn; // empty for a service principal
    QString displayName;
    QString appId; // set for a service principal (client credentials)
    bool globalAdmin = false;
    bool isServicePrincipal() const { return !appId.isEmpty(); }
};

struct Subscription final
{
    QString subscriptionId;
    QString displayName;
    QString state = QStringLiteral("Enabled");
    QSet<QString> approvers; // principal oids allowed to read and decide
};

// Ways real payloads differ from the spec. The simulator serves a share of its records in these
// shapes so that clients meet them from the first day.
enum Quirk : quint32 {
    QuirkNone = 0,
    QuirkDurationAsInt = 1u << 0,        // "duration": 8
    QuirkWorkItemSourceCamel = 1u << 1,  // "workItemSource" instead of "workitemsource"
    QuirkUpperCaseResourceIds = 1u << 2, // ARM ids in upper case
    QuirkRequestedResourceIds = 1u << 3, // older "requestedResourceIds": [ … ]
    QuirkNoFraction = 1u << 4,           // timestamps without fractional seconds
    QuirkMilliFraction = 1u << 5,        // three fractional digits instead of seven
};

// A request with the history the simulator needs to answer the Activity Log and counters.
struct SimRecord final
{
    AccessRequest request;
    quint32 quirks = QuirkNone;
    quint32 tickDigits = 0; // four extra sub-millisecond digits, so timestamps carry seven digits

    // The decision that moved it out of Pending, if any.
    std::optional<Verdict> verdict;
    QDateTime decidedAt;
    QString decidedBy; // upn or app id
    QString decisionReason;
    QDateTime settledAt; // when Approving/Denying became Approved/Denied

    // The record's JSON as served, kept until the record changes: serving a 1,000-item page is
    // then a copy, not 1,000 serializations. Whoever changes the record clears it.
    mutable QByteArray cachedJson;
};

} // namespace lockbox::sim
