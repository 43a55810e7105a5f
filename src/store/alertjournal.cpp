#include "alertjournal.h"

#include "database.h"
#include "sqlvalues.h"

#include "core/clock.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

const QString kColumns = u"request_key, event, target, payload, state, attempts, created_ms, updated_ms,"
                         " next_attempt_ms, last_error"_s;

AlertJournalEntry fromRow(const QSqlQuery &q)
{
    AlertJournalEntry e;
    e.requestKey = q.value(0).toString();
    e.event = q.value(1).toString();
    e.target = q.value(2).toString();
    e.payload = q.value(3).toString();
    e.state = AlertJournalEntry::stateFromName(q.value(4).toString()).value_or(AlertJournalEntry::State::Failed);
    e.attempts = q.value(5).toInt();
    e.createdAt = sql::toTime(q.value(6));
    e.updatedAt = sql::toTime(q.value(7));
    e.nextAttemptAt = sql::toTime(q.value(8));
    e.lastError = q.value(9).toString();
    return e;
}

} // namespace

QString AlertJournalEntry::stateName(State state)
{
    switch (state) {
    case State::Pending:
        return u"pending"_s;
    case State::Delivered:
        return u"delivered"_s;
    case State::Failed:
        return u"failed"_s;
    case State::Seen:
        return u"seen"_s;
    }
    return {};
}

std::optional<AlertJournalEntry::State> AlertJournalEntry::stateFromName(const QString &name)
{
    for (const State s : {State::Pending, State::Delivered, State::Failed, State::Seen}) {
        if (stateName(s) == name)
            return s;
    }
    return std::nullopt;
}

AlertJournal::AlertJournal(Database &database, const Clock &clock)
    : m_db(database)
    , m_clock(clock)
{
}

// ---- targets

std::optional<bool> AlertJournal::registerTarget(const QString &target, const QString &label, QString *error)
{
    if (target.isEmpty()) {
        if (error)
            *error = tr("An alert target needs a key.");
        return std::nullopt;
    }
    bool primed = false;
    const bool ok = m_db.write(
        [&](QString *bodyError) {
            QSqlQuery *q = m_db.run(u"INSERT INTO alert_targets (target, label, created_ms, primed_ms) VALUES (?, ?, ?,"
                                    " NULL) ON CONFLICT (target) DO UPDATE SET label = excluded.label"_s,
                                    {target, sql::text(label), sql::time(m_clock.now())}, bodyError);
            if (!q)
                return false;
            q->finish();
            q = m_db.run(u"SELECT primed_ms IS NOT NULL FROM alert_targets WHERE target = ?"_s, {target}, bodyError);
            if (!q)
                return false;
            primed = q->next() && q->value(0).toBool();
            q->finish();
            return true;
        },
        error);
    if (!ok)
        return std::nullopt;
    return primed;
}

bool AlertJournal::markPrimed(const QString &target, QString *error)
{
    return m_db.write(
        [&](QString *bodyError) {
            QSqlQuery *q = m_db.run(u"UPDATE alert_targets SET primed_ms = COALESCE(primed_ms, ?) WHERE target = ?"_s,
                                    {sql::time(m_clock.now()), target}, bodyError);
            if (!q)
                return false;
            q->finish();
            return true;
        },
        error);
}

// ---- events

std::optional<QStringList> AlertJournal::record(const QString &requestId, const QString &event, const QString &payload,
                                                const QStringList &targets, State state, QString *error)
{
    if (requestId.isEmpty() || event.isEmpty()) {
        if (error)
            *error = tr("An alert event needs a request id and an event name.");
        return std::nullopt;
    }
    const QString key = requestId.toLower();
    const QVariant now = sql::time(m_clock.now());
    QStringList written;
    const bool ok = m_db.write(
        [&](QString *bodyError) {
            written.clear();
            for (const QString &target : targets) {
                // The primary key (request, event, target) keeps the first: an event is told once.
                QSqlQuery *q = m_db.run(
                    u"INSERT INTO alert_journal (request_key, event, target, payload, state,"
                    " attempts, created_ms, updated_ms, next_attempt_ms, last_error)"
                    " VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, NULL)"
                    " ON CONFLICT (request_key, event, target) DO NOTHING"_s,
                    {key, event, target, sql::text(payload), AlertJournalEntry::stateName(state), now, now, now},
                    bodyError);
                if (!q)
                    return false;
                if (q->numRowsAffected() > 0)
                    written.append(target);
                q->finish();
            }
            return true;
        },
        error);
    if (!ok)
        return std::nullopt;
    return written;
}

std::optional<QSet<QString>> AlertJournal::requestsWith(const QString &event, const QString &target,
                                                        const QDateTime &since, QString *error) const
{
    QSqlQuery *q =
        m_db.run(u"SELECT request_key FROM alert_journal WHERE event = ? AND target = ? AND created_ms >= ?"_s,
                 {event, target, since.isValid() ? since.toMSecsSinceEpoch() : qint64(0)}, error);
    if (!q)
        return std::nullopt;
    QSet<QString> keys;
    while (q->next())
        keys.insert(q->value(0).toString());
    q->finish();
    return keys;
}

QList<AlertJournalEntry> AlertJournal::select(const QString &tail, const QVariantList &values, QString *error) const
{
    QList<AlertJournalEntry> out;
    QSqlQuery *q = m_db.run(u"SELECT "_s + kColumns + u" FROM alert_journal "_s + tail, values, error);
    if (!q)
        return out;
    while (q->next())
        out.append(fromRow(*q));
    q->finish();
    return out;
}

std::optional<AlertJournalEntry> AlertJournal::nextDue(const QString &target, const QDateTime &now,
                                                       QString *error) const
{
    QString readError;
    const QList<AlertJournalEntry> found = select(u"WHERE target = ? AND state = 'pending' AND next_attempt_ms <= ?"
                                                  " ORDER BY next_attempt_ms, created_ms, request_key, event LIMIT 1"_s,
                                                  {target, now.toMSecsSinceEpoch()}, &readError);
    if (!readError.isEmpty()) {
        if (error)
            *error = readError;
        return std::nullopt;
    }
    if (found.isEmpty())
        return std::nullopt;
    return found.constFirst();
}

QDateTime AlertJournal::nextAttemptAt(const QString &target, QString *error) const
{
    QSqlQuery *q = m_db.run(u"SELECT MIN(next_attempt_ms) FROM alert_journal WHERE target = ? AND state = 'pending'"_s,
                            {target}, error);
    if (!q)
        return {};
    QDateTime at;
    if (q->next())
        at = sql::toTime(q->value(0));
    q->finish();
    return at;
}

int AlertJournal::pendingCount(const QString &target, QString *error) const
{
    QSqlQuery *q =
        m_db.run(u"SELECT COUNT(*) FROM alert_journal WHERE target = ? AND state = 'pending'"_s, {target}, error);
    if (!q)
        return -1;
    const int count = q->next() ? q->value(0).toInt() : 0;
    q->finish();
    return count;
}

bool AlertJournal::update(const AlertJournalEntry &entry, State state, int attempts, const QDateTime &nextAttemptAt,
                          const QString &lastError, QString *error)
{
    const QDateTime now = m_clock.now();
    return m_db.write(
        [&](QString *bodyError) {
            // Only a pending entry moves: another writer may have settled it meanwhile.
            QSqlQuery *q = m_db.run(u"UPDATE alert_journal SET state = ?, attempts = ?, updated_ms = ?,"
                                    " next_attempt_ms = ?, last_error = ?"
                                    " WHERE request_key = ? AND event = ? AND target = ? AND state = 'pending'"_s,
                                    {AlertJournalEntry::stateName(state), attempts, sql::time(now),
                                     sql::time(nextAttemptAt.isValid() ? nextAttemptAt : now),
                                     sql::textOrNull(lastError), entry.requestKey, entry.event, entry.target},
                                    bodyError);
            if (!q)
                return false;
            q->finish();
            return true;
        },
        error);
}

bool AlertJournal::markDelivered(const AlertJournalEntry &entry, QString *error)
{
    return update(entry, State::Delivered, entry.attempts, {}, entry.lastError, error);
}

bool AlertJournal::markRetry(const AlertJournalEntry &entry, const QDateTime &nextAttemptAt, const QString &lastError,
                             QString *error)
{
    return update(entry, State::Pending, entry.attempts + 1, nextAttemptAt, lastError, error);
}

bool AlertJournal::markFailed(const AlertJournalEntry &entry, const QString &lastError, QString *error)
{
    return update(entry, State::Failed, entry.attempts + 1, {}, lastError, error);
}

int AlertJournal::prune(const QDateTime &before, QString *error)
{
    int removed = -1;
    const bool ok = m_db.write(
        [&](QString *bodyError) {
            QSqlQuery *q = m_db.run(u"DELETE FROM alert_journal WHERE state <> 'pending' AND created_ms < ?"_s,
                                    {before.toMSecsSinceEpoch()}, bodyError);
            if (!q)
                return false;
            removed = q->numRowsAffected();
            q->finish();
            return true;
        },
        error);
    return ok ? removed : -1;
}

QList<AlertJournalEntry> AlertJournal::entries(const QString &requestId, QString *error) const
{
    if (requestId.isEmpty())
        return select(u"ORDER BY created_ms, request_key, event, target"_s, {}, error);
    return select(u"WHERE request_key = ? ORDER BY created_ms, event, target"_s, {requestId.toLower()}, error);
}

} // namespace lockbox::store
