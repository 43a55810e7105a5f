#include "sqlvalues.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace lockbox::store::sql {

QVariant text(const QString &value)
{
    if (value.isNull())
        return {u""_s};
    return {value};
}

QVariant optionalText(const std::optional<QString> &value)
{
    if (!value)
        return QVariant(QMetaType::fromType<QString>());
    return text(*value);
}

QVariant textOrNull(const QString &value)
{
    if (value.isEmpty())
        return QVariant(QMetaType::fromType<QString>());
    return {value};
}

QVariant time(const QDateTime &value)
{
    if (!value.isValid())
        return QVariant(QMetaType::fromType<qlonglong>());
    return {qlonglong(value.toMSecsSinceEpoch())};
}

QDateTime toTime(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

void appendJsonString(QByteArray &out, QStringView value)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.append('"');
    const QByteArray utf8 = value.toUtf8();
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.append('\\');
            out.append(c);
        } else if (u < 0x20) {
            out.append("\\u00", 4);
            out.append(kHex[u >> 4]);
            out.append(kHex[u & 0xf]);
        } else {
            out.append(c);
        }
    }
    out.append('"');
}

QString jsonArray(const QStringList &values)
{
    // The same text as appendJsonString would give, built in UTF-16 directly: this runs for every
    // request a merge writes.
    static constexpr char16_t kHex[] = u"0123456789abcdef";
    qsizetype size = 2;
    for (const QString &value : values)
        size += value.size() + 3;
    QString out;
    out.reserve(size);
    out.append(u'[');
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i > 0)
            out.append(u',');
        out.append(u'"');
        for (const QChar c : values.at(i)) {
            const char16_t u = c.unicode();
            if (u == u'"' || u == u'\\') {
                out.append(u'\\');
                out.append(c);
            } else if (u < 0x20) {
                out.append(u"\\u00");
                out.append(QChar(kHex[u >> 4]));
                out.append(QChar(kHex[u & 0xf]));
            } else {
                out.append(c);
            }
        }
        out.append(u'"');
    }
    out.append(u']');
    return out;
}

QStringList fromJsonArray(const QString &json)
{
    QStringList out;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    out.reserve(array.size());
    for (const auto &value : array)
        out.append(value.toString());
    return out;
}

QString containsPattern(const QString &needle)
{
    QString pattern;
    pattern.reserve(needle.size() + 8);
    pattern.append(u'%');
    for (const QChar c : needle) {
        if (c == u'\\' || c == u'%' || c == u'_')
            pattern.append(u'\\');
        pattern.append(c);
    }
    pattern.append(u'%');
    return pattern;
}

QString storable(const QString &value)
{
    for (const QChar c : value) {
        if (c.isSurrogate())
            return QString::fromUtf8(value.toUtf8()); // rare: only then pay for the round trip
    }
    return value;
}

} // namespace lockbox::store::sql
