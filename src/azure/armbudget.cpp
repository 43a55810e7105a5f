#include "armbudget.h"

#include "azurelogging.h"

#include <utility>

namespace lockbox {

ArmBudget::ArmBudget(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_options.concurrency = qMax(1, m_options.concurrency);
    m_options.windowMs = qMax(1, m_options.windowMs);
    // At most a day, so that a pause's milliseconds always fit an int.
    m_options.maxPauseSec = qBound(0, m_options.maxPauseSec, 24 * 3600);
    m_clock.start();
    m_timer.setSingleShot(true);
    // "Never sooner than Retry-After": a coarse timer may fire up to 5 % early.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_timerAt = -1;
        dispatch();
    });
}

ArmBudget::~ArmBudget() = default;

void ArmBudget::setConcurrency(int concurrency)
{
    m_options.concurrency = qMax(1, concurrency);
    scheduleDispatch();
}

ArmBudget::Ticket ArmBudget::acquire(bool write, QObject *context, std::function<void()> granted)
{
    const Ticket ticket = m_nextTicket++;
    (write ? m_writes : m_reads).push_back(Waiter {ticket, QPointer<QObject>(context), std::move(granted)});
    scheduleDispatch();
    return ticket;
}

void ArmBudget::noteReply(Ticket ticket, int httpStatus, int remainingReads, int retryAfterSec)
{
    const auto it = m_granted.constFind(ticket);
    if (httpStatus == 429) {
        // Every call waits, not just the one that was told: the budget is the caller's.
        const int seconds = qMin(retryAfterSec >= 0 ? retryAfterSec : kDefaultRetryAfterSec, m_options.maxPauseSec);
        ++m_stats.throttled;
        // +1: the clock counts whole milliseconds, and a moment early is a moment too early.
        const qint64 until = now() + qint64(seconds) * 1000 + 1;
        if (until > m_throttledUntil) {
            m_throttledUntil = until;
            qCInfo(lcAzure).noquote() << "ARM throttled this caller: every call waits" << seconds << "s";
            Q_EMIT paused(seconds * 1000, true);
        }
        pause(m_throttledUntil);
        return;
    }
    // A reply to an attempt sent before the last pause speaks of a budget that has renewed since.
    if (it == m_granted.constEnd() || it->generation != m_generation)
        return;
    if (httpStatus > 0)
        m_probe = false;
    if (remainingReads < 0)
        return;
    // A count that rose (or the first one): the budget renewed, in a window that began by now.
    if (m_lastReport < 0 || remainingReads > m_lastReport)
        m_windowStart = now();
    m_lastReport = remainingReads;
    // Reads still in flight may not be counted in this figure yet: assume they are not. More of
    // them than the figure means the budget is spent, not unknown.
    const int others = m_readsInFlight - (it->write ? 0 : 1);
    m_remainingBase = qMax(0, remainingReads - qMax(0, others));
    m_grantedSinceReport = 0;
    scheduleDispatch();
}

void ArmBudget::release(Ticket ticket)
{
    const auto it = m_granted.constFind(ticket);
    if (it != m_granted.constEnd()) {
        if (!it->write)
            --m_readsInFlight;
        m_granted.erase(it);
        scheduleDispatch();
        return;
    }
    for (auto *queue : {&m_reads, &m_writes}) {
        for (auto w = queue->begin(); w != queue->end(); ++w) {
            if (w->ticket == ticket) {
                queue->erase(w);
                return;
            }
        }
    }
}

int ArmBudget::estimatedRemaining() const
{
    return m_remainingBase < 0 ? -1 : qMax(0, m_remainingBase - m_grantedSinceReport);
}

qint64 ArmBudget::throttledForMs() const
{
    return qMax<qint64>(0, m_throttledUntil - now());
}

qint64 ArmBudget::readsPausedForMs() const
{
    return qMax<qint64>(0, qMax(m_throttledUntil, m_readsPausedUntil) - now());
}

void ArmBudget::scheduleDispatch()
{
    // Never from inside acquire() or release(): the caller may be in the middle of handling the
    // very reply (a 429) that must stop the next attempt.
    if (m_dispatchQueued)
        return;
    m_dispatchQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_dispatchQueued = false;
            dispatch();
        },
        Qt::QueuedConnection);
}

void ArmBudget::wakeAt(qint64 atMs)
{
    if (m_timerAt >= 0 && m_timerAt <= atMs && m_timer.isActive())
        return;
    m_timerAt = atMs;
    m_timer.start(int(qBound(qint64(0), atMs - now(), qint64(1) << 30)));
}

void ArmBudget::pause(qint64 untilMs)
{
    // What replies to earlier attempts say is stale from now on; after the pause one read
    // learns the fresh budget before the others follow.
    ++m_generation;
    m_remainingBase = -1;
    m_lastReport = -1;
    m_grantedSinceReport = 0;
    m_probe = true;
    m_nextReadAt = 0;
    wakeAt(untilMs);
}

void ArmBudget::grant(const Waiter &waiter, bool write)
{
    m_granted.insert(waiter.ticket, Grant {write, m_generation});
    ++m_stats.granted;
    if (!write) {
        ++m_readsInFlight;
        ++m_grantedSinceReport;
        m_stats.maxReadsInFlight = qMax(m_stats.maxReadsInFlight, m_readsInFlight);
    }
    waiter.granted();
}

void ArmBudget::dispatch()
{
    const qint64 t = now();
    if (t < m_throttledUntil) {
        wakeAt(m_throttledUntil);
        return;
    }
    while (!m_writes.empty()) {
        Waiter w = std::move(m_writes.front());
        m_writes.pop_front();
        if (w.context)
            grant(w, true);
    }
    while (!m_reads.empty()) {
        if (!m_reads.front().context) {
            m_reads.pop_front();
            continue;
        }
        if (m_readsInFlight >= (m_probe ? 1 : m_options.concurrency))
            break;
        if (t < m_readsPausedUntil) {
            wakeAt(m_readsPausedUntil);
            break;
        }
        const int left = estimatedRemaining();
        // What is left of the window, known from above; a whole window when unknown or past.
        const qint64 windowLeft = m_windowStart >= 0 ? m_windowStart + m_options.windowMs - t : -1;
        if (left >= 0 && left < m_options.pauseBelow) {
            // Nearly spent: wait for the window to renew rather than collect 429s. The slack
            // covers the millisecond clocks on both sides.
            ++m_stats.lowBudgetPauses;
            const qint64 waitMs = (windowLeft > 0 ? windowLeft : m_options.windowMs) + kWindowSlackMs;
            m_readsPausedUntil = t + waitMs;
            qCInfo(lcAzure).noquote() << "ARM read budget nearly spent (" << left << "left ): reads wait" << waitMs
                                      << "ms";
            Q_EMIT paused(int(waitMs), false);
            pause(m_readsPausedUntil);
            break;
        }
        const bool slow = left >= 0 && left < m_options.slowBelow;
        if (slow) {
            if (t < m_nextReadAt) {
                wakeAt(m_nextReadAt);
                break;
            }
            // The rest spread over what remains of the window.
            m_nextReadAt = t + (windowLeft > 0 ? windowLeft : m_options.windowMs) / qMax(1, left);
            ++m_stats.pacedReads;
        }
        Waiter w = std::move(m_reads.front());
        m_reads.pop_front();
        grant(w, false);
    }
}

} // namespace lockbox
