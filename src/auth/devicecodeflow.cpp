#include "devicecodeflow.h"

#include "authlogging.h"
#include "oauthcall.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

constexpr int kSlowDownMs = 5000;
constexpr int kMaxIntervalMs = 60000;

std::optional<int> intOf(const QJsonValue &value)
{
    if (value.isDouble())
        return int(qBound(0.0, value.toDouble(), 1e6));
    if (value.isString()) {
        bool ok = false;
        const int n = value.toString().toInt(&ok);
        if (ok && n >= 0)
            return n;
    }
    return std::nullopt;
}

} // namespace

DeviceCodeFlow::DeviceCodeFlow(QNetworkAccessManager *manager, Options options, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_options(std::move(options))
{
    m_timer.setSingleShot(true);
    // Never sooner than the interval: a coarse timer may fire 5 % early, and the server answers an
    // early poll with slow_down.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &DeviceCodeFlow::poll);
}

DeviceCodeFlow::~DeviceCodeFlow()
{
    // The call is a child and goes with us; it must not call back into a flow being destroyed.
    if (m_call)
        m_call->disconnect(this);
}

void DeviceCodeFlow::start()
{
    if (m_running)
        return;
    m_running = true;
    m_polls = 0;
    m_transientFailures = 0;
    const QString scope = m_options.scope.isEmpty() ? m_options.cloud.userScope() : m_options.scope;
    m_call =
        OAuthCall::post(m_manager, m_options.cloud.endpointUrl(m_options.tenant, u"devicecode"_s),
                        {{u"client_id"_s, m_options.clientId}, {u"scope"_s, scope}}, m_options.requestTimeoutMs, this);
    connect(m_call, &OAuthCall::finished, this, &DeviceCodeFlow::onDeviceCode);
    qCInfo(lcAuth) << "device code sign-in started";
}

void DeviceCodeFlow::cancel()
{
    if (!m_running)
        return;
    fail(AuthError::make(AuthError::Kind::Cancelled, tr("The sign-in was cancelled.")));
}

void DeviceCodeFlow::onDeviceCode()
{
    OAuthCall *call = m_call;
    m_call = nullptr;
    if (!call || !m_running)
        return;
    if (!call->isOk()) {
        AuthError e = call->error();
        e.message = tr("Cannot start the device code sign-in: %1").arg(e.message);
        fail(e);
        return;
    }
    const QJsonObject body = call->body();
    const QString deviceCode = body.value(u"device_code").toString();
    const QString userCode = AuthError::serverText(body.value(u"user_code").toString(), 64);
    const QUrl uri(body.value(u"verification_uri").toString().left(2000), QUrl::StrictMode);
    const int expiresIn = intOf(body.value(u"expires_in")).value_or(900);
    const int interval = intOf(body.value(u"interval")).value_or(5);
    // Only an https page (or the simulator's on this machine) is offered as a link to open.
    if (deviceCode.isEmpty() || deviceCode.size() > 8192 || userCode.isEmpty() || !Cloud::isSecureUrl(uri)) {
        fail(AuthError::make(AuthError::Kind::Server,
                             tr("The sign-in service sent an unusable device code answer (no code or no https "
                                "verification address).")));
        return;
    }
    m_deviceCode = deviceCode.toLatin1();
    m_userCode = userCode;
    m_expiresAt = QDateTime::currentDateTimeUtc().addSecs(qBound(10, expiresIn, 3600));
    m_intervalMs = m_options.initialIntervalMs > 0 ? m_options.initialIntervalMs
                                                   : qBound(1, interval, kMaxIntervalMs / 1000) * 1000;
    Q_EMIT codeReady(m_userCode, uri, expiresIn, AuthError::serverText(body.value(u"message").toString(), 500));
    if (m_running)
        schedulePoll();
}

void DeviceCodeFlow::schedulePoll()
{
    if (QDateTime::currentDateTimeUtc().addMSecs(m_intervalMs) > m_expiresAt.addSecs(30)) {
        fail(AuthError::make(AuthError::Kind::Expired,
                             tr("The code %1 expired before the sign-in was finished; start again.").arg(m_userCode),
                             u"expired_token"_s));
        return;
    }
    m_timer.start(m_intervalMs);
}

void DeviceCodeFlow::poll()
{
    if (!m_running)
        return;
    ++m_polls;
    m_call = OAuthCall::post(m_manager, m_options.cloud.endpointUrl(m_options.tenant, u"token"_s),
                             {{u"grant_type"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s},
                              {u"client_id"_s, m_options.clientId},
                              {u"device_code"_s, QString::fromLatin1(m_deviceCode)}},
                             m_options.requestTimeoutMs, this);
    connect(m_call, &OAuthCall::finished, this, &DeviceCodeFlow::onPoll);
}

void DeviceCodeFlow::onPoll()
{
    OAuthCall *call = m_call;
    m_call = nullptr;
    if (!call || !m_running)
        return;
    if (call->isOk()) {
        AuthError error;
        const auto token = Token::fromResponse(call->body(), QDateTime::currentDateTimeUtc(), &error);
        if (!token) {
            fail(error);
            return;
        }
        m_running = false;
        m_deviceCode.clear();
        qCInfo(lcAuth) << "device code sign-in finished after" << m_polls << "poll(s)";
        Q_EMIT finished(*token);
        return;
    }
    const AuthError &e = call->error();
    if (e.code == u"authorization_pending") {
        m_transientFailures = 0;
        schedulePoll();
        return;
    }
    if (e.code == u"slow_down") {
        m_transientFailures = 0;
        m_intervalMs = qMin(m_intervalMs + kSlowDownMs, kMaxIntervalMs);
        qCInfo(lcAuth) << "device code: slow_down; polling every" << m_intervalMs << "ms";
        Q_EMIT intervalChanged(m_intervalMs);
        if (m_running)
            schedulePoll();
        return;
    }
    if ((e.kind == AuthError::Kind::Network || e.kind == AuthError::Kind::Server)
        && ++m_transientFailures <= m_options.maxTransientFailures) {
        qCInfo(lcAuth) << "device code: poll failed (" << AuthError::kindName(e.kind) << "); trying again";
        schedulePoll();
        return;
    }
    switch (e.kind) {
    case AuthError::Kind::Declined:
        fail(AuthError::make(e.kind, tr("The sign-in was declined."), e.code, e.httpStatus));
        return;
    case AuthError::Kind::Expired:
        fail(AuthError::make(e.kind,
                             tr("The code %1 expired before the sign-in was finished; start again.").arg(m_userCode),
                             e.code, e.httpStatus));
        return;
    case AuthError::Kind::BadCode:
        fail(AuthError::make(e.kind, tr("The sign-in service no longer knows this code; start again."), e.code,
                             e.httpStatus));
        return;
    default:
        fail(AuthError::make(e.kind, tr("The sign-in failed: %1").arg(e.message), e.code, e.httpStatus));
        return;
    }
}

void DeviceCodeFlow::fail(const AuthError &error)
{
    if (!m_running)
        return;
    m_running = false;
    m_timer.stop();
    m_deviceCode.clear();
    if (m_call) {
        OAuthCall *call = m_call;
        m_call = nullptr;
        call->disconnect(this);
        call->abort();
    }
    qCInfo(lcAuth) << "device code sign-in failed:" << AuthError::kindName(error.kind) << error.code;
    Q_EMIT failed(error);
}

} // namespace lockbox
