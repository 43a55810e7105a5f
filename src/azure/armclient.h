#pragma once

#include "armbudget.h"
#include "armcall.h"

#include "auth/tokenprovider.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QUrl>

#include <optional>
#include <utility>

class QNetworkAccessManager;

namespace lockbox {

// The one door to Azure Resource Manager: bearer token on every attempt, api-version on every
// call, x-ms-client-request-id, per-attempt timeout, retries with exponential backoff and full
// jitter for reads, Retry-After honoured on 429, ARM error bodies mapped to ArmError, nextLinks
// and redirects confined to the configured endpoint's origin, TLS errors never ignored.
//
// Every attempt of every call goes through one ArmBudget (budget()): reads share `concurrency`
// slots and slow down as ARM's remaining-reads header falls, and a 429 holds back every call of
// this client until its Retry-After has passed. The budget sits where each attempt asks for its
// token (tokenProvider()), so an attempt is sent only once it is granted.
//
// Threading: the client, its QNetworkAccessManager, the TokenProvider and every call object live
// on one thread (the manager is asynchronous; nothing here blocks). Put the whole set on a
// worker thread if parsing big pages must stay off the GUI thread.
class ArmClient final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QUrl endpoint;         // https://management.azure.com, or lockbox-sim's base URL
        int timeoutMs = 30000; // per attempt, without progress (QNetworkRequest::setTransferTimeout)
        int maxReadAttempts = 5;
        int backoffBaseMs = 400;
        int backoffMaxMs = 20000;
        int maxRetryAfterSec = 600; // a longer Retry-After is returned as Throttled, not waited for
        qint64 maxBodyBytes = qint64(128) * 1024 * 1024;
        int maxPages = 100000; // a listing that never ends is a BadReply
        // One listing (every page of one list job: a subscription's requests, the subscriptions,
        // an Activity Log window) holds at most this many items and this many bytes of reply
        // bodies, however its pages are cut, so what a consumer buffers until the listing is
        // complete stays bounded. 100,000 requests of a subscription (about 120 MiB as ARM
        // sends them) fit several times over; more is a BadReply naming the limit.
        qsizetype maxListingItems = 500000;
        qint64 maxListingBytes = qint64(512) * 1024 * 1024;
        // Hard limit of one attempt, however steadily bytes trickle in (timeoutMs only measures
        // silence): a slow-drip reply cannot hold a call for ever.
        int attemptDeadlineMs = 300000;
        // The read budget shared by every call (and so by every subscription).
        ArmBudget::Options budget;
    };

    // `manager` and `tokens` are not owned and must outlive the client.
    ArmClient(QNetworkAccessManager *manager, TokenProvider *tokens, Options options, QObject *parent = nullptr);
    ~ArmClient() override;

    const Options &options() const { return m_options; }
    // What calls send through: a thin front of the manager given to the constructor, which
    // spreads reads over more connections than Qt opens to one host (see ArmClient::Lanes).
    QNetworkAccessManager *manager() const;
    // What each attempt asks for its token: the budget's gate in front of the provider given to
    // the constructor (signInTokens()). It answers once the attempt may be sent.
    TokenProvider *tokenProvider() const;
    TokenProvider *signInTokens() const { return m_tokens; }
    ArmBudget &budget() { return *m_budget; }
    const ArmBudget &budget() const { return *m_budget; }
    // The last x-ms-ratelimit-remaining-subscription-reads seen, -1 before any.
    int lastRemainingReads() const { return m_lastRemainingReads; }

    using Query = QList<std::pair<QString, QString>>; // decoded names and values

    // GET/POST endpoint + `encodedPath` (made with encodePath()) ? api-version & query.
    // `clientRequestId` null: a fresh uuid. `parser` judges a 200's body (none: any 200 is fine).
    ArmCall *get(const QString &encodedPath, const QString &apiVersion, const Query &query = {},
                 const QUuid &clientRequestId = QUuid(), ArmCall::Parser parser = {});
    ArmCall *post(const QString &encodedPath, const QString &apiVersion, const QByteArray &jsonBody,
                  const QUuid &clientRequestId = QUuid(), ArmCall::Parser parser = {});
    // GET an absolute URL (a nextLink); api-version is added when it lacks one. A URL of another
    // scheme, host or port fails with ForeignLink and nothing is sent.
    ArmCall *getUrl(const QUrl &url, const QString &apiVersion, ArmCall::Parser parser = {});
    // A call that fails with `error` from the event loop without sending anything.
    ArmCall *refuse(const ArmError &error);

    QUrl urlFor(const QString &encodedPath, const QString &apiVersion, const Query &query = {}) const;
    // Same scheme, host and port as the endpoint, and no user info.
    bool isSameOrigin(const QUrl &url) const;
    // HTTPS, or plain HTTP to a loopback address. Any other endpoint gets every call refused
    // (Kind::Tls, nothing sent): a bearer token never crosses a network in clear text.
    bool isSecureEndpoint() const;
    // `url` with api-version appended when its query has none.
    static QUrl withApiVersion(const QUrl &url, const QString &apiVersion);

    // "/a/b%3Fc": each segment percent-encoded, so an untrusted id ("x?y#z") cannot change the
    // path or add a query. Nothing when a segment is empty, "." or ".." (URL normalisation would
    // resolve them), or holds '/', '\' or a control character (some servers decode %2F).
    static std::optional<QString> encodePath(const QStringList &segments);
    // "scheme://host:port" of a URL, for messages (never its path, query or user info).
    static QString originOf(const QUrl &url);
    // Retry-After as seconds or an HTTP-date (relative to `now`); nothing when absent or unreadable.
    static std::optional<int> parseRetryAfter(const QByteArray &value, const QDateTime &now);

Q_SIGNALS:
    // x-ms-ratelimit-remaining-subscription-reads of a reply; `subscriptionId` is empty for
    // tenant-level calls. The sync engine budgets its polling with it.
    void rateLimitRemaining(const QString &subscriptionId, int remainingReads);
    // A 429 arrived; the call waits `retryAfterSec` (reads) or fails (writes).
    void throttled(const QString &subscriptionId, int retryAfterSec);

private:
    friend class ArmCall;
    class BudgetGate;
    class Lanes;

    // The gate's side: `call` wants to send an attempt; `answer` gets the token once it may.
    void acquireFor(ArmCall *call, bool forceRefresh, const TokenProvider::Callback &answer);
    void releaseFor(const ArmCall *call);
    void watchReply(ArmCall *call, ArmBudget::Ticket ticket);
    ArmCall *create(const QByteArray &method, const QUrl &url, const QByteArray &body, const QString &apiVersion,
                    const QUuid &clientRequestId, ArmCall::Parser parser);
    void noteReply(const QUrl &url, int status, const QByteArray &remainingReads, int retryAfterSec);
    int backoffMs(int attempt) const;

    QNetworkAccessManager *m_manager;
    QPointer<TokenProvider> m_tokens;
    Options m_options;
    int m_lastRemainingReads = -1;
    ArmBudget *m_budget;
    BudgetGate *m_gate;
    Lanes *m_lanes;
    QHash<const ArmCall *, ArmBudget::Ticket> m_tickets; // calls with an attempt waiting or in flight
    QSet<const ArmCall *> m_watched;
};

} // namespace lockbox
