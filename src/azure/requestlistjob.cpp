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
    : RequestListJob(client, subscriptionId, firstUrl, apiVersion, refusal, std::make_shared<Memory>())
{
}

RequestListJob::RequestListJob(ArmClient *client, const QString &subscriptionId, const QUrl &firstUrl,
                               const QString &apiVersion, const ArmError &refusal, std::shared_ptr<Memory> memory)
    : ArmPager(
        client, firstUrl, apiVersion,
        [subscriptionId, memory](const QByteArray &body) {
            if (!memory->digest)
                return parsePage(body, subscriptionId);
            Page page;
            page.digest = memory->digest(body);
            const auto known = memory->known.constFind(page.digest);
            ArmParseResult result;
            if (known != memory->known.constEnd()) {
                // The same bytes as a page the consumer has: not parsed again.
                page.known = true;
                page.body = body;
                page.items = known->items;
                page.nextLink = known->nextLink;
            } else {
                // A page held as its bytes is read when it is used: checked now, so that a garbled
                // one is retried while the listing runs, and read once. The last page is used at
                // once: it is read now.
                if (memory->keepBodies) {
                    const RequestPageCheck check = checkPage(body);
                    if (!check.ok()) {
                        result.error = check.error;
                        result.retryable = check.syntaxError;
                        return result;
                    }
                    if (!check.nextLink.isEmpty()) {
                        page.kept = true;
                        page.body = body; // shared, not copied
                        page.items = check.items;
                        page.nextLink = check.nextLink;
                    }
                }
                if (!page.kept) {
                    result = parsePage(body, subscriptionId);
                    if (!result.error.isEmpty())
                        return result;
                    page.requests = result.value.value<QList<AccessRequest>>();
                    page.items = result.items;
                    page.nextLink = result.nextLink;
                }
            }
            result.items = page.items;
            result.nextLink = page.nextLink;
            result.value = QVariant::fromValue(page);
            return result;
        },
        refusal, client)
    , m_subscriptionId(subscriptionId)
    , m_memory(std::move(memory))
{
    qRegisterMetaType<lockbox::RequestListJob::Page>();
}

void RequestListJob::setKnownPages(Digest digest, QHash<QByteArray, KnownPage> known)
{
    m_memory->digest = std::move(digest);
    m_memory->known = std::move(known);
}

void RequestListJob::setKeepBodies(bool keep)
{
    m_memory->keepBodies = keep;
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

RequestPageCheck RequestListJob::checkPage(const QByteArray &body)
{
    if (g_pageReader == &AzureJson::parseRequestPage)
        return AzureJson::checkRequestPage(body);
    // Another reader (a test's): read with it, as every page used to be at its arrival.
    const RequestPage read = g_pageReader(body);
    RequestPageCheck check;
    check.error = read.error;
    check.syntaxError = read.syntaxError;
    if (read.ok()) {
        check.items = read.requests.size();
        check.nextLink = read.nextLink;
    }
    return check;
}

void RequestListJob::deliverPage(const QVariant &value)
{
    if (value.metaType() == QMetaType::fromType<Page>()) {
        Page listed = value.value<Page>();
        listed.armRequestId = deliveringRequestId();
        m_count += listed.items;
        if (!listed.known && !listed.kept)
            Q_EMIT page(listed.requests);
        if (!isFinished())
            Q_EMIT listPage(listed);
        return;
    }
    const auto requests = value.value<QList<AccessRequest>>();
    m_count += requests.size();
    Q_EMIT page(requests);
}

QString RequestListJob::listingName() const
{
    return tr("the requests of subscription %1").arg(m_subscriptionId);
}

} // namespace lockbox
