// lockboxctl's sign-in commands against a lockbox-sim child (--client C:SECRET, 200
// subscriptions), as the "Done when" says: `login --client-secret` with the secret in
// LOCKBOX_CLIENT_SECRET, then `sync` and `subscriptions --format json` work with nothing but the
// profile (the secret comes back from the keychain); `logout` then `sync` is exit 2; `whoami`;
// `tenant enable|disable --yes` (exit 3 for an application, which is no Global Administrator);
// device-code sign-in driven by approving the code through the simulator's control API; browser
// and Azure CLI sign-in; usage errors; and what happens without a keychain.

#include "authtestkit.h"
#include "clitestkit.h"

#include "auth/secretstore.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::test::Ctl;
using lockbox::test::CtlResult;
using lockbox::test::HttpResult;
using lockbox::test::SimProcess;

namespace {

const QStringList kSimArguments = {
    u"--seed"_s,   u"5"_s,        u"--subscriptions"_s,        u"200"_s, u"--requests"_s,   u"2"_s,
    u"--client"_s, u"C:SECRET"_s, u"--device-code-interval"_s, u"1"_s,   u"--start-time"_s, u"2026-11-02T09:30:00Z"_s,
};

const QString kNoBus = u"unix:path=/nonexistent/lockbox-test-bus"_s;

// Waits for a running lockboxctl while the test's event loop keeps turning.
CtlResult waitFor(QProcess *p, int timeoutMs = 60000)
{
    CtlResult r;
    // waitForFinished() is false for a process that already ended (while the test's event loop
    // ran): only a process still running can time out.
    if (p->state() != QProcess::NotRunning && !p->waitForFinished(timeoutMs)) {
        r.timedOut = true;
        p->kill();
        p->waitForFinished(5000);
    }
    r.out = p->readAllStandardOutput();
    r.err = p->readAllStandardError();
    r.code = p->exitStatus() == QProcess::NormalExit && !r.timedOut ? p->exitCode() : -1;
    return r;
}

// Reads standard error until `pattern` matches; its first capture.
QString awaitOnStderr(QProcess *p, const QRegularExpression &pattern, QByteArray *seen, int timeoutMs = 30000)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs && p->state() != QProcess::NotRunning) {
        p->waitForReadyRead(100);
        *seen += p->readAllStandardError();
        const auto m = pattern.match(QString::fromUtf8(*seen));
        if (m.hasMatch())
            return m.captured(1);
    }
    *seen += p->readAllStandardError();
    const auto m = pattern.match(QString::fromUtf8(*seen));
    return m.hasMatch() ? m.captured(1) : QString();
}

} // namespace

class TestAccountCommands final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void clientSecretLoginThenSyncAndSubscriptions();
    void withoutKeychainTheSecretComesFromTheEnvironment();
    void wrongSecretIsNotSignedIn();
    void deviceCodeLoginAndTenantSwitch();
    void deviceCodeDeclined();
    void tenantSwitchAsksInATerminal();
    void revokedRefreshTokenIsExit2();
    void unreachableSignInServiceIsExit5();
    void browserLogin();
    void azureCliLoginAndSovereignCloud();
    void childrenInheritNoSecret();
    void usageErrors_data();
    void usageErrors();
    void whoamiAndLogoutWhenNotSignedIn();

private:
    // A Ctl on a fresh profile, no token variable, no client secret.
    std::unique_ptr<Ctl> freshCtl();
    QStringList login(const QStringList &arguments) const;
    CtlResult deviceCodeLogin(Ctl &ctl, bool approve);

    SimProcess m_sim;
    QTemporaryDir m_dir;
    QString m_tenantId;
    lockbox::SecretStore::Result m_keychain;
    int m_profiles = 0;
};

void TestAccountCommands::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(m_sim.start(kSimArguments, &error), qPrintable(error));
    m_tenantId = m_sim.control("GET", u"/_sim/info"_s).object().value(u"tenantId").toString();
    QVERIFY(!m_tenantId.isEmpty());
    m_keychain = lockbox::test::keychainStatus();
}

void TestAccountCommands::cleanupTestCase()
{
    m_sim.stop();
}

std::unique_ptr<Ctl> TestAccountCommands::freshCtl()
{
    auto ctl = std::make_unique<Ctl>(m_sim.url(), m_dir.filePath(u"profile-%1"_s.arg(++m_profiles)), QByteArray());
    ctl->setEnvironmentVariable(u"LOCKBOX_CLIENT_SECRET"_s, QString());
    return ctl;
}

QStringList TestAccountCommands::login(const QStringList &arguments) const
{
    return QStringList {u"--authority"_s, m_sim.url().toString(), u"--endpoint"_s, m_sim.url().toString()}
    + QStringList {u"login"_s} + arguments;
}

CtlResult TestAccountCommands::deviceCodeLogin(Ctl &ctl, bool approve)
{
    std::unique_ptr<QProcess> p(ctl.startRaw(QStringList {u"--profile"_s, ctl.profileDir()} + login({})));
    QByteArray err;
    static const QRegularExpression codeLine(u"enter the code\\s+([A-Z0-9-]{6,})\\s"_s);
    const QString userCode = awaitOnStderr(p.get(), codeLine, &err);
    if (userCode.isEmpty()) {
        CtlResult r = waitFor(p.get(), 5000);
        r.err = err + r.err;
        return r;
    }
    const HttpResult r = m_sim.control("POST", approve ? u"/_sim/devicecode/approve"_s : u"/_sim/devicecode/decline"_s,
                                       {{u"user_code"_s, userCode}});
    if (r.status != 200)
        qWarning() << "device code control:" << r.status << r.body;
    CtlResult result = waitFor(p.get());
    result.err = err + result.err;
    return result;
}

void TestAccountCommands::clientSecretLoginThenSyncAndSubscriptions()
{
    LOCKBOX_REQUIRE_KEYCHAIN(m_keychain);
    const auto ctl = freshCtl();
    const QStringList profile = {u"--profile"_s, ctl->profileDir()};

    // Signed in with the secret in the environment...
    ctl->setEnvironmentVariable(u"LOCKBOX_CLIENT_SECRET"_s, u"SECRET"_s);
    const CtlResult in =
        ctl->runRaw(profile + login({u"--client-secret"_s, u"--tenant"_s, m_tenantId, u"--client-id"_s, u"C"_s}));
    QVERIFY2(in.code == 0, qPrintable(in.describe()));
    QVERIFY2(in.out.contains("Signed in as:"), in.out.constData());
    QVERIFY(!in.err.contains("warning"));
    // ...and from now on without it: the keychain has it, the profile does not.
    ctl->setEnvironmentVariable(u"LOCKBOX_CLIENT_SECRET"_s, QString());
    QFile ini(QDir(ctl->profileDir()).filePath(u"lockboxctl.ini"_s));
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QByteArray settings = ini.readAll();
    QVERIFY(settings.contains("kind=client-secret"));
    QVERIFY(!settings.contains("SECRET"));

    const CtlResult sync = ctl->runRaw(profile + QStringList {u"--format"_s, u"json"_s, u"sync"_s}, 180000);
    QVERIFY2(sync.code == 0, qPrintable(sync.describe()));
    const QJsonArray results = sync.json().array();
    QCOMPARE(results.size(), 200);
    for (const QJsonValue &v : results)
        QVERIFY2(!v.toObject().contains(u"error"_s), qPrintable(v.toObject().value(u"error").toString()));

    const CtlResult subs = ctl->runRaw(profile + QStringList {u"subscriptions"_s, u"--format"_s, u"json"_s});
    QVERIFY2(subs.code == 0, qPrintable(subs.describe()));
    const QJsonArray list = subs.json().array();
    QCOMPARE(list.size(), 200);
    QSet<QString> ids;
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        const QStringList keys = o.keys();
        QCOMPARE(QSet<QString>(keys.cbegin(), keys.cend()),
                 QSet<QString>({u"subscriptionId"_s, u"displayName"_s, u"state"_s, u"tenantId"_s}));
        QCOMPARE(o.value(u"tenantId").toString(), m_tenantId);
        QCOMPARE(o.value(u"state").toString(), u"Enabled"_s);
        ids.insert(o.value(u"subscriptionId").toString());
    }
    const QStringList expected = m_sim.subscriptionIds();
    QCOMPARE(ids, QSet<QString>(expected.cbegin(), expected.cend()));

    const CtlResult who = ctl->runRaw(profile + QStringList {u"whoami"_s, u"--format"_s, u"json"_s});
    QVERIFY2(who.code == 0, qPrintable(who.describe()));
    const QJsonObject me = who.json().object();
    QCOMPARE(me.value(u"method").toString(), u"client-secret"_s);
    QCOMPARE(me.value(u"user").toString(), u"C"_s);
    QCOMPARE(me.value(u"tenantId").toString(), m_tenantId);
    QCOMPARE(me.value(u"cloud").toString(), u"custom"_s);
    QCOMPARE(me.value(u"authority").toString(), m_sim.url().toString());
    QVERIFY(QDateTime::fromString(me.value(u"tokenExpires").toString(), Qt::ISODate) > QDateTime::currentDateTimeUtc());

    // An application is no Global Administrator.
    const CtlResult enable = ctl->runRaw(profile + QStringList {u"tenant"_s, u"enable"_s, u"--yes"_s});
    QCOMPARE(enable.code, 3);
    QVERIFY2(enable.err.contains("only a Global Administrator"), enable.err.constData());

    const CtlResult out = ctl->runRaw(profile + QStringList {u"logout"_s});
    QVERIFY2(out.code == 0, qPrintable(out.describe()));
    QVERIFY(out.out.contains("Removed the client secret (keychain)."));
    QVERIFY(out.out.contains("Removed the account C"));
    const CtlResult after = ctl->runRaw(profile + QStringList {u"sync"_s});
    QCOMPARE(after.code, 2);
    QVERIFY2(after.err.contains("not signed in"), after.err.constData());
    QCOMPARE(ctl->runRaw(profile + QStringList {u"whoami"_s}).code, 2);
}

void TestAccountCommands::withoutKeychainTheSecretComesFromTheEnvironment()
{
    const auto ctl = freshCtl();
    ctl->setEnvironmentVariable(u"DBUS_SESSION_BUS_ADDRESS"_s, kNoBus);
    const QStringList profile = {u"--profile"_s, ctl->profileDir()};
    ctl->setEnvironmentVariable(u"LOCKBOX_CLIENT_SECRET"_s, u"SECRET"_s);
    const CtlResult in = ctl->runRaw(
        profile + login({u"--client-secret"_s, u"--tenant"_s, u"contoso.example"_s, u"--client-id"_s, u"C"_s}));
    QVERIFY2(in.code == 0, qPrintable(in.describe()));
    QVERIFY2(in.err.contains("No system keychain: you will have to sign in each time"), in.err.constData());
    // Automation keeps the secret in its environment: that works...
    const CtlResult subs = ctl->runRaw(profile + QStringList {u"subscriptions"_s, u"--format"_s, u"json"_s});
    QVERIFY2(subs.code == 0, qPrintable(subs.describe()));
    QCOMPARE(subs.json().array().size(), 200);
    // ...and without it, a clear exit 2.
    ctl->setEnvironmentVariable(u"LOCKBOX_CLIENT_SECRET"_s, QString());
    const CtlResult none = ctl->runRaw(profile + QStringList {u"subscriptions"_s});
    QCOMPARE(none.code, 2);
    QVERIFY2(none.err.contains("No system keychain") && none.err.contains("LOCKBOX_CLIENT_SECRET"),
             none.err.constData());
    // Nothing landed in the profile but the settings and whatever the database needs.
    QFile ini(QDir(ctl->profileDir()).filePath(u"lockboxctl.ini"_s));
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY(!ini.readAll().contains("SECRET"));
}

void TestAccountCommands::wrongSecretIsNotSignedIn()
{
    const auto ctl = freshCtl();
    ctl->setEnvironmentVariable(u"LOCKBOX_CLIENT_SECRET"_s, u"WRONG"_s);
    const QStringList profile = {u"--profile"_s, ctl->profileDir()};
    const CtlResult r =
        ctl->runRaw(profile + login({u"--client-secret"_s, u"--tenant"_s, m_tenantId, u"--client-id"_s, u"C"_s}));
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.startsWith("lockboxctl: not signed in:"), r.err.constData());
    QVERIFY2(r.err.contains("AADSTS7000215"), r.err.constData());
    QVERIFY(!r.err.contains("WRONG"));
    QCOMPARE(ctl->runRaw(profile + QStringList {u"whoami"_s}).code, 2);
}

void TestAccountCommands::deviceCodeLoginAndTenantSwitch()
{
    LOCKBOX_REQUIRE_KEYCHAIN(m_keychain);
    const auto ctl = freshCtl();
    const QStringList profile = {u"--profile"_s, ctl->profileDir()};
    const CtlResult in = deviceCodeLogin(*ctl, true);
    QVERIFY2(in.code == 0, qPrintable(in.describe()));
    QVERIFY2(in.err.contains("/devicelogin"), in.err.constData());
    QVERIFY2(in.out.contains("Avery Approver <avery.approver@contoso.example>"), in.out.constData());

    const CtlResult who = ctl->runRaw(profile + QStringList {u"whoami"_s});
    QVERIFY2(who.code == 0, qPrintable(who.describe()));
    QVERIFY(who.out.contains("device code"));
    QVERIFY(who.out.contains("Token expires:"));

    // Avery is a Global Administrator: the switch works, with --yes where nobody can be asked.
    const CtlResult refused = ctl->runRaw(profile + QStringList {u"tenant"_s, u"disable"_s});
    QCOMPARE(refused.code, 1);
    QVERIFY(refused.err.contains("--yes"));
    const CtlResult off = ctl->runRaw(profile + QStringList {u"tenant"_s, u"disable"_s, u"--yes"_s});
    QVERIFY2(off.code == 0, qPrintable(off.describe()));
    QVERIFY(off.out.contains("now DISABLED"));
    const CtlResult status = ctl->runRaw(profile + QStringList {u"tenant"_s, u"status"_s, u"--format"_s, u"json"_s});
    QVERIFY2(status.code == 0, qPrintable(status.describe()));
    QCOMPARE(status.json().object().value(u"lockboxEnabled").toBool(true), false);
    QCOMPARE(status.json().object().value(u"tenantId").toString(), m_tenantId);
    const CtlResult on = ctl->runRaw(profile + QStringList {u"tenant"_s, u"enable"_s, u"--yes"_s});
    QVERIFY2(on.code == 0, qPrintable(on.describe()));
    QCOMPARE(ctl->runRaw(profile + QStringList {u"tenant"_s, u"status"_s, u"--format"_s, u"json"_s})
                 .json()
                 .object()
                 .value(u"lockboxEnabled")
                 .toBool(false),
             true);
    QCOMPARE(ctl->runRaw(profile + QStringList {u"logout"_s}).code, 0);
}

void TestAccountCommands::deviceCodeDeclined()
{
    const auto ctl = freshCtl();
    const CtlResult r = deviceCodeLogin(*ctl, false);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("The sign-in was declined."), r.err.constData());
    QCOMPARE(ctl->runRaw({u"--profile"_s, ctl->profileDir(), u"whoami"_s}).code, 2);
}

void TestAccountCommands::tenantSwitchAsksInATerminal()
{
    // script(1) gives lockboxctl a terminal for standard input, as a person at a shell has.
    const QString script = QStandardPaths::findExecutable(u"script"_s);
    LOCKBOX_REQUIRE(!script.isEmpty(), "script(1) (util-linux) is needed to run lockboxctl on a pseudo-terminal");
    const auto ctl = freshCtl();
    ctl->setToken(SimProcess::kToken); // the static token may switch the tenant
    const auto inTerminal = [&](const QByteArray &typed) {
        QStringList words = ctl->globalArguments() + QStringList {u"tenant"_s, u"disable"_s};
        words.prepend(lockbox::test::lockboxctlExecutable());
        for (QString &w : words)
            w = u'\'' + w + u'\'';
        QProcess p;
        p.setProcessEnvironment(ctl->environment());
        p.start(script, {u"-qec"_s, words.join(u' '), u"/dev/null"_s});
        p.waitForStarted(10000);
        p.write(typed + '\n');
        p.closeWriteChannel();
        return waitFor(&p);
    };
    const CtlResult wrong = inTerminal("not-the-tenant");
    QCOMPARE(wrong.code, 1);
    QVERIFY2(wrong.out.contains("Type the tenant id to confirm"), wrong.out.constData());
    QVERIFY(wrong.out.contains("not confirmed; nothing was changed"));
    QCOMPARE(ctl->run({u"tenant"_s, u"status"_s, u"--format"_s, u"json"_s}).json().object().value(u"lockboxEnabled"),
             QJsonValue(true));

    const CtlResult confirmed = inTerminal(m_tenantId.toUtf8());
    QVERIFY2(confirmed.code == 0, qPrintable(confirmed.describe() + QString::fromUtf8(confirmed.out)));
    QVERIFY(confirmed.out.contains("now DISABLED"));
    QCOMPARE(ctl->run({u"tenant"_s, u"status"_s, u"--format"_s, u"json"_s}).json().object().value(u"lockboxEnabled"),
             QJsonValue(false));
    QCOMPARE(ctl->run({u"tenant"_s, u"enable"_s, u"--yes"_s}).code, 0);
}

void TestAccountCommands::revokedRefreshTokenIsExit2()
{
    LOCKBOX_REQUIRE_KEYCHAIN(m_keychain);
    const auto ctl = freshCtl();
    const QStringList profile = {u"--profile"_s, ctl->profileDir()};
    QVERIFY(deviceCodeLogin(*ctl, true).code == 0);
    QCOMPARE(m_sim.control("POST", u"/_sim/tokens/revoke"_s, {}).status, 200);
    const CtlResult r = ctl->runRaw(profile + QStringList {u"subscriptions"_s});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("signed out: sign in again"), r.err.constData());
    // The stale secret is gone: the next run says so without asking the server.
    const CtlResult again = ctl->runRaw(profile + QStringList {u"subscriptions"_s});
    QCOMPARE(again.code, 2);
    QVERIFY2(again.err.contains("no longer in the keychain"), again.err.constData());
}

void TestAccountCommands::unreachableSignInServiceIsExit5()
{
    LOCKBOX_REQUIRE_KEYCHAIN(m_keychain);
    const auto ctl = freshCtl();
    const QStringList profile = {u"--profile"_s, ctl->profileDir()};
    QVERIFY(deviceCodeLogin(*ctl, true).code == 0);
    // The sign-in service is down (nothing listens where the account renews its tokens): a
    // network failure to retry later, not "sign in again", and the sign-in is kept.
    {
        QSettings settings(QDir(ctl->profileDir()).filePath(u"lockboxctl.ini"_s), QSettings::IniFormat);
        QVERIFY(settings.contains(u"account/authority"_s));
        settings.setValue(u"account/authority"_s, u"http://127.0.0.1:9"_s);
    }
    const CtlResult r = ctl->runRaw(profile + QStringList {u"subscriptions"_s, u"--timeout"_s, u"5"_s});
    QVERIFY2(r.code == 5, qPrintable(r.describe()));
    QVERIFY2(r.err.contains("cannot reach the sign-in service"), r.err.constData());
    QVERIFY2(!r.err.contains("sign in again"), r.err.constData());
    // Back up: the same sign-in works again.
    {
        QSettings settings(QDir(ctl->profileDir()).filePath(u"lockboxctl.ini"_s), QSettings::IniFormat);
        settings.setValue(u"account/authority"_s, m_sim.url().toString());
    }
    const CtlResult ok = ctl->runRaw(profile + QStringList {u"subscriptions"_s});
    QVERIFY2(ok.code == 0, qPrintable(ok.describe()));
}

void TestAccountCommands::browserLogin()
{
    LOCKBOX_REQUIRE_KEYCHAIN(m_keychain);
    const auto ctl = freshCtl();
    ctl->setEnvironmentVariable(u"DISPLAY"_s, QString());
    ctl->setEnvironmentVariable(u"WAYLAND_DISPLAY"_s, QString());
    std::unique_ptr<QProcess> p(
        ctl->startRaw(QStringList {u"--profile"_s, ctl->profileDir()} + login({u"--browser"_s, u"--no-browser"_s})));
    QByteArray err;
    static const QRegularExpression urlLine(u"\\n    (http\\S+/oauth2/v2\\.0/authorize\\?\\S+)\\n"_s);
    const QString url = awaitOnStderr(p.get(), urlLine, &err);
    QVERIFY2(!url.isEmpty(), err.constData());
    // The "browser": follows the simulator's redirect to lockboxctl's loopback listener.
    QNetworkAccessManager browser;
    QNetworkRequest request {QUrl(url)};
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = browser.get(request);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30000);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(reply->readAll().contains("You can close this window"));
    reply->deleteLater();
    const CtlResult r = waitFor(p.get());
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const CtlResult who = ctl->runRaw({u"--profile"_s, ctl->profileDir(), u"whoami"_s, u"--format"_s, u"json"_s});
    QVERIFY2(who.code == 0, qPrintable(who.describe()));
    QCOMPARE(who.json().object().value(u"method").toString(), u"browser"_s);
    QCOMPARE(who.json().object().value(u"user").toString(), u"avery.approver@contoso.example"_s);
}

void TestAccountCommands::azureCliLoginAndSovereignCloud()
{
    // A fake az that hands out the simulator's static token and records how it was asked.
    const QString bin = m_dir.filePath(u"fake-az"_s);
    QVERIFY(QDir().mkpath(bin));
    QFile az(bin + u"/az"_s);
    QVERIFY(az.open(QIODevice::WriteOnly));
    az.write(
        "#!/bin/sh\nPATH=/usr/bin:/bin\necho \"$*\" >> \"$FAKE_AZ_LOG\"\n"
        "echo '{\"accessToken\": \"T\", \"expires_on\": 4102444800, \"tenant\": \"t\", \"tokenType\": \"Bearer\"}'\n");
    az.close();
    QVERIFY(az.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const QString log = m_dir.filePath(u"fake-az.log"_s);

    const auto ctl = freshCtl();
    ctl->setEnvironmentVariable(u"PATH"_s, bin + u':' + qEnvironmentVariable("PATH"));
    ctl->setEnvironmentVariable(u"FAKE_AZ_LOG"_s, log);
    const QStringList profile = {u"--profile"_s, ctl->profileDir()};
    const CtlResult in = ctl->runRaw(profile + login({u"--az-cli"_s}));
    QVERIFY2(in.code == 0, qPrintable(in.describe()));
    // Each later run asks az for its token; no keychain needed.
    const CtlResult subs = ctl->runRaw(profile + QStringList {u"subscriptions"_s, u"--format"_s, u"json"_s});
    QVERIFY2(subs.code == 0, qPrintable(subs.describe()));
    QCOMPARE(subs.json().array().size(), 200);

    // --cloud usgov: Azure US Government's authority, ARM and resource.
    const auto gov = freshCtl();
    gov->setEnvironmentVariable(u"PATH"_s, bin + u':' + qEnvironmentVariable("PATH"));
    gov->setEnvironmentVariable(u"FAKE_AZ_LOG"_s, log);
    QFile::remove(log);
    const QStringList govProfile = {u"--profile"_s, gov->profileDir()};
    const CtlResult govIn = gov->runRaw(govProfile + QStringList {u"login"_s, u"--az-cli"_s, u"--cloud"_s, u"usgov"_s});
    QVERIFY2(govIn.code == 0, qPrintable(govIn.describe()));
    QFile recorded(log);
    QVERIFY(recorded.open(QIODevice::ReadOnly));
    QCOMPARE(recorded.readAll().trimmed(),
             QByteArray("account get-access-token --resource https://management.usgovcloudapi.net/ -o json"));
    const QJsonObject who =
        gov->runRaw(govProfile + QStringList {u"whoami"_s, u"--format"_s, u"json"_s}).json().object();
    QCOMPARE(who.value(u"cloud").toString(), u"usgov"_s);
    QCOMPARE(who.value(u"authority").toString(), u"https://login.microsoftonline.us"_s);
    QCOMPARE(who.value(u"endpoint").toString(), u"https://management.usgovcloudapi.net"_s);
    QCOMPARE(who.value(u"method").toString(), u"az-cli"_s);

    // No az at all.
    const auto none = freshCtl();
    const QTemporaryDir empty;
    none->setEnvironmentVariable(u"PATH"_s, empty.path());
    const CtlResult missing = none->runRaw({u"--profile"_s, none->profileDir(), u"login"_s, u"--az-cli"_s});
    QCOMPARE(missing.code, 2);
    QVERIFY2(missing.err.contains("Azure CLI not found: install it or choose another sign-in"),
             missing.err.constData());
}

void TestAccountCommands::childrenInheritNoSecret()
{
    // A fake az that writes down the environment it was given: lockboxctl's children (az here;
    // xdg-open and the browser alike) see neither the application secret nor the token variable.
    const QString bin = m_dir.filePath(u"env-az"_s);
    QVERIFY(QDir().mkpath(bin));
    QFile az(bin + u"/az"_s);
    QVERIFY(az.open(QIODevice::WriteOnly));
    az.write("#!/bin/sh\nPATH=/usr/bin:/bin\nenv > \"$FAKE_AZ_ENV\"\n"
             "echo '{\"accessToken\": \"T\", \"expires_on\": 4102444800, \"tenant\": \"t\", \"tokenType\": "
             "\"Bearer\"}'\n");
    az.close();
    QVERIFY(az.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    const QString envFile = m_dir.filePath(u"env-az.txt"_s);

    const auto ctl = freshCtl();
    ctl->setEnvironmentVariable(u"PATH"_s, bin + u':' + qEnvironmentVariable("PATH"));
    ctl->setEnvironmentVariable(u"FAKE_AZ_ENV"_s, envFile);
    ctl->setEnvironmentVariable(u"LOCKBOX_CLIENT_SECRET"_s, u"canary-client-secret"_s);
    ctl->setEnvironmentVariable(u"LOCKBOX_TEST_TOKEN"_s, u"canary-bearer-token"_s);
    const CtlResult in = ctl->runRaw(
        {u"--profile"_s, ctl->profileDir(), u"--token-env"_s, u"LOCKBOX_TEST_TOKEN"_s, u"login"_s, u"--az-cli"_s});
    QVERIFY2(in.code == 0, qPrintable(in.describe()));
    QFile seen(envFile);
    QVERIFY2(seen.open(QIODevice::ReadOnly), "az did not run");
    const QByteArray env = seen.readAll();
    QVERIFY2(env.contains("FAKE_AZ_ENV="), env.constData());
    QVERIFY2(!env.contains("canary"), env.constData());
    QVERIFY(!env.contains("LOCKBOX_CLIENT_SECRET=") && !env.contains("LOCKBOX_TEST_TOKEN="));
}

void TestAccountCommands::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("message");
    QTest::newRow("two methods") << QStringList {u"login"_s, u"--device-code"_s, u"--browser"_s} << QString()
                                 << u"choose one way"_s;
    QTest::newRow("secret not in the environment")
        << QStringList {u"login"_s, u"--client-secret"_s, u"--tenant"_s, u"t"_s, u"--client-id"_s, u"C"_s} << QString()
        << u"LOCKBOX_CLIENT_SECRET"_s;
    QTest::newRow("client secret without tenant")
        << QStringList {u"login"_s, u"--client-secret"_s, u"--client-id"_s, u"C"_s} << u"SECRET"_s << u"--tenant"_s;
    QTest::newRow("secret as an argument is no option")
        << QStringList {u"login"_s, u"--client-secret"_s, u"--secret"_s, u"SECRET"_s} << QString() << u"--secret"_s;
    QTest::newRow("unknown cloud") << QStringList {u"login"_s, u"--cloud"_s, u"mars"_s} << QString() << u"mars"_s;
    QTest::newRow("authority not a URL") << QStringList {u"--authority"_s, u"ftp://x"_s, u"login"_s} << QString()
                                         << u"--authority"_s;
    QTest::newRow("authority in clear text")
        << QStringList {u"--authority"_s, u"http://login.example.com"_s, u"login"_s} << QString() << u"HTTPS"_s;
    QTest::newRow("tenant without sub-command") << QStringList {u"tenant"_s} << QString() << u"status|enable|disable"_s;
}

void TestAccountCommands::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, secret);
    QFETCH(QString, message);
    const auto ctl = freshCtl();
    ctl->setEnvironmentVariable(u"LOCKBOX_CLIENT_SECRET"_s, secret);
    const CtlResult r = ctl->runRaw(QStringList {u"--profile"_s, ctl->profileDir()} + arguments);
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.startsWith("lockboxctl: "), qPrintable(r.describe()));
    QVERIFY2(QString::fromUtf8(r.err).contains(message), qPrintable(r.describe()));
}

void TestAccountCommands::whoamiAndLogoutWhenNotSignedIn()
{
    const auto ctl = freshCtl();
    const QStringList profile = {u"--profile"_s, ctl->profileDir()};
    const CtlResult who = ctl->runRaw(profile + QStringList {u"whoami"_s});
    QCOMPARE(who.code, 2);
    QVERIFY(who.err.contains("lockboxctl login"));
    const CtlResult out = ctl->runRaw(profile + QStringList {u"logout"_s});
    QCOMPARE(out.code, 0);
    QVERIFY(out.out.contains("Not signed in; nothing to remove."));
    // A token variable counts as a sign-in for whoami.
    ctl->setEnvironmentVariable(u"LOCKBOX_TOKEN"_s, u"T"_s);
    const CtlResult tokenEnv = ctl->runRaw(profile + QStringList {u"--token-env"_s, u"LOCKBOX_TOKEN"_s, u"whoami"_s});
    QVERIFY2(tokenEnv.code == 0, qPrintable(tokenEnv.describe()));
    QVERIFY(tokenEnv.out.contains("token from $LOCKBOX_TOKEN"));
}

QTEST_GUILESS_MAIN(TestAccountCommands)
#include "tst_accountcommands.moc"
