// The Entra ID side of lockbox-sim, over a real loopback socket: device code, refresh token,
// client credentials and authorization code + PKCE, the errors of each with their AADSTS codes,
// and that the tokens it issues are what ARM accepts.

#include "sim/simworld.h"
#include "sim/tokenauthority.h"
#include "support/manualclock.h"
#include "support/simfixture.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using lockbox::test::HttpClient;
using lockbox::test::HttpResult;
using lockbox::test::ManualClock;
using lockbox::test::SimFixture;

namespace {

using Form = QList<QPair<QString, QString>>;

const QString kClient = u"lockbox-console"_s;
const QString kDeviceCodeGrant = u"urn:ietf:params:oauth:grant-type:device_code"_s;
const QString kArmScope = u"https://management.azure.com/user_impersonation"_s;
const QString kOfflineScope = u"https://management.azure.com/user_impersonation offline_access"_s;
const QString kRedirect = u"http://127.0.0.1:53123/cb"_s;
const QString kAvery = u"avery.approver@contoso.example"_s;
const QString kRiley = u"riley.reader@contoso.example"_s;
const QString kSubscriptionsQuery = u"api-version=2022-12-01"_s;

// "status error code" of an Entra error reply, so that one QCOMPARE checks all three and shows
// all three when it fails. The description must start with the same AADSTS code.
QString oauthError(const HttpResult &r)
{
    const QJsonObject o = r.object();
    const QJsonArray codes = o.value(u"error_codes").toArray();
    QString summary = QString::number(r.status) + u' ' + o.value(u"error").toString() + u' ';
    if (codes.size() != 1) {
        summary += u"error_codes="_s + QString::fromUtf8(QJsonDocument(codes).toJson(QJsonDocument::Compact));
        return summary;
    }
    const QString code = QString::number(codes.first().toInt());
    summary += code;
    if (!o.value(u"error_description").toString().startsWith(u"AADSTS"_s + code + u": "_s))
        summary += u" (error_description does not start with AADSTS"_s + code + u')';
    return summary;
}

QString expected(int status, const QString &error, int aadsts)
{
    return QString::number(status) + u' ' + error + u' ' + QString::number(aadsts);
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(QRandomGenerator::global()->bounded(256));
    return bytes;
}

// RFC 7636: a verifier of 43 to 128 unreserved characters; its S256 challenge.
QString newVerifier()
{
    return QString::fromLatin1(base64Url(randomBytes(48))); // 64 characters
}

QString challengeOf(const QString &verifier)
{
    return QString::fromLatin1(base64Url(QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)));
}

// The decoded payload of a JWT, or an empty object when the token is not JWT-shaped.
QJsonObject jwtPayload(const QString &token)
{
    static const QRegularExpression part(u"^[A-Za-z0-9_-]+$"_s);
    const QStringList parts = token.split(u'.');
    if (parts.size() != 3)
        return {};
    for (const QString &p : parts) {
        if (!part.match(p).hasMatch())
            return {};
    }
    const auto decoded = QByteArray::fromBase64Encoding(
        parts.at(1).toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return {};
    return QJsonDocument::fromJson(*decoded).object();
}

qint64 nowSec()
{
    return QDateTime::currentSecsSinceEpoch();
}

QStringList subscriptionIdsOf(const HttpResult &r)
{
    QStringList ids;
    for (const QJsonValue &v : r.object().value(u"value").toArray())
        ids.append(v.toObject().value(u"subscriptionId").toString());
    ids.sort();
    return ids;
}

} // namespace

class TestEntraService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // Device code
    void deviceCodeEndpointAnswers();
    void pollingBeforeApprovalIsPending();
    void pollingFasterThanIntervalIsSlowDown();
    void approvedDeviceCodeGivesTokens_data();
    void approvedDeviceCodeGivesTokens();
    void deviceCodeRedeemsOnce();
    void declinedDeviceCode();
    void expiredDeviceCode();
    void unknownDeviceCode();
    void deviceCodeOfAnotherClient();
    void deviceCodeMissingParameters();
    void controlApiRefusesUnknownCodesAndUsers();
    void tokenWorksOnArm();
    void nonApproverIsForbiddenOnArm();
    // The token itself
    void accessTokenIsJwtShaped();
    // Refresh token
    void refreshKeepsAuthTime();
    void revokedRefreshTokenIsInvalidGrant();
    void unknownRefreshTokenIsInvalidGrant();
    void refreshTokenOfAnotherClientIsInvalidGrant();
    void expiredTokenIs401OnArmAndRefreshedOneWorks();
    // Client credentials
    void clientCredentials();
    void clientCredentialsErrors_data();
    void clientCredentialsErrors();
    void clientCredentialsWithBasicAuth();
    // Authorization code + PKCE
    void authorizationCodeWithPkce();
    void wrongVerifierIsInvalidGrant();
    void redirectUriMismatchAtToken();
    void nonLoopbackRedirectIsRefused_data();
    void nonLoopbackRedirectIsRefused();
    void authorizeErrorsGoBackToRedirect_data();
    void authorizeErrorsGoBackToRedirect();
    void stateRoundTrips();
    void loginHintSelectsUser();
    void maxAgeGivesFreshAuthTime();
    void openidScopeAddsIdToken();
    // Routing
    void tenants_data();
    void tenants();
    void unknownTenantIs400();
    void wrongMethodIs405();
    void missingGrantTypeIsUnsupported();
    void clientRequestIdIsEchoed();
    // The device login page
    void deviceLoginPageEscapesInput();
    void deviceLoginPostApproves();
    void deviceLoginPostDeclines();
    void deviceLoginPostUnknownCode();

private:
    std::unique_ptr<SimFixture> m_sim;

    void restart(const lockbox::sim::SimOptions &options);
    QString tenant() const { return m_sim->simulator().world().tenantId(); }
    QUrl entraUrl(const QString &endpoint, const QString &tenantName = QString()) const
    {
        return m_sim->url(u'/' + (tenantName.isEmpty() ? tenant() : tenantName) + u"/oauth2/v2.0/"_s + endpoint);
    }
    HttpResult token(const Form &form) const;
    HttpResult startDeviceCode(const QString &scope, const QString &clientId = kClient) const;
    HttpResult pollDeviceCode(const QString &deviceCode, const QString &clientId = kClient) const;
    HttpResult controlApprove(const QString &userCode, const QString &upn = QString()) const;
    // Device-code sign-in completed through the control API: the token response.
    HttpResult signIn(const QString &scope, const QString &upn = QString()) const;
    HttpResult refresh(const QString &refreshToken, const QString &clientId = kClient) const;
    HttpResult armGet(const QString &accessToken, const QUrl &url) const;
    // GET /authorize with these query items; HttpClient does not follow the redirect.
    HttpResult authorize(const Form &query, const QString &tenantName = QString()) const;
    // The standard PKCE /authorize request plus `extra`; the `code` of the redirect or empty.
    QString authorizeCode(const QString &verifier, const Form &extra = {}) const;
    HttpResult redeemCode(const QString &code, const QString &verifier, const QString &redirect = kRedirect) const;
};

void TestEntraService::init()
{
    restart(SimFixture::defaultOptions());
}

void TestEntraService::cleanup()
{
    m_sim.reset();
}

void TestEntraService::restart(const lockbox::sim::SimOptions &options)
{
    m_sim = std::make_unique<SimFixture>(options);
    QString error;
    QVERIFY2(m_sim->start(&error), qPrintable(error));
}

HttpResult TestEntraService::token(const Form &form) const
{
    HttpClient c;
    return c.postForm(entraUrl(u"token"_s), form);
}

HttpResult TestEntraService::startDeviceCode(const QString &scope, const QString &clientId) const
{
    HttpClient c;
    return c.postForm(entraUrl(u"devicecode"_s), {{u"client_id"_s, clientId}, {u"scope"_s, scope}});
}

HttpResult TestEntraService::pollDeviceCode(const QString &deviceCode, const QString &clientId) const
{
    return token({{u"grant_type"_s, kDeviceCodeGrant}, {u"client_id"_s, clientId}, {u"device_code"_s, deviceCode}});
}

HttpResult TestEntraService::controlApprove(const QString &userCode, const QString &upn) const
{
    HttpClient c;
    QJsonObject body {{u"user_code"_s, userCode}};
    if (!upn.isEmpty())
        body.insert(u"upn"_s, upn);
    return c.postJson(m_sim->url(u"/_sim/devicecode/approve"_s), body);
}

HttpResult TestEntraService::signIn(const QString &scope, const QString &upn) const
{
    const HttpResult dc = startDeviceCode(scope);
    if (dc.status != 200)
        return dc;
    const HttpResult approved = controlApprove(dc.object().value(u"user_code").toString(), upn);
    if (approved.status != 200)
        return approved;
    return pollDeviceCode(dc.object().value(u"device_code").toString());
}

HttpResult TestEntraService::refresh(const QString &refreshToken, const QString &clientId) const
{
    return token(
        {{u"grant_type"_s, u"refresh_token"_s}, {u"client_id"_s, clientId}, {u"refresh_token"_s, refreshToken}});
}

HttpResult TestEntraService::armGet(const QString &accessToken, const QUrl &url) const
{
    HttpClient c;
    c.setBearer(accessToken.toLatin1());
    return c.get(url);
}

HttpResult TestEntraService::authorize(const Form &query, const QString &tenantName) const
{
    QUrl url = entraUrl(u"authorize"_s, tenantName);
    QUrlQuery q;
    for (const auto &item : query)
        q.addQueryItem(item.first, QString::fromLatin1(QUrl::toPercentEncoding(item.second)));
    url.setQuery(q);
    HttpClient c;
    return c.get(url);
}

QString TestEntraService::authorizeCode(const QString &verifier, const Form &extra) const
{
    Form query {{u"client_id"_s, kClient},
                {u"response_type"_s, u"code"_s},
                {u"redirect_uri"_s, kRedirect},
                {u"scope"_s, kOfflineScope},
                {u"state"_s, u"xyz"_s},
                {u"code_challenge"_s, challengeOf(verifier)},
                {u"code_challenge_method"_s, u"S256"_s}};
    query += extra;
    const HttpResult r = authorize(query);
    if (r.status != 302)
        return QString();
    return QUrlQuery(QUrl::fromEncoded(r.header("location"))).queryItemValue(u"code"_s, QUrl::FullyDecoded);
}

HttpResult TestEntraService::redeemCode(const QString &code, const QString &verifier, const QString &redirect) const
{
    return token({{u"grant_type"_s, u"authorization_code"_s},
                  {u"client_id"_s, kClient},
                  {u"code"_s, code},
                  {u"redirect_uri"_s, redirect},
                  {u"code_verifier"_s, verifier}});
}

// ---- device code ---------------------------------------------------------------------------

void TestEntraService::deviceCodeEndpointAnswers()
{
    const HttpResult r = startDeviceCode(kOfflineScope);
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("content-type").startsWith("application/json"));
    QVERIFY(r.header("cache-control").contains("no-store"));
    const QJsonObject o = r.object();
    QVERIFY(o.value(u"device_code"_s).toString().size() >= 32);
    const QString userCode = o.value(u"user_code"_s).toString();
    QVERIFY2(QRegularExpression(u"^[A-Z0-9]{6,12}$"_s).match(userCode).hasMatch(), qPrintable(userCode));
    const QString verificationUri = m_sim->baseUrl().toString() + u"/devicelogin"_s;
    QCOMPARE(o.value(u"verification_uri"_s).toString(), verificationUri);
    QCOMPARE(o.value(u"interval"_s).toInt(), 1);
    QCOMPARE(o.value(u"expires_in"_s).toInt(), 900);
    const QString message = o.value(u"message"_s).toString();
    QVERIFY2(message.contains(userCode) && message.contains(verificationUri), qPrintable(message));

    // Every request gets its own codes.
    const QJsonObject other = startDeviceCode(kOfflineScope).object();
    QVERIFY(other.value(u"device_code"_s).toString() != o.value(u"device_code"_s).toString());
    QVERIFY(other.value(u"user_code"_s).toString() != userCode);
}

void TestEntraService::pollingBeforeApprovalIsPending()
{
    const QJsonObject dc = startDeviceCode(kArmScope).object();
    const HttpResult r = pollDeviceCode(dc.value(u"device_code"_s).toString());
    QCOMPARE(oauthError(r), expected(400, u"authorization_pending"_s, 70016));
    QVERIFY(r.object().value(u"access_token"_s).isUndefined());
    QVERIFY(!r.object().value(u"trace_id"_s).toString().isEmpty());
    QVERIFY(!r.object().value(u"correlation_id"_s).toString().isEmpty());
}

void TestEntraService::pollingFasterThanIntervalIsSlowDown()
{
    // Polling at the interval is fine…
    const QString patient = startDeviceCode(kArmScope).object().value(u"device_code"_s).toString();
    QCOMPARE(oauthError(pollDeviceCode(patient)), expected(400, u"authorization_pending"_s, 70016));
    QTest::qWait(1100);
    QCOMPARE(oauthError(pollDeviceCode(patient)), expected(400, u"authorization_pending"_s, 70016));

    // …faster is not, and the interval grows by 5 s (RFC 8628 §3.5).
    const QString hasty = startDeviceCode(kArmScope).object().value(u"device_code"_s).toString();
    QCOMPARE(oauthError(pollDeviceCode(hasty)), expected(400, u"authorization_pending"_s, 70016));
    const HttpResult r = pollDeviceCode(hasty);
    QCOMPARE(oauthError(r), expected(400, u"slow_down"_s, 70016));
    QVERIFY2(r.object().value(u"error_description"_s).toString().contains(u"6 seconds"_s),
             qPrintable(r.object().value(u"error_description"_s).toString()));
    // The old interval is now too short as well.
    QTest::qWait(1100);
    QCOMPARE(oauthError(pollDeviceCode(hasty)), expected(400, u"slow_down"_s, 70016));
}

void TestEntraService::approvedDeviceCodeGivesTokens_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<bool>("refreshToken");
    QTest::newRow("offline_access") << kOfflineScope << true;
    QTest::newRow("offline_access first, any case")
        << u"OFFLINE_ACCESS https://management.azure.com//.default"_s << true;
    QTest::newRow("without offline_access") << kArmScope << false;
    QTest::newRow(".default only") << u"https://management.azure.com/.default"_s << false;
}

void TestEntraService::approvedDeviceCodeGivesTokens()
{
    QFETCH(QString, scope);
    QFETCH(bool, refreshToken);
    const QJsonObject dc = startDeviceCode(scope).object();
    const QString deviceCode = dc.value(u"device_code"_s).toString();
    QCOMPARE(oauthError(pollDeviceCode(deviceCode)), expected(400, u"authorization_pending"_s, 70016));
    QCOMPARE(controlApprove(dc.value(u"user_code"_s).toString()).status, 200);

    // Approval is not subject to the polling interval: the next poll gets the tokens.
    const HttpResult r = pollDeviceCode(deviceCode);
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("cache-control").contains("no-store"));
    const QJsonObject o = r.object();
    QCOMPARE(o.value(u"token_type"_s).toString(), u"Bearer"_s);
    QVERIFY(!o.value(u"access_token"_s).toString().isEmpty());
    QCOMPARE(o.value(u"expires_in"_s).toInt(), 3600);
    QCOMPARE(o.contains(u"refresh_token"_s), refreshToken);
    if (refreshToken)
        QVERIFY(!o.value(u"refresh_token"_s).toString().isEmpty());
    QCOMPARE(o.value(u"scope"_s).toString().split(u' ').contains(u"offline_access"_s), refreshToken);
    // ARM's permission spelled out, with the resource as the client wrote it ("…com//.default"
    // gives "…com//user_impersonation", as Entra answers).
    const QStringList granted = o.value(u"scope"_s).toString().split(u' ');
    QVERIFY2(std::any_of(granted.cbegin(), granted.cend(),
                         [](const QString &item) {
                             return item.startsWith(u"https://management.azure.com/"_s)
                                 && item.endsWith(u"/user_impersonation"_s);
                         }),
             qPrintable(granted.join(u' ')));
    QVERIFY(!o.contains(u"id_token"_s)); // no openid asked
}

void TestEntraService::deviceCodeRedeemsOnce()
{
    const QJsonObject dc = startDeviceCode(kArmScope).object();
    QCOMPARE(controlApprove(dc.value(u"user_code"_s).toString()).status, 200);
    const QString deviceCode = dc.value(u"device_code"_s).toString();
    QCOMPARE(pollDeviceCode(deviceCode).status, 200);
    const HttpResult again = pollDeviceCode(deviceCode);
    QCOMPARE(oauthError(again), expected(400, u"bad_verification_code"_s, 70000));
    QVERIFY(again.object().value(u"access_token"_s).isUndefined());
    // Nor can the user code be approved again.
    QCOMPARE(controlApprove(dc.value(u"user_code"_s).toString()).status, 400);
}

void TestEntraService::declinedDeviceCode()
{
    const QJsonObject dc = startDeviceCode(kArmScope).object();
    const QString userCode = dc.value(u"user_code"_s).toString();
    HttpClient c;
    QCOMPARE(c.postJson(m_sim->url(u"/_sim/devicecode/decline"_s), {{u"user_code"_s, userCode}}).status, 200);
    QCOMPARE(oauthError(pollDeviceCode(dc.value(u"device_code"_s).toString())),
             expected(400, u"authorization_declined"_s, 70000));
    // A declined code stays declined.
    QCOMPARE(controlApprove(userCode).status, 400);
    QCOMPARE(oauthError(pollDeviceCode(dc.value(u"device_code"_s).toString())),
             expected(400, u"authorization_declined"_s, 70000));
}

void TestEntraService::expiredDeviceCode()
{
    auto options = SimFixture::defaultOptions();
    options.deviceCodeLifetimeSec = 1;
    restart(options);

    const HttpResult dc = startDeviceCode(kArmScope);
    QCOMPARE(dc.object().value(u"expires_in"_s).toInt(), 1);
    const QString deviceCode = dc.object().value(u"device_code"_s).toString();
    const QString userCode = dc.object().value(u"user_code"_s).toString();
    // An approved code expires too when nobody redeems it in time.
    const QJsonObject approvedDc = startDeviceCode(kArmScope).object();
    QCOMPARE(controlApprove(approvedDc.value(u"user_code"_s).toString()).status, 200);

    QTest::qWait(1500);
    QCOMPARE(oauthError(pollDeviceCode(deviceCode)), expected(400, u"expired_token"_s, 70020));
    QCOMPARE(oauthError(pollDeviceCode(approvedDc.value(u"device_code"_s).toString())),
             expected(400, u"expired_token"_s, 70020));
    // Too late to approve it.
    const HttpResult late = controlApprove(userCode);
    QCOMPARE(late.status, 400);
    QVERIFY(late.object().value(u"error"_s).toString().contains(u"expired"_s));
}

void TestEntraService::unknownDeviceCode()
{
    QCOMPARE(oauthError(pollDeviceCode(u"bm90LWEtZGV2aWNlLWNvZGU"_s)),
             expected(400, u"bad_verification_code"_s, 70000));
    // A user code is not a device code.
    const QString userCode = startDeviceCode(kArmScope).object().value(u"user_code"_s).toString();
    QCOMPARE(oauthError(pollDeviceCode(userCode)), expected(400, u"bad_verification_code"_s, 70000));
}

void TestEntraService::deviceCodeOfAnotherClient()
{
    const QJsonObject dc = startDeviceCode(kArmScope).object();
    QCOMPARE(controlApprove(dc.value(u"user_code"_s).toString()).status, 200);
    const QString deviceCode = dc.value(u"device_code"_s).toString();
    QCOMPARE(oauthError(pollDeviceCode(deviceCode, u"someone-else"_s)), expected(400, u"invalid_grant"_s, 70000));
    // The rightful client still gets its tokens.
    QCOMPARE(pollDeviceCode(deviceCode).status, 200);
}

void TestEntraService::deviceCodeMissingParameters()
{
    HttpClient c;
    QCOMPARE(oauthError(c.postForm(entraUrl(u"devicecode"_s), {{u"scope"_s, kArmScope}})),
             expected(400, u"invalid_request"_s, 900144));
    QCOMPARE(oauthError(c.postForm(entraUrl(u"devicecode"_s), {{u"client_id"_s, kClient}})),
             expected(400, u"invalid_request"_s, 900144));
    QCOMPARE(
        oauthError(startDeviceCode(u"https://management.azure.com/.default https://graph.microsoft.com/.default"_s)),
        expected(400, u"invalid_scope"_s, 28000));
    QCOMPARE(oauthError(token({{u"grant_type"_s, kDeviceCodeGrant}, {u"client_id"_s, kClient}})),
             expected(400, u"invalid_request"_s, 900144));
}

void TestEntraService::controlApiRefusesUnknownCodesAndUsers()
{
    QCOMPARE(controlApprove(u"NOPE12345"_s).status, 400);
    QCOMPARE(controlApprove(QString()).status, 400);
    const QJsonObject dc = startDeviceCode(kArmScope).object();
    const QString userCode = dc.value(u"user_code"_s).toString();
    const HttpResult unknownUser = controlApprove(userCode, u"nobody@contoso.example"_s);
    QCOMPARE(unknownUser.status, 400);
    QVERIFY(unknownUser.object().value(u"error"_s).toString().contains(u"nobody@contoso.example"_s));
    // Still pending, and still approvable; user codes are read loosely (case, dashes).
    QCOMPARE(oauthError(pollDeviceCode(dc.value(u"device_code"_s).toString())),
             expected(400, u"authorization_pending"_s, 70016));
    QCOMPARE(controlApprove(userCode.left(4).toLower() + u'-' + userCode.mid(4).toLower()).status, 200);
    QCOMPARE(pollDeviceCode(dc.value(u"device_code"_s).toString()).status, 200);
}

void TestEntraService::tokenWorksOnArm()
{
    const HttpResult signedIn = signIn(kArmScope);
    QCOMPARE(signedIn.status, 200);
    const QString accessToken = signedIn.object().value(u"access_token"_s).toString();
    const HttpResult subs = armGet(accessToken, m_sim->url(u"/subscriptions"_s, kSubscriptionsQuery));
    QCOMPARE(subs.status, 200);
    QStringList all = m_sim->subscriptionIds();
    all.sort();
    QCOMPARE(subscriptionIdsOf(subs), all);
    // Avery approves for the first subscription.
    const HttpResult list = armGet(accessToken, m_sim->requestsUrl(m_sim->subscriptionIds().first()));
    QCOMPARE(list.status, 200);
    QVERIFY(!list.object().value(u"value"_s).toArray().isEmpty());
}

void TestEntraService::nonApproverIsForbiddenOnArm()
{
    const HttpResult signedIn = signIn(kArmScope, kRiley);
    QCOMPARE(signedIn.status, 200);
    const QString accessToken = signedIn.object().value(u"access_token"_s).toString();
    QCOMPARE(jwtPayload(accessToken).value(u"upn"_s).toString(), kRiley);
    const HttpResult r = armGet(accessToken, m_sim->requestsUrl(m_sim->subscriptionIds().first()));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.armErrorCode(), u"AuthorizationFailed"_s);
}

// ---- the token -----------------------------------------------------------------------------

void TestEntraService::accessTokenIsJwtShaped()
{
    const qint64 before = nowSec();
    const HttpResult signedIn = signIn(kOfflineScope);
    const qint64 after = nowSec();
    QCOMPARE(signedIn.status, 200);
    const QString accessToken = signedIn.object().value(u"access_token"_s).toString();
    QCOMPARE(accessToken.count(u'.'), 2);
    const QJsonObject payload = jwtPayload(accessToken);
    QVERIFY2(!payload.isEmpty(), qPrintable(accessToken));

    const lockbox::sim::Principal *avery = m_sim->simulator().world().principalByUpn(kAvery);
    QVERIFY(avery);
    QCOMPARE(payload.value(u"oid"_s).toString(), avery->oid);
    QCOMPARE(payload.value(u"tid"_s).toString(), tenant());
    QCOMPARE(payload.value(u"upn"_s).toString(), kAvery);
    QCOMPARE(payload.value(u"preferred_username"_s).toString(), kAvery);
    QCOMPARE(payload.value(u"name"_s).toString(), avery->displayName);
    QVERIFY(!payload.value(u"name"_s).toString().isEmpty());
    QCOMPARE(payload.value(u"aud"_s).toString(), u"https://management.azure.com/"_s);
    QCOMPARE(payload.value(u"appid"_s).toString(), kClient);
    QVERIFY(payload.value(u"iat"_s).isDouble());
    QVERIFY(payload.value(u"exp"_s).isDouble());
    QVERIFY(payload.value(u"auth_time"_s).isDouble());
    const qint64 iat = payload.value(u"iat"_s).toInteger();
    const qint64 authTime = payload.value(u"auth_time"_s).toInteger();
    QVERIFY(iat >= before && iat <= after);
    QCOMPARE(payload.value(u"exp"_s).toInteger() - iat, qint64(SimFixture::defaultOptions().tokenLifetimeSec));
    QVERIFY(authTime >= before && authTime <= iat);
    // The refresh token is opaque.
    QVERIFY(!signedIn.object().value(u"refresh_token"_s).toString().contains(u'.'));
}

// ---- refresh token -------------------------------------------------------------------------

void TestEntraService::refreshKeepsAuthTime()
{
    const HttpResult signedIn = signIn(kOfflineScope);
    QCOMPARE(signedIn.status, 200);
    const QJsonObject original = jwtPayload(signedIn.object().value(u"access_token"_s).toString());
    const qint64 authTime = original.value(u"auth_time"_s).toInteger();
    QVERIFY(authTime > 0);

    // Let a second pass, so that a refresh stamping "now" would show.
    QTest::qWait(1100);
    const HttpResult refreshed = refresh(signedIn.object().value(u"refresh_token"_s).toString());
    QCOMPARE(refreshed.status, 200);
    const QJsonObject o = refreshed.object();
    QCOMPARE(o.value(u"token_type"_s).toString(), u"Bearer"_s);
    const QString accessToken = o.value(u"access_token"_s).toString();
    QVERIFY(accessToken != signedIn.object().value(u"access_token"_s).toString());
    const QJsonObject payload = jwtPayload(accessToken);
    QVERIFY(payload.value(u"iat"_s).toInteger() > authTime);
    QCOMPARE(payload.value(u"auth_time"_s).toInteger(), authTime);
    QCOMPARE(payload.value(u"oid"_s).toString(), original.value(u"oid"_s).toString());
    // A new refresh token comes along; the old one keeps working.
    const QString next = o.value(u"refresh_token"_s).toString();
    QVERIFY(!next.isEmpty());
    QVERIFY(next != signedIn.object().value(u"refresh_token"_s).toString());
    QCOMPARE(jwtPayload(refresh(next).object().value(u"access_token"_s).toString()).value(u"auth_time"_s).toInteger(),
             authTime);
    QCOMPARE(refresh(signedIn.object().value(u"refresh_token"_s).toString()).status, 200);
    // And the refreshed token works on ARM.
    QCOMPARE(armGet(accessToken, m_sim->url(u"/subscriptions"_s, kSubscriptionsQuery)).status, 200);
}

void TestEntraService::revokedRefreshTokenIsInvalidGrant()
{
    const QString first = signIn(kOfflineScope).object().value(u"refresh_token"_s).toString();
    const QString second = signIn(kOfflineScope).object().value(u"refresh_token"_s).toString();
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    QCOMPARE(refresh(first).status, 200);

    HttpClient c;
    const HttpResult revoked = c.postJson(m_sim->url(u"/_sim/tokens/revoke"_s), {{u"refresh_token"_s, first}});
    QCOMPARE(revoked.status, 200);
    QCOMPARE(revoked.object().value(u"revoked"_s).toInt(), 1);
    QCOMPARE(oauthError(refresh(first)), expected(400, u"invalid_grant"_s, 70008));
    // Only that one.
    QCOMPARE(refresh(second).status, 200);
}

void TestEntraService::unknownRefreshTokenIsInvalidGrant()
{
    QCOMPARE(oauthError(refresh(u"0.AAAA-not-a-refresh-token"_s)), expected(400, u"invalid_grant"_s, 70008));
    QCOMPARE(oauthError(token({{u"grant_type"_s, u"refresh_token"_s}, {u"client_id"_s, kClient}})),
             expected(400, u"invalid_request"_s, 900144));
}

void TestEntraService::refreshTokenOfAnotherClientIsInvalidGrant()
{
    const QString refreshToken = signIn(kOfflineScope).object().value(u"refresh_token"_s).toString();
    QVERIFY(!refreshToken.isEmpty());
    QCOMPARE(oauthError(refresh(refreshToken, u"someone-else"_s)), expected(400, u"invalid_grant"_s, 70000));
}

void TestEntraService::expiredTokenIs401OnArmAndRefreshedOneWorks()
{
    auto options = SimFixture::defaultOptions();
    options.tokenLifetimeSec = 1;
    restart(options);
    // Tokens are issued and checked on a clock the test moves, at the start of a second: a 1-s
    // token lives exactly that second, however long the requests take.
    const auto clock =
        std::make_shared<ManualClock>(QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC));
    m_sim->simulator().tokens().setClock(clock);

    const HttpResult signedIn = signIn(kOfflineScope);
    QCOMPARE(signedIn.status, 200);
    QCOMPARE(signedIn.object().value(u"expires_in"_s).toInt(), 1);
    const QString accessToken = signedIn.object().value(u"access_token"_s).toString();
    const QUrl subscriptions = m_sim->url(u"/subscriptions"_s, kSubscriptionsQuery);
    QCOMPARE(armGet(accessToken, subscriptions).status, 200);

    clock->advanceSecs(2);
    const HttpResult expired = armGet(accessToken, subscriptions);
    QCOMPARE(expired.status, 401);
    QCOMPARE(expired.armErrorCode(), u"ExpiredAuthenticationToken"_s);
    const QByteArray challenge = expired.header("www-authenticate");
    QVERIFY2(challenge.startsWith("Bearer ") && challenge.contains("authorization_uri=")
                 && challenge.contains("error=\"invalid_token\""),
             challenge.constData());

    // The refresh token outlives the access token; the new one lives its second from now.
    const HttpResult refreshed = refresh(signedIn.object().value(u"refresh_token"_s).toString());
    QCOMPARE(refreshed.status, 200);
    QCOMPARE(refreshed.object().value(u"expires_in"_s).toInt(), 1);
    const QString renewed = refreshed.object().value(u"access_token"_s).toString();
    QCOMPARE(armGet(renewed, subscriptions).status, 200);
    clock->advanceSecs(1);
    QCOMPARE(armGet(renewed, subscriptions).status, 401);
}

// ---- client credentials --------------------------------------------------------------------

void TestEntraService::clientCredentials()
{
    auto options = SimFixture::defaultOptions();
    options.clients = {{u"automation-app"_s, u"s3cret"_s}};
    restart(options);

    const HttpResult r = token({{u"grant_type"_s, u"client_credentials"_s},
                                {u"client_id"_s, u"automation-app"_s},
                                {u"client_secret"_s, u"s3cret"_s},
                                {u"scope"_s, u"https://management.azure.com/.default"_s}});
    QCOMPARE(r.status, 200);
    const QJsonObject o = r.object();
    QCOMPARE(o.value(u"token_type"_s).toString(), u"Bearer"_s);
    QCOMPARE(o.value(u"expires_in"_s).toInt(), 3600);
    QVERIFY(!o.contains(u"refresh_token"_s));
    QVERIFY(!o.contains(u"id_token"_s));
    const QString accessToken = o.value(u"access_token"_s).toString();
    const QJsonObject payload = jwtPayload(accessToken);
    QCOMPARE(payload.value(u"appid"_s).toString(), u"automation-app"_s);
    QCOMPARE(payload.value(u"aud"_s).toString(), u"https://management.azure.com/"_s);
    QCOMPARE(payload.value(u"tid"_s).toString(), tenant());
    QVERIFY(!payload.contains(u"upn"_s));

    const HttpResult subs = armGet(accessToken, m_sim->url(u"/subscriptions"_s, kSubscriptionsQuery));
    QCOMPARE(subs.status, 200);
    QStringList all = m_sim->subscriptionIds();
    all.sort();
    QCOMPARE(subscriptionIdsOf(subs), all);
    QCOMPARE(all.size(), options.subscriptions);
    QCOMPARE(armGet(accessToken, m_sim->requestsUrl(all.last())).status, 200);
}

void TestEntraService::clientCredentialsErrors_data()
{
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("error");
    const QString arm = u"https://management.azure.com/.default"_s;
    QTest::newRow("wrong secret") << u"automation-app"_s << u"s3cret-not"_s << arm
                                  << expected(401, u"invalid_client"_s, 7000215);
    QTest::newRow("secret, other case") << u"automation-app"_s << u"S3CRET"_s << arm
                                        << expected(401, u"invalid_client"_s, 7000215);
    QTest::newRow("secret prefix") << u"automation-app"_s << u"s3cre"_s << arm
                                   << expected(401, u"invalid_client"_s, 7000215);
    QTest::newRow("no secret") << u"automation-app"_s << QString() << arm
                               << expected(401, u"invalid_client"_s, 7000218);
    QTest::newRow("unknown client") << u"other-app"_s << u"s3cret"_s << arm
                                    << expected(400, u"unauthorized_client"_s, 700016);
    QTest::newRow("no client") << QString() << u"s3cret"_s << arm << expected(400, u"invalid_request"_s, 900144);
    QTest::newRow("scope without /.default")
        << u"automation-app"_s << u"s3cret"_s << u"https://management.azure.com/user_impersonation"_s
        << expected(400, u"invalid_scope"_s, 1002012);
    QTest::newRow("two scopes") << u"automation-app"_s << u"s3cret"_s << arm + u" offline_access"_s
                                << expected(400, u"invalid_scope"_s, 1002012);
    QTest::newRow("no scope") << u"automation-app"_s << u"s3cret"_s << QString()
                              << expected(400, u"invalid_request"_s, 900144);
}

void TestEntraService::clientCredentialsErrors()
{
    QFETCH(QString, clientId);
    QFETCH(QString, secret);
    QFETCH(QString, scope);
    QFETCH(QString, error);
    auto options = SimFixture::defaultOptions();
    options.clients = {{u"automation-app"_s, u"s3cret"_s}};
    restart(options);

    Form form {{u"grant_type"_s, u"client_credentials"_s}};
    if (!clientId.isEmpty())
        form.append({u"client_id"_s, clientId});
    if (!secret.isEmpty())
        form.append({u"client_secret"_s, secret});
    if (!scope.isEmpty())
        form.append({u"scope"_s, scope});
    const HttpResult r = token(form);
    QCOMPARE(oauthError(r), error);
    QVERIFY(!r.object().contains(u"access_token"_s));
}

void TestEntraService::clientCredentialsWithBasicAuth()
{
    auto options = SimFixture::defaultOptions();
    options.clients = {{u"automation-app"_s, u"p@ss:w+rd&x=1%"_s}};
    restart(options);

    // client_secret_basic: form-encode, then base64 (RFC 6749 §2.3.1).
    const QByteArray credentials =
        QUrl::toPercentEncoding(u"automation-app"_s) + ':' + QUrl::toPercentEncoding(u"p@ss:w+rd&x=1%"_s);
    HttpClient c;
    const HttpResult r = c.post(
        entraUrl(u"token"_s), "grant_type=client_credentials&scope=https%3A%2F%2Fmanagement.azure.com%2F.default",
        "application/x-www-form-urlencoded", {{"authorization", "Basic " + credentials.toBase64()}});
    QCOMPARE(r.status, 200);
    QVERIFY(!r.object().value(u"access_token"_s).toString().isEmpty());
    // The secret in the body, '+' and all, percent-encoded as a form does.
    QCOMPARE(token({{u"grant_type"_s, u"client_credentials"_s},
                    {u"client_id"_s, u"automation-app"_s},
                    {u"client_secret"_s, u"p@ss:w+rd&x=1%"_s},
                    {u"scope"_s, u"https://management.azure.com/.default"_s}})
                 .status,
             200);
    QCOMPARE(oauthError(token({{u"grant_type"_s, u"client_credentials"_s},
                               {u"client_id"_s, u"automation-app"_s},
                               {u"client_secret"_s, u"p@ss:w rd&x=1%"_s},
                               {u"scope"_s, u"https://management.azure.com/.default"_s}})),
             expected(401, u"invalid_client"_s, 7000215));
}

// ---- authorization code + PKCE -------------------------------------------------------------

void TestEntraService::authorizationCodeWithPkce()
{
    const QString verifier = newVerifier();
    QVERIFY(verifier.size() >= 43);
    const QString challenge = challengeOf(verifier);
    QCOMPARE(challenge.size(), 43);
    QVERIFY(!challenge.contains(u'='));

    const HttpResult r = authorize({{u"client_id"_s, kClient},
                                    {u"response_type"_s, u"code"_s},
                                    {u"redirect_uri"_s, kRedirect},
                                    {u"scope"_s, kOfflineScope},
                                    {u"state"_s, u"xyz"_s},
                                    {u"code_challenge"_s, challenge},
                                    {u"code_challenge_method"_s, u"S256"_s}});
    QCOMPARE(r.status, 302);
    const QUrl location = QUrl::fromEncoded(r.header("location"));
    QVERIFY2(location.isValid(), r.header("location").constData());
    QCOMPARE(location.scheme(), u"http"_s);
    QCOMPARE(location.host(), u"127.0.0.1"_s);
    QCOMPARE(location.port(), 53123);
    QCOMPARE(location.path(), u"/cb"_s);
    const QUrlQuery query(location);
    QCOMPARE(query.queryItemValue(u"state"_s, QUrl::FullyDecoded), u"xyz"_s);
    const QString code = query.queryItemValue(u"code"_s, QUrl::FullyDecoded);
    QVERIFY(!code.isEmpty());
    QVERIFY(!query.hasQueryItem(u"error"_s));

    const HttpResult redeemed = redeemCode(code, verifier);
    QCOMPARE(redeemed.status, 200);
    const QJsonObject o = redeemed.object();
    QCOMPARE(o.value(u"token_type"_s).toString(), u"Bearer"_s);
    QVERIFY(!o.value(u"refresh_token"_s).toString().isEmpty());
    const QString accessToken = o.value(u"access_token"_s).toString();
    QCOMPARE(jwtPayload(accessToken).value(u"upn"_s).toString(), kAvery);
    QCOMPARE(armGet(accessToken, m_sim->url(u"/subscriptions"_s, kSubscriptionsQuery)).status, 200);

    // A code is single use.
    const HttpResult again = redeemCode(code, verifier);
    QCOMPARE(oauthError(again), expected(400, u"invalid_grant"_s, 54005));
    QVERIFY(!again.object().contains(u"access_token"_s));
    // An unknown one is refused too.
    QCOMPARE(oauthError(redeemCode(u"not-a-code"_s, verifier)), expected(400, u"invalid_grant"_s, 70008));
}

void TestEntraService::wrongVerifierIsInvalidGrant()
{
    const QString verifier = newVerifier();
    const QString code = authorizeCode(verifier);
    QVERIFY(!code.isEmpty());
    QCOMPARE(oauthError(redeemCode(code, newVerifier())), expected(400, u"invalid_grant"_s, 501481));
    // No second guess: the code is spent.
    QCOMPARE(oauthError(redeemCode(code, verifier)), expected(400, u"invalid_grant"_s, 54005));

    // A missing verifier is a wrong one, and so is the challenge itself ("plain").
    const QString other = authorizeCode(verifier);
    QCOMPARE(oauthError(token({{u"grant_type"_s, u"authorization_code"_s},
                               {u"client_id"_s, kClient},
                               {u"code"_s, other},
                               {u"redirect_uri"_s, kRedirect}})),
             expected(400, u"invalid_grant"_s, 501481));
    const QString third = authorizeCode(verifier);
    QCOMPARE(oauthError(redeemCode(third, challengeOf(verifier))), expected(400, u"invalid_grant"_s, 501481));
}

void TestEntraService::redirectUriMismatchAtToken()
{
    const QString verifier = newVerifier();
    const QString code = authorizeCode(verifier);
    QVERIFY(!code.isEmpty());
    QCOMPARE(oauthError(redeemCode(code, verifier, u"http://127.0.0.1:53124/cb"_s)),
             expected(400, u"invalid_grant"_s, 500112));
    const QString other = authorizeCode(verifier);
    QCOMPARE(oauthError(redeemCode(other, verifier, kRedirect + u'/')), expected(400, u"invalid_grant"_s, 500112));
}

void TestEntraService::nonLoopbackRedirectIsRefused_data()
{
    QTest::addColumn<QString>("redirect");
    QTest::newRow("https elsewhere") << u"https://evil.example/cb"_s;
    QTest::newRow("http elsewhere") << u"http://evil.example:53123/cb"_s;
    QTest::newRow("https loopback") << u"https://127.0.0.1:53123/cb"_s;
    QTest::newRow("look-alike") << u"http://127.0.0.1.evil.example/cb"_s;
    QTest::newRow("user info") << u"http://evil.example@127.0.0.1:53123/cb"_s;
    QTest::newRow("fragment") << u"http://127.0.0.1:53123/cb#x"_s;
    QTest::newRow("relative") << u"/cb"_s;
    QTest::newRow("custom scheme") << u"ms-app://cb"_s;
}

void TestEntraService::nonLoopbackRedirectIsRefused()
{
    QFETCH(QString, redirect);
    const HttpResult r = authorize({{u"client_id"_s, kClient},
                                    {u"response_type"_s, u"code"_s},
                                    {u"redirect_uri"_s, redirect},
                                    {u"scope"_s, kArmScope},
                                    {u"state"_s, u"xyz"_s},
                                    {u"code_challenge"_s, challengeOf(newVerifier())},
                                    {u"code_challenge_method"_s, u"S256"_s}});
    QCOMPARE(r.status, 400);
    QVERIFY(!r.headers.contains("location"));
    QVERIFY(r.header("content-type").startsWith("text/html"));
    QVERIFY(r.body.contains("AADSTS50011"));
    QVERIFY(!r.body.contains("<script"));
}

void TestEntraService::authorizeErrorsGoBackToRedirect_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("value"); // empty: leave the item out
    QTest::addColumn<QString>("error");
    QTest::newRow("plain method") << u"code_challenge_method"_s << u"plain"_s << u"invalid_request"_s;
    QTest::newRow("short challenge") << u"code_challenge"_s << u"abc"_s << u"invalid_request"_s;
    QTest::newRow("token response type") << u"response_type"_s << u"token"_s << u"unsupported_response_type"_s;
    QTest::newRow("no response type") << u"response_type"_s << QString() << u"invalid_request"_s;
    QTest::newRow("no scope") << u"scope"_s << QString() << u"invalid_request"_s;
    QTest::newRow("two resources") << u"scope"_s
                                   << u"https://management.azure.com/.default https://graph.microsoft.com/.default"_s
                                   << u"invalid_scope"_s;
}

void TestEntraService::authorizeErrorsGoBackToRedirect()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    QFETCH(QString, error);
    Form query {{u"client_id"_s, kClient},
                {u"response_type"_s, u"code"_s},
                {u"redirect_uri"_s, kRedirect},
                {u"scope"_s, kArmScope},
                {u"state"_s, u"xyz"_s},
                {u"code_challenge"_s, challengeOf(newVerifier())},
                {u"code_challenge_method"_s, u"S256"_s}};
    query.removeIf([&name](const QPair<QString, QString> &item) { return item.first == name; });
    if (!value.isEmpty())
        query.append({name, value});
    const HttpResult r = authorize(query);
    QCOMPARE(r.status, 302);
    const QUrl location = QUrl::fromEncoded(r.header("location"));
    QVERIFY(location.toString().startsWith(kRedirect + u'?'));
    const QUrlQuery q(location);
    QCOMPARE(q.queryItemValue(u"error"_s, QUrl::FullyDecoded), error);
    QVERIFY(q.queryItemValue(u"error_description"_s, QUrl::FullyDecoded).startsWith(u"AADSTS"_s));
    QCOMPARE(q.queryItemValue(u"state"_s, QUrl::FullyDecoded), u"xyz"_s);
    QVERIFY(!q.hasQueryItem(u"code"_s));
}

void TestEntraService::stateRoundTrips()
{
    // State is opaque to the server: whatever the client sent comes back, byte for byte, and
    // the redirect URI's own query is kept.
    const QString state = u"a b+c&d=e%25f#g/\u00e9"_s;
    const QString redirect = kRedirect + u"?session=42"_s;
    const QString verifier = newVerifier();
    const HttpResult r = authorize({{u"client_id"_s, kClient},
                                    {u"response_type"_s, u"code"_s},
                                    {u"redirect_uri"_s, redirect},
                                    {u"scope"_s, kArmScope},
                                    {u"state"_s, state},
                                    {u"code_challenge"_s, challengeOf(verifier)},
                                    {u"code_challenge_method"_s, u"S256"_s}});
    QCOMPARE(r.status, 302);
    const QByteArray location = r.header("location");
    const QUrlQuery q(QUrl::fromEncoded(location));
    QCOMPARE(q.queryItemValue(u"state"_s, QUrl::FullyDecoded), state);
    QCOMPARE(q.queryItemValue(u"session"_s, QUrl::FullyDecoded), u"42"_s);
    // A loopback listener may well read its query as a form, "+" as a space: no bare "+" then.
    QByteArray formQuery = location.mid(location.indexOf('?') + 1);
    formQuery.replace('+', ' ');
    QCOMPARE(QUrlQuery(QString::fromUtf8(formQuery)).queryItemValue(u"state"_s, QUrl::FullyDecoded), state);
    QCOMPARE(redeemCode(q.queryItemValue(u"code"_s, QUrl::FullyDecoded), verifier, redirect).status, 200);
}

void TestEntraService::loginHintSelectsUser()
{
    const QString verifier = newVerifier();
    const QString code = authorizeCode(verifier, {{u"login_hint"_s, kRiley}});
    QVERIFY(!code.isEmpty());
    const HttpResult r = redeemCode(code, verifier);
    QCOMPARE(r.status, 200);
    const QString accessToken = r.object().value(u"access_token"_s).toString();
    const QJsonObject payload = jwtPayload(accessToken);
    QCOMPARE(payload.value(u"upn"_s).toString(), kRiley);
    QCOMPARE(payload.value(u"oid"_s).toString(), m_sim->simulator().world().principalByUpn(kRiley)->oid);
    QCOMPARE(armGet(accessToken, m_sim->requestsUrl(m_sim->subscriptionIds().first())).status, 403);
}

void TestEntraService::maxAgeGivesFreshAuthTime()
{
    // An earlier sign-in, to have something max_age should not reuse.
    const HttpResult earlier = signIn(kOfflineScope);
    QCOMPARE(earlier.status, 200);
    QTest::qWait(1100);

    const QString verifier = newVerifier();
    const qint64 before = nowSec();
    const QString code = authorizeCode(verifier, {{u"max_age"_s, u"0"_s}, {u"prompt"_s, u"login"_s}});
    QVERIFY(!code.isEmpty());
    const HttpResult r = redeemCode(code, verifier);
    QCOMPARE(r.status, 200);
    const qint64 authTime =
        jwtPayload(r.object().value(u"access_token"_s).toString()).value(u"auth_time"_s).toInteger();
    const qint64 now = nowSec();
    QVERIFY2(authTime >= before && authTime <= now, qPrintable(u"auth_time %1, now %2"_s.arg(authTime).arg(now)));
    QVERIFY(authTime
            > jwtPayload(earlier.object().value(u"access_token"_s).toString()).value(u"auth_time"_s).toInteger());
}

void TestEntraService::openidScopeAddsIdToken()
{
    const QString verifier = newVerifier();
    const QString code = authorizeCode(verifier, {{u"nonce"_s, u"n-0S6_WzA2Mj"_s}});
    QVERIFY(!code.isEmpty());
    // The scope of authorizeCode has no openid: no id token.
    QVERIFY(!redeemCode(code, verifier).object().contains(u"id_token"_s));

    Form query {{u"client_id"_s, kClient},
                {u"response_type"_s, u"code"_s},
                {u"redirect_uri"_s, kRedirect},
                {u"scope"_s, u"openid profile "_s + kArmScope},
                {u"nonce"_s, u"n-0S6_WzA2Mj"_s},
                {u"code_challenge"_s, challengeOf(verifier)},
                {u"code_challenge_method"_s, u"S256"_s}};
    const HttpResult r = authorize(query);
    QCOMPARE(r.status, 302);
    const QUrlQuery q(QUrl::fromEncoded(r.header("location")));
    QVERIFY(!q.hasQueryItem(u"state"_s)); // none sent, none returned
    const HttpResult redeemed = redeemCode(q.queryItemValue(u"code"_s, QUrl::FullyDecoded), verifier);
    QCOMPARE(redeemed.status, 200);
    QVERIFY(!redeemed.object().contains(u"refresh_token"_s)); // no offline_access asked
    const QJsonObject idToken = jwtPayload(redeemed.object().value(u"id_token"_s).toString());
    QCOMPARE(idToken.value(u"aud"_s).toString(), kClient);
    QCOMPARE(idToken.value(u"nonce"_s).toString(), u"n-0S6_WzA2Mj"_s);
    QCOMPARE(idToken.value(u"preferred_username"_s).toString(), kAvery);
    // An id token is no access token for ARM.
    const HttpResult arm =
        armGet(redeemed.object().value(u"id_token"_s).toString(), m_sim->url(u"/subscriptions"_s, kSubscriptionsQuery));
    QCOMPARE(arm.status, 401);
    QCOMPARE(arm.armErrorCode(), u"InvalidAuthenticationTokenAudience"_s);
}

// ---- routing -------------------------------------------------------------------------------

void TestEntraService::tenants_data()
{
    QTest::addColumn<QString>("tenantName");
    QTest::newRow("tenant id") << QString(); // filled in by the test: the id is the fixture's
    QTest::newRow("tenant id, upper case") << u"UPPER"_s;
    QTest::newRow("organizations") << u"organizations"_s;
    QTest::newRow("common") << u"common"_s;
    QTest::newRow("domain") << u"contoso.example"_s;
}

void TestEntraService::tenants()
{
    QFETCH(QString, tenantName);
    if (tenantName.isEmpty())
        tenantName = tenant();
    else if (tenantName == u"UPPER"_s)
        tenantName = tenant().toUpper();

    HttpClient c;
    const HttpResult dc =
        c.postForm(entraUrl(u"devicecode"_s, tenantName), {{u"client_id"_s, kClient}, {u"scope"_s, kArmScope}});
    QCOMPARE(dc.status, 200);
    QCOMPARE(controlApprove(dc.object().value(u"user_code"_s).toString()).status, 200);
    const HttpResult t = c.postForm(entraUrl(u"token"_s, tenantName),
                                    {{u"grant_type"_s, kDeviceCodeGrant},
                                     {u"client_id"_s, kClient},
                                     {u"device_code"_s, dc.object().value(u"device_code"_s).toString()}});
    QCOMPARE(t.status, 200);
    // Whatever the authority was called, the token names the one tenant.
    QCOMPARE(jwtPayload(t.object().value(u"access_token"_s).toString()).value(u"tid"_s).toString(), tenant());

    const HttpResult a = authorize({{u"client_id"_s, kClient},
                                    {u"response_type"_s, u"code"_s},
                                    {u"redirect_uri"_s, kRedirect},
                                    {u"scope"_s, kArmScope}},
                                   tenantName);
    QCOMPARE(a.status, 302);
}

void TestEntraService::unknownTenantIs400()
{
    const QString other = u"another-tenant.example"_s;
    HttpClient c;
    QCOMPARE(
        oauthError(c.postForm(entraUrl(u"devicecode"_s, other), {{u"client_id"_s, kClient}, {u"scope"_s, kArmScope}})),
        expected(400, u"invalid_request"_s, 90002));
    QCOMPARE(oauthError(c.postForm(
                 entraUrl(u"token"_s, other),
                 {{u"grant_type"_s, kDeviceCodeGrant}, {u"client_id"_s, kClient}, {u"device_code"_s, u"x"_s}})),
             expected(400, u"invalid_request"_s, 90002));
    QCOMPARE(oauthError(c.postForm(entraUrl(u"token"_s, u"00000000-0000-0000-0000-000000000000"_s),
                                   {{u"grant_type"_s, u"refresh_token"_s}})),
             expected(400, u"invalid_request"_s, 90002));
    // The browser endpoint shows a page and redirects nowhere.
    const HttpResult a = authorize({{u"client_id"_s, kClient},
                                    {u"response_type"_s, u"code"_s},
                                    {u"redirect_uri"_s, kRedirect},
                                    {u"scope"_s, kArmScope}},
                                   other);
    QCOMPARE(a.status, 400);
    QVERIFY(!a.headers.contains("location"));
    QVERIFY(a.body.contains("AADSTS90002"));
}

void TestEntraService::wrongMethodIs405()
{
    HttpClient c;
    const HttpResult get = c.get(entraUrl(u"token"_s));
    QCOMPARE(oauthError(get), expected(405, u"invalid_request"_s, 900561));
    QCOMPARE(get.header("allow"), "POST"_ba);
    const HttpResult getDc = c.get(entraUrl(u"devicecode"_s));
    QCOMPARE(getDc.status, 405);
    QCOMPARE(getDc.header("allow"), "POST"_ba);
    const HttpResult postAuthorize =
        c.post(entraUrl(u"authorize"_s), "client_id=x", "application/x-www-form-urlencoded");
    QCOMPARE(postAuthorize.status, 405);
    QCOMPARE(postAuthorize.header("allow"), "GET"_ba);
    const HttpResult deleteLogin = c.send("DELETE", m_sim->url(u"/devicelogin"_s));
    QCOMPARE(deleteLogin.status, 405);
}

void TestEntraService::missingGrantTypeIsUnsupported()
{
    QCOMPARE(oauthError(token({{u"client_id"_s, kClient}, {u"device_code"_s, u"x"_s}})),
             expected(400, u"unsupported_grant_type"_s, 70003));
    QCOMPARE(oauthError(token({{u"grant_type"_s, u"password"_s}, {u"client_id"_s, kClient}})),
             expected(400, u"unsupported_grant_type"_s, 70003));
    HttpClient c;
    QCOMPARE(oauthError(c.post(entraUrl(u"token"_s), {}, "application/x-www-form-urlencoded")),
             expected(400, u"unsupported_grant_type"_s, 70003));
}

void TestEntraService::clientRequestIdIsEchoed()
{
    const QByteArray id = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    HttpClient c;
    const HttpResult r = c.post(entraUrl(u"token"_s), "grant_type=refresh_token&client_id=x&refresh_token=nope",
                                "application/x-www-form-urlencoded", {{"client-request-id", id}});
    QCOMPARE(oauthError(r), expected(400, u"invalid_grant"_s, 70008));
    QCOMPARE(r.header("client-request-id"), id);
    QCOMPARE(r.object().value(u"correlation_id"_s).toString(), QString::fromLatin1(id));
    QVERIFY(!r.header("x-ms-request-id").isEmpty());
    QCOMPARE(QString::fromLatin1(r.header("x-ms-request-id")), r.object().value(u"trace_id"_s).toString());
    // Not a GUID: not echoed.
    const HttpResult odd = c.post(entraUrl(u"token"_s), "grant_type=x", "application/x-www-form-urlencoded",
                                  {{"client-request-id", "<b>hi</b>"}});
    QVERIFY(!odd.headers.contains("client-request-id"));
}

// ---- device login page ---------------------------------------------------------------------

void TestEntraService::deviceLoginPageEscapesInput()
{
    HttpClient c;
    QUrl url = m_sim->url(u"/devicelogin"_s);
    QUrlQuery q;
    q.addQueryItem(u"otc"_s, QString::fromLatin1(QUrl::toPercentEncoding(u"\"><script>alert(1)</script>"_s)));
    url.setQuery(q);
    const HttpResult r = c.get(url);
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("content-type").startsWith("text/html"));
    QVERIFY(r.body.contains("<form"));
    QVERIFY(r.body.contains("name=\"user_code\""));
    QVERIFY2(!r.body.contains("<script>"), r.body.constData());
    QVERIFY(r.body.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    QVERIFY(r.header("content-security-policy").contains("default-src 'none'"));
    QCOMPARE(r.header("x-content-type-options"), "nosniff"_ba);
}

void TestEntraService::deviceLoginPostApproves()
{
    const QJsonObject dc = startDeviceCode(kArmScope).object();
    const QString deviceCode = dc.value(u"device_code"_s).toString();
    QCOMPARE(oauthError(pollDeviceCode(deviceCode)), expected(400, u"authorization_pending"_s, 70016));

    HttpClient c;
    const HttpResult page = c.postForm(
        m_sim->url(u"/devicelogin"_s),
        {{u"user_code"_s, dc.value(u"user_code"_s).toString()}, {u"upn"_s, kRiley}, {u"action"_s, u"approve"_s}});
    QCOMPARE(page.status, 200);
    QVERIFY(page.header("content-type").startsWith("text/html"));
    QVERIFY(page.body.contains(kRiley.toUtf8()));

    const HttpResult r = pollDeviceCode(deviceCode);
    QCOMPARE(r.status, 200);
    QCOMPARE(jwtPayload(r.object().value(u"access_token"_s).toString()).value(u"upn"_s).toString(), kRiley);

    // Without a upn the page signs in the test user.
    const QJsonObject second = startDeviceCode(kArmScope).object();
    QCOMPARE(
        c.postForm(m_sim->url(u"/devicelogin"_s), {{u"user_code"_s, second.value(u"user_code"_s).toString()}}).status,
        200);
    const HttpResult averyToken = pollDeviceCode(second.value(u"device_code"_s).toString());
    QCOMPARE(averyToken.status, 200);
    QCOMPARE(jwtPayload(averyToken.object().value(u"access_token"_s).toString()).value(u"upn"_s).toString(), kAvery);
}

void TestEntraService::deviceLoginPostDeclines()
{
    const QJsonObject dc = startDeviceCode(kArmScope).object();
    HttpClient c;
    const HttpResult page =
        c.postForm(m_sim->url(u"/devicelogin"_s),
                   {{u"user_code"_s, dc.value(u"user_code"_s).toString()}, {u"action"_s, u"decline"_s}});
    QCOMPARE(page.status, 200);
    QCOMPARE(oauthError(pollDeviceCode(dc.value(u"device_code"_s).toString())),
             expected(400, u"authorization_declined"_s, 70000));
}

void TestEntraService::deviceLoginPostUnknownCode()
{
    HttpClient c;
    const HttpResult page = c.postForm(m_sim->url(u"/devicelogin"_s),
                                       {{u"user_code"_s, u"<img src=x onerror=alert(1)>"_s}, {u"upn"_s, u"\"><b>x"_s}});
    QCOMPARE(page.status, 400);
    QVERIFY(page.header("content-type").startsWith("text/html"));
    QVERIFY2(!page.body.contains("<img"), page.body.constData());
    QVERIFY(!page.body.contains("\"><b>"));
    QVERIFY(page.body.contains("&lt;img src=x onerror=alert(1)&gt;"));
    // The form comes back for another try.
    QVERIFY(page.body.contains("<form"));

    // An unknown user on a real code is refused, and the code stays pending.
    const QJsonObject dc = startDeviceCode(kArmScope).object();
    const HttpResult unknownUser =
        c.postForm(m_sim->url(u"/devicelogin"_s),
                   {{u"user_code"_s, dc.value(u"user_code"_s).toString()}, {u"upn"_s, u"nobody@contoso.example"_s}});
    QCOMPARE(unknownUser.status, 400);
    QCOMPARE(oauthError(pollDeviceCode(dc.value(u"device_code"_s).toString())),
             expected(400, u"authorization_pending"_s, 70016));
}

QTEST_GUILESS_MAIN(TestEntraService)
#include "tst_entraservice.moc"
