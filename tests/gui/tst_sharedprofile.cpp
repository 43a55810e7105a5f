// QUALITY R8 with the console: the console's window and engine (offscreen, against an in-process
// lockbox-sim) and two lockboxctl processes decide and sync on one profile at the same time, 90
// operations in all. Every decision reaches the simulator exactly once and none is lost; the
// console's table ends showing what the simulator says; no "database is locked", nor any other
// database error, reaches the console or lockboxctl; and the audit trail verifies and holds
// each decision.

#include "faketraynotifier.h"

#include "auth/tokenprovider.h"
#include "core/queueddecision.h"
#include "engine/engine.h"
#include "gui/auditview.h"
#include "gui/decisiondialog.h"
#include "gui/enginehost.h"
#include "gui/guiresources.h"
#include "gui/mainwindow.h"
#include "gui/requesttablemodel.h"
#include "sim/simulator.h"
#include "sim/simworld.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/decisionoutbox.h"
#include "support/simfixture.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lockbox;

namespace {

const auto kTokenVar = "LOCKBOX_GUI_TEST_TOKEN";

constexpr int kConsoleOperations = 30;
constexpr int kCliWorkers = 2;
constexpr int kCliOperationsEach = 30;
constexpr int kConsoleDecisions = 10;
constexpr int kCliDecisionsEach = 9;

// What either side may say when the database got in its way: SQLite's words, and ours for a
// write lock held past every retry (store::Database::describe).
const QRegularExpression
    kDatabaseTrouble(u"database is locked|database table is locked|\\bbusy\\b|in use by another|database|sqlite"_s,
                     QRegularExpression::CaseInsensitiveOption);

struct CliOperation
{
    QStringList arguments;
    QString decides; // the request id of an approve or deny
};

// A lockboxctl user: runs its operations one after another, each as soon as the last exits.
struct CliWorker
{
    QList<CliOperation> operations;
    qsizetype next = 0;
};

struct ConsoleOperation
{
    enum class Kind { Approve, Deny, Sync, FullSync, ShowRequest };
    Kind kind = Kind::Sync;
    QString requestId;
};

} // namespace

class TestSharedProfile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void consoleAndLockboxctlInterleaved();

private:
    void startConsole();
    QProcess *startCli(const QStringList &arguments);
    void startNextCli(int worker);
    void runConsoleOperation(const ConsoleOperation &op);
    void consoleDecides(Verdict verdict, const QString &requestId);
    void consoleSyncs(bool full);
    void consoleShows(const QString &requestId);
    // Requests whose row in the console differs from the simulator (status, or a decision still
    // shown on its way), as "id: console … / simulator …".
    QStringList tableMismatches();
    QStringList simPendingIds();

    std::unique_ptr<test::SimFixture> m_sim;
    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<gui::EngineHost> m_engine;
    std::unique_ptr<test::FakeTrayNotifier> m_tray;
    std::unique_ptr<gui::MainWindow> m_window;

    CliWorker m_workers[kCliWorkers];
    int m_cliFinished = 0;
    QStringList m_cliFailures;
    QStringList m_consoleTexts;                              // everything the console told the user
    QStringList m_consoleProblems;                           // refusals, failed decisions, failed syncs
    QHash<QString, Verdict> m_decided;                       // every decision made, by either side (lower-case id)
    QHash<QString, QueuedDecision::State> m_consoleFinished; // console decisions settled (lower-case id)
    int m_syncsFinished = 0;
    QSet<QString> m_timelines;
};

void TestSharedProfile::initTestCase()
{
    gui::initResources();
    qputenv(kTokenVar, QByteArray(test::SimFixture::kToken));
    sim::SimOptions options = test::SimFixture::defaultOptions();
    options.seed = 11;
    options.subscriptions = 3;
    options.requestsPerSubscription = 40;
    options.pendingFraction = 0.8;
    options.pageSize = 20;
    options.latencyMs = 2;
    options.transitionMs = 300;
    // The simulator's clock runs from now: lockboxctl reads the system clock, the console the
    // simulator's, and both stamp the same outbox and audit trail.
    options.startTime = QDateTime();
    m_sim = std::make_unique<test::SimFixture>(options);
    QString error;
    QVERIFY2(m_sim->start(&error), qPrintable(error));
    m_profile = std::make_unique<QTemporaryDir>();
    QVERIFY(m_profile->isValid());
}

void TestSharedProfile::cleanupTestCase()
{
    // After a failure, lockboxctl runs still going are not left behind.
    for (QProcess *p : findChildren<QProcess *>()) {
        p->disconnect(this);
        p->kill();
        p->waitForFinished(5000);
    }
    if (m_engine)
        m_engine->stop();
    m_window.reset();
    m_tray.reset();
    m_engine.reset();
    m_profile.reset();
    m_sim.reset();
}

void TestSharedProfile::startConsole()
{
    engine::EngineConfig config;
    config.profileDir = m_profile->path();
    config.endpoint = m_sim->baseUrl();
    config.clock = m_sim->simulator().clock();
    config.pendingPollSec = 1;
    config.timeoutSec = 30;
    config.importActivityLog = false;
    config.tokensDescription = u"token from $%1"_s.arg(QString::fromLatin1(kTokenVar));
    config.makeTokens = [](QNetworkAccessManager *) -> std::unique_ptr<TokenProvider> {
        return std::make_unique<EnvironmentTokenProvider>(QString::fromLatin1(kTokenVar));
    };
    m_engine = std::make_unique<gui::EngineHost>(config);
    m_tray = std::make_unique<test::FakeTrayNotifier>();
    gui::MainWindowOptions options;
    options.profileDir = m_profile->path();
    m_window = std::make_unique<gui::MainWindow>(m_engine.get(), m_tray.get(), config.clock, options);

    // Whatever the console says to the user, from the engine and in the status bar.
    engine::Engine *w = m_engine->worker();
    connect(w, &engine::Engine::opened, this, [this](bool ok, const QString &error) {
        if (!ok)
            m_consoleProblems.append(u"open: "_s + error);
    });
    connect(w, &engine::Engine::message, this, [this](const QString &text) { m_consoleTexts.append(text); });
    connect(w, &engine::Engine::decisionRefused, this, [this](const QString &id, const QString &text) {
        m_consoleProblems.append(u"decision on %1 refused: %2"_s.arg(id, text));
    });
    connect(w, &engine::Engine::decisionFinished, this, [this](const QueuedDecision &d, const QString &errorText) {
        m_consoleFinished.insert(d.requestId.toLower(), d.state);
        m_consoleTexts.append(errorText);
        if (d.state == QueuedDecision::State::Failed)
            m_consoleProblems.append(u"decision on %1 failed: %2"_s.arg(d.requestId, errorText));
    });
    connect(w, &engine::Engine::syncFinished, this, [this](int, const QStringList &errors) {
        ++m_syncsFinished;
        for (const QString &e : errors)
            m_consoleProblems.append(u"sync: "_s + e);
    });
    connect(w, &engine::Engine::subscriptionsChanged, this,
            [this](const QList<engine::SubscriptionStatus> &subscriptions) {
                for (const engine::SubscriptionStatus &s : subscriptions) {
                    if (!s.lastError.isEmpty())
                        m_consoleTexts.append(s.lastError);
                }
            });
    connect(w, &engine::Engine::timelineReady, this,
            [this](const QString &id, const QList<AuditRecord> &) { m_timelines.insert(id.toLower()); });
    connect(m_window->statusBar(), &QStatusBar::messageChanged, this, [this](const QString &text) {
        if (!text.isEmpty())
            m_consoleTexts.append(text);
    });

    m_window->show();
    m_engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->isLoaded(), 10000);
    // The audit history page from the start, as a user who opened it: its connection reads, and
    // refreshes at every new record, while the other process writes.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->auditView(), 10000);
}

QProcess *TestSharedProfile::startCli(const QStringList &arguments)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"LOCKBOX_TOKEN"_s, QString::fromLatin1(test::SimFixture::kToken));
    // Settings and data of a default profile never land in the user's home.
    env.insert(u"XDG_CONFIG_HOME"_s, QDir(m_profile->path()).filePath(u".config"_s));
    env.insert(u"XDG_DATA_HOME"_s, QDir(m_profile->path()).filePath(u".data"_s));
    env.remove(u"QT_LOGGING_RULES"_s);
    auto *p = new QProcess(this);
    p->setProgram(QString::fromLocal8Bit(LOCKBOXCTL_EXECUTABLE));
    p->setArguments(QStringList {u"--endpoint"_s, m_sim->baseUrl().toString(), u"--profile"_s, m_profile->path(),
                                 u"--token-env"_s, u"LOCKBOX_TOKEN"_s}
                    + arguments);
    p->setProcessEnvironment(env);
    p->start(QIODevice::ReadOnly);
    return p;
}

void TestSharedProfile::startNextCli(int w)
{
    CliWorker &worker = m_workers[w];
    if (worker.next >= worker.operations.size())
        return;
    const CliOperation op = worker.operations.at(worker.next++);
    QProcess *p = startCli(op.arguments);
    connect(p, &QProcess::finished, this, [this, w, p, op](int code, QProcess::ExitStatus status) {
        const QString err = QString::fromUtf8(p->readAllStandardError());
        const QString out = QString::fromUtf8(p->readAllStandardOutput());
        const QString what = u"lockboxctl %1: %2"_s.arg(w).arg(op.arguments.join(u' '));
        if (status != QProcess::NormalExit || code != 0)
            m_cliFailures.append(what + u": exit "_s + QString::number(code) + u": "_s + err.trimmed());
        else if (kDatabaseTrouble.match(err).hasMatch())
            m_cliFailures.append(what + u": "_s + err.trimmed());
        else if (!op.decides.isEmpty() && !out.contains(u"accepted by Azure"_s))
            m_cliFailures.append(what + u": "_s + out.trimmed() + u' ' + err.trimmed());
        p->deleteLater();
        ++m_cliFinished;
        startNextCli(w);
    });
    connect(p, &QProcess::errorOccurred, this, [this, w, p](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return; // a crash ends with finished()
        m_cliFailures.append(u"cannot start lockboxctl: "_s + p->errorString());
        p->deleteLater();
        ++m_cliFinished;
        startNextCli(w);
    });
}

QStringList TestSharedProfile::simPendingIds()
{
    QStringList ids;
    const QDateTime soon = m_sim->simulator().clock()->now().addSecs(3600);
    for (const QString &sub : m_sim->subscriptionIds()) {
        for (const sim::SimRecord *r : m_sim->simulator().world().requests(sub)) {
            if (r->request.status.kind() == RequestStatus::Kind::Pending && r->request.expirationDateTime > soon)
                ids.append(r->request.requestId);
        }
    }
    return ids;
}

void TestSharedProfile::consoleDecides(Verdict verdict, const QString &requestId)
{
    QSignalSpy opened(m_window.get(), &gui::MainWindow::decisionDialogOpened);
    QSignalSpy queued(m_engine->worker(), &engine::Engine::decisionQueued);
    QSignalSpy refused(m_engine->worker(), &engine::Engine::decisionRefused);
    m_window->decide(verdict, {requestId});
    QCOMPARE(opened.size(), 1);
    auto *dialog = opened.first().first().value<gui::DecisionDialog *>();
    QVERIFY(dialog);
    // The console still sees the request Pending: nobody else decides it.
    QCOMPARE(dialog->requestIds(), QStringList {requestId});
    dialog->setArmDelay(0);
    auto *reason = dialog->findChild<QPlainTextEdit *>();
    QVERIFY(reason);
    reason->setPlainText(verdict == Verdict::Deny ? u"Denied from the console"_s : u"Approved from the console"_s);
    auto *confirm = dialog->findChild<QPushButton *>(u"confirmButton"_s);
    QVERIFY(confirm);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible() && confirm->isEnabled(), 10000);
    m_decided.insert(requestId.toLower(), verdict);
    confirm->click();
    QTRY_VERIFY_WITH_TIMEOUT(!queued.isEmpty() || !refused.isEmpty(), 10000);
    if (!refused.isEmpty())
        QFAIL(qPrintable(u"the console refused the decision: "_s + refused.first().at(1).toString()));
    QCOMPARE(queued.first().first().value<QueuedDecision>().requestId.toLower(), requestId.toLower());
}

void TestSharedProfile::consoleSyncs(bool full)
{
    const int before = m_syncsFinished;
    if (full) {
        m_engine->syncNow(true);
    } else {
        // The window's own Sync now (F5).
        QAction *sync = nullptr;
        for (QAction *a : m_window->findChildren<QAction *>()) {
            if (a->shortcut() == QKeySequence(QKeySequence::Refresh))
                sync = a;
        }
        QVERIFY(sync);
        QVERIFY(sync->isEnabled());
        sync->trigger();
    }
    // The end of a run: this one's, or that of a poll already running (this one follows it).
    QTRY_VERIFY_WITH_TIMEOUT(m_syncsFinished > before, 30000);
}

void TestSharedProfile::consoleShows(const QString &requestId)
{
    const bool shownAlready = m_window->selectedRequestIds() == QStringList {requestId};
    m_timelines.remove(requestId.toLower());
    m_window->showRequest(requestId);
    QCOMPARE(m_window->selectedRequestIds(), QStringList {requestId});
    // The details pane reads the request's audit timeline on the engine thread.
    if (!shownAlready)
        QTRY_VERIFY_WITH_TIMEOUT(m_timelines.contains(requestId.toLower()), 10000);
}

void TestSharedProfile::runConsoleOperation(const ConsoleOperation &op)
{
    switch (op.kind) {
    case ConsoleOperation::Kind::Approve:
        return consoleDecides(Verdict::Approve, op.requestId);
    case ConsoleOperation::Kind::Deny:
        return consoleDecides(Verdict::Deny, op.requestId);
    case ConsoleOperation::Kind::Sync:
        return consoleSyncs(false);
    case ConsoleOperation::Kind::FullSync:
        return consoleSyncs(true);
    case ConsoleOperation::Kind::ShowRequest:
        return consoleShows(op.requestId);
    }
}

QStringList TestSharedProfile::tableMismatches()
{
    QStringList out;
    const gui::RequestTableModel *model = m_window->requestModel();
    int total = 0;
    for (const QString &sub : m_sim->subscriptionIds()) {
        for (const sim::SimRecord *r : m_sim->simulator().world().requests(sub)) {
            ++total;
            const QString id = r->request.requestId;
            const int row = model->rowOf(id);
            if (row < 0) {
                out.append(id + u": not in the table"_s);
                continue;
            }
            const QModelIndex index = model->index(row, 0);
            const QString shown = model->requestAt(row)->status.toString();
            const bool queued = index.data(gui::RequestTableModel::QueuedVerdictRole).isValid();
            if (shown != r->request.status.toString() || queued) {
                out.append(u"%1: console %2%3 / simulator %4"_s.arg(
                    id, shown, queued ? u" (decision shown on its way)"_s : QString(), r->request.status.toString()));
            }
        }
    }
    if (model->rowCount() != total)
        out.append(u"the table has %1 rows, the simulator %2 requests"_s.arg(model->rowCount()).arg(total));
    return out;
}

void TestSharedProfile::consoleAndLockboxctlInterleaved()
{
    QElapsedTimer timer;
    timer.start();
    startConsole();
    if (QTest::currentTestFailed())
        return;
    // The console's first sync fills the cache; lockboxctl decides only what is cached.
    QTRY_VERIFY_WITH_TIMEOUT(tableMismatches().isEmpty(), 20000);

    QStringList pending = simPendingIds();
    // Enough for the decisions and the requests shown (a few of the other operations).
    QVERIFY2(pending.size() >= kConsoleOperations + kCliWorkers * kCliOperationsEach / 2,
             qPrintable(QString::number(pending.size())));

    // Scripts: each side decides requests of its own, in between syncs and reads.
    QRandomGenerator random(23);
    const auto shuffled = [&random](QList<int> kinds) {
        for (qsizetype i = kinds.size() - 1; i > 0; --i)
            kinds.swapItemsAt(i, random.bounded(int(i) + 1));
        return kinds;
    };
    for (int w = 0; w < kCliWorkers; ++w) {
        QList<int> kinds;
        for (int i = 0; i < kCliOperationsEach; ++i)
            kinds.append(i < kCliDecisionsEach ? -1 : i % 6);
        for (int kind : shuffled(kinds)) {
            CliOperation op;
            switch (kind) {
            case -1: {
                op.decides = pending.takeFirst();
                const bool approve = random.bounded(2u) == 0;
                op.arguments = {approve ? u"approve"_s : u"deny"_s, op.decides, u"--reason"_s,
                                u"lockboxctl %1"_s.arg(w)};
                m_decided.insert(op.decides.toLower(), approve ? Verdict::Approve : Verdict::Deny);
                break;
            }
            case 0:
                op.arguments = {u"sync"_s};
                break;
            case 1:
                op.arguments = {u"sync"_s, u"--full"_s};
                break;
            case 2:
                op.arguments = {u"list"_s, u"--status"_s, u"all"_s, u"--format"_s, u"json"_s};
                break;
            case 3:
                op.arguments = {u"queue"_s};
                break;
            case 4:
                op.arguments = {u"audit"_s, u"--verify"_s};
                break;
            default:
                op.arguments = {u"show"_s, pending.takeLast()};
                break;
            }
            m_workers[w].operations.append(op);
        }
    }
    QList<ConsoleOperation> console;
    {
        QList<int> kinds;
        for (int i = 0; i < kConsoleOperations; ++i)
            kinds.append(i < kConsoleDecisions ? -1 : i % 3);
        for (int kind : shuffled(kinds)) {
            ConsoleOperation op;
            switch (kind) {
            case -1:
                op.kind = random.bounded(2u) == 0 ? ConsoleOperation::Kind::Approve : ConsoleOperation::Kind::Deny;
                op.requestId = pending.takeFirst();
                break;
            case 0:
                op.kind = ConsoleOperation::Kind::Sync;
                break;
            case 1:
                op.kind = ConsoleOperation::Kind::FullSync;
                break;
            default:
                op.kind = ConsoleOperation::Kind::ShowRequest;
                op.requestId = pending.takeLast(); // decided by nobody
                break;
            }
            console.append(op);
        }
    }

    for (int w = 0; w < kCliWorkers; ++w)
        startNextCli(w);
    // The console's operations are spread over lockboxctl's: before its k-th, lockboxctl has
    // finished its share of operations too (each wait ends on a process exit, not after a time).
    constexpr int kCliTotal = kCliWorkers * kCliOperationsEach;
    for (int k = 0; k < console.size(); ++k) {
        const int due = k * kCliTotal / int(console.size());
        QTRY_VERIFY_WITH_TIMEOUT(m_cliFinished >= due, 60000);
        // The first lockboxctl failure ends the test, with what it said.
        QVERIFY2(m_cliFailures.isEmpty(), qPrintable(m_cliFailures.join(u'\n')));
        runConsoleOperation(console.at(k));
        if (QTest::currentTestFailed())
            return;
    }
    QTRY_VERIFY2_WITH_TIMEOUT(m_cliFinished == kCliTotal, qPrintable(QString::number(m_cliFinished)), 60000);
    const qint64 operationsMs = timer.elapsed();
    QVERIFY2(m_cliFailures.isEmpty(), qPrintable(m_cliFailures.join(u'\n')));

    // Every console decision has settled, and the simulator has settled every decision.
    QTRY_COMPARE_WITH_TIMEOUT(m_consoleFinished.size(), kConsoleDecisions, 30000);
    const auto unsettled = [this] {
        QStringList out;
        for (auto it = m_decided.cbegin(); it != m_decided.cend(); ++it) {
            const sim::SimRecord *r = m_sim->simulator().world().requestById(it.key());
            const RequestStatus::Kind want =
                it.value() == Verdict::Approve ? RequestStatus::Kind::Approved : RequestStatus::Kind::Denied;
            if (!r || r->request.status.kind() != want)
                out.append(it.key() + u": "_s + (r ? r->request.status.toString() : u"missing"_s));
        }
        return out;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(unsettled().isEmpty(), qPrintable(unsettled().join(u", "_s)), 15000);

    // The console's table ends where the simulator is, after its own polls and one more sync.
    consoleSyncs(false);
    QTRY_VERIFY2_WITH_TIMEOUT(tableMismatches().isEmpty(), qPrintable(tableMismatches().join(u'\n')), 20000);

    // Exactly once, per request: one post, applied once, no conflict; nothing else decided.
    const sim::Counters &counters = m_sim->simulator().world().counters();
    QCOMPARE(m_decided.size(), kConsoleDecisions + kCliWorkers * kCliDecisionsEach);
    for (auto it = m_decided.cbegin(); it != m_decided.cend(); ++it) {
        const QString id = m_sim->simulator().world().requestById(it.key())->request.requestId;
        const qint64 posts = counters.decisionPostsByRequest.value(id);
        const qint64 applied = counters.decisionsApplied.value(id);
        const qint64 conflicts = counters.conflictsByRequest.value(id);
        QVERIFY2(posts == 1 && applied == 1 && conflicts == 0,
                 qPrintable(
                     u"%1: %2 posts, applied %3 times, %4 conflicts"_s.arg(id).arg(posts).arg(applied).arg(conflicts)));
    }
    QCOMPARE(counters.decisionsApplied.size(), m_decided.size());
    QCOMPARE(counters.decisionPosts, qint64(m_decided.size()));
    QCOMPARE(counters.conflicts, qint64(0));

    // The outbox holds each decision once, acknowledged, and the audit trail its journey.
    store::Database db;
    QString error;
    QVERIFY2(db.openReadOnly(m_profile->path(), &error), qPrintable(error));
    const SystemClock clock;
    store::DecisionOutbox outbox(db, clock);
    const QList<QueuedDecision> all = outbox.all(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(all.size(), m_decided.size());
    store::AuditLog audit(db, clock);
    for (const QueuedDecision &d : all) {
        const QString id = d.requestId.toLower();
        QVERIFY2(m_decided.contains(id), qPrintable(d.requestId));
        QCOMPARE(d.verdict, m_decided.value(id));
        QCOMPARE(QueuedDecision::stateName(d.state), u"acknowledged"_s);
        QCOMPARE(d.attempts, 1);
        store::AuditQuery query;
        query.requestId = d.requestId;
        QStringList actions;
        for (const AuditRecord &r : audit.records(query, &error))
            actions.append(r.action);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        actions.sort();
        QCOMPARE(actions, (QStringList {u"decision.acknowledged"_s, u"decision.queued"_s, u"decision.sending"_s}));
    }
    const store::AuditVerification verified = audit.verify();
    QVERIFY2(verified.ok, qPrintable(verified.message));
    db.close();

    // lockboxctl and the console's audit view verify the chain too.
    QProcess *verify = startCli({u"audit"_s, u"--verify"_s});
    QSignalSpy verifyDone(verify, &QProcess::finished);
    QVERIFY(verifyDone.wait(30000));
    QVERIFY2(verify->exitStatus() == QProcess::NormalExit && verify->exitCode() == 0,
             verify->readAllStandardError().constData());
    gui::AuditView *view = m_window->auditView();
    QVERIFY(view);
    QSignalSpy viewVerified(view, &gui::AuditView::verificationFinished);
    view->verifyIntegrity();
    QVERIFY(viewVerified.wait(30000));
    QVERIFY2(viewVerified.first().first().toBool(), qPrintable(view->verificationText()));

    // Nothing about the database reached the console's user, and nothing went wrong there.
    QVERIFY2(m_consoleProblems.isEmpty(), qPrintable(m_consoleProblems.join(u'\n')));
    if (auto *banner = m_window->findChild<QLabel *>(u"messageText"_s))
        m_consoleTexts.append(banner->text());
    for (const QString &text : std::as_const(m_consoleTexts))
        QVERIFY2(!kDatabaseTrouble.match(text).hasMatch(), qPrintable(text));

    // A lockboxctl sync sends what it finds queued, the console's decisions too: those the console
    // did not settle itself.
    const auto takenOver =
        std::count_if(m_consoleFinished.cbegin(), m_consoleFinished.cend(),
                      [](QueuedDecision::State s) { return s != QueuedDecision::State::Acknowledged; });
    qInfo("%d console and %d lockboxctl operations on one profile in %lld ms (%lld ms in all): %d decisions "
          "(%d of the console's sent by lockboxctl), %lld posts, each applied once",
          kConsoleOperations, kCliTotal, operationsMs, timer.elapsed(), int(m_decided.size()), int(takenOver),
          counters.decisionPosts);
}

QTEST_MAIN(TestSharedProfile)
#include "tst_sharedprofile.moc"
