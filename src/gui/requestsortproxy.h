#pragma once

#include "requesttablemodel.h"

#include <QAbstractProxyModel>
#include <QList>
#include <QMetaObject>
#include <QPersistentModelIndex>
#include <QPointer>

#include <functional>
#include <limits>
#include <vector>

namespace lockbox::gui {

// Every row of a RequestTableModel in the order of one column, kept as a permutation: what
// RequestFilterProxy filters, so that a filter change is one pass over this order and never a
// sort. Sorting reads the rows' precomputed keys (engine::RequestRows::compare); rows with equal
// values keep the model's order, and rows with no time left come last whichever way the Time left
// column is sorted.
//
// The order follows the model as it changes: rows the model adds are merged in (one insertion
// where they are contiguous in the order, otherwise appended and then moved into place with one
// layout change), rows it removes are removed first, and rows whose values a change moves are
// taken out and merged back in where they now belong, with one layout change, once per change
// (at the end of RequestTableModel::applyChanges(), or at once for other changes). Persistent
// indexes follow their rows throughout.
//
// Appended rows that the proxy above does not show (setShownTest()) stay at the end, "in transit",
// until one of them is to be shown or the order is next changed otherwise: a first sync that adds
// thousands of rows the table filters out costs the view no layout change.
class RequestSortProxy final : public QAbstractProxyModel
{
    Q_OBJECT

public:
    explicit RequestSortProxy(QObject *parent = nullptr);
    ~RequestSortProxy() override;

    // Must be a RequestTableModel (anything else is refused and the proxy is empty).
    void setSourceModel(QAbstractItemModel *sourceModel) override;
    RequestTableModel *requestModel() const { return m_model; }

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_column; }
    Qt::SortOrder sortOrder() const { return m_order; }

    // The model's row shown at `row` of this proxy, and the reverse (-1 when out of range).
    int sourceRow(int row) const
    {
        return row >= 0 && std::size_t(row) < m_rows.size() ? m_rows[std::size_t(row)] : -1;
    }
    int rowOfSource(int sourceRow) const
    {
        return sourceRow >= 0 && std::size_t(sourceRow) < m_rowOf.size() ? m_rowOf[std::size_t(sourceRow)] : -1;
    }
    // Whether the row at `row` was added at the end and waits to be moved into place by a layout
    // change: a proxy above leaves it out and shows it with that layout change, so that views see
    // those rows once.
    bool isInTransit(int row) const { return row >= m_transitFrom; }
    // Which model rows the proxy above shows (filterAcceptsRow() but for rows in transit). With a
    // test, appended rows it refuses stay in transit; without one (the default), rows are always
    // placed at once.
    void setShownTest(std::function<bool(int sourceRow)> shown) { m_shown = std::move(shown); }
    // Moves the rows in transit into place (one layout change); the proxy above calls this before
    // it filters anew.
    void placeTransitRows();

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // Whether model row `left` comes before model row `right` in the current order (a total order:
    // equal values by model row).
    bool before(int left, int right) const;
    void sortAll();
    void renumber(); // m_rowOf from m_rows
    // Reorders m_rows with `change` in one layout change, persistent indexes following their rows.
    void reorder(const std::function<void()> &change);
    void relayout(); // re-sorts
    // Places the rows in m_changed where their values now put them (nothing when they are still
    // in order).
    void placeChangedRows();

    void connectSource();
    void disconnectSource();
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void onLayoutAboutToBeChanged();
    void onLayoutChanged();
    bool inPlace(int row) const; // whether the row at `row` sits between its neighbours

    QPointer<RequestTableModel> m_model;
    int m_column = RequestTableModel::Requested;
    Qt::SortOrder m_order = Qt::DescendingOrder;
    std::vector<int> m_rows;  // proxy row → model row
    std::vector<int> m_rowOf; // model row → proxy row
    // Model rows whose sorted value may have changed, placed at the end of the model's change.
    std::vector<int> m_changed;
    bool m_inBatch = false;         // inside the model's applyChanges()
    int m_transitFrom = kNoTransit; // see isInTransit(): [m_transitFrom, end) wait, unsorted
    static constexpr int kNoTransit = std::numeric_limits<int>::max();
    std::function<bool(int)> m_shown;
    QList<QMetaObject::Connection> m_connections;
    // Across a layout change of the model: this proxy's persistent indexes, as the model's.
    QModelIndexList m_layoutPersistent;
    QList<QPersistentModelIndex> m_layoutSource;
};

} // namespace lockbox::gui
