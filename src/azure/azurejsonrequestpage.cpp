// AzureJson::parseRequestPage: the pages of GET …/requests read with simdjson's On-Demand API,
// straight into AccessRequests.
//
// simdjson checks the whole body's UTF-8 and finds its structure at once (SIMD, chosen at run time
// for the CPU); this file then walks the page once, front to back. Each item's members are noted
// (the text of a string points into the parser's own buffer, unescaped) whatever their order, the
// last of a repeated name winning as in QJsonDocument; then the item is checked in the order
// parseRequestAt (azurejsonrequests.cpp) checks it, with the same messages, and its strings become
// QStrings once, those that rows repeat shared by the page.
//
// On-Demand only looks at what it is asked for, so every value is visited, members nobody reads
// too: a syntax error anywhere in the body is found, and found before any shape error is reported
// (a shape error is kept while the walk goes on), so that a garbled page is still told from a
// well-formed wrong one (ArmParseResult::retryable).

#include "azurejson.h"
#include "azurejson_p.h"

#include "core/stringpool.h"

#include <QMutex>
#include <QMutexLocker>

#include <cmath>
#include <optional>
#include <simdjson.h>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

// As QJsonDocument: a document nested deeper than this (the top object counts one) is refused.
// On-Demand sets no limit of its own; the walk below keeps this one (and its recursion bounded).
constexpr int kMaxDepth = 1024;
// The parser's memory is about six bytes for each byte of the largest page it read: past this (a
// page of more than about 1,500 requests), it is freed after each page rather than held for
// the life of the process (lockboxctl sync's peak RSS, QUALITY P7). Pages up to this keep theirs:
// a sync reads hundreds of them, and allocating and faulting the buffers in again for each cost
// more time than they take memory (a 1,000-request page's is about 6 MB).
constexpr size_t kKeptParserCapacity = size_t(2) * 1024 * 1024;

// One parser for the process rather than one for each thread that reads pages: the sync engine's
// thread reads a listing's pages as they arrive, and a listing's reader (ListingReader) reads them
// again while that thread writes them, so the two take turns and seldom wait; each parser of
// their own held another 6 MB (QUALITY P7). Taken for a whole page: the page's strings point into
// its buffer until they are read.
QBasicMutex g_parserMutex;
od::parser &sharedParser()
{
    static od::parser parser;
    return parser;
}

enum class Type : quint8 { Absent, Null, Boolean, Number, String, Array, Object };

QString typeText(Type t)
{
    switch (t) {
    case Type::Null:
        return AzureJson::tr("null");
    case Type::Boolean:
        return AzureJson::tr("a boolean");
    case Type::Number:
        return AzureJson::tr("a number");
    case Type::String:
        return AzureJson::tr("a string");
    case Type::Array:
        return AzureJson::tr("an array");
    case Type::Object:
        return AzureJson::tr("an object");
    case Type::Absent:
        break;
    }
    return AzureJson::tr("nothing");
}

QString syntaxText(error_code e)
{
    switch (e) {
    case simdjson::UTF8_ERROR:
        return AzureJson::tr("invalid UTF8 string");
    case simdjson::DEPTH_ERROR:
        return AzureJson::tr("too deeply nested document");
    case simdjson::UNESCAPED_CHARS:
        return AzureJson::tr("unescaped control character in a string");
    case simdjson::UNCLOSED_STRING:
        return AzureJson::tr("unterminated string");
    case simdjson::STRING_ERROR:
        return AzureJson::tr("illegal escape sequence in a string");
    case simdjson::NUMBER_ERROR:
        return AzureJson::tr("illegal number");
    case simdjson::TAPE_ERROR:
        return AzureJson::tr("missing or superfluous separator");
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
        return AzureJson::tr("unterminated object or array");
    case simdjson::TRAILING_CONTENT:
        return AzureJson::tr("garbage at the end of the document");
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
    case simdjson::INCORRECT_TYPE:
        return AzureJson::tr("illegal value");
    default:
        break;
    }
    return QString::fromUtf8(simdjson::error_message(e));
}

Type typeOf(od::json_type t)
{
    switch (t) {
    case od::json_type::array:
        return Type::Array;
    case od::json_type::object:
        return Type::Object;
    case od::json_type::number:
        return Type::Number;
    case od::json_type::string:
        return Type::String;
    case od::json_type::boolean:
        return Type::Boolean;
    case od::json_type::null:
        return Type::Null;
    }
    return Type::Null;
}

// One member as found: its type, and its text (unescaped UTF-8) or number.
struct Slot
{
    Type type = Type::Absent;
    std::string_view text;
    double number = 0;

    bool absent() const { return type == Type::Absent || type == Type::Null; }
};

// A member that may be an array of strings: its items as found.
struct ListSlot
{
    Slot value;
    std::vector<Slot> items;

    void reset()
    {
        value = Slot();
        items.clear();
    }
};

struct Properties
{
    Slot requestId, status, justification, resourceType, supportRequest, supportCaseUrl, createdDateTime,
        expirationDateTime, duration, workitemsource, workItemSource, subscriptionId, accessLevel;
    ListSlot resourceIds, requestedResourceIds;

    void reset()
    {
        for (Slot *s :
             {&requestId, &status, &justification, &resourceType, &supportRequest, &supportCaseUrl, &createdDateTime,
              &expirationDateTime, &duration, &workitemsource, &workItemSource, &subscriptionId, &accessLevel})
            *s = Slot();
        resourceIds.reset();
        requestedResourceIds.reset();
    }
};

struct Item
{
    Slot id, name, type, properties;
    Properties p;

    void reset()
    {
        id = name = type = properties = Slot();
        p.reset();
    }
};

// UTF-16 units of valid UTF-8 (what QString::size() would say): every byte but a continuation
// byte starts a character, and a 4-byte one takes two units.
qsizetype utf16Length(std::string_view s)
{
    qsizetype n = 0;
    for (const char c : s) {
        const auto b = uchar(c);
        n += (b & 0xC0) != 0x80 ? 1 : 0;
        n += b >= 0xF0 ? 1 : 0;
    }
    return n;
}

QString toQString(std::string_view s)
{
    // QString::fromUtf8 drops a byte order mark at the start; in a value it is a character (a
    // hidden one, which showHidden shows), kept as QJsonDocument keeps it.
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (s.substr(0, 3) != kBom)
        return QString::fromUtf8(s.data(), qsizetype(s.size()));
    QString text;
    while (s.substr(0, 3) == kBom) {
        text += QChar(0xFEFF);
        s.remove_prefix(3);
    }
    return text + QString::fromUtf8(s.data(), qsizetype(s.size()));
}

bool isAsciiSpace(char c)
{
    // QChar::isSpace() of the ASCII characters.
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// --- the walk ------------------------------------------------------------------------------

// A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool isJsonNumber(std::string_view s)
{
    size_t i = 0;
    const auto digits = [&s, &i] {
        const size_t from = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9')
            ++i;
        return i > from;
    };
    if (i < s.size() && s[i] == '-')
        ++i;
    if (i < s.size() && s[i] == '0')
        ++i;
    else if (!digits())
        return false;
    if (i < s.size() && s[i] == '.' && (++i, !digits()))
        return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-'))
            ++i;
        if (!digits())
            return false;
    }
    return i == s.size();
}

// A number's value, taken and refused as QJsonDocument takes and refuses it: simdjson refuses a
// few that JSON allows (a zero with a huge exponent), which are read here when finite, and takes
// one too small for a double as 0, which QJsonDocument refuses.
error_code readNumber(od::value &v, double *out)
{
    std::string_view raw = v.raw_json_token();
    const error_code e = v.get_double().get(*out);
    if (!e && *out == 0) {
        // As QJsonDocument: a number too small for a double (1e-400) is refused, not taken for 0.
        for (const char c : raw) {
            if (c == 'e' || c == 'E')
                break;
            if (c >= '1' && c <= '9')
                return simdjson::NUMBER_ERROR;
        }
    }
    if (e != simdjson::NUMBER_ERROR)
        return e;
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' || raw.back() == '\n'))
        raw.remove_suffix(1);
    if (!isJsonNumber(raw))
        return e;
    bool ok = false;
    const double d = QByteArrayView(raw.data(), qsizetype(raw.size())).toDouble(&ok);
    if (!ok || !std::isfinite(d))
        return e;
    *out = d;
    return simdjson::SUCCESS; // not consumed: the walk steps over it
}

// Visits (and so checks) every part of a value. `depth` is the value's own, were it a container.
error_code validate(od::value &v, int depth);

error_code validateType(od::value &v, od::json_type t, int depth)
{
    switch (t) {
    case od::json_type::array: {
        if (depth > kMaxDepth)
            return simdjson::DEPTH_ERROR;
        od::array array;
        if (const error_code e = v.get_array().get(array))
            return e;
        for (auto child : array) {
            if (const error_code e = child.error())
                return e;
            od::value c = child.value_unsafe();
            if (const error_code e = validate(c, depth + 1))
                return e;
        }
        return simdjson::SUCCESS;
    }
    case od::json_type::object: {
        if (depth > kMaxDepth)
            return simdjson::DEPTH_ERROR;
        od::object object;
        if (const error_code e = v.get_object().get(object))
            return e;
        for (auto member : object) {
            od::field field;
            if (const error_code e = std::move(member).get(field))
                return e;
            std::string_view key;
            if (const error_code e = field.unescaped_key().get(key))
                return e;
            if (const error_code e = validate(field.value(), depth + 1))
                return e;
        }
        return simdjson::SUCCESS;
    }
    case od::json_type::number: {
        double d = 0;
        return readNumber(v, &d);
    }
    case od::json_type::string: {
        std::string_view s;
        return v.get_string().get(s);
    }
    case od::json_type::boolean: {
        bool b = false;
        return v.get_bool().get(b);
    }
    case od::json_type::null: {
        bool isNull = false;
        if (const error_code e = v.is_null().get(isNull))
            return e;
        return isNull ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
    }
    return simdjson::INCORRECT_TYPE;
}

error_code validate(od::value &v, int depth)
{
    od::json_type t {};
    if (const error_code e = v.type().get(t))
        return e;
    return validateType(v, t, depth);
}

// Any value into a slot: a string's text, a number's value; a container is checked and noted.
error_code readSlot(od::value &v, Slot *slot, int depth)
{
    od::json_type t {};
    if (const error_code e = v.type().get(t))
        return e;
    slot->type = typeOf(t);
    slot->text = {};
    switch (t) {
    case od::json_type::string:
        return v.get_string().get(slot->text);
    case od::json_type::number:
        return readNumber(v, &slot->number);
    default:
        return validateType(v, t, depth);
    }
}

error_code readList(od::value &v, ListSlot *slot, int depth)
{
    od::json_type t {};
    if (const error_code e = v.type().get(t))
        return e;
    if (t != od::json_type::array) {
        slot->items.clear();
        return readSlot(v, &slot->value, depth);
    }
    if (depth > kMaxDepth)
        return simdjson::DEPTH_ERROR;
    slot->value.type = Type::Array;
    slot->items.clear();
    od::array array;
    if (const error_code e = v.get_array().get(array))
        return e;
    for (auto child : array) {
        if (const error_code e = child.error())
            return e;
        od::value c = child.value_unsafe();
        Slot item;
        if (const error_code e = readSlot(c, &item, depth + 1))
            return e;
        slot->items.push_back(item);
    }
    return simdjson::SUCCESS;
}

error_code readProperties(od::value &v, Properties *p, int depth)
{
    if (depth > kMaxDepth)
        return simdjson::DEPTH_ERROR;
    od::object object;
    if (const error_code e = v.get_object().get(object))
        return e;
    for (auto member : object) {
        od::field field;
        if (const error_code e = std::move(member).get(field))
            return e;
        std::string_view key;
        if (const error_code e = field.unescaped_key().get(key))
            return e;
        od::value &value = field.value();
        Slot *slot = nullptr;
        ListSlot *list = nullptr;
        if (key == "requestId")
            slot = &p->requestId;
        else if (key == "status")
            slot = &p->status;
        else if (key == "justification")
            slot = &p->justification;
        else if (key == "createdDateTime")
            slot = &p->createdDateTime;
        else if (key == "expirationDateTime")
            slot = &p->expirationDateTime;
        else if (key == "duration")
            slot = &p->duration;
        else if (key == "resourceIds")
            list = &p->resourceIds;
        else if (key == "resourceType")
            slot = &p->resourceType;
        else if (key == "supportRequest")
            slot = &p->supportRequest;
        else if (key == "supportCaseUrl")
            slot = &p->supportCaseUrl;
        else if (key == "workitemsource")
            slot = &p->workitemsource;
        else if (key == "subscriptionId")
            slot = &p->subscriptionId;
        else if (key == "accessLevel")
            slot = &p->accessLevel;
        else if (key == "workItemSource")
            slot = &p->workItemSource;
        else if (key == "requestedResourceIds")
            list = &p->requestedResourceIds;
        const error_code e = slot ? readSlot(value, slot, depth + 1)
            : list                ? readList(value, list, depth + 1)
                                  : validate(value, depth + 1);
        if (e)
            return e;
    }
    return simdjson::SUCCESS;
}

error_code readItem(od::value &v, Item *item, int depth)
{
    if (depth > kMaxDepth)
        return simdjson::DEPTH_ERROR;
    item->reset();
    od::object object;
    if (const error_code e = v.get_object().get(object))
        return e;
    for (auto member : object) {
        od::field field;
        if (const error_code e = std::move(member).get(field))
            return e;
        std::string_view key;
        if (const error_code e = field.unescaped_key().get(key))
            return e;
        od::value &value = field.value();
        error_code e = simdjson::SUCCESS;
        if (key == "properties") {
            od::json_type t {};
            if ((e = value.type().get(t)))
                return e;
            item->p.reset(); // a repeated member: the last one counts
            item->properties.type = typeOf(t);
            e = t == od::json_type::object ? readProperties(value, &item->p, depth + 1)
                                           : validateType(value, t, depth + 1);
        } else if (key == "id") {
            e = readSlot(value, &item->id, depth + 1);
        } else if (key == "name") {
            e = readSlot(value, &item->name, depth + 1);
        } else if (key == "type") {
            e = readSlot(value, &item->type, depth + 1);
        } else {
            e = validate(value, depth + 1);
        }
        if (e)
            return e;
    }
    return simdjson::SUCCESS;
}

// --- an item's checks, in parseRequestAt's order and words ---------------------------------

// One QString for each distinct text a page's rows repeat (bounded, as StringPool).
class Interner
{
public:
    QString intern(std::string_view s)
    {
        if (s.empty())
            return {};
        const auto it = m_strings.find(s);
        if (it != m_strings.end())
            return it->second;
        QString text = toQString(s);
        if (m_strings.size() < kMaxEntries)
            m_strings.emplace(s, text);
        return text;
    }
    QString intern(const QString &s) { return m_derived.intern(s); }

private:
    static constexpr size_t kMaxEntries = 4096;
    std::unordered_map<std::string_view, QString> m_strings; // keys point into the parser's buffer
    StringPool m_derived {4096};                             // texts made here, not read
};

class Checks
{
public:
    Checks(qsizetype index, QLatin1StringView parent, QString *error, Interner *strings)
        : m_index(index)
        , m_parent(parent)
        , m_error(error)
        , m_strings(strings)
    {
    }

    QString path(QLatin1StringView key) const { return u"value[%1]."_s.arg(m_index) + m_parent + key; }

    bool fail(const QString &message) const
    {
        if (m_error->isEmpty())
            *m_error = message;
        return false;
    }
    bool wrongType(QLatin1StringView key, const Slot &v, const QString &expected) const
    {
        return fail(AzureJson::tr("%1 must be %2, not %3").arg(path(key), expected, typeText(v.type)));
    }
    bool tooLong(const QString &path, qsizetype size, qsizetype limit) const
    {
        return fail(AzureJson::tr("%1 is %2 characters long; more than %3 is refused").arg(path).arg(size).arg(limit));
    }

    // Fields::string: the text (shared with the page's other rows when `shared`).
    bool string(QLatin1StringView key, const Slot &v, QString *out, bool *present = nullptr,
                qsizetype maxLength = AzureJson::kMaxNameLength, bool shared = false) const
    {
        std::string_view text;
        if (!stringView(key, v, &text, present, maxLength))
            return false;
        if (v.absent())
            return true;
        *out = shared ? m_strings->intern(text) : toQString(text);
        return true;
    }

    // The same, the text left as UTF-8.
    bool stringView(QLatin1StringView key, const Slot &v, std::string_view *out, bool *present,
                    qsizetype maxLength) const
    {
        if (present)
            *present = !v.absent();
        if (v.absent())
            return true;
        if (v.type != Type::String)
            return wrongType(key, v, AzureJson::tr("a string"));
        // No more UTF-16 units than bytes: only a long text needs counting.
        if (qsizetype(v.text.size()) > maxLength) {
            const qsizetype size = utf16Length(v.text);
            if (size > maxLength)
                return tooLong(path(key), size, maxLength);
        }
        *out = v.text;
        return true;
    }

    bool requiredId(QLatin1StringView key, const Slot &v, QString *out) const
    {
        if (v.absent())
            return fail(AzureJson::tr("%1 is missing").arg(path(key)));
        if (v.type != Type::String)
            return wrongType(key, v, AzureJson::tr("a string"));
        QString text = toQString(v.text);
        if (isBlank(text))
            return fail(AzureJson::tr("%1 is empty").arg(path(key)));
        if (text.size() > AzureJson::kMaxIdLength)
            return tooLong(path(key), text.size(), AzureJson::kMaxIdLength);
        *out = std::move(text);
        return true;
    }

    bool timestamp(QLatin1StringView key, const Slot &v, QDateTime *out, bool *present) const
    {
        std::string_view text;
        if (!stringView(key, v, &text, present, AzureJson::kMaxNameLength))
            return false;
        if (!*present)
            return true;
        const auto ms =
            azurejson::parseTimestampMs(reinterpret_cast<const uchar *>(text.data()), qsizetype(text.size()));
        if (!ms) {
            return fail(AzureJson::tr("%1 is not an ISO 8601 date-time in UTC (0 to 7 fractional digits, "
                                      "\"Z\" or an offset): %2")
                            .arg(path(key), azurejson::quoted(toQString(text))));
        }
        *out = QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC);
        return true;
    }

    // Fields::stringList.
    bool stringList(QLatin1StringView key, const ListSlot &v, QStringList *out, bool *present, qsizetype maxItemLength,
                    qsizetype maxTotalLength) const
    {
        *present = !v.value.absent();
        if (!*present)
            return true;
        out->clear();
        if (v.value.type == Type::String) {
            const std::string_view text = v.value.text;
            if (qsizetype(text.size()) > maxTotalLength) {
                const qsizetype size = utf16Length(text);
                if (size > maxTotalLength)
                    return tooLong(path(key), size, maxTotalLength);
            }
            qsizetype index = 0;
            size_t from = 0;
            while (true) {
                const size_t comma = text.find(',', from);
                const std::string_view part =
                    text.substr(from, comma == std::string_view::npos ? std::string_view::npos : comma - from);
                if (!addItem(key, part, index, maxItemLength, out, nullptr))
                    return false;
                ++index;
                if (comma == std::string_view::npos)
                    break;
                from = comma + 1;
            }
            return true;
        }
        if (v.value.type != Type::Array)
            return wrongType(key, v.value, AzureJson::tr("a string or an array of strings"));
        qsizetype total = 0;
        for (qsizetype i = 0; i < qsizetype(v.items.size()); ++i) {
            const Slot &item = v.items.at(size_t(i));
            if (item.type != Type::String) {
                out->clear();
                return fail(
                    AzureJson::tr("%1[%2] must be a string, not %3").arg(path(key)).arg(i).arg(typeText(item.type)));
            }
            qsizetype size = 0;
            if (!addItem(key, item.text, i, maxItemLength, out, &size))
                return false;
            total += size;
            if (total > maxTotalLength) {
                out->clear();
                return fail(AzureJson::tr("%1 holds more than %2 characters; more is refused")
                                .arg(path(key))
                                .arg(maxTotalLength));
            }
        }
        return true;
    }

    static bool isBlank(QStringView text)
    {
        for (const QChar c : text) {
            if (!c.isSpace())
                return false;
        }
        return true;
    }

private:
    // One item of a list, trimmed as QStringView::trimmed() would; `size` gets its length. The
    // list is appended to only for a non-empty item.
    bool addItem(QLatin1StringView key, std::string_view part, qsizetype index, qsizetype maxItemLength,
                 QStringList *out, qsizetype *size) const
    {
        while (!part.empty() && isAsciiSpace(part.front()))
            part.remove_prefix(1);
        while (!part.empty() && isAsciiSpace(part.back()))
            part.remove_suffix(1);
        qsizetype length = 0;
        QString trimmed;
        bool viaQString = false;
        if (!part.empty() && (uchar(part.front()) >= 0x80 || uchar(part.back()) >= 0x80)) {
            // It may begin or end with a space beyond ASCII: QString decides.
            trimmed = QStringView(toQString(part)).trimmed().toString();
            length = trimmed.size();
            viaQString = true;
        } else {
            length = qsizetype(part.size()) > maxItemLength || size ? utf16Length(part) : qsizetype(part.size());
        }
        if (length > maxItemLength) {
            out->clear();
            return tooLong(u"%1[%2]"_s.arg(path(key)).arg(index), length, maxItemLength);
        }
        if (size)
            *size = length;
        if (length > 0)
            out->append(viaQString ? m_strings->intern(trimmed) : m_strings->intern(part));
        return true;
    }

    qsizetype m_index;
    QLatin1StringView m_parent;
    QString *m_error;
    Interner *m_strings;
};

// parseRequestAt on the members found; false with `error` set on the first problem.
bool buildRequest(const Item &item, qsizetype index, Interner *strings,
                  std::unordered_map<std::string_view, RequestStatus> *statuses, AccessRequest *r,
                  QStringList *warnings, QString *error)
{
    const Checks envelope(index, {}, error, strings);
    if (!envelope.requiredId("id"_L1, item.id, &r->armId) || !envelope.string("name"_L1, item.name, &r->name)
        || !envelope.string("type"_L1, item.type, &r->type, nullptr, AzureJson::kMaxNameLength, true))
        return false;
    if (item.properties.absent())
        return envelope.fail(AzureJson::tr("%1 is missing").arg(envelope.path("properties"_L1)));
    if (item.properties.type != Type::Object)
        return envelope.wrongType("properties"_L1, item.properties, AzureJson::tr("an object"));

    const Properties &p = item.p;
    const Checks c(index, "properties."_L1, error, strings);
    if (!c.requiredId("requestId"_L1, p.requestId, &r->requestId))
        return false;

    bool present = false;
    std::string_view status;
    if (!c.stringView("status"_L1, p.status, &status, &present, AzureJson::kMaxNameLength))
        return false;
    const auto known = present ? statuses->find(status) : statuses->end();
    if (known != statuses->end()) {
        r->status = known->second;
    } else {
        const QString text = present ? toQString(status) : QString();
        if (!present || Checks::isBlank(text)) {
            warnings->append(AzureJson::tr("%1 has no status").arg(c.path("status"_L1)));
            r->status = RequestStatus(RequestStatus::Kind::Unknown);
        } else {
            // Unknown words are kept as they came (RequestStatus::Kind::Other).
            r->status = RequestStatus::fromString(text);
            if (statuses->size() < 64)
                statuses->emplace(status, r->status);
        }
    }

    if (!c.string("justification"_L1, p.justification, &r->justification, nullptr, AzureJson::kMaxFreeTextLength)
        || !c.string("resourceType"_L1, p.resourceType, &r->resourceType, nullptr, AzureJson::kMaxNameLength, true)
        || !c.string("supportRequest"_L1, p.supportRequest, &r->supportRequest)
        || !c.string("supportCaseUrl"_L1, p.supportCaseUrl, &r->supportCaseUrl, nullptr, AzureJson::kMaxUrlLength))
        return false;

    const std::pair<QLatin1StringView, std::pair<const Slot *, QDateTime *>> stamps[] = {
        {"createdDateTime"_L1, {&p.createdDateTime, &r->createdDateTime}},
        {"expirationDateTime"_L1, {&p.expirationDateTime, &r->expirationDateTime}}};
    for (const auto &[key, target] : stamps) {
        if (!c.timestamp(key, *target.first, target.second, &present))
            return false;
        if (!present)
            warnings->append(AzureJson::tr("%1 is missing").arg(c.path(key)));
    }

    // duration: "8", "Support request lifetime", or (older payloads) the integer 8.
    if (p.duration.type == Type::String) {
        if (!c.string("duration"_L1, p.duration, &r->duration, nullptr, AzureJson::kMaxNameLength, true))
            return false;
    } else if (p.duration.type == Type::Number) {
        const double d = p.duration.number;
        if (!std::isfinite(d))
            return c.fail(AzureJson::tr("%1 is not a finite number").arg(c.path("duration"_L1)));
        if (d == std::trunc(d) && std::abs(d) < 9.0e15)
            r->duration = strings->intern(QString::number(qint64(d)));
        else
            r->duration = strings->intern(QString::number(d, 'g', 17));
    } else if (!p.duration.absent()) {
        return c.wrongType("duration"_L1, p.duration, AzureJson::tr("a string or a number"));
    }

    // resourceIds: one comma-separated string (spec); older payloads: requestedResourceIds array.
    if (!c.stringList("resourceIds"_L1, p.resourceIds, &r->resourceIds, &present, AzureJson::kMaxResourceIdLength,
                      AzureJson::kMaxResourceIdsLength))
        return false;
    if (!present
        && !c.stringList("requestedResourceIds"_L1, p.requestedResourceIds, &r->resourceIds, &present,
                         AzureJson::kMaxResourceIdLength, AzureJson::kMaxResourceIdsLength))
        return false;

    if (!c.string("workitemsource"_L1, p.workitemsource, &r->workItemSource, &present, AzureJson::kMaxNameLength, true))
        return false;
    if (!present
        && !c.string("workItemSource"_L1, p.workItemSource, &r->workItemSource, nullptr, AzureJson::kMaxNameLength,
                     true))
        return false;

    if (!c.string("subscriptionId"_L1, p.subscriptionId, &r->subscriptionId, nullptr, AzureJson::kMaxIdLength, true))
        return false;
    if (r->subscriptionId.isEmpty())
        r->subscriptionId = strings->intern(azurejson::subscriptionFromPath(r->armId));

    QString accessLevel;
    if (!c.string("accessLevel"_L1, p.accessLevel, &accessLevel, &present, AzureJson::kMaxNameLength, true))
        return false;
    if (present)
        r->accessLevel = accessLevel;
    return true;
}

// --- the page ------------------------------------------------------------------------------

class PageReader
{
public:
    // `checkOnly`: every item is walked as JSON (each string unescaped, each number read), none
    // is read as a request (AzureJson::checkRequestPage).
    explicit PageReader(RequestPage *page, bool checkOnly = false)
        : m_page(page)
        , m_checkOnly(checkOnly)
    {
    }

    // The items of the last "value" array, read or not.
    qsizetype items() const { return m_items; }

    // The body from `start` (past a BOM, which offsets in messages count).
    void read(const QByteArray &body, qsizetype start)
    {
        // simdjson reads up to simdjson::SIMDJSON_PADDING bytes past the end: a body with that much spare
        // room (ArmCall reads replies so) is read where it is, any other is copied first.
        const char *const data = body.constData() + start;
        const auto length = size_t(body.size() - start);
        std::optional<simdjson::padded_string> copy;
        simdjson::padded_string_view json;
        // The room after the bytes, not capacity() - size(): capacity() counts free space before
        // them too (after remove(0, n), for one). data_ptr() neither detaches nor copies.
        const qsizetype room = const_cast<QByteArray &>(body).data_ptr().freeSpaceAtEnd();
        if (room >= qsizetype(simdjson::SIMDJSON_PADDING)) {
            json = simdjson::padded_string_view(data, length, length + size_t(room));
        } else {
            copy.emplace(data, length);
            json = *copy;
        }
        const QMutexLocker lock(&g_parserMutex);
        od::parser &parser = sharedParser();
        od::document doc;
        error_code e = parser.iterate(json).get(doc);
        if (!e) {
            e = readDocument(doc);
            if (!e) {
                // Anything after the top object is garbage.
                const char *where = nullptr;
                const error_code at = doc.current_location().get(where);
                if (at != simdjson::OUT_OF_BOUNDS)
                    e = simdjson::TRAILING_CONTENT;
            }
            if (e)
                syntaxError(e, offsetOf(doc, json.data()) + start);
        } else {
            syntaxError(e, -1);
        }
        finish(); // the last to read the parser's buffer
        if (parser.capacity() > kKeptParserCapacity)
            parser = od::parser();
    }

private:
    static qsizetype offsetOf(od::document &doc, const char *base)
    {
        const char *where = nullptr;
        if (doc.current_location().get(where) || !where)
            return -1;
        // Past the byte that was found wrong, as QJsonParseError counts.
        return qsizetype(where - base) + 1;
    }

    void syntaxError(error_code e, qsizetype offset)
    {
        m_syntax = offset >= 0
            ? AzureJson::tr("the reply body is not valid JSON (%1 at offset %2)").arg(syntaxText(e)).arg(offset)
            : AzureJson::tr("the reply body is not valid JSON (%1)").arg(syntaxText(e));
    }

    error_code readDocument(od::document &doc)
    {
        od::json_type t {};
        if (const error_code e = doc.type().get(t))
            return e;
        if (t == od::json_type::array) {
            od::value root;
            if (const error_code e = doc.get_value().get(root))
                return e;
            if (const error_code e = validateType(root, t, 1))
                return e;
            m_topArray = true;
            return simdjson::SUCCESS;
        }
        if (t != od::json_type::object)
            return simdjson::INCORRECT_TYPE; // QJsonDocument takes only an object or an array
        od::object root;
        if (const error_code e = doc.get_object().get(root))
            return e;
        for (auto member : root) {
            od::field field;
            if (const error_code e = std::move(member).get(field))
                return e;
            std::string_view key;
            if (const error_code e = field.unescaped_key().get(key))
                return e;
            od::value &value = field.value();
            error_code e = simdjson::SUCCESS;
            if (key == "value")
                e = readValue(value);
            else if (key == "nextLink")
                e = readSlot(value, &m_nextLink, 2);
            else
                e = validate(value, 2);
            if (e)
                return e;
        }
        return simdjson::SUCCESS;
    }

    error_code readValue(od::value &value)
    {
        // A repeated "value": the last one counts.
        m_page->requests.clear();
        m_page->warnings.clear();
        m_itemError.clear();
        m_items = 0;
        m_droppedWarnings = 0;
        od::json_type t {};
        if (const error_code e = value.type().get(t))
            return e;
        m_value.type = typeOf(t);
        if (t != od::json_type::array)
            return validateType(value, t, 2);
        od::array array;
        if (const error_code e = value.get_array().get(array))
            return e;
        for (auto child : array) {
            if (const error_code e = child.error())
                return e;
            od::value v = child.value_unsafe();
            const qsizetype index = m_items++;
            if (!m_itemError.isEmpty() || m_items > AzureJson::kMaxPageItems) {
                if (m_items == AzureJson::kMaxPageItems + 1)
                    m_page->requests = {}; // refused as a whole: keep nothing while the rest is checked
                if (const error_code e = validate(v, 3))
                    return e;
                continue;
            }
            od::json_type itemType {};
            if (const error_code e = v.type().get(itemType))
                return e;
            if (itemType != od::json_type::object) {
                m_itemError =
                    AzureJson::tr("value[%1] must be an object, not %2").arg(index).arg(typeText(typeOf(itemType)));
                m_page->requests = {};
                if (const error_code e = validateType(v, itemType, 3))
                    return e;
                continue;
            }
            if (m_checkOnly) {
                if (const error_code e = validateType(v, itemType, 3))
                    return e;
                continue;
            }
            if (const error_code e = readItem(v, &m_item, 3))
                return e;
            AccessRequest r;
            QStringList warnings;
            if (!buildRequest(m_item, index, &m_strings, &m_statuses, &r, &warnings, &m_itemError)) {
                m_page->requests = {};
                continue;
            }
            for (const QString &w : std::as_const(warnings))
                azurejson::addPageWarning(&m_page->warnings, &m_droppedWarnings, w);
            m_page->requests.append(std::move(r));
        }
        return simdjson::SUCCESS;
    }

    // The checks in readListEnvelope's order, once the whole body is known to be JSON.
    void finish()
    {
        RequestPage &page = *m_page;
        const auto refuse = [&page](const QString &error, bool syntax) {
            page.requests = {};
            page.warnings.clear();
            page.nextLink.clear();
            page.error = error;
            page.syntaxError = syntax;
        };
        if (!m_syntax.isEmpty())
            return refuse(m_syntax, true);
        if (m_topArray)
            return refuse(AzureJson::tr("a list reply must be a JSON object {\"value\": […]}, not an array"), false);
        if (m_value.absent())
            return refuse(AzureJson::tr("value is missing: a list reply is {\"value\": […]}"), false);
        if (m_value.type != Type::Array)
            return refuse(AzureJson::tr("%1 must be %2, not %3")
                              .arg(u"value"_s, AzureJson::tr("an array"), typeText(m_value.type)),
                          false);
        if (!m_nextLink.absent()) {
            if (m_nextLink.type != Type::String)
                return refuse(AzureJson::tr("%1 must be %2, not %3")
                                  .arg(u"nextLink"_s, AzureJson::tr("a string"), typeText(m_nextLink.type)),
                              false);
            const QString link = toQString(m_nextLink.text);
            if (link.size() > AzureJson::kMaxUrlLength)
                return refuse(AzureJson::tr("%1 is %2 characters long; more than %3 is refused")
                                  .arg(u"nextLink"_s)
                                  .arg(link.size())
                                  .arg(AzureJson::kMaxUrlLength),
                              false);
            page.nextLink = link.trimmed();
        }
        if (m_items > AzureJson::kMaxPageItems)
            return refuse(AzureJson::tr("the page holds %1 items; more than %2 is refused")
                              .arg(m_items)
                              .arg(AzureJson::kMaxPageItems),
                          false);
        if (!m_itemError.isEmpty()) {
            // As the reference: the warnings of the items before the bad one stay.
            page.requests = {};
            page.nextLink.clear();
            page.error = m_itemError;
            return;
        }
        if (m_droppedWarnings > 0)
            page.warnings.append(AzureJson::tr("… and %1 more warnings").arg(m_droppedWarnings));
    }

    RequestPage *m_page;
    bool m_checkOnly = false;
    QString m_syntax;
    bool m_topArray = false;
    Slot m_value;
    Slot m_nextLink;
    qsizetype m_items = 0;
    QString m_itemError;
    qsizetype m_droppedWarnings = 0;
    Item m_item;
    Interner m_strings;
    std::unordered_map<std::string_view, RequestStatus> m_statuses;
};

} // namespace

namespace {
// The page read (or only checked) into `page`; the items of its "value" array.
qsizetype readPage(const QByteArray &body, RequestPage *page, bool checkOnly)
{
    qsizetype start = 0;
    if (!azurejson::checkBody(body, &start, &page->error)) {
        page->syntaxError = true;
        return 0;
    }
    // QJsonDocument skips a byte order mark of its own at the start of what it is given, so the
    // reference reader takes a second one after the first: so does this one.
    if (body.size() - start > 3 && QByteArrayView(body).sliced(start, 3) == "\xEF\xBB\xBF")
        start += 3;
    PageReader reader(page, checkOnly);
    reader.read(body, start);
    return reader.items();
}
} // namespace

RequestPage AzureJson::parseRequestPage(const QByteArray &body)
{
    RequestPage page;
    readPage(body, &page, false);
    return page;
}

RequestPageCheck AzureJson::checkRequestPage(const QByteArray &body)
{
    RequestPage page;
    RequestPageCheck check;
    check.items = readPage(body, &page, true);
    check.error = page.error;
    check.syntaxError = page.syntaxError;
    if (page.ok())
        check.nextLink = page.nextLink;
    else
        check.items = 0;
    return check;
}

} // namespace lockbox
