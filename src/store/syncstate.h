#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace lockbox::store {

class Database;

// The sync engine's memory of one subscription across restarts.
struct SubscriptionSyncState final
{
    QString subscriptionId;
    QDateTime lastFullSync;    // last successful full list
    QDateTime lastPendingPoll; // last successful pending-only list
    QString lastError;         // empty after a success
    int consecutiveFailures = 0;
    QDateTime nextAttemptNotBefore; // backoff, or the server's Retry-After

    // The last successful sync of either kind (invalid: never).
    QDateTime lastSuccess() const
    {
        if (!lastFullSync.isValid())
            return lastPendingPoll;
        return lastPendingPoll.isValid() && lastPendingPoll > lastFullSync ? lastPendingPoll : lastFullSync;
    }

    friend bool operator==(const SubscriptionSyncState &a, const SubscriptionSyncState &b)
    {
        return a.subscriptionId == b.subscriptionId && a.lastFullSync == b.lastFullSync
            && a.lastPendingPoll == b.lastPendingPoll && a.lastError == b.lastError
            && a.consecutiveFailures == b.consecutiveFailures && a.nextAttemptNotBefore == b.nextAttemptNotBefore;
    }
    friend bool operator!=(const SubscriptionSyncState &a, const SubscriptionSyncState &b) { return !(a == b); }
};

// Per-subscription sync state. set() writes nothing when the stored state is already equal, so an
// idle engine that stores the same state again costs no write.
//
// The time of the last pending poll is the one field that changes on every poll while nothing
// else does, so a change of it alone stays in this object's memory (state() and all() show it)
// and reaches the file with the next write of anything else of that subscription (a full sync,
// an error, a recovery) or with flush(). An idle console thus writes nothing (QUALITY P9), and
// "a full sync is due after N minutes" still holds across restarts: lastFullSync is always
// written. Another connection may see a pending-poll time older than this object's.
class SyncState final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::store::SyncState)

public:
    explicit SyncState(Database &database);

    // The state (with the pending-poll time held in memory, if any), or a fresh one (only the id and
    // perhaps a poll time set) for a subscription never stored.
    std::optional<SubscriptionSyncState> state(const QString &subscriptionId, QString *error = nullptr) const;
    // Every stored subscription and every one with a poll time in memory, by id.
    QList<SubscriptionSyncState> all(QString *error = nullptr) const;
    bool set(const SubscriptionSyncState &state, QString *error = nullptr);
    bool remove(const QString &subscriptionId, QString *error = nullptr);
    // Writes the pending-poll times held only in memory (at shutdown, say), in one transaction.
    bool flush(QString *error = nullptr);
    // Subscriptions whose last pending poll is newer in memory than in the file.
    int unwrittenPolls() const { return int(m_polls.size()); }

private:
    std::optional<SubscriptionSyncState> stored(const QString &subscriptionId, QString *error) const;
    bool write(const SubscriptionSyncState &wanted, QString *error);

    Database &m_db;
    QHash<QString, QDateTime> m_polls; // subscription id → last pending poll not written yet
};

} // namespace lockbox::store

Q_DECLARE_METATYPE(lockbox::store::SubscriptionSyncState)
