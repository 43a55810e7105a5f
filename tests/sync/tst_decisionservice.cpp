// DecisionService's exactly-once protocol against an in-process lockbox-sim: every fault kind on
// the first POST, a soak of 30 % faults or more of every kind over 40 decisions at once
// (LOCKBOX_SOAK_DECISIONS=1000 for QUALITY R1's full size, as scripts/reliability.sh runs it),
// 409s, resumption after a crash (posting once, or not at all when the dead process's post was
// applied), and never two posts in flight for one request. The simulator's counters, per request,
// are the judge.

#include "enginefixture.h"

#include "sim/faultinjector.h"
#include "sim/simworld.h"
#include "support/cannedserver.h"
#include "support/manualclock.h"
#include "sync/decisionservice.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using lockbox::ArmError;
using lockbox::DecisionService;
using lockbox::QueuedDecision;
using lockbox::RequestStatus;
using lockbox::SyncEngine;
using lockbox::Verdict;
using lockbox::test::CannedServer;
using lockbox::test::EngineFixture;
using lockbox::test::HttpClient;
using lockbox::test::ManualClock;
using lockbox::test::SimFixture;
using State = lockbox::QueuedDecision::State;

namespace {

bool leadsTo(Verdict verdict, RequestStatus::Kind status)
{
    if (verdict == Verdict::Approve)
        return status == RequestStatus::Kind::Approving || status == RequestStatus::Kind::Approved;
    return status == RequestStatus::Kind::Denying || status == RequestStatus::Kind::Denied;
}

} // namespace

class TestDecisionService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();

    void decisionIsCommittedBeforeItIsSent();
    void approvalCountsFromTheAcknowledgement();
    void eachFaultKindOnTheFirstPost_data();
    void eachFaultKindOnTheFirstPost();
    void soakOfEveryFaultKind();
    void simulatorCountsPostsAfterAnUnambiguousAnswer();
    void conflictWithSomeoneElsesDecisionFails();
    void conflictMatchingOurVerdictIsAcknowledged();
    void unreadableAfterAnAmbiguousPostIsRereadNextRun();
    void resumeAfterCrashPostsOnce();
    void resumeAfterCrashDoesNotPostWhatWasApplied();
    void freshSendingOfAnotherProcessIsLeftAlone();
    void takingOverWhatTheOtherProcessSettlesReportsItsOutcome();
    void neverTwoPostsInFlightForOneRequest();
    void changedAfterReviewIsNotSent();
    void changedBetweenQueueingAndSendingIsNotSent();
    void changedBeforeARetryIsNotSent();
    void hugeRetryAfterWaitsInsteadOfOverflowing();

private:
    void start(const lockbox::sim::SimOptions &options);
    std::unique_ptr<DecisionService> makeService(const lockbox::Clock &clock);
    // Runs `action` and waits for the service's idle(); the outcomes that came meanwhile.
    QList<DecisionService::Outcome> runUntilIdle(DecisionService &service, const std::function<void()> &action,
                                                 int timeoutMs = 30000);
    // Queues a decision and marks it sending, as a process that died mid-send leaves it.
    QueuedDecision leaveSending(const QString &requestId, Verdict verdict);
    QString subscriptionOf(const QString &requestId);
    bool auditVerifies();
    // Widens a request on the simulator to its whole subscription, as a request edited after an
    // approver read it would be.
    void widenOnTheServer(const QString &requestId);
    void syncFull();
    QStringList actionsFor(const QString &requestId);

    std::unique_ptr<EngineFixture> m_env;
    std::unique_ptr<DecisionService> m_service;
    DecisionService::Options m_options;
};

void TestDecisionService::cleanup()
{
    m_service.reset();
    m_env.reset();
}

void TestDecisionService::start(const lockbox::sim::SimOptions &options)
{
    m_env = std::make_unique<EngineFixture>(options);
    QString error;
    QVERIFY2(m_env->start(&error), qPrintable(error));
    SyncEngine engine(&m_env->client(), &m_env->requests(), &m_env->syncState(), m_env->clock(), {});
    const auto results = m_env->sync(engine, m_env->sim().subscriptionIds(), SyncEngine::Mode::Full);
    QVERIFY(results);
    for (const SyncEngine::Result &r : *results)
        QVERIFY2(!r.error.isError(), qPrintable(r.error.toDisplayString()));
    m_env->control(u"/_sim/counters/reset"_s, {});
    m_env->network().resetCounts();
    m_options = DecisionService::Options();
    m_options.retryBaseMs = 50;
    m_options.retryMaxMs = 400;
    m_service = makeService(m_env->clock());
}

std::unique_ptr<DecisionService> TestDecisionService::makeService(const lockbox::Clock &clock)
{
    return std::make_unique<DecisionService>(&m_env->client(), &m_env->outbox(), &m_env->requests(), &m_env->tokens(),
                                             clock, m_options);
}

QList<DecisionService::Outcome> TestDecisionService::runUntilIdle(DecisionService &service,
                                                                  const std::function<void()> &action, int timeoutMs)
{
    QList<DecisionService::Outcome> outcomes;
    bool idle = false;
    const auto a = connect(&service, &DecisionService::finished, this,
                           [&outcomes](const DecisionService::Outcome &o) { outcomes.append(o); });
    const auto b = connect(&service, &DecisionService::idle, this, [&idle] { idle = true; });
    action();
    if (!QTest::qWaitFor([&idle] { return idle; }, timeoutMs))
        qWarning("the decision service did not become idle within %d ms", timeoutMs);
    disconnect(a);
    disconnect(b);
    return outcomes;
}

QString TestDecisionService::subscriptionOf(const QString &requestId)
{
    const auto *record = m_env->world().requestById(requestId);
    return record ? record->request.subscriptionId : QString();
}

QueuedDecision TestDecisionService::leaveSending(const QString &requestId, Verdict verdict)
{
    lockbox::Decision d;
    d.id = QUuid::createUuid();
    d.requestId = requestId;
    d.subscriptionId = subscriptionOf(requestId);
    d.verdict = verdict;
    d.reason = u"decided before the crash"_s;
    d.decidedAt = QDateTime::currentDateTimeUtc();
    const auto queued = m_env->outbox().enqueue(d, u"test@contoso.example"_s);
    if (queued.status != lockbox::store::EnqueueResult::Status::Queued)
        qWarning() << "enqueue:" << queued.error;
    QString error;
    const auto sending = m_env->outbox().markSending(d.id, &error);
    if (!sending)
        qWarning() << "markSending:" << error;
    return sending.value_or(QueuedDecision());
}

bool TestDecisionService::auditVerifies()
{
    const auto v = m_env->audit().verify();
    if (!v.ok)
        qWarning() << "audit:" << v.message;
    return v.ok;
}

void TestDecisionService::widenOnTheServer(const QString &requestId)
{
    lockbox::sim::SimRecord *record = m_env->world().requestById(requestId);
    QVERIFY(record);
    record->request.resourceIds.append(u"/subscriptions/"_s + record->request.subscriptionId);
    m_env->world().changed(*record);
}

void TestDecisionService::syncFull()
{
    SyncEngine engine(&m_env->client(), &m_env->requests(), &m_env->syncState(), m_env->clock(), {});
    const auto results = m_env->sync(engine, m_env->sim().subscriptionIds(), SyncEngine::Mode::Full);
    QVERIFY(results);
    for (const SyncEngine::Result &r : *results)
        QVERIFY2(!r.error.isError(), qPrintable(r.error.toDisplayString()));
}

QStringList TestDecisionService::actionsFor(const QString &requestId)
{
    lockbox::store::AuditQuery query;
    query.requestId = requestId;
    QList<lockbox::AuditRecord> records = m_env->audit().records(query);
    std::sort(records.begin(), records.end(), [](const lockbox::AuditRecord &a, const lockbox::AuditRecord &b) {
        return a.sequence < b.sequence; // in the order they were written
    });
    QStringList actions;
    for (const lockbox::AuditRecord &r : records)
        actions.append(r.action);
    return actions;
}

void TestDecisionService::decisionIsCommittedBeforeItIsSent()
{
    start(SimFixture::defaultOptions());
    const QString id = m_env->pendingIds().first();
    // At the moment the POST is about to go (its token is asked for), another connection to the
    // file already sees the decision as sending, with its audit records.
    QString seenState;
    QStringList seenActions;
    const QString dir = m_env->profileDir();
    m_env->tokens().armGate(0, [&, dir, id](std::function<void()> answer) {
        lockbox::store::Database other;
        QString error;
        if (!other.open(dir, &error)) {
            qWarning() << error;
        } else {
            lockbox::SystemClock clock;
            lockbox::store::DecisionOutbox outbox(other, clock);
            lockbox::store::AuditLog audit(other, clock);
            if (const auto d = outbox.liveFor(id))
                seenState = QueuedDecision::stateName(d->state);
            lockbox::store::AuditQuery query;
            query.requestId = id;
            for (const lockbox::AuditRecord &r : audit.records(query))
                seenActions.append(r.action);
        }
        answer();
    });
    const auto outcomes = runUntilIdle(*m_service, [&] {
        QCOMPARE(m_service->decide(id, Verdict::Approve, u"ok"_s).status,
                 lockbox::store::EnqueueResult::Status::Queued);
    });
    QCOMPARE(seenState, u"sending"_s);
    QCOMPARE(seenActions, QStringList({u"decision.queued"_s, u"decision.sending"_s}));
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.first().decision.state, State::Acknowledged);
    QCOMPARE(m_env->applied(id), 1);
}

void TestDecisionService::approvalCountsFromTheAcknowledgement()
{
    lockbox::sim::SimOptions options = SimFixture::defaultOptions();
    options.transitionMs = 0; // Approving settles at once: the next sync reads it Approved
    start(options);
    // A request created longer ago than its access lasts: counted from its creation it would go
    // straight to History when approved.
    QString id;
    const QDateTime before = m_env->clock().now();
    for (const QString &candidate : m_env->pendingIds()) {
        const auto r = m_env->requests().request(candidate);
        if (r && r->accessEndsAt().isValid() && r->accessEndsAt() < before) {
            id = candidate;
            break;
        }
    }
    QVERIFY2(!id.isEmpty(), "the simulator has no pending request older than its access duration");
    const int activeBefore = m_env->requests().counts(before).active;

    const auto outcomes = runUntilIdle(*m_service, [&] {
        QCOMPARE(m_service->decide(id, Verdict::Approve, u"ok"_s).status,
                 lockbox::store::EnqueueResult::Status::Queued);
    });
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.first().decision.state, State::Acknowledged);
    auto r = m_env->requests().request(id);
    QVERIFY(r);
    QCOMPARE(r->approvalSource, lockbox::ApprovalSource::Decision);
    QVERIFY(r->approvedAt >= before && r->approvedAt <= m_env->clock().now());
    QCOMPARE(r->accessEndsAt(), r->approvedAt.addSecs(qint64(r->durationHours().value_or(8)) * 3600));

    // The next sync sees it Approved and keeps the decision's time: Active for its whole duration.
    SyncEngine engine(&m_env->client(), &m_env->requests(), &m_env->syncState(), m_env->clock(), {});
    QVERIFY(m_env->sync(engine, m_env->sim().subscriptionIds(), SyncEngine::Mode::Full));
    r = m_env->requests().request(id);
    QCOMPARE(r->status.kind(), RequestStatus::Kind::Approved);
    QCOMPARE(r->approvalSource, lockbox::ApprovalSource::Decision);
    const QDateTime now = m_env->clock().now();
    QVERIFY(r->isActiveAt(now));
    QCOMPARE(m_env->requests().counts(now).active, activeBefore + 1);
    QCOMPARE(m_env->requests().requests(lockbox::RequestQuery::activeAt(now)).size(), activeBefore + 1);
}

void TestDecisionService::eachFaultKindOnTheFirstPost_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("appliedByTheFaultyPost");
    QTest::addColumn<bool>("approve");
    QTest::newRow("500") << u"500"_s << false << true;
    QTest::newRow("502") << u"502"_s << false << false;
    QTest::newRow("503") << u"503"_s << false << true;
    QTest::newRow("504") << u"504"_s << false << false;
    QTest::newRow("429") << u"429"_s << false << true;
    QTest::newRow("reset-before") << u"reset-before"_s << false << false;
    QTest::newRow("reset-after") << u"reset-after"_s << true << true;
    QTest::newRow("hang") << u"hang"_s << true << false;
    QTest::newRow("truncate") << u"truncate"_s << true << true;
    QTest::newRow("html") << u"html"_s << false << false;
    QTest::newRow("badjson") << u"badjson"_s << true << true;
    QTest::newRow("slow") << u"slow"_s << true << false;
}

void TestDecisionService::eachFaultKindOnTheFirstPost()
{
    QFETCH(QString, kind);
    QFETCH(bool, appliedByTheFaultyPost);
    QFETCH(bool, approve);
    auto options = SimFixture::defaultOptions();
    options.hangMs = 3000; // past the client's 2 s timeout
    start(options);
    const QString id = m_env->pendingIds().first();
    const Verdict verdict = approve ? Verdict::Approve : Verdict::Deny;

    // The fault strikes the POST; the simulator is healthy again before the next request.
    m_env->setFaults(1.0, {kind});
    EngineFixture *env = m_env.get();
    m_env->tokens().armGate(1, [env](std::function<void()> answer) {
        env->controlAsync(u"/_sim/faults"_s, {{u"rate"_s, 0.0}}, std::move(answer));
    });
    QElapsedTimer timer;
    timer.start();
    const auto outcomes = runUntilIdle(*m_service, [&] { m_service->decide(id, verdict, u"fault test"_s); });
    m_env->setFaults(0);
    QVERIFY(!m_env->tokens().gateArmed());

    QCOMPARE(outcomes.size(), 1);
    const DecisionService::Outcome &o = outcomes.first();
    QVERIFY2(o.decision.state == State::Acknowledged,
             qPrintable(QueuedDecision::stateName(o.decision.state) + u": "_s + o.error.toDisplayString()));
    QVERIFY(o.final());
    const QJsonObject counters = m_env->counters();
    QCOMPARE(counters.value(u"faultsInjected").toObject().value(kind).toInt(), 1);
    QCOMPARE(m_env->applied(id), 1);
    // A post that was applied is never sent again; one that was not is sent once more.
    QCOMPARE(counters.value(u"decisionPosts").toInt(), appliedByTheFaultyPost ? 1 : 2);
    QCOMPARE(m_env->network().maxPostsInFlightForOneRequest(), 1);
    QVERIFY(leadsTo(verdict, m_env->world().requestById(id)->request.status.kind()));
    QVERIFY(!m_env->outbox().liveFor(id));
    const auto stored = m_env->outbox().decision(o.decision.id);
    QVERIFY(stored);
    QCOMPARE(stored->state, State::Acknowledged);
    QVERIFY(leadsTo(verdict, RequestStatus::fromString(stored->serverStatus).kind()));
    // The cache shows the decision too.
    QVERIFY(leadsTo(verdict, m_env->requests().request(id)->status.kind()));
    QVERIFY(auditVerifies());
    qInfo("%s: %lld ms, %d posts", qPrintable(kind), timer.elapsed(), counters.value(u"decisionPosts").toInt());
}

void TestDecisionService::soakOfEveryFaultKind()
{
    // LOCKBOX_SOAK_DECISIONS scales the soak (QUALITY R1: 1,000; scripts/reliability.sh runs that).
    bool sized = false;
    const int wanted = qEnvironmentVariableIntValue("LOCKBOX_SOAK_DECISIONS", &sized);
    const int size = sized && wanted > 0 ? wanted : 40;
    auto options = SimFixture::defaultOptions();
    options.subscriptions = size <= 40 ? 2 : 4;
    // Enough requests that `size` of them are Pending (the scenario makes the first 60 % Pending).
    options.requestsPerSubscription = int(std::ceil(size / (options.subscriptions * 0.6))) + 2;
    options.pendingFraction = 0.6;
    options.hangMs = 3000;
    start(options);
    const QStringList pending = m_env->pendingIds();
    QVERIFY2(pending.size() >= size, qPrintable(QString::number(pending.size())));
    const QStringList ids = pending.mid(0, size);
    QHash<QString, Verdict> verdicts;
    for (qsizetype i = 0; i < ids.size(); ++i)
        verdicts.insert(ids.at(i), i % 3 == 2 ? Verdict::Deny : Verdict::Approve);

    // QUALITY R1 asks for at least 30 % faults: drawn at 33 %, so that what strikes is 30 % or more
    // over the full size's thousands of requests (chance moves it by under 1 %).
    constexpr double kFaultRate = 0.33;
    m_env->setFaults(kFaultRate);
    QElapsedTimer timer;
    timer.start();
    // Generous: a hang costs the client's 2 s timeout, and most decisions meet a few faults.
    const int runTimeoutMs = 90000 + size * 300;
    auto outcomes = runUntilIdle(
        *m_service,
        [&] {
            for (const QString &id : ids) {
                const auto queued = m_service->decide(id, verdicts.value(id), u"soak "_s + id.left(8));
                QCOMPARE(queued.status, lockbox::store::EnqueueResult::Status::Queued);
            }
        },
        runTimeoutMs);
    QCOMPARE(outcomes.size(), size);
    int settledFirstRun = 0;
    for (const auto &o : std::as_const(outcomes))
        settledFirstRun += o.final() ? 1 : 0;

    // What is left goes out with later runs, as a sync would send it: faults still on for two
    // runs, then a healthy simulator.
    int runs = 1;
    qint64 requestsWhileFaulty = -1; // as the simulator counts them
    for (; runs < 8 && !m_env->outbox().live().isEmpty(); ++runs) {
        if (runs == 3) {
            requestsWhileFaulty = m_env->counters().value(u"requests").toInteger();
            m_env->setFaults(0);
        }
        runUntilIdle(
            *m_service, [&] { m_service->resume(); }, runTimeoutMs);
    }
    m_env->setFaults(0);
    if (requestsWhileFaulty < 0)
        requestsWhileFaulty = m_env->counters().value(u"requests").toInteger();
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(m_env->outbox().live().isEmpty(), "decisions are still live after eight runs");

    // The simulator's counters, per request, are the judge.
    const QJsonObject counters = m_env->counters();
    const QJsonObject posts = counters.value(u"decisionPostsByRequest").toObject();
    const QJsonObject applied = counters.value(u"decisionsApplied").toObject();
    const QJsonObject conflicts = counters.value(u"conflictsByRequest").toObject();
    const QJsonObject postsAfterAnswer = counters.value(u"postsAfterAnswerByRequest").toObject();
    const QJsonObject faults = counters.value(u"faultsInjected").toObject();
    QVERIFY2(counters.contains(u"postsAfterAnswerByRequest"), "the simulator does not count posts after an answer");
    int faultCount = 0;
    QStringList faultText;
    for (auto it = faults.begin(); it != faults.end(); ++it) {
        faultCount += it.value().toInt();
        faultText.append(it.key() + u'=' + QString::number(it.value().toInt()));
    }
    int lost = 0, appliedTwice = 0, opposite = 0, postedAfterAnswer = 0, conflicted = 0, maxPosts = 0;
    int acknowledged = 0;
    for (const QString &id : ids) {
        const QList<QueuedDecision> decisions = m_env->outbox().forRequest(id);
        QCOMPARE(decisions.size(), 1);
        const QueuedDecision &d = decisions.first();
        // None of these faults is a reason to fail: each decision is acknowledged…
        QVERIFY2(d.state == State::Acknowledged,
                 qPrintable(id + u": "_s + QueuedDecision::stateName(d.state) + u": "_s + d.lastError));
        ++acknowledged;
        // …applied exactly once, in the direction decided, and never posted again once an intact
        // answer had said it was applied or refused.
        const int a = applied.value(id).toInt();
        lost += a == 0 ? 1 : 0;
        appliedTwice += a > 1 ? 1 : 0;
        opposite += leadsTo(verdicts.value(id), m_env->world().requestById(id)->request.status.kind()) ? 0 : 1;
        postedAfterAnswer += postsAfterAnswer.value(id).toInt();
        conflicted += conflicts.value(id).toInt();
        maxPosts = qMax(maxPosts, posts.value(id).toInt());
        QVERIFY2(a == 1, qPrintable(id + u" applied "_s + QString::number(a)));
        QVERIFY2(postsAfterAnswer.value(id).toInt() == 0,
                 qPrintable(id + u": "_s + QString::number(posts.value(id).toInt()) + u" posts, "_s
                            + QString::number(postsAfterAnswer.value(id).toInt()) + u" after an unambiguous answer"_s));
        QVERIFY(leadsTo(verdicts.value(id), m_env->world().requestById(id)->request.status.kind()));
    }
    // Nothing else was decided or posted.
    QCOMPARE(applied.size(), size);
    QCOMPARE(posts.size(), size);
    QCOMPARE(m_env->network().maxPostsInFlightForOneRequest(), 1);
    // Every kind of fault struck, at the rate asked for.
    for (const lockbox::sim::FaultKind kind : lockbox::sim::allFaultKinds()) {
        const QString name = lockbox::sim::faultKindName(kind);
        QVERIFY2(faults.value(name).toInt() > 0, qPrintable(name + u" never struck: "_s + faultText.join(u", "_s)));
    }
    // The simulator drew a fault for each request at kFaultRate; what struck is that, give or take
    // chance (more of it over the suite's hundred-odd requests).
    const double observedRate = double(faultCount) / double(qMax<qint64>(1, requestsWhileFaulty));
    QVERIFY2(observedRate >= (size >= 1000 ? 0.30 : 0.25), qPrintable(QString::number(observedRate)));
    QVERIFY(auditVerifies());
    qInfo("soak: %d decisions (%d approve, %d deny), %d settled in the first run, %d runs, %lld ms; "
          "%d acknowledged, 0 failed; %d lost, %d applied twice, %d opposite, %d posted after an unambiguous answer; "
          "%d posts (at most %d for one request), %d conflicts; %d faults in %lld requests while faulty (%.2f, "
          "%lld kinds: %s)",
          size, int(std::count(verdicts.cbegin(), verdicts.cend(), Verdict::Approve)),
          int(std::count(verdicts.cbegin(), verdicts.cend(), Verdict::Deny)), settledFirstRun, runs, elapsed,
          acknowledged, lost, appliedTwice, opposite, postedAfterAnswer, counters.value(u"decisionPosts").toInt(),
          maxPosts, conflicted, faultCount, requestsWhileFaulty, observedRate, qint64(faults.size()),
          qPrintable(faultText.join(u", "_s)));
}

void TestDecisionService::simulatorCountsPostsAfterAnUnambiguousAnswer()
{
    // The soak's judge of "posted twice after an unambiguous answer": a post after an intact 200
    // or 409 on the same request counts; one after a reset that applied it does not.
    start(SimFixture::defaultOptions());
    const QStringList ids = m_env->pendingIds();
    QVERIFY(ids.size() >= 2);
    HttpClient c = m_env->sim().client();
    const auto post = [&](const QString &id) {
        return c
            .postJson(m_env->sim().requestsUrl(subscriptionOf(id), u"/"_s + id + u"/updateApproval"_s),
                      {{u"status"_s, u"Approve"_s}})
            .status;
    };
    QCOMPARE(post(ids.at(0)), 200);
    QCOMPARE(post(ids.at(0)), 409);
    QCOMPARE(post(ids.at(0)), 409);
    m_env->setFaults(1.0, {u"reset-after"_s});
    post(ids.at(1)); // applied, its answer lost: the next post is not counted
    m_env->setFaults(0);
    QCOMPARE(post(ids.at(1)), 409); // the first intact answer on it
    QCOMPARE(post(ids.at(1)), 409);
    const QJsonObject counters = m_env->counters();
    QCOMPARE(counters.value(u"postsAfterAnswer").toInt(), 3);
    QCOMPARE(counters.value(u"postsAfterAnswerByRequest").toObject().value(ids.at(0)).toInt(), 2);
    QCOMPARE(counters.value(u"postsAfterAnswerByRequest").toObject().value(ids.at(1)).toInt(), 1);
}

void TestDecisionService::conflictWithSomeoneElsesDecisionFails()
{
    start(SimFixture::defaultOptions());
    const QString id = m_env->pendingIds().first();
    m_env->control(u"/_sim/requests/"_s + id + u"/status"_s,
                   {{u"status"_s, u"Denied"_s}, {u"by"_s, u"jordan.lee@contoso.example"_s}});
    const auto outcomes = runUntilIdle(*m_service, [&] { m_service->decide(id, Verdict::Approve, QString()); });
    QCOMPARE(outcomes.size(), 1);
    const DecisionService::Outcome &o = outcomes.first();
    QCOMPARE(o.decision.state, State::Failed);
    QCOMPARE(o.error.kind, ArmError::Kind::Conflict);
    QCOMPARE(o.error.code, u"RequestNotPending"_s);
    QCOMPARE(o.error.currentStatus, u"Denied"_s);
    const auto stored = m_env->outbox().decision(o.decision.id);
    QCOMPARE(stored->state, State::Failed);
    QCOMPARE(stored->serverStatus, u"Denied"_s);
    QVERIFY2(stored->lastError.contains(u"RequestNotPending"_s), qPrintable(stored->lastError));
    QCOMPARE(m_env->applied(id), 0);
    QCOMPARE(m_env->counters().value(u"decisionPosts").toInt(), 1);
    QCOMPARE(m_env->counters().value(u"conflicts").toInt(), 1);
    QCOMPARE(m_env->world().requestById(id)->request.status.kind(), RequestStatus::Kind::Denied);
    // The cache learnt the truth from the 409.
    QCOMPARE(m_env->requests().request(id)->status.kind(), RequestStatus::Kind::Denied);
    QVERIFY(auditVerifies());
}

void TestDecisionService::conflictMatchingOurVerdictIsAcknowledged()
{
    start(SimFixture::defaultOptions());
    const QString id = m_env->pendingIds().first();
    m_env->control(u"/_sim/requests/"_s + id + u"/status"_s, {{u"status"_s, u"Approved"_s}});
    const auto outcomes = runUntilIdle(*m_service, [&] { m_service->decide(id, Verdict::Approve, QString()); });
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.first().decision.state, State::Acknowledged);
    QVERIFY(!outcomes.first().error.isError());
    QCOMPARE(m_env->outbox().decision(outcomes.first().decision.id)->serverStatus, u"Approved"_s);
    QCOMPARE(m_env->counters().value(u"decisionPosts").toInt(), 1);
    QCOMPARE(m_env->counters().value(u"conflicts").toInt(), 1);
}

void TestDecisionService::unreadableAfterAnAmbiguousPostIsRereadNextRun()
{
    auto options = SimFixture::defaultOptions();
    start(options);
    const QString id = m_env->pendingIds().first();
    // The POST is applied and its reply lost; the re-reads fail too, so this run cannot learn
    // what happened and leaves the decision queued.
    m_env->setFaults(1.0, {u"reset-after"_s});
    auto outcomes = runUntilIdle(*m_service, [&] { m_service->decide(id, Verdict::Approve, QString()); });
    m_env->setFaults(0);
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.first().decision.state, State::Queued);
    QVERIFY(outcomes.first().error.isError());
    QCOMPARE(m_env->counters().value(u"decisionPosts").toInt(), 1);
    QCOMPARE(m_env->applied(id), 1);

    // The next run reads before it posts: the decision was applied, so nothing is sent again.
    outcomes = runUntilIdle(*m_service, [&] { QCOMPARE(m_service->resume(), 1); });
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.first().decision.state, State::Acknowledged);
    QCOMPARE(m_env->counters().value(u"decisionPosts").toInt(), 1);
    QCOMPARE(m_env->applied(id), 1);
}

void TestDecisionService::resumeAfterCrashPostsOnce()
{
    start(SimFixture::defaultOptions());
    const QString id = m_env->pendingIds().first();
    const QueuedDecision left = leaveSending(id, Verdict::Deny);
    QCOMPARE(left.state, State::Sending);

    // A new process, long enough after the crash that the "sending" mark is stale.
    // The system clock jumped ahead: a decision another process left "sending" looks abandoned.
    ManualClock later(QDateTime::currentDateTimeUtc().addMSecs(10 * 60 * 1000));
    later.setRunning(true);
    m_service = makeService(later);
    m_env->network().resetCounts();
    const auto outcomes = runUntilIdle(*m_service, [&] { QCOMPARE(m_service->resume(), 1); });
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.first().decision.id, left.id);
    QCOMPARE(outcomes.first().decision.state, State::Acknowledged);
    // It read first (the dead process may have posted), saw Pending, and posted once.
    QCOMPARE(m_env->network().startedMatching(u"/requests/"_s + id), 3); // read, post, read after
    QCOMPARE(m_env->counters().value(u"decisionPosts").toInt(), 1);
    QCOMPARE(m_env->applied(id), 1);
    QVERIFY(leadsTo(Verdict::Deny, m_env->world().requestById(id)->request.status.kind()));
    QVERIFY(auditVerifies());
}

void TestDecisionService::resumeAfterCrashDoesNotPostWhatWasApplied()
{
    start(SimFixture::defaultOptions());
    const QString id = m_env->pendingIds().first();
    const QueuedDecision left = leaveSending(id, Verdict::Approve);
    // The dead process's POST reached the server before it died.
    HttpClient c = m_env->sim().client();
    const auto posted = c.postJson(m_env->sim().requestsUrl(subscriptionOf(id), u"/"_s + id + u"/updateApproval"_s),
                                   {{u"status"_s, u"Approve"_s}, {u"reason"_s, u"before the crash"_s}},
                                   {{"x-ms-client-request-id", left.id.toByteArray(QUuid::WithoutBraces)}});
    QCOMPARE(posted.status, 200);
    const int postsBefore = m_env->counters().value(u"decisionPosts").toInt();
    QCOMPARE(postsBefore, 1);

    // The system clock jumped ahead: a decision another process left "sending" looks abandoned.
    ManualClock later(QDateTime::currentDateTimeUtc().addMSecs(10 * 60 * 1000));
    later.setRunning(true);
    m_service = makeService(later);
    const auto outcomes = runUntilIdle(*m_service, [&] { QCOMPARE(m_service->resume(), 1); });
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.first().decision.state, State::Acknowledged);
    QCOMPARE(m_env->counters().value(u"decisionPosts").toInt(), postsBefore);
    QCOMPARE(m_env->applied(id), 1);
    QVERIFY(auditVerifies());
}

void TestDecisionService::freshSendingOfAnotherProcessIsLeftAlone()
{
    start(SimFixture::defaultOptions());
    const QString id = m_env->pendingIds().first();
    const QueuedDecision left = leaveSending(id, Verdict::Approve);
    // Just marked: the process sending it is most likely alive.
    const auto outcomes = runUntilIdle(*m_service, [&] { QCOMPARE(m_service->resume(), 0); });
    QVERIFY(outcomes.isEmpty());
    QTest::qWait(200);
    QCOMPARE(m_env->network().requestsStarted(), 0);
    QCOMPARE(m_env->counters().value(u"decisionPosts").toInt(), 0);
    QCOMPARE(m_env->outbox().decision(left.id)->state, State::Sending);
}

void TestDecisionService::takingOverWhatTheOtherProcessSettlesReportsItsOutcome()
{
    start(SimFixture::defaultOptions());
    const QString id = m_env->pendingIds().first();
    m_env->control(u"/_sim/config"_s, {{u"latencyMs"_s, 300}});

    // Process A posts; the simulator has applied it, the reply is on its way.
    QList<DecisionService::Outcome> outcomesA;
    connect(m_service.get(), &DecisionService::finished, this,
            [&outcomesA](const DecisionService::Outcome &o) { outcomesA.append(o); });
    QCOMPARE(m_service->decide(id, Verdict::Approve, QString()).status, lockbox::store::EnqueueResult::Status::Queued);
    QVERIFY(QTest::qWaitFor([&] { return m_env->counters().value(u"decisionPosts").toInt() == 1; }, 5000));

    // Process B (its own connection to the file) believes A died and takes the decision over.
    lockbox::store::Database dbB;
    QString error;
    QVERIFY2(dbB.open(m_env->profileDir(), &error), qPrintable(error));
    // The system clock jumped ahead: a decision another process left "sending" looks abandoned.
    ManualClock later(QDateTime::currentDateTimeUtc().addMSecs(10 * 60 * 1000));
    later.setRunning(true);
    lockbox::store::RequestStore requestsB(dbB, later);
    lockbox::store::DecisionOutbox outboxB(dbB, later);
    DecisionService serviceB(&m_env->client(), &outboxB, &requestsB, &m_env->tokens(), later, m_options);
    const auto outcomesB = runUntilIdle(serviceB, [&] { QCOMPARE(serviceB.resume(), 1); });
    QVERIFY(QTest::qWaitFor([&] { return !outcomesA.isEmpty(); }, 5000));

    // B read first, saw the decision applied, and did not post. Whichever of the two recorded the
    // acknowledgement, both report what the outbox holds.
    QCOMPARE(m_env->counters().value(u"decisionPosts").toInt(), 1);
    QCOMPARE(m_env->applied(id), 1);
    QCOMPARE(outcomesA.size(), 1);
    QCOMPARE(outcomesA.first().decision.state, State::Acknowledged);
    QCOMPARE(outcomesB.size(), 1);
    QCOMPARE(outcomesB.first().decision.state, State::Acknowledged);
    QCOMPARE(m_env->outbox().forRequest(id).size(), 1);
    QCOMPARE(m_env->outbox().forRequest(id).first().state, State::Acknowledged);
    QVERIFY(auditVerifies());
}

void TestDecisionService::neverTwoPostsInFlightForOneRequest()
{
    start(SimFixture::defaultOptions());
    const QString id = m_env->pendingIds().first();
    m_env->control(u"/_sim/config"_s, {{u"latencyMs"_s, 300}});
    const auto outcomes = runUntilIdle(*m_service, [&] {
        QCOMPARE(m_service->decide(id, Verdict::Approve, QString()).status,
                 lockbox::store::EnqueueResult::Status::Queued);
        // A second decision on the same request is refused while the first is live…
        const auto again = m_service->decide(id, Verdict::Deny, u"changed my mind"_s);
        QCOMPARE(again.status, lockbox::store::EnqueueResult::Status::AlreadyQueued);
        QCOMPARE(again.decision.verdict, Verdict::Approve);
        // …and resuming does not start the one in flight a second time.
        QCOMPARE(m_service->resume(), 0);
        QCOMPARE(m_service->inFlight(), 1);
    });
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.first().decision.state, State::Acknowledged);
    QCOMPARE(m_env->counters().value(u"decisionPosts").toInt(), 1);
    QCOMPARE(m_env->network().maxPostsInFlightForOneRequest(), 1);
    QCOMPARE(m_env->applied(id), 1);
    QCOMPARE(m_env->outbox().forRequest(id).size(), 1);
}

void TestDecisionService::changedAfterReviewIsNotSent()
{
    start(SimFixture::defaultOptions());
    const QStringList ids = m_env->pendingIds();
    QVERIFY(ids.size() >= 2);
    const QString id = ids.at(0);
    const auto reviewed = m_env->requests().request(id);
    const auto otherReviewed = m_env->requests().request(ids.at(1));
    QVERIFY(reviewed && otherReviewed);

    // While the approver reads, the request grows to its whole subscription and a sync brings it.
    widenOnTheServer(id);
    syncFull();
    QCOMPARE(m_env->requests().request(id)->resourceIds.size(), reviewed->resourceIds.size() + 1);

    const auto outcomes = runUntilIdle(*m_service, [&] {
        QCOMPARE(m_service->decide(*reviewed, Verdict::Approve, u"as reviewed"_s).status,
                 lockbox::store::EnqueueResult::Status::Queued);
        QCOMPARE(m_service->decide(*otherReviewed, Verdict::Approve, u"as reviewed"_s).status,
                 lockbox::store::EnqueueResult::Status::Queued);
    });
    QCOMPARE(outcomes.size(), 2);
    for (const DecisionService::Outcome &o : outcomes) {
        if (o.decision.requestId != id) {
            QCOMPARE(o.decision.state, State::Acknowledged); // unchanged: sent as usual
            continue;
        }
        QCOMPARE(o.decision.state, State::Failed);
        QVERIFY(!o.error.isError()); // nothing reached Azure
        QVERIFY2(o.decision.lastError.contains(u"changed on the server since you reviewed it"_s),
                 qPrintable(o.decision.lastError));
        QVERIFY2(o.decision.lastError.contains(u"nothing was sent"_s), qPrintable(o.decision.lastError));
        QVERIFY(!o.decision.reviewedHash.isEmpty());
    }
    QCOMPARE(m_env->applied(id), 0);
    QCOMPARE(m_env->applied(ids.at(1)), 1);
    QCOMPARE(m_env->counters().value(u"decisionPosts").toInt(), 1);
    QCOMPARE(m_env->world().requestById(id)->request.status.kind(), RequestStatus::Kind::Pending);
    QCOMPARE(actionsFor(id), (QStringList {u"decision.queued"_s, u"decision.failed"_s}));
    QVERIFY(auditVerifies());

    // Reviewed again as it is now, it goes.
    const auto again = runUntilIdle(
        *m_service, [&] { m_service->decide(*m_env->requests().request(id), Verdict::Approve, u"reviewed again"_s); });
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.first().decision.state, State::Acknowledged);
    QCOMPARE(m_env->applied(id), 1);
}

void TestDecisionService::changedBetweenQueueingAndSendingIsNotSent()
{
    start(SimFixture::defaultOptions());
    const QString id = m_env->pendingIds().first();
    // lockboxctl's way: bound to the request as cached when queued. The process ends before it
    // posts (its service goes with it), a sync of another process brings a change, and the
    // decision is resumed from the outbox.
    {
        const std::unique_ptr<DecisionService> queuer = makeService(m_env->clock());
        QCOMPARE(queuer->decide(id, Verdict::Approve, u"queued"_s).status,
                 lockbox::store::EnqueueResult::Status::Queued);
    }
    QCOMPARE(m_env->outbox().liveFor(id)->state, State::Queued);
    widenOnTheServer(id);
    syncFull();

    const auto outcomes = runUntilIdle(*m_service, [&] { QCOMPARE(m_service->resume(), 1); });
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.first().decision.state, State::Failed);
    QVERIFY2(outcomes.first().decision.lastError.contains(u"changed on the server"_s),
             qPrintable(outcomes.first().decision.lastError));
    QCOMPARE(m_env->counters().value(u"decisionPosts").toInt(), 0);
    QCOMPARE(m_env->applied(id), 0);
    QVERIFY(!m_env->outbox().liveFor(id));
    QCOMPARE(m_env->world().requestById(id)->request.status.kind(), RequestStatus::Kind::Pending);
}

void TestDecisionService::changedBeforeARetryIsNotSent()
{
    start(SimFixture::defaultOptions());
    const QString id = m_env->pendingIds().first();
    // The first post is lost before it reaches the service; while the decision service re-reads
    // the request, it has changed: the re-read brings the change, and the retry is not sent.
    m_env->setFaults(1.0, {u"reset-before"_s});
    EngineFixture *env = m_env.get();
    m_env->tokens().armGate(1, [this, env, id](std::function<void()> answer) {
        widenOnTheServer(id);
        env->controlAsync(u"/_sim/faults"_s, {{u"rate"_s, 0.0}}, std::move(answer));
    });
    const auto outcomes = runUntilIdle(*m_service, [&] { m_service->decide(id, Verdict::Deny, u"no"_s); });
    m_env->setFaults(0);
    QVERIFY(!m_env->tokens().gateArmed());
    QCOMPARE(outcomes.size(), 1);
    QCOMPARE(outcomes.first().decision.state, State::Failed);
    QVERIFY2(outcomes.first().decision.lastError.contains(u"changed on the server"_s),
             qPrintable(outcomes.first().decision.lastError));
    QCOMPARE(m_env->counters().value(u"decisionPosts").toInt(), 1); // the lost one only
    QCOMPARE(m_env->applied(id), 0);
    QCOMPARE(m_env->world().requestById(id)->request.status.kind(), RequestStatus::Kind::Pending);
    // The cache shows the request as it is now.
    QCOMPARE(m_env->requests().request(id)->resourceIds.constLast(), u"/subscriptions/"_s + subscriptionOf(id));
    QVERIFY(auditVerifies());
}

void TestDecisionService::hugeRetryAfterWaitsInsteadOfOverflowing()
{
    start(SimFixture::defaultOptions());
    const QString id = m_env->pendingIds().first();
    const lockbox::test::HttpResult current =
        m_env->sim().client().get(m_env->sim().requestsUrl(subscriptionOf(id), u"/"_s + id));
    QCOMPARE(current.status, 200);

    // A server that throttles the post for 4,000,000 s (4e9 ms: more than an int holds), then
    // says the request is still Pending.
    CannedServer server;
    QVERIFY(server.listen());
    server.enqueue(CannedServer::response(429, R"({"error":{"code":"TooManyRequests","message":"slow down"}})",
                                          "application/json", {{"Retry-After", "4000000"}}));
    server.enqueue(CannedServer::response(200, current.body));
    server.setFallback({CannedServer::response(200, current.body), CannedServer::Action::Respond});
    lockbox::ArmClient::Options options;
    options.endpoint = server.baseUrl();
    options.timeoutMs = 2000;
    options.budget.maxPauseSec = 1; // the client's own pause is short: the service's wait is what counts
    lockbox::ArmClient client(&m_env->network(), &m_env->tokens(), options);
    DecisionService service(&client, &m_env->outbox(), &m_env->requests(), &m_env->tokens(), m_env->clock(), m_options);

    QCOMPARE(service.decide(id, Verdict::Approve, QString()).status, lockbox::store::EnqueueResult::Status::Queued);
    QTRY_COMPARE_WITH_TIMEOUT(server.requestCount(), 2, 20000); // the post, then the re-read
    QCOMPARE(server.received().at(0).method, QByteArray("POST"));
    QCOMPARE(server.received().at(1).method, QByteArray("GET"));
    // Backoff is at most 400 ms here: a wait computed from an overflowed Retry-After would post
    // again at once.
    QTest::qWait(3000);
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(service.inFlight(), 1);
    QCOMPARE(m_env->outbox().liveFor(id)->state, State::Queued);
}

QTEST_GUILESS_MAIN(TestDecisionService)
#include "tst_decisionservice.moc"
