// RefreshingTokenProvider against the simulator: a token is handed out while it is fresh and
// renewed (refresh token grant) before it runs out; concurrent callers share one renewal; a 401
// from ARM makes ArmClient force one renewal and the call succeeds; a revoked refresh token signs
// the profile out with a clear message and no further network; an application renews with its
// secret; a transient failure keeps a still-valid token for ordinary callers.

#include "authtestkit.h"

#include "auth/refreshingtokenprovider.h"
#include "azure/armclient.h"
#include "azure/subscriptionlistjob.h"
#include "azure/subscriptionsapi.h"
#include "sim/simworld.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AuthError;
using lockbox::RefreshingTokenProvider;
using lockbox::Token;
using lockbox::test::SimFixture;

namespace {

struct Answer
{
    QByteArray token;
    QString error;
    bool arrived = false;
};

// Asks `provider` and waits for the answer.
Answer ask(lockbox::TokenProvider &provider, bool force = false)
{
    Answer answer;
    QObject context;
    provider.token(force, &context, [&answer](const QByteArray &token, const QString &error) {
        answer.token = token;
        answer.error = error;
        answer.arrived = true;
    });
    [[maybe_unused]] const bool arrived = QTest::qWaitFor([&answer] { return answer.arrived; }, 20000);
    return answer;
}

} // namespace

class TestRefreshingTokenProvider final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void freshTokenIsHandedOutThenRenewedBeforeExpiry();
    void concurrentCallersShareOneRenewal();
    void a401ForcesOneRenewalAndTheCallSucceeds();
    void revokedRefreshTokenSignsOut();
    void applicationRenewsWithItsSecret();
    void transientFailureKeepsAValidToken();

private:
    RefreshingTokenProvider::Options userOptions(SimFixture &sim) const;
    QNetworkAccessManager m_network;
};

void TestRefreshingTokenProvider::initTestCase()
{
    qRegisterMetaType<lockbox::Token>();
    qRegisterMetaType<lockbox::AuthError>();
}

RefreshingTokenProvider::Options TestRefreshingTokenProvider::userOptions(SimFixture &sim) const
{
    RefreshingTokenProvider::Options options;
    options.cloud = lockbox::test::simCloud(sim);
    options.tenant = sim.simulator().world().tenantId();
    options.clientId = lockbox::Cloud::defaultClientId();
    options.identity = u"avery.approver@contoso.example"_s;
    options.requestTimeoutMs = 10000;
    return options;
}

void TestRefreshingTokenProvider::freshTokenIsHandedOutThenRenewedBeforeExpiry()
{
    lockbox::sim::SimOptions o = SimFixture::defaultOptions();
    o.tokenLifetimeSec = 10; // the margin is then half of it: renewed once 5 s are left
    SimFixture sim(o);
    QVERIFY(sim.start());
    const auto login = lockbox::test::signInWithDeviceCode(sim, &m_network);
    QVERIFY(login);
    RefreshingTokenProvider provider(&m_network, userOptions(sim), login->refreshToken);
    provider.setToken(*login);
    QCOMPARE(provider.identity(), u"avery.approver@contoso.example"_s);

    const Answer first = ask(provider);
    QCOMPARE(first.token, login->accessToken);
    QCOMPARE(provider.renewals(), 0);

    // Let it run low, then ask again: a new token, by the refresh token grant.
    QTest::qWait(5300);
    const Answer second = ask(provider);
    QVERIFY2(!second.token.isEmpty(), qPrintable(second.error));
    QVERIFY(second.token != login->accessToken);
    QCOMPARE(provider.renewals(), 1);
    QCOMPARE(lockbox::test::armStatus(sim, second.token), 200);
    QCOMPARE(provider.claims().upn, u"avery.approver@contoso.example"_s);
    QVERIFY(provider.expiresAt() > QDateTime::currentDateTimeUtc().addSecs(6));
    // And fresh again.
    QCOMPARE(ask(provider).token, second.token);
    QCOMPARE(provider.renewals(), 1);
}

void TestRefreshingTokenProvider::concurrentCallersShareOneRenewal()
{
    SimFixture sim;
    QVERIFY(sim.start());
    const auto login = lockbox::test::signInWithDeviceCode(sim, &m_network);
    QVERIFY(login);
    // Restored from the keychain: a refresh token and no access token yet.
    RefreshingTokenProvider provider(&m_network, userOptions(sim), login->refreshToken);
    QObject context;
    QList<QByteArray> tokens;
    for (int i = 0; i < 10; ++i) {
        provider.token(false, &context, [&tokens](const QByteArray &token, const QString &) { tokens.append(token); });
    }
    QVERIFY(provider.isRenewing());
    QTRY_COMPARE_WITH_TIMEOUT(tokens.size(), 10, 20000);
    QCOMPARE(provider.renewals(), 1);
    for (const QByteArray &t : std::as_const(tokens)) {
        QVERIFY(!t.isEmpty());
        QCOMPARE(t, tokens.first());
    }
    // A caller that went away is not called back.
    {
        auto *gone = new QObject;
        bool called = false;
        provider.token(true, gone, [&called](const QByteArray &, const QString &) { called = true; });
        delete gone;
        QTRY_VERIFY_WITH_TIMEOUT(!provider.isRenewing(), 20000);
        QTest::qWait(50);
        QVERIFY(!called);
    }
}

void TestRefreshingTokenProvider::a401ForcesOneRenewalAndTheCallSucceeds()
{
    SimFixture sim;
    QVERIFY(sim.start());
    const auto login = lockbox::test::signInWithDeviceCode(sim, &m_network);
    QVERIFY(login);
    RefreshingTokenProvider provider(&m_network, userOptions(sim), login->refreshToken);
    // A token that looks fresh but the server no longer takes.
    Token stale = *login;
    stale.accessToken = "not-a-token-the-server-knows";
    provider.setToken(stale);

    lockbox::ArmClient::Options options;
    options.endpoint = sim.baseUrl();
    options.timeoutMs = 10000;
    lockbox::ArmClient client(&m_network, &provider, options);
    lockbox::SubscriptionsApi api(&client);
    lockbox::SubscriptionListJob *job = api.list();
    QSignalSpy finished(job, &lockbox::ArmPager::finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    const auto error = finished.first().first().value<lockbox::ArmError>();
    QVERIFY2(!error.isError(), qPrintable(error.toDisplayString()));
    QCOMPARE(provider.renewals(), 1);
    QVERIFY(provider.claims().upn == u"avery.approver@contoso.example"_s);
}

void TestRefreshingTokenProvider::revokedRefreshTokenSignsOut()
{
    SimFixture sim;
    QVERIFY(sim.start());
    const auto login = lockbox::test::signInWithDeviceCode(sim, &m_network);
    QVERIFY(login);
    RefreshingTokenProvider provider(&m_network, userOptions(sim), login->refreshToken);
    QVERIFY(!ask(provider).token.isEmpty());

    lockbox::test::HttpClient control;
    QCOMPARE(control.postJson(sim.url(u"/_sim/tokens/revoke"_s), {}).status, 200);

    QSignalSpy signedOut(&provider, &RefreshingTokenProvider::signedOut);
    const Answer after = ask(provider, true); // as after a 401
    QVERIFY(after.token.isEmpty());
    QVERIFY2(after.error.startsWith(u"signed out: sign in again"_s), qPrintable(after.error));
    QCOMPARE(signedOut.size(), 1);
    QVERIFY(provider.isSignedOut());
    // Signed out stays signed out, without asking the server again.
    const int renewals = provider.renewals();
    const Answer again = ask(provider);
    QVERIFY(again.token.isEmpty());
    QVERIFY(again.error.startsWith(u"signed out: sign in again"_s));
    QCOMPARE(signedOut.size(), 1);
    QCOMPARE(provider.renewals(), renewals + 1);
}

void TestRefreshingTokenProvider::applicationRenewsWithItsSecret()
{
    lockbox::sim::SimOptions o = SimFixture::defaultOptions();
    o.clients = {{u"C"_s, u"SECRET"_s}};
    SimFixture sim(o);
    QVERIFY(sim.start());
    RefreshingTokenProvider::Options options = userOptions(sim);
    options.grant = RefreshingTokenProvider::Grant::ClientCredentials;
    options.clientId = u"C"_s;
    options.identity = u"C"_s;
    RefreshingTokenProvider app(&m_network, options, "SECRET");
    const Answer a = ask(app);
    QVERIFY2(!a.token.isEmpty(), qPrintable(a.error));
    QCOMPARE(app.identity(), u"C"_s);
    QCOMPARE(lockbox::test::armStatus(sim, a.token), 200);
    const Answer forced = ask(app, true);
    QVERIFY(!forced.token.isEmpty());
    QVERIFY(forced.token != a.token);

    RefreshingTokenProvider wrong(&m_network, options, "WRONG");
    const Answer refused = ask(wrong);
    QVERIFY(refused.token.isEmpty());
    QVERIFY2(refused.error.contains(u"client secret was refused"_s), qPrintable(refused.error));
    QVERIFY(!refused.error.contains(u"WRONG"_s));
}

void TestRefreshingTokenProvider::transientFailureKeepsAValidToken()
{
    // An authority nobody listens on.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress(QHostAddress::LocalHost)));
    const QUrl closed(u"http://127.0.0.1:"_s + QString::number(probe.serverPort()));
    probe.close();
    RefreshingTokenProvider::Options options;
    options.cloud = lockbox::Cloud::custom(closed, closed);
    options.tenant = u"t"_s;
    options.clientId = u"c"_s;
    RefreshingTokenProvider provider(&m_network, options, "refresh-token");
    Token low;
    low.accessToken = "still-good-for-two-minutes";
    low.obtainedAt = QDateTime::currentDateTimeUtc().addSecs(-3000);
    low.expiresAt = QDateTime::currentDateTimeUtc().addSecs(120);
    provider.setToken(low);

    // Ordinary callers keep the token that still works...
    const Answer kept = ask(provider);
    QCOMPARE(kept.token, low.accessToken);
    QCOMPARE(provider.renewals(), 1);
    // ...but after a 401 it is known bad: the error.
    const Answer forced = ask(provider, true);
    QVERIFY(forced.token.isEmpty());
    QVERIFY2(forced.error.contains(u"cannot renew the sign-in"_s), qPrintable(forced.error));
    QVERIFY(!provider.isSignedOut());
}

QTEST_GUILESS_MAIN(TestRefreshingTokenProvider)
#include "tst_refreshingtokenprovider.moc"
