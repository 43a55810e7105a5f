#include "controlservice.h"

#include "entraservice.h"
#include "faultinjector.h"
#include "simjson.h"
#include "simoptions.h"
#include "simworld.h"
#include "tokenauthority.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

namespace {

HttpResponse problem(int status, const QString &message)
{
    QJsonObject body;
    body.insert(u"error"_s, message);
    return HttpResponse::json(status, body);
}

QJsonObject faultsJson(const FaultInjector &faults)
{
    QJsonArray kinds;
    for (FaultKind kind : faults.kinds())
        kinds.append(faultKindName(kind));
    QJsonObject o;
    o.insert(u"rate"_s, faults.rate());
    o.insert(u"kinds"_s, kinds);
    return o;
}

} // namespace

ControlService::ControlService(SimWorld &world, EntraService &entra, TokenAuthority &tokens, FaultInjector &faults,
                               SimOptions &options)
    : m_world(world)
    , m_entra(entra)
    , m_tokens(tokens)
    , m_faults(faults)
    , m_options(options)
{
}

bool ControlService::handles(const HttpRequest &request)
{
    return request.path.startsWith(u"/_sim/", Qt::CaseInsensitive) || request.path.compare(u"/_sim") == 0;
}

HttpResponse ControlService::handle(const HttpRequest &request)
{
    if (!request.peer.isLoopback())
        return problem(403, u"the control API answers loopback clients only"_s);

    const QString path = request.path.toLower();
    const QByteArray &method = request.method;
    QJsonObject body;
    if (method == "POST" || method == "PUT") {
        if (!request.body.trimmed().isEmpty()) {
            QJsonParseError error {};
            const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject())
                return problem(400, u"the body must be a JSON object"_s);
            body = doc.object();
        }
    }

    if (path == u"/_sim/counters" && method == "GET")
        return counters();
    if (path == u"/_sim/counters/reset" && method == "POST") {
        m_world.counters() = Counters();
        m_faults.resetCounters();
        return counters();
    }
    if (path == u"/_sim/info" && method == "GET")
        return info();
    if (path == u"/_sim/requests" && method == "POST") {
        QString error;
        const SimRecord *record = m_world.createRequest(body, &error);
        if (!record)
            return problem(400, error);
        return HttpResponse::json(201, requestToJson(*record));
    }
    static const QRegularExpression statusPath(u"^/_sim/requests/([^/]+)/status$"_s);
    if (const auto m = statusPath.match(path); m.hasMatch() && method == "POST") {
        const QString status = body.value(u"status").toString();
        if (status.isEmpty())
            return problem(400, u"\"status\" is required"_s);
        QString error;
        if (!m_world.setStatus(m.captured(1), status, body.value(u"by").toString(), body.value(u"reason").toString(),
                               &error)) {
            return problem(404, error);
        }
        return HttpResponse::json(200, requestToJson(*m_world.requestById(m.captured(1))));
    }
    if (path == u"/_sim/faults") {
        if (method == "POST") {
            QList<FaultKind> kinds;
            const QJsonArray names = body.value(u"kinds").toArray();
            for (const auto &name : names) {
                const auto kind = faultKindFromName(name.toString());
                if (!kind)
                    return problem(400, u"unknown fault kind '%1'"_s.arg(name.toString()));
                kinds.append(*kind);
            }
            const double rate = body.value(u"rate").toDouble(-1);
            if (rate < 0 || rate > 1)
                return problem(400, u"\"rate\" must be a number from 0 to 1"_s);
            m_faults.configure(rate, kinds);
        } else if (method != "GET") {
            return problem(405, u"use GET or POST"_s);
        }
        return HttpResponse::json(200, faultsJson(m_faults));
    }
    if ((path == u"/_sim/devicecode/approve" || path == u"/_sim/devicecode/decline") && method == "POST") {
        const QString userCode = body.value(u"user_code").toString();
        QString error;
        const bool ok = path.endsWith(u"approve")
            ? m_entra.approveDeviceCode(userCode, body.value(u"upn").toString(), &error)
            : m_entra.declineDeviceCode(userCode, &error);
        if (!ok)
            return problem(400, error);
        return HttpResponse::json(200, QJsonObject {{u"ok"_s, true}});
    }
    if (path == u"/_sim/tokens/revoke" && method == "POST") {
        const int revoked = m_tokens.revokeRefreshTokens(body.value(u"refresh_token").toString().toUtf8());
        return HttpResponse::json(200, QJsonObject {{u"revoked"_s, revoked}});
    }
    if (path == u"/_sim/clock/advance" && method == "POST") {
        const double seconds = body.value(u"seconds").toDouble(-1);
        if (seconds < 0)
            return problem(400, u"\"seconds\" must be a number of seconds, 0 or more"_s);
        m_world.clock().advance(qint64(seconds * 1000));
        m_world.advance();
        return HttpResponse::json(200, QJsonObject {{u"now"_s, armTimestamp(m_world.now())}});
    }
    static const QRegularExpression approversPath(u"^/_sim/subscriptions/([^/]+)/approvers$"_s);
    if (const auto m = approversPath.match(path); m.hasMatch() && method == "PUT") {
        Subscription *sub = m_world.subscription(m.captured(1));
        if (!sub)
            return problem(404, u"unknown subscription '%1'"_s.arg(m.captured(1)));
        QSet<QString> approvers;
        for (const auto &v : body.value(u"principals").toArray()) {
            const QString name = v.toString();
            const Principal *p = m_world.principalByOid(name);
            if (!p)
                p = m_world.principalByUpn(name);
            if (!p)
                p = m_world.principalByAppId(name);
            if (!p)
                return problem(400, u"unknown principal '%1'"_s.arg(name));
            approvers.insert(p->oid);
        }
        sub->approvers = approvers;
        return HttpResponse::json(200, QJsonObject {{u"approvers"_s, int(approvers.size())}});
    }
    if (path == u"/_sim/config" && method == "POST") {
        if (body.contains(u"pageSize"))
            m_options.pageSize = qMax(1, body.value(u"pageSize").toInt());
        if (body.contains(u"latencyMs"))
            m_options.latencyMs = qMax(0, body.value(u"latencyMs").toInt());
        if (body.contains(u"rateLimit"))
            m_options.rateLimit = qMax(0, body.value(u"rateLimit").toInt());
        if (body.contains(u"transitionMs"))
            m_options.transitionMs = qMax(0, body.value(u"transitionMs").toInt());
        QJsonObject o;
        o.insert(u"pageSize"_s, m_options.pageSize);
        o.insert(u"latencyMs"_s, m_options.latencyMs);
        o.insert(u"rateLimit"_s, m_options.rateLimit);
        o.insert(u"transitionMs"_s, m_options.transitionMs);
        return HttpResponse::json(200, o);
    }
    return problem(404, u"no control endpoint %1 %2"_s.arg(QString::fromLatin1(method), request.path.left(200)));
}

HttpResponse ControlService::counters() const
{
    const Counters &c = m_world.counters();
    const auto perRequest = [](const QHash<QString, qint64> &counts) {
        QJsonObject o;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            o.insert(it.key(), it.value());
        return o;
    };
    QJsonObject faults;
    const auto injected = m_faults.injected();
    for (auto it = injected.cbegin(); it != injected.cend(); ++it)
        faults.insert(it.key(), it.value());
    QJsonObject o;
    o.insert(u"decisionPosts"_s, c.decisionPosts);
    o.insert(u"decisionPostsByRequest"_s, perRequest(c.decisionPostsByRequest));
    o.insert(u"decisionsApplied"_s, perRequest(c.decisionsApplied));
    o.insert(u"conflicts"_s, c.conflicts);
    o.insert(u"conflictsByRequest"_s, perRequest(c.conflictsByRequest));
    o.insert(u"postsAfterAnswer"_s, c.postsAfterAnswer);
    o.insert(u"postsAfterAnswerByRequest"_s, perRequest(c.postsAfterAnswerByRequest));
    o.insert(u"requests"_s, c.requests);
    o.insert(u"reads"_s, c.reads);
    o.insert(u"throttled"_s, c.throttled);
    o.insert(u"faultsInjected"_s, faults);
    return HttpResponse::json(200, o);
}

HttpResponse ControlService::info()
{
    QJsonArray subscriptions;
    for (const Subscription &sub : m_world.subscriptions()) {
        const auto records = m_world.requests(sub.subscriptionId);
        int pending = 0;
        for (const SimRecord *r : records)
            pending += r->request.status.isDecidable() ? 1 : 0;
        QJsonObject o = subscriptionToJson(sub, m_world.tenantId());
        o.insert(u"requests"_s, int(records.size()));
        o.insert(u"pending"_s, pending);
        subscriptions.append(o);
    }
    QJsonArray principals;
    for (const Principal &p : m_world.principals()) {
        QJsonObject o;
        o.insert(u"oid"_s, p.oid);
        o.insert(u"displayName"_s, p.displayName);
        if (!p.upn.isEmpty())
            o.insert(u"upn"_s, p.upn);
        if (!p.appId.isEmpty())
            o.insert(u"appId"_s, p.appId);
        o.insert(u"globalAdmin"_s, p.globalAdmin);
        principals.append(o);
    }
    QJsonObject o;
    o.insert(u"tenantId"_s, m_world.tenantId());
    o.insert(u"now"_s, armTimestamp(m_world.now()));
    o.insert(u"clockSpeed"_s, m_world.clock().speed());
    o.insert(u"lockboxEnabled"_s, m_world.lockboxEnabled());
    o.insert(u"subscriptions"_s, subscriptions);
    o.insert(u"principals"_s, principals);
    o.insert(u"faults"_s, faultsJson(m_faults));
    return HttpResponse::json(200, o);
}

} // namespace lockbox::sim
