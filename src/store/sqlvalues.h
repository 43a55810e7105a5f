#pragma once

// Conversions between our values and what QtSql binds and reads. Internal to src/store.

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <QVariant>

#include <optional>

namespace lockbox::store::sql {

// Text that is never NULL: QtSql binds a null QString as SQL NULL, so an empty one is made
// non-null first.
QVariant text(const QString &value);
// Text that is NULL when absent.
QVariant optionalText(const std::optional<QString> &value);
// NULL for an empty string (external ids, optional errors).
QVariant textOrNull(const QString &value);
// Milliseconds since the epoch, or NULL for an invalid time.
QVariant time(const QDateTime &value);
QDateTime toTime(const QVariant &value);

// A JSON array of strings, compact and deterministic: '"' and '\' escaped, U+0000–U+001F as
// \u00xx, everything else as UTF-8. Used for resource ids and the audit log's canonical form.
void appendJsonString(QByteArray &out, QStringView value);
QString jsonArray(const QStringList &values);
QStringList fromJsonArray(const QString &json);

// A LIKE pattern matching `needle` anywhere, with %, _ and the escape character escaped; use
// with ESCAPE '\'.
QString containsPattern(const QString &needle);

// Lone surrogates replaced by U+FFFD, as UTF-8 would: what SQLite stores and gives back.
QString storable(const QString &value);

} // namespace lockbox::store::sql
