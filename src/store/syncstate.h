#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
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
class SyncState final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::store::SyncState)

public:
    explicit SyncState(Database &database);

    // The stored state, or a fresh one (only the id set) for a subscription never stored.
    std::optional<SubscriptionSyncState> state(const QString &subscriptionId, QString *error = nullptr) const;
    QList<SubscriptionSyncState> all(QString *error = nullptr) const;
    bool set(const SubscriptionSyncState &state, QString *error = nullptr);
    bool remove(const QString &subscriptionId, QString *error = nullptr);

private:
    Database &m_db;
};

} // namespace lockbox::store
