#include "cachingtokenprovider.h"

#include "authlogging.h"

#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

// A token with less than this left is not handed out even when a renewal failed for a
// transient reason: it would expire in flight.
constexpr qint64 kMinUsableSec = 30;

} // namespace

CachingTokenProvider::CachingTokenProvider(QObject *parent)
    : TokenProvider(parent)
{
}

CachingTokenProvider::~CachingTokenProvider() = default;

QString CachingTokenProvider::identity() const
{
    const QString name = m_token.claims.userName();
    return name.isEmpty() ? m_fallbackIdentity : name;
}

void CachingTokenProvider::setToken(const Token &token)
{
    m_token = token;
}

bool CachingTokenProvider::isFresh(const QDateTime &now) const
{
    if (!m_token.isValid())
        return false;
    const qint64 lifetime = m_token.obtainedAt.isValid() ? m_token.obtainedAt.secsTo(m_token.expiresAt) : 0;
    const qint64 margin = lifetime > 0 ? qMin<qint64>(m_marginSec, lifetime / 2) : m_marginSec;
    return m_token.secondsLeft(now) > margin;
}

void CachingTokenProvider::token(bool forceRefresh, QObject *context, Callback callback)
{
    Waiter waiter {context, std::move(callback), forceRefresh};
    if (!forceRefresh && !m_renewing && isFresh(QDateTime::currentDateTimeUtc())) {
        answer(waiter, m_token.accessToken, QString());
        return;
    }
    m_waiters.append(std::move(waiter));
    if (m_renewing)
        return;
    m_renewing = true;
    ++m_renewals;
    qCDebug(lcAuth) << (forceRefresh ? "renewing the token (forced)" : "renewing the token");
    renew();
}

void CachingTokenProvider::answer(const Waiter &waiter, const QByteArray &token, const QString &error)
{
    if (!waiter.context)
        return;
    // Always from the event loop, in the caller's context: one behaviour whatever the path.
    QMetaObject::invokeMethod(
        waiter.context, [callback = waiter.callback, token, error] { callback(token, error); }, Qt::QueuedConnection);
}

void CachingTokenProvider::renewFinished(const Token &token)
{
    m_renewing = false;
    m_lastFailure = AuthError();
    m_token = token;
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &w : waiters)
        answer(w, m_token.accessToken, QString());
    Q_EMIT tokenRenewed();
}

void CachingTokenProvider::renewFailed(const AuthError &error)
{
    m_renewing = false;
    m_lastFailure = error;
    const bool transient = error.kind == AuthError::Kind::Network || error.kind == AuthError::Kind::Server
        || error.kind == AuthError::Kind::Timeout;
    const bool usable =
        transient && m_token.isValid() && m_token.secondsLeft(QDateTime::currentDateTimeUtc()) > kMinUsableSec;
    qCInfo(lcAuth) << "token renewal failed:" << AuthError::kindName(error.kind) << error.code
                   << (usable ? "(keeping the current token)" : "");
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &w : waiters) {
        // After a 401 the current token is known bad; otherwise it still works for a while.
        if (usable && !w.forced)
            answer(w, m_token.accessToken, QString());
        else
            answer(w, QByteArray(), error.message);
    }
    Q_EMIT renewalFailed(error);
}

} // namespace lockbox
