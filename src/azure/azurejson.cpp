#include "azurejson.h"

#include "core/stringpool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

// Strings of an error body are shown to people and written to logs: a hostile server must not
// make either carry megabytes.
constexpr qsizetype kMaxErrorText = 4096;
// Ids are database keys and URL segments; a real one is a GUID.
constexpr qsizetype kMaxIdLength = 512;
// 100,000 items with the same oddity must not make 100,000 warnings.
constexpr qsizetype kMaxWarnings = 50;

struct Document
{
    QJsonDocument doc;
    QString error;
    bool syntaxError = false;
};

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return AzureJson::tr("null");
    case QJsonValue::Bool:
        return AzureJson::tr("a boolean");
    case QJsonValue::Double:
        return AzureJson::tr("a number");
    case QJsonValue::String:
        return AzureJson::tr("a string");
    case QJsonValue::Array:
        return AzureJson::tr("an array");
    case QJsonValue::Object:
        return AzureJson::tr("an object");
    case QJsonValue::Undefined:
        break;
    }
    return AzureJson::tr("nothing");
}

QString quoted(const QString &text)
{
    // Untrusted text inside a message: short, and visibly delimited.
    return u'"' + (text.size() > 40 ? text.left(40) + u'…' : text) + u'"';
}

Document readDocument(const QByteArray &body)
{
    Document d;
    // A UTF-8 byte order mark is legal (if pointless) before JSON; some gateways add one.
    const bool bom = body.startsWith("\xEF\xBB\xBF");
    const qsizetype start = bom ? 3 : 0;
    qsizetype firstByte = start;
    while (firstByte < body.size()
           && (body.at(firstByte) == ' ' || body.at(firstByte) == '\t' || body.at(firstByte) == '\r'
               || body.at(firstByte) == '\n'))
        ++firstByte;
    if (firstByte == body.size()) {
        d.error = AzureJson::tr("the reply body is empty");
        d.syntaxError = true;
        return d;
    }
    // QJsonDocument accepts a raw NUL inside a string; JSON does not, and neither does the store.
    const qsizetype nul = body.indexOf('\0', start);
    if (nul >= 0) {
        d.error = AzureJson::tr("the reply body is not JSON: it holds a NUL byte at offset %1").arg(nul);
        d.syntaxError = true;
        return d;
    }
    if (body.at(firstByte) == '<') {
        d.error = AzureJson::tr("the reply body is an HTML or XML page, not JSON");
        d.syntaxError = true;
        return d;
    }
    QJsonParseError parseError {};
    d.doc = bom ? QJsonDocument::fromJson(body.mid(start), &parseError) : QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        d.error = AzureJson::tr("the reply body is not valid JSON (%1 at offset %2)")
                      .arg(parseError.errorString())
                      .arg(parseError.offset + start);
        d.syntaxError = true;
        d.doc = QJsonDocument();
    }
    return d;
}

// Reads members of one object and names the first problem with its path
// ("value[3].properties.status"). The path is only built for a message: a page has 1,000 items.
class Fields
{
public:
    // `index` >= 0: the object is (inside) item `index` of a page's value; `parent` is the
    // member path within it ("properties.").
    Fields(QJsonObject object, qsizetype index, QLatin1StringView parent, QString *error)
        : m_object(std::move(object))
        , m_index(index)
        , m_parent(parent)
        , m_error(error)
    {
    }

    QString path(QLatin1StringView key) const
    {
        const QString item = m_index >= 0 ? u"value[%1]."_s.arg(m_index) : QString();
        return item + m_parent + key;
    }
    QJsonValue value(QLatin1StringView key) const { return m_object.value(key); }
    static bool absent(const QJsonValue &v) { return v.isUndefined() || v.isNull(); }

    bool fail(const QString &message) const
    {
        if (m_error->isEmpty())
            *m_error = message;
        return false;
    }
    bool wrongType(QLatin1StringView key, const QJsonValue &v, const QString &expected) const
    {
        return fail(AzureJson::tr("%1 must be %2, not %3").arg(path(key), expected, typeName(v)));
    }

    // Absent or null leaves `out` as it is and answers true with *present false.
    bool string(QLatin1StringView key, QString *out, bool *present = nullptr) const
    {
        const QJsonValue v = m_object.value(key);
        if (present)
            *present = !absent(v);
        if (absent(v))
            return true;
        if (!v.isString())
            return wrongType(key, v, AzureJson::tr("a string"));
        *out = v.toString();
        return true;
    }

    bool requiredId(QLatin1StringView key, QString *out) const
    {
        const QJsonValue v = m_object.value(key);
        if (absent(v))
            return fail(AzureJson::tr("%1 is missing").arg(path(key)));
        if (!v.isString())
            return wrongType(key, v, AzureJson::tr("a string"));
        const QString text = v.toString();
        if (text.trimmed().isEmpty())
            return fail(AzureJson::tr("%1 is empty").arg(path(key)));
        if (text.size() > kMaxIdLength) {
            return fail(AzureJson::tr("%1 is %2 characters long; an id has at most %3")
                            .arg(path(key))
                            .arg(text.size())
                            .arg(kMaxIdLength));
        }
        *out = text;
        return true;
    }

    bool timestamp(QLatin1StringView key, QDateTime *out, bool *present) const
    {
        QString text;
        if (!string(key, &text, present))
            return false;
        if (!*present)
            return true;
        const auto t = AzureJson::parseTimestamp(text);
        if (!t) {
            return fail(AzureJson::tr("%1 is not an ISO 8601 date-time in UTC (0 to 7 fractional digits, "
                                      "\"Z\" or an offset): %2")
                            .arg(path(key), quoted(text)));
        }
        *out = *t;
        return true;
    }

    bool object(QLatin1StringView key, QJsonObject *out, bool required) const
    {
        const QJsonValue v = m_object.value(key);
        if (absent(v))
            return required ? fail(AzureJson::tr("%1 is missing").arg(path(key))) : true;
        if (!v.isObject())
            return wrongType(key, v, AzureJson::tr("an object"));
        *out = v.toObject();
        return true;
    }

    // An array of strings, or one comma-separated string (trimmed, empties dropped).
    bool stringList(QLatin1StringView key, QStringList *out, bool *present) const
    {
        const QJsonValue v = m_object.value(key);
        *present = !absent(v);
        if (!*present)
            return true;
        out->clear();
        if (v.isString()) {
            const QString text = v.toString();
            for (const QStringView part : QStringView(text).split(u',')) {
                const QStringView trimmed = part.trimmed();
                if (!trimmed.isEmpty())
                    out->append(trimmed.toString());
            }
            return true;
        }
        if (!v.isArray())
            return wrongType(key, v, AzureJson::tr("a string or an array of strings"));
        const QJsonArray array = v.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QJsonValue item = array.at(i);
            if (!item.isString()) {
                return fail(AzureJson::tr("%1[%2] must be a string, not %3").arg(path(key)).arg(i).arg(typeName(item)));
            }
            const QString trimmed = item.toString().trimmed();
            if (!trimmed.isEmpty())
                out->append(trimmed);
        }
        return true;
    }

private:
    QJsonObject m_object; // a shared copy: callers may pass temporaries
    qsizetype m_index;
    QLatin1StringView m_parent;
    QString *m_error;
};

// "/subscriptions/{sub}/…" → "{sub}"; ARM paths are case-insensitive.
QString subscriptionFromPath(const QString &armPath)
{
    const QList<QStringView> parts = QStringView(armPath).split(u'/', Qt::SkipEmptyParts);
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        if (parts.at(i).compare(u"subscriptions", Qt::CaseInsensitive) == 0)
            return parts.at(i + 1).toString();
    }
    return {};
}

// "…/requests/{id}[/…]" → "{id}".
QString requestIdFromPath(const QString &armPath)
{
    const QList<QStringView> parts = QStringView(armPath).split(u'/', Qt::SkipEmptyParts);
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        if (parts.at(i).compare(u"requests", Qt::CaseInsensitive) == 0)
            return parts.at(i + 1).toString();
    }
    return {};
}

void addWarning(QStringList *warnings, qsizetype *dropped, const QString &warning)
{
    if (warnings->size() < kMaxWarnings)
        warnings->append(warning);
    else
        ++*dropped;
}

ParsedRequest parseRequestAt(const QJsonObject &item, qsizetype index)
{
    ParsedRequest out;
    AccessRequest &r = out.request;
    const Fields envelope(item, index, {}, &out.error);
    if (!envelope.requiredId("id"_L1, &r.armId) || !envelope.string("name"_L1, &r.name)
        || !envelope.string("type"_L1, &r.type))
        return out;

    QJsonObject properties;
    if (!envelope.object("properties"_L1, &properties, true))
        return out;
    const Fields p(properties, index, "properties."_L1, &out.error);
    if (!p.requiredId("requestId"_L1, &r.requestId))
        return out;

    bool present = false;
    QString status;
    if (!p.string("status"_L1, &status, &present))
        return out;
    if (!present || status.trimmed().isEmpty()) {
        out.warnings.append(AzureJson::tr("%1 has no status").arg(p.path("status"_L1)));
        r.status = RequestStatus(RequestStatus::Kind::Unknown);
    } else {
        // Unknown words are kept as they came (RequestStatus::Kind::Other).
        r.status = RequestStatus::fromString(status);
    }

    if (!p.string("justification"_L1, &r.justification) || !p.string("resourceType"_L1, &r.resourceType)
        || !p.string("supportRequest"_L1, &r.supportRequest) || !p.string("supportCaseUrl"_L1, &r.supportCaseUrl))
        return out;

    const std::pair<QLatin1StringView, QDateTime *> stamps[] = {{"createdDateTime"_L1, &r.createdDateTime},
                                                                {"expirationDateTime"_L1, &r.expirationDateTime}};
    for (const auto &[key, target] : stamps) {
        if (!p.timestamp(key, target, &present))
            return out;
        if (!present)
            out.warnings.append(AzureJson::tr("%1 is missing").arg(p.path(key)));
    }

    // duration: "8", "Support request lifetime", or (older payloads) the integer 8.
    const QJsonValue duration = p.value("duration"_L1);
    if (duration.isString()) {
        r.duration = duration.toString();
    } else if (duration.isDouble()) {
        const double d = duration.toDouble();
        if (!std::isfinite(d)) {
            p.fail(AzureJson::tr("%1 is not a finite number").arg(p.path("duration"_L1)));
            return out;
        }
        if (d == std::trunc(d) && std::abs(d) < 9.0e15)
            r.duration = QString::number(qint64(d));
        else
            r.duration = QString::number(d, 'g', 17);
    } else if (!Fields::absent(duration)) {
        p.wrongType("duration"_L1, duration, AzureJson::tr("a string or a number"));
        return out;
    }

    // resourceIds: one comma-separated string (spec); older payloads: requestedResourceIds array.
    if (!p.stringList("resourceIds"_L1, &r.resourceIds, &present))
        return out;
    if (!present && !p.stringList("requestedResourceIds"_L1, &r.resourceIds, &present))
        return out;

    if (!p.string("workitemsource"_L1, &r.workItemSource, &present))
        return out;
    if (!present && !p.string("workItemSource"_L1, &r.workItemSource))
        return out;

    if (!p.string("subscriptionId"_L1, &r.subscriptionId))
        return out;
    if (r.subscriptionId.isEmpty())
        r.subscriptionId = subscriptionFromPath(r.armId);

    QString accessLevel;
    if (!p.string("accessLevel"_L1, &accessLevel, &present))
        return out;
    if (present)
        r.accessLevel = accessLevel;
    return out;
}

// The {"value": […], "nextLink": "…"} envelope every list reply shares. On a wrong envelope it
// fills page.error (and syntaxError) and returns nothing.
template<typename Page>
std::optional<QJsonArray> readListEnvelope(const QByteArray &body, Page &page)
{
    const Document d = readDocument(body);
    if (!d.error.isEmpty()) {
        page.error = d.error;
        page.syntaxError = d.syntaxError;
        return std::nullopt;
    }
    if (!d.doc.isObject()) {
        page.error = AzureJson::tr("a list reply must be a JSON object {\"value\": […]}, not an array");
        return std::nullopt;
    }
    const QJsonObject root = d.doc.object();
    const Fields top(root, -1, {}, &page.error);
    const QJsonValue value = root.value("value"_L1);
    if (Fields::absent(value)) {
        top.fail(AzureJson::tr("value is missing: a list reply is {\"value\": […]}"));
        return std::nullopt;
    }
    if (!value.isArray()) {
        top.wrongType("value"_L1, value, AzureJson::tr("an array"));
        return std::nullopt;
    }
    if (!top.string("nextLink"_L1, &page.nextLink))
        return std::nullopt;
    page.nextLink = page.nextLink.trimmed();
    QJsonArray items = value.toArray();
    if (items.size() > AzureJson::kMaxPageItems) {
        page.error = AzureJson::tr("the page holds %1 items; more than %2 is refused")
                         .arg(items.size())
                         .arg(AzureJson::kMaxPageItems);
        return std::nullopt;
    }
    return items;
}

} // namespace

ParsedRequest AzureJson::parseRequest(const QJsonObject &item)
{
    return parseRequestAt(item, -1);
}

ParsedRequest AzureJson::parseRequestDocument(const QByteArray &body)
{
    const Document d = readDocument(body);
    if (!d.error.isEmpty()) {
        ParsedRequest out;
        out.error = d.error;
        out.syntaxError = d.syntaxError;
        return out;
    }
    if (!d.doc.isObject()) {
        ParsedRequest out;
        out.error = tr("the reply must be a JSON object (one request), not an array");
        return out;
    }
    return parseRequest(d.doc.object());
}

RequestPage AzureJson::parseRequestPage(const QByteArray &body)
{
    RequestPage page;
    const auto envelope = readListEnvelope(body, page);
    if (!envelope)
        return page;
    const QJsonArray &items = *envelope;
    page.requests.reserve(items.size());
    StringPool strings(4096);
    qsizetype droppedWarnings = 0;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonValue item = items.at(i);
        if (!item.isObject()) {
            page.error = tr("value[%1] must be an object, not %2").arg(i).arg(typeName(item));
            page.requests.clear();
            return page;
        }
        ParsedRequest parsed = parseRequestAt(item.toObject(), i);
        if (!parsed.ok()) {
            page.error = parsed.error;
            page.requests.clear();
            return page;
        }
        for (const QString &w : std::as_const(parsed.warnings))
            addWarning(&page.warnings, &droppedWarnings, w);
        // What the rows of a page repeat is held once (a full list is kept until it is complete).
        AccessRequest &r = parsed.request;
        r.subscriptionId = strings.intern(r.subscriptionId);
        r.type = strings.intern(r.type);
        r.resourceType = strings.intern(r.resourceType);
        r.workItemSource = strings.intern(r.workItemSource);
        r.duration = strings.intern(r.duration);
        if (r.accessLevel)
            r.accessLevel = strings.intern(*r.accessLevel);
        for (QString &id : r.resourceIds)
            id = strings.intern(id);
        page.requests.append(std::move(parsed.request));
    }
    if (droppedWarnings > 0)
        page.warnings.append(tr("… and %1 more warnings").arg(droppedWarnings));
    return page;
}

ArmErrorBody AzureJson::parseError(const QByteArray &body)
{
    ArmErrorBody out;
    const Document d = readDocument(body);
    if (!d.error.isEmpty() || !d.doc.isObject())
        return out;
    const QJsonObject root = d.doc.object();
    QJsonObject error = root.value("error"_L1).toObject();
    // Some front doors answer {"code":…, "message":…} without the "error" wrapper.
    if (error.isEmpty() && (root.contains("code"_L1) || root.contains("message"_L1)))
        error = root;

    const auto text = [](const QJsonValue &v) {
        QString s;
        if (v.isString())
            s = v.toString();
        else if (v.isDouble())
            s = QString::number(v.toDouble());
        return s.left(kMaxErrorText);
    };
    out.code = text(error.value("code"_L1));
    out.message = text(error.value("message"_L1));
    out.target = text(error.value("target"_L1));

    const auto statusFrom = [&text](const QJsonObject &e) -> QString {
        const QJsonArray infos = e.value("additionalInfo"_L1).toArray();
        for (const auto &entry : infos) {
            QString status = text(entry.toObject().value("info"_L1).toObject().value("currentStatus"_L1));
            if (!status.isEmpty())
                return status;
        }
        return {};
    };
    out.currentStatus = statusFrom(error);
    if (out.currentStatus.isEmpty()) {
        const QJsonArray details = error.value("details"_L1).toArray();
        for (qsizetype i = 0; i < details.size() && out.currentStatus.isEmpty(); ++i)
            out.currentStatus = statusFrom(details.at(i).toObject());
    }
    return out;
}

SubscriptionPage AzureJson::parseSubscriptionsPage(const QByteArray &body)
{
    SubscriptionPage page;
    const auto envelope = readListEnvelope(body, page);
    if (!envelope)
        return page;
    const QJsonArray &items = *envelope;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonValue item = items.at(i);
        if (!item.isObject()) {
            page.error = tr("value[%1] must be an object, not %2").arg(i).arg(typeName(item));
            page.subscriptions.clear();
            return page;
        }
        const Fields f(item.toObject(), i, {}, &page.error);
        SubscriptionInfo s;
        QString id;
        if (!f.string("id"_L1, &id) || !f.string("subscriptionId"_L1, &s.subscriptionId)
            || !f.string("displayName"_L1, &s.displayName) || !f.string("state"_L1, &s.state)
            || !f.string("tenantId"_L1, &s.tenantId)) {
            page.subscriptions.clear();
            return page;
        }
        if (s.subscriptionId.isEmpty())
            s.subscriptionId = subscriptionFromPath(id);
        if (s.subscriptionId.trimmed().isEmpty() || s.subscriptionId.size() > kMaxIdLength) {
            f.fail(tr("%1 is missing").arg(f.path("subscriptionId"_L1)));
            page.subscriptions.clear();
            return page;
        }
        page.subscriptions.append(s);
    }
    return page;
}

ActivityPage AzureJson::parseActivityPage(const QByteArray &body)
{
    ActivityPage page;
    const auto envelope = readListEnvelope(body, page);
    if (!envelope)
        return page;
    const QJsonArray &items = *envelope;
    const auto failed = [&page] {
        page.events.clear();
        return page;
    };
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonValue item = items.at(i);
        if (!item.isObject()) {
            page.error = tr("value[%1] must be an object, not %2").arg(i).arg(typeName(item));
            return failed();
        }
        const QJsonObject object = item.toObject();
        const Fields f(object, i, {}, &page.error);
        ActivityEvent e;
        bool present = false;
        QString resourceId;
        if (!f.requiredId("eventDataId"_L1, &e.eventDataId) || !f.timestamp("eventTimestamp"_L1, &e.timestamp, &present)
            || !f.string("caller"_L1, &e.caller) || !f.string("resourceId"_L1, &resourceId)
            || !f.string("subscriptionId"_L1, &e.subscriptionId))
            return failed();
        if (!present) {
            f.fail(tr("%1 is missing").arg(f.path("eventTimestamp"_L1)));
            return failed();
        }
        // operationName is {"value": …, "localizedValue": …}; a bare string is read too.
        const QJsonValue operation = object.value("operationName"_L1);
        if (operation.isString()) {
            e.operationName = operation.toString();
        } else if (operation.isObject()) {
            const Fields op(operation.toObject(), i, "operationName."_L1, &page.error);
            if (!op.string("value"_L1, &e.operationName))
                return failed();
        } else if (!Fields::absent(operation)) {
            f.wrongType("operationName"_L1, operation, tr("an object"));
            return failed();
        }
        e.action = actionFromOperation(e.operationName);

        QJsonObject properties;
        if (!f.object("properties"_L1, &properties, false))
            return failed();
        const Fields p(properties, i, "properties."_L1, &page.error);
        if (!p.string("requestId"_L1, &e.requestId) || !p.string("reason"_L1, &e.reason)
            || !p.string("status"_L1, &e.status))
            return failed();
        if (e.requestId.isEmpty())
            e.requestId = requestIdFromPath(resourceId);
        if (e.subscriptionId.isEmpty())
            e.subscriptionId = subscriptionFromPath(resourceId);
        page.events.append(e);
    }
    return page;
}

TenantOptIn AzureJson::parseTenantOptIn(const QByteArray &body)
{
    TenantOptIn out;
    const Document d = readDocument(body);
    if (!d.error.isEmpty()) {
        out.error = d.error;
        out.syntaxError = d.syntaxError;
        return out;
    }
    if (!d.doc.isObject()) {
        out.error = tr("the reply must be a JSON object {\"isOptedIn\": true|false}, not an array");
        return out;
    }
    const QJsonValue v = d.doc.object().value("isOptedIn"_L1);
    if (Fields::absent(v)) {
        out.error = tr("isOptedIn is missing");
        return out;
    }
    if (!v.isBool()) {
        out.error = tr("isOptedIn must be a boolean, not %1").arg(typeName(v));
        return out;
    }
    out.optedIn = v.toBool();
    return out;
}

std::optional<QDateTime> AzureJson::parseTimestamp(QStringView s)
{
    const qsizetype size = s.size();
    const auto digits = [&s, size](qsizetype pos, int count, int *out) {
        if (pos + count > size)
            return false;
        int v = 0;
        for (int i = 0; i < count; ++i) {
            const QChar c = s.at(pos + i);
            if (c < u'0' || c > u'9')
                return false;
            v = v * 10 + (c.unicode() - u'0');
        }
        *out = v;
        return true;
    };

    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(0, 4, &year) || size < 20 || s.at(4) != u'-' || !digits(5, 2, &month) || s.at(7) != u'-'
        || !digits(8, 2, &day) || s.at(10) != u'T' || !digits(11, 2, &hour) || s.at(13) != u':'
        || !digits(14, 2, &minute) || s.at(16) != u':' || !digits(17, 2, &second))
        return std::nullopt;

    qsizetype pos = 19;
    int msec = 0;
    if (pos < size && s.at(pos) == u'.') {
        ++pos;
        int count = 0;
        while (pos < size && s.at(pos) >= u'0' && s.at(pos) <= u'9') {
            // Milliseconds are all QDateTime keeps; the 100-ns ticks past them are dropped, not
            // rounded, so a time never moves into the next second.
            if (count < 3)
                msec = msec * 10 + (s.at(pos).unicode() - u'0');
            ++count;
            ++pos;
        }
        if (count == 0 || count > 7)
            return std::nullopt;
        for (int i = count; i < 3; ++i)
            msec *= 10;
    }

    if (pos >= size)
        return std::nullopt; // no zone: a local time of unknown place
    int offsetSeconds = 0;
    if (s.at(pos) == u'Z') {
        ++pos;
    } else if (s.at(pos) == u'+' || s.at(pos) == u'-') {
        int offsetHours = 0, offsetMinutes = 0;
        if (!digits(pos + 1, 2, &offsetHours) || pos + 3 >= size || s.at(pos + 3) != u':'
            || !digits(pos + 4, 2, &offsetMinutes) || offsetHours > 23 || offsetMinutes > 59)
            return std::nullopt;
        offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60 * (s.at(pos) == u'-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != size)
        return std::nullopt;
    if (year < 1 || hour > 23 || minute > 59 || second > 59 || !QDate::isValid(year, month, day))
        return std::nullopt;
    const QDateTime local(QDate(year, month, day), QTime(hour, minute, second, msec), Qt::UTC);
    return local.addSecs(-offsetSeconds);
}

ActivityAction AzureJson::actionFromOperation(QStringView operationName)
{
    static constexpr QStringView kMarker = u"/activitylog/";
    static constexpr QStringView kSuffix = u"LockboxRequest/action";
    const qsizetype at = operationName.indexOf(kMarker, 0, Qt::CaseInsensitive);
    if (at < 0)
        return ActivityAction::Unknown;
    QStringView rest = operationName.mid(at + kMarker.size());
    if (!rest.endsWith(kSuffix, Qt::CaseInsensitive))
        return ActivityAction::Unknown;
    rest.chop(kSuffix.size());
    for (const auto action :
         {ActivityAction::Create, ActivityAction::Approve, ActivityAction::Deny, ActivityAction::Expire,
          ActivityAction::Cancel, ActivityAction::AutoApprove, ActivityAction::AutoDeny}) {
        if (rest.compare(actionName(action), Qt::CaseInsensitive) == 0)
            return action;
    }
    return ActivityAction::Unknown;
}

QString AzureJson::actionName(ActivityAction action)
{
    switch (action) {
    case ActivityAction::Create:
        return u"Create"_s;
    case ActivityAction::Approve:
        return u"Approve"_s;
    case ActivityAction::Deny:
        return u"Deny"_s;
    case ActivityAction::Expire:
        return u"Expire"_s;
    case ActivityAction::Cancel:
        return u"Cancel"_s;
    case ActivityAction::AutoApprove:
        return u"AutoApprove"_s;
    case ActivityAction::AutoDeny:
        return u"AutoDeny"_s;
    case ActivityAction::Unknown:
        break;
    }
    return u"Unknown"_s;
}

} // namespace lockbox
