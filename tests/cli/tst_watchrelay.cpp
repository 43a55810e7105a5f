// lockboxctl watch as the team's relay, end to end: lockbox-sim as a child process, lockboxctl
// watch as one too (polling every second), and a loopback webhook receiver in this process.
// Each new Pending request reaches the webhook exactly once across a kill -9 and a restart of the
// watcher (and once more, at least once, when the kill cut a delivery short); a receiver that
// answers 5xx for a while gets the message once it answers 2xx, Retry-After honoured; a 400 is
// reported once and not tried again; --exec gets the event as JSON on standard input and its
// fields in LOCKBOX_* variables, and never LOCKBOX_CLIENT_SECRET or the token variable; a
// profile's first run relays nothing already pending (unless --include-existing); reminders,
// decisions (with who decided, from the Activity Log) and expiry are relayed; Teams and Slack
// messages escape server text; the webhook's address (a secret) appears nowhere.
//
// Every wait is for an event (a delivery received, a journal row, a file), with generous limits.

#include "clitestkit.h"

#include "support/cannedserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using lockbox::test::CannedServer;
using lockbox::test::Ctl;
using lockbox::test::CtlResult;
using lockbox::test::SimProcess;

namespace {

constexpr int kWaitMs = 90000; // for anything that takes a sync or a retry: generous
constexpr auto kSecretPath = "/hooks/T00000000/B00000000/canary-webhook-secret";

// A `lockboxctl watch` run: started at once, polling every second.
class Watcher final
{
public:
    Watcher(const Ctl &ctl, const QStringList &arguments)
        : m_process(ctl.start(QStringList {u"watch"_s, u"--interval"_s, u"1"_s} + arguments))
    {
    }
    ~Watcher()
    {
        if (m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(10000);
        }
    }
    Q_DISABLE_COPY_MOVE(Watcher)

    bool started() { return m_process->waitForStarted(10000); }
    bool running() const { return m_process->state() == QProcess::Running; }
    QString out()
    {
        drain();
        return QString::fromUtf8(m_out);
    }
    QString err()
    {
        drain();
        return QString::fromUtf8(m_err);
    }
    // SIGKILL: no chance to finish anything.
    void crash()
    {
        m_process->kill();
        m_process->waitForFinished(10000);
        drain();
    }
    // SIGTERM, as systemd stops it; the exit code (-1 when it did not end normally).
    int stop()
    {
        m_process->terminate();
        if (!m_process->waitForFinished(20000))
            return -1;
        drain();
        return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    }

private:
    void drain()
    {
        m_out += m_process->readAllStandardOutput();
        m_err += m_process->readAllStandardError();
    }

    std::unique_ptr<QProcess> m_process;
    QByteArray m_out;
    QByteArray m_err;
};

QByteArray ok()
{
    return CannedServer::response(200, "ok", "text/plain");
}

// A loopback webhook receiver answering 200 unless told otherwise.
std::unique_ptr<CannedServer> receiver()
{
    auto server = std::make_unique<CannedServer>();
    server->setFallback({ok(), CannedServer::Action::Respond});
    if (!server->listen())
        return nullptr;
    return server;
}

// The receiver's address with a secret path, in an owner-only file for --webhook-file.
QString webhookFile(const QTemporaryDir &dir, const CannedServer &server, const QString &name = u"webhook"_s)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("# the team's channel\n" + server.baseUrl().toString().toUtf8() + kSecretPath + "\n");
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return path;
}

// How many times `eventId` ("<request id>:new") reached the receiver.
int deliveries(const CannedServer &server, const QString &eventId)
{
    int n = 0;
    for (const CannedServer::Received &r : server.received())
        n += QString::fromUtf8(r.header("x-lockbox-event-id")) == eventId ? 1 : 0;
    return n;
}

QJsonObject lastBody(const CannedServer &server, const QString &eventId)
{
    QJsonObject body;
    for (const CannedServer::Received &r : server.received()) {
        if (QString::fromUtf8(r.header("x-lockbox-event-id")) == eventId)
            body = QJsonDocument::fromJson(r.body).object();
    }
    return body;
}

QString newEvent(const QString &requestId)
{
    return requestId.toLower() + u":new"_s;
}

// A new Pending request on the simulator (fields as the API's properties); its id.
QString createRequest(SimProcess &sim, const QJsonObject &fields = {})
{
    const auto r = sim.control("POST", u"/_sim/requests"_s, fields);
    return r.object().value(u"properties").toObject().value(u"requestId").toString();
}

// The journal as the profile holds it (nothing when the database is not there yet: a test must
// not create it before lockboxctl does).
QStringList journal(const Ctl &ctl, const QString &query)
{
    if (!QFile::exists(ctl.databasePath()))
        return {};
    const QStringList rows = lockbox::test::sqlColumn(ctl.databasePath(), query);
    if (!rows.isEmpty() && rows.first().startsWith(u"error: "))
        return {};
    return rows;
}

int primedTargets(const Ctl &ctl)
{
    return journal(ctl, u"SELECT COUNT(*) FROM alert_targets WHERE primed_ms IS NOT NULL"_s).value(0).toInt();
}

QString deliveryState(const Ctl &ctl, const QString &requestId, const QString &event, const QString &targetPrefix)
{
    return journal(ctl,
                   u"SELECT state FROM alert_journal WHERE request_key = '%1' AND event = '%2' AND target LIKE "
                   "'%3%'"_s.arg(requestId.toLower(), event, targetPrefix))
        .value(0);
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestWatchRelay final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void firstRunRelaysOnlyWhatIsNew();
    void includeExistingRelaysWhatIsPending();
    void eachNewRequestOnceAcrossKillAndRestart();
    void aDeliveryCutShortByACrashIsDeliveredAgain();
    void keepsTryingWhileTheReceiverFails();
    void aClientErrorIsReportedOnceAndGivenUp();
    void execGetsTheEventAndNoSecret();
    void remindersDecisionsAndExpiryAreRelayed();
    void teamsMessagesEscapeServerText();
    void refusesWhatItCannotRelayTo();

private:
    SimProcess m_sim;
};

void TestWatchRelay::initTestCase()
{
    QString error;
    // No generated pending request: one created days ago could expire, or enter the reminder
    // window, during a test and be relayed beside what the test waits for. These have four days.
    QVERIFY2(m_sim.start({u"--seed"_s, u"7"_s, u"--subscriptions"_s, u"2"_s, u"--requests"_s, u"15"_s,
                          u"--pending-fraction"_s, u"0"_s},
                         &error),
             qPrintable(error));
    for (int i = 0; i < 5; ++i)
        QVERIFY(!createRequest(m_sim).isEmpty());
}

void TestWatchRelay::cleanupTestCase()
{
    m_sim.stop();
}

void TestWatchRelay::firstRunRelaysOnlyWhatIsNew()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(m_sim.url(), dir.filePath(u"profile"_s));
    const auto hook = receiver();
    QVERIFY(hook);
    Watcher watch(ctl, {u"--webhook-file"_s, webhookFile(dir, *hook)});
    QVERIFY(watch.started());
    QTRY_COMPARE_WITH_TIMEOUT(primedTargets(ctl), 2, kWaitMs); // standard output and the webhook

    // What was pending at the first run is in the cache.
    const CtlResult pending = ctl.run({u"list"_s, u"--format"_s, u"json"_s});
    QVERIFY2(pending.json().array().size() > 0, qPrintable(pending.describe()));
    QTRY_VERIFY_WITH_TIMEOUT(watch.err().contains(u"recorded as seen"_s), kWaitMs);

    // One watch a profile.
    const CtlResult second = ctl.run({u"watch"_s, u"--interval"_s, u"1"_s}, 30000);
    QCOMPARE(second.code, 1);
    QVERIFY2(second.err.contains("another 'lockboxctl watch' runs on this profile"), qPrintable(second.describe()));

    // A request that arrives now is relayed, once, within a poll or so (QUALITY P8).
    QElapsedTimer latency;
    latency.start();
    const QString id = createRequest(m_sim);
    QVERIFY(!id.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(deliveries(*hook, newEvent(id)), 1, kWaitMs);
    qInfo("P8: new pending request in the simulator -> relay's webhook: %lld ms (poll interval 1 s)",
          latency.elapsed());
    QTRY_VERIFY_WITH_TIMEOUT(watch.out().contains(id), kWaitMs);
    // A target takes its events in the order they were written: had the first run queued what was
    // pending then, it would have come before. Nothing but the new request was relayed.
    QCOMPARE(hook->requestCount(), 1);
    QCOMPARE(watch.out().count(u'\n'), 1);

    const CannedServer::Received got = hook->received().constFirst();
    QCOMPARE(got.method, QByteArray("POST"));
    QCOMPARE(got.target, QByteArray(kSecretPath));
    QVERIFY(got.header("authorization").isEmpty());                       // never a token
    const QJsonObject event = QJsonDocument::fromJson(got.body).object(); // JSON for an unknown host
    QCOMPARE(event.value(u"kind").toString(), u"new"_s);
    QCOMPARE(event.value(u"requestId").toString(), id);
    QVERIFY(event.value(u"secondsLeft").toDouble() > 3 * 24 * 3600);
    QVERIFY(event.value(u"portalUrl").toString().startsWith(u"https://portal.azure.com/"_s));

    // The webhook's address is a secret: not in what the watch printed nor in the profile.
    QCOMPARE(watch.stop(), 0);
    QVERIFY(!watch.err().contains(u"canary-webhook-secret"_s));
    QVERIFY(!watch.out().contains(u"canary-webhook-secret"_s));
    const QDir profile(ctl.profileDir());
    for (const QString &name : profile.entryList(QDir::Files | QDir::Hidden))
        QVERIFY2(!fileBytes(profile.filePath(name)).contains("canary-webhook-secret"), qPrintable(name));
}

void TestWatchRelay::includeExistingRelaysWhatIsPending()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(m_sim.url(), dir.filePath(u"profile"_s));
    const auto hook = receiver();
    QVERIFY(hook);
    Watcher watch(ctl, {u"--webhook-file"_s, webhookFile(dir, *hook), u"--include-existing"_s});
    QVERIFY(watch.started());
    QTRY_COMPARE_WITH_TIMEOUT(primedTargets(ctl), 2, kWaitMs);
    QStringList pending;
    for (const QString &sub : m_sim.subscriptionIds()) {
        for (const QJsonValue &v : m_sim.requests(sub, true))
            pending.append(v.toObject().value(u"properties").toObject().value(u"requestId").toString());
    }
    QVERIFY(pending.size() > 2);
    for (const QString &id : std::as_const(pending))
        QTRY_COMPARE_WITH_TIMEOUT(deliveries(*hook, newEvent(id)), 1, kWaitMs);
}

void TestWatchRelay::eachNewRequestOnceAcrossKillAndRestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(m_sim.url(), dir.filePath(u"profile"_s));
    const auto hook = receiver();
    QVERIFY(hook);
    const QStringList args {u"--webhook-file"_s, webhookFile(dir, *hook)};
    QString a;
    {
        Watcher watch(ctl, args);
        QVERIFY(watch.started());
        QTRY_COMPARE_WITH_TIMEOUT(primedTargets(ctl), 2, kWaitMs);
        a = createRequest(m_sim);
        QTRY_COMPARE_WITH_TIMEOUT(deliveryState(ctl, a, u"new"_s, u"webhook:"_s), u"delivered"_s, kWaitMs);
        watch.crash(); // kill -9, between deliveries
    }
    // While no watch runs: two requests arrive, and a third is even synced into the cache by
    // another lockboxctl (the console would do the same), so no sync of the watch sees it arrive.
    const QString b = createRequest(m_sim);
    const QString c = createRequest(m_sim);
    const QString d = createRequest(m_sim);
    const CtlResult sync = ctl.run({u"sync"_s});
    QVERIFY2(sync.code == 0, qPrintable(sync.describe()));

    Watcher again(ctl, args);
    QVERIFY(again.started());
    for (const QString &id : {b, c, d})
        QTRY_COMPARE_WITH_TIMEOUT(deliveries(*hook, newEvent(id)), 1, kWaitMs);
    // One more after the restart, and the same poll loop goes on; by the time it is in, anything
    // sent twice would have been sent.
    const QString e = createRequest(m_sim);
    QTRY_COMPARE_WITH_TIMEOUT(deliveries(*hook, newEvent(e)), 1, kWaitMs);
    for (const QString &id : {a, b, c, d, e})
        QCOMPARE(deliveries(*hook, newEvent(id)), 1);
    QVERIFY2(again.err().contains(u"from while no watch ran queued for delivery"_s), qPrintable(again.err()));
    // Standard output is a target too: each line once.
    QCOMPARE(again.out().count(b), 1);
    QVERIFY(!again.out().contains(a));
    QCOMPARE(lockbox::test::integrityCheck(ctl.databasePath()), u"ok"_s);
}

void TestWatchRelay::aDeliveryCutShortByACrashIsDeliveredAgain()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(m_sim.url(), dir.filePath(u"profile"_s));
    const auto hook = receiver();
    QVERIFY(hook);
    const QStringList args {u"--webhook-file"_s, webhookFile(dir, *hook)};
    QString f;
    {
        Watcher watch(ctl, args);
        QVERIFY(watch.started());
        QTRY_COMPARE_WITH_TIMEOUT(primedTargets(ctl), 2, kWaitMs);
        hook->enqueue({QByteArray(), CannedServer::Action::Hang}); // received, never answered
        f = createRequest(m_sim);
        QTRY_COMPARE_WITH_TIMEOUT(deliveries(*hook, newEvent(f)), 1, kWaitMs);
        QCOMPARE(deliveryState(ctl, f, u"new"_s, u"webhook:"_s), u"pending"_s);
        watch.crash(); // the receiver has it; the profile does not know
    }
    // At least once: the event was written before the delivery, so the next run delivers it again.
    Watcher again(ctl, args);
    QVERIFY(again.started());
    QTRY_COMPARE_WITH_TIMEOUT(deliveryState(ctl, f, u"new"_s, u"webhook:"_s), u"delivered"_s, kWaitMs);
    QCOMPARE(deliveries(*hook, newEvent(f)), 2);
}

void TestWatchRelay::keepsTryingWhileTheReceiverFails()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(m_sim.url(), dir.filePath(u"profile"_s));
    const auto hook = receiver();
    QVERIFY(hook);
    QElapsedTimer clock;
    clock.start();
    QHash<QString, QList<qint64>> receivedAt; // event id -> when each attempt came in
    connect(hook.get(), &CannedServer::requestReceived, this, [&](int index) {
        receivedAt[QString::fromUtf8(hook->received().at(index).header("x-lockbox-event-id"))].append(clock.elapsed());
    });
    Watcher watch(ctl, {u"--webhook-file"_s, webhookFile(dir, *hook), u"--webhook-format"_s, u"slack"_s});
    QVERIFY(watch.started());
    QTRY_COMPARE_WITH_TIMEOUT(primedTargets(ctl), 2, kWaitMs);

    // 500, then 503 asking for 7 s (the backoff alone would wait 2-4 s), then 500 for as long as
    // the test says.
    hook->enqueue(CannedServer::response(500, "{\"error\":\"busy\"}"));
    hook->enqueue(CannedServer::response(503, "down for maintenance", "text/plain", {{"Retry-After", "7"}}));
    hook->setFallback({CannedServer::response(500, "still busy", "text/plain"), CannedServer::Action::Respond});
    const QString sub = m_sim.subscriptionIds().constFirst();
    const QString g =
        createRequest(m_sim,
                      {{u"subscriptionId"_s, sub},
                       {u"resourceIds"_s,
                        QJsonArray {u"/subscriptions/%1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/"
                                    "<!channel>&vm"_s.arg(sub)}}});
    QTRY_VERIFY_WITH_TIMEOUT(deliveries(*hook, newEvent(g)) >= 4, kWaitMs);
    QCOMPARE(deliveryState(ctl, g, u"new"_s, u"webhook:"_s), u"pending"_s);
    // The receiver asked for 7 s after the 503, and got them.
    const QList<qint64> attempts = receivedAt.value(newEvent(g));
    QVERIFY2(attempts.size() >= 3 && attempts.at(2) - attempts.at(1) >= 6900,
             qPrintable(u"attempts at %1 ms and %2 ms"_s.arg(attempts.value(1)).arg(attempts.value(2))));
    // The first failure is reported, without the webhook's address.
    QVERIFY2(watch.err().contains(u"HTTP 500"_s), qPrintable(watch.err()));
    QVERIFY(!watch.err().contains(u"canary-webhook-secret"_s));

    hook->setFallback({ok(), CannedServer::Action::Respond});
    QTRY_COMPARE_WITH_TIMEOUT(deliveryState(ctl, g, u"new"_s, u"webhook:"_s), u"delivered"_s, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(watch.err().contains(u"delivered new %1 after"_s.arg(g)), kWaitMs);
    // Every attempt carried the same message: Slack's text and blocks, server text escaped.
    const QJsonObject slack = lastBody(*hook, newEvent(g));
    QVERIFY(slack.value(u"blocks").isArray());
    const QString text = slack.value(u"text").toString();
    QVERIFY2(text.contains(u"&lt;!channel&gt;&amp;vm"_s), qPrintable(text));
    QVERIFY2(!text.contains(u"<!channel>"_s), qPrintable(text));
    QCOMPARE(slack.value(u"blocks").toArray().first().toObject().value(u"type").toString(), u"header"_s);
}

void TestWatchRelay::aClientErrorIsReportedOnceAndGivenUp()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(m_sim.url(), dir.filePath(u"profile"_s));
    const auto hook = receiver();
    QVERIFY(hook);
    hook->setFallback({CannedServer::response(400, "invalid_payload", "text/plain"), CannedServer::Action::Respond});
    Watcher watch(ctl, {u"--webhook-file"_s, webhookFile(dir, *hook)});
    QVERIFY(watch.started());
    QTRY_COMPARE_WITH_TIMEOUT(primedTargets(ctl), 2, kWaitMs);

    const QString h = createRequest(m_sim);
    QTRY_VERIFY_WITH_TIMEOUT(watch.err().contains(u"gave up on new %1: HTTP 400: invalid_payload"_s.arg(h)), kWaitMs);
    QCOMPARE(deliveryState(ctl, h, u"new"_s, u"webhook:"_s), u"failed"_s);
    // The next event goes out (and is refused too); the first is not tried again.
    const QString i = createRequest(m_sim);
    QTRY_COMPARE_WITH_TIMEOUT(deliveries(*hook, newEvent(i)), 1, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(watch.err().contains(u"gave up on new %1"_s.arg(i)), kWaitMs);
    QCOMPARE(deliveries(*hook, newEvent(h)), 1);
    QCOMPARE(watch.err().count(u"gave up on new %1"_s.arg(h)), 1);
    // Standard output has them all the same.
    QVERIFY(watch.out().contains(h));
}

void TestWatchRelay::execGetsTheEventAndNoSecret()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Ctl ctl(m_sim.url(), dir.filePath(u"profile"_s));
    const QString out = dir.filePath(u"exec"_s);
    QVERIFY(QDir().mkpath(out));
    ctl.setEnvironmentVariable(u"RELAY_OUT"_s, out);
    ctl.setEnvironmentVariable(u"RELAY_KEPT"_s, u"yes"_s);
    ctl.setEnvironmentVariable(u"LOCKBOX_CLIENT_SECRET"_s, u"canary-client-secret"_s);
    // The event's fields are data: quoted, a field is never run, whatever it holds.
    const QString record = u"cat > \"$RELAY_OUT/$LOCKBOX_EVENT_ID.json\" && env > \"$RELAY_OUT/env.tmp\" && "
                           "mv \"$RELAY_OUT/env.tmp\" \"$RELAY_OUT/$LOCKBOX_EVENT_ID.env\""_s;
    // Fails the first time (exit 3), then takes it.
    const QString flaky = u"test -f \"$RELAY_OUT/flag\" || { touch \"$RELAY_OUT/flag\"; exit 3; }; "
                          "cat > \"$RELAY_OUT/flaky.json\""_s;
    Watcher watch(ctl, {u"--exec"_s, record, u"--exec"_s, flaky});
    QVERIFY(watch.started());
    QTRY_COMPARE_WITH_TIMEOUT(primedTargets(ctl), 3, kWaitMs);

    const QString sub = m_sim.subscriptionIds().constFirst();
    const QString x =
        createRequest(m_sim, {{u"subscriptionId"_s, sub}, {u"justification"_s, u"$(touch pwned) `id`"_s}});
    const QString base = QDir(out).filePath(newEvent(x));
    // The command writes the environment aside and moves it into place: once there, it is whole.
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(base + u".env"_s), kWaitMs);
    const QJsonObject event = QJsonDocument::fromJson(fileBytes(base + u".json"_s)).object();
    QCOMPARE(event.value(u"requestId").toString(), x);
    QCOMPARE(event.value(u"kind").toString(), u"new"_s);
    QCOMPARE(event.value(u"subscriptionId").toString(), sub);
    QCOMPARE(event.value(u"justification").toString(), u"$(touch pwned) `id`"_s);

    const QString env = QString::fromUtf8(fileBytes(base + u".env"_s));
    const QStringList lines = env.split(u'\n');
    const auto has = [&lines](const QString &line) { return lines.contains(line); };
    // (In whatever order the command's environment lists its variables.)
    // (Azure spells ids in any case: "/Subscriptions/" too.)
    const auto hasPrefix = [&lines](const QString &prefix) {
        return std::any_of(lines.cbegin(), lines.cend(), [&prefix](const QString &l) {
            return l.startsWith(prefix, Qt::CaseInsensitive)
                && l.left(l.indexOf(u'=')) == prefix.left(prefix.indexOf(u'='));
        });
    };
    QVERIFY2(has(u"LOCKBOX_EVENT=new"_s), qPrintable(env));
    QVERIFY(has(u"LOCKBOX_REQUEST_ID="_s + x));
    QVERIFY(has(u"LOCKBOX_SUBSCRIPTION_ID="_s + sub));
    QVERIFY(has(u"LOCKBOX_EVENT_ID="_s + newEvent(x)));
    QVERIFY(has(u"LOCKBOX_PORTAL_URL=https://portal.azure.com/#view/Microsoft_Azure_Lockbox/LockboxMenu/~/Overview"_s));
    QVERIFY2(hasPrefix(u"LOCKBOX_SUBSCRIPTION_NAME="_s), qPrintable(env));
    QVERIFY2(hasPrefix(u"LOCKBOX_RESOURCE=/subscriptions/"_s), qPrintable(env));
    QVERIFY2(hasPrefix(u"LOCKBOX_EXPIRES=20"_s), qPrintable(env));
    QVERIFY(has(u"RELAY_KEPT=yes"_s)); // the rest of the environment is lockboxctl's
    // Never a secret: not the client secret, not the token variable (LOCKBOX_TOKEN here).
    QVERIFY2(!env.contains(u"LOCKBOX_CLIENT_SECRET"_s), qPrintable(env));
    QVERIFY(!env.contains(u"canary-client-secret"_s));
    QVERIFY(!hasPrefix(u"LOCKBOX_TOKEN="_s));
    QVERIFY(!QFile::exists(QDir(out).filePath(u"pwned"_s)));

    // A command that fails is run again until it takes the event.
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(QDir(out).filePath(u"flaky.json"_s)), kWaitMs);
    QVERIFY2(watch.err().contains(u"exit 3"_s), qPrintable(watch.err()));
    QTRY_VERIFY_WITH_TIMEOUT(watch.err().contains(u"delivered new %1 after 2 attempts"_s.arg(x)), kWaitMs);
    QCOMPARE(QJsonDocument::fromJson(fileBytes(QDir(out).filePath(u"flaky.json"_s))).object().value(u"requestId"),
             QJsonValue(x));
}

void TestWatchRelay::remindersDecisionsAndExpiryAreRelayed()
{
    // A simulator of its own: its clock is moved on below, which expires every pending request.
    SimProcess sim;
    QString error;
    QVERIFY2(sim.start({u"--seed"_s, u"11"_s, u"--subscriptions"_s, u"1"_s, u"--requests"_s, u"5"_s,
                        u"--pending-fraction"_s, u"0"_s},
                       &error),
             qPrintable(error));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(sim.url(), dir.filePath(u"profile"_s));
    const auto hook = receiver();
    QVERIFY(hook);
    Watcher watch(ctl, {u"--webhook-file"_s, webhookFile(dir, *hook), u"--format"_s, u"json"_s});
    QVERIFY(watch.started());
    QTRY_COMPARE_WITH_TIMEOUT(primedTargets(ctl), 2, kWaitMs);

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString soon = createRequest(sim, {{u"expirationDateTime"_s, now.addSecs(20 * 3600).toString(Qt::ISODate)}});
    const QString decided = createRequest(sim);
    const QString later = createRequest(sim);
    for (const QString &id : {soon, decided, later})
        QTRY_COMPARE_WITH_TIMEOUT(deliveries(*hook, newEvent(id)), 1, kWaitMs);

    // The profile's alert settings (the console's too): remind 24 h before expiry. The watch reads
    // them at its next poll, and the request with 20 h left is reminded of, once; the others have
    // four days.
    {
        QSettings settings(QDir(ctl.profileDir()).filePath(u"lockboxctl.ini"_s), QSettings::IniFormat);
        settings.setValue(u"alerts/reminderHours"_s, 24);
    }
    const QString reminder = soon.toLower() + u":reminder"_s;
    QTRY_COMPARE_WITH_TIMEOUT(deliveries(*hook, reminder), 1, kWaitMs);
    QCOMPARE(lastBody(*hook, reminder).value(u"kind").toString(), u"reminder"_s);

    // Someone approves one in the portal: decided, by whom (the Activity Log says).
    QCOMPARE(sim.control("POST", u"/_sim/requests/%1/status"_s.arg(decided),
                         {{u"status"_s, u"Approved"_s}, {u"by"_s, u"riley.reader@contoso.example"_s}})
                 .status,
             200);
    const QString decidedEvent = decided.toLower() + u":outcome"_s;
    QTRY_COMPARE_WITH_TIMEOUT(deliveries(*hook, decidedEvent), 1, kWaitMs);
    const QJsonObject approved = lastBody(*hook, decidedEvent);
    QCOMPARE(approved.value(u"kind").toString(), u"decided"_s);
    QCOMPARE(approved.value(u"verdict").toString(), u"Approve"_s);
    QCOMPARE(approved.value(u"decidedHere").toBool(), false);
    QCOMPARE(approved.value(u"decidedBy").toString(), u"riley.reader@contoso.example"_s);
    QVERIFY2(approved.value(u"title").toString().contains(u"approved by riley.reader@contoso.example"_s),
             qPrintable(approved.value(u"title").toString()));

    // Four days pass on the simulator: the other two expire without a decision.
    QCOMPARE(sim.control("POST", u"/_sim/clock/advance"_s, {{u"seconds"_s, 4 * 24 * 3600 + 3600}}).status, 200);
    for (const QString &id : {soon, later}) {
        const QString ended = id.toLower() + u":outcome"_s;
        QTRY_COMPARE_WITH_TIMEOUT(deliveries(*hook, ended), 1, kWaitMs);
        QCOMPARE(lastBody(*hook, ended).value(u"kind").toString(), u"expired"_s);
    }
    // Each was told once, on standard output too (one JSON object a line).
    QCOMPARE(deliveries(*hook, decidedEvent), 1);
    QCOMPARE(deliveries(*hook, reminder), 1);
    QStringList kinds;
    for (const QString &line : watch.out().split(u'\n', Qt::SkipEmptyParts))
        kinds.append(QJsonDocument::fromJson(line.toUtf8()).object().value(u"kind").toString());
    QCOMPARE(kinds.count(u"new"_s), 3);
    QCOMPARE(kinds.count(u"reminder"_s), 1);
    QCOMPARE(kinds.count(u"decided"_s), 1);
    QCOMPARE(kinds.count(u"expired"_s), 2);
    QCOMPARE(watch.stop(), 0);
}

void TestWatchRelay::teamsMessagesEscapeServerText()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Ctl ctl(m_sim.url(), dir.filePath(u"profile"_s));
    const auto hook = receiver();
    QVERIFY(hook);
    Watcher watch(ctl, {u"--webhook-file"_s, webhookFile(dir, *hook), u"--webhook-format"_s, u"teams"_s});
    QVERIFY(watch.started());
    QTRY_COMPARE_WITH_TIMEOUT(primedTargets(ctl), 2, kWaitMs);
    const QString id = createRequest(
        m_sim, {{u"justification"_s, u"Restart *now* [here](https://evil.example) \u202Egnp.exe\n- not a list"_s}});
    QTRY_COMPARE_WITH_TIMEOUT(deliveries(*hook, newEvent(id)), 1, kWaitMs);

    const QJsonObject message = lastBody(*hook, newEvent(id));
    QCOMPARE(message.value(u"type").toString(), u"message"_s);
    const QJsonObject attachment = message.value(u"attachments").toArray().first().toObject();
    QCOMPARE(attachment.value(u"contentType").toString(), u"application/vnd.microsoft.card.adaptive"_s);
    const QJsonObject card = attachment.value(u"content").toObject();
    QCOMPARE(card.value(u"type").toString(), u"AdaptiveCard"_s);
    QString justification;
    QStringList facts;
    for (const QJsonValue &v : card.value(u"body").toArray()) {
        const QJsonObject block = v.toObject();
        if (block.value(u"text").toString().startsWith(u"Justification"_s))
            justification = block.value(u"text").toString();
        for (const QJsonValue &f : block.value(u"facts").toArray())
            facts.append(f.toObject().value(u"title").toString());
    }
    QVERIFY2(justification.contains(u"\\*now\\* \\[here\\](https://evil.example)"_s), qPrintable(justification));
    QVERIFY2(justification.contains(u"\\u202Egnp.exe"_s), qPrintable(justification)); // shown, not obeyed
    QVERIFY(!justification.contains(QChar(0x202E)));
    QVERIFY2(justification.contains(u"\n\n\\- not a list"_s), qPrintable(justification));
    for (const QString &fact : {u"Subscription"_s, u"Resource"_s, u"Time left"_s, u"Request"_s})
        QVERIFY2(facts.contains(fact), qPrintable(facts.join(u", "_s)));
    const QJsonObject open = card.value(u"actions").toArray().first().toObject();
    QCOMPARE(open.value(u"type").toString(), u"Action.OpenUrl"_s);
    QVERIFY(open.value(u"url").toString().startsWith(u"https://portal.azure.com/"_s));
}

void TestWatchRelay::refusesWhatItCannotRelayTo()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Ctl ctl(m_sim.url(), dir.filePath(u"profile"_s));
    // Plain http only to this machine; the address's path (its secret) is not repeated.
    CtlResult r = ctl.run({u"watch"_s, u"--webhook"_s, u"http://example.com/hooks/canary-webhook-secret"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("plain http is only allowed to this machine"), qPrintable(r.describe()));
    QVERIFY(!r.err.contains("canary-webhook-secret"));
    r = ctl.run({u"watch"_s, u"--webhook-env"_s, u"RELAY_UNSET_VARIABLE"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("RELAY_UNSET_VARIABLE"), qPrintable(r.describe()));
    ctl.setEnvironmentVariable(u"RELAY_HOOK"_s, u"https://hooks.slack.com/services/canary-webhook-secret"_s);
    r = ctl.run({u"watch"_s, u"--webhook-env"_s, u"RELAY_HOOK"_s, u"--webhook-format"_s, u"carrier-pigeon"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("--webhook-format"), qPrintable(r.describe()));
    r = ctl.run({u"watch"_s, u"--exec"_s, u"  "_s});
    QCOMPARE(r.code, 1);
    r = ctl.run({u"watch"_s, u"--interval"_s, u"0"_s});
    QCOMPARE(r.code, 1);
    const QString readable = dir.filePath(u"readable"_s);
    {
        QFile file(readable);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\n# nothing here\n");
    }
    r = ctl.run({u"watch"_s, u"--webhook-file"_s, readable});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("holds no address"), qPrintable(r.describe()));
}

QTEST_GUILESS_MAIN(TestWatchRelay)
#include "tst_watchrelay.moc"
