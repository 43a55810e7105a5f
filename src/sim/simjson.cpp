#include "simjson.h"

#include "simworld.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QUuid>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

QString armTimestamp(const QDateTime &time, quint32 tickDigits, quint32 quirks)
{
    // Formatted by hand: QDateTime::toString with a format costs microseconds, and every record
    // carries two timestamps.
    const QDateTime utc = time.toUTC();
    const QDate d = utc.date();
    const QTime t = utc.time();
    char buffer[32];
    int n = std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", d.year(), d.month(), d.day(),
                          t.hour(), t.minute(), t.second());
    if (quirks & QuirkMilliFraction)
        n += std::snprintf(buffer + n, sizeof buffer - size_t(n), ".%03d", t.msec());
    else if (!(quirks & QuirkNoFraction))
        n += std::snprintf(buffer + n, sizeof buffer - size_t(n), ".%03d%04u", t.msec(), tickDigits % 10000);
    buffer[n++] = 'Z';
    return QString::fromLatin1(buffer, n);
}

namespace {

// Appends `text` as a JSON string literal. Hand-written because serving large pages through
// QJsonObject costs tens of microseconds a record.
void appendJsonString(QByteArray &out, QStringView text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    const char *run = utf8.constData();
    const char *const end = run + utf8.size();
    // Copy runs of plain bytes at once; escape the few that need it.
    for (const char *p = run; p != end; ++p) {
        const auto u = static_cast<unsigned char>(*p);
        if (u >= 0x20 && u != '"' && u != '\\')
            continue;
        out.append(run, p - run);
        run = p + 1;
        switch (u) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default: {
            const char escaped[] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 0xf]};
            out.append(escaped, sizeof escaped);
        }
        }
    }
    out.append(run, end - run);
    out += '"';
}

class ObjectWriter
{
public:
    explicit ObjectWriter(QByteArray &out)
        : m_out(out)
    {
        m_out += '{';
    }
    void key(const char *name)
    {
        if (!m_first)
            m_out += ',';
        m_first = false;
        m_out += '"';
        m_out += name;
        m_out += "\":";
    }
    void string(const char *name, QStringView value)
    {
        key(name);
        appendJsonString(m_out, value);
    }
    void raw(const char *name, const QByteArray &value)
    {
        key(name);
        m_out += value;
    }
    void close() { m_out += '}'; }

private:
    QByteArray &m_out;
    bool m_first = true;
};

} // namespace

QByteArray requestJsonBytes(const SimRecord &record)
{
    if (!record.cachedJson.isEmpty())
        return record.cachedJson;

    const AccessRequest &r = record.request;
    const quint32 q = record.quirks;
    QByteArray out;
    out.reserve(1024 + r.justification.size() * 2);
    ObjectWriter o(out);
    o.string("id", r.armId);
    o.string("name", r.name);
    o.string("type", r.type.isEmpty() ? u"requests"_s : r.type);
    o.key("properties");
    {
        ObjectWriter p(out);
        p.string("requestId", r.requestId);
        p.string("justification", r.justification);
        p.string("status", r.status.toString());
        p.string("createdDateTime", armTimestamp(r.createdDateTime, record.tickDigits, q));
        p.string("expirationDateTime", armTimestamp(r.expirationDateTime, record.tickDigits, q));
        if ((q & QuirkDurationAsInt) && r.durationHours())
            p.raw("duration", QByteArray::number(*r.durationHours()));
        else
            p.string("duration", r.duration);
        QStringList ids = r.resourceIds;
        if (q & QuirkUpperCaseResourceIds) {
            for (QString &id : ids)
                id = id.toUpper();
        }
        if (q & QuirkRequestedResourceIds) {
            p.key("requestedResourceIds");
            out += '[';
            for (qsizetype i = 0; i < ids.size(); ++i) {
                if (i > 0)
                    out += ',';
                appendJsonString(out, ids.at(i));
            }
            out += ']';
        } else {
            p.string("resourceIds", ids.join(u','));
        }
        p.string("resourceType", r.resourceType);
        p.string("supportRequest", r.supportRequest);
        p.string("supportCaseUrl", r.supportCaseUrl);
        p.string((q & QuirkWorkItemSourceCamel) ? "workItemSource" : "workitemsource", r.workItemSource);
        p.string("subscriptionId", r.subscriptionId);
        if (r.accessLevel)
            p.string("accessLevel", *r.accessLevel);
        p.close();
    }
    o.close();
    record.cachedJson = out;
    return out;
}

QJsonObject requestToJson(const SimRecord &record)
{
    return QJsonDocument::fromJson(requestJsonBytes(record)).object();
}

QByteArray jsonString(const QString &text)
{
    QByteArray out;
    appendJsonString(out, text);
    return out;
}

QJsonObject subscriptionToJson(const Subscription &subscription, const QString &tenantId)
{
    QJsonObject policies;
    policies.insert(u"locationPlacementId"_s, u"Public_2014-09-01"_s);
    policies.insert(u"quotaId"_s, u"EnterpriseAgreement_2014-09-01"_s);
    policies.insert(u"spendingLimit"_s, u"Off"_s);

    QJsonObject o;
    o.insert(u"id"_s, u"/subscriptions/"_s + subscription.subscriptionId);
    o.insert(u"authorizationSource"_s, u"RoleBased"_s);
    o.insert(u"managedByTenants"_s, QJsonArray());
    o.insert(u"subscriptionId"_s, subscription.subscriptionId);
    o.insert(u"tenantId"_s, tenantId);
    o.insert(u"displayName"_s, subscription.displayName);
    o.insert(u"state"_s, subscription.state);
    o.insert(u"subscriptionPolicies"_s, policies);
    return o;
}

namespace {

QJsonObject localized(const QString &value, const QString &localizedValue)
{
    QJsonObject o;
    o.insert(u"value"_s, value);
    o.insert(u"localizedValue"_s, localizedValue);
    return o;
}

// Stable ids for derived events: the same event always carries the same id.
QString stableGuid(const QString &seed)
{
    const QByteArray hash = QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Sha1);
    return QUuid::fromRfc4122(hash.left(16)).toString(QUuid::WithoutBraces);
}

} // namespace

QJsonObject activityEventToJson(const ActivityEvent &event, const QString &tenantId)
{
    const AccessRequest &r = event.record->request;
    const QString operation =
        u"Microsoft.CustomerLockbox/requests/activitylog/"_s + event.action + u"LockboxRequest/action"_s;
    const QString eventId = stableGuid(r.requestId + u'/' + event.action);
    const QString correlationId = stableGuid(u"correlation/"_s + r.requestId + u'/' + event.action);
    const QString resourceId = r.armId;
    const QString timestamp = armTimestamp(event.timestamp, event.record->tickDigits);
    const qint64 ticks = event.timestamp.toMSecsSinceEpoch() * 10000 + 621355968000000000LL;

    QJsonObject authorization;
    authorization.insert(u"action"_s, operation);
    authorization.insert(u"scope"_s, resourceId);

    QJsonObject properties;
    properties.insert(u"requestId"_s, r.requestId);
    properties.insert(u"eventCategory"_s, u"Administrative"_s);
    properties.insert(u"entity"_s, resourceId);
    properties.insert(u"message"_s, operation);
    properties.insert(u"hierarchy"_s, tenantId + u'/' + r.subscriptionId);
    if (event.action == u"Approve" || event.action == u"Deny") {
        properties.insert(u"reason"_s, event.record->decisionReason);
        properties.insert(u"status"_s, event.action == u"Approve" ? u"Approved"_s : u"Denied"_s);
    } else if (event.action == u"Expire") {
        properties.insert(u"status"_s, u"Expired"_s);
    } else {
        properties.insert(u"status"_s, u"Pending"_s);
        properties.insert(u"supportRequest"_s, r.supportRequest);
    }

    QJsonObject o;
    o.insert(u"authorization"_s, authorization);
    o.insert(u"caller"_s, event.caller);
    o.insert(u"channels"_s, u"Operation"_s);
    o.insert(u"correlationId"_s, correlationId);
    o.insert(u"description"_s, QString());
    o.insert(u"eventDataId"_s, eventId);
    o.insert(u"eventName"_s, localized(u"EndRequest"_s, u"End request"_s));
    o.insert(u"category"_s, localized(u"Administrative"_s, u"Administrative"_s));
    o.insert(u"eventTimestamp"_s, timestamp);
    o.insert(u"id"_s, resourceId + u"/events/"_s + eventId + u"/ticks/"_s + QString::number(ticks));
    o.insert(u"level"_s, u"Informational"_s);
    o.insert(u"operationId"_s, correlationId);
    o.insert(u"operationName"_s, localized(operation, event.action + u" Lockbox Request"_s));
    o.insert(u"resourceGroupName"_s, QString());
    o.insert(u"resourceProviderName"_s, localized(u"Microsoft.CustomerLockbox"_s, u"Microsoft.CustomerLockbox"_s));
    o.insert(u"resourceType"_s,
             localized(u"Microsoft.CustomerLockbox/requests"_s, u"Microsoft.CustomerLockbox/requests"_s));
    o.insert(u"resourceId"_s, resourceId);
    o.insert(u"status"_s, localized(u"Succeeded"_s, u"Succeeded"_s));
    o.insert(u"subStatus"_s, localized(QString(), QString()));
    o.insert(u"submissionTimestamp"_s, timestamp);
    o.insert(u"subscriptionId"_s, r.subscriptionId);
    o.insert(u"tenantId"_s, tenantId);
    o.insert(u"properties"_s, properties);
    return o;
}

HttpResponse armError(int status, const QString &code, const QString &message, const QJsonArray &additionalInfo,
                      const QString &target)
{
    QJsonObject error;
    error.insert(u"code"_s, code);
    error.insert(u"message"_s, message);
    if (!target.isEmpty())
        error.insert(u"target"_s, target);
    if (!additionalInfo.isEmpty())
        error.insert(u"additionalInfo"_s, additionalInfo);
    QJsonObject body;
    body.insert(u"error"_s, error);
    return HttpResponse::json(status, body);
}

} // namespace lockbox::sim
