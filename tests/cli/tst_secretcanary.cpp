// QUALITY R6, the canary: recognisable fake secrets go through lockboxctl's sign-in, sync,
// decisions and watch (each run with --verbose and every lockbox category at debug), and
// afterwards, and while watch still runs, no file anywhere under the run's home (the profile's
// database, its WAL, settings, the alert journal, whatever a command or a log left) and nothing
// printed on standard output or error contains them, plainly or Base64-encoded:
//   - a bearer token given through --token-env (the simulator's static token), with a wrong one
//     the simulator refuses;
//   - an application's client secret given to `login --client-secret` (then kept in the keychain,
//     which is where it belongs), with a wrong one the simulator refuses, and the access tokens
//     the simulator issued for it (every JWT starts "eyJ": none may be written or printed).
// The commands run by `watch --exec` write their environment into the scanned tree too.

#include "authtestkit.h"
#include "clitestkit.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::test::Ctl;
using lockbox::test::CtlResult;
using lockbox::test::SimProcess;

namespace {

const QByteArray kCanaryToken = "lbxcanary-TOKEN-5f0c9e1a7b3d48e6a2c4";
const QByteArray kRefusedToken = "lbxcanary-REFUSED-TOKEN-81d2c7e04b";
const QByteArray kCanarySecret = "lbxcanary-SECRET-3b7e6f2d9c0a41f8";
const QByteArray kRefusedSecret = "lbxcanary-WRONG-SECRET-c95e18a2";
const QByteArray kJwtStart = "eyJ"; // Base64 of '{"': the start of every JWT's header

const QStringList kSimBase = {
    u"--seed"_s, u"11"_s,           u"--subscriptions"_s,     u"2"_s, u"--requests"_s, u"12"_s, u"--pending-fraction"_s,
    u"0.5"_s,    u"--start-time"_s, u"2026-11-02T09:30:00Z"_s};

// The forms a careless write could take: as is, UTF-16, and Base64 and Base64url at each of the
// three alignments the secret can have inside a longer encoded value ("user:secret" in a Basic
// header, a JSON blob holding it): the characters that encode the secret's bytes alone.
QList<QByteArray> formsOf(const QByteArray &secret)
{
    QByteArray utf16;
    for (const char c : secret)
        utf16.append(c).append('\0');
    QList<QByteArray> forms = {secret, utf16};
    for (int shift = 0; shift < 3; ++shift) {
        const QByteArray padded = QByteArray(shift, 'x') + secret;
        for (const auto options : {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding}) {
            // Skip the characters that also encode the padding, and the last ones, which also
            // depend on what follows.
            const QByteArray encoded = padded.toBase64(options | QByteArray::OmitTrailingEquals);
            const qsizetype first = (shift * 4 + 2) / 3;
            forms.append(encoded.mid(first, encoded.size() - first - 3));
        }
    }
    return forms;
}

// Where `needles` occur among `haystack`'s bytes, named by `where`.
QStringList find(const QByteArray &haystack, const QString &where, const QList<QByteArray> &needles)
{
    QStringList found;
    for (const QByteArray &needle : needles) {
        if (haystack.contains(needle))
            found.append(u"%1 holds \"%2\""_s.arg(where, QString::fromLatin1(needle.left(24))));
    }
    return found;
}

// Every file under `root` (hidden ones, the database's -wal and -shm included).
QStringList findInFiles(const QString &root, const QList<QByteArray> &needles, int *files)
{
    QStringList found;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue; // a socket or a file gone meanwhile
        ++*files;
        found += find(f.readAll(), QDir(root).relativeFilePath(path), needles);
    }
    return found;
}

} // namespace

class TestSecretCanary final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void bearerTokenIsNeverWrittenOrPrinted();
    void clientSecretAndIssuedTokensAreNeverWrittenOrPrinted();

private:
    // lockboxctl on a profile under `home`, verbose, every lockbox category at debug, HOME and
    // the XDG folders under `home` too.
    std::unique_ptr<Ctl> makeCtl(const QUrl &endpoint, const QString &home, const QByteArray &token) const;
    // Runs and keeps what it printed.
    CtlResult run(const Ctl &ctl, const QStringList &arguments, bool raw = false);
    // `lockboxctl watch` until it has relayed one event, a look at the files while it runs, then
    // SIGTERM; its output is kept.
    void watchOnce(const Ctl &ctl, const QStringList &global, const QString &home, const QList<QByteArray> &needles,
                   QStringList *leaks);
    QStringList pendingIds(const Ctl &ctl);

    lockbox::SecretStore::Result m_keychain;
    QByteArray m_printed; // everything the runs printed, both streams
    int m_runs = 0;
    int m_filesScanned = 0;
};

void TestSecretCanary::initTestCase()
{
    m_keychain = lockbox::test::keychainStatus();
}

std::unique_ptr<Ctl> TestSecretCanary::makeCtl(const QUrl &endpoint, const QString &home, const QByteArray &token) const
{
    auto ctl = std::make_unique<Ctl>(endpoint, QDir(home).filePath(u"profile"_s), token);
    ctl->setEnvironmentVariable(u"HOME"_s, home);
    ctl->setEnvironmentVariable(u"XDG_CACHE_HOME"_s, QDir(home).filePath(u".cache"_s));
    ctl->setEnvironmentVariable(u"XDG_STATE_HOME"_s, QDir(home).filePath(u".local/state"_s));
    ctl->setEnvironmentVariable(u"QT_LOGGING_RULES"_s, u"lockbox.*.debug=true"_s);
    ctl->setEnvironmentVariable(u"LOCKBOX_CLIENT_SECRET"_s, QString());
    return ctl;
}

CtlResult TestSecretCanary::run(const Ctl &ctl, const QStringList &arguments, bool raw)
{
    const QStringList verbose = QStringList {u"--verbose"_s} + arguments;
    CtlResult r = raw ? ctl.runRaw(verbose) : ctl.run(verbose);
    m_printed += r.out + '\n' + r.err + '\n';
    ++m_runs;
    return r;
}

QStringList TestSecretCanary::pendingIds(const Ctl &ctl)
{
    QStringList ids;
    const CtlResult r = run(ctl, {u"list"_s, u"--status"_s, u"pending"_s, u"--format"_s, u"json"_s});
    for (const QJsonValue &v : r.json().array())
        ids.append(v.toObject().value(u"requestId").toString());
    return ids;
}

void TestSecretCanary::watchOnce(const Ctl &ctl, const QStringList &global, const QString &home,
                                 const QList<QByteArray> &needles, QStringList *leaks)
{
    // The command's environment goes into the scanned tree: no secret may reach it either.
    const QString envDir = QDir(home).filePath(u"exec-env"_s);
    QVERIFY(QDir().mkpath(envDir));
    const QString exec = u"env > '%1'/\"$LOCKBOX_EVENT_ID\"; cat >> '%1'/\"$LOCKBOX_EVENT_ID\""_s.arg(envDir);
    std::unique_ptr<QProcess> p(ctl.startRaw(global
                                             + QStringList {u"--verbose"_s, u"watch"_s, u"--interval"_s, u"1"_s,
                                                            u"--include-existing"_s, u"--exec"_s, exec}));
    QVERIFY(p->waitForStarted(10000));
    QByteArray out;
    QByteArray err;
    QDeadlineTimer deadline(60000);
    while (QDir(envDir).isEmpty() && p->state() == QProcess::Running && !deadline.hasExpired()) {
        p->waitForReadyRead(200);
        out += p->readAllStandardOutput();
        err += p->readAllStandardError();
    }
    QVERIFY2(!QDir(envDir).isEmpty(), (out + err).constData());
    QVERIFY2(p->state() == QProcess::Running, (out + err).constData());
    // While it runs: the WAL and the journal as they are mid-flight.
    *leaks += findInFiles(home, needles, &m_filesScanned);
    p->terminate();
    QVERIFY(p->waitForFinished(30000));
    out += p->readAllStandardOutput();
    err += p->readAllStandardError();
    QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0, err.constData());
    QVERIFY2(out.contains("new") || out.contains("New"), out.constData());
    m_printed += out + '\n' + err + '\n';
    ++m_runs;
}

void TestSecretCanary::bearerTokenIsNeverWrittenOrPrinted()
{
    // The simulator's static token is the canary (SimProcess fixes its own, so it is started here).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess sim;
    sim.setProgram(lockbox::test::simExecutable());
    sim.setArguments(kSimBase
                     + QStringList {u"--port"_s, u"0"_s, u"--static-token"_s, QString::fromLatin1(kCanaryToken)});
    sim.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    sim.start(QIODevice::ReadOnly);
    QVERIFY(sim.waitForStarted(10000));
    auto stopSim = qScopeGuard([&sim] {
        sim.terminate();
        sim.waitForFinished(10000);
    });
    QDeadlineTimer deadline(15000);
    while (!sim.canReadLine() && sim.state() == QProcess::Running && !deadline.hasExpired())
        sim.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    const QUrl url(QString::fromUtf8(sim.readLine()).trimmed());
    QVERIFY2(url.isValid() && url.port() > 0, "lockbox-sim printed no URL");

    const QString home = dir.filePath(u"home"_s);
    const auto ctl = makeCtl(url, home, kCanaryToken);
    m_printed.clear();
    m_runs = 0;
    m_filesScanned = 0;
    CtlResult r = run(*ctl, {u"sync"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    r = run(*ctl, {u"sync"_s, u"--full"_s, u"--import-activity-log"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QStringList pending = pendingIds(*ctl);
    QVERIFY2(pending.size() >= 3, qPrintable(QString::number(pending.size())));
    r = run(*ctl, {u"approve"_s, pending.at(0), u"--reason"_s, u"canary"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    r = run(*ctl, {u"deny"_s, pending.at(1), u"--reason"_s, u"canary"_s});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    for (const QStringList &args : {QStringList {u"show"_s, pending.at(0)}, QStringList {u"queue"_s},
                                    QStringList {u"subscriptions"_s}, QStringList {u"audit"_s, u"--verify"_s},
                                    QStringList {u"audit"_s, u"--format"_s, u"json"_s}, QStringList {u"whoami"_s}}) {
        r = run(*ctl, args);
        QVERIFY2(r.code == 0, qPrintable(args.join(u' ') + u": "_s + r.describe()));
    }
    QStringList leaks;
    watchOnce(*ctl, ctl->globalArguments(), home, formsOf(kCanaryToken), &leaks);

    // A token the server refuses: said so, never echoed.
    ctl->setToken(kRefusedToken);
    r = run(*ctl, {u"sync"_s});
    QCOMPARE(r.code, 2);
    r = run(*ctl, {u"approve"_s, pending.at(2)});
    QVERIFY2(r.code == 2 || r.code == 5, qPrintable(r.describe()));

    const QList<QByteArray> needles = formsOf(kCanaryToken) + formsOf(kRefusedToken);
    leaks += findInFiles(home, needles, &m_filesScanned);
    leaks += find(m_printed, u"what lockboxctl printed"_s, needles);
    // The check itself works: the token was in every run's environment, and the scan finds it.
    QVERIFY(!find(ctl->environment().value(u"LOCKBOX_TOKEN"_s).toLatin1(), u"env"_s, needles).isEmpty());
    QVERIFY2(QFile::exists(QDir(home).filePath(u"profile/lockbox.sqlite"_s)), "no database was written");
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u"; "_s)));
    qInfo("canary token: %d runs, %lld bytes printed, %d files looked at, 0 leaks", m_runs, qint64(m_printed.size()),
          m_filesScanned);
}

void TestSecretCanary::clientSecretAndIssuedTokensAreNeverWrittenOrPrinted()
{
    LOCKBOX_REQUIRE_KEYCHAIN(m_keychain);
    SimProcess sim;
    QString error;
    QVERIFY2(sim.start(kSimBase + QStringList {u"--client"_s, u"C:"_s + QString::fromLatin1(kCanarySecret)}, &error),
             qPrintable(error));
    const QString tenant = sim.control("GET", u"/_sim/info"_s).object().value(u"tenantId").toString();
    QVERIFY(!tenant.isEmpty());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString home = dir.filePath(u"home"_s);
    const auto ctl = makeCtl(sim.url(), home, QByteArray());
    const QStringList global = {u"--profile"_s, ctl->profileDir(), u"--endpoint"_s, sim.url().toString()};
    const QStringList login =
        global + QStringList {u"--authority"_s, sim.url().toString(), u"login"_s, u"--client-secret"_s, u"--tenant"_s,
                              tenant,           u"--client-id"_s,     u"C"_s};
    m_printed.clear();
    m_runs = 0;
    m_filesScanned = 0;

    // A wrong secret first: refused, and not repeated back.
    ctl->setEnvironmentVariable(u"LOCKBOX_CLIENT_SECRET"_s, QString::fromLatin1(kRefusedSecret));
    CtlResult r = run(*ctl, login, true);
    QVERIFY2(r.code != 0, qPrintable(r.describe()));
    ctl->setEnvironmentVariable(u"LOCKBOX_CLIENT_SECRET"_s, QString::fromLatin1(kCanarySecret));
    r = run(*ctl, login, true);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    // From here on the secret comes from the keychain; the simulator issues access tokens for it.
    ctl->setEnvironmentVariable(u"LOCKBOX_CLIENT_SECRET"_s, QString());
    r = run(*ctl, global + QStringList {u"sync"_s}, true);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    r = run(*ctl, global + QStringList {u"list"_s, u"--status"_s, u"pending"_s, u"--format"_s, u"json"_s}, true);
    QStringList pending;
    for (const QJsonValue &v : r.json().array())
        pending.append(v.toObject().value(u"requestId").toString());
    QVERIFY2(pending.size() >= 2, qPrintable(QString::number(pending.size())));
    r = run(*ctl, global + QStringList {u"approve"_s, pending.at(0), u"--reason"_s, u"canary"_s}, true);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    r = run(*ctl, global + QStringList {u"deny"_s, pending.at(1), u"--reason"_s, u"canary"_s}, true);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    r = run(*ctl, global + QStringList {u"whoami"_s, u"--format"_s, u"json"_s}, true);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QStringList leaks;
    const QList<QByteArray> needles = formsOf(kCanarySecret) + formsOf(kRefusedSecret) + QList<QByteArray> {kJwtStart};
    watchOnce(*ctl, global, home, needles, &leaks);

    r = run(*ctl, global + QStringList {u"logout"_s}, true);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    leaks += findInFiles(home, needles, &m_filesScanned);
    leaks += find(m_printed, u"what lockboxctl printed"_s, needles);
    QVERIFY2(QFile::exists(QDir(home).filePath(u"profile/lockboxctl.ini"_s)), "no settings were written");
    QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(u"; "_s)));
    qInfo("canary client secret: %d runs, %lld bytes printed, %d files looked at, 0 leaks", m_runs,
          qint64(m_printed.size()), m_filesScanned);
}

QTEST_GUILESS_MAIN(TestSecretCanary)
#include "tst_secretcanary.moc"
