#include "requestrowreader.h"

#include "sqlvalues.h"

#include <algorithm>
#include <cstring>
#include <sqlite3.h>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace lockbox::store {

namespace {

// The columns in the order read below; the index on (created_ms DESC, request_id) gives the order
// without a sort.
#define LOCKBOX_ROW_COLUMNS \
  "SELECT request_id, subscription_id, status, created_ms, expiration_ms, duration, access_level," \
  " resource_type, support_request, resource_ids, approved_ms, approval_source, justification," \
  " support_case_url, work_item_source, arm_id, name, type FROM requests"
constexpr char kStatement[] = LOCKBOX_ROW_COLUMNS " ORDER BY created_ms DESC, request_id";
// One subscription's rows in no particular order (no sort, no temporary b-tree): its index
// finds them.
constexpr char kSubscriptionStatement[] = LOCKBOX_ROW_COLUMNS " WHERE subscription_id = ?1";
#undef LOCKBOX_ROW_COLUMNS

enum Column {
    RequestId,
    SubscriptionId,
    Status,
    CreatedMs,
    ExpirationMs,
    Duration,
    AccessLevel,
    ResourceType,
    SupportRequest,
    ResourceIds,
    ApprovedMs,
    ApprovalSource,
    Justification,
    SupportCaseUrl,
    WorkItemSource,
    ArmId,
    Name,
    Type,
    ColumnCount,
};

// A column's bytes, which live until the statement steps again; null for NULL.
QByteArrayView bytesOf(sqlite3_stmt *statement, int column)
{
    const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(statement, column));
    return {bytes, bytes ? sqlite3_column_bytes(statement, column) : 0};
}

QString text(sqlite3_stmt *statement, int column)
{
    const QByteArrayView bytes = bytesOf(statement, column);
    return bytes.isNull() ? QString() : QString::fromUtf8(bytes);
}

QDateTime time(sqlite3_stmt *statement, int column)
{
    if (sqlite3_column_type(statement, column) == SQLITE_NULL)
        return {};
    return QDateTime::fromMSecsSinceEpoch(sqlite3_column_int64(statement, column), Qt::UTC);
}

// The first `chars` UTF-16 units of `text`, never ending inside a surrogate pair.
// The first `chars` characters, and an ellipsis when that is not all: a summary never reads as
// the whole text (the table's cell and tooltip, and the details pane until the whole request is in).
QString cut(const QString &text, qsizetype chars)
{
    if (text.size() <= chars)
        return text;
    qsizetype n = chars;
    if (n > 0 && text.at(n - 1).isHighSurrogate())
        --n;
    return text.left(n) + u'…';
}

// cut(text(statement, column), chars) with one allocation, and without decoding what is cut off
// when the text starts with `chars` ASCII characters (as nearly every justification does).
QString cutText(sqlite3_stmt *statement, int column, qsizetype chars)
{
    const QByteArrayView cell = bytesOf(statement, column);
    if (cell.isNull())
        return {};
    const char *bytes = cell.data();
    const qsizetype size = cell.size();
    qsizetype ascii = 0;
    const qsizetype scanned = std::min(size, chars + 1);
    while (ascii < scanned && uchar(bytes[ascii]) < 0x80)
        ++ascii;
    if (ascii > chars) { // more than `chars` characters, the first of them ASCII
        QString out(chars + 1, Qt::Uninitialized);
        auto *to = reinterpret_cast<char16_t *>(out.data());
        for (qsizetype i = 0; i < chars; ++i)
            to[i] = char16_t(uchar(bytes[i]));
        to[chars] = u'…';
        return out;
    }
    // UTF-8 needs at most 3 bytes for one UTF-16 unit: these bytes hold the characters kept.
    QString out = QString::fromUtf8(bytes, std::min(size, chars * 3 + 3));
    if (out.size() <= chars)
        return out;
    qsizetype n = chars;
    if (out.at(n - 1).isHighSurrogate())
        --n;
    out.truncate(n);
    out.append(u'…');
    return out;
}

// resource_ids: a JSON array of strings as sql::jsonArray() writes it. Without escapes (the usual
// case) it is split in place; anything else goes through the JSON parser.
QStringList resourceIds(QByteArrayView column, StringPool &strings)
{
    const char *bytes = column.data();
    const auto size = int(column.size());
    QStringList out;
    if (!bytes || size < 2)
        return out;
    if (std::memchr(bytes, '\\', std::size_t(size)) == nullptr && bytes[0] == '[' && bytes[size - 1] == ']') {
        const char *p = bytes + 1;
        const char *end = bytes + size - 1;
        bool plain = true;
        while (p < end) {
            while (p < end && (*p == ' ' || *p == ','))
                ++p;
            if (p == end)
                break;
            if (*p != '"') {
                plain = false;
                break;
            }
            const auto *close = static_cast<const char *>(std::memchr(p + 1, '"', std::size_t(end - p - 1)));
            if (!close) {
                plain = false;
                break;
            }
            out.append(strings.intern(QString::fromUtf8(p + 1, close - p - 1)));
            p = close + 1;
        }
        if (plain)
            return out;
        out.clear();
    }
    out = sql::fromJsonArray(QString::fromUtf8(bytes, size));
    for (QString &id : out)
        id = strings.intern(id);
    return out;
}

// What a word that rows repeat (a status, an approval's source) stands for: each distinct one is
// made once from its text.
template<typename T, T (*make)(const QString &)>
class Words
{
public:
    T read(sqlite3_stmt *statement, int column)
    {
        const QByteArrayView word = bytesOf(statement, column);
        for (const auto &[known, value] : m_words) {
            if (known == word)
                return value;
        }
        T value = make(QString::fromUtf8(word));
        if (m_words.size() < 32)
            m_words.emplace_back(word.toByteArray(), value);
        return value;
    }

private:
    std::vector<std::pair<QByteArray, T>> m_words;
};

// Looks `bytes` up in `known` without copying them, else makes the value once and keeps it while
// `known` has room (and the value is short: a long one is unlikely to repeat, and each kept one
// costs its bytes twice).
template<typename T, typename Make>
T repeated(QHash<QByteArray, T> &known, QByteArrayView bytes, Make make)
{
    constexpr qsizetype kMaxRepeatedBytes = 4096;
    const auto it = known.constFind(QByteArray::fromRawData(bytes.data(), bytes.size()));
    if (it != known.constEnd())
        return *it;
    T value = make();
    if (known.size() < RequestRowReader::kMaxRepeatedValues && bytes.size() <= kMaxRepeatedBytes)
        known.insert(bytes.toByteArray(), value);
    return value;
}

} // namespace

RequestRowReader::RequestRowReader(int busyTimeoutMs)
    : m_busyTimeoutMs(busyTimeoutMs)
{
}

RequestRowReader::~RequestRowReader()
{
    close();
}

void RequestRowReader::close()
{
    sqlite3_finalize(m_statement);
    m_statement = nullptr;
    sqlite3_close(m_db);
    m_db = nullptr;
    m_atEnd = true;
}

QString RequestRowReader::failure(const QString &what) const
{
    const QString reason = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : tr("out of memory");
    return what.arg(m_path, reason);
}

bool RequestRowReader::open(const QString &databasePath, QString *error)
{
    return openWith(databasePath, nullptr, error);
}

bool RequestRowReader::open(const QString &databasePath, const QString &subscriptionId, QString *error)
{
    return openWith(databasePath, &subscriptionId, error);
}

bool RequestRowReader::openWith(const QString &databasePath, const QString *subscriptionId, QString *error)
{
    close();
    m_path = databasePath;
    const QByteArray path = databasePath.toUtf8();
    const int opened = sqlite3_open_v2(path.constData(), &m_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    if (opened == SQLITE_OK) {
        sqlite3_busy_timeout(m_db, m_busyTimeoutMs);
        const char *statement = subscriptionId ? kSubscriptionStatement : kStatement;
        const int size = subscriptionId ? int(sizeof kSubscriptionStatement) : int(sizeof kStatement);
        if (sqlite3_prepare_v3(m_db, statement, size, 0, &m_statement, nullptr) == SQLITE_OK) {
            const QByteArray subscription = subscriptionId ? subscriptionId->toUtf8() : QByteArray();
            if (!subscriptionId
                || sqlite3_bind_text(m_statement, 1, subscription.constData(), int(subscription.size()),
                                     SQLITE_TRANSIENT)
                    == SQLITE_OK) {
                m_atEnd = false;
                return true;
            }
        }
    }
    if (error)
        *error = failure(tr("Cannot read the request cache %1: %2"));
    close();
    return false;
}

QList<AccessRequest> RequestRowReader::next(int count, QString *error, QList<AccessRequest> room)
{
    QList<AccessRequest> rows = std::move(room);
    rows.clear(); // keeps the room when the list is not shared
    if (m_atEnd)
        return rows;
    rows.reserve(count);
    Words<RequestStatus, &RequestStatus::fromString> statuses;
    Words<lockbox::ApprovalSource, &AccessRequest::approvalSourceFromName> sources;
    while (rows.size() < count) {
        const int stepped = sqlite3_step(m_statement);
        if (stepped == SQLITE_DONE) {
            close();
            break;
        }
        if (stepped != SQLITE_ROW) {
            if (error)
                *error = failure(tr("Cannot read the request cache %1: %2"));
            close();
            break;
        }
        sqlite3_stmt *s = m_statement;
        AccessRequest &r = rows.emplace_back();
        r.status = statuses.read(s, Status);
        const bool whole = keepsWhole(r.status.kind());
        r.requestId = text(s, RequestId);
        r.subscriptionId = value(s, SubscriptionId);
        r.createdDateTime = time(s, CreatedMs);
        r.expirationDateTime = time(s, ExpirationMs);
        r.duration = value(s, Duration);
        if (sqlite3_column_type(s, AccessLevel) != SQLITE_NULL)
            r.accessLevel = value(s, AccessLevel);
        r.resourceType = value(s, ResourceType);
        r.supportRequest = text(s, SupportRequest);
        const QByteArrayView ids = bytesOf(s, ResourceIds);
        r.resourceIds = repeated(m_lists, ids, [&] { return resourceIds(ids, m_strings); });
        if (sqlite3_column_type(s, ApprovedMs) != SQLITE_NULL) {
            r.approvedAt = time(s, ApprovedMs);
            r.approvalSource = sources.read(s, ApprovalSource);
            if (r.approvalSource == ApprovalSource::None)
                r.approvedAt = {}; // a source this version does not know: not trusted
        }
        r.workItemSource = value(s, WorkItemSource);
        r.type = value(s, Type);
        if (!whole) {
            r.justification = cutText(s, Justification, kSummaryJustificationChars);
            continue;
        }
        r.justification = text(s, Justification);
        r.supportCaseUrl = text(s, SupportCaseUrl);
        r.armId = text(s, ArmId);
        r.name = text(s, Name);
    }
    return rows;
}

QString RequestRowReader::value(sqlite3_stmt *statement, int column)
{
    static_assert(int(ColumnCount) == kColumns);
    const QByteArrayView bytes = bytesOf(statement, column);
    RecentValues &recent = m_recent[std::size_t(column)];
    for (int i = 0; i < recent.count; ++i) {
        const Recent &known = recent.values[std::size_t(i)];
        if (known.bytes.size() == bytes.size()
            && (bytes.isEmpty() || std::memcmp(known.bytes.constData(), bytes.data(), std::size_t(bytes.size())) == 0))
            return known.value;
    }
    QString value = repeated(m_values, bytes, [&] { return m_strings.intern(QString::fromUtf8(bytes)); });
    const auto kept = m_values.constFind(QByteArray::fromRawData(bytes.data(), bytes.size()));
    if (kept != m_values.constEnd()) {
        recent.values[std::size_t(recent.next)] = Recent {kept.key(), *kept};
        recent.next = (recent.next + 1) % kRecentPerColumn;
        recent.count = std::max(recent.count, recent.next == 0 ? kRecentPerColumn : recent.next);
    }
    return value;
}

qint64 RequestRowReader::countAll()
{
    if (!m_db)
        return -1;
    sqlite3_stmt *statement = nullptr;
    qint64 count = -1;
    if (sqlite3_prepare_v2(m_db, "SELECT count(*) FROM requests", -1, &statement, nullptr) == SQLITE_OK
        && sqlite3_step(statement) == SQLITE_ROW)
        count = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return count;
}

bool RequestRowReader::keepsWhole(RequestStatus::Kind kind)
{
    return kind == RequestStatus::Kind::Pending || RequestStatus(kind).isTransitional();
}

AccessRequest RequestRowReader::summary(const AccessRequest &request)
{
    AccessRequest r = request;
    summarise(r);
    return r;
}

bool RequestRowReader::summaryChanges(const AccessRequest &r)
{
    if (keepsWhole(r.status.kind()))
        return false;
    if (!r.supportCaseUrl.isEmpty() || !r.armId.isEmpty() || !r.name.isEmpty())
        return true;
    // cut() leaves a text of kSummaryJustificationChars or fewer as it is, and makes a longer one
    // its first characters and "…", which it also leaves as it is.
    const QString &j = r.justification;
    if (j.size() <= kSummaryJustificationChars)
        return false;
    return j.size() != kSummaryJustificationChars + 1 || j.back() != u'…'
        || j.at(kSummaryJustificationChars - 1).isHighSurrogate();
}

void RequestRowReader::summarise(AccessRequest &r)
{
    if (keepsWhole(r.status.kind()))
        return;
    if (r.justification.size() > kSummaryJustificationChars)
        r.justification = cut(r.justification, kSummaryJustificationChars);
    r.supportCaseUrl = QString();
    r.armId = QString();
    r.name = QString();
}

} // namespace lockbox::store
