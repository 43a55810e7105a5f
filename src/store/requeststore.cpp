// RequestStore's writes: merges of a full list (at once or page by page in a session), of a
// pending-only list and of one request, each comparing content hashes so that only what changed is
// written, and the ChangeSet they report. Reads are in requeststorequeries.cpp, what other
// connections wrote in requeststoretracking.cpp.

#include "requeststore.h"

#include "contenthash.h"
#include "database.h"
#include "sqlvalues.h"
#include "storelogging.h"

#include "core/clock.h"

#include <QSqlQuery>

#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

// Named placeholders, bound by name: QtSql's positional binding formats a placeholder name for
// every value bound, a measurable cost at 20 values a row and 100,000 rows.
const QString kUpsert =
    u"INSERT INTO requests (request_id, subscription_id, status, content_hash, created_ms, expiration_ms,"
    " active_until_ms, first_seen_ms, last_seen_ms, duration, access_level, resource_type, support_request,"
    " support_case_url, work_item_source, arm_id, name, type, resource_ids, justification, approved_ms,"
    " approval_source)"
    " VALUES (:a, :b, :c, :d, :e, :f, :g, :h, :i, :j, :k, :l, :m, :n, :o, :p, :q, :r, :s, :t, :u, :v)"
    " ON CONFLICT (request_id) DO UPDATE SET subscription_id = excluded.subscription_id,"
    " status = excluded.status, content_hash = excluded.content_hash, created_ms = excluded.created_ms,"
    " expiration_ms = excluded.expiration_ms,"
    // A row the merge took for new (cached under another subscription) keeps the approval time
    // the profile knows, and its window keeps its length from that approval.
    " active_until_ms = CASE WHEN excluded.approved_ms IS NULL AND requests.approved_ms IS NOT NULL"
    " AND excluded.active_until_ms IS NOT NULL AND excluded.created_ms IS NOT NULL"
    " THEN requests.approved_ms + (excluded.active_until_ms - excluded.created_ms)"
    " ELSE excluded.active_until_ms END,"
    " last_seen_ms = excluded.last_seen_ms, duration = excluded.duration, access_level = excluded.access_level,"
    " resource_type = excluded.resource_type, support_request = excluded.support_request,"
    " support_case_url = excluded.support_case_url, work_item_source = excluded.work_item_source,"
    " arm_id = excluded.arm_id, name = excluded.name, type = excluded.type,"
    " resource_ids = excluded.resource_ids, justification = excluded.justification,"
    " approved_ms = COALESCE(excluded.approved_ms, requests.approved_ms),"
    " approval_source = CASE WHEN excluded.approved_ms IS NULL THEN requests.approval_source"
    " ELSE excluded.approval_source END"_s;
// Statuses whose request may still move without us deciding: the pending poll watches these.
const QStringList kOpenStatuses = {RequestStatus::name(RequestStatus::Kind::Pending),
                                   RequestStatus::name(RequestStatus::Kind::Approving),
                                   RequestStatus::name(RequestStatus::Kind::Denying)};

QVariant approvalSource(ApprovalSource source)
{
    return source == ApprovalSource::None ? QVariant(QMetaType::fromType<QString>())
                                          : QVariant(AccessRequest::approvalSourceName(source));
}

// The approval columns of a SELECT as a row's Cached fields.
void readApproval(const QSqlQuery &q, int column, qint64 *approvedMs, ApprovalSource *source)
{
    const QVariant ms = q.value(column);
    *approvedMs = ms.isNull() ? -1 : ms.toLongLong();
    *source = AccessRequest::approvalSourceFromName(q.value(column + 1).toString());
    if (*approvedMs < 0)
        *source = ApprovalSource::None;
}

} // namespace

RequestStore::RequestStore(Database &database, const Clock &clock)
    : m_db(database)
    , m_clock(clock)
{
}

RequestStore::~RequestStore()
{
    if (m_session)
        abortMerge();
}

RequestStore::Session RequestStore::newSession(const QString &subscriptionId, bool fullMap) const
{
    Session session;
    session.subscriptionId = subscriptionId;
    session.fullMap = fullMap;
    session.nowMs = m_clock.now().toMSecsSinceEpoch();
    return session;
}

bool RequestStore::loadSubscription(Session &session, QString *error)
{
    // One query for the whole subscription instead of a SELECT per request.
    QSqlQuery *q = m_db.prepared(u"SELECT request_id, content_hash, status, approved_ms, approval_source FROM requests"
                                 " WHERE subscription_id = ?"_s,
                                 error);
    if (!q)
        return false;
    q->bindValue(0, session.subscriptionId);
    if (!m_db.exec(q, error))
        return false;
    while (q->next()) {
        Cached row;
        row.hash = q->value(1).toByteArray();
        row.status = q->value(2).toString();
        readApproval(*q, 3, &row.approvedMs, &row.approvalSource);
        session.rows.insert(q->value(0).toString(), row);
    }
    q->finish();
    return true;
}

bool RequestStore::lookup(const QString &requestId, std::optional<Cached> *found, QString *error)
{
    QSqlQuery *q = m_db.prepared(
        u"SELECT content_hash, status, approved_ms, approval_source FROM requests WHERE request_id = ?"_s, error);
    if (!q)
        return false;
    q->bindValue(0, requestId);
    if (!m_db.exec(q, error))
        return false;
    if (q->next()) {
        Cached row;
        row.hash = q->value(0).toByteArray();
        row.status = q->value(1).toString();
        readApproval(*q, 2, &row.approvedMs, &row.approvalSource);
        *found = row;
    } else
        found->reset();
    q->finish();
    return true;
}

bool RequestStore::normalizeSubscription(const Session &session, const AccessRequest &request, QString *subscriptionId,
                                         QString *error) const
{
    if (session.subscriptionId.isEmpty()) {
        if (request.subscriptionId.isEmpty()) {
            if (error)
                *error = tr("Request %1 names no subscription.").arg(request.requestId);
            return false;
        }
        *subscriptionId = request.subscriptionId;
        return true;
    }
    if (!ListedRow::isListedUnder(session.subscriptionId, request.subscriptionId)) {
        if (error)
            *error = tr("Request %1 belongs to subscription %2, but came in the list of subscription %3.")
                         .arg(request.requestId, request.subscriptionId, session.subscriptionId);
        return false;
    }
    *subscriptionId = session.subscriptionId;
    return true;
}

bool RequestStore::upsertRow(Session &session, const ListedRow &row, QString *error)
{
    // Through SQLite's C API, the text bound as the UTF-8 the row holds: QtSql would bind each
    // value as UTF-16 through a QVariant, for SQLite to translate back (a tenth of a first sync's
    // merge), and would drop a leading U+FEFF as a byte-order mark.
    if (!session.upsert) {
        sqlite3 *db = m_db.handle();
        if (!db)
            return m_db.failed(SQLITE_MISUSE, error);
        static const QByteArray sql = kUpsert.toUtf8();
        sqlite3_stmt *statement = nullptr;
        const int prepared =
            sqlite3_prepare_v3(db, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
        if (prepared != SQLITE_OK) {
            sqlite3_finalize(statement);
            return m_db.failed(prepared, error);
        }
        session.upsert.reset(statement, &sqlite3_finalize);
    }
    sqlite3_stmt *upsert = session.upsert.get();
    int rc = row.bind(upsert, session.nowMs);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(upsert);
    sqlite3_reset(upsert);
    sqlite3_clear_bindings(upsert); // they point into `row`
    if (rc != SQLITE_DONE)
        return m_db.failed(rc, error);
    return true;
}

bool RequestStore::mergeOne(Session &session, const AccessRequest &request, QString *error, const ListedRow *listed)
{
    if (request.requestId.isEmpty()) {
        if (error)
            *error = tr("A request without an id cannot be cached.");
        return false;
    }
    QString subscriptionId;
    if (!normalizeSubscription(session, request, &subscriptionId, error))
        return false;

    // The hash covers the subscription as stored, so the copy is made only when it differs.
    const bool sameSubscription = request.subscriptionId == subscriptionId;
    AccessRequest normalized;
    if (!sameSubscription) {
        normalized = request;
        normalized.subscriptionId = subscriptionId;
    }
    const AccessRequest &r = sameSubscription ? request : normalized;
    // A row made ahead was made for this same normalization (ListedRow::listed()); else the row
    // is made here, and only when it is written.
    if (listed && listed->isNull())
        listed = nullptr;
    const QByteArray hash = listed ? listed->hash() : contentHash(r);
    std::optional<ListedRow> made;
    const auto rowToWrite = [&]() -> const ListedRow & {
        if (listed)
            return *listed;
        return made ? *made : made.emplace(subscriptionId, r, hash);
    };

    auto it = session.rows.find(r.requestId);
    if (it == session.rows.end()) {
        std::optional<Cached> stored;
        if (!session.fullMap && !lookup(r.requestId, &stored, error))
            return false;
        if (!stored) {
            // New to the cache (or, rarely, cached under another subscription: then it moves here).
            if (!upsertRow(session, rowToWrite(), error))
                return false;
            Cached added;
            added.hash = hash;
            added.addedAt = session.changes.added.size();
            added.seen = true;
            session.changes.added.append(RequestChange {r.requestId, subscriptionId, RequestStatus(), r.status});
            session.rows.insert(r.requestId, added);
            return true;
        }
        it = session.rows.insert(r.requestId, *stored);
    }

    Cached &row = *it;
    if (row.hash == hash) {
        if (!row.seen) {
            row.seen = true;
            ++session.changes.unchanged;
        }
        return true;
    }
    // The server's record does not say when the request was approved: keep what the profile
    // knows, and when this merge is the first to see it turn Approved, that is the best estimate.
    if (row.approvalSource == ApprovalSource::None && r.status.kind() == RequestStatus::Kind::Approved
        && RequestStatus::fromString(row.status).kind() != RequestStatus::Kind::Approved) {
        row.approvedMs = session.nowMs;
        row.approvalSource = ApprovalSource::Observed;
        m_db.commitDurably(); // only this profile knows it: the next sync cannot restore it
    }
    if (row.approvalSource == ApprovalSource::None) {
        if (!upsertRow(session, rowToWrite(), error))
            return false;
    } else {
        AccessRequest approved = r;
        approved.approvedAt = QDateTime::fromMSecsSinceEpoch(row.approvedMs, Qt::UTC);
        approved.approvalSource = row.approvalSource;
        if (!upsertRow(session, ListedRow(subscriptionId, approved, hash), error))
            return false;
    }
    if (row.addedAt >= 0) {
        session.changes.added[row.addedAt].newStatus = r.status; // listed twice in one merge: one addition
    } else if (row.changedAt >= 0) {
        session.changes.changed[row.changedAt].newStatus = r.status;
    } else {
        if (row.seen)
            --session.changes.unchanged; // counted as unchanged at its first listing
        row.changedAt = session.changes.changed.size();
        session.changes.changed.append(
            RequestChange {r.requestId, subscriptionId, RequestStatus::fromString(row.status), r.status});
    }
    row.hash = hash;
    row.seen = true;
    return true;
}

bool RequestStore::deleteUnseen(Session &session, QString *error)
{
    QSqlQuery *q = nullptr;
    for (auto it = session.rows.constBegin(); it != session.rows.constEnd(); ++it) {
        if (it->seen)
            continue;
        if (!q && !(q = m_db.prepared(u"DELETE FROM requests WHERE request_id = ?"_s, error)))
            return false;
        q->bindValue(0, it.key());
        if (!m_db.exec(q, error))
            return false;
        const RequestStatus last = RequestStatus::fromString(it->status);
        session.changes.removed.append(RequestChange {it.key(), session.subscriptionId, last, last});
    }
    return true;
}

std::optional<ChangeSet> RequestStore::mergeFull(const QString &subscriptionId, const QList<AccessRequest> &requests,
                                                 QString *error, CacheStamp *stampAfter)
{
    if (subscriptionId.isEmpty()) {
        if (error)
            *error = tr("A full merge needs a subscription id.");
        return std::nullopt;
    }
    if (m_session) {
        if (error)
            *error = tr("A merge session is open; commit or abort it first.");
        return std::nullopt;
    }
    Session session = newSession(subscriptionId, true);
    const bool ok = m_db.write(
        [&](QString *bodyError) {
            if (!loadSubscription(session, bodyError))
                return false;
            for (const AccessRequest &request : requests) {
                if (!mergeOne(session, request, bodyError))
                    return false;
            }
            return deleteUnseen(session, bodyError) && readStamp(subscriptionId, stampAfter, bodyError);
        },
        error, Database::Durability::Cache);
    if (!ok)
        return std::nullopt;
    remember(session);
    qCDebug(lcStore) << "full merge of" << subscriptionId << ":" << session.changes.added.size() << "added,"
                     << session.changes.changed.size() << "changed," << session.changes.removed.size() << "removed,"
                     << session.changes.unchanged << "unchanged";
    return session.changes;
}

bool RequestStore::beginMerge(const QString &subscriptionId, QString *error)
{
    if (subscriptionId.isEmpty()) {
        if (error)
            *error = tr("A full merge needs a subscription id.");
        return false;
    }
    if (m_session || m_db.inTransaction()) {
        if (error)
            *error = tr("Another merge or write is in progress on this connection.");
        return false;
    }
    if (!m_db.begin(error, Database::Durability::Cache))
        return false;
    Session session = newSession(subscriptionId, true);
    if (!loadSubscription(session, error)) {
        m_db.rollback();
        return false;
    }
    m_session = std::move(session);
    return true;
}

bool RequestStore::addPage(const QList<AccessRequest> &page, QString *error)
{
    if (!m_session) {
        if (error)
            *error = tr("No merge session is open.");
        return false;
    }
    for (const AccessRequest &request : page) {
        if (!mergeOne(*m_session, request, error)) {
            abortMerge();
            return false;
        }
    }
    return true;
}

bool RequestStore::addPage(const QList<AccessRequest> &page, const QList<ListedRow> &rows, QString *error)
{
    if (rows.size() != page.size())
        return addPage(page, error);
    if (!m_session) {
        if (error)
            *error = tr("No merge session is open.");
        return false;
    }
    for (qsizetype i = 0; i < page.size(); ++i) {
        if (!mergeOne(*m_session, page.at(i), error, &rows.at(i))) {
            abortMerge();
            return false;
        }
    }
    return true;
}

std::optional<ChangeSet> RequestStore::commitMerge(QString *error, CacheStamp *stampAfter)
{
    if (!m_session) {
        if (error)
            *error = tr("No merge session is open.");
        return std::nullopt;
    }
    if (!deleteUnseen(*m_session, error) || !readStamp(m_session->subscriptionId, stampAfter, error)) {
        abortMerge();
        return std::nullopt;
    }
    if (!m_db.commit(error)) { // commit() rolls back on failure
        m_session.reset();
        return std::nullopt;
    }
    remember(*m_session);
    ChangeSet changes = std::move(m_session->changes);
    m_session.reset();
    return changes;
}

void RequestStore::abortMerge()
{
    if (!m_session)
        return;
    m_session.reset();
    m_db.rollback();
}

std::optional<ChangeSet> RequestStore::mergePending(const QString &subscriptionId, const QList<AccessRequest> &requests,
                                                    QStringList *vanished, QString *error, CacheStamp *stampAfter)
{
    if (subscriptionId.isEmpty()) {
        if (error)
            *error = tr("A pending merge needs a subscription id.");
        return std::nullopt;
    }
    Session session = newSession(subscriptionId, false);
    QStringList missing;
    const bool ok = m_db.write(
        [&](QString *bodyError) {
            for (const AccessRequest &request : requests) {
                if (!mergeOne(session, request, bodyError))
                    return false;
            }
            QSqlQuery *q = m_db.prepared(u"SELECT request_id FROM requests WHERE subscription_id = ?"
                                         " AND status IN (SELECT value FROM json_each(?)) ORDER BY request_id"_s,
                                         bodyError);
            if (!q)
                return false;
            q->bindValue(0, subscriptionId);
            q->bindValue(1, sql::jsonArray(kOpenStatuses));
            if (!m_db.exec(q, bodyError))
                return false;
            while (q->next()) {
                const QString id = q->value(0).toString();
                const auto row = session.rows.constFind(id);
                if (row == session.rows.constEnd() || !row->seen)
                    missing.append(id);
            }
            q->finish();
            return readStamp(subscriptionId, stampAfter, bodyError);
        },
        error, Database::Durability::Cache);
    if (!ok)
        return std::nullopt;
    remember(session);
    if (vanished)
        *vanished = missing;
    return session.changes;
}

std::optional<ChangeSet> RequestStore::upsertOne(const AccessRequest &request, QString *error)
{
    Session session = newSession(QString(), false);
    const bool ok = m_db.write(
        [&](QString *bodyError) {
            // ARM may spell the subscription id in another case than the configuration the merges
            // store it under; the content hash covers that spelling, so the cached one is kept
            // and an unchanged request stays unchanged.
            QSqlQuery *q = m_db.prepared(u"SELECT subscription_id FROM requests WHERE request_id = ?"_s, bodyError);
            if (!q)
                return false;
            q->bindValue(0, request.requestId);
            if (!m_db.exec(q, bodyError))
                return false;
            const QString cached = q->next() ? q->value(0).toString() : QString();
            q->finish();
            if (!cached.isEmpty() && cached.compare(request.subscriptionId, Qt::CaseInsensitive) == 0)
                session.subscriptionId = cached;
            return mergeOne(session, request, bodyError);
        },
        error, Database::Durability::Cache);
    if (!ok)
        return std::nullopt;
    remember(session);
    return session.changes;
}

std::optional<ChangeSet> RequestStore::recordApproval(const QString &requestId, const QDateTime &approvedAt,
                                                      ApprovalSource source, QString *error)
{
    ChangeSet changes;
    if (!approvedAt.isValid() || source == ApprovalSource::None)
        return changes;
    QByteArray hash;
    qint64 approvedMs = approvedAt.toMSecsSinceEpoch();
    const bool ok = m_db.write(
        [&](QString *bodyError) {
            QString readError;
            std::optional<AccessRequest> stored = request(requestId, &readError);
            if (!stored) {
                if (bodyError)
                    *bodyError = readError;
                return readError.isEmpty(); // not cached: nothing to record
            }
            if (stored->approvalSource >= source)
                return true;
            stored->approvedAt = approvedAt.toUTC();
            stored->approvalSource = source;
            QSqlQuery *q = m_db.prepared(u"UPDATE requests SET approved_ms = ?, approval_source = ?,"
                                         " active_until_ms = ? WHERE request_id = ? RETURNING content_hash"_s,
                                         bodyError);
            if (!q)
                return false;
            q->bindValue(0, qlonglong(approvedMs));
            q->bindValue(1, approvalSource(source));
            q->bindValue(2, sql::time(stored->accessEndsAt()));
            q->bindValue(3, stored->requestId);
            if (!m_db.exec(q, bodyError))
                return false;
            if (q->next())
                hash = q->value(0).toByteArray();
            q->finish();
            changes.changed.append(
                RequestChange {stored->requestId, stored->subscriptionId, stored->status, stored->status});
            return true;
        },
        error);
    if (!ok)
        return std::nullopt;
    if (m_tracking) {
        for (const RequestChange &c : std::as_const(changes.changed)) {
            if (const auto it = m_shown.find(c.requestId); it != m_shown.end())
                it->digest = fingerprintOf(hash, approvedMs);
        }
    }
    return changes;
}

} // namespace lockbox::store
