#pragma once

#include <QDateTime>
#include <QElapsedTimer>

#include <functional>

namespace lockbox {

// Injectable time, so that expiry, reminders and backoff can be tested without waiting.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; // always UTC
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override;
};

// A clock that starts at a given instant and runs `speed` times faster than real time; it can
// also be moved forward by hand. The simulator uses it to make 4-day expiry observable.
class ScaledClock final : public Clock
{
public:
    // Real milliseconds since the clock was made.
    using RealTime = std::function<qint64()>;

    explicit ScaledClock(const QDateTime &start, double speed = 1.0);
    // Real time from `realTime` instead of a monotonic timer: tests move it by hand.
    ScaledClock(const QDateTime &start, double speed, RealTime realTime);

    QDateTime now() const override;
    double speed() const { return m_speed; }
    void advance(qint64 msecs) { m_offsetMs += msecs; }
    // Real milliseconds until this clock reaches `when` (0 if it already has).
    qint64 realMsecsUntil(const QDateTime &when) const;

private:
    QDateTime m_start;
    double m_speed;
    qint64 m_offsetMs = 0;
    QElapsedTimer m_elapsed;
    RealTime m_realTime;
};

} // namespace lockbox
