#include "requesttextorder.h"

#include <QString>
#include <QStringList>

#include <algorithm>

namespace lockbox::engine {

namespace {

// Text columns sort by this much of their text.
constexpr qsizetype kSortedChars = 200;

// The last path segment of the first resource id, without copying.
QStringView resourceKey(const QStringList &resourceIds)
{
    if (resourceIds.isEmpty())
        return {};
    QStringView first = resourceIds.first();
    while (first.endsWith(u'/'))
        first.chop(1);
    const qsizetype slash = first.lastIndexOf(u'/');
    return slash >= 0 ? first.mid(slash + 1) : first;
}

// The first 8 case-folded characters of `text` packed into an integer whose order agrees with
// QStringView::compare(Qt::CaseInsensitive): characters above U+00FF are clamped and end the
// key, so equal keys mean "compare the text", never a wrong answer.
quint64 prefixKey(QStringView text)
{
    quint64 key = 0;
    bool clamped = false;
    for (qsizetype i = 0; i < 8; ++i) {
        quint64 byte = 0;
        if (clamped) {
            byte = 0xFF;
        } else if (i < text.size()) {
            char16_t c = text[i].unicode();
            if (c >= u'A' && c <= u'Z')
                c += u'a' - u'A';
            else if (c >= 0x80)
                c = QChar::toCaseFolded(c);
            clamped = c > 0xFF;
            byte = clamped ? 0xFF : c;
        }
        key = (key << 8) | byte;
    }
    return key;
}

} // namespace

QStringView RequestTextOrder::sortedText(QStringView text)
{
    return text.left(kSortedChars);
}

QStringView RequestTextOrder::sortedResource(const QStringList &resourceIds)
{
    return resourceKey(resourceIds).left(kSortedChars);
}

QStringView RequestTextOrder::sortedText(const AccessRequest &r, Column column)
{
    switch (column) {
    case ResourceType:
        return QStringView(r.resourceType).left(kSortedChars);
    case Resource:
        return resourceKey(r.resourceIds).left(kSortedChars);
    case SupportCase:
        return QStringView(r.supportRequest).left(kSortedChars);
    case AccessLevel:
        return r.accessLevel ? QStringView(*r.accessLevel).left(kSortedChars) : QStringView();
    case Justification:
        return QStringView(r.justification).left(kSortedChars);
    case ColumnCount:
        break;
    }
    return {};
}

void RequestTextOrder::clear()
{
    for (std::vector<quint64> &prefixes : m_prefixes)
        prefixes.clear();
    for (std::vector<int> &ranks : m_ranks)
        ranks.clear();
    m_unranked = {};
}

void RequestTextOrder::reserve(std::size_t rows)
{
    for (std::vector<quint64> &prefixes : m_prefixes)
        prefixes.reserve(rows);
}

void RequestTextOrder::appendRow()
{
    for (std::vector<quint64> &prefixes : m_prefixes)
        prefixes.push_back(0);
    for (std::size_t column = 0; column < ColumnCount; ++column) {
        if (!m_ranks[column].empty()) {
            m_ranks[column].push_back(-1);
            ++m_unranked[column];
        }
    }
}

void RequestTextOrder::setRow(std::size_t row, const AccessRequest &request)
{
    for (std::size_t column = 0; column < ColumnCount; ++column) {
        m_prefixes[column][row] = prefixKey(sortedText(request, Column(column)));
        std::vector<int> &ranks = m_ranks[column];
        if (row < ranks.size() && ranks[row] >= 0) {
            ranks[row] = -1; // compared by its text until the next ranking
            ++m_unranked[column];
        }
    }
}

void RequestTextOrder::eraseRows(std::size_t first, std::size_t last)
{
    const auto erase = [first, last](auto &v) {
        v.erase(v.begin() + qsizetype(first), v.begin() + qsizetype(last) + 1);
    };
    for (std::vector<quint64> &prefixes : m_prefixes)
        erase(prefixes);
    for (std::vector<int> &ranks : m_ranks) {
        if (!ranks.empty())
            erase(ranks); // the survivors keep their relative order
    }
}

void RequestTextOrder::permute(const std::vector<int> &order)
{
    const auto permute = [&order](auto &v) {
        if (v.empty())
            return;
        std::remove_reference_t<decltype(v)> out;
        out.reserve(v.size());
        for (const int from : order)
            out.push_back(v[std::size_t(from)]);
        v = std::move(out);
    };
    for (std::vector<quint64> &prefixes : m_prefixes)
        permute(prefixes);
    for (std::vector<int> &ranks : m_ranks)
        permute(ranks);
}

void RequestTextOrder::rank(Column column, std::size_t rows, const std::function<QString(std::size_t)> &textOf) const
{
    // By prefix first: integers, no text. Only rows whose prefixes are equal are then read, a run
    // of them at a time, as case-folded copies compared by code unit (the same order as
    // compare(CaseInsensitive), without folding at every comparison): the copies of one run live
    // at a time, not those of every row.
    const std::vector<quint64> &prefixes = m_prefixes[column];
    std::vector<int> order(rows);
    for (std::size_t i = 0; i < rows; ++i)
        order[i] = int(i);
    std::sort(order.begin(), order.end(),
              [&prefixes](int a, int b) { return prefixes[std::size_t(a)] < prefixes[std::size_t(b)]; });
    std::vector<int> &ranks = m_ranks[column];
    ranks.assign(rows, 0);
    int rank = -1;
    std::vector<QString> folded;
    std::vector<std::size_t> run;
    for (std::size_t begin = 0; begin < rows;) {
        const quint64 prefix = prefixes[std::size_t(order[begin])];
        std::size_t end = begin + 1;
        while (end < rows && prefixes[std::size_t(order[end])] == prefix)
            ++end;
        if (end - begin == 1) {
            ranks[std::size_t(order[begin])] = ++rank;
            begin = end;
            continue;
        }
        folded.clear();
        run.clear();
        for (std::size_t i = begin; i < end; ++i) {
            folded.push_back(textOf(std::size_t(order[i])).toCaseFolded());
            run.push_back(i - begin);
        }
        std::sort(run.begin(), run.end(), [&folded](std::size_t a, std::size_t b) { return folded[a] < folded[b]; });
        for (std::size_t i = 0; i < run.size(); ++i) {
            if (i == 0 || folded[run[i - 1]] < folded[run[i]])
                ++rank; // equal texts share a rank, so they compare equal
            ranks[std::size_t(order[begin + run[i]])] = rank;
        }
        begin = end;
    }
    m_unranked[column] = 0;
}

} // namespace lockbox::engine
