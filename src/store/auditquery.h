#pragma once

#include "core/auditrecord.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace lockbox::store {

// Where a page of the audit trail ends: the last record's event time and sequence. Records that
// share a time are ordered by sequence, so the pair names one place in the order.
struct AuditCursor final
{
    QDateTime time;
    qint64 sequence = 0;

    static AuditCursor of(const AuditRecord &record) { return {record.time, record.sequence}; }
};

// What AuditLog::records() and count() select, and in which order. Paging is by key, not by
// offset: pass the last record of one page as `after` of the next (AuditCursor::of), and a page of
// the newest records out of millions costs the same as the first. The hash chain and verify() keep
// the order of sequence whatever is asked here.
struct AuditQuery final
{
    enum class Order {
        OldestFirst, // by event time, records of the same time by sequence
        NewestFirst, // the reverse: the history's order
        Appended,    // by sequence, the order records entered the chain
    };

    QDateTime since; // inclusive; invalid: no bound
    QDateTime until; // inclusive; invalid: no bound
    QString action;  // exact, e.g. "decision.queued"
    QString subscriptionId;
    QString requestId;
    std::optional<AuditRecord::Source> source;
    // Case-insensitive (ASCII) substring of actor, action, request, subscription, reason or outcome.
    QString text;
    // Stored actions a record may have to match `text` too: those whose words contain it
    // (engine::auditActionsNamed), so that "approved" finds "Approve".
    QStringList textActions;
    qint64 appendedAfter = 0; // only records appended after this sequence; 0: all

    Order order = Order::OldestFirst;
    // Continue after this record, in the order above (OldestFirst and NewestFirst); none: from the
    // start. With Order::Appended, page with appendedAfter instead.
    std::optional<AuditCursor> after;
    int limit = -1; // all
};

// The outcome of AuditLog::verify().
struct AuditVerification final
{
    bool ok = false;
    qint64 firstBadSequence = 0; // the first record that fails (0 when ok, or when the log is unreadable)
    qint64 recordsChecked = 0;
    QString message; // for the user: what was found, naming the record
};

} // namespace lockbox::store
