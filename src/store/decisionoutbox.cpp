#include "decisionoutbox.h"

#include "database.h"
#include "sqlvalues.h"
#include "storelogging.h"

#include "core/clock.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

const QString kColumns = u"id, request_id, subscription_id, verdict, reason, actor, state, attempts, created_ms,"
                         " updated_ms, last_error, server_status, reviewed_hash"_s;

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QueuedDecision fromRow(const QSqlQuery &q)
{
    QueuedDecision d;
    d.id = QUuid::fromString(q.value(0).toString());
    d.requestId = q.value(1).toString();
    d.subscriptionId = q.value(2).toString();
    d.verdict = verdictFromString(q.value(3).toString()).value_or(Verdict::Deny);
    d.reason = q.value(4).toString();
    d.actor = q.value(5).toString();
    d.state = QueuedDecision::stateFromName(q.value(6).toString()).value_or(QueuedDecision::State::Failed);
    d.attempts = q.value(7).toInt();
    d.createdAt = sql::toTime(q.value(8));
    d.updatedAt = sql::toTime(q.value(9));
    d.lastError = q.value(10).toString();
    d.serverStatus = q.value(11).toString();
    d.reviewedHash = q.value(12).toByteArray();
    return d;
}

} // namespace

DecisionOutbox::DecisionOutbox(Database &database, const Clock &clock)
    : m_db(database)
    , m_clock(clock)
    , m_audit(database, clock)
{
}

bool DecisionOutbox::refuseNested(QString *error) const
{
    if (!m_db.inTransaction())
        return false;
    if (error)
        *error = tr("A decision cannot be written while another transaction (a merge) is open on this connection: "
                    "it must be stored for good before it is sent. Write it after the merge.");
    return true;
}

QString DecisionOutbox::outcome(const QueuedDecision &d)
{
    // Stored data, not interface text: its words are English whatever the user's language. The
    // error it may quote (lastError) is the message the user was shown, in the language of the
    // program that recorded it.
    const QString verdict = verdictToString(d.verdict);
    const QString server = d.serverStatus.isEmpty() ? QString() : u" (server status %1)"_s.arg(d.serverStatus);
    switch (d.state) {
    case QueuedDecision::State::Queued:
        if (!d.lastError.isEmpty())
            return u"queued again: %1: %2"_s.arg(verdict, d.lastError);
        return u"queued: %1"_s.arg(verdict);
    case QueuedDecision::State::Sending:
        return u"sending: %1 (attempt %2)"_s.arg(verdict).arg(d.attempts);
    case QueuedDecision::State::Acknowledged:
        return u"acknowledged: %1%2"_s.arg(verdict, server);
    case QueuedDecision::State::Failed:
        return u"failed: %1: %2%3"_s.arg(verdict, d.lastError, server);
    case QueuedDecision::State::Withdrawn:
        return u"withdrawn: %1"_s.arg(verdict);
    }
    return {};
}

bool DecisionOutbox::appendAudit(const QueuedDecision &d, const QString &action, const QString &actor, QString *error)
{
    AuditRecord record;
    record.time = d.updatedAt;
    record.actor = actor;
    record.action = action;
    record.requestId = d.requestId;
    record.subscriptionId = d.subscriptionId;
    record.reason = d.reason;
    record.outcome = outcome(d);
    record.source = AuditRecord::Source::Local;
    return m_audit.appendInTransaction(record, error).has_value();
}

QList<QueuedDecision> DecisionOutbox::select(const QString &where, const QVariantList &values, QString *error) const
{
    QList<QueuedDecision> out;
    QSqlQuery *q = m_db.run(u"SELECT "_s + kColumns + u" FROM decisions "_s + where + u" ORDER BY created_ms, rowid"_s,
                            values, error);
    if (!q)
        return out;
    while (q->next())
        out.append(fromRow(*q));
    q->finish();
    return out;
}

std::optional<QueuedDecision> DecisionOutbox::decision(const QUuid &id, QString *error) const
{
    QString readError;
    const QList<QueuedDecision> found = select(u"WHERE id = ?"_s, {idText(id)}, &readError);
    if (!readError.isEmpty()) {
        if (error)
            *error = readError;
        return std::nullopt;
    }
    if (found.isEmpty())
        return std::nullopt;
    return found.constFirst();
}

std::optional<QueuedDecision> DecisionOutbox::liveFor(const QString &requestId, QString *error) const
{
    QString readError;
    const QList<QueuedDecision> found =
        select(u"WHERE request_id = ? AND state IN ('queued', 'sending')"_s, {requestId}, &readError);
    if (!readError.isEmpty()) {
        if (error)
            *error = readError;
        return std::nullopt;
    }
    if (found.isEmpty())
        return std::nullopt;
    return found.constFirst();
}

QList<QueuedDecision> DecisionOutbox::live(QString *error) const
{
    return select(u"WHERE state IN ('queued', 'sending')"_s, {}, error);
}

QList<QueuedDecision> DecisionOutbox::all(QString *error) const
{
    return select(QString(), {}, error);
}

QList<QueuedDecision> DecisionOutbox::forRequest(const QString &requestId, QString *error) const
{
    return select(u"WHERE request_id = ?"_s, {requestId}, error);
}

EnqueueResult DecisionOutbox::enqueue(const Decision &decision, const QString &actor, const QByteArray &reviewedHash)
{
    EnqueueResult result;
    if (refuseNested(&result.error))
        return result;
    if (decision.requestId.isEmpty() || decision.subscriptionId.isEmpty()) {
        result.error = tr("A decision needs a request id and a subscription id.");
        return result;
    }

    QueuedDecision d;
    d.id = decision.id.isNull() ? QUuid::createUuid() : decision.id;
    d.requestId = decision.requestId;
    d.subscriptionId = decision.subscriptionId;
    d.verdict = decision.verdict;
    d.reason = decision.reason;
    d.actor = actor;
    d.state = QueuedDecision::State::Queued;
    d.reviewedHash = reviewedHash;
    const QDateTime now = m_clock.now();
    d.createdAt = QDateTime::fromMSecsSinceEpoch(
        (decision.decidedAt.isValid() ? decision.decidedAt : now).toMSecsSinceEpoch(), Qt::UTC);
    d.updatedAt = QDateTime::fromMSecsSinceEpoch(now.toMSecsSinceEpoch(), Qt::UTC);

    std::optional<QueuedDecision> existing;
    QString error;
    const bool ok = m_db.write(
        [&](QString *bodyError) {
            // Inside BEGIN IMMEDIATE: no other connection can queue for the request between this
            // look and the insert below.
            QString readError;
            existing = liveFor(d.requestId, &readError);
            if (!readError.isEmpty()) {
                *bodyError = readError;
                return false;
            }
            if (existing)
                return true;
            QSqlQuery *q = m_db.prepared(u"INSERT INTO decisions (id, request_id, subscription_id, verdict, reason,"
                                         " actor, state, attempts, created_ms, updated_ms, last_error, server_status,"
                                         " reviewed_hash) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, NULL, NULL, ?)"_s,
                                         bodyError);
            if (!q)
                return false;
            q->bindValue(0, idText(d.id));
            q->bindValue(1, sql::text(d.requestId));
            q->bindValue(2, sql::text(d.subscriptionId));
            q->bindValue(3, verdictToString(d.verdict));
            q->bindValue(4, sql::text(d.reason));
            q->bindValue(5, sql::text(d.actor));
            q->bindValue(6, QueuedDecision::stateName(d.state));
            q->bindValue(7, sql::time(d.createdAt));
            q->bindValue(8, sql::time(d.updatedAt));
            q->bindValue(
                9, d.reviewedHash.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(d.reviewedHash));
            if (!m_db.exec(q, bodyError))
                return false;
            return appendAudit(d, u"decision.queued"_s, actor, bodyError);
        },
        &error);

    if (!ok) {
        result.status = EnqueueResult::Status::Failed;
        result.error = error;
        return result;
    }
    if (existing) {
        result.status = EnqueueResult::Status::AlreadyQueued;
        result.decision = *existing;
        result.error =
            tr("A decision on request %1 is already queued (%2, %3); withdraw it first to decide "
               "differently.")
                .arg(d.requestId, verdictToString(existing->verdict), QueuedDecision::stateName(existing->state));
        return result;
    }
    qCInfo(lcStore) << "queued" << verdictToString(d.verdict) << "for" << d.requestId << "as" << idText(d.id);
    result.status = EnqueueResult::Status::Queued;
    result.decision = d;
    return result;
}

bool DecisionOutbox::saveState(const QueuedDecision &d, QString *error)
{
    QSqlQuery *q = m_db.prepared(u"UPDATE decisions SET state = ?, attempts = ?, updated_ms = ?, last_error = ?,"
                                 " server_status = ? WHERE id = ?"_s,
                                 error);
    if (!q)
        return false;
    q->bindValue(0, QueuedDecision::stateName(d.state));
    q->bindValue(1, d.attempts);
    q->bindValue(2, sql::time(d.updatedAt));
    q->bindValue(3, sql::textOrNull(d.lastError));
    q->bindValue(4, sql::textOrNull(d.serverStatus));
    q->bindValue(5, idText(d.id));
    return m_db.exec(q, error);
}

std::optional<QueuedDecision> DecisionOutbox::transition(const QUuid &id, const QList<State> &from, State to,
                                                         const std::function<void(QueuedDecision &)> &edit,
                                                         const QString &action, QString *error)
{
    if (refuseNested(error))
        return std::nullopt;
    std::optional<QueuedDecision> updated;
    const bool ok = m_db.write(
        [&](QString *bodyError) {
            QString readError;
            const std::optional<QueuedDecision> current = decision(id, &readError);
            if (!readError.isEmpty()) {
                *bodyError = readError;
                return false;
            }
            if (!current) {
                *bodyError = tr("There is no decision %1 in the outbox.").arg(idText(id));
                return false;
            }
            if (!from.contains(current->state)) {
                *bodyError = tr("The decision on request %1 is %2 and cannot become %3.")
                                 .arg(current->requestId, QueuedDecision::stateName(current->state),
                                      QueuedDecision::stateName(to));
                return false;
            }
            QueuedDecision d = *current;
            d.state = to;
            d.updatedAt = QDateTime::fromMSecsSinceEpoch(m_clock.now().toMSecsSinceEpoch(), Qt::UTC);
            edit(d);
            if (!saveState(d, bodyError) || !appendAudit(d, action, d.actor, bodyError))
                return false;
            updated = d;
            return true;
        },
        error);
    if (!ok)
        return std::nullopt;
    qCInfo(lcStore) << "decision" << idText(id) << "for" << updated->requestId << "is now"
                    << QueuedDecision::stateName(to);
    return updated;
}

std::optional<QueuedDecision> DecisionOutbox::markSending(const QUuid &id, QString *error)
{
    // Only from queued: the state check and the change are one write transaction, so of two
    // processes that try to send the same decision exactly one wins. A decision found "sending"
    // after a crash is re-read and requeued before it is sent again.
    return transition(
        id, {State::Queued}, State::Sending, [](QueuedDecision &d) { ++d.attempts; }, u"decision.sending"_s, error);
}

std::optional<QueuedDecision> DecisionOutbox::markAcknowledged(const QUuid &id, const QString &serverStatus,
                                                               QString *error)
{
    return transition(
        id, {State::Queued, State::Sending}, State::Acknowledged,
        [&](QueuedDecision &d) {
            d.serverStatus = serverStatus;
            d.lastError.clear();
        },
        u"decision.acknowledged"_s, error);
}

std::optional<QueuedDecision> DecisionOutbox::markFailed(const QUuid &id, const QString &reason,
                                                         const QString &serverStatus, QString *error)
{
    return transition(
        id, {State::Queued, State::Sending}, State::Failed,
        [&](QueuedDecision &d) {
            d.lastError = reason;
            d.serverStatus = serverStatus;
        },
        u"decision.failed"_s, error);
}

std::optional<QueuedDecision> DecisionOutbox::requeue(const QUuid &id, const QString &lastError, QString *error)
{
    return transition(
        id, {State::Sending}, State::Queued, [&](QueuedDecision &d) { d.lastError = lastError; },
        u"decision.requeued"_s, error);
}

std::optional<QueuedDecision> DecisionOutbox::withdraw(const QString &requestId, const QString &actor, QString *error)
{
    if (refuseNested(error))
        return std::nullopt;
    std::optional<QueuedDecision> updated;
    const bool ok = m_db.write(
        [&](QString *bodyError) {
            QString readError;
            const std::optional<QueuedDecision> current = liveFor(requestId, &readError);
            if (!readError.isEmpty()) {
                *bodyError = readError;
                return false;
            }
            if (!current) {
                *bodyError = tr("There is no queued decision on request %1.").arg(requestId);
                return false;
            }
            if (current->state != State::Queued) {
                *bodyError =
                    tr("The decision on request %1 is being sent and can no longer be withdrawn.").arg(requestId);
                return false;
            }
            QueuedDecision d = *current;
            d.state = State::Withdrawn;
            d.updatedAt = QDateTime::fromMSecsSinceEpoch(m_clock.now().toMSecsSinceEpoch(), Qt::UTC);
            if (!saveState(d, bodyError)
                || !appendAudit(d, u"decision.withdrawn"_s, actor.isEmpty() ? d.actor : actor, bodyError))
                return false;
            updated = d;
            return true;
        },
        error);
    if (!ok)
        return std::nullopt;
    return updated;
}

} // namespace lockbox::store
