// SignInManager against the simulator's Entra ID: a device-code sign-in reports its code and ends
// with the account completed from the token (the default tenant and client filled in for a user);
// an application's sign-in hands its secret back; a declined or failing sign-in reports why; a
// cancelled sign-in, or one replaced by a newer start(), says nothing more; and a kind it cannot
// start fails from the event loop, not from inside start().
//
// Whether a cancelled flow is still at work is seen on the wire: the network manager counts the
// token requests per tenant in the path, and each sign-in of a case asks another tenant.

#include "authtestkit.h"

#include "auth/signinmanager.h"
#include "sim/simworld.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::Account;
using lockbox::AuthError;
using lockbox::Cloud;
using lockbox::SignInManager;
using lockbox::Token;
using lockbox::test::SimFixture;

namespace {

constexpr int kWaitMs = 20000;
constexpr int kRequestTimeoutMs = 10000;

// Counts the POSTs to {authority}/{tenant}/oauth2/v2.0/token by tenant.
class WatchedNetwork final : public QNetworkAccessManager
{
public:
    int tokenPosts(const QString &tenant) const { return m_tokenPosts.value(tenant.toLower()); }

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *outgoingData) override
    {
        const QString path = request.url().path();
        if (op == PostOperation && path.endsWith(u"/oauth2/v2.0/token"_s))
            m_tokenPosts[path.section(u'/', 1, 1).toLower()] += 1;
        return QNetworkAccessManager::createRequest(op, request, outgoingData);
    }

private:
    QHash<QString, int> m_tokenPosts;
};

// What a SignInManager said, in order.
struct Events
{
    struct Code
    {
        QString userCode;
        QUrl verificationUri;
        int expiresInSec = 0;
        QString message;
    };
    struct Success
    {
        Account account;
        Token token;
        QByteArray clientSecret;
    };

    QList<Code> codes;
    QList<Success> succeeded;
    QList<AuthError> failed;

    explicit Events(SignInManager &manager)
    {
        QObject::connect(&manager, &SignInManager::deviceCode, &manager,
                         [this](const QString &userCode, const QUrl &uri, int expiresInSec, const QString &message) {
                             codes.append({userCode, uri, expiresInSec, message});
                         });
        QObject::connect(&manager, &SignInManager::succeeded, &manager,
                         [this](const Account &account, const Token &token, const QByteArray &clientSecret) {
                             succeeded.append({account, token, clientSecret});
                         });
        QObject::connect(&manager, &SignInManager::failed, &manager,
                         [this](const AuthError &error) { failed.append(error); });
    }

    int results() const { return int(succeeded.size() + failed.size()); }
};

} // namespace

class TestSignInManager final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void deviceCodeSignInCompletesTheAccount();
    void clientSecretIsHandedBack();
    void applicationIsNotGivenTheUserDefaults();
    void declinedSignInFails();
    void wrongSecretFails();
    void cancelledSignInSaysNothingMore_data();
    void cancelledSignInSaysNothingMore();
    void startWhileRunningCancelsTheFirst();
    void unsupportedKindFailsFromTheEventLoop();
    void unsupportedKindCancelledSaysNothing();

private:
    Account deviceCodeAccount(const QString &tenant = QString()) const;
    Account applicationAccount(const QString &tenant) const;
    QString tenantId() const { return m_sim->simulator().world().tenantId(); }
    // Signs the test user in with a device code in the simulator's tenant (by id) on `manager`, which
    // may be doing something else meanwhile: the code is approved only after a first poll, so the
    // success comes at least two polling intervals after this is called.
    void signInAfterwards(SignInManager &manager, Events &events);

    std::unique_ptr<SimFixture> m_sim;
    WatchedNetwork m_network;
};

void TestSignInManager::initTestCase()
{
    qRegisterMetaType<lockbox::Token>();
    qRegisterMetaType<lockbox::AuthError>();
    lockbox::sim::SimOptions options = SimFixture::defaultOptions();
    options.clients = {{u"C"_s, u"SECRET"_s}};
    m_sim = std::make_unique<SimFixture>(options);
    QString error;
    QVERIFY2(m_sim->start(&error), qPrintable(error));
}

void TestSignInManager::cleanupTestCase()
{
    m_sim.reset();
}

Account TestSignInManager::deviceCodeAccount(const QString &tenant) const
{
    Account account;
    account.kind = Account::Kind::DeviceCode;
    account.cloud = lockbox::test::simCloud(*m_sim);
    account.tenant = tenant;
    return account;
}

Account TestSignInManager::applicationAccount(const QString &tenant) const
{
    Account account;
    account.kind = Account::Kind::ClientSecret;
    account.cloud = lockbox::test::simCloud(*m_sim);
    account.tenant = tenant;
    account.clientId = u"C"_s;
    return account;
}

void TestSignInManager::signInAfterwards(SignInManager &manager, Events &events)
{
    const qsizetype codesBefore = events.codes.size();
    const int pollsBefore = m_network.tokenPosts(tenantId());
    manager.start(deviceCodeAccount(tenantId()), kRequestTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(events.codes.size(), codesBefore + 1, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_network.tokenPosts(tenantId()) > pollsBefore, kWaitMs);
    QString error;
    QVERIFY2(lockbox::test::approveDeviceCode(*m_sim, events.codes.last().userCode, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(!events.succeeded.isEmpty() || !events.failed.isEmpty(), kWaitMs);
}

void TestSignInManager::deviceCodeSignInCompletesTheAccount()
{
    SignInManager manager(&m_network);
    Events events(manager);
    QVERIFY(!manager.isRunning());
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const int organizationPolls = m_network.tokenPosts(u"organizations"_s);
    manager.start(deviceCodeAccount(), kRequestTimeoutMs);
    QVERIFY(manager.isRunning());

    QTRY_COMPARE_WITH_TIMEOUT(events.codes.size(), 1, kWaitMs);
    const Events::Code code = events.codes.first();
    QVERIFY(!code.userCode.isEmpty());
    QCOMPARE(code.verificationUri, m_sim->url(u"/devicelogin"_s));
    QCOMPARE(code.expiresInSec, 900);
    QVERIFY(code.message.contains(code.userCode));
    QVERIFY(events.succeeded.isEmpty());

    QString error;
    QVERIFY2(lockbox::test::approveDeviceCode(*m_sim, code.userCode, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(events.results(), 1, kWaitMs);
    QVERIFY2(events.failed.isEmpty(), qPrintable(events.failed.value(0).message));
    QVERIFY(!manager.isRunning());
    const QDateTime after = QDateTime::currentDateTimeUtc();

    const Events::Success &success = events.succeeded.first();
    const Account &account = success.account;
    QCOMPARE(account.kind, Account::Kind::DeviceCode);
    QCOMPARE(account.cloud, lockbox::test::simCloud(*m_sim));
    // Nothing asked for: any work account, with the public client.
    QCOMPARE(account.tenant, u"organizations"_s);
    QCOMPARE(account.clientId, Cloud::defaultClientId());
    // ... and that is where the flow went.
    QVERIFY(m_network.tokenPosts(u"organizations"_s) > organizationPolls);
    // Completed from the token.
    QCOMPARE(account.userName, u"avery.approver@contoso.example"_s);
    QCOMPARE(account.displayName, u"Avery Approver <avery.approver@contoso.example>"_s);
    QCOMPARE(account.tenantId, tenantId());
    QVERIFY(account.signedInAt.isValid());
    QCOMPARE(account.signedInAt.timeSpec(), Qt::UTC);
    QVERIFY(account.signedInAt >= before && account.signedInAt <= after);
    // The token itself, and no secret for a user.
    QVERIFY(success.token.isValid());
    QVERIFY(!success.token.refreshToken.isEmpty());
    QCOMPARE(success.token.claims.tenantId, tenantId());
    QCOMPARE(lockbox::test::armStatus(*m_sim, success.token.accessToken), 200);
    QVERIFY(success.clientSecret.isEmpty());
}

void TestSignInManager::clientSecretIsHandedBack()
{
    SignInManager manager(&m_network);
    Events events(manager);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    manager.start(applicationAccount(tenantId()), kRequestTimeoutMs, "SECRET");
    QTRY_COMPARE_WITH_TIMEOUT(events.results(), 1, kWaitMs);
    QVERIFY2(events.failed.isEmpty(), qPrintable(events.failed.value(0).message));
    QVERIFY(!manager.isRunning());
    QVERIFY(events.codes.isEmpty());

    const Events::Success &success = events.succeeded.first();
    QCOMPARE(success.clientSecret, QByteArray("SECRET"));
    QCOMPARE(success.account.kind, Account::Kind::ClientSecret);
    QCOMPARE(success.account.tenant, tenantId());
    QCOMPARE(success.account.clientId, u"C"_s);
    QCOMPARE(success.account.userName, u"C"_s); // an application is its app id
    QCOMPARE(success.account.tenantId, tenantId());
    QVERIFY(success.account.signedInAt >= before);
    QCOMPARE(success.token.claims.appId, u"C"_s);
    QVERIFY(success.token.refreshToken.isEmpty());
}

void TestSignInManager::applicationIsNotGivenTheUserDefaults()
{
    // "organizations" and the public client are a user's defaults: an application without a
    // tenant is refused rather than sent there.
    SignInManager manager(&m_network);
    Events events(manager);
    Account account = applicationAccount(QString());
    const int organizationPolls = m_network.tokenPosts(u"organizations"_s);
    manager.start(account, kRequestTimeoutMs, "SECRET");
    QTRY_COMPARE_WITH_TIMEOUT(events.results(), 1, kWaitMs);
    QCOMPARE(events.succeeded.size(), 0);
    QCOMPARE(events.failed.first().kind, AuthError::Kind::Config);
    QCOMPARE(m_network.tokenPosts(u"organizations"_s), organizationPolls);

    account = applicationAccount(tenantId());
    account.clientId.clear();
    manager.start(account, kRequestTimeoutMs, "SECRET");
    QTRY_COMPARE_WITH_TIMEOUT(events.results(), 2, kWaitMs);
    QCOMPARE(events.succeeded.size(), 0);
    QCOMPARE(events.failed.at(1).kind, AuthError::Kind::Config);
}

void TestSignInManager::declinedSignInFails()
{
    SignInManager manager(&m_network);
    Events events(manager);
    manager.start(deviceCodeAccount(), kRequestTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(events.codes.size(), 1, kWaitMs);
    QVERIFY(lockbox::test::declineDeviceCode(*m_sim, events.codes.first().userCode));
    QTRY_COMPARE_WITH_TIMEOUT(events.results(), 1, kWaitMs);
    QCOMPARE(events.succeeded.size(), 0);
    const AuthError error = events.failed.first();
    QCOMPARE(error.kind, AuthError::Kind::Declined);
    QCOMPARE(error.code, u"authorization_declined"_s);
    QVERIFY(!manager.isRunning());
}

void TestSignInManager::wrongSecretFails()
{
    SignInManager manager(&m_network);
    Events events(manager);
    manager.start(applicationAccount(tenantId()), kRequestTimeoutMs, "not-the-secret");
    QTRY_COMPARE_WITH_TIMEOUT(events.results(), 1, kWaitMs);
    QCOMPARE(events.succeeded.size(), 0);
    QCOMPARE(events.failed.first().kind, AuthError::Kind::InvalidClient);
    QCOMPARE(events.failed.first().httpStatus, 401);
    QVERIFY(!manager.isRunning());
}

void TestSignInManager::cancelledSignInSaysNothingMore_data()
{
    QTest::addColumn<QString>("how");
    // Each would end at its next poll (success or refusal) were it not cancelled.
    QTest::newRow("device code approved") << u"approved"_s;
    QTest::newRow("device code declined") << u"declined"_s;
    // Its answer is on the wire at once.
    QTest::newRow("client secret") << u"secret"_s;
}

void TestSignInManager::cancelledSignInSaysNothingMore()
{
    QFETCH(QString, how);
    SignInManager manager(&m_network);
    Events events(manager);
    // The cancelled sign-in asks another tenant than the one that follows.
    const QString cancelledTenant = how == u"secret"_s ? u"contoso.example"_s : u"organizations"_s;
    if (how == u"secret"_s) {
        manager.start(applicationAccount(cancelledTenant), kRequestTimeoutMs, "SECRET");
    } else {
        manager.start(deviceCodeAccount(), kRequestTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(events.codes.size(), 1, kWaitMs);
        const QString userCode = events.codes.first().userCode;
        QVERIFY(how == u"approved"_s ? lockbox::test::approveDeviceCode(*m_sim, userCode)
                                     : lockbox::test::declineDeviceCode(*m_sim, userCode));
    }
    QVERIFY(manager.isRunning());
    manager.cancel();
    QVERIFY(!manager.isRunning());
    const int cancelledPolls = m_network.tokenPosts(cancelledTenant);

    // Another sign-in on the same manager takes two polling intervals or more: had the cancelled
    // one gone on, it would have polled and ended meanwhile.
    signInAfterwards(manager, events);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(events.failed.size(), 0);
    QCOMPARE(events.succeeded.size(), 1);
    QCOMPARE(events.succeeded.first().account.tenant, tenantId());
    if (how != u"secret"_s)
        QCOMPARE(m_network.tokenPosts(cancelledTenant), cancelledPolls);
    manager.cancel(); // nothing running: harmless
    QCOMPARE(events.results(), 1);
}

void TestSignInManager::startWhileRunningCancelsTheFirst()
{
    SignInManager manager(&m_network);
    Events events(manager);
    manager.start(deviceCodeAccount(), kRequestTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(events.codes.size(), 1, kWaitMs);
    // Approved: its next poll would sign in.
    QVERIFY(lockbox::test::approveDeviceCode(*m_sim, events.codes.first().userCode));
    const int firstPolls = m_network.tokenPosts(u"organizations"_s);

    signInAfterwards(manager, events); // start() again, with the first still running
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(events.codes.size(), 2);
    QVERIFY(events.codes.at(1).userCode != events.codes.at(0).userCode);
    QCOMPARE(events.failed.size(), 0);
    QCOMPARE(events.succeeded.size(), 1);
    // The second: its tenant as given, not replaced by the default.
    QCOMPARE(events.succeeded.first().account.tenant, tenantId());
    QCOMPARE(m_network.tokenPosts(u"organizations"_s), firstPolls);
    QVERIFY(!manager.isRunning());
}

void TestSignInManager::unsupportedKindFailsFromTheEventLoop()
{
    SignInManager manager(&m_network);
    Events events(manager);
    bool insideStart = false;
    QList<bool> failedInsideStart;
    connect(&manager, &SignInManager::failed, this,
            [&insideStart, &failedInsideStart] { failedInsideStart.append(insideStart); });
    Account account;
    account.kind = Account::Kind::TokenEnv;
    account.tokenEnv = u"LOCKBOX_SIGNIN_TEST_TOKEN"_s;
    insideStart = true;
    manager.start(account, kRequestTimeoutMs);
    insideStart = false;
    QCOMPARE(events.failed.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(events.failed.size(), 1, kWaitMs);
    QCOMPARE(failedInsideStart, QList<bool>({false}));
    QCOMPARE(events.failed.first().kind, AuthError::Kind::Config);
    QVERIFY(!events.failed.first().message.isEmpty());
    QCOMPARE(events.succeeded.size(), 0);
}

void TestSignInManager::unsupportedKindCancelledSaysNothing()
{
    SignInManager manager(&m_network);
    Events events(manager);
    Account account;
    account.kind = Account::Kind::TokenEnv;
    manager.start(account, kRequestTimeoutMs);
    manager.cancel();
    manager.start(account, kRequestTimeoutMs); // cancels the one before as well
    manager.start(account, kRequestTimeoutMs);
    // Posted after every failure the starts above could have queued.
    bool drained = false;
    QMetaObject::invokeMethod(
        this, [&drained] { drained = true; }, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(drained, kWaitMs);
    QCOMPARE(events.failed.size(), 1);
    QCOMPARE(events.failed.first().kind, AuthError::Kind::Config);
}

QTEST_GUILESS_MAIN(TestSignInManager)
#include "tst_signinmanager.moc"
