#pragma once

#include "autherror.h"
#include "tokenclaims.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>

namespace lockbox {

// What a token endpoint gave: the access token for ARM, when it expires, the refresh token (user
// flows with offline_access) and what the tokens say about their holder. Lives in memory only.
struct Token final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::Token)

public:
    QByteArray accessToken;
    QDateTime expiresAt; // UTC
    QDateTime obtainedAt;
    QByteArray refreshToken; // empty when none came
    QByteArray idToken;      // empty when none came
    TokenClaims claims;      // of the access token, completed from the id token

    bool isValid() const { return !accessToken.isEmpty(); }
    // Seconds left at `now` (negative once expired).
    qint64 secondsLeft(const QDateTime &now) const;

    // A token endpoint's 200 body: access_token (required), token_type (Bearer when present),
    // expires_in (number or numeric string; else the token's exp claim; else one hour),
    // refresh_token, id_token. Nothing on a malformed body, with `error` saying what is wrong.
    static std::optional<Token> fromResponse(const QJsonObject &body, const QDateTime &now, AuthError *error);
};

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::Token)
