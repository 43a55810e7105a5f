#include "requestlistjob.h"

#include "armclient.h"
#include "azurejson.h"
#include "azurelogging.h"

namespace lockbox {

namespace {
RequestListJob::PageReader g_pageReader = &AzureJson::parseRequestPage;
} // namespace

void RequestListJob::setPageReader(PageReader reader)
{
    g_pageReader = reader ? reader : &AzureJson::parseRequestPage;
}

RequestListJob::RequestListJob(ArmClient *client, const QString &subscriptionId, const QUrl &firstUrl,
                               const QString &apiVersion, const ArmError &refusal)
    : ArmPager(
        client, firstUrl, apiVersion,
        [subscriptionId](const QByteArray &body) { return parsePage(body, subscriptionId); }, refusal, client)
    , m_subscriptionId(subscriptionId)
{
}

ArmParseResult RequestListJob::parsePage(const QByteArray &body, const QString &subscriptionId)
{
    RequestPage page = g_pageReader(body);
    ArmParseResult result;
    if (!page.ok()) {
        result.error = page.error;
        result.retryable = page.syntaxError;
        return result;
    }
    if (!page.warnings.isEmpty()) {
        qCWarning(lcAzure).noquote() << "a page of requests of" << subscriptionId << "was read with"
                                     << page.warnings.size() << "warning(s), first:" << page.warnings.first();
    }
    for (AccessRequest &r : page.requests) {
        if (r.subscriptionId.isEmpty())
            r.subscriptionId = subscriptionId;
    }
    result.value = QVariant::fromValue(page.requests);
    result.items = page.requests.size();
    result.nextLink = page.nextLink;
    return result;
}

void RequestListJob::deliverPage(const QVariant &value)
{
    const auto requests = value.value<QList<AccessRequest>>();
    m_count += requests.size();
    Q_EMIT page(requests);
}

QString RequestListJob::listingName() const
{
    return tr("the requests of subscription %1").arg(m_subscriptionId);
}

} // namespace lockbox
