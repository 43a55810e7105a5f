// QUALITY R2, the CI-sized version: lockboxctl is killed with SIGKILL during sync and during
// approve/deny, at moments taken from what the process reports on standard error (--verbose) and
// what the simulator counts: a page request gone out, a page's reply in, a decision queued, its
// POST gone out, its POST applied by the simulator (the reply still held back), its reply in. A
// share of the runs kill themselves instead inside a database write: the store's test seam
// LOCKBOX_KILL_AT_TRANSACTION=N (src/store/databasestatements.cpp) raises SIGKILL in the Nth write
// transaction the process opens, its statements run and COMMIT not sent, N drawn at random.
// After every kill the database passes integrity_check, the next sync runs to completion, no
// decision goes out twice and every acknowledged decision went out once, and the audit chain
// verifies. "Twice" is judged on the posts and 409s the simulator counts per request: it applies
// only the first of two posts, so what it applied cannot show a second one.
//
// The kills must land where it matters: enough of them with a page of requests in flight (the
// process's log tells), with a decision being sent (the profile tells), and between the simulator
// applying a decision and the profile recording it (both tell). At the end the outbox resumes what the dead
// processes left and each request's status on the simulator follows the verdict queued for it.
//
// LOCKBOX_CRASH_ITERATIONS (default 30) and LOCKBOX_CRASH_SEED set the size and the kill moments;
// scripts/reliability.sh runs 200.

#include "clitestkit.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using lockbox::test::ArmCallLog;
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

// When a run is killed, by what it has reported, never by the clock.
enum class KillAt {
    Start,         // as soon as it runs: mostly before it touches the profile
    PageOut,       // the n-th page of requests has gone out
    PageIn,        // the n-th page's reply is in: the merge is under way
    Queued,        // the decision is in the outbox, not sent yet
    PostOut,       // the decision's POST has gone out
    Applied,       // the simulator has applied the POST; its reply waits out the simulator's latency
    PostIn,        // its reply is in; the profile does not know yet
    InTransaction, // the process kills itself in its n-th write transaction, before COMMIT
};

// How many write transactions a run opens here, about (the Nth for LOCKBOX_KILL_AT_TRANSACTION is
// drawn from 1 to this): a sync of the three subscriptions commits 7, approve or deny 5 (queue,
// mark sending, record the answer, the request re-read, its audit). A draw past the end lets the
// run finish, which the count of kills that landed shows.
constexpr quint32 kSyncTransactions = 8;
constexpr quint32 kDecideTransactions = 6;

QString killAtName(KillAt at, int page)
{
    switch (at) {
    case KillAt::Start:
        return u"at start"_s;
    case KillAt::PageOut:
        return u"when page %1 went out"_s.arg(page);
    case KillAt::PageIn:
        return u"when page %1 came in"_s.arg(page);
    case KillAt::Queued:
        return u"when queued"_s;
    case KillAt::PostOut:
        return u"when the post went out"_s;
    case KillAt::Applied:
        return u"when the simulator had applied the post"_s;
    case KillAt::PostIn:
        return u"when the post's reply came in"_s;
    case KillAt::InTransaction:
        return u"inside write transaction %1"_s.arg(page);
    }
    return {};
}

struct Step
{
    QStringList arguments;
    QString decides; // request id, for approve and deny
    QString verdict; // Approve or Deny
    KillAt at = KillAt::Start;
    int page = 0; // for PageOut and PageIn; the transaction for InTransaction
};

bool reached(const Step &step, const ArmCallLog &log)
{
    const QList<ArmCallLog::Call> &calls = log.calls();
    const auto count = [&calls](bool (*kind)(const ArmCallLog::Call &), bool answered) {
        return std::count_if(calls.cbegin(), calls.cend(), [kind, answered](const ArmCallLog::Call &c) {
            return kind(c) && (!answered || c.answered);
        });
    };
    switch (step.at) {
    case KillAt::Start:
        return true;
    case KillAt::PageOut:
        return count(&ArmCallLog::isRequestPage, false) >= step.page;
    case KillAt::PageIn:
        return count(&ArmCallLog::isRequestPage, true) >= step.page;
    case KillAt::Queued:
        return log.saw(u"queued \"");
    case KillAt::PostOut:
    case KillAt::Applied:
        return count(&ArmCallLog::isDecisionPost, false) >= 1;
    case KillAt::PostIn:
        return count(&ArmCallLog::isDecisionPost, true) >= 1;
    case KillAt::InTransaction:
        return false; // the process kills itself, or ends
    }
    return false;
}

QSet<QString> toSet(const QStringList &list)
{
    return QSet<QString>(list.cbegin(), list.cend());
}

} // namespace

class TestCrashResume final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killAtRandomMomentsDuringSyncAndDecisions();

private:
    // No decision sent twice; every acknowledged one sent once (see decisionPostProblems).
    static QStringList decisionProblems(SimProcess &sim, const Ctl &ctl);
    static QSet<QString> decisionsIn(const Ctl &ctl, const QString &state);
};

QSet<QString> TestCrashResume::decisionsIn(const Ctl &ctl, const QString &state)
{
    return toSet(lockbox::test::sqlColumn(ctl.databasePath(),
                                          u"SELECT request_id FROM decisions WHERE state = '%1'"_s.arg(state)));
}

QStringList TestCrashResume::decisionProblems(SimProcess &sim, const Ctl &ctl)
{
    const QSet<QString> acknowledged = decisionsIn(ctl, u"acknowledged"_s);
    // Queued or sending: a dead process may or may not have got the post out.
    const QSet<QString> others = toSet(lockbox::test::sqlColumn(
        ctl.databasePath(), u"SELECT request_id FROM decisions WHERE state <> 'acknowledged'"_s));
    return lockbox::test::decisionPostProblems(sim.counters(), acknowledged, others);
}

void TestCrashResume::killAtRandomMomentsDuringSyncAndDecisions()
{
    const int iterations = envInt("LOCKBOX_CRASH_ITERATIONS", 30);
    const quint32 seed = quint32(envInt("LOCKBOX_CRASH_SEED", 20261102));
    QRandomGenerator random(seed);

    SimProcess sim;
    QString error;
    // Small pages and some latency, so that a sync is many requests and transactions long and a
    // reply is on its way for a while after the process said the call went out. A read budget no
    // run spends: 200 kills and their restarts read more than the 12,000 an hour the simulator
    // grants otherwise, after which lockboxctl rightly paces its reads to one a second.
    QVERIFY2(sim.start({u"--seed"_s, u"5"_s, u"--subscriptions"_s, u"3"_s, u"--requests"_s,
                        QString::number(qMax(40, iterations + 10)), u"--pending-fraction"_s, u"0.8"_s, u"--page-size"_s,
                        u"10"_s, u"--latency"_s, u"40"_s, u"--transition-ms"_s, u"200"_s, u"--rate-limit"_s,
                        u"100000"_s, u"--start-time"_s, u"2026-11-02T09:30:00Z"_s},
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

    // The first steps aim at every kind of moment once; the rest are drawn from the seed.
    const QList<std::pair<int, KillAt>> firstSteps = {
        {0, KillAt::PageOut}, {2, KillAt::PostOut},       {1, KillAt::PageIn},
        {3, KillAt::Applied}, {2, KillAt::PostIn},        {3, KillAt::Queued},
        {2, KillAt::Start},   {0, KillAt::InTransaction}, {3, KillAt::InTransaction}};
    QHash<QString, QString> decided; // request → verdict asked for
    int killed = 0, finishedFirst = 0, killedDeciding = 0, killedSyncing = 0;
    int aimedAtPage = 0, aimedAtPost = 0, aimedAtApplied = 0, pageInFlight = 0, decisionInFlight = 0, postInFlight = 0;
    int aimedInTransaction = 0, inTransaction = 0, inTransactionSyncing = 0, inTransactionDeciding = 0;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < iterations; ++i) {
        Step step;
        const int op = i < firstSteps.size() ? firstSteps.at(i).first : int(random.bounded(4u));
        if (op < 2) {
            step.arguments = op == 0 ? QStringList {u"sync"_s} : QStringList {u"sync"_s, u"--full"_s};
            step.at = random.bounded(2u) == 0 ? KillAt::PageOut : KillAt::PageIn;
            // A sync reads about twelve pages here (three subscriptions, pages of ten).
            step.page = 1 + int(random.bounded(9u));
        } else {
            step.decides = pending.takeFirst();
            step.verdict = op == 2 ? u"Approve"_s : u"Deny"_s;
            decided.insert(step.decides, step.verdict);
            step.arguments = op == 2 ? QStringList {u"approve"_s, step.decides}
                                     : QStringList {u"deny"_s, step.decides, u"--reason"_s, u"crash test"_s};
            const quint32 draw = random.bounded(8u);
            step.at = draw == 0 ? KillAt::Start
                : draw == 1     ? KillAt::Queued
                : draw < 4      ? KillAt::PostOut
                : draw < 6      ? KillAt::Applied
                                : KillAt::PostIn;
        }
        // A third of the rest land inside a write transaction the process opens.
        if (i >= firstSteps.size() && random.bounded(3u) == 0)
            step.at = KillAt::InTransaction;
        if (i < firstSteps.size())
            step.at = firstSteps.at(i).second;
        if (step.at == KillAt::InTransaction)
            step.page = 1 + int(random.bounded(step.decides.isEmpty() ? kSyncTransactions : kDecideTransactions));
        aimedInTransaction += step.at == KillAt::InTransaction ? 1 : 0;
        aimedAtPage += step.at == KillAt::PageOut ? 1 : 0;
        // Not PostIn: once the reply is in, recording it may well beat the kill.
        aimedAtPost += step.at == KillAt::PostOut || step.at == KillAt::Applied ? 1 : 0;
        aimedAtApplied += step.at == KillAt::Applied ? 1 : 0;
        const QString context =
            u"iteration %1 (%2, killed %3)"_s.arg(i).arg(step.arguments.join(u' '), killAtName(step.at, step.page));

        const QSet<QString> sendingBefore = decisionsIn(ctl, u"sending"_s);
        Ctl runner = ctl;
        if (step.at == KillAt::InTransaction)
            runner.setEnvironmentVariable(u"LOCKBOX_KILL_AT_TRANSACTION"_s, QString::number(step.page));
        std::unique_ptr<QProcess> p(runner.start(QStringList {u"--verbose"_s} + step.arguments));
        QVERIFY2(p->waitForStarted(10000), qPrintable(context));
        ArmCallLog log;
        const bool hit =
            lockbox::test::waitForLog(p.get(), log, [&step](const ArmCallLog &l) { return reached(step, l); });
        QVERIFY2(hit || p->state() == QProcess::NotRunning, qPrintable(context + u": neither reached nor ended"_s));
        QVERIFY2(step.at != KillAt::InTransaction || p->state() == QProcess::NotRunning,
                 qPrintable(context + u": did not end"_s));
        if (hit && step.at == KillAt::Applied) {
            // The simulator applies a post as it arrives and answers after its latency; each look
            // is a round trip to it, so this waits on the simulator, not on a timer.
            QDeadlineTimer deadline(30000);
            bool applied = false;
            while (!applied && p->state() == QProcess::Running && !deadline.hasExpired())
                applied = sim.posts(step.decides) > 0;
            QVERIFY2(applied || p->state() != QProcess::Running,
                     qPrintable(context + u": the post never reached the simulator"_s));
        }
        p->kill(); // SIGKILL; nothing when it ended already
        // waitForFinished() is false for a process that has already ended (killed by its kill point).
        QVERIFY2(p->state() == QProcess::NotRunning || p->waitForFinished(10000), qPrintable(context));
        log.feed(p->readAllStandardError());
        if (p->exitStatus() == QProcess::NormalExit) {
            ++finishedFirst;
            QVERIFY2(p->exitCode() == 0,
                     qPrintable(context + u": ended first with exit "_s + QString::number(p->exitCode())));
        } else {
            ++killed;
            (step.decides.isEmpty() ? killedSyncing : killedDeciding) += 1;
            // Killed by its own kill point, which says so as it fires; by nothing else.
            if (log.saw(u"killed inside write transaction"_s)) {
                QVERIFY2(step.at == KillAt::InTransaction, qPrintable(context));
                ++inTransaction;
                (step.decides.isEmpty() ? inTransactionSyncing : inTransactionDeciding) += 1;
            } else {
                QVERIFY2(step.at != KillAt::InTransaction, qPrintable(context + u": crashed, not at its kill point"_s));
            }
            // Where it died: the log ends where the process stopped, the profile holds what it wrote.
            const QList<ArmCallLog::Call> open = log.unanswered();
            pageInFlight += std::any_of(open.cbegin(), open.cend(), &ArmCallLog::isRequestPage) ? 1 : 0;
            postInFlight += std::any_of(open.cbegin(), open.cend(), &ArmCallLog::isDecisionPost) ? 1 : 0;
            decisionInFlight += (decisionsIn(ctl, u"sending"_s) - sendingBefore).isEmpty() ? 0 : 1;
        }

        const QString integrity = lockbox::test::integrityCheck(ctl.databasePath());
        QVERIFY2(integrity == u"ok", qPrintable(context + u": integrity_check: "_s + integrity));

        // Verbose, so that a failure tells what the restart was doing (its last lines).
        r = ctl.run({u"--verbose"_s, u"sync"_s});
        QVERIFY2(r.code == 0,
                 qPrintable(context + u": sync: exit "_s + QString::number(r.code)
                            + (r.timedOut ? u" (timed out)"_s : QString()) + u"; the end of its log:\n"_s
                            + QString::fromUtf8(r.err.right(6000))));
        const QStringList problems = decisionProblems(sim, ctl);
        QVERIFY2(problems.isEmpty(), qPrintable(context + u": "_s + problems.join(u"; "_s)));
        r = ctl.run({u"audit"_s, u"--verify"_s});
        QVERIFY2(r.code == 0, qPrintable(context + u": audit --verify: "_s + r.describe()));
    }

    // The kills must have hit what the test is about; a machine too slow to act within the
    // simulator's latency, or a log that no longer says what went out, shows here.
    QVERIFY2(
        pageInFlight >= qMax(1, aimedAtPage / 2),
        qPrintable(
            u"only %1 kills with a page of requests in flight (%2 aimed at one)"_s.arg(pageInFlight).arg(aimedAtPage)));
    QVERIFY2(inTransaction >= qMax(1, aimedInTransaction / 3),
             qPrintable(u"only %1 kills inside a write transaction (%2 aimed at one)"_s.arg(inTransaction)
                            .arg(aimedInTransaction)));
    QVERIFY2(decisionInFlight >= qMax(1, aimedAtPost / 2),
             qPrintable(u"only %1 kills left a decision \"sending\" (%2 aimed at its post)"_s.arg(decisionInFlight)
                            .arg(aimedAtPost)));
    // The dangerous moment: the simulator applied the decision and the profile does not know.
    // Resuming such a decision must read the request, not post again.
    const QJsonObject countersBeforeTakeover = sim.counters();
    const auto tallies = lockbox::test::decisionTallies(countersBeforeTakeover);
    const QSet<QString> sendingLeft = decisionsIn(ctl, u"sending"_s);
    int appliedUnrecorded = 0;
    for (const QString &id : sendingLeft)
        appliedUnrecorded += tallies.value(id).applied == 1 ? 1 : 0;
    QVERIFY2(appliedUnrecorded >= qMax(1, aimedAtApplied / 2),
             qPrintable(u"only %1 kills between the simulator applying a decision and the profile recording it (%2 "
                        "aimed, %3 left sending)"_s.arg(appliedUnrecorded)
                            .arg(aimedAtApplied)
                            .arg(sendingLeft.size())));

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
    const QStringList problems = decisionProblems(sim, ctl);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"; "_s)));

    // Every decision that reached the outbox was acknowledged in the direction asked, and the
    // simulator settled the request that way; one killed before it was committed left no trace
    // anywhere (no post, checked above, and the request still Pending).
    QHash<QString, QString> statuses;
    const auto settled = [&] {
        statuses = sim.statuses();
        for (auto it = decided.cbegin(); it != decided.cend(); ++it) {
            const QString status = statuses.value(it.key());
            if (status == u"Approving" || status == u"Denying")
                return false;
        }
        return true;
    };
    QVERIFY2(QTest::qWaitFor(settled, 60000), "decided requests still Approving or Denying on the simulator");
    int inOutbox = 0;
    for (auto it = decided.cbegin(); it != decided.cend(); ++it) {
        const QStringList states = lockbox::test::sqlColumn(
            ctl.databasePath(),
            u"SELECT state || ' ' || verdict FROM decisions WHERE request_id = '%1'"_s.arg(it.key()));
        QVERIFY2(states.size() <= 1, qPrintable(it.key() + u": "_s + states.join(u", "_s)));
        const QString status = statuses.value(it.key());
        if (states.isEmpty()) {
            QVERIFY2(status == u"Pending", qPrintable(it.key() + u" never queued, but "_s + status));
            continue;
        }
        ++inOutbox;
        QCOMPARE(states.first(), u"acknowledged "_s + it.value());
        QVERIFY2(status == (it.value() == u"Approve" ? u"Approved"_s : u"Denied"_s),
                 qPrintable(it.key() + u": "_s + it.value() + u" queued, "_s + status + u" on the simulator"_s));
    }
    QCOMPARE(ctl.run({u"audit"_s, u"--verify"_s}).code, 0);
    QCOMPARE(lockbox::test::integrityCheck(ctl.databasePath()), u"ok"_s);
    const QJsonObject counters = sim.counters();
    qInfo("%d iterations (seed %u) in %lld ms: %d killed (%d syncing, %d deciding), %d finished before the kill; "
          "kills with a page in flight %d (%d aimed), with a decision sending %d (%d aimed, %d with its post in "
          "flight), %d after the simulator applied it (%d aimed), %d inside a write transaction before its COMMIT "
          "(%d aimed; %d syncing, %d deciding); %d decisions, %d reached the outbox, %d left live by a kill and "
          "resumed; %lld posts, %lld conflicts",
          iterations, seed, timer.elapsed(), killed, killedSyncing, killedDeciding, finishedFirst, pageInFlight,
          aimedAtPage, decisionInFlight, aimedAtPost, postInFlight, appliedUnrecorded, aimedAtApplied, inTransaction,
          aimedInTransaction, inTransactionSyncing, inTransactionDeciding, int(decided.size()), inOutbox,
          int(abandoned.size()), counters.value(u"decisionPosts").toInteger(),
          counters.value(u"conflicts").toInteger());
}

QTEST_GUILESS_MAIN(TestCrashResume)
#include "tst_crashresume.moc"
