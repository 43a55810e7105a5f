#include "alertrelaywebhook.h"

#include "alertrelayevent.h"

#include "auth/cloud.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace lockbox::engine {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("lockbox::engine", text);
}

// What went wrong on the wire, in words of our own: QNetworkReply::errorString() names the URL,
// which is the webhook's secret.
QString networkProblem(QNetworkReply::NetworkError error, int timeoutSecs)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return tr("connection refused");
    case QNetworkReply::RemoteHostClosedError:
        return tr("the receiver closed the connection");
    case QNetworkReply::HostNotFoundError:
        return tr("host not found");
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return tr("no answer within %1 s").arg(timeoutSecs);
    case QNetworkReply::SslHandshakeFailedError:
        return tr("TLS handshake failed (is the receiver's certificate trusted?)");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return tr("the network is down");
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return tr("the proxy failed");
    default:
        return tr("network error %1").arg(int(error));
    }
}

// Retry-After as seconds or as an HTTP date; -1 when absent or unreadable.
qint64 retryAfterSecs(const QByteArray &value, const QDateTime &now)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty())
        return -1;
    bool ok = false;
    const qint64 secs = text.toLongLong(&ok);
    if (ok)
        return secs >= 0 ? secs : -1;
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(text), Qt::RFC2822Date);
    if (!at.isValid())
        return -1;
    return std::max<qint64>(0, now.secsTo(at));
}

// The start of what the receiver said (Slack says "invalid_payload", say), on one line.
QString answerText(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(300)).simplified();
    if (body.size() > 300 || text.size() > 200)
        text = text.left(200) + u'\u2026';
    return text;
}

} // namespace

QString RelayWebhookTarget::problemWith(const QUrl &url)
{
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return tr("a webhook needs an absolute https:// address");
    if (!url.userInfo().isEmpty())
        return tr("a webhook address %1 must not hold a user name or password").arg(Cloud::originOf(url));
    if (url.scheme().compare(u"https", Qt::CaseInsensitive) != 0
        && url.scheme().compare(u"http", Qt::CaseInsensitive) != 0)
        return tr("a webhook must be an https:// address");
    if (!Cloud::isSecureUrl(url)) {
        return tr("webhook %1: plain http is only allowed to this machine (127.0.0.1, ::1 or localhost); use https:// "
                  "for any other host")
            .arg(Cloud::originOf(url));
    }
    return {};
}

RelayWebhookTarget::RelayWebhookTarget(QNetworkAccessManager *network, Options options, QObject *parent)
    : RelayTarget(parent)
    , m_network(network)
    , m_options(std::move(options))
{
}

RelayWebhookTarget::~RelayWebhookTarget()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

QString RelayWebhookTarget::key() const
{
    return u"webhook:"_s + digest(m_options.url.toString(QUrl::FullyEncoded));
}

QString RelayWebhookTarget::label() const
{
    return u"webhook "_s + Cloud::originOf(m_options.url);
}

void RelayWebhookTarget::deliver(const RelayEvent &event, const QDateTime &now)
{
    QNetworkRequest request(m_options.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json; charset=utf-8"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("lockboxctl-watch"));
    // A receiver that wants to drop a repeat (at least once means a crash can repeat one) has
    // the event's id.
    request.setRawHeader(QByteArrayLiteral("X-Lockbox-Event-Id"), event.eventId().toUtf8());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(m_options.timeoutSecs * 1000);
    QNetworkReply *reply = m_network->post(request, RelayFormat::body(m_options.format, event, now));
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, now] { onFinished(reply, now); });
}

void RelayWebhookTarget::onFinished(QNetworkReply *reply, const QDateTime &sentAt)
{
    reply->deleteLater();
    m_reply.clear();
    Q_EMIT finished(deliveryOf(reply, sentAt, m_options.timeoutSecs));
}

RelayDelivery RelayWebhookTarget::deliveryOf(QNetworkReply *reply, const QDateTime &sentAt, int timeoutSecs)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300)
        return {};
    RelayDelivery delivery;
    if (status == 0) {
        delivery.result = RelayDelivery::Result::Retry;
        delivery.error = networkProblem(reply->error(), timeoutSecs);
        return delivery;
    }
    const QString said = answerText(reply->readAll());
    delivery.error = said.isEmpty() ? tr("HTTP %1").arg(status) : tr("HTTP %1: %2").arg(status).arg(said);
    if (status == 408 || status == 429 || status >= 500) {
        delivery.result = RelayDelivery::Result::Retry;
        delivery.retryAfterSecs = retryAfterSecs(reply->rawHeader(QByteArrayLiteral("Retry-After")), sentAt);
        return delivery;
    }
    delivery.result = RelayDelivery::Result::Failed;
    if (status >= 300 && status < 400)
        delivery.error = tr("HTTP %1: the webhook redirects; give the address it redirects to").arg(status);
    return delivery;
}

} // namespace lockbox::engine
