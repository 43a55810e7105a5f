#pragma once

#include "listedrow.h"
#include "syncstate.h"

#include "core/accessrequest.h"
#include "core/changeset.h"
#include "core/requestquery.h"
#include "core/stringpool.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::store {

class Database;

// The cache of AccessRequests, keyed by request id.
//
// Merging compares each request's content hash with the cached one: a request whose content did
// not change is not written at all (not even a "last seen" time), so a sync that changes nothing
// writes nothing. Each merge is one BEGIN IMMEDIATE transaction: it fails as a whole, leaving the
// cache as it was.
//
// A request's subscription_id column is the subscription it was listed under. A request whose own
// subscriptionId is empty takes that one; one that names another subscription fails the merge.
class RequestStore final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::store::RequestStore)

public:
    RequestStore(Database &database, const Clock &clock);
    ~RequestStore();
    Q_DISABLE_COPY_MOVE(RequestStore)

    // The complete list of one subscription: upserts it and deletes the cached requests of that
    // subscription that are not in it.
    // `stampAfter` receives the subscription's cacheStamp() as the merge left it, read inside the
    // merge's own transaction (a stamp read after COMMIT could include another process's write).
    std::optional<ChangeSet> mergeFull(const QString &subscriptionId, const QList<AccessRequest> &requests,
                                       QString *error = nullptr, CacheStamp *stampAfter = nullptr);

    // The same as a session, for pages that arrive one by one: beginMerge opens the transaction
    // (and holds the write lock until commitMerge or abortMerge), addPage may be called any number
    // of times. If addPage or commitMerge fails, the session is aborted and nothing was written.
    // `stampAfter` as for mergeFull.
    bool beginMerge(const QString &subscriptionId, QString *error = nullptr);
    bool addPage(const QList<AccessRequest> &page, QString *error = nullptr);
    // The same with each request's row as the session's list gives it (ListedRow::listed() for the
    // session's subscription), made ahead, on another thread while this one writes the page
    // before: `rows` as long as `page`.
    bool addPage(const QList<AccessRequest> &page, const QList<ListedRow> &rows, QString *error = nullptr);
    std::optional<ChangeSet> commitMerge(QString *error = nullptr, CacheStamp *stampAfter = nullptr);
    void abortMerge();
    bool isMerging() const { return m_session.has_value(); }

    // A pending-only list: upserts, deletes nothing. `vanished` receives the ids cached as
    // Pending, Approving or Denying for the subscription that the list lacks: the sync engine
    // reads those one by one (they were decided, expired or deleted).
    // `stampAfter` as for mergeFull.
    std::optional<ChangeSet> mergePending(const QString &subscriptionId, const QList<AccessRequest> &requests,
                                          QStringList *vanished = nullptr, QString *error = nullptr,
                                          CacheStamp *stampAfter = nullptr);

    // One request read on its own (after a GET).
    std::optional<ChangeSet> upsertOne(const AccessRequest &request, QString *error = nullptr);

    // When a request was approved, from a source better than what the cache holds (an
    // acknowledged decision of this profile, the Activity Log's approval event): the request's
    // access window then counts from `approvedAt` (AccessRequest::accessEndsAt). A source no
    // better than the stored one changes nothing, nor does an id that is not cached. The ChangeSet
    // lists the request as changed when it was written.
    std::optional<ChangeSet> recordApproval(const QString &requestId, const QDateTime &approvedAt,
                                            ApprovalSource source, QString *error = nullptr);

    std::optional<AccessRequest> request(const QString &requestId, QString *error = nullptr) const;
    QList<AccessRequest> requests(const RequestQuery &query, QString *error = nullptr) const;
    int count(const RequestQuery &query, QString *error = nullptr) const;
    // Counts per quick filter at `now`, optionally within some subscriptions.
    RequestCounts counts(const QDateTime &now, const QStringList &subscriptionIds = {}, QString *error = nullptr) const;
    // Every subscription that has cached requests, sorted.
    QStringList subscriptions(QString *error = nullptr) const;
    // What the subscription's cached requests are now, to tell later whether anyone wrote them
    // since (see CacheStamp). One aggregate over the subscription's rows.
    std::optional<CacheStamp> cacheStamp(const QString &subscriptionId, QString *error = nullptr) const;

    // Other writers. A reader that shows the cache (the console's engine) learns of this
    // connection's writes from their ChangeSets; what another connection commits (lockboxctl, a
    // second console on the profile) it learns by comparing the cache with a baseline of what it
    // was told: a fingerprint (8 bytes of the content hash, the status) a request, about 170 bytes
    // of memory with its id.
    //
    // Takes the cache as it is now as the baseline; from then on this connection's merges keep it
    // up to date. False (with `error`) when the cache cannot be read.
    bool trackShown(QString *error = nullptr);
    bool isTracking() const { return m_tracking; }
    // Every request of the baseline as changed, for a reader that cannot tell what it missed.
    ChangeSet shownAsChanged() const;
    // What differs between the cache and the baseline, which is then brought up to date: what
    // other connections committed since. Reads every request's id and hash (about 0.1 s for
    // 100,000), so call it when the file changed under another connection
    // (Database::dataVersion()). Empty while not tracking or while a merge session is open.
    std::optional<ChangeSet> othersChanges(QString *error = nullptr);

private:
    // cacheStamp() into `out` when `out` is given; true when there is nothing to read.
    bool readStamp(const QString &subscriptionId, CacheStamp *out, QString *error) const;
    // What a merge knows of one row: as stored when first looked at, then as written.
    struct Cached
    {
        QByteArray hash;
        QString status;         // stored status before this merge (for "old status")
        qint64 approvedMs = -1; // the approval time as stored (then as written)
        ApprovalSource approvalSource = ApprovalSource::None;
        qsizetype addedAt = -1;   // index in changes.added when this merge added it
        qsizetype changedAt = -1; // index in changes.changed when this merge changed it
        bool seen = false;        // listed in this merge
    };
    struct Session
    {
        QString subscriptionId;
        std::shared_ptr<sqlite3_stmt> upsert; // prepared at the session's first write
        QHash<QString, Cached> rows;          // full merges: every row of the subscription, read in one query
        ChangeSet changes;
        qint64 nowMs = 0;
        bool fullMap = false;
    };

    // What the reader was last told of one request.
    struct Fingerprint
    {
        quint64 digest = 0; // the first 8 bytes of the content hash, mixed with the approval time
        RequestStatus status;
        QString subscriptionId;
        quint32 scan = 0; // the othersChanges() that last found it
    };

    // A row's fingerprint digest: its content hash and its approval time (-1 when not known).
    static quint64 fingerprintOf(const QByteArray &hash, qint64 approvedMs);
    Session newSession(const QString &subscriptionId, bool fullMap) const;
    // A committed merge: its written and deleted rows are what the reader is told next.
    void remember(const Session &session);
    bool loadSubscription(Session &session, QString *error);
    bool lookup(const QString &requestId, std::optional<Cached> *found, QString *error);
    // `listed`: the request's ListedRow::listed() for the session's subscription when made ahead.
    bool mergeOne(Session &session, const AccessRequest &request, QString *error, const ListedRow *listed = nullptr);
    bool deleteUnseen(Session &session, QString *error);
    bool upsertRow(Session &session, const ListedRow &row, QString *error);
    bool normalizeSubscription(const Session &session, const AccessRequest &request, QString *subscriptionId,
                               QString *error) const;
    QString whereClause(const RequestQuery &query, QVariantList *values) const;

    Database &m_db;
    const Clock &m_clock;
    mutable StringPool m_strings; // what rows read from the cache repeat, held once
    std::optional<Session> m_session;
    bool m_tracking = false; // trackShown() was called
    quint32 m_scans = 0;
    QHash<QString, Fingerprint> m_shown; // request id → fingerprint
};

} // namespace lockbox::store
