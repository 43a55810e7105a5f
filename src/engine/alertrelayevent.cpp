#include "alertrelayevent.h"

#include "core/accessrequest.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace lockbox::engine {

namespace {

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QString RelayEvent::journalEvent(Alert::Kind kind)
{
    switch (kind) {
    case Alert::Kind::New:
        return u"new"_s;
    case Alert::Kind::Reminder:
        return u"reminder"_s;
    default:
        return u"outcome"_s;
    }
}

QString RelayEvent::kindName(Alert::Kind kind)
{
    switch (kind) {
    case Alert::Kind::New:
        return u"new"_s;
    case Alert::Kind::Reminder:
        return u"reminder"_s;
    case Alert::Kind::TookEffect:
    case Alert::Kind::DecidedElsewhere:
        return u"decided"_s;
    case Alert::Kind::Expired:
        return u"expired"_s;
    case Alert::Kind::Removed:
        return u"removed"_s;
    case Alert::Kind::Ended:
        return u"ended"_s;
    case Alert::Kind::NotApplied:
        return u"notApplied"_s;
    }
    return {};
}

QUrl RelayEvent::portalUrlFor(const QUrl &armEndpoint)
{
    // Microsoft documents the Customer Lockbox page, not a link to one request.
    const QString host = armEndpoint.host().toLower();
    QString portal = u"https://portal.azure.com"_s;
    if (host.endsWith(u".usgovcloudapi.net"))
        portal = u"https://portal.azure.us"_s;
    else if (host.endsWith(u".chinacloudapi.cn"))
        portal = u"https://portal.azure.cn"_s;
    return QUrl(portal + u"/#view/Microsoft_Azure_Lockbox/LockboxMenu/~/Overview"_s);
}

QString RelayEvent::durationText(qint64 secs)
{
    if (secs <= 0)
        return tr("expired");
    const qint64 minutes = secs / 60;
    const qint64 hours = minutes / 60;
    const qint64 days = hours / 24;
    if (days > 0)
        return tr("%1 d %2 h").arg(days).arg(hours % 24);
    if (hours > 0)
        return tr("%1 h %2 min").arg(hours).arg(minutes % 60);
    if (minutes > 0)
        return tr("%1 min").arg(minutes);
    return tr("less than a minute");
}

RelayEvent RelayEvent::of(const Alert &alert, const AccessRequest *cached, const QString &decidedBy,
                          const QUrl &portalUrl)
{
    const AlertRequest &r = alert.request;
    const std::optional<Verdict> reached = verdictOf(r.status);
    const bool decided = alert.kind == Alert::Kind::TookEffect || alert.kind == Alert::Kind::DecidedElsewhere;
    std::optional<Verdict> verdict = alert.verdict;
    if (decided && reached)
        verdict = reached;

    QString title;
    switch (alert.kind) {
    case Alert::Kind::New:
        title = tr("New Lockbox request");
        break;
    case Alert::Kind::Reminder:
        title = tr("Lockbox request expires soon");
        break;
    case Alert::Kind::TookEffect:
    case Alert::Kind::DecidedElsewhere:
        if (decidedBy.isEmpty())
            title = verdict == Verdict::Approve ? tr("Lockbox request approved") : tr("Lockbox request denied");
        else
            title = (verdict == Verdict::Approve ? tr("Lockbox request approved by %1")
                                                 : tr("Lockbox request denied by %1"))
                        .arg(decidedBy);
        break;
    case Alert::Kind::Expired:
        title = tr("Lockbox request expired without a decision");
        break;
    case Alert::Kind::Removed:
        title = tr("Lockbox request no longer listed");
        break;
    case Alert::Kind::Ended:
        title = tr("Lockbox request ended: %1").arg(r.status.toString());
        break;
    case Alert::Kind::NotApplied:
        title = alert.verdict == Verdict::Approve ? tr("Approval not applied") : tr("Denial not applied");
        break;
    }

    QJsonObject o;
    o.insert(u"eventId"_s, r.requestId.toLower() + u':' + journalEvent(alert.kind));
    o.insert(u"kind"_s, kindName(alert.kind));
    o.insert(u"title"_s, title);
    o.insert(u"requestId"_s, r.requestId);
    o.insert(u"subscriptionId"_s, r.subscriptionId);
    o.insert(u"subscriptionName"_s, textOrNull(r.subscriptionName));
    o.insert(u"status"_s, r.status.toString());
    const QStringList resourceIds = r.resourceIds.isEmpty() && cached ? cached->resourceIds : r.resourceIds;
    o.insert(u"resourceType"_s, r.resourceType.isEmpty() && cached ? cached->resourceType : r.resourceType);
    o.insert(u"resourceIds"_s, QJsonArray::fromStringList(resourceIds));
    o.insert(u"resource"_s, resourceIds.value(0));
    o.insert(u"justification"_s, r.justification.isEmpty() && cached ? cached->justification : r.justification);
    o.insert(u"createdDateTime"_s, timeOrNull(cached ? cached->createdDateTime : QDateTime()));
    QDateTime expires = r.deadline;
    if (!expires.isValid() && cached)
        expires = cached->expirationDateTime;
    o.insert(u"expirationDateTime"_s, timeOrNull(expires));
    o.insert(u"supportRequest"_s, cached ? cached->supportRequest : QString());
    o.insert(u"supportCaseUrl"_s, cached ? cached->supportCaseUrl : QString());
    o.insert(u"verdict"_s, verdict ? QJsonValue(verdictToString(*verdict)) : QJsonValue(QJsonValue::Null));
    o.insert(u"decidedHere"_s, alert.verdict.has_value());
    o.insert(u"decidedBy"_s, textOrNull(decidedBy));
    if (alert.kind == Alert::Kind::NotApplied)
        o.insert(u"reason"_s, alert.reason);
    o.insert(u"alertedDateTime"_s, timeOrNull(alert.at));
    o.insert(u"portalUrl"_s, portalUrl.toString());
    return RelayEvent(o);
}

RelayEvent RelayEvent::fromJson(const QString &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    return doc.isObject() ? RelayEvent(doc.object()) : RelayEvent();
}

QString RelayEvent::toJson() const
{
    return QString::fromUtf8(QJsonDocument(m_json).toJson(QJsonDocument::Compact));
}

QString RelayEvent::text(const QString &field) const
{
    return m_json.value(field).toString();
}

QString RelayEvent::subscriptionText() const
{
    const QString name = text(u"subscriptionName"_s);
    return name.isEmpty() ? subscriptionId() : name;
}

QDateTime RelayEvent::expiresAt() const
{
    return QDateTime::fromString(text(u"expirationDateTime"_s), Qt::ISODateWithMs);
}

QUrl RelayEvent::portalUrl() const
{
    return QUrl(text(u"portalUrl"_s));
}

std::optional<qint64> RelayEvent::secondsLeft(const QDateTime &now) const
{
    const QDateTime expires = expiresAt();
    if (!expires.isValid() || RequestStatus::fromString(text(u"status"_s)).kind() != RequestStatus::Kind::Pending)
        return std::nullopt;
    return std::max<qint64>(0, now.secsTo(expires));
}

QString RelayEvent::timeLeftText(const QDateTime &now) const
{
    const std::optional<qint64> left = secondsLeft(now);
    if (!left)
        return {};
    return *left <= 0 ? tr("expired") : tr("%1 left").arg(durationText(*left));
}

QJsonObject RelayEvent::deliveredAt(const QDateTime &now) const
{
    QJsonObject o = m_json;
    const std::optional<qint64> left = secondsLeft(now);
    o.insert(u"secondsLeft"_s, left ? QJsonValue(double(*left)) : QJsonValue(QJsonValue::Null));
    return o;
}

} // namespace lockbox::engine
