#pragma once

#include "core/accessrequest.h"

#include <QStringView>
#include <QtGlobal>

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <vector>

namespace lockbox::engine {

// The order of the request table's free-text columns, case-insensitive, without reading the rows
// on every comparison: per row and column an order-preserving integer of the first 8 case-folded
// characters, and, once a column has been sorted by, each row's rank in the full order, so that
// sorting again and re-sorting as a search changes compare integers. Rows set since the ranking
// compare by their text until there are enough of them to rank again. Rows are numbered by the
// owner (RequestRows keeps them parallel to its own).
class RequestTextOrder final
{
public:
    enum Column { ResourceType, Resource, SupportCase, AccessLevel, Justification, ColumnCount };

    // The text a column sorts by: at most 200 characters; for Resource, the last path segment of
    // the first resource id.
    static QStringView sortedText(const AccessRequest &request, Column column);
    // The sorted text of a column given its value: the text, or a resource column's list of ids.
    static QStringView sortedText(QStringView text);
    static QStringView sortedResource(const QStringList &resourceIds);

    void clear();
    void reserve(std::size_t rows);
    void appendRow(); // unranked, with an empty prefix until setRow()
    void setRow(std::size_t row, const AccessRequest &request);
    void eraseRows(std::size_t first, std::size_t last);
    void permute(const std::vector<int> &order); // order: new row → old row

    // Whether rank() should run before comparing by `column`: never ranked, or too many rows
    // changed since.
    bool needsRanking(Column column, std::size_t rows) const
    {
        return m_ranks[column].size() != rows || m_unranked[column] > std::max<std::size_t>(64, rows / 8);
    }
    // Ranks every row by `column`; textOf(row) gives a row's sortedText().
    void rank(Column column, std::size_t rows, const std::function<QString(std::size_t)> &textOf) const;
    // How row `left` sorts against row `right` by `column`, as far as ranks and prefixes tell:
    // negative when before, positive when after, zero when their texts are equal (equal texts
    // share a rank); nothing when only their texts can tell (then compare sortedText()
    // case-insensitively). Defined here, as needsRanking() is, because a sort calls them 1.7
    // million times for 100,000 rows.
    std::optional<int> order(std::size_t left, std::size_t right, Column column) const
    {
        const std::vector<int> &ranks = m_ranks[column];
        if (ranks[left] >= 0 && ranks[right] >= 0)
            return ranks[left] < ranks[right] ? -1 : (ranks[left] > ranks[right] ? 1 : 0);
        const std::vector<quint64> &prefixes = m_prefixes[column];
        if (prefixes[left] != prefixes[right])
            return prefixes[left] < prefixes[right] ? -1 : 1;
        return std::nullopt;
    }

private:
    // Order-preserving integer prefixes of each column's sorted text.
    std::array<std::vector<quint64>, ColumnCount> m_prefixes;
    // Per column, once ranked: each row's rank in the full order (-1 when the row was set since),
    // and how many rows are unranked.
    mutable std::array<std::vector<int>, ColumnCount> m_ranks;
    mutable std::array<std::size_t, ColumnCount> m_unranked {};
};

} // namespace lockbox::engine
