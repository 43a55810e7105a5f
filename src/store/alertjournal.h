#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::store {

class Database;

// One event of one request for one delivery target, as the journal holds it.
struct AlertJournalEntry final
{
    enum class State {
        Pending,   // to be delivered (again, at nextAttemptAt)
        Delivered, // the target took it
        Failed,    // the target refused it for good (a 4xx, say): never tried again
        Seen,      // recorded without being delivered (already there at a target's first run)
    };

    QString requestKey; // lower-case request id
    QString event;      // "new", "reminder", "outcome": one of each per request and target
    QString target;     // the delivery target's key ("stdout", "webhook:…", "exec:…")
    QString payload;    // the event as JSON, written when it was raised
    State state = State::Pending;
    int attempts = 0; // deliveries tried and failed
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime nextAttemptAt; // Pending: not before then
    QString lastError;       // why the last attempt failed

    static QString stateName(State state);
    static std::optional<State> stateFromName(const QString &name);
};

// The relay's memory (lockboxctl watch): which alert events were raised for which request and
// target, and how far each delivery got. An event is written here before any delivery is tried,
// and a delivery is tried only from here, so that a restart tells nothing twice and a crash loses
// nothing (at least once: a delivery cut short by a crash is tried again).
//
// Each target also has a row of its own: whether its first run is over (primed), so that what was
// already pending then is recorded as seen instead of relayed.
//
// Every write runs in its own BEGIN IMMEDIATE, or inside the caller's transaction when one is
// open (Database::write).
class AlertJournal final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::store::AlertJournal)

public:
    using State = AlertJournalEntry::State;

    AlertJournal(Database &database, const Clock &clock);

    // ---- targets

    // Makes `target` known (its label is kept up to date: never a secret). Returns whether its
    // first run is over (markPrimed), or nothing on error.
    std::optional<bool> registerTarget(const QString &target, const QString &label, QString *error = nullptr);
    bool markPrimed(const QString &target, QString *error = nullptr);

    // ---- events

    // Writes `event` of `requestId` in `state` for each of `targets` that has no row for it yet.
    // Returns the targets it was written for (empty when each had it already), or nothing on error
    // (then nothing was written).
    std::optional<QStringList> record(const QString &requestId, const QString &event, const QString &payload,
                                      const QStringList &targets, State state, QString *error = nullptr);
    // Lower-case ids of the requests with a row of `event` for `target` (created at or after
    // `since`, when valid).
    std::optional<QSet<QString>> requestsWith(const QString &event, const QString &target, const QDateTime &since = {},
                                              QString *error = nullptr) const;

    // The pending entry of `target` to deliver next at `now`: the one due the longest, or none.
    std::optional<AlertJournalEntry> nextDue(const QString &target, const QDateTime &now,
                                             QString *error = nullptr) const;
    // When the next pending entry of `target` falls due; invalid when none is pending.
    QDateTime nextAttemptAt(const QString &target, QString *error = nullptr) const;
    int pendingCount(const QString &target, QString *error = nullptr) const;

    bool markDelivered(const AlertJournalEntry &entry, QString *error = nullptr);
    // Counts a failed attempt and waits until `nextAttemptAt`.
    bool markRetry(const AlertJournalEntry &entry, const QDateTime &nextAttemptAt, const QString &lastError,
                   QString *error = nullptr);
    // Counts a failed attempt and gives up on the entry.
    bool markFailed(const AlertJournalEntry &entry, const QString &lastError, QString *error = nullptr);

    // Forgets entries that are no longer pending and were written before `before`. Returns how
    // many, or -1 on error.
    int prune(const QDateTime &before, QString *error = nullptr);

    // Every entry (of one request, when given), oldest first: for tests and diagnostics.
    QList<AlertJournalEntry> entries(const QString &requestId = {}, QString *error = nullptr) const;

private:
    bool update(const AlertJournalEntry &entry, State state, int attempts, const QDateTime &nextAttemptAt,
                const QString &lastError, QString *error);
    QList<AlertJournalEntry> select(const QString &tail, const QVariantList &values, QString *error) const;

    Database &m_db;
    const Clock &m_clock;
};

} // namespace lockbox::store
