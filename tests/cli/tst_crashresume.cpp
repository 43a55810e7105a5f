// QUALITY R2, the CI-sized version: lockboxctl is killed with SIGKILL at random moments during
// sync and during approve/deny. After every kill the database passes integrity_check, the next
// sync runs to completion, nothing is applied twice, every acknowledged decision is applied once,
// and the audit chain verifies. At the end the outbox resumes what the dead processes left.
//
// LOCKBOX_CRASH_ITERATIONS (default 30) and LOCKBOX_CRASH_SEED set the size and the random moments;
// scripts/reliability.sh runs 200.

#include "clitestkit.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::test::Ctl;
using lockbox::test::CtlResult;
using lockbox::test::SimProcess;

namespace {

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

} // namespace

class TestCrashResume final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killAtRandomMomentsDuringSyncAndDecisions();

private:
    // Every request's decisionsApplied at most 1; every acknowledged decision applied exactly once.
    bool exactlyOnce(SimProcess &sim, const Ctl &ctl, QString *problem);
};

bool TestCrashResume::exactlyOnce(SimProcess &sim, const Ctl &ctl, QString *problem)
{
    const QJsonObject applied = sim.counters().value(u"decisionsApplied").toObject();
    for (auto it = applied.begin(); it != applied.end(); ++it) {
        if (it.value().toInt() > 1) {
            *problem = u"%1 applied %2 times"_s.arg(it.key()).arg(it.value().toInt());
            return false;
        }
    }
    const QStringList acknowledged = lockbox::test::sqlColumn(
        ctl.databasePath(), u"SELECT request_id FROM decisions WHERE state = 'acknowledged'"_s);
    for (const QString &id : acknowledged) {
        if (applied.value(id).toInt() != 1) {
            *problem = u"%1 is acknowledged but applied %2 times"_s.arg(id).arg(applied.value(id).toInt());
            return false;
        }
    }
    return true;
}

void TestCrashResume::killAtRandomMomentsDuringSyncAndDecisions()
{
    const int iterations = envInt("LOCKBOX_CRASH_ITERATIONS", 30);
    const quint32 seed = quint32(envInt("LOCKBOX_CRASH_SEED", 20261102));
    QRandomGenerator random(seed);

    SimProcess sim;
    QString error;
    // Small pages and some latency, so that a sync is many requests and transactions long and a
    // decision spends a while on the wire: the kills land inside them.
    QVERIFY2(sim.start({u"--seed"_s, u"5"_s, u"--subscriptions"_s, u"3"_s, u"--requests"_s,
                        QString::number(qMax(40, iterations + 10)), u"--pending-fraction"_s, u"0.8"_s, u"--page-size"_s,
                        u"10"_s, u"--latency"_s, u"40"_s, u"--transition-ms"_s, u"200"_s, u"--start-time"_s,
                        u"2026-11-02T09:30:00Z"_s},
                       &error),
             qPrintable(error));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(sim.url(), dir.path());
    CtlResult r = ctl.run({u"sync"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QStringList pending;
    for (const QJsonValue &v : ctl.run({u"list"_s, u"--format"_s, u"json"_s}).json().array())
        pending.append(v.toObject().value(u"requestId").toString());
    QVERIFY2(pending.size() >= iterations, qPrintable(QString::number(pending.size())));

    QHash<QString, QString> decided; // request → verdict asked for
    int killed = 0, finishedFirst = 0, killedDeciding = 0, killedSyncing = 0;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < iterations; ++i) {
        QStringList args;
        const quint32 op = random.bounded(4u);
        QString id;
        if (op == 0) {
            args = {u"sync"_s};
        } else if (op == 1) {
            args = {u"sync"_s, u"--full"_s};
        } else {
            id = pending.takeFirst();
            const bool approve = op == 2;
            decided.insert(id, approve ? u"Approve"_s : u"Deny"_s);
            args =
                approve ? QStringList {u"approve"_s, id} : QStringList {u"deny"_s, id, u"--reason"_s, u"crash test"_s};
        }
        const int delayMs = int(random.bounded(301u));
        std::unique_ptr<QProcess> p(ctl.start(args));
        QVERIFY(p->waitForStarted(10000));
        if (p->waitForFinished(delayMs)) {
            ++finishedFirst;
        } else {
            p->kill(); // SIGKILL
            QVERIFY(p->waitForFinished(10000));
            ++killed;
            (op >= 2 ? killedDeciding : killedSyncing) += 1;
        }
        const QString context = u"iteration %1 (%2 after %3 ms)"_s.arg(i).arg(args.join(u' ')).arg(delayMs);

        const QString integrity = lockbox::test::integrityCheck(ctl.databasePath());
        QVERIFY2(integrity == u"ok", qPrintable(context + u": integrity_check: "_s + integrity));

        r = ctl.run({u"sync"_s});
        QVERIFY2(r.code == 0, qPrintable(context + u": sync: "_s + r.describe()));
        QString problem;
        QVERIFY2(exactlyOnce(sim, ctl, &problem), qPrintable(context + u": "_s + problem));
        r = ctl.run({u"audit"_s, u"--verify"_s});
        QVERIFY2(r.code == 0, qPrintable(context + u": audit --verify: "_s + r.describe()));
    }

    // A decision left "sending" by a dead process is taken over once it is stale (two minutes
    // without news); let that time pass, then one more sync must leave nothing live.
    const QStringList abandoned = lockbox::test::sqlColumn(
        ctl.databasePath(), u"SELECT request_id FROM decisions WHERE state IN ('queued', 'sending')"_s);
    QCOMPARE(
        lockbox::test::sqlOnFile(ctl.databasePath(),
                                 {u"UPDATE decisions SET updated_ms = updated_ms - 600000 WHERE state = 'sending'"_s}),
        QString());
    r = ctl.run({u"sync"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QCOMPARE(lockbox::test::sqlColumn(ctl.databasePath(),
                                      u"SELECT count(*) FROM decisions WHERE state IN ('queued', 'sending')"_s),
             QStringList {u"0"_s});
    QString problem;
    QVERIFY2(exactlyOnce(sim, ctl, &problem), qPrintable(problem));

    // Every decision that reached the outbox went out exactly once, in the direction asked; one
    // killed before it was committed left no trace anywhere.
    const QJsonObject applied = sim.counters().value(u"decisionsApplied").toObject();
    int inOutbox = 0;
    for (auto it = decided.cbegin(); it != decided.cend(); ++it) {
        const QStringList states = lockbox::test::sqlColumn(
            ctl.databasePath(),
            u"SELECT state || ' ' || verdict FROM decisions WHERE request_id = '%1'"_s.arg(it.key()));
        QVERIFY2(states.size() <= 1, qPrintable(it.key() + u": "_s + states.join(u", "_s)));
        if (states.isEmpty()) {
            QVERIFY2(applied.value(it.key()).toInt() == 0, qPrintable(it.key()));
            continue;
        }
        ++inOutbox;
        QCOMPARE(states.first(), u"acknowledged "_s + it.value());
        QCOMPARE(applied.value(it.key()).toInt(), 1);
    }
    QCOMPARE(applied.size(), inOutbox);
    QCOMPARE(ctl.run({u"audit"_s, u"--verify"_s}).code, 0);
    QCOMPARE(lockbox::test::integrityCheck(ctl.databasePath()), u"ok"_s);
    qInfo("%d iterations (seed %u) in %lld ms: %d killed (%d syncing, %d deciding), %d finished before the kill; "
          "%d decisions, %d reached the outbox, %d left live by a kill and resumed; %d posts",
          iterations, seed, timer.elapsed(), killed, killedSyncing, killedDeciding, finishedFirst, int(decided.size()),
          inOutbox, int(abandoned.size()), sim.counters().value(u"decisionPosts").toInt());
}

QTEST_GUILESS_MAIN(TestCrashResume)
#include "tst_crashresume.moc"
