#include "requestsearchindex.h"

#include <QVarLengthArray>

#include <array>
#include <cstring> // memchr, memcmp, and glibc's memmem
#include <string_view>

#if defined(__SSE2__)
#  include <emmintrin.h>
#endif

using namespace Qt::StringLiterals;

namespace lockbox::engine {

namespace {

// Search looks this far into a justification; realistic ones are far shorter, and a hostile
// 10 MB one must not cost 10 MB more.
constexpr qsizetype kSearchedJustificationChars = 10000;
// At most this many distinct shared texts; past it, rows keep theirs with their own text (a hostile
// server could make every row's differ).
constexpr std::size_t kMaxShared = 100000;
// Separates the fields of a haystack; the proxy removes control characters from needles, so a
// needle never matches across two fields.
constexpr char16_t kFieldSeparator = 0x01;

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

bool containsBytes(const char *haystack, std::size_t h, const QByteArray &needle)
{
    const auto n = std::size_t(needle.size());
    if (n == 0)
        return true;
    if (n > h)
        return false;
    if (n == 1)
        return std::memchr(haystack, needle.front(), h) != nullptr;
#if defined(__SSE2__)
    return containsSse2(haystack, h, needle.constData(), n);
#elif defined(__GLIBC__)
    return memmem(haystack, h, needle.constData(), n) != nullptr;
#else
    return std::string_view(haystack, h).find(std::string_view(needle.constData(), n)) != std::string_view::npos;
#endif
}

bool containsBytes(const QByteArray &haystack, const QByteArray &needle)
{
    return containsBytes(haystack.constData(), std::size_t(haystack.size()), needle);
}

// Writes `field` into a haystack at `out`: lower case, UTF-8, control characters as spaces; returns
// the end. One pass into a buffer with room for 3 bytes a UTF-16 unit: building 100,000
// haystacks is part of the console's start.
char *appendLowerUtf8(char *out, QStringView field)
{
    // What an ASCII character becomes.
    static constexpr auto kAscii = [] {
        std::array<char, 0x80> table {};
        for (std::size_t c = 0; c < table.size(); ++c)
            table[c] = c < 0x20 ? ' ' : c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : char(c);
        return table;
    }();
    const char16_t *units = field.utf16();
    const qsizetype n = field.size();
    for (qsizetype i = 0; i < n; ++i) {
        // Four ASCII units a step.
        for (; i + 4 <= n; i += 4) {
            quint64 four = 0;
            std::memcpy(&four, units + i, sizeof four);
            if (four & 0xFF80FF80FF80FF80ULL)
                break;
            out[0] = kAscii[units[i]];
            out[1] = kAscii[units[i + 1]];
            out[2] = kAscii[units[i + 2]];
            out[3] = kAscii[units[i + 3]];
            out += 4;
        }
        if (i == n)
            break;
        char32_t c = units[i];
        if (c < 0x80) {
            *out++ = kAscii[c];
            continue;
        }
        if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(units[i + 1]))
            c = QChar::surrogateToUcs4(char16_t(c), units[++i]);
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

// Fields of a haystack.
using Fields = QVarLengthArray<QStringView, 12>;

// A haystack of `fields`, each followed by the separator, in a thread-local buffer (valid until
// the next call): building 100,000 haystacks allocates nothing.
QByteArrayView makeHaystackView(const Fields &fields)
{
    qsizetype units = 0;
    for (const QStringView field : fields)
        units += field.size() + 1;
    thread_local std::vector<char> scratch;
    scratch.resize(std::size_t(units) * 3);
    char *out = scratch.data();
    for (const QStringView field : fields) {
        if (field.isEmpty())
            continue;
        out = appendLowerUtf8(out, field);
        *out++ = char(kFieldSeparator);
    }
    return {scratch.data(), out - scratch.data()};
}

QByteArray makeHaystack(const Fields &fields)
{
    return makeHaystackView(fields).toByteArray();
}

} // namespace

RequestSearchIndex::RequestSearchIndex() = default;

void RequestSearchIndex::setStatusWord(RequestStatus::Kind kind, const QString &word)
{
    if (kind == RequestStatus::Kind::Other)
        return;
    m_statusWords[std::size_t(kind)] = word;
    m_needle.clear(); // the per-status answers are stale
}

void RequestSearchIndex::clear()
{
    m_rows.clear();
    m_text.clear();
    m_shared.clear();
    m_sharedIndex.clear();
    m_sharedByKey.clear();
    m_needle.clear();
}

void RequestSearchIndex::reserve(std::size_t rows)
{
    m_rows.reserve(rows);
}

void RequestSearchIndex::appendRow()
{
    m_rows.emplace_back();
}

quint32 RequestSearchIndex::sharedIndex(const QByteArray &text)
{
    const auto it = m_sharedIndex.constFind(text);
    if (it != m_sharedIndex.constEnd())
        return *it;
    const auto index = quint32(m_shared.size());
    m_shared.push_back(text);
    m_sharedIndex.insert(text, index);
    return index;
}

void RequestSearchIndex::setRow(std::size_t row, const AccessRequest &r, const SharedKey *key)
{
    Row &out = m_rows[row];
    m_text.release(out.size);
    const RequestStatus::Kind kind = r.status.kind();
    out.status = quint8(kind);
    if (key) {
        if (const auto it = m_sharedByKey.constFind(*key); it != m_sharedByKey.constEnd()) {
            out.shared = *it;
            setOwnText(out, r, {});
            return;
        }
    }

    // What rows share: resource ids without their "/subscriptions/{id}" (the subscription is
    // searched once, with its name), the resource type only when no id already says it, the
    // access level, and the server's word for a status of no known kind.
    // Ids nearly always spell the subscription and the type as the request does: compared exactly
    // first, which is many times cheaper than ignoring case (100,000 rows at start).
    constexpr QStringView kSubscriptions = u"/subscriptions/";
    const qsizetype prefixSize = kSubscriptions.size() + r.subscriptionId.size();
    const auto hasPrefix = [&](QStringView id) {
        if (r.subscriptionId.isEmpty() || id.size() < prefixSize)
            return false;
        const QStringView sub = id.mid(kSubscriptions.size(), r.subscriptionId.size());
        const QStringView head = id.left(kSubscriptions.size());
        return (head == kSubscriptions || head.compare(kSubscriptions, Qt::CaseInsensitive) == 0)
            && (sub == r.subscriptionId || sub.compare(r.subscriptionId, Qt::CaseInsensitive) == 0);
    };
    const QString otherStatus = kind == RequestStatus::Kind::Other ? r.status.toString() : QString();
    Fields shared;
    if (!otherStatus.isEmpty())
        shared.append(otherStatus);
    bool typeInId = false;
    for (const QString &id : std::as_const(r.resourceIds)) {
        QStringView view = id;
        if (hasPrefix(view))
            view = view.mid(prefixSize);
        typeInId = typeInId
            || (!r.resourceType.isEmpty()
                && (view.contains(r.resourceType) || view.contains(r.resourceType, Qt::CaseInsensitive)));
        shared.append(view);
    }
    if (!typeInId)
        shared.append(r.resourceType);
    if (r.accessLevel)
        shared.append(*r.accessLevel);
    QByteArray sharedText = makeHaystack(shared);
    out.shared = kNoShared;
    if (!sharedText.isEmpty() && (m_shared.size() < kMaxShared || m_sharedIndex.contains(sharedText))) {
        out.shared = sharedIndex(sharedText);
        sharedText.clear();
    }
    if (key && (out.shared != kNoShared || sharedText.isEmpty()))
        m_sharedByKey.insert(*key, out.shared);
    setOwnText(out, r, sharedText);
}

void RequestSearchIndex::setOwnText(Row &out, const AccessRequest &r, const QByteArray &sharedText)
{
    // The row's own text, and the shared text when there are already too many to share.
    const QByteArrayView own = makeHaystackView({QStringView(r.requestId), QStringView(r.supportRequest),
                                                 QStringView(r.justification).left(kSearchedJustificationChars)});
    out.offset = m_text.append(own.data(), std::size_t(own.size()));
    m_text.append(sharedText.constData(), std::size_t(sharedText.size()));
    out.size = quint32(own.size() + sharedText.size());
    compactTextIfWasteful();
}

void RequestSearchIndex::compactTextIfWasteful()
{
    if (!m_text.isWasteful())
        return;
    m_text.compact([this](const auto &move) {
        for (Row &row : m_rows)
            move(row.offset, row.size);
    });
}

void RequestSearchIndex::eraseRows(std::size_t first, std::size_t last)
{
    for (std::size_t row = first; row <= last; ++row)
        m_text.release(m_rows[row].size);
    m_rows.erase(m_rows.begin() + qsizetype(first), m_rows.begin() + qsizetype(last) + 1);
    compactTextIfWasteful();
}

void RequestSearchIndex::permute(const std::vector<int> &order)
{
    std::vector<Row> out;
    out.reserve(m_rows.size());
    for (const int from : order)
        out.push_back(m_rows[std::size_t(from)]);
    m_rows = std::move(out);
}

void RequestSearchIndex::setSubscription(int index, const QString &id, const QString &name)
{
    const auto i = std::size_t(index);
    if (i >= m_subscriptionHaystacks.size())
        m_subscriptionHaystacks.resize(i + 1);
    m_subscriptionHaystacks[i] = makeHaystack({QStringView(id), QStringView(name)});
    m_needle.clear(); // the per-subscription answers are stale
}

void RequestSearchIndex::prepareNeedle(QStringView needle) const
{
    if (needle == m_needle && !m_needle.isNull())
        return;
    m_needle = needle.toString();
    if (m_needle.isNull())
        m_needle = u""_s;
    m_needleUtf8 = needle.toUtf8();
    m_subscriptionMatches.assign(m_subscriptionHaystacks.size(), qint8(-1));
    m_sharedMatches.assign(m_shared.size(), qint8(-1));
    m_statusMatches.fill(qint8(-1));
}

void RequestSearchIndex::prepare(QStringView needleLowerCase) const
{
    prepareNeedle(needleLowerCase);
    if (needleLowerCase.isEmpty())
        return;
    for (std::size_t kind = 0; kind < m_statusMatches.size() && kind < std::size_t(RequestStatus::knownCount); ++kind) {
        if (m_statusMatches[kind] < 0) {
            const auto k = RequestStatus::Kind(kind);
            m_statusMatches[kind] =
                containsBytes(makeHaystack({RequestStatus::name(k), m_statusWords[kind]}), m_needleUtf8) ? 1 : 0;
        }
    }
    m_sharedMatches.resize(m_shared.size(), qint8(-1));
    for (std::size_t i = 0; i < m_shared.size(); ++i) {
        if (m_sharedMatches[i] < 0)
            m_sharedMatches[i] = containsBytes(m_shared[i], m_needleUtf8) ? 1 : 0;
    }
    m_subscriptionMatches.resize(m_subscriptionHaystacks.size(), qint8(-1));
    for (std::size_t i = 0; i < m_subscriptionHaystacks.size(); ++i) {
        if (m_subscriptionMatches[i] < 0)
            m_subscriptionMatches[i] = containsBytes(m_subscriptionHaystacks[i], m_needleUtf8) ? 1 : 0;
    }
}

bool RequestSearchIndex::matches(std::size_t row, int subscription, QStringView needleLowerCase) const
{
    if (needleLowerCase.isEmpty())
        return true;
    if (row >= m_rows.size())
        return false;
    prepareNeedle(needleLowerCase);
    const Row &r = m_rows[row];
    if (containsBytes(m_text.data() + r.offset, r.size, m_needleUtf8))
        return true;
    if (r.status < RequestStatus::knownCount) {
        qint8 &hit = m_statusMatches[r.status];
        if (hit < 0) {
            const auto kind = RequestStatus::Kind(r.status);
            hit =
                containsBytes(makeHaystack({RequestStatus::name(kind), m_statusWords[r.status]}), m_needleUtf8) ? 1 : 0;
        }
        if (hit == 1)
            return true;
    }
    if (r.shared != kNoShared) {
        if (r.shared >= m_sharedMatches.size()) // shared since the needle was prepared
            m_sharedMatches.resize(m_shared.size(), qint8(-1));
        qint8 &hit = m_sharedMatches[r.shared];
        if (hit < 0)
            hit = containsBytes(m_shared[r.shared], m_needleUtf8) ? 1 : 0;
        if (hit == 1)
            return true;
    }
    const auto s = std::size_t(subscription);
    if (subscription < 0 || s >= m_subscriptionHaystacks.size())
        return false;
    if (s >= m_subscriptionMatches.size())
        m_subscriptionMatches.resize(m_subscriptionHaystacks.size(), qint8(-1));
    qint8 &hit = m_subscriptionMatches[s];
    if (hit < 0)
        hit = containsBytes(m_subscriptionHaystacks[s], m_needleUtf8) ? 1 : 0;
    return hit == 1;
}

QString RequestSearchIndex::searchLower(QStringView text)
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

} // namespace lockbox::engine
