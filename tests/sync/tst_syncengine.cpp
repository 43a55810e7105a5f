// SyncEngine against an in-process lockbox-sim and a real database: the cache ends exactly as the
// simulator holds it, a re-sync writes nothing, pending polls see decisions made elsewhere and new
// arrivals, a listing that fails half way writes nothing, the concurrency limit holds, and a
// failing subscription backs off (a 403 for hours). Many subscriptions share one ARM budget
// under the simulator's rate limit without a 429 left unhonoured, and idle polls write nothing to
// the database (QUALITY P3, P9).

#include "enginefixture.h"

#include "azure/azurejson.h"
#include "azure/requestlistjob.h"
#include "sim/simworld.h"
#include "support/manualclock.h"
#include "sync/activityimporter.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

#include <atomic>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ArmError;
using lockbox::RequestStatus;
using lockbox::SyncEngine;
using lockbox::test::EngineFixture;
using lockbox::test::ManualClock;
using lockbox::test::SimFixture;

namespace {

// A request as the simulator serves it: the record with its payload quirks applied (upper-case
// resource ids, timestamps without fractions, an integer duration).
AccessRequest asServed(const lockbox::sim::SimRecord &record)
{
    using namespace lockbox::sim;
    AccessRequest r = record.request;
    if (r.type.isEmpty())
        r.type = u"requests"_s;
    if (record.quirks & QuirkUpperCaseResourceIds) {
        for (QString &id : r.resourceIds)
            id = id.toUpper();
    }
    if (record.quirks & QuirkNoFraction) {
        for (QDateTime *t : {&r.createdDateTime, &r.expirationDateTime})
            *t = QDateTime::fromSecsSinceEpoch(t->toSecsSinceEpoch(), Qt::UTC);
    }
    if ((record.quirks & QuirkDurationAsInt) && r.durationHours())
        r.duration = QString::number(*r.durationHours());
    return r;
}

// Every field, with the request id in the message.
bool sameRequest(const AccessRequest &stored, const AccessRequest &expected, QString *difference)
{
    const auto differ = [&](const char *field, const QString &a, const QString &b) {
        *difference =
            u"%1: %2 is '%3', the simulator says '%4'"_s.arg(expected.requestId, QLatin1StringView(field), a, b);
        return false;
    };
    const auto ms = [](const QDateTime &t) { return t.isValid() ? QString::number(t.toMSecsSinceEpoch()) : u"-"_s; };
    if (stored.requestId != expected.requestId)
        return differ("requestId", stored.requestId, expected.requestId);
    if (stored.subscriptionId != expected.subscriptionId)
        return differ("subscriptionId", stored.subscriptionId, expected.subscriptionId);
    if (stored.armId != expected.armId)
        return differ("id", stored.armId, expected.armId);
    if (stored.name != expected.name)
        return differ("name", stored.name, expected.name);
    if (stored.type != expected.type)
        return differ("type", stored.type, expected.type);
    if (stored.justification != expected.justification)
        return differ("justification", stored.justification, expected.justification);
    if (stored.status != expected.status)
        return differ("status", stored.status.toString(), expected.status.toString());
    if (ms(stored.createdDateTime) != ms(expected.createdDateTime))
        return differ("createdDateTime", ms(stored.createdDateTime), ms(expected.createdDateTime));
    if (ms(stored.expirationDateTime) != ms(expected.expirationDateTime))
        return differ("expirationDateTime", ms(stored.expirationDateTime), ms(expected.expirationDateTime));
    if (stored.duration != expected.duration)
        return differ("duration", stored.duration, expected.duration);
    if (stored.resourceIds != expected.resourceIds)
        return differ("resourceIds", stored.resourceIds.join(u'|'), expected.resourceIds.join(u'|'));
    if (stored.resourceType != expected.resourceType)
        return differ("resourceType", stored.resourceType, expected.resourceType);
    if (stored.supportRequest != expected.supportRequest)
        return differ("supportRequest", stored.supportRequest, expected.supportRequest);
    if (stored.supportCaseUrl != expected.supportCaseUrl)
        return differ("supportCaseUrl", stored.supportCaseUrl, expected.supportCaseUrl);
    if (stored.workItemSource != expected.workItemSource)
        return differ("workItemSource", stored.workItemSource, expected.workItemSource);
    if (stored.accessLevel != expected.accessLevel)
        return differ("accessLevel", stored.accessLevel.value_or(u"(none)"_s),
                      expected.accessLevel.value_or(u"(none)"_s));
    return true;
}

QStringList pendingIn(lockbox::sim::SimWorld &world, const QString &subscriptionId)
{
    QStringList ids;
    for (const lockbox::sim::SimRecord *r : world.requests(subscriptionId)) {
        if (r->request.status.isDecidable())
            ids.append(r->request.requestId);
    }
    return ids;
}

const lockbox::SyncEngine::Result *resultFor(const QList<SyncEngine::Result> &results, const QString &subscriptionId)
{
    for (const SyncEngine::Result &r : results) {
        if (r.subscriptionId.compare(subscriptionId, Qt::CaseInsensitive) == 0)
            return &r;
    }
    return nullptr;
}

// What would move if anything were written to the profile's database.
struct WriteMarks
{
    qint64 dataVersion = -1;  // PRAGMA data_version of another connection
    qint64 totalChanges = -1; // total_changes() of the writer
    qint64 walSize = -1;
    QDateTime walModified;
    qint64 fileSize = -1;
    QDateTime fileModified;

    QString describe() const
    {
        return u"data_version %1, total_changes %2, wal %3 bytes at %4, file %5 bytes at %6"_s.arg(dataVersion)
            .arg(totalChanges)
            .arg(walSize)
            .arg(walModified.toString(Qt::ISODateWithMs))
            .arg(fileSize)
            .arg(fileModified.toString(Qt::ISODateWithMs));
    }
    friend bool operator==(const WriteMarks &a, const WriteMarks &b)
    {
        return a.dataVersion == b.dataVersion && a.totalChanges == b.totalChanges && a.walSize == b.walSize
            && a.walModified == b.walModified && a.fileSize == b.fileSize && a.fileModified == b.fileModified;
    }
};

// Counts the pages the list path reads (parses), while it lives.
int g_pagesRead = 0;

lockbox::RequestPage countingReader(const QByteArray &body)
{
    ++g_pagesRead;
    return lockbox::AzureJson::parseRequestPage(body);
}

// Fails the read numbered g_failAtRead (from 1), whichever thread reads it.
std::atomic<int> g_reads {0};
int g_failAtRead = 0;

lockbox::RequestPage failingReader(const QByteArray &body)
{
    if (++g_reads == g_failAtRead) {
        lockbox::RequestPage page;
        page.error = u"injected: this page cannot be read"_s;
        return page;
    }
    return lockbox::AzureJson::parseRequestPage(body);
}

struct PagesRead
{
    int &count = g_pagesRead;
    PagesRead()
    {
        g_pagesRead = 0;
        lockbox::RequestListJob::setPageReader(&countingReader);
    }
    ~PagesRead() { lockbox::RequestListJob::setPageReader(nullptr); }
    Q_DISABLE_COPY_MOVE(PagesRead)
};

// Subscriptions for the many-subscription tests: 1,000 with LOCKBOX_TEST_FULL_SIZE=1 (the bench
// size), fewer by default so that CI stays quick.
int manySubscriptions(int ciSize)
{
    return qEnvironmentVariableIntValue("LOCKBOX_TEST_FULL_SIZE") == 1 ? 1000 : ciSize;
}

const lockbox::RequestChange *changeFor(const QList<lockbox::RequestChange> &changes, const QString &requestId)
{
    for (const lockbox::RequestChange &c : changes) {
        if (c.requestId.compare(requestId, Qt::CaseInsensitive) == 0)
            return &c;
    }
    return nullptr;
}

} // namespace

class TestSyncEngine final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();

    void firstFullSyncStoresExactlyWhatTheSimulatorHolds_data();
    void firstFullSyncStoresExactlyWhatTheSimulatorHolds();
    void aPageUnreadableAtTheMergeWritesNothing_data();
    void aPageUnreadableAtTheMergeWritesNothing();
    void secondFullSyncChangesNothing();
    void anUnchangedListingIsNeitherReadNorMerged();
    void aChangedPageReadsTheWholeListingAgain();
    void aCacheWrittenSinceIsMergedAgain();
    void anUnchangedPendingPollReadsNothing();
    void autoIsFullFirstThenPendingOnly();
    void pendingPollRereadsARequestDecidedElsewhere();
    void pendingPollAddsANewRequest();
    void manyLeavingThePendingListReadTheFullList();
    void failedListingWritesNothing_data();
    void failedListingWritesNothing();
    void concurrencyLimitIsRespected();
    void backoffSkipsAFailingSubscription();
    void manySubscriptionsShareOneBudget();
    void throttlingHoldsBackEveryCall();
    void forbiddenSubscriptionBacksOffForHours();
    void idlePollsWriteNothing();
    void fullSyncStaysDueAcrossRestarts();
    void approvalTimeFromTheActivityLog();
    void activityWindowOverTheListingLimitIsSplit();
    void activityWindowOverTheLimitAtAnHourFails();

private:
    void start(const lockbox::sim::SimOptions &options, const SyncEngine::Options &engineOptions = {},
               const std::function<void(lockbox::ArmClient::Options &)> &tweak = {});
    QStringList requestsTable();
    WriteMarks writeMarks(lockbox::store::Database &reader);

    std::unique_ptr<EngineFixture> m_env;
    std::unique_ptr<SyncEngine> m_engine;
};

void TestSyncEngine::cleanup()
{
    m_engine.reset();
    m_env.reset();
}

void TestSyncEngine::start(const lockbox::sim::SimOptions &options, const SyncEngine::Options &engineOptions,
                           const std::function<void(lockbox::ArmClient::Options &)> &tweak)
{
    m_env = std::make_unique<EngineFixture>(options);
    QString error;
    QVERIFY2(m_env->start(&error, tweak), qPrintable(error));
    m_engine = std::make_unique<SyncEngine>(&m_env->client(), &m_env->requests(), &m_env->syncState(), m_env->clock(),
                                            engineOptions);
}

// The requests table as stored, every column, for before/after comparisons.
QStringList TestSyncEngine::requestsTable()
{
    QStringList rows;
    QSqlQuery q(m_env->database().connection());
    if (!q.exec(u"SELECT * FROM requests ORDER BY request_id"_s)) {
        qWarning() << "cannot read the requests table";
        return rows;
    }
    while (q.next()) {
        QStringList cells;
        for (int i = 0; i < q.record().count(); ++i)
            cells.append(q.value(i).toString());
        rows.append(cells.join(u'\x1f'));
    }
    return rows;
}

void TestSyncEngine::firstFullSyncStoresExactlyWhatTheSimulatorHolds_data()
{
    QTest::addColumn<int>("readAhead");
    QTest::newRow("pages read as they are written") << 0;
    QTest::newRow("one page read ahead") << 1;
    QTest::newRow("three pages read ahead") << 3;
}

void TestSyncEngine::firstFullSyncStoresExactlyWhatTheSimulatorHolds()
{
    QFETCH(int, readAhead);
    auto options = SimFixture::defaultOptions();
    options.subscriptions = 3;
    options.requestsPerSubscription = 40;
    options.pageSize = 7; // six pages a subscription
    options.quirkFraction = 0.5;
    SyncEngine::Options engineOptions;
    engineOptions.readAhead = readAhead;
    start(options, engineOptions);

    const QStringList subs = m_env->sim().subscriptionIds();
    const auto results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Full);
    QVERIFY(results);
    QCOMPARE(results->size(), 3);

    int quirky = 0;
    for (const QString &sub : subs) {
        const SyncEngine::Result *r = resultFor(*results, sub);
        QVERIFY(r);
        QVERIFY2(!r->error.isError(), qPrintable(r->error.toDisplayString()));
        QVERIFY(r->full);
        QVERIFY(!r->skipped);
        QCOMPARE(r->changes.added.size(), 40);
        QVERIFY(r->changes.changed.isEmpty());
        QVERIFY(r->changes.removed.isEmpty());

        lockbox::RequestQuery query;
        query.subscriptionIds = {sub};
        QString error;
        const QList<AccessRequest> stored = m_env->requests().requests(query, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QList<const lockbox::sim::SimRecord *> held = m_env->world().requests(sub);
        QCOMPARE(stored.size(), held.size());
        for (const lockbox::sim::SimRecord *record : held) {
            if (record->quirks != lockbox::sim::QuirkNone)
                ++quirky;
            const auto mine = m_env->requests().request(record->request.requestId, &error);
            QVERIFY2(mine, qPrintable(record->request.requestId + u": not stored "_s + error));
            QString difference;
            QVERIFY2(sameRequest(*mine, asServed(*record), &difference), qPrintable(difference));
            QVERIFY(changeFor(r->changes.added, record->request.requestId));
        }
        const auto state = m_env->syncState().state(sub);
        QVERIFY(state);
        QVERIFY(state->lastFullSync.isValid());
        QCOMPARE(state->consecutiveFailures, 0);
        QVERIFY(state->lastError.isEmpty());
    }
    // The comparison covered the payload shapes that differ from the spec.
    QVERIFY2(quirky > 10, qPrintable(QString::number(quirky)));
}

void TestSyncEngine::aPageUnreadableAtTheMergeWritesNothing_data()
{
    QTest::addColumn<int>("readAhead");
    QTest::newRow("pages read as they are written") << 0;
    QTest::newRow("one page read ahead") << 1;
}

void TestSyncEngine::aPageUnreadableAtTheMergeWritesNothing()
{
    // A listing's pages are checked as they arrive (this test's reader reads them to check them)
    // and read as they are merged; a page that reads the second time no longer (here the merge's
    // third) fails the listing, and not a row of the pages before it is written.
    QFETCH(int, readAhead);
    auto options = SimFixture::defaultOptions();
    options.subscriptions = 1;
    options.requestsPerSubscription = 30;
    options.pageSize = 5; // six pages: five kept as bytes, the last parsed
    SyncEngine::Options engineOptions;
    engineOptions.readAhead = readAhead;
    start(options, engineOptions);
    const QString sub = m_env->sim().subscriptionIds().first();
    g_reads = 0;
    g_failAtRead = 7 + 3; // five kept pages checked and the last checked and read, then the merge's third
    lockbox::RequestListJob::setPageReader(&failingReader);
    const auto restore = qScopeGuard([] { lockbox::RequestListJob::setPageReader(nullptr); });
    const auto results = m_env->sync(*m_engine, {sub}, SyncEngine::Mode::Full);
    QVERIFY(results);
    const SyncEngine::Result &r = results->first();
    QCOMPARE(r.error.kind, ArmError::Kind::BadReply);
    QVERIFY2(r.error.detail.contains(u"injected"_s), qPrintable(r.error.toDisplayString()));
    QVERIFY(r.changes.isEmpty());
    QVERIFY(requestsTable().isEmpty());
    QVERIFY(!m_env->database().inTransaction());
    QVERIFY2(g_reads.load() <= 7 + 3 + readAhead, qPrintable(QString::number(g_reads.load())));

    // The next sync reads and writes the whole listing.
    g_failAtRead = 0;
    const auto again = m_env->sync(*m_engine, {sub}, SyncEngine::Mode::Full, false);
    QVERIFY(again);
    QVERIFY2(!again->first().error.isError(), qPrintable(again->first().error.toDisplayString()));
    QCOMPARE(requestsTable().size(), 30);
}

void TestSyncEngine::secondFullSyncChangesNothing()
{
    auto options = SimFixture::defaultOptions();
    options.subscriptions = 2;
    options.pageSize = 8;
    start(options);
    const QStringList subs = m_env->sim().subscriptionIds();
    QVERIFY(m_env->sync(*m_engine, subs, SyncEngine::Mode::Full));
    const QStringList before = requestsTable();
    QCOMPARE(before.size(), 60);

    QList<lockbox::ChangeSet> announced;
    connect(m_engine.get(), &SyncEngine::changed, this, [&](const lockbox::ChangeSet &c) { announced.append(c); });
    const auto results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Full);
    QVERIFY(results);
    for (const SyncEngine::Result &r : *results) {
        QVERIFY2(!r.error.isError(), qPrintable(r.error.toDisplayString()));
        QVERIFY(r.changes.isEmpty());
        QCOMPARE(r.changes.unchanged, 30);
        QCOMPARE(r.changes.rowsWritten(), 0);
    }
    QVERIFY(announced.isEmpty());
    // Not one row touched, not even a "last seen" time.
    QCOMPARE(requestsTable(), before);
}

void TestSyncEngine::anUnchangedListingIsNeitherReadNorMerged()
{
    auto options = SimFixture::defaultOptions();
    options.subscriptions = 2;
    options.pageSize = 8; // four pages a subscription
    start(options);
    const QStringList subs = m_env->sim().subscriptionIds();
    PagesRead read;
    QVERIFY(m_env->sync(*m_engine, subs, SyncEngine::Mode::Full));
    // A full listing's pages are checked as they arrive (which this test's reader does by reading
    // them), held as their bytes and read as they are merged; the last is read at once after its
    // check: 2 subscriptions × (3 × 2 + 2).
    QCOMPARE(read.count, 16);
    const QStringList before = requestsTable();
    for (const QString &sub : subs) {
        const auto state = m_env->syncState().state(sub);
        QVERIFY(state);
        QCOMPARE(state->fullPages.pages.size(), 4);
        QCOMPARE(state->fullPages.cache.rows, 30);
    }

    read.count = 0;
    m_env->network().resetCounts();
    const auto results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Full);
    QVERIFY(results);
    for (const SyncEngine::Result &r : *results) {
        QVERIFY2(!r.error.isError(), qPrintable(r.error.toDisplayString()));
        QVERIFY(r.full);
        QVERIFY(r.changes.isEmpty());
        QCOMPARE(r.changes.unchanged, 30);
    }
    // Every page was fetched, none was read.
    QCOMPARE(m_env->network().requestsStarted(), 8);
    QCOMPARE(read.count, 0);
    QCOMPARE(requestsTable(), before);

    // The pages are known in the profile: the next process (lockboxctl's next run) reads none either.
    lockbox::store::SyncState state(m_env->database());
    SyncEngine next(&m_env->client(), &m_env->requests(), &state, m_env->clock(), {});
    const auto again = m_env->sync(next, subs, SyncEngine::Mode::Full);
    QVERIFY(again);
    for (const SyncEngine::Result &r : *again)
        QCOMPARE(r.changes.unchanged, 30);
    QCOMPARE(read.count, 0);
    QCOMPARE(requestsTable(), before);
}

void TestSyncEngine::aChangedPageReadsTheWholeListingAgain()
{
    auto options = SimFixture::defaultOptions();
    options.subscriptions = 2;
    options.pageSize = 8;
    start(options);
    const QStringList subs = m_env->sim().subscriptionIds();
    QVERIFY(m_env->sync(*m_engine, subs, SyncEngine::Mode::Full));
    const QString changedSub = subs.first();
    const QString pending = pendingIn(m_env->world(), changedSub).value(0);
    QVERIFY(!pending.isEmpty());
    m_env->control(u"/_sim/requests/"_s + pending + u"/status"_s, {{u"status"_s, u"Denied"_s}});

    PagesRead read;
    const auto results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Full);
    QVERIFY(results);
    // The subscription with a changed page is read and merged whole (the changed page checked as
    // it came, then all four from the bytes kept as they are merged); the other not at all.
    QCOMPARE(read.count, 5);
    const SyncEngine::Result *changed = resultFor(*results, changedSub);
    QVERIFY(changed);
    QCOMPARE(changed->changes.changed.size(), 1);
    QCOMPARE(changed->changes.changed.first().requestId, pending);
    QCOMPARE(changed->changes.unchanged, 29);
    QCOMPARE(resultFor(*results, subs.last())->changes.unchanged, 30);
    QCOMPARE(m_env->requests().request(pending)->status.kind(), RequestStatus::Kind::Denied);

    // Now that listing is the known one.
    read.count = 0;
    QVERIFY(m_env->sync(*m_engine, subs, SyncEngine::Mode::Full));
    QCOMPARE(read.count, 0);
}

void TestSyncEngine::aCacheWrittenSinceIsMergedAgain()
{
    auto options = SimFixture::defaultOptions();
    options.subscriptions = 1;
    options.pageSize = 8;
    start(options);
    const QString sub = m_env->sim().subscriptionIds().first();
    QVERIFY(m_env->sync(*m_engine, {sub}, SyncEngine::Mode::Full));
    const QStringList asListed = requestsTable();

    // Another writer (a second process, a re-read) changes a cached request: the same pages no
    // longer describe the cache, so they are read and merged, and the server's version is back.
    QTest::qWait(5); // a later millisecond than the merge's
    const QString id = m_env->world().requests(sub).first()->request.requestId;
    AccessRequest edited = *m_env->requests().request(id);
    edited.justification = u"changed by someone else"_s;
    QVERIFY(m_env->requests().upsertOne(edited));

    PagesRead read;
    const auto results = m_env->sync(*m_engine, {sub}, SyncEngine::Mode::Full);
    QVERIFY(results);
    QCOMPARE(read.count, 4);
    QCOMPARE(results->first().changes.changed.size(), 1);
    QCOMPARE(m_env->requests().request(id)->justification, m_env->world().requests(sub).first()->request.justification);
    QCOMPARE(requestsTable().size(), asListed.size());
}

void TestSyncEngine::anUnchangedPendingPollReadsNothing()
{
    auto options = SimFixture::defaultOptions();
    options.subscriptions = 1;
    start(options);
    const QString sub = m_env->sim().subscriptionIds().first();
    QVERIFY(m_env->sync(*m_engine, {sub}, SyncEngine::Mode::Full));
    const int pending = int(pendingIn(m_env->world(), sub).size());
    QVERIFY(pending > 0);
    PagesRead read;
    QVERIFY(m_env->sync(*m_engine, {sub}, SyncEngine::Mode::PendingOnly));
    QCOMPARE(read.count, 1); // the first pending-only listing of this profile

    read.count = 0;
    const auto results = m_env->sync(*m_engine, {sub}, SyncEngine::Mode::PendingOnly);
    QVERIFY(results);
    QCOMPARE(read.count, 0);
    QVERIFY(results->first().changes.isEmpty());
    QCOMPARE(results->first().changes.unchanged, pending);

    // A request decided elsewhere changes the pending list: read, merged, and the one that left
    // it read on its own, as before.
    const QString decided = pendingIn(m_env->world(), sub).first();
    m_env->control(u"/_sim/requests/"_s + decided + u"/status"_s, {{u"status"_s, u"Denied"_s}});
    const auto after = m_env->sync(*m_engine, {sub}, SyncEngine::Mode::PendingOnly);
    QVERIFY(after);
    QCOMPARE(read.count, 1);
    QCOMPARE(after->first().changes.changed.size(), 1);
    QCOMPARE(m_env->requests().request(decided)->status.kind(), RequestStatus::Kind::Denied);

    // One that left the list and is still open when read again (Approving, on its way) is read
    // again at every poll, the list with it, until it settles.
    const QString approving = pendingIn(m_env->world(), sub).first();
    m_env->control(u"/_sim/requests/"_s + approving + u"/status"_s, {{u"status"_s, u"Approving"_s}});
    for (int poll = 0; poll < 3; ++poll) {
        read.count = 0;
        m_env->network().resetCounts();
        QVERIFY(m_env->sync(*m_engine, {sub}, SyncEngine::Mode::PendingOnly));
        QCOMPARE(read.count, 1);
        QCOMPARE(m_env->network().startedMatching(u"/requests/"_s + approving), 1);
    }
    m_env->control(u"/_sim/requests/"_s + approving + u"/status"_s, {{u"status"_s, u"Approved"_s}});
    QVERIFY(m_env->sync(*m_engine, {sub}, SyncEngine::Mode::PendingOnly));
    QCOMPARE(m_env->requests().request(approving)->status.kind(), RequestStatus::Kind::Approved);
    // Settled: the next poll with the same list reads nothing.
    QVERIFY(m_env->sync(*m_engine, {sub}, SyncEngine::Mode::PendingOnly));
    read.count = 0;
    QVERIFY(m_env->sync(*m_engine, {sub}, SyncEngine::Mode::PendingOnly));
    QCOMPARE(read.count, 0);
}

void TestSyncEngine::autoIsFullFirstThenPendingOnly()
{
    start(SimFixture::defaultOptions());
    const QStringList subs = m_env->sim().subscriptionIds();
    auto results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Auto);
    QVERIFY(results);
    for (const SyncEngine::Result &r : *results) {
        QVERIFY(r.full);
        QCOMPARE(r.changes.added.size(), 30);
    }
    m_env->network().resetCounts();
    results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Auto);
    QVERIFY(results);
    for (const SyncEngine::Result &r : *results) {
        QVERIFY(!r.full);
        QVERIFY(r.changes.isEmpty());
        QCOMPARE(r.changes.unchanged, int(pendingIn(m_env->world(), r.subscriptionId).size())); // Pending only
    }
    // Pending-only listings carry the status filter.
    QCOMPARE(m_env->network().listsStarted(), 2);
}

void TestSyncEngine::pendingPollRereadsARequestDecidedElsewhere()
{
    start(SimFixture::defaultOptions());
    const QString sub = m_env->sim().subscriptionIds().first();
    QVERIFY(m_env->sync(*m_engine, {sub}, SyncEngine::Mode::Full));
    const QString pending = pendingIn(m_env->world(), sub).value(0);
    QVERIFY(!pending.isEmpty());
    m_env->control(u"/_sim/requests/"_s + pending + u"/status"_s,
                   {{u"status"_s, u"Denied"_s}, {u"by"_s, u"jordan.lee@contoso.example"_s}, {u"reason"_s, u"no"_s}});

    m_env->network().resetCounts();
    const auto results = m_env->sync(*m_engine, {sub}, SyncEngine::Mode::PendingOnly);
    QVERIFY(results);
    const SyncEngine::Result &r = results->first();
    QVERIFY2(!r.error.isError(), qPrintable(r.error.toDisplayString()));
    QVERIFY(!r.full);
    QVERIFY(r.changes.added.isEmpty());
    QVERIFY(r.changes.removed.isEmpty());
    QCOMPARE(r.changes.changed.size(), 1);
    const lockbox::RequestChange &c = r.changes.changed.first();
    QCOMPARE(c.requestId, pending);
    QCOMPARE(c.oldStatus.kind(), RequestStatus::Kind::Pending);
    QCOMPARE(c.newStatus.kind(), RequestStatus::Kind::Denied);
    // It was read on its own (it left the pending list), and the cache says so.
    QCOMPARE(m_env->network().startedMatching(u"/requests/"_s + pending), 1);
    QCOMPARE(m_env->requests().request(pending)->status.kind(), RequestStatus::Kind::Denied);
}

void TestSyncEngine::manyLeavingThePendingListReadTheFullList()
{
    SyncEngine::Options engineOptions;
    engineOptions.maxRereads = 2;
    start(SimFixture::defaultOptions(), engineOptions);
    const QString sub = m_env->sim().subscriptionIds().first();
    QVERIFY(m_env->sync(*m_engine, {sub}, SyncEngine::Mode::Full));
    const QStringList pending = pendingIn(m_env->world(), sub);
    QVERIFY(pending.size() >= 5);

    // Two leave: each is read on its own.
    for (int i = 0; i < 2; ++i)
        m_env->control(u"/_sim/requests/"_s + pending.at(i) + u"/status"_s, {{u"status"_s, u"Denied"_s}});
    m_env->network().resetCounts();
    auto results = m_env->sync(*m_engine, {sub}, SyncEngine::Mode::PendingOnly);
    QVERIFY(results);
    QVERIFY(!results->first().full);
    QCOMPARE(results->first().changes.changed.size(), 2);
    QCOMPARE(m_env->network().listsStarted(), 1);
    QCOMPARE(m_env->network().startedMatching(u"/requests/"_s + pending.at(0)), 1);

    // Three leave, more than the limit: no GET each, one full listing instead, which settles them.
    QSignalSpy changed(m_engine.get(), &SyncEngine::changed);
    for (int i = 2; i < 4; ++i)
        m_env->control(u"/_sim/requests/"_s + pending.at(i) + u"/status"_s, {{u"status"_s, u"Denied"_s}});
    m_env->control(u"/_sim/requests/"_s + pending.at(4) + u"/status"_s, {{u"status"_s, u"Expired"_s}});
    m_env->network().resetCounts();
    const QDateTime fullBefore = m_engine->subscriptionState(sub).lastFullSync;
    results = m_env->sync(*m_engine, {sub}, SyncEngine::Mode::PendingOnly);
    QVERIFY(results);
    const SyncEngine::Result &r = results->first();
    QVERIFY2(!r.error.isError(), qPrintable(r.error.toDisplayString()));
    QVERIFY(r.full);
    QCOMPARE(m_env->network().listsStarted(), 2);
    for (int i = 2; i < 5; ++i) {
        QCOMPARE(m_env->network().startedMatching(u"/requests/"_s + pending.at(i)), 0);
        QVERIFY(m_env->requests().request(pending.at(i))->status.kind() != RequestStatus::Kind::Pending);
    }
    int changedRows = 0;
    for (const auto &args : std::as_const(changed))
        changedRows += int(args.first().value<lockbox::ChangeSet>().changed.size());
    QCOMPARE(changedRows, int(r.changes.changed.size()));
    QVERIFY(r.changes.changed.size() >= 3);
    // A full listing was done: the next automatic run is a pending poll again.
    QVERIFY(m_engine->subscriptionState(sub).lastFullSync > fullBefore);
}

void TestSyncEngine::pendingPollAddsANewRequest()
{
    start(SimFixture::defaultOptions());
    const QString sub = m_env->sim().subscriptionIds().last();
    QVERIFY(m_env->sync(*m_engine, {sub}, SyncEngine::Mode::Full));
    const QJsonObject created = m_env->control(
        u"/_sim/requests"_s,
        {{u"subscriptionId"_s, sub}, {u"justification"_s, u"Customer reported 502s on the ingestion API"_s}});
    const QString id = created.value(u"properties").toObject().value(u"requestId").toString();
    QVERIFY(!id.isEmpty());

    const auto results = m_env->sync(*m_engine, {sub}, SyncEngine::Mode::PendingOnly);
    QVERIFY(results);
    const SyncEngine::Result &r = results->first();
    QVERIFY2(!r.error.isError(), qPrintable(r.error.toDisplayString()));
    QCOMPARE(r.changes.added.size(), 1);
    QCOMPARE(r.changes.added.first().requestId, id);
    QCOMPARE(r.changes.added.first().newStatus.kind(), RequestStatus::Kind::Pending);
    QVERIFY(r.changes.changed.isEmpty());
    QCOMPARE(r.changes.unchanged, int(pendingIn(m_env->world(), sub).size()) - 1);
    const auto stored = m_env->requests().request(id);
    QVERIFY(stored);
    QString difference;
    QVERIFY2(sameRequest(*stored, asServed(*m_env->world().requestById(id)), &difference), qPrintable(difference));
}

void TestSyncEngine::failedListingWritesNothing_data()
{
    QTest::addColumn<bool>("cachedBefore");
    QTest::newRow("empty profile") << false;
    QTest::newRow("after a good sync") << true;
}

void TestSyncEngine::failedListingWritesNothing()
{
    QFETCH(bool, cachedBefore);
    auto options = SimFixture::defaultOptions();
    options.pageSize = 5;
    SyncEngine::Options engineOptions;
    engineOptions.backoffBaseSec = 30;
    start(options, engineOptions);
    const QString sub = m_env->sim().subscriptionIds().first();
    if (cachedBefore) {
        QVERIFY(m_env->sync(*m_engine, {sub}, SyncEngine::Mode::Full));
        // The simulator moves on: what a complete listing would now write.
        const QString pending = pendingIn(m_env->world(), sub).first();
        m_env->control(u"/_sim/requests/"_s + pending + u"/status"_s, {{u"status"_s, u"Denied"_s}});
        m_env->control(u"/_sim/requests"_s, {{u"subscriptionId"_s, sub}});
    }
    const QStringList before = requestsTable();
    QCOMPARE(before.size(), cachedBefore ? 30 : 0);
    const auto stateBefore = m_env->syncState().state(sub);

    // Page 1 comes through; from page 2 on, every attempt gets a 500.
    lockbox::test::EngineFixture *env = m_env.get();
    m_env->tokens().armGate(1, [env](std::function<void()> answer) {
        env->controlAsync(u"/_sim/faults"_s, {{u"rate"_s, 1.0}, {u"kinds"_s, QJsonArray {u"500"_s}}},
                          std::move(answer));
    });
    const QDateTime started = QDateTime::currentDateTimeUtc();
    const auto results = m_env->sync(*m_engine, {sub}, SyncEngine::Mode::Full);
    m_env->setFaults(0);
    QVERIFY(results);
    QVERIFY(!m_env->tokens().gateArmed());
    const SyncEngine::Result &r = results->first();
    QCOMPARE(r.error.kind, ArmError::Kind::ServerError);
    QVERIFY(r.changes.isEmpty());
    QVERIFY(m_env->counters().value(u"faultsInjected").toObject().value(u"500").toInt() >= 1);

    // No partial write: not one row of page 1.
    QCOMPARE(requestsTable(), before);
    // The error and the backoff are remembered.
    const auto state = m_env->syncState().state(sub);
    QVERIFY(state);
    QCOMPARE(state->consecutiveFailures, 1);
    QVERIFY(!state->lastError.isEmpty());
    QVERIFY(state->nextAttemptNotBefore.isValid());
    const qint64 backoff = started.secsTo(state->nextAttemptNotBefore);
    QVERIFY2(backoff >= 28 && backoff <= 31, qPrintable(QString::number(backoff)));
    QCOMPARE(state->lastFullSync, stateBefore->lastFullSync);
    // What the last complete listing was is kept as it was.
    QCOMPARE(state->fullPages, stateBefore->fullPages);
    QCOMPARE(state->fullPages.isEmpty(), !cachedBefore);

    // The next (user-asked) sync succeeds and clears the error.
    const auto again = m_env->sync(*m_engine, {sub}, SyncEngine::Mode::Full, false);
    QVERIFY(again);
    QVERIFY2(!again->first().error.isError(), qPrintable(again->first().error.toDisplayString()));
    QCOMPARE(requestsTable().size(), cachedBefore ? 31 : 30);
    QCOMPARE(m_env->syncState().state(sub)->consecutiveFailures, 0);
    QVERIFY(m_env->syncState().state(sub)->lastError.isEmpty());
    QVERIFY(!m_env->syncState().state(sub)->nextAttemptNotBefore.isValid());
}

void TestSyncEngine::concurrencyLimitIsRespected()
{
    auto options = SimFixture::defaultOptions();
    options.subscriptions = 8;
    options.requestsPerSubscription = 3;
    options.latencyMs = 200;
    SyncEngine::Options engineOptions;
    engineOptions.concurrency = 2;
    start(options, engineOptions);
    const QStringList subs = m_env->sim().subscriptionIds();
    QCOMPARE(subs.size(), 8);

    QElapsedTimer timer;
    timer.start();
    const auto results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Full);
    const qint64 elapsed = timer.elapsed();
    QVERIFY(results);
    QCOMPARE(results->size(), 8);
    for (const SyncEngine::Result &r : *results)
        QVERIFY2(!r.error.isError(), qPrintable(r.error.toDisplayString()));
    // Results come in the order asked, whatever order they finished in.
    for (int i = 0; i < 8; ++i)
        QCOMPARE(results->at(i).subscriptionId, subs.at(i));
    QCOMPARE(m_env->network().listsStarted(), 8);
    QCOMPARE(m_env->network().maxListsInFlight(), 2);
    // Four rounds of two, each at least one 200 ms reply (timers may fire a little early).
    QVERIFY2(elapsed >= 4 * 190, qPrintable(QString::number(elapsed)));
    qInfo("8 subscriptions at concurrency 2, latency 200 ms: %lld ms", elapsed);

    // The limit is what held them back: at 8, all eight go at once.
    m_engine = std::make_unique<SyncEngine>(&m_env->client(), &m_env->requests(), &m_env->syncState(), m_env->clock(),
                                            SyncEngine::Options {8});
    m_env->network().resetCounts();
    QVERIFY(m_env->sync(*m_engine, subs, SyncEngine::Mode::Full));
    QCOMPARE(m_env->network().maxListsInFlight(), 8);
}

void TestSyncEngine::backoffSkipsAFailingSubscription()
{
    SyncEngine::Options engineOptions;
    engineOptions.backoffBaseSec = 30;
    start(SimFixture::defaultOptions(), engineOptions);
    const QString good = m_env->sim().subscriptionIds().first();
    const QString bad = u"00000000-0000-4000-8000-00000000dead"_s; // no such subscription
    const QStringList subs {good, bad};

    QDateTime started = QDateTime::currentDateTimeUtc();
    auto results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Full);
    QVERIFY(results);
    QVERIFY(!resultFor(*results, good)->error.isError());
    QVERIFY(resultFor(*results, bad)->error.isError());
    auto state = m_env->syncState().state(bad);
    QCOMPARE(state->consecutiveFailures, 1);
    qint64 backoff = started.secsTo(state->nextAttemptNotBefore);
    QVERIFY2(backoff >= 28 && backoff <= 31, qPrintable(QString::number(backoff)));

    // While it backs off, an automatic run leaves it alone (not one request) and syncs the rest.
    m_env->network().resetCounts();
    results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Full, true);
    QVERIFY(results);
    QCOMPARE(results->size(), 2);
    QVERIFY(resultFor(*results, bad)->skipped);
    QVERIFY(!resultFor(*results, bad)->error.isError());
    QVERIFY(!resultFor(*results, good)->skipped);
    QVERIFY(!resultFor(*results, good)->error.isError());
    QCOMPARE(m_env->network().startedMatching(bad), 0);
    QCOMPARE(m_env->network().startedMatching(good), 1);
    QCOMPARE(m_env->syncState().state(bad)->consecutiveFailures, 1);

    // A user who asks gets it tried now; it fails again and backs off twice as long.
    started = QDateTime::currentDateTimeUtc();
    results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Full, false);
    QVERIFY(results);
    QVERIFY(!resultFor(*results, bad)->skipped);
    QVERIFY(resultFor(*results, bad)->error.isError());
    QVERIFY(m_env->network().startedMatching(bad) >= 1);
    state = m_env->syncState().state(bad);
    QCOMPARE(state->consecutiveFailures, 2);
    backoff = started.secsTo(state->nextAttemptNotBefore);
    QVERIFY2(backoff >= 58 && backoff <= 61, qPrintable(QString::number(backoff)));
}

WriteMarks TestSyncEngine::writeMarks(lockbox::store::Database &reader)
{
    WriteMarks m;
    m.dataVersion = reader.scalar(u"PRAGMA data_version"_s).toLongLong();
    m.totalChanges = m_env->database().scalar(u"SELECT total_changes()"_s).toLongLong();
    const QString path = m_env->database().filePath();
    const QFileInfo wal(path + u"-wal"_s);
    m.walSize = wal.exists() ? wal.size() : 0;
    m.walModified = wal.exists() ? wal.lastModified() : QDateTime();
    const QFileInfo file(path);
    m.fileSize = file.size();
    m.fileModified = file.lastModified();
    return m;
}

void TestSyncEngine::manySubscriptionsShareOneBudget()
{
    // Pending-only polls of many subscriptions, 8 at once, against a simulator that answers in
    // 50 ms and allows 60 reads a second: the budget paces the reads so that ARM never has to say
    // 429, and every subscription is polled.
    auto options = SimFixture::defaultOptions();
    options.subscriptions = manySubscriptions(240);
    options.requestsPerSubscription = 2;
    options.pendingFraction = 0; // a steady state: nothing new, nothing to write (a commit costs an fsync)
    options.latencyMs = 50;
    options.rateLimit = 60;
    SyncEngine::Options engineOptions;
    engineOptions.concurrency = 8;
    start(options, engineOptions);
    const QStringList subs = m_env->sim().subscriptionIds();
    QCOMPARE(subs.size(), options.subscriptions);

    QElapsedTimer timer;
    timer.start();
    const auto results = m_env->sync(*m_engine, subs, SyncEngine::Mode::PendingOnly, true, 240000);
    const qint64 elapsed = timer.elapsed();
    QVERIFY(results);
    QCOMPARE(results->size(), subs.size());
    for (const SyncEngine::Result &r : *results) {
        QVERIFY2(!r.error.isError(), qPrintable(r.subscriptionId + u": "_s + r.error.toDisplayString()));
        QVERIFY(!r.skipped);
        QVERIFY(!r.full);
        QVERIFY(m_engine->subscriptionState(r.subscriptionId).lastPendingPoll.isValid());
    }
    QCOMPARE(m_env->network().listsStarted(), subs.size());
    QVERIFY2(m_env->network().maxListsInFlight() <= 8,
             qPrintable(QString::number(m_env->network().maxListsInFlight())));

    const qint64 throttled = m_env->counters().value(u"throttled").toInteger();
    const auto &stats = m_env->client().budget().stats();
    qInfo("%d subscriptions, 8 at once, latency 50 ms, 60 reads/s: %lld ms, %lld 429s, %lld reads paced, %lld "
          "pauses",
          int(subs.size()), elapsed, throttled, stats.pacedReads, stats.lowBudgetPauses);
    // Paced, ARM never had to refuse; and had it, no request would have gone before Retry-After.
    QCOMPARE(throttled, 0);
    QCOMPARE(m_env->network().throttledReplies(), 0);
    QCOMPARE(m_env->network().unhonouredThrottles(), 0);
    // One read per subscription reached ARM: none was refused and sent again.
    QCOMPARE(m_env->counters().value(u"reads"_s).toInteger(), qint64(subs.size()));
    QCOMPARE(stats.granted, qint64(subs.size()));
    // 60 reads a second is the limit, so the pacing is what held the run back, not the latency:
    // every read waited its turn except those sent before the budget's size was known (the first
    // round, and one probe after each pause). Counted by the budget, so a slow machine changes
    // nothing here.
    QVERIFY(stats.pacedReads > 0);
    QVERIFY2(
        stats.pacedReads >= stats.granted - m_env->client().budget().concurrency() - stats.lowBudgetPauses,
        qPrintable(
            u"%1 of %2 reads paced, %3 pauses"_s.arg(stats.pacedReads).arg(stats.granted).arg(stats.lowBudgetPauses)));
}

void TestSyncEngine::throttlingHoldsBackEveryCall()
{
    // The same without pacing, so that the simulator does throttle: each 429 holds back every
    // call of the client, not only the one that got it, until its Retry-After has passed.
    auto options = SimFixture::defaultOptions();
    options.subscriptions = manySubscriptions(160);
    options.requestsPerSubscription = 2;
    options.pendingFraction = 0;
    options.latencyMs = 50;
    options.rateLimit = 60;
    SyncEngine::Options engineOptions;
    engineOptions.concurrency = 8;
    start(options, engineOptions, [](lockbox::ArmClient::Options &o) {
        o.budget.slowBelow = 0;
        o.budget.pauseBelow = 0;
        o.maxReadAttempts = 20; // every 429 is retried; none may end a poll
    });
    const QStringList subs = m_env->sim().subscriptionIds();

    QElapsedTimer timer;
    timer.start();
    const auto results = m_env->sync(*m_engine, subs, SyncEngine::Mode::PendingOnly, true, 240000);
    const qint64 elapsed = timer.elapsed();
    QVERIFY(results);
    QCOMPARE(results->size(), subs.size());
    for (const SyncEngine::Result &r : *results)
        QVERIFY2(!r.error.isError(), qPrintable(r.subscriptionId + u": "_s + r.error.toDisplayString()));

    const qint64 throttled = m_env->counters().value(u"throttled").toInteger();
    qInfo("%d subscriptions without pacing: %lld ms, %lld 429s, shortest wait after one %lld ms", int(subs.size()),
          elapsed, throttled, m_env->network().shortestWaitAfterThrottle());
    QVERIFY(throttled > 0);
    QCOMPARE(m_env->network().throttledReplies(), int(throttled)); // every 429 the server sent, seen
    QCOMPARE(m_env->client().budget().stats().throttled, throttled);
    QCOMPARE(m_env->network().unhonouredThrottles(), 0);
    QVERIFY(m_env->network().shortestWaitAfterThrottle() >= 1000); // the simulator's Retry-After: 1
}

void TestSyncEngine::forbiddenSubscriptionBacksOffForHours()
{
    auto options = SimFixture::defaultOptions();
    options.subscriptions = 3;
    options.clients = {{u"lockbox-automation"_s, u"s3cret"_s}};
    SyncEngine::Options engineOptions;
    engineOptions.backoffBaseSec = 30;
    engineOptions.forbiddenBackoffSec = 6 * 3600;
    start(options, engineOptions);
    // A real token of the simulator's Entra for a service principal, which is an approver of
    // every subscription but the one taken away below.
    lockbox::test::HttpClient http;
    const auto reply = http.postForm(m_env->sim().url(u"/"_s + m_env->world().tenantId() + u"/oauth2/v2.0/token"_s),
                                     {{u"grant_type"_s, u"client_credentials"_s},
                                      {u"client_id"_s, u"lockbox-automation"_s},
                                      {u"client_secret"_s, u"s3cret"_s},
                                      {u"scope"_s, u"https://management.azure.com/.default"_s}});
    const QByteArray token = reply.object().value(u"access_token").toString().toLatin1();
    QVERIFY2(!token.isEmpty(), reply.body.constData());
    m_env->tokens().setToken(token);
    const QStringList subs = m_env->sim().subscriptionIds();
    const QString notMine = subs.at(1);
    const auto *app = m_env->world().principalByAppId(u"lockbox-automation"_s);
    QVERIFY(app);
    m_env->world().subscription(notMine)->approvers.remove(app->oid);

    QList<lockbox::store::SubscriptionSyncState> announced;
    connect(m_engine.get(), &SyncEngine::subscriptionStateChanged, this,
            [&](const lockbox::store::SubscriptionSyncState &s) { announced.append(s); });
    const QDateTime started = QDateTime::currentDateTimeUtc();
    auto results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Auto);
    QVERIFY(results);
    const SyncEngine::Result *forbidden = resultFor(*results, notMine);
    QVERIFY(forbidden);
    QCOMPARE(forbidden->error.kind, ArmError::Kind::Forbidden);
    QCOMPARE(forbidden->error.code, u"AuthorizationFailed"_s);
    const qint64 backoff = started.secsTo(forbidden->nextAttemptNotBefore);
    QVERIFY2(backoff >= 6 * 3600 - 5 && backoff <= 6 * 3600 + 5, qPrintable(QString::number(backoff)));
    for (const QString &sub : {subs.at(0), subs.at(2)})
        QVERIFY(!resultFor(*results, sub)->error.isError());

    // The per-subscription state says so, for the UI: the error, and until when it waits.
    const auto state = m_engine->subscriptionState(notMine);
    QCOMPARE(state.consecutiveFailures, 1);
    QVERIFY2(state.lastError.contains(u"AuthorizationFailed"), qPrintable(state.lastError));
    QCOMPARE(state.nextAttemptNotBefore, forbidden->nextAttemptNotBefore);
    QVERIFY(!state.lastSuccess().isValid());
    QVERIFY(m_engine->subscriptionState(subs.at(0)).lastSuccess().isValid());
    QCOMPARE(announced.size(), 3);
    const auto mine =
        std::find_if(announced.cbegin(), announced.cend(), [&](const auto &s) { return s.subscriptionId == notMine; });
    QVERIFY(mine != announced.cend());
    QCOMPARE(mine->nextAttemptNotBefore, forbidden->nextAttemptNotBefore);

    // The next automatic polls leave it alone: not one request.
    for (int poll = 0; poll < 3; ++poll) {
        m_env->network().resetCounts();
        results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Auto);
        QVERIFY(results);
        QVERIFY(resultFor(*results, notMine)->skipped);
        QCOMPARE(resultFor(*results, notMine)->nextAttemptNotBefore, forbidden->nextAttemptNotBefore);
        QCOMPARE(m_env->network().startedMatching(notMine), 0);
        QCOMPARE(m_env->network().startedMatching(subs.at(0)), 1);
    }
    // A user who asks gets it tried now; still forbidden, still hours.
    results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Auto, false);
    QVERIFY(results);
    QCOMPARE(resultFor(*results, notMine)->error.kind, ArmError::Kind::Forbidden);
    QCOMPARE(m_engine->subscriptionState(notMine).consecutiveFailures, 2);
    QVERIFY(QDateTime::currentDateTimeUtc().secsTo(m_engine->subscriptionState(notMine).nextAttemptNotBefore)
            >= 6 * 3600 - 5);
}

void TestSyncEngine::idlePollsWriteNothing()
{
    start(SimFixture::defaultOptions());
    const QStringList subs = m_env->sim().subscriptionIds();
    auto results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Auto);
    QVERIFY(results);
    for (const SyncEngine::Result &r : *results)
        QVERIFY(r.full);
    results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Auto);
    QVERIFY(results);

    lockbox::store::Database reader;
    QString error;
    QVERIFY2(reader.openReadOnly(m_env->profileDir(), &error), qPrintable(error));
    lockbox::store::SyncState onDisk(reader);
    const QDateTime storedPoll = onDisk.state(subs.first())->lastPendingPoll;
    const WriteMarks before = writeMarks(reader);

    // Five polls of an unchanged simulator, as an idle console makes them.
    for (int poll = 0; poll < 5; ++poll) {
        QTest::qWait(5); // a new poll time each round
        results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Auto);
        QVERIFY(results);
        for (const SyncEngine::Result &r : *results) {
            QVERIFY2(!r.error.isError(), qPrintable(r.error.toDisplayString()));
            QVERIFY(!r.full);
            QVERIFY(r.changes.isEmpty());
        }
    }
    const WriteMarks after = writeMarks(reader);
    QVERIFY2(after == before, qPrintable(before.describe() + u" became "_s + after.describe()));
    // The engine knows when it last polled; only the file does not.
    const QDateTime lastPoll = m_engine->subscriptionState(subs.first()).lastPendingPoll;
    QVERIFY(lastPoll.isValid());
    QVERIFY2(lastPoll > storedPoll.addMSecs(20), qPrintable(lastPoll.toString(Qt::ISODateWithMs)));
    QCOMPARE(onDisk.state(subs.first())->lastPendingPoll, storedPoll);
    QCOMPARE(m_env->syncState().unwrittenPolls(), int(subs.size()));

    // The marks do move when something changes: a request decided elsewhere is written.
    const QString pending = pendingIn(m_env->world(), subs.first()).value(0);
    QVERIFY(!pending.isEmpty());
    m_env->control(u"/_sim/requests/"_s + pending + u"/status"_s, {{u"status"_s, u"Denied"_s}});
    results = m_env->sync(*m_engine, subs, SyncEngine::Mode::Auto);
    QVERIFY(results);
    QCOMPARE(resultFor(*results, subs.first())->changes.changed.size(), 1);
    const WriteMarks changed = writeMarks(reader);
    QVERIFY(changed.dataVersion != after.dataVersion);
    QVERIFY(changed.totalChanges > after.totalChanges);

    // flush() writes what memory holds, once.
    QVERIFY(m_env->syncState().flush(&error));
    QCOMPARE(m_env->syncState().unwrittenPolls(), 0);
    QCOMPARE(onDisk.state(subs.first())->lastPendingPoll, m_engine->subscriptionState(subs.first()).lastPendingPoll);
}

void TestSyncEngine::fullSyncStaysDueAcrossRestarts()
{
    start(SimFixture::defaultOptions());
    const QString sub = m_env->sim().subscriptionIds().first();
    const QDateTime t0 = QDateTime::currentDateTimeUtc();
    ManualClock clock(t0);
    SyncEngine::Options engineOptions;
    engineOptions.fullIntervalSec = 900;
    auto engine =
        std::make_unique<SyncEngine>(&m_env->client(), &m_env->requests(), &m_env->syncState(), clock, engineOptions);
    auto results = m_env->sync(*engine, {sub}, SyncEngine::Mode::Auto);
    QVERIFY(results && results->first().full);
    clock.advanceSecs(300);
    results = m_env->sync(*engine, {sub}, SyncEngine::Mode::Auto);
    QVERIFY(results && !results->first().full);
    QCOMPARE(engine->subscriptionState(sub).lastPendingPoll, clock.now());
    engine.reset();

    // A restart: a new connection and a new SyncState on the same profile. The last full sync
    // was written; the poll time, which changed nothing, was not.
    lockbox::store::Database db;
    QString error;
    QVERIFY2(db.open(m_env->profileDir(), &error), qPrintable(error));
    lockbox::store::SyncState state(db);
    const auto stored = state.state(sub);
    QVERIFY(stored);
    QCOMPARE(stored->lastFullSync, t0);
    QCOMPARE(stored->lastPendingPoll, t0);
    clock.advanceSecs(300);
    engine = std::make_unique<SyncEngine>(&m_env->client(), &m_env->requests(), &state, clock, engineOptions);
    results = m_env->sync(*engine, {sub}, SyncEngine::Mode::Auto);
    QVERIFY(results && !results->first().full); // 600 s after the full sync: not due yet
    clock.advanceSecs(301);
    results = m_env->sync(*engine, {sub}, SyncEngine::Mode::Auto);
    QVERIFY(results && results->first().full); // 901 s: due, restart or not
    QCOMPARE(state.state(sub)->lastFullSync, clock.now());
    QCOMPARE(state.state(sub)->lastPendingPoll, clock.now());
}

void TestSyncEngine::approvalTimeFromTheActivityLog()
{
    auto options = SimFixture::defaultOptions();
    options.transitionMs = 0;
    start(options);
    const QStringList subs = m_env->sim().subscriptionIds();
    QVERIFY(m_env->sync(*m_engine, subs, SyncEngine::Mode::Full));

    // A request older than its access duration, approved in the portal: the sync that sees it
    // Approved can only estimate when; the Activity Log's approval event says.
    QString id;
    for (const QString &candidate : m_env->pendingIds()) {
        const auto r = m_env->requests().request(candidate);
        if (r && r->accessEndsAt().isValid() && r->accessEndsAt() < m_env->clock().now()) {
            id = candidate;
            break;
        }
    }
    QVERIFY2(!id.isEmpty(), "the simulator has no pending request older than its access duration");
    QString error;
    QVERIFY2(m_env->world().setStatus(id, u"Approved"_s, u"bob@contoso.example"_s, u"in the portal"_s, &error),
             qPrintable(error));
    const QDateTime decidedAt = m_env->world().requestById(id)->decidedAt;
    QVERIFY(m_env->sync(*m_engine, subs, SyncEngine::Mode::Full));
    auto stored = m_env->requests().request(id);
    QCOMPARE(stored->approvalSource, lockbox::ApprovalSource::Observed);
    QVERIFY(stored->isActiveAt(m_env->clock().now()));

    const ManualClock simTime(m_env->world().now()); // the Activity Log is asked for the simulator's last days
    lockbox::ActivityImporter importer(&m_env->client(), &m_env->audit(), simTime, nullptr, &m_env->requests());
    QSignalSpy changed(&importer, &lockbox::ActivityImporter::changed);
    QSignalSpy finished(&importer, &lockbox::ActivityImporter::finished);
    importer.import(subs, 7);
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.first().at(1).toStringList().isEmpty(),
             qPrintable(finished.first().at(1).toStringList().join(u'\n')));
    QCOMPARE(changed.size(), 1);
    const auto changes = changed.first().first().value<lockbox::ChangeSet>();
    QStringList changedIds;
    for (const lockbox::RequestChange &c : changes.changed)
        changedIds.append(c.requestId);
    QCOMPARE(changedIds, QStringList {id});
    stored = m_env->requests().request(id);
    QCOMPARE(stored->approvalSource, lockbox::ApprovalSource::ActivityLog);
    QVERIFY2(qAbs(stored->approvedAt.msecsTo(decidedAt)) < 1000,
             qPrintable(stored->approvedAt.toString(Qt::ISODateWithMs)));
    QVERIFY(!stored->approvalTimeIsApproximate());

    // Importing again changes nothing.
    importer.import(subs, 7);
    QVERIFY(finished.wait(30000));
    QCOMPARE(changed.size(), 1);
}

// A window whose listing passes the per-listing item limit is imported in halves, every event of
// it once, and the approval times still come from the earliest approval event.
void TestSyncEngine::activityWindowOverTheListingLimitIsSplit()
{
    auto options = SimFixture::defaultOptions();
    options.transitionMs = 0;
    options.requestsPerSubscription = 60;
    options.pageSize = 5;
    constexpr int kLimit = 8;
    start(options, {}, [](lockbox::ArmClient::Options &o) { o.maxListingItems = kLimit; });
    const QStringList subs = m_env->sim().subscriptionIds();

    const ManualClock simTime(m_env->world().now());
    const QDateTime from = simTime.now().addDays(-89);
    QSet<QString> expected;
    qsizetype largest = 0;
    for (const QString &sub : subs) {
        const auto events = m_env->world().activity(sub, from, simTime.now());
        largest = qMax(largest, events.size());
        for (const auto &e : events)
            expected.insert(e.record->request.requestId.toLower() + u'/'
                            + QString::number(e.timestamp.toMSecsSinceEpoch()));
    }
    QVERIFY2(largest > 4 * kLimit, qPrintable(u"only %1 events in a subscription"_s.arg(largest)));

    lockbox::ActivityImporter importer(&m_env->client(), &m_env->audit(), simTime);
    QSignalSpy finished(&importer, &lockbox::ActivityImporter::finished);
    importer.import(subs, 89);
    QVERIFY(finished.wait(60000));
    QVERIFY2(finished.first().at(1).toStringList().isEmpty(),
             qPrintable(finished.first().at(1).toStringList().join(u'\n')));
    QCOMPARE(finished.first().at(0).toInt(), expected.size());

    lockbox::store::AuditQuery query;
    query.source = lockbox::AuditRecord::Source::Azure;
    const QList<lockbox::AuditRecord> records = m_env->audit().records(query);
    QSet<QString> imported;
    for (const lockbox::AuditRecord &r : records)
        imported.insert(r.requestId.toLower() + u'/' + QString::number(r.time.toMSecsSinceEpoch()));
    QCOMPARE(records.size(), expected.size()); // none twice
    QCOMPARE(imported, expected);

    // Importing again adds nothing.
    importer.import(subs, 89);
    QVERIFY(finished.wait(60000));
    QVERIFY(finished.last().at(1).toStringList().isEmpty());
    QCOMPARE(finished.last().at(0).toInt(), 0);
}

// Events that pass the limit within the shortest window cannot be split further: the
// subscription fails with the limit's error, as an unsplit listing did.
void TestSyncEngine::activityWindowOverTheLimitAtAnHourFails()
{
    auto options = SimFixture::defaultOptions();
    options.pageSize = 5;
    start(options, {}, [](lockbox::ArmClient::Options &o) { o.maxListingItems = 0; });
    const QStringList subs = m_env->sim().subscriptionIds();
    const ManualClock simTime(m_env->world().now());
    for (const QString &sub : subs)
        QVERIFY(!m_env->world().activity(sub, simTime.now().addDays(-89), simTime.now()).isEmpty());

    lockbox::ActivityImporter importer(&m_env->client(), &m_env->audit(), simTime);
    QSignalSpy finished(&importer, &lockbox::ActivityImporter::finished);
    importer.import(subs, 89);
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).toInt(), 0);
    const QStringList errors = finished.first().at(1).toStringList();
    QCOMPARE(errors.size(), subs.size());
    for (int i = 0; i < subs.size(); ++i) {
        QVERIFY2(errors.at(i).startsWith(subs.at(i) + u": "_s), qPrintable(errors.at(i)));
        QVERIFY2(errors.at(i).contains(u"one listing is limited to 0"_s), qPrintable(errors.at(i)));
    }
}

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
