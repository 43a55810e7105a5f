#pragma once

#include "azure/armerror.h"
#include "azure/azuretypes.h"
#include "azure/requestlistjob.h"
#include "core/changeset.h"
#include "store/syncstate.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <optional>

namespace lockbox {

class ArmClient;
class Clock;
class LockboxApi;

namespace store {
class RequestStore;
} // namespace store

// Keeps the cache true to Azure. For each subscription it runs either a full list (the whole
// subscription, with deletions) or a cheap pending-only poll, then merges the result into the
// RequestStore in one transaction and reports the ChangeSet. Subscriptions are synced
// concurrently up to a limit; one that keeps failing backs off on its own (a 403, "not an
// approver here", for hours: it will not change by the next poll).
//
// Every call goes through the ArmClient's one read budget (ArmBudget), shared by all
// subscriptions; the engine raises that budget's concurrency to its own so that one setting
// holds. Scheduling costs O(1) a subscription, so 1,000 subscriptions are no harder than ten.
//
// An idle engine writes nothing: the time of a pending poll that changed nothing stays in
// SyncState's memory (QUALITY P9).
//
// A listing that repeats itself costs little: the engine remembers, for each subscription and kind
// of listing, a digest of each page's bytes and a stamp of the cache once that listing was merged
// (store::ListingPages, kept in SyncState: in the profile). A page whose bytes are known is not
// parsed; a listing whose pages all come back the same, in the same order, into a cache whose
// stamp did not move, is not merged either (its requests count as unchanged). Any other listing is
// read and merged whole, as before, so a failure half way still writes nothing.
//
// Threading: lives on the thread of its ArmClient and stores (the engine thread); parsing and
// writing happen there, never on the GUI thread.
class SyncEngine final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int concurrency = 4;
        int fullIntervalSec = 15 * 60; // a pending poll becomes a full sync after this long
        int backoffBaseSec = 30;
        int backoffMaxSec = 60 * 60;
        // A 403 (the signed-in account is not an approver of the subscription) waits at least this
        // long before the next automatic try; a user-asked sync tries at once.
        int forbiddenBackoffSec = 6 * 60 * 60;
        // A pending poll reads each request that left the pending list with a GET of its own, up
        // to this many; past it, the subscription's full list is read instead (one listing of a
        // few pages rather than thousands of GETs, one after another).
        int maxRereads = 20;
        // Pages of a full listing read (parsed, hashed, encoded as rows) on a thread of their own
        // this far ahead of the merge that writes them (ListingReader). 0 reads each on the
        // engine's thread as it writes: the console, whose syncs run behind the window, keeps the
        // memory (about 8 MB at a sync's peak); lockboxctl reads one ahead (a first sync of
        // 100,000 about 0.45 s sooner).
        int readAhead = 0;
    };

    enum class Mode {
        Auto,        // full where never fully synced or due, pending-only poll elsewhere
        Full,        // full everywhere
        PendingOnly, // pending-only everywhere
    };

    // The outcome of one subscription in a run.
    struct Result
    {
        QString subscriptionId;
        bool full = false;
        // What changed, as subscriptionFinished() tells it. The results finished() gives at the
        // end of a run carry the counts only (these lists empty): a first sync's 100,000 changes
        // are not held until the last subscription is done.
        ChangeSet changes;
        ChangeCounts counts;
        ArmError error;                 // None on success
        bool skipped = false;           // backing off after earlier failures
        QDateTime nextAttemptNotBefore; // when failed or skipped: no automatic try before this
    };

    SyncEngine(ArmClient *client, store::RequestStore *requests, store::SyncState *state, const Clock &clock,
               const Options &options, QObject *parent = nullptr);
    ~SyncEngine() override;

    // Starts one run over `subscriptionIds`. `respectBackoff` false: a user asked, so failing
    // subscriptions are tried now too. Returns false when a run is already going.
    bool sync(const QStringList &subscriptionIds, Mode mode, bool respectBackoff = true);
    bool isRunning() const { return m_running; }
    void cancel();
    // Subscriptions synced at once from the next one started (at least 1).
    void setConcurrency(int concurrency);
    // Subscriptions being synced right now.
    bool isSyncing(const QString &subscriptionId) const { return m_active.contains(subscriptionId.toLower()); }
    // What the engine knows of a subscription: last syncs (the last pending poll included, even
    // when only held in memory), last error, backing off until when.
    store::SubscriptionSyncState subscriptionState(const QString &subscriptionId) const;
    const Options &options() const { return m_options; }

Q_SIGNALS:
    // A subscription's changes are committed to the cache.
    void changed(const lockbox::ChangeSet &changes);
    void subscriptionFinished(const lockbox::SyncEngine::Result &result);
    // A subscription's sync started (its listing is on its way).
    void subscriptionStarted(const QString &subscriptionId);
    // A subscription's state after a try (for per-subscription status in the UI).
    void subscriptionStateChanged(const lockbox::store::SubscriptionSyncState &state);
    // The run is over; `results` in the order given, with their counts (not their lists).
    void finished(const QList<lockbox::SyncEngine::Result> &results);

private:
    struct Work
    {
        QString subscriptionId;
        bool full = false;
        QPointer<RequestListJob> job;
        QList<RequestListJob::Page> received;             // the listing's pages, known ones unparsed
        store::ListingPages known;                        // the last listing of this kind, as remembered
        store::ListingPages listed;                       // this listing's pages so far
        std::optional<store::ListingPages> fullListed;    // a complete full listing, merged or not needed
        std::optional<store::ListingPages> pendingListed; // a complete pending listing, merged or not needed
        std::optional<store::CacheStamp> stampAfter;      // the cache as this try's merge left it (or found it)
        QStringList rereads;                              // pending poll: vanished ids still to GET
        ChangeSet changes;
        ChangeSet fullChanges; // what the full listing's merge changed, announced as it completes
        int index = 0;
    };

    store::SubscriptionSyncState stateOf(const QString &subscriptionId) const;
    void startNext();
    void finishRun();
    void startWork(Work &work);
    void onListFinished(const QString &subscriptionId, const ArmError &error);
    // The listing's requests in order, the known pages parsed now; false with `error` when one fails.
    bool assemble(Work &work, QList<AccessRequest> *requests, ArmError *error) const;
    // A complete full listing merged into the cache a page at a time; nullopt with `error`.
    std::optional<ChangeSet> mergeFull(Work &work, store::CacheStamp *stampAfter, ArmError *error);
    void rereadNext(const QString &subscriptionId);
    void complete(const QString &subscriptionId, const ArmError &error);

    ArmClient *m_client;
    std::unique_ptr<LockboxApi> m_api;
    store::RequestStore *m_requests;
    store::SyncState *m_state;
    const Clock &m_clock;
    Options m_options;
    bool m_running = false;
    bool m_respectBackoff = true;
    Mode m_mode = Mode::Auto;
    QStringList m_order;              // the run's subscriptions, as asked, without duplicates
    qsizetype m_next = 0;             // the next of m_order to start
    QHash<QString, Work> m_active;    // lower-case id
    QHash<QString, Result> m_results; // lower-case id
};

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::SyncEngine::Result)
