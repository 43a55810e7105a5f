#pragma once

#include "bytearena.h"

#include "core/accessrequest.h"
#include "core/requeststatus.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringView>

#include <array>
#include <vector>

namespace lockbox::engine {

// What search as you type looks through: a row's id, status, resource ids and type, support case,
// justification and access level, and its subscription's id and name, in lower case. A keystroke
// scans bytes without allocating.
//
// Kept in as little memory as 100,000 rows allow. A row's own text (id, support case,
// justification) is lower-case UTF-8 in one buffer shared by all rows. What rows repeat is kept
// once and tested once per needle, not once per row: the status (its server word and the word a
// user reads, per kind), the resource ids with the resource type and access level (a few hundred
// distinct combinations among 100,000 requests), and the subscription. Rows and subscriptions are
// numbered by the owner (RequestRows keeps the rows parallel to its own).
class RequestSearchIndex final
{
public:
    RequestSearchIndex();

    // The word a user reads for a status (a translation, say), searched beside the server's own
    // word.
    void setStatusWord(RequestStatus::Kind kind, const QString &word);

    std::size_t rowCount() const { return m_rows.size(); }
    // The bytes of rows' own text held, including waste not yet dropped.
    std::size_t textBytes() const { return m_text.size(); }
    void clear();
    void reserve(std::size_t rows);
    void appendRow(); // with no text until setRow()
    // What decides the text a row shares with others, numbered as the owner numbers values (its
    // pools of resource id lists and values, its subscriptions): rows with equal keys share one
    // text, which setRow() then makes once, not once per row. An owner that numbers its values
    // afresh calls forgetSharedKeys(). The subscription is numbered by its id ignoring case, as
    // the shared text leaves out the ids' "/subscriptions/{id}" ignoring case: rows of one
    // subscription number strip the same prefix.
    struct SharedKey
    {
        quint32 resourceIds = 0;
        quint32 resourceType = 0;
        quint32 accessLevel = 0;
        quint32 otherStatus = 0;
        int subscription = 0;
        friend bool operator==(const SharedKey &a, const SharedKey &b)
        {
            return a.resourceIds == b.resourceIds && a.resourceType == b.resourceType && a.accessLevel == b.accessLevel
                && a.otherStatus == b.otherStatus && a.subscription == b.subscription;
        }
        friend size_t qHash(const SharedKey &key, size_t seed = 0)
        {
            return qHashMulti(seed, key.resourceIds, key.resourceType, key.accessLevel, key.otherStatus,
                              key.subscription);
        }
    };
    void setRow(std::size_t row, const AccessRequest &request, const SharedKey *key = nullptr);
    void forgetSharedKeys() { m_sharedByKey.clear(); }
    void eraseRows(std::size_t first, std::size_t last);
    void permute(const std::vector<int> &order); // order: new row → old row
    // Adds (at the next index) or updates a subscription's id and display name.
    void setSubscription(int index, const QString &id, const QString &name);

    // Whether `needleLowerCase` (as searchLower() makes it) occurs in the row's text or in its
    // subscription's id or name. The last needle's answers for what rows share are kept until it
    // changes.
    bool matches(std::size_t row, int subscription, QStringView needleLowerCase) const;
    // Answers, for `needleLowerCase`, everything that matches() would otherwise find out and keep
    // as it goes (what rows share, the statuses, the subscriptions): until the needle, the rows or
    // the subscriptions change, matches() with that needle only reads, and may then be called
    // from several threads at once.
    void prepare(QStringView needleLowerCase) const;

    // The lower case that the text is kept in: one character for one (QChar::toLower).
    static QString searchLower(QStringView text);

private:
    static constexpr quint32 kNoShared = 0xffffffff;
    struct Row
    {
        quint32 offset = 0; // of its own text in m_text
        quint32 size = 0;
        quint32 shared = kNoShared; // its shared text in m_shared
        quint8 status = 0;          // RequestStatus::Kind; Other's word is in the shared text
    };

    void prepareNeedle(QStringView needle) const;
    quint32 sharedIndex(const QByteArray &text);
    void setOwnText(Row &out, const AccessRequest &request, const QByteArray &sharedText);
    void compactTextIfWasteful();

    std::array<QString, RequestStatus::knownCount> m_statusWords;
    std::vector<Row> m_rows;
    // Rows' own text, lower-case UTF-8, fields ended by a separator.
    ByteArena m_text;
    // Shared texts (resources, type, access level, and an unknown status's word), each once.
    std::vector<QByteArray> m_shared;
    QHash<QByteArray, quint32> m_sharedIndex;
    QHash<SharedKey, quint32> m_sharedByKey;         // setRow()'s keys, each to its index in m_shared
    std::vector<QByteArray> m_subscriptionHaystacks; // lower-case UTF-8 id and name

    // The last needle matches() saw, its UTF-8 form, and its answers for what rows share
    // (-1: not tested yet).
    mutable QString m_needle;
    mutable QByteArray m_needleUtf8;
    mutable std::vector<qint8> m_subscriptionMatches;
    mutable std::vector<qint8> m_sharedMatches;
    mutable std::array<qint8, RequestStatus::knownCount + 1> m_statusMatches {};
};

} // namespace lockbox::engine
