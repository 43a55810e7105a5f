#include "tokenclaims.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

constexpr qsizetype kMaxPayloadChars = qsizetype(64) * 1024;
constexpr qsizetype kMaxClaimChars = 256;

QString stringClaim(const QJsonObject &claims, QStringView key)
{
    const QJsonValue value = claims.value(key);
    if (!value.isString())
        return {};
    const QString text = value.toString();
    return text.size() > kMaxClaimChars ? QString() : text;
}

// Seconds since the epoch as a number (or, leniently, a numeric string); sane years only.
QDateTime timeClaim(const QJsonObject &claims, QStringView key)
{
    const QJsonValue value = claims.value(key);
    double seconds = -1;
    if (value.isDouble())
        seconds = value.toDouble();
    else if (value.isString())
        seconds = value.toString().toDouble();
    // 2001-09-09 .. 2286-11-20: anything else is garbage, not a time.
    if (!(seconds >= 1e9 && seconds < 1e10))
        return {};
    return QDateTime::fromSecsSinceEpoch(qint64(seconds), Qt::UTC);
}

} // namespace

TokenClaims TokenClaims::fromJwt(const QByteArray &token)
{
    TokenClaims claims;
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3 || parts.at(1).isEmpty() || parts.at(1).size() > kMaxPayloadChars)
        return claims;
    const auto payload = QByteArray::fromBase64Encoding(
        parts.at(1), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!payload)
        return claims;
    const QJsonDocument document = QJsonDocument::fromJson(*payload);
    if (!document.isObject())
        return claims;
    const QJsonObject o = document.object();
    claims.name = stringClaim(o, u"name");
    if (claims.name.isEmpty())
        claims.name = stringClaim(o, u"app_displayname");
    claims.preferredUsername = stringClaim(o, u"preferred_username");
    claims.upn = stringClaim(o, u"upn");
    if (claims.upn.isEmpty())
        claims.upn = stringClaim(o, u"unique_name");
    claims.oid = stringClaim(o, u"oid");
    claims.tenantId = stringClaim(o, u"tid");
    claims.appId = stringClaim(o, u"appid");
    if (claims.appId.isEmpty())
        claims.appId = stringClaim(o, u"azp");
    claims.audience = stringClaim(o, u"aud");
    claims.authTime = timeClaim(o, u"auth_time");
    claims.expiresAt = timeClaim(o, u"exp");
    claims.nonce = stringClaim(o, u"nonce");
    return claims;
}

bool TokenClaims::isEmpty() const
{
    return name.isEmpty() && preferredUsername.isEmpty() && upn.isEmpty() && oid.isEmpty() && tenantId.isEmpty()
        && appId.isEmpty();
}

QString TokenClaims::userName() const
{
    if (!upn.isEmpty())
        return upn;
    if (!preferredUsername.isEmpty())
        return preferredUsername;
    if (!appId.isEmpty())
        return appId;
    return oid;
}

QString TokenClaims::displayName() const
{
    QString user = upn.isEmpty() ? preferredUsername : upn;
    if (!name.isEmpty() && !user.isEmpty() && name != user)
        return name + u" <"_s + user + u'>';
    if (!user.isEmpty())
        return user;
    if (!name.isEmpty())
        return name;
    return userName();
}

void TokenClaims::fillFrom(const TokenClaims &other)
{
    const auto fill = [](QString &mine, const QString &theirs) {
        if (mine.isEmpty())
            mine = theirs;
    };
    fill(name, other.name);
    fill(preferredUsername, other.preferredUsername);
    fill(upn, other.upn);
    fill(oid, other.oid);
    fill(tenantId, other.tenantId);
    if (!authTime.isValid())
        authTime = other.authTime;
}

} // namespace lockbox
