#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::sim {

struct Principal;

// The claims of an access token the simulator issued (or of the static token).
struct TokenClaims final
{
    QString oid;
    QString tid;
    QString upn; // empty for a service principal
    QString name;
    QString appId;
    QString audience;
    QString scope;
    qint64 issuedAt = 0; // seconds since the epoch (real time)
    qint64 expiresAt = 0;
    qint64 authTime = 0;
    bool isStatic = false; // the --static-token: valid for every subscription
};

enum class TokenProblem { None, Missing, Malformed, Unknown, Expired, WrongAudience };

struct TokenCheck final
{
    TokenProblem problem = TokenProblem::None;
    TokenClaims claims;
    bool ok() const { return problem == TokenProblem::None; }
};

// Issues JWT-shaped access tokens (base64url header.payload.signature, HMAC-SHA256 with a key
// that lives only in this process) and refresh tokens, and checks bearer tokens for ARM.
class TokenAuthority final
{
public:
    TokenAuthority(QString tenantId, int lifetimeSec, const QString &staticToken,
                   QString staticTokenUser = QStringLiteral("static-token"));

    // What tokens are issued and checked against: real time (not the world's scaled clock)
    // unless set, so that a test can expire a token without waiting.
    void setClock(std::shared_ptr<const Clock> clock);

    static QString armAudience(); // "https://management.azure.com/"

    // A signed access token for `principal`. `authTime` is when the user last signed in
    // interactively (seconds since the epoch).
    QByteArray issueAccessToken(const Principal &principal, const QString &scope, qint64 authTime,
                                const QString &clientId);
    // An opaque refresh token bound to the principal, client and scope.
    QByteArray issueRefreshToken(const Principal &principal, const QString &clientId, const QString &scope,
                                 qint64 authTime);
    // An OpenID Connect id_token (audience `clientId`), signed like the access tokens.
    QByteArray issueIdToken(const Principal &principal, const QString &clientId, qint64 authTime,
                            const QString &nonce = QString());

    struct RefreshGrant
    {
        QString principalOid;
        QString clientId;
        QString scope;
        qint64 authTime = 0;
    };
    std::optional<RefreshGrant> redeemRefreshToken(const QByteArray &token) const;
    // Revokes one refresh token, or every one when `token` is empty. Returns how many.
    int revokeRefreshTokens(const QByteArray &token = QByteArray());

    // Checks an "Authorization" header value ("Bearer …").
    TokenCheck checkAuthorization(const QByteArray &headerValue) const;
    TokenCheck checkToken(const QByteArray &token) const;

    int lifetimeSec() const { return m_lifetimeSec; }

private:
    qint64 nowSec() const;
    QByteArray sign(const QByteArray &signingInput) const;
    QByteArray signedToken(const QJsonObject &payload) const;

    QString m_tenantId;
    int m_lifetimeSec;
    QByteArray m_staticToken;
    QString m_staticTokenUser;
    QByteArray m_key;
    std::shared_ptr<const Clock> m_clock;
    QHash<QByteArray, RefreshGrant> m_refreshTokens;
};

QByteArray base64UrlEncode(const QByteArray &data);
QByteArray base64UrlDecode(const QByteArray &data, bool *ok = nullptr);

// The resources a space-separated scope names, without trailing slashes, in order and without
// duplicates (case-insensitive): "https://management.azure.com//.default" names
// "https://management.azure.com". Bare names ("openid", "offline_access") name none.
QStringList scopeResources(const QString &scope);
// True for the resources ARM accepts tokens for: management.azure.com and the older
// management.core.windows.net (what `az` asks for), with or without a trailing slash.
bool isArmResource(const QString &resource);

} // namespace lockbox::sim
