#include "syncstate.h"

#include "database.h"
#include "sqlvalues.h"

#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

const QString kSelect = u"SELECT subscription_id, last_full_sync_ms, last_pending_poll_ms, last_error,"
                        " consecutive_failures, next_attempt_ms FROM sync_state"_s;

SubscriptionSyncState fromRow(const QSqlQuery &q)
{
    SubscriptionSyncState s;
    s.subscriptionId = q.value(0).toString();
    s.lastFullSync = sql::toTime(q.value(1));
    s.lastPendingPoll = sql::toTime(q.value(2));
    s.lastError = q.value(3).toString();
    s.consecutiveFailures = q.value(4).toInt();
    s.nextAttemptNotBefore = sql::toTime(q.value(5));
    return s;
}

// What the database gives back for `state`: times to the millisecond, in UTC.
SubscriptionSyncState asStored(SubscriptionSyncState s)
{
    const auto ms = [](const QDateTime &t) {
        return t.isValid() ? QDateTime::fromMSecsSinceEpoch(t.toMSecsSinceEpoch(), Qt::UTC) : QDateTime();
    };
    s.lastFullSync = ms(s.lastFullSync);
    s.lastPendingPoll = ms(s.lastPendingPoll);
    s.nextAttemptNotBefore = ms(s.nextAttemptNotBefore);
    return s;
}

} // namespace

SyncState::SyncState(Database &database)
    : m_db(database)
{
}

std::optional<SubscriptionSyncState> SyncState::stored(const QString &subscriptionId, QString *error) const
{
    QSqlQuery *q = m_db.prepared(kSelect + u" WHERE subscription_id = ?"_s, error);
    if (!q)
        return std::nullopt;
    q->bindValue(0, subscriptionId);
    if (!m_db.exec(q, error))
        return std::nullopt;
    SubscriptionSyncState s;
    s.subscriptionId = subscriptionId;
    if (q->next())
        s = fromRow(*q);
    q->finish();
    return s;
}

std::optional<SubscriptionSyncState> SyncState::state(const QString &subscriptionId, QString *error) const
{
    std::optional<SubscriptionSyncState> s = stored(subscriptionId, error);
    if (s) {
        const auto poll = m_polls.constFind(subscriptionId);
        if (poll != m_polls.constEnd())
            s->lastPendingPoll = *poll;
    }
    return s;
}

QList<SubscriptionSyncState> SyncState::all(QString *error) const
{
    QList<SubscriptionSyncState> out;
    QSqlQuery *q = m_db.prepared(kSelect + u" ORDER BY subscription_id"_s, error);
    if (!q || !m_db.exec(q, error))
        return out;
    QHash<QString, QDateTime> polls = m_polls;
    while (q->next()) {
        out.append(fromRow(*q));
        if (const auto poll = polls.constFind(out.last().subscriptionId); poll != polls.constEnd()) {
            out.last().lastPendingPoll = *poll;
            polls.erase(poll);
        }
    }
    q->finish();
    if (!polls.isEmpty()) {
        // Polled, never stored: shown all the same.
        for (auto it = polls.cbegin(); it != polls.cend(); ++it) {
            SubscriptionSyncState s;
            s.subscriptionId = it.key();
            s.lastPendingPoll = it.value();
            out.append(s);
        }
        std::sort(out.begin(), out.end(), [](const SubscriptionSyncState &a, const SubscriptionSyncState &b) {
            return a.subscriptionId < b.subscriptionId;
        });
    }
    return out;
}

bool SyncState::set(const SubscriptionSyncState &state, QString *error)
{
    if (state.subscriptionId.isEmpty()) {
        if (error)
            *error = tr("Sync state needs a subscription id.");
        return false;
    }
    const SubscriptionSyncState wanted = asStored(state);
    // Read first, outside any transaction: an unchanged state takes no write lock at all.
    const std::optional<SubscriptionSyncState> current = stored(wanted.subscriptionId, error);
    if (!current)
        return false;
    SubscriptionSyncState sameButPoll = wanted;
    sameButPoll.lastPendingPoll = current->lastPendingPoll;
    if (*current == sameButPoll) {
        if (wanted.lastPendingPoll == current->lastPendingPoll)
            m_polls.remove(wanted.subscriptionId);
        else
            m_polls.insert(wanted.subscriptionId, wanted.lastPendingPoll);
        return true;
    }
    if (!write(wanted, error))
        return false;
    m_polls.remove(wanted.subscriptionId);
    return true;
}

bool SyncState::flush(QString *error)
{
    if (m_polls.isEmpty())
        return true;
    const bool ok = m_db.write(
        [&](QString *bodyError) {
            for (auto it = m_polls.cbegin(); it != m_polls.cend(); ++it) {
                std::optional<SubscriptionSyncState> s = stored(it.key(), bodyError);
                if (!s)
                    return false;
                s->lastPendingPoll = it.value();
                if (!write(*s, bodyError))
                    return false;
            }
            return true;
        },
        error);
    if (ok)
        m_polls.clear();
    return ok;
}

bool SyncState::write(const SubscriptionSyncState &wanted, QString *error)
{
    return m_db.write(
        [&](QString *bodyError) {
            const std::optional<SubscriptionSyncState> current = stored(wanted.subscriptionId, bodyError);
            if (!current)
                return false;
            if (*current == wanted) {
                // Nothing to write; a fresh subscription with default state is not stored either.
                return true;
            }
            QSqlQuery *q = m_db.prepared(
                u"INSERT INTO sync_state (subscription_id, last_full_sync_ms, last_pending_poll_ms, last_error,"
                " consecutive_failures, next_attempt_ms) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (subscription_id) DO UPDATE SET last_full_sync_ms = excluded.last_full_sync_ms,"
                " last_pending_poll_ms = excluded.last_pending_poll_ms, last_error = excluded.last_error,"
                " consecutive_failures = excluded.consecutive_failures,"
                " next_attempt_ms = excluded.next_attempt_ms"_s,
                bodyError);
            if (!q)
                return false;
            q->bindValue(0, wanted.subscriptionId);
            q->bindValue(1, sql::time(wanted.lastFullSync));
            q->bindValue(2, sql::time(wanted.lastPendingPoll));
            q->bindValue(3, sql::text(wanted.lastError));
            q->bindValue(4, wanted.consecutiveFailures);
            q->bindValue(5, sql::time(wanted.nextAttemptNotBefore));
            return m_db.exec(q, bodyError);
        },
        error);
}

bool SyncState::remove(const QString &subscriptionId, QString *error)
{
    m_polls.remove(subscriptionId);
    return m_db.write(
        [&](QString *bodyError) {
            QSqlQuery *q = m_db.prepared(u"DELETE FROM sync_state WHERE subscription_id = ?"_s, bodyError);
            if (!q)
                return false;
            q->bindValue(0, subscriptionId);
            return m_db.exec(q, bodyError);
        },
        error);
}

} // namespace lockbox::store
