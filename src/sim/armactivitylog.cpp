// The Activity Log's management events of a subscription, as Azure Monitor serves them: the
// $filter on time and resource provider, and paging newest first.

#include "armservice.h"
#include "armservice_p.h"
#include "simjson.h"
#include "simoptions.h"
#include "simworld.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

using namespace arm;

namespace {

const QStringList kActivityLogApiVersions = {u"2015-04-01"_s};

QDateTime parseFilterTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    return t.toUTC();
}

} // namespace

HttpResponse ArmService::activityLog(const HttpRequest &request, const Caller &caller, const QString &subscriptionId)
{
    if (auto e = checkApiVersion(request, kActivityLogApiVersions, false))
        return *e;
    if (auto e = checkAccess(caller, subscriptionId, u"Microsoft.Insights/eventtypes/values/read"_s))
        return *e;
    const QString filter = request.queryValue(u"$filter"_s);
    const auto from = re("eventTimestamp\\s+ge\\s+'([^']+)'").match(filter);
    const auto to = re("eventTimestamp\\s+le\\s+'([^']+)'").match(filter);
    const auto provider = re("resourceProvider\\s+eq\\s+'([^']*)'").match(filter);
    if (!from.hasMatch()) {
        return armError(400, u"BadRequest"_s,
                        u"The $filter must contain \"eventTimestamp ge '<start>'\" (and may contain "
                        "\"eventTimestamp le '<end>'\" and \"resourceProvider eq '<provider>'\")."_s);
    }
    const QDateTime start = parseFilterTime(from.captured(1));
    const QDateTime end = to.hasMatch() ? parseFilterTime(to.captured(1)) : m_world.now();
    if (!start.isValid() || !end.isValid() || end < start) {
        return armError(400, u"BadRequest"_s,
                        u"The eventTimestamp values in $filter must be ISO 8601 date-times, start before end."_s);
    }
    if (start.daysTo(end) > 90) {
        return armError(400, u"BadRequest"_s, u"The time range of an Activity Log query may not exceed 90 days."_s);
    }
    m_world.counters().reads += 1;

    QList<ActivityEvent> events;
    if (!provider.hasMatch() || provider.captured(1).compare(u"Microsoft.CustomerLockbox", Qt::CaseInsensitive) == 0)
        events = m_world.activity(subscriptionId, start, end);

    int startIndex = 0;
    const QString token = request.queryValue(u"$skiptoken"_s);
    if (!token.isEmpty()) {
        const auto parts = readPageToken(token);
        bool ok = false;
        const qint64 ms = parts ? parts->at(0).toLongLong(&ok) : 0;
        if (!ok || parts->size() < 3)
            return invalidSkipToken();
        const QString id = parts->at(1);
        const QString action = parts->at(2);
        // Events are newest first; continue after the last one served.
        startIndex = int(events.size());
        for (int i = 0; i < events.size(); ++i) {
            const ActivityEvent &e = events.at(i);
            const qint64 t = e.timestamp.toMSecsSinceEpoch();
            if (t < ms
                || (t == ms
                    && (e.record->request.requestId > id
                        || (e.record->request.requestId == id && e.action > action)))) {
                startIndex = i;
                break;
            }
        }
    }
    QJsonArray value;
    const int endIndex = qMin<int>(int(events.size()), startIndex + qMax(1, m_options.pageSize));
    for (int i = startIndex; i < endIndex; ++i)
        value.append(activityEventToJson(events.at(i), m_world.tenantId()));
    QJsonObject body;
    body.insert(u"value"_s, value);
    if (endIndex < events.size()) {
        const ActivityEvent &lastEvent = events.at(endIndex - 1);
        const QString next = pageToken(QString::number(lastEvent.timestamp.toMSecsSinceEpoch()),
                                       lastEvent.record->request.requestId + u'|' + lastEvent.action);
        body.insert(u"nextLink"_s, nextLink(request, next));
    }
    return HttpResponse::json(200, body);
}

} // namespace lockbox::sim
