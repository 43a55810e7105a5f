#pragma once

#include "auditlog.h"

#include "core/decision.h"
#include "core/queueddecision.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QUuid>

#include <functional>
#include <optional>

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::store {

class Database;

// The outcome of DecisionOutbox::enqueue().
struct EnqueueResult final
{
    enum class Status {
        Queued,        // `decision` is the new row
        AlreadyQueued, // a live decision for the request exists (perhaps from another process): `decision` is it
        Failed,        // nothing was written: `error` says why
    };
    Status status = Status::Failed;
    QueuedDecision decision;
    QString error;
};

// Decisions on their way to Azure. Each decision and each change of its state is written together
// with its audit record in one transaction, so the outbox and the audit trail never disagree.
//
// States: queued → sending (each attempt; only from queued, so of two senders exactly one wins) →
// acknowledged | failed; sending → queued (requeue: after a crash or an ambiguous outcome the
// request was re-read and is still Pending, so the decision waits again); queued → withdrawn
// (only before sending).
// At most one live (queued or sending) decision exists per request, across processes.
//
// The writes refuse to run inside another open transaction on the connection (a merge session):
// a decision must be committed before anything is sent.
class DecisionOutbox final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::store::DecisionOutbox)

public:
    DecisionOutbox(Database &database, const Clock &clock);

    // Writes the decision (a new id when decision.id is null) and its "decision.queued" record.
    // `reviewedHash`: the content hash of the request as the approver reviewed it (kept as
    // QueuedDecision::reviewedHash; the decision service sends the decision only while the cached
    // request still has it). Empty: not bound to content.
    EnqueueResult enqueue(const Decision &decision, const QString &actor, const QByteArray &reviewedHash = {});

    std::optional<QueuedDecision> markSending(const QUuid &id, QString *error = nullptr);
    std::optional<QueuedDecision> markAcknowledged(const QUuid &id, const QString &serverStatus,
                                                   QString *error = nullptr);
    std::optional<QueuedDecision> markFailed(const QUuid &id, const QString &reason, const QString &serverStatus,
                                             QString *error = nullptr);
    std::optional<QueuedDecision> requeue(const QUuid &id, const QString &lastError, QString *error = nullptr);
    // Withdraws the request's queued decision; `actor` defaults to whoever decided.
    std::optional<QueuedDecision> withdraw(const QString &requestId, const QString &actor = {},
                                           QString *error = nullptr);

    std::optional<QueuedDecision> decision(const QUuid &id, QString *error = nullptr) const;
    std::optional<QueuedDecision> liveFor(const QString &requestId, QString *error = nullptr) const;
    // Queued and sending, oldest first: what must be (re)sent, after a crash too.
    QList<QueuedDecision> live(QString *error = nullptr) const;
    QList<QueuedDecision> all(QString *error = nullptr) const;
    QList<QueuedDecision> forRequest(const QString &requestId, QString *error = nullptr) const;

private:
    using State = QueuedDecision::State;
    // Moves one decision from one of `from` to `to`, applying `edit`, with its audit record.
    std::optional<QueuedDecision> transition(const QUuid &id, const QList<State> &from, State to,
                                             const std::function<void(QueuedDecision &)> &edit, const QString &action,
                                             QString *error);
    bool saveState(const QueuedDecision &d, QString *error);
    bool appendAudit(const QueuedDecision &d, const QString &action, const QString &actor, QString *error);
    bool refuseNested(QString *error) const;
    QList<QueuedDecision> select(const QString &where, const QVariantList &values, QString *error) const;
    static QString outcome(const QueuedDecision &d);

    Database &m_db;
    const Clock &m_clock;
    AuditLog m_audit;
};

} // namespace lockbox::store
