#pragma once

#include "core/accessrequest.h"

#include <QByteArray>
#include <QString>

#include <array>

struct sqlite3_stmt;

namespace lockbox::store {

// A request's row as a merge writes it: every column the request gives, as SQLite stores it (text
// as UTF-8, a lone surrogate as U+FFFD; times as milliseconds since the epoch; NULL where absent),
// made once and bound to the merge's upsert through SQLite's C API. A listing's rows are made on the thread that reads
// it (ListingReader), a page ahead of the merge, with the row's content hash.
class ListedRow final
{
public:
    ListedRow() = default;
    // `request` as the cache stores it under `subscriptionId` (which it must belong to: the
    // caller checks), with the content hash of the request as given.
    ListedRow(const QString &subscriptionId, const AccessRequest &request, QByteArray hash);
    // The row of `request` as the list of `subscriptionId` gives it: its subscription spelled as the
    // list's, with the content hash of that. Null when the request names another subscription
    // (its merge fails). Thread-safe.
    static ListedRow listed(const QString &subscriptionId, const AccessRequest &request);
    // Whether a request naming the subscription `own` (empty: none) may come in the list of
    // `listSubscription`: it names none, or the same one however it is spelled. The cache then
    // stores the list's spelling. The one rule of ListedRow::listed and RequestStore's merges.
    static bool isListedUnder(const QString &listSubscription, const QString &own)
    {
        return own.isEmpty() || own.compare(listSubscription, Qt::CaseInsensitive) == 0;
    }

    bool isNull() const { return m_hash.isEmpty(); }
    const QByteArray &hash() const { return m_hash; }

    // Binds the row to RequestStore's upsert (columns in its order; `nowMs` for the first and last
    // seen times). The statement points into this row until its bindings are cleared.
    int bind(sqlite3_stmt *upsert, qint64 nowMs) const;

private:
    enum Text {
        RequestId,
        SubscriptionId,
        Status,
        Duration,
        AccessLevel,
        ResourceType,
        SupportRequest,
        SupportCaseUrl,
        WorkItemSource,
        ArmId,
        Name,
        Type,
        ResourceIds,
        Justification,
        ApprovalSource,
        TextCount
    };
    enum Time { Created, Expiration, ActiveUntil, Approved, TimeCount };

    void setText(Text column, QStringView value);
    void setNull(Text column)
    {
        m_nullTexts |= 1u << column;
        m_at[column] = m_text.size();
    }
    void setTime(Time column, const QDateTime &value);

    QByteArray m_hash;
    QByteArray m_text;                        // every text column, one after the other, in Text's order
    std::array<qsizetype, TextCount> m_at {}; // where each text column ends in m_text
    std::array<qint64, TimeCount> m_times {};
    quint32 m_nullTexts = 0; // a bit for each Text that is NULL
    quint32 m_nullTimes = 0; // a bit for each Time that is NULL
};

} // namespace lockbox::store
