// Reading what a token says (TokenClaims) and a token endpoint's answer (Token): defensive about
// everything, since the bytes come from a server — wrong types, bad base64, huge values, garbage
// instead of a JWT all give empty claims or a clear error, never a crash or a wrong name.

#include "auth/token.h"
#include "auth/tokenclaims.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AuthError;
using lockbox::Token;
using lockbox::TokenClaims;

namespace {

QByteArray b64(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray jwt(const QJsonObject &payload)
{
    return b64(R"({"alg":"HS256","typ":"JWT"})") + '.' + b64(QJsonDocument(payload).toJson(QJsonDocument::Compact))
        + '.' + b64("signature");
}

} // namespace

class TestTokenClaims final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void userClaims();
    void applicationClaims();
    void notAJwtGivesNoClaims_data();
    void notAJwtGivesNoClaims();
    void wrongTypesAndHugeValuesAreDropped();
    void fillFromCompletesMissingFields();
    void responseParses();
    void responseLifetimeFallbacks();
    void badResponsesAreRefused_data();
    void badResponsesAreRefused();
};

void TestTokenClaims::userClaims()
{
    const TokenClaims c = TokenClaims::fromJwt(jwt({{u"name"_s, u"Avery Approver"_s},
                                                    {u"upn"_s, u"avery@contoso.example"_s},
                                                    {u"preferred_username"_s, u"avery@contoso.example"_s},
                                                    {u"oid"_s, u"oid-1"_s},
                                                    {u"tid"_s, u"tid-1"_s},
                                                    {u"appid"_s, u"app-1"_s},
                                                    {u"auth_time"_s, 1800000000},
                                                    {u"exp"_s, 1800003600},
                                                    {u"nonce"_s, u"n1"_s}}));
    QCOMPARE(c.name, u"Avery Approver"_s);
    QCOMPARE(c.upn, u"avery@contoso.example"_s);
    QCOMPARE(c.oid, u"oid-1"_s);
    QCOMPARE(c.tenantId, u"tid-1"_s);
    QCOMPARE(c.appId, u"app-1"_s);
    QCOMPARE(c.nonce, u"n1"_s);
    QCOMPARE(c.authTime, QDateTime::fromSecsSinceEpoch(1800000000, Qt::UTC));
    QCOMPARE(c.expiresAt, QDateTime::fromSecsSinceEpoch(1800003600, Qt::UTC));
    QCOMPARE(c.userName(), u"avery@contoso.example"_s);
    QCOMPARE(c.displayName(), u"Avery Approver <avery@contoso.example>"_s);
    QVERIFY(!c.isEmpty());

    // unique_name stands in for upn; preferred_username for both.
    QCOMPARE(TokenClaims::fromJwt(jwt({{u"unique_name"_s, u"u@x"_s}})).userName(), u"u@x"_s);
    QCOMPARE(TokenClaims::fromJwt(jwt({{u"preferred_username"_s, u"p@x"_s}})).userName(), u"p@x"_s);
}

void TestTokenClaims::applicationClaims()
{
    const TokenClaims c =
        TokenClaims::fromJwt(jwt({{u"appid"_s, u"C"_s}, {u"app_displayname"_s, u"Automation"_s}, {u"oid"_s, u"o"_s}}));
    QCOMPARE(c.userName(), u"C"_s);
    QCOMPARE(c.displayName(), u"Automation"_s);
    // azp (v2 tokens) when appid is absent.
    QCOMPARE(TokenClaims::fromJwt(jwt({{u"azp"_s, u"D"_s}})).appId, u"D"_s);
}

void TestTokenClaims::notAJwtGivesNoClaims_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("opaque") << QByteArray("T");
    QTest::newRow("two parts") << QByteArray("a.b");
    QTest::newRow("four parts") << QByteArray("a.b.c.d");
    QTest::newRow("bad base64") << QByteArray("a.!!!.c");
    QTest::newRow("not json") << QByteArray("a." + b64("not json") + ".c");
    QTest::newRow("json array") << QByteArray("a." + b64("[1,2]") + ".c");
    QTest::newRow("huge payload") << QByteArray("a." + QByteArray(70000, 'A') + ".c");
}

void TestTokenClaims::notAJwtGivesNoClaims()
{
    QFETCH(QByteArray, token);
    const TokenClaims c = TokenClaims::fromJwt(token);
    QVERIFY(c.isEmpty());
    QVERIFY(c.userName().isEmpty());
    QVERIFY(!c.authTime.isValid());
}

void TestTokenClaims::wrongTypesAndHugeValuesAreDropped()
{
    const TokenClaims c = TokenClaims::fromJwt(jwt({{u"upn"_s, 42},
                                                    {u"name"_s, QString(300, u'x')},
                                                    {u"tid"_s, QJsonArray {u"t"_s}},
                                                    {u"auth_time"_s, u"yesterday"_s},
                                                    {u"exp"_s, 1e300},
                                                    {u"oid"_s, u"ok"_s}}));
    QVERIFY(c.upn.isEmpty());
    QVERIFY(c.name.isEmpty());
    QVERIFY(c.tenantId.isEmpty());
    QVERIFY(!c.authTime.isValid());
    QVERIFY(!c.expiresAt.isValid());
    QCOMPARE(c.oid, u"ok"_s);
    // A numeric string is read as a time, leniently.
    QCOMPARE(TokenClaims::fromJwt(jwt({{u"auth_time"_s, u"1800000000"_s}})).authTime,
             QDateTime::fromSecsSinceEpoch(1800000000, Qt::UTC));
}

void TestTokenClaims::fillFromCompletesMissingFields()
{
    TokenClaims access = TokenClaims::fromJwt(jwt({{u"oid"_s, u"o"_s}, {u"appid"_s, u"a"_s}}));
    const TokenClaims id = TokenClaims::fromJwt(jwt({{u"oid"_s, u"other"_s},
                                                     {u"name"_s, u"N"_s},
                                                     {u"preferred_username"_s, u"p@x"_s},
                                                     {u"auth_time"_s, 1800000000},
                                                     {u"aud"_s, u"client"_s}}));
    access.fillFrom(id);
    QCOMPARE(access.oid, u"o"_s); // kept
    QCOMPARE(access.name, u"N"_s);
    QCOMPARE(access.preferredUsername, u"p@x"_s);
    QCOMPARE(access.authTime, QDateTime::fromSecsSinceEpoch(1800000000, Qt::UTC));
    QVERIFY(access.audience.isEmpty()); // an id token's audience is the client, not ARM
}

void TestTokenClaims::responseParses()
{
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1800000000, Qt::UTC);
    const QByteArray access = jwt({{u"upn"_s, u"avery@contoso.example"_s}, {u"tid"_s, u"t"_s}});
    const QByteArray id = jwt({{u"name"_s, u"Avery"_s}, {u"auth_time"_s, 1799999990}});
    AuthError error;
    const auto token = Token::fromResponse({{u"token_type"_s, u"bearer"_s},
                                            {u"access_token"_s, QString::fromLatin1(access)},
                                            {u"expires_in"_s, u"3599"_s},
                                            {u"refresh_token"_s, u"R-1"_s},
                                            {u"id_token"_s, QString::fromLatin1(id)}},
                                           now, &error);
    QVERIFY2(token, qPrintable(error.message));
    QCOMPARE(token->accessToken, access);
    QCOMPARE(token->refreshToken, QByteArray("R-1"));
    QCOMPARE(token->idToken, id);
    QCOMPARE(token->obtainedAt, now);
    QCOMPARE(token->expiresAt, now.addSecs(3599));
    QCOMPARE(token->secondsLeft(now.addSecs(99)), 3500);
    QCOMPARE(token->claims.upn, u"avery@contoso.example"_s);
    QCOMPARE(token->claims.name, u"Avery"_s);
    QCOMPARE(token->claims.authTime, QDateTime::fromSecsSinceEpoch(1799999990, Qt::UTC));
}

void TestTokenClaims::responseLifetimeFallbacks()
{
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1800000000, Qt::UTC);
    // No expires_in: the token's own exp.
    auto token =
        Token::fromResponse({{u"access_token"_s, QString::fromLatin1(jwt({{u"exp"_s, 1800000600}}))}}, now, nullptr);
    QVERIFY(token);
    QCOMPARE(token->expiresAt, now.addSecs(600));
    // Neither: an hour. An absurd expires_in is not believed either.
    token = Token::fromResponse({{u"access_token"_s, u"opaque"_s}, {u"expires_in"_s, 1e12}}, now, nullptr);
    QVERIFY(token);
    QCOMPARE(token->expiresAt, now.addSecs(3600));
    QVERIFY(token->refreshToken.isEmpty());
}

void TestTokenClaims::badResponsesAreRefused_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::newRow("no access token") << QJsonObject {{u"token_type"_s, u"Bearer"_s}};
    QTest::newRow("empty access token") << QJsonObject {{u"access_token"_s, u""_s}};
    QTest::newRow("access token not a string") << QJsonObject {{u"access_token"_s, 42}};
    QTest::newRow("access token with a space") << QJsonObject {{u"access_token"_s, u"a b"_s}};
    QTest::newRow("access token with CRLF") << QJsonObject {{u"access_token"_s, u"a\r\nX-Evil: 1"_s}};
    QTest::newRow("access token not ASCII") << QJsonObject {{u"access_token"_s, u"t\u00e9"_s}};
    QTest::newRow("huge access token") << QJsonObject {{u"access_token"_s, QString(70000, u'a')}};
    QTest::newRow("other token type") << QJsonObject {{u"access_token"_s, u"t"_s}, {u"token_type"_s, u"MAC"_s}};
    QTest::newRow("bad refresh token") << QJsonObject {{u"access_token"_s, u"t"_s}, {u"refresh_token"_s, u"r r"_s}};
}

void TestTokenClaims::badResponsesAreRefused()
{
    QFETCH(QJsonObject, body);
    AuthError error;
    const auto token = Token::fromResponse(body, QDateTime::currentDateTimeUtc(), &error);
    QVERIFY(!token);
    QCOMPARE(error.kind, AuthError::Kind::Server);
    QVERIFY(!error.message.isEmpty());
}

QTEST_GUILESS_MAIN(TestTokenClaims)
#include "tst_tokenclaims.moc"
