#pragma once

// What AzureJson's parsers share (azurejson.cpp): reading a reply body, the members of one object
// with the path of the first problem, the {"value": […]} envelope of list replies. Internal to
// src/azure.

#include "azurejson.h"

#include <QByteArray>
#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QString>
#include <QStringList>

#include <optional>

namespace lockbox::azurejson {

constexpr qsizetype kMaxIdLength = AzureJson::kMaxIdLength;
constexpr qsizetype kMaxNameLength = AzureJson::kMaxNameLength;
constexpr qsizetype kMaxUrlLength = AzureJson::kMaxUrlLength;

// 100,000 items with the same oddity must not make 100,000 warnings.
constexpr qsizetype kMaxPageWarnings = 50;

inline void addPageWarning(QStringList *warnings, qsizetype *dropped, const QString &warning)
{
    if (warnings->size() < kMaxPageWarnings)
        warnings->append(warning);
    else
        ++*dropped;
}

struct Document
{
    QJsonDocument doc;
    QString error;
    bool syntaxError = false;
};

// "null", "a string", …: what a value is, for a message.
QString typeName(const QJsonValue &v);
// Untrusted text inside a message: at most 40 characters, hidden characters shown, quoted.
QString quoted(const QString &text);
// What every reader checks before the JSON itself: a body that is empty (or only white space), holds
// a NUL byte or is an HTML or XML page is refused with `error` (a syntax error). Else `*start` is
// where the JSON begins (past a UTF-8 byte order mark).
bool checkBody(const QByteArray &body, qsizetype *start, QString *error);
// A whole reply body as JSON, or the reason it is not (a syntax error).
Document readDocument(const QByteArray &body);

// AzureJson::parseTimestamp on any characters (UTF-16 units, or UTF-8 bytes: a byte past ASCII is
// never a digit nor a separator, so both read alike): milliseconds since the epoch, UTC.
template<typename Char>
std::optional<qint64> parseTimestampMs(const Char *s, qsizetype size)
{
    const auto at = [s](qsizetype i) { return char32_t(s[i]); };
    const auto digits = [&at, size](qsizetype pos, int count, int *out) {
        if (pos + count > size)
            return false;
        int v = 0;
        for (int i = 0; i < count; ++i) {
            const char32_t c = at(pos + i);
            if (c < U'0' || c > U'9')
                return false;
            v = v * 10 + int(c - U'0');
        }
        *out = v;
        return true;
    };

    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(0, 4, &year) || size < 20 || at(4) != U'-' || !digits(5, 2, &month) || at(7) != U'-'
        || !digits(8, 2, &day) || at(10) != U'T' || !digits(11, 2, &hour) || at(13) != U':' || !digits(14, 2, &minute)
        || at(16) != U':' || !digits(17, 2, &second))
        return std::nullopt;

    qsizetype pos = 19;
    int msec = 0;
    if (pos < size && at(pos) == U'.') {
        ++pos;
        int count = 0;
        while (pos < size && at(pos) >= U'0' && at(pos) <= U'9') {
            // Milliseconds are all QDateTime keeps; the 100-ns ticks past them are dropped, not
            // rounded, so a time never moves into the next second.
            if (count < 3)
                msec = msec * 10 + int(at(pos) - U'0');
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
    if (at(pos) == U'Z') {
        ++pos;
    } else if (at(pos) == U'+' || at(pos) == U'-') {
        int offsetHours = 0, offsetMinutes = 0;
        if (!digits(pos + 1, 2, &offsetHours) || pos + 3 >= size || at(pos + 3) != U':'
            || !digits(pos + 4, 2, &offsetMinutes) || offsetHours > 23 || offsetMinutes > 59)
            return std::nullopt;
        offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60 * (at(pos) == U'-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != size)
        return std::nullopt;
    if (year < 1 || hour > 23 || minute > 59 || second > 59 || !QDate::isValid(year, month, day))
        return std::nullopt;
    const qint64 days = QDate(year, month, day).toJulianDay() - QDate(1970, 1, 1).toJulianDay();
    const qint64 seconds = days * 86400 + qint64(hour * 60 + minute) * 60 + second - offsetSeconds;
    return seconds * 1000 + msec;
}

// Reads members of one object and names the first problem with its path
// ("value[3].properties.status"). The path is only built for a message: a page has 1,000 items.
class Fields final
{
public:
    // `index` >= 0: the object is (inside) item `index` of a page's value; `parent` is the
    // member path within it ("properties.").
    Fields(QJsonObject object, qsizetype index, QLatin1StringView parent, QString *error);

    QString path(QLatin1StringView key) const;
    QJsonValue value(QLatin1StringView key) const { return m_object.value(key); }
    static bool absent(const QJsonValue &v) { return v.isUndefined() || v.isNull(); }

    bool fail(const QString &message) const;
    bool wrongType(QLatin1StringView key, const QJsonValue &v, const QString &expected) const;

    // Absent or null leaves `out` as it is and answers true with *present false. A string longer
    // than `maxLength` (a name's limit unless told) is an error naming the field and the limit.
    bool string(QLatin1StringView key, QString *out, bool *present = nullptr,
                qsizetype maxLength = kMaxNameLength) const;
    bool requiredId(QLatin1StringView key, QString *out) const;
    bool timestamp(QLatin1StringView key, QDateTime *out, bool *present) const;
    bool object(QLatin1StringView key, QJsonObject *out, bool required) const;
    // An array of strings, or one comma-separated string (trimmed, empties dropped); each item at
    // most `maxItemLength`, all of them together at most `maxTotalLength`.
    bool stringList(QLatin1StringView key, QStringList *out, bool *present, qsizetype maxItemLength,
                    qsizetype maxTotalLength) const;
    // "<path> is <size> characters long; more than <limit> is refused"; false.
    bool tooLong(const QString &path, qsizetype size, qsizetype limit) const;

private:
    QJsonObject m_object; // a shared copy: callers may pass temporaries
    qsizetype m_index;
    QLatin1StringView m_parent;
    QString *m_error;
};

// "/subscriptions/{sub}/…" → "{sub}"; ARM paths are case-insensitive.
QString subscriptionFromPath(const QString &armPath);

// The {"value": […], "nextLink": "…"} envelope every list reply shares. On a wrong envelope it
// fills `error` (and `syntaxError`) and returns nothing.
std::optional<QJsonArray> readListEnvelope(const QByteArray &body, QString *error, bool *syntaxError,
                                           QString *nextLink);

template<typename Page>
std::optional<QJsonArray> readListEnvelope(const QByteArray &body, Page &page)
{
    return readListEnvelope(body, &page.error, &page.syntaxError, &page.nextLink);
}

} // namespace lockbox::azurejson
