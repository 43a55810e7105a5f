#pragma once

#include "traynotifier.h"

#include <QDBusConnection>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

class QDBusPendingCallWatcher;
class QDBusServiceWatcher;

namespace lockbox::gui {

// Desktop notifications over the freedesktop notification service (org.freedesktop.Notifications
// on the session bus), which every Linux desktop runs whether or not it has a tray: GNOME's shell,
// KDE Plasma, dunst, mako, notification-daemon, xfce4-notifyd.
//
// A notice goes out with the app's name, icon and desktop-entry hint, at critical urgency when it
// says so (normal otherwise); its body as plain text, escaped only for a server that reads markup
// (GetCapabilities: body-markup). Where the server supports actions it offers Open (the default
// action, which a click on the notice invokes) and, for Pending requests, "Remind me in 1 hour";
// never Approve. A notice replaces the one of its slot while that is still shown (replaces_id).
//
// The service is asked for its capabilities at start, without blocking: notices wait until it
// answers. When no server answers (or one stops answering) the state is Unavailable, notices come
// back through undelivered() for the caller to show another way, and the service is asked again
// after kRetryMsecs.
//
// It also puts the pending count on docks that read com.canonical.Unity.LauncherEntry (KDE
// Plasma's task manager, Ubuntu's dock, Dash to Dock).
class DesktopNotifications final : public QObject
{
    Q_OBJECT

public:
    enum class State { Probing, Available, Unavailable };
    Q_ENUM(State)

    static constexpr const char *kService = "org.freedesktop.Notifications";
    static constexpr const char *kPath = "/org/freedesktop/Notifications";
    static constexpr const char *kInterface = "org.freedesktop.Notifications";
    // How long a call may take before the server counts as not answering.
    static constexpr int kCallTimeoutMsecs = 10000;
    // How soon an unavailable service is asked again.
    static constexpr int kRetryMsecs = 60000;

    explicit DesktopNotifications(QDBusConnection bus = QDBusConnection::sessionBus(), QObject *parent = nullptr);
    ~DesktopNotifications() override;

    State state() const { return m_state; }
    QStringList capabilities() const { return m_capabilities; }

    // Sends the notice, or keeps it until the service has answered whether it is there; false
    // (nothing sent) when it is known to be unavailable.
    bool notify(const Notice &notice);
    // The pending count on docks (0 hides the badge).
    void setLauncherCount(int count);
    // The server's id of the notice shown in `slot` (0: none, or its Notify has not been answered).
    uint shownId(const QString &slot) const { return m_slotIds.value(slot, 0u); }

    // `plain` as a server must receive it to show it as typed: < & > escaped when it reads markup.
    static QString bodyFor(const QString &plain, bool rendersMarkup);

Q_SIGNALS:
    void stateChanged(lockbox::gui::DesktopNotifications::State state);
    // The Open action (or a click) on a notice about these requests (empty: about none).
    void opened(const QStringList &requestIds);
    // "Remind me in 1 hour" on a notice about these requests.
    void remindRequested(const QStringList &requestIds);
    // The service did not take this notice: show it another way.
    void undelivered(const lockbox::gui::Notice &notice);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &actionKey);
    void onNotificationClosed(uint id, uint reason);

private:
    void probe();
    void setState(State state);
    void send(const Notice &notice);
    void sent(QDBusPendingCallWatcher *watcher, const Notice &notice);
    void forget(uint id);
    void serverChanged();

    QDBusConnection m_bus;
    State m_state = State::Probing;
    QStringList m_capabilities;
    QList<Notice> m_waiting;        // told while probing
    QHash<QString, uint> m_slotIds; // slot -> id of the notice shown in it
    QHash<uint, Notice> m_shown;    // id -> notice, until the server says it closed
    QSet<QString> m_inFlight;       // slots whose Notify is unanswered
    QHash<QString, Notice> m_next;  // slot -> the notice waiting for that answer
    QDBusServiceWatcher *m_watcher = nullptr;
    QTimer m_retry;
};

} // namespace lockbox::gui
