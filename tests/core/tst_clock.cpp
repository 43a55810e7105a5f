#include "core/clock.h"

#include <QTest>

using lockbox::ScaledClock;

class TestClock final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void systemClockIsUtc();
    void scaledClockStartsWhereTold();
    void scaledClockRunsFaster();
    void advanceMovesForward();
    void realMsecsUntil();
};

void TestClock::systemClockIsUtc()
{
    lockbox::SystemClock clock;
    QCOMPARE(clock.now().timeSpec(), Qt::UTC);
    QVERIFY(qAbs(clock.now().msecsTo(QDateTime::currentDateTimeUtc())) < 1000);
}

void TestClock::scaledClockStartsWhereTold()
{
    const QDateTime start(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
    ScaledClock clock(start, 1.0);
    QVERIFY(start.msecsTo(clock.now()) < 1000);
    QVERIFY(start.msecsTo(clock.now()) >= 0);
}

void TestClock::scaledClockRunsFaster()
{
    const QDateTime start(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
    ScaledClock clock(start, 3600.0); // an hour a second
    QTest::qWait(100);
    const qint64 simMs = start.msecsTo(clock.now());
    QVERIFY2(simMs >= 300 * 1000, qPrintable(QString::number(simMs)));
}

void TestClock::advanceMovesForward()
{
    const QDateTime start(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
    ScaledClock clock(start, 1.0);
    clock.advance(4LL * 24 * 3600 * 1000);
    QVERIFY(clock.now() >= start.addDays(4));
    QVERIFY(clock.now() < start.addDays(4).addSecs(5));
}

void TestClock::realMsecsUntil()
{
    const QDateTime start(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
    ScaledClock clock(start, 1000.0);
    QCOMPARE(clock.realMsecsUntil(start.addSecs(-10)), 0);
    const qint64 real = clock.realMsecsUntil(start.addSecs(100)); // 100 s simulated = 100 ms real
    QVERIFY2(real > 50 && real <= 100, qPrintable(QString::number(real)));
}

QTEST_GUILESS_MAIN(TestClock)
#include "tst_clock.moc"
