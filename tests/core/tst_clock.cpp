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

namespace {

const QDateTime kStart(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

// Real time that moves only when the test says so.
struct ManualRealTime
{
    qint64 ms = 0;
    ScaledClock::RealTime source()
    {
        return [this] { return ms; };
    }
};

} // namespace

void TestClock::systemClockIsUtc()
{
    lockbox::SystemClock clock;
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const QDateTime now = clock.now();
    const QDateTime after = QDateTime::currentDateTimeUtc();
    QCOMPARE(now.timeSpec(), Qt::UTC);
    QVERIFY2(before <= now && now <= after, qPrintable(now.toString(Qt::ISODateWithMs)));
}

void TestClock::scaledClockStartsWhereTold()
{
    ManualRealTime real;
    ScaledClock clock(kStart, 1.0, real.source());
    QCOMPARE(clock.now(), kStart);
    QCOMPARE(clock.now().timeSpec(), Qt::UTC);
    real.ms = 250;
    QCOMPARE(clock.now(), kStart.addMSecs(250));

    // On a monotonic timer: never before the start, whatever time has passed since.
    ScaledClock running(kStart, 1.0);
    QVERIFY(running.now() >= kStart);
}

void TestClock::scaledClockRunsFaster()
{
    ManualRealTime real;
    ScaledClock clock(kStart, 3600.0, real.source()); // an hour a second
    real.ms = 100;
    QCOMPARE(kStart.msecsTo(clock.now()), 360 * 1000);
    real.ms = 1000;
    QCOMPARE(clock.now(), kStart.addSecs(3600));

    // On a monotonic timer: at least 100 ms pass in qWait(100), so at least 360 simulated seconds.
    ScaledClock running(kStart, 3600.0);
    QTest::qWait(100);
    const qint64 simMs = kStart.msecsTo(running.now());
    QVERIFY2(simMs >= 360 * 1000, qPrintable(QString::number(simMs)));
}

void TestClock::advanceMovesForward()
{
    ManualRealTime real;
    ScaledClock clock(kStart, 1.0, real.source());
    clock.advance(4LL * 24 * 3600 * 1000);
    QCOMPARE(clock.now(), kStart.addDays(4));
    // Moved by hand and by real time, both.
    real.ms = 1500;
    QCOMPARE(clock.now(), kStart.addDays(4).addMSecs(1500));
}

void TestClock::realMsecsUntil()
{
    ManualRealTime real;
    ScaledClock clock(kStart, 1000.0, real.source());
    QCOMPARE(clock.realMsecsUntil(kStart.addSecs(-10)), 0);
    QCOMPARE(clock.realMsecsUntil(kStart), 0);
    QCOMPARE(clock.realMsecsUntil(kStart.addSecs(100)), 100); // 100 s simulated = 100 ms real
    real.ms = 40;
    QCOMPARE(clock.realMsecsUntil(kStart.addSecs(100)), 60);
    // Rounded up: 1 ms simulated still needs a whole real millisecond.
    QCOMPARE(clock.realMsecsUntil(kStart.addSecs(40).addMSecs(1)), 1);
    clock.advance(100 * 1000);
    QCOMPARE(clock.realMsecsUntil(kStart.addSecs(100)), 0);
}

QTEST_GUILESS_MAIN(TestClock)
#include "tst_clock.moc"
