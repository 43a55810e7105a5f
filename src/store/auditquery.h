#pragma once

#include "core/auditrecord.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace lockbox::store {

// What AuditLog::records() and count() select. Paging is by key, not by offset: pass the last
// sequence of one page as `afterSequence` of the next, and a page of the newest records out of
// millions costs the same as the first.
struct AuditQuery final
{
    QDateTime since; // inclusive; invalid: no bound
    QDateTime until; // inclusive; invalid: no bound
    QString action;  // exact, e.g. "decision.queued"
    QString subscriptionId;
    QString requestId;
    std::optional<AuditRecord::Source> source;
    // Case-insensitive (ASCII) substring of actor, action, request, subscription, reason or outcome.
    QString text;

    bool newestFirst = false;
    qint64 afterSequence = 0; // continue after this record, in the order above; 0: from the start
    int limit = -1;           // all
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
