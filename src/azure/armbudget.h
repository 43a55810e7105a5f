#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>

namespace lockbox {

// One read budget for every call of one ArmClient, whatever subscription it is for: ARM counts a
// caller's reads, not a subscription's, and a console that looks after 1,000 subscriptions must
// not spend them all at once.
//
// Every HTTP attempt asks for a ticket first and is sent once it is granted:
// - reads wait for one of `concurrency` slots (writes never do: a decision is not queued behind a
//   sync of 1,000 subscriptions);
// - a 429 stops every call, reads and writes, until its Retry-After has passed, not only the call
//   that got it; after it, one read probes the fresh budget before the others follow;
// - as x-ms-ratelimit-remaining-subscription-reads falls below `slowBelow`, the reads left are
//   spread over what remains of the budget's window (`windowMs`); below `pauseBelow` reads wait
//   until the window has renewed. A window began no later than the first reply that showed its
//   budget (the remaining count rising, or the first count seen), so its end is known from above:
//   waiting until then is never too short, and rarely much too long.
//
// What a reply says is only believed for attempts granted after the last pause began: replies
// to attempts sent before it describe a budget that has renewed since.
//
// Threading: lives on its ArmClient's thread; grants are made from the event loop.
class ArmBudget final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int concurrency = 4;    // reads in flight at once
        int windowMs = 1000;    // how long the server takes to renew a spent read budget
        int slowBelow = 100;    // fewer reads left than this: the rest are spread over a window
        int pauseBelow = 10;    // fewer than this: reads wait a whole window
        int maxPauseSec = 3600; // a longer Retry-After (or a bogus date) pauses this long
    };

    // What the budget has done so far, for tests, benchmarks and logs.
    struct Stats
    {
        qint64 granted = 0;   // attempts allowed to go
        qint64 throttled = 0; // 429s reported
        qint64 lowBudgetPauses = 0;
        qint64 pacedReads = 0; // reads that waited for the pacing
        int maxReadsInFlight = 0;
    };

    using Ticket = quint64;

    explicit ArmBudget(const Options &options, QObject *parent = nullptr);
    ~ArmBudget() override;

    const Options &options() const { return m_options; }
    int concurrency() const { return m_options.concurrency; }
    void setConcurrency(int concurrency);

    // Asks to send one attempt. `granted` runs once, from the event loop, when it may go; never
    // when `context` is gone by then. Keep the ticket to report the reply and release it.
    Ticket acquire(bool write, QObject *context, std::function<void()> granted);
    // What the server said to the attempt of `ticket`: its HTTP status (0: none),
    // x-ms-ratelimit-remaining-subscription-reads (-1: absent) and, on a 429, Retry-After in
    // seconds (-1: absent; a default applies).
    void noteReply(Ticket ticket, int httpStatus, int remainingReads, int retryAfterSec);
    // The attempt is over, or will never be sent: frees its slot or its place in the queue.
    void release(Ticket ticket);

    int readsInFlight() const { return m_readsInFlight; }
    int waiting() const { return int(m_reads.size() + m_writes.size()); }
    // Reads the budget is believed to have left (-1: unknown).
    int estimatedRemaining() const;
    // How long every call (429) or every read (spent budget) still waits; 0 when none does.
    qint64 throttledForMs() const;
    qint64 readsPausedForMs() const;
    const Stats &stats() const { return m_stats; }

    // A 429 without Retry-After waits this long (ARM always sends one; gateways may not).
    static constexpr int kDefaultRetryAfterSec = 5;
    static constexpr int kWindowSlackMs = 10;

Q_SIGNALS:
    // Calls wait `ms` because ARM said so (`throttled`) or because its read budget is spent.
    void paused(int ms, bool throttled);

private:
    struct Waiter
    {
        Ticket ticket = 0;
        QPointer<QObject> context;
        std::function<void()> granted;
    };
    struct Grant
    {
        bool write = false;
        quint64 generation = 0;
    };

    qint64 now() const { return m_clock.elapsed(); }
    void scheduleDispatch();
    void dispatch();
    void wakeAt(qint64 atMs);
    void grant(const Waiter &waiter, bool write);
    void pause(qint64 untilMs);

    Options m_options;
    QElapsedTimer m_clock;
    QTimer m_timer; // the next time a waiting read may go
    qint64 m_timerAt = -1;
    bool m_dispatchQueued = false;

    std::deque<Waiter> m_reads;
    std::deque<Waiter> m_writes;
    QHash<Ticket, Grant> m_granted;
    Ticket m_nextTicket = 1;
    int m_readsInFlight = 0;

    qint64 m_throttledUntil = 0;   // a 429: every call waits
    qint64 m_readsPausedUntil = 0; // a spent budget: reads wait
    qint64 m_nextReadAt = 0;       // pacing
    qint64 m_windowStart = -1;     // the current window began no later than this (-1: unknown)
    int m_lastReport = -1;         // the last believed remaining count, as reported
    quint64 m_generation = 0;      // bumped by every pause
    int m_remainingBase = -1;      // the last believed report, less the reads it may not count yet
    int m_grantedSinceReport = 0;
    bool m_probe = false; // after a pause: one read at a time until a fresh report
    Stats m_stats;
};

} // namespace lockbox
