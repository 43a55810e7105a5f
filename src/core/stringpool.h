#pragma once

#include <QSet>
#include <QString>

namespace lockbox {

// Hands out one shared copy of a string that many rows repeat — a subscription id, a resource
// type, the id of a resource that Microsoft Support asks for again and again — so that a cache of
// 100,000 requests read into memory (or a page of 1,000 parsed) holds each of them once (QString
// shares its data). Bounded:
// past `maxEntries` distinct strings, new ones are returned as they are. Not thread-safe: one
// pool per reader.
class StringPool final
{
public:
    explicit StringPool(qsizetype maxEntries = 20000)
        : m_maxEntries(maxEntries)
    {
    }

    QString intern(const QString &text)
    {
        if (text.isEmpty())
            return text;
        const auto it = m_strings.constFind(text);
        if (it != m_strings.cend())
            return *it;
        if (m_strings.size() < m_maxEntries)
            m_strings.insert(text);
        return text;
    }

    qsizetype size() const { return m_strings.size(); }

private:
    QSet<QString> m_strings;
    qsizetype m_maxEntries;
};

} // namespace lockbox
