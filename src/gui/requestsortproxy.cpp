#include "requestsortproxy.h"

#include <algorithm>
#include <numeric>

namespace lockbox::gui {

namespace {

// Past this many separate runs of rows to remove, the rows first move to the end in one layout
// change and go in one removal: each run costs a proxy above a pass over its whole mapping.
constexpr std::size_t kMaxRemovedRuns = 16;
// A change over more rows than this is forwarded as one range rather than row by row.
constexpr int kMaxRowsChangedOneByOne = 64;

} // namespace

RequestSortProxy::RequestSortProxy(QObject *parent)
    : QAbstractProxyModel(parent)
{
}

RequestSortProxy::~RequestSortProxy()
{
    disconnectSource();
}

void RequestSortProxy::setSourceModel(QAbstractItemModel *sourceModel)
{
    beginResetModel();
    disconnectSource();
    m_model = qobject_cast<RequestTableModel *>(sourceModel);
    if (sourceModel && !m_model)
        qWarning("RequestSortProxy: the source model must be a RequestTableModel");
    QAbstractProxyModel::setSourceModel(m_model);
    connectSource();
    sortAll();
    endResetModel();
}

void RequestSortProxy::connectSource()
{
    if (!m_model)
        return;
    RequestTableModel *model = m_model;
    m_connections = {
        connect(model, &QAbstractItemModel::modelAboutToBeReset, this,
                [this] {
                    m_changed.clear();
                    beginResetModel();
                }),
        connect(model, &QAbstractItemModel::modelReset, this,
                [this] {
                    sortAll();
                    endResetModel();
                }),
        // Rows changed earlier in the same change are placed first: row numbers are about to move.
        connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this, &RequestSortProxy::placeChangedRows),
        connect(model, &QAbstractItemModel::rowsInserted, this, &RequestSortProxy::onRowsInserted),
        connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, &RequestSortProxy::onRowsAboutToBeRemoved),
        connect(model, &QAbstractItemModel::rowsRemoved, this, &RequestSortProxy::onRowsRemoved),
        connect(model, &QAbstractItemModel::dataChanged, this, &RequestSortProxy::onDataChanged),
        connect(model, &QAbstractItemModel::layoutAboutToBeChanged, this, &RequestSortProxy::onLayoutAboutToBeChanged),
        connect(model, &QAbstractItemModel::layoutChanged, this, &RequestSortProxy::onLayoutChanged),
        connect(model, &QAbstractItemModel::rowsAboutToBeMoved, this, &RequestSortProxy::onLayoutAboutToBeChanged),
        connect(model, &QAbstractItemModel::rowsMoved, this, &RequestSortProxy::onLayoutChanged),
        connect(model, &QAbstractItemModel::headerDataChanged, this, &QAbstractItemModel::headerDataChanged),
        connect(model, &QObject::destroyed, this,
                [this] {
                    beginResetModel();
                    m_rows.clear();
                    m_rowOf.clear();
                    m_changed.clear();
                    m_transitFrom = kNoTransit;
                    endResetModel();
                }),
        connect(model, &RequestTableModel::changesAboutToBeApplied, this, [this] { m_inBatch = true; }),
        connect(model, &RequestTableModel::changesApplied, this,
                [this] {
                    m_inBatch = false;
                    placeChangedRows();
                }),
    };
}

void RequestSortProxy::disconnectSource()
{
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
}

bool RequestSortProxy::before(int left, int right) const
{
    if (m_column < 0 || m_column >= RequestTableModel::ColumnCount)
        return left < right;
    const engine::RequestRows &rows = m_model->rows();
    if (m_column == RequestTableModel::TimeLeft && m_order == Qt::DescendingOrder) {
        // A row with no time left (decided, expired) sorts as the longest time, which puts its
        // blank cell last when ascending; descending, it goes last too.
        const bool leftBlank = !rows.deadlineMsAt(left);
        const bool rightBlank = !rows.deadlineMsAt(right);
        if (leftBlank != rightBlank)
            return rightBlank;
        if (leftBlank)
            return left < right;
    }
    const int order = rows.compare(left, right, engine::RequestRows::SortKey(m_column));
    if (order != 0)
        return m_order == Qt::AscendingOrder ? order < 0 : order > 0;
    return left < right;
}

void RequestSortProxy::sortAll()
{
    const int n = m_model ? m_model->rowCount() : 0;
    m_rows.resize(std::size_t(n));
    std::iota(m_rows.begin(), m_rows.end(), 0);
    m_transitFrom = kNoTransit;
    // Stable, from the model's order (the order is total: equal values by model row).
    if (n > 1)
        std::stable_sort(m_rows.begin(), m_rows.end(), [this](int a, int b) { return before(a, b); });
    renumber();
}

void RequestSortProxy::renumber()
{
    const int sourceRows = m_model ? m_model->rowCount() : 0;
    m_rowOf.assign(std::size_t(sourceRows), -1);
    for (std::size_t row = 0; row < m_rows.size(); ++row)
        m_rowOf[std::size_t(m_rows[row])] = int(row);
}

bool RequestSortProxy::inPlace(int row) const
{
    const auto r = std::size_t(row);
    return (r == 0 || before(m_rows[r - 1], m_rows[r])) && (r + 1 >= m_rows.size() || before(m_rows[r], m_rows[r + 1]));
}

void RequestSortProxy::reorder(const std::function<void()> &change)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    std::vector<int> sources;
    sources.reserve(std::size_t(from.size()));
    for (const QModelIndex &index : from)
        sources.push_back(m_rows[std::size_t(index.row())]);
    change();
    renumber();
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype i = 0; i < from.size(); ++i)
        to.append(createIndex(m_rowOf[std::size_t(sources[std::size_t(i)])], from.at(i).column()));
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void RequestSortProxy::relayout()
{
    reorder([this] {
        m_transitFrom = kNoTransit;
        std::sort(m_rows.begin(), m_rows.end());
        std::stable_sort(m_rows.begin(), m_rows.end(), [this](int a, int b) { return before(a, b); });
    });
}

void RequestSortProxy::sort(int column, Qt::SortOrder order)
{
    if (column == m_column && order == m_order)
        return;
    m_column = column;
    m_order = order;
    if (m_model)
        relayout();
}

void RequestSortProxy::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    for (int &row : m_rows) {
        if (row >= first)
            row += count;
    }
    std::vector<int> fresh(static_cast<std::size_t>(count));
    std::iota(fresh.begin(), fresh.end(), first);
    const auto less = [this](int a, int b) { return before(a, b); };
    std::stable_sort(fresh.begin(), fresh.end(), less);
    const auto sortedEnd = m_rows.begin() + std::min<std::ptrdiff_t>(m_transitFrom, std::ssize(m_rows));
    const auto at = std::lower_bound(m_rows.begin(), sortedEnd, fresh.front(), less);
    const auto position = int(at - m_rows.begin());
    // The usual case (a load newest first, sorted by time): the new rows go in one block.
    if (std::lower_bound(m_rows.begin(), sortedEnd, fresh.back(), less) == at) {
        beginInsertRows({}, position, position + count - 1);
        m_rows.insert(at, fresh.begin(), fresh.end());
        if (m_transitFrom != kNoTransit)
            m_transitFrom += count;
        renumber();
        endInsertRows();
        return;
    }
    // Otherwise in at the end, in transit, then into place: at once when the proxy above is to
    // show one of them, else when the order next changes.
    const auto oldSize = int(m_rows.size());
    if (m_transitFrom == kNoTransit)
        m_transitFrom = oldSize;
    beginInsertRows({}, oldSize, oldSize + count - 1);
    m_rows.insert(m_rows.end(), fresh.begin(), fresh.end());
    renumber();
    endInsertRows();
    if (!m_shown || std::any_of(fresh.begin(), fresh.end(), m_shown))
        placeTransitRows();
}

void RequestSortProxy::placeTransitRows()
{
    // Rows whose sorted value changed may still stand where they were: placed with them.
    if (!m_changed.empty()) {
        placeChangedRows();
        return;
    }
    if (m_transitFrom >= int(m_rows.size())) {
        m_transitFrom = kNoTransit;
        return;
    }
    const int from = m_transitFrom;
    const auto less = [this](int a, int b) { return before(a, b); };
    reorder([this, from, &less] {
        m_transitFrom = kNoTransit;
        std::stable_sort(m_rows.begin() + from, m_rows.end(), less);
        std::inplace_merge(m_rows.begin(), m_rows.begin() + from, m_rows.end(), less);
    });
}

void RequestSortProxy::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    placeTransitRows();
    placeChangedRows();
    std::vector<int> doomed;
    doomed.reserve(std::size_t(last) - std::size_t(first) + 1);
    for (int source = first; source <= last; ++source) {
        if (const int row = rowOfSource(source); row >= 0)
            doomed.push_back(row);
    }
    if (doomed.empty())
        return;
    std::sort(doomed.begin(), doomed.end());
    std::size_t runs = 0;
    for (std::size_t i = 0; i < doomed.size(); ++i)
        runs += i == 0 || doomed[i] != doomed[i - 1] + 1;
    if (runs > kMaxRemovedRuns) {
        // To the end in one layout change, keeping the order of the others, then one removal.
        reorder([this, first, last] {
            std::stable_partition(m_rows.begin(), m_rows.end(),
                                  [first, last](int row) { return row < first || row > last; });
        });
        const auto size = int(m_rows.size());
        const auto count = int(doomed.size());
        beginRemoveRows({}, size - count, size - 1);
        m_rows.resize(std::size_t(size - count));
        renumber();
        endRemoveRows();
        return;
    }
    // Bottom up, so that the runs still to remove keep their numbers.
    for (std::size_t end = doomed.size(); end > 0;) {
        const int lastRow = doomed[end - 1];
        int firstRow = lastRow;
        --end;
        while (end > 0 && doomed[end - 1] == firstRow - 1)
            firstRow = doomed[--end];
        beginRemoveRows({}, firstRow, lastRow);
        m_rows.erase(m_rows.begin() + firstRow, m_rows.begin() + lastRow + 1);
        renumber();
        endRemoveRows();
    }
}

void RequestSortProxy::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    for (int &row : m_rows) {
        if (row > last)
            row -= count;
    }
    renumber();
}

void RequestSortProxy::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                     const QList<int> &roles)
{
    if (!topLeft.isValid() || !bottomRight.isValid() || topLeft.parent().isValid())
        return;
    const int first = topLeft.row();
    const int last = bottomRight.row();
    if (last - first + 1 > kMaxRowsChangedOneByOne) {
        int low = int(m_rows.size());
        int high = -1;
        for (int source = first; source <= last; ++source) {
            if (const int row = rowOfSource(source); row >= 0) {
                low = std::min(low, row);
                high = std::max(high, row);
            }
        }
        if (high >= 0)
            Q_EMIT dataChanged(index(low, topLeft.column()), index(high, bottomRight.column()), roles);
    } else {
        for (int source = first; source <= last; ++source) {
            if (const int row = rowOfSource(source); row >= 0)
                Q_EMIT dataChanged(index(row, topLeft.column()), index(row, bottomRight.column()), roles);
        }
    }
    // Values of the sorted column may have changed: the rows are placed again once the change is
    // complete (at once, or at the end of the model's applyChanges()).
    const bool sortedColumn = m_column >= topLeft.column() && m_column <= bottomRight.column();
    if (sortedColumn) {
        for (int source = first; source <= last; ++source)
            m_changed.push_back(source);
    }
    // A row in transit that the proxy above is now to show is placed at once (with the changed
    // rows: the order outside the rows in transit must be sorted for them to merge into it).
    if (m_transitFrom != kNoTransit && m_shown) {
        for (int source = first; source <= last; ++source) {
            if (isInTransit(rowOfSource(source)) && m_shown(source)) {
                placeTransitRows();
                return;
            }
        }
    }
    if (sortedColumn && !m_inBatch)
        placeChangedRows();
}

void RequestSortProxy::placeChangedRows()
{
    if (m_changed.empty())
        return;
    std::vector<int> changed;
    changed.swap(m_changed);
    const bool transit = m_transitFrom < int(m_rows.size());
    if (transit) {
        // The rows in transit are placed with them (they are not in order among the others).
        changed.insert(changed.end(), m_rows.begin() + m_transitFrom, m_rows.end());
    } else {
        // Every changed row between its neighbours means every pair of neighbours is in order:
        // the rows that did not change were in order among themselves.
        const bool sorted = std::all_of(changed.begin(), changed.end(), [this](int source) {
            const int row = rowOfSource(source);
            return row < 0 || inPlace(row);
        });
        if (sorted)
            return;
    }
    // Out with the changed rows (the others stay in order), and back in where they now belong:
    // n + k·log k, never a sort of everything.
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    std::vector<char> isChanged(m_rowOf.size(), 0);
    for (const int source : changed)
        isChanged[std::size_t(source)] = 1;
    std::vector<int> kept;
    kept.reserve(m_rows.size());
    for (const int source : m_rows) {
        if (!isChanged[std::size_t(source)])
            kept.push_back(source);
    }
    const auto less = [this](int a, int b) { return before(a, b); };
    std::stable_sort(changed.begin(), changed.end(), less);
    std::vector<int> placed(m_rows.size());
    std::merge(kept.begin(), kept.end(), changed.begin(), changed.end(), placed.begin(), less);
    reorder([this, &placed] {
        m_transitFrom = kNoTransit;
        m_rows.swap(placed);
    });
}

void RequestSortProxy::onLayoutAboutToBeChanged()
{
    m_changed.clear(); // everything is sorted again afterwards (rows in transit too)
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::NoLayoutChangeHint);
    m_layoutPersistent = persistentIndexList();
    m_layoutSource.clear();
    m_layoutSource.reserve(m_layoutPersistent.size());
    for (const QModelIndex &index : std::as_const(m_layoutPersistent))
        m_layoutSource.append(QPersistentModelIndex(mapToSource(index)));
}

void RequestSortProxy::onLayoutChanged()
{
    // The model's rows moved: their order by value is made again.
    sortAll();
    QModelIndexList to;
    to.reserve(m_layoutSource.size());
    for (const QPersistentModelIndex &source : std::as_const(m_layoutSource))
        to.append(mapFromSource(source));
    changePersistentIndexList(m_layoutPersistent, to);
    m_layoutPersistent.clear();
    m_layoutSource.clear();
    Q_EMIT layoutChanged({}, QAbstractItemModel::NoLayoutChangeHint);
}

QModelIndex RequestSortProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || std::size_t(row) >= m_rows.size()
        || column >= RequestTableModel::ColumnCount)
        return {};
    return createIndex(row, column);
}

QModelIndex RequestSortProxy::parent(const QModelIndex &child) const
{
    Q_UNUSED(child)
    return {};
}

QModelIndex RequestSortProxy::sibling(int row, int column, const QModelIndex &index) const
{
    Q_UNUSED(index)
    return this->index(row, column);
}

int RequestSortProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestSortProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_model ? 0 : RequestTableModel::ColumnCount;
}

bool RequestSortProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.empty();
}

QModelIndex RequestSortProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !m_model || proxyIndex.model() != this)
        return {};
    return m_model->index(sourceRow(proxyIndex.row()), proxyIndex.column());
}

QModelIndex RequestSortProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != m_model)
        return {};
    const int row = rowOfSource(sourceIndex.row());
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

QVariant RequestSortProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && m_model)
        return m_model->headerData(section, orientation, role);
    return QAbstractProxyModel::headerData(section, orientation, role);
}

} // namespace lockbox::gui
