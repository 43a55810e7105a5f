// AzureJson's common ground: reading a reply body, the members of an object (azurejson_p.h) and
// ISO 8601 timestamps. The replies themselves are read in azurejsonrequests.cpp (Lockbox
// requests), azurejsonerror.cpp (ARM errors) and azurejsontenant.cpp (subscriptions, the tenant's
// opt-in, the activity log).

#include "azurejson.h"

#include "azurejson_p.h"

#include "core/hiddentext.h"

#include <QJsonParseError>

#include <utility>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace azurejson {

QString quoted(const QString &text)
{
    // Untrusted text inside a message: short (never half a surrogate pair), hidden characters
    // shown, and visibly delimited.
    constexpr qsizetype kShown = 40;
    if (text.size() <= kShown)
        return u'"' + showHidden(text) + u'"';
    qsizetype cut = kShown;
    if (text.at(cut - 1).isHighSurrogate())
        --cut;
    return u'"' + showHidden(QStringView(text).left(cut)) + u'…' + u'"';
}

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

bool checkBody(const QByteArray &body, qsizetype *start, QString *error)
{
    // A UTF-8 byte order mark is legal (if pointless) before JSON; some gateways add one.
    const bool bom = body.startsWith("\xEF\xBB\xBF");
    *start = bom ? 3 : 0;
    qsizetype firstByte = *start;
    while (firstByte < body.size()
           && (body.at(firstByte) == ' ' || body.at(firstByte) == '\t' || body.at(firstByte) == '\r'
               || body.at(firstByte) == '\n'))
        ++firstByte;
    if (firstByte == body.size()) {
        *error = AzureJson::tr("the reply body is empty");
        return false;
    }
    // QJsonDocument accepts a raw NUL inside a string; JSON does not, and neither does the store.
    const qsizetype nul = body.indexOf('\0', *start);
    if (nul >= 0) {
        *error = AzureJson::tr("the reply body is not JSON: it holds a NUL byte at offset %1").arg(nul);
        return false;
    }
    if (body.at(firstByte) == '<') {
        *error = AzureJson::tr("the reply body is an HTML or XML page, not JSON");
        return false;
    }
    return true;
}

Document readDocument(const QByteArray &body)
{
    Document d;
    qsizetype start = 0;
    if (!checkBody(body, &start, &d.error)) {
        d.syntaxError = true;
        return d;
    }
    const bool bom = start > 0;
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

Fields::Fields(QJsonObject object, qsizetype index, QLatin1StringView parent, QString *error)
    : m_object(std::move(object))
    , m_index(index)
    , m_parent(parent)
    , m_error(error)
{
}

QString Fields::path(QLatin1StringView key) const
{
    const QString item = m_index >= 0 ? u"value[%1]."_s.arg(m_index) : QString();
    return item + m_parent + key;
}

bool Fields::fail(const QString &message) const
{
    if (m_error->isEmpty())
        *m_error = message;
    return false;
}

bool Fields::wrongType(QLatin1StringView key, const QJsonValue &v, const QString &expected) const
{
    return fail(AzureJson::tr("%1 must be %2, not %3").arg(path(key), expected, typeName(v)));
}

bool Fields::tooLong(const QString &path, qsizetype size, qsizetype limit) const
{
    return fail(AzureJson::tr("%1 is %2 characters long; more than %3 is refused").arg(path).arg(size).arg(limit));
}

bool Fields::string(QLatin1StringView key, QString *out, bool *present, qsizetype maxLength) const
{
    const QJsonValue v = m_object.value(key);
    if (present)
        *present = !absent(v);
    if (absent(v))
        return true;
    if (!v.isString())
        return wrongType(key, v, AzureJson::tr("a string"));
    QString text = v.toString();
    if (text.size() > maxLength)
        return tooLong(path(key), text.size(), maxLength);
    *out = std::move(text);
    return true;
}

bool Fields::requiredId(QLatin1StringView key, QString *out) const
{
    const QJsonValue v = m_object.value(key);
    if (absent(v))
        return fail(AzureJson::tr("%1 is missing").arg(path(key)));
    if (!v.isString())
        return wrongType(key, v, AzureJson::tr("a string"));
    const QString text = v.toString();
    if (text.trimmed().isEmpty())
        return fail(AzureJson::tr("%1 is empty").arg(path(key)));
    if (text.size() > kMaxIdLength)
        return tooLong(path(key), text.size(), kMaxIdLength);
    *out = text;
    return true;
}

bool Fields::timestamp(QLatin1StringView key, QDateTime *out, bool *present) const
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

bool Fields::object(QLatin1StringView key, QJsonObject *out, bool required) const
{
    const QJsonValue v = m_object.value(key);
    if (absent(v))
        return required ? fail(AzureJson::tr("%1 is missing").arg(path(key))) : true;
    if (!v.isObject())
        return wrongType(key, v, AzureJson::tr("an object"));
    *out = v.toObject();
    return true;
}

bool Fields::stringList(QLatin1StringView key, QStringList *out, bool *present, qsizetype maxItemLength,
                        qsizetype maxTotalLength) const
{
    const QJsonValue v = m_object.value(key);
    *present = !absent(v);
    if (!*present)
        return true;
    out->clear();
    if (v.isString()) {
        const QString text = v.toString();
        if (text.size() > maxTotalLength)
            return tooLong(path(key), text.size(), maxTotalLength);
        qsizetype index = 0;
        for (const QStringView part : QStringView(text).split(u',')) {
            const QStringView trimmed = part.trimmed();
            if (trimmed.size() > maxItemLength) {
                out->clear();
                return tooLong(u"%1[%2]"_s.arg(path(key)).arg(index), trimmed.size(), maxItemLength);
            }
            if (!trimmed.isEmpty())
                out->append(trimmed.toString());
            ++index;
        }
        return true;
    }
    if (!v.isArray())
        return wrongType(key, v, AzureJson::tr("a string or an array of strings"));
    const QJsonArray array = v.toArray();
    qsizetype total = 0;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue item = array.at(i);
        if (!item.isString()) {
            out->clear();
            return fail(AzureJson::tr("%1[%2] must be a string, not %3").arg(path(key)).arg(i).arg(typeName(item)));
        }
        const QString trimmed = item.toString().trimmed();
        if (trimmed.size() > maxItemLength) {
            out->clear();
            return tooLong(u"%1[%2]"_s.arg(path(key)).arg(i), trimmed.size(), maxItemLength);
        }
        total += trimmed.size();
        if (total > maxTotalLength) {
            out->clear();
            return fail(
                AzureJson::tr("%1 holds more than %2 characters; more is refused").arg(path(key)).arg(maxTotalLength));
        }
        if (!trimmed.isEmpty())
            out->append(trimmed);
    }
    return true;
}

QString subscriptionFromPath(const QString &armPath)
{
    const QList<QStringView> parts = QStringView(armPath).split(u'/', Qt::SkipEmptyParts);
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        if (parts.at(i).compare(u"subscriptions", Qt::CaseInsensitive) == 0)
            return parts.at(i + 1).toString();
    }
    return {};
}

std::optional<QJsonArray> readListEnvelope(const QByteArray &body, QString *error, bool *syntaxError, QString *nextLink)
{
    const Document d = readDocument(body);
    if (!d.error.isEmpty()) {
        *error = d.error;
        *syntaxError = d.syntaxError;
        return std::nullopt;
    }
    if (!d.doc.isObject()) {
        *error = AzureJson::tr("a list reply must be a JSON object {\"value\": […]}, not an array");
        return std::nullopt;
    }
    const QJsonObject root = d.doc.object();
    const Fields top(root, -1, {}, error);
    const QJsonValue value = root.value("value"_L1);
    if (Fields::absent(value)) {
        top.fail(AzureJson::tr("value is missing: a list reply is {\"value\": […]}"));
        return std::nullopt;
    }
    if (!value.isArray()) {
        top.wrongType("value"_L1, value, AzureJson::tr("an array"));
        return std::nullopt;
    }
    if (!top.string("nextLink"_L1, nextLink, nullptr, kMaxUrlLength))
        return std::nullopt;
    *nextLink = nextLink->trimmed();
    QJsonArray items = value.toArray();
    if (items.size() > AzureJson::kMaxPageItems) {
        *error = AzureJson::tr("the page holds %1 items; more than %2 is refused")
                     .arg(items.size())
                     .arg(AzureJson::kMaxPageItems);
        return std::nullopt;
    }
    return items;
}

} // namespace azurejson

std::optional<QDateTime> AzureJson::parseTimestamp(QStringView s)
{
    const auto ms = azurejson::parseTimestampMs(s.utf16(), s.size());
    if (!ms)
        return std::nullopt;
    return QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC);
}

} // namespace lockbox
