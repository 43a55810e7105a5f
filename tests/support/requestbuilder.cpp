#include "requestbuilder.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace lockbox::test {

QString RequestBuilder::defaultSubscriptionId()
{
    return u"11111111-2222-3333-4444-555555555555"_s;
}

RequestBuilder::RequestBuilder(const QString &requestId, const QString &subscriptionId)
{
    AccessRequest &r = m_request;
    r.requestId = requestId;
    r.subscriptionId = subscriptionId;
    r.armId = u"/subscriptions/%1/providers/Microsoft.CustomerLockbox/requests/%2"_s.arg(subscriptionId, requestId);
    r.name = u"LockboxRequest_"_s + requestId;
    r.type = u"requests"_s;
    r.status = RequestStatus(RequestStatus::Kind::Pending);
    r.createdDateTime = QDateTime(QDate(2025, 3, 1), QTime(8, 0), Qt::UTC);
    r.expirationDateTime = r.createdDateTime.addDays(kPendingLifetimeDays);
    r.duration = u"8"_s;
    r.resourceIds = {u"/subscriptions/%1/resourceGroups/rg-prod/providers/Microsoft.Storage/storageAccounts/st01"_s.arg(
                         subscriptionId),
                     u"/subscriptions/%1/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-7"_s.arg(
                         subscriptionId)};
    r.resourceType = u"Storage Account"_s;
    r.justification = u"Customer reported data loss; engineer needs to inspect blob metadata."_s;
    r.supportRequest = u"2403010010001234"_s;
    r.supportCaseUrl = u"https://portal.azure.com/#resource/support/case/2403010010001234"_s;
    r.workItemSource = u"SupportTicket"_s;
    r.accessLevel = u"Contributor"_s;
}

RequestBuilder &RequestBuilder::status(RequestStatus::Kind kind)
{
    m_request.status = RequestStatus(kind);
    return *this;
}

RequestBuilder &RequestBuilder::created(const QDateTime &created)
{
    m_request.createdDateTime = created;
    return *this;
}

RequestBuilder &RequestBuilder::expires(const QDateTime &expires)
{
    m_request.expirationDateTime = expires;
    return *this;
}

RequestBuilder &RequestBuilder::duration(const QString &hours)
{
    m_request.duration = hours;
    return *this;
}

RequestBuilder &RequestBuilder::resourceType(const QString &resourceType)
{
    m_request.resourceType = resourceType;
    return *this;
}

RequestBuilder &RequestBuilder::resourceIds(const QStringList &resourceIds)
{
    m_request.resourceIds = resourceIds;
    return *this;
}

RequestBuilder &RequestBuilder::justification(const QString &justification)
{
    m_request.justification = justification;
    return *this;
}

RequestBuilder &RequestBuilder::accessLevel(const std::optional<QString> &accessLevel)
{
    m_request.accessLevel = accessLevel;
    return *this;
}

AccessRequest makeRequest(const QString &subscriptionId, int n, RequestStatus::Kind status, const QDateTime &created)
{
    AccessRequest r;
    r.requestId = QUuid::createUuidV5(QUuid(), subscriptionId + QString::number(n)).toString(QUuid::WithoutBraces);
    r.subscriptionId = subscriptionId;
    r.armId = QStringLiteral("/subscriptions/%1/providers/Microsoft.CustomerLockbox/requests/%2")
                  .arg(subscriptionId, r.requestId);
    r.name = QStringLiteral("LockboxRequest_") + r.requestId;
    r.type = QStringLiteral("requests");
    r.justification = QStringLiteral("Microsoft Support needs to read the diagnostic logs of VM %1 for case %2.")
                          .arg(n)
                          .arg(2503010000 + n);
    r.status = RequestStatus(status);
    r.createdDateTime = created.addSecs(-60LL * n);
    r.expirationDateTime = r.createdDateTime.addDays(4);
    r.duration = QStringLiteral("8");
    r.resourceIds = {QStringLiteral("/subscriptions/%1/resourceGroups/rg-%2/providers/Microsoft.Compute/"
                                    "virtualMachines/vm-%2")
                         .arg(subscriptionId)
                         .arg(n)};
    r.resourceType = QStringLiteral("Virtual Machine");
    r.supportRequest = QString::number(2503010000 + n);
    r.supportCaseUrl = QStringLiteral("https://portal.azure.com/#resource/providers/Microsoft.Support/"
                                      "supportTickets/%1")
                           .arg(r.supportRequest);
    r.workItemSource = QStringLiteral("SupportRequest");
    r.accessLevel = QStringLiteral("Read");
    return r;
}

QList<AccessRequest> makeRequests(const QString &subscriptionId, int count, int first)
{
    QList<AccessRequest> out;
    for (int i = first; i < first + count; ++i)
        out.append(makeRequest(subscriptionId, i));
    return out;
}

AccessRequest createdAt(const QString &subscriptionId, int n, RequestStatus::Kind status, const QDateTime &created)
{
    AccessRequest r = makeRequest(subscriptionId, n, status);
    r.createdDateTime = created;
    r.expirationDateTime = created.addDays(kPendingLifetimeDays);
    return r;
}

RequestChange changeOf(const AccessRequest &r, const RequestStatus &oldStatus)
{
    return RequestChange {r.requestId, r.subscriptionId, oldStatus, r.status};
}

QueuedDecision queuedDecision(const AccessRequest &r, Verdict verdict, QueuedDecision::State state,
                              const QString &serverStatus)
{
    QueuedDecision d;
    d.id = QUuid::createUuid();
    d.requestId = r.requestId;
    d.subscriptionId = r.subscriptionId;
    d.verdict = verdict;
    d.state = state;
    d.serverStatus = serverStatus;
    return d;
}

} // namespace lockbox::test
