#include "tokenauthority.h"

#include "simtypes.h"

#include "core/clock.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonValue>
#include <QList>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include <utility>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

namespace {

// Not a real object id: it only has to be stable and look like one in logs and Activity Log rows.
const QString kStaticTokenOid = u"5747a71c-0000-4000-8000-000000000001"_s;
// 9999-12-31T23:59:59Z: the static token never expires, but code that compares `exp` with now
// should still see a plausible instant.
constexpr qint64 kFarFuture = 253402300799;

QByteArray randomBytes(int count)
{
    QList<quint32> words((count + 3) / 4);
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    return {reinterpret_cast<const char *>(words.constData()), count};
}

// Compares without an early exit, so the time taken says nothing about where a guess went wrong.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i)) ^ static_cast<unsigned char>(b.at(i));
    return diff == 0;
}

bool isBase64UrlChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

QString normalisedResource(QString resource)
{
    while (resource.endsWith(u'/'))
        resource.chop(1);
    return resource;
}

// The resource and the permission of one scope item: "https://management.azure.com//.default"
// → ("https://management.azure.com/", ".default"); "openid" → ("", "openid").
std::pair<QString, QString> splitScopeItem(const QString &item)
{
    const qsizetype slash = item.lastIndexOf(u'/');
    if (slash < 0)
        return {QString(), item};
    const qsizetype schemeEnd = item.indexOf(u"://"_s);
    if (schemeEnd >= 0 && slash <= schemeEnd + 2)
        return {item, QString()}; // "https://host": a resource without a permission
    return {item.left(slash), item.mid(slash + 1)};
}

QStringList scopeItems(const QString &scope)
{
    return scope.split(u' ', Qt::SkipEmptyParts);
}

// The `aud` a token for `scope` carries. A scope that names no resource gets ARM's, since ARM is
// the only resource this simulator serves; one that names another resource gets that one, so a
// client asking for the wrong scope meets ARM's 401 as it would in Azure.
QString audienceForScope(const QString &scope)
{
    const QStringList resources = scopeResources(scope);
    if (resources.isEmpty())
        return TokenAuthority::armAudience();
    const QString &resource = resources.front();
    if (resource.compare(u"https://management.core.windows.net"_s, Qt::CaseInsensitive) == 0)
        return u"https://management.core.windows.net/"_s;
    if (isArmResource(resource))
        return TokenAuthority::armAudience();
    return resource;
}

// The delegated permissions (`scp`) a user token for `scope` carries.
QString delegatedScopes(const QString &scope, const QString &audience)
{
    if (isArmResource(audience))
        return u"user_impersonation"_s;
    QStringList permissions;
    const QString resource = normalisedResource(audience);
    for (const QString &item : scopeItems(scope)) {
        const auto [itemResource, permission] = splitScopeItem(item);
        if (normalisedResource(itemResource).compare(resource, Qt::CaseInsensitive) == 0 && !permission.isEmpty()
            && permission != u".default"_s) {
            permissions.append(permission);
        }
    }
    return permissions.isEmpty() ? u"user_impersonation"_s : permissions.join(u' ');
}

} // namespace

QByteArray base64UrlEncode(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray base64UrlDecode(const QByteArray &data, bool *ok)
{
    auto fail = [ok]() {
        if (ok)
            *ok = false;
        return QByteArray();
    };
    qsizetype length = data.size();
    qsizetype padding = 0;
    while (length > 0 && data.at(length - 1) == '=' && padding < 2) {
        --length;
        ++padding;
    }
    // Padding, when present, must make the length a multiple of four; one leftover character
    // cannot encode a byte.
    if (padding > 0 && data.size() % 4 != 0)
        return fail();
    if (length % 4 == 1)
        return fail();
    for (qsizetype i = 0; i < length; ++i) {
        if (!isBase64UrlChar(data.at(i)))
            return fail();
    }
    QByteArray decoded = QByteArray::fromBase64(data.left(length), QByteArray::Base64UrlEncoding);
    // Unused low bits of the last character must be zero: otherwise one token would have several
    // spellings that all pass.
    if (base64UrlEncode(decoded) != data.left(length))
        return fail();
    if (ok)
        *ok = true;
    return decoded;
}

QStringList scopeResources(const QString &scope)
{
    QStringList resources;
    for (const QString &item : scopeItems(scope)) {
        const QString resource = normalisedResource(splitScopeItem(item).first);
        if (resource.isEmpty())
            continue;
        if (!resources.contains(resource, Qt::CaseInsensitive))
            resources.append(resource);
    }
    return resources;
}

bool isArmResource(const QString &resource)
{
    const QString r = normalisedResource(resource);
    return r.compare(u"https://management.azure.com"_s, Qt::CaseInsensitive) == 0
        || r.compare(u"https://management.core.windows.net"_s, Qt::CaseInsensitive) == 0;
}

TokenAuthority::TokenAuthority(QString tenantId, int lifetimeSec, const QString &staticToken, QString staticTokenUser)
    : m_tenantId(std::move(tenantId))
    , m_lifetimeSec(lifetimeSec)
    , m_staticToken(staticToken.toUtf8())
    , m_staticTokenUser(std::move(staticTokenUser))
    , m_key(randomBytes(32))
    , m_clock(std::make_shared<SystemClock>())
{
}

void TokenAuthority::setClock(std::shared_ptr<const Clock> clock)
{
    m_clock = clock ? std::move(clock) : std::make_shared<SystemClock>();
}

qint64 TokenAuthority::nowSec() const
{
    return m_clock->now().toSecsSinceEpoch();
}

QString TokenAuthority::armAudience()
{
    return u"https://management.azure.com/"_s;
}

QByteArray TokenAuthority::issueAccessToken(const Principal &principal, const QString &scope, qint64 authTime,
                                            const QString &clientId)
{
    const qint64 now = nowSec();
    const QString audience = audienceForScope(scope);
    QJsonObject payload {
        {u"aud"_s, audience},
        {u"iss"_s, QString(u"https://sts.windows.net/"_s + m_tenantId + u'/')},
        {u"iat"_s, now},
        {u"nbf"_s, now},
        {u"exp"_s, now + m_lifetimeSec},
        {u"oid"_s, principal.oid},
        {u"sub"_s, principal.oid},
        {u"tid"_s, m_tenantId},
        {u"appid"_s, clientId},
        {u"ver"_s, u"1.0"_s},
        {u"uti"_s, QString::fromLatin1(base64UrlEncode(randomBytes(16)))},
    };
    if (principal.isServicePrincipal()) {
        payload.insert(u"idtyp"_s, u"app"_s);
        payload.insert(u"app_displayname"_s, principal.displayName);
    } else {
        payload.insert(u"idtyp"_s, u"user"_s);
        payload.insert(u"auth_time"_s, authTime);
        payload.insert(u"name"_s, principal.displayName);
        payload.insert(u"upn"_s, principal.upn);
        payload.insert(u"unique_name"_s, principal.upn);
        payload.insert(u"preferred_username"_s, principal.upn);
        payload.insert(u"scp"_s, delegatedScopes(scope, audience));
    }
    return signedToken(payload);
}

QByteArray TokenAuthority::issueIdToken(const Principal &principal, const QString &clientId, qint64 authTime,
                                        const QString &nonce)
{
    const qint64 now = nowSec();
    QJsonObject payload {
        {u"aud"_s, clientId},
        {u"iss"_s, QString(u"https://login.microsoftonline.com/"_s + m_tenantId + u"/v2.0"_s)},
        {u"iat"_s, now},
        {u"nbf"_s, now},
        {u"exp"_s, now + m_lifetimeSec},
        {u"auth_time"_s, authTime},
        {u"oid"_s, principal.oid},
        {u"sub"_s, principal.oid},
        {u"tid"_s, m_tenantId},
        {u"name"_s, principal.displayName},
        {u"preferred_username"_s, principal.upn},
        {u"ver"_s, u"2.0"_s},
        {u"uti"_s, QString::fromLatin1(base64UrlEncode(randomBytes(16)))},
    };
    if (!nonce.isEmpty())
        payload.insert(u"nonce"_s, nonce);
    return signedToken(payload);
}

QByteArray TokenAuthority::issueRefreshToken(const Principal &principal, const QString &clientId, const QString &scope,
                                             qint64 authTime)
{
    QByteArray token = base64UrlEncode(randomBytes(48));
    // 2^384 values: a collision is impossible in practice, but a silent overwrite would hand one
    // user's grant to another, so make sure.
    while (m_refreshTokens.contains(token))
        token = base64UrlEncode(randomBytes(48));
    m_refreshTokens.insert(token, RefreshGrant {principal.oid, clientId, scope, authTime});
    return token;
}

std::optional<TokenAuthority::RefreshGrant> TokenAuthority::redeemRefreshToken(const QByteArray &token) const
{
    const auto it = m_refreshTokens.constFind(token);
    if (token.isEmpty() || it == m_refreshTokens.cend())
        return std::nullopt;
    return it.value();
}

int TokenAuthority::revokeRefreshTokens(const QByteArray &token)
{
    if (token.isEmpty()) {
        const int count = int(m_refreshTokens.size());
        m_refreshTokens.clear();
        return count;
    }
    return int(m_refreshTokens.remove(token));
}

TokenCheck TokenAuthority::checkAuthorization(const QByteArray &headerValue) const
{
    const QByteArray value = headerValue.trimmed();
    if (value.isEmpty())
        return TokenCheck {TokenProblem::Missing, {}};
    const qsizetype space = value.indexOf(' ');
    if (space <= 0)
        return TokenCheck {TokenProblem::Malformed, {}};
    const QByteArray scheme = value.left(space);
    const QByteArray token = value.mid(space + 1).trimmed();
    if (scheme.compare("Bearer"_ba, Qt::CaseInsensitive) != 0 || token.isEmpty())
        return TokenCheck {TokenProblem::Malformed, {}};
    return checkToken(token);
}

TokenCheck TokenAuthority::checkToken(const QByteArray &token) const
{
    TokenCheck check;
    if (token.isEmpty()) {
        check.problem = TokenProblem::Missing;
        return check;
    }

    // Compare digests, not the tokens, so that neither the length nor the content of the static
    // token leaks through timing.
    if (!m_staticToken.isEmpty()
        && constantTimeEquals(QCryptographicHash::hash(token, QCryptographicHash::Sha256),
                              QCryptographicHash::hash(m_staticToken, QCryptographicHash::Sha256))) {
        const qint64 now = nowSec();
        check.claims.oid = kStaticTokenOid;
        check.claims.tid = m_tenantId;
        check.claims.upn = m_staticTokenUser;
        check.claims.name = u"Static token"_s;
        check.claims.audience = armAudience();
        check.claims.scope = u"user_impersonation"_s;
        check.claims.issuedAt = now;
        check.claims.authTime = now;
        check.claims.expiresAt = kFarFuture;
        check.claims.isStatic = true;
        return check;
    }

    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3 || parts.at(0).isEmpty() || parts.at(1).isEmpty() || parts.at(2).isEmpty()) {
        check.problem = TokenProblem::Malformed;
        return check;
    }
    bool headerOk = false;
    bool payloadOk = false;
    bool signatureOk = false;
    const QByteArray headerJson = base64UrlDecode(parts.at(0), &headerOk);
    const QByteArray payloadJson = base64UrlDecode(parts.at(1), &payloadOk);
    const QByteArray signature = base64UrlDecode(parts.at(2), &signatureOk);
    if (!headerOk || !payloadOk || !signatureOk) {
        check.problem = TokenProblem::Malformed;
        return check;
    }
    QJsonParseError headerError;
    QJsonParseError payloadError;
    const QJsonDocument header = QJsonDocument::fromJson(headerJson, &headerError);
    const QJsonDocument payloadDoc = QJsonDocument::fromJson(payloadJson, &payloadError);
    if (headerError.error != QJsonParseError::NoError || payloadError.error != QJsonParseError::NoError
        || !header.isObject() || !payloadDoc.isObject()) {
        check.problem = TokenProblem::Malformed;
        return check;
    }

    // Only our own HS256 signature counts; "alg":"none" and foreign keys are simply not ours.
    const QByteArray signingInput = parts.at(0) + '.' + parts.at(1);
    if (header.object().value(u"alg"_s).toString() != u"HS256"_s
        || !constantTimeEquals(signature, sign(signingInput))) {
        check.problem = TokenProblem::Unknown;
        return check;
    }

    const QJsonObject payload = payloadDoc.object();
    TokenClaims &claims = check.claims;
    claims.oid = payload.value(u"oid"_s).toString();
    claims.tid = payload.value(u"tid"_s).toString();
    claims.upn = payload.value(u"upn"_s).toString();
    claims.name = payload.value(u"name"_s).toString();
    if (claims.name.isEmpty())
        claims.name = payload.value(u"app_displayname"_s).toString();
    claims.appId = payload.value(u"appid"_s).toString();
    claims.audience = payload.value(u"aud"_s).toString();
    claims.scope = payload.value(u"scp"_s).toString();
    claims.issuedAt = payload.value(u"iat"_s).toInteger();
    claims.expiresAt = payload.value(u"exp"_s).toInteger();
    claims.authTime = payload.value(u"auth_time"_s).toInteger();

    // ARM accepts both of its resource URIs, with or without the trailing slash.
    if (!isArmResource(claims.audience)) {
        check.problem = TokenProblem::WrongAudience;
        return check;
    }
    if (!payload.value(u"exp"_s).isDouble() || claims.expiresAt <= nowSec()) {
        check.problem = TokenProblem::Expired;
        return check;
    }
    return check;
}

QByteArray TokenAuthority::sign(const QByteArray &signingInput) const
{
    return QMessageAuthenticationCode::hash(signingInput, m_key, QCryptographicHash::Sha256);
}

QByteArray TokenAuthority::signedToken(const QJsonObject &payload) const
{
    static const QByteArray header = base64UrlEncode(
        QJsonDocument(QJsonObject {{u"typ"_s, u"JWT"_s}, {u"alg"_s, u"HS256"_s}, {u"kid"_s, u"lockbox-sim"_s}})
            .toJson(QJsonDocument::Compact));
    const QByteArray signingInput =
        header + '.' + base64UrlEncode(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    return signingInput + '.' + base64UrlEncode(sign(signingInput));
}

} // namespace lockbox::sim
