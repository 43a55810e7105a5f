#include "requestrows.h"

#include "core/clock.h"
#include "store/requestrowreader.h"

#include <QSet>
#include <QSysInfo>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

using namespace Qt::StringLiterals;

namespace lockbox::engine {

namespace {

constexpr int kNoHours = std::numeric_limits<int>::max();
constexpr qint64 kMsPerHour = qint64(3600) * 1000;
constexpr qint64 kMsPerDay = 24 * kMsPerHour;
// The pools of values are rebuilt from the rows (dropping what no row uses) once they hold this
// many, and then again at twice what the rebuild kept.
constexpr std::size_t kPoolsRebuiltAt = 4096;
// Beyond this many runs of removed rows, one reordering and one removal are cheaper.
constexpr std::size_t kMaxRemovedRuns = 16;
// The rank of each status (in RequestStatus::Kind order) in sort order: open requests first
// (Pending, Initializing, Approving, Denying, Approved, Revoking, Completing), then final ones
// (Denied, Expired, Revoked, Completed, Error, Unknown), then any other.
constexpr std::array<int, RequestStatus::knownCount + 1> kStatusOrder = {
    1,  // Initializing
    0,  // Pending
    2,  // Approving
    3,  // Denying
    4,  // Approved
    7,  // Denied
    8,  // Expired
    5,  // Revoking
    9,  // Revoked
    11, // Error
    12, // Unknown
    10, // Completed
    6,  // Completing
    13, // Other
};
static_assert(int(RequestStatus::Kind::Other) == RequestStatus::knownCount);

// Writes the low byte of each of `n` UTF-16 units to `to`: their Latin-1, and true, when every
// unit is Latin-1. Four units a step (nearly all text is ASCII).
bool narrowToLatin1(const char16_t *from, std::size_t n, char *to)
{
    quint64 high = 0;
    std::size_t i = 0;
    if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
        for (; i + 4 <= n; i += 4) {
            quint64 units = 0;
            std::memcpy(&units, from + i, sizeof units);
            high |= units & 0xFF00FF00FF00FF00ULL;
            units &= 0x00FF00FF00FF00FFULL;
            units = (units | (units >> 8)) & 0x0000FFFF0000FFFFULL;
            units = (units | (units >> 16)) & 0x00000000FFFFFFFFULL;
            const auto bytes = quint32(units);
            std::memcpy(to + i, &bytes, sizeof bytes);
        }
    }
    for (; i < n; ++i) {
        high |= from[i] & 0xFF00U;
        to[i] = char(from[i]);
    }
    return high == 0;
}

QString keyOf(const QString &requestId)
{
    return RequestRows::idKey(requestId);
}

// The free-text column a sort key reads, if any.
std::optional<RequestTextOrder::Column> textColumn(RequestRows::SortKey key)
{
    switch (key) {
    case RequestRows::SortKey::ResourceType:
        return RequestTextOrder::ResourceType;
    case RequestRows::SortKey::Resource:
        return RequestTextOrder::Resource;
    case RequestRows::SortKey::SupportCase:
        return RequestTextOrder::SupportCase;
    case RequestRows::SortKey::AccessLevel:
        return RequestTextOrder::AccessLevel;
    case RequestRows::SortKey::Justification:
        return RequestTextOrder::Justification;
    default:
        return std::nullopt;
    }
}

} // namespace

RequestRows::RequestRows(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_now(clock.now())
    , m_nowMs(m_now.toMSecsSinceEpoch())
    , m_values(1)
    , m_valueHours(1, 0)
    , m_resourceLists(1)
{
}

RequestRows::~RequestRows() = default;

void RequestRows::setStatusWord(RequestStatus::Kind kind, const QString &word)
{
    m_search.setStatusWord(kind, word);
}

void RequestRows::setSummarised(bool summarised)
{
    if (summarised == m_summarised)
        return;
    m_summarised = summarised;
    if (!summarised)
        return;
    for (std::size_t row = 0; row < m_rows.size(); ++row) {
        Row &r = m_rows[row];
        if (!r.whole || store::RequestRowReader::keepsWhole(m_keys[row].status))
            continue;
        const AccessRequest summary = store::RequestRowReader::summary(*requestAt(int(row)));
        releaseText(r);
        setCompactContent(r, summary, false, m_subscriptions.at(m_keys[row].subscription).id);
        m_textOrder.setRow(row, summary); // sorted and searched by what the row keeps
        m_search.setRow(row, summary);
    }
    compactTextIfWasteful();
}

bool RequestRows::isWholeAt(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return false;
    return m_rows[std::size_t(row)].whole;
}

AccessRequest RequestRows::summary(const AccessRequest &request)
{
    return store::RequestRowReader::summary(request);
}

int RequestRows::subscriptionIndex(const QString &subscriptionId)
{
    if (const int *known = m_subscriptionByData.find(subscriptionId))
        return *known;
    const int index = subscriptionIndexSlow(subscriptionId);
    m_subscriptionByData.remember(subscriptionId, index);
    return index;
}

int RequestRows::subscriptionIndexSlow(const QString &subscriptionId)
{
    const QString key = subscriptionId.toLower();
    const auto it = m_subscriptionByKey.constFind(key);
    if (it != m_subscriptionByKey.constEnd())
        return *it;
    m_subscriptions.append(Subscription {subscriptionId, QString(), 0});
    const int index = int(m_subscriptions.size() - 1);
    m_subscriptionByKey.insert(key, index);
    m_search.setSubscription(index, subscriptionId, QString());
    rankSubscriptions();
    return index;
}

int RequestRows::subscriptionIndexOf(const QString &subscriptionId) const
{
    return m_subscriptionByKey.value(subscriptionId.toLower(), -1);
}

QString RequestRows::subscriptionId(int subscription) const
{
    return m_subscriptions.at(subscription).id;
}

QString RequestRows::subscriptionName(int subscription) const
{
    return m_subscriptions.at(subscription).name;
}

QString RequestRows::subscriptionDisplayName(int subscription) const
{
    const Subscription &info = m_subscriptions.at(subscription);
    return info.name.isEmpty() ? info.id : info.name;
}

void RequestRows::rankSubscriptions()
{
    // Subscriptions sort by display name; equal names share a rank, so they compare equal.
    std::vector<int> order(std::size_t(m_subscriptions.size()));
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    const auto less = [this](int a, int b) {
        return subscriptionDisplayName(a).compare(subscriptionDisplayName(b), Qt::CaseInsensitive) < 0;
    };
    std::sort(order.begin(), order.end(), less);
    int rank = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (i > 0 && less(order[i - 1], order[i]))
            ++rank;
        m_subscriptions[order[i]].rank = rank;
    }
}

RequestRows::TextRef RequestRows::addText(QStringView text)
{
    TextRef ref;
    if (text.endsWith(u'…')) {
        text.chop(1);
        ref.size |= TextRef::kEllipsis;
    }
    // A size shares its word with the flags: longer text (a gigabyte; replies are capped far below)
    // is cut.
    const char16_t *units = text.utf16();
    const auto n = std::min(std::size_t(text.size()), std::size_t(~TextRef::kFlags));
    bool latin1 = true;
    ref.offset = m_text.appendWith(n, [&](char *to) { latin1 = narrowToLatin1(units, n, to); });
    if (!latin1) {
        m_text.dropBack(n);
        ref.size |= TextRef::kWide;
        ref.offset = m_text.append(reinterpret_cast<const char *>(units), n * 2);
    }
    ref.size |= quint32(n);
    return ref;
}

QString RequestRows::textOf(TextRef ref) const
{
    const char *bytes = m_text.data() + ref.offset;
    const qsizetype ellipsis = ref.size & TextRef::kEllipsis ? 1 : 0;
    QString out(ref.chars() + ellipsis, Qt::Uninitialized);
    if (ref.size & TextRef::kWide) {
        std::memcpy(out.data(), bytes, ref.bytes());
    } else {
        auto *to = reinterpret_cast<char16_t *>(out.data());
        for (qsizetype i = 0; i < ref.chars(); ++i)
            to[i] = char16_t(uchar(bytes[i]));
    }
    if (ellipsis)
        out[out.size() - 1] = u'…';
    return out;
}

void RequestRows::releaseText(const Row &row)
{
    m_text.release(row.requestId.bytes() + row.supportRequest.bytes() + row.justification.bytes()
                   + row.supportCaseUrl.bytes() + row.armId.bytes() + row.name.bytes() + row.subscriptionId.bytes());
}

void RequestRows::compactTextIfWasteful()
{
    if (!m_text.isWasteful())
        return;
    m_text.compact([this](const auto &move) {
        for (Row &row : m_rows) {
            for (TextRef *ref : {&row.requestId, &row.supportRequest, &row.justification, &row.supportCaseUrl,
                                 &row.armId, &row.name, &row.subscriptionId})
                move(ref->offset, ref->bytes());
        }
    });
}

quint32 RequestRows::valueIndex(const QString &value)
{
    if (value.isEmpty())
        return 0;
    if (const quint32 *known = m_valueByData.find(value))
        return *known;
    auto it = m_valueIndex.constFind(value);
    if (it == m_valueIndex.constEnd()) {
        it = m_valueIndex.insert(value, quint32(m_values.size()));
        m_values.push_back(value);
        m_valueHours.push_back(AccessRequest::durationHoursOf(value).value_or(0));
    }
    m_valueByData.remember(value, *it);
    return *it;
}

quint32 RequestRows::resourceListIndex(const QStringList &ids)
{
    if (ids.isEmpty())
        return 0;
    // The cache's reader gives rows that repeat a list one shared list: known by its data, it is
    // not hashed again (100,000 rows at start).
    const auto known = m_resourceListByData.constFind(ids.constData());
    if (known != m_resourceListByData.constEnd() && m_resourceLists[*known].constData() == ids.constData()
        && m_resourceLists[*known].size() == ids.size())
        return *known;
    const auto it = m_resourceListIndex.constFind(ids);
    if (it != m_resourceListIndex.constEnd())
        return *it;
    const auto index = quint32(m_resourceLists.size());
    QStringList shared;
    shared.reserve(ids.size());
    bool same = true; // every id is the string the pool hands back for it: the list can be kept as given
    for (const QString &id : ids) {
        shared.append(m_strings.intern(id));
        same = same && shared.back().constData() == id.constData();
    }
    if (same) {
        shared = ids;
        m_resourceListByData.insert(ids.constData(), index);
    }
    m_resourceLists.push_back(shared);
    m_resourceListIndex.insert(shared, index);
    return index;
}

QString RequestRows::usualArmId(const QString &subscriptionId, const QString &requestId)
{
    return u"/subscriptions/"_s + subscriptionId + u"/providers/Microsoft.CustomerLockbox/requests/"_s + requestId;
}

QString RequestRows::usualName(const QString &requestId)
{
    return u"LockboxRequest_"_s + requestId;
}

void RequestRows::rebuildPoolsIfWasteful()
{
    if (m_values.size() + m_resourceLists.size() < m_poolsRebuiltAt)
        return;
    std::vector<QString> values(1);
    QHash<QString, quint32> valueIndex;
    std::vector<QStringList> lists(1);
    QHash<QStringList, quint32> listIndex;
    const auto keep = [](auto &pool, auto &index, quint32 &value, const auto &old) {
        if (value == 0 || value == kNoValue)
            return;
        const auto &content = old[value];
        auto it = index.constFind(content);
        if (it == index.constEnd()) {
            it = index.insert(content, quint32(pool.size()));
            pool.push_back(content);
        }
        value = *it;
    };
    for (Row &row : m_rows) {
        for (quint32 *value :
             {&row.type, &row.resourceType, &row.duration, &row.workItemSource, &row.otherStatus, &row.accessLevel})
            keep(values, valueIndex, *value, m_values);
        keep(lists, listIndex, row.resourceIds, m_resourceLists);
    }
    m_values = std::move(values);
    m_valueIndex = std::move(valueIndex);
    m_valueHours.clear();
    for (const QString &value : m_values)
        m_valueHours.push_back(AccessRequest::durationHoursOf(value).value_or(0));
    m_valueByData.clear(); // numbered anew
    m_resourceLists = std::move(lists);
    m_resourceListIndex = std::move(listIndex);
    m_search.forgetSharedKeys(); // numbered by the pools
    m_resourceListByData.clear();
    for (std::size_t i = 1; i < m_resourceLists.size(); ++i)
        m_resourceListByData.insert(m_resourceLists[i].constData(), quint32(i));
    m_poolsRebuiltAt = std::max(kPoolsRebuiltAt, 2 * (m_values.size() + m_resourceLists.size()));
}

void RequestRows::setCompactContent(Row &row, const AccessRequest &request, bool whole, const QString &firstMet)
{
    row.whole = whole;
    row.requestId = addText(request.requestId);
    row.supportRequest = addText(request.supportRequest);
    row.justification = addText(request.justification);
    row.supportCaseUrl = addText(request.supportCaseUrl);
    // The ARM id and name as nearly every request has them are made again when asked for.
    // The request's own subscription id only when it is written otherwise (a decision is bound to
    // the request exactly as the approver saw it).
    row.subscriptionId =
        addText(request.subscriptionId == firstMet ? QStringView() : QStringView(request.subscriptionId));
    row.usualArmId = !request.armId.isEmpty() && request.armId == usualArmId(request.subscriptionId, request.requestId);
    row.armId = addText(row.usualArmId ? QStringView() : QStringView(request.armId));
    row.usualName = !request.name.isEmpty() && request.name == usualName(request.requestId);
    row.name = addText(row.usualName ? QStringView() : QStringView(request.name));
    row.type = valueIndex(request.type);
    row.resourceType = valueIndex(request.resourceType);
    row.duration = valueIndex(request.duration);
    row.workItemSource = valueIndex(request.workItemSource);
    row.otherStatus = request.status.kind() == RequestStatus::Kind::Other ? valueIndex(request.status.toString()) : 0;
    row.accessLevel = request.accessLevel ? valueIndex(*request.accessLevel) : kNoValue;
    row.resourceIds = resourceListIndex(request.resourceIds);
    row.expirationMs = request.expirationDateTime.isValid() ? request.expirationDateTime.toMSecsSinceEpoch() : kNoTime;
    row.approvedAtMs = request.approvedAt.isValid() ? request.approvedAt.toMSecsSinceEpoch() : kNoTime;
    row.approvalSource = request.approvalSource;
}

void RequestRows::setRowContent(std::size_t index, const AccessRequest &request)
{
    Row &row = m_rows[index];
    Keys &keys = m_keys[index];
    releaseText(row);
    // What the row keeps, and what it is sorted and searched by: the request whole, or its summary.
    const bool whole = !m_summarised || store::RequestRowReader::keepsWhole(request.status.kind());
    AccessRequest summary;
    const bool summarise = !whole && store::RequestRowReader::summaryChanges(request);
    if (summarise)
        summary = store::RequestRowReader::summary(request);
    const AccessRequest *kept = summarise ? &summary : &request;
    keys.subscription = subscriptionIndex(kept->subscriptionId);
    setCompactContent(row, *kept, whole, m_subscriptions.at(keys.subscription).id);
    const AccessRequest &r = *kept;

    keys.status = r.status.kind();
    const int hours = m_valueHours[row.duration];
    keys.durationHours = hours > 0 ? hours : kNoHours;
    const qint64 createdMs = r.createdDateTime.isValid() ? r.createdDateTime.toMSecsSinceEpoch() : kNoTime;
    m_createdMs[index] = createdMs;
    keys.pendingUntilMs = kNoDeadline;
    keys.activeUntilMs = kNoTime;
    if (keys.status == RequestStatus::Kind::Pending) {
        if (row.expirationMs != kNoTime)
            keys.pendingUntilMs = row.expirationMs;
        else if (createdMs != kNoTime)
            keys.pendingUntilMs = createdMs + kPendingLifetimeDays * kMsPerDay;
    } else if (keys.status == RequestStatus::Kind::Approved) {
        // AccessRequest::accessEndsAt(), from the values the row keeps.
        const qint64 startMs = row.approvedAtMs != kNoTime ? row.approvedAtMs : createdMs;
        const qint64 windowMs = AccessRequest::accessWindowMs(hours > 0 ? std::optional<int>(hours) : std::nullopt);
        qint64 endMs = 0;
        if (startMs != kNoTime && !qAddOverflow(startMs, windowMs, &endMs))
            keys.activeUntilMs = endMs;
    }
    m_textOrder.setRow(index, r);
    const RequestSearchIndex::SharedKey shared {row.resourceIds, row.resourceType, row.accessLevel, row.otherStatus,
                                                keys.subscription};
    m_search.setRow(index, r, &shared);
    compactTextIfWasteful();
    rebuildPoolsIfWasteful();
}

void RequestRows::appendRow(const AccessRequest &request, const QString &key, quint64 hash)
{
    const int row = int(m_rows.size());
    int slot = int(m_slotRow.size());
    if (m_freeSlots.empty()) {
        m_slotRow.push_back(row);
    } else {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
        m_slotRow[std::size_t(slot)] = row;
    }
    m_rows.emplace_back();
    m_keys.emplace_back();
    m_createdMs.push_back(kNoTime);
    m_textOrder.appendRow();
    m_search.appendRow();
    m_rowSlot.push_back(slot);
    if (m_indexValidFrom == row)
        ++m_indexValidFrom;
    insertSlot(key, hash, slot);
    setRowContent(std::size_t(row), request);
}

void RequestRows::eraseRows(int first, int last)
{
    for (int row = first; row <= last; ++row) {
        const int slot = m_rowSlot[std::size_t(row)];
        m_slotRow[std::size_t(slot)] = -1;
        m_freeSlots.push_back(slot);
        removeSlot(keyOf(requestIdAt(row)), slot);
        releaseText(m_rows[std::size_t(row)]);
    }
    const auto erase = [first, last](auto &v) { v.erase(v.begin() + first, v.begin() + last + 1); };
    erase(m_rows);
    erase(m_keys);
    erase(m_createdMs);
    erase(m_rowSlot);
    m_textOrder.eraseRows(std::size_t(first), std::size_t(last));
    m_search.eraseRows(std::size_t(first), std::size_t(last));
    // Rows below moved up; they are renumbered once, when someone next looks one up.
    m_indexValidFrom = std::min(m_indexValidFrom, first);
    compactTextIfWasteful();
}

void RequestRows::removeRun(int first, int last)
{
    Q_EMIT rowsAboutToBeRemoved(first, last);
    eraseRows(first, last);
    Q_EMIT rowsRemoved(first, last);
}

void RequestRows::removeScattered(const std::vector<int> &ascending)
{
    // Many scattered runs: each would move every array and cost every proxy a pass over its
    // mapping. Instead the doomed rows move to the end in one reordering (a model's persistent
    // indexes follow their rows) and leave in one removal, which names exactly them.
    const int n = int(m_rows.size());
    std::vector<char> doomed(static_cast<std::size_t>(n), 0);
    for (const int row : ascending)
        doomed[std::size_t(row)] = 1;
    std::vector<int> order; // new row → old row
    order.reserve(std::size_t(n));
    for (int row = 0; row < n; ++row) {
        if (!doomed[std::size_t(row)])
            order.push_back(row);
    }
    const int survivors = int(order.size());
    order.insert(order.end(), ascending.begin(), ascending.end());
    std::vector<int> newRow(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        newRow[std::size_t(order[std::size_t(i)])] = i;

    const auto permute = [&order](auto &v) {
        std::remove_reference_t<decltype(v)> out;
        out.reserve(v.size());
        for (const int from : order)
            out.push_back(std::move(v[std::size_t(from)]));
        v = std::move(out);
    };
    Q_EMIT rowsAboutToBeReordered();
    permute(m_rows);
    permute(m_keys);
    permute(m_createdMs);
    permute(m_rowSlot);
    m_textOrder.permute(order);
    m_search.permute(order);
    m_indexValidFrom = 0;
    Q_EMIT rowsReordered(newRow);

    removeRun(survivors, n - 1);
}

void RequestRows::reserve(int rows)
{
    if (rows <= rowCount())
        return;
    reserveRows(std::size_t(rows));
    m_rowSlot.reserve(std::size_t(rows));
    m_slotRow.reserve(std::size_t(rows));
    m_slotByHash.reserve(rows);
}

void RequestRows::reserveRows(std::size_t count)
{
    m_rows.reserve(count);
    m_keys.reserve(count);
    m_createdMs.reserve(count);
    m_textOrder.reserve(count);
    m_search.reserve(count);
}

void RequestRows::clearRows()
{
    m_rows.clear();
    m_keys.clear();
    m_createdMs.clear();
    m_textOrder.clear();
    m_search.clear();
    m_rowSlot.clear();
    m_slotRow.clear();
    m_freeSlots.clear();
    m_slotByHash.clear();
    m_slotByKeyOverflow.clear();
    m_indexValidFrom = 0;
    m_strings = StringPool();
    m_text.clear();
    m_values.assign(1, QString());
    m_valueHours.assign(1, 0);
    m_valueIndex.clear();
    m_valueByData.clear();
    m_resourceLists.assign(1, QStringList());
    m_resourceListIndex.clear();
    m_resourceListByData.clear();
    m_poolsRebuiltAt = kPoolsRebuiltAt;
}

void RequestRows::ensureIndex() const
{
    const int n = int(m_rows.size());
    for (int i = m_indexValidFrom; i < n; ++i)
        m_slotRow[std::size_t(m_rowSlot[std::size_t(i)])] = i;
    m_indexValidFrom = n;
}

void RequestRows::setRequests(const QList<AccessRequest> &all)
{
    Q_EMIT aboutToReset();
    clearRows();
    m_now = m_clock.now();
    m_nowMs = m_now.toMSecsSinceEpoch();
    reserveRows(std::size_t(all.size()));
    m_slotByHash.reserve(all.size());
    for (const AccessRequest &request : all) {
        if (request.requestId.isEmpty())
            continue; // nothing to key it by
        const QString key = keyOf(request.requestId);
        const quint64 hash = hashOfKey(key);
        const int row = rowOfKey(key, hash);
        if (row >= 0) { // listed twice: the later copy wins
            setRowContent(std::size_t(row), request);
            continue;
        }
        appendRow(request, key, hash);
    }
    Q_EMIT resetDone();
}

void RequestRows::appendRequests(const QList<AccessRequest> &more)
{
    applyChanges(ChangeSet(), more);
}

void RequestRows::applyChanges(const ChangeSet &changes, const QList<AccessRequest> &rows)
{
    // The position of each id's current content in `rows` (the last copy wins), found by the
    // key's hash as the rows' own index finds it (a key whose hash another key has is kept by
    // itself); each key and hash is made once.
    std::vector<QString> keys;
    std::vector<quint64> hashes;
    keys.reserve(std::size_t(rows.size()));
    hashes.reserve(std::size_t(rows.size()));
    QHash<quint64, qsizetype> incoming;
    QHash<QString, qsizetype> incomingOverflow;
    incoming.reserve(rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QString &key = keys.emplace_back(keyOf(rows[i].requestId));
        const quint64 hash = hashes.emplace_back(hashOfKey(key));
        const qsizetype before = incoming.size();
        qsizetype &at = incoming[hash];
        if (incoming.size() != before || keys[std::size_t(at)] == key)
            at = i;
        else
            incomingOverflow.insert(key, i);
    }
    const auto latest = [&](const QString &key, quint64 hash) -> qsizetype {
        if (!incomingOverflow.isEmpty()) {
            const auto it = incomingOverflow.constFind(key);
            if (it != incomingOverflow.constEnd())
                return *it;
        }
        const auto it = incoming.constFind(hash);
        return it != incoming.constEnd() && keys[std::size_t(*it)] == key ? *it : -1;
    };

    std::vector<int> doomed;
    for (const RequestChange &change : changes.removed) {
        const QString key = keyOf(change.requestId);
        if (latest(key, hashOfKey(key)) >= 0)
            continue;
        const int row = rowOf(change.requestId);
        if (row >= 0)
            doomed.push_back(row);
    }
    std::sort(doomed.begin(), doomed.end());
    doomed.erase(std::unique(doomed.begin(), doomed.end()), doomed.end());
    std::size_t runs = 0;
    for (std::size_t i = 0; i < doomed.size(); ++i)
        runs += i == 0 || doomed[i] != doomed[i - 1] + 1;
    if (runs > kMaxRemovedRuns) {
        removeScattered(doomed);
    } else {
        // Bottom-up, so that the rows still to remove keep their numbers.
        for (std::size_t end = doomed.size(); end > 0;) {
            const int last = doomed[end - 1];
            int first = last;
            --end;
            while (end > 0 && doomed[end - 1] == first - 1)
                first = doomed[--end];
            removeRun(first, last);
        }
    }

    // Changes in place, then the new ids in one insertion at the end.
    std::vector<qsizetype> fresh;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const AccessRequest &request = rows[i];
        const QString &key = keys[std::size_t(i)];
        const quint64 hash = hashes[std::size_t(i)];
        if (request.requestId.isEmpty() || latest(key, hash) != i)
            continue;
        const int row = rowOfKey(key, hash);
        if (row < 0) {
            fresh.push_back(i);
            continue;
        }
        const std::optional<AccessRequest> kept = requestAt(row);
        if (m_summarised ? *kept == store::RequestRowReader::summary(request) : *kept == request)
            continue;
        setRowContent(std::size_t(row), request);
        Q_EMIT rowChanged(row);
    }
    if (fresh.empty())
        return;
    ensureIndex();
    const int first = int(m_rows.size());
    Q_EMIT rowsAboutToBeInserted(first, first + int(fresh.size()) - 1);
    m_slotByHash.reserve(m_slotByHash.size() + qsizetype(fresh.size()));
    for (const qsizetype i : fresh)
        appendRow(rows[i], keys[std::size_t(i)], hashes[std::size_t(i)]);
    Q_EMIT rowsInserted(first, first + int(fresh.size()) - 1);
}

void RequestRows::setSubscriptionNames(const QHash<QString, QString> &idToName)
{
    QHash<QString, QString> byKey;
    byKey.reserve(idToName.size());
    for (auto it = idToName.constBegin(); it != idToName.constEnd(); ++it) {
        byKey.insert(it.key().toLower(), it.value());
        subscriptionIndex(it.key()); // names may arrive before the subscription's requests
    }
    bool changed = false;
    for (qsizetype index = 0; index < m_subscriptions.size(); ++index) {
        Subscription &info = m_subscriptions[index];
        const QString name = byKey.value(info.id.toLower());
        if (name == info.name)
            continue;
        info.name = name;
        m_search.setSubscription(int(index), info.id, name);
        changed = true;
    }
    if (!changed)
        return;
    rankSubscriptions();
    Q_EMIT subscriptionNamesChanged();
}

void RequestRows::setQueuedDecisions(const QList<QueuedDecision> &live)
{
    QHash<QString, Queued> next;
    for (const QueuedDecision &decision : live) {
        if (decision.isLive())
            next.insert(keyOf(decision.requestId), Queued {decision.verdict, decision.state});
    }
    QSet<QString> touched;
    for (auto it = m_queued.constBegin(); it != m_queued.constEnd(); ++it) {
        const auto other = next.constFind(it.key());
        if (other == next.constEnd() || !(*other == *it))
            touched.insert(it.key());
    }
    for (auto it = next.constBegin(); it != next.constEnd(); ++it) {
        if (!m_queued.contains(it.key()))
            touched.insert(it.key());
    }
    m_queued = std::move(next);

    std::vector<int> rows;
    for (const QString &key : std::as_const(touched)) {
        const int row = rowOf(key);
        if (row >= 0)
            rows.push_back(row);
    }
    std::sort(rows.begin(), rows.end());
    for (const int row : rows)
        Q_EMIT queuedDecisionChanged(row);
}

void RequestRows::refreshNow()
{
    m_now = m_clock.now();
    m_nowMs = m_now.toMSecsSinceEpoch();
}

int RequestRows::rowOf(const QString &requestId) const
{
    return rowOfKey(keyOf(requestId));
}

QString RequestRows::idKey(const QString &requestId)
{
    // Ids are nearly always lower-case ASCII (GUIDs): those are their own key, shared, without
    // QString::toLower()'s Unicode table look-ups (100,000 ids a load).
    const auto plain = [](char16_t c) { return c < 0x80 && (c < u'A' || c > u'Z'); };
    if (std::all_of(requestId.utf16(), requestId.utf16() + requestId.size(), plain))
        return requestId;
    return requestId.toLower();
}

namespace {
quint64 (*g_keyHashForTests)(const QString &) = nullptr;
} // namespace

void RequestRows::setKeyHashForTests(quint64 (*hash)(const QString &key))
{
    g_keyHashForTests = hash;
}

quint64 RequestRows::hashOfKey(const QString &key)
{
    if (Q_UNLIKELY(g_keyHashForTests))
        return g_keyHashForTests(key);
    return quint64(qHash(key, 0));
}

void RequestRows::insertSlot(const QString &key, quint64 hash, int slot)
{
    const qsizetype before = m_slotByHash.size();
    int &at = m_slotByHash[hash];
    if (m_slotByHash.size() != before)
        at = slot;
    else
        m_slotByKeyOverflow.insert(key, slot); // another id with the same hash
}

void RequestRows::removeSlot(const QString &key, int slot)
{
    if (m_slotByKeyOverflow.remove(key))
        return;
    const auto it = m_slotByHash.find(hashOfKey(key));
    if (it != m_slotByHash.end() && *it == slot)
        m_slotByHash.erase(it);
}

int RequestRows::rowOfKey(const QString &key, quint64 hash) const
{
    int slot = -1;
    if (!m_slotByKeyOverflow.isEmpty())
        slot = m_slotByKeyOverflow.value(key, -1);
    if (slot < 0)
        slot = m_slotByHash.value(hash, -1);
    if (slot < 0)
        return -1;
    ensureIndex();
    const int row = m_slotRow[std::size_t(slot)];
    // The slot of the key, or of another with the same hash.
    return keyOf(requestIdAt(row)) == key ? row : -1;
}

std::optional<AccessRequest> RequestRows::requestAt(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return std::nullopt;
    const Row &r = m_rows[std::size_t(row)];
    AccessRequest out;
    out.requestId = textOf(r.requestId);
    out.subscriptionId =
        r.subscriptionId.chars() > 0 ? textOf(r.subscriptionId) : subscriptionId(subscriptionIndexAt(row));
    out.armId = r.usualArmId ? usualArmId(out.subscriptionId, out.requestId) : textOf(r.armId);
    out.name = r.usualName ? usualName(out.requestId) : textOf(r.name);
    out.type = m_values[r.type];
    out.justification = textOf(r.justification);
    out.status = statusAt(row);
    out.createdDateTime = createdAt(row);
    if (r.expirationMs != kNoTime)
        out.expirationDateTime = QDateTime::fromMSecsSinceEpoch(r.expirationMs, Qt::UTC);
    out.duration = m_values[r.duration];
    out.resourceIds = m_resourceLists[r.resourceIds];
    out.resourceType = m_values[r.resourceType];
    out.supportRequest = textOf(r.supportRequest);
    out.supportCaseUrl = textOf(r.supportCaseUrl);
    out.workItemSource = m_values[r.workItemSource];
    if (r.accessLevel != kNoValue)
        out.accessLevel = m_values[r.accessLevel];
    if (r.approvedAtMs != kNoTime)
        out.approvedAt = QDateTime::fromMSecsSinceEpoch(r.approvedAtMs, Qt::UTC);
    out.approvalSource = r.approvalSource;
    return out;
}

std::optional<AccessRequest> RequestRows::request(const QString &requestId) const
{
    return requestAt(rowOf(requestId));
}

QString RequestRows::requestIdAt(int row) const
{
    const Row &r = m_rows[std::size_t(row)];
    return textOf(r.requestId);
}

RequestStatus RequestRows::statusAt(int row) const
{
    const Row &r = m_rows[std::size_t(row)];
    const RequestStatus::Kind kind = m_keys[std::size_t(row)].status;
    return kind == RequestStatus::Kind::Other ? RequestStatus::fromString(m_values[r.otherStatus])
                                              : RequestStatus(kind);
}

QDateTime RequestRows::createdAt(int row) const
{
    const qint64 ms = m_createdMs[std::size_t(row)];
    return ms == kNoTime ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString RequestRows::resourceTypeAt(int row) const
{
    const Row &r = m_rows[std::size_t(row)];
    return m_values[r.resourceType];
}

QStringList RequestRows::resourceIdsAt(int row) const
{
    const Row &r = m_rows[std::size_t(row)];
    return m_resourceLists[r.resourceIds];
}

QString RequestRows::supportRequestAt(int row) const
{
    const Row &r = m_rows[std::size_t(row)];
    return textOf(r.supportRequest);
}

QString RequestRows::durationAt(int row) const
{
    const Row &r = m_rows[std::size_t(row)];
    return m_values[r.duration];
}

std::optional<int> RequestRows::durationHoursAt(int row) const
{
    const int hours = m_keys[std::size_t(row)].durationHours;
    return hours == kNoHours ? std::nullopt : std::optional<int>(hours);
}

std::optional<QString> RequestRows::accessLevelAt(int row) const
{
    const Row &r = m_rows[std::size_t(row)];
    return r.accessLevel == kNoValue ? std::nullopt : std::optional<QString>(m_values[r.accessLevel]);
}

QString RequestRows::justificationAt(int row) const
{
    const Row &r = m_rows[std::size_t(row)];
    return textOf(r.justification);
}

QString RequestRows::sortedTextAt(std::size_t row, RequestTextOrder::Column column) const
{
    const Row &r = m_rows[row];
    switch (column) {
    case RequestTextOrder::ResourceType:
        return RequestTextOrder::sortedText(m_values[r.resourceType]).toString();
    case RequestTextOrder::Resource:
        return RequestTextOrder::sortedResource(m_resourceLists[r.resourceIds]).toString();
    case RequestTextOrder::SupportCase:
        return RequestTextOrder::sortedText(textOf(r.supportRequest)).toString();
    case RequestTextOrder::AccessLevel:
        return r.accessLevel == kNoValue ? QString() : RequestTextOrder::sortedText(m_values[r.accessLevel]).toString();
    case RequestTextOrder::Justification:
        return RequestTextOrder::sortedText(textOf(r.justification)).toString();
    case RequestTextOrder::ColumnCount:
        break;
    }
    return {};
}

const RequestRows::Queued *RequestRows::queuedAt(int row) const
{
    if (m_queued.isEmpty())
        return nullptr;
    const auto it = m_queued.constFind(keyOf(requestIdAt(row)));
    return it == m_queued.constEnd() ? nullptr : &*it;
}

std::optional<qint64> RequestRows::deadlineMsAt(int row) const
{
    const qint64 deadline = deadlineMs(m_keys[std::size_t(row)]);
    if (deadline == kNoDeadline)
        return std::nullopt;
    return deadline;
}

bool RequestRows::isActive(int row, const QDateTime &now) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return false;
    return isActiveAtMs(row, now.toMSecsSinceEpoch());
}

int RequestRows::pendingCount() const
{
    return int(std::count_if(m_keys.cbegin(), m_keys.cend(),
                             [](const Keys &keys) { return keys.status == RequestStatus::Kind::Pending; }));
}

QVariant RequestRows::sortValue(int row, SortKey key) const
{
    const Keys &keys = m_keys[std::size_t(row)];
    switch (key) {
    case SortKey::Status:
        return statusOrder(keys.status);
    case SortKey::Created:
        return qlonglong(m_createdMs[std::size_t(row)]);
    case SortKey::TimeLeft:
        return qlonglong(secondsLeft(keys));
    case SortKey::Subscription:
        return subscriptionDisplayName(keys.subscription).toCaseFolded();
    case SortKey::Duration:
        return qlonglong(keys.durationHours);
    default:
        break;
    }
    const std::optional<RequestTextOrder::Column> text = textColumn(key);
    if (!text)
        return {};
    return sortedTextAt(std::size_t(row), *text).toCaseFolded();
}

bool RequestRows::lessThan(int leftRow, int rightRow, SortKey key) const
{
    return compare(leftRow, rightRow, key) < 0;
}

int RequestRows::compare(int leftRow, int rightRow, SortKey key) const
{
    const auto l = std::size_t(leftRow);
    const auto r = std::size_t(rightRow);
    const auto threeWay = [](auto a, auto b) { return a < b ? -1 : (b < a ? 1 : 0); };
    RequestTextOrder::Column text = RequestTextOrder::ResourceType;
    switch (key) {
    case SortKey::Status:
        return threeWay(kStatusOrder[std::size_t(m_keys[l].status)], kStatusOrder[std::size_t(m_keys[r].status)]);
    case SortKey::Created:
        return threeWay(m_createdMs[l], m_createdMs[r]);
    case SortKey::TimeLeft:
        return threeWay(secondsLeft(m_keys[l]), secondsLeft(m_keys[r]));
    case SortKey::Subscription:
        return threeWay(m_subscriptions.at(m_keys[l].subscription).rank,
                        m_subscriptions.at(m_keys[r].subscription).rank);
    case SortKey::Duration:
        return threeWay(m_keys[l].durationHours, m_keys[r].durationHours);
    case SortKey::ResourceType:
        break;
    case SortKey::Resource:
        text = RequestTextOrder::Resource;
        break;
    case SortKey::SupportCase:
        text = RequestTextOrder::SupportCase;
        break;
    case SortKey::AccessLevel:
        text = RequestTextOrder::AccessLevel;
        break;
    case SortKey::Justification:
        text = RequestTextOrder::Justification;
        break;
    default:
        return 0;
    }
    if (l == r)
        return 0;
    if (m_textOrder.needsRanking(text, m_rows.size()))
        rankText(text);
    if (const std::optional<int> order = m_textOrder.order(l, r, text))
        return *order;
    return compareByText(l, r, text);
}

void RequestRows::rankText(RequestTextOrder::Column column) const
{
    m_textOrder.rank(column, m_rows.size(), [this, column](std::size_t row) { return sortedTextAt(row, column); });
}

int RequestRows::compareByText(std::size_t left, std::size_t right, RequestTextOrder::Column column) const
{
    // Same prefix, set since the last ranking: only now read the rows themselves.
    const int order = sortedTextAt(left, column).compare(sortedTextAt(right, column), Qt::CaseInsensitive);
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

int RequestRows::statusOrder(RequestStatus::Kind kind)
{
    return kStatusOrder[std::size_t(kind)];
}

} // namespace lockbox::engine
