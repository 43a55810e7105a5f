#pragma once

#include "autherror.h"
#include "tokenclaims.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QString>

#include <functional>

namespace lockbox {

// Where bearer tokens for Azure Resource Manager come from. Callers ask asynchronously; a
// provider may answer at once (a static token) or after a network round trip (a refresh).
// Tokens are secrets: they live in memory, are never logged and never written to a file.
class TokenProvider : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(const QByteArray &token, const QString &error)>;

    using QObject::QObject;

    // Calls `callback` exactly once, on the provider's thread, with a token or, when none can be
    // had, an empty token and a message that says what to do. `forceRefresh` asks for a new
    // token after the server rejected the current one with 401.
    virtual void token(bool forceRefresh, QObject *context, Callback callback) = 0;
    // Who is signed in, for audit records ("avery@contoso.example", an app id, "token from $VAR").
    virtual QString identity() const = 0;
    // What the current token says about its holder, and when it expires: for "who am I". Empty
    // and invalid before the first token (and for providers that cannot tell).
    virtual TokenClaims claims() const { return {}; }
    virtual QDateTime expiresAt() const { return {}; }
    // Why the last attempt to get a token failed (kind None after a success): tells a sign-in
    // service that cannot be reached (try again later) from a sign-in that is gone (sign in again).
    virtual AuthError lastFailure() const { return {}; }
};

// A bearer token read once from an environment variable (lockboxctl --token-env VAR). It cannot
// be refreshed: a 401 means the user must supply a new one.
class EnvironmentTokenProvider final : public TokenProvider
{
    Q_OBJECT

public:
    explicit EnvironmentTokenProvider(const QString &variable, QObject *parent = nullptr);

    bool hasToken() const { return !m_token.isEmpty(); }
    void token(bool forceRefresh, QObject *context, Callback callback) override;
    QString identity() const override;
    TokenClaims claims() const override { return m_claims; }
    QDateTime expiresAt() const override { return m_claims.expiresAt; }
    QString variable() const { return m_variable; }

private:
    QString m_variable;
    QByteArray m_token;
    QString m_identity;
    TokenClaims m_claims;
};

} // namespace lockbox
