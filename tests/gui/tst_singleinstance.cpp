// One console per profile: a second launch on the same profile finds the first and asks it to
// show itself; another profile is independent.

#include "gui/singleinstance.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace lockbox::gui;

class TestSingleInstance final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondLaunchOnTheSameProfileRaisesTheFirst();
    void otherProfilesAreIndependent();
    void theNextConsoleTakesOverWhenTheFirstEnds();
};

void TestSingleInstance::secondLaunchOnTheSameProfileRaisesTheFirst()
{
    QTemporaryDir profile;
    SingleInstance first(profile.path());
    QVERIFY(first.claim());
    QSignalSpy raised(&first, &SingleInstance::activationRequested);

    SingleInstance second(profile.path() + QStringLiteral("/.")); // the same directory, spelled differently
    QCOMPARE(second.serverName(), first.serverName());
    QVERIFY(!second.claim());
    QVERIFY(raised.wait(5000));
    QCOMPARE(raised.size(), 1);
}

void TestSingleInstance::otherProfilesAreIndependent()
{
    QTemporaryDir a;
    QTemporaryDir b;
    SingleInstance first(a.path());
    SingleInstance other(b.path());
    QVERIFY(first.serverName() != other.serverName());
    QVERIFY(first.claim());
    QVERIFY(other.claim());
}

void TestSingleInstance::theNextConsoleTakesOverWhenTheFirstEnds()
{
    QTemporaryDir profile;
    QString name;
    {
        // The first console ends; the next launch becomes the profile's console.
        SingleInstance ended(profile.path());
        QVERIFY(ended.claim());
        name = ended.serverName();
    }
    SingleInstance next(profile.path());
    QCOMPARE(next.serverName(), name);
    QVERIFY(next.claim());
    SingleInstance third(profile.path());
    QSignalSpy raised(&next, &SingleInstance::activationRequested);
    QVERIFY(!third.claim());
    QVERIFY(raised.wait(5000));
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
