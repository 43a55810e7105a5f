#include "requesttablemodel.h"

#include "requestpresentation.h"

#include "core/clock.h"

#include <QVarLengthArray>

#include <algorithm>
#include <cstring>
#include <limits>
#include <string.h> // memmem
#include <string_view>

#if defined(__SSE2__)
#  include <emmintrin.h>
#endif

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

constexpr qint64 kNoTime = std::numeric_limits<qint64>::min();
constexpr qint64 kNoDeadline = std::numeric_limits<qint64>::max();
constexpr int kNoHours = std::numeric_limits<int>::max();
constexpr qint64 kMsPerHour = 3600 * 1000;
constexpr qint64 kMsPerDay = 24 * kMsPerHour;
// Search looks this far into a justification; realistic ones are far shorter, and a hostile
// 10 MB one must not cost 10 MB more.
constexpr qsizetype kSearchedJustificationChars = 10000;
// Text columns sort by this much of their text.
constexpr qsizetype kSortedChars = 200;
// Longer values are rarely repeated, so interning them would only keep them alive.
constexpr qsizetype kInternMaxChars = 64;
// Separates the fields of a haystack; the proxy removes control characters from needles, so a
// needle never matches across two fields.
constexpr char16_t kFieldSeparator = 0x01;

QString keyOf(const QString &requestId)
{
    return requestId.toLower();
}

#if defined(__SSE2__)
// The "SIMD-friendly" substring search (W. Muła): 16 positions at a time, a position is a
// candidate when both the needle's first and last bytes match there, and only candidates are
// compared in full. Several times faster than memmem on short needles over short haystacks,
// which is what search-as-you-type does 100,000 times a keystroke.
bool containsSse2(const char *haystack, std::size_t h, const char *needle, std::size_t n)
{
    const __m128i first = _mm_set1_epi8(needle[0]);
    const __m128i last = _mm_set1_epi8(needle[n - 1]);
    std::size_t i = 0;
    for (; i + n - 1 + 16 <= h; i += 16) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(haystack + i));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(haystack + i + n - 1));
        auto mask = quint32(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
        while (mask) {
            const uint bit = qCountTrailingZeroBits(mask);
            if (n <= 2 || std::memcmp(haystack + i + bit + 1, needle + 1, n - 2) == 0)
                return true;
            mask &= mask - 1;
        }
    }
    // The tail, shorter than one block.
    for (; i + n <= h; ++i) {
        if (haystack[i] == needle[0] && std::memcmp(haystack + i + 1, needle + 1, n - 1) == 0)
            return true;
    }
    return false;
}
#endif

bool containsBytes(const QByteArray &haystack, const QByteArray &needle)
{
    const auto n = std::size_t(needle.size());
    const auto h = std::size_t(haystack.size());
    if (n == 0)
        return true;
    if (n > h)
        return false;
    if (n == 1)
        return std::memchr(haystack.constData(), needle.front(), h) != nullptr;
#if defined(__SSE2__)
    return containsSse2(haystack.constData(), h, needle.constData(), n);
#elif defined(__GLIBC__)
    return memmem(haystack.constData(), h, needle.constData(), n) != nullptr;
#else
    return std::string_view(haystack.constData(), h).find(std::string_view(needle.constData(), n))
        != std::string_view::npos;
#endif
}

// The last path segment of the first resource id, without copying.
QStringView resourceKey(const QStringList &resourceIds)
{
    if (resourceIds.isEmpty())
        return {};
    QStringView first = resourceIds.first();
    while (first.endsWith(u'/'))
        first.chop(1);
    const qsizetype slash = first.lastIndexOf(u'/');
    return slash >= 0 ? first.mid(slash + 1) : first;
}

// Writes `field` into a haystack at `out`: lower case, UTF-8, control characters as spaces; returns
// the end. One pass into a buffer with room for 3 bytes a UTF-16 unit: building 100,000
// haystacks is part of the console's start.
char *appendLowerUtf8(char *out, QStringView field)
{
    const qsizetype n = field.size();
    for (qsizetype i = 0; i < n; ++i) {
        char32_t c = field[i].unicode();
        if (c < 0x80) {
            if (c < 0x20)
                c = u' ';
            else if (c >= u'A' && c <= u'Z')
                c += u'a' - u'A';
            *out++ = char(c);
            continue;
        }
        if (QChar::isHighSurrogate(c) && i + 1 < n && field[i + 1].isLowSurrogate())
            c = QChar::surrogateToUcs4(char16_t(c), field[++i].unicode());
        else if (QChar::isSurrogate(c))
            c = 0xFFFD;
        c = QChar::toLower(c);
        if (c < 0x800) {
            *out++ = char(0xC0 | (c >> 6));
        } else if (c < 0x10000) {
            *out++ = char(0xE0 | (c >> 12));
            *out++ = char(0x80 | ((c >> 6) & 0x3F));
        } else {
            *out++ = char(0xF0 | (c >> 18));
            *out++ = char(0x80 | ((c >> 12) & 0x3F));
            *out++ = char(0x80 | ((c >> 6) & 0x3F));
        }
        *out++ = char(0x80 | (c & 0x3F));
    }
    return out;
}

// A haystack of `fields`, each followed by the separator.
QByteArray makeHaystack(const QVarLengthArray<QStringView, 12> &fields)
{
    qsizetype units = 0;
    for (const QStringView field : fields)
        units += field.size() + 1;
    // Thread-local scratch: one exact allocation per haystack instead of one that grows.
    thread_local std::vector<char> scratch;
    scratch.resize(std::size_t(units) * 3);
    char *out = scratch.data();
    for (const QStringView field : fields) {
        if (field.isEmpty())
            continue;
        out = appendLowerUtf8(out, field);
        *out++ = char(kFieldSeparator);
    }
    return QByteArray(scratch.data(), out - scratch.data());
}

// The first 8 case-folded characters of `text` packed into an integer whose order agrees with
// QStringView::compare(Qt::CaseInsensitive): characters above U+00FF are clamped and end the
// key, so equal keys mean "compare the text", never a wrong answer.
quint64 prefixKey(QStringView text)
{
    quint64 key = 0;
    bool clamped = false;
    for (qsizetype i = 0; i < 8; ++i) {
        quint64 byte = 0;
        if (clamped) {
            byte = 0xFF;
        } else if (i < text.size()) {
            char16_t c = text[i].unicode();
            if (c >= u'A' && c <= u'Z')
                c += u'a' - u'A';
            else if (c >= 0x80)
                c = QChar::toCaseFolded(c);
            clamped = c > 0xFF;
            byte = clamped ? 0xFF : c;
        }
        key = (key << 8) | byte;
    }
    return key;
}

// Which slot of Keys::text a text column uses, or -1.
int textSlot(int column)
{
    switch (column) {
    case RequestTableModel::ResourceType:
        return 0;
    case RequestTableModel::Resource:
        return 1;
    case RequestTableModel::SupportCase:
        return 2;
    case RequestTableModel::AccessLevel:
        return 3;
    case RequestTableModel::Justification:
        return 4;
    default:
        return -1;
    }
}

// The text a text column sorts by.
QStringView sortedText(const AccessRequest &r, int column)
{
    switch (column) {
    case RequestTableModel::ResourceType:
        return QStringView(r.resourceType).left(kSortedChars);
    case RequestTableModel::Resource:
        return resourceKey(r.resourceIds).left(kSortedChars);
    case RequestTableModel::SupportCase:
        return QStringView(r.supportRequest).left(kSortedChars);
    case RequestTableModel::AccessLevel:
        return r.accessLevel ? QStringView(*r.accessLevel).left(kSortedChars) : QStringView();
    case RequestTableModel::Justification:
        return QStringView(r.justification).left(kSortedChars);
    default:
        return {};
    }
}

QString columnTitle(int column)
{
    switch (column) {
    case RequestTableModel::Status:
        return RequestTableModel::tr("Status");
    case RequestTableModel::Requested:
        return RequestTableModel::tr("Requested");
    case RequestTableModel::TimeLeft:
        return RequestTableModel::tr("Time left");
    case RequestTableModel::Subscription:
        return RequestTableModel::tr("Subscription");
    case RequestTableModel::ResourceType:
        return RequestTableModel::tr("Resource type");
    case RequestTableModel::Resource:
        return RequestTableModel::tr("Resource");
    case RequestTableModel::SupportCase:
        return RequestTableModel::tr("Support case");
    case RequestTableModel::Duration:
        return RequestTableModel::tr("Duration");
    case RequestTableModel::AccessLevel:
        return RequestTableModel::tr("Access level");
    case RequestTableModel::Justification:
        return RequestTableModel::tr("Justification");
    default:
        return QString();
    }
}

} // namespace

RequestTableModel::RequestTableModel(const Clock &clock, QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock(clock)
    , m_now(clock.now())
    , m_nowMs(m_now.toMSecsSinceEpoch())
{
}

RequestTableModel::~RequestTableModel() = default;

QModelIndex RequestTableModel::index(int row, int column, const QModelIndex &parent) const
{
    // Sorting calls this twice per comparison; skip the virtual rowCount/columnCount of hasIndex().
    if (parent.isValid() || row < 0 || column < 0 || row >= int(m_rows.size()) || column >= ColumnCount)
        return QModelIndex();
    return createIndex(row, column);
}

int RequestTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags RequestTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant RequestTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole)
        return columnTitle(section);
    return {};
}

QVariant RequestTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.parent().isValid() || index.row() >= int(m_rows.size())
        || index.column() >= ColumnCount)
        return {};
    const int row = index.row();
    const int column = index.column();
    const AccessRequest &r = m_rows[std::size_t(row)]->request;
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, column);
    case Qt::ToolTipRole:
        return toolTip(row, column);
    case Qt::DecorationRole:
        if (column == Status)
            return icon(r.status);
        return {};
    case Qt::AccessibleTextRole: {
        const QString text = displayText(row, column);
        return tr("%1: %2").arg(columnTitle(column), text.isEmpty() ? tr("none") : text);
    }
    case SortRole:
        return sortValue(row, column);
    case RequestIdRole:
        return r.requestId;
    case StatusKindRole:
        return int(r.status.kind());
    case SubscriptionIdRole:
        return r.subscriptionId;
    case QueuedVerdictRole: {
        const auto it = m_queued.constFind(keyOf(r.requestId));
        if (it == m_queued.constEnd())
            return {};
        return int(it->verdict);
    }
    default:
        return {};
    }
}

QString RequestTableModel::statusDisplay(const Row &row) const
{
    const auto it = m_queued.constFind(keyOf(row.request.requestId));
    if (it == m_queued.constEnd())
        return RequestPresentation::statusText(row.request.status);
    return RequestPresentation::statusText(row.request.status, it->verdict, it->state);
}

QString RequestTableModel::subscriptionName(int subscription) const
{
    const SubscriptionInfo &info = m_subscriptions.at(subscription);
    return info.name.isEmpty() ? info.id : info.name;
}

QString RequestTableModel::displayText(int row, int column) const
{
    const Row &data = *m_rows[std::size_t(row)];
    const Keys &keys = m_keys[std::size_t(row)];
    const AccessRequest &r = data.request;
    switch (column) {
    case Status:
        return statusDisplay(data);
    case Requested:
        return RequestPresentation::relativeTime(r.createdDateTime, m_now);
    case TimeLeft: {
        const qint64 deadline = deadlineMs(keys);
        if (deadline == kNoDeadline)
            return QString();
        return RequestPresentation::timeLeftText((deadline - m_nowMs) / 1000);
    }
    case Subscription:
        return RequestPresentation::singleLine(subscriptionName(keys.subscription), 120);
    case ResourceType:
        return RequestPresentation::singleLine(r.resourceType, 120);
    case Resource:
        return RequestPresentation::resourceText(r.resourceIds);
    case SupportCase:
        return RequestPresentation::singleLine(r.supportRequest, 80);
    case Duration:
        return RequestPresentation::durationText(r);
    case AccessLevel:
        return RequestPresentation::singleLine(r.accessLevel.value_or(QString()), 80);
    case Justification:
        return RequestPresentation::singleLine(r.justification, 200);
    default:
        return QString();
    }
}

QVariant RequestTableModel::toolTip(int row, int column) const
{
    const Row &data = *m_rows[std::size_t(row)];
    const Keys &keys = m_keys[std::size_t(row)];
    const AccessRequest &r = data.request;
    switch (column) {
    case Status:
        return RequestPresentation::plainToolTip(statusDisplay(data));
    case Requested:
        return RequestPresentation::exactTime(r.createdDateTime);
    case TimeLeft: {
        const qint64 deadline = deadlineMs(keys);
        if (deadline == kNoDeadline)
            return {};
        const QString exact = RequestPresentation::exactTime(QDateTime::fromMSecsSinceEpoch(deadline, Qt::UTC));
        return r.status.kind() == RequestStatus::Kind::Pending ? tr("Expires at\n%1").arg(exact)
                                                               : tr("Access ends at\n%1").arg(exact);
    }
    case Subscription: {
        const SubscriptionInfo &info = m_subscriptions.at(keys.subscription);
        return RequestPresentation::plainToolTip(info.name.isEmpty() ? info.id : info.name + u'\n' + info.id);
    }
    case ResourceType:
        return RequestPresentation::plainToolTip(r.resourceType);
    case Resource:
        return RequestPresentation::plainToolTip(r.resourceIds.join(u'\n'));
    case SupportCase:
        return RequestPresentation::plainToolTip(r.supportRequest);
    case Duration:
        return RequestPresentation::plainToolTip(r.duration);
    case AccessLevel:
        return RequestPresentation::plainToolTip(r.accessLevel.value_or(QString()));
    case Justification:
        return RequestPresentation::plainToolTip(r.justification);
    default:
        return {};
    }
}

QVariant RequestTableModel::sortValue(int row, int column) const
{
    const Keys &keys = m_keys[std::size_t(row)];
    switch (column) {
    case Status:
        return statusOrder(keys.status);
    case Requested:
        return qlonglong(m_createdMs[std::size_t(row)]);
    case TimeLeft:
        return qlonglong(secondsLeft(keys));
    case Subscription:
        return subscriptionName(keys.subscription).toCaseFolded();
    case Duration:
        return qlonglong(keys.durationHours);
    default:
        return sortedText(m_rows[std::size_t(row)]->request, column).toString().toCaseFolded();
    }
}

bool RequestTableModel::lessThan(int leftRow, int rightRow, int column) const
{
    const auto l = std::size_t(leftRow);
    const auto r = std::size_t(rightRow);
    switch (column) {
    case Status:
        return statusOrder(m_keys[l].status) < statusOrder(m_keys[r].status);
    case Requested:
        return m_createdMs[l] < m_createdMs[r];
    case TimeLeft:
        return secondsLeft(m_keys[l]) < secondsLeft(m_keys[r]);
    case Subscription:
        return m_subscriptions.at(m_keys[l].subscription).rank < m_subscriptions.at(m_keys[r].subscription).rank;
    case Duration:
        return m_keys[l].durationHours < m_keys[r].durationHours;
    default: {
        const int slot = textSlot(column);
        if (slot < 0)
            return false;
        const auto textSlotIndex = std::size_t(slot);
        std::vector<int> &ranks = m_textRanks[textSlotIndex];
        if (ranks.size() != m_rows.size() || m_unranked[textSlotIndex] > std::max<std::size_t>(64, m_rows.size() / 8))
            rankText(textSlotIndex, column);
        if (ranks[l] >= 0 && ranks[r] >= 0)
            return ranks[l] < ranks[r];
        const std::vector<quint64> &prefixes = m_textKeys[textSlotIndex];
        if (prefixes[l] != prefixes[r])
            return prefixes[l] < prefixes[r];
        // Same prefix: only now read the rows themselves.
        return sortedText(m_rows[l]->request, column)
                   .compare(sortedText(m_rows[r]->request, column), Qt::CaseInsensitive)
            < 0;
    }
    }
}

void RequestTableModel::rankText(std::size_t slot, int column) const
{
    // Case-folded copies compared by code unit give the same order as compare(CaseInsensitive)
    // without folding on every comparison.
    const std::size_t n = m_rows.size();
    std::vector<QString> folded(n);
    for (std::size_t i = 0; i < n; ++i)
        folded[i] = sortedText(m_rows[i]->request, column).toString().toCaseFolded();
    const std::vector<quint64> &prefixes = m_textKeys[slot];
    std::vector<int> order(n);
    for (std::size_t i = 0; i < n; ++i)
        order[i] = int(i);
    const auto less = [&](int a, int b) {
        if (prefixes[std::size_t(a)] != prefixes[std::size_t(b)])
            return prefixes[std::size_t(a)] < prefixes[std::size_t(b)];
        return folded[std::size_t(a)] < folded[std::size_t(b)];
    };
    std::sort(order.begin(), order.end(), less);
    std::vector<int> &ranks = m_textRanks[slot];
    ranks.assign(n, 0);
    int rank = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && less(order[i - 1], order[i]))
            ++rank; // equal texts share a rank, so they compare equal
        ranks[std::size_t(order[i])] = rank;
    }
    m_unranked[slot] = 0;
}

bool RequestTableModel::affectsContent(int firstColumn, int lastColumn)
{
    // Times and queued decisions are signalled on Status..TimeLeft alone; content changes cover
    // the whole row and subscription names the Subscription column.
    Q_UNUSED(firstColumn)
    return lastColumn >= Subscription;
}

int RequestTableModel::statusOrder(RequestStatus::Kind kind)
{
    using Kind = RequestStatus::Kind;
    switch (kind) {
    case Kind::Pending:
        return 0;
    case Kind::Initializing:
        return 1;
    case Kind::Approving:
        return 2;
    case Kind::Denying:
        return 3;
    case Kind::Approved:
        return 4;
    case Kind::Revoking:
        return 5;
    case Kind::Completing:
        return 6;
    case Kind::Denied:
        return 7;
    case Kind::Expired:
        return 8;
    case Kind::Revoked:
        return 9;
    case Kind::Completed:
        return 10;
    case Kind::Error:
        return 11;
    case Kind::Unknown:
        return 12;
    case Kind::Other:
        return 13;
    }
    return 13;
}

qint64 RequestTableModel::deadlineMs(const Keys &keys) const
{
    if (keys.pendingUntilMs != kNoDeadline)
        return keys.pendingUntilMs;
    return m_nowMs < keys.activeUntilMs ? keys.activeUntilMs : kNoDeadline;
}

qint64 RequestTableModel::secondsLeft(const Keys &keys) const
{
    const qint64 deadline = deadlineMs(keys);
    return deadline == kNoDeadline ? kNoDeadline : (deadline - m_nowMs) / 1000;
}

QIcon RequestTableModel::icon(const RequestStatus &status) const
{
    const QString path = RequestPresentation::statusIconPath(status);
    auto it = m_icons.constFind(path);
    if (it == m_icons.constEnd())
        it = m_icons.insert(path, RequestPresentation::statusIcon(status));
    return *it;
}

void RequestTableModel::intern(QString &value)
{
    if (value.isEmpty() || value.size() > kInternMaxChars)
        return;
    const auto it = m_interned.constFind(value);
    if (it != m_interned.constEnd())
        value = *it;
    else
        m_interned.insert(value);
}

int RequestTableModel::subscriptionIndex(const QString &subscriptionId)
{
    const QString key = subscriptionId.toLower();
    const auto it = m_subscriptionByKey.constFind(key);
    if (it != m_subscriptionByKey.constEnd())
        return *it;
    SubscriptionInfo info;
    info.id = subscriptionId;
    info.haystack = makeHaystack({QStringView(subscriptionId)});
    m_subscriptions.append(info);
    const int index = int(m_subscriptions.size() - 1);
    m_subscriptionByKey.insert(key, index);
    m_subscriptionMatches.resize(std::size_t(m_subscriptions.size()), qint8(-1));
    rankSubscriptions();
    return index;
}

int RequestTableModel::subscriptionIndexOf(const QString &subscriptionId) const
{
    return m_subscriptionByKey.value(subscriptionId.toLower(), -1);
}

void RequestTableModel::rankSubscriptions()
{
    // Subscriptions sort by display name; equal names share a rank, so they compare equal.
    std::vector<int> order(std::size_t(m_subscriptions.size()));
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    const auto less = [this](int a, int b) {
        return subscriptionName(a).compare(subscriptionName(b), Qt::CaseInsensitive) < 0;
    };
    std::sort(order.begin(), order.end(), less);
    int rank = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (i > 0 && less(order[i - 1], order[i]))
            ++rank;
        m_subscriptions[order[i]].rank = rank;
    }
}

void RequestTableModel::setRowContent(std::size_t index, const AccessRequest &request)
{
    Row &row = *m_rows[index];
    Keys &keys = m_keys[index];
    row.request = request;
    AccessRequest &r = row.request;
    intern(r.subscriptionId);
    intern(r.type);
    intern(r.resourceType);
    intern(r.duration);
    intern(r.workItemSource);
    if (r.accessLevel)
        intern(*r.accessLevel);

    keys.subscription = subscriptionIndex(r.subscriptionId);
    keys.status = r.status.kind();
    const std::optional<int> hours = r.durationHours();
    keys.durationHours = hours.value_or(kNoHours);
    const qint64 createdMs = r.createdDateTime.isValid() ? r.createdDateTime.toMSecsSinceEpoch() : kNoTime;
    m_createdMs[index] = createdMs;
    keys.pendingUntilMs = kNoDeadline;
    keys.activeUntilMs = kNoTime;
    if (keys.status == RequestStatus::Kind::Pending) {
        // The same instants as RequestPresentation::deadline.
        if (r.expirationDateTime.isValid())
            keys.pendingUntilMs = r.expirationDateTime.toMSecsSinceEpoch();
        else if (createdMs != kNoTime)
            keys.pendingUntilMs = createdMs + kPendingLifetimeDays * kMsPerDay;
    } else if (keys.status == RequestStatus::Kind::Approved && createdMs != kNoTime) {
        keys.activeUntilMs = createdMs + qint64(hours.value_or(kDefaultAccessHours)) * kMsPerHour;
    }
    for (int column : {int(ResourceType), int(Resource), int(SupportCase), int(AccessLevel), int(Justification)}) {
        const auto slot = std::size_t(textSlot(column));
        m_textKeys[slot][index] = prefixKey(sortedText(r, column));
        std::vector<int> &ranks = m_textRanks[slot];
        if (index < ranks.size() && ranks[index] >= 0) {
            ranks[index] = -1; // compared by its text until the next ranking
            ++m_unranked[slot];
        }
    }

    // What search looks through, in this order; the translated status word too, so a user finds
    // the status they read.
    const QString statusWord =
        keys.status == RequestStatus::Kind::Other ? QString() : RequestPresentation::statusText(r.status);
    const QString status = r.status.toString();
    const bool sameWord = statusWord.compare(status, Qt::CaseInsensitive) == 0;
    QVarLengthArray<QStringView, 12> fields = {r.requestId, status};
    if (!sameWord)
        fields.append(statusWord);
    // Resource ids without their "/subscriptions/{id}" (the subscription is searched once, with
    // its name), and the resource type only when no id already says it: a smaller haystack is a
    // faster search.
    const QString subscriptionPrefix = u"/subscriptions/"_s + r.subscriptionId;
    bool typeInId = false;
    for (const QString &id : std::as_const(r.resourceIds)) {
        QStringView view = id;
        if (!r.subscriptionId.isEmpty() && view.startsWith(subscriptionPrefix, Qt::CaseInsensitive))
            view = view.mid(subscriptionPrefix.size());
        typeInId = typeInId || (!r.resourceType.isEmpty() && view.contains(r.resourceType, Qt::CaseInsensitive));
        fields.append(view);
    }
    if (!typeInId)
        fields.append(r.resourceType);
    fields.append(r.supportRequest);
    fields.append(QStringView(r.justification).left(kSearchedJustificationChars));
    if (r.accessLevel)
        fields.append(*r.accessLevel);
    m_haystacks[index] = makeHaystack(fields);
}

void RequestTableModel::appendRow(const AccessRequest &request)
{
    const int row = int(m_rows.size());
    const int slot = int(m_slotRow.size());
    m_rows.push_back(std::make_unique<Row>());
    m_keys.emplace_back();
    m_createdMs.push_back(kNoTime);
    m_haystacks.emplace_back();
    for (std::vector<quint64> &prefixes : m_textKeys)
        prefixes.push_back(0);
    for (std::size_t text = 0; text < kTextColumns; ++text) {
        if (!m_textRanks[text].empty()) {
            m_textRanks[text].push_back(-1);
            ++m_unranked[text];
        }
    }
    m_rowSlot.push_back(slot);
    m_slotRow.push_back(row);
    if (m_indexValidFrom == row)
        ++m_indexValidFrom;
    m_slotById.insert(keyOf(request.requestId), slot);
    setRowContent(std::size_t(row), request);
}

void RequestTableModel::eraseRows(int first, int last)
{
    for (int row = first; row <= last; ++row) {
        m_slotRow[std::size_t(m_rowSlot[std::size_t(row)])] = -1;
        m_slotById.remove(keyOf(m_rows[std::size_t(row)]->request.requestId));
    }
    const auto erase = [first, last](auto &v) { v.erase(v.begin() + first, v.begin() + last + 1); };
    erase(m_rows);
    erase(m_keys);
    erase(m_createdMs);
    erase(m_haystacks);
    erase(m_rowSlot);
    for (std::vector<quint64> &prefixes : m_textKeys)
        erase(prefixes);
    for (std::vector<int> &ranks : m_textRanks) {
        if (!ranks.empty())
            erase(ranks); // the survivors keep their relative order
    }
    // Rows below moved up; they are renumbered once, when someone next looks one up.
    m_indexValidFrom = std::min(m_indexValidFrom, first);
}

void RequestTableModel::removeRun(int first, int last)
{
    beginRemoveRows(QModelIndex(), first, last);
    eraseRows(first, last);
    endRemoveRows();
}

void RequestTableModel::removeScattered(const std::vector<int> &ascending)
{
    // Many scattered runs: each would move every array and cost every proxy a pass over its
    // mapping. Instead the doomed rows move to the end in one layout change (persistent indexes
    // follow their rows) and leave in one removal, which names exactly them.
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
        if (v.empty())
            return;
        std::remove_reference_t<decltype(v)> out;
        out.reserve(v.size());
        for (const int from : order)
            out.push_back(std::move(v[std::size_t(from)]));
        v = std::move(out);
    };
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::NoLayoutChangeHint);
    permute(m_rows);
    permute(m_keys);
    permute(m_createdMs);
    permute(m_haystacks);
    permute(m_rowSlot);
    for (std::vector<quint64> &prefixes : m_textKeys)
        permute(prefixes);
    for (std::vector<int> &ranks : m_textRanks)
        permute(ranks);
    m_indexValidFrom = 0;
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &index : from)
        to.append(this->index(newRow[std::size_t(index.row())], index.column()));
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::NoLayoutChangeHint);

    removeRun(survivors, n - 1);
}

void RequestTableModel::reserveRows(std::size_t count)
{
    m_rows.reserve(count);
    m_keys.reserve(count);
    m_createdMs.reserve(count);
    m_haystacks.reserve(count);
    for (std::vector<quint64> &prefixes : m_textKeys)
        prefixes.reserve(count);
}

void RequestTableModel::clearRows()
{
    m_rows.clear();
    m_keys.clear();
    m_createdMs.clear();
    m_haystacks.clear();
    for (std::vector<quint64> &prefixes : m_textKeys)
        prefixes.clear();
    for (std::vector<int> &ranks : m_textRanks)
        ranks.clear();
    m_unranked = {};
    m_rowSlot.clear();
    m_slotRow.clear();
    m_slotById.clear();
    m_indexValidFrom = 0;
    m_interned.clear();
}

void RequestTableModel::ensureIndex() const
{
    const int n = int(m_rows.size());
    for (int i = m_indexValidFrom; i < n; ++i)
        m_slotRow[std::size_t(m_rowSlot[std::size_t(i)])] = i;
    m_indexValidFrom = n;
}

void RequestTableModel::setRequests(const QList<AccessRequest> &all)
{
    beginResetModel();
    clearRows();
    m_now = m_clock.now();
    m_nowMs = m_now.toMSecsSinceEpoch();
    reserveRows(std::size_t(all.size()));
    m_slotById.reserve(all.size());
    for (const AccessRequest &request : all) {
        if (request.requestId.isEmpty())
            continue; // nothing to key it by
        const int row = rowOf(request.requestId);
        if (row >= 0) { // listed twice: the later copy wins
            setRowContent(std::size_t(row), request);
            continue;
        }
        appendRow(request);
    }
    endResetModel();
}

void RequestTableModel::appendRequests(const QList<AccessRequest> &more)
{
    applyChanges(ChangeSet(), more);
}

void RequestTableModel::applyChanges(const ChangeSet &changes, const QList<AccessRequest> &rows)
{
    // The position of each id's current content in `rows` (the last copy wins).
    QHash<QString, qsizetype> incoming;
    incoming.reserve(rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i)
        incoming.insert(keyOf(rows[i].requestId), i);

    // Removals, bottom-up so that the rows still to remove keep their numbers.
    std::vector<int> doomed;
    for (const RequestChange &change : changes.removed) {
        if (incoming.contains(keyOf(change.requestId)))
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
    constexpr std::size_t kMaxRuns = 16; // beyond this, one layout change is cheaper
    if (runs > kMaxRuns) {
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
        if (request.requestId.isEmpty() || incoming.value(keyOf(request.requestId)) != i)
            continue;
        const int row = rowOf(request.requestId);
        if (row < 0) {
            fresh.push_back(i);
            continue;
        }
        Row &existing = *m_rows[std::size_t(row)];
        if (existing.request == request)
            continue;
        setRowContent(std::size_t(row), request);
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    if (fresh.empty())
        return;
    ensureIndex();
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(fresh.size()) - 1);
    for (const qsizetype i : fresh)
        appendRow(rows[i]);
    endInsertRows();
}

void RequestTableModel::setSubscriptionNames(const QHash<QString, QString> &idToName)
{
    QHash<QString, QString> byKey;
    byKey.reserve(idToName.size());
    for (auto it = idToName.constBegin(); it != idToName.constEnd(); ++it) {
        byKey.insert(it.key().toLower(), it.value());
        subscriptionIndex(it.key()); // names may arrive before the subscription's requests
    }
    bool changed = false;
    for (SubscriptionInfo &info : m_subscriptions) {
        const QString key = info.id.toLower();
        const QString name = byKey.value(key);
        if (name == info.name)
            continue;
        info.name = name;
        info.haystack = makeHaystack({QStringView(info.id), QStringView(name)});
        changed = true;
    }
    if (!changed)
        return;
    rankSubscriptions();
    m_needle.clear(); // the per-subscription match cache is stale
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, Subscription), index(int(m_rows.size()) - 1, Subscription));
}

void RequestTableModel::setQueuedDecisions(const QList<QueuedDecision> &live)
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
        Q_EMIT dataChanged(index(row, Status), index(row, Status));
}

void RequestTableModel::refreshTimes()
{
    m_now = m_clock.now();
    m_nowMs = m_now.toMSecsSinceEpoch();
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, Requested), index(int(m_rows.size()) - 1, TimeLeft));
}

int RequestTableModel::rowOf(const QString &requestId) const
{
    const int slot = m_slotById.value(keyOf(requestId), -1);
    if (slot < 0)
        return -1;
    ensureIndex();
    return m_slotRow[std::size_t(slot)];
}

const AccessRequest *RequestTableModel::requestAt(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return nullptr;
    return &m_rows[std::size_t(row)]->request;
}

std::optional<AccessRequest> RequestTableModel::request(const QString &requestId) const
{
    const int row = rowOf(requestId);
    if (row < 0)
        return std::nullopt;
    return m_rows[std::size_t(row)]->request;
}

void RequestTableModel::prepareNeedle(QStringView needle) const
{
    if (needle == m_needle && !m_needle.isNull())
        return;
    m_needle = needle.toString();
    if (m_needle.isNull())
        m_needle = u""_s;
    m_needleUtf8 = needle.toUtf8();
    m_subscriptionMatches.assign(std::size_t(m_subscriptions.size()), qint8(-1));
}

bool RequestTableModel::matches(int row, QStringView needleLowerCase) const
{
    if (needleLowerCase.isEmpty())
        return true;
    if (row < 0 || row >= int(m_rows.size()))
        return false;
    prepareNeedle(needleLowerCase);
    if (containsBytes(m_haystacks[std::size_t(row)], m_needleUtf8))
        return true;
    const int subscription = m_keys[std::size_t(row)].subscription;
    qint8 &hit = m_subscriptionMatches[std::size_t(subscription)];
    if (hit < 0)
        hit = containsBytes(m_subscriptions.at(subscription).haystack, m_needleUtf8) ? 1 : 0;
    return hit == 1;
}

QString RequestTableModel::searchLower(QStringView text)
{
    QString out;
    out.reserve(text.size());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = text[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < n && text[i + 1].isLowSurrogate()) {
            const char32_t lower = QChar::toLower(QChar::surrogateToUcs4(c, text[++i].unicode()));
            out.append(QChar(QChar::highSurrogate(lower)));
            out.append(QChar(QChar::lowSurrogate(lower)));
        } else {
            out.append(QChar(char16_t(QChar::toLower(char32_t(c)))));
        }
    }
    return out;
}

bool RequestTableModel::isActive(int row, const QDateTime &now) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return false;
    return isActiveAtMs(row, now.toMSecsSinceEpoch());
}

int RequestTableModel::pendingCount() const
{
    return int(std::count_if(m_keys.cbegin(), m_keys.cend(),
                             [](const Keys &keys) { return keys.status == RequestStatus::Kind::Pending; }));
}

} // namespace lockbox::gui
