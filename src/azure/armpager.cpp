#include "armpager.h"

#include "armclient.h"
#include "azurelogging.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

QString sizeText(qint64 bytes)
{
    constexpr qint64 kMiB = qint64(1024) * 1024;
    return bytes % kMiB == 0 ? ArmPager::tr("%1 MiB").arg(bytes / kMiB) : ArmPager::tr("%1 bytes").arg(bytes);
}

} // namespace

ArmPager::ArmPager(ArmClient *client, QUrl firstUrl, QString apiVersion, ArmCall::Parser parser, ArmError refusal,
                   QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_first(std::move(firstUrl))
    , m_apiVersion(std::move(apiVersion))
    , m_parser(std::move(parser))
    , m_refusal(std::move(refusal))
{
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_refusal.isError())
                finish(m_refusal);
            else
                fetch(m_first);
        },
        Qt::QueuedConnection);
}

ArmPager::~ArmPager()
{
    if (m_call) {
        m_call->disconnect(this);
        delete m_call.data(); // abandons the attempt in flight
    }
}

void ArmPager::fetchMore()
{
    if (!hasMore())
        return;
    const QUrl next = std::exchange(m_next, QUrl());
    fetch(next);
}

void ArmPager::cancel()
{
    if (!m_finished)
        finish(ArmError::make(ArmError::Kind::Cancelled));
}

void ArmPager::fetch(const QUrl &url)
{
    if (m_finished)
        return;
    m_seen.insert(url.toEncoded());
    ArmCall *call = m_client->getUrl(url, m_apiVersion, m_parser);
    m_call = call;
    connect(call, &ArmCall::finished, this, [this, call] { onCallFinished(call); });
}

void ArmPager::onCallFinished(ArmCall *call)
{
    if (call != m_call || m_finished)
        return;
    m_call = nullptr;
    m_seen.insert(call->url().toEncoded()); // as sent: with api-version, after a redirect
    if (!call->isOk()) {
        finish(call->error());
        return;
    }

    QUrl next;
    const QString link = call->nextLink();
    if (!link.isEmpty()) {
        // The page is judged with its link: a page whose link is unusable is itself a bad reply,
        // so none of it is delivered.
        const QUrl given(link, QUrl::TolerantMode);
        if (!given.isValid()) {
            finish(ArmError::make(ArmError::Kind::BadReply, tr("nextLink is not a URL: \"%1\"").arg(link.left(100)),
                                  true));
            return;
        }
        next = call->url().resolved(given);
        if (!m_client->isSameOrigin(next)) {
            qCWarning(lcAzure).noquote() << "refused a nextLink to" << ArmClient::originOf(next)
                                         << "(not the configured endpoint); no request was sent there";
            finish(ArmError::make(ArmError::Kind::ForeignLink, ArmClient::originOf(next)));
            return;
        }
        if (m_seen.contains(next.toEncoded())) {
            finish(ArmError::make(ArmError::Kind::BadReply,
                                  tr("nextLink points back to a page already fetched; the listing would never end"),
                                  true));
            return;
        }
        if (m_pages + 1 >= m_client->options().maxPages) {
            finish(ArmError::make(ArmError::Kind::BadReply,
                                  tr("the listing goes on past %1 pages").arg(m_client->options().maxPages), true));
            return;
        }
    }

    // Counted before the page is handed out: a consumer that buffers the listing never holds
    // more than the limits.
    const ArmClient::Options &options = m_client->options();
    if (m_items + call->itemCount() > options.maxListingItems) {
        m_passedListingLimit = true;
        finish(ArmError::make(
            ArmError::Kind::BadReply,
            tr("%1 go on past %2 items; one listing is limited to %2").arg(listingName()).arg(options.maxListingItems),
            true));
        return;
    }
    if (m_bytes + call->bodyBytes() > options.maxListingBytes) {
        m_passedListingLimit = true;
        finish(ArmError::make(ArmError::Kind::BadReply,
                              tr("%1 go on past %2 of replies; one listing is limited to %2")
                                  .arg(listingName(), sizeText(options.maxListingBytes)),
                              true));
        return;
    }
    m_items += call->itemCount();
    m_bytes += call->bodyBytes();
    ++m_pages;
    m_deliveringRequestId = QString::fromLatin1(call->rawHeader("x-ms-request-id").left(100));
    deliverPage(call->value());
    m_deliveringRequestId.clear();
    if (m_finished) // the consumer cancelled
        return;
    if (next.isEmpty()) {
        finish(ArmError());
        return;
    }
    m_next = next;
    if (m_autoAdvance)
        fetchMore();
}

QString ArmPager::listingName() const
{
    return tr("the listing's items");
}

void ArmPager::finish(const ArmError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    m_next = QUrl();
    if (m_call) {
        m_call->disconnect(this);
        m_call->cancel();
        m_call = nullptr;
    }
    QMetaObject::invokeMethod(
        this,
        [this] {
            Q_EMIT finished(m_error);
            if (m_autoDelete)
                deleteLater();
        },
        Qt::QueuedConnection);
}

} // namespace lockbox
