// AzureCliTokenProvider with a fake `az` first on PATH (a shell script that answers as the real
// one does): a token and its expiry are read from its JSON, it is asked again only when the token
// runs low or after a 401, concurrent callers share one run, the event loop keeps running while
// az works, and a missing az, an az that is not signed in or one that fails give clear messages.

#include "auth/azureclitokenprovider.h"
#include "auth/clientcredentialsflow.h"
#include "auth/cloud.h"
#include "auth/secretenvironment.h"
#include "auth/tokenprovider.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using lockbox::AzureCliTokenProvider;

namespace {

const char kFakeAz[] = R"(#!/bin/sh
PATH=/usr/bin:/bin
echo "$*" >> "$FAKE_AZ_LOG"
if [ -n "$FAKE_AZ_ENV" ]; then env > "$FAKE_AZ_ENV"; fi
case "$FAKE_AZ_MODE" in
ok)
    if [ -n "$FAKE_AZ_SLEEP" ]; then sleep "$FAKE_AZ_SLEEP"; fi
    cat "$FAKE_AZ_OUTPUT"
    ;;
notloggedin)
    echo "ERROR: Please run 'az login' to setup account." >&2
    exit 1
    ;;
broken)
    echo "WARNING: something" >&2
    echo "ERROR: (AADSTS50076) Due to a configuration change made by your administrator, you must use multi-factor authentication." >&2
    exit 1
    ;;
garbage)
    echo "this is not json"
    ;;
esac
)";

QByteArray b64(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

struct Answer
{
    QByteArray token;
    QString error;
    bool arrived = false;
};

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

class TestAzureCliTokenProvider final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void tokenFromAzAndCached();
    void concurrentCallersShareOneRunAndTheLoopKeepsRunning();
    void resourceAndTenantArePassed();
    void olderAzWithLocalExpiresOn();
    void azMissing();
    void azNotSignedIn();
    void azFails();
    void garbageOutput();
    // Last: takeSecretsFromTheEnvironment() changes the process environment for good.
    void azDoesNotInheritTheClientSecret();
    void takenSecretsReachNoChild();

private:
    // What a run of the fake az saw in its environment.
    QByteArray azEnvironment();
    void setMode(const QByteArray &mode) { qputenv("FAKE_AZ_MODE", mode); }
    QStringList runs() const;
    void writeOutput(const QJsonObject &o);

    QTemporaryDir m_dir;
    QByteArray m_path;
    QByteArray m_token;
};

void TestAzureCliTokenProvider::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString bin = m_dir.filePath(u"bin"_s);
    QVERIFY(QDir().mkpath(bin));
    QFile az(bin + u"/az"_s);
    QVERIFY(az.open(QIODevice::WriteOnly));
    az.write(kFakeAz);
    az.close();
    QVERIFY(az.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    m_path = qgetenv("PATH");
    qputenv("PATH", QFile::encodeName(bin) + ':' + m_path);
    qputenv("FAKE_AZ_LOG", QFile::encodeName(m_dir.filePath(u"az.log"_s)));
    qputenv("FAKE_AZ_OUTPUT", QFile::encodeName(m_dir.filePath(u"az.json"_s)));
    m_token = b64(R"({"alg":"RS256"})") + '.'
        + b64(R"({"upn":"avery@contoso.example","name":"Avery","tid":"tenant-1","oid":"o"})") + '.' + b64("sig");
}

void TestAzureCliTokenProvider::init()
{
    QFile::remove(m_dir.filePath(u"az.log"_s));
    qunsetenv("FAKE_AZ_SLEEP");
    setMode("ok");
    writeOutput({{u"accessToken"_s, QString::fromLatin1(m_token)},
                 {u"expiresOn"_s, u"2099-01-01 00:00:00.000000"_s},
                 {u"expires_on"_s, QDateTime::currentSecsSinceEpoch() + 3600},
                 {u"subscription"_s, u"s"_s},
                 {u"tenant"_s, u"tenant-1"_s},
                 {u"tokenType"_s, u"Bearer"_s}});
}

void TestAzureCliTokenProvider::cleanupTestCase()
{
    qputenv("PATH", m_path);
}

QStringList TestAzureCliTokenProvider::runs() const
{
    QFile log(m_dir.filePath(u"az.log"_s));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(log.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

void TestAzureCliTokenProvider::writeOutput(const QJsonObject &o)
{
    QFile out(m_dir.filePath(u"az.json"_s));
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(QJsonDocument(o).toJson());
}

void TestAzureCliTokenProvider::tokenFromAzAndCached()
{
    AzureCliTokenProvider provider({});
    const Answer a = ask(provider);
    QVERIFY2(!a.token.isEmpty(), qPrintable(a.error));
    QCOMPARE(a.token, m_token);
    QCOMPARE(provider.identity(), u"avery@contoso.example"_s);
    QCOMPARE(provider.claims().tenantId, u"tenant-1"_s);
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(provider.expiresAt()) - 3600) < 60);
    QCOMPARE(runs().size(), 1);
    // Fresh: no second run.
    QCOMPARE(ask(provider).token, m_token);
    QCOMPARE(runs().size(), 1);
    // After a 401: az is asked again.
    QCOMPARE(ask(provider, true).token, m_token);
    QCOMPARE(runs().size(), 2);
}

void TestAzureCliTokenProvider::concurrentCallersShareOneRunAndTheLoopKeepsRunning()
{
    qputenv("FAKE_AZ_SLEEP", "1");
    AzureCliTokenProvider provider({});
    QObject context;
    QList<QByteArray> tokens;
    bool loopRan = false;
    QTimer::singleShot(200, &context, [&] { loopRan = tokens.isEmpty(); });
    for (int i = 0; i < 5; ++i)
        provider.token(false, &context, [&tokens](const QByteArray &token, const QString &) { tokens.append(token); });
    QTRY_COMPARE_WITH_TIMEOUT(tokens.size(), 5, 20000);
    QVERIFY(loopRan); // the caller's thread was never blocked on az
    for (const QByteArray &t : std::as_const(tokens))
        QCOMPARE(t, m_token);
    QCOMPARE(runs().size(), 1);
}

void TestAzureCliTokenProvider::resourceAndTenantArePassed()
{
    AzureCliTokenProvider::Options options;
    options.resource = lockbox::Cloud::preset(lockbox::Cloud::Kind::USGov).armResource();
    options.tenant = u"contoso.onmicrosoft.us"_s;
    AzureCliTokenProvider provider(options);
    QVERIFY(!ask(provider).token.isEmpty());
    QCOMPARE(runs(),
             QStringList {u"account get-access-token --resource https://management.usgovcloudapi.net/ -o "
                          "json --tenant contoso.onmicrosoft.us"_s});
    // "organizations" is no tenant to pass.
    options.tenant = u"organizations"_s;
    AzureCliTokenProvider any(options);
    QVERIFY(!ask(any).token.isEmpty());
    QCOMPARE(runs().last(), u"account get-access-token --resource https://management.usgovcloudapi.net/ -o json"_s);
}

void TestAzureCliTokenProvider::olderAzWithLocalExpiresOn()
{
    const QDateTime inAnHour = QDateTime::currentDateTime().addSecs(3600);
    writeOutput({{u"accessToken"_s, QString::fromLatin1(m_token)},
                 {u"expiresOn"_s, inAnHour.toString(u"yyyy-MM-dd HH:mm:ss.zzz000"_s)},
                 {u"tenant"_s, u"tenant-1"_s}});
    AzureCliTokenProvider provider({});
    QVERIFY(!ask(provider).token.isEmpty());
    QVERIFY(qAbs(provider.expiresAt().secsTo(inAnHour.toUTC())) <= 1);
}

void TestAzureCliTokenProvider::azMissing()
{
    const QTemporaryDir empty;
    qputenv("PATH", QFile::encodeName(empty.path()));
    AzureCliTokenProvider provider({});
    const Answer a = ask(provider);
    qputenv("PATH", QFile::encodeName(m_dir.filePath(u"bin"_s)) + ':' + m_path);
    QVERIFY(a.token.isEmpty());
    QCOMPARE(a.error, u"Azure CLI not found: install it or choose another sign-in"_s);
    QCOMPARE(a.error, AzureCliTokenProvider::notFoundMessage());
}

void TestAzureCliTokenProvider::azNotSignedIn()
{
    setMode("notloggedin");
    AzureCliTokenProvider provider({});
    const Answer a = ask(provider);
    QVERIFY(a.token.isEmpty());
    QVERIFY2(a.error.contains(u"not signed in"_s) && a.error.contains(u"az login"_s), qPrintable(a.error));
}

void TestAzureCliTokenProvider::azFails()
{
    setMode("broken");
    AzureCliTokenProvider provider({});
    const Answer a = ask(provider);
    QVERIFY(a.token.isEmpty());
    QVERIFY2(a.error.startsWith(u"Azure CLI failed: ERROR: (AADSTS50076)"_s), qPrintable(a.error));
}

void TestAzureCliTokenProvider::garbageOutput()
{
    setMode("garbage");
    AzureCliTokenProvider provider({});
    const Answer a = ask(provider);
    QVERIFY(a.token.isEmpty());
    QVERIFY2(a.error.contains(u"no usable token"_s), qPrintable(a.error));
}

QByteArray TestAzureCliTokenProvider::azEnvironment()
{
    const QString file = m_dir.filePath(u"az.env"_s);
    QFile::remove(file);
    qputenv("FAKE_AZ_ENV", QFile::encodeName(file));
    AzureCliTokenProvider provider({});
    const Answer a = ask(provider);
    qunsetenv("FAKE_AZ_ENV");
    if (a.token != m_token)
        qWarning("az gave no token: %s", qPrintable(a.error));
    QFile env(file);
    if (!env.open(QIODevice::ReadOnly))
        return {};
    return env.readAll();
}

void TestAzureCliTokenProvider::azDoesNotInheritTheClientSecret()
{
    // Even where nothing took it from the environment first, az is not given the secret.
    qputenv("LOCKBOX_CLIENT_SECRET", "canary-client-secret-1");
    const QByteArray env = azEnvironment();
    QVERIFY2(env.contains("FAKE_AZ_LOG="), env.constData()); // az ran, and its environment was read
    QVERIFY2(!env.contains("canary-client-secret-1"), env.constData());
    QVERIFY(!env.contains("LOCKBOX_CLIENT_SECRET"));
    QCOMPARE(qgetenv("LOCKBOX_CLIENT_SECRET"), QByteArray("canary-client-secret-1")); // ours still
}

void TestAzureCliTokenProvider::takenSecretsReachNoChild()
{
    // What both front ends do at start: the secret and the token variable leave the environment
    // (so that xdg-open and the browser QDesktopServices starts cannot inherit them either) and
    // stay readable to their own readers.
    qputenv("LOCKBOX_CLIENT_SECRET", "canary-client-secret-2");
    qputenv("LOCKBOX_TEST_TOKEN", "canary-bearer-token");
    lockbox::SecretEnvironment::take({u"LOCKBOX_TEST_TOKEN"_s});
    QVERIFY(!qEnvironmentVariableIsSet("LOCKBOX_CLIENT_SECRET"));
    QVERIFY(!qEnvironmentVariableIsSet("LOCKBOX_TEST_TOKEN"));
    QCOMPARE(lockbox::ClientCredentialsFlow::secretFromEnvironment(), QByteArray("canary-client-secret-2"));
    const lockbox::EnvironmentTokenProvider tokens(u"LOCKBOX_TEST_TOKEN"_s);
    QVERIFY(tokens.hasToken());
    QVERIFY(lockbox::SecretEnvironment::secretNames().contains(u"LOCKBOX_TEST_TOKEN"_s));

    // A child started as QDesktopServices starts xdg-open: it inherits this process's environment.
    QProcess child;
    child.start(u"/usr/bin/env"_s, {});
    QVERIFY(child.waitForFinished(20000));
    const QByteArray inherited = child.readAllStandardOutput();
    QVERIFY2(inherited.contains("PATH="), inherited.constData());
    QVERIFY2(!inherited.contains("canary"), inherited.constData());

    // And az.
    const QByteArray env = azEnvironment();
    QVERIFY2(env.contains("FAKE_AZ_LOG="), env.constData());
    QVERIFY2(!env.contains("canary"), env.constData());

    // Set again later (a test, a script that exports it once more): read afresh, still kept from az.
    qputenv("LOCKBOX_TEST_TOKEN", "canary-bearer-token-2");
    QCOMPARE(lockbox::SecretEnvironment::value(u"LOCKBOX_TEST_TOKEN"_s), QByteArray("canary-bearer-token-2"));
    QVERIFY(!azEnvironment().contains("canary"));
    qunsetenv("LOCKBOX_TEST_TOKEN");
}

QTEST_GUILESS_MAIN(TestAzureCliTokenProvider)
#include "tst_azureclitokenprovider.moc"
