#include "oauthcall.h"

#include "authlogging.h"
#include "cloud.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUuid>

#include <utility>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

// Token replies are a few KiB; anything near this is not one.
constexpr qint64 kMaxBodyBytes = qint64(1024) * 1024;

AuthError::Kind kindOfOAuthError(const QString &code)
{
    if (code == u"invalid_grant")
        return AuthError::Kind::InvalidGrant;
    if (code == u"invalid_client" || code == u"unauthorized_client")
        return AuthError::Kind::InvalidClient;
    if (code == u"authorization_declined" || code == u"access_denied")
        return AuthError::Kind::Declined;
    if (code == u"expired_token")
        return AuthError::Kind::Expired;
    if (code == u"bad_verification_code")
        return AuthError::Kind::BadCode;
    if (code == u"temporarily_unavailable")
        return AuthError::Kind::Server;
    return AuthError::Kind::Rejected;
}

} // namespace

OAuthCall *OAuthCall::post(QNetworkAccessManager *manager, const QUrl &url, const Form &form, int timeoutMs,
                           QObject *parent)
{
    return new OAuthCall(manager, url, form, timeoutMs, parent);
}

OAuthCall::OAuthCall(QNetworkAccessManager *manager, QUrl url, const Form &form, int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_url(std::move(url))
    , m_payload(encodeForm(form))
    , m_timeoutMs(timeoutMs)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_reply)
            m_reply->abort();
    });
    QMetaObject::invokeMethod(this, &OAuthCall::send, Qt::QueuedConnection);
}

OAuthCall::~OAuthCall()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

QByteArray OAuthCall::encodeForm(const Form &form)
{
    QByteArray out;
    for (const auto &[name, value] : form) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

void OAuthCall::abort()
{
    if (m_done)
        return;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    finish(AuthError::make(AuthError::Kind::Cancelled, tr("cancelled")));
}

void OAuthCall::send()
{
    if (m_done)
        return;
    if (!m_manager) {
        finish(AuthError::make(AuthError::Kind::Config, tr("no network access is configured")));
        return;
    }
    if (!Cloud::isSecureUrl(m_url)) {
        finish(AuthError::make(AuthError::Kind::Config,
                               tr("the sign-in address %1 is not HTTPS; credentials are only sent over HTTPS (or to a "
                                  "simulator on this machine)")
                                   .arg(Cloud::originOf(m_url))));
        return;
    }
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    // Entra echoes it as the correlation id: lines up our logs with theirs.
    request.setRawHeader("client-request-id", QUuid::createUuid().toByteArray(QUuid::WithoutBraces));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply *reply = m_manager->post(request, m_payload);
    m_reply = reply;
    connect(reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64 total) {
        if (m_reply && (received > kMaxBodyBytes || total > kMaxBodyBytes)) {
            m_tooLarge = true;
            m_reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, &OAuthCall::onFinished);
    // A hard limit as well: the transfer timeout only measures silence.
    m_deadline.start(qMax(m_timeoutMs, 1000) * 2);
    qCDebug(lcAuth).noquote() << "POST" << Cloud::originOf(m_url) + m_url.path();
}

void OAuthCall::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    m_deadline.stop();
    reply->disconnect(this);
    reply->deleteLater();

    m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray bytes = m_tooLarge ? QByteArray() : reply->readAll();
    const QNetworkReply::NetworkError networkError = reply->error();
    qCDebug(lcAuth).noquote() << "POST" << m_url.path() << "->" << m_status << "error" << int(networkError);

    if (m_tooLarge) {
        finish(AuthError::make(AuthError::Kind::Server, tr("the sign-in service sent an oversized answer"), QString(),
                               m_status));
        return;
    }
    if (m_status == 0) {
        finish(AuthError::make(
            AuthError::Kind::Network,
            tr("cannot reach the sign-in service at %1: %2").arg(Cloud::originOf(m_url), reply->errorString())));
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (document.isObject())
        m_body = document.object();
    if (m_status == 200) {
        if (!document.isObject()) {
            finish(AuthError::make(AuthError::Kind::Server,
                                   tr("the sign-in service answered 200 without a JSON object"), QString(), 200));
            return;
        }
        finish(AuthError());
        return;
    }
    if (m_status >= 300 && m_status < 400) {
        finish(AuthError::make(
            AuthError::Kind::Server,
            tr("the sign-in service answered with a redirect (HTTP %1), which is not followed").arg(m_status),
            QString(), m_status));
        return;
    }
    const QString code = m_body.value(u"error").toString().left(100);
    if (!code.isEmpty() && m_status < 500) {
        const QString description = AuthError::serverText(m_body.value(u"error_description").toString());
        finish(AuthError::make(kindOfOAuthError(code), description.isEmpty() ? code : description, code, m_status));
        return;
    }
    finish(AuthError::make(AuthError::Kind::Server,
                           tr("the sign-in service answered HTTP %1%2")
                               .arg(m_status)
                               .arg(code.isEmpty() ? QString() : u" ("_s + AuthError::serverText(code, 100) + u')'),
                           code, m_status));
}

void OAuthCall::finish(const AuthError &error)
{
    if (m_done)
        return;
    m_done = true;
    m_error = error;
    Q_EMIT finished();
    deleteLater();
}

} // namespace lockbox
