// The browser sign-in (authorization code + PKCE S256 on a loopback redirect) end to end against
// the simulator: a "browser" (a QNetworkAccessManager following redirects) opens the authorize
// URL, the simulator redirects to our loopback listener, the flow redeems the code. And what
// must fail: a verifier that does not match the challenge, an error redirect, nobody coming back;
// what must not end the sign-in: an answer with a state that is not ours, connections held open;
// the listener takes both loopback addresses "localhost" may mean; plus step-up (max_age,
// auth_time) and the PKCE primitives.

#include "authtestkit.h"

#include "auth/browserflow.h"
#include "auth/loopbackreceiver.h"
#include "auth/pkce.h"

#include <QCryptographicHash>
#include <QHostInfo>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using lockbox::AuthError;
using lockbox::BrowserFlow;
using lockbox::LoopbackReceiver;
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

bool hasIPv6Loopback()
{
    QTcpServer probe;
    return probe.listen(QHostAddress(QHostAddress::LocalHostIPv6), 0);
}

bool accepts(const QHostAddress &address, quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(address, port);
    return socket.waitForConnected(5000);
}

// Sends `request` raw and reads until the listener closes (or `timeoutMs`).
QByteArray exchange(quint16 port, const QByteArray &request, int timeoutMs = 15000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    if (!socket.waitForConnected(5000))
        return "(no connection)";
    socket.write(request);
    QByteArray answer;
    [[maybe_unused]] const bool closed = QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
    return answer + socket.readAll();
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
    void aForeignStateIsIgnoredAndTheRealAnswerStillSignsIn();
    void heldConnectionsDoNotKeepTheRealAnswerOut();
    void aBurstRightAfterTheBrowsersRequestDoesNotPushItOut();
    void idleAndSlowConnectionsAreDropped();
    void theRedirectHostIsOneTheListenerServes();
    void aTakenIPv6PortMovesTheListener();
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

void TestBrowserFlow::aForeignStateIsIgnoredAndTheRealAnswerStillSignsIn()
{
    SimFixture sim;
    QVERIFY(sim.start());
    BrowserFlow flow(&m_network, simOptions(sim));
    QSignalSpy ready(&flow, &BrowserFlow::authorizeUrlReady);
    QSignalSpy received(&flow, &BrowserFlow::codeReceived);
    QSignalSpy finished(&flow, &BrowserFlow::finished);
    QSignalSpy failed(&flow, &BrowserFlow::failed);
    flow.start();
    const QUrl authorize = ready.first().first().toUrl();

    // A code for someone else's state (a sign-in of an attacker's, say) is not taken ...
    const HttpResult forged =
        lockbox::test::browse(&m_browser, withQueryItem(authorize, u"state"_s, u"not-the-flows-state"_s));
    QCOMPARE(forged.status, 400);
    QVERIFY2(forged.body.contains("does not belong to the sign-in in progress"), forged.body.constData());
    // ... nor does an error without our state end the sign-in.
    const QString base = u"http://127.0.0.1:"_s + QString::number(flow.listenPort());
    lockbox::test::HttpClient client(&m_browser);
    QCOMPARE(client.get(QUrl(base + u"/?error=access_denied&state=nope"_s)).status, 400);
    QCOMPARE(client.get(QUrl(base + u"/?code=stolen"_s)).status, 400); // no state at all
    QTest::qWait(200);                                                 // anything queued would have run
    QVERIFY(flow.isRunning());
    QCOMPARE(failed.size(), 0);
    QCOMPARE(received.size(), 0); // no code was taken

    // The user's real answer follows and completes the sign-in.
    const HttpResult page = lockbox::test::browse(&m_browser, authorize);
    QCOMPARE(page.status, 200);
    QVERIFY(page.body.contains("You can close this window"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, 15000);
    QVERIFY2(failed.isEmpty(),
             qPrintable(failed.isEmpty() ? QString() : failed.first().first().value<AuthError>().message));
    QCOMPARE(received.size(), 1);
    QCOMPARE(finished.first().first().value<Token>().claims.upn, u"avery.approver@contoso.example"_s);
}

void TestBrowserFlow::heldConnectionsDoNotKeepTheRealAnswerOut()
{
    SimFixture sim;
    QVERIFY(sim.start());
    BrowserFlow flow(&m_network, simOptions(sim));
    QSignalSpy ready(&flow, &BrowserFlow::authorizeUrlReady);
    QSignalSpy finished(&flow, &BrowserFlow::finished);
    QSignalSpy failed(&flow, &BrowserFlow::failed);
    flow.start();
    // Someone opens more connections than the listener serves at once and holds them: some say
    // nothing, some start a request and never finish it.
    std::vector<std::unique_ptr<QTcpSocket>> held;
    for (int i = 0; i < LoopbackReceiver::kMaxConnections + 4; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress(QHostAddress::LocalHost), flow.listenPort());
        QVERIFY(socket->waitForConnected(5000));
        if (i % 2 == 1) {
            socket->write("GET /?code=x&state=y HTTP/1.1\r\nHost: localhost\r\n");
            QVERIFY(socket->waitForBytesWritten(5000));
        }
        held.push_back(std::move(socket));
    }
    QTest::qWait(100); // the listener has taken them all
    const HttpResult page = lockbox::test::browse(&m_browser, ready.first().first().toUrl());
    QCOMPARE(page.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, 15000);
    QVERIFY(failed.isEmpty());
}

void TestBrowserFlow::aBurstRightAfterTheBrowsersRequestDoesNotPushItOut()
{
    SimFixture sim;
    QVERIFY(sim.start());
    BrowserFlow flow(&m_network, simOptions(sim));
    QSignalSpy ready(&flow, &BrowserFlow::authorizeUrlReady);
    QSignalSpy finished(&flow, &BrowserFlow::finished);
    QSignalSpy failed(&flow, &BrowserFlow::failed);
    flow.start();
    QCOMPARE(ready.size(), 1);
    // Where the simulator sends the browser back (not followed yet).
    QNetworkRequest authorize(ready.first().first().toUrl());
    authorize.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    std::unique_ptr<QNetworkReply> reply(m_browser.get(authorize));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 15000);
    const QUrl redirect =
        authorize.url().resolved(reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
    QCOMPARE(redirect.port(), int(flow.listenPort()));
    QVERIFY2(QUrlQuery(redirect).hasQueryItem(u"code"_s), qPrintable(redirect.toString()));

    // The browser connects and sends its request; before the listener has taken it, a burst of
    // connections that say nothing (more than it serves at once) comes in behind it. None of this
    // runs the event loop, so the listener takes all of them in one batch.
    const QByteArray target =
        (redirect.path().isEmpty() ? QByteArray("/") : redirect.path(QUrl::FullyEncoded).toLatin1()) + '?'
        + redirect.query(QUrl::FullyEncoded).toLatin1();
    QTcpSocket browser;
    browser.connectToHost(QHostAddress(QHostAddress::LocalHost), flow.listenPort());
    QVERIFY(browser.waitForConnected(5000));
    browser.write("GET " + target + " HTTP/1.1\r\nHost: localhost:" + QByteArray::number(flow.listenPort())
                  + "\r\n\r\n");
    QVERIFY(browser.waitForBytesWritten(5000));
    std::vector<std::unique_ptr<QTcpSocket>> burst;
    for (int i = 0; i < LoopbackReceiver::kMaxConnections + 4; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress(QHostAddress::LocalHost), flow.listenPort());
        QVERIFY(socket->waitForConnected(5000));
        burst.push_back(std::move(socket));
    }

    QByteArray answer;
    QVERIFY(QTest::qWaitFor(
        [&] {
            answer += browser.readAll();
            return browser.state() == QAbstractSocket::UnconnectedState;
        },
        15000));
    answer += browser.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 200 "), answer.left(200).constData());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, 15000);
    QVERIFY(failed.isEmpty());
    // The burst was never answered.
    for (const auto &socket : burst) {
        socket->waitForReadyRead(0);
        QVERIFY(socket->readAll().isEmpty());
    }
}

void TestBrowserFlow::idleAndSlowConnectionsAreDropped()
{
    LoopbackReceiver receiver;
    int handled = 0;
    receiver.setHandler([&handled](const QUrl &) {
        ++handled;
        return LoopbackReceiver::Page {200, u"ok"_s, u"ok"_s};
    });
    QString error;
    QVERIFY2(receiver.listen(&error), qPrintable(error));

    QTcpSocket idle;
    idle.connectToHost(QHostAddress(QHostAddress::LocalHost), receiver.port());
    QVERIFY(idle.waitForConnected(5000));
    // One that keeps sending a header line now and then, never ending its request: the deadline
    // counts from connecting, not from the last byte.
    QTcpSocket slow;
    slow.connectToHost(QHostAddress(QHostAddress::LocalHost), receiver.port());
    QVERIFY(slow.waitForConnected(5000));
    slow.write("GET / HTTP/1.1\r\n");
    QTimer trickle;
    connect(&trickle, &QTimer::timeout, &slow, [&slow] { slow.write("X-Slow: 1\r\n"); });
    trickle.start(200);
    // Dropped within the deadline (plenty of slack for a loaded machine), not after 10 s.
    QTRY_COMPARE_WITH_TIMEOUT(idle.state(), QAbstractSocket::UnconnectedState,
                              LoopbackReceiver::kRequestDeadlineMs + 5000);
    QTRY_COMPARE_WITH_TIMEOUT(slow.state(), QAbstractSocket::UnconnectedState,
                              LoopbackReceiver::kRequestDeadlineMs + 5000);
    trickle.stop();

    // Headers beyond the cap are refused at once.
    const QByteArray huge = "GET / HTTP/1.1\r\nX-Pad: " + QByteArray(LoopbackReceiver::kMaxRequestBytes + 10, 'a');
    QVERIFY(exchange(receiver.port(), huge).startsWith("HTTP/1.1 431 "));
    QCOMPARE(handled, 0);
    // And the listener still serves.
    const QByteArray answer = exchange(receiver.port(), "GET /?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QVERIFY2(answer.startsWith("HTTP/1.1 200 "), answer.constData());
    QCOMPARE(handled, 1);
}

void TestBrowserFlow::theRedirectHostIsOneTheListenerServes()
{
    SimFixture sim;
    QVERIFY(sim.start());
    BrowserFlow flow(&m_network, simOptions(sim));
    QSignalSpy ready(&flow, &BrowserFlow::authorizeUrlReady);
    flow.start();
    QCOMPARE(ready.size(), 1);
    const QUrl redirect(QUrlQuery(flow.authorizeUrl()).queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded));
    QCOMPARE(redirect.port(), int(flow.listenPort()));
    // Whatever this machine resolves the host to is served ...
    const QHostInfo resolved = QHostInfo::fromName(redirect.host());
    QVERIFY(!resolved.addresses().isEmpty());
    for (const QHostAddress &address : resolved.addresses())
        QVERIFY2(accepts(address, flow.listenPort()), qPrintable(address.toString()));
    // ... and so is each address "localhost" may mean to a browser elsewhere, ::1 first.
    QVERIFY(accepts(QHostAddress(QHostAddress::LocalHost), flow.listenPort()));
    LOCKBOX_REQUIRE(hasIPv6Loopback(), "this machine has no IPv6 loopback (::1)");
    QVERIFY(accepts(QHostAddress(QHostAddress::LocalHostIPv6), flow.listenPort()));

    // A redirect host the listener does not serve is refused before anything is asked.
    BrowserFlow::Options options = simOptions(sim);
    options.redirectHost = u"lockbox.example"_s;
    BrowserFlow elsewhere(&m_network, options);
    QSignalSpy refused(&elsewhere, &BrowserFlow::failed);
    QSignalSpy noUrl(&elsewhere, &BrowserFlow::authorizeUrlReady);
    elsewhere.start();
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().first().value<AuthError>().kind, AuthError::Kind::Config);
    QCOMPARE(noUrl.size(), 0);
}

void TestBrowserFlow::aTakenIPv6PortMovesTheListener()
{
    LOCKBOX_REQUIRE(hasIPv6Loopback(), "this machine has no IPv6 loopback (::1)");
    // Another user listens on ::1 at the port the sign-in would get: the browser could go there.
    QTcpServer theirs;
    QVERIFY(theirs.listen(QHostAddress(QHostAddress::LocalHostIPv6), 0));
    const quint16 taken = theirs.serverPort();
    LoopbackReceiver receiver;
    QString error;
    QVERIFY2(receiver.listen(&error, taken), qPrintable(error));
    QVERIFY(receiver.port() != taken);
    QVERIFY(receiver.listensOnIPv6());
    QVERIFY(accepts(QHostAddress(QHostAddress::LocalHost), receiver.port()));
    QVERIFY(accepts(QHostAddress(QHostAddress::LocalHostIPv6), receiver.port()));
    QVERIFY(theirs.isListening());
    // Without anyone there, the port asked for is the one used.
    LoopbackReceiver again;
    const quint16 port = receiver.port();
    receiver.close();
    QVERIFY2(again.listen(&error, port), qPrintable(error));
    QCOMPARE(again.port(), port);
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
