#include "armcall.h"

#include "armclient.h"
#include "azurejson.h"
#include "azurelogging.h"
#include "oneshotuploaddevice.h"

#include "auth/tokenprovider.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

#include <algorithm>
#include <cstring>
#include <limits>

#if QT_CONFIG(ssl)
#  include <QSslError>

#  include <utility>
#endif

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

// A 429 without Retry-After waits this long (ARM always sends one; gateways may not).
constexpr int kDefaultRetryAfterSec = 5;
// The longest Retry-After a read ever waits for, whatever Options::maxRetryAfterSec says: a day.
// Its milliseconds fit an int (a QTimer's interval) with room to spare; a server asking for
// longer gets its call failed as Throttled instead.
constexpr int kMaxRetryWaitSec = 24 * 3600;
// Room kept after a reply's bytes: the JSON readers read up to this far past the end (simdjson's
// SIMDJSON_PADDING), so a body with it is read in place rather than copied first.
constexpr qsizetype kBodyPadding = 64;

// The whole body, in a buffer of its size and the padding. readAll() grows its buffer as it reads
// and keeps the spare room, often as much again as the page: a page a listing holds until it is
// complete would cost twice its size.
QByteArray readBody(QNetworkReply *reply)
{
    const qint64 available = reply->bytesAvailable();
    QByteArray body;
    if (available > 0 && available < qint64(std::numeric_limits<qsizetype>::max()) - kBodyPadding) {
        // Allocated at this size exactly (resize() would round up to the next power of two); the
        // padding is set (spaces), not left as whatever the allocator gave: it is read.
        body = QByteArray(qsizetype(available) + kBodyPadding, Qt::Uninitialized);
        std::memset(body.data() + available, ' ', size_t(kBodyPadding));
        const qint64 read = std::max<qint64>(reply->read(body.data(), available), 0);
        if (read < available) // a short read: the padding starts where the bytes end
            std::memset(body.data() + read, ' ', size_t(kBodyPadding));
        body.resize(qsizetype(read)); // shrinking keeps the buffer and its padding
    }
    if (reply->bytesAvailable() > 0) // not all buffered yet: the rest as it comes
        body += reply->readAll();
    return body;
}

bool isHtml(const QByteArray &body)
{
    return body.left(256).trimmed().startsWith('<');
}

} // namespace

ArmCall::ArmCall(ArmClient *client, QByteArray method, QUrl url, QByteArray body, QString apiVersion,
                 const QUuid &clientRequestId, Parser parser)
    : QObject(client)
    , m_client(client)
    , m_method(std::move(method))
    , m_url(std::move(url))
    , m_requestBody(std::move(body))
    , m_apiVersion(std::move(apiVersion))
    , m_clientRequestId(clientRequestId.isNull() ? QUuid::createUuid() : clientRequestId)
    , m_parser(std::move(parser))
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_reply) {
            m_deadlineHit = true;
            m_reply->abort();
        }
    });
    m_retryTimer.setSingleShot(true);
    // "Never sooner than Retry-After": a coarse timer may fire up to 5 % early.
    m_retryTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_retryTimer, &QTimer::timeout, this, &ArmCall::onRetryTimer);
    // Started from the event loop, so the caller can connect to finished() first.
    QMetaObject::invokeMethod(this, &ArmCall::startAttempt, Qt::QueuedConnection);
}

ArmCall::~ArmCall()
{
    abortReply();
}

QByteArray ArmCall::rawHeader(const QByteArray &lowerName) const
{
    for (const auto &h : m_headers) {
        if (h.first == lowerName)
            return h.second;
    }
    return {};
}

void ArmCall::cancel()
{
    if (m_finished)
        return;
    const bool inFlight = !m_reply.isNull();
    abortReply();
    m_retryTimer.stop();
    finish(ArmError::make(ArmError::Kind::Cancelled, QString(), inFlight));
}

void ArmCall::abortReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    m_deadline.stop();
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void ArmCall::startAttempt()
{
    if (m_finished)
        return;
    if (m_refusal) {
        finish(*m_refusal);
        return;
    }
    ++m_attempts;
    Q_EMIT attemptStarted(m_attempts);
    if (m_finished) // a slot cancelled the call
        return;

    TokenProvider *tokens = m_client->tokenProvider();
    if (!tokens) {
        finish(ArmError::make(ArmError::Kind::NoToken, tr("no token provider is configured")));
        return;
    }
    const bool forceRefresh = std::exchange(m_forceRefresh, false);
    // Guarded as well as given as context: a provider that finishes a refresh after this call
    // was deleted must find nothing to call back.
    const QPointer<ArmCall> self(this);
    tokens->token(forceRefresh, this, [self](const QByteArray &token, const QString &error) {
        if (self)
            self->onToken(token, error);
    });
}

void ArmCall::onToken(const QByteArray &token, const QString &error)
{
    if (m_finished || m_reply)
        return;
    if (token.isEmpty()) {
        ArmError e = ArmError::make(ArmError::Kind::NoToken,
                                    error.isEmpty() ? tr("the token provider gave no token; sign in again") : error);
        // The sign-in service could not be reached: a network failure to retry later, not a
        // sign-in that is gone.
        const TokenProvider *tokens = m_client->tokenProvider();
        switch (tokens ? tokens->lastFailure().kind : AuthError::Kind::None) {
        case AuthError::Kind::Network:
        case AuthError::Kind::Server:
            e.kind = ArmError::Kind::Network;
            e.message = tr("cannot reach the sign-in service: %1").arg(error);
            break;
        default:
            break;
        }
        // After a 401 the refresh failed: the user must sign in again, which is the 401's message.
        if (m_refreshedToken && m_error.kind == ArmError::Kind::Unauthorized) {
            e = m_error;
            if (!error.isEmpty())
                e.detail = error;
        }
        finish(e);
        return;
    }
    send(token);
}

void ArmCall::send(const QByteArray &token)
{
    QNetworkRequest request(m_url);
    request.setRawHeader("Authorization", "Bearer " + token);
    request.setRawHeader("x-ms-client-request-id", m_clientRequestId.toByteArray(QUuid::WithoutBraces));
    request.setRawHeader("Accept", "application/json");
    // Redirects are judged here (same origin only), so the token never follows one elsewhere.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    // Replies hold customer data: nothing goes to a disk cache or a cookie jar.
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setTransferTimeout(m_client->options().timeoutMs);

    m_requestSentSeen = false;
    m_tooLarge = false;
    m_deadlineHit = false;
    m_sslErrors.clear();
    m_badReplyRetryable = false;
    m_attemptClock.start();

    QNetworkAccessManager *manager = m_client->manager();
    QNetworkReply *reply = nullptr;
    if (isWrite()) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        // Never re-sent by Qt behind our back: see OneShotUploadDevice.
        request.setHeader(QNetworkRequest::ContentLengthHeader, m_requestBody.size());
        request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        // HTTP/1.1 for writes: the path whose no-resend behaviour the tests prove. Decisions are
        // rare; reads keep HTTP/2 where the server offers it.
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        auto *upload = new OneShotUploadDevice(m_requestBody);
        reply = manager->post(request, upload);
        upload->setParent(reply);
    } else {
        reply = manager->get(request);
    }
    m_reply = reply;
    connect(reply, &QNetworkReply::requestSent, this, [this] { m_requestSentSeen = true; });
    connect(reply, &QNetworkReply::metaDataChanged, this, &ArmCall::onMetaDataChanged);
    connect(reply, &QNetworkReply::downloadProgress, this, &ArmCall::onDownloadProgress);
#if QT_CONFIG(ssl)
    // Collected for the message only: the errors are never ignored, so the handshake fails.
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &e : errors)
            texts.append(e.errorString());
        m_sslErrors = texts.join(u"; "_s);
    });
#endif
    connect(reply, &QNetworkReply::finished, this, &ArmCall::onReplyFinished);
    m_deadline.start(m_client->options().attemptDeadlineMs);
    qCDebug(lcAzure).noquote() << m_method << m_url.path() << "attempt" << m_attempts;
}

void ArmCall::onMetaDataChanged()
{
    if (!m_reply)
        return;
    bool ok = false;
    const qint64 length = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
    if (ok && length > m_client->options().maxBodyBytes) {
        // Refuse before downloading: the announced size alone is over the cap.
        m_tooLarge = true;
        m_reply->abort();
    }
}

void ArmCall::onDownloadProgress(qint64 received, qint64 /*total*/)
{
    if (m_reply && received > m_client->options().maxBodyBytes) {
        m_tooLarge = true;
        m_reply->abort();
    }
}

void ArmCall::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    m_deadline.stop();
    reply->disconnect(this);
    reply->deleteLater();

    m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_headers.clear();
    const auto pairs = reply->rawHeaderPairs();
    for (const auto &h : pairs)
        m_headers.append({h.first.toLower(), h.second});
    m_body = m_tooLarge || !reply->isOpen() ? QByteArray() : readBody(reply);
    m_bodyBytes = m_body.size();
    m_value.clear();
    m_items = 0;
    m_nextLink.clear();
    const int networkError = int(reply->error());
    const QString errorString = reply->errorString();
    const QUrl redirectTarget = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();

    qCDebug(lcAzure).noquote() << m_method << m_url.path() << "->" << m_status << "error" << networkError << "in"
                               << m_attemptClock.elapsed() << "ms";

    if (m_status >= 300 && m_status < 400 && !redirectTarget.isEmpty() && !m_tooLarge) {
        const QUrl target = m_url.resolved(redirectTarget);
        if (!isWrite() && !m_followedRedirect && m_client->isSameOrigin(target)) {
            // One redirect within the endpoint is allowed (a moved collection); the token may go
            // there because it is the same origin.
            m_followedRedirect = true;
            m_url = ArmClient::withApiVersion(target, m_apiVersion);
            qCInfo(lcAzure).noquote() << "following a same-origin redirect to" << target.path();
            startAttempt();
            return;
        }
        ArmError e = ArmError::make(ArmError::Kind::Redirect,
                                    m_client->isSameOrigin(target)
                                        ? tr("%1 (a second redirect, or one for a write)").arg(target.path().left(200))
                                        : ArmClient::originOf(target),
                                    true);
        e.httpStatus = m_status;
        e.armRequestId = QString::fromLatin1(rawHeader("x-ms-request-id").left(100));
        qCWarning(lcAzure).noquote() << "refused a redirect of" << m_method << m_url.path() << "to"
                                     << ArmClient::originOf(target);
        finish(e);
        return;
    }

    ArmError e = classify(networkError, errorString);
    m_client->noteReply(m_url, m_status, rawHeader("x-ms-ratelimit-remaining-subscription-reads"),
                        e.kind == ArmError::Kind::Throttled ? e.retryAfterSec : -1);
    if (e.isError())
        handleFailure(e);
    else
        finish(e);
}

ArmError ArmCall::classify(int networkError, const QString &errorString)
{
    ArmError e;
    e.httpStatus = m_status;
    e.requestSent = true;
    e.armRequestId = QString::fromLatin1(rawHeader("x-ms-request-id").left(100));
    const auto error = QNetworkReply::NetworkError(networkError);

    if (m_deadlineHit) {
        e.kind = ArmError::Kind::Timeout;
        e.detail = tr("the reply took longer than %1 s").arg(m_client->options().attemptDeadlineMs / 1000);
        return e;
    }
    if (m_tooLarge) {
        e.kind = ArmError::Kind::BadReply;
        e.detail = tr("the reply is larger than %1 MiB").arg(m_client->options().maxBodyBytes / (qint64(1024) * 1024));
        return e;
    }

    if (m_status == 0) {
        switch (error) {
        case QNetworkReply::ConnectionRefusedError:
        case QNetworkReply::HostNotFoundError:
        case QNetworkReply::TemporaryNetworkFailureError:
        case QNetworkReply::NetworkSessionFailedError:
        case QNetworkReply::BackgroundRequestNotAllowedError:
        case QNetworkReply::ProxyConnectionRefusedError:
        case QNetworkReply::ProxyNotFoundError:
        case QNetworkReply::ProxyAuthenticationRequiredError:
            // No connection was made: the request cannot have reached the service. Qt's words
            // ("Connection refused") do not say to what.
            e.kind = ArmError::Kind::Network;
            e.requestSent = false;
            e.detail = tr("%1 at %2")
                           .arg(errorString,
                                m_client->options().endpoint.toString(QUrl::RemovePath | QUrl::RemoveQuery
                                                                      | QUrl::RemoveFragment | QUrl::RemoveUserInfo));
            return e;
        case QNetworkReply::SslHandshakeFailedError:
            e.kind = ArmError::Kind::Tls;
            e.requestSent = false;
            e.detail = m_sslErrors.isEmpty() ? errorString : m_sslErrors;
            return e;
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            // cancel() never gets here (it disconnects first), so this is the transfer timeout.
            // Conservatively "sent": the request may sit in the server's socket buffer.
            e.kind = ArmError::Kind::Timeout;
            e.detail = tr("no reply within %1 ms").arg(m_client->options().timeoutMs);
            return e;
        case QNetworkReply::ContentReSendError:
            // The connection dropped and Qt wanted to send the write again; OneShotUploadDevice
            // refused, so it went out once and its fate is unknown.
            e.kind = ArmError::Kind::Network;
            e.detail = tr("the connection dropped before Azure answered");
            return e;
        case QNetworkReply::NoError:
            e.kind = ArmError::Kind::BadReply;
            m_badReplyRetryable = true;
            e.detail = tr("the reply has no HTTP status");
            return e;
        default:
            // Reset, closed, protocol garbage before a status line: the server may have acted.
            e.kind = ArmError::Kind::Network;
            e.detail = errorString;
            return e;
        }
    }

    // A status line arrived. Errors of the transport after it mean the body was cut short or is
    // not HTTP; errors derived from the status itself (ContentNotFound…) are mapped below.
    const bool transport = (networkError > 0 && networkError < 100) || error == QNetworkReply::ProtocolFailure
        || error == QNetworkReply::ProtocolUnknownError;
    if (transport) {
        if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError) {
            e.kind = ArmError::Kind::Timeout;
            e.detail = tr("the reply stalled for %1 ms after HTTP %2").arg(m_client->options().timeoutMs).arg(m_status);
        } else {
            e.kind = ArmError::Kind::BadReply;
            m_badReplyRetryable = true;
            e.detail = tr("the reply (HTTP %1) was cut short after %2 bytes: %3")
                           .arg(m_status)
                           .arg(m_body.size())
                           .arg(errorString);
        }
        return e;
    }

    if (m_status == 200) {
        if (!m_parser) {
            e = ArmError();
            return e;
        }
        ArmParseResult parsed = m_parser(m_body);
        if (!parsed.error.isEmpty()) {
            e.kind = ArmError::Kind::BadReply;
            e.detail = parsed.error;
            m_badReplyRetryable = parsed.retryable;
            return e;
        }
        m_value = std::move(parsed.value);
        m_items = parsed.items;
        m_nextLink = parsed.nextLink;
        m_body.clear(); // parsed: the bytes are no longer needed, and a page may be large
        return {};
    }

    // Other 2xx ("only 200 is success") and unlisted statuses stay Kind::Http.
    e.kind = ArmError::Kind::Http;
    if (m_status == 400)
        e.kind = ArmError::Kind::BadRequest;
    else if (m_status == 401)
        e.kind = ArmError::Kind::Unauthorized;
    else if (m_status == 403)
        e.kind = ArmError::Kind::Forbidden;
    else if (m_status == 404)
        e.kind = ArmError::Kind::NotFound;
    else if (m_status == 409)
        e.kind = ArmError::Kind::Conflict;
    else if (m_status == 429)
        e.kind = ArmError::Kind::Throttled;
    else if (m_status >= 500 && m_status < 600)
        e.kind = ArmError::Kind::ServerError;

    const ArmErrorBody body = AzureJson::parseError(m_body);
    e.code = body.code;
    e.message = body.message;
    e.target = body.target;
    e.currentStatus = body.currentStatus;
    if (e.code.isEmpty() && e.message.isEmpty()) {
        e.detail = isHtml(m_body) ? tr("HTTP %1 with an HTML page, as a gateway or proxy sends").arg(m_status)
                                  : tr("HTTP %1 without an ARM error body").arg(m_status);
    }
    if (e.kind == ArmError::Kind::Unauthorized) {
        // WWW-Authenticate says why ("The access token has expired"); shown, never the token.
        const QByteArray challenge = rawHeader("www-authenticate");
        const qsizetype at = challenge.indexOf("error_description=\"");
        if (at >= 0) {
            const qsizetype from = at + 19;
            const qsizetype to = challenge.indexOf('"', from);
            e.detail = QString::fromUtf8(challenge.mid(from, to < 0 ? -1 : to - from).left(300));
        }
    }
    const QByteArray retryAfter = rawHeader("retry-after");
    if (const auto seconds = ArmClient::parseRetryAfter(retryAfter, QDateTime::currentDateTimeUtc()))
        e.retryAfterSec = *seconds;
    else if (e.kind == ArmError::Kind::Throttled)
        e.retryAfterSec = kDefaultRetryAfterSec;
    return e;
}

void ArmCall::handleFailure(const ArmError &error)
{
    const ArmClient::Options &options = m_client->options();
    if (error.kind == ArmError::Kind::Unauthorized && !m_refreshedToken) {
        // The token may have expired in flight: ask the provider once for a fresh one. A 401 is
        // a definite refusal, so this is safe for writes too.
        m_refreshedToken = true;
        m_forceRefresh = true;
        m_error = error; // kept in case the refresh itself fails
        qCInfo(lcAzure).noquote() << m_method << m_url.path() << "got 401; asking for a fresh token";
        startAttempt();
        return;
    }

    // Writes are never retried here: the decision service decides what an ambiguous outcome means.
    bool retry = !isWrite() && m_attempts < options.maxReadAttempts;
    switch (error.kind) {
    case ArmError::Kind::Network:
    case ArmError::Kind::Timeout:
    case ArmError::Kind::ServerError:
    case ArmError::Kind::Throttled:
        break;
    case ArmError::Kind::BadReply:
        // A cut or garbled body may come right next time; well-formed JSON of the wrong shape will not.
        retry = retry && m_badReplyRetryable;
        break;
    default:
        retry = false;
        break;
    }

    int delayMs = 0;
    if (retry) {
        // Seconds are compared before they are turned into milliseconds: a Retry-After of 2^32
        // must not wrap around to "at once".
        const int maxWaitSec = qBound(0, options.maxRetryAfterSec, kMaxRetryWaitSec);
        const int retryAfterSec = qMax(0, error.retryAfterSec);
        if (error.kind == ArmError::Kind::Throttled) {
            // Honour Retry-After exactly; never sooner.
            if (retryAfterSec > maxWaitSec)
                retry = false;
            else
                delayMs = retryAfterSec * 1000;
        } else {
            delayMs = m_client->backoffMs(m_attempts);
            if (retryAfterSec > maxWaitSec)
                retry = false;
            else
                delayMs = qMax(delayMs, retryAfterSec * 1000);
        }
    }
    if (!retry) {
        finish(error);
        return;
    }
    qCInfo(lcAzure).noquote() << m_method << m_url.path() << ArmError::kindName(error.kind) << error.httpStatus
                              << "; retrying in" << delayMs << "ms (attempt" << m_attempts + 1 << "of"
                              << options.maxReadAttempts << ")";
    Q_EMIT retryScheduled(m_attempts + 1, delayMs, error);
    if (m_finished)
        return;
    m_retryDelayMs = delayMs;
    m_retryClock.start();
    m_retryTimer.start(delayMs);
}

void ArmCall::onRetryTimer()
{
    const qint64 left = m_retryDelayMs - m_retryClock.elapsed();
    if (left > 0) {
        m_retryTimer.start(int(left));
        return;
    }
    startAttempt();
}

void ArmCall::finish(const ArmError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    m_retryTimer.stop();
    if (error.isError()) {
        qCWarning(lcAzure).noquote() << m_method << m_url.path() << "failed:" << ArmError::kindName(error.kind)
                                     << error.httpStatus << error.code << "after" << m_attempts << "attempt(s)"
                                     << (error.ambiguous() && isWrite() ? "(outcome unknown)" : "");
    }
    QMetaObject::invokeMethod(
        this,
        [this] {
            Q_EMIT finished();
            if (m_autoDelete)
                deleteLater();
        },
        Qt::QueuedConnection);
}

} // namespace lockbox
