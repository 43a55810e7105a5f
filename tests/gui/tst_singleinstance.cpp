// One console per profile: a second launch on the same profile finds the first and asks it to
// show itself; another profile is independent. The socket is in a folder only its user can enter,
// an answer counts only from a process of this user's, and nothing another user plants keeps the
// console from starting without saying why.

#include "gui/singleinstance.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <sys/file.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;
using lockbox::gui::SingleInstance;
using Claim = SingleInstance::Claim;

namespace {

// Sets an environment variable (or unsets it, for an empty value) until the end of the scope.
class EnvironmentScope final
{
public:
    EnvironmentScope(const char *name, const QByteArray &value)
        : m_name(name)
    {
        if (qEnvironmentVariableIsSet(name))
            m_old = qgetenv(name);
        if (value.isEmpty())
            qunsetenv(name);
        else
            qputenv(name, value);
    }
    ~EnvironmentScope()
    {
        if (m_old)
            qputenv(m_name, *m_old);
        else
            qunsetenv(m_name);
    }
    EnvironmentScope(const EnvironmentScope &) = delete;
    EnvironmentScope &operator=(const EnvironmentScope &) = delete;

private:
    const char *m_name;
    std::optional<QByteArray> m_old;
};

// A socket file nobody listens on, as a console that crashed leaves it.
bool makeStaleSocket(const QString &path)
{
    const QByteArray name = QFile::encodeName(path);
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    if (size_t(name.size()) >= sizeof(address.sun_path))
        return false;
    std::copy(name.cbegin(), name.cend(), address.sun_path);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    const bool bound = ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof(address)) == 0;
    ::close(fd);
    return bound && QFileInfo::exists(path);
}

// A profile folder whose path is too long for a socket address.
QString makeLongProfile(const QTemporaryDir &base)
{
    const QString dir = base.path() + u'/' + QString(120, u'p');
    if (!QDir().mkpath(dir))
        return {};
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return dir;
}

// A launch in a process of its own (this test binary run again): it waits at the barrier (a file
// the test holds locked), claims the profile, prints what came of it, and when it is the console
// prints "shown" for each launch that raised it, until its standard input closes.
const char *const kLaunchProfile = "LOCKBOX_TST_LAUNCH_PROFILE";
const char *const kLaunchBarrier = "LOCKBOX_TST_LAUNCH_BARRIER";

int runLaunch(QCoreApplication &app)
{
    QTextStream out(stdout);
    const int barrier = ::open(QFile::encodeName(qEnvironmentVariable(kLaunchBarrier)).constData(), O_RDONLY);
    out << "ready" << Qt::endl;
    if (barrier < 0 || ::flock(barrier, LOCK_SH) != 0)
        return 2;
    ::close(barrier);
    SingleInstance instance(qEnvironmentVariable(kLaunchProfile));
    // Slow to start listening: every launch released at the barrier probes before any listens.
    instance.setBeforeListen([] { QThread::msleep(300); });
    const Claim claim = instance.claim();
    out << (claim == Claim::Primary ? "primary" : claim == Claim::Raised ? "raised" : "refused") << Qt::endl;
    if (claim != Claim::Primary)
        return 0;
    QObject::connect(&instance, &SingleInstance::activationRequested, &app, [&out] { out << "shown" << Qt::endl; });
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&app, &input] {
        char byte = 0;
        if (::read(STDIN_FILENO, &byte, 1) <= 0) {
            input.setEnabled(false);
            app.quit();
        }
    });
    QTimer::singleShot(60000, &app, &QCoreApplication::quit); // never outlives a test gone wrong
    return app.exec();
}

} // namespace

class TestSingleInstance final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void secondLaunchOnTheSameProfileRaisesTheFirst();
    void otherProfilesAreIndependent();
    void theNextConsoleTakesOverWhenTheFirstEnds();
    void theSocketIsInTheRuntimeFolderOrTheProfileNeverInTmp();
    void aRuntimeFolderOthersCanEnterIsNotUsed();
    void aListenerOfAnotherUserCannotStopTheConsole();
    void aStaleSocketIsReplaced();
    void aConsoleIsFoundWhereverItsEnvironmentPutIt();
    void aProfilePathTooLongForASocketFallsBackToAShortPrivateFolder();
    void aPrivateFolderTakenBySomeoneElseRefusesWithAReason();
    void theLongestProfilePathThatFitsIsUsed();
    void launchesAtTheSameMomentLeaveOneConsole();

private:
    std::optional<EnvironmentScope> m_runtime;
};

void TestSingleInstance::init()
{
    // The place depends on XDG_RUNTIME_DIR; each test says whether it has one.
    m_runtime.emplace("XDG_RUNTIME_DIR", QByteArray());
}

void TestSingleInstance::cleanup()
{
    m_runtime.reset();
}

void TestSingleInstance::secondLaunchOnTheSameProfileRaisesTheFirst()
{
    QTemporaryDir profile;
    SingleInstance first(profile.path());
    QCOMPARE(first.claim(), Claim::Primary);
    QSignalSpy raised(&first, &SingleInstance::activationRequested);

    SingleInstance second(profile.path() + QStringLiteral("/.")); // the same directory, spelled differently
    QCOMPARE(second.serverName(), first.serverName());
    QCOMPARE(second.claim(), Claim::Raised);
    QVERIFY(raised.wait(5000));
    QCOMPARE(raised.size(), 1);
}

void TestSingleInstance::otherProfilesAreIndependent()
{
    QTemporaryDir runtime;
    EnvironmentScope inRuntime("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
    QTemporaryDir a;
    QTemporaryDir b;
    SingleInstance first(a.path());
    SingleInstance other(b.path());
    QVERIFY(first.serverName() != other.serverName());
    QCOMPARE(first.claim(), Claim::Primary);
    QCOMPARE(other.claim(), Claim::Primary);
    QCOMPARE(QFileInfo(first.serverName()).path(), QFileInfo(other.serverName()).path()); // one runtime folder
}

void TestSingleInstance::theNextConsoleTakesOverWhenTheFirstEnds()
{
    QTemporaryDir profile;
    QString name;
    {
        // The first console ends; the next launch becomes the profile's console.
        SingleInstance ended(profile.path());
        QCOMPARE(ended.claim(), Claim::Primary);
        name = ended.serverName();
    }
    QVERIFY(!QFileInfo::exists(name));
    SingleInstance next(profile.path());
    QCOMPARE(next.serverName(), name);
    QCOMPARE(next.claim(), Claim::Primary);
    SingleInstance third(profile.path());
    QSignalSpy raised(&next, &SingleInstance::activationRequested);
    QCOMPARE(third.claim(), Claim::Raised);
    QVERIFY(raised.wait(5000));
}

void TestSingleInstance::theSocketIsInTheRuntimeFolderOrTheProfileNeverInTmp()
{
    QTemporaryDir profile;
    const QString canonicalProfile = QFileInfo(profile.path()).canonicalFilePath();
    {
        SingleInstance console(profile.path());
        QCOMPARE(console.claim(), Claim::Primary);
        QCOMPARE(QFileInfo(console.serverName()).path(), canonicalProfile);
        const QFileInfo socket(console.serverName());
        QVERIFY(socket.exists());
        QCOMPARE(socket.permissions() & ~(QFile::ReadUser | QFile::WriteUser | QFile::ExeUser),
                 QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QTemporaryDir runtime;
    EnvironmentScope inRuntime("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
    SingleInstance console(profile.path());
    QCOMPARE(console.claim(), Claim::Primary);
    QVERIFY2(console.serverName().startsWith(runtime.path() + u'/'), qPrintable(console.serverName()));
    QVERIFY(!console.serverName().startsWith(QDir::tempPath() + u"/lockbox-console-"_s));
    // Owner only: nobody else may connect.
    QCOMPARE(QFileInfo(console.serverName()).permissions()
                 & (QFile::ReadOther | QFile::WriteOther | QFile::ReadGroup | QFile::WriteGroup),
             QFileDevice::Permissions());
}

void TestSingleInstance::aRuntimeFolderOthersCanEnterIsNotUsed()
{
    QTemporaryDir runtime;
    QVERIFY(QFile::setPermissions(runtime.path(),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                      | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther));
    EnvironmentScope inRuntime("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
    QTemporaryDir profile;
    SingleInstance console(profile.path());
    QCOMPARE(console.socketPaths().size(), 1);
    QCOMPARE(console.claim(), Claim::Primary);
    QCOMPARE(QFileInfo(console.serverName()).path(), QFileInfo(profile.path()).canonicalFilePath());
}

void TestSingleInstance::aListenerOfAnotherUserCannotStopTheConsole()
{
    QTemporaryDir profile;
    SingleInstance console(profile.path());
    // Someone listens where the console would, and answers. It is this test's process, so the
    // console is told to trust another uid: the listener is then "another user's".
    QLocalServer planted;
    QVERIFY2(planted.listen(console.serverName()), qPrintable(planted.errorString()));
    QByteArray heard;
    int connections = 0;
    connect(&planted, &QLocalServer::newConnection, this, [&] {
        while (QLocalSocket *peer = planted.nextPendingConnection()) {
            ++connections;
            connect(peer, &QLocalSocket::readyRead, this, [&heard, peer] { heard += peer->readAll(); });
            connect(peer, &QLocalSocket::disconnected, peer, &QObject::deleteLater);
        }
    });

    console.setTrustedUid(uint(::geteuid()) + 1);
    QCOMPARE(console.claim(), Claim::Primary); // not "raised", and no silent exit
    QCOMPARE(console.serverName(), planted.fullServerName());
    QVERIFY(console.problem().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(connections, 1, 5000); // the console did ask who answers ...
    QTest::qWait(100);
    QVERIFY2(heard.isEmpty(), heard.constData()); // ... and told it nothing

    // The path is the console's now: this user's next launch raises it.
    console.setTrustedUid(uint(::geteuid()));
    QSignalSpy raised(&console, &SingleInstance::activationRequested);
    SingleInstance next(profile.path());
    QCOMPARE(next.claim(), Claim::Raised);
    QVERIFY(raised.wait(5000));
    QVERIFY(heard.isEmpty());
}

void TestSingleInstance::aStaleSocketIsReplaced()
{
    QTemporaryDir profile;
    SingleInstance console(profile.path());
    QVERIFY(makeStaleSocket(console.serverName()));
    QCOMPARE(console.claim(), Claim::Primary);
    QSignalSpy raised(&console, &SingleInstance::activationRequested);
    SingleInstance next(profile.path());
    QCOMPARE(next.claim(), Claim::Raised);
    QVERIFY(raised.wait(5000));

    // A file that is no socket (of this user's) is replaced too.
    QTemporaryDir other;
    SingleInstance another(other.path());
    QFile junk(another.serverName());
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.close();
    QCOMPARE(another.claim(), Claim::Primary);
    QLocalSocket probe;
    probe.connectToServer(another.serverName());
    QVERIFY(probe.waitForConnected(5000));
}

void TestSingleInstance::aConsoleIsFoundWhereverItsEnvironmentPutIt()
{
    QTemporaryDir profile;
    // Started without a runtime folder (through ssh, say): in the profile.
    SingleInstance first(profile.path());
    QCOMPARE(first.claim(), Claim::Primary);
    QSignalSpy raised(&first, &SingleInstance::activationRequested);
    // A launch with one looks there first, then in the profile.
    QTemporaryDir runtime;
    EnvironmentScope inRuntime("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
    SingleInstance second(profile.path());
    QCOMPARE(second.socketPaths().size(), 2);
    QCOMPARE(second.claim(), Claim::Raised);
    QVERIFY(raised.wait(5000));
}

void TestSingleInstance::aProfilePathTooLongForASocketFallsBackToAShortPrivateFolder()
{
    QTemporaryDir base;
    const QString profile = makeLongProfile(base);
    QVERIFY(!profile.isEmpty());
    QVERIFY(QFile::encodeName(profile).size() > SingleInstance::kMaxSocketPath);
    {
        // In the runtime folder, named after the profile.
        QTemporaryDir runtime;
        EnvironmentScope inRuntime("XDG_RUNTIME_DIR", QFile::encodeName(runtime.path()));
        SingleInstance console(profile);
        QCOMPARE(console.socketPaths().size(), 1);
        QVERIFY(console.serverName().startsWith(runtime.path() + u'/'));
        QCOMPARE(console.claim(), Claim::Primary);
        QSignalSpy raised(&console, &SingleInstance::activationRequested);
        QCOMPARE(SingleInstance(profile).claim(), Claim::Raised);
        QVERIFY(raised.wait(5000));
    }
    // Without one: a 0700 folder of this user's under the temporary folder.
    QTemporaryDir tmp;
    EnvironmentScope inTmp("TMPDIR", QFile::encodeName(tmp.path()));
    SingleInstance console(profile);
    const QString folder = QFileInfo(console.serverName()).path();
    QCOMPARE(folder, QFileInfo(tmp.path()).canonicalFilePath() + u"/lockbox-console-"_s + QString::number(::geteuid()));
    QVERIFY(QFile::encodeName(console.serverName()).size() <= SingleInstance::kMaxSocketPath);
    QCOMPARE(console.claim(), Claim::Primary);
    QCOMPARE(QFileInfo(folder).permissions() & ~(QFile::ReadUser | QFile::WriteUser | QFile::ExeUser),
             QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QSignalSpy raised(&console, &SingleInstance::activationRequested);
    QCOMPARE(SingleInstance(profile).claim(), Claim::Raised);
    QVERIFY(raised.wait(5000));
}

void TestSingleInstance::aPrivateFolderTakenBySomeoneElseRefusesWithAReason()
{
    // Another user made the folder under the temporary folder first (here: a link to a folder of
    // theirs); the console says so and does not start, rather than trust what is there or exit 0.
    QTemporaryDir base;
    const QString profile = makeLongProfile(base);
    QVERIFY(!profile.isEmpty());
    QTemporaryDir tmp;
    QTemporaryDir theirs;
    const QString folder =
        QFileInfo(tmp.path()).canonicalFilePath() + u"/lockbox-console-"_s + QString::number(::geteuid());
    QVERIFY(QFile::link(theirs.path(), folder));
    EnvironmentScope inTmp("TMPDIR", QFile::encodeName(tmp.path()));
    SingleInstance console(profile);
    QCOMPARE(console.claim(), Claim::Refused);
    QVERIFY2(console.problem().contains(folder), qPrintable(console.problem()));
    QVERIFY2(console.problem().contains(u"a symbolic link"_s), qPrintable(console.problem()));
    QVERIFY(QDir(theirs.path()).isEmpty()); // nothing was put in it
}

void TestSingleInstance::theLongestProfilePathThatFitsIsUsed()
{
    // The longest socket path that fits still works in the profile; one byte more does not fit.
    QTemporaryDir base;
    const QString root = QFileInfo(base.path()).canonicalFilePath() + u'/';
    const qsizetype suffix = QStringLiteral("/console.socket").size();
    for (const qsizetype length :
         {qsizetype(SingleInstance::kMaxSocketPath), qsizetype(SingleInstance::kMaxSocketPath + 1)}) {
        const QString profile = root + QString(length - suffix - root.size(), length % 2 == 0 ? u'a' : u'b');
        QVERIFY(QDir().mkpath(profile));
        QFile::setPermissions(profile, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        SingleInstance console(profile);
        QCOMPARE(console.claim(), Claim::Primary);
        if (length <= SingleInstance::kMaxSocketPath) {
            QCOMPARE(console.serverName(), profile + u"/console.socket"_s);
            QCOMPARE(QFile::encodeName(console.serverName()).size(), length);
        } else {
            QVERIFY(!console.serverName().startsWith(profile));
        }
        QVERIFY2(QFileInfo(console.serverName()).exists(), qPrintable(console.serverName()));
    }
}

void TestSingleInstance::launchesAtTheSameMomentLeaveOneConsole()
{
    // Several launches on one profile, released at once (as autostart and a click at login are):
    // one becomes the console and every other raises it, even when each is slow to listen.
    constexpr int kRounds = 3;
    constexpr int kLaunches = 6;
    QTemporaryDir base;
    QVERIFY(base.isValid());
    const QString barrierPath = base.filePath(u"barrier"_s);
    QFile barrierFile(barrierPath);
    QVERIFY(barrierFile.open(QIODevice::WriteOnly));
    barrierFile.close();
    for (int round = 0; round < kRounds; ++round) {
        QTemporaryDir profile;
        QVERIFY(profile.isValid());
        // Not inherited: a launch holding the same open file would hold the lock too.
        const int barrier = ::open(QFile::encodeName(barrierPath).constData(), O_RDONLY | O_CLOEXEC);
        QVERIFY(barrier >= 0);
        QVERIFY(::flock(barrier, LOCK_EX) == 0);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(u"XDG_RUNTIME_DIR"_s);
        environment.insert(QString::fromLatin1(kLaunchProfile), profile.path());
        environment.insert(QString::fromLatin1(kLaunchBarrier), barrierPath);
        std::vector<std::unique_ptr<QProcess>> launches;
        std::vector<QByteArray> said(kLaunches);
        for (int i = 0; i < kLaunches; ++i) {
            auto launch = std::make_unique<QProcess>();
            launch->setProcessEnvironment(environment);
            launch->setProcessChannelMode(QProcess::ForwardedErrorChannel);
            launch->start(QCoreApplication::applicationFilePath(), {});
            launches.push_back(std::move(launch));
        }
        // Whether every launch has said one of `lines` yet.
        const auto allSaid = [&](std::initializer_list<QByteArray> lines) {
            bool all = true;
            for (int i = 0; i < kLaunches; ++i) {
                said[i] += launches[i]->readAllStandardOutput();
                all = all && std::any_of(lines.begin(), lines.end(), [&](const QByteArray &line) {
                          return said[i].contains(line);
                      });
            }
            return all;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allSaid({"ready\n"}), 30000);
        QTest::qWait(200); // into flock(), for a closer start; the outcome must not depend on it
        ::close(barrier);  // go
        QTRY_VERIFY_WITH_TIMEOUT(allSaid({"primary\n", "raised\n", "refused\n"}), 30000);
        int primary = -1;
        int primaries = 0;
        for (int i = 0; i < kLaunches; ++i) {
            if (said[i].contains("primary\n")) {
                primary = i;
                ++primaries;
            } else {
                QVERIFY2(said[i].contains("raised\n"), said[i].constData());
            }
        }
        QVERIFY2(primaries == 1, qPrintable(u"round %1: %2 launches became the console"_s.arg(round).arg(primaries)));
        // The console heard every other launch.
        QTRY_COMPARE_WITH_TIMEOUT((said[primary] += launches[primary]->readAllStandardOutput()).count("shown\n"),
                                  kLaunches - 1, 30000);
        for (auto &launch : launches) {
            launch->closeWriteChannel();
            QTRY_COMPARE_WITH_TIMEOUT(launch->state(), QProcess::NotRunning, 30000);
            QCOMPARE(launch->exitStatus(), QProcess::NormalExit);
            QCOMPARE(launch->exitCode(), 0);
        }
    }
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(kLaunchProfile))
        return runLaunch(app);
    TestSingleInstance test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_singleinstance.moc"
