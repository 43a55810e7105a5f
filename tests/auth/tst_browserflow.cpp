// The browser sign-in (authorization code + PKCE S256 on a loopback redirect) end to end against
// the simulator: a "browser" (a QNetworkAccessManager following redirects) opens the authorize
// URL, the simulator redirects to our 127.0.0.1 listener, the flow redeems the code. And what
// must fail: a verifier that does not match the challenge, a state that is not ours, an error
// redirect, nobody coming back; plus step-up (max_age, auth_time) and the PKCE primitives.

#include "authtestkit.h"

#include "auth/browserflow.h"
#include "auth/pkce.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using lockbox::AuthError;
using lockbox::BrowserFlow;
using lockbox::Pkce;
using lockbox::Token;
using lockbox::test::HttpResult;
using lockbox::test::SimFixture;

namespace {

// The authorize URL with one query item replaced.
QUrl withQueryItem(const QUrl &url, const QString &name, const QString &value)
{
    QUrlQuery query(url);
    query.removeAllQueryItems(name);
    query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    QUrl changed = url;
    changed.setQuery(query);
    return changed;
}

} // namespace

class TestBrowserFlow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void pkcePrimitives();
    void signInEndToEnd();
    void pkceMismatchFails();
    void stateMismatchFailsAndTheCodeIsNotRedeemed();
    void errorRedirectFails();
    void otherPathsDoNotEndTheFlow();
    void nobodyComesBackTimesOut();
    void stepUpAsksForMaxAgeAndAcceptsARecentSignIn();
    void isRecent();

private:
    BrowserFlow::Options simOptions(SimFixture &sim) const;
    QNetworkAccessManager m_network;
    QNetworkAccessManager m_browser;
};

void TestBrowserFlow::initTestCase()
{
    qRegisterMetaType<lockbox::Token>();
    qRegisterMetaType<lockbox::AuthError>();
}

BrowserFlow::Options TestBrowserFlow::simOptions(SimFixture &sim) const
{
    BrowserFlow::Options options;
    options.cloud = lockbox::test::simCloud(sim);
    options.requestTimeoutMs = 10000;
    options.timeoutMs = 60000;
    return options;
}

void TestBrowserFlow::pkcePrimitives()
{
    static const QRegularExpression unreserved(u"^[A-Za-z0-9._~-]+$"_s);
    const QByteArray v1 = Pkce::newVerifier();
    const QByteArray v2 = Pkce::newVerifier();
    QCOMPARE(v1.size(), 64);
    QVERIFY(v1 != v2);
    QVERIFY(unreserved.match(QString::fromLatin1(v1)).hasMatch());
    QCOMPARE(Pkce::newVerifier(10).size(), 43); // clamped to RFC 7636's 43..128
    QCOMPARE(Pkce::newVerifier(500).size(), 128);
    // RFC 7636 appendix B.
    QCOMPARE(Pkce::challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
             QByteArray("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    QCOMPARE(Pkce::challengeOf(v1).size(), 43);
    QVERIFY(Pkce::randomToken() != Pkce::randomToken());
}

void TestBrowserFlow::signInEndToEnd()
{
    SimFixture sim;
    QVERIFY(sim.start());
    BrowserFlow flow(&m_network, simOptions(sim));
    QSignalSpy ready(&flow, &BrowserFlow::authorizeUrlReady);
    QSignalSpy received(&flow, &BrowserFlow::codeReceived);
    QSignalSpy finished(&flow, &BrowserFlow::finished);
    QSignalSpy failed(&flow, &BrowserFlow::failed);
    flow.start();
    QCOMPARE(ready.size(), 1);
    const QUrl url = ready.first().first().toUrl();
    QCOMPARE(url, flow.authorizeUrl());

    // What the authorize request says.
    QCOMPARE(url.path(), u"/organizations/oauth2/v2.0/authorize"_s);
    const QUrlQuery query(url);
    QCOMPARE(query.queryItemValue(u"response_type"_s), u"code"_s);
    QCOMPARE(query.queryItemValue(u"client_id"_s), lockbox::Cloud::defaultClientId());
    QCOMPARE(query.queryItemValue(u"code_challenge_method"_s), u"S256"_s);
    QCOMPARE(query.queryItemValue(u"code_challenge"_s).size(), 43);
    QVERIFY(query.queryItemValue(u"state"_s).size() >= 32);
    QCOMPARE(query.queryItemValue(u"scope"_s, QUrl::FullyDecoded),
             u"https://management.azure.com/.default offline_access"_s);
    const QUrl redirect(query.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded));
    QCOMPARE(redirect.scheme(), u"http"_s);
    QCOMPARE(redirect.host(), u"localhost"_s);
    QCOMPARE(redirect.port(), int(flow.listenPort()));
    QVERIFY(!query.hasQueryItem(u"max_age"_s));

    // The browser goes there, signs in and is sent back to the listener, which answers it.
    const HttpResult page = lockbox::test::browse(&m_browser, url);
    QCOMPARE(page.status, 200);
    QVERIFY2(page.body.contains("You can close this window"), page.body.constData());
    QCOMPARE(page.header("cache-control"), QByteArray("no-store"));
    QCOMPARE(received.size(), 1);

    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, 15000);
    QVERIFY2(failed.isEmpty(),
             qPrintable(failed.isEmpty() ? QString() : failed.first().first().value<AuthError>().message));
    const Token token = finished.first().first().value<Token>();
    QCOMPARE(token.claims.upn, u"avery.approver@contoso.example"_s);
    QVERIFY(!token.refreshToken.isEmpty());
    QCOMPARE(lockbox::test::armStatus(sim, token.accessToken), 200);
    QVERIFY(!flow.isRunning());

    // The listener is gone: a second visit finds nobody.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), flow.listenPort());
    QVERIFY(!socket.waitForConnected(2000));
}

void TestBrowserFlow::pkceMismatchFails()
{
    SimFixture sim;
    QVERIFY(sim.start());
    BrowserFlow flow(&m_network, simOptions(sim));
    QSignalSpy ready(&flow, &BrowserFlow::authorizeUrlReady);
    QSignalSpy finished(&flow, &BrowserFlow::finished);
    QSignalSpy failed(&flow, &BrowserFlow::failed);
    flow.start();
    QCOMPARE(ready.size(), 1);
    // Someone swapped the challenge (or the verifier went astray): the redemption must fail.
    const QUrl tampered = withQueryItem(ready.first().first().toUrl(), u"code_challenge"_s,
                                        QString::fromLatin1(Pkce::challengeOf(Pkce::newVerifier())));
    const HttpResult page = lockbox::test::browse(&m_browser, tampered);
    QCOMPARE(page.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
    QCOMPARE(finished.size(), 0);
    const AuthError e = failed.first().first().value<AuthError>();
    QCOMPARE(e.kind, AuthError::Kind::InvalidGrant);
    QCOMPARE(e.code, u"invalid_grant"_s);
    QVERIFY2(e.message.contains(u"Code_Verifier"_s), qPrintable(e.message));
}

void TestBrowserFlow::stateMismatchFailsAndTheCodeIsNotRedeemed()
{
    SimFixture sim;
    QVERIFY(sim.start());
    BrowserFlow flow(&m_network, simOptions(sim));
    QSignalSpy ready(&flow, &BrowserFlow::authorizeUrlReady);
    QSignalSpy received(&flow, &BrowserFlow::codeReceived);
    QSignalSpy finished(&flow, &BrowserFlow::finished);
    QSignalSpy failed(&flow, &BrowserFlow::failed);
    flow.start();
    const QUrl forged = withQueryItem(ready.first().first().toUrl(), u"state"_s, u"not-the-flows-state"_s);
    const HttpResult page = lockbox::test::browse(&m_browser, forged);
    QCOMPARE(page.status, 400);
    QVERIFY(page.body.contains("does not belong to this sign-in"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
    QCOMPARE(failed.first().first().value<AuthError>().kind, AuthError::Kind::StateMismatch);
    QCOMPARE(received.size(), 0); // the code was never taken
    QTest::qWait(300);
    QCOMPARE(finished.size(), 0);
}

void TestBrowserFlow::errorRedirectFails()
{
    SimFixture sim;
    QVERIFY(sim.start());
    BrowserFlow flow(&m_network, simOptions(sim));
    QSignalSpy ready(&flow, &BrowserFlow::authorizeUrlReady);
    QSignalSpy failed(&flow, &BrowserFlow::failed);
    flow.start();
    // The simulator answers an unsupported response_type with an error redirect to us.
    const QUrl broken = withQueryItem(ready.first().first().toUrl(), u"response_type"_s, u"token"_s);
    const HttpResult page = lockbox::test::browse(&m_browser, broken);
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("AADSTS700054"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
    const AuthError e = failed.first().first().value<AuthError>();
    QCOMPARE(e.kind, AuthError::Kind::Rejected);
    QCOMPARE(e.code, u"unsupported_response_type"_s);
    // Server text is one line of plain text: the trace ids on later lines are dropped.
    QVERIFY(e.message.contains(u"AADSTS700054"_s));
    QVERIFY(!e.message.contains(u'\n'));
    QVERIFY(!e.message.contains(u"Trace ID"_s));
}

void TestBrowserFlow::otherPathsDoNotEndTheFlow()
{
    SimFixture sim;
    QVERIFY(sim.start());
    BrowserFlow flow(&m_network, simOptions(sim));
    QSignalSpy ready(&flow, &BrowserFlow::authorizeUrlReady);
    QSignalSpy finished(&flow, &BrowserFlow::finished);
    QSignalSpy failed(&flow, &BrowserFlow::failed);
    flow.start();
    const QString base = u"http://127.0.0.1:"_s + QString::number(flow.listenPort());
    lockbox::test::HttpClient client(&m_browser);
    QCOMPARE(client.get(QUrl(base + u"/favicon.ico"_s)).status, 404);
    QCOMPARE(client.get(QUrl(base + u"/"_s)).status, 400); // neither code nor error
    QCOMPARE(client.post(QUrl(base + u"/?code=x"_s), "x").status, 405);
    QVERIFY(flow.isRunning());
    QCOMPARE(failed.size(), 0);
    // The real answer still completes it.
    QCOMPARE(lockbox::test::browse(&m_browser, ready.first().first().toUrl()).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
}

void TestBrowserFlow::nobodyComesBackTimesOut()
{
    SimFixture sim;
    QVERIFY(sim.start());
    BrowserFlow::Options options = simOptions(sim);
    options.timeoutMs = 1000;
    BrowserFlow flow(&m_network, options);
    QSignalSpy failed(&flow, &BrowserFlow::failed);
    flow.start();
    const quint16 port = flow.listenPort();
    QVERIFY(port > 0);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
    QCOMPARE(failed.first().first().value<AuthError>().kind, AuthError::Kind::Timeout);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    QVERIFY(!socket.waitForConnected(2000));
}

void TestBrowserFlow::stepUpAsksForMaxAgeAndAcceptsARecentSignIn()
{
    SimFixture sim;
    QVERIFY(sim.start());
    BrowserFlow::Options options = simOptions(sim);
    options.maxAgeSec = 300;
    options.prompt = u"login"_s;
    options.loginHint = u"avery.approver@contoso.example"_s;
    BrowserFlow flow(&m_network, options);
    QSignalSpy ready(&flow, &BrowserFlow::authorizeUrlReady);
    QSignalSpy finished(&flow, &BrowserFlow::finished);
    QSignalSpy failed(&flow, &BrowserFlow::failed);
    flow.start();
    const QUrlQuery query(ready.first().first().toUrl());
    QCOMPARE(query.queryItemValue(u"max_age"_s), u"300"_s);
    QCOMPARE(query.queryItemValue(u"prompt"_s), u"login"_s);
    QCOMPARE(query.queryItemValue(u"login_hint"_s, QUrl::FullyDecoded), u"avery.approver@contoso.example"_s);
    QVERIFY(query.queryItemValue(u"scope"_s, QUrl::FullyDecoded).startsWith(u"openid "_s)); // auth_time in id_token
    QVERIFY(!query.queryItemValue(u"nonce"_s).isEmpty());
    QCOMPARE(lockbox::test::browse(&m_browser, ready.first().first().toUrl()).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, 15000);
    QVERIFY2(failed.isEmpty(),
             qPrintable(failed.isEmpty() ? QString() : failed.first().first().value<AuthError>().message));
    const Token token = finished.first().first().value<Token>();
    QVERIFY(!token.idToken.isEmpty());
    QVERIFY(BrowserFlow::isRecent(token.claims.authTime, 300, QDateTime::currentDateTimeUtc()));
}

void TestBrowserFlow::isRecent()
{
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1800000000, Qt::UTC);
    QVERIFY(BrowserFlow::isRecent(now.addSecs(-10), 300, now));
    QVERIFY(BrowserFlow::isRecent(now.addSecs(-300), 300, now));
    QVERIFY(BrowserFlow::isRecent(now.addSecs(-350), 300, now)); // a minute of clock skew
    QVERIFY(!BrowserFlow::isRecent(now.addSecs(-400), 300, now));
    QVERIFY(!BrowserFlow::isRecent(now.addSecs(-3600), 300, now));
    QVERIFY(!BrowserFlow::isRecent(now.addSecs(120), 300, now)); // from the future: not believed
    QVERIFY(!BrowserFlow::isRecent(QDateTime(), 300, now));
    QVERIFY(BrowserFlow::isRecent(now, 0, now));
}

QTEST_GUILESS_MAIN(TestBrowserFlow)
#include "tst_browserflow.moc"
