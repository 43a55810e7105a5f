#include "subscriptionsapi.h"

#include "armclient.h"

using namespace Qt::StringLiterals;

namespace lockbox {

QString SubscriptionsApi::apiVersion()
{
    return u"2022-12-01"_s;
}

SubscriptionsApi::SubscriptionsApi(ArmClient *client)
    : m_client(client)
{
    Q_ASSERT(client);
}

SubscriptionListJob *SubscriptionsApi::list() const
{
    return new SubscriptionListJob(m_client, m_client->urlFor(u"/subscriptions"_s, apiVersion()), apiVersion());
}

} // namespace lockbox
