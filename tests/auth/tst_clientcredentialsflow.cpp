// Client credentials against the simulator (started with --client C:SECRET): the right secret
// gives an application token ARM takes; a wrong secret, an unknown client or a missing option
// fail with a clear kind; a secret full of form-encoding's special characters arrives intact; and
// the secret is read from LOCKBOX_CLIENT_SECRET.

#include "authtestkit.h"

#include "auth/clientcredentialsflow.h"
#include "sim/simworld.h"
#include "support/cannedserver.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AuthError;
using lockbox::ClientCredentialsFlow;
using lockbox::Token;
using lockbox::test::SimFixture;

namespace {

const QString kAwkwardSecret = u"a+b&c=d%20e f~"_s;

lockbox::sim::SimOptions simOptions()
{
    lockbox::sim::SimOptions o = SimFixture::defaultOptions();
    o.clients = {{u"C"_s, u"SECRET"_s}, {u"P"_s, kAwkwardSecret}};
    return o;
}

} // namespace

class TestClientCredentialsFlow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void rightSecretGivesAnApplicationToken();
    void awkwardSecretArrivesIntact();
    void wrongSecretIsInvalidClient();
    void unknownClientIsInvalidClient();
    void missingOptionsAreRefused_data();
    void missingOptionsAreRefused();
    void secretFromEnvironment();

private:
    struct Outcome
    {
        std::optional<Token> token;
        AuthError error;
    };
    Outcome run(const QString &tenant, const QString &clientId, const QByteArray &secret);

    std::unique_ptr<SimFixture> m_sim;
    QNetworkAccessManager m_network;
};

void TestClientCredentialsFlow::initTestCase()
{
    qRegisterMetaType<lockbox::Token>();
    qRegisterMetaType<lockbox::AuthError>();
    m_sim = std::make_unique<SimFixture>(simOptions());
    QVERIFY(m_sim->start());
}

void TestClientCredentialsFlow::cleanupTestCase()
{
    m_sim.reset();
}

TestClientCredentialsFlow::Outcome TestClientCredentialsFlow::run(const QString &tenant, const QString &clientId,
                                                                  const QByteArray &secret)
{
    ClientCredentialsFlow::Options options;
    options.cloud = lockbox::test::simCloud(*m_sim);
    options.tenant = tenant;
    options.clientId = clientId;
    ClientCredentialsFlow flow(&m_network, options, secret);
    QSignalSpy finished(&flow, &ClientCredentialsFlow::finished);
    QSignalSpy failed(&flow, &ClientCredentialsFlow::failed);
    flow.start();
    Outcome outcome;
    if (!QTest::qWaitFor([&] { return finished.size() + failed.size() > 0; }, 15000)) {
        outcome.error = AuthError::make(AuthError::Kind::Timeout, u"no answer"_s);
        return outcome;
    }
    if (!finished.isEmpty())
        outcome.token = finished.first().first().value<Token>();
    else
        outcome.error = failed.first().first().value<AuthError>();
    return outcome;
}

void TestClientCredentialsFlow::rightSecretGivesAnApplicationToken()
{
    const Outcome o = run(m_sim->simulator().world().tenantId(), u"C"_s, "SECRET");
    QVERIFY2(o.token, qPrintable(o.error.message));
    QCOMPARE(o.token->claims.appId, u"C"_s);
    QVERIFY(o.token->claims.upn.isEmpty());
    QCOMPARE(o.token->claims.userName(), u"C"_s);
    QVERIFY(o.token->refreshToken.isEmpty()); // an application renews with its secret
    QCOMPARE(lockbox::test::armStatus(*m_sim, o.token->accessToken), 200);
    // A domain names the tenant as well.
    QVERIFY(run(u"contoso.example"_s, u"C"_s, "SECRET").token);
}

void TestClientCredentialsFlow::awkwardSecretArrivesIntact()
{
    const Outcome o = run(u"contoso.example"_s, u"P"_s, kAwkwardSecret.toUtf8());
    QVERIFY2(o.token, qPrintable(o.error.message));
    QCOMPARE(o.token->claims.appId, u"P"_s);
}

void TestClientCredentialsFlow::wrongSecretIsInvalidClient()
{
    const Outcome o = run(u"contoso.example"_s, u"C"_s, "not-the-secret");
    QVERIFY(!o.token);
    QCOMPARE(o.error.kind, AuthError::Kind::InvalidClient);
    QCOMPARE(o.error.code, u"invalid_client"_s);
    QCOMPARE(o.error.httpStatus, 401);
    QVERIFY2(o.error.message.contains(u"AADSTS7000215"_s), qPrintable(o.error.message));
    QVERIFY(!o.error.message.contains(u"not-the-secret"_s));
}

void TestClientCredentialsFlow::unknownClientIsInvalidClient()
{
    const Outcome o = run(u"contoso.example"_s, u"nobody"_s, "SECRET");
    QVERIFY(!o.token);
    QCOMPARE(o.error.kind, AuthError::Kind::InvalidClient);
    QCOMPARE(o.error.code, u"unauthorized_client"_s);
}

void TestClientCredentialsFlow::missingOptionsAreRefused_data()
{
    QTest::addColumn<QString>("tenant");
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QByteArray>("secret");
    QTest::newRow("no tenant") << QString() << u"C"_s << QByteArray("SECRET");
    QTest::newRow("no client") << u"contoso.example"_s << QString() << QByteArray("SECRET");
    QTest::newRow("no secret") << u"contoso.example"_s << u"C"_s << QByteArray();
}

void TestClientCredentialsFlow::missingOptionsAreRefused()
{
    QFETCH(QString, tenant);
    QFETCH(QString, clientId);
    QFETCH(QByteArray, secret);
    lockbox::test::CannedServer server; // would answer anything; must hear nothing
    QVERIFY(server.listen());
    ClientCredentialsFlow::Options options;
    options.cloud = lockbox::Cloud::custom(server.baseUrl(), server.baseUrl());
    options.tenant = tenant;
    options.clientId = clientId;
    ClientCredentialsFlow flow(&m_network, options, secret);
    QSignalSpy failed(&flow, &ClientCredentialsFlow::failed);
    flow.start();
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
    QCOMPARE(failed.first().first().value<AuthError>().kind, AuthError::Kind::Config);
    QTest::qWait(100);
    QCOMPARE(server.connectionCount(), 0);
}

void TestClientCredentialsFlow::secretFromEnvironment()
{
    qputenv(ClientCredentialsFlow::kSecretVariable, "  s3cret\n");
    QCOMPARE(ClientCredentialsFlow::secretFromEnvironment(), QByteArray("s3cret"));
    qunsetenv(ClientCredentialsFlow::kSecretVariable);
    QVERIFY(ClientCredentialsFlow::secretFromEnvironment().isEmpty());
}

QTEST_GUILESS_MAIN(TestClientCredentialsFlow)
#include "tst_clientcredentialsflow.moc"
