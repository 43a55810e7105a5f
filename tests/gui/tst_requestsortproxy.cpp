// RequestSortProxy: every column sorted both ways against a plain reference sort (SortRole, equal
// values in the model's row order, blank Time left last), rows inserted, removed and changed while
// sorted, persistent indexes following their rows, resets, mapping both ways and headers.

#include "gui/requestsortproxy.h"
#include "gui/requesttablemodel.h"
#include "support/manualclock.h"
#include "support/requestbuilder.h"

#include <QAbstractItemModelTester>
#include <QMetaEnum>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <memory>
#include <numeric>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ChangeSet;
using lockbox::RequestStatus;
using lockbox::gui::RequestSortProxy;
using lockbox::gui::RequestTableModel;
using lockbox::test::changeOf;
using lockbox::test::createdAt;
using lockbox::test::makeRequest;
using lockbox::test::ManualClock;
using Kind = lockbox::RequestStatus::Kind;

namespace {

const QString kSubA = u"00000000-0000-0000-0000-00000000000a"_s;
const QString kSubB = u"00000000-0000-0000-0000-00000000000b"_s;
const QDateTime kNow(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);

// Two subscriptions, statuses open and final, access windows open and closed, pending requests
// overdue and not, and in every column values that many rows share (texts equal but for case).
QList<AccessRequest> mixedRequests(int count, int base = 0)
{
    const Kind kinds[] = {Kind::Pending,  Kind::Approved, Kind::Denied,    Kind::Pending,
                          Kind::Expired,  Kind::Approved, Kind::Revoked,   Kind::Approving,
                          Kind::Approved, Kind::Pending,  Kind::Completed, Kind::Denying};
    const QString justifications[] = {u"Restart the pods"_s,       u"restart the PODS"_s,       QString(),
                                      u"Ärger mit dem Speicher"_s, u"ärger mit dem speicher"_s, u"zz top"_s,
                                      u"Inspect the logs"_s};
    const QString durations[] = {u"8"_s, u"1"_s, u"4"_s, u"Support request lifetime"_s, QString()};
    const QString types[] = {u"Virtual Machine"_s, u"virtual machine"_s, u"Storage Account"_s, u"AKS cluster"_s};
    const std::optional<QString> levels[] = {u"Read"_s, u"Contributor"_s, std::nullopt, u"read"_s, u"Owner"_s};
    QList<AccessRequest> out;
    for (int n = base; n < base + count; ++n) {
        AccessRequest r = createdAt(n % 3 ? kSubA : kSubB, n, kinds[n % 12], kNow.addSecs(-600LL * ((n * 37) % 41)));
        if (r.status.kind() == Kind::Pending)
            r.expirationDateTime = kNow.addSecs(1800LL * ((n * 13) % 9) - 3600);
        r.duration = durations[n % 5];
        r.justification = n % 7 == 6 ? u"Inspect the logs of vm %1"_s.arg(n % 4) : justifications[n % 7];
        r.resourceType = types[n % 4];
        r.resourceIds = {u"/subscriptions/%1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-%2"_s
                             .arg(r.subscriptionId)
                             .arg(n % 17)};
        r.supportRequest = n % 10 == 0 ? QString() : QString::number(2503010000LL + n % 13);
        r.accessLevel = levels[n % 5];
        out.append(r);
    }
    return out;
}

// The model's rows in the order the proxy should show them: by SortRole of `column`, equal values
// by model row both ways, and sorted descending by Time left, blank cells after every countdown.
std::vector<int> expectedOrder(const RequestTableModel &model, int column, Qt::SortOrder order)
{
    const int n = model.rowCount();
    std::vector<QVariant> values;
    std::vector<bool> blank;
    for (int row = 0; row < n; ++row) {
        values.push_back(model.index(row, column).data(RequestTableModel::SortRole));
        blank.push_back(model.index(row, RequestTableModel::TimeLeft).data().toString().isEmpty());
    }
    const bool blanksLast = column == RequestTableModel::TimeLeft && order == Qt::DescendingOrder;
    std::vector<int> rows(static_cast<std::size_t>(n));
    std::iota(rows.begin(), rows.end(), 0);
    std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
        const auto l = std::size_t(a);
        const auto r = std::size_t(b);
        if (blanksLast && blank[l] != blank[r])
            return bool(blank[r]);
        if (blanksLast && blank[l])
            return false;
        const QPartialOrdering cmp = QVariant::compare(values[l], values[r]);
        return order == Qt::AscendingOrder ? cmp == QPartialOrdering::Less : cmp == QPartialOrdering::Greater;
    });
    return rows;
}

// The proxy rows of model rows, ascending, and how many separate runs they make.
int runsOf(const RequestSortProxy &proxy, const QList<int> &modelRows)
{
    std::vector<int> rows;
    for (const int source : modelRows)
        rows.push_back(proxy.rowOfSource(source));
    std::sort(rows.begin(), rows.end());
    int runs = 0;
    for (std::size_t i = 0; i < rows.size(); ++i)
        runs += i == 0 || rows[i] != rows[i - 1] + 1;
    return runs;
}

// Rows in all of a spy's rowsInserted or rowsRemoved signals.
int rowsSignalled(const QSignalSpy &spy)
{
    int rows = 0;
    for (const QList<QVariant> &args : spy)
        rows += args.at(2).toInt() - args.at(1).toInt() + 1;
    return rows;
}

} // namespace

// The proxy's order against expectedOrder(), with the first difference as the message.
#define VERIFY_ORDER(context) \
  do { \
    const QByteArray problem = orderProblem(); \
    QVERIFY2(problem.isEmpty(), QByteArray(QByteArray(context) + ": " + problem).constData()); \
  } while (false)

class TestRequestSortProxy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sortsEveryColumnBothWays_data();
    void sortsEveryColumnBothWays();
    void insertionsInOneBlock();
    void scatteredInsertions();
    void hiddenRowsWaitInTransit();
    void changedRowsAndRowsInTransitArePlacedTogether();
    void removals();
    void changesMoveRowsWhenTheyMust();
    void persistentIndexesFollowTheirRows();
    void resetMappingAndHeaders();

private:
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<RequestTableModel> m_model;
    std::unique_ptr<RequestSortProxy> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
    QByteArray m_mappingProblem; // the first signal of the proxy at which its mappings disagreed

    // At each signal of the proxy: every proxy row maps to a model row that maps back to it, and
    // no other model row maps anywhere.
    void checkMappings(const char *signal)
    {
        if (!m_mappingProblem.isEmpty())
            return;
        int mapped = 0;
        for (int source = 0; source < m_model->rowCount(); ++source)
            mapped += m_proxy->rowOfSource(source) >= 0 ? 1 : 0;
        if (mapped != m_proxy->rowCount()) {
            m_mappingProblem = QByteArray(signal) + ": " + QByteArray::number(mapped) + " model rows mapped for "
                + QByteArray::number(m_proxy->rowCount()) + " rows";
            return;
        }
        for (int row = 0; row < m_proxy->rowCount(); ++row) {
            const QModelIndex index = m_proxy->index(row, 0);
            if (m_proxy->rowOfSource(m_proxy->sourceRow(row)) != row
                || m_proxy->mapFromSource(m_proxy->mapToSource(index)) != index) {
                m_mappingProblem = QByteArray(signal) + ": row " + QByteArray::number(row) + " does not map back";
                return;
            }
        }
    }

    // Empty when the proxy shows every model row once, in the reference order, and its mappings
    // agree; otherwise what is wrong.
    QByteArray orderProblem() const
    {
        if (!m_mappingProblem.isEmpty())
            return m_mappingProblem;
        const int column = m_proxy->sortColumn();
        const Qt::SortOrder order = m_proxy->sortOrder();
        const QByteArray where =
            u"column %1 %2"_s.arg(column).arg(order == Qt::AscendingOrder ? u"ascending"_s : u"descending"_s).toUtf8();
        if (m_proxy->rowCount() != m_model->rowCount())
            return where + u", %1 rows for the model's %2"_s.arg(m_proxy->rowCount()).arg(m_model->rowCount()).toUtf8();
        const std::vector<int> expected = expectedOrder(*m_model, column, order);
        const auto describe = [&](int source) {
            const QModelIndex cell = m_model->index(source, column);
            return u"model row %1 (%2 '%3')"_s.arg(source).arg(cell.data(RequestTableModel::SortRole).toString(),
                                                               cell.data().toString());
        };
        for (int row = 0; row < m_proxy->rowCount(); ++row) {
            const int shown = m_proxy->sourceRow(row);
            if (shown != expected[std::size_t(row)])
                return where
                    + u", row %1 shows %2, expected %3"_s.arg(row)
                          .arg(describe(shown), describe(expected[std::size_t(row)]))
                          .toUtf8();
            if (m_proxy->mapToSource(m_proxy->index(row, column)) != m_model->index(shown, column)
                || m_proxy->rowOfSource(shown) != row)
                return where + u", row %1: mappings disagree"_s.arg(row).toUtf8();
        }
        return {};
    }
    // Empty when the rows before those in transit are in the reference order among themselves and
    // the rows in transit are exactly `transit` (model rows), at the end.
    QByteArray transitProblem(const QSet<int> &transit) const
    {
        if (!m_mappingProblem.isEmpty())
            return m_mappingProblem;
        std::vector<int> expected;
        for (const int source : expectedOrder(*m_model, m_proxy->sortColumn(), m_proxy->sortOrder())) {
            if (!transit.contains(source))
                expected.push_back(source);
        }
        if (m_proxy->rowCount() != m_model->rowCount())
            return "row counts differ";
        for (int row = 0; row < m_proxy->rowCount(); ++row) {
            const bool inTransit = std::size_t(row) >= expected.size();
            if (m_proxy->isInTransit(row) != inTransit)
                return "row " + QByteArray::number(row) + (inTransit ? " not" : "") + " in transit";
            const int shown = m_proxy->sourceRow(row);
            if (inTransit ? !transit.contains(shown) : shown != expected[std::size_t(row)])
                return "row " + QByteArray::number(row) + " shows model row " + QByteArray::number(shown);
        }
        return {};
    }
    QString idAt(int proxyRow) const
    {
        return m_proxy->index(proxyRow, 0).data(RequestTableModel::RequestIdRole).toString();
    }
    void add(const QList<AccessRequest> &added)
    {
        ChangeSet changes;
        for (const AccessRequest &r : added)
            changes.added.append(changeOf(r));
        m_model->applyChanges(changes, added);
    }
    void change(const AccessRequest &changed)
    {
        ChangeSet changes;
        changes.changed = {changeOf(changed, m_model->request(changed.requestId)->status)};
        m_model->applyChanges(changes, {changed});
    }
    void remove(const QList<int> &modelRows)
    {
        ChangeSet changes;
        for (const int row : modelRows)
            changes.removed.append(changeOf(*m_model->requestAt(row), m_model->requestAt(row)->status));
        m_model->applyChanges(changes, {});
    }
};

void TestRequestSortProxy::init()
{
    m_clock = std::make_unique<ManualClock>(kNow);
    m_model = std::make_unique<RequestTableModel>(*m_clock);
    m_proxy = std::make_unique<RequestSortProxy>();
    m_proxy->setSourceModel(m_model.get());
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(),
                                                               QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_mappingProblem.clear();
    RequestSortProxy *proxy = m_proxy.get();
    connect(proxy, &QAbstractItemModel::rowsInserted, this, [this] { checkMappings("rowsInserted"); });
    connect(proxy, &QAbstractItemModel::rowsRemoved, this, [this] { checkMappings("rowsRemoved"); });
    connect(proxy, &QAbstractItemModel::layoutChanged, this, [this] { checkMappings("layoutChanged"); });
    connect(proxy, &QAbstractItemModel::modelReset, this, [this] { checkMappings("modelReset"); });
    connect(proxy, &QAbstractItemModel::dataChanged, this, [this] { checkMappings("dataChanged"); });
}

void TestRequestSortProxy::cleanup()
{
    m_proxyTester.reset();
    m_proxy.reset();
    m_model.reset();
    m_clock.reset();
}

void TestRequestSortProxy::sortsEveryColumnBothWays_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    const QMetaEnum columns = QMetaEnum::fromType<RequestTableModel::Column>();
    for (int column = 0; column < RequestTableModel::ColumnCount; ++column) {
        QTest::addRow("%s ascending", columns.valueToKey(column)) << column << Qt::AscendingOrder;
        QTest::addRow("%s descending", columns.valueToKey(column)) << column << Qt::DescendingOrder;
    }
}

void TestRequestSortProxy::sortsEveryColumnBothWays()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QCOMPARE(m_proxy->requestModel(), m_model.get());
    m_model->setRequests(mixedRequests(300));
    m_model->setSubscriptionNames({{kSubA, u"Contoso Production"_s}});
    QCOMPARE(m_proxy->sortColumn(), int(RequestTableModel::Requested));
    QCOMPARE(m_proxy->sortOrder(), Qt::DescendingOrder);
    VERIFY_ORDER("default");

    // The column has ties; Time left has countdowns as well as blank cells.
    QSet<QString> values;
    for (int row = 0; row < m_model->rowCount(); ++row)
        values.insert(m_model->index(row, column).data(RequestTableModel::SortRole).toString());
    QVERIFY(values.size() > 1 && values.size() < m_model->rowCount() / 2);
    int blanks = 0;
    for (int row = 0; row < m_model->rowCount(); ++row)
        blanks += m_model->index(row, RequestTableModel::TimeLeft).data().toString().isEmpty() ? 1 : 0;
    QVERIFY(blanks > 20 && blanks < m_model->rowCount() - 20);

    // Sorted from the default order, and again from the other direction (checked in its own row).
    m_proxy->sort(column, order);
    QCOMPARE(m_proxy->sortColumn(), column);
    QCOMPARE(m_proxy->sortOrder(), order);
    VERIFY_ORDER("sorted");
    m_proxy->sort(column, order == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder);
    m_proxy->sort(column, order);
    VERIFY_ORDER("turned back");

    // Subscriptions whose names differ only by case sort as equals: all rows by model row.
    if (column == RequestTableModel::Subscription) {
        m_model->setSubscriptionNames({{kSubA, u"Contoso"_s}, {kSubB, u"CONTOSO"_s}});
        VERIFY_ORDER("equal names");
    }
}

void TestRequestSortProxy::insertionsInOneBlock()
{
    m_model->setRequests(mixedRequests(200));
    QSignalSpy inserted(m_proxy.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy layouts(m_proxy.get(), &QAbstractItemModel::layoutChanged);

    // Older rows while sorted newest first (a load in chunks): one insertion at the end.
    QList<AccessRequest> older;
    for (int i = 0; i < 10; ++i)
        older.append(createdAt(kSubA, 1000 + i, Kind::Pending, kNow.addDays(-2).addSecs(-60LL * i)));
    m_model->appendRequests(older);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 200);
    QCOMPARE(inserted.at(0).at(2).toInt(), 209);
    QCOMPARE(layouts.size(), 0);
    VERIFY_ORDER("older appended");

    // Rows that fall between two existing times (and among themselves in no order): one
    // insertion in the middle.
    inserted.clear();
    QList<AccessRequest> between;
    for (int i = 0; i < 6; ++i)
        between.append(createdAt(kSubB, 1100 + i, Kind::Denied, kNow.addSecs(-600LL * 20 - 100 - 37 * ((i * 5) % 6))));
    add(between);
    QCOMPARE(m_proxy->rowCount(), 216);
    QCOMPARE(inserted.size(), 1);
    const int first = inserted.at(0).at(1).toInt();
    QCOMPARE(inserted.at(0).at(2).toInt(), first + 5);
    QVERIFY(first > 0 && first + 5 < m_proxy->rowCount() - 1);
    for (int i = 0; i < 6; ++i) {
        const int row = m_proxy->rowOfSource(m_model->rowOf(between[i].requestId));
        QVERIFY(row >= first && row <= first + 5);
    }
    QCOMPARE(layouts.size(), 0);
    VERIFY_ORDER("between two times");

    // A row whose time others have: after them, as it has the highest model row.
    inserted.clear();
    const AccessRequest tie = createdAt(kSubA, 1200, Kind::Approved, kNow.addSecs(-600LL * 5));
    add({tie});
    QCOMPARE(inserted.size(), 1);
    const int row = m_proxy->rowOfSource(m_model->rowCount() - 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), row);
    QCOMPARE(m_proxy->index(row - 1, RequestTableModel::Requested).data(RequestTableModel::SortRole),
             m_proxy->index(row, RequestTableModel::Requested).data(RequestTableModel::SortRole));
    QCOMPARE(layouts.size(), 0);
    VERIFY_ORDER("equal time");

    // Sorted by time left, longest first: decided rows go after every blank row already there.
    m_proxy->sort(RequestTableModel::TimeLeft, Qt::DescendingOrder);
    inserted.clear();
    layouts.clear();
    QList<AccessRequest> decided;
    for (int i = 0; i < 4; ++i)
        decided.append(createdAt(kSubB, 1300 + i, i % 2 ? Kind::Denied : Kind::Expired, kNow.addSecs(-60LL * i)));
    m_model->appendRequests(decided);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), m_proxy->rowCount() - 4);
    QCOMPARE(inserted.at(0).at(2).toInt(), m_proxy->rowCount() - 1);
    QCOMPARE(layouts.size(), 0);
    VERIFY_ORDER("blank rows appended");
}

void TestRequestSortProxy::scatteredInsertions()
{
    m_model->setRequests(mixedRequests(200));
    m_proxy->sort(RequestTableModel::Justification, Qt::AscendingOrder);
    VERIFY_ORDER("before");
    QSignalSpy inserted(m_proxy.get(), &QAbstractItemModel::rowsInserted);

    // Texts all over the order, some equal to existing ones but for case.
    QList<AccessRequest> more;
    for (int i = 0; i < 30; ++i) {
        AccessRequest r = makeRequest(kSubB, 2000 + i, Kind::Pending, kNow);
        r.justification = i % 5 == 0 ? u"RESTART THE PODS"_s : u"%1 needs a restart"_s.arg(QChar(u'a' + (i * 7) % 26));
        more.append(r);
    }
    // Rows appended to be moved into place are in transit until the layout change moves them, so
    // that a proxy above can show them once.
    QList<bool> transit;
    const QMetaObject::Connection watch = connect(
        m_proxy.get(), &QAbstractItemModel::rowsInserted, this,
        [this, &transit](const QModelIndex &, int first, int last) {
            transit = {m_proxy->isInTransit(first - 1), m_proxy->isInTransit(first), m_proxy->isInTransit(last)};
        });
    m_model->appendRequests(more);
    disconnect(watch);
    QCOMPARE(transit, QList<bool>({false, true, true}));
    QVERIFY(!m_proxy->isInTransit(m_proxy->rowCount() - 1));
    QCOMPARE(m_proxy->rowCount(), 230);
    QCOMPARE(rowsSignalled(inserted), 30);
    VERIFY_ORDER("appended");

    // Sorted by status, last first: new rows of every status, after the rows of equal status.
    m_proxy->sort(RequestTableModel::Status, Qt::DescendingOrder);
    inserted.clear();
    add(mixedRequests(25, 3000));
    QCOMPARE(m_proxy->rowCount(), 255);
    QCOMPARE(rowsSignalled(inserted), 25);
    VERIFY_ORDER("added");

    // And by time left, longest first, rows with countdowns and without.
    m_proxy->sort(RequestTableModel::TimeLeft, Qt::DescendingOrder);
    add(mixedRequests(25, 4000));
    QCOMPARE(m_proxy->rowCount(), 280);
    VERIFY_ORDER("added by time left");
}

void TestRequestSortProxy::hiddenRowsWaitInTransit()
{
    // The proxy above shows only Pending rows: appended rows it does not show wait at the end,
    // without a layout change, until one is to be shown or the order changes otherwise.
    m_model->setRequests(mixedRequests(120));
    QSet<int> alsoShown; // model rows the proxy above shows whatever their status
    m_proxy->setShownTest([this, &alsoShown](int source) {
        return m_model->rows().statusKindAt(source) == Kind::Pending || alsoShown.contains(source);
    });
    QSignalSpy layouts(m_proxy.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy inserted(m_proxy.get(), &QAbstractItemModel::rowsInserted);
    const auto hidden = [](int count, int base) {
        QList<AccessRequest> out;
        for (int i = 0; i < count; ++i)
            out.append(createdAt(i % 2 ? kSubA : kSubB, base + i, i % 3 ? Kind::Approved : Kind::Denied,
                                 kNow.addSecs(-600LL * ((i * 29) % 41))));
        return out;
    };
    QSet<int> transit;
    const auto addHidden = [&](int count, int base) {
        const int first = m_model->rowCount();
        add(hidden(count, base));
        for (int source = first; source < m_model->rowCount(); ++source)
            transit.insert(source);
    };
#define VERIFY_TRANSIT(context) \
  do { \
    const QByteArray problem = transitProblem(transit); \
    QVERIFY2(problem.isEmpty(), QByteArray(QByteArray(context) + ": " + problem).constData()); \
  } while (false)

    addHidden(20, 1000);
    QCOMPARE(layouts.size(), 0);
    QCOMPARE(rowsSignalled(inserted), 20);
    VERIFY_TRANSIT("hidden rows");
    addHidden(15, 2000); // more wait behind them, unsorted
    QCOMPARE(layouts.size(), 0);
    VERIFY_TRANSIT("more hidden rows");

    // A row that fits in one place goes there at once, before the rows in transit.
    AccessRequest newest = createdAt(kSubA, 3000, Kind::Approved, kNow.addSecs(3600));
    add({newest});
    QCOMPARE(layouts.size(), 0);
    QCOMPARE(idAt(0), newest.requestId);
    VERIFY_TRANSIT("one block");

    // Rows to be shown among them: everything into place, with one layout change.
    QList<AccessRequest> some = hidden(10, 4000);
    some[4].status = RequestStatus(Kind::Pending);
    add(some);
    QCOMPARE(layouts.size(), 1);
    transit.clear();
    VERIFY_ORDER("a shown row");

    // A row in transit that a change makes shown.
    addHidden(12, 5000);
    VERIFY_TRANSIT("hidden again");
    AccessRequest nowPending = *m_model->requestAt(*transit.begin());
    nowPending.status = RequestStatus(Kind::Pending);
    change(nowPending);
    transit.clear();
    VERIFY_ORDER("changed to shown");
    // Also when the change is in a column other than the sorted one.
    addHidden(12, 5500);
    const int shownNow = *transit.begin();
    alsoShown.insert(shownNow);
    layouts.clear();
    Q_EMIT m_model->dataChanged(m_model->index(shownNow, RequestTableModel::Status),
                                m_model->index(shownNow, RequestTableModel::Status));
    QCOMPARE(layouts.size(), 1);
    transit.clear();
    alsoShown.clear();
    VERIFY_ORDER("shown after a change in another column");

    // A removal, an explicit placing, a sort and the sorted value of a row changing: each places
    // the rows in transit first.
    addHidden(12, 6000);
    remove({3});
    VERIFY_ORDER("removal");
    addHidden(12, 7000);
    m_proxy->placeTransitRows();
    VERIFY_ORDER("placed");
    m_proxy->placeTransitRows(); // nothing in transit: nothing happens
    addHidden(12, 8000);
    m_proxy->sort(RequestTableModel::Justification, Qt::AscendingOrder);
    VERIFY_ORDER("sorted");
    m_proxy->sort(RequestTableModel::Requested, Qt::DescendingOrder);
    addHidden(12, 9000);
    transit.clear();
    AccessRequest older = *m_model->requestAt(0);
    older.createdDateTime = kNow.addDays(-30);
    change(older);
    VERIFY_ORDER("a sorted value changed");
#undef VERIFY_TRANSIT
}

void TestRequestSortProxy::changedRowsAndRowsInTransitArePlacedTogether()
{
    // A row whose sorted value changes still stands where it was until it is placed: rows in
    // transit merged into the order around it would end up out of order for good.
    const auto at = [](int n, qint64 minutes, Kind kind) {
        return createdAt(kSubA, n, kind, kNow.addSecs(60 * minutes));
    };
    m_model->setRequests({at(0, 0, Kind::Pending), at(1, -10, Kind::Pending), at(2, -20, Kind::Pending)});
    m_proxy->setShownTest([this](int source) { return m_model->rows().statusKindAt(source) == Kind::Pending; });
    add({at(3, -5, Kind::Approved), at(4, -25, Kind::Approved)}); // scattered, hidden: in transit
    QVERIFY(m_proxy->isInTransit(m_proxy->rowCount() - 1));
    AccessRequest first = *m_model->requestAt(2);
    first.createdDateTime = kNow.addSecs(60 * 100);
    change(first);
    VERIFY_ORDER("one changed row");

    m_model->setRequests({at(0, 0, Kind::Pending), at(1, -10, Kind::Pending), at(2, -20, Kind::Pending)});
    add({at(3, -5, Kind::Approved), at(4, -25, Kind::Approved)});
    QVERIFY(m_proxy->isInTransit(m_proxy->rowCount() - 1));

    // Changed inside one change with a row in transit becoming shown.
    AccessRequest moved = *m_model->requestAt(2);
    moved.createdDateTime = kNow.addSecs(60 * 100);
    AccessRequest shown = *m_model->requestAt(3);
    shown.status = RequestStatus(Kind::Pending);
    ChangeSet changes;
    changes.changed = {changeOf(moved, RequestStatus(Kind::Pending)), changeOf(shown, RequestStatus(Kind::Approved))};
    m_model->applyChanges(changes, {moved, shown});
    VERIFY_ORDER("changed and shown in one change");

    // A changed row alone, with rows in transit, at once and in a batch.
    add({at(5, -15, Kind::Denied), at(6, -30, Kind::Denied)});
    QVERIFY(m_proxy->isInTransit(m_proxy->rowCount() - 1));
    AccessRequest again = *m_model->requestAt(1);
    again.createdDateTime = kNow.addSecs(60 * 200);
    change(again);
    VERIFY_ORDER("changed with rows in transit");

    // And before a removal.
    add({at(7, -12, Kind::Denied), at(8, -40, Kind::Denied)});
    QVERIFY(m_proxy->isInTransit(m_proxy->rowCount() - 1));
    AccessRequest third = *m_model->requestAt(0);
    third.createdDateTime = kNow.addSecs(60 * 300);
    changes = {};
    changes.changed = {changeOf(third, third.status)};
    changes.removed = {changeOf(*m_model->requestAt(4), m_model->requestAt(4)->status)};
    m_model->applyChanges(changes, {third});
    VERIFY_ORDER("changed, then a removal");
}

void TestRequestSortProxy::removals()
{
    m_model->setRequests(mixedRequests(300));
    m_proxy->sort(RequestTableModel::Status, Qt::AscendingOrder);
    QSignalSpy removed(m_proxy.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy layouts(m_proxy.get(), &QAbstractItemModel::layoutChanged);

    // A few scattered rows: removals, no layout change.
    remove({3, 77, 78, 150, 151, 152, 260});
    QCOMPARE(m_proxy->rowCount(), 293);
    QVERIFY(removed.size() >= 1 && removed.size() <= 7);
    QCOMPARE(rowsSignalled(removed), 7);
    QCOMPARE(layouts.size(), 0);
    VERIFY_ORDER("a few rows");

    // One run of the model that is a few runs of the proxy: still no layout change.
    m_proxy->sort(RequestTableModel::Requested, Qt::DescendingOrder);
    const QList<int> run = {40, 41, 42, 43, 44, 45};
    QVERIFY(runsOf(*m_proxy, run) > 1);
    removed.clear();
    layouts.clear();
    remove(run);
    QCOMPARE(m_proxy->rowCount(), 287);
    QCOMPARE(rowsSignalled(removed), 6);
    QCOMPARE(layouts.size(), 0);
    VERIFY_ORDER("a short run of the model");

    // One run of the model that is more than 16 runs of the proxy: to the end in one layout
    // change, then one removal.
    QList<int> longRun;
    for (int row = 100; row < 140; ++row)
        longRun.append(row);
    QVERIFY(runsOf(*m_proxy, longRun) > 16);
    removed.clear();
    layouts.clear();
    remove(longRun);
    QCOMPARE(m_proxy->rowCount(), 247);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 247);
    QCOMPARE(removed.at(0).at(2).toInt(), 286);
    QCOMPARE(layouts.size(), 1);
    VERIFY_ORDER("a long run of the model");

    // 60 rows spread over the model (which moves them to its end first).
    m_proxy->sort(RequestTableModel::TimeLeft, Qt::DescendingOrder);
    QList<int> spread;
    for (int i = 0; i < 60; ++i)
        spread.append(i * 4 + 1);
    QVERIFY(runsOf(*m_proxy, spread) > 16);
    removed.clear();
    remove(spread);
    QCOMPARE(m_model->rowCount(), 187);
    QCOMPARE(m_proxy->rowCount(), 187);
    QCOMPARE(rowsSignalled(removed), 60);
    VERIFY_ORDER("60 spread rows");

    // And everything.
    QList<int> all(m_model->rowCount());
    std::iota(all.begin(), all.end(), 0);
    remove(all);
    QCOMPARE(m_proxy->rowCount(), 0);
    VERIFY_ORDER("everything");
}

void TestRequestSortProxy::changesMoveRowsWhenTheyMust()
{
    m_model->setRequests(mixedRequests(120));
    m_proxy->sort(RequestTableModel::Status, Qt::AscendingOrder);
    QSignalSpy layouts(m_proxy.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy changed(m_proxy.get(), &QAbstractItemModel::dataChanged);

    // A Pending request becomes Denied: it moves among the Denied rows.
    int source = 0;
    while (m_model->requestAt(source)->status.kind() != Kind::Pending)
        ++source;
    const int was = m_proxy->rowOfSource(source);
    AccessRequest denied = *m_model->requestAt(source);
    denied.status = RequestStatus(Kind::Denied);
    change(denied);
    QVERIFY(m_proxy->rowOfSource(source) > was);
    QCOMPARE(layouts.size(), 1);
    VERIFY_ORDER("pending to denied");

    // A change in another column leaves it where it is: dataChanged on its row, no layout change.
    layouts.clear();
    changed.clear();
    const int at = m_proxy->rowOfSource(source);
    denied.justification = u"aaa first by justification"_s;
    change(denied);
    QCOMPARE(m_proxy->rowOfSource(source), at);
    QCOMPARE(layouts.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), m_proxy->index(at, 0));
    QCOMPARE(changed.at(0).at(1).toModelIndex(), m_proxy->index(at, RequestTableModel::ColumnCount - 1));
    VERIFY_ORDER("justification changed");

    // Sorted by justification, a new text moves a row to the end, or among equal texts.
    m_proxy->sort(RequestTableModel::Justification, Qt::AscendingOrder);
    VERIFY_ORDER("by justification");
    layouts.clear();
    AccessRequest last = *m_model->requestAt(source);
    last.justification = u"ÿ last"_s;
    change(last);
    QCOMPARE(m_proxy->rowOfSource(source), m_proxy->rowCount() - 1);
    QCOMPARE(layouts.size(), 1);
    VERIFY_ORDER("to the end");
    AccessRequest middle = *m_model->requestAt(7);
    middle.justification = u"Restart the pods"_s; // equal to others: after those of lower model rows
    change(middle);
    VERIFY_ORDER("to equal texts");

    // A status change while sorted by justification moves nothing.
    layouts.clear();
    changed.clear();
    AccessRequest revoked = *m_model->requestAt(11);
    revoked.status = RequestStatus(Kind::Revoked);
    change(revoked);
    QCOMPARE(layouts.size(), 0);
    QCOMPARE(changed.size(), 1);
    VERIFY_ORDER("status changed");

    // One sync's changes: many rows moved (Pending to Denied, sorted by status) and rows added in
    // the same change are placed with one layout change, not one a row.
    m_proxy->sort(RequestTableModel::Status, Qt::DescendingOrder);
    VERIFY_ORDER("by status descending");
    layouts.clear();
    {
        ChangeSet batch;
        QList<AccessRequest> contents;
        for (int row = 0; row < m_model->rowCount() && contents.size() < 20; ++row) {
            AccessRequest r = *m_model->requestAt(row);
            if (r.status.kind() != Kind::Pending)
                continue;
            const RequestStatus previous = r.status;
            r.status = RequestStatus(Kind::Denied);
            batch.changed.append(changeOf(r, previous));
            contents.append(r);
        }
        QCOMPARE(contents.size(), 20);
        AccessRequest added = makeRequest(kSubB, 900, Kind::Pending, kNow.addSecs(-60));
        batch.added.append(changeOf(added));
        contents.append(added);
        m_model->applyChanges(batch, contents);
    }
    QCOMPARE(layouts.size(), 1);
    VERIFY_ORDER("one sync's changes");

    // Sorted by time left, longest first: access windows closing as time goes by send rows among
    // the blank ones.
    m_proxy->sort(RequestTableModel::TimeLeft, Qt::DescendingOrder);
    int blanks = 0;
    for (int row = 0; row < m_model->rowCount(); ++row)
        blanks += m_model->index(row, RequestTableModel::TimeLeft).data().toString().isEmpty() ? 1 : 0;
    m_clock->advanceSecs(3 * 3600);
    m_model->refreshTimes();
    int blanksLater = 0;
    for (int row = 0; row < m_model->rowCount(); ++row)
        blanksLater += m_model->index(row, RequestTableModel::TimeLeft).data().toString().isEmpty() ? 1 : 0;
    QVERIFY(blanksLater > blanks);
    VERIFY_ORDER("times refreshed");

    // Sorted by subscription, new names swap the two.
    m_proxy->sort(RequestTableModel::Subscription, Qt::AscendingOrder);
    m_model->setSubscriptionNames({{kSubA, u"Alpha"_s}, {kSubB, u"Zulu"_s}});
    VERIFY_ORDER("names");
    const QString firstSubscription = m_proxy->index(0, 0).data(RequestTableModel::SubscriptionIdRole).toString();
    m_model->setSubscriptionNames({{kSubA, u"Zulu"_s}, {kSubB, u"Alpha"_s}});
    VERIFY_ORDER("names swapped");
    QVERIFY(m_proxy->index(0, 0).data(RequestTableModel::SubscriptionIdRole).toString() != firstSubscription);
}

void TestRequestSortProxy::persistentIndexesFollowTheirRows()
{
    m_model->setRequests(mixedRequests(150));
    QList<QPersistentModelIndex> kept;
    QStringList ids;
    for (const int row : {0, 7, 42, 99, 149}) {
        kept.append(QPersistentModelIndex(m_proxy->index(row, row % RequestTableModel::ColumnCount)));
        ids.append(idAt(row));
    }
    const auto follow = [&](const char *context) -> QByteArray {
        for (qsizetype i = 0; i < kept.size(); ++i) {
            const QPersistentModelIndex &index = kept.at(i);
            if (ids.at(i).isEmpty()) {
                if (index.isValid())
                    return QByteArray(context) + ": a removed row's index is still valid";
                continue;
            }
            const QModelIndex source = m_proxy->mapToSource(index);
            if (!index.isValid() || source.data(RequestTableModel::RequestIdRole).toString() != ids.at(i)
                || index.column() != source.column())
                return QByteArray(context) + ": index " + QByteArray::number(i) + " lost its row";
        }
        return QByteArray();
    };
#define VERIFY_FOLLOWED(context) \
  do { \
    const QByteArray lost = follow(context); \
    QVERIFY2(lost.isEmpty(), lost.constData()); \
    VERIFY_ORDER(context); \
  } while (false)

    m_proxy->sort(RequestTableModel::Status, Qt::AscendingOrder);
    VERIFY_FOLLOWED("by status");
    m_proxy->sort(RequestTableModel::Justification, Qt::AscendingOrder);
    VERIFY_FOLLOWED("by justification");
    m_proxy->sort(RequestTableModel::TimeLeft, Qt::DescendingOrder);
    VERIFY_FOLLOWED("by time left");

    m_model->appendRequests(mixedRequests(30, 1000)); // scattered
    VERIFY_FOLLOWED("scattered insertion");
    QList<AccessRequest> decided;
    for (int i = 0; i < 3; ++i)
        decided.append(createdAt(kSubB, 1100 + i, Kind::Denied, kNow));
    add(decided); // one block at the end
    VERIFY_FOLLOWED("insertion at the end");

    // Removals of other rows: a few, a model run spread over the proxy, many spread rows.
    const auto others = [&](const QList<int> &candidates) {
        QList<int> rows;
        for (const int row : candidates) {
            if (!ids.contains(m_model->index(row, 0).data(RequestTableModel::RequestIdRole).toString()))
                rows.append(row);
        }
        return rows;
    };
    remove(others({5, 60, 61, 120}));
    VERIFY_FOLLOWED("a few removed");
    m_proxy->sort(RequestTableModel::Requested, Qt::DescendingOrder);
    QList<int> longRun;
    for (int row = 50; row < 90; ++row)
        longRun.append(row);
    longRun = others(longRun);
    QVERIFY(runsOf(*m_proxy, longRun) > 16);
    remove(longRun);
    VERIFY_FOLLOWED("a long model run removed");
    QList<int> spread;
    for (int i = 0; i < 40; ++i)
        spread.append(i * 3 + 2);
    remove(others(spread));
    VERIFY_FOLLOWED("spread rows removed");

    // Changes: one that moves a kept row, one that does not.
    m_proxy->sort(RequestTableModel::Status, Qt::AscendingOrder);
    AccessRequest moved = *m_model->request(ids.at(1));
    moved.status = RequestStatus(moved.status.kind() == Kind::Pending ? Kind::Expired : Kind::Pending);
    const int before = m_proxy->rowOfSource(m_model->rowOf(moved.requestId));
    change(moved);
    QVERIFY(m_proxy->rowOfSource(m_model->rowOf(moved.requestId)) != before);
    VERIFY_FOLLOWED("a kept row moved");
    AccessRequest still = *m_model->request(ids.at(3));
    still.justification = u"changed in place"_s;
    change(still);
    VERIFY_FOLLOWED("a kept row changed");

    // A kept row removed: its index goes, the others stay.
    remove({m_model->rowOf(ids.at(2))});
    ids[2].clear();
    VERIFY_FOLLOWED("a kept row removed");
    QVERIFY(!kept.at(2).isValid());
#undef VERIFY_FOLLOWED
}

void TestRequestSortProxy::resetMappingAndHeaders()
{
    m_model->setRequests(mixedRequests(80));
    m_proxy->sort(RequestTableModel::Status, Qt::DescendingOrder);
    VERIFY_ORDER("first load");
    QSignalSpy resets(m_proxy.get(), &QAbstractItemModel::modelReset);

    // Another load: a reset, sorted as before.
    m_model->setRequests(mixedRequests(90, 500));
    QCOMPARE(resets.size(), 1);
    QCOMPARE(m_proxy->rowCount(), 90);
    QCOMPARE(m_proxy->sortColumn(), int(RequestTableModel::Status));
    QCOMPARE(m_proxy->sortOrder(), Qt::DescendingOrder);
    VERIFY_ORDER("reloaded");

    // Both ways for every cell, and the same data as the model's cell.
    QCOMPARE(m_proxy->columnCount(), int(RequestTableModel::ColumnCount));
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        for (int column = 0; column < RequestTableModel::ColumnCount; ++column) {
            const QModelIndex index = m_proxy->index(row, column);
            const QModelIndex source = m_proxy->mapToSource(index);
            QVERIFY(source.isValid());
            QCOMPARE(source.model(), m_model.get());
            QCOMPARE(source.column(), column);
            QCOMPARE(m_proxy->mapFromSource(source), index);
            QCOMPARE(index.data(), source.data());
        }
    }
    for (int source = 0; source < m_model->rowCount(); ++source) {
        const QModelIndex index = m_model->index(source, RequestTableModel::Resource);
        QCOMPARE(m_proxy->mapToSource(m_proxy->mapFromSource(index)), index);
    }
    QVERIFY(!m_proxy->mapFromSource(QModelIndex()).isValid());
    QVERIFY(!m_proxy->mapToSource(QModelIndex()).isValid());
    QCOMPARE(m_proxy->sourceRow(-1), -1);
    QCOMPARE(m_proxy->sourceRow(90), -1);
    QCOMPARE(m_proxy->rowOfSource(90), -1);

    // Horizontal headers are the model's, with rows and without.
    for (int section = 0; section < RequestTableModel::ColumnCount; ++section) {
        for (const int role : {int(Qt::DisplayRole), int(Qt::AccessibleTextRole), int(Qt::ToolTipRole)}) {
            QCOMPARE(m_proxy->headerData(section, Qt::Horizontal, role),
                     m_model->headerData(section, Qt::Horizontal, role));
        }
    }
    QCOMPARE(m_proxy->headerData(RequestTableModel::TimeLeft, Qt::Horizontal).toString(), u"Time left"_s);

    // Emptied, and loaded again under another order.
    m_model->setRequests({});
    QCOMPARE(resets.size(), 2);
    QCOMPARE(m_proxy->rowCount(), 0);
    for (int section = 0; section < RequestTableModel::ColumnCount; ++section)
        QCOMPARE(m_proxy->headerData(section, Qt::Horizontal), m_model->headerData(section, Qt::Horizontal));
    m_proxy->sort(RequestTableModel::Justification, Qt::AscendingOrder);
    m_model->setRequests(mixedRequests(60, 700));
    QCOMPARE(resets.size(), 3);
    VERIFY_ORDER("loaded again");
}

QTEST_MAIN(TestRequestSortProxy)
#include "tst_requestsortproxy.moc"
