#include "armclient.h"

#include "azurelogging.h"

#include <QDateTime>
#include <QHostAddress>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QUrlQuery>

#include <memory>
#include <utility>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

QString encodeQuery(const ArmClient::Query &query)
{
    QStringList items;
    for (const auto &[name, value] : query) {
        // '$' stays readable in "$filter"; everything else that could split or change the query
        // ('&', '=', '+', '#', quotes) is encoded.
        items.append(QString::fromLatin1(QUrl::toPercentEncoding(name, "$") + '=' + QUrl::toPercentEncoding(value)));
    }
    return items.join(u'&');
}

int defaultPort(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return scheme == u"https" ? 443 : scheme == u"http" ? 80 : -1;
}

QString subscriptionOf(const QUrl &url)
{
    const QStringList parts = url.path(QUrl::FullyDecoded).split(u'/', Qt::SkipEmptyParts);
    if (parts.size() >= 2 && parts.at(0).compare(u"subscriptions", Qt::CaseInsensitive) == 0)
        return parts.at(1);
    return {};
}

} // namespace

// What ArmCall asks for a token before each attempt. It answers only once the budget lets the
// attempt go, which is what puts every attempt under the budget: ArmCall sends as soon as it has
// its token.
class ArmClient::BudgetGate final : public TokenProvider
{
public:
    explicit BudgetGate(ArmClient *client)
        : TokenProvider(client)
        , m_client(client)
    {
    }

    void token(bool forceRefresh, QObject *context, Callback callback) override
    {
        auto *call = qobject_cast<ArmCall *>(context);
        if (call && call->parent() == m_client) {
            m_client->acquireFor(call, forceRefresh, callback);
            return;
        }
        // Not one of our calls: nothing to budget.
        if (TokenProvider *tokens = m_client->m_tokens)
            tokens->token(forceRefresh, context, std::move(callback));
        else
            callback(QByteArray(), ArmClient::tr("no token provider is configured"));
    }

    QString identity() const override
    {
        const TokenProvider *tokens = m_client->m_tokens;
        return tokens ? tokens->identity() : QString();
    }

    AuthError lastFailure() const override
    {
        const TokenProvider *tokens = m_client->m_tokens;
        return tokens ? tokens->lastFailure() : AuthError();
    }

private:
    ArmClient *m_client;
};

// Qt 6.4 opens at most six HTTP/1.1 connections to one host (QHttp1Configuration, which can raise
// it, came with 6.5); a seventh request waits inside Qt however many the budget allows. So with a
// read concurrency above six, reads are spread over two connection pools ("lanes"): requests of
// the second carry the endpoint's own host as their peer verify name, which is what TLS checks
// anyway, and which is part of Qt's connection-pool key. Over HTTP/2 (ARM on TLS) each lane
// multiplexes its requests on one connection, so the split costs one connection more at most.
//
// Everything else is the given manager's: this front only forwards each request to it (so its
// proxy, TLS and cache settings apply) and counts what each lane has in flight.
class ArmClient::Lanes final : public QNetworkAccessManager
{
public:
    static constexpr int kConnectionsPerHost = 6;

    explicit Lanes(ArmClient *client)
        : QNetworkAccessManager(client)
        , m_client(client)
    {
    }

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &original, QIODevice *data) override
    {
        QNetworkAccessManager *target = m_client->m_manager;
        QNetworkRequest request(original);
        int lane = 0;
        if (op == GetOperation && m_client->m_budget->concurrency() > kConnectionsPerHost
            && m_inFlight[1] < m_inFlight[0]) {
            lane = 1;
            request.setPeerVerifyName(request.url().host());
        }
        QNetworkReply *reply = nullptr;
        switch (op) {
        case HeadOperation:
            reply = target->head(request);
            break;
        case GetOperation:
            reply = target->get(request);
            break;
        case PutOperation:
            reply = target->put(request, data);
            break;
        case PostOperation:
            reply = target->post(request, data);
            break;
        case DeleteOperation:
            reply = target->deleteResource(request);
            break;
        default:
            reply = target->sendCustomRequest(
                request, request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray(), data);
            break;
        }
        ++m_inFlight[lane];
        auto done = std::make_shared<bool>(false);
        const auto close = [this, lane, done] {
            if (!std::exchange(*done, true))
                --m_inFlight[lane];
        };
        connect(reply, &QNetworkReply::finished, this, close);
        connect(reply, &QObject::destroyed, this, close);
        return reply;
    }

private:
    ArmClient *m_client;
    int m_inFlight[2] = {0, 0};
};

ArmClient::ArmClient(QNetworkAccessManager *manager, TokenProvider *tokens, Options options, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_tokens(tokens)
    , m_options(std::move(options))
{
    Q_ASSERT(manager);
    m_options.maxReadAttempts = qMax(1, m_options.maxReadAttempts);
    m_options.timeoutMs = qMax(1, m_options.timeoutMs);
    m_options.backoffBaseMs = qMax(0, m_options.backoffBaseMs);
    m_options.backoffMaxMs = qMax(m_options.backoffBaseMs, m_options.backoffMaxMs);
    m_options.maxPages = qMax(1, m_options.maxPages);
    m_options.attemptDeadlineMs = qMax(m_options.timeoutMs, m_options.attemptDeadlineMs);
    m_budget = new ArmBudget(m_options.budget, this);
    m_gate = new BudgetGate(this);
    m_lanes = new Lanes(this);
}

ArmClient::~ArmClient()
{
    // Calls first, while the budget they hand their tickets back to still exists.
    const QList<ArmCall *> calls = findChildren<ArmCall *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(calls);
}

QNetworkAccessManager *ArmClient::manager() const
{
    return m_lanes;
}

TokenProvider *ArmClient::tokenProvider() const
{
    return m_gate;
}

void ArmClient::acquireFor(ArmCall *call, bool forceRefresh, const TokenProvider::Callback &answer)
{
    // A call that asks again (a retry, a redirect, a fresh token after a 401) starts a new attempt.
    releaseFor(call);
    if (!m_watched.contains(call)) {
        m_watched.insert(call);
        connect(call, &ArmCall::finished, this, [this, call] { releaseFor(call); });
        connect(call, &QObject::destroyed, this, [this, call] {
            releaseFor(call);
            m_watched.remove(call);
        });
    }
    const QPointer<ArmCall> guard(call);
    const auto ticket = std::make_shared<ArmBudget::Ticket>(0);
    *ticket = m_budget->acquire(call->isWrite(), call, [this, guard, ticket, forceRefresh, answer] {
        TokenProvider *tokens = m_tokens;
        if (!guard || m_tickets.value(guard.data()) != *ticket)
            return;
        if (!tokens) {
            answer(QByteArray(), tr("no token provider is configured"));
            return;
        }
        tokens->token(forceRefresh, guard.data(),
                      [this, guard, ticket, forceRefresh, answer](const QByteArray &token, const QString &error) {
                          // A 429 that arrived while the token was on its way holds this attempt back
                          // too: it asks the budget again and goes after the Retry-After.
                          if (guard && !token.isEmpty() && m_budget->throttledForMs() > 0
                              && m_tickets.value(guard.data()) == *ticket) {
                              acquireFor(guard.data(), forceRefresh, answer);
                              return;
                          }
                          answer(token, error);
                          // ArmCall sends as soon as it has the token, so its reply exists now, or nothing was sent.
                          if (guard && m_tickets.value(guard.data()) == *ticket)
                              watchReply(guard.data(), *ticket);
                      });
    });
    m_tickets.insert(call, *ticket);
}

void ArmClient::watchReply(ArmCall *call, ArmBudget::Ticket ticket)
{
    QNetworkReply *reply = call->m_reply;
    if (!reply) {
        releaseFor(call);
        return;
    }
    // After ArmCall's own handling of the reply (it connected first); a retry it schedules asks
    // the budget again, which sees this reply's 429 or remaining reads by then.
    connect(reply, &QNetworkReply::finished, this, [this, reply, ticket, call = QPointer<ArmCall>(call)] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        bool ok = false;
        int remaining = reply->rawHeader("x-ms-ratelimit-remaining-subscription-reads").trimmed().toInt(&ok);
        if (!ok || remaining < 0)
            remaining = -1;
        int retryAfter = -1;
        if (status == 429) {
            if (const auto seconds = parseRetryAfter(reply->rawHeader("Retry-After"), QDateTime::currentDateTimeUtc()))
                retryAfter = *seconds;
        }
        m_budget->noteReply(ticket, status, remaining, retryAfter);
        m_budget->release(ticket);
        if (call && m_tickets.value(call.data()) == ticket)
            m_tickets.remove(call.data());
    });
    connect(reply, &QObject::destroyed, this, [this, ticket, call = QPointer<ArmCall>(call)] {
        m_budget->release(ticket);
        if (call && m_tickets.value(call.data()) == ticket)
            m_tickets.remove(call.data());
    });
}

void ArmClient::releaseFor(const ArmCall *call)
{
    const auto it = m_tickets.constFind(call);
    if (it == m_tickets.constEnd())
        return;
    const ArmBudget::Ticket ticket = *it;
    m_tickets.erase(it);
    m_budget->release(ticket);
}

ArmCall *ArmClient::create(const QByteArray &method, const QUrl &url, const QByteArray &body, const QString &apiVersion,
                           const QUuid &clientRequestId, ArmCall::Parser parser)
{
    auto *call = new ArmCall(this, method, url, body, apiVersion, clientRequestId, std::move(parser));
    if (!isSecureEndpoint()) {
        call->m_refusal = ArmError::make(
            ArmError::Kind::Tls,
            tr("the endpoint %1 is plain HTTP on another machine; a token is only sent over HTTPS (or to a "
               "simulator on this machine)")
                .arg(originOf(m_options.endpoint)));
    }
    return call;
}

bool ArmClient::isSecureEndpoint() const
{
    const QUrl &endpoint = m_options.endpoint;
    if (endpoint.scheme().compare(u"https", Qt::CaseInsensitive) == 0)
        return true;
    if (endpoint.scheme().compare(u"http", Qt::CaseInsensitive) != 0)
        return false;
    // Plain HTTP only to this machine: lockbox-sim in tests and the demo.
    const QString host = endpoint.host();
    return host.compare(u"localhost", Qt::CaseInsensitive) == 0 || QHostAddress(host).isLoopback();
}

ArmCall *ArmClient::get(const QString &encodedPath, const QString &apiVersion, const Query &query,
                        const QUuid &clientRequestId, ArmCall::Parser parser)
{
    return create("GET", urlFor(encodedPath, apiVersion, query), QByteArray(), apiVersion, clientRequestId,
                  std::move(parser));
}

ArmCall *ArmClient::post(const QString &encodedPath, const QString &apiVersion, const QByteArray &jsonBody,
                         const QUuid &clientRequestId, ArmCall::Parser parser)
{
    return create("POST", urlFor(encodedPath, apiVersion), jsonBody, apiVersion, clientRequestId, std::move(parser));
}

ArmCall *ArmClient::getUrl(const QUrl &url, const QString &apiVersion, ArmCall::Parser parser)
{
    if (!isSameOrigin(url)) {
        ArmCall *call = create("GET", QUrl(), QByteArray(), apiVersion, QUuid(), std::move(parser));
        call->m_refusal = ArmError::make(ArmError::Kind::ForeignLink, originOf(url));
        return call;
    }
    return create("GET", withApiVersion(url, apiVersion), QByteArray(), apiVersion, QUuid(), std::move(parser));
}

QUrl ArmClient::withApiVersion(const QUrl &url, const QString &apiVersion)
{
    if (apiVersion.isEmpty() || QUrlQuery(url).hasQueryItem(u"api-version"_s))
        return url;
    QUrl target = url;
    const QString api = encodeQuery({{u"api-version"_s, apiVersion}});
    const QString query = target.query(QUrl::FullyEncoded);
    target.setQuery(query.isEmpty() ? api : query + u'&' + api, QUrl::StrictMode);
    return target;
}

ArmCall *ArmClient::refuse(const ArmError &error)
{
    ArmCall *call = create("GET", QUrl(), QByteArray(), QString(), QUuid(), {});
    call->m_refusal = error;
    return call;
}

QUrl ArmClient::urlFor(const QString &encodedPath, const QString &apiVersion, const Query &query) const
{
    QUrl url = m_options.endpoint;
    QString base = url.path(QUrl::FullyEncoded);
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + encodedPath, QUrl::StrictMode);
    Query all = query;
    all.prepend({u"api-version"_s, apiVersion});
    url.setQuery(encodeQuery(all), QUrl::StrictMode);
    url.setFragment(QString());
    return url;
}

bool ArmClient::isSameOrigin(const QUrl &url) const
{
    const QUrl &endpoint = m_options.endpoint;
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return false;
    // User info in a link would make the network stack send credentials of its own.
    if (!url.userInfo().isEmpty())
        return false;
    return url.scheme().compare(endpoint.scheme(), Qt::CaseInsensitive) == 0
        && url.host().compare(endpoint.host(), Qt::CaseInsensitive) == 0
        && url.port(defaultPort(url)) == endpoint.port(defaultPort(endpoint));
}

std::optional<QString> ArmClient::encodePath(const QStringList &segments)
{
    QString path;
    for (const QString &segment : segments) {
        if (segment.isEmpty() || segment == u"." || segment == u"..")
            return std::nullopt;
        // Encoded, '/' would be safe for ARM, but proxies and servers that decode %2F before
        // routing exist (lockbox-sim is one): an id with a path separator is refused outright.
        for (const QChar c : segment) {
            if (c == u'/' || c == u'\\' || c.unicode() < 0x20 || c.unicode() == 0x7f)
                return std::nullopt;
        }
        path += u'/' + QString::fromLatin1(QUrl::toPercentEncoding(segment));
    }
    return path;
}

QString ArmClient::originOf(const QUrl &url)
{
    if (url.host().isEmpty())
        return url.scheme().isEmpty() ? tr("a link without a host") : url.scheme() + u":"_s;
    const int port = url.port(defaultPort(url));
    return url.scheme() + u"://"_s + url.host() + (port >= 0 ? u':' + QString::number(port) : QString());
}

std::optional<int> ArmClient::parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qlonglong seconds = text.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? std::nullopt : std::optional<int>(int(qMin<qlonglong>(seconds, 1 << 30)));
    // HTTP-date (IMF-fixdate): "Sun, 06 Nov 1994 08:49:37 GMT". Qt's RFC2822Date does not take "GMT".
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(text), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    // Rounded up: waiting a fraction longer is fine, retrying a fraction early is not.
    const qint64 ms = now.msecsTo(when);
    return ms <= 0 ? 0 : int(qMin<qint64>((ms + 999) / 1000, 1 << 30));
}

void ArmClient::noteReply(const QUrl &url, int status, const QByteArray &remainingReads, int retryAfterSec)
{
    const QString subscription = subscriptionOf(url);
    bool ok = false;
    const int remaining = remainingReads.trimmed().toInt(&ok);
    if (ok && remaining >= 0) {
        m_lastRemainingReads = remaining;
        Q_EMIT rateLimitRemaining(subscription, remaining);
    }
    if (status == 429) {
        qCInfo(lcAzure).noquote() << "throttled on" << url.path() << "retry after" << retryAfterSec << "s";
        Q_EMIT throttled(subscription, retryAfterSec);
    }
}

int ArmClient::backoffMs(int attempt) const
{
    // Exponential backoff with full jitter: uniform in [0, min(max, base * 2^(attempt-1))], so
    // many clients that failed together do not retry together.
    const qint64 ceiling =
        qMin<qint64>(m_options.backoffMaxMs, qint64(m_options.backoffBaseMs) << qBound(0, attempt - 1, 20));
    return int(QRandomGenerator::global()->bounded(ceiling + 1));
}

} // namespace lockbox
