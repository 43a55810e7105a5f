#pragma once

// What AzureJson's parsers share (azurejson.cpp): reading a reply body, the members of one object
// with the path of the first problem, the {"value": […]} envelope of list replies. Internal to
// src/azure.

#include "azurejson.h"

#include <QByteArray>
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

struct Document
{
    QJsonDocument doc;
    QString error;
    bool syntaxError = false;
};

// "null", "a string", …: what a value is, for a message.
QString typeName(const QJsonValue &v);
// A whole reply body as JSON, or the reason it is not (a syntax error).
Document readDocument(const QByteArray &body);

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
