#include "activitylistjob.h"

#include "armclient.h"
#include "azurejson.h"

#include <utility>

namespace lockbox {

ActivityListJob::ActivityListJob(ArmClient *client, QString subscriptionId, const QUrl &firstUrl,
                                 const QString &apiVersion, const ArmError &refusal)
    : ArmPager(client, firstUrl, apiVersion, &ActivityListJob::parsePage, refusal, client)
    , m_subscriptionId(std::move(subscriptionId))
{
}

ArmParseResult ActivityListJob::parsePage(const QByteArray &body)
{
    const ActivityPage page = AzureJson::parseActivityPage(body);
    ArmParseResult result;
    if (!page.ok()) {
        result.error = page.error;
        result.retryable = page.syntaxError;
        return result;
    }
    result.value = QVariant::fromValue(page.events);
    result.items = page.events.size();
    result.nextLink = page.nextLink;
    return result;
}

void ActivityListJob::deliverPage(const QVariant &value)
{
    const auto events = value.value<QList<ActivityEvent>>();
    m_events += events;
    Q_EMIT page(events);
}

QString ActivityListJob::listingName() const
{
    return tr("the Activity Log events of subscription %1").arg(m_subscriptionId);
}

} // namespace lockbox
