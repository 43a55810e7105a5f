#pragma once

#include "core/clock.h"

#include <QDateTime>
#include <QElapsedTimer>

namespace lockbox::test {

// Time that moves when the test says so: set it, advance it, or let it run with real time from
// where it stands (a system clock that jumped ahead, say). now() is always UTC.
class ManualClock final : public Clock
{
public:
    // 2025-03-01 12:00 UTC.
    static QDateTime defaultStart();

    explicit ManualClock(const QDateTime &start = defaultStart());

    QDateTime now() const override;

    void set(const QDateTime &now);
    void advanceSecs(qint64 secs);
    void advanceMSecs(qint64 msecs);

    // While running, now() moves on with real (monotonic) time; set() and advance still move it.
    void setRunning(bool running);
    bool isRunning() const { return m_running.isValid(); }

private:
    QDateTime m_now;
    QElapsedTimer m_running; // valid while running, started when m_now was last fixed
};

} // namespace lockbox::test
