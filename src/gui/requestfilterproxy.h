#pragma once

#include "requestsortproxy.h"
#include "requesttablemodel.h"

#include "core/requestquery.h"
#include "engine/requestfilter.h"

#include <QList>
#include <QMetaObject>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <QString>
#include <QTimer>

#include <optional>

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::gui {

// Filters and sorts a RequestTableModel for the main window: a quick filter (Pending / Active /
// History / All, defined as RequestStore defines them), a subscription and a search text, and the
// counts behind the quick-filter buttons.
//
// Which rows pass, and the counts, come from an engine::RequestFilter over the model's rows
// (search as you type narrows or widens from the last answer and remembers recent ones); this
// class maps its answers onto QSortFilterProxyModel. The order comes from a RequestSortProxy
// between the model and this proxy, which keeps every row sorted: this proxy itself never sorts
// (its own sort column stays -1 and it shows the sorted rows in their order), so that a filter
// change costs one pass over the rows. Filtering and sorting read the rows directly, never data().
//
// sourceModel() is that sort proxy: mapFromRequestModel() maps from the RequestTableModel itself.
//
// Active and History depend on the time: the proxy filters as of its own "now", which
// refreshTime() moves to the clock's (call it each minute, beside RequestTableModel::refreshTimes).
class RequestFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit RequestFilterProxy(const Clock &clock, QObject *parent = nullptr);
    ~RequestFilterProxy() override;

    // Must be a RequestTableModel (anything else is refused: the proxy filters nothing).
    void setSourceModel(QAbstractItemModel *sourceModel) override;
    RequestTableModel *requestModel() const { return m_model; }
    QModelIndex mapFromRequestModel(const QModelIndex &modelIndex) const;

    // Sorts through the sort proxy (a view's header calls this).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sorter.sortColumn(); }
    Qt::SortOrder sortOrder() const { return m_sorter.sortOrder(); }

    void setQuickFilter(QuickFilter filter);
    QuickFilter quickFilter() const { return m_filter.quickFilter(); }
    // A subscription id (case-insensitive), or empty for all.
    void setSubscriptionFilter(const QString &subscriptionId);
    QString subscriptionFilter() const { return m_filter.subscription(); }
    // Case-insensitive; control characters and surrounding spaces are ignored.
    void setSearchText(const QString &text);
    QString searchText() const { return m_searchText; }

    // Requests that stay shown after they stop passing the filters: the selected ones, so that a
    // decision (which takes a request out of Pending) or a sync does not pull the selection from
    // under the approver. The pins move on with the selection and are dropped when a filter is
    // changed; the counts ignore them. A pin let go leaves the table a double-click interval later,
    // so that the rows do not move between the two clicks. Up to kMaxPins selected requests.
    void setPinnedRequests(const QStringList &requestIds);
    QStringList pinnedRequests() const;

    // Counts per quick filter among the rows that pass the subscription and search filters, as
    // of the proxy's "now". Always current; countsChanged() tells when they moved.
    RequestCounts counts() const;
    // Moves the proxy's "now" to the clock's and re-evaluates Active and History.
    void refreshTime();
    QDateTime now() const;

Q_SIGNALS:
    // Emitted once from the event loop after the counts changed (coalesced).
    void countsChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void applyFilterChange(const engine::RequestFilter::Flips &flips);
    // Drops the pins; true when one of them was shown only because it was pinned.
    bool dropPins();
    bool isPinned(int modelRow) const;
    void hideReleasedPins();

    static constexpr qsizetype kMaxPins = 64;
    void connectSource();
    void disconnectSource();
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void reload();
    void countsMayHaveChanged();
    void emitCountsIfChanged();

    const Clock &m_clock;
    QPointer<RequestTableModel> m_model;
    RequestSortProxy m_sorter; // this proxy's source
    engine::RequestFilter m_filter;
    QString m_searchText;
    mutable std::optional<RequestCounts> m_counts;
    std::optional<RequestCounts> m_emittedCounts;
    bool m_countsCheckQueued = false;
    QList<QMetaObject::Connection> m_connections;
    QList<QPersistentModelIndex> m_pinned;   // source rows, followed through insertions and removals
    QList<QPersistentModelIndex> m_released; // unpinned, still shown until m_releaseTimer fires
    QTimer m_releaseTimer;
};

} // namespace lockbox::gui
