#include "requeststore.h"

#include "contenthash.h"
#include "database.h"
#include "sqlvalues.h"
#include "storelogging.h"

#include "core/clock.h"

#include <QSqlQuery>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

const QString kColumns = u"request_id, subscription_id, status, created_ms, expiration_ms, duration, access_level,"
                         " resource_type, support_request, support_case_url, work_item_source, arm_id, name, type,"
                         " resource_ids, justification"_s;

// Named placeholders, bound by name: QtSql's positional binding formats a placeholder name for
// every value bound, a measurable cost at 20 values a row and 100,000 rows.
const QString kUpsert =
    u"INSERT INTO requests (request_id, subscription_id, status, content_hash, created_ms, expiration_ms,"
    " active_until_ms, first_seen_ms, last_seen_ms, duration, access_level, resource_type, support_request,"
    " support_case_url, work_item_source, arm_id, name, type, resource_ids, justification)"
    " VALUES (:a, :b, :c, :d, :e, :f, :g, :h, :i, :j, :k, :l, :m, :n, :o, :p, :q, :r, :s, :t)"
    " ON CONFLICT (request_id) DO UPDATE SET subscription_id = excluded.subscription_id,"
    " status = excluded.status, content_hash = excluded.content_hash, created_ms = excluded.created_ms,"
    " expiration_ms = excluded.expiration_ms, active_until_ms = excluded.active_until_ms,"
    " last_seen_ms = excluded.last_seen_ms, duration = excluded.duration, access_level = excluded.access_level,"
    " resource_type = excluded.resource_type, support_request = excluded.support_request,"
    " support_case_url = excluded.support_case_url, work_item_source = excluded.work_item_source,"
    " arm_id = excluded.arm_id, name = excluded.name, type = excluded.type,"
    " resource_ids = excluded.resource_ids, justification = excluded.justification"_s;
const QString kUpsertNames[20] = {u":a"_s, u":b"_s, u":c"_s, u":d"_s, u":e"_s, u":f"_s, u":g"_s,
                                  u":h"_s, u":i"_s, u":j"_s, u":k"_s, u":l"_s, u":m"_s, u":n"_s,
                                  u":o"_s, u":p"_s, u":q"_s, u":r"_s, u":s"_s, u":t"_s};

// Statuses whose request may still move without us deciding: the pending poll watches these.
const QStringList kOpenStatuses = {RequestStatus::name(RequestStatus::Kind::Pending),
                                   RequestStatus::name(RequestStatus::Kind::Approving),
                                   RequestStatus::name(RequestStatus::Kind::Denying)};

AccessRequest fromRow(const QSqlQuery &q, StringPool &strings)
{
    AccessRequest r;
    r.requestId = q.value(0).toString();
    r.subscriptionId = strings.intern(q.value(1).toString());
    r.status = RequestStatus::fromString(q.value(2).toString());
    r.createdDateTime = sql::toTime(q.value(3));
    r.expirationDateTime = sql::toTime(q.value(4));
    r.duration = strings.intern(q.value(5).toString());
    const QVariant accessLevel = q.value(6);
    if (!accessLevel.isNull())
        r.accessLevel = strings.intern(accessLevel.toString());
    r.resourceType = strings.intern(q.value(7).toString());
    r.supportRequest = q.value(8).toString();
    r.supportCaseUrl = q.value(9).toString();
    r.workItemSource = strings.intern(q.value(10).toString());
    r.armId = q.value(11).toString();
    r.name = q.value(12).toString();
    r.type = strings.intern(q.value(13).toString());
    r.resourceIds = sql::fromJsonArray(q.value(14).toString());
    for (QString &id : r.resourceIds)
        id = strings.intern(id);
    r.justification = q.value(15).toString();
    return r;
}

quint64 digestOf(const QByteArray &hash)
{
    return hash.size() >= 8 ? qFromLittleEndian<quint64>(hash.constData()) : qHash(hash);
}

QVariant activeUntil(const AccessRequest &r)
{
    if (!r.createdDateTime.isValid())
        return QVariant(QMetaType::fromType<qlonglong>());
    const qint64 hours = r.durationHours().value_or(kDefaultAccessHours);
    return {qlonglong(r.createdDateTime.toMSecsSinceEpoch() + hours * 3600 * 1000)};
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
    QSqlQuery *q =
        m_db.prepared(u"SELECT request_id, content_hash, status FROM requests WHERE subscription_id = ?"_s, error);
    if (!q)
        return false;
    q->bindValue(0, session.subscriptionId);
    if (!m_db.exec(q, error))
        return false;
    while (q->next()) {
        Cached row;
        row.hash = q->value(1).toByteArray();
        row.status = q->value(2).toString();
        session.rows.insert(q->value(0).toString(), row);
    }
    q->finish();
    return true;
}

bool RequestStore::lookup(const QString &requestId, std::optional<Cached> *found, QString *error)
{
    QSqlQuery *q = m_db.prepared(u"SELECT content_hash, status FROM requests WHERE request_id = ?"_s, error);
    if (!q)
        return false;
    q->bindValue(0, requestId);
    if (!m_db.exec(q, error))
        return false;
    if (q->next()) {
        Cached row;
        row.hash = q->value(0).toByteArray();
        row.status = q->value(1).toString();
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
    if (!request.subscriptionId.isEmpty()
        && request.subscriptionId.compare(session.subscriptionId, Qt::CaseInsensitive) != 0) {
        if (error)
            *error = tr("Request %1 belongs to subscription %2, but came in the list of subscription %3.")
                         .arg(request.requestId, request.subscriptionId, session.subscriptionId);
        return false;
    }
    *subscriptionId = session.subscriptionId;
    return true;
}

bool RequestStore::upsertRow(const AccessRequest &r, const QString &subscriptionId, const QByteArray &hash,
                             qint64 nowMs, QString *error)
{
    QSqlQuery *q = m_db.prepared(kUpsert, error);
    if (!q)
        return false;
    const QVariant values[20] = {
        sql::text(r.requestId),
        sql::text(subscriptionId),
        sql::text(r.status.toString()),
        hash,
        sql::time(r.createdDateTime),
        sql::time(r.expirationDateTime),
        activeUntil(r),
        qlonglong(nowMs),
        qlonglong(nowMs),
        sql::text(r.duration),
        sql::optionalText(r.accessLevel),
        sql::text(r.resourceType),
        sql::text(r.supportRequest),
        sql::text(r.supportCaseUrl),
        sql::text(r.workItemSource),
        sql::text(r.armId),
        sql::text(r.name),
        sql::text(r.type),
        sql::jsonArray(r.resourceIds),
        sql::text(r.justification),
    };
    for (int i = 0; i < 20; ++i)
        q->bindValue(kUpsertNames[i], values[i]);
    return m_db.exec(q, error);
}

bool RequestStore::mergeOne(Session &session, const AccessRequest &request, QString *error)
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
    const QByteArray hash = contentHash(r);

    auto it = session.rows.find(r.requestId);
    if (it == session.rows.end()) {
        std::optional<Cached> stored;
        if (!session.fullMap && !lookup(r.requestId, &stored, error))
            return false;
        if (!stored) {
            // New to the cache (or, rarely, cached under another subscription: then it moves here).
            if (!upsertRow(r, subscriptionId, hash, session.nowMs, error))
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
    if (!upsertRow(r, subscriptionId, hash, session.nowMs, error))
        return false;
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
                                                 QString *error)
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
            return deleteUnseen(session, bodyError);
        },
        error);
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
    if (!m_db.begin(error))
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

std::optional<ChangeSet> RequestStore::commitMerge(QString *error)
{
    if (!m_session) {
        if (error)
            *error = tr("No merge session is open.");
        return std::nullopt;
    }
    if (!deleteUnseen(*m_session, error)) {
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
                                                    QStringList *vanished, QString *error)
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
            return true;
        },
        error);
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
    const bool ok = m_db.write([&](QString *bodyError) { return mergeOne(session, request, bodyError); }, error);
    if (!ok)
        return std::nullopt;
    remember(session);
    return session.changes;
}

std::optional<AccessRequest> RequestStore::request(const QString &requestId, QString *error) const
{
    QSqlQuery *q = m_db.prepared(u"SELECT "_s + kColumns + u" FROM requests WHERE request_id = ?"_s, error);
    if (!q || (q->bindValue(0, requestId), !m_db.exec(q, error)))
        return std::nullopt;
    std::optional<AccessRequest> found;
    if (q->next())
        found = fromRow(*q, m_strings);
    q->finish();
    return found;
}

QString RequestStore::whereClause(const RequestQuery &query, QVariantList *values) const
{
    QStringList terms;
    const qint64 nowMs = (query.now.isValid() ? query.now : m_clock.now()).toMSecsSinceEpoch();
    switch (query.quick) {
    case QuickFilter::All:
        break;
    case QuickFilter::Pending:
        terms.append(u"status = 'Pending'"_s);
        break;
    case QuickFilter::Active:
        terms.append(u"(status = 'Approved' AND active_until_ms > ?)"_s);
        values->append(qlonglong(nowMs));
        break;
    case QuickFilter::History:
        terms.append(u"(status <> 'Pending' AND NOT (status = 'Approved' AND active_until_ms IS NOT NULL"
                     " AND active_until_ms > ?))"_s);
        values->append(qlonglong(nowMs));
        break;
    }
    if (!query.statuses.isEmpty()) {
        QStringList names;
        for (const RequestStatus &status : query.statuses)
            names.append(status.toString());
        terms.append(u"status IN (SELECT value FROM json_each(?))"_s);
        values->append(sql::jsonArray(names));
    }
    if (!query.subscriptionIds.isEmpty()) {
        terms.append(u"subscription_id IN (SELECT value FROM json_each(?))"_s);
        values->append(sql::jsonArray(query.subscriptionIds));
    }
    if (!query.text.isEmpty()) {
        static const QStringList kSearched = {u"request_id"_s,     u"subscription_id"_s, u"status"_s,
                                              u"justification"_s,  u"resource_type"_s,   u"resource_ids"_s,
                                              u"support_request"_s};
        QStringList likes;
        const QString pattern = sql::containsPattern(query.text);
        for (const QString &column : kSearched) {
            likes.append(column + u" LIKE ? ESCAPE '\\'"_s);
            values->append(pattern);
        }
        terms.append(u'(' + likes.join(u" OR "_s) + u')');
    }
    if (terms.isEmpty())
        return {};
    return u" WHERE "_s + terms.join(u" AND "_s);
}

QList<AccessRequest> RequestStore::requests(const RequestQuery &query, QString *error) const
{
    QVariantList values;
    const QString sqlText = u"SELECT "_s + kColumns + u" FROM requests"_s + whereClause(query, &values)
        + u" ORDER BY created_ms DESC, request_id LIMIT ? OFFSET ?"_s;
    values.append(query.limit < 0 ? -1 : query.limit);
    values.append(qMax(0, query.offset));

    QList<AccessRequest> out;
    QSqlQuery *q = m_db.run(sqlText, values, error);
    if (!q)
        return out;
    while (q->next())
        out.append(fromRow(*q, m_strings));
    q->finish();
    return out;
}

bool RequestStore::trackShown(QString *error)
{
    QSqlQuery *q = m_db.prepared(u"SELECT request_id, subscription_id, status, content_hash FROM requests"_s, error);
    if (!q || !m_db.exec(q, error))
        return false;
    QHash<QString, Fingerprint> shown;
    while (q->next()) {
        shown.insert(q->value(0).toString(),
                     Fingerprint {digestOf(q->value(3).toByteArray()),
                                  RequestStatus::fromString(q->value(2).toString()),
                                  m_strings.intern(q->value(1).toString()), m_scans});
    }
    q->finish();
    m_shown = std::move(shown);
    m_tracking = true;
    return true;
}

ChangeSet RequestStore::shownAsChanged() const
{
    ChangeSet changes;
    changes.changed.reserve(m_shown.size());
    for (auto it = m_shown.cbegin(); it != m_shown.cend(); ++it)
        changes.changed.append(RequestChange {it.key(), it->subscriptionId, it->status, it->status});
    return changes;
}

void RequestStore::remember(const Session &session)
{
    if (!m_tracking)
        return;
    for (const QList<RequestChange> *list : {&session.changes.added, &session.changes.changed}) {
        for (const RequestChange &c : *list) {
            Fingerprint &f = m_shown[c.requestId];
            f.digest = digestOf(session.rows.value(c.requestId).hash);
            f.status = c.newStatus;
            f.subscriptionId = m_strings.intern(c.subscriptionId);
        }
    }
    for (const RequestChange &c : session.changes.removed)
        m_shown.remove(c.requestId);
}

std::optional<ChangeSet> RequestStore::othersChanges(QString *error)
{
    ChangeSet changes;
    if (!m_tracking || m_session)
        return changes;
    // Ids and hashes only (each column read costs): the few rows that differ are read afterwards.
    QSqlQuery *q = m_db.prepared(u"SELECT request_id, content_hash FROM requests"_s, error);
    if (!q || !m_db.exec(q, error))
        return std::nullopt;
    const quint32 scan = ++m_scans;
    QList<std::pair<QString, quint64>> differing;
    while (q->next()) {
        const QString id = q->value(0).toString();
        const quint64 digest = digestOf(q->value(1).toByteArray());
        const auto it = m_shown.find(id);
        if (it != m_shown.end()) {
            it->scan = scan;
            if (it->digest == digest)
                continue;
        }
        differing.append({id, digest});
    }
    q->finish();
    for (const auto &[id, digest] : std::as_const(differing)) {
        QSqlQuery *row = m_db.prepared(u"SELECT subscription_id, status FROM requests WHERE request_id = ?"_s, error);
        if (!row)
            return std::nullopt;
        row->bindValue(0, id);
        if (!m_db.exec(row, error))
            return std::nullopt;
        if (!row->next()) {
            row->finish();
            continue; // deleted since the scan: the next call finds it gone
        }
        const QString subscriptionId = m_strings.intern(row->value(0).toString());
        const RequestStatus status = RequestStatus::fromString(row->value(1).toString());
        row->finish();
        const auto it = m_shown.find(id);
        if (it == m_shown.end()) {
            changes.added.append(RequestChange {id, subscriptionId, RequestStatus(), status});
            m_shown.insert(id, Fingerprint {digest, status, subscriptionId, scan});
        } else {
            changes.changed.append(RequestChange {id, subscriptionId, it->status, status});
            *it = Fingerprint {digest, status, subscriptionId, scan};
        }
    }
    for (auto it = m_shown.begin(); it != m_shown.end();) {
        if (it->scan == scan) {
            ++it;
            continue;
        }
        changes.removed.append(RequestChange {it.key(), it->subscriptionId, it->status, it->status});
        it = m_shown.erase(it);
    }
    if (!changes.isEmpty())
        qCDebug(lcStore) << "written by another connection:" << changes.added.size() << "added,"
                         << changes.changed.size() << "changed," << changes.removed.size() << "removed";
    return changes;
}

int RequestStore::count(const RequestQuery &query, QString *error) const
{
    QVariantList values;
    const QString sqlText = u"SELECT COUNT(*) FROM requests"_s + whereClause(query, &values);
    QSqlQuery *q = m_db.run(sqlText, values, error);
    if (!q)
        return -1;
    const int n = q->next() ? q->value(0).toInt() : 0;
    q->finish();
    return n;
}

RequestCounts RequestStore::counts(const QDateTime &now, const QStringList &subscriptionIds, QString *error) const
{
    RequestCounts counts;
    QString sqlText = u"SELECT COUNT(*), COALESCE(SUM(status = 'Pending'), 0),"
                      " COALESCE(SUM(status = 'Approved' AND active_until_ms > ?), 0) FROM requests"_s;
    if (!subscriptionIds.isEmpty())
        sqlText += u" WHERE subscription_id IN (SELECT value FROM json_each(?))"_s;
    QSqlQuery *q = m_db.prepared(sqlText, error);
    if (!q)
        return counts;
    q->bindValue(0, qlonglong((now.isValid() ? now : m_clock.now()).toMSecsSinceEpoch()));
    if (!subscriptionIds.isEmpty())
        q->bindValue(1, sql::jsonArray(subscriptionIds));
    if (!m_db.exec(q, error))
        return counts;
    if (q->next()) {
        counts.all = q->value(0).toInt();
        counts.pending = q->value(1).toInt();
        counts.active = q->value(2).toInt();
        counts.history = counts.all - counts.pending - counts.active;
    }
    q->finish();
    return counts;
}

QStringList RequestStore::subscriptions(QString *error) const
{
    QStringList out;
    QSqlQuery *q = m_db.prepared(u"SELECT DISTINCT subscription_id FROM requests ORDER BY subscription_id"_s, error);
    if (!q || !m_db.exec(q, error))
        return out;
    while (q->next())
        out.append(q->value(0).toString());
    q->finish();
    return out;
}

} // namespace lockbox::store
