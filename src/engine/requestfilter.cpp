#include "requestfilter.h"

#include <QSemaphore>
#include <QThread>
#include <QThreadPool>

namespace lockbox::engine {

namespace {

// Recent needles whose answers are kept: 100 kB each for 100,000 rows.
constexpr qsizetype kRememberedNeedles = 16;
// From this many rows to test, a search tests the second half on a thread of its own while the
// caller tests the first, where a second core is free (lockbox-searchbench: the filter's p95 a
// keystroke over 100,000 rows went from about 12 to 9-11 ms on two cores).
constexpr std::size_t kParallelRows = 16384;

// One thread, kept a while between keystrokes, used by nothing else: a search never waits for
// another's work.
QThreadPool &searchPool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool; // never destroyed, so exit waits for nothing; its thread idles out
        p->setMaxThreadCount(1);
        p->setExpiryTimeout(10000);
        return p;
    }();
    return *pool;
}

} // namespace

RequestFilter::RequestFilter() = default;

RequestFilter::~RequestFilter() = default;

void RequestFilter::setRows(const RequestRows *rows)
{
    m_rows = rows;
    rebuild();
}

RequestFilter::Flips RequestFilter::setQuickFilter(QuickFilter filter)
{
    Flips flips;
    if (filter == m_quick)
        return flips;
    const RequestRows *rows = m_rows.data();
    const std::size_t n = rows ? m_hits.size() : 0;
    for (std::size_t row = 0; row < n; ++row) {
        if (!m_hits[row])
            continue;
        const bool before = passesQuick(*rows, int(row), m_quick, m_nowMs);
        const bool after = passesQuick(*rows, int(row), filter, m_nowMs);
        flips.changed += before != after;
        flips.shownAfter += after;
    }
    m_quick = filter;
    return flips;
}

std::optional<RequestFilter::Flips> RequestFilter::setSubscription(const QString &subscriptionId)
{
    const QString id = subscriptionId.trimmed();
    if (id.compare(m_subscription, Qt::CaseInsensitive) == 0 && id.isEmpty() == m_subscription.isEmpty())
        return std::nullopt;
    m_subscription = id;
    m_recent.clear();
    return retest(Retest::All);
}

std::optional<RequestFilter::Flips> RequestFilter::setNeedle(const QString &needle)
{
    if (needle == m_needle)
        return std::nullopt;
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
    return flips;
}

RequestFilter::Flips RequestFilter::setNowMs(qint64 nowMs)
{
    const qint64 before = m_nowMs;
    m_nowMs = nowMs;
    Flips flips;
    const RequestRows *rows = m_rows.data();
    if (!rows)
        return flips;
    const std::size_t n = m_hits.size();
    for (std::size_t row = 0; row < n; ++row) {
        if (!m_hits[row])
            continue;
        const bool after = passesQuick(*rows, int(row), m_quick, m_nowMs);
        flips.changed += passesQuick(*rows, int(row), m_quick, before) != after;
        flips.shownAfter += after;
    }
    return flips;
}

RequestCounts RequestFilter::counts() const
{
    RequestCounts counts;
    const RequestRows *rows = m_rows.data();
    if (!rows)
        return counts;
    const int n = rows->rowCount();
    for (int row = 0; row < n; ++row) {
        if (!isHit(*rows, row))
            continue;
        ++counts.all;
        if (rows->statusKindAt(row) == RequestStatus::Kind::Pending)
            ++counts.pending;
        else if (rows->isActiveAtMs(row, m_nowMs))
            ++counts.active;
    }
    counts.history = counts.all - counts.pending - counts.active;
    return counts;
}

int RequestFilter::wantedSubscription() const
{
    if (m_subscription.isEmpty() || !m_rows)
        return kAnySubscription;
    return m_rows->subscriptionIndexOf(m_subscription);
}

bool RequestFilter::computeHit(const RequestRows &rows, int row, int subscription) const
{
    if (subscription != kAnySubscription && rows.subscriptionIndexAt(row) != subscription)
        return false;
    return rows.matches(row, m_needle);
}

RequestFilter::Flips RequestFilter::retest(Retest which)
{
    const RequestRows *rows = m_rows.data();
    if (!rows)
        return {};
    if (m_hits.size() != std::size_t(rows->rowCount()))
        which = Retest::All;
    m_hits.resize(std::size_t(rows->rowCount()));
    const int wanted = wantedSubscription();
    const std::size_t n = m_hits.size();
    if (n < kParallelRows || QThread::idealThreadCount() < 2)
        return retestRange(0, n, which, wanted);
    // Everything matches() keeps as it goes is answered first: from here it only reads.
    rows->prepareSearch(m_needle);
    const std::size_t half = n / 2;
    Flips second;
    QSemaphore done;
    searchPool().start([this, half, n, which, wanted, &second, &done] {
        second = retestRange(half, n, which, wanted);
        done.release();
    });
    Flips flips = retestRange(0, half, which, wanted);
    done.acquire();
    flips.changed += second.changed;
    flips.shownAfter += second.shownAfter;
    return flips;
}

RequestFilter::Flips RequestFilter::retestRange(std::size_t first, std::size_t last, Retest which, int wanted)
{
    Flips flips;
    const RequestRows &rows = *m_rows.data();
    for (std::size_t row = first; row < last; ++row) {
        quint8 &hit = m_hits[row];
        if ((which == Retest::Hits && !hit) || (which == Retest::Misses && hit)) {
            if (hit)
                flips.shownAfter += passesQuick(rows, int(row), m_quick, m_nowMs);
            continue;
        }
        const quint8 now = computeHit(rows, int(row), wanted) ? 1 : 0;
        const bool shown = passesQuick(rows, int(row), m_quick, m_nowMs);
        if (now != hit && shown)
            ++flips.changed;
        if (now && shown)
            ++flips.shownAfter;
        hit = now;
    }
    return flips;
}

void RequestFilter::rememberHits()
{
    for (qsizetype i = 0; i < m_recent.size(); ++i) {
        if (m_recent.at(i).needle == m_needle) {
            m_recent.move(i, 0);
            return;
        }
    }
    m_recent.prepend(RecentHits {m_needle, m_hits});
    if (m_recent.size() > kRememberedNeedles)
        m_recent.removeLast();
}

bool RequestFilter::recallHits(const QString &needle, Flips *flips)
{
    const RequestRows *rows = m_rows.data();
    if (!rows)
        return false;
    for (const RecentHits &recent : std::as_const(m_recent)) {
        if (recent.needle != needle || recent.hits.size() != m_hits.size())
            continue;
        *flips = Flips();
        for (std::size_t row = 0; row < m_hits.size(); ++row) {
            const bool shown = (recent.hits[row] || m_hits[row]) && passesQuick(*rows, int(row), m_quick, m_nowMs);
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

void RequestFilter::rebuild()
{
    m_recent.clear();
    m_hits.clear();
    const RequestRows *rows = m_rows.data();
    if (!rows)
        return;
    const int n = rows->rowCount();
    const int wanted = wantedSubscription();
    m_hits.resize(std::size_t(n));
    for (int row = 0; row < n; ++row)
        m_hits[std::size_t(row)] = computeHit(*rows, row, wanted) ? 1 : 0;
}

bool RequestFilter::insertRows(int first, int last)
{
    m_recent.clear();
    const RequestRows *rows = m_rows.data();
    if (!rows || first < 0 || std::size_t(first) > m_hits.size()) {
        rebuild();
        return false;
    }
    const int wanted = wantedSubscription();
    std::vector<quint8> added(std::size_t(last - first + 1));
    for (int row = first; row <= last; ++row)
        added[std::size_t(row - first)] = computeHit(*rows, row, wanted) ? 1 : 0;
    m_hits.insert(m_hits.begin() + first, added.begin(), added.end());
    return true;
}

void RequestFilter::removeRows(int first, int last)
{
    m_recent.clear();
    if (first < 0 || std::size_t(last) >= m_hits.size())
        rebuild();
    else
        m_hits.erase(m_hits.begin() + first, m_hits.begin() + last + 1);
}

void RequestFilter::updateRows(int first, int last)
{
    m_recent.clear();
    const RequestRows *rows = m_rows.data();
    if (!rows)
        return;
    const int wanted = wantedSubscription();
    last = qMin(last, int(m_hits.size()) - 1);
    for (int row = first; row <= last; ++row)
        m_hits[std::size_t(row)] = computeHit(*rows, row, wanted) ? 1 : 0;
}

} // namespace lockbox::engine
