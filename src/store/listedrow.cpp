#include "listedrow.h"

#include "contenthash.h"

#include <cstring>
#include <sqlite3.h>

namespace lockbox::store {

namespace {

// The end of the run of ASCII characters that `p` starts, read four at a time: a request's text
// is mostly ASCII (ids, paths, URLs), and encoding it was about half of what making a row cost.
const char16_t *asciiRunEnd(const char16_t *p, const char16_t *end)
{
    constexpr quint64 kNotAscii = 0xff80ff80ff80ff80ULL;
    while (end - p >= 4) {
        quint64 four;
        std::memcpy(&four, p, sizeof four);
        if (four & kNotAscii)
            break;
        p += 4;
    }
    while (p < end && *p < 0x80)
        ++p;
    return p;
}

// The bytes `value` takes as UTF-8, a lone surrogate as U+FFFD (what QString::toUtf8 makes of it
// is '?'; what SQLite made of it, when it translated UTF-16, was a broken sequence or a lost
// character).
qsizetype utf8Size(QStringView value)
{
    qsizetype size = value.size();
    const char16_t *p = value.utf16();
    const char16_t *end = p + value.size();
    for (; (p = asciiRunEnd(p, end)) < end; ++p) {
        const char16_t c = *p;
        if (c < 0x800) {
            size += 1;
        } else if (QChar::isHighSurrogate(c) && p + 1 < end && QChar::isLowSurrogate(p[1])) {
            size += 2; // two code units, four bytes
            ++p;
        } else {
            size += 2;
        }
    }
    return size;
}

// Writes `value` as UTF-8 at `out` (utf8Size() bytes); returns the end.
char *writeUtf8(char *out, QStringView value)
{
    const char16_t *p = value.utf16();
    const char16_t *end = p + value.size();
    for (;; ++p) {
        for (const char16_t *ascii = asciiRunEnd(p, end); p < ascii; ++p)
            *out++ = char(*p);
        if (p == end)
            break;
        char32_t c = *p;
        if (c < 0x800) {
            *out++ = char(0xc0 | (c >> 6));
            *out++ = char(0x80 | (c & 0x3f));
            continue;
        }
        if (QChar::isSurrogate(c)) {
            if (QChar::isHighSurrogate(c) && p + 1 < end && QChar::isLowSurrogate(p[1])) {
                c = QChar::surrogateToUcs4(char16_t(c), p[1]);
                ++p;
                *out++ = char(0xf0 | (c >> 18));
                *out++ = char(0x80 | ((c >> 12) & 0x3f));
                *out++ = char(0x80 | ((c >> 6) & 0x3f));
                *out++ = char(0x80 | (c & 0x3f));
                continue;
            }
            c = QChar::ReplacementCharacter;
        }
        *out++ = char(0xe0 | (c >> 12));
        *out++ = char(0x80 | ((c >> 6) & 0x3f));
        *out++ = char(0x80 | (c & 0x3f));
    }
    return out;
}

// The bytes a JSON string of `value` takes beyond its UTF-8: the quotes and the escapes.
qsizetype jsonStringExtra(QStringView value)
{
    qsizetype extra = 2;
    for (const QChar c : value) {
        if (c == u'"' || c == u'\\')
            extra += 1;
        else if (c.unicode() < 0x20)
            extra += 5;
    }
    return extra;
}

// Writes `value` as a JSON string (sql::jsonArray's escapes, a lone surrogate as U+FFFD):
// utf8Size() + jsonStringExtra() bytes.
char *writeJsonString(char *out, QStringView value)
{
    static constexpr char kHex[] = "0123456789abcdef";
    *out++ = '"';
    qsizetype run = 0; // characters since the last escape, written as UTF-8 at once
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char16_t c = value[i].unicode();
        if (c != u'"' && c != u'\\' && c >= 0x20)
            continue;
        out = writeUtf8(out, value.sliced(run, i - run));
        run = i + 1;
        *out++ = '\\';
        if (c < 0x20) {
            *out++ = 'u';
            *out++ = '0';
            *out++ = '0';
            *out++ = kHex[c >> 4];
            *out++ = kHex[c & 0xf];
        } else {
            *out++ = char(c);
        }
    }
    out = writeUtf8(out, value.sliced(run));
    *out++ = '"';
    return out;
}

} // namespace

ListedRow::ListedRow(const QString &subscriptionId, const AccessRequest &r, QByteArray hash)
    : m_hash(std::move(hash))
{
    // The exact size, so that the rows held ahead of the merge hold no spare room.
    const QString status = r.status.toString();
    const QString approvalSource = AccessRequest::approvalSourceName(r.approvalSource);
    qsizetype size = 2 + qMax<qsizetype>(0, r.resourceIds.size() - 1); // the brackets and commas
    for (const QString *text :
         {&r.requestId, &subscriptionId, &status, &r.duration, &r.resourceType, &r.supportRequest, &r.supportCaseUrl,
          &r.workItemSource, &r.armId, &r.name, &r.type, &r.justification, &approvalSource})
        size += utf8Size(*text);
    if (r.accessLevel)
        size += utf8Size(*r.accessLevel);
    for (const QString &id : r.resourceIds)
        size += utf8Size(id) + jsonStringExtra(id);
    m_text.reserve(size);
    setText(RequestId, r.requestId);
    setText(SubscriptionId, subscriptionId);
    setText(Status, status);
    setText(Duration, r.duration);
    if (r.accessLevel)
        setText(AccessLevel, *r.accessLevel);
    else
        setNull(AccessLevel);
    setText(ResourceType, r.resourceType);
    setText(SupportRequest, r.supportRequest);
    setText(SupportCaseUrl, r.supportCaseUrl);
    setText(WorkItemSource, r.workItemSource);
    setText(ArmId, r.armId);
    setText(Name, r.name);
    setText(Type, r.type);
    // sql::jsonArray's text, as UTF-8.
    m_text.append('[');
    for (qsizetype i = 0; i < r.resourceIds.size(); ++i) {
        if (i > 0)
            m_text.append(',');
        const QString &id = r.resourceIds.at(i);
        const qsizetype start = m_text.size();
        m_text.resize(start + utf8Size(id) + jsonStringExtra(id));
        char *end = writeJsonString(m_text.data() + start, id);
        Q_ASSERT(end == m_text.constData() + m_text.size());
        Q_UNUSED(end);
    }
    m_text.append(']');
    m_at[ResourceIds] = m_text.size();
    setText(Justification, r.justification);
    if (r.approvalSource == ApprovalSource::None)
        setNull(ApprovalSource);
    else
        setText(ApprovalSource, approvalSource);
    setTime(Created, r.createdDateTime);
    setTime(Expiration, r.expirationDateTime);
    setTime(ActiveUntil, r.accessEndsAt());
    setTime(Approved, r.approvedAt);
}

ListedRow ListedRow::listed(const QString &subscriptionId, const AccessRequest &request)
{
    if (request.subscriptionId == subscriptionId)
        return {subscriptionId, request, contentHash(request)};
    if (!isListedUnder(subscriptionId, request.subscriptionId))
        return {};
    AccessRequest asListed = request;
    asListed.subscriptionId = subscriptionId;
    return {subscriptionId, asListed, contentHash(asListed)};
}

void ListedRow::setText(Text column, QStringView value)
{
    // Straight into the row's buffer: no QByteArray for each column.
    const qsizetype start = m_text.size();
    m_text.resize(start + utf8Size(value));
    char *end = writeUtf8(m_text.data() + start, value);
    Q_ASSERT(end == m_text.constData() + m_text.size());
    Q_UNUSED(end);
    m_at[column] = m_text.size();
}

void ListedRow::setTime(Time column, const QDateTime &value)
{
    if (value.isValid())
        m_times[column] = value.toMSecsSinceEpoch();
    else
        m_nullTimes |= 1u << column;
}

int ListedRow::bind(sqlite3_stmt *upsert, qint64 nowMs) const
{
    // The upsert's values, in its order: :a … :v are parameters 1 … 22.
    const auto text = [&](int parameter, Text column) {
        if (m_nullTexts & (1u << column))
            return sqlite3_bind_null(upsert, parameter);
        const qsizetype start = column == 0 ? 0 : m_at[column - 1];
        // Never a null pointer, which SQLite would bind as NULL: an empty value is ''.
        return sqlite3_bind_text(upsert, parameter, m_text.constData() + start, int(m_at[column] - start),
                                 SQLITE_STATIC);
    };
    const auto time = [&](int parameter, Time column) {
        return (m_nullTimes & (1u << column)) ? sqlite3_bind_null(upsert, parameter)
                                              : sqlite3_bind_int64(upsert, parameter, m_times[column]);
    };
    int rc = SQLITE_OK;
    const auto step = [&rc](int result) {
        if (rc == SQLITE_OK)
            rc = result;
    };
    step(text(1, RequestId));
    step(text(2, SubscriptionId));
    step(text(3, Status));
    step(sqlite3_bind_blob(upsert, 4, m_hash.constData(), int(m_hash.size()), SQLITE_STATIC));
    step(time(5, Created));
    step(time(6, Expiration));
    step(time(7, ActiveUntil));
    step(sqlite3_bind_int64(upsert, 8, nowMs));
    step(sqlite3_bind_int64(upsert, 9, nowMs));
    step(text(10, Duration));
    step(text(11, AccessLevel));
    step(text(12, ResourceType));
    step(text(13, SupportRequest));
    step(text(14, SupportCaseUrl));
    step(text(15, WorkItemSource));
    step(text(16, ArmId));
    step(text(17, Name));
    step(text(18, Type));
    step(text(19, ResourceIds));
    step(text(20, Justification));
    step(time(21, Approved));
    step(text(22, ApprovalSource));
    return rc;
}

} // namespace lockbox::store
