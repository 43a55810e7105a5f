// AuthSession, a profile's sign-in: remembered in the settings (never a token) with what renews
// it in the keychain; a new session — a restart — restores a working TokenProvider from the
// keychain, and a rotated refresh token is written back; logout removes secrets and account; a
// revoked grant loses its stale secret. Without a keychain the account is kept but cannot sign in
// by itself, except an application whose secret is in LOCKBOX_CLIENT_SECRET. And the canary: the
// tokens and secrets of a whole session — sign-in, renewals, a sync and a decision — never appear
// in a log line, the settings file or the database.

#include "authtestkit.h"

#include "auth/authsession.h"
#include "auth/refreshingtokenprovider.h"
#include "azure/armclient.h"
#include "core/requestquery.h"
#include "sim/simworld.h"
#include "store/database.h"
#include "store/decisionoutbox.h"
#include "store/requeststore.h"
#include "store/syncstate.h"
#include "sync/decisionservice.h"
#include "sync/syncengine.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using lockbox::Account;
using lockbox::AuthError;
using lockbox::AuthSession;
using lockbox::SecretStore;
using lockbox::Token;
using lockbox::TokenProvider;
using lockbox::test::SimFixture;

namespace {

using Status = SecretStore::Result::Status;

QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;

void captureMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_log.append(QString::fromLatin1(context.category ? context.category : "") + u": "_s + message);
    if (type >= QtWarningMsg && g_previousHandler)
        g_previousHandler(type, context, message);
}

struct Answer
{
    QByteArray token;
    QString error;
    bool arrived = false;
};

Answer ask(TokenProvider &provider, bool force = false)
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

struct Restored
{
    std::unique_ptr<TokenProvider> provider;
    AuthError error;
};

Restored restore(AuthSession &session)
{
    std::optional<Restored> result;
    QObject context;
    session.restore(&context, [&result](std::unique_ptr<TokenProvider> provider, const AuthError &error) {
        result = Restored {std::move(provider), error};
    });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 30000))
        return Restored {nullptr, AuthError::make(AuthError::Kind::Timeout, u"restore gave no answer"_s)};
    return std::move(*result);
}

SecretStore::Result remember(AuthSession &session, const Account &account, const Token &token,
                             const QByteArray &secret = QByteArray())
{
    std::optional<SecretStore::Result> result;
    QObject context;
    session.remember(account, token, secret, &context, [&result](const SecretStore::Result &r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 30000))
        return SecretStore::Result {Status::Failed, {}, u"remember gave no answer"_s};
    return *result;
}

SecretStore::Result readSecret(const QString &profileDir, const QString &name)
{
    SecretStore store(SecretStore::profileKey(profileDir));
    std::optional<SecretStore::Result> result;
    QObject context;
    store.read(name, &context, [&result](const SecretStore::Result &r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 30000))
        return SecretStore::Result {Status::Failed, {}, u"no answer"_s};
    return *result;
}

// The account a device-code sign-in of the test user leaves.
Account userAccount(SimFixture &sim, const Token &token)
{
    Account a;
    a.kind = Account::Kind::DeviceCode;
    a.cloud = lockbox::test::simCloud(sim);
    a.tenant = u"organizations"_s;
    a.clientId = lockbox::Cloud::defaultClientId();
    a.userName = token.claims.userName();
    a.displayName = token.claims.displayName();
    a.tenantId = token.claims.tenantId;
    a.signedInAt = QDateTime::currentDateTimeUtc();
    return a;
}

lockbox::sim::SimOptions simOptions()
{
    lockbox::sim::SimOptions o = SimFixture::defaultOptions();
    o.clients = {{u"C"_s, u"SECRET-canary-0f3b"_s}};
    return o;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestAuthSession final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void accountRoundTripsThroughSettings();
    void notSignedInWithoutAccount();
    void rememberAndRestoreAcrossRestarts();
    void logoutRemovesSecretsAndAccount();
    void revokedGrantLosesItsStaleSecret();
    void withoutKeychainTheAccountCannotSignInByItself();
    void tokensNeverReachLogsSettingsOrDatabase();

private:
    bool keychain() const { return m_status.ok(); }
    SecretStore::Result m_status;
    QNetworkAccessManager m_network;
};

void TestAuthSession::initTestCase()
{
    qRegisterMetaType<lockbox::Token>();
    qRegisterMetaType<lockbox::AuthError>();
    m_status = lockbox::test::keychainStatus();
}

void TestAuthSession::accountRoundTripsThroughSettings()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    Account a;
    a.kind = Account::Kind::ClientSecret;
    a.cloud = lockbox::Cloud::resolve(lockbox::Cloud::Kind::USGov, QUrl(u"http://127.0.0.1:9/"_s), std::nullopt);
    a.tenant = u"contoso.example"_s;
    a.clientId = u"C"_s;
    a.userName = u"C"_s;
    a.tenantId = u"tid"_s;
    a.signedInAt = QDateTime(QDate(2026, 11, 2), QTime(9, 30), Qt::UTC);
    a.save(settings);
    const auto b = Account::load(settings);
    QVERIFY(b);
    QCOMPARE(b->kind, a.kind);
    QCOMPARE(b->cloud, a.cloud);
    QCOMPARE(b->cloud.armScope(), u"https://management.usgovcloudapi.net/.default"_s);
    QCOMPARE(b->tenant, a.tenant);
    QCOMPARE(b->clientId, a.clientId);
    QCOMPARE(b->userName, a.userName);
    QCOMPARE(b->tenantId, a.tenantId);
    QCOMPARE(b->signedInAt, a.signedInAt);
    QCOMPARE(b->tokenTenant(), u"tid"_s);
    Account::remove(settings);
    QVERIFY(!Account::load(settings));
    // A profile from before sign-in, with only a token variable's name.
    settings.setValue(u"tokenEnv"_s, u"LOCKBOX_TOKEN"_s);
    const auto legacy = Account::load(settings);
    QVERIFY(legacy);
    QCOMPARE(legacy->kind, Account::Kind::TokenEnv);
    QCOMPARE(legacy->tokenEnv, u"LOCKBOX_TOKEN"_s);
    for (const auto kind : {Account::Kind::DeviceCode, Account::Kind::Browser, Account::Kind::AzureCli,
                            Account::Kind::ClientSecret, Account::Kind::TokenEnv})
        QCOMPARE(Account::kindFromName(Account::kindName(kind)), kind);
}

void TestAuthSession::notSignedInWithoutAccount()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    AuthSession session(&settings, dir.path(), &m_network);
    const Restored r = restore(session);
    QVERIFY(!r.provider);
    QCOMPARE(r.error.kind, AuthError::Kind::NotSignedIn);
}

void TestAuthSession::rememberAndRestoreAcrossRestarts()
{
    LOCKBOX_REQUIRE_KEYCHAIN(m_status);
    SimFixture sim(simOptions());
    QVERIFY(sim.start());
    const auto login = lockbox::test::signInWithDeviceCode(sim, &m_network);
    QVERIFY(login);
    QTemporaryDir profile;
    const QString settingsPath = profile.filePath(u"lockboxctl.ini"_s);
    {
        QSettings settings(settingsPath, QSettings::IniFormat);
        AuthSession session(&settings, profile.path(), &m_network);
        const auto kept = remember(session, userAccount(sim, *login), *login);
        QVERIFY2(kept.ok(), qPrintable(kept.message));
    }
    // A restart: new settings object, new session, nothing in memory.
    QSettings settings(settingsPath, QSettings::IniFormat);
    AuthSession session(&settings, profile.path(), &m_network);
    const auto account = session.account();
    QVERIFY(account);
    QCOMPARE(account->kind, Account::Kind::DeviceCode);
    QCOMPARE(account->userName, u"avery.approver@contoso.example"_s);
    Restored r = restore(session);
    QVERIFY2(r.provider, qPrintable(r.error.message));
    QCOMPARE(r.provider->identity(), u"avery.approver@contoso.example"_s);
    const Answer a = ask(*r.provider);
    QVERIFY2(!a.token.isEmpty(), qPrintable(a.error));
    QCOMPARE(lockbox::test::armStatus(sim, a.token), 200);

    // The renewal rotated the refresh token; the new one is what the keychain holds now.
    QTRY_COMPARE_WITH_TIMEOUT(session.secrets()->pending(), 0, 30000);
    const auto stored = readSecret(profile.path(), u"refresh-token"_s);
    QVERIFY2(stored.ok(), qPrintable(stored.message));
    QVERIFY(stored.value != login->refreshToken);
    QVERIFY(!stored.value.isEmpty());
}

void TestAuthSession::logoutRemovesSecretsAndAccount()
{
    LOCKBOX_REQUIRE_KEYCHAIN(m_status);
    SimFixture sim(simOptions());
    QVERIFY(sim.start());
    const auto login = lockbox::test::signInWithDeviceCode(sim, &m_network);
    QVERIFY(login);
    QTemporaryDir profile;
    QSettings settings(profile.filePath(u"lockboxctl.ini"_s), QSettings::IniFormat);
    AuthSession session(&settings, profile.path(), &m_network);
    QVERIFY(remember(session, userAccount(sim, *login), *login).ok());

    std::optional<std::pair<QStringList, QStringList>> result;
    QObject context;
    session.forget(&context, [&result](const QStringList &removed, const QStringList &problems) {
        result = std::make_pair(removed, problems);
    });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 30000);
    QCOMPARE(result->second, QStringList());
    QCOMPARE(result->first,
             (QStringList {u"the refresh token (keychain)"_s,
                           u"the account avery.approver@contoso.example (device code)"_s}));
    QVERIFY(!session.account());
    QVERIFY(!settings.contains(u"account/kind"_s));
    QCOMPARE(readSecret(profile.path(), u"refresh-token"_s).status, Status::NotFound);
    QCOMPARE(restore(session).error.kind, AuthError::Kind::NotSignedIn);
}

void TestAuthSession::revokedGrantLosesItsStaleSecret()
{
    LOCKBOX_REQUIRE_KEYCHAIN(m_status);
    SimFixture sim(simOptions());
    QVERIFY(sim.start());
    const auto login = lockbox::test::signInWithDeviceCode(sim, &m_network);
    QVERIFY(login);
    QTemporaryDir profile;
    QSettings settings(profile.filePath(u"lockboxctl.ini"_s), QSettings::IniFormat);
    AuthSession session(&settings, profile.path(), &m_network);
    QVERIFY(remember(session, userAccount(sim, *login), *login).ok());
    Restored r = restore(session);
    QVERIFY(r.provider);

    lockbox::test::HttpClient control;
    QCOMPARE(control.postJson(sim.url(u"/_sim/tokens/revoke"_s), {}).status, 200);
    const Answer a = ask(*r.provider);
    QVERIFY(a.token.isEmpty());
    QVERIFY2(a.error.startsWith(u"signed out: sign in again"_s), qPrintable(a.error));
    QTRY_COMPARE_WITH_TIMEOUT(session.secrets()->pending(), 0, 30000);
    QCOMPARE(readSecret(profile.path(), u"refresh-token"_s).status, Status::NotFound);
    const Restored again = restore(session);
    QVERIFY(!again.provider);
    QCOMPARE(again.error.kind, AuthError::Kind::NotSignedIn);
    QVERIFY(again.error.message.contains(u"no longer in the keychain"_s));
}

void TestAuthSession::withoutKeychainTheAccountCannotSignInByItself()
{
    if (!lockbox::test::isChildWithoutKeychain()) {
        QTemporaryDir home;
        QByteArray output;
        const int code =
            lockbox::test::runWithoutKeychain(QString::fromLatin1(QTest::currentTestFunction()), home.path(), &output);
        QVERIFY2(code == 0, output.constData());
        QVERIFY2(output.contains("PASS   : TestAuthSession::withoutKeychainTheAccountCannotSignInByItself()"),
                 output.constData());
        QCOMPARE(lockbox::test::filesUnder(home.path()), QStringList());
        return;
    }
    SimFixture sim(simOptions());
    QVERIFY(sim.start());
    const auto login = lockbox::test::signInWithDeviceCode(sim, &m_network);
    QVERIFY(login);
    QTemporaryDir profile;
    const QString settingsPath = profile.filePath(u"lockboxctl.ini"_s);
    QSettings settings(settingsPath, QSettings::IniFormat);
    AuthSession session(&settings, profile.path(), &m_network);

    const auto kept = remember(session, userAccount(sim, *login), *login);
    QCOMPARE(kept.status, Status::NoKeychain);
    QVERIFY(kept.message.startsWith(u"No system keychain: you will have to sign in each time"_s));
    // The account is remembered (who, where), the refresh token nowhere.
    QVERIFY(session.account());
    settings.sync();
    QVERIFY(!fileBytes(settingsPath).contains(login->refreshToken));
    QCOMPARE(lockbox::test::filesUnder(profile.path()), QStringList {u"lockboxctl.ini"_s});
    const Restored r = restore(session);
    QVERIFY(!r.provider);
    QCOMPARE(r.error.kind, AuthError::Kind::NoKeychain);
    QVERIFY(r.error.message.contains(u"No system keychain: you will have to sign in each time"_s));

    // An application signs in again by itself when its secret is in the environment.
    Account app;
    app.kind = Account::Kind::ClientSecret;
    app.cloud = lockbox::test::simCloud(sim);
    app.tenant = u"contoso.example"_s;
    app.clientId = u"C"_s;
    app.userName = u"C"_s;
    QCOMPARE(remember(session, app, Token(), "SECRET-canary-0f3b").status, Status::NoKeychain);
    QCOMPARE(restore(session).error.kind, AuthError::Kind::NoKeychain);
    qputenv("LOCKBOX_CLIENT_SECRET", "SECRET-canary-0f3b");
    Restored fromEnvironment = restore(session);
    qunsetenv("LOCKBOX_CLIENT_SECRET");
    QVERIFY2(fromEnvironment.provider, qPrintable(fromEnvironment.error.message));
    const Answer a = ask(*fromEnvironment.provider);
    QVERIFY2(!a.token.isEmpty(), qPrintable(a.error));
    QCOMPARE(fromEnvironment.provider->identity(), u"C"_s);
}

void TestAuthSession::tokensNeverReachLogsSettingsOrDatabase()
{
    g_log.clear();
    g_previousHandler = qInstallMessageHandler(captureMessages);
    QLoggingCategory::setFilterRules(u"*.debug=true\nqt.*.debug=false"_s);
    const auto restoreLogging = qScopeGuard([] {
        qInstallMessageHandler(g_previousHandler);
        QLoggingCategory::setFilterRules(QString());
    });

    SimFixture sim(simOptions());
    QVERIFY(sim.start());
    QTemporaryDir profile;
    const QString settingsPath = profile.filePath(u"lockboxctl.ini"_s);
    QSettings settings(settingsPath, QSettings::IniFormat);
    AuthSession session(&settings, profile.path(), &m_network);
    QList<QByteArray> secrets = {"SECRET-canary-0f3b"};

    // Sign-in, remembered.
    const auto login = lockbox::test::signInWithDeviceCode(sim, &m_network);
    QVERIFY(login);
    secrets << login->accessToken << login->refreshToken;
    remember(session, userAccount(sim, *login), *login);
    std::unique_ptr<TokenProvider> provider;
    if (keychain()) {
        Restored r = restore(session);
        QVERIFY2(r.provider, qPrintable(r.error.message));
        provider = std::move(r.provider);
    } else {
        provider = session.createProvider(*session.account(), login->refreshToken);
    }

    // A whole engine on the profile's database with it: sync everything, decide one request.
    lockbox::SystemClock clock;
    lockbox::store::Database db;
    QString error;
    QVERIFY2(db.open(profile.path(), &error), qPrintable(error));
    lockbox::store::RequestStore requests(db, clock);
    lockbox::store::SyncState state(db);
    lockbox::store::DecisionOutbox outbox(db, clock);
    lockbox::ArmClient::Options options;
    options.endpoint = sim.baseUrl();
    options.timeoutMs = 10000;
    lockbox::ArmClient client(&m_network, provider.get(), options);
    lockbox::SyncEngine engine(&client, &requests, &state, clock, lockbox::SyncEngine::Options());
    QSignalSpy synced(&engine, &lockbox::SyncEngine::finished);
    QVERIFY(engine.sync(sim.subscriptionIds(), lockbox::SyncEngine::Mode::Full, false));
    QTRY_COMPARE_WITH_TIMEOUT(synced.size(), 1, 60000);
    for (const auto &result : synced.first().first().value<QList<lockbox::SyncEngine::Result>>())
        QVERIFY2(!result.error.isError(), qPrintable(result.error.toDisplayString()));
    lockbox::RequestQuery pending;
    pending.quick = lockbox::QuickFilter::Pending;
    const auto open = requests.requests(pending);
    QVERIFY(!open.isEmpty());
    lockbox::DecisionService decisions(&client, &outbox, &requests, provider.get(), clock, {});
    QSignalSpy decided(&decisions, &lockbox::DecisionService::finished);
    decisions.decide(open.first().requestId, lockbox::Verdict::Approve, u"canary test"_s);
    QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, 30000);

    // Renewals, forced and not; and an application's secret through the session.
    secrets << ask(*provider).token << ask(*provider, true).token;
    Account app;
    app.kind = Account::Kind::ClientSecret;
    app.cloud = lockbox::test::simCloud(sim);
    app.tenant = u"contoso.example"_s;
    app.clientId = u"C"_s;
    auto application = session.createProvider(app, "SECRET-canary-0f3b");
    secrets << ask(*application).token;
    QTRY_COMPARE_WITH_TIMEOUT(session.secrets()->pending(), 0, 30000);
    if (keychain()) {
        const auto rotated = readSecret(profile.path(), u"refresh-token"_s);
        QVERIFY(rotated.ok());
        secrets << rotated.value;
    }
    settings.sync();
    db.close();

    // Something was logged, by the auth layer among others: the check has teeth.
    const QString log = g_log.join(u'\n');
    QVERIFY(log.contains(u"lockbox.auth"_s));
    QVERIFY(log.contains(u"lockbox.azure"_s));
    QVERIFY(QFile::exists(settingsPath));
    const QStringList files = lockbox::test::filesUnder(profile.path());
    QVERIFY(files.contains(u"lockboxctl.ini"_s));
    QVERIFY(std::any_of(files.cbegin(), files.cend(), [](const QString &f) { return f.endsWith(u".sqlite"_s); }));
    QByteArray everyFile;
    for (const QString &file : files)
        everyFile += fileBytes(profile.filePath(file));
    QVERIFY(everyFile.contains("canary test")); // the decision is in the database

    for (const QByteArray &secret : std::as_const(secrets)) {
        QVERIFY(secret.size() >= 16);
        const QString text = QString::fromLatin1(secret);
        QVERIFY2(!log.contains(text), "a token or secret reached a log line");
        QVERIFY2(!fileBytes(settingsPath).contains(secret), "a token or secret reached the settings file");
        QVERIFY2(!everyFile.contains(secret), "a token or secret reached a file of the profile");
    }
}

QTEST_GUILESS_MAIN(TestAuthSession)
#include "tst_authsession.moc"
