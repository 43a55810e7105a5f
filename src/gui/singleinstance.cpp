#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QLoggingCategory>

#include <sys/socket.h>
#include <sys/stat.h>

#include <cerrno>
#include <optional>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

Q_LOGGING_CATEGORY(lcInstance, "lockbox.gui.instance", QtInfoMsg)

constexpr int kConnectMs = 1000;
// Launches on one profile claim it in turn. A claim holds its turn for a few probes at most, so a
// launch waits this long (before its window shows) and then goes on regardless.
constexpr int kTurnWaitMs = 2000;
// A turn left by a launch that died is free at once (its process is gone); one that still looks
// held this long after it was taken is taken over anyway.
constexpr int kTurnStaleMs = 10000;
const QByteArray kShow = "show\n";
const QString kProfileSocket = u"console.socket"_s;
// QLocalServer (with an access option) binds in a new folder beside the socket, "<dir>/.XXXXXX/s",
// and renames the socket into place, so that path has to fit in sun_path too.
constexpr qsizetype kQtBindSuffix = 10;

struct FileStat
{
    bool exists = false;
    bool isDir = false;
    bool isSocket = false;
    bool isLink = false;
    uint owner = 0;
    uint mode = 0;
};

// lstat(2) unless `follow`: a symbolic link is reported as what it is, not what it points to.
FileStat statOf(const QString &path, bool follow)
{
    struct stat st = {};
    const QByteArray name = QFile::encodeName(path);
    if ((follow ? ::stat(name.constData(), &st) : ::lstat(name.constData(), &st)) != 0)
        return {};
    FileStat found;
    found.exists = true;
    found.isDir = S_ISDIR(st.st_mode);
    found.isSocket = S_ISSOCK(st.st_mode);
    found.isLink = S_ISLNK(st.st_mode);
    found.owner = uint(st.st_uid);
    found.mode = uint(st.st_mode & 07777);
    return found;
}

// A folder only `uid` can enter: a directory it owns that nobody else may read, write or search.
bool isPrivateDir(const FileStat &dir, uint uid)
{
    return dir.exists && dir.isDir && dir.owner == uid && (dir.mode & 077) == 0;
}

bool fits(const QString &dir, const QString &path)
{
    return QFile::encodeName(path).size() <= SingleInstance::kMaxSocketPath
        && QFile::encodeName(dir).size() + kQtBindSuffix <= SingleInstance::kMaxSocketPath;
}

// The uid of the process at the other end of a connected local socket, as the kernel knows it.
std::optional<uint> peerUid(qintptr descriptor)
{
    if (descriptor < 0)
        return std::nullopt;
#if defined(Q_OS_LINUX)
    struct ucred credentials = {};
    socklen_t length = sizeof(credentials);
    if (::getsockopt(int(descriptor), SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0
        && length == sizeof(credentials))
        return uint(credentials.uid);
#else
    uid_t uid = 0;
    gid_t gid = 0;
    if (::getpeereid(int(descriptor), &uid, &gid) == 0)
        return uint(uid);
#endif
    return std::nullopt;
}

} // namespace

SingleInstance::SingleInstance(const QString &profileDir, QObject *parent)
    : QObject(parent)
    , m_uid(uint(::geteuid()))
    , m_trustedUid(m_uid)
{
    const QString canonical = QFileInfo(profileDir).canonicalFilePath();
    const QString profile = canonical.isEmpty() ? QDir::cleanPath(QDir(profileDir).absolutePath()) : canonical;
    const QString hash =
        QString::fromLatin1(QCryptographicHash::hash(profile.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));

    // $XDG_RUNTIME_DIR is the session's private folder on a local file system; believed only when
    // it is this user's 0700 folder, as the XDG Base Directory specification requires.
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty()) {
        const QString dir = QDir::cleanPath(runtime);
        const QString path = dir + u"/lockbox-console-"_s + hash;
        if (!QDir::isAbsolutePath(dir) || !isPrivateDir(statOf(dir, true), m_uid))
            qCInfo(lcInstance) << "XDG_RUNTIME_DIR" << dir << "is not a 0700 folder of this user; not used";
        else if (fits(dir, path))
            m_places.append({dir, path});
    }
    // The profile folder is 0700 (engine::Profile makes it so); the socket's name is the same
    // whatever the environment.
    const QString inProfile = profile + u'/' + kProfileSocket;
    if (fits(profile, inProfile) && isPrivateDir(statOf(profile, true), m_uid))
        m_places.append({profile, inProfile});
    // A profile path too long for a socket address, and no runtime folder: a short folder of this
    // user's under the temporary folder, which claim() makes (or finds) private before using it.
    if (m_places.isEmpty()) {
        const QString dir = QDir::cleanPath(QDir::tempPath()) + u"/lockbox-console-"_s + QString::number(m_uid);
        const QString path = dir + u'/' + hash;
        if (fits(dir, path))
            m_places.append({dir, path, true});
    }
}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::serverName() const
{
    if (!m_path.isEmpty())
        return m_path;
    return m_places.isEmpty() ? QString() : m_places.first().path;
}

QStringList SingleInstance::socketPaths() const
{
    QStringList paths;
    for (const Place &place : m_places)
        paths.append(place.path);
    return paths;
}

SingleInstance::Claim SingleInstance::claim()
{
    m_problem.clear();
    // Two launches at the same moment (autostart and a click at login) must not both find nothing
    // and both listen, the later one replacing the earlier's socket: each probes and listens in
    // its turn, under a lock file beside the first choice of socket, in the same private folder.
    std::optional<QLockFile> turn;
    if (!m_places.isEmpty()) {
        const Place &first = m_places.constFirst();
        if (first.createDir && !preparePrivateDir(first.dir))
            return Claim::Refused;
        turn.emplace(first.path + u".lock"_s);
        turn->setStaleLockTime(kTurnStaleMs);
        if (!turn->tryLock(kTurnWaitMs))
            qCWarning(lcInstance) << "cannot take the turn to claim the profile at" << first.path + u".lock"_s
                                  << (turn->error() == QLockFile::LockFailedError ? "(another launch holds it)"
                                                                                  : "(cannot write it)")
                                  << "; claiming without it";
    }
    for (const Place &place : m_places) {
        if (place.createDir && !preparePrivateDir(place.dir))
            return Claim::Refused;
        switch (probe(place)) {
        case Probe::Raised:
            return Claim::Raised;
        case Probe::Refused:
            return Claim::Refused;
        case Probe::Nothing:
        case Probe::Replaceable:
            break;
        }
    }
    if (m_beforeListen)
        m_beforeListen();
    for (const Place &place : m_places) {
        if (listenAt(place))
            return Claim::Primary;
    }
    // The console still runs; only a later launch on this profile will not find it.
    qCWarning(lcInstance) << "no socket for this console; another launch on the profile starts a second one";
    return Claim::Primary;
}

// Makes the folder under the temporary folder, or accepts it only when it is this user's 0700
// folder and not a link: anyone can create names there.
bool SingleInstance::preparePrivateDir(const QString &dir)
{
    if (::mkdir(QFile::encodeName(dir).constData(), 0700) != 0 && errno != EEXIST) {
        m_problem = tr("Lockbox Console cannot make its private folder %1: %2.").arg(dir, qt_error_string(errno));
        return false;
    }
    const FileStat found = statOf(dir, false);
    if (isPrivateDir(found, m_uid))
        return true;
    if (found.exists && found.isDir && found.owner == m_uid) {
        // Ours but open to others: close it; anything others put in it is caught file by file.
        if (::chmod(QFile::encodeName(dir).constData(), 0700) == 0)
            return true;
    }
    m_problem = tr("Lockbox Console keeps its single-instance socket in %1, which must be a folder only you can "
                   "enter, but it is %2. Someone else may have made it to stop the console or to answer in its "
                   "place, so the console does not start. Remove it (or ask your administrator to), or set "
                   "XDG_RUNTIME_DIR.")
                    .arg(dir,
                         !found.exists              ? tr("missing")
                             : found.isLink         ? tr("a symbolic link")
                             : !found.isDir         ? tr("not a folder")
                             : found.owner != m_uid ? tr("owned by another user (uid %1)").arg(found.owner)
                                                    : tr("open to other users"));
    return false;
}

SingleInstance::Probe SingleInstance::probe(const Place &place)
{
    const FileStat file = statOf(place.path, false);
    if (!file.exists)
        return Probe::Nothing;
    if (file.owner != m_uid) {
        m_problem = tr("%1 belongs to another user (uid %2), in a folder where only you can create files. Lockbox "
                       "Console does not start while it is there: someone may be trying to answer in its place. "
                       "Remove it (or ask your administrator to).")
                        .arg(place.path)
                        .arg(file.owner);
        return Probe::Refused;
    }
    if (!file.isSocket)
        return Probe::Replaceable;
    QLocalSocket socket;
    socket.connectToServer(place.path);
    if (!socket.waitForConnected(kConnectMs)) {
        qCInfo(lcInstance) << "a stale socket at" << place.path << "is replaced";
        return Probe::Replaceable;
    }
    const std::optional<uint> uid = peerUid(socket.socketDescriptor());
    if (!uid || *uid != m_trustedUid) {
        qCWarning(lcInstance) << "the process answering at" << place.path << "runs as uid"
                              << (uid ? QString::number(*uid) : u"unknown"_s) << "; not trusted, replaced";
        socket.abort();
        return Probe::Replaceable;
    }
    socket.write(kShow);
    socket.waitForBytesWritten(kConnectMs);
    socket.disconnectFromServer();
    return Probe::Raised;
}

bool SingleInstance::listenAt(const Place &place)
{
    // What is there is a stale or untrusted socket, or another file, of this user's: probe() said so.
    if (statOf(place.path, false).exists)
        ::unlink(QFile::encodeName(place.path).constData());
    auto *server = new QLocalServer(this);
    server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!server->listen(place.path)) {
        qCWarning(lcInstance) << "cannot listen at" << place.path << ":" << server->errorString();
        delete server;
        return false;
    }
    m_server = server;
    m_path = place.path;
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    return true;
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *client = m_server->nextPendingConnection()) {
        connect(client, &QLocalSocket::disconnected, client, &QObject::deleteLater);
        // Only this user's launches may raise the window (the socket is 0700 besides).
        const std::optional<uint> uid = peerUid(client->socketDescriptor());
        if (!uid || *uid != m_trustedUid) {
            client->abort();
            client->deleteLater();
            continue;
        }
        connect(client, &QLocalSocket::readyRead, this, [this, client] {
            if (client->readAll().contains("show"))
                Q_EMIT activationRequested();
            client->disconnectFromServer();
        });
    }
}

} // namespace lockbox::gui
