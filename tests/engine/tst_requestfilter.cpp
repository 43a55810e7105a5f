// engine::RequestFilter without Qt Gui: quick filters and counts as RequestStore defines them,
// the subscription filter, search as you type narrowing and widening against a plain scan (with
// the flips a proxy is told of), remembered searches that forget rows changed since, rows
// inserted and removed, the filter's "now", and rows that go away.

#include "engine/requestfilter.h"
#include "engine/requestrows.h"
#include "engine/requestsearchindex.h"
#include "support/manualclock.h"
#include "support/requestbuilder.h"

#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ChangeSet;
using lockbox::QuickFilter;
using lockbox::RequestChange;
using lockbox::RequestCounts;
using lockbox::RequestStatus;
using lockbox::engine::RequestFilter;
using lockbox::engine::RequestRows;
using lockbox::engine::RequestSearchIndex;
using lockbox::test::changeOf;
using lockbox::test::makeRequest;
using lockbox::test::makeRequests;
using lockbox::test::ManualClock;
using Kind = lockbox::RequestStatus::Kind;

namespace {

const QString kSubA = u"00000000-0000-0000-0000-00000000000a"_s;
const QString kSubB = u"00000000-0000-0000-0000-00000000000b"_s;
const QDateTime kNow(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);

// Pending, Approved inside and past their windows, and final statuses, in two subscriptions.
QList<AccessRequest> mixedRequests(int count = 60)
{
    QList<AccessRequest> out;
    for (int i = 0; i < count; ++i) {
        const Kind kind =
            i % 4 == 0 ? Kind::Pending : (i % 4 == 1 ? Kind::Approved : (i % 4 == 2 ? Kind::Denied : Kind::Expired));
        AccessRequest r = makeRequest(i % 3 ? kSubA : kSubB, i, kind, kNow.addSecs(-1800LL * (i % 24)));
        r.duration = QString::number(1 + i % 8);
        if (i % 5 == 0)
            r.justification = u"Restart the AKS node pool aks-payments-api-%1"_s.arg(i);
        out.append(r);
    }
    return out;
}

} // namespace

class TestRequestFilter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void withoutRowsNothingPasses();
    void quickFiltersAndCounts();
    void subscriptionFilter();
    void searchAsYouTypeAgreesWithAPlainScan_data();
    void searchAsYouTypeAgreesWithAPlainScan();
    void rememberedSearchesForgetChangedRows();
    void insertedAndRemovedRows();
    void nowMovesActiveToHistory();
    void rowsThatGoAway();

private:
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<RequestRows> m_rows;
    std::unique_ptr<RequestFilter> m_filter;

    // Flips and passes against a plain scan of every row, given what passed before.
    QString check(const QList<bool> &before, const std::optional<RequestFilter::Flips> &flips) const
    {
        qsizetype changed = 0;
        qsizetype shown = 0;
        const QString needle = m_filter->needle();
        const int wanted = m_rows->subscriptionIndexOf(m_filter->subscription());
        for (int row = 0; row < m_rows->rowCount(); ++row) {
            const AccessRequest r = *m_rows->requestAt(row);
            bool pass = m_rows->matches(row, needle)
                && (m_filter->subscription().isEmpty() || m_rows->subscriptionIndexAt(row) == wanted);
            const QDateTime now = QDateTime::fromMSecsSinceEpoch(m_filter->nowMs(), Qt::UTC);
            switch (m_filter->quickFilter()) {
            case QuickFilter::All:
                break;
            case QuickFilter::Pending:
                pass = pass && r.status.kind() == Kind::Pending;
                break;
            case QuickFilter::Active:
                pass = pass && r.isActiveAt(now);
                break;
            case QuickFilter::History:
                pass = pass && r.status.kind() != Kind::Pending && !r.isActiveAt(now);
                break;
            }
            if (m_filter->accepts(row) != pass)
                return u"row %1: accepts %2"_s.arg(row).arg(m_filter->accepts(row));
            changed += row < before.size() && before[row] != pass;
            shown += pass;
        }
        if (flips && (flips->changed != changed || flips->shownAfter != shown))
            return u"flips %1/%2, a scan finds %3/%4"_s.arg(flips->changed)
                .arg(flips->shownAfter)
                .arg(changed)
                .arg(shown);
        return QString();
    }
    QList<bool> passing() const
    {
        QList<bool> out;
        for (int row = 0; row < m_rows->rowCount(); ++row)
            out.append(m_filter->accepts(row));
        return out;
    }
};

void TestRequestFilter::init()
{
    m_clock = std::make_unique<ManualClock>(kNow);
    m_rows = std::make_unique<RequestRows>(*m_clock);
    m_filter = std::make_unique<RequestFilter>();
    m_filter->setNowMs(kNow.toMSecsSinceEpoch());
}

void TestRequestFilter::cleanup()
{
    m_filter.reset();
    m_rows.reset();
    m_clock.reset();
}

void TestRequestFilter::withoutRowsNothingPasses()
{
    QVERIFY(!m_filter->accepts(0));
    QCOMPARE(m_filter->counts().all, 0);
    QCOMPARE(m_filter->setNeedle(u"x"_s)->changed, 0);
    QVERIFY(!m_filter->setNeedle(u"x"_s)); // unchanged
    QCOMPARE(m_filter->setSubscription(kSubA)->changed, 0);
    QCOMPARE(m_filter->setQuickFilter(QuickFilter::Pending).changed, 0);
    QCOMPARE(m_filter->setNowMs(0).changed, 0);
}

void TestRequestFilter::quickFiltersAndCounts()
{
    m_rows->setRequests(mixedRequests());
    m_filter->setRows(m_rows.get());
    QVERIFY2(check({}, std::nullopt).isEmpty(), qPrintable(check({}, std::nullopt)));

    RequestCounts expected;
    for (int row = 0; row < m_rows->rowCount(); ++row) {
        const AccessRequest r = *m_rows->requestAt(row);
        ++expected.all;
        if (r.status.kind() == Kind::Pending)
            ++expected.pending;
        else if (r.isActiveAt(kNow))
            ++expected.active;
        else
            ++expected.history;
    }
    QVERIFY(expected.pending > 0 && expected.active > 0 && expected.history > 0);
    for (const QuickFilter filter :
         {QuickFilter::Pending, QuickFilter::Active, QuickFilter::History, QuickFilter::All, QuickFilter::Active}) {
        const QList<bool> before = passing();
        const RequestFilter::Flips flips = m_filter->setQuickFilter(filter);
        QCOMPARE(m_filter->quickFilter(), filter);
        const QString problem = check(before, flips);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // The counts do not depend on the quick filter.
        const RequestCounts counts = m_filter->counts();
        QCOMPARE(counts.all, expected.all);
        QCOMPARE(counts.pending, expected.pending);
        QCOMPARE(counts.active, expected.active);
        QCOMPARE(counts.history, expected.history);
    }
    QCOMPARE(m_filter->setQuickFilter(QuickFilter::Active).changed, 0); // the same again
}

void TestRequestFilter::subscriptionFilter()
{
    m_rows->setRequests(makeRequests(kSubA, 6) + makeRequests(kSubB, 4));
    m_filter->setRows(m_rows.get());
    QList<bool> before = passing();
    std::optional<RequestFilter::Flips> flips = m_filter->setSubscription(u"  %1 "_s.arg(kSubB));
    QVERIFY(flips);
    QCOMPARE(m_filter->subscription(), kSubB);
    QCOMPARE(flips->changed, 6);
    QCOMPARE(flips->shownAfter, 4);
    QCOMPARE(m_filter->counts().all, 4);
    QVERIFY(!m_filter->setSubscription(kSubB.toUpper())); // the same, case aside

    before = passing();
    flips = m_filter->setSubscription(u"00000000-0000-0000-0000-00000000000c"_s);
    QVERIFY(check(before, flips).isEmpty());
    QCOMPARE(m_filter->counts().all, 0);
    before = passing();
    flips = m_filter->setSubscription(QString());
    QVERIFY(check(before, flips).isEmpty());
    QCOMPARE(flips->shownAfter, 10);
}

void TestRequestFilter::searchAsYouTypeAgreesWithAPlainScan_data()
{
    QTest::addColumn<int>("count");
    QTest::newRow("60 rows") << 60;
    // Enough rows that a search tests half of them on a second thread.
    QTest::newRow("30,000 rows") << 30000;
}

void TestRequestFilter::searchAsYouTypeAgreesWithAPlainScan()
{
    QFETCH(int, count);
    m_rows->setRequests(mixedRequests(count));
    m_rows->setSubscriptionNames({{kSubB, u"Payments Production"_s}});
    m_filter->setRows(m_rows.get());
    m_filter->setQuickFilter(QuickFilter::History);

    // Typing, deleting, typing something else, with each answer from a narrowed or widened
    // search or a remembered one.
    const QStringList typed = {
        u"a"_s,   u"ak"_s,   u"aks"_s,   u"aks-"_s, u"aks-p"_s, u"aks-pa"_s, u"aks-"_s,
        u"aks"_s, u"a"_s,    QString(),  u"p"_s,    u"pa"_s,    u"pay"_s,    u"payments production"_s,
        u"pay"_s, u"vm-1"_s, u"vm-12"_s, u"vm-1"_s, u"xyz"_s,   QString()};
    for (const QString &text : typed) {
        const QList<bool> before = passing();
        const std::optional<RequestFilter::Flips> flips = m_filter->setNeedle(RequestSearchIndex::searchLower(text));
        QVERIFY(flips);
        const QString problem = check(before, flips);
        QVERIFY2(problem.isEmpty(), qPrintable(u"\"%1\": %2"_s.arg(text, problem)));
    }
    QVERIFY(!m_filter->setNeedle(QString()));
}

void TestRequestFilter::rememberedSearchesForgetChangedRows()
{
    QList<AccessRequest> list = makeRequests(kSubA, 20);
    m_rows->setRequests(list);
    m_filter->setRows(m_rows.get());
    m_filter->setNeedle(u"coredns"_s);
    QCOMPARE(m_filter->counts().all, 0);
    m_filter->setNeedle(QString());

    // A row changes: the remembered answer for "coredns" must not come back.
    AccessRequest changed = list[4];
    changed.justification = u"Restart CoreDNS"_s;
    ChangeSet changes;
    changes.changed = {changeOf(changed, changed.status)};
    m_rows->applyChanges(changes, {changed});
    m_filter->updateRows(m_rows->rowOf(changed.requestId), m_rows->rowOf(changed.requestId));
    std::optional<RequestFilter::Flips> flips = m_filter->setNeedle(u"coredns"_s);
    QCOMPARE(m_filter->counts().all, 1);
    QCOMPARE(flips->shownAfter, 1);
    QVERIFY(m_filter->accepts(4));
}

void TestRequestFilter::insertedAndRemovedRows()
{
    const QList<AccessRequest> list = makeRequests(kSubA, 10);
    m_rows->setRequests(list);
    m_filter->setRows(m_rows.get());
    m_filter->setNeedle(u"vm-1"_s); // vm-1 and, below, vm-10…
    QCOMPARE(m_filter->counts().all, 1);

    // Told in the order a model signals them.
    QObject context;
    connect(m_rows.get(), &RequestRows::rowsInserted, &context,
            [this](int first, int last) { QVERIFY(m_filter->insertRows(first, last)); });
    connect(m_rows.get(), &RequestRows::rowsRemoved, &context,
            [this](int first, int last) { m_filter->removeRows(first, last); });
    connect(m_rows.get(), &RequestRows::rowsReordered, &context, [this] { m_filter->rebuild(); });

    ChangeSet changes;
    QList<AccessRequest> rows;
    for (int i = 10; i < 14; ++i) {
        rows.append(makeRequest(kSubA, i));
        changes.added.append(changeOf(rows.last()));
    }
    changes.removed = {changeOf(list[1]), changeOf(list[5])};
    m_rows->applyChanges(changes, rows);
    QVERIFY2(check({}, std::nullopt).isEmpty(), qPrintable(check({}, std::nullopt)));
    QCOMPARE(m_filter->counts().all, 4); // vm-10 … vm-13

    // Rows the filter was not told of are judged as they are asked about.
    const AccessRequest late = makeRequest(kSubA, 19);
    QObject::disconnect(m_rows.get(), &RequestRows::rowsInserted, &context, nullptr);
    ChangeSet add;
    add.added = {changeOf(late)};
    m_rows->applyChanges(add, {late});
    QVERIFY(m_filter->accepts(m_rows->rowOf(late.requestId)));
    QCOMPARE(m_filter->counts().all, 5);
    // Insertions that do not fit what the filter knows rebuild it.
    QVERIFY(!m_filter->insertRows(m_rows->rowCount() + 3, m_rows->rowCount() + 4));
    QVERIFY2(check({}, std::nullopt).isEmpty(), qPrintable(check({}, std::nullopt)));
}

void TestRequestFilter::nowMovesActiveToHistory()
{
    AccessRequest approved = makeRequest(kSubA, 0, Kind::Approved, kNow.addSecs(-3600));
    approved.duration = u"2"_s;
    m_rows->setRequests({approved, makeRequest(kSubA, 1, Kind::Pending, kNow)});
    m_filter->setRows(m_rows.get());
    m_filter->setQuickFilter(QuickFilter::Active);
    QVERIFY(m_filter->accepts(0));
    QCOMPARE(m_filter->counts().active, 1);

    const QList<bool> before = passing();
    const RequestFilter::Flips flips = m_filter->setNowMs(kNow.addSecs(3600).toMSecsSinceEpoch());
    QCOMPARE(flips.changed, 1);
    QCOMPARE(flips.shownAfter, 0);
    QVERIFY(check(before, flips).isEmpty());
    QCOMPARE(m_filter->counts().active, 0);
    QCOMPARE(m_filter->counts().history, 1);
    QCOMPARE(m_filter->counts().pending, 1);
}

void TestRequestFilter::rowsThatGoAway()
{
    m_rows->setRequests(makeRequests(kSubA, 5));
    m_filter->setRows(m_rows.get());
    QVERIFY(m_filter->accepts(0));
    m_rows.reset();
    QVERIFY(!m_filter->accepts(0));
    QCOMPARE(m_filter->counts().all, 0);
    QCOMPARE(m_filter->setNeedle(u"vm"_s)->changed, 0);
    QCOMPARE(m_filter->setQuickFilter(QuickFilter::Pending).changed, 0);
}

QTEST_GUILESS_MAIN(TestRequestFilter)
#include "tst_requestfilter.moc"
