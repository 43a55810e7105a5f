// The device code sign-in against the simulator's Entra endpoints: success when the user approves,
// slow_down honoured (the interval grows by 5 s and the next poll waits for it), declined,
// expired, cancelled; and against canned replies: bad_verification_code, transient failures
// retried, unusable answers refused, nothing sent to an insecure authority.

#include "authtestkit.h"

#include "auth/devicecodeflow.h"
#include "sim/simworld.h"
#include "support/cannedserver.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AuthError;
using lockbox::Cloud;
using lockbox::DeviceCodeFlow;
using lockbox::Token;
using lockbox::test::CannedServer;
using lockbox::test::SimFixture;

namespace {

QByteArray json(int status, const QJsonObject &body)
{
    return CannedServer::response(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QByteArray oauthError(const QString &error)
{
    return json(400,
                {{u"error"_s, error}, {u"error_description"_s, u"AADSTS70000: "_s + error + u"\r\nTrace ID: x"_s}});
}

QByteArray deviceCodeReply(const QString &verificationUri = u"https://microsoft.com/devicelogin"_s)
{
    return json(200,
                {{u"device_code"_s, u"DC"_s},
                 {u"user_code"_s, u"ABCD-EFGH"_s},
                 {u"verification_uri"_s, verificationUri},
                 {u"expires_in"_s, 900},
                 {u"interval"_s, 1},
                 {u"message"_s, u"Go there"_s}});
}

} // namespace

class TestDeviceCodeFlow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void approvedSignInGivesTokens();
    void slowDownGrowsTheIntervalAndIsHonoured();
    void declined();
    void expired();
    void cancelStopsPolling();
    void badVerificationCode();
    void transientFailuresAreRetried();
    void unusableAnswersAreRefused();
    void unreachableAuthorityIsANetworkError();
    void insecureAuthorityIsRefusedBeforeSending();

private:
    DeviceCodeFlow::Options simOptions(SimFixture &sim) const;
    QNetworkAccessManager m_network;
};

void TestDeviceCodeFlow::initTestCase()
{
    qRegisterMetaType<lockbox::Token>();
    qRegisterMetaType<lockbox::AuthError>();
}

DeviceCodeFlow::Options TestDeviceCodeFlow::simOptions(SimFixture &sim) const
{
    DeviceCodeFlow::Options options;
    options.cloud = lockbox::test::simCloud(sim);
    options.requestTimeoutMs = 10000;
    return options;
}

void TestDeviceCodeFlow::approvedSignInGivesTokens()
{
    SimFixture sim;
    QVERIFY(sim.start());
    DeviceCodeFlow flow(&m_network, simOptions(sim));
    QSignalSpy ready(&flow, &DeviceCodeFlow::codeReady);
    QSignalSpy finished(&flow, &DeviceCodeFlow::finished);
    QSignalSpy failed(&flow, &DeviceCodeFlow::failed);
    flow.start();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 15000);
    const QString userCode = ready.first().at(0).toString();
    const QUrl uri = ready.first().at(1).toUrl();
    QCOMPARE(uri, sim.url(u"/devicelogin"_s));
    QCOMPARE(ready.first().at(2).toInt(), 900);
    QVERIFY(ready.first().at(3).toString().contains(userCode));
    QCOMPARE(flow.userCode(), userCode);
    QCOMPARE(flow.intervalMs(), 1000);

    // Pending for a poll or two, then the user approves.
    QTRY_VERIFY_WITH_TIMEOUT(flow.polls() >= 1, 15000);
    QString error;
    QVERIFY2(lockbox::test::approveDeviceCode(sim, userCode, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
    QCOMPARE(failed.size(), 0);
    QVERIFY(!flow.isRunning());

    const Token token = finished.first().first().value<Token>();
    QVERIFY(token.isValid());
    QVERIFY(!token.refreshToken.isEmpty()); // offline_access was asked for
    QCOMPARE(token.claims.upn, u"avery.approver@contoso.example"_s);
    QCOMPARE(token.claims.tenantId, sim.simulator().world().tenantId());
    QVERIFY(qAbs(token.secondsLeft(QDateTime::currentDateTimeUtc()) - 3600) < 60);
    // A token ARM takes.
    QCOMPARE(lockbox::test::armStatus(sim, token.accessToken), 200);
}

void TestDeviceCodeFlow::slowDownGrowsTheIntervalAndIsHonoured()
{
    SimFixture sim;
    QVERIFY(sim.start());
    DeviceCodeFlow::Options options = simOptions(sim);
    // Faster than the simulator's 1 s: its second poll comes too soon and hears slow_down.
    options.initialIntervalMs = 200;
    DeviceCodeFlow flow(&m_network, options);
    QSignalSpy ready(&flow, &DeviceCodeFlow::codeReady);
    QSignalSpy slowed(&flow, &DeviceCodeFlow::intervalChanged);
    QSignalSpy finished(&flow, &DeviceCodeFlow::finished);
    QSignalSpy failed(&flow, &DeviceCodeFlow::failed);
    flow.start();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(slowed.size(), 1, 15000);
    QElapsedTimer sinceSlowDown;
    sinceSlowDown.start();
    QCOMPARE(slowed.first().first().toInt(), 5200);
    QCOMPARE(flow.intervalMs(), 5200);
    const int pollsAtSlowDown = flow.polls();

    // Approved now: the very next poll gets the tokens, and it must wait the longer interval.
    QVERIFY(lockbox::test::approveDeviceCode(sim, ready.first().first().toString()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, 30000);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(flow.polls(), pollsAtSlowDown + 1);
    QVERIFY2(sinceSlowDown.elapsed() >= 5000, qPrintable(QString::number(sinceSlowDown.elapsed())));
}

void TestDeviceCodeFlow::declined()
{
    SimFixture sim;
    QVERIFY(sim.start());
    DeviceCodeFlow flow(&m_network, simOptions(sim));
    QSignalSpy ready(&flow, &DeviceCodeFlow::codeReady);
    QSignalSpy finished(&flow, &DeviceCodeFlow::finished);
    QSignalSpy failed(&flow, &DeviceCodeFlow::failed);
    flow.start();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 15000);
    QVERIFY(lockbox::test::declineDeviceCode(sim, ready.first().first().toString()));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
    QCOMPARE(finished.size(), 0);
    const AuthError e = failed.first().first().value<AuthError>();
    QCOMPARE(e.kind, AuthError::Kind::Declined);
    QCOMPARE(e.code, u"authorization_declined"_s);
    QVERIFY(e.message.contains(u"declined"_s));
}

void TestDeviceCodeFlow::expired()
{
    lockbox::sim::SimOptions o = SimFixture::defaultOptions();
    o.deviceCodeLifetimeSec = 2;
    SimFixture sim(o);
    QVERIFY(sim.start());
    DeviceCodeFlow flow(&m_network, simOptions(sim));
    QSignalSpy ready(&flow, &DeviceCodeFlow::codeReady);
    QSignalSpy failed(&flow, &DeviceCodeFlow::failed);
    flow.start();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 15000);
    QCOMPARE(ready.first().at(2).toInt(), 2);
    // Nobody approves.
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
    const AuthError e = failed.first().first().value<AuthError>();
    QCOMPARE(e.kind, AuthError::Kind::Expired);
    QCOMPARE(e.code, u"expired_token"_s);
    QVERIFY(e.message.contains(ready.first().first().toString()));
    // And an approval now is too late for the server as well.
    QVERIFY(!lockbox::test::approveDeviceCode(sim, ready.first().first().toString()));
}

void TestDeviceCodeFlow::cancelStopsPolling()
{
    SimFixture sim;
    QVERIFY(sim.start());
    DeviceCodeFlow flow(&m_network, simOptions(sim));
    QSignalSpy ready(&flow, &DeviceCodeFlow::codeReady);
    QSignalSpy failed(&flow, &DeviceCodeFlow::failed);
    flow.start();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 15000);
    flow.cancel();
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().first().value<AuthError>().kind, AuthError::Kind::Cancelled);
    const int polls = flow.polls();
    QTest::qWait(2500); // two intervals: no poll may follow a cancel
    QCOMPARE(flow.polls(), polls);
    flow.cancel(); // idempotent
    QCOMPARE(failed.size(), 1);
}

void TestDeviceCodeFlow::badVerificationCode()
{
    CannedServer server;
    QVERIFY(server.listen());
    server.enqueue(deviceCodeReply());
    server.enqueue(oauthError(u"bad_verification_code"_s));
    DeviceCodeFlow::Options options;
    options.cloud = Cloud::custom(server.baseUrl(), server.baseUrl());
    options.initialIntervalMs = 50;
    DeviceCodeFlow flow(&m_network, options);
    QSignalSpy failed(&flow, &DeviceCodeFlow::failed);
    flow.start();
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
    QCOMPARE(failed.first().first().value<AuthError>().kind, AuthError::Kind::BadCode);
    // The form went to the tenant's token endpoint with the device code grant.
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(server.received().at(0).target, QByteArray("/organizations/oauth2/v2.0/devicecode"));
    QCOMPARE(server.received().at(1).target, QByteArray("/organizations/oauth2/v2.0/token"));
    const QByteArray form = server.received().at(1).body;
    QVERIFY(form.contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"));
    QVERIFY(form.contains("device_code=DC"));
    QVERIFY(form.contains("client_id=04b07795-8ddb-461a-bbee-02f9e1bf7b46"));
}

void TestDeviceCodeFlow::transientFailuresAreRetried()
{
    CannedServer server;
    QVERIFY(server.listen());
    server.enqueue(deviceCodeReply());
    server.enqueue(CannedServer::response(503, "busy", "text/plain"));
    server.enqueue(CannedServer::response(502, "<html>gateway</html>", "text/html"));
    server.enqueue(oauthError(u"authorization_pending"_s));
    server.enqueue(json(200, {{u"access_token"_s, u"AT"_s}, {u"token_type"_s, u"Bearer"_s}, {u"expires_in"_s, 3600}}));
    DeviceCodeFlow::Options options;
    options.cloud = Cloud::custom(server.baseUrl(), server.baseUrl());
    options.initialIntervalMs = 50;
    DeviceCodeFlow flow(&m_network, options);
    QSignalSpy finished(&flow, &DeviceCodeFlow::finished);
    QSignalSpy failed(&flow, &DeviceCodeFlow::failed);
    flow.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, 15000);
    QVERIFY2(failed.isEmpty(),
             qPrintable(failed.isEmpty() ? QString() : failed.first().first().value<AuthError>().message));
    QCOMPARE(finished.first().first().value<Token>().accessToken, QByteArray("AT"));
    QCOMPARE(flow.polls(), 4);

    // But not for ever.
    CannedServer down;
    QVERIFY(down.listen());
    down.enqueue(deviceCodeReply());
    down.setFallback(CannedServer::Reply {CannedServer::response(500, "no", "text/plain")});
    options.cloud = Cloud::custom(down.baseUrl(), down.baseUrl());
    options.maxTransientFailures = 2;
    DeviceCodeFlow doomed(&m_network, options);
    QSignalSpy doomedFailed(&doomed, &DeviceCodeFlow::failed);
    doomed.start();
    QTRY_COMPARE_WITH_TIMEOUT(doomedFailed.size(), 1, 15000);
    QCOMPARE(doomedFailed.first().first().value<AuthError>().kind, AuthError::Kind::Server);
    QCOMPARE(doomed.polls(), 3);
}

void TestDeviceCodeFlow::unusableAnswersAreRefused()
{
    const QList<QByteArray> replies = {
        deviceCodeReply(u"http://evil.example/devicelogin"_s), // a page to open that is not https
        deviceCodeReply(u"javascript:alert(1)"_s),
        json(200, {{u"user_code"_s, u"X"_s}, {u"verification_uri"_s, u"https://microsoft.com/devicelogin"_s}}),
        CannedServer::response(200, "not json", "text/plain"),
        CannedServer::response(302, "", "text/plain", {{"Location", "https://elsewhere.example/"}}),
    };
    for (const QByteArray &reply : replies) {
        CannedServer server;
        QVERIFY(server.listen());
        server.enqueue(reply);
        DeviceCodeFlow::Options options;
        options.cloud = Cloud::custom(server.baseUrl(), server.baseUrl());
        DeviceCodeFlow flow(&m_network, options);
        QSignalSpy ready(&flow, &DeviceCodeFlow::codeReady);
        QSignalSpy failed(&flow, &DeviceCodeFlow::failed);
        flow.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
        QCOMPARE(ready.size(), 0);
        QCOMPARE(failed.first().first().value<AuthError>().kind, AuthError::Kind::Server);
        QCOMPARE(server.requestCount(), 1); // no redirect followed, no poll
    }
}

void TestDeviceCodeFlow::unreachableAuthorityIsANetworkError()
{
    // A port that was free a moment ago: nobody listens there now.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress(QHostAddress::LocalHost)));
    const QUrl closed(u"http://127.0.0.1:"_s + QString::number(probe.serverPort()));
    probe.close();
    DeviceCodeFlow::Options options;
    options.cloud = Cloud::custom(closed, closed);
    DeviceCodeFlow flow(&m_network, options);
    QSignalSpy failed(&flow, &DeviceCodeFlow::failed);
    flow.start();
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
    const AuthError e = failed.first().first().value<AuthError>();
    QCOMPARE(e.kind, AuthError::Kind::Network);
    QVERIFY(e.message.contains(closed.host()));
}

void TestDeviceCodeFlow::insecureAuthorityIsRefusedBeforeSending()
{
    DeviceCodeFlow::Options options;
    options.cloud = Cloud::custom(QUrl(u"http://login.example.invalid"_s), QUrl(u"https://management.azure.com"_s));
    DeviceCodeFlow flow(&m_network, options);
    QSignalSpy failed(&flow, &DeviceCodeFlow::failed);
    flow.start();
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
    const AuthError e = failed.first().first().value<AuthError>();
    QCOMPARE(e.kind, AuthError::Kind::Config);
    QVERIFY(e.message.contains(u"HTTPS"_s));
}

QTEST_GUILESS_MAIN(TestDeviceCodeFlow)
#include "tst_devicecodeflow.moc"
