#include "activitylogapi.h"

#include "armclient.h"

using namespace Qt::StringLiterals;

namespace lockbox {

QString ActivityLogApi::apiVersion()
{
    return u"2015-04-01"_s;
}

ActivityLogApi::ActivityLogApi(ArmClient *client)
    : m_client(client)
{
    Q_ASSERT(client);
}

QString ActivityLogApi::filterFor(const QDateTime &from, const QDateTime &to)
{
    return u"eventTimestamp ge '%1' and eventTimestamp le '%2' and resourceProvider eq 'Microsoft.CustomerLockbox'"_s
        .arg(from.toUTC().toString(Qt::ISODateWithMs), to.toUTC().toString(Qt::ISODateWithMs));
}

ActivityListJob *ActivityLogApi::list(const QString &subscriptionId, const QDateTime &from, const QDateTime &to) const
{
    const auto path = ArmClient::encodePath({u"subscriptions"_s, subscriptionId, u"providers"_s,
                                             u"Microsoft.Insights"_s, u"eventtypes"_s, u"management"_s, u"values"_s});
    ArmError refusal;
    if (!path)
        refusal = ArmError::make(ArmError::Kind::BadRequest, tr("the subscription id is empty or not a usable id"));
    else if (!from.isValid() || !to.isValid() || to < from)
        refusal = ArmError::make(ArmError::Kind::BadRequest, tr("the time window is empty or reversed"));
    if (refusal.isError())
        return new ActivityListJob(m_client, subscriptionId, QUrl(), apiVersion(), refusal);
    return new ActivityListJob(m_client, subscriptionId,
                               m_client->urlFor(*path, apiVersion(), {{u"$filter"_s, filterFor(from, to)}}),
                               apiVersion());
}

} // namespace lockbox
