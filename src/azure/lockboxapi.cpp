#include "lockboxapi.h"

#include "armclient.h"
#include "azurejson.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

const QString kProvider = u"Microsoft.CustomerLockbox"_s;

} // namespace

QString LockboxApi::apiVersion()
{
    return u"2018-02-28-preview"_s;
}

LockboxApi::LockboxApi(ArmClient *client)
    : m_client(client)
{
    Q_ASSERT(client);
}

ArmCall *LockboxApi::refuseId(const QString &what) const
{
    ArmError e = ArmError::make(ArmError::Kind::BadRequest, tr("%1 is empty or not a usable id").arg(what));
    return m_client->refuse(e);
}

RequestListJob *LockboxApi::listRequests(const QString &subscriptionId,
                                         const std::optional<RequestStatus> &filter) const
{
    const auto path =
        ArmClient::encodePath({u"subscriptions"_s, subscriptionId, u"providers"_s, kProvider, u"requests"_s});
    if (!path) {
        return new RequestListJob(
            m_client, subscriptionId, QUrl(), apiVersion(),
            ArmError::make(ArmError::Kind::BadRequest, tr("the subscription id is empty or not a usable id")));
    }
    ArmClient::Query query;
    if (filter) {
        // OData string literal: a quote inside is doubled.
        QString status = filter->toString();
        status.replace(u'\'', u"''"_s);
        query.append({u"$filter"_s, u"properties/status eq '%1'"_s.arg(status)});
    }
    return new RequestListJob(m_client, subscriptionId, m_client->urlFor(*path, apiVersion(), query), apiVersion());
}

ArmCall *LockboxApi::getRequest(const QString &subscriptionId, const QString &requestId) const
{
    const auto path = ArmClient::encodePath(
        {u"subscriptions"_s, subscriptionId, u"providers"_s, kProvider, u"requests"_s, requestId});
    if (!path)
        return refuseId(tr("the subscription or request id"));
    return m_client->get(*path, apiVersion(), {}, QUuid(),
                         [requestId](const QByteArray &body) { return parseRequestReply(body, requestId); });
}

ArmCall *LockboxApi::updateApproval(const QString &subscriptionId, const QString &requestId, Verdict verdict,
                                    const QString &reason, const QUuid &decisionId) const
{
    const auto path = ArmClient::encodePath(
        {u"subscriptions"_s, subscriptionId, u"providers"_s, kProvider, u"requests"_s, requestId, u"updateApproval"_s});
    if (!path)
        return refuseId(tr("the subscription or request id"));
    QJsonObject body;
    body.insert(u"status"_s, verdictToString(verdict));
    body.insert(u"reason"_s, reason);
    return m_client->post(*path, apiVersion(), QJsonDocument(body).toJson(QJsonDocument::Compact), decisionId,
                          &LockboxApi::parseDecisionReply);
}

ArmCall *LockboxApi::tenantOptedIn(const QString &tenantId) const
{
    const auto path = ArmClient::encodePath({u"providers"_s, kProvider, u"tenantOptedIn"_s, tenantId});
    if (!path)
        return refuseId(tr("the tenant id"));
    return m_client->get(*path, apiVersion(), {}, QUuid(), &LockboxApi::parseOptInReply);
}

ArmCall *LockboxApi::enableLockbox() const
{
    return m_client->post(*ArmClient::encodePath({u"providers"_s, kProvider, u"enableLockbox"_s}), apiVersion(),
                          QByteArray());
}

ArmCall *LockboxApi::disableLockbox() const
{
    return m_client->post(*ArmClient::encodePath({u"providers"_s, kProvider, u"disableLockbox"_s}), apiVersion(),
                          QByteArray());
}

AccessRequest LockboxApi::requestOf(const ArmCall *call)
{
    return call ? call->value().value<AccessRequest>() : AccessRequest();
}

bool LockboxApi::optedInOf(const ArmCall *call)
{
    return call && call->value().toBool();
}

ArmParseResult LockboxApi::parseRequestReply(const QByteArray &body, const QString &expectedRequestId)
{
    ArmParseResult result;
    const ParsedRequest parsed = AzureJson::parseRequestDocument(body);
    if (!parsed.ok()) {
        result.error = parsed.error;
        result.retryable = parsed.syntaxError;
        return result;
    }
    // A reply about another request must not be stored under this one's id.
    if (parsed.request.requestId.compare(expectedRequestId, Qt::CaseInsensitive) != 0) {
        result.error =
            tr("the reply describes request \"%1\", not the one asked for").arg(parsed.request.requestId.left(100));
        return result;
    }
    result.value = QVariant::fromValue(parsed.request);
    return result;
}

ArmParseResult LockboxApi::parseDecisionReply(const QByteArray &body)
{
    // ARM echoes the decision. Its content does not matter, but a 200 that is empty or garbled
    // may be a cut-short reply: reported as a BadReply, which is ambiguous, so the decision
    // service re-reads the request instead of trusting or repeating the decision.
    ArmParseResult result;
    QByteArray bytes = body;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (bytes.trimmed().isEmpty())
        result.error = tr("the reply to the decision is empty");
    else if (error.error != QJsonParseError::NoError || !doc.isObject())
        result.error = tr("the reply to the decision is not the JSON object Azure echoes");
    result.retryable = true;
    return result;
}

ArmParseResult LockboxApi::parseOptInReply(const QByteArray &body)
{
    ArmParseResult result;
    const TenantOptIn optIn = AzureJson::parseTenantOptIn(body);
    if (!optIn.ok()) {
        result.error = optIn.error;
        result.retryable = optIn.syntaxError;
        return result;
    }
    result.value = optIn.optedIn;
    return result;
}

} // namespace lockbox
