#include "clock.h"

#include <cmath>
#include <utility>

namespace lockbox {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

ScaledClock::ScaledClock(const QDateTime &start, double speed)
    : m_start(start.toUTC())
    , m_speed(speed > 0 ? speed : 1.0)
{
    m_elapsed.start();
}

ScaledClock::ScaledClock(const QDateTime &start, double speed, RealTime realTime)
    : ScaledClock(start, speed)
{
    m_realTime = std::move(realTime);
}

QDateTime ScaledClock::now() const
{
    const qint64 realMs = m_realTime ? m_realTime() : m_elapsed.elapsed();
    const auto scaled = qint64(std::llround(double(realMs) * m_speed));
    return m_start.addMSecs(scaled + m_offsetMs);
}

qint64 ScaledClock::realMsecsUntil(const QDateTime &when) const
{
    const qint64 simMs = now().msecsTo(when);
    if (simMs <= 0)
        return 0;
    return qint64(std::ceil(double(simMs) / m_speed));
}

} // namespace lockbox
