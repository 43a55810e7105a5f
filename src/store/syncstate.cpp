#include "syncstate.h"

#include "database.h"
#include "sqlvalues.h"

#include <QDataStream>
#include <QIODevice>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

const QString kSelect = u"SELECT subscription_id, last_full_sync_ms, last_pending_poll_ms, last_error,"
                        " consecutive_failures, next_attempt_ms, full_pages, pending_pages FROM sync_state"_s;

constexpr quint8 kPagesFormat = 1;

SubscriptionSyncState fromRow(const QSqlQuery &q)
{
    SubscriptionSyncState s;
    s.subscriptionId = q.value(0).toString();
    s.lastFullSync = sql::toTime(q.value(1));
    s.lastPendingPoll = sql::toTime(q.value(2));
    s.lastError = q.value(3).toString();
    s.consecutiveFailures = q.value(4).toInt();
    s.nextAttemptNotBefore = sql::toTime(q.value(5));
    s.fullPages = ListingPages::decode(q.value(6).toByteArray());
    s.pendingPages = ListingPages::decode(q.value(7).toByteArray());
    return s;
}

QVariant blob(const ListingPages &pages)
{
    return pages.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(pages.encode());
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

QByteArray ListingPages::encode() const
{
    if (pages.isEmpty())
        return {};
    QByteArray out;
    QDataStream stream(&out, QIODevice::WriteOnly);
    stream.setVersion(QDataStream::Qt_6_4);
    stream << kPagesFormat << cache.rows << cache.lastSeenMax << cache.lastSeenSum << quint32(pages.size());
    for (const Page &page : pages)
        stream << page.digest << page.items << page.nextLink;
    return out;
}

ListingPages ListingPages::decode(const QByteArray &bytes)
{
    ListingPages out;
    if (bytes.isEmpty())
        return out;
    QDataStream stream(bytes);
    stream.setVersion(QDataStream::Qt_6_4);
    quint8 format = 0;
    quint32 count = 0;
    stream >> format >> out.cache.rows >> out.cache.lastSeenMax >> out.cache.lastSeenSum >> count;
    if (format != kPagesFormat || count > 1000000)
        return out;
    for (quint32 i = 0; i < count && stream.status() == QDataStream::Ok; ++i) {
        Page page;
        stream >> page.digest >> page.items >> page.nextLink;
        out.pages.append(page);
    }
    if (stream.status() != QDataStream::Ok || !stream.atEnd())
        return {};
    return out;
}

void SyncState::overlay(SubscriptionSyncState *state, const Unwritten &unwritten)
{
    state->lastPendingPoll = unwritten.lastPendingPoll;
    state->pendingPages = unwritten.pendingPages;
}

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
            overlay(&*s, *poll);
    }
    return s;
}

QList<SubscriptionSyncState> SyncState::all(QString *error) const
{
    QList<SubscriptionSyncState> out;
    QSqlQuery *q = m_db.prepared(kSelect + u" ORDER BY subscription_id"_s, error);
    if (!q || !m_db.exec(q, error))
        return out;
    QHash<QString, Unwritten> polls = m_polls;
    while (q->next()) {
        out.append(fromRow(*q));
        if (const auto poll = polls.constFind(out.last().subscriptionId); poll != polls.constEnd()) {
            overlay(&out.last(), *poll);
            polls.erase(poll);
        }
    }
    q->finish();
    if (!polls.isEmpty()) {
        // Polled, never stored: shown all the same.
        for (auto it = polls.cbegin(); it != polls.cend(); ++it) {
            SubscriptionSyncState s;
            s.subscriptionId = it.key();
            overlay(&s, it.value());
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
    sameButPoll.pendingPages = current->pendingPages;
    if (*current == sameButPoll) {
        if (wanted.lastPendingPoll == current->lastPendingPoll && wanted.pendingPages == current->pendingPages)
            m_polls.remove(wanted.subscriptionId);
        else
            m_polls.insert(wanted.subscriptionId, Unwritten {wanted.lastPendingPoll, wanted.pendingPages});
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
                overlay(&*s, it.value());
                if (!write(*s, bodyError))
                    return false;
            }
            return true;
        },
        error, Database::Durability::Cache);
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
                " consecutive_failures, next_attempt_ms, full_pages, pending_pages) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (subscription_id) DO UPDATE SET last_full_sync_ms = excluded.last_full_sync_ms,"
                " last_pending_poll_ms = excluded.last_pending_poll_ms, last_error = excluded.last_error,"
                " consecutive_failures = excluded.consecutive_failures,"
                " next_attempt_ms = excluded.next_attempt_ms, full_pages = excluded.full_pages,"
                " pending_pages = excluded.pending_pages"_s,
                bodyError);
            if (!q)
                return false;
            q->bindValue(0, wanted.subscriptionId);
            q->bindValue(1, sql::time(wanted.lastFullSync));
            q->bindValue(2, sql::time(wanted.lastPendingPoll));
            q->bindValue(3, sql::text(wanted.lastError));
            q->bindValue(4, wanted.consecutiveFailures);
            q->bindValue(5, sql::time(wanted.nextAttemptNotBefore));
            q->bindValue(6, blob(wanted.fullPages));
            q->bindValue(7, blob(wanted.pendingPages));
            return m_db.exec(q, bodyError);
        },
        error, Database::Durability::Cache);
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
        error, Database::Durability::Cache);
}

} // namespace lockbox::store
