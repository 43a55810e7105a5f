#pragma once

#include "requestrows.h"

#include "core/requestquery.h"

#include <QList>
#include <QPointer>
#include <QString>

#include <optional>
#include <vector>

namespace lockbox::engine {

// Which rows of a RequestRows pass a quick filter (Pending / Active / History / All, defined as
// RequestStore defines them, as of the filter's "now"), a subscription and a search needle, and
// the counts behind the quick filters: what RequestFilterProxy filters by, without Qt Gui.
//
// Search as you type: each row's "passes subscription and search" is kept, so a needle that
// extends the last one re-tests only the rows that matched, and one that shortens it only the rows
// that did not; the answers for the last few needles are kept while the rows and the subscription
// stay as they are, so deleting what was just typed costs no search at all. Whoever owns the
// filter tells it when rows are inserted, removed or changed (insertRows() and the like).
//
// Each change of filter returns how many rows it shows or hides among those the filter shows,
// which is what a proxy needs to choose between fine-grained signals and one relayout.
//
// The filter is used from one thread; a search over many rows tests half of them on a thread of
// its own meanwhile, reading the rows only (RequestRows::prepareSearch()).
class RequestFilter final
{
public:
    struct Flips
    {
        qsizetype changed = 0;    // rows shown or hidden by the change
        qsizetype shownAfter = 0; // rows shown afterwards
    };

    RequestFilter();
    ~RequestFilter();

    // The rows filtered (or none); forgets every answer.
    void setRows(const RequestRows *rows);

    QuickFilter quickFilter() const { return m_quick; }
    Flips setQuickFilter(QuickFilter filter);
    // A subscription id (case-insensitive, spaces around ignored), or empty for all; nothing when
    // it is the one filtered by already.
    std::optional<Flips> setSubscription(const QString &subscriptionId);
    QString subscription() const { return m_subscription; }
    // Lower case as RequestSearchIndex::searchLower() makes it; nothing when unchanged.
    std::optional<Flips> setNeedle(const QString &needleLowerCase);
    QString needle() const { return m_needle; }
    // Moves the filter's "now" (ms since the epoch), which Active and History depend on.
    Flips setNowMs(qint64 nowMs);
    qint64 nowMs() const { return m_nowMs; }

    // Whether the row passes every filter. Defined here: a proxy asks it of every row, often.
    bool accepts(int row) const
    {
        const RequestRows *rows = m_rows.data();
        return rows && isHit(*rows, row) && passesQuick(*rows, row, m_quick, m_nowMs);
    }
    // Counts per quick filter among the rows that pass the subscription and search filters.
    RequestCounts counts() const;

    // What changed in the rows, as it happens: rows first..last were inserted, removed, or
    // changed in content or subscription name. Everything else (a reset, a reordering): rebuild().
    // insertRows() is false when the rows did not fit what the filter knew and it rebuilt instead.
    bool insertRows(int first, int last);
    void removeRows(int first, int last);
    void updateRows(int first, int last);
    void rebuild();

private:
    enum class Retest { All, Hits, Misses };
    struct RecentHits
    {
        QString needle;
        std::vector<quint8> hits;
    };

    // The subscription rows must have: an index of the rows, -1 for one they have never seen,
    // kAnySubscription without a subscription filter.
    static constexpr int kAnySubscription = -2;
    int wantedSubscription() const;
    bool isHit(const RequestRows &rows, int row) const
    {
        return std::size_t(row) < m_hits.size() ? m_hits[std::size_t(row)] != 0
                                                : computeHit(rows, row, wantedSubscription());
    }
    bool computeHit(const RequestRows &rows, int row, int subscription) const;
    static bool passesQuick(const RequestRows &rows, int row, QuickFilter filter, qint64 nowMs)
    {
        switch (filter) {
        case QuickFilter::All:
            return true;
        case QuickFilter::Pending:
            return rows.statusKindAt(row) == RequestStatus::Kind::Pending;
        case QuickFilter::Active:
            return rows.isActiveAtMs(row, nowMs);
        case QuickFilter::History:
            return rows.statusKindAt(row) != RequestStatus::Kind::Pending && !rows.isActiveAtMs(row, nowMs);
        }
        return true;
    }
    Flips retest(Retest which);
    // retest() of rows [first, last): reads the rows, writes only their m_hits.
    Flips retestRange(std::size_t first, std::size_t last, Retest which, int wanted);
    void rememberHits();
    bool recallHits(const QString &needle, Flips *flips);

    QPointer<const RequestRows> m_rows; // read once per pass: each read checks that they live
    QuickFilter m_quick = QuickFilter::All;
    qint64 m_nowMs = 0;
    QString m_subscription;
    QString m_needle;
    std::vector<quint8> m_hits; // per row: passes the subscription and search filters
    QList<RecentHits> m_recent; // most recent first
};

} // namespace lockbox::engine
