#include "requestfilterproxy.h"

#include "requestpresentation.h"

#include "core/clock.h"

#include <algorithm>
#include <cmath>

namespace lockbox::gui {

namespace {

// QSortFilterProxyModel applies a filter change or an insertion one proxy interval at a time, and
// each interval costs a pass over its whole mapping: scattered changes over 100,000 rows are
// quadratic. Past these sizes the proxy rebuilds its mapping instead (one layout change, a filter
// pass and a sort), which costs about n + m·log m whatever the change. Costs are in nanoseconds
// per element as measured with lockbox-searchbench.
constexpr int kIncrementalInsertLimit = 64;
constexpr double kSignalCost = 2000;         // one interval's begin/end signals through a proxy and a view
constexpr double kFilterCost = 10;           // filterAcceptsRow for one source row
constexpr double kCompareCost = 18;          // one comparison of the base class's sort
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
    return RequestTableModel::searchLower(out.trimmed());
}

bool sameCounts(const store::RequestCounts &a, const store::RequestCounts &b)
{
    return a.pending == b.pending && a.active == b.active && a.history == b.history && a.all == b.all;
}

} // namespace

RequestFilterProxy::RequestFilterProxy(const Clock &clock, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_clock(clock)
    , m_nowMs(clock.now().toMSecsSinceEpoch())
{
    setSortRole(RequestTableModel::SortRole);
    setDynamicSortFilter(true);
    sort(RequestTableModel::Requested, Qt::DescendingOrder);
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
    m_deferredFirst = m_deferredLast = -1;
    rebuildHits();
    connectSource();
    QSortFilterProxyModel::setSourceModel(m_model);
    if (m_model) {
        // After the base class's own handlers: a deferred insertion is shown once they are done.
        m_connections.append(
            connect(m_model, &QAbstractItemModel::rowsInserted, this, &RequestFilterProxy::onRowsInsertedAfterBase));
    }
    if (sortColumn() < 0)
        sort(RequestTableModel::Requested, Qt::DescendingOrder);
    countsMayHaveChanged();
}

void RequestFilterProxy::connectSource()
{
    if (!m_model)
        return;
    // Connected before QSortFilterProxyModel's own handlers, so the cache is current when the
    // base class filters the rows a signal announces.
    RequestTableModel *model = m_model;
    const auto reload = [this] {
        rebuildHits();
        countsMayHaveChanged();
    };
    m_connections = {
        connect(model, &QAbstractItemModel::rowsInserted, this, &RequestFilterProxy::onRowsInserted),
        connect(model, &QAbstractItemModel::rowsRemoved, this, &RequestFilterProxy::onRowsRemoved),
        connect(model, &QAbstractItemModel::dataChanged, this, &RequestFilterProxy::onDataChanged),
        connect(model, &QAbstractItemModel::modelReset, this, reload),
        connect(model, &QAbstractItemModel::layoutChanged, this, reload),
        connect(model, &QAbstractItemModel::rowsMoved, this, reload),
    };
}

void RequestFilterProxy::disconnectSource()
{
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
}

void RequestFilterProxy::setQuickFilter(store::QuickFilter filter)
{
    if (filter == m_quick)
        return;
    Flips flips;
    const std::size_t n = m_hits.size();
    for (std::size_t row = 0; row < n; ++row) {
        if (!m_hits[row])
            continue;
        const bool before = passesQuick(int(row), m_quick, m_nowMs);
        const bool after = passesQuick(int(row), filter, m_nowMs);
        flips.changed += before != after;
        flips.shownAfter += after;
    }
    m_quick = filter;
    applyFilterChange(flips); // the counts do not depend on the quick filter
}

void RequestFilterProxy::setSubscriptionFilter(const QString &subscriptionId)
{
    const QString id = subscriptionId.trimmed();
    if (id.compare(m_subscription, Qt::CaseInsensitive) == 0 && id.isEmpty() == m_subscription.isEmpty())
        return;
    m_subscription = id;
    m_recent.clear();
    applyFilterChange(retest(Retest::All));
    countsMayHaveChanged();
}

void RequestFilterProxy::setSearchText(const QString &text)
{
    m_searchText = text;
    const QString needle = cleanNeedle(text);
    if (needle == m_needle)
        return;
    // A longer needle can only lose rows, a shorter one only gain them.
    Retest which = Retest::All;
    if (needle.contains(m_needle))
        which = Retest::Hits;
    else if (m_needle.contains(needle))
        which = Retest::Misses;
    rememberHits();
    m_needle = needle;
    Flips flips;
    if (!recallHits(needle, &flips))
        flips = retest(which);
    applyFilterChange(flips);
    countsMayHaveChanged();
}

void RequestFilterProxy::refreshTime()
{
    const qint64 before = m_nowMs;
    m_nowMs = m_clock.now().toMSecsSinceEpoch();
    Flips flips;
    const std::size_t n = m_hits.size();
    for (std::size_t row = 0; row < n; ++row) {
        if (!m_hits[row])
            continue;
        const bool after = passesQuick(int(row), m_quick, m_nowMs);
        flips.changed += passesQuick(int(row), m_quick, before) != after;
        flips.shownAfter += after;
    }
    applyFilterChange(flips);
    countsMayHaveChanged();
}

QDateTime RequestFilterProxy::now() const
{
    return QDateTime::fromMSecsSinceEpoch(m_nowMs, Qt::UTC);
}

store::RequestCounts RequestFilterProxy::counts() const
{
    if (m_counts)
        return *m_counts;
    store::RequestCounts counts;
    if (m_model) {
        const int n = m_model->rowCount();
        for (int row = 0; row < n; ++row) {
            if (std::size_t(row) < m_hits.size() ? !m_hits[std::size_t(row)] : !computeHit(row, wantedSubscription()))
                continue;
            ++counts.all;
            if (m_model->statusKindAt(row) == RequestStatus::Kind::Pending)
                ++counts.pending;
            else if (m_model->isActiveAtMs(row, m_nowMs))
                ++counts.active;
        }
        counts.history = counts.all - counts.pending - counts.active;
    }
    m_counts = counts;
    return counts;
}

bool RequestFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_model || sourceParent.isValid())
        return m_model == nullptr;
    if (sourceRow >= m_deferredFirst && sourceRow <= m_deferredLast)
        return false;
    const bool hit = std::size_t(sourceRow) < m_hits.size() ? m_hits[std::size_t(sourceRow)] != 0
                                                            : computeHit(sourceRow, wantedSubscription());
    return hit && passesQuick(sourceRow, m_quick, m_nowMs);
}

bool RequestFilterProxy::lessThan(const QModelIndex &sourceLeft, const QModelIndex &sourceRight) const
{
    if (!m_model)
        return QSortFilterProxyModel::lessThan(sourceLeft, sourceRight);
    return m_model->lessThan(sourceLeft.row(), sourceRight.row(), sourceLeft.column());
}

bool RequestFilterProxy::passesQuick(int row, store::QuickFilter filter, qint64 nowMs) const
{
    switch (filter) {
    case store::QuickFilter::All:
        return true;
    case store::QuickFilter::Pending:
        return m_model->statusKindAt(row) == RequestStatus::Kind::Pending;
    case store::QuickFilter::Active:
        return m_model->isActiveAtMs(row, nowMs);
    case store::QuickFilter::History:
        return m_model->statusKindAt(row) != RequestStatus::Kind::Pending && !m_model->isActiveAtMs(row, nowMs);
    }
    return true;
}

int RequestFilterProxy::wantedSubscription() const
{
    if (m_subscription.isEmpty() || !m_model)
        return kAnySubscription;
    return m_model->subscriptionIndexOf(m_subscription);
}

bool RequestFilterProxy::computeHit(int row, int subscription) const
{
    if (subscription != kAnySubscription && m_model->subscriptionIndexAt(row) != subscription)
        return false;
    return m_model->matches(row, m_needle);
}

RequestFilterProxy::Flips RequestFilterProxy::retest(Retest which)
{
    Flips flips;
    if (!m_model)
        return flips;
    if (m_hits.size() != std::size_t(m_model->rowCount()))
        which = Retest::All;
    m_hits.resize(std::size_t(m_model->rowCount()));
    const int wanted = wantedSubscription();
    const std::size_t n = m_hits.size();
    for (std::size_t row = 0; row < n; ++row) {
        quint8 &hit = m_hits[row];
        if ((which == Retest::Hits && !hit) || (which == Retest::Misses && hit)) {
            if (hit)
                flips.shownAfter += passesQuick(int(row), m_quick, m_nowMs);
            continue;
        }
        const quint8 now = computeHit(int(row), wanted) ? 1 : 0;
        const bool shown = passesQuick(int(row), m_quick, m_nowMs);
        if (now != hit && shown)
            ++flips.changed;
        if (now && shown)
            ++flips.shownAfter;
        hit = now;
    }
    return flips;
}

void RequestFilterProxy::applyFilterChange(const Flips &flips)
{
    if (flips.changed == 0)
        return;
    const double shownBefore = rowCount();
    const double sourceRows = double(m_hits.size());
    const double after = double(flips.shownAfter);
    const double incremental = double(flips.changed) * (shownBefore + kSignalCost);
    const double rebuild = kFilterCost * sourceRows + kCompareCost * after * std::log2(after + 2);
    // Small changes keep their fine-grained signals (views keep more of their state); large ones
    // take whichever way is cheaper.
    if (incremental <= std::max(rebuild, kCheapIncremental))
        invalidateRowsFilter();
    else
        invalidate(); // one layout change
}

void RequestFilterProxy::rememberHits()
{
    constexpr qsizetype kRemembered = 16; // 100 kB each for 100,000 rows
    for (qsizetype i = 0; i < m_recent.size(); ++i) {
        if (m_recent.at(i).needle == m_needle) {
            m_recent.move(i, 0);
            return;
        }
    }
    m_recent.prepend(RecentHits {m_needle, m_hits});
    if (m_recent.size() > kRemembered)
        m_recent.removeLast();
}

bool RequestFilterProxy::recallHits(const QString &needle, Flips *flips)
{
    for (qsizetype i = 0; i < m_recent.size(); ++i) {
        const RecentHits &recent = m_recent.at(i);
        if (recent.needle != needle || recent.hits.size() != m_hits.size())
            continue;
        *flips = Flips();
        for (std::size_t row = 0; row < m_hits.size(); ++row) {
            const bool shown = (recent.hits[row] || m_hits[row]) && passesQuick(int(row), m_quick, m_nowMs);
            if (shown && recent.hits[row] != m_hits[row])
                ++flips->changed;
            if (shown && recent.hits[row])
                ++flips->shownAfter;
        }
        m_hits = recent.hits;
        return true;
    }
    return false;
}

void RequestFilterProxy::rebuildHits()
{
    m_recent.clear();
    m_hits.clear();
    if (!m_model)
        return;
    const int n = m_model->rowCount();
    const int wanted = wantedSubscription();
    m_hits.resize(std::size_t(n));
    for (int row = 0; row < n; ++row)
        m_hits[std::size_t(row)] = computeHit(row, wanted) ? 1 : 0;
}

void RequestFilterProxy::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    m_recent.clear();
    if (parent.isValid() || std::size_t(first) > m_hits.size()) {
        rebuildHits();
    } else {
        const int wanted = wantedSubscription();
        std::vector<quint8> added(std::size_t(last - first + 1));
        for (int row = first; row <= last; ++row)
            added[std::size_t(row - first)] = computeHit(row, wanted) ? 1 : 0;
        m_hits.insert(m_hits.begin() + first, added.begin(), added.end());
        if (last - first + 1 > kIncrementalInsertLimit) {
            m_deferredFirst = first;
            m_deferredLast = last;
        }
    }
    countsMayHaveChanged();
}

void RequestFilterProxy::onRowsInsertedAfterBase(const QModelIndex &parent, int first, int last)
{
    Q_UNUSED(parent)
    if (m_deferredFirst != first || m_deferredLast != last)
        return;
    m_deferredFirst = m_deferredLast = -1;
    for (int row = first; row <= last; ++row) {
        if (m_hits[std::size_t(row)] && passesQuick(row, m_quick, m_nowMs)) {
            invalidate();
            return;
        }
    }
}

void RequestFilterProxy::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    m_recent.clear();
    if (parent.isValid() || std::size_t(last) >= m_hits.size())
        rebuildHits();
    else
        m_hits.erase(m_hits.begin() + first, m_hits.begin() + last + 1);
    countsMayHaveChanged();
}

void RequestFilterProxy::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (!RequestTableModel::affectsContent(topLeft.column(), bottomRight.column()))
        return;
    m_recent.clear();
    const int wanted = wantedSubscription();
    const int last = qMin(bottomRight.row(), int(m_hits.size()) - 1);
    for (int row = topLeft.row(); row <= last; ++row)
        m_hits[std::size_t(row)] = computeHit(row, wanted) ? 1 : 0;
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
    const store::RequestCounts now = counts();
    if (m_emittedCounts && sameCounts(*m_emittedCounts, now))
        return;
    m_emittedCounts = now;
    Q_EMIT countsChanged();
}

} // namespace lockbox::gui
