#include "auditlog.h"

#include "database.h"
#include "sqlvalues.h"
#include "storelogging.h"

#include "core/clock.h"

#include <QCryptographicHash>
#include <QScopeGuard>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

const QString kColumns = u"seq, time_ms, actor, action, request_id, subscription_id, reason, outcome, source,"
                         " external_id, prev_hash, hash"_s;

// Reads a row of kColumns. `sourceKnown` is false when the source column holds neither word.
AuditRecord fromRow(const QSqlQuery &q, bool *sourceKnown = nullptr)
{
    AuditRecord r;
    r.sequence = q.value(0).toLongLong();
    r.time = sql::toTime(q.value(1));
    r.actor = q.value(2).toString();
    r.action = q.value(3).toString();
    r.requestId = q.value(4).toString();
    r.subscriptionId = q.value(5).toString();
    r.reason = q.value(6).toString();
    r.outcome = q.value(7).toString();
    const QString source = q.value(8).toString();
    r.source = source == AuditRecord::sourceName(AuditRecord::Source::Azure) ? AuditRecord::Source::Azure
                                                                             : AuditRecord::Source::Local;
    if (sourceKnown)
        *sourceKnown = source == AuditRecord::sourceName(r.source);
    r.externalId = q.value(9).toString();
    r.previousHash = q.value(10).toString().toLatin1();
    r.hash = q.value(11).toString().toLatin1();
    return r;
}

} // namespace

AuditLog::AuditLog(Database &database, const Clock &clock)
    : m_db(database)
    , m_clock(clock)
{
}

QByteArray AuditLog::canonicalForm(const AuditRecord &r)
{
    QByteArray out;
    out.reserve(256 + r.reason.size() + r.outcome.size());
    const QString fields[] = {
        u"lockbox-audit/1"_s,
        QString::number(r.sequence),
        r.time.isValid() ? QString::number(r.time.toMSecsSinceEpoch()) : QString(),
        r.actor,
        r.action,
        r.requestId,
        r.subscriptionId,
        r.reason,
        r.outcome,
        AuditRecord::sourceName(r.source),
        r.externalId,
    };
    out.append('[');
    bool first = true;
    for (const QString &field : fields) {
        if (!first)
            out.append(',');
        first = false;
        sql::appendJsonString(out, field);
    }
    out.append(']');
    return out;
}

QByteArray AuditLog::computeHash(const AuditRecord &record)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(record.previousHash);
    hash.addData(canonicalForm(record));
    return hash.result().toHex();
}

std::optional<AuditRecord> AuditLog::append(const AuditRecord &record, QString *error)
{
    std::optional<AuditRecord> stored;
    const bool ok = m_db.write(
        [&](QString *bodyError) {
            stored = appendInTransaction(record, bodyError);
            return stored.has_value();
        },
        error);
    return ok ? stored : std::nullopt;
}

std::optional<AuditRecord> AuditLog::appendInTransaction(const AuditRecord &record, QString *error)
{
    if (!m_db.inTransaction()) {
        if (error)
            *error = tr("Internal error: an audit record was appended outside a transaction.");
        return std::nullopt;
    }
    AuditRecord r;
    r.time = record.time.isValid() ? record.time : m_clock.now();
    r.time = QDateTime::fromMSecsSinceEpoch(r.time.toMSecsSinceEpoch(), Qt::UTC);
    // Hashed as SQLite will give the text back, so that verify() recomputes the same bytes.
    r.actor = sql::storable(record.actor);
    r.action = sql::storable(record.action);
    r.requestId = sql::storable(record.requestId);
    r.subscriptionId = sql::storable(record.subscriptionId);
    r.reason = sql::storable(record.reason);
    r.outcome = sql::storable(record.outcome);
    r.source = record.source;
    if (r.source == AuditRecord::Source::Azure) {
        r.externalId = sql::storable(record.externalId);
        if (r.externalId.isEmpty()) {
            if (error)
                *error = tr("An Activity Log record without an event id cannot be imported (it could not be told "
                            "apart from a second import).");
            return std::nullopt;
        }
    }

    QSqlQuery *head = m_db.prepared(u"SELECT seq, hash FROM audit_head WHERE id = 1"_s, error);
    if (!head || !m_db.exec(head, error))
        return std::nullopt;
    if (!head->next()) {
        head->finish();
        if (error)
            *error = tr("The audit log of %1 has lost its head record; run a verification.").arg(m_db.filePath());
        return std::nullopt;
    }
    r.sequence = head->value(0).toLongLong() + 1;
    r.previousHash = head->value(1).toString().toLatin1();
    head->finish();
    r.hash = computeHash(r);

    QSqlQuery *insert = m_db.prepared(u"INSERT INTO audit (seq, time_ms, actor, action, request_id, subscription_id,"
                                      " reason, outcome, source, external_id, prev_hash, hash)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                                      error);
    if (!insert)
        return std::nullopt;
    insert->bindValue(0, qlonglong(r.sequence));
    insert->bindValue(1, sql::time(r.time));
    insert->bindValue(2, sql::text(r.actor));
    insert->bindValue(3, sql::text(r.action));
    insert->bindValue(4, sql::text(r.requestId));
    insert->bindValue(5, sql::text(r.subscriptionId));
    insert->bindValue(6, sql::text(r.reason));
    insert->bindValue(7, sql::text(r.outcome));
    insert->bindValue(8, AuditRecord::sourceName(r.source));
    insert->bindValue(9, sql::textOrNull(r.externalId));
    insert->bindValue(10, sql::text(QString::fromLatin1(r.previousHash)));
    insert->bindValue(11, sql::text(QString::fromLatin1(r.hash)));
    if (!m_db.exec(insert, error))
        return std::nullopt;

    QSqlQuery *move = m_db.prepared(u"UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1"_s, error);
    if (!move)
        return std::nullopt;
    move->bindValue(0, qlonglong(r.sequence));
    move->bindValue(1, sql::text(QString::fromLatin1(r.hash)));
    if (!m_db.exec(move, error))
        return std::nullopt;
    return r;
}

std::optional<int> AuditLog::importAzure(const QList<AuditRecord> &records, QString *error)
{
    int imported = 0;
    const bool ok = m_db.write(
        [&](QString *bodyError) {
            for (const AuditRecord &record : records) {
                const QString externalId = sql::storable(record.externalId);
                if (!externalId.isEmpty()) {
                    QSqlQuery *exists = m_db.prepared(u"SELECT 1 FROM audit WHERE external_id = ?"_s, bodyError);
                    if (!exists)
                        return false;
                    exists->bindValue(0, externalId);
                    if (!m_db.exec(exists, bodyError))
                        return false;
                    const bool known = exists->next();
                    exists->finish();
                    if (known)
                        continue; // imported before, or twice in this batch
                }
                AuditRecord azure = record;
                azure.source = AuditRecord::Source::Azure;
                if (!appendInTransaction(azure, bodyError))
                    return false;
                ++imported;
            }
            return true;
        },
        error);
    if (!ok)
        return std::nullopt;
    qCDebug(lcStore) << "imported" << imported << "of" << records.size() << "Activity Log records";
    return imported;
}

AuditVerification AuditLog::verify() const
{
    AuditVerification result;
    QString error;
    auto unreadable = [&](const QString &why) {
        result.ok = false;
        result.message = tr("The audit log in %1 cannot be read: %2").arg(m_db.filePath(), why);
        return result;
    };

    // The records and the head are read in one snapshot: another process may append between two
    // separate reads, which would look like records missing from the end.
    const bool ownSnapshot = !m_db.inTransaction();
    if (ownSnapshot && !m_db.execute(u"BEGIN"_s, &error))
        return unreadable(error);
    const auto endSnapshot = qScopeGuard([this, ownSnapshot] {
        if (ownSnapshot && !m_db.execute(u"COMMIT"_s))
            m_db.execute(u"ROLLBACK"_s);
    });

    QSqlQuery *q = m_db.prepared(u"SELECT "_s + kColumns + u" FROM audit ORDER BY seq"_s, &error);
    if (!q || !m_db.exec(q, &error))
        return unreadable(error);

    auto bad = [&](qint64 sequence, const QString &message) {
        q->finish();
        result.ok = false;
        result.firstBadSequence = sequence;
        result.message = message;
        return result;
    };

    qint64 expected = 1;
    QByteArray previousHash;
    while (q->next()) {
        bool sourceKnown = true;
        const AuditRecord r = fromRow(*q, &sourceKnown);
        if (r.sequence != expected) {
            if (r.sequence > expected)
                return bad(expected,
                           tr("Audit record %1 is missing: the chain jumps from record %2 to record %3.")
                               .arg(expected)
                               .arg(expected - 1)
                               .arg(r.sequence));
            return bad(
                r.sequence,
                tr("Audit record %1 is out of sequence (record %2 was expected).").arg(r.sequence).arg(expected));
        }
        if (r.previousHash != previousHash)
            return bad(r.sequence,
                       tr("Audit record %1 does not follow record %2: records were removed, inserted or "
                          "reordered at this point.")
                           .arg(r.sequence)
                           .arg(r.sequence - 1));
        if (!sourceKnown || computeHash(r) != r.hash)
            return bad(r.sequence,
                       tr("Audit record %1 was altered: its content does not match its hash.").arg(r.sequence));
        previousHash = r.hash;
        ++expected;
        ++result.recordsChecked;
    }
    q->finish();

    const qint64 last = expected - 1;
    QSqlQuery *head = m_db.prepared(u"SELECT seq, hash FROM audit_head WHERE id = 1"_s, &error);
    if (!head || !m_db.exec(head, &error))
        return unreadable(error);
    if (!head->next()) {
        head->finish();
        result.firstBadSequence = last + 1;
        result.message = tr("The audit log's head record is missing: records may have been removed from its end.");
        return result;
    }
    const qint64 headSequence = head->value(0).toLongLong();
    const QByteArray headHash = head->value(1).toString().toLatin1();
    head->finish();

    if (headSequence > last) {
        result.firstBadSequence = last + 1;
        result.message =
            tr("Audit records %1 to %2 are missing from the end of the log.").arg(last + 1).arg(headSequence);
        return result;
    }
    if (headSequence < last) {
        result.firstBadSequence = headSequence + 1;
        result.message = tr("Audit record %1 was added outside Lockbox Console (the log ends at record %2).")
                             .arg(headSequence + 1)
                             .arg(headSequence);
        return result;
    }
    if (headHash != previousHash) {
        result.firstBadSequence = last;
        result.message = tr("Audit record %1 does not match the log's head: it was replaced.").arg(last);
        return result;
    }
    result.ok = true;
    result.message = tr("The audit log is intact: %n record(s) verified.", nullptr, int(result.recordsChecked));
    return result;
}

QString AuditLog::whereClause(const AuditQuery &query, QVariantList *values, bool paging) const
{
    QStringList terms;
    if (paging && query.after && query.order != AuditQuery::Order::Appended) {
        // A row value: SQLite narrows the (time_ms, seq) index to the records past the cursor.
        terms.append(query.order == AuditQuery::Order::NewestFirst ? u"(time_ms, seq) < (?, ?)"_s
                                                                   : u"(time_ms, seq) > (?, ?)"_s);
        values->append(sql::time(query.after->time));
        values->append(qlonglong(query.after->sequence));
    }
    if (query.appendedAfter > 0) {
        terms.append(u"seq > ?"_s);
        values->append(qlonglong(query.appendedAfter));
    }
    if (query.since.isValid()) {
        terms.append(u"time_ms >= ?"_s);
        values->append(qlonglong(query.since.toMSecsSinceEpoch()));
    }
    if (query.until.isValid()) {
        terms.append(u"time_ms <= ?"_s);
        values->append(qlonglong(query.until.toMSecsSinceEpoch()));
    }
    if (!query.action.isEmpty()) {
        terms.append(u"action = ?"_s);
        values->append(query.action);
    }
    if (!query.subscriptionId.isEmpty()) {
        terms.append(u"subscription_id = ?"_s);
        values->append(query.subscriptionId);
    }
    if (!query.requestId.isEmpty()) {
        terms.append(u"request_id = ?"_s);
        values->append(query.requestId);
    }
    if (query.source) {
        terms.append(u"source = ?"_s);
        values->append(AuditRecord::sourceName(*query.source));
    }
    if (!query.text.isEmpty())
        terms.append(auditTextTerm(query, QString(), values));
    if (terms.isEmpty())
        return {};
    return u" WHERE "_s + terms.join(u" AND "_s);
}

QString auditTextTerm(const AuditQuery &query, const QString &alias, QVariantList *values)
{
    static const QStringList kSearched = {u"actor"_s,           u"action"_s, u"request_id"_s,
                                          u"subscription_id"_s, u"reason"_s, u"outcome"_s};
    QStringList likes;
    const QString pattern = sql::containsPattern(query.text);
    for (const QString &column : kSearched) {
        likes.append(alias + column + u" LIKE ? ESCAPE '\\'"_s);
        values->append(pattern);
    }
    if (!query.textActions.isEmpty()) {
        likes.append(alias + u"action IN (SELECT value FROM json_each(?))"_s);
        values->append(sql::jsonArray(query.textActions));
    }
    return u'(' + likes.join(u" OR "_s) + u')';
}

QList<AuditRecord> AuditLog::records(const AuditQuery &query, QString *error) const
{
    QVariantList values;
    QString order;
    switch (query.order) {
    case AuditQuery::Order::OldestFirst:
        order = u" ORDER BY time_ms, seq LIMIT ?"_s;
        break;
    case AuditQuery::Order::NewestFirst:
        order = u" ORDER BY time_ms DESC, seq DESC LIMIT ?"_s;
        break;
    case AuditQuery::Order::Appended:
        order = u" ORDER BY seq LIMIT ?"_s;
        break;
    }
    const QString sqlText = u"SELECT "_s + kColumns + u" FROM audit"_s + whereClause(query, &values, true) + order;
    values.append(query.limit < 0 ? -1 : query.limit);

    QList<AuditRecord> out;
    QSqlQuery *q = m_db.run(sqlText, values, error);
    if (!q)
        return out;
    while (q->next())
        out.append(fromRow(*q));
    q->finish();
    return out;
}

qint64 AuditLog::count(const AuditQuery &query, QString *error) const
{
    QVariantList values;
    const QString sqlText = u"SELECT COUNT(*) FROM audit"_s + whereClause(query, &values, false);
    QSqlQuery *q = m_db.run(sqlText, values, error);
    if (!q)
        return -1;
    const qint64 n = q->next() ? q->value(0).toLongLong() : 0;
    q->finish();
    return n;
}

qint64 AuditLog::lastSequence(QString *error) const
{
    QSqlQuery *q = m_db.prepared(u"SELECT seq FROM audit_head WHERE id = 1"_s, error);
    if (!q || !m_db.exec(q, error))
        return -1;
    const qint64 n = q->next() ? q->value(0).toLongLong() : 0;
    q->finish();
    return n;
}

} // namespace lockbox::store
