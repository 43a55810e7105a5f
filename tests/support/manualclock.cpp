#include "manualclock.h"

namespace lockbox::test {

QDateTime ManualClock::defaultStart()
{
    return QDateTime(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);
}

ManualClock::ManualClock(const QDateTime &start)
    : m_now(start.toUTC())
{
}

QDateTime ManualClock::now() const
{
    return m_running.isValid() ? m_now.addMSecs(m_running.elapsed()) : m_now;
}

void ManualClock::set(const QDateTime &now)
{
    m_now = now.toUTC();
    if (m_running.isValid())
        m_running.start();
}

void ManualClock::advanceSecs(qint64 secs)
{
    advanceMSecs(secs * 1000);
}

void ManualClock::advanceMSecs(qint64 msecs)
{
    set(now().addMSecs(msecs));
}

void ManualClock::setRunning(bool running)
{
    if (running == isRunning())
        return;
    if (running) {
        m_running.start();
    } else {
        m_now = now();
        m_running.invalidate();
    }
}

} // namespace lockbox::test
