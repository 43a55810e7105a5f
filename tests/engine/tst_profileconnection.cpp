// engine::Profile's connection: one schema for both front ends (the endpoint and the token
// variable in the profile's lockboxctl.ini), and the console's old console.ini keys moved into it
// without losing a value silently.

#include "auth/account.h"
#include "auth/cloud.h"
#include "engine/profile.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::Account;
using lockbox::engine::Profile;

class TestProfileConnection final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void endpointAndTokenVariableAreKeptForTheNextProcess();
    void consoleConnectionMovesIntoTheProfile();
    void aRememberedVariableIsTheProfilesSignIn();
    void theProfilesValueWinsAndTheDroppedOneIsNamed();
    void adoptingTwiceChangesNothing();
    void aVariableOutranByASignInIsNamed();
    void nothingIsDroppedWhenTheProfileCannotBeWritten();
    void armEndpoint_data();
    void armEndpoint();
    void parseEndpoint_data();
    void parseEndpoint();
    void endpointNotice_data();
    void endpointNotice();

private:
    QString consoleIni() const { return m_dir->filePath(u"console.ini"_s); }
    std::unique_ptr<Profile> open() const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestProfileConnection::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

std::unique_ptr<Profile> TestProfileConnection::open() const
{
    auto profile = std::make_unique<Profile>();
    QString error;
    if (!profile->create(m_dir->path(), &error))
        qFatal("cannot create the profile: %s", qPrintable(error));
    return profile;
}

void TestProfileConnection::endpointAndTokenVariableAreKeptForTheNextProcess()
{
    {
        auto profile = open();
        QVERIFY(!profile->endpoint());
        QVERIFY(profile->tokenEnv().isEmpty());
        profile->setEndpoint(QUrl(u"http://127.0.0.1:8443"_s));
        profile->setTokenEnv(u"LOCKBOX_TOKEN"_s);
        profile->accountSettings()->sync();
    }
    const QString file = m_dir->filePath(QString::fromLatin1(Profile::kAccountFile));
    QCOMPARE(QFile::permissions(file) & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());
    {
        auto profile = open();
        QCOMPARE(profile->endpoint().value_or(QUrl()), QUrl(u"http://127.0.0.1:8443"_s));
        QCOMPARE(profile->tokenEnv(), u"LOCKBOX_TOKEN"_s);
        // An empty value removes the key.
        profile->setEndpoint(QUrl());
        profile->setTokenEnv(QString());
        profile->accountSettings()->sync();
    }
    auto profile = open();
    QVERIFY(!profile->endpoint());
    QVERIFY(profile->tokenEnv().isEmpty());
    QSettings raw(file, QSettings::IniFormat);
    QVERIFY(!raw.contains(u"endpoint"_s));
    QVERIFY(!raw.contains(u"tokenEnv"_s));
}

void TestProfileConnection::consoleConnectionMovesIntoTheProfile()
{
    {
        QSettings console(consoleIni(), QSettings::IniFormat);
        console.setValue(u"connection/endpoint"_s, u"http://127.0.0.1:9000"_s);
        console.setValue(u"connection/tokenEnv"_s, u"MY_TOKEN"_s);
        console.setValue(u"sync/pendingPollSec"_s, 30); // the console's own: stays
    }
    {
        auto profile = open();
        QSettings console(consoleIni(), QSettings::IniFormat);
        QCOMPARE(profile->adoptConsoleConnection(console), QStringList());
    }
    // What lockboxctl reads on the same profile.
    auto profile = open();
    QCOMPARE(profile->endpoint().value_or(QUrl()), QUrl(u"http://127.0.0.1:9000"_s));
    QCOMPARE(profile->tokenEnv(), u"MY_TOKEN"_s);
    QSettings console(consoleIni(), QSettings::IniFormat);
    QVERIFY(!console.contains(u"connection/endpoint"_s));
    QVERIFY(!console.contains(u"connection/tokenEnv"_s));
    QCOMPARE(console.value(u"sync/pendingPollSec"_s).toInt(), 30);
}

void TestProfileConnection::aRememberedVariableIsTheProfilesSignIn()
{
    {
        QSettings console(consoleIni(), QSettings::IniFormat);
        console.setValue(u"connection/tokenEnv"_s, u"MY_TOKEN"_s);
    }
    auto profile = open();
    QSettings console(consoleIni(), QSettings::IniFormat);
    profile->adoptConsoleConnection(console);
    // Nobody signed in: both front ends take the variable as the profile's sign-in.
    const std::optional<Account> account = Account::load(*profile->accountSettings());
    QVERIFY(account);
    QCOMPARE(account->kind, Account::Kind::TokenEnv);
    QCOMPARE(account->tokenEnv, u"MY_TOKEN"_s);
}

void TestProfileConnection::theProfilesValueWinsAndTheDroppedOneIsNamed()
{
    {
        auto profile = open();
        profile->setEndpoint(QUrl(u"https://management.usgovcloudapi.net"_s));
        profile->setTokenEnv(u"CTL_TOKEN"_s);
        profile->accountSettings()->sync();
        QSettings console(consoleIni(), QSettings::IniFormat);
        console.setValue(u"connection/endpoint"_s, u"http://127.0.0.1:9000"_s);
        console.setValue(u"connection/tokenEnv"_s, u"CONSOLE_TOKEN"_s);
    }
    auto profile = open();
    QSettings console(consoleIni(), QSettings::IniFormat);
    const QStringList dropped = profile->adoptConsoleConnection(console);
    QCOMPARE(dropped.size(), 2);
    QVERIFY2(dropped.at(0).contains(u"http://127.0.0.1:9000"_s)
                 && dropped.at(0).contains(u"https://management.usgovcloudapi.net"_s),
             qPrintable(dropped.at(0)));
    QVERIFY2(dropped.at(1).contains(u"CONSOLE_TOKEN"_s) && dropped.at(1).contains(u"CTL_TOKEN"_s),
             qPrintable(dropped.at(1)));
    QCOMPARE(profile->endpoint().value_or(QUrl()), QUrl(u"https://management.usgovcloudapi.net"_s));
    QCOMPARE(profile->tokenEnv(), u"CTL_TOKEN"_s);
    QVERIFY(!console.contains(u"connection/endpoint"_s));
}

void TestProfileConnection::adoptingTwiceChangesNothing()
{
    {
        QSettings console(consoleIni(), QSettings::IniFormat);
        console.setValue(u"connection/endpoint"_s, u"http://127.0.0.1:9000"_s);
    }
    auto profile = open();
    QSettings console(consoleIni(), QSettings::IniFormat);
    profile->adoptConsoleConnection(console);
    // The same value on both sides is no conflict either.
    console.setValue(u"connection/endpoint"_s, u"http://127.0.0.1:9000"_s);
    QCOMPARE(profile->adoptConsoleConnection(console), QStringList());
    QCOMPARE(profile->adoptConsoleConnection(console), QStringList());
    QCOMPARE(profile->endpoint().value_or(QUrl()), QUrl(u"http://127.0.0.1:9000"_s));
}

void TestProfileConnection::aVariableOutranByASignInIsNamed()
{
    auto profile = open();
    Account account;
    account.kind = Account::Kind::DeviceCode;
    account.userName = u"avery@contoso.example"_s;
    account.save(*profile->accountSettings());
    QSettings console(consoleIni(), QSettings::IniFormat);
    console.setValue(u"connection/tokenEnv"_s, u"MY_TOKEN"_s);
    const QStringList said = profile->adoptConsoleConnection(console);
    QCOMPARE(said.size(), 1);
    QVERIFY2(said.first().contains(u"avery@contoso.example"_s) && said.first().contains(u"--token-env MY_TOKEN"_s),
             qPrintable(said.first()));
}

void TestProfileConnection::nothingIsDroppedWhenTheProfileCannotBeWritten()
{
    // A folder where the settings file should be: nothing can be written there.
    QVERIFY(QDir(m_dir->path()).mkdir(QString::fromLatin1(Profile::kAccountFile)));
    auto profile = open();
    QSettings console(consoleIni(), QSettings::IniFormat);
    console.setValue(u"connection/endpoint"_s, u"http://127.0.0.1:9000"_s);
    console.sync();
    const QStringList said = profile->adoptConsoleConnection(console);
    QVERIFY2(!said.isEmpty() && said.last().contains(u"Could not write"_s), qPrintable(said.join(u'|')));
    QCOMPARE(console.value(u"connection/endpoint"_s).toString(), u"http://127.0.0.1:9000"_s);
}

void TestProfileConnection::armEndpoint_data()
{
    QTest::addColumn<QString>("given");      // empty: none on this command line
    QTest::addColumn<QString>("remembered"); // empty: none
    QTest::addColumn<int>("account");        // -1: none; else an Account::Kind
    QTest::addColumn<bool>("variableThisRun");
    QTest::addColumn<QString>("expected");

    const QString sim = u"http://127.0.0.1:8443"_s;
    const QString usgov = u"https://management.usgovcloudapi.net"_s;
    const QString publicArm = lockbox::Cloud::defaultArmEndpoint().toString();
    const int user = int(Account::Kind::DeviceCode);
    const int variable = int(Account::Kind::TokenEnv);
    QTest::newRow("given wins") << sim << usgov << user << false << sim;
    // An endpoint remembered from an earlier --endpoint never gets a signed-in account's tokens.
    QTest::newRow("signed in: the account's cloud") << QString() << sim << user << false << usgov;
    QTest::newRow("a variable this run: remembered") << QString() << sim << user << true << sim;
    QTest::newRow("a remembered variable: remembered") << QString() << sim << variable << false << sim;
    QTest::newRow("nobody: remembered") << QString() << sim << -1 << false << sim;
    QTest::newRow("nothing at all: public") << QString() << QString() << -1 << false << publicArm;
}

void TestProfileConnection::armEndpoint()
{
    QFETCH(QString, given);
    QFETCH(QString, remembered);
    QFETCH(int, account);
    QFETCH(bool, variableThisRun);
    QFETCH(QString, expected);
    auto profile = open();
    profile->setEndpoint(QUrl(remembered));
    std::optional<Account> who;
    if (account >= 0) {
        who.emplace();
        who->kind = Account::Kind(account);
        who->cloud = lockbox::Cloud::preset(lockbox::Cloud::Kind::USGov);
        who->tokenEnv = u"MY_TOKEN"_s;
    }
    const std::optional<QUrl> g = given.isEmpty() ? std::nullopt : std::optional<QUrl>(QUrl(given));
    QCOMPARE(profile->armEndpoint(g, who, variableThisRun), QUrl(expected));
}

void TestProfileConnection::parseEndpoint_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::newRow("https") << u"https://management.azure.com"_s << true;
    QTest::newRow("http on loopback") << u"http://127.0.0.1:8443"_s << true;
    QTest::newRow("http on localhost") << u"http://localhost:8443"_s << true;
    QTest::newRow("http on ::1") << u"http://[::1]:8443"_s << true;
    // A token would cross the network in the clear: refused before it is remembered.
    QTest::newRow("http to another machine") << u"http://management.example.com"_s << false;
    QTest::newRow("http to a LAN address") << u"http://10.0.0.8:8443"_s << false;
    QTest::newRow("spaces around") << u" https://management.azure.com "_s << true;
    QTest::newRow("no scheme") << u"management.azure.com"_s << false;
    QTest::newRow("ftp") << u"ftp://example.com"_s << false;
    QTest::newRow("no host") << u"https://"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestProfileConnection::parseEndpoint()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QCOMPARE(Profile::parseEndpoint(text).has_value(), ok);
    // An http:// endpoint refused says why, in the words both front ends print.
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString problem = Profile::plainHttpProblem(u"--endpoint"_s, url);
    const bool plainHttpElsewhere = !ok && url.scheme() == u"http"_s && !url.host().isEmpty();
    QCOMPARE(!problem.isEmpty(), plainHttpElsewhere);
    if (plainHttpElsewhere)
        QVERIFY2(problem.contains(u"plain http is only allowed to this machine"_s), qPrintable(problem));
}

void TestProfileConnection::endpointNotice_data()
{
    QTest::addColumn<QString>("given");      // empty: none on this command line
    QTest::addColumn<QString>("remembered"); // empty: none
    QTest::addColumn<int>("account");        // -1: none; else an Account::Kind, of a custom cloud at `remembered`
    QTest::addColumn<QString>("expected");   // empty: nothing to say

    const QString proxy = u"https://arm.contoso-proxy.example"_s;
    const int user = int(Account::Kind::DeviceCode);
    const int variable = int(Account::Kind::TokenEnv);
    const QString notice =
        u"Talking to https://arm.contoso-proxy.example/, which is not a Microsoft cloud endpoint (%1)"_s;
    QTest::newRow("remembered, nobody signed in")
        << QString() << proxy << -1 << notice.arg(u"remembered from --endpoint"_s);
    QTest::newRow("remembered, a remembered variable")
        << QString() << proxy << variable << notice.arg(u"remembered from --endpoint"_s);
    QTest::newRow("given on this command line") << proxy << QString() << -1 << notice.arg(u"given with --endpoint"_s);
    QTest::newRow("an account signed in there")
        << QString() << proxy << user << notice.arg(u"the signed-in account's cloud"_s);
    QTest::newRow("a look-alike of Azure's")
        << QString() << u"https://management.azure.com.contoso-proxy.example/"_s << -1
        << u"Talking to https://management.azure.com.contoso-proxy.example/, which is not a Microsoft cloud endpoint "
           "(remembered from --endpoint)"_s;
    QTest::newRow("Azure's on another port") << u"https://management.azure.com:8443"_s << QString() << -1
                                             << u"Talking to https://management.azure.com:8443/, which is not a "
                                                "Microsoft cloud endpoint (given with --endpoint)"_s;
    // Nothing to say: Microsoft's clouds, and this machine.
    QTest::newRow("azure") << QString() << u"https://management.azure.com"_s << -1 << QString();
    QTest::newRow("azure us government") << u"https://management.usgovcloudapi.net/"_s << QString() << -1 << QString();
    QTest::newRow("azure china") << QString() << u"https://management.chinacloudapi.cn"_s << variable << QString();
    QTest::newRow("a simulator here") << QString() << u"http://127.0.0.1:8443"_s << -1 << QString();
    QTest::newRow("localhost over https") << u"https://localhost:8443"_s << QString() << -1 << QString();
    QTest::newRow("nothing at all: public") << QString() << QString() << -1 << QString();
    // Signed in to Azure: the remembered proxy is not used, so nothing is said about it.
    QTest::newRow("signed in to a Microsoft cloud")
        << QString() << u"https://management.azure.com"_s << user << QString();
}

void TestProfileConnection::endpointNotice()
{
    QFETCH(QString, given);
    QFETCH(QString, remembered);
    QFETCH(int, account);
    QFETCH(QString, expected);
    auto profile = open();
    profile->setEndpoint(QUrl(remembered));
    std::optional<Account> who;
    if (account >= 0) {
        who.emplace();
        who->kind = Account::Kind(account);
        who->cloud = lockbox::Cloud::custom(QUrl(u"https://login.contoso-proxy.example"_s), QUrl(remembered));
        who->tokenEnv = u"MY_TOKEN"_s;
    }
    const std::optional<QUrl> g = given.isEmpty() ? std::nullopt : std::optional<QUrl>(QUrl(given));
    QCOMPARE(profile->endpointNotice(g, who, false), expected);
}

QTEST_GUILESS_MAIN(TestProfileConnection)
#include "tst_profileconnection.moc"
