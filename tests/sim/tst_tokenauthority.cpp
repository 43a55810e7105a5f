// TokenAuthority on its own, without sockets: what it issues, what it accepts and refuses, its
// refresh tokens and its base64url codec.

#include "sim/simtypes.h"
#include "sim/tokenauthority.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::sim::base64UrlDecode;
using lockbox::sim::base64UrlEncode;
using lockbox::sim::Principal;
using lockbox::sim::TokenAuthority;
using lockbox::sim::TokenCheck;
using lockbox::sim::TokenProblem;

Q_DECLARE_METATYPE(TokenProblem)

namespace lockbox::sim {
// Found by QTest through ADL: failures name the problem instead of a number.
char *toString(TokenProblem problem)
{
    switch (problem) {
    case TokenProblem::None:
        return qstrdup("None");
    case TokenProblem::Missing:
        return qstrdup("Missing");
    case TokenProblem::Malformed:
        return qstrdup("Malformed");
    case TokenProblem::Unknown:
        return qstrdup("Unknown");
    case TokenProblem::Expired:
        return qstrdup("Expired");
    case TokenProblem::WrongAudience:
        return qstrdup("WrongAudience");
    }
    return qstrdup("?");
}
} // namespace lockbox::sim

namespace {

const QString kTenant = u"8d2b6c1e-4a8f-4a55-9e1c-3f0e8a7b2c10"_s;
const QString kArmScope = u"https://management.azure.com/user_impersonation"_s;
const QString kClient = u"lockbox-console"_s;

Principal avery()
{
    Principal p;
    p.oid = u"0f3a1c2d-1111-4a2b-8c3d-4e5f60718293"_s;
    p.upn = u"avery.approver@contoso.example"_s;
    p.displayName = u"Avery Approver"_s;
    p.globalAdmin = true;
    return p;
}

Principal automationApp()
{
    Principal p;
    p.oid = u"9a8b7c6d-2222-4e5f-8a9b-0c1d2e3f4a5b"_s;
    p.appId = u"automation-app"_s;
    p.displayName = u"Automation (automation-app)"_s;
    return p;
}

qint64 nowSec()
{
    return QDateTime::currentSecsSinceEpoch();
}

QByteArray bearer(const QByteArray &token)
{
    return "Bearer " + token;
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// Decodes with Qt directly, so the test does not lean on the codec under test.
QJsonObject payloadOf(const QByteArray &token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(QByteArray::fromBase64(parts.at(1), QByteArray::Base64UrlEncoding)).object();
}

// The token with its payload replaced, header and signature kept.
QByteArray withPayload(const QByteArray &token, const QJsonObject &payload)
{
    QList<QByteArray> parts = token.split('.');
    parts[1] = base64Url(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    return parts.join('.');
}

} // namespace

class TestTokenAuthority final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void issuedTokenIsValid();
    void serviceTokenHasNoUserClaims();
    void expiredToken_data();
    void expiredToken();
    void tamperedPayloadIsUnknown();
    void tamperedSignatureIsUnknown();
    void algNoneIsUnknown();
    void tokenOfAnotherAuthorityIsUnknown();
    void wrongAudience_data();
    void wrongAudience();
    void classicArmAudienceIsAccepted();
    void authorizationHeader_data();
    void authorizationHeader();
    void staticTokenIsAccepted();
    void emptyStaticTokenAcceptsNothing();
    void refreshTokensRedeemAndRevoke();
    void refreshTokensAreUnique();
    void base64UrlRoundTrip();
    void base64UrlDecodeRejects_data();
    void base64UrlDecodeRejects();
    void base64UrlDecodeAcceptsPadding();
    void scopeResources_data();
    void scopeResources();
};

void TestTokenAuthority::issuedTokenIsValid()
{
    TokenAuthority authority(kTenant, 3600, QString());
    const qint64 before = nowSec();
    const qint64 authTime = before - 120;
    const QByteArray token = authority.issueAccessToken(avery(), kArmScope, authTime, kClient);
    const qint64 after = nowSec();

    const TokenCheck check = authority.checkToken(token);
    QVERIFY(check.ok());
    QCOMPARE(check.problem, TokenProblem::None);
    QCOMPARE(check.claims.oid, avery().oid);
    QCOMPARE(check.claims.tid, kTenant);
    QCOMPARE(check.claims.upn, avery().upn);
    QCOMPARE(check.claims.name, avery().displayName);
    QCOMPARE(check.claims.appId, kClient);
    QCOMPARE(check.claims.audience, TokenAuthority::armAudience());
    QCOMPARE(check.claims.scope, u"user_impersonation"_s);
    QVERIFY(check.claims.issuedAt >= before && check.claims.issuedAt <= after);
    QCOMPARE(check.claims.expiresAt - check.claims.issuedAt, 3600);
    QCOMPARE(check.claims.authTime, authTime);
    QVERIFY(!check.claims.isStatic);

    // The same through an Authorization header.
    const TokenCheck viaHeader = authority.checkAuthorization(bearer(token));
    QVERIFY(viaHeader.ok());
    QCOMPARE(viaHeader.claims.oid, avery().oid);

    // JWT-shaped: three base64url parts, an HS256 header.
    const QList<QByteArray> parts = token.split('.');
    QCOMPARE(parts.size(), 3);
    const QJsonObject header =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts.at(0), QByteArray::Base64UrlEncoding)).object();
    QCOMPARE(header.value(u"alg"_s).toString(), u"HS256"_s);
    QCOMPARE(header.value(u"typ"_s).toString(), u"JWT"_s);
}

void TestTokenAuthority::serviceTokenHasNoUserClaims()
{
    TokenAuthority authority(kTenant, 3600, QString());
    const QByteArray token =
        authority.issueAccessToken(automationApp(), u"https://management.azure.com/.default"_s, nowSec(), u"x"_s);
    const TokenCheck check = authority.checkToken(token);
    QVERIFY(check.ok());
    QCOMPARE(check.claims.oid, automationApp().oid);
    QVERIFY(check.claims.upn.isEmpty());
    QCOMPARE(check.claims.name, automationApp().displayName); // from app_displayname
    const QJsonObject payload = payloadOf(token);
    QCOMPARE(payload.value(u"idtyp"_s).toString(), u"app"_s);
    QVERIFY(!payload.contains(u"scp"_s));
    QVERIFY(!payload.contains(u"upn"_s));
}

void TestTokenAuthority::expiredToken_data()
{
    QTest::addColumn<int>("lifetimeSec");
    QTest::newRow("lifetime -1") << -1;
    QTest::newRow("lifetime 0") << 0;
    QTest::newRow("lifetime -3600") << -3600;
}

void TestTokenAuthority::expiredToken()
{
    QFETCH(int, lifetimeSec);
    TokenAuthority authority(kTenant, lifetimeSec, QString());
    const QByteArray token = authority.issueAccessToken(avery(), kArmScope, nowSec(), kClient);
    const TokenCheck check = authority.checkToken(token);
    QCOMPARE(check.problem, TokenProblem::Expired);
    QVERIFY(!check.ok());
    // Expired is told apart from forged: the claims were read.
    QCOMPARE(check.claims.oid, avery().oid);
}

void TestTokenAuthority::tamperedPayloadIsUnknown()
{
    TokenAuthority authority(kTenant, 3600, QString());
    const QByteArray token = authority.issueAccessToken(avery(), kArmScope, nowSec(), kClient);
    QVERIFY(authority.checkToken(token).ok());

    QJsonObject payload = payloadOf(token);
    QVERIFY(!payload.isEmpty());
    payload.insert(u"oid"_s, u"00000000-0000-0000-0000-000000000bad"_s);
    QCOMPARE(authority.checkToken(withPayload(token, payload)).problem, TokenProblem::Unknown);

    // Extending one's own token is tampering too.
    payload = payloadOf(token);
    payload.insert(u"exp"_s, payload.value(u"exp"_s).toInteger() + 86400);
    QCOMPARE(authority.checkToken(withPayload(token, payload)).problem, TokenProblem::Unknown);
}

void TestTokenAuthority::tamperedSignatureIsUnknown()
{
    TokenAuthority authority(kTenant, 3600, QString());
    const QByteArray token = authority.issueAccessToken(avery(), kArmScope, nowSec(), kClient);
    const qsizetype signatureStart = token.lastIndexOf('.') + 1;
    QVERIFY(signatureStart > 0 && signatureStart < token.size());

    // The first character of the signature carries six whole bits of its first byte, so any
    // other character changes the signature (the last one may carry padding bits only).
    QByteArray tampered = token;
    tampered[signatureStart] = token.at(signatureStart) == 'A' ? 'B' : 'A';
    QCOMPARE(authority.checkAuthorization(bearer(tampered)).problem, TokenProblem::Unknown);

    // A signature of the right length made of zeros.
    const QByteArray zeros = token.left(signatureStart) + base64Url(QByteArray(32, '\0'));
    QCOMPARE(authority.checkToken(zeros).problem, TokenProblem::Unknown);
    // Truncated: refused, as a bad signature or, when the cut leaves a non-canonical last
    // character, as malformed.
    const TokenProblem truncated = authority.checkToken(token.left(token.size() - 4)).problem;
    QVERIFY2(truncated == TokenProblem::Unknown || truncated == TokenProblem::Malformed,
             qPrintable(QString::number(int(truncated))));
}

void TestTokenAuthority::algNoneIsUnknown()
{
    TokenAuthority authority(kTenant, 3600, QString());
    const QByteArray token = authority.issueAccessToken(avery(), kArmScope, nowSec(), kClient);
    const QList<QByteArray> parts = token.split('.');
    const QByteArray header = base64Url(R"({"alg":"none","typ":"JWT"})"_ba);
    QCOMPARE(authority.checkToken(header + '.' + parts.at(1) + '.' + parts.at(2)).problem, TokenProblem::Unknown);
}

void TestTokenAuthority::tokenOfAnotherAuthorityIsUnknown()
{
    TokenAuthority ours(kTenant, 3600, QString());
    TokenAuthority theirs(kTenant, 3600, QString()); // same tenant, its own key
    const QByteArray token = theirs.issueAccessToken(avery(), kArmScope, nowSec(), kClient);
    QVERIFY(theirs.checkToken(token).ok());
    QCOMPARE(ours.checkToken(token).problem, TokenProblem::Unknown);
    QCOMPARE(ours.checkAuthorization(bearer(token)).problem, TokenProblem::Unknown);
}

void TestTokenAuthority::wrongAudience_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("audience");
    QTest::newRow("graph") << u"https://graph.microsoft.com/User.Read"_s << u"https://graph.microsoft.com"_s;
    QTest::newRow("graph default") << u"https://graph.microsoft.com/.default offline_access"_s
                                   << u"https://graph.microsoft.com"_s;
    QTest::newRow("look-alike host") << u"https://management.azure.com.evil.example/.default"_s
                                     << u"https://management.azure.com.evil.example"_s;
}

void TestTokenAuthority::wrongAudience()
{
    QFETCH(QString, scope);
    QFETCH(QString, audience);
    TokenAuthority authority(kTenant, 3600, QString());
    const QByteArray token = authority.issueAccessToken(avery(), scope, nowSec(), kClient);
    QCOMPARE(payloadOf(token).value(u"aud"_s).toString(), audience);
    const TokenCheck check = authority.checkAuthorization(bearer(token));
    QCOMPARE(check.problem, TokenProblem::WrongAudience);
    QCOMPARE(check.claims.audience, audience);
}

void TestTokenAuthority::classicArmAudienceIsAccepted()
{
    TokenAuthority authority(kTenant, 3600, QString());
    // What `az account get-access-token` asks for.
    const QByteArray classic =
        authority.issueAccessToken(avery(), u"https://management.core.windows.net//.default"_s, nowSec(), kClient);
    const TokenCheck check = authority.checkToken(classic);
    QVERIFY(check.ok());
    QCOMPARE(check.claims.audience, u"https://management.core.windows.net/"_s);
    // An id token is for the client, not for ARM.
    const QByteArray idToken = authority.issueIdToken(avery(), kClient, nowSec(), u"n-0S6_WzA2Mj"_s);
    QCOMPARE(payloadOf(idToken).value(u"nonce"_s).toString(), u"n-0S6_WzA2Mj"_s);
    QCOMPARE(authority.checkToken(idToken).problem, TokenProblem::WrongAudience);
}

void TestTokenAuthority::authorizationHeader_data()
{
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<bool>("withToken");
    QTest::addColumn<TokenProblem>("problem");
    QTest::newRow("Bearer") << "Bearer "_ba << true << TokenProblem::None;
    QTest::newRow("lowercase bearer") << "bearer "_ba << true << TokenProblem::None;
    QTest::newRow("upper case BEARER") << "BEARER "_ba << true << TokenProblem::None;
    QTest::newRow("extra spaces") << "  Bearer   "_ba << true << TokenProblem::None;
    QTest::newRow("scheme missing") << QByteArray() << true << TokenProblem::Malformed;
    QTest::newRow("Basic") << "Basic "_ba << true << TokenProblem::Malformed;
    QTest::newRow("Basic x") << "Basic x"_ba << false << TokenProblem::Malformed;
    QTest::newRow("Bearer alone") << "Bearer"_ba << false << TokenProblem::Malformed;
    QTest::newRow("Bearer and space") << "Bearer "_ba << false << TokenProblem::Malformed;
    QTest::newRow("Bearer garbage") << "Bearer not-a-token"_ba << false << TokenProblem::Malformed;
    QTest::newRow("Bearer two parts") << "Bearer a.b"_ba << false << TokenProblem::Malformed;
    QTest::newRow("Bearer bad base64") << "Bearer a+b.c/d.e*f"_ba << false << TokenProblem::Malformed;
    QTest::newRow("Bearer not json") << "Bearer YWJj.ZGVm.Z2hp"_ba << false << TokenProblem::Malformed;
    QTest::newRow("empty") << QByteArray() << false << TokenProblem::Missing;
    QTest::newRow("blank") << "   "_ba << false << TokenProblem::Missing;
}

void TestTokenAuthority::authorizationHeader()
{
    QFETCH(QByteArray, prefix);
    QFETCH(bool, withToken);
    QFETCH(TokenProblem, problem);
    TokenAuthority authority(kTenant, 3600, QString());
    const QByteArray header =
        withToken ? prefix + authority.issueAccessToken(avery(), kArmScope, nowSec(), kClient) : prefix;
    const TokenCheck check = authority.checkAuthorization(header);
    QCOMPARE(check.problem, problem);
    if (problem == TokenProblem::None)
        QCOMPARE(check.claims.upn, avery().upn);
}

void TestTokenAuthority::staticTokenIsAccepted()
{
    TokenAuthority authority(kTenant, 3600, u"s3cret-static"_s);
    const TokenCheck check = authority.checkAuthorization("Bearer s3cret-static"_ba);
    QVERIFY(check.ok());
    QVERIFY(check.claims.isStatic);
    QCOMPARE(check.claims.tid, kTenant);
    QCOMPARE(check.claims.audience, TokenAuthority::armAudience());
    QVERIFY(!check.claims.oid.isEmpty());
    QVERIFY(check.claims.expiresAt > nowSec() + 365LL * 24 * 3600);
    // Only that exact string.
    QCOMPARE(authority.checkAuthorization("Bearer s3cret-stati"_ba).problem, TokenProblem::Malformed);
    QCOMPARE(authority.checkAuthorization("Bearer s3cret-static2"_ba).problem, TokenProblem::Malformed);
    QCOMPARE(authority.checkAuthorization("Bearer S3CRET-STATIC"_ba).problem, TokenProblem::Malformed);
    // Issued tokens still work beside it.
    QVERIFY(authority.checkToken(authority.issueAccessToken(avery(), kArmScope, nowSec(), kClient)).ok());
}

void TestTokenAuthority::emptyStaticTokenAcceptsNothing()
{
    TokenAuthority authority(kTenant, 3600, QString());
    QCOMPARE(authority.checkToken(QByteArray()).problem, TokenProblem::Missing);
    QCOMPARE(authority.checkToken(""_ba).problem, TokenProblem::Missing);
    QVERIFY(!authority.checkAuthorization(QByteArray()).ok());
    QVERIFY(!authority.checkAuthorization("Bearer"_ba).ok());
    QVERIFY(!authority.checkAuthorization("Bearer "_ba).ok());
    QVERIFY(!authority.checkAuthorization("Bearer \"\""_ba).ok());
    // Nor does a set static token make the empty string valid.
    TokenAuthority withStatic(kTenant, 3600, u"x"_s);
    QCOMPARE(withStatic.checkToken(QByteArray()).problem, TokenProblem::Missing);
    QVERIFY(!withStatic.checkAuthorization("Bearer "_ba).ok());
}

void TestTokenAuthority::refreshTokensRedeemAndRevoke()
{
    TokenAuthority authority(kTenant, 3600, QString());
    const QString scope = kArmScope + u" offline_access"_s;
    const QByteArray first = authority.issueRefreshToken(avery(), kClient, scope, 1700000000);
    const QByteArray second = authority.issueRefreshToken(avery(), u"other-client"_s, kArmScope, 1700000100);
    const QByteArray third = authority.issueRefreshToken(automationApp(), kClient, kArmScope, 1700000200);
    QVERIFY(!first.isEmpty());
    QVERIFY(first != second && second != third && first != third);
    // Opaque: not a JWT, nothing readable in it.
    QVERIFY(!first.contains('.'));
    QVERIFY(!authority.checkToken(first).ok());

    const auto grant = authority.redeemRefreshToken(first);
    QVERIFY(grant.has_value());
    QCOMPARE(grant->principalOid, avery().oid);
    QCOMPARE(grant->clientId, kClient);
    QCOMPARE(grant->scope, scope);
    QCOMPARE(grant->authTime, 1700000000);
    // Redeeming does not consume it.
    QVERIFY(authority.redeemRefreshToken(first).has_value());
    QCOMPARE(authority.redeemRefreshToken(second)->clientId, u"other-client"_s);

    QVERIFY(!authority.redeemRefreshToken(QByteArray()).has_value());
    QVERIFY(!authority.redeemRefreshToken("not-a-refresh-token"_ba).has_value());
    QVERIFY(!authority.redeemRefreshToken(first.left(first.size() - 1)).has_value());

    QCOMPARE(authority.revokeRefreshTokens(first), 1);
    QVERIFY(!authority.redeemRefreshToken(first).has_value());
    QVERIFY(authority.redeemRefreshToken(second).has_value());
    QCOMPARE(authority.revokeRefreshTokens(first), 0); // already gone
    QCOMPARE(authority.revokeRefreshTokens("unknown"_ba), 0);

    QCOMPARE(authority.revokeRefreshTokens(), 2);
    QVERIFY(!authority.redeemRefreshToken(second).has_value());
    QVERIFY(!authority.redeemRefreshToken(third).has_value());
    QCOMPARE(authority.revokeRefreshTokens(), 0);
}

void TestTokenAuthority::refreshTokensAreUnique()
{
    TokenAuthority authority(kTenant, 3600, QString());
    QSet<QByteArray> seen;
    for (int i = 0; i < 200; ++i)
        seen.insert(authority.issueRefreshToken(avery(), kClient, kArmScope, 0));
    QCOMPARE(seen.size(), 200);
    QCOMPARE(authority.revokeRefreshTokens(), 200);
}

void TestTokenAuthority::base64UrlRoundTrip()
{
    QRandomGenerator random(20261102); // fixed: a failure can be repeated
    for (int length = 0; length <= 64; ++length) {
        for (int round = 0; round < 8; ++round) {
            QByteArray data(length, Qt::Uninitialized);
            for (char &c : data)
                c = char(random.bounded(256));
            const QByteArray encoded = base64UrlEncode(data);
            const QByteArray context = "length " + QByteArray::number(length) + ": " + encoded;
            QVERIFY2(!encoded.contains('=') && !encoded.contains('+') && !encoded.contains('/'), context.constData());
            QCOMPARE(encoded.size(), (length * 4 + 2) / 3);
            QCOMPARE(encoded, base64Url(data));
            bool ok = false;
            QCOMPARE(base64UrlDecode(encoded, &ok), data);
            QVERIFY2(ok, context.constData());
        }
    }
    // Bytes that standard base64 spells "+" and "/".
    QCOMPARE(base64UrlEncode("\xfb\xff\xbf"_ba), "-_-_"_ba);
    QCOMPARE(base64UrlDecode("-_-_"_ba), "\xfb\xff\xbf"_ba);
}

void TestTokenAuthority::base64UrlDecodeRejects_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("plus") << "ab+c"_ba;
    QTest::newRow("non-canonical last character") << "YR"_ba; // "YQ" is the one spelling of "a"

    QTest::newRow("slash") << "ab/c"_ba;
    QTest::newRow("space") << "ab c"_ba;
    QTest::newRow("dot") << "ab.c"_ba;
    QTest::newRow("percent") << "ab%3D"_ba;
    QTest::newRow("newline") << "abcd\nefgh"_ba;
    QTest::newRow("nul") << QByteArray("ab\0c", 4);
    QTest::newRow("non-ascii") << "ab\xc3\xa9"_ba;
    QTest::newRow("one leftover character") << "abcde"_ba;
    QTest::newRow("padding inside") << "ab=c"_ba;
    QTest::newRow("three padding") << "a==="_ba;
    QTest::newRow("padding, wrong length") << "abc=="_ba;
    QTest::newRow("padding only") << "===="_ba;
}

void TestTokenAuthority::base64UrlDecodeRejects()
{
    QFETCH(QByteArray, input);
    bool ok = true;
    base64UrlDecode(input, &ok);
    QVERIFY(!ok);
    // Without an ok pointer it must not crash either.
    base64UrlDecode(input);
}

void TestTokenAuthority::base64UrlDecodeAcceptsPadding()
{
    bool ok = false;
    QCOMPARE(base64UrlDecode("YQ=="_ba, &ok), "a"_ba);
    QVERIFY(ok);
    ok = false;
    QCOMPARE(base64UrlDecode("YWI="_ba, &ok), "ab"_ba);
    QVERIFY(ok);
    ok = false;
    QCOMPARE(base64UrlDecode(QByteArray(), &ok), QByteArray());
    QVERIFY(ok);
}

void TestTokenAuthority::scopeResources_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QStringList>("resources");
    QTest::newRow("arm default, double slash")
        << u"https://management.azure.com//.default"_s << QStringList {u"https://management.azure.com"_s};
    QTest::newRow("arm impersonation and offline")
        << u"https://management.azure.com/user_impersonation offline_access openid"_s
        << QStringList {u"https://management.azure.com"_s};
    QTest::newRow("bare names") << u"openid profile offline_access"_s << QStringList();
    QTest::newRow("two resources") << u"https://management.azure.com/.default https://graph.microsoft.com/User.Read"_s
                                   << QStringList {u"https://management.azure.com"_s, u"https://graph.microsoft.com"_s};
    QTest::newRow("same resource twice, case differs")
        << u"https://management.azure.com/.default HTTPS://MANAGEMENT.AZURE.COM/user_impersonation"_s
        << QStringList {u"https://management.azure.com"_s};
    QTest::newRow("resource without permission")
        << u"https://management.azure.com"_s << QStringList {u"https://management.azure.com"_s};
}

void TestTokenAuthority::scopeResources()
{
    QFETCH(QString, scope);
    QFETCH(QStringList, resources);
    QCOMPARE(lockbox::sim::scopeResources(scope), resources);
}

QTEST_GUILESS_MAIN(TestTokenAuthority)
#include "tst_tokenauthority.moc"
