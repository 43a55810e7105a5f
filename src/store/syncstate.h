#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace lockbox::store {

class Database;

// What a subscription's cached requests were at one moment, cheaply told apart from what they
// are later: how many, and the last-written times of all of them (RequestStore::cacheStamp). Any
// write of a row at a later millisecond, any addition or deletion changes it.
struct CacheStamp final
{
    qint64 rows = -1; // -1: not known
    qint64 lastSeenMax = 0;
    qint64 lastSeenSum = 0;

    bool isValid() const { return rows >= 0; }
    friend bool operator==(const CacheStamp &a, const CacheStamp &b)
    {
        return a.rows == b.rows && a.lastSeenMax == b.lastSeenMax && a.lastSeenSum == b.lastSeenSum;
    }
    friend bool operator!=(const CacheStamp &a, const CacheStamp &b) { return !(a == b); }
};

// One complete listing of a subscription's requests as it came, page by page: a digest of each
// page's bytes, its item count and its nextLink, and the cache's stamp once it was merged. The
// sync engine keeps the last one of each kind (full, pending-only), so that a listing whose pages
// all come back byte for byte the same, into a cache nobody changed since, is neither parsed nor
// merged again.
struct ListingPages final
{
    struct Page
    {
        QByteArray digest;
        qint64 items = 0;
        QString nextLink;

        friend bool operator==(const Page &a, const Page &b)
        {
            return a.digest == b.digest && a.items == b.items && a.nextLink == b.nextLink;
        }
    };
    QList<Page> pages;
    CacheStamp cache; // the subscription's cached requests right after this listing was merged

    bool isEmpty() const { return pages.isEmpty(); }
    // The same pages in the same order (the stamps aside).
    bool samePages(const ListingPages &other) const { return pages == other.pages; }
    // The stored form (empty for no pages); decode() of anything it cannot read is no pages.
    QByteArray encode() const;
    static ListingPages decode(const QByteArray &bytes);

    friend bool operator==(const ListingPages &a, const ListingPages &b)
    {
        return a.pages == b.pages && a.cache == b.cache;
    }
    friend bool operator!=(const ListingPages &a, const ListingPages &b) { return !(a == b); }
};

// The sync engine's memory of one subscription across restarts.
struct SubscriptionSyncState final
{
    QString subscriptionId;
    QDateTime lastFullSync;    // last successful full list
    QDateTime lastPendingPoll; // last successful pending-only list
    QString lastError;         // empty after a success
    int consecutiveFailures = 0;
    QDateTime nextAttemptNotBefore; // backoff, or the server's Retry-After
    ListingPages fullPages;         // the last full listing merged
    ListingPages pendingPages;      // the last pending-only listing merged

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
            && a.consecutiveFailures == b.consecutiveFailures && a.nextAttemptNotBefore == b.nextAttemptNotBefore
            && a.fullPages == b.fullPages && a.pendingPages == b.pendingPages;
    }
    friend bool operator!=(const SubscriptionSyncState &a, const SubscriptionSyncState &b) { return !(a == b); }
};

// Per-subscription sync state. set() writes nothing when the stored state is already equal, so an
// idle engine that stores the same state again costs no write.
//
// The time of the last pending poll is the one field that changes on every poll while nothing
// else does, so a change of it alone (and of the pending listing's pages, which a server may
// vary without changing a request) stays in this object's memory (state() and all() show it)
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
    // What a pending poll changed and the file does not hold yet.
    struct Unwritten
    {
        QDateTime lastPendingPoll;
        ListingPages pendingPages;
    };
    static void overlay(SubscriptionSyncState *state, const Unwritten &unwritten);

    QHash<QString, Unwritten> m_polls; // subscription id → not written yet
};

} // namespace lockbox::store

Q_DECLARE_METATYPE(lockbox::store::SubscriptionSyncState)
