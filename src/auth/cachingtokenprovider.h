#pragma once

#include "autherror.h"
#include "token.h"
#include "tokenprovider.h"

#include <QList>
#include <QPointer>

namespace lockbox {

// A TokenProvider that keeps the current access token in memory and hands it out while it has
// more than a margin left (five minutes, at most half the token's lifetime); otherwise, or when
// forced after a 401, it renews it. Callers who ask while a renewal runs wait for that one: ten
// calls failing at once cause one refresh, not ten. Subclasses say how to renew.
class CachingTokenProvider : public TokenProvider
{
    Q_OBJECT

public:
    explicit CachingTokenProvider(QObject *parent = nullptr);
    ~CachingTokenProvider() override;

    void token(bool forceRefresh, QObject *context, Callback callback) final;
    QString identity() const override;
    TokenClaims claims() const override { return m_token.claims; }
    QDateTime expiresAt() const override { return m_token.expiresAt; }
    AuthError lastFailure() const override { return m_lastFailure; }

    // Adopts a token just obtained by a sign-in (no renewal needed until it runs low).
    void setToken(const Token &token);
    bool hasToken() const { return m_token.isValid(); }
    void setRefreshMarginSec(int seconds) { m_marginSec = seconds; }
    // Renewals started so far (tests and diagnostics).
    int renewals() const { return m_renewals; }
    bool isRenewing() const { return m_renewing; }

Q_SIGNALS:
    void tokenRenewed();
    void renewalFailed(const lockbox::AuthError &error);

protected:
    // Gets a new token; must end with renewFinished() or renewFailed(), from the event loop.
    virtual void renew() = 0;
    void renewFinished(const Token &token);
    void renewFailed(const AuthError &error);
    const Token &currentToken() const { return m_token; }
    // Who to name before the first token arrived (the remembered account's user).
    void setFallbackIdentity(const QString &identity) { m_fallbackIdentity = identity; }
    // Forgets the token (after the grant was revoked).
    void dropToken() { m_token = Token(); }

private:
    struct Waiter
    {
        QPointer<QObject> context;
        Callback callback;
        bool forced = false;
    };
    bool isFresh(const QDateTime &now) const;
    void answer(const Waiter &waiter, const QByteArray &token, const QString &error);

    Token m_token;
    AuthError m_lastFailure;
    QList<Waiter> m_waiters;
    QString m_fallbackIdentity;
    int m_marginSec = 300;
    int m_renewals = 0;
    bool m_renewing = false;
};

} // namespace lockbox
