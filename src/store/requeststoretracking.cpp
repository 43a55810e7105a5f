// RequestStore's view of other writers: the baseline of what a reader was told (a fingerprint a
// request), kept up to date by this connection's merges and compared with the cache to find what
// other connections committed.

#include "database.h"
#include "requeststore.h"
#include "storelogging.h"

#include <QSqlQuery>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

quint64 digestOf(const QByteArray &hash)
{
    return hash.size() >= 8 ? qFromLittleEndian<quint64>(hash.constData()) : qHash(hash);
}

qint64 approvedMsOf(const QVariant &value)
{
    return value.isNull() ? -1 : value.toLongLong();
}

} // namespace

quint64 RequestStore::fingerprintOf(const QByteArray &hash, qint64 approvedMs)
{
    // The approval time is local knowledge outside the content hash; another connection that
    // records one (lockboxctl's decision, an Activity Log import) changes the row all the same.
    quint64 mixed = quint64(approvedMs) * 0x9E3779B97F4A7C15ULL;
    mixed ^= mixed >> 31;
    return digestOf(hash) ^ (approvedMs < 0 ? 0 : mixed);
}

bool RequestStore::trackShown(QString *error)
{
    QSqlQuery *q =
        m_db.prepared(u"SELECT request_id, subscription_id, status, content_hash, approved_ms FROM requests"_s, error);
    if (!q || !m_db.exec(q, error))
        return false;
    QHash<QString, Fingerprint> shown;
    while (q->next()) {
        shown.insert(q->value(0).toString(),
                     Fingerprint {fingerprintOf(q->value(3).toByteArray(), approvedMsOf(q->value(4))),
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
            const Cached row = session.rows.value(c.requestId);
            f.digest = fingerprintOf(row.hash, row.approvedMs);
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
    QSqlQuery *q = m_db.prepared(u"SELECT request_id, content_hash, approved_ms FROM requests"_s, error);
    if (!q || !m_db.exec(q, error))
        return std::nullopt;
    const quint32 scan = ++m_scans;
    QList<std::pair<QString, quint64>> differing;
    while (q->next()) {
        const QString id = q->value(0).toString();
        const quint64 digest = fingerprintOf(q->value(1).toByteArray(), approvedMsOf(q->value(2)));
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

} // namespace lockbox::store
