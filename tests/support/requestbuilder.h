#pragma once

#include "core/accessrequest.h"
#include "core/changeset.h"
#include "core/decision.h"
#include "core/queueddecision.h"
#include "core/requeststatus.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace lockbox::test {

// A complete, plausible Lockbox request, with only what a test cares about said explicitly:
//
//     const AccessRequest r = RequestBuilder(u"r1"_s,
//     kSub).expires(kNow.addSecs(3600)).accessLevel(u"Reader"_s).build();
//
// Unless told otherwise it is Pending, created 2025-03-01 08:00 UTC, expires four days later, asks
// for 8 hours of Contributor access to a storage account and a VM of its subscription, and names a
// support ticket.
class RequestBuilder final
{
public:
    static QString defaultSubscriptionId(); // 11111111-2222-3333-4444-555555555555

    explicit RequestBuilder(const QString &requestId, const QString &subscriptionId = defaultSubscriptionId());

    RequestBuilder &status(RequestStatus::Kind kind);
    RequestBuilder &created(const QDateTime &created);
    RequestBuilder &expires(const QDateTime &expires);
    RequestBuilder &duration(const QString &hours);
    RequestBuilder &resourceType(const QString &resourceType);
    RequestBuilder &resourceIds(const QStringList &resourceIds);
    RequestBuilder &justification(const QString &justification);
    RequestBuilder &accessLevel(const std::optional<QString> &accessLevel);

    AccessRequest build() const { return m_request; }

private:
    AccessRequest m_request;
};

// A realistic request of `subscriptionId`, deterministic for `n`: its id is a UUID derived from
// both, and it was created `n` minutes before `created`.
AccessRequest makeRequest(const QString &subscriptionId, int n,
                          RequestStatus::Kind status = RequestStatus::Kind::Pending,
                          const QDateTime &created = QDateTime(QDate(2025, 3, 1), QTime(8, 0), Qt::UTC));
// makeRequest() for n = first … first + count - 1.
QList<AccessRequest> makeRequests(const QString &subscriptionId, int count, int first = 0);

// makeRequest(), created exactly at `created` and expiring a Pending lifetime after it.
AccessRequest createdAt(const QString &subscriptionId, int n, RequestStatus::Kind status, const QDateTime &created);
// The ChangeSet entry of `r`, whose status was `oldStatus` before (none for an added row).
RequestChange changeOf(const AccessRequest &r, const RequestStatus &oldStatus = {});
// A decision on `r` as the outbox holds it: a fresh id, `r`'s request and subscription, `verdict`
// in `state`, and the status the server last reported (`serverStatus`, empty when none).
QueuedDecision queuedDecision(const AccessRequest &r, Verdict verdict, QueuedDecision::State state,
                              const QString &serverStatus = {});

} // namespace lockbox::test
