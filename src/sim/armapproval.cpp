// A decision on a Lockbox request: the updateApproval action, its body in the spec's and older
// SDKs' shapes, and its answers when the request is unknown or no longer pending.

#include "armservice.h"
#include "armservice_p.h"
#include "simjson.h"
#include "simworld.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

using namespace arm;

namespace {

QJsonArray currentStatusInfo(const QString &status)
{
    QJsonObject info;
    info.insert(u"currentStatus"_s, status);
    QJsonObject entry;
    entry.insert(u"type"_s, u"LockboxRequestStatus"_s);
    entry.insert(u"info"_s, info);
    return QJsonArray {entry};
}

} // namespace

HttpResponse ArmService::updateApproval(const HttpRequest &request, const Caller &caller, const QString &subscriptionId,
                                        const QString &requestId)
{
    if (auto e = checkApiVersion(request, {lockboxApiVersion()}, false))
        return *e;
    if (auto e = checkAccess(caller, subscriptionId, u"Microsoft.CustomerLockbox/requests/UpdateApproval/action"_s))
        return *e;

    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return armError(400, u"InvalidRequestContent"_s,
                        u"The request content was invalid and could not be deserialized: expected a JSON object "
                        "such as {\"status\":\"Approve\",\"reason\":\"…\"}."_s);
    }
    const QJsonObject body = doc.object();
    // The spec's shape is {"status": …}; older SDKs send {"decision": …}.
    const QString key = body.contains(u"status") ? u"status"_s : u"decision"_s;
    const QJsonValue verdictValue = body.value(key);
    const auto verdict = verdictValue.isString() ? verdictFromString(verdictValue.toString()) : std::nullopt;
    if (!verdict) {
        return armError(400, u"InvalidRequestContent"_s,
                        u"The request content was invalid: '%1' must be \"Approve\" or \"Deny\"."_s.arg(key), {}, key);
    }
    const QJsonValue reasonValue = body.value(u"reason");
    if (!reasonValue.isUndefined() && !reasonValue.isNull() && !reasonValue.isString()) {
        return armError(400, u"InvalidRequestContent"_s,
                        u"The request content was invalid: 'reason' must be a string."_s, {}, u"reason"_s);
    }

    switch (m_world.decide(subscriptionId, requestId, *verdict, reasonValue.toString(), caller.name)) {
    case SimWorld::DecideResult::NotFound:
        return requestNotFound(requestId, subscriptionId);
    case SimWorld::DecideResult::NotPending: {
        const SimRecord *record = m_world.request(subscriptionId, requestId);
        m_world.counters().conflicts += 1;
        m_world.counters().conflictsByRequest[record->request.requestId] += 1;
        const QString status = record->request.status.toString();
        return armError(
            409, u"RequestNotPending"_s,
            u"The Lockbox request '%1' is not pending; its status is '%2'."_s.arg(requestId.left(100), status),
            currentStatusInfo(status));
    }
    case SimWorld::DecideResult::Applied:
        break;
    }
    return HttpResponse::json(200, body);
}

} // namespace lockbox::sim
