#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QLocalServer;

namespace lockbox::gui {

// One console per profile: the first launch listens on a local socket; a later launch finds it,
// asks it to show its window, and exits.
//
// The socket lives where only its user can enter: $XDG_RUNTIME_DIR when that is this user's 0700
// folder, else the 0700 profile folder, else (when both paths are too long for a socket address)
// a 0700 folder of this user's under the temporary folder. An answer on a socket counts only when
// the socket file is this user's and the process answering runs as this user (its peer
// credentials). A stale socket, or one answered by someone else, is replaced, so another local
// user cannot keep the console from starting; a file of another user's found where only this
// user can write, or that private folder taken by someone else, means tampering: claim() refuses
// and problem() says what and where.
//
// Launches at the same moment claim in turn (a lock file beside the socket, waited for 2 s at
// most), so exactly one of them listens and the others raise it.
class SingleInstance final : public QObject
{
    Q_OBJECT

public:
    enum class Claim {
        Primary, // this process is the profile's console (and listens, unless it could not)
        Raised,  // this user's console on the profile runs and was asked to show itself
        Refused, // a file of someone else's is where only this user's can be: see problem()
    };

    // The longest socket path, in bytes: sun_path holds 108, and Qt on Linux keeps room for a
    // leading and a trailing NUL (for abstract names) whatever the name.
    static constexpr int kMaxSocketPath = 106;

    explicit SingleInstance(const QString &profileDir, QObject *parent = nullptr);
    ~SingleInstance() override;

    Claim claim();
    // Why claim() refused, for the user; empty otherwise.
    QString problem() const { return m_problem; }
    // The socket's full path: where this console listens once Primary, else the first choice.
    QString serverName() const;
    // Every place a console of this profile may listen, first choice first. A later launch looks
    // in each, so a console started with another environment (no XDG_RUNTIME_DIR) is found too.
    QStringList socketPaths() const;

    // Test seam: whose console (and whose launch) is trusted; this process's effective uid unless
    // set. A test cannot run as another user, so it makes its own listener "another user's" by
    // trusting a uid that no process of the test has.
    void setTrustedUid(uint uid) { m_trustedUid = uid; }
    // Test seam: runs when claim() found no console and is about to listen, as a slow start-up
    // would pause there; launches at the same moment are then sure to overlap.
    void setBeforeListen(std::function<void()> pause) { m_beforeListen = std::move(pause); }

Q_SIGNALS:
    // Another launch on the same profile asked for the window.
    void activationRequested();

private:
    struct Place
    {
        QString dir;
        QString path;
        bool createDir = false; // the folder under the temporary folder, made private on first use
    };
    enum class Probe { Nothing, Replaceable, Raised, Refused };

    Probe probe(const Place &place);
    bool preparePrivateDir(const QString &dir);
    bool listenAt(const Place &place);
    void onNewConnection();

    QList<Place> m_places;
    QString m_path;
    QString m_problem;
    uint m_uid = 0;
    uint m_trustedUid = 0;
    std::function<void()> m_beforeListen;
    QLocalServer *m_server = nullptr;
};

} // namespace lockbox::gui
