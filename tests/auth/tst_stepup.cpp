// Step-up before approving: a fresh browser sign-in of the same user, asked for with max_age and
// checked by auth_time, whose token then replaces the provider's. Signing in as someone else
// does not count, and an application or Azure CLI account cannot step up.

#include "authtestkit.h"

#include "auth/devicecodeflow.h"
#include "auth/refreshingtokenprovider.h"
#include "auth/stepup.h"
#include "sim/simworld.h"

#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using lockbox::Account;
using lockbox::AuthError;
using lockbox::RefreshingTokenProvider;
using lockbox::StepUp;
using lockbox::Token;
using lockbox::test::SimFixture;

namespace {

// A device-code sign-in as `upn`.
std::optional<Token> signInAs(SimFixture &sim, QNetworkAccessManager *manager, const QString &upn)
{
    lockbox::DeviceCodeFlow::Options options;
    options.cloud = lockbox::test::simCloud(sim);
    lockbox::DeviceCodeFlow flow(manager, options);
    QObject::connect(&flow, &lockbox::DeviceCodeFlow::codeReady, &flow, [&sim, upn](const QString &userCode) {
        lockbox::test::HttpClient client;
        client.postJson(sim.url(u"/_sim/devicecode/approve"_s), {{u"user_code"_s, userCode}, {u"upn"_s, upn}});
    });
    QSignalSpy finished(&flow, &lockbox::DeviceCodeFlow::finished);
    flow.start();
    if (!QTest::qWaitFor([&finished] { return !finished.isEmpty(); }, 30000))
        return std::nullopt;
    return finished.first().first().value<Token>();
}

Account accountOf(SimFixture &sim, const Token &token)
{
    Account a;
    a.kind = Account::Kind::DeviceCode;
    a.cloud = lockbox::test::simCloud(sim);
    a.tenant = u"organizations"_s;
    a.clientId = lockbox::Cloud::defaultClientId();
    a.userName = token.claims.userName();
    a.tenantId = token.claims.tenantId;
    return a;
}

RefreshingTokenProvider::Options providerOptions(const Account &a)
{
    RefreshingTokenProvider::Options o;
    o.cloud = a.cloud;
    o.tenant = a.tokenTenant();
    o.clientId = a.clientId;
    o.identity = a.userName;
    return o;
}

} // namespace

class TestStepUp final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void freshSignInOfTheSameUserReplacesTheToken();
    void someoneElseDoesNotCount();
    void onlyUserAccountsCanStepUp();

private:
    QNetworkAccessManager m_network;
    QNetworkAccessManager m_browser;
};

void TestStepUp::initTestCase()
{
    qRegisterMetaType<lockbox::Token>();
    qRegisterMetaType<lockbox::AuthError>();
}

void TestStepUp::freshSignInOfTheSameUserReplacesTheToken()
{
    SimFixture sim;
    QVERIFY(sim.start());
    const auto login = signInAs(sim, &m_network, u"avery.approver@contoso.example"_s);
    QVERIFY(login);
    const Account account = accountOf(sim, *login);
    RefreshingTokenProvider provider(&m_network, providerOptions(account), login->refreshToken);
    provider.setToken(*login);

    StepUp stepUp(&m_network, account, &provider, 120);
    QSignalSpy ready(&stepUp, &StepUp::authorizeUrlReady);
    QSignalSpy passed(&stepUp, &StepUp::passed);
    QSignalSpy failed(&stepUp, &StepUp::failed);
    stepUp.start();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 5000);
    const QUrlQuery query(ready.first().first().toUrl());
    QCOMPARE(query.queryItemValue(u"max_age"_s), u"120"_s);
    QCOMPARE(query.queryItemValue(u"login_hint"_s, QUrl::FullyDecoded), u"avery.approver@contoso.example"_s);
    QCOMPARE(lockbox::test::browse(&m_browser, ready.first().first().toUrl()).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(passed.size() + failed.size(), 1, 15000);
    QVERIFY2(failed.isEmpty(),
             qPrintable(failed.isEmpty() ? QString() : failed.first().first().value<AuthError>().message));
    // The provider now hands out the step-up's token, without a renewal.
    QObject context;
    QByteArray token;
    provider.token(false, &context, [&token](const QByteArray &t, const QString &) { token = t; });
    QTRY_VERIFY_WITH_TIMEOUT(!token.isEmpty(), 5000);
    QVERIFY(token != login->accessToken);
    QCOMPARE(provider.renewals(), 0);
    QVERIFY(lockbox::StepUp::kDefaultMaxAgeSec > 0);
    QVERIFY(provider.claims().authTime >= login->claims.authTime);
}

void TestStepUp::someoneElseDoesNotCount()
{
    SimFixture sim;
    QVERIFY(sim.start());
    // The provider holds Riley's sign-in; the step-up (hinted at Avery) signs Avery in.
    const auto riley = signInAs(sim, &m_network, u"riley.reader@contoso.example"_s);
    QVERIFY(riley);
    Account account = accountOf(sim, *riley);
    account.userName = u"avery.approver@contoso.example"_s;
    RefreshingTokenProvider provider(&m_network, providerOptions(account), riley->refreshToken);
    provider.setToken(*riley);
    StepUp stepUp(&m_network, account, &provider);
    QSignalSpy ready(&stepUp, &StepUp::authorizeUrlReady);
    QSignalSpy passed(&stepUp, &StepUp::passed);
    QSignalSpy failed(&stepUp, &StepUp::failed);
    stepUp.start();
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 5000);
    QCOMPARE(lockbox::test::browse(&m_browser, ready.first().first().toUrl()).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
    QCOMPARE(passed.size(), 0);
    QVERIFY(failed.first().first().value<AuthError>().message.contains(u"not as"_s));
    QCOMPARE(provider.claims().oid, riley->claims.oid); // untouched
}

void TestStepUp::onlyUserAccountsCanStepUp()
{
    Account app;
    app.kind = Account::Kind::ClientSecret;
    StepUp stepUp(&m_network, app, nullptr);
    QSignalSpy ready(&stepUp, &StepUp::authorizeUrlReady);
    QSignalSpy failed(&stepUp, &StepUp::failed);
    stepUp.start();
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
    QCOMPARE(failed.first().first().value<AuthError>().kind, AuthError::Kind::Config);
    QCOMPARE(ready.size(), 0);
    const auto options = StepUp::flowOptions(app, 60);
    QCOMPARE(options.maxAgeSec.value_or(-1), 60);
}

QTEST_GUILESS_MAIN(TestStepUp)
#include "tst_stepup.moc"
