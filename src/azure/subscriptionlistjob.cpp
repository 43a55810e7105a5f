#include "subscriptionlistjob.h"

#include "armclient.h"
#include "azurejson.h"

namespace lockbox {

SubscriptionListJob::SubscriptionListJob(ArmClient *client, const QUrl &firstUrl, const QString &apiVersion)
    : ArmPager(client, firstUrl, apiVersion, &SubscriptionListJob::parsePage, ArmError(), client)
{
}

ArmParseResult SubscriptionListJob::parsePage(const QByteArray &body)
{
    const SubscriptionPage page = AzureJson::parseSubscriptionsPage(body);
    ArmParseResult result;
    if (!page.ok()) {
        result.error = page.error;
        result.retryable = page.syntaxError;
        return result;
    }
    result.value = QVariant::fromValue(page.subscriptions);
    result.items = page.subscriptions.size();
    result.nextLink = page.nextLink;
    return result;
}

void SubscriptionListJob::deliverPage(const QVariant &value)
{
    const auto subscriptions = value.value<QList<SubscriptionInfo>>();
    m_subscriptions += subscriptions;
    Q_EMIT page(subscriptions);
}

QString SubscriptionListJob::listingName() const
{
    return tr("the subscriptions");
}

} // namespace lockbox
