// engine::Profile's connection: one schema for both front ends (the endpoint and the token
// variable in the profile's lockboxctl.ini), and the console's old console.ini keys moved into it
// without losing a value silently.

#include "auth/account.h"
#include "engine/profile.h"

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

QTEST_GUILESS_MAIN(TestProfileConnection)
#include "tst_profileconnection.moc"
