#include "requestfilterproxy.h"

#include "requestpresentation.h"

#include "core/clock.h"
#include "engine/requestsearchindex.h"

#include <QGuiApplication>
#include <QStyleHints>

#include <algorithm>
#include <cmath>

namespace lockbox::gui {

namespace {

// QSortFilterProxyModel applies a filter change one proxy interval at a time, and each interval
// costs a pass over its whole mapping: scattered changes over 100,000 rows are quadratic. Past
// these sizes the proxy rebuilds its mapping instead (one layout change and a filter pass; the
// base class then stable-sorts row numbers already in order), which costs about n whatever the
// change. Costs are in nanoseconds per element as measured with lockbox-searchbench.
constexpr double kSignalCost = 2000;         // one interval's begin/end signals through a proxy and a view
constexpr double kFilterCost = 10;           // filterAcceptsRow for one source row
constexpr double kCompareCost = 2;           // one comparison of row numbers in the base class's sort
constexpr double kCheapIncremental = 100000; // well under a millisecond

QString cleanNeedle(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'\t' || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            out.append(u' ');
        else if (!RequestPresentation::isHiddenControl(c.unicode()))
            out.append(c);
    }
    return engine::RequestSearchIndex::searchLower(out.trimmed());
}

bool sameCounts(const RequestCounts &a, const RequestCounts &b)
{
    return a.pending == b.pending && a.active == b.active && a.history == b.history && a.all == b.all;
}

} // namespace

RequestFilterProxy::RequestFilterProxy(const Clock &clock, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_clock(clock)
{
    m_filter.setNowMs(clock.now().toMSecsSinceEpoch());
    setDynamicSortFilter(true);
    // Rows the sort proxy appends and this proxy does not show wait unsorted until they are to be
    // shown: a first sync's rows the filters leave out cost the view nothing.
    m_sorter.setShownTest([this](int modelRow) { return m_filter.accepts(modelRow); });
    QSortFilterProxyModel::setSourceModel(&m_sorter);
    m_releaseTimer.setSingleShot(true);
    connect(&m_releaseTimer, &QTimer::timeout, this, &RequestFilterProxy::hideReleasedPins);
}

RequestFilterProxy::~RequestFilterProxy()
{
    disconnectSource();
}

void RequestFilterProxy::setSourceModel(QAbstractItemModel *sourceModel)
{
    disconnectSource();
    m_model = qobject_cast<RequestTableModel *>(sourceModel);
    if (sourceModel && !m_model)
        qWarning("RequestFilterProxy: the source model must be a RequestTableModel");
    m_filter.setRows(m_model ? &m_model->rows() : nullptr);
    // Before the sort proxy's handlers: the filter knows of a change before this proxy's base
    // class filters the rows the sort proxy announces.
    connectSource();
    m_sorter.setSourceModel(m_model);
    countsMayHaveChanged();
}

void RequestFilterProxy::connectSource()
{
    if (!m_model)
        return;
    RequestTableModel *model = m_model;
    m_connections = {
        connect(model, &QAbstractItemModel::rowsInserted, this, &RequestFilterProxy::onRowsInserted),
        connect(model, &QAbstractItemModel::rowsRemoved, this, &RequestFilterProxy::onRowsRemoved),
        connect(model, &QAbstractItemModel::dataChanged, this, &RequestFilterProxy::onDataChanged),
        connect(model, &QAbstractItemModel::modelReset, this, &RequestFilterProxy::reload),
        connect(model, &QAbstractItemModel::layoutChanged, this, &RequestFilterProxy::reload),
        connect(model, &QAbstractItemModel::rowsMoved, this, &RequestFilterProxy::reload),
    };
}

void RequestFilterProxy::disconnectSource()
{
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
}

void RequestFilterProxy::setQuickFilter(QuickFilter filter)
{
    // Rows the sort proxy holds back go into place before the filter changes, under the filter
    // that hid them: a layout change that shows nothing new, and then the filter's own change,
    // row by row where it is small (so that a view hears of a selected row that leaves). Here and
    // in the other setters below.
    m_sorter.placeTransitRows();
    const bool pinnedShown = filter != m_filter.quickFilter() && dropPins();
    engine::RequestFilter::Flips flips = m_filter.setQuickFilter(filter);
    if (pinnedShown)
        flips.changed = std::max<qsizetype>(flips.changed, 1);
    applyFilterChange(flips); // the counts do not depend on the quick filter
}

void RequestFilterProxy::setSubscriptionFilter(const QString &subscriptionId)
{
    m_sorter.placeTransitRows();
    const std::optional<engine::RequestFilter::Flips> flips = m_filter.setSubscription(subscriptionId);
    if (!flips)
        return;
    engine::RequestFilter::Flips applied = *flips;
    if (dropPins())
        applied.changed = std::max<qsizetype>(applied.changed, 1);
    applyFilterChange(applied);
    countsMayHaveChanged();
}

void RequestFilterProxy::setSearchText(const QString &text)
{
    m_sorter.placeTransitRows();
    m_searchText = text;
    const std::optional<engine::RequestFilter::Flips> flips = m_filter.setNeedle(cleanNeedle(text));
    if (!flips)
        return;
    engine::RequestFilter::Flips applied = *flips;
    if (dropPins())
        applied.changed = std::max<qsizetype>(applied.changed, 1);
    applyFilterChange(applied);
    countsMayHaveChanged();
}

void RequestFilterProxy::setPinnedRequests(const QStringList &requestIds)
{
    if (!m_model)
        return;
    QList<QPersistentModelIndex> pinned;
    // A few selected rows are pinned; a selection of thousands (Ctrl+A) is not, so that filtering
    // stays one look-up a row.
    if (requestIds.size() <= kMaxPins) {
        pinned.reserve(requestIds.size());
        for (const QString &id : requestIds) {
            if (const int row = m_model->rowOf(id); row >= 0)
                pinned.append(QPersistentModelIndex(m_model->index(row, 0)));
        }
    }
    // A pin that goes and no longer passes the filters leaves the table, but not at once: the
    // rows under the pointer must not move between the two clicks of a double click.
    for (const QPersistentModelIndex &old : std::as_const(m_pinned)) {
        if (old.isValid() && !m_filter.accepts(old.row()) && !pinned.contains(old))
            m_released.append(old);
    }
    m_pinned = std::move(pinned);
    if (!m_released.isEmpty() && !m_releaseTimer.isActive())
        m_releaseTimer.start(QGuiApplication::styleHints()->mouseDoubleClickInterval() + 100);
}

void RequestFilterProxy::hideReleasedPins()
{
    bool hide = false;
    for (const QPersistentModelIndex &released : std::as_const(m_released)) {
        if (released.isValid() && !m_filter.accepts(released.row()) && !m_pinned.contains(released))
            hide = true;
    }
    m_released.clear();
    if (hide)
        invalidateRowsFilter();
}

QStringList RequestFilterProxy::pinnedRequests() const
{
    QStringList ids;
    for (const QPersistentModelIndex &pin : m_pinned) {
        if (pin.isValid())
            ids.append(pin.data(RequestTableModel::RequestIdRole).toString());
    }
    return ids;
}

bool RequestFilterProxy::dropPins()
{
    bool shownByPin = false;
    for (const QList<QPersistentModelIndex> *pins : {&m_pinned, &m_released}) {
        for (const QPersistentModelIndex &pin : *pins) {
            if (pin.isValid() && !m_filter.accepts(pin.row()))
                shownByPin = true;
        }
    }
    m_pinned.clear();
    m_released.clear();
    m_releaseTimer.stop();
    return shownByPin;
}

bool RequestFilterProxy::isPinned(int modelRow) const
{
    for (const QList<QPersistentModelIndex> *pins : {&m_pinned, &m_released}) {
        for (const QPersistentModelIndex &pin : *pins) {
            if (pin.row() == modelRow)
                return true;
        }
    }
    return false;
}

void RequestFilterProxy::refreshTime()
{
    m_sorter.placeTransitRows();
    applyFilterChange(m_filter.setNowMs(m_clock.now().toMSecsSinceEpoch()));
    countsMayHaveChanged();
}

QDateTime RequestFilterProxy::now() const
{
    return QDateTime::fromMSecsSinceEpoch(m_filter.nowMs(), Qt::UTC);
}

RequestCounts RequestFilterProxy::counts() const
{
    if (!m_counts)
        m_counts = m_model ? m_filter.counts() : RequestCounts();
    return *m_counts;
}

bool RequestFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_model || sourceParent.isValid())
        return m_model == nullptr;
    // Rows waiting at the end of the sort proxy (in transit) are shown once it places them, by its
    // layout change, not before (RequestSortProxy::isInTransit() says when that is).
    if (m_sorter.isInTransit(sourceRow))
        return false;
    const int modelRow = m_sorter.sourceRow(sourceRow);
    return m_filter.accepts(modelRow) || ((!m_pinned.isEmpty() || !m_released.isEmpty()) && isPinned(modelRow));
}

QModelIndex RequestFilterProxy::mapFromRequestModel(const QModelIndex &modelIndex) const
{
    return mapFromSource(m_sorter.mapFromSource(modelIndex));
}

void RequestFilterProxy::sort(int column, Qt::SortOrder order)
{
    m_sorter.sort(column, order);
}

void RequestFilterProxy::applyFilterChange(const engine::RequestFilter::Flips &flips)
{
    if (flips.changed == 0)
        return;
    const double shownBefore = rowCount();
    const double sourceRows = m_model ? double(m_model->rowCount()) : 0.0;
    const auto after = double(flips.shownAfter);
    const double incremental = double(flips.changed) * (shownBefore + kSignalCost);
    const double rebuild = kFilterCost * sourceRows + kCompareCost * after * std::log2(after + 2);
    // Small changes keep their fine-grained signals (views keep more of their state); large ones
    // take whichever way is cheaper.
    if (incremental <= std::max(rebuild, kCheapIncremental))
        invalidateRowsFilter();
    else
        invalidate(); // one layout change
}

void RequestFilterProxy::reload()
{
    m_filter.rebuild();
    countsMayHaveChanged();
}

void RequestFilterProxy::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        m_filter.rebuild();
    else
        m_filter.insertRows(first, last);
    countsMayHaveChanged();
}

void RequestFilterProxy::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        m_filter.rebuild();
    else
        m_filter.removeRows(first, last);
    countsMayHaveChanged();
}

void RequestFilterProxy::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (!RequestTableModel::affectsContent(topLeft.column(), bottomRight.column()))
        return;
    m_filter.updateRows(topLeft.row(), bottomRight.row());
    countsMayHaveChanged();
}

void RequestFilterProxy::countsMayHaveChanged()
{
    m_counts.reset();
    if (m_countsCheckQueued)
        return;
    m_countsCheckQueued = true;
    QMetaObject::invokeMethod(this, &RequestFilterProxy::emitCountsIfChanged, Qt::QueuedConnection);
}

void RequestFilterProxy::emitCountsIfChanged()
{
    m_countsCheckQueued = false;
    const RequestCounts now = counts();
    if (m_emittedCounts && sameCounts(*m_emittedCounts, now))
        return;
    m_emittedCounts = now;
    Q_EMIT countsChanged();
}

} // namespace lockbox::gui
