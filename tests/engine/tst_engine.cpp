// engine::Engine without any widget, against lockbox-sim on loopback and a real SQLite profile:
// the cache comes first, a first sync reports every request, a decision reaches Azure once and
// comes back as the request's new status, a signed-out engine leaves the server alone, and a
// second start shows the cache before the network says anything. The cases share one profile, in
// order: each later one starts where the one before left it.

#include "auth/tokenprovider.h"
#include "engine/engine.h"
#include "sim/simworld.h"
#include "store/database.h"
#include "store/requestrowreader.h"
#include "store/requeststore.h"
#include "support/simfixture.h"
#include "support/sqlitefile.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;
using namespace lockbox;

namespace {

constexpr auto kTokenVariable = "LOCKBOX_ENGINE_TEST_TOKEN";
constexpr int kWaitMs = 30000;

} // namespace

class TestEngine final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void firstSyncReportsEveryRequest();
    void decisionReachesAzureOnceAndComesBack();
    void aDecisionOnWhatChangedSinceItWasShownIsNotSent();
    void aSecondStartShowsTheCacheFirst();
    void signedOutTheServerIsLeftAlone();
    void pacedCacheChunksWaitForTheFrontEnd();
    void aSubscriptionsWorthOfChangesComesAsTheTableKeepsRows();
    void aDamagedCacheIsToldOnceItsFirstRowsAreShown();

private:
    engine::EngineConfig config(bool withToken) const;
    // Starts an engine on the profile and records what it says.
    void start(bool withToken = true);
    void waitForSyncRuns(int runs);
    int simTotal();
    // A simulator of one subscription of `requests` and an empty profile of their own, for a test
    // that needs more than the shared one; `fill`: the profile has had its first sync.
    struct OwnSim
    {
        std::unique_ptr<test::SimFixture> sim;
        QTemporaryDir profile;
        engine::EngineConfig config;
    };
    void startOwnSim(OwnSim &own, int requests, bool fill, double pendingFraction = -1);

    std::unique_ptr<test::SimFixture> m_sim;
    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<engine::Engine> m_engine;
    QHash<QString, AccessRequest> m_rows; // what the engine reported, by request id
    QList<AccessRequest> m_snapshot;
    bool m_snapshotDone = false;
    int m_runs = 0;
    QStringList m_runErrors;
    QList<QueuedDecision> m_finished;
    QStringList m_finishedTexts;
};

void TestEngine::initTestCase()
{
    qputenv(kTokenVariable, QByteArray(test::SimFixture::kToken));
    sim::SimOptions options = test::SimFixture::defaultOptions();
    options.subscriptions = 2;
    options.requestsPerSubscription = 30;
    options.pendingFraction = 0.5;
    m_sim = std::make_unique<test::SimFixture>(options);
    QString error;
    QVERIFY2(m_sim->start(&error), qPrintable(error));
}

void TestEngine::init()
{
    if (!m_profile) {
        m_profile = std::make_unique<QTemporaryDir>();
        QVERIFY(m_profile->isValid());
    }
}

void TestEngine::cleanup()
{
    if (m_engine)
        m_engine->shutdown();
    m_engine.reset();
    m_rows.clear();
    m_snapshot.clear();
    m_snapshotDone = false;
    m_runs = 0;
    m_runErrors.clear();
    m_finished.clear();
    m_finishedTexts.clear();
}

engine::EngineConfig TestEngine::config(bool withToken) const
{
    engine::EngineConfig c;
    c.profileDir = m_profile->path();
    c.endpoint = m_sim->baseUrl();
    c.clock = m_sim->simulator().clock();
    c.pendingPollSec = 3600; // only the syncs a test asks for, and the first one
    c.timeoutSec = 10;
    c.importActivityLog = false;
    if (withToken) {
        c.makeTokens = [](QNetworkAccessManager *) -> std::unique_ptr<TokenProvider> {
            return std::make_unique<EnvironmentTokenProvider>(QString::fromLatin1(kTokenVariable));
        };
        c.tokensDescription = u"token from $%1"_s.arg(QString::fromLatin1(kTokenVariable));
    }
    return c;
}

void TestEngine::start(bool withToken)
{
    m_engine = std::make_unique<engine::Engine>(config(withToken));
    engine::Engine *e = m_engine.get();
    connect(e, &engine::Engine::snapshot, this, [this](const QList<AccessRequest> &rows, bool last) {
        m_snapshot += rows;
        // Nothing of the network may come before the whole cache.
        QVERIFY(m_rows.isEmpty() && m_runs == 0);
        m_snapshotDone = last;
    });
    connect(e, &engine::Engine::requestsChanged, this,
            [this](const ChangeSet &changes, const QList<AccessRequest> &rows) {
                for (const AccessRequest &r : rows)
                    m_rows.insert(r.requestId.toLower(), r);
                for (const RequestChange &removed : changes.removed)
                    m_rows.remove(removed.requestId.toLower());
            });
    connect(e, &engine::Engine::syncFinished, this, [this](int, const QStringList &errors) {
        ++m_runs;
        m_runErrors += errors;
    });
    connect(e, &engine::Engine::decisionFinished, this, [this](const QueuedDecision &d, const QString &text) {
        m_finished.append(d);
        m_finishedTexts.append(text);
    });
    QSignalSpy opened(e, &engine::Engine::opened);
    e->open();
    QCOMPARE(opened.size(), 1);
    QVERIFY2(opened.first().at(0).toBool(), qPrintable(opened.first().at(1).toString()));
    QVERIFY(m_snapshotDone);
}

void TestEngine::waitForSyncRuns(int runs)
{
    QTRY_VERIFY_WITH_TIMEOUT(m_runs >= runs, kWaitMs);
    QVERIFY2(m_runErrors.isEmpty(), qPrintable(m_runErrors.join(u"; "_s)));
}

int TestEngine::simTotal()
{
    int total = 0;
    for (const QString &sub : m_sim->subscriptionIds())
        total += int(m_sim->simulator().world().requests(sub).size());
    return total;
}

void TestEngine::firstSyncReportsEveryRequest()
{
    start();
    QVERIFY(m_snapshot.isEmpty()); // a new profile
    waitForSyncRuns(1);
    QCOMPARE(m_rows.size(), simTotal());
    for (const QString &sub : m_sim->subscriptionIds()) {
        for (const auto *record : m_sim->simulator().world().requests(sub)) {
            const AccessRequest reported = m_rows.value(record->request.requestId.toLower());
            QCOMPARE(reported.subscriptionId, sub);
            QCOMPARE(reported.status.toString(), record->request.status.toString());
        }
    }
}

void TestEngine::decisionReachesAzureOnceAndComesBack()
{
    start();
    waitForSyncRuns(1);
    QString id;
    for (const AccessRequest &r : m_snapshot + m_rows.values()) {
        if (r.status.kind() == RequestStatus::Kind::Pending
            && r.expirationDateTime > m_sim->simulator().clock()->now().addSecs(3600)) {
            id = r.requestId;
            break;
        }
    }
    QVERIFY2(!id.isEmpty(), "no pending request to decide");
    QSignalSpy queued(m_engine.get(), &engine::Engine::decisionQueued);
    QSignalSpy refused(m_engine.get(), &engine::Engine::decisionRefused);
    m_engine->decide({id}, Verdict::Approve, u"engine test"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_finished.size(), 1, kWaitMs);
    QVERIFY(refused.isEmpty());
    QCOMPARE(queued.size(), 1);
    QCOMPARE(m_finished.first().requestId.toLower(), id.toLower());
    QCOMPARE(m_finished.first().state, QueuedDecision::State::Acknowledged);
    QCOMPARE(m_finished.first().attempts, 1);
    // Once at the server, and for nothing else.
    const QJsonObject posts = m_sim->counters().value(u"decisionPostsByRequest"_s).toObject();
    QCOMPARE(posts.size(), 1);
    QCOMPARE(posts.begin().key().toLower(), id.toLower());
    QCOMPARE(posts.begin().value().toInt(), 1);
    // The next syncs (asked for here: the poll is an hour) bring the request's new status back
    // to whoever listens, once the simulator moved it from Approving to Approved.
    QTimer poll;
    connect(&poll, &QTimer::timeout, m_engine.get(), [this] { m_engine->syncNow(false); });
    poll.start(200);
    QTRY_COMPARE_WITH_TIMEOUT(m_rows.value(id.toLower()).status.kind(), RequestStatus::Kind::Approved, kWaitMs);
}

void TestEngine::aDecisionOnWhatChangedSinceItWasShownIsNotSent()
{
    start();
    waitForSyncRuns(1);
    // The request as the window showed it: the latest row the engine reported.
    QHash<QString, AccessRequest> shown;
    for (const AccessRequest &r : m_snapshot + m_rows.values())
        shown.insert(r.requestId.toLower(), r);
    // ARM ids compare without case (the simulator, as Azure does at times, writes some in upper
    // case); one that already covers its whole subscription could not grow to it.
    const auto coversSubscription = [](const AccessRequest &r) {
        return r.resourceIds.contains(u"/subscriptions/"_s + r.subscriptionId, Qt::CaseInsensitive);
    };
    QString id;
    for (const AccessRequest &r : std::as_const(shown)) {
        if (r.status.kind() == RequestStatus::Kind::Pending
            && r.expirationDateTime > m_sim->simulator().clock()->now().addSecs(3600) && !coversSubscription(r)) {
            id = r.requestId;
            break;
        }
    }
    QVERIFY2(!id.isEmpty(), "no pending request to decide");
    const AccessRequest reviewed = shown.value(id.toLower());

    // Meanwhile the request grows to its whole subscription, and a sync brings that.
    sim::SimRecord *record = m_sim->simulator().world().requestById(id);
    QVERIFY(record);
    const QString wholeSubscription = u"/subscriptions/"_s + record->request.subscriptionId;
    record->request.resourceIds.append(wholeSubscription);
    m_sim->simulator().world().changed(*record);
    {
        QTimer poll; // asked for until it comes: the poll is an hour, and a run may be under way
        connect(&poll, &QTimer::timeout, m_engine.get(), [this] { m_engine->syncNow(true); });
        poll.start(200);
        QTRY_VERIFY_WITH_TIMEOUT(coversSubscription(m_rows.value(id.toLower())), kWaitMs);
    }

    // The approval of what was shown is not sent; the window is told why.
    QSignalSpy queued(m_engine.get(), &engine::Engine::decisionQueued);
    m_engine->decide(QList<AccessRequest> {reviewed}, Verdict::Approve, u"as shown"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_finished.size(), 1, kWaitMs);
    QCOMPARE(m_finished.first().state, QueuedDecision::State::Failed);
    QVERIFY2(m_finishedTexts.first().contains(u"changed on the server since you reviewed it"_s),
             qPrintable(m_finishedTexts.first()));
    QCOMPARE(queued.size(), 1);
    const QJsonObject posts = m_sim->counters().value(u"decisionPostsByRequest"_s).toObject();
    for (auto it = posts.begin(); it != posts.end(); ++it)
        QVERIFY(it.key().compare(id, Qt::CaseInsensitive) != 0);
    QCOMPARE(record->request.status.kind(), RequestStatus::Kind::Pending);

    // Decided on what it is now, it goes.
    m_engine->decide(QList<AccessRequest> {m_rows.value(id.toLower())}, Verdict::Deny, u"too wide"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_finished.size(), 2, kWaitMs);
    QCOMPARE(m_finished.at(1).state, QueuedDecision::State::Acknowledged);
}

void TestEngine::aSecondStartShowsTheCacheFirst()
{
    // The profile the tests before left: its whole cache arrives before any network answer.
    start();
    QCOMPARE(m_snapshot.size(), simTotal());
    QSet<QString> ids;
    for (const AccessRequest &r : std::as_const(m_snapshot))
        ids.insert(r.requestId.toLower());
    QCOMPARE(ids.size(), simTotal());
    for (int i = 1; i < m_snapshot.size(); ++i) // newest first
        QVERIFY(m_snapshot.at(i - 1).createdDateTime >= m_snapshot.at(i).createdDateTime);
}

void TestEngine::signedOutTheServerIsLeftAlone()
{
    const int readsBefore = m_sim->counters().value(u"reads"_s).toInt();
    start(false);
    QSignalSpy messages(m_engine.get(), &engine::Engine::message);
    QSignalSpy running(m_engine.get(), &engine::Engine::syncRunning);
    // The engine lives on this thread: a sync would have started (syncRunning) before these return.
    m_engine->syncNow(true);
    m_engine->syncNow(false);
    QCOMPARE(messages.size(), 2);
    QVERIFY2(messages.first().first().toString().startsWith(u"Not signed in"_s),
             qPrintable(messages.first().first().toString()));
    QVERIFY(running.isEmpty());
    QCOMPARE(m_runs, 0);
    QCOMPARE(m_sim->counters().value(u"reads"_s).toInt(), readsBefore);
    // The cache stays readable.
    QCOMPARE(m_snapshot.size(), simTotal());
}

void TestEngine::startOwnSim(OwnSim &own, int requests, bool fill, double pendingFraction)
{
    sim::SimOptions options = test::SimFixture::defaultOptions();
    options.subscriptions = 1;
    options.requestsPerSubscription = requests;
    if (pendingFraction >= 0)
        options.pendingFraction = pendingFraction;
    own.sim = std::make_unique<test::SimFixture>(options);
    QString error;
    QVERIFY2(own.sim->start(&error), qPrintable(error));
    QVERIFY(own.profile.isValid());
    own.config = config(true);
    own.config.profileDir = own.profile.path();
    own.config.endpoint = own.sim->baseUrl();
    own.config.clock = own.sim->simulator().clock();
    if (!fill)
        return;
    engine::Engine filler(own.config);
    QSignalSpy finished(&filler, &engine::Engine::syncFinished);
    filler.open();
    QVERIFY(finished.wait(kWaitMs));
    QVERIFY2(finished.first().at(1).toStringList().isEmpty(),
             qPrintable(finished.first().at(1).toStringList().join(u"; "_s)));
    filler.shutdown();
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"

void TestEngine::pacedCacheChunksWaitForTheFrontEnd()
{
    // 11,000 cached requests come as four chunks (150, 5,000, 5,000, 850). Paced, as the console
    // runs the engine (on a thread of its own), the first travels alone (the first screen is shown
    // before the rest is read), then no more than two are on their way before the front end says
    // it took one.
    OwnSim own;
    startOwnSim(own, 11000, true);
    if (QTest::currentTestFailed())
        return;

    engine::EngineConfig c = config(false); // the cache only
    c.profileDir = own.profile.path();
    c.pacedSnapshots = true;
    QThread thread;
    auto *paced = new engine::Engine(c);
    paced->moveToThread(&thread);
    thread.start();
    const auto stop = qScopeGuard([&] { // also when a check fails
        QMetaObject::invokeMethod(
            paced, [paced] { paced->shutdown(); }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
        delete paced;
    });
    QList<int> chunks;
    bool last = false;
    connect(paced, &engine::Engine::snapshot, this, [&](const QList<AccessRequest> &rows, bool isLast) {
        chunks.append(int(rows.size()));
        last = isLast;
    });
    // The whole size is told once, after the first chunk was taken: room for the rows before
    // they come.
    QList<int> sizes;
    QList<int> sizeAfterChunks;
    connect(paced, &engine::Engine::snapshotSize, this, [&](int rows) {
        sizes.append(rows);
        sizeAfterChunks.append(int(chunks.size()));
    });
    QMetaObject::invokeMethod(
        paced, [paced] { paced->open(); }, Qt::QueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(chunks.size(), 1, kWaitMs);
    QTest::qWait(500); // time enough to read 5,000 rows many times over
    QCOMPARE(chunks, (QList<int> {150}));
    QVERIFY(sizes.isEmpty());
    paced->snapshotTaken();
    QTRY_COMPARE_WITH_TIMEOUT(chunks.size(), 3, kWaitMs);
    QTest::qWait(500);
    QCOMPARE(chunks, (QList<int> {150, 5000, 5000}));
    QVERIFY(!last);
    QCOMPARE(sizes, QList<int> {11000});
    QCOMPARE(sizeAfterChunks, QList<int> {1});
    paced->snapshotTaken();
    QTRY_VERIFY_WITH_TIMEOUT(last, kWaitMs);
    QCOMPARE(chunks, (QList<int> {150, 5000, 5000, 850}));

    // A front end that goes away while the engine waits for it (the console closed in its first
    // seconds): the engine stops reading at once, rather than after its 10 s wait, and sends no
    // more chunks.
    QThread thread2;
    auto *leaving = new engine::Engine(c);
    leaving->moveToThread(&thread2);
    thread2.start();
    QList<int> chunks2;
    connect(leaving, &engine::Engine::snapshot, this,
            [&](const QList<AccessRequest> &rows, bool) { chunks2.append(int(rows.size())); });
    QMetaObject::invokeMethod(
        leaving, [leaving] { leaving->open(); }, Qt::QueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(chunks2.size(), 1, kWaitMs);
    QElapsedTimer stopping;
    stopping.start();
    leaving->stopReadingCache();
    QMetaObject::invokeMethod(
        leaving, [leaving] { leaving->shutdown(); }, Qt::BlockingQueuedConnection);
    QCOMPARE_LT(stopping.elapsed(), 5000);
    thread2.quit();
    QVERIFY(thread2.wait(kWaitMs));
    delete leaving;
    QCoreApplication::processEvents();
    QCOMPARE(chunks2, (QList<int> {150}));
}

void TestEngine::aSubscriptionsWorthOfChangesComesAsTheTableKeepsRows()
{
    // A first sync of a subscription of 600 requests (more than are read one by one): every added
    // request reaches the front end once, as the table keeps rows: open ones whole, exactly as the
    // cache holds them (a decision is bound to them), the others summarised.
    OwnSim own;
    startOwnSim(own, 600, false, 0.3);
    if (QTest::currentTestFailed())
        return;
    const engine::EngineConfig &c = own.config;
    engine::Engine e(c);
    QHash<QString, AccessRequest> rows;
    int added = 0;
    connect(&e, &engine::Engine::requestsChanged, this,
            [&](const ChangeSet &changes, const QList<AccessRequest> &changed) {
                added += int(changes.added.size());
                for (const AccessRequest &r : changed)
                    QVERIFY(!rows.contains(r.requestId.toLower()));
                for (const AccessRequest &r : changed)
                    rows.insert(r.requestId.toLower(), r);
            });
    QSignalSpy finished(&e, &engine::Engine::syncFinished);
    e.open();
    QVERIFY(finished.wait(kWaitMs));
    QVERIFY2(finished.first().at(1).toStringList().isEmpty(),
             qPrintable(finished.first().at(1).toStringList().join(u"; "_s)));
    e.shutdown();
    store::Database db;
    QString error;
    QVERIFY2(db.openReadOnly(own.profile.path(), store::DatabaseOptions(), &error), qPrintable(error));
    store::RequestStore cache(db, *c.clock);
    const QString sub = own.sim->subscriptionIds().first();
    const auto records = own.sim->simulator().world().requests(sub);
    QCOMPARE(added, int(records.size()));
    QCOMPARE(rows.size(), records.size());
    int whole = 0;
    int summarised = 0;
    for (const auto *record : records) {
        const AccessRequest reported = rows.value(record->request.requestId.toLower());
        QCOMPARE(reported.requestId, record->request.requestId);
        QCOMPARE(reported.subscriptionId, sub);
        QCOMPARE(reported.status.toString(), record->request.status.toString());
        const auto cached = cache.request(reported.requestId);
        QVERIFY(cached);
        if (store::RequestRowReader::keepsWhole(reported.status.kind())) {
            QCOMPARE(reported, *cached);
            ++whole;
        } else {
            QCOMPARE(reported, store::RequestRowReader::summary(*cached));
            ++summarised;
        }
    }
    QVERIFY2(whole > 100 && summarised > 100, qPrintable(u"%1 whole, %2 summarised"_s.arg(whole).arg(summarised)));
}

void TestEngine::aDamagedCacheIsToldOnceItsFirstRowsAreShown()
{
    // The integrity check runs once the cache is on its way to the window: a damaged file still
    // shows what can be read, and then the engine says it is damaged and goes no further (nothing
    // written).
    OwnSim own;
    startOwnSim(own, 2000, true);
    if (QTest::currentTestFailed())
        return;
    const QString path = store::Database::pathIn(own.profile.path());
    QVERIFY(!QFile::exists(path + u"-wal"_s) || QFileInfo(path + u"-wal"_s).size() == 0);
    const qint64 pageSize = lockbox::test::sqlitePageSize(path);
    QVERIFY(pageSize > 0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    const qint64 pages = file.size() / pageSize;
    QVERIFY2(pages > 12, qPrintable(QString::number(pages)));
    for (qint64 page = pages - 3; page < pages - 1; ++page) { // the newest rows' pages are read first
        file.seek(page * pageSize);
        file.write(QByteArray(pageSize, char(0x5a)));
    }
    file.close();
    const QByteArray damagedBytes = [&path] {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();

    engine::EngineConfig c = config(false);
    c.profileDir = own.profile.path();
    engine::Engine e(c);
    int rows = 0;
    bool last = false;
    QStringList order;
    connect(&e, &engine::Engine::snapshot, this, [&](const QList<AccessRequest> &chunk, bool isLast) {
        rows += int(chunk.size());
        last = isLast;
        order.append(isLast ? u"last chunk"_s : u"chunk"_s);
    });
    connect(&e, &engine::Engine::opened, this, [&order] { order.append(u"opened"_s); });
    QSignalSpy opened(&e, &engine::Engine::opened);
    e.open();
    QCOMPARE(order.constLast(), u"opened"_s);
    QCOMPARE(order.value(order.size() - 2), u"last chunk"_s); // told once every row was shown
    QCOMPARE(opened.size(), 1);
    QVERIFY(!opened.first().at(0).toBool());
    const QString told = opened.first().at(1).toString();
    QVERIFY2(told.contains(u"damaged"_s) && told.contains(path), qPrintable(told));
    QVERIFY(last);
    QVERIFY(rows > 0);
    e.shutdown();
    QFile after(path);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QVERIFY(after.readAll() == damagedBytes); // not a byte written
}
