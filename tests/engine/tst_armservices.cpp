// engine::ArmServices over a real Profile and lockbox-sim: the client talks to the endpoint it was
// given, a sync of one subscription lands its rows and its state in the profile's stores, and a
// decision goes through the profile's outbox to the simulator and back.

#include "auth/tokenprovider.h"
#include "azure/armclient.h"
#include "engine/armservices.h"
#include "engine/profile.h"
#include "sim/simworld.h"
#include "store/decisionoutbox.h"
#include "store/requeststore.h"
#include "store/syncstate.h"
#include "support/simfixture.h"
#include "sync/decisionservice.h"
#include "sync/syncengine.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lockbox;

namespace {

constexpr auto kTokenVariable = "LOCKBOX_ARMSERVICES_TEST_TOKEN";
constexpr int kWaitMs = 30000;

} // namespace

class TestArmServices final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void syncAndDecisionsGoThroughTheProfile();
};

void TestArmServices::initTestCase()
{
    qRegisterMetaType<lockbox::SyncEngine::Result>();
    qRegisterMetaType<QList<lockbox::SyncEngine::Result>>();
    qRegisterMetaType<lockbox::DecisionService::Outcome>();
    qputenv(kTokenVariable, QByteArray(test::SimFixture::kToken));
}

void TestArmServices::syncAndDecisionsGoThroughTheProfile()
{
    sim::SimOptions simOptions = test::SimFixture::defaultOptions();
    simOptions.subscriptions = 2;
    simOptions.requestsPerSubscription = 12;
    simOptions.pendingFraction = 0.5;
    test::SimFixture sim(simOptions);
    QString error;
    QVERIFY2(sim.start(&error), qPrintable(error));
    const QString subscription = sim.subscriptionIds().first();

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    engine::Profile profile;
    QVERIFY2(profile.create(dir.path(), &error), qPrintable(error));
    QVERIFY2(profile.openStores(*sim.simulator().clock(), {}, &error), qPrintable(error));

    QNetworkAccessManager network;
    EnvironmentTokenProvider tokens(QString::fromLatin1(kTokenVariable));
    engine::ArmServices::Options options;
    options.endpoint = sim.baseUrl();
    options.timeoutSec = 7;
    options.concurrency = 3;
    options.fullIntervalSec = 600;
    engine::ArmServices services(&network, &tokens, profile, *sim.simulator().clock(), options);
    QVERIFY(services.client() && services.sync() && services.decisions() && services.importer());
    QCOMPARE(services.client()->options().endpoint, sim.baseUrl());
    QCOMPARE(services.client()->options().timeoutMs, 7000);
    QCOMPARE(services.client()->signInTokens(), &tokens);
    QCOMPARE(services.sync()->options().concurrency, 3);
    QCOMPARE(services.sync()->options().fullIntervalSec, 600);

    // A sync of one subscription: its rows and its state in the profile, the other left alone.
    QSignalSpy synced(services.sync(), &SyncEngine::finished);
    QVERIFY(services.sync()->sync({subscription}, SyncEngine::Mode::Full, false));
    QTRY_COMPARE_WITH_TIMEOUT(synced.size(), 1, kWaitMs);
    const auto results = synced.first().first().value<QList<SyncEngine::Result>>();
    QCOMPARE(results.size(), 1);
    QVERIFY2(!results.first().error.isError(), qPrintable(results.first().error.toDisplayString()));
    RequestQuery all;
    QCOMPARE(profile.requests()->count(all, &error), 12);
    QCOMPARE(profile.requests()->subscriptions(&error), QStringList {subscription});
    QVERIFY(profile.syncState()->state(subscription)->lastFullSync.isValid());

    // A decision: queued in the profile's outbox, sent once, acknowledged.
    RequestQuery pending;
    pending.statuses = {RequestStatus(RequestStatus::Kind::Pending)};
    const QList<AccessRequest> open = profile.requests()->requests(pending, &error);
    QVERIFY(!open.isEmpty());
    const QString requestId = open.first().requestId;
    QSignalSpy decided(services.decisions(), &DecisionService::finished);
    const store::EnqueueResult queued = services.decisions()->decide(requestId, Verdict::Approve, u"ticket 7"_s);
    QCOMPARE(queued.status, store::EnqueueResult::Status::Queued);
    QCOMPARE(profile.outbox()->forRequest(requestId, &error).size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(decided.size(), 1, kWaitMs);
    const auto outcome = decided.first().first().value<DecisionService::Outcome>();
    QVERIFY2(!outcome.error.isError(), qPrintable(outcome.error.toDisplayString()));
    QCOMPARE(outcome.decision.state, QueuedDecision::State::Acknowledged);
    QCOMPARE(profile.outbox()->decision(queued.decision.id, &error)->state, QueuedDecision::State::Acknowledged);
    QCOMPARE(sim.simulator().world().counters().decisionPostsByRequest.value(requestId), qint64(1));
}

QTEST_GUILESS_MAIN(TestArmServices)
#include "tst_armservices.moc"
