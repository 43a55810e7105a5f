#pragma once

#include "requesttablemodel.h"

#include "store/requestquery.h"

#include <QList>
#include <QMetaObject>
#include <QPointer>
#include <QSortFilterProxyModel>
#include <QString>

#include <optional>
#include <vector>

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::gui {

// Filters and sorts a RequestTableModel for the main window: a quick filter (Pending / Active /
// History / All, defined as RequestStore defines them), a subscription and a search text, and the
// counts behind the quick-filter buttons.
//
// Search as you type: each source row's "passes subscription and search" is cached, so a
// keystroke that extends the search text re-tests only the rows that matched before, and one
// that shortens it only the rows that did not. Filtering and sorting read the model's fields
// directly (RequestTableModel::matches and lessThan), never data().
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

    void setQuickFilter(store::QuickFilter filter);
    store::QuickFilter quickFilter() const { return m_quick; }
    // A subscription id (case-insensitive), or empty for all.
    void setSubscriptionFilter(const QString &subscriptionId);
    QString subscriptionFilter() const { return m_subscription; }
    // Case-insensitive; control characters and surrounding spaces are ignored.
    void setSearchText(const QString &text);
    QString searchText() const { return m_searchText; }

    // Counts per quick filter among the rows that pass the subscription and search filters, as
    // of the proxy's "now". Always current; countsChanged() tells when they moved.
    store::RequestCounts counts() const;
    // Moves the proxy's "now" to the clock's and re-evaluates Active and History.
    void refreshTime();
    QDateTime now() const;

Q_SIGNALS:
    // Emitted once from the event loop after the counts changed (coalesced).
    void countsChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &sourceLeft, const QModelIndex &sourceRight) const override;

private:
    enum class Retest { All, Hits, Misses };
    // How many rows a filter change shows or hides, and how many are shown afterwards.
    struct Flips
    {
        qsizetype changed = 0;
        qsizetype shownAfter = 0;
    };

    // The subscription rows must have: an index of the model, -1 for one it has never seen,
    // kAnySubscription without a subscription filter.
    static constexpr int kAnySubscription = -2;
    int wantedSubscription() const;
    bool computeHit(int row, int subscription) const;
    bool passesQuick(int row, store::QuickFilter filter, qint64 nowMs) const;
    Flips retest(Retest which);
    void rebuildHits();
    void rememberHits();
    bool recallHits(const QString &needle, Flips *flips);
    void applyFilterChange(const Flips &flips);
    void connectSource();
    void disconnectSource();
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsInsertedAfterBase(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void countsMayHaveChanged();
    void emitCountsIfChanged();

    const Clock &m_clock;
    qint64 m_nowMs = 0;
    QPointer<RequestTableModel> m_model;
    store::QuickFilter m_quick = store::QuickFilter::All;
    QString m_subscription;
    QString m_searchText;
    QString m_needle; // m_searchText cleaned and in lower case

    std::vector<quint8> m_hits; // per source row: passes the subscription and search filters
    // The hits of the last few needles, for as long as the rows and the subscription filter stay
    // as they are: deleting what was just typed costs no search at all.
    struct RecentHits
    {
        QString needle;
        std::vector<quint8> hits;
    };
    QList<RecentHits> m_recent;
    // Source rows of a large insertion that the base class must not insert one interval at a
    // time: they are hidden from it, then shown with one rebuild.
    int m_deferredFirst = -1;
    int m_deferredLast = -1;
    mutable std::optional<store::RequestCounts> m_counts;
    std::optional<store::RequestCounts> m_emittedCounts;
    bool m_countsCheckQueued = false;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace lockbox::gui
