// RequestTableController: the quick filters with their counts, the subscription filter listed by
// name (rebuilt only when it changed, keeping the choice), search as you type, the first row
// selected only once the cache is in, a request shown with the filters that hide it cleared, Enter
// asking for the details, and the table's layout and quick filter saved and restored.

#include "guitestkit.h"

#include "core/requestquery.h"
#include "gui/guiresources.h"
#include "gui/requestfilterproxy.h"
#include "gui/requesttablecontroller.h"
#include "gui/requesttablemodel.h"
#include "support/manualclock.h"
#include "support/requestbuilder.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::QuickFilter;
using lockbox::gui::RequestFilterProxy;
using lockbox::gui::RequestTableController;
using lockbox::gui::RequestTableModel;
using lockbox::test::child;
using lockbox::test::makeRequest;
using lockbox::test::ManualClock;
using Kind = lockbox::RequestStatus::Kind;

namespace {

const QString kSubA = u"00000000-0000-0000-0000-0000000000e1"_s;
const QString kSubB = u"00000000-0000-0000-0000-0000000000e2"_s;

} // namespace

class TestRequestTableController final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void quickFiltersShowTheirCounts();
    void quickFilterFollowsTheTabs();
    void subscriptionFilterListsNames();
    void searchWaitsForTheTypingToPause();
    void firstRowSelectedOnceLoaded();
    void shownRequestClearsTheFiltersHidingIt();
    void enterAsksForTheDetails();
    void layoutIsSavedAndRestored();
    void selectionStaysOnADecidedRequest();
    void tabIntoTheTableSelectsARow();

private:
    QTabBar *tabs() const { return child<QTabBar>(*m_window, u"quickFilters"_s); }
    QStringList tabTexts() const
    {
        QStringList texts;
        for (int i = 0; i < tabs()->count(); ++i)
            texts.append(tabs()->tabText(i));
        return texts;
    }
    // The window's filter row and table, and a controller over them.
    void buildWindow();

    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<RequestTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<RequestFilterProxy> m_proxy;
    std::unique_ptr<QWidget> m_window;
    QHBoxLayout *m_filterRow = nullptr;
    QComboBox *m_subscriptions = nullptr;
    QLineEdit *m_search = nullptr;
    QTableView *m_table = nullptr;
    std::unique_ptr<RequestTableController> m_controller;
    // Pending in A, Pending in B, Denied long ago in A.
    AccessRequest m_pendingA;
    AccessRequest m_pendingB;
    AccessRequest m_deniedA;
};

void TestRequestTableController::initTestCase()
{
    lockbox::gui::initResources();
}

void TestRequestTableController::init()
{
    m_clock = std::make_unique<ManualClock>();
    m_model = std::make_unique<RequestTableModel>(*m_clock);
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_proxy = std::make_unique<RequestFilterProxy>(*m_clock);
    m_proxy->setSourceModel(m_model.get());
    m_pendingA = makeRequest(kSubA, 1, Kind::Pending, m_clock->now().addSecs(-3600));
    m_pendingB = makeRequest(kSubB, 2, Kind::Pending, m_clock->now().addSecs(-3600));
    m_deniedA = makeRequest(kSubA, 3, Kind::Denied, m_clock->now().addDays(-30));
    m_deniedA.justification = u"An old case about a storage account."_s;
    m_model->setRequests({m_pendingA, m_pendingB, m_deniedA});
    buildWindow();
}

void TestRequestTableController::buildWindow()
{
    m_window = std::make_unique<QWidget>();
    auto *layout = new QVBoxLayout(m_window.get());
    m_filterRow = new QHBoxLayout;
    layout->addLayout(m_filterRow);
    m_subscriptions = new QComboBox(m_window.get());
    m_search = new QLineEdit(m_window.get());
    m_filterRow->addWidget(m_subscriptions);
    m_filterRow->addWidget(m_search);
    m_table = new QTableView(m_window.get());
    layout->addWidget(m_table);
    m_controller = std::make_unique<RequestTableController>(
        m_model.get(), m_proxy.get(),
        RequestTableController::Widgets {m_table, m_filterRow, m_subscriptions, m_search});
}

void TestRequestTableController::cleanup()
{
    m_controller.reset();
    m_window.reset();
    m_proxy.reset();
    m_tester.reset();
    m_model.reset();
    m_clock.reset();
}

void TestRequestTableController::quickFiltersShowTheirCounts()
{
    QVERIFY(tabs());
    QCOMPARE(m_filterRow->indexOf(tabs()), 0); // first in the row
    QCOMPARE(tabTexts(), QStringList({u"Pending (2)"_s, u"Active (0)"_s, u"History (1)"_s, u"All (3)"_s}));

    // The proxy's counts move with the rows, and the tabs follow on their own.
    const AccessRequest more = makeRequest(kSubB, 4, Kind::Pending, m_clock->now().addSecs(-60));
    m_model->applyChanges({{lockbox::test::changeOf(more)}, {}, {}}, {more});
    QTRY_COMPARE(tabTexts().first(), u"Pending (3)"_s);
    QCOMPARE(tabTexts().last(), u"All (4)"_s);
}

void TestRequestTableController::quickFilterFollowsTheTabs()
{
    QSignalSpy changed(m_controller.get(), &RequestTableController::quickFilterChanged);
    m_controller->setQuickFilter(3);
    QCOMPARE(m_controller->quickFilter(), 3);
    QCOMPARE(m_proxy->quickFilter(), QuickFilter::All);
    QCOMPARE(m_proxy->rowCount(), 3);
    QCOMPARE(changed.size(), 1);
    m_controller->setQuickFilter(2);
    QCOMPARE(m_proxy->quickFilter(), QuickFilter::History);
    QCOMPARE(m_proxy->rowCount(), 1);
    m_controller->setQuickFilter(0);
    QCOMPARE(m_proxy->quickFilter(), QuickFilter::Pending);
    QCOMPARE(m_proxy->rowCount(), 2);
    QCOMPARE(changed.size(), 3);
}

void TestRequestTableController::subscriptionFilterListsNames()
{
    QCOMPARE(m_subscriptions->count(), 1);
    QCOMPARE(m_subscriptions->itemText(0), u"All subscriptions"_s);

    m_controller->setQuickFilter(3);
    m_controller->setSubscriptions({{u"Alpha"_s, kSubB}, {u"Zeta"_s, kSubA}}, true);
    QCOMPARE(m_subscriptions->count(), 3);
    QCOMPARE(m_subscriptions->itemText(1), u"Alpha"_s);
    QCOMPARE(m_subscriptions->itemData(2).toString(), kSubA);
    m_subscriptions->setCurrentIndex(2);
    QCOMPARE(m_proxy->subscriptionFilter(), kSubA);
    QCOMPARE(m_proxy->rowCount(), 2); // A's two

    // The same list again: left as it is. A name changed: rebuilt, the choice kept by id.
    m_controller->setSubscriptions({{u"Alpha"_s, kSubB}, {u"Zeta"_s, kSubA}}, false);
    QCOMPARE(m_subscriptions->currentIndex(), 2);
    m_controller->setSubscriptions({{u"Alpha"_s, kSubB}, {u"Omega"_s, kSubA}}, true);
    QCOMPARE(m_subscriptions->itemText(2), u"Omega"_s);
    QCOMPARE(m_subscriptions->currentData().toString(), kSubA);
    QCOMPARE(m_proxy->subscriptionFilter(), kSubA);

    // The chosen one is no longer listed: back to all.
    m_controller->setSubscriptions({{u"Alpha"_s, kSubB}}, false);
    QCOMPARE(m_subscriptions->count(), 2);
    QCOMPARE(m_subscriptions->currentIndex(), 0);
}

void TestRequestTableController::searchWaitsForTheTypingToPause()
{
    m_controller->setQuickFilter(3);
    m_search->setText(u"storage account"_s);
    QCOMPARE(m_proxy->rowCount(), 3); // not at each key
    QTRY_COMPARE(m_proxy->searchText(), u"storage account"_s);
    QCOMPARE(m_proxy->rowCount(), 1);
}

void TestRequestTableController::firstRowSelectedOnceLoaded()
{
    QSignalSpy selection(m_controller.get(), &RequestTableController::selectionChanged);
    m_controller->selectFirstIfNone();
    QVERIFY(m_controller->selectedRequestIds().isEmpty()); // the cache is not all in yet

    m_controller->setLoaded(true);
    m_controller->selectFirstIfNone();
    const QString first = m_proxy->index(0, 0).data(RequestTableModel::RequestIdRole).toString();
    QCOMPARE(m_controller->selectedRequestIds(), QStringList {first});
    QCOMPARE(selection.size(), 1);

    // Rows that arrive later leave the choice alone.
    const AccessRequest newer = makeRequest(kSubB, 5, Kind::Pending, m_clock->now());
    m_model->applyChanges({{lockbox::test::changeOf(newer)}, {}, {}}, {newer});
    QCOMPARE(m_controller->selectedRequestIds(), QStringList {first});
}

void TestRequestTableController::shownRequestClearsTheFiltersHidingIt()
{
    m_controller->setLoaded(true);
    m_controller->setSubscriptions({{u"Alpha"_s, kSubA}, {u"Beta"_s, kSubB}}, true);
    m_subscriptions->setCurrentIndex(2); // B
    m_search->setText(u"vm 2"_s);
    QTRY_COMPARE(m_proxy->searchText(), u"vm 2"_s);
    m_controller->showRequest(m_pendingB.requestId); // visible: the filters stay
    QCOMPARE(m_controller->selectedRequestIds(), QStringList {m_pendingB.requestId});
    QCOMPARE(m_subscriptions->currentIndex(), 2);

    QCOMPARE(m_proxy->quickFilter(), QuickFilter::Pending);
    m_controller->showRequest(m_deniedA.requestId); // hidden by all three
    QCOMPARE(m_controller->selectedRequestIds(), QStringList {m_deniedA.requestId});
    QVERIFY(m_search->text().isEmpty());
    QCOMPARE(m_subscriptions->currentIndex(), 0);
    QCOMPARE(m_controller->quickFilter(), 3);

    m_controller->showRequest(u"not-in-the-table"_s);
    QCOMPARE(m_controller->selectedRequestIds(), QStringList {m_deniedA.requestId});
}

void TestRequestTableController::enterAsksForTheDetails()
{
    QSignalSpy details(m_controller.get(), &RequestTableController::detailsRequested);
    QTest::keyClick(m_table, Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(details.size(), 0);
    QTest::keyClick(m_table, Qt::Key_Return);
    QTest::keyClick(m_table, Qt::Key_Enter);
    QCOMPARE(details.size(), 2);
    QCOMPARE(details.first().first().value<Qt::FocusReason>(), Qt::ShortcutFocusReason);
}

void TestRequestTableController::layoutIsSavedAndRestored()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(u"console.ini"_s), QSettings::IniFormat);
    m_controller->restoreLayout(settings); // nothing saved: Pending
    QCOMPARE(m_controller->quickFilter(), 0);
    QCOMPARE(m_proxy->quickFilter(), QuickFilter::Pending);

    m_table->horizontalHeader()->moveSection(RequestTableModel::Justification, 0);
    m_controller->setQuickFilter(2);
    m_controller->saveLayout(settings);

    // Another window on the same settings.
    m_controller.reset();
    m_window.reset();
    m_proxy->setQuickFilter(QuickFilter::Pending);
    buildWindow();
    m_controller->restoreLayout(settings);
    QCOMPARE(m_controller->quickFilter(), 2);
    QCOMPARE(m_proxy->quickFilter(), QuickFilter::History);
    QCOMPARE(m_table->horizontalHeader()->logicalIndex(0), int(RequestTableModel::Justification));
}

void TestRequestTableController::selectionStaysOnADecidedRequest()
{
    // The approver denies the second Pending row: it leaves Pending, but neither it nor the
    // selection moves until the approver moves it; nothing else gets selected on its own.
    m_controller->setLoaded(true);
    const AccessRequest third = makeRequest(kSubA, 6, Kind::Pending, m_clock->now().addSecs(-7200));
    m_model->applyChanges({{lockbox::test::changeOf(third)}, {}, {}}, {third});
    QCOMPARE(m_proxy->rowCount(), 3);
    m_controller->showRequest(m_pendingB.requestId);
    const int rowBefore = m_table->selectionModel()->currentIndex().row();
    QSignalSpy selection(m_controller.get(), &RequestTableController::selectionChanged);

    AccessRequest denying = m_pendingB;
    denying.status = lockbox::RequestStatus(Kind::Denying);
    m_model->applyChanges({{}, {lockbox::test::changeOf(denying, m_pendingB.status)}, {}}, {denying});
    QCOMPARE(m_controller->selectedRequestIds(), QStringList {m_pendingB.requestId});
    QCOMPARE(m_table->selectionModel()->currentIndex().row(), rowBefore);
    QCOMPARE(m_proxy->rowCount(), 3);               // still shown, though no longer Pending
    QCOMPARE(tabTexts().first(), u"Pending (2)"_s); // the counts tell the truth
    AccessRequest denied = denying;
    denied.status = lockbox::RequestStatus(Kind::Denied);
    m_model->applyChanges({{}, {lockbox::test::changeOf(denied, denying.status)}, {}}, {denied});
    QCOMPARE(m_controller->selectedRequestIds(), QStringList {m_pendingB.requestId});
    QCOMPARE(selection.size(), 0);

    // Once the approver selects another request, the decided one leaves Pending; not at once, so
    // that the rows do not move between the two clicks of a double click.
    m_controller->showRequest(m_pendingA.requestId);
    QCOMPARE(m_controller->selectedRequestIds(), QStringList {m_pendingA.requestId});
    QCOMPARE(m_proxy->rowCount(), 3);
    QTRY_COMPARE(m_proxy->rowCount(), 2);
    QCOMPARE(m_model->rowOf(m_pendingB.requestId) >= 0, true);
    QVERIFY(!m_proxy->mapFromRequestModel(m_model->index(m_model->rowOf(m_pendingB.requestId), 0)).isValid());

    // A pin does not outlive a change of filter.
    m_controller->showRequest(third.requestId);
    AccessRequest approved = third;
    approved.status = lockbox::RequestStatus(Kind::Approving);
    m_model->applyChanges({{}, {lockbox::test::changeOf(approved, third.status)}, {}}, {approved});
    QCOMPARE(m_proxy->rowCount(), 2);
    m_controller->setQuickFilter(1);
    m_controller->setQuickFilter(0);
    QCOMPARE(m_proxy->rowCount(), 1);

    // A selection of thousands (Ctrl+A) pins nothing: filtering stays one look-up a row.
    QList<AccessRequest> many;
    for (int i = 0; i < 100; ++i)
        many.append(makeRequest(kSubB, 100 + i, Kind::Pending, m_clock->now().addSecs(-60 - i)));
    lockbox::ChangeSet added;
    for (const AccessRequest &r : many)
        added.added.append(lockbox::test::changeOf(r));
    m_model->applyChanges(added, many);
    m_table->selectAll();
    QCOMPARE(m_controller->selectedRequestIds().size(), 101);
    QVERIFY(m_proxy->pinnedRequests().isEmpty());
}

void TestRequestTableController::tabIntoTheTableSelectsARow()
{
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_controller->selectedRequestIds().isEmpty());
    m_search->setFocus(Qt::OtherFocusReason);
    QTRY_VERIFY(m_search->hasFocus());
    m_table->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(m_table->hasFocus());
    QCOMPARE(m_controller->selectedRequestIds().size(), 1);
}

QTEST_MAIN(TestRequestTableController)
#include "tst_requesttablecontroller.moc"
