#include "token.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

// Bigger than any real token (Entra's are a few KiB), small enough to refuse garbage.
constexpr qsizetype kMaxTokenBytes = qsizetype(64) * 1024;
constexpr qint64 kDefaultLifetimeSec = 3600;

// RFC 6749 tokens are printable ASCII without spaces (VSCHAR); anything else is not a token and
// would be unsafe in a header.
bool isTokenText(const QString &text)
{
    if (text.isEmpty() || text.size() > kMaxTokenBytes)
        return false;
    for (const QChar c : text) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

std::optional<qint64> secondsOf(const QJsonValue &value)
{
    double seconds = -1;
    if (value.isDouble()) {
        seconds = value.toDouble();
    } else if (value.isString()) {
        bool ok = false;
        seconds = value.toString().trimmed().toDouble(&ok);
        if (!ok)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    // Up to a year: a longer lifetime is a broken reply, not a token to keep for ever.
    if (!(seconds >= 0 && seconds <= 366.0 * 24 * 3600))
        return std::nullopt;
    return qint64(seconds);
}

} // namespace

qint64 Token::secondsLeft(const QDateTime &now) const
{
    return expiresAt.isValid() ? now.secsTo(expiresAt) : -1;
}

std::optional<Token> Token::fromResponse(const QJsonObject &body, const QDateTime &now, AuthError *error)
{
    const auto fail = [error](const QString &message) -> std::optional<Token> {
        if (error)
            *error = AuthError::make(AuthError::Kind::Server, message);
        return std::nullopt;
    };
    const QJsonValue access = body.value(u"access_token");
    if (!access.isString() || !isTokenText(access.toString()))
        return fail(tr("the sign-in service answered without a usable access token"));
    const QJsonValue type = body.value(u"token_type");
    if (!type.isUndefined() && (!type.isString() || type.toString().compare(u"Bearer", Qt::CaseInsensitive) != 0))
        return fail(tr("the sign-in service gave a token of another type than Bearer"));

    Token token;
    token.accessToken = access.toString().toLatin1();
    token.obtainedAt = now.toUTC();
    token.claims = TokenClaims::fromJwt(token.accessToken);

    const QJsonValue refresh = body.value(u"refresh_token");
    if (refresh.isString() && !refresh.toString().isEmpty()) {
        if (!isTokenText(refresh.toString()))
            return fail(tr("the sign-in service gave an unusable refresh token"));
        token.refreshToken = refresh.toString().toLatin1();
    }
    const QJsonValue id = body.value(u"id_token");
    if (id.isString() && isTokenText(id.toString())) {
        token.idToken = id.toString().toLatin1();
        token.claims.fillFrom(TokenClaims::fromJwt(token.idToken));
    }

    if (const auto seconds = secondsOf(body.value(u"expires_in")))
        token.expiresAt = token.obtainedAt.addSecs(*seconds);
    else if (token.claims.expiresAt.isValid() && token.claims.expiresAt > token.obtainedAt)
        token.expiresAt = token.claims.expiresAt;
    else
        token.expiresAt = token.obtainedAt.addSecs(kDefaultLifetimeSec);
    return token;
}

} // namespace lockbox
