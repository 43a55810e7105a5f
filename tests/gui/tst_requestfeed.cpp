// RequestFeed: the cache in chunks and the tray primed once, a small change applied at once, a
// large one in slices over event-loop turns (removals first, not of ids that come back; a change
// that arrives meanwhile waits its turn), and a sync run's tray batch that ends with its last slice.
// The engine is never started: the test speaks for it by emitting its signals.

#include "faketraynotifier.h"
#include "idleengine.h"

#include "core/changeset.h"
#include "gui/guiresources.h"
#include "gui/requestfeed.h"
#include "gui/requesttablemodel.h"
#include "gui/traycontroller.h"
#include "support/requestbuilder.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ChangeSet;
using lockbox::RequestStatus;
using lockbox::gui::RequestFeed;
using lockbox::gui::RequestTableModel;
using lockbox::gui::TrayController;
using lockbox::test::changeOf;
using lockbox::test::FakeTrayNotifier;
using lockbox::test::IdleEngine;
using lockbox::test::makeRequest;
using lockbox::test::makeRequests;
using Kind = lockbox::RequestStatus::Kind;

namespace {

const QString kSub = u"00000000-0000-0000-0000-0000000000f1"_s;

// Every request of `rows` as added.
ChangeSet added(const QList<AccessRequest> &rows)
{
    ChangeSet changes;
    for (const AccessRequest &r : rows)
        changes.added.append(changeOf(r));
    return changes;
}

} // namespace

class TestRequestFeed final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void cacheArrivesInChunksAndPrimesTheTrayOnce();
    void theRestIsReadOnceTheFirstRowsArePainted_data();
    void theRestIsReadOnceTheFirstRowsArePainted();
    void smallChangeGoesInAtOnce();
    void largeChangeGoesInSlices();
    void changeArrivingMeanwhileWaitsItsTurn();
    void syncRunIsToldOnceAfterItsLastSlice();

private:
    lockbox::engine::Engine *engine() const { return m_idle->engine(); }
    // The cache as the engine sends it at start, in one chunk.
    void load(const QList<AccessRequest> &rows);
    // Ids of the rows the model is about to remove, as it signals them.
    QStringList m_removedIds;

    std::unique_ptr<IdleEngine> m_idle; // a profile, a clock and an engine of its own for each test
    std::unique_ptr<FakeTrayNotifier> m_notifier;
    std::unique_ptr<RequestTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::unique_ptr<TrayController> m_tray;
    std::unique_ptr<RequestFeed> m_feed;
};

void TestRequestFeed::initTestCase()
{
    lockbox::gui::initResources();
}

void TestRequestFeed::init()
{
    m_idle = std::make_unique<IdleEngine>();
    m_notifier = std::make_unique<FakeTrayNotifier>();
    m_model = std::make_unique<RequestTableModel>(m_idle->clock());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::Fatal);
    m_tray = std::make_unique<TrayController>(m_notifier.get(), m_idle->clock());
    m_feed = std::make_unique<RequestFeed>(m_idle->host(), m_model.get(), m_tray.get());
    m_removedIds.clear();
    connect(m_model.get(), &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                for (int row = first; row <= last; ++row)
                    m_removedIds.append(m_model->requestAt(row)->requestId);
            });
}

void TestRequestFeed::cleanup()
{
    m_feed.reset();
    m_tray.reset();
    m_tester.reset();
    m_model.reset();
    m_notifier.reset();
    m_idle.reset();
}

void TestRequestFeed::load(const QList<AccessRequest> &rows)
{
    QSignalSpy loaded(m_feed.get(), &RequestFeed::loaded);
    Q_EMIT engine()->snapshot(rows, true);
    QCOMPARE(loaded.size(), 1);
    QVERIFY(m_feed->isLoaded());
}

void TestRequestFeed::cacheArrivesInChunksAndPrimesTheTrayOnce()
{
    QSignalSpy firstRows(m_feed.get(), &RequestFeed::firstRowsShown);
    QSignalSpy loaded(m_feed.get(), &RequestFeed::loaded);
    const QList<AccessRequest> cache = makeRequests(kSub, 5);

    Q_EMIT engine()->snapshot({}, false); // an empty profile's first chunk shows nothing yet
    QCOMPARE(firstRows.size(), 0);
    Q_EMIT engine()->snapshot(cache.mid(0, 3), false);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(firstRows.size(), 1);
    QCOMPARE(loaded.size(), 0);
    QVERIFY(!m_feed->isLoaded());
    QCOMPARE(m_tray->pendingCount(), 0); // primed with the whole cache, at its end

    Q_EMIT engine()->snapshot(cache.mid(3), true);
    QCOMPARE(m_model->rowCount(), 5);
    QCOMPARE(firstRows.size(), 1);
    QCOMPARE(loaded.size(), 1);
    QVERIFY(m_feed->isLoaded());
    QCOMPARE(m_tray->pendingCount(), 5);
    QVERIFY(m_notifier->messages.isEmpty()); // the cache is not news
    for (const AccessRequest &r : cache)
        QVERIFY(m_model->rowOf(r.requestId) >= 0);
}

void TestRequestFeed::theRestIsReadOnceTheFirstRowsArePainted_data()
{
    QTest::addColumn<bool>("shown");
    QTest::newRow("the first screen shown") << true;
    QTest::newRow("not shown: at once") << false;
}

void TestRequestFeed::theRestIsReadOnceTheFirstRowsArePainted()
{
    // The engine reads the cache's next chunk once the front end took the first: with a first
    // screen on display, once that screen has painted the first rows; otherwise at once. Every
    // later chunk is taken as it comes.
    QFETCH(bool, shown);
    QWidget screen;
    screen.resize(320, 200);
    if (shown) {
        screen.show();
        QVERIFY(QTest::qWaitForWindowExposed(&screen));
        QCoreApplication::processEvents(); // its first paint, before any rows
    }
    m_feed->setFirstScreen(&screen);
    const QList<AccessRequest> cache = makeRequests(kSub, 5);
    const int before = engine()->snapshotsTakenAhead();
    QSignalSpy firstRows(m_feed.get(), &RequestFeed::firstRowsShown);

    Q_EMIT engine()->snapshot(cache.mid(0, 3), false);
    QCOMPARE(firstRows.size(), 1);
    if (shown) {
        QCOMPARE(engine()->snapshotsTakenAhead(), before); // not before the paint
        screen.update();
        QTRY_COMPARE_WITH_TIMEOUT(engine()->snapshotsTakenAhead(), before + 1, 200); // well before 250 ms
    } else {
        QCOMPARE(engine()->snapshotsTakenAhead(), before + 1);
    }
    QTest::qWait(300); // past the wait's end: taken once, not twice
    QCOMPARE(engine()->snapshotsTakenAhead(), before + 1);

    Q_EMIT engine()->snapshot(cache.mid(3), true);
    QCOMPARE(engine()->snapshotsTakenAhead(), before + 2);
    QVERIFY(m_feed->isLoaded());
}

void TestRequestFeed::smallChangeGoesInAtOnce()
{
    load(makeRequests(kSub, 3));
    QSignalSpy changed(m_feed.get(), &RequestFeed::changed);
    QSignalSpy applied(m_feed.get(), &RequestFeed::changesApplied);
    const AccessRequest fresh = makeRequest(kSub, 100);
    const ChangeSet changes = added({fresh});

    Q_EMIT engine()->requestsChanged(changes, {fresh});
    QVERIFY(m_model->rowOf(fresh.requestId) >= 0);
    QVERIFY(!m_feed->isApplyingChanges());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().first().value<ChangeSet>().added.size(), 1);
    QCOMPARE(applied.size(), 0); // only a change that needed slices ends with changesApplied
    QCOMPARE(m_tray->pendingCount(), 4);
    QCOMPARE(m_notifier->messages.size(), 1);
    QVERIFY(m_notifier->messages.first().requestIds.contains(fresh.requestId));
}

void TestRequestFeed::largeChangeGoesInSlices()
{
    const QList<AccessRequest> cache = makeRequests(kSub, 10);
    load(cache);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_feed.get(), &RequestFeed::changed);
    QSignalSpy applied(m_feed.get(), &RequestFeed::changesApplied);

    // 1,200 new requests; cache[0] removed; cache[1] removed and back in the same change, approved.
    QList<AccessRequest> rows = makeRequests(kSub, 1200, 1000);
    ChangeSet changes = added(rows);
    changes.removed = {changeOf(cache[0], cache[0].status), changeOf(cache[1], cache[1].status)};
    AccessRequest back = cache[1];
    back.status = RequestStatus(Kind::Approved);
    changes.changed.append(changeOf(back, cache[1].status));
    rows.append(back);

    Q_EMIT engine()->requestsChanged(changes, rows);
    QVERIFY(m_feed->isApplyingChanges());
    QCOMPARE(m_model->rowCount(), 10); // nothing yet: the slices wait for the event loop
    QCOMPARE(changed.size(), 0);

    QVERIFY(applied.wait(5000));
    QVERIFY(!m_feed->isApplyingChanges());
    QCOMPARE(m_model->rowCount(), 10 - 1 + 1200);
    QVERIFY(inserted.size() >= 3); // 1,201 rows, 500 a turn
    QCOMPARE(m_removedIds, QStringList {cache[0].requestId});
    QCOMPARE(m_model->request(back.requestId)->status.kind(), Kind::Approved);
    QCOMPARE(changed.size(), 1); // the whole change, once, with its last slice
    const auto whole = changed.first().first().value<ChangeSet>();
    QCOMPARE(whole.added.size(), 1200);
    QCOMPARE(whole.removed.size(), 2);
    QCOMPARE(m_tray->pendingCount(), 10 - 2 + 1200);
}

void TestRequestFeed::changeArrivingMeanwhileWaitsItsTurn()
{
    load(makeRequests(kSub, 2));
    QSignalSpy applied(m_feed.get(), &RequestFeed::changesApplied);
    const QList<AccessRequest> many = makeRequests(kSub, 600, 1000);
    Q_EMIT engine()->requestsChanged(added(many), many);
    const AccessRequest late = makeRequest(kSub, 5000);
    bool lateFirst = false;
    connect(m_model.get(), &QAbstractItemModel::rowsInserted, this, [&] {
        lateFirst = lateFirst || (m_model->rowOf(late.requestId) >= 0 && m_model->rowOf(many.last().requestId) < 0);
    });
    Q_EMIT engine()->requestsChanged(added({late}), {late});
    QCOMPARE(m_model->rowOf(late.requestId), -1); // behind the slices, not before them

    QVERIFY(applied.wait(5000));
    QCOMPARE(applied.size(), 1);
    QCOMPARE(m_model->rowCount(), 2 + 600 + 1);
    QVERIFY(m_model->rowOf(late.requestId) >= 0);
    QVERIFY(!lateFirst);
}

void TestRequestFeed::syncRunIsToldOnceAfterItsLastSlice()
{
    Q_EMIT engine()->syncRunning(true); // before the cache is in: nothing to batch yet
    QVERIFY(!m_tray->isBatching());
    Q_EMIT engine()->syncRunning(false);
    load(makeRequests(kSub, 2));

    QSignalSpy applied(m_feed.get(), &RequestFeed::changesApplied);
    Q_EMIT engine()->syncRunning(true);
    QVERIFY(m_tray->isBatching());
    const QList<AccessRequest> many = makeRequests(kSub, 1200, 1000);
    ChangeSet changes = added(many);
    // A change that writes an id in another case than its row is still the row's, either way.
    changes.added[700].requestId = changes.added[700].requestId.toUpper();
    QVERIFY(changes.added[700].requestId != many[700].requestId);
    QList<AccessRequest> rows = many;
    rows[900].requestId = rows[900].requestId.toUpper();
    QVERIFY(changes.added[900].requestId != rows[900].requestId);
    Q_EMIT engine()->requestsChanged(changes, rows);
    Q_EMIT engine()->syncRunning(false); // the run ended; its slices are still on their way
    QVERIFY(m_tray->isBatching());

    QVERIFY(applied.wait(5000));
    QVERIFY(!m_tray->isBatching());
    QCOMPARE(m_notifier->messages.size(), 1); // 1,200 new requests, one message
    QCOMPARE(m_notifier->messages.first().requestIds.size(), 1200);
    QCOMPARE(m_tray->pendingCount(), 2 + 1200);
}

QTEST_MAIN(TestRequestFeed)
#include "tst_requestfeed.moc"
