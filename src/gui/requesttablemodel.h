#pragma once

#include "core/accessrequest.h"
#include "core/changeset.h"
#include "core/decision.h"
#include "core/queueddecision.h"

#include <QAbstractTableModel>
#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringView>

#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::gui {

// The main window's table of requests, keyed by request id (case-insensitive), never by row.
//
// The initial load is a reset (setRequests) or chunked appends; every later change from the
// engine arrives as a ChangeSet and is applied with fine-grained row signals, so selections and
// scroll positions survive a sync. Times (relative "requested", time left) are shown as of the
// model's "now", which refreshTimes() moves forward; call it once a minute.
//
// Each row keeps a lower-case UTF-8 copy of its searchable text, built when the row is set, so
// that search-as-you-type scans bytes without allocating, and a small record of sort and filter
// keys in one contiguous array, so that sorting and filtering 100,000 rows do not chase a pointer
// per comparison. Subscription ids and names are kept once per subscription, not per row.
class RequestTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Status,
        Requested,
        TimeLeft,
        Subscription,
        ResourceType,
        Resource,
        SupportCase,
        Duration,
        AccessLevel,
        Justification,
        ColumnCount
    };
    Q_ENUM(Column)

    // Row-level roles answer on every column; their changes are signalled on the Status column.
    enum Role {
        SortRole = Qt::UserRole + 1, // raw values: ms, seconds left, status order, case-folded text
        RequestIdRole,
        StatusKindRole, // int(RequestStatus::Kind)
        SubscriptionIdRole,
        QueuedVerdictRole, // int(Verdict) of a live queued decision, else an invalid QVariant
    };
    Q_ENUM(Role)

    explicit RequestTableModel(const Clock &clock, QObject *parent = nullptr);
    ~RequestTableModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // A full reset: for the initial load only.
    void setRequests(const QList<AccessRequest> &all);
    // A chunk of the initial load: new ids are appended with one insertion; ids already present
    // are updated in place.
    void appendRequests(const QList<AccessRequest> &more);
    // An incremental change from the engine. `rows` hold the current content of every added and
    // changed id (an unknown changed id is inserted, a known added id is updated); removed ids
    // are removed unless `rows` still carries them. Rows are removed per contiguous run (bottom
    // up); past 16 runs the removed rows first move to the end in one layout change and then go
    // in one removal, since every run would cost each proxy a pass over 100,000 rows. New rows
    // are appended in one insertion, dataChanged is emitted per row whose content differs. Never
    // a reset.
    void applyChanges(const ChangeSet &changes, const QList<AccessRequest> &rows);
    // Display names by subscription id (case-insensitive); subscriptions left out lose theirs.
    void setSubscriptionNames(const QHash<QString, QString> &idToName);
    // The live (queued or sending) decisions; any others in the list are ignored.
    void setQueuedDecisions(const QList<QueuedDecision> &live);
    // Moves the model's "now" to the clock's and signals the Requested and TimeLeft columns.
    void refreshTimes();

    int rowOf(const QString &requestId) const; // -1 when absent
    const AccessRequest *requestAt(int row) const;
    std::optional<AccessRequest> request(const QString &requestId) const;
    QDateTime now() const { return m_now; }

    // Whether `needleLowerCase` (lower case as searchLower() makes it) occurs in the row's id,
    // subscription id or name, status, resource type, resource ids, support case, justification
    // or access level.
    bool matches(int row, QStringView needleLowerCase) const;
    // The lower case that haystacks are built in: one character for one (QChar::toLower).
    static QString searchLower(QStringView text);
    // AccessRequest::isActiveAt(now) without an approval time, as RequestStore counts Active.
    bool isActive(int row, const QDateTime &now) const;
    bool isActiveAtMs(int row, qint64 nowMs) const { return nowMs < m_keys[std::size_t(row)].activeUntilMs; }
    RequestStatus::Kind statusKindAt(int row) const { return m_keys[std::size_t(row)].status; }
    // Subscriptions are numbered as the model meets them; -1 for an id it has not seen.
    int subscriptionIndexAt(int row) const { return m_keys[std::size_t(row)].subscription; }
    int subscriptionIndexOf(const QString &subscriptionId) const;
    int pendingCount() const;

    // The order of SortRole for `column`, read from precomputed keys (no QVariant).
    bool lessThan(int leftRow, int rightRow, int column) const;
    // Whether a dataChanged over these columns may change what a row matches or how it is
    // filtered (content, subscription names), rather than only times or queued decisions.
    static bool affectsContent(int firstColumn, int lastColumn);
    // The rank of a status in SortRole order: open requests first, then final ones.
    static int statusOrder(RequestStatus::Kind kind);

private:
    struct Row
    {
        AccessRequest request;
    };
    // What filtering and the time and status sorts read, one small record per row.
    struct Keys
    {
        qint64 pendingUntilMs = 0; // Pending: expiration (or creation + lifetime); otherwise the maximum
        qint64 activeUntilMs = 0;  // Approved: end of the access window; otherwise the minimum
        int durationHours = 0;     // the maximum when the duration is not in hours
        int subscription = 0;      // index in m_subscriptions
        RequestStatus::Kind status = RequestStatus::Kind::Unknown;
    };
    static constexpr std::size_t kTextColumns = 5;
    struct SubscriptionInfo
    {
        QString id;
        QString name;
        QByteArray haystack; // lower-case UTF-8 id and name
        int rank = 0;        // position of its display name in sort order
    };
    struct Queued
    {
        Verdict verdict = Verdict::Deny;
        QueuedDecision::State state = QueuedDecision::State::Queued;
        friend bool operator==(const Queued &a, const Queued &b)
        {
            return a.verdict == b.verdict && a.state == b.state;
        }
    };

    void setRowContent(std::size_t index, const AccessRequest &request);
    void appendRow(const AccessRequest &request);
    void eraseRows(int first, int last);
    void removeRun(int first, int last);
    void removeScattered(const std::vector<int> &ascending);
    void reserveRows(std::size_t count);
    int subscriptionIndex(const QString &subscriptionId);
    void rankSubscriptions();
    void intern(QString &value);
    void clearRows();
    void ensureIndex() const;
    void prepareNeedle(QStringView needle) const;
    void rankText(std::size_t slot, int column) const;
    qint64 deadlineMs(const Keys &keys) const;
    qint64 secondsLeft(const Keys &keys) const; // the maximum when there is no deadline
    QString displayText(int row, int column) const;
    QString statusDisplay(const Row &row) const;
    QVariant toolTip(int row, int column) const;
    QVariant sortValue(int row, int column) const;
    QString subscriptionName(int subscription) const; // the name, or the id when none is known
    QIcon icon(const RequestStatus &status) const;

    const Clock &m_clock;
    QDateTime m_now;
    qint64 m_nowMs = 0;

    // Parallel arrays, one element per row. Rows are held by pointer so that removing a run
    // moves 8 bytes a row; keys are arrays of their own so that a sort by one column reads one
    // dense array (100,000 random reads of a large record miss the cache every time).
    std::vector<std::unique_ptr<Row>> m_rows;
    std::vector<Keys> m_keys;
    std::vector<qint64> m_createdMs; // the minimum when unknown
    // Lower-case UTF-8 of what search looks through: id, status, type, resources, case, text,
    // level. Held here rather than in Row so a scan of all rows does not go through Row first.
    std::vector<QByteArray> m_haystacks;
    // Order-preserving integer prefixes of the text columns' sorted text.
    std::array<std::vector<quint64>, kTextColumns> m_textKeys;
    // Per text column, once sorted by it: each row's rank in the full order (-1 when the row was
    // set since), so that sorting again, and re-sorting as a search changes, compares integers.
    mutable std::array<std::vector<int>, kTextColumns> m_textRanks;
    mutable std::array<std::size_t, kTextColumns> m_unranked {};
    std::vector<int> m_rowSlot; // row → slot
    // Lower-case id → slot: a number a row gets when it is added and keeps while it lives, so
    // that a removal never touches the hash; m_slotRow maps slots to rows. Rows at or after
    // m_indexValidFrom may have moved since the last removal: ensureIndex() renumbers them (an
    // integer pass) when someone next looks an id up.
    QHash<QString, int> m_slotById;
    mutable std::vector<int> m_slotRow;
    mutable int m_indexValidFrom = 0;

    QList<SubscriptionInfo> m_subscriptions;
    QHash<QString, int> m_subscriptionByKey; // lower-case id → index in m_subscriptions
    QSet<QString> m_interned;                // short, repeated values shared between rows
    QHash<QString, Queued> m_queued;         // lower-case request id → live decision

    // The last needle matches() saw, its UTF-8 form, and per subscription whether it matched
    // (-1: not tested yet).
    mutable QString m_needle;
    mutable QByteArray m_needleUtf8;
    mutable std::vector<qint8> m_subscriptionMatches;

    mutable QHash<QString, QIcon> m_icons;
};

} // namespace lockbox::gui
