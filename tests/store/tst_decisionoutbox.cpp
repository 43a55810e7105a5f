// DecisionOutbox: the decision state machine, one live decision per request (across connections
// too), and every change written together with its audit record in one transaction.

#include "storetesthelpers.h"

#include "store/auditlog.h"
#include "store/database.h"
#include "store/decisionoutbox.h"
#include "store/requeststore.h"
#include "store/schema.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <barrier>

using namespace Qt::StringLiterals;
using lockbox::AuditRecord;
using lockbox::Decision;
using lockbox::QueuedDecision;
using lockbox::Verdict;
using lockbox::store::AuditLog;
using lockbox::store::AuditQuery;
using lockbox::store::Database;
using lockbox::store::DatabaseOptions;
using lockbox::store::DecisionOutbox;
using lockbox::store::EnqueueResult;
using lockbox::store::RequestStore;
using lockbox::test::ManualClock;
using lockbox::test::RawConnection;
using State = lockbox::QueuedDecision::State;

namespace {

const QString kSub = u"00000000-0000-0000-0000-00000000000a"_s;

Decision makeDecision(const QString &requestId, Verdict verdict = Verdict::Approve,
                      const QString &reason = u"needed for case 123"_s)
{
    Decision d;
    d.requestId = requestId;
    d.subscriptionId = kSub;
    d.verdict = verdict;
    d.reason = reason;
    return d;
}

} // namespace

class TestDecisionOutbox final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void enqueueWritesDecisionAndAuditRecord();
    void happyPath();
    void resendAfterCrashCountsAttempts();
    void failedWithServerReason();
    void requeueAfterAmbiguousOutcome();
    void withdrawOnlyWhileQueued();
    void invalidTransitionsAreRefused();
    void oneLiveDecisionPerRequest();
    void liveIsOldestFirstAndSurvivesReopen();
    void failureAfterOutboxInsertLeavesNeitherRow();
    void refusedInsideAMergeSession();
    void concurrentEnqueueOnTwoConnections();
    void reviewedHashIsStoredAndKept();
    void migrationKeepsDecisionsQueuedBefore();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<DecisionOutbox> m_outbox;
    std::unique_ptr<AuditLog> m_audit;

    QList<AuditRecord> auditFor(const QString &requestId)
    {
        AuditQuery q;
        q.requestId = requestId;
        return m_audit->records(q);
    }
    QStringList actionsFor(const QString &requestId)
    {
        QStringList out;
        for (const AuditRecord &r : auditFor(requestId))
            out.append(r.action);
        return out;
    }
};

void TestDecisionOutbox::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->path()));
    m_outbox = std::make_unique<DecisionOutbox>(*m_db, *m_clock);
    m_audit = std::make_unique<AuditLog>(*m_db, *m_clock);
}

void TestDecisionOutbox::cleanup()
{
    m_audit.reset();
    m_outbox.reset();
    m_db.reset();
    m_dir.reset();
}

void TestDecisionOutbox::enqueueWritesDecisionAndAuditRecord()
{
    Decision d = makeDecision(u"req-1"_s, Verdict::Deny, u"not expected"_s);
    d.id = QUuid::createUuid();
    const EnqueueResult result = m_outbox->enqueue(d, u"alice@contoso.com"_s);
    QCOMPARE(result.status, EnqueueResult::Status::Queued);
    QCOMPARE(result.decision.id, d.id);
    QCOMPARE(result.decision.state, State::Queued);
    QCOMPARE(result.decision.attempts, 0);

    const auto stored = m_outbox->decision(d.id);
    QVERIFY(stored);
    QCOMPARE(stored->requestId, u"req-1"_s);
    QCOMPARE(stored->subscriptionId, kSub);
    QCOMPARE(stored->verdict, Verdict::Deny);
    QCOMPARE(stored->reason, u"not expected"_s);
    QCOMPARE(stored->actor, u"alice@contoso.com"_s);
    QCOMPARE(stored->createdAt, m_clock->now());
    QCOMPARE(stored->updatedAt, m_clock->now());

    const QList<AuditRecord> audit = auditFor(u"req-1"_s);
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit[0].action, u"decision.queued"_s);
    QCOMPARE(audit[0].actor, u"alice@contoso.com"_s);
    QCOMPARE(audit[0].subscriptionId, kSub);
    QCOMPARE(audit[0].reason, u"not expected"_s);
    QCOMPARE(audit[0].outcome, u"queued: Deny"_s);
    QCOMPARE(audit[0].source, AuditRecord::Source::Local);
    QCOMPARE(audit[0].time, m_clock->now());

    // A decision without an id gets one.
    const EnqueueResult other = m_outbox->enqueue(makeDecision(u"req-2"_s), u"bob"_s);
    QCOMPARE(other.status, EnqueueResult::Status::Queued);
    QVERIFY(!other.decision.id.isNull());
}

void TestDecisionOutbox::happyPath()
{
    const EnqueueResult queued = m_outbox->enqueue(makeDecision(u"req-1"_s), u"alice"_s);
    const QUuid id = queued.decision.id;
    m_clock->advanceSecs(1);
    const auto sending = m_outbox->markSending(id);
    QVERIFY(sending);
    QCOMPARE(sending->state, State::Sending);
    QCOMPARE(sending->attempts, 1);
    m_clock->advanceSecs(1);
    const auto acknowledged = m_outbox->markAcknowledged(id, u"Approving"_s);
    QVERIFY(acknowledged);
    QCOMPARE(acknowledged->state, State::Acknowledged);
    QCOMPARE(acknowledged->serverStatus, u"Approving"_s);
    QCOMPARE(m_outbox->decision(id)->updatedAt, m_clock->now());
    QVERIFY(m_outbox->live().isEmpty());
    QVERIFY(!m_outbox->liveFor(u"req-1"_s));
    QCOMPARE(actionsFor(u"req-1"_s),
             (QStringList {u"decision.queued"_s, u"decision.sending"_s, u"decision.acknowledged"_s}));
    QCOMPARE(auditFor(u"req-1"_s).last().outcome, u"acknowledged: Approve (server status Approving)"_s);
    QVERIFY(m_audit->verify().ok);
}

void TestDecisionOutbox::resendAfterCrashCountsAttempts()
{
    const QUuid id = m_outbox->enqueue(makeDecision(u"req-1"_s), u"alice"_s).decision.id;
    QVERIFY(m_outbox->markSending(id));
    // The process died here; at the next start the decision is live and is sent again.
    QCOMPARE(m_outbox->live().size(), 1);
    QCOMPARE(m_outbox->live().first().state, State::Sending);
    // A second sender cannot take it while it is marked sending…
    QString error;
    QVERIFY(!m_outbox->markSending(id, &error));
    QVERIFY(!error.isEmpty());
    // …only after it was requeued (the resuming process re-read the request and found it Pending).
    QVERIFY(m_outbox->requeue(id, u"connection reset"_s));
    const auto again = m_outbox->markSending(id);
    QVERIFY(again);
    QCOMPARE(again->attempts, 2);
    QCOMPARE(auditFor(u"req-1"_s).last().outcome, u"sending: Approve (attempt 2)"_s);
}

void TestDecisionOutbox::failedWithServerReason()
{
    const QUuid id = m_outbox->enqueue(makeDecision(u"req-1"_s), u"alice"_s).decision.id;
    QVERIFY(m_outbox->markSending(id));
    const auto failed = m_outbox->markFailed(id, u"RequestNotPending: decided by someone else"_s, u"Denied"_s);
    QVERIFY(failed);
    QCOMPARE(failed->state, State::Failed);
    QCOMPARE(failed->lastError, u"RequestNotPending: decided by someone else"_s);
    QCOMPARE(failed->serverStatus, u"Denied"_s);
    QCOMPARE(auditFor(u"req-1"_s).last().action, u"decision.failed"_s);
    QCOMPARE(auditFor(u"req-1"_s).last().outcome,
             u"failed: Approve: RequestNotPending: decided by someone else (server status Denied)"_s);
    // A failed decision is history: the request can be decided again.
    QCOMPARE(m_outbox->enqueue(makeDecision(u"req-1"_s, Verdict::Deny), u"alice"_s).status,
             EnqueueResult::Status::Queued);
    QCOMPARE(m_outbox->forRequest(u"req-1"_s).size(), 2);
}

void TestDecisionOutbox::requeueAfterAmbiguousOutcome()
{
    const QUuid id = m_outbox->enqueue(makeDecision(u"req-1"_s), u"alice"_s).decision.id;
    QString error;
    QVERIFY(!m_outbox->requeue(id, u"timeout"_s, &error)); // only from sending
    QVERIFY(m_outbox->markSending(id));
    const auto requeued = m_outbox->requeue(id, u"timeout; the request is still Pending"_s);
    QVERIFY(requeued);
    QCOMPARE(requeued->state, State::Queued);
    QCOMPARE(requeued->attempts, 1);
    QCOMPARE(auditFor(u"req-1"_s).last().action, u"decision.requeued"_s);
    QVERIFY(m_outbox->markSending(id));
    QCOMPARE(m_outbox->decision(id)->attempts, 2);
}

void TestDecisionOutbox::withdrawOnlyWhileQueued()
{
    const QUuid id = m_outbox->enqueue(makeDecision(u"req-1"_s), u"alice"_s).decision.id;
    const auto withdrawn = m_outbox->withdraw(u"req-1"_s, u"bob"_s);
    QVERIFY(withdrawn);
    QCOMPARE(withdrawn->state, State::Withdrawn);
    QCOMPARE(auditFor(u"req-1"_s).last().action, u"decision.withdrawn"_s);
    QCOMPARE(auditFor(u"req-1"_s).last().actor, u"bob"_s);
    QString error;
    QVERIFY(!m_outbox->markSending(id, &error));
    QVERIFY(!m_outbox->withdraw(u"req-1"_s, {}, &error)); // nothing left to withdraw
    QVERIFY2(error.contains(u"req-1"_s), qPrintable(error));

    const QUuid second = m_outbox->enqueue(makeDecision(u"req-1"_s), u"alice"_s).decision.id;
    QVERIFY(m_outbox->markSending(second));
    QVERIFY(!m_outbox->withdraw(u"req-1"_s, {}, &error)); // may already be applied
    QVERIFY2(error.contains(u"being sent"_s), qPrintable(error));
    QCOMPARE(m_outbox->decision(second)->state, State::Sending);
}

void TestDecisionOutbox::invalidTransitionsAreRefused()
{
    const QUuid id = m_outbox->enqueue(makeDecision(u"req-1"_s), u"alice"_s).decision.id;
    QVERIFY(m_outbox->markAcknowledged(id, u"Approved"_s));
    const qint64 before = m_audit->lastSequence();
    QString error;
    QVERIFY(!m_outbox->markSending(id, &error));
    QVERIFY2(error.contains(u"acknowledged"_s), qPrintable(error));
    QVERIFY(!m_outbox->markFailed(id, u"x"_s, {}, &error));
    QVERIFY(!m_outbox->markAcknowledged(id, {}, &error));
    QVERIFY(!m_outbox->markSending(QUuid::createUuid(), &error));
    QCOMPARE(m_audit->lastSequence(), before); // refused transitions leave no record
    QCOMPARE(m_outbox->decision(id)->state, State::Acknowledged);
}

void TestDecisionOutbox::oneLiveDecisionPerRequest()
{
    const EnqueueResult first = m_outbox->enqueue(makeDecision(u"req-1"_s, Verdict::Approve), u"alice"_s);
    QCOMPARE(first.status, EnqueueResult::Status::Queued);
    const EnqueueResult second = m_outbox->enqueue(makeDecision(u"req-1"_s, Verdict::Deny), u"bob"_s);
    QCOMPARE(second.status, EnqueueResult::Status::AlreadyQueued);
    QCOMPARE(second.decision.id, first.decision.id);
    QVERIFY2(second.error.contains(u"already queued"_s), qPrintable(second.error));
    QCOMPARE(m_outbox->forRequest(u"req-1"_s).size(), 1);
    QCOMPARE(auditFor(u"req-1"_s).size(), 1);

    // The partial unique index holds even against a raw insert that skips the check.
    RawConnection raw(m_db->filePath());
    QVERIFY(!raw.exec(u"INSERT INTO decisions (id, request_id, subscription_id, verdict, reason, actor, state,"
                      " created_ms, updated_ms) VALUES ('x', 'req-1', 's', 'Deny', '', '', 'sending', 0, 0)"_s));
    QVERIFY(raw.exec(u"INSERT INTO decisions (id, request_id, subscription_id, verdict, reason, actor, state,"
                     " created_ms, updated_ms) VALUES ('y', 'req-1', 's', 'Deny', '', '', 'failed', 0, 0)"_s));
}

void TestDecisionOutbox::liveIsOldestFirstAndSurvivesReopen()
{
    QList<QUuid> ids;
    for (int i = 0; i < 5; ++i) {
        ids.append(m_outbox->enqueue(makeDecision(u"req-%1"_s.arg(i)), u"alice"_s).decision.id);
        m_clock->advanceSecs(10);
    }
    QVERIFY(m_outbox->markSending(ids[1]));
    QVERIFY(m_outbox->markAcknowledged(ids[2], u"Approved"_s));
    QVERIFY(m_outbox->withdraw(u"req-3"_s));

    m_outbox.reset();
    m_audit.reset();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->path()));
    m_outbox = std::make_unique<DecisionOutbox>(*m_db, *m_clock);
    m_audit = std::make_unique<AuditLog>(*m_db, *m_clock);

    const QList<QueuedDecision> live = m_outbox->live();
    QCOMPARE(live.size(), 3);
    QCOMPARE(live[0].id, ids[0]);
    QCOMPARE(live[1].id, ids[1]);
    QCOMPARE(live[1].state, State::Sending);
    QCOMPARE(live[2].id, ids[4]);
    QCOMPARE(m_outbox->all().size(), 5);
    QCOMPARE(m_outbox->liveFor(u"req-1"_s)->id, ids[1]);
    QVERIFY(m_audit->verify().ok);
}

void TestDecisionOutbox::failureAfterOutboxInsertLeavesNeitherRow()
{
    const qint64 auditBefore = m_audit->lastSequence();
    // The audit insert fails after the decision row is written (as a full disk or a crash would
    // make it fail): the transaction takes both back.
    QVERIFY(m_db->execute(u"CREATE TEMP TRIGGER audit_fails BEFORE INSERT ON main.audit"
                          " BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END"_s));
    const EnqueueResult result = m_outbox->enqueue(makeDecision(u"req-1"_s), u"alice"_s);
    QCOMPARE(result.status, EnqueueResult::Status::Failed);
    QVERIFY2(result.error.contains(u"injected audit failure"_s), qPrintable(result.error));

    RawConnection raw(m_db->filePath());
    QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM decisions"_s).toInt(), 0);
    QCOMPARE(raw.scalar(u"SELECT COUNT(*) FROM audit"_s).toInt(), 0);
    QCOMPARE(m_audit->lastSequence(), auditBefore);

    // Transitions too: a failed audit append leaves the decision in its old state.
    QVERIFY(m_db->execute(u"DROP TRIGGER temp.audit_fails"_s));
    const QUuid id = m_outbox->enqueue(makeDecision(u"req-1"_s), u"alice"_s).decision.id;
    QVERIFY(m_db->execute(u"CREATE TEMP TRIGGER audit_fails BEFORE INSERT ON main.audit"
                          " BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END"_s));
    QString error;
    QVERIFY(!m_outbox->markSending(id, &error));
    QCOMPARE(m_outbox->decision(id)->state, State::Queued);
    QCOMPARE(m_outbox->decision(id)->attempts, 0);
    QVERIFY(!m_outbox->withdraw(u"req-1"_s, {}, &error));
    QCOMPARE(m_outbox->decision(id)->state, State::Queued);
    QVERIFY(m_db->execute(u"DROP TRIGGER temp.audit_fails"_s));
    QVERIFY(m_audit->verify().ok);
}

void TestDecisionOutbox::refusedInsideAMergeSession()
{
    RequestStore store(*m_db, *m_clock);
    QVERIFY(store.beginMerge(kSub));
    const EnqueueResult result = m_outbox->enqueue(makeDecision(u"req-1"_s), u"alice"_s);
    QCOMPARE(result.status, EnqueueResult::Status::Failed);
    QVERIFY(!result.error.isEmpty());
    store.abortMerge();
    QCOMPARE(m_outbox->enqueue(makeDecision(u"req-1"_s), u"alice"_s).status, EnqueueResult::Status::Queued);
}

void TestDecisionOutbox::concurrentEnqueueOnTwoConnections()
{
    // Two connections on one profile (the console and lockboxctl) decide the same requests at the
    // same moment: for each request exactly one wins, the other is told it is already queued.
    constexpr int kRequests = 40;
    const QString profile = m_dir->path();
    std::barrier sync(2);
    std::atomic<int> queued {0};
    std::atomic<int> already {0};
    std::atomic<int> failed {0};
    auto worker = [&](Verdict verdict, const QString &actor) {
        ManualClock clock;
        Database db;
        if (!db.open(profile)) {
            ++failed;
            for (int i = 0; i < kRequests; ++i)
                sync.arrive_and_wait();
            return;
        }
        DecisionOutbox outbox(db, clock);
        for (int i = 0; i < kRequests; ++i) {
            sync.arrive_and_wait(); // both start each request together
            const EnqueueResult r = outbox.enqueue(makeDecision(u"race-%1"_s.arg(i), verdict), actor);
            switch (r.status) {
            case EnqueueResult::Status::Queued:
                ++queued;
                break;
            case EnqueueResult::Status::AlreadyQueued:
                ++already;
                break;
            case EnqueueResult::Status::Failed:
                ++failed;
                qWarning() << r.error;
                break;
            }
        }
    };
    std::unique_ptr<QThread> gui(QThread::create(worker, Verdict::Approve, u"console"_s));
    std::unique_ptr<QThread> cli(QThread::create(worker, Verdict::Deny, u"lockboxctl"_s));
    gui->start();
    cli->start();
    QVERIFY(gui->wait(60000));
    QVERIFY(cli->wait(60000));

    QCOMPARE(failed.load(), 0);
    QCOMPARE(queued.load(), kRequests);
    QCOMPARE(already.load(), kRequests);
    for (int i = 0; i < kRequests; ++i) {
        const QString id = u"race-%1"_s.arg(i);
        QCOMPARE(m_outbox->forRequest(id).size(), 1);
        QCOMPARE(auditFor(id).size(), 1);
        QCOMPARE(auditFor(id).first().actor, m_outbox->forRequest(id).first().actor);
    }
    QVERIFY(m_audit->verify().ok);
}

void TestDecisionOutbox::reviewedHashIsStoredAndKept()
{
    // Sixteen bytes, a zero among them: stored as a blob, not as text that would stop at it.
    const QByteArray hash = QByteArray::fromHex("00112233445566778899aabbccddeeff");
    const EnqueueResult queued = m_outbox->enqueue(makeDecision(u"req-1"_s), u"alice"_s, hash);
    QCOMPARE(queued.status, EnqueueResult::Status::Queued);
    QCOMPARE(queued.decision.reviewedHash, hash);
    const QUuid id = queued.decision.id;
    QCOMPARE(m_outbox->decision(id)->reviewedHash, hash);
    QCOMPARE(m_outbox->liveFor(u"req-1"_s)->reviewedHash, hash);
    // Every state keeps what was reviewed.
    QCOMPARE(m_outbox->markSending(id)->reviewedHash, hash);
    QCOMPARE(m_outbox->requeue(id, u"timeout"_s)->reviewedHash, hash);
    QCOMPARE(m_outbox->markFailed(id, u"changed"_s, QString())->reviewedHash, hash);
    QCOMPARE(m_outbox->all().constFirst().reviewedHash, hash);

    // Reopened from the file, by another connection.
    {
        Database other;
        QVERIFY(other.open(m_dir->path()));
        const DecisionOutbox reader(other, *m_clock);
        QCOMPARE(reader.decision(id)->reviewedHash, hash);
    }
    RawConnection raw(m_db->filePath());
    QCOMPARE(raw.scalar(u"SELECT reviewed_hash FROM decisions WHERE id = ?"_s, {id.toString(QUuid::WithoutBraces)})
                 .toByteArray(),
             hash);

    // A decision not bound to content stores NULL and reads back empty.
    const EnqueueResult unbound = m_outbox->enqueue(makeDecision(u"req-2"_s), u"alice"_s);
    QVERIFY(unbound.decision.reviewedHash.isEmpty());
    QVERIFY(m_outbox->decision(unbound.decision.id)->reviewedHash.isEmpty());
    QVERIFY(raw.scalar(u"SELECT reviewed_hash FROM decisions WHERE id = ?"_s,
                       {unbound.decision.id.toString(QUuid::WithoutBraces)})
                .isNull());
}

void TestDecisionOutbox::migrationKeepsDecisionsQueuedBefore()
{
    // A profile written before decisions were bound to content: every migration up to the one
    // that adds reviewed_hash, and a decision queued and one acknowledged in it.
    cleanup();
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_unique<ManualClock>();
    DatabaseOptions before;
    before.migrations.clear();
    for (const lockbox::store::Migration &m : lockbox::store::schemaMigrations()) {
        if (m.statements.join(u' ').contains(u"reviewed_hash"_s))
            break;
        before.migrations.append(m);
    }
    QVERIFY(before.migrations.size() < lockbox::store::schemaMigrations().size());
    const QString queuedId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString doneId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        Database old;
        QString error;
        QVERIFY2(old.open(m_dir->path(), before, &error), qPrintable(error));
        QVERIFY(!old.execute(u"SELECT reviewed_hash FROM decisions"_s));
        // Rows as the code of that version wrote them.
        RawConnection raw(old.filePath());
        const qint64 ms = m_clock->now().toMSecsSinceEpoch();
        QVERIFY2(
            raw.exec(u"INSERT INTO decisions (id, request_id, subscription_id, verdict, reason, actor, state,"
                     " attempts, created_ms, updated_ms, last_error, server_status) VALUES"
                     " (?, 'req-old', ?, 'Approve', 'needed for case 123', 'alice', 'queued', 0, ?, ?, NULL, NULL),"
                     " (?, 'req-done', ?, 'Deny', 'no', 'bob', 'acknowledged', 1, ?, ?, NULL, 'Denying')"_s,
                     {queuedId, kSub, ms, ms, doneId, kSub, ms, ms}),
            qPrintable(raw.lastError()));
    }

    m_db = std::make_unique<Database>();
    QString error;
    QVERIFY2(m_db->open(m_dir->path(), &error), qPrintable(error));
    QCOMPARE(m_db->schemaVersion(), lockbox::store::currentSchemaVersion());
    m_outbox = std::make_unique<DecisionOutbox>(*m_db, *m_clock);
    m_audit = std::make_unique<AuditLog>(*m_db, *m_clock);

    const auto old = m_outbox->liveFor(u"req-old"_s);
    QVERIFY(old);
    QCOMPARE(old->id.toString(QUuid::WithoutBraces), queuedId);
    QCOMPARE(old->state, State::Queued);
    QCOMPARE(old->reason, u"needed for case 123"_s);
    QVERIFY(old->reviewedHash.isEmpty()); // queued before: not bound, sent as it was
    const auto done = m_outbox->decision(QUuid::fromString(doneId));
    QVERIFY(done);
    QCOMPARE(done->state, State::Acknowledged);
    QCOMPARE(done->serverStatus, u"Denying"_s);
    // The old decision still moves on, and new ones are bound.
    QVERIFY(m_outbox->markSending(old->id));
    QVERIFY(m_outbox->markAcknowledged(old->id, u"Approving"_s));
    const QByteArray hash(16, 'h');
    QCOMPARE(m_outbox->enqueue(makeDecision(u"req-new"_s), u"alice"_s, hash).decision.reviewedHash, hash);
    QCOMPARE(m_outbox->liveFor(u"req-new"_s)->reviewedHash, hash);
    QVERIFY(m_audit->verify().ok);
}

QTEST_GUILESS_MAIN(TestDecisionOutbox)
#include "tst_decisionoutbox.moc"
