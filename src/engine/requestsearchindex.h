#pragma once

#include "core/accessrequest.h"
#include "core/requeststatus.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <array>
#include <vector>

namespace lockbox::engine {

// What search as you type looks through. Each row keeps a lower-case UTF-8 copy of its searchable
// text (id, status, resource ids and type, support case, justification, access level), built when
// the row is set, so that a keystroke scans bytes without allocating. Subscriptions are searched
// through one copy of their id and display name each, tested once per needle rather than once per
// row. Rows and subscriptions are numbered by the owner (RequestRows keeps the rows parallel to
// its own).
class RequestSearchIndex final
{
public:
    RequestSearchIndex();

    // The word a user reads for a status (a translation, say), searched beside the server's own
    // word. Rows set before keep their text.
    void setStatusWord(RequestStatus::Kind kind, const QString &word);

    std::size_t rowCount() const { return m_haystacks.size(); }
    void clear();
    void reserve(std::size_t rows);
    void appendRow(); // with no text until setRow()
    void setRow(std::size_t row, const AccessRequest &request);
    void eraseRows(std::size_t first, std::size_t last);
    void permute(const std::vector<int> &order); // order: new row → old row

    // Adds (at the next index) or updates a subscription's id and display name.
    void setSubscription(int index, const QString &id, const QString &name);

    // Whether `needleLowerCase` (as searchLower() makes it) occurs in the row's text or in its
    // subscription's id or name. The last needle's subscription answers are kept until it changes.
    bool matches(std::size_t row, int subscription, QStringView needleLowerCase) const;

    // The lower case that the text is kept in: one character for one (QChar::toLower).
    static QString searchLower(QStringView text);

private:
    void prepareNeedle(QStringView needle) const;

    std::array<QString, RequestStatus::knownCount> m_statusWords;
    // Lower-case UTF-8, one per row: id, status, type, resources, case, text, level.
    std::vector<QByteArray> m_haystacks;
    std::vector<QByteArray> m_subscriptionHaystacks; // lower-case UTF-8 id and name

    // The last needle matches() saw, its UTF-8 form, and per subscription whether it matched
    // (-1: not tested yet).
    mutable QString m_needle;
    mutable QByteArray m_needleUtf8;
    mutable std::vector<qint8> m_subscriptionMatches;
};

} // namespace lockbox::engine
