// RequestFilterProxy: the quick filters and counts against RequestStore's own definitions (same
// requests in a real database), the subscription filter, search as you type (narrowing and
// widening against a plain scan), source changes flowing through, sorting, and Active turning
// into History as the clock moves.

#include "gui/requestfilterproxy.h"
#include "gui/requesttablemodel.h"
#include "store/database.h"
#include "store/requeststore.h"
#include "store/storetesthelpers.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ChangeSet;
using lockbox::QuickFilter;
using lockbox::RequestChange;
using lockbox::RequestCounts;
using lockbox::RequestQuery;
using lockbox::RequestStatus;
using lockbox::gui::RequestFilterProxy;
using lockbox::gui::RequestTableModel;
using lockbox::store::Database;
using lockbox::store::RequestStore;
using lockbox::test::createdAt;
using lockbox::test::makeRequest;
using lockbox::test::makeRequests;
using lockbox::test::ManualClock;
using Kind = lockbox::RequestStatus::Kind;

namespace {

const QString kSubA = u"00000000-0000-0000-0000-00000000000a"_s;
const QString kSubB = u"00000000-0000-0000-0000-00000000000b"_s;
const QDateTime kNow(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);

// Every status, access windows open, closing and closed, durations in hours and in words,
// missing dates: the cases where the quick filters could disagree with the store.
QList<AccessRequest> mixedRequests(const QString &subscriptionId, int base)
{
    QList<AccessRequest> out;
    int n = base;
    for (int k = 0; k < RequestStatus::knownCount; ++k)
        out.append(createdAt(subscriptionId, n++, Kind(k), kNow.addSecs(-600LL * k)));
    for (const QString &duration : {u"8"_s, u"4"_s, u"1"_s, u"Support request lifetime"_s, QString()}) {
        for (int hoursAgo : {0, 2, 5, 7, 9, 30}) {
            AccessRequest r = createdAt(subscriptionId, n++, Kind::Approved, kNow.addSecs(-3600LL * hoursAgo - 60));
            r.duration = duration;
            out.append(r);
        }
    }
    AccessRequest undated = createdAt(subscriptionId, n++, Kind::Approved, kNow);
    undated.createdDateTime = QDateTime();
    out.append(undated);
    AccessRequest noExpiry = createdAt(subscriptionId, n++, Kind::Pending, kNow.addDays(-1));
    noExpiry.expirationDateTime = QDateTime();
    out.append(noExpiry);
    out.append(createdAt(subscriptionId, n++, Kind::Pending, kNow.addDays(-6))); // overdue, still Pending
    AccessRequest other = createdAt(subscriptionId, n++, Kind::Pending, kNow.addSecs(-60));
    other.status = RequestStatus::fromString(u"Frobnicating"_s);
    out.append(other);
    return out;
}

QStringList sortedIds(const QList<AccessRequest> &requests)
{
    QStringList ids;
    for (const AccessRequest &r : requests)
        ids.append(r.requestId);
    std::sort(ids.begin(), ids.end());
    return ids;
}

bool sameCounts(const RequestCounts &a, const RequestCounts &b)
{
    return a.pending == b.pending && a.active == b.active && a.history == b.history && a.all == b.all;
}

QByteArray describe(const RequestCounts &c)
{
    return u"pending %1, active %2, history %3, all %4"_s.arg(c.pending)
        .arg(c.active)
        .arg(c.history)
        .arg(c.all)
        .toUtf8();
}

} // namespace

class TestRequestFilterProxy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void defaults();
    void quickFiltersMatchTheStore();
    void subscriptionFilter();
    void searchIsCaseInsensitive();
    void searchAsYouTypeAgreesWithAPlainScan();
    void rememberedSearchesForgetChangedRows();
    void largeChangesAgreeWithAPlainScan();
    void countsFollowSubscriptionAndSearch();
    void refreshTimeMovesActiveToHistory();
    void sourceChangesFlowThrough();
    void subscriptionNamesAreSearched();
    void sortsByTheSortRole();
    void blankTimeLeftSortsLastBothWays();
    void scatteredInsertionsReachTheViewOnce();

private:
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<RequestTableModel> m_model;
    std::unique_ptr<RequestFilterProxy> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;

    // Whether the proxy shows its rows newest first (the default sort).
    bool newestFirst() const
    {
        for (int row = 1; row < m_proxy->rowCount(); ++row) {
            const qlonglong newer =
                m_proxy->index(row - 1, RequestTableModel::Requested).data(RequestTableModel::SortRole).toLongLong();
            const qlonglong older =
                m_proxy->index(row, RequestTableModel::Requested).data(RequestTableModel::SortRole).toLongLong();
            if (newer < older)
                return false;
        }
        return true;
    }
    QStringList shownIds() const
    {
        QStringList ids;
        for (int row = 0; row < m_proxy->rowCount(); ++row)
            ids.append(m_proxy->data(m_proxy->index(row, 0), RequestTableModel::RequestIdRole).toString());
        std::sort(ids.begin(), ids.end());
        return ids;
    }
    // What the proxy should show for the current search text, subscription and quick filter,
    // by a plain scan of the model.
    QStringList expectedIds(const QString &needle) const
    {
        QStringList ids;
        const qint64 nowMs = m_proxy->now().toMSecsSinceEpoch();
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const std::optional<AccessRequest> r = m_model->requestAt(row);
            if (!m_proxy->subscriptionFilter().isEmpty()
                && r->subscriptionId.compare(m_proxy->subscriptionFilter(), Qt::CaseInsensitive) != 0)
                continue;
            if (!m_model->rows().matches(row, needle.trimmed().toLower()))
                continue;
            const bool pending = r->status.kind() == Kind::Pending;
            const bool active = m_model->rows().isActiveAtMs(row, nowMs);
            switch (m_proxy->quickFilter()) {
            case QuickFilter::All:
                break;
            case QuickFilter::Pending:
                if (!pending)
                    continue;
                break;
            case QuickFilter::Active:
                if (!active)
                    continue;
                break;
            case QuickFilter::History:
                if (pending || active)
                    continue;
                break;
            }
            ids.append(r->requestId);
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    }
};

void TestRequestFilterProxy::init()
{
    m_clock = std::make_unique<ManualClock>(kNow);
    m_model = std::make_unique<RequestTableModel>(*m_clock);
    m_proxy = std::make_unique<RequestFilterProxy>(*m_clock);
    m_proxy->setSourceModel(m_model.get());
    m_modelTester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestRequestFilterProxy::cleanup()
{
    m_proxyTester.reset();
    m_modelTester.reset();
    m_proxy.reset();
    m_model.reset();
    m_clock.reset();
}

void TestRequestFilterProxy::defaults()
{
    QCOMPARE(m_proxy->requestModel(), m_model.get());
    QVERIFY(m_proxy->dynamicSortFilter());
    QCOMPARE(m_proxy->sortColumn(), int(RequestTableModel::Requested));
    QCOMPARE(m_proxy->sortOrder(), Qt::DescendingOrder);
    QCOMPARE(m_proxy->quickFilter(), QuickFilter::All);

    // Newest first, whatever order the rows came in.
    QList<AccessRequest> list = makeRequests(kSubA, 10);
    std::reverse(list.begin(), list.end());
    m_model->setRequests(list);
    QCOMPARE(m_proxy->rowCount(), 10);
    const auto createdAtRow = [this](int row) {
        const QString id = m_proxy->data(m_proxy->index(row, 0), RequestTableModel::RequestIdRole).toString();
        return m_model->request(id).value_or(AccessRequest()).createdDateTime;
    };
    for (int row = 1; row < m_proxy->rowCount(); ++row)
        QVERIFY(createdAtRow(row - 1) > createdAtRow(row));
}

void TestRequestFilterProxy::quickFiltersMatchTheStore()
{
    const QList<AccessRequest> a = mixedRequests(kSubA, 0);
    const QList<AccessRequest> b = mixedRequests(kSubB, 1000);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Database db;
    QString error;
    QVERIFY2(db.open(dir.path(), &error), qPrintable(error));
    RequestStore store(db, *m_clock);
    QVERIFY2(store.mergeFull(kSubA, a, &error), qPrintable(error));
    QVERIFY2(store.mergeFull(kSubB, b, &error), qPrintable(error));

    m_model->setRequests(a + b);
    QCOMPARE(m_model->rowCount(), int(a.size() + b.size()));

    const RequestCounts expected = store.counts(kNow);
    QVERIFY2(sameCounts(m_proxy->counts(), expected),
             (describe(m_proxy->counts()) + " vs the store's " + describe(expected)).constData());
    QVERIFY(expected.pending > 0 && expected.active > 0 && expected.history > 0); // the data is mixed
    QCOMPARE(m_model->rows().pendingCount(), expected.pending);

    for (const QuickFilter filter :
         {QuickFilter::Pending, QuickFilter::Active, QuickFilter::History, QuickFilter::All}) {
        m_proxy->setQuickFilter(filter);
        RequestQuery query;
        query.quick = filter;
        query.now = kNow;
        QCOMPARE(shownIds(), sortedIds(store.requests(query)));
    }

    // The same within one subscription.
    m_proxy->setSubscriptionFilter(kSubB);
    const RequestCounts withinB = store.counts(kNow, {kSubB});
    QVERIFY2(sameCounts(m_proxy->counts(), withinB),
             (describe(m_proxy->counts()) + " vs " + describe(withinB)).constData());
    for (const QuickFilter filter :
         {QuickFilter::Pending, QuickFilter::Active, QuickFilter::History, QuickFilter::All}) {
        m_proxy->setQuickFilter(filter);
        RequestQuery query;
        query.quick = filter;
        query.now = kNow;
        query.subscriptionIds = {kSubB};
        QCOMPARE(shownIds(), sortedIds(store.requests(query)));
    }

    // And later, when access windows have closed.
    m_clock->advanceSecs(5 * 3600);
    m_proxy->refreshTime();
    m_proxy->setSubscriptionFilter(QString());
    const RequestCounts later = store.counts(m_clock->now());
    QVERIFY2(sameCounts(m_proxy->counts(), later),
             (describe(m_proxy->counts()) + " vs " + describe(later)).constData());
    QVERIFY(later.active < expected.active);
    for (const QuickFilter filter : {QuickFilter::Pending, QuickFilter::Active, QuickFilter::History}) {
        m_proxy->setQuickFilter(filter);
        RequestQuery query;
        query.quick = filter;
        query.now = m_clock->now();
        QCOMPARE(shownIds(), sortedIds(store.requests(query)));
    }
}

void TestRequestFilterProxy::subscriptionFilter()
{
    m_model->setRequests(makeRequests(kSubA, 6) + makeRequests(kSubB, 4));
    m_proxy->setSubscriptionFilter(kSubB);
    QCOMPARE(m_proxy->rowCount(), 4);
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        QCOMPARE(m_proxy->data(m_proxy->index(row, 0), RequestTableModel::SubscriptionIdRole).toString(), kSubB);
    m_proxy->setSubscriptionFilter(kSubA.toUpper());
    QCOMPARE(m_proxy->rowCount(), 6);
    m_proxy->setSubscriptionFilter(u"00000000-0000-0000-0000-00000000000c"_s);
    QCOMPARE(m_proxy->rowCount(), 0);
    QCOMPARE(m_proxy->counts().all, 0);
    m_proxy->setSubscriptionFilter(QString());
    QCOMPARE(m_proxy->rowCount(), 10);
}

void TestRequestFilterProxy::searchIsCaseInsensitive()
{
    QList<AccessRequest> list = makeRequests(kSubA, 30);
    list[7].justification = u"Engineering needs to restart the CoreDNS pods"_s;
    m_model->setRequests(list);

    m_proxy->setSearchText(u"COREDNS"_s);
    QCOMPARE(shownIds(), QStringList {list[7].requestId});
    m_proxy->setSearchText(u"  CoreDns Pods \t"_s); // surrounding blanks ignored
    QCOMPARE(shownIds(), QStringList {list[7].requestId});
    QCOMPARE(m_proxy->searchText(), u"  CoreDns Pods \t"_s);
    m_proxy->setSearchText(u"VM-2"_s); // vm-2, vm-20 … vm-29
    QCOMPARE(m_proxy->rowCount(), 11);
    m_proxy->setSearchText(list[12].requestId.toUpper());
    QCOMPARE(shownIds(), QStringList {list[12].requestId});
    m_proxy->setSearchText(u"no such thing"_s);
    QCOMPARE(m_proxy->rowCount(), 0);
    m_proxy->setSearchText(QString());
    QCOMPARE(m_proxy->rowCount(), 30);
}

void TestRequestFilterProxy::searchAsYouTypeAgreesWithAPlainScan()
{
    QList<AccessRequest> list = makeRequests(kSubA, 120) + makeRequests(kSubB, 80, 500);
    for (int i = 0; i < list.size(); i += 7)
        list[i].justification = u"Restart the AKS node pool aks-payments-api-%1"_s.arg(i);
    for (int i = 3; i < list.size(); i += 11)
        list[i].status = RequestStatus(Kind::Approved);
    m_model->setRequests(list);
    m_model->setSubscriptionNames({{kSubB, u"Payments Production"_s}});

    // Typing, deleting, replacing a letter (neither longer nor shorter), under every filter.
    const QStringList keys = {u"a"_s,       u"ak"_s,       u"aks"_s,   u"aks-"_s,  u"aks-p"_s, u"aks-pa"_s,
                              u"aks-pay"_s, u"aks-pa"_s,   u"aks-p"_s, u"aks-"_s,  u"aks-2"_s, u"aks-3"_s,
                              u"aks"_s,     u"a"_s,        QString(),  u"pay"_s,   u"paym"_s,  u"paymx"_s,
                              u"paym"_s,    u"payments"_s, u"vm-1"_s,  u"vm-11"_s, u"vm-1"_s,  QString()};
    for (const QString &subscription : {QString(), kSubB}) {
        m_proxy->setSubscriptionFilter(subscription);
        for (const QuickFilter filter : {QuickFilter::All, QuickFilter::Pending, QuickFilter::Active}) {
            m_proxy->setQuickFilter(filter);
            for (const QString &key : keys) {
                m_proxy->setSearchText(key);
                const QStringList expected = expectedIds(key);
                if (shownIds() != expected)
                    QFAIL(qPrintable(u"\"%1\" (subscription \"%2\", filter %3): %4 rows shown, %5 expected"_s.arg(
                        key, subscription, QString::number(int(filter)), QString::number(m_proxy->rowCount()),
                        QString::number(expected.size()))));
            }
        }
    }
}

void TestRequestFilterProxy::rememberedSearchesForgetChangedRows()
{
    QList<AccessRequest> list = makeRequests(kSubA, 40);
    list[3].justification = u"restart aks-payments-api"_s;
    m_model->setRequests(list);
    for (const QString &key : {u"aks-pa"_s, u"aks-pay"_s, u"aks-pa"_s})
        m_proxy->setSearchText(key);
    QCOMPARE(shownIds(), QStringList {list[3].requestId});

    // A row changes while "aks-pay" is remembered: typing it again must see the change.
    AccessRequest changed = list[9];
    changed.justification = u"also aks-payments"_s;
    ChangeSet changes;
    changes.changed = {RequestChange {changed.requestId, kSubA, changed.status, changed.status}};
    m_model->applyChanges(changes, {changed});
    QCOMPARE(shownIds(), expectedIds(u"aks-pa"_s));
    m_proxy->setSearchText(u"aks-pay"_s);
    QCOMPARE(shownIds(), expectedIds(u"aks-pay"_s));
    QCOMPARE(m_proxy->rowCount(), 2);

    // And a new subscription filter forgets them too.
    m_proxy->setSearchText(u"aks-pa"_s);
    m_proxy->setSubscriptionFilter(kSubB);
    m_proxy->setSearchText(u"aks-pay"_s);
    QCOMPARE(m_proxy->rowCount(), 0);
}

void TestRequestFilterProxy::largeChangesAgreeWithAPlainScan()
{
    // Enough rows that broad changes take the rebuilding path and large insertions are deferred.
    QList<AccessRequest> list;
    for (int i = 0; i < 3000; ++i) {
        AccessRequest r = createdAt(i % 3 ? kSubA : kSubB, i, i % 4 ? Kind::Pending : Kind::Denied,
                                    kNow.addSecs(-37LL * ((i * 7919) % 3000)));
        r.justification = u"case %1 on node %2"_s.arg(i).arg(i % 17);
        list.append(r);
    }
    m_model->setRequests(list.mid(0, 1000));
    QSignalSpy layouts(m_proxy.get(), &QAbstractItemModel::layoutChanged);
    m_proxy->setQuickFilter(QuickFilter::Pending);
    for (const QString &key : {u"node 1"_s, u"node"_s, u"node 1"_s, u"node 16"_s, QString()}) {
        m_proxy->setSearchText(key);
        QCOMPARE(shownIds(), expectedIds(key));
    }
    QVERIFY(layouts.size() > 0); // at least one change was large enough to rebuild

    // 2,000 rows in one insertion, under a search: deferred, then shown in sorted order.
    m_proxy->setSearchText(u"node 1"_s);
    m_model->appendRequests(list.mid(1000));
    QCOMPARE(m_model->rowCount(), 3000);
    QCOMPARE(shownIds(), expectedIds(u"node 1"_s));
    for (int row = 1; row < m_proxy->rowCount(); ++row) {
        const qlonglong a =
            m_proxy->data(m_proxy->index(row - 1, RequestTableModel::Requested), RequestTableModel::SortRole)
                .toLongLong();
        const qlonglong b =
            m_proxy->data(m_proxy->index(row, RequestTableModel::Requested), RequestTableModel::SortRole).toLongLong();
        QVERIFY(a >= b);
    }
    const auto matching = [](const QList<AccessRequest> &requests) {
        return int(std::count_if(requests.cbegin(), requests.cend(),
                                 [](const AccessRequest &r) { return r.justification.contains(u"node 1"_s); }));
    };
    QCOMPARE(m_proxy->counts().all, matching(list));

    // Hundreds of scattered removals (the model moves them away in one layout change).
    ChangeSet changes;
    QList<AccessRequest> left;
    for (int i = 0; i < list.size(); ++i) {
        if (i % 7 == 3)
            changes.removed.append(RequestChange {list[i].requestId, list[i].subscriptionId, list[i].status, {}});
        else
            left.append(list[i]);
    }
    m_model->applyChanges(changes, {});
    QCOMPARE(m_model->rowCount(), int(left.size()));
    QCOMPARE(shownIds(), expectedIds(u"node 1"_s));
    QCOMPARE(m_proxy->counts().all, matching(left));
    m_proxy->setSearchText(QString());
    QCOMPARE(shownIds(), expectedIds(QString()));
}

void TestRequestFilterProxy::countsFollowSubscriptionAndSearch()
{
    QList<AccessRequest> list = mixedRequests(kSubA, 0) + mixedRequests(kSubB, 1000);
    for (int i = 0; i < list.size(); i += 3)
        list[i].justification = u"needle in the justification %1"_s.arg(i);
    m_model->setRequests(list);
    QSignalSpy countsChanged(m_proxy.get(), &RequestFilterProxy::countsChanged);

    const auto brute = [&](const QString &subscription, const QString &needle) {
        RequestCounts c;
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const std::optional<AccessRequest> r = m_model->requestAt(row);
            if (!subscription.isEmpty() && r->subscriptionId != subscription)
                continue;
            if (!m_model->rows().matches(row, needle))
                continue;
            ++c.all;
            if (r->status.kind() == Kind::Pending)
                ++c.pending;
            else if (r->isActiveAt(kNow))
                ++c.active;
        }
        c.history = c.all - c.pending - c.active;
        return c;
    };

    m_proxy->setSearchText(u"Needle"_s);
    QVERIFY(sameCounts(m_proxy->counts(), brute(QString(), u"needle"_s)));
    QVERIFY(countsChanged.wait(10000));
    const int emitted = int(countsChanged.size());
    m_proxy->setSubscriptionFilter(kSubA);
    QVERIFY(sameCounts(m_proxy->counts(), brute(kSubA, u"needle"_s)));
    QVERIFY(m_proxy->counts().all < brute(QString(), u"needle"_s).all);
    QTRY_VERIFY_WITH_TIMEOUT(countsChanged.size() > emitted, 10000);

    // The quick filter narrows the rows shown, never the counts.
    const RequestCounts before = m_proxy->counts();
    const int signalsBefore = int(countsChanged.size());
    m_proxy->setQuickFilter(QuickFilter::Pending);
    QCOMPARE(m_proxy->rowCount(), before.pending);
    m_proxy->setQuickFilter(QuickFilter::History);
    QCOMPARE(m_proxy->rowCount(), before.history);
    QCoreApplication::processEvents(); // a queued countsChanged would have run here
    QCOMPARE(countsChanged.size(), signalsBefore);
    QVERIFY(sameCounts(m_proxy->counts(), before));

    // Many changes in one go: one signal.
    m_proxy->setSearchText(u"needle in"_s);
    m_proxy->setSearchText(u"needle in the"_s);
    m_proxy->setSearchText(QString());
    QVERIFY(countsChanged.wait(10000));
    QCoreApplication::processEvents();
    QCOMPARE(countsChanged.size(), signalsBefore + 1);
}

void TestRequestFilterProxy::refreshTimeMovesActiveToHistory()
{
    // Approved 6 h ago with 8 h of access: active for 2 more hours.
    const AccessRequest approved = createdAt(kSubA, 0, Kind::Approved, kNow.addSecs(-6 * 3600));
    const AccessRequest pending = createdAt(kSubA, 1, Kind::Pending, kNow.addSecs(-60));
    m_model->setRequests({approved, pending});
    m_proxy->setQuickFilter(QuickFilter::Active);
    QCOMPARE(shownIds(), QStringList {approved.requestId});
    QCOMPARE(m_proxy->counts().active, 1);
    QCOMPARE(m_proxy->counts().history, 0);
    QSignalSpy countsChanged(m_proxy.get(), &RequestFilterProxy::countsChanged);
    QSignalSpy removed(m_proxy.get(), &QAbstractItemModel::rowsRemoved);

    m_clock->advanceSecs(3600); // still inside the window
    m_proxy->refreshTime();
    QCOMPARE(m_proxy->rowCount(), 1);

    m_clock->advanceSecs(3600 + 1);   // past it
    QCOMPARE(m_proxy->rowCount(), 1); // the proxy filters as of its own "now" until refreshed
    m_proxy->refreshTime();
    QCOMPARE(m_proxy->rowCount(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(m_proxy->counts().active, 0);
    QCOMPARE(m_proxy->counts().history, 1);
    QCOMPARE(m_proxy->counts().pending, 1);
    QVERIFY(countsChanged.wait(10000));

    m_proxy->setQuickFilter(QuickFilter::History);
    QCOMPARE(shownIds(), QStringList {approved.requestId});
}

void TestRequestFilterProxy::sourceChangesFlowThrough()
{
    QList<AccessRequest> list = makeRequests(kSubA, 10);
    for (AccessRequest &r : list)
        r.justification = u"restart the kubelet"_s;
    list[9].justification = u"read the logs"_s;
    m_model->setRequests(list);
    m_proxy->setQuickFilter(QuickFilter::Pending);
    m_proxy->setSearchText(u"kubelet"_s);
    QCOMPARE(m_proxy->rowCount(), 9);
    QCOMPARE(m_proxy->counts().pending, 9);

    ChangeSet changes;
    AccessRequest decided = list[2];
    decided.status = RequestStatus(Kind::Approved);
    AccessRequest nowMatching = list[9];
    nowMatching.justification = u"restart the kubelet now"_s;
    AccessRequest added = makeRequest(kSubB, 40);
    added.justification = u"kubelet logs"_s;
    AccessRequest addedElsewhere = makeRequest(kSubB, 41);
    changes.changed = {RequestChange {decided.requestId, kSubA, RequestStatus(Kind::Pending), decided.status},
                       RequestChange {nowMatching.requestId, kSubA, nowMatching.status, nowMatching.status}};
    changes.added = {RequestChange {added.requestId, kSubB, {}, added.status},
                     RequestChange {addedElsewhere.requestId, kSubB, {}, addedElsewhere.status}};
    changes.removed = {RequestChange {list[5].requestId, kSubA, list[5].status, list[5].status}};
    m_model->applyChanges(changes, {decided, nowMatching, added, addedElsewhere});

    QCOMPARE(shownIds(), expectedIds(u"kubelet"_s));
    QVERIFY(shownIds().contains(added.requestId));
    QVERIFY(shownIds().contains(nowMatching.requestId));
    QVERIFY(!shownIds().contains(decided.requestId));
    QVERIFY(!shownIds().contains(list[5].requestId));
    QVERIFY(!shownIds().contains(addedElsewhere.requestId));
    QCOMPARE(m_proxy->rowCount(), 9); // -decided -removed +nowMatching +added
    const RequestCounts counts = m_proxy->counts();
    QCOMPARE(counts.pending, 9);
    QCOMPARE(counts.active, 1);
    QCOMPARE(counts.all, 10);

    // A full reload and an emptied model are followed too.
    QList<AccessRequest> reloaded = makeRequests(kSubA, 4);
    for (AccessRequest &r : reloaded)
        r.justification = u"collect kubelet logs"_s;
    reloaded[1].status = RequestStatus(Kind::Denied);
    m_model->setRequests(reloaded);
    QCOMPARE(m_proxy->rowCount(), 3);
    QCOMPARE(m_proxy->counts().all, 4);
    QCOMPARE(m_proxy->counts().pending, 3);
    m_model->setRequests({});
    QCOMPARE(m_proxy->rowCount(), 0);
    QCOMPARE(m_proxy->counts().all, 0);
}

void TestRequestFilterProxy::subscriptionNamesAreSearched()
{
    m_model->setRequests(makeRequests(kSubA, 5) + makeRequests(kSubB, 3));
    m_proxy->setSearchText(u"fabrikam"_s);
    QCOMPARE(m_proxy->rowCount(), 0);
    m_model->setSubscriptionNames({{kSubB, u"Fabrikam – Energy (Prod)"_s}});
    QCOMPARE(m_proxy->rowCount(), 3);
    QCOMPARE(m_proxy->counts().all, 3);
    m_model->setSubscriptionNames({{kSubA, u"Fabrikam – Energy (Dev)"_s}, {kSubB, u"Contoso"_s}});
    QCOMPARE(m_proxy->rowCount(), 5);
    m_proxy->setSearchText(u"energy (dev"_s);
    QCOMPARE(m_proxy->rowCount(), 5);
}

void TestRequestFilterProxy::sortsByTheSortRole()
{
    QList<AccessRequest> list;
    for (int i = 0; i < 12; ++i) {
        AccessRequest r = createdAt(i % 2 ? kSubA : kSubB, i, i % 3 ? Kind::Pending : Kind::Approved,
                                    kNow.addSecs(-1800LL * ((i * 5) % 12)));
        r.justification = QString(QChar(u'A' + (i * 7) % 12)) + u" justification"_s;
        list.append(r);
    }
    m_model->setRequests(list);
    m_model->setSubscriptionNames({{kSubA, u"zulu"_s}, {kSubB, u"Alpha"_s}});

    for (const int column :
         {int(RequestTableModel::Requested), int(RequestTableModel::TimeLeft), int(RequestTableModel::Status),
          int(RequestTableModel::Subscription), int(RequestTableModel::Justification)}) {
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            m_proxy->sort(column, order);
            // Rows with no time left come last either way (blankTimeLeftSortsLastBothWays).
            int rows = m_proxy->rowCount();
            if (column == RequestTableModel::TimeLeft) {
                while (rows > 0 && m_proxy->index(rows - 1, column).data().toString().isEmpty())
                    --rows;
            }
            for (int row = 1; row < rows; ++row) {
                const QVariant a = m_proxy->data(m_proxy->index(row - 1, column), RequestTableModel::SortRole);
                const QVariant b = m_proxy->data(m_proxy->index(row, column), RequestTableModel::SortRole);
                const QPartialOrdering cmp = QVariant::compare(a, b);
                QVERIFY2(
                    order == Qt::AscendingOrder ? cmp != QPartialOrdering::Greater : cmp != QPartialOrdering::Less,
                    qPrintable(u"column %1 row %2: %3 then %4"_s.arg(column).arg(row).arg(a.toString(), b.toString())));
            }
        }
    }
    // Sorted by time left, a change that moves a row keeps the order right (dynamic sort).
    m_proxy->sort(RequestTableModel::TimeLeft, Qt::AscendingOrder);
    AccessRequest urgent = list[4];
    urgent.expirationDateTime = kNow.addSecs(60);
    ChangeSet changes;
    changes.changed = {RequestChange {urgent.requestId, urgent.subscriptionId, urgent.status, urgent.status}};
    m_model->applyChanges(changes, {urgent});
    QCOMPARE(m_proxy->data(m_proxy->index(0, 0), RequestTableModel::RequestIdRole).toString(), urgent.requestId);
}

void TestRequestFilterProxy::blankTimeLeftSortsLastBothWays()
{
    // Decided and expired requests have no time left: their blank cells go after every countdown,
    // whichever way the column is sorted, and the countdowns keep their order.
    QList<AccessRequest> list = mixedRequests(kSubA, 0);
    list.append(mixedRequests(kSubB, 500));
    m_model->setRequests(list);
    int blanks = 0;
    for (int row = 0; row < m_model->rowCount(); ++row)
        blanks += m_model->index(row, RequestTableModel::TimeLeft).data().toString().isEmpty() ? 1 : 0;
    QVERIFY(blanks > 0 && blanks < m_model->rowCount());
    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        m_proxy->sort(RequestTableModel::TimeLeft, order);
        const int rows = m_proxy->rowCount();
        const int countdowns = rows - blanks;
        for (int row = 0; row < rows; ++row) {
            const QModelIndex cell = m_proxy->index(row, RequestTableModel::TimeLeft);
            QVERIFY2(cell.data().toString().isEmpty() == (row >= countdowns),
                     qPrintable(
                         u"order %1, row %2 of %3: '%4'"_s.arg(order).arg(row).arg(rows).arg(cell.data().toString())));
            if (row == 0 || row >= countdowns)
                continue;
            const qlonglong before =
                m_proxy->index(row - 1, RequestTableModel::TimeLeft).data(RequestTableModel::SortRole).toLongLong();
            const qlonglong here = cell.data(RequestTableModel::SortRole).toLongLong();
            QVERIFY(order == Qt::AscendingOrder ? before <= here : before >= here);
        }
    }
    // A row that loses its countdown while sorted descending moves among the blank rows at the end
    // (dynamic sort).
    m_proxy->sort(RequestTableModel::TimeLeft, Qt::DescendingOrder);
    const QString first = m_proxy->index(0, 0).data(RequestTableModel::RequestIdRole).toString();
    AccessRequest decided = *m_model->request(first);
    const RequestStatus was = decided.status;
    decided.status = RequestStatus(Kind::Denied);
    ChangeSet changes;
    changes.changed = {RequestChange {decided.requestId, decided.subscriptionId, was, decided.status}};
    m_model->applyChanges(changes, {decided});
    const QModelIndex moved = m_proxy->mapFromRequestModel(m_model->index(m_model->rowOf(first), 0));
    QVERIFY(moved.isValid());
    QCOMPARE_GE(moved.row(), m_proxy->rowCount() - (blanks + 1));
    for (int row = m_proxy->rowCount() - (blanks + 1); row < m_proxy->rowCount(); ++row)
        QVERIFY(m_proxy->index(row, RequestTableModel::TimeLeft).data().toString().isEmpty());
}

void TestRequestFilterProxy::scatteredInsertionsReachTheViewOnce()
{
    // Rows added all over the order (a first sync's pages, oldest and newest mixed) come to the
    // view as one layout change that shows them in place, not as an insertion at the end followed
    // by a layout change that moves them.
    QList<AccessRequest> list;
    for (int i = 0; i < 40; ++i) {
        list.append(createdAt(kSubA, i, Kind::Pending, kNow.addSecs(-600LL * (2 * i))));
        list.back().justification = u"inspect blob metadata"_s;
    }
    m_model->setRequests(list);
    m_proxy->setSearchText(u"blob metadata"_s);
    const int shownBefore = m_proxy->rowCount();
    QCOMPARE(shownBefore, 40);
    QSignalSpy inserted(m_proxy.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy layouts(m_proxy.get(), &QAbstractItemModel::layoutChanged);

    QList<AccessRequest> more;
    for (int i = 0; i < 20; ++i) {
        more.append(createdAt(kSubB, 100 + i, Kind::Pending, kNow.addSecs(-600LL * (4 * i + 1))));
        more.back().justification = u"inspect blob metadata"_s;
    }
    more[3].justification = u"nothing to find"_s;
    m_model->appendRequests(more);

    QCOMPARE(inserted.size(), 0);
    QCOMPARE(layouts.size(), 1);
    QCOMPARE(m_proxy->rowCount(), shownBefore + 19);
    QCOMPARE(shownIds(), expectedIds(u"blob metadata"_s));
    QVERIFY2(newestFirst(), "rows out of order after the insertion");

    // Rows that fit in one place still come as one insertion.
    layouts.clear();
    AccessRequest newest = createdAt(kSubB, 200, Kind::Pending, kNow.addSecs(60));
    newest.justification = u"inspect blob metadata"_s;
    m_model->appendRequests({newest});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(layouts.size(), 0);
    QCOMPARE(m_proxy->index(0, 0).data(RequestTableModel::RequestIdRole).toString(),
             m_model->requestAt(m_model->rowCount() - 1)->requestId);

    // Scattered rows the filters leave out (a first sync's decided requests while the table shows
    // Pending) cost the view nothing, and show in place once a filter lets them in.
    m_proxy->setQuickFilter(QuickFilter::Pending);
    const int pendingShown = m_proxy->rowCount();
    inserted.clear();
    layouts.clear();
    QList<AccessRequest> decided;
    for (int i = 0; i < 20; ++i) {
        decided.append(createdAt(kSubB, 300 + i, Kind::Approved, kNow.addSecs(-600LL * (4 * i + 3))));
        decided.back().justification = u"inspect blob metadata"_s;
    }
    m_model->appendRequests(decided);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(layouts.size(), 0);
    QCOMPARE(m_proxy->rowCount(), pendingShown);

    // A small filter change meanwhile still reaches the view row by row (a view hears of a selected
    // row that leaves), after a layout change that places the waiting rows and shows nothing new.
    QSignalSpy removed(m_proxy.get(), &QAbstractItemModel::rowsRemoved);
    m_proxy->setSubscriptionFilter(kSubA);
    QCOMPARE(layouts.size(), 1);
    QVERIFY(!removed.isEmpty());
    int removedRows = 0;
    for (const QList<QVariant> &args : std::as_const(removed))
        removedRows += args.at(2).toInt() - args.at(1).toInt() + 1;
    QCOMPARE(removedRows, pendingShown - m_proxy->rowCount());
    QCOMPARE(m_proxy->rowCount(), 40);
    m_proxy->setSubscriptionFilter({});
    m_proxy->setQuickFilter(QuickFilter::All);
    QCOMPARE(m_proxy->rowCount(), m_model->rowCount() - 1); // but the one the search leaves out
    QCOMPARE(shownIds(), expectedIds(u"blob metadata"_s));
    QVERIFY2(newestFirst(), "rows out of order once shown");
}

QTEST_MAIN(TestRequestFilterProxy)
#include "tst_requestfilterproxy.moc"
