#pragma once

#include "bytearena.h"
#include "requestsearchindex.h"
#include "requesttextorder.h"
#include "shareddatamemo.h"

#include "core/accessrequest.h"
#include "core/changeset.h"
#include "core/decision.h"
#include "core/queueddecision.h"
#include "core/stringpool.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <QVariant>

#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::engine {

// The requests a front end lists, in rows keyed by request id (case-insensitive), never by row
// number: what RequestTableModel shows, without Qt Gui.
//
// The initial load is a reset (setRequests) or chunked appends; every later change arrives as a
// ChangeSet and is reported by position, in pairs ("about to remove rows 4 to 9", "removed") that
// a model maps onto beginRemoveRows/endRemoveRows and the like; an incremental change is never a
// reset. Times (time left, Active) are judged as of the rows' "now", which refreshNow() moves to
// the clock's.
//
// Per row, beside the request: a small record of sort and filter keys in one contiguous array, so
// that sorting and filtering 100,000 rows do not chase a pointer per comparison; the text order
// of the free-text columns (RequestTextOrder) and the search text (RequestSearchIndex). Strings
// that many rows repeat are shared through a StringPool; subscription ids and names are kept
// once per subscription.
class RequestRows final : public QObject
{
    Q_OBJECT

public:
    // What rows sort by, in the order of the raw values sortValue() gives; listed as the request
    // table lists its columns, so that a column number is its key.
    enum class SortKey {
        Status, // statusOrder()
        Created,
        TimeLeft, // seconds to the deadline; the maximum when there is none
        Subscription,
        ResourceType, // case-folded text, as the free-text keys below
        Resource,
        SupportCase,
        Duration, // hours; the maximum when not stated in hours
        AccessLevel,
        Justification,
    };
    // A live (queued or sending) decision.
    struct Queued
    {
        Verdict verdict = Verdict::Deny;
        QueuedDecision::State state = QueuedDecision::State::Queued;
        friend bool operator==(const Queued &a, const Queued &b)
        {
            return a.verdict == b.verdict && a.state == b.state;
        }
    };

    explicit RequestRows(const Clock &clock, QObject *parent = nullptr);
    ~RequestRows() override;

    // The word a user reads for a status, searched besides the server's; set before loading rows.
    void setStatusWord(RequestStatus::Kind kind, const QString &word);
    // Whether rows keep only what the table shows (store::RequestRowReader::summary): a request
    // still open for a decision or in a transition stays whole, any other keeps its ids, status,
    // times, subscription, resources, support case, duration, access level and the first 120
    // characters of its justification, and is read whole from the cache when someone needs all
    // of it (the details pane). Off by default: every row is kept as given. Rows already present
    // are summarised when it is switched on.
    void setSummarised(bool summarised);
    bool isSummarised() const { return m_summarised; }

    // A full reset: for the initial load only. Also moves "now" to the clock's.
    void setRequests(const QList<AccessRequest> &all);
    // A chunk of the initial load: new ids are appended with one insertion; ids already present
    // are updated in place.
    void appendRequests(const QList<AccessRequest> &more);
    // Room for this many rows in all (a load whose size is known): appending up to them moves no
    // array and grows no index.
    void reserve(int rows);
    // An incremental change. `rows` hold the current content of every added and changed id (an
    // unknown changed id is inserted, a known added id is updated); removed ids are removed unless
    // `rows` still carries them. Rows are removed per contiguous run (bottom up); past 16 runs the
    // removed rows first move to the end in one reordering and then go in one removal, since
    // every run would cost each proxy a pass over 100,000 rows. New rows are appended in one
    // insertion; rowChanged() is emitted per row whose content differs.
    void applyChanges(const ChangeSet &changes, const QList<AccessRequest> &rows);
    // Display names by subscription id (case-insensitive); subscriptions left out lose theirs.
    void setSubscriptionNames(const QHash<QString, QString> &idToName);
    // The live (queued or sending) decisions; any others in the list are ignored.
    void setQueuedDecisions(const QList<QueuedDecision> &live);
    // Moves "now" to the clock's.
    void refreshNow();

    int rowCount() const { return int(m_rows.size()); }
    int rowOf(const QString &requestId) const; // -1 when absent
    // The key rows know an id by: its lower case (the id itself, shared, when it already is).
    static QString idKey(const QString &requestId);
    // For tests: the hash rows find keys by (nullptr: qHash), so that ids whose hash another id
    // has can be made at will.
    static void setKeyHashForTests(quint64 (*hash)(const QString &key));
    // The request as the row keeps it: whole, or its summary (see setSummarised()), rebuilt from
    // what the row keeps; nothing for a row out of range. The accessors below read one value
    // without making the whole request (the table reads them a cell at a time).
    std::optional<AccessRequest> requestAt(int row) const;
    std::optional<AccessRequest> request(const QString &requestId) const;
    // One value of a row (in range) as requestAt() would give it.
    QString requestIdAt(int row) const;
    RequestStatus statusAt(int row) const;
    QDateTime createdAt(int row) const;
    QString resourceTypeAt(int row) const;
    QStringList resourceIdsAt(int row) const;
    QString supportRequestAt(int row) const;
    QString durationAt(int row) const;
    // AccessRequest::durationHours().
    std::optional<int> durationHoursAt(int row) const;
    std::optional<QString> accessLevelAt(int row) const;
    QString justificationAt(int row) const;
    // How many distinct values and lists of resource ids the rows keep (with some no row uses any
    // more, until the pools are next rebuilt).
    std::size_t pooledValueCount() const { return m_values.size() + m_resourceLists.size(); }
    // Whether the row keeps its request whole (always, unless summarised).
    bool isWholeAt(int row) const;
    // `request` as a summarised row keeps it (store::RequestRowReader::summary).
    static AccessRequest summary(const AccessRequest &request);
    QDateTime now() const { return m_now; }
    qint64 nowMs() const { return m_nowMs; }
    // The live decision on the row's request, or null.
    const Queued *queuedAt(int row) const;

    // The instant (ms since the epoch) the row's time left counts down to: while Pending, the
    // expiration (or creation plus kPendingLifetimeDays); while Approved and active at "now", the
    // end of the access; otherwise nothing. The same instants as RequestPresentation::deadline.
    std::optional<qint64> deadlineMsAt(int row) const;
    // Subscriptions are numbered as the rows meet them; -1 for an id not seen.
    int subscriptionIndexAt(int row) const { return m_keys[std::size_t(row)].subscription; }
    int subscriptionIndexOf(const QString &subscriptionId) const;
    QString subscriptionId(int subscription) const;          // as first met
    QString subscriptionName(int subscription) const;        // empty when none is known
    QString subscriptionDisplayName(int subscription) const; // the name, or the id when none

    // Whether `needleLowerCase` (lower case as RequestSearchIndex::searchLower() makes it) occurs
    // in the row's id, subscription id or name, status, resource type, resource ids, support
    // case, justification or access level.
    bool matches(int row, QStringView needleLowerCase) const
    {
        if (row < 0 || row >= rowCount())
            return needleLowerCase.isEmpty();
        return m_search.matches(std::size_t(row), m_keys[std::size_t(row)].subscription, needleLowerCase);
    }
    // RequestSearchIndex::prepare(): until the needle or the rows change, matches() with this
    // needle only reads and may be called from several threads at once.
    void prepareSearch(QStringView needleLowerCase) const { m_search.prepare(needleLowerCase); }
    // AccessRequest::isActiveAt(now), as RequestStore counts Active.
    bool isActive(int row, const QDateTime &now) const;
    bool isActiveAtMs(int row, qint64 nowMs) const { return nowMs < m_keys[std::size_t(row)].activeUntilMs; }
    RequestStatus::Kind statusKindAt(int row) const { return m_keys[std::size_t(row)].status; }
    int pendingCount() const;

    // The raw value a row sorts by (ms, seconds left, status order, case-folded text).
    QVariant sortValue(int row, SortKey key) const;
    // The order of sortValue(), read from precomputed keys (no QVariant).
    bool lessThan(int leftRow, int rightRow, SortKey key) const;
    // The same order, three-way: negative when the left row sorts first, positive when the right
    // one does, zero when their values are equal.
    int compare(int leftRow, int rightRow, SortKey key) const;
    // The rank of a status in sort order: open requests first, then final ones.
    static int statusOrder(RequestStatus::Kind kind);

Q_SIGNALS:
    void aboutToReset();
    void resetDone();
    void rowsAboutToBeInserted(int first, int last);
    void rowsInserted(int first, int last);
    void rowsAboutToBeRemoved(int first, int last);
    void rowsRemoved(int first, int last);
    // Rows move without changing: after rowsAboutToBeReordered, newRowOf[oldRow] tells where each went.
    void rowsAboutToBeReordered();
    void rowsReordered(const std::vector<int> &newRowOf);
    void rowChanged(int row);        // the request's content
    void subscriptionNamesChanged(); // any row's subscription name may read differently
    void queuedDecisionChanged(int row);

private:
    static constexpr qint64 kNoTime = std::numeric_limits<qint64>::min();
    static constexpr quint32 kNoValue = std::numeric_limits<quint32>::max();
    // A row's own text in m_text: Latin-1 when every character is, one byte each, otherwise
    // UTF-16; a summary's final "…" is a flag, so that a cut Latin-1 text stays Latin-1.
    struct TextRef
    {
        static constexpr quint32 kWide = 0x80000000;     // in `size`: UTF-16
        static constexpr quint32 kEllipsis = 0x40000000; // in `size`: "…" follows
        static constexpr quint32 kFlags = kWide | kEllipsis;
        quint32 offset = 0; // in bytes
        quint32 size = 0;   // in characters (without the flagged "…"), with the flags
        qsizetype chars() const { return qsizetype(size & ~kFlags); }
        std::size_t bytes() const { return std::size_t(chars()) * (size & kWide ? 2 : 1); }
    };
    // A row, compact: its own text (ids, support case, justification, the ARM id and name when
    // they are not the usual ones) in one buffer shared by all rows, and what rows repeat (types,
    // duration, access level, the list of resource ids) as indexes into pools: about 100 bytes
    // and the text, where an AccessRequest with its strings takes 1.5 KB. A whole row keeps
    // everything of its request; a summary (see setSummarised()) no ARM id, name or support
    // case URL, and the first characters of the justification. Status and creation time are in
    // Keys and m_createdMs.
    struct Row
    {
        TextRef requestId;
        TextRef supportRequest;
        TextRef justification;
        TextRef supportCaseUrl;
        TextRef armId;                  // empty when usualArmId
        TextRef name;                   // empty when usualName
        TextRef subscriptionId;         // empty when the same as its subscription's as first met
        quint32 type = 0;               // m_values
        quint32 resourceType = 0;       // m_values
        quint32 duration = 0;           // m_values
        quint32 workItemSource = 0;     // m_values
        quint32 otherStatus = 0;        // m_values: the server's word for a status of kind Other
        quint32 accessLevel = kNoValue; // m_values; kNoValue: absent
        quint32 resourceIds = 0;        // m_resourceLists
        qint64 expirationMs = kNoTime;
        qint64 approvedAtMs = kNoTime;
        ApprovalSource approvalSource = ApprovalSource::None;
        bool whole = false;
        bool usualArmId = false; // "/subscriptions/{subscription}/providers/Microsoft.CustomerLockbox/requests/{id}"
        bool usualName = false;  // the request id
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
    struct Subscription
    {
        QString id;
        QString name;
        int rank = 0; // position of its display name in sort order
    };

    void setRowContent(std::size_t index, const AccessRequest &request);
    // `firstMet`: the id of the request's subscription as the rows first met it.
    void setCompactContent(Row &row, const AccessRequest &request, bool whole, const QString &firstMet);
    static QString usualArmId(const QString &subscriptionId, const QString &requestId);
    static QString usualName(const QString &requestId);
    void releaseText(const Row &row);
    TextRef addText(QStringView text);
    QString textOf(TextRef ref) const;
    quint32 valueIndex(const QString &value);
    quint32 resourceListIndex(const QStringList &ids);
    void compactTextIfWasteful();
    void rebuildPoolsIfWasteful();
    // The text a free-text column sorts by (RequestTextOrder::sortedText of the request as kept).
    QString sortedTextAt(std::size_t row, RequestTextOrder::Column column) const;
    // key: the lower-case id (idKey()); hash: its hashOfKey()
    void appendRow(const AccessRequest &request, const QString &key, quint64 hash);
    int rowOfKey(const QString &key) const { return rowOfKey(key, hashOfKey(key)); }
    int rowOfKey(const QString &key, quint64 hash) const;
    static quint64 hashOfKey(const QString &key);
    void insertSlot(const QString &key, quint64 hash, int slot); // key not present
    void removeSlot(const QString &key, int slot);
    int subscriptionIndexSlow(const QString &subscriptionId);
    void eraseRows(int first, int last);
    void removeRun(int first, int last);
    void removeScattered(const std::vector<int> &ascending);
    void reserveRows(std::size_t count);
    void clearRows();
    void ensureIndex() const;
    int subscriptionIndex(const QString &subscriptionId);
    void rankSubscriptions();
    static constexpr qint64 kNoDeadline = std::numeric_limits<qint64>::max();
    qint64 deadlineMs(const Keys &keys) const // kNoDeadline when there is none
    {
        if (keys.pendingUntilMs != kNoDeadline)
            return keys.pendingUntilMs;
        return m_nowMs < keys.activeUntilMs ? keys.activeUntilMs : kNoDeadline;
    }
    qint64 secondsLeft(const Keys &keys) const // kNoDeadline when there is no deadline
    {
        const qint64 deadline = deadlineMs(keys);
        return deadline == kNoDeadline ? kNoDeadline : (deadline - m_nowMs) / 1000;
    }
    // The slow paths of lessThan(), kept out of it so that its fast paths stay lean.
    Q_NEVER_INLINE void rankText(RequestTextOrder::Column column) const;
    Q_NEVER_INLINE int compareByText(std::size_t left, std::size_t right, RequestTextOrder::Column column) const;

    const Clock &m_clock;
    QDateTime m_now;
    qint64 m_nowMs = 0;

    // Parallel arrays, one element per row (with those of m_search and m_textOrder). Keys are
    // arrays of their own so that a sort by one column reads one dense array (100,000 random reads
    // of a larger record miss the cache every time).
    std::vector<Row> m_rows;
    std::vector<Keys> m_keys;
    std::vector<qint64> m_createdMs; // the minimum when unknown
    RequestSearchIndex m_search;
    RequestTextOrder m_textOrder;
    std::vector<int> m_rowSlot; // row → slot
    // Lower-case id (by its hash) → slot: a number a row gets when it is added and keeps while it lives, so
    // that a removal never touches the hash; m_slotRow maps slots to rows (-1: free, and listed in
    // m_freeSlots). Rows at or after m_indexValidFrom may have moved since the last removal:
    // ensureIndex() renumbers them (an integer pass) when someone next looks an id up.
    // Kept by a 64-bit hash of the key rather than the key itself (100,000 keys would take 10 MB);
    // a key whose hash another key already has is kept in m_slotByKeyOverflow.
    QHash<quint64, int> m_slotByHash;
    QHash<QString, int> m_slotByKeyOverflow;
    mutable std::vector<int> m_slotRow;
    std::vector<int> m_freeSlots;
    mutable int m_indexValidFrom = 0;

    QList<Subscription> m_subscriptions;
    QHash<QString, int> m_subscriptionByKey;      // lower-case id → index in m_subscriptions
    SharedDataMemo<int, 32> m_subscriptionByData; // index in m_subscriptions
    StringPool m_strings;                         // resource ids shared between lists
    // Compact rows' own text, back to back.
    ByteArena m_text;
    // Values compact rows repeat, each kept once ([0] is the empty value), and lists of resource
    // ids. Emptied with the rows (setRequests()), and rebuilt from the rows when they have grown
    // to twice what rows used at the last rebuild (rebuildPoolsIfWasteful()).
    std::vector<QString> m_values;
    std::vector<int> m_valueHours; // AccessRequest::durationHoursOf() each value, 0 when none
    QHash<QString, quint32> m_valueIndex;
    SharedDataMemo<quint32> m_valueByData; // index in m_values
    std::vector<QStringList> m_resourceLists;
    QHash<QStringList, quint32> m_resourceListIndex;
    // Lists kept as given (sharing their data) by the address of their data: a row that shares a
    // list with an earlier one finds it without hashing its ids.
    QHash<const QString *, quint32> m_resourceListByData;
    std::size_t m_poolsRebuiltAt = 4096; // rebuildPoolsIfWasteful()
    QHash<QString, Queued> m_queued;     // lower-case request id → live decision
    bool m_summarised = false;
};

} // namespace lockbox::engine
