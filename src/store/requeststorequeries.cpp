// RequestStore's reads: one request, the requests and the count a RequestQuery selects (its SQL
// text built from the query, every value bound), the counts per quick filter and the
// subscriptions.

#include "database.h"
#include "requeststore.h"
#include "sqlvalues.h"

#include "core/clock.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

const QString kColumns = u"request_id, subscription_id, status, created_ms, expiration_ms, duration, access_level,"
                         " resource_type, support_request, support_case_url, work_item_source, arm_id, name, type,"
                         " resource_ids, justification, approved_ms, approval_source"_s;

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
    if (const QVariant approvedMs = q.value(16); !approvedMs.isNull()) {
        r.approvedAt = sql::toTime(approvedMs);
        r.approvalSource = AccessRequest::approvalSourceFromName(q.value(17).toString());
        if (r.approvalSource == ApprovalSource::None)
            r.approvedAt = {}; // a source this version does not know: not trusted
    }
    return r;
}

} // namespace

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

std::optional<CacheStamp> RequestStore::cacheStamp(const QString &subscriptionId, QString *error) const
{
    // last_seen_ms is set by every write of a row's content; the sum is taken modulo a prime so
    // that it never overflows, whatever the number of rows.
    QSqlQuery *q = m_db.prepared(u"SELECT COUNT(*), COALESCE(MAX(last_seen_ms), 0),"
                                 " COALESCE(SUM(last_seen_ms % 1000000007), 0) FROM requests"
                                 " WHERE subscription_id = ?"_s,
                                 error);
    if (!q)
        return std::nullopt;
    q->bindValue(0, subscriptionId);
    if (!m_db.exec(q, error))
        return std::nullopt;
    CacheStamp stamp;
    if (q->next()) {
        stamp.rows = q->value(0).toLongLong();
        stamp.lastSeenMax = q->value(1).toLongLong();
        stamp.lastSeenSum = q->value(2).toLongLong();
    }
    q->finish();
    return stamp;
}

bool RequestStore::readStamp(const QString &subscriptionId, CacheStamp *out, QString *error) const
{
    if (!out)
        return true;
    const std::optional<CacheStamp> stamp = cacheStamp(subscriptionId, error);
    if (!stamp)
        return false;
    *out = *stamp;
    return true;
}

} // namespace lockbox::store
