// SyncEngine against an in-process lockbox-sim and a real database: the cache ends exactly as the
// simulator holds it, a re-sync writes nothing, pending polls see decisions made elsewhere and new
// arrivals, a listing that fails half way writes nothing, the concurrency limit holds, and a
// failing subscription backs off.

#include "enginefixture.h"

#include "sim/simworld.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ArmError;
using lockbox::RequestStatus;
using lockbox::SyncEngine;
using lockbox::test::EngineFixture;
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

    void firstFullSyncStoresExactlyWhatTheSimulatorHolds();
    void secondFullSyncChangesNothing();
    void autoIsFullFirstThenPendingOnly();
    void pendingPollRereadsARequestDecidedElsewhere();
    void pendingPollAddsANewRequest();
    void failedListingWritesNothing_data();
    void failedListingWritesNothing();
    void concurrencyLimitIsRespected();
    void backoffSkipsAFailingSubscription();

private:
    void start(const lockbox::sim::SimOptions &options, const SyncEngine::Options &engineOptions = {});
    QStringList requestsTable();

    std::unique_ptr<EngineFixture> m_env;
    std::unique_ptr<SyncEngine> m_engine;
};

void TestSyncEngine::cleanup()
{
    m_engine.reset();
    m_env.reset();
}

void TestSyncEngine::start(const lockbox::sim::SimOptions &options, const SyncEngine::Options &engineOptions)
{
    m_env = std::make_unique<EngineFixture>(options);
    QString error;
    QVERIFY2(m_env->start(&error), qPrintable(error));
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

void TestSyncEngine::firstFullSyncStoresExactlyWhatTheSimulatorHolds()
{
    auto options = SimFixture::defaultOptions();
    options.subscriptions = 3;
    options.requestsPerSubscription = 40;
    options.pageSize = 7; // six pages a subscription
    options.quirkFraction = 0.5;
    start(options);

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

        lockbox::store::RequestQuery query;
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

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
