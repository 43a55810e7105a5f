// QUALITY R8: two lockboxctl processes work on one profile at the same time (sync, list, show,
// approve and deny of different requests, queue, audit), 100 operations in all in the suite,
// LOCKBOX_CONCURRENT_OPERATIONS of them when set (scripts/reliability.sh runs 1,000). No
// "database is locked" reaches the user, every command ends with exit 0, and no write is lost:
// each decision is acknowledged, the simulator received exactly one post for it (it counts posts
// and 409s per request: a second post would be refused, not applied, so "applied once" alone
// could not show it), the request settled in the direction asked, and the audit chain verifies.

#include "clitestkit.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using lockbox::test::Ctl;
using lockbox::test::CtlResult;
using lockbox::test::SimProcess;

namespace {

struct Operation
{
    QStringList arguments;
    QString decides; // request id, for approve and deny
};

struct Worker
{
    QList<Operation> operations;
    qsizetype next = 0;
    QProcess *running = nullptr;
};

} // namespace

class TestConcurrentProfile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twoProcessesInterleaved();
};

void TestConcurrentProfile::twoProcessesInterleaved()
{
    bool sized = false;
    const int wanted = qEnvironmentVariableIntValue("LOCKBOX_CONCURRENT_OPERATIONS", &sized);
    const int kOperations = sized && wanted >= 2 ? wanted / 2 * 2 : 100;
    // Pending requests enough for every operation to be a decision (80 % of the requests are).
    const int requestsPerSubscription = qMax(40, kOperations / 2);
    SimProcess sim;
    QString error;
    QVERIFY2(sim.start({u"--seed"_s, u"6"_s, u"--subscriptions"_s, u"3"_s, u"--requests"_s,
                        QString::number(requestsPerSubscription), u"--pending-fraction"_s, u"0.8"_s, u"--page-size"_s,
                        u"20"_s, u"--latency"_s, u"5"_s, u"--start-time"_s, u"2026-11-02T09:30:00Z"_s},
                       &error),
             qPrintable(error));
    QTemporaryDir dir;
    const Ctl ctl(sim.url(), dir.path());
    CtlResult r = ctl.run({u"sync"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QStringList pending;
    for (const QJsonValue &v : ctl.run({u"list"_s, u"--format"_s, u"json"_s}).json().array())
        pending.append(v.toObject().value(u"requestId").toString());
    QVERIFY2(pending.size() >= kOperations * 6 / 10, qPrintable(QString::number(pending.size())));

    // Two scripts of half the operations each, each deciding requests of its own.
    QRandomGenerator random(8);
    Worker workers[2];
    QHash<QString, QString> verdicts;
    for (int w = 0; w < 2; ++w) {
        for (int i = 0; i < kOperations / 2; ++i) {
            Operation op;
            switch (random.bounded(7u)) {
            case 0:
                op.arguments = {u"sync"_s};
                break;
            case 1:
                op.arguments = {u"list"_s, u"--status"_s, u"all"_s, u"--format"_s, u"json"_s};
                break;
            case 2:
                op.arguments = {u"audit"_s, u"--verify"_s};
                break;
            case 3:
                op.arguments = {u"queue"_s};
                break;
            case 4:
                op.decides = pending.takeFirst();
                op.arguments = {u"approve"_s, op.decides, u"--reason"_s, u"worker %1"_s.arg(w)};
                verdicts.insert(op.decides, u"Approve"_s);
                break;
            case 5:
                op.decides = pending.takeFirst();
                op.arguments = {u"deny"_s, op.decides, u"--reason"_s, u"worker %1"_s.arg(w)};
                verdicts.insert(op.decides, u"Deny"_s);
                break;
            default:
                op.arguments = {u"audit"_s, u"--format"_s, u"json"_s};
                break;
            }
            workers[w].operations.append(op);
        }
    }

    QStringList failures;
    int done = 0;
    QElapsedTimer timer;
    timer.start();
    std::function<void(int)> startNext = [&](int w) {
        Worker &worker = workers[w];
        if (worker.next >= worker.operations.size())
            return;
        const Operation &op = worker.operations.at(worker.next++);
        QProcess *p = ctl.start(op.arguments, this);
        worker.running = p;
        connect(p, &QProcess::finished, this, [&, w, p, op](int code, QProcess::ExitStatus status) {
            const QByteArray err = p->readAllStandardError();
            const QString what = u"worker %1: %2"_s.arg(w).arg(op.arguments.join(u' '));
            // verify() reads records and head in one snapshot, so the other process's appends
            // never look like tampering.
            if (status != QProcess::NormalExit || code != 0) {
                failures.append(what + u": exit "_s + QString::number(code) + u": "_s + QString::fromUtf8(err));
            }
            if (err.contains("locked") || err.contains("busy") || err.contains("Busy"))
                failures.append(what + u": "_s + QString::fromUtf8(err));
            p->deleteLater();
            ++done;
            startNext(w);
        });
    };
    startNext(0);
    startNext(1);
    QVERIFY2(QTest::qWaitFor([&] { return done == kOperations; }, 1500 * kOperations),
             qPrintable(QString::number(done)));
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(failures.isEmpty(),
             qPrintable(u"%1 of %2 operations: "_s.arg(failures.size()).arg(kOperations)
                        + failures.mid(0, 20).join(u"\n"_s)));

    // No lost write and none made twice: every decision acknowledged, posted once by one of the
    // two processes, applied, and no post on a request nobody decided.
    const QJsonObject counters = sim.counters();
    const QList<QString> decided = verdicts.keys();
    const QStringList problems =
        lockbox::test::decisionPostProblems(counters, QSet<QString>(decided.cbegin(), decided.cend()));
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"\n"_s)));
    // The simulator settles a decision after its transition time; wait for that, then every
    // request must be where its verdict sends it.
    QHash<QString, QString> statuses;
    const auto settled = [&] {
        statuses = sim.statuses();
        return std::none_of(decided.cbegin(), decided.cend(), [&statuses](const QString &id) {
            const QString status = statuses.value(id);
            return status == u"Approving" || status == u"Denying";
        });
    };
    QVERIFY2(QTest::qWaitFor(settled, 60000), "decided requests still Approving or Denying on the simulator");
    for (auto it = verdicts.cbegin(); it != verdicts.cend(); ++it) {
        const QStringList states = lockbox::test::sqlColumn(
            ctl.databasePath(),
            u"SELECT state || ' ' || verdict FROM decisions WHERE request_id = '%1'"_s.arg(it.key()));
        QCOMPARE(states, QStringList {u"acknowledged "_s + it.value()});
        const QString status = statuses.value(it.key());
        QVERIFY2(status == (it.value() == u"Approve" ? u"Approved"_s : u"Denied"_s),
                 qPrintable(it.key() + u": "_s + it.value() + u" queued, "_s + status + u" on the simulator"_s));
    }
    // Each decision's four records (queued, sending, acknowledged and nothing lost in between).
    const QStringList acknowledgedRecords = lockbox::test::sqlColumn(
        ctl.databasePath(), u"SELECT count(*) FROM audit WHERE action = 'decision.acknowledged'"_s);
    QCOMPARE(acknowledgedRecords, QStringList {QString::number(verdicts.size())});
    QCOMPARE(ctl.run({u"audit"_s, u"--verify"_s}).code, 0);
    QCOMPARE(lockbox::test::integrityCheck(ctl.databasePath()), u"ok"_s);
    qInfo("%d operations by two processes in %lld ms: %d decisions, %lld posts, %lld conflicts, 0 failed, 0 "
          "'database is locked', 0 lost writes",
          kOperations, elapsed, int(verdicts.size()), counters.value(u"decisionPosts").toInteger(),
          counters.value(u"conflicts").toInteger());
}

QTEST_GUILESS_MAIN(TestConcurrentProfile)
#include "tst_concurrentprofile.moc"
