#pragma once

#include "auditquery.h"

#include "core/auditrecord.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::store {

class Database;

// The SQL term of a query's text filter (query.text non-empty) over the audit table's columns,
// their names prefixed with `alias` ("f." for a table so named): a substring of actor, action,
// request, subscription, reason or outcome, or one of query.textActions. Its values are appended.
QString auditTextTerm(const AuditQuery &query, const QString &alias, QVariantList *values);

// The append-only audit trail: local records (what this console did) and records imported from
// Azure's Activity Log, in one hash chain.
//
// Chain: record n stores prev_hash = hash of record n-1 ("" for record 1) and
//   hash = lower-case hex SHA-256( prev_hash as ASCII || canonicalForm(record n) ).
// canonicalForm is the UTF-8 of a compact JSON array of strings, in this order:
//   ["lockbox-audit/1", seq, time (ms since the epoch, UTC; "" if unknown), actor, action,
//    requestId, subscriptionId, reason, outcome, source ("local"|"azure"), externalId]
// with '"' and '\' escaped, U+0000–U+001F written as \u00xx and everything else as UTF-8. Being
// JSON, the encoding has no ambiguity between fields; the sequence number inside the hash makes a
// moved record fail where it lands. A separate one-row head (last sequence and hash) makes records
// cut off the end show too. The database refuses UPDATE and DELETE on the records (triggers).
//
// What it proves: a record edited, removed, inserted or moved with SQL, without recomputing every
// later hash, is found. Someone who recomputes the whole chain cannot be caught without a secret
// outside the file; that is out of scope here.
class AuditLog final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::store::AuditLog)

public:
    AuditLog(Database &database, const Clock &clock);

    // Appends one local or Azure record in its own transaction (or inside the caller's, when one
    // is open on the connection). Sequence, hashes and, when invalid, the time are filled in;
    // returns the record as stored.
    std::optional<AuditRecord> append(const AuditRecord &record, QString *error = nullptr);
    // The same for a caller that already holds the write transaction (DecisionOutbox): the record
    // commits or rolls back with the caller's other writes.
    std::optional<AuditRecord> appendInTransaction(const AuditRecord &record, QString *error = nullptr);

    // Activity Log events, each with its eventDataId as externalId. Events already in the log are
    // skipped; returns how many were new. All or nothing.
    std::optional<int> importAzure(const QList<AuditRecord> &records, QString *error = nullptr);

    AuditVerification verify() const;

    QList<AuditRecord> records(const AuditQuery &query, QString *error = nullptr) const;
    qint64 count(const AuditQuery &query, QString *error = nullptr) const;
    qint64 lastSequence(QString *error = nullptr) const;

    // The chain's rules, for tests and tools: canonicalForm uses record.sequence; computeHash uses
    // record.previousHash too.
    static QByteArray canonicalForm(const AuditRecord &record);
    static QByteArray computeHash(const AuditRecord &record);

private:
    QString whereClause(const AuditQuery &query, QVariantList *values, bool paging) const;

    Database &m_db;
    const Clock &m_clock;
};

} // namespace lockbox::store
