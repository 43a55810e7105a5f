// DesktopNotifications against a notification server on the session bus: a stand-in registered by
// the test itself (its own bus connection owns org.freedesktop.Notifications), so that every call
// and argument can be checked and every answer chosen. ctest runs it in a private
// dbus-run-session; the end-to-end test with Debian's dunst is tst_notificationserver.

#include "gui/desktopnotifications.h"
#include "gui/guiresources.h"
#include "support/capability.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusContext>
#include <QDBusMessage>
#include <QGuiApplication>
#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>
#include <QVariantMap>

using namespace Qt::StringLiterals;
using lockbox::gui::DesktopNotifications;
using lockbox::gui::Notice;

namespace {

constexpr int kWaitMs = 10000;

// What a client sent in one Notify call.
struct NotifyCall
{
    QString appName;
    uint replacesId = 0;
    QString appIcon;
    QString summary;
    QString body;
    QStringList actions;
    QVariantMap hints;
    int timeout = 0;
};

// The server side of org.freedesktop.Notifications, as much of it as a client uses.
class StandInServer final
    : public QObject
    , protected QDBusContext
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    QStringList capabilities {u"body"_s, u"body-markup"_s, u"actions"_s};
    bool refuseNotify = false;
    QList<NotifyCall> calls;

public Q_SLOTS:
    QStringList GetCapabilities() { return capabilities; }
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int timeout)
    {
        if (refuseNotify) {
            sendErrorReply(QDBusError::Failed, u"refused"_s);
            return 0;
        }
        calls.append({appName, replacesId, appIcon, summary, body, actions, hints, timeout});
        return replacesId != 0 ? replacesId : ++m_lastId;
    }
    void CloseNotification(uint id) { Q_EMIT NotificationClosed(id, 3); }

Q_SIGNALS:
    void ActionInvoked(uint id, const QString &actionKey);
    void NotificationClosed(uint id, uint reason);

private:
    uint m_lastId = 100;
};

// Records the launcher-entry signals it hears.
class LauncherListener final : public QObject
{
    Q_OBJECT

public:
    QList<QVariantList> updates;

public Q_SLOTS:
    void onMessage(const QDBusMessage &message) { updates.append(message.arguments()); }
};

Notice notice(const QString &slot, const QStringList &ids, bool remindable = true)
{
    Notice n;
    n.slot = slot;
    n.title = u"New Lockbox request"_s;
    n.body = u"Contoso <b>Prod</b> & co\nvm-1"_s;
    n.requestIds = ids;
    n.remindable = remindable;
    return n;
}

} // namespace

class TestDesktopNotifications final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void noticeGoesOutAsTheSpecSays();
    void plainBodyForAServerWithoutMarkup();
    void waitsForTheServerToAnswer();
    void aNoticeReplacesItsSlot();
    void actionsComeBackForOurNoticesOnly();
    void noServerHandsNoticesBack();
    void refusedNoticeComesBack();
    void launcherCountIsAnnounced();
    void oneSlotNeverShowsTwo();
    void aServerRestartForgetsWhatWasShown();

private:
    void startServer();

    QDBusConnection m_serverBus {u"unconnected"_s};
    StandInServer *m_server = nullptr;
};

void TestDesktopNotifications::initTestCase()
{
    lockbox::gui::initResources();
    QStandardPaths::setTestModeEnabled(true);
    QGuiApplication::setDesktopFileName(u"lockbox-console"_s);
    LOCKBOX_REQUIRE(QDBusConnection::sessionBus().isConnected(),
                    "no D-Bus session bus (ctest runs this test through dbus-run-session)");
}

void TestDesktopNotifications::init()
{
    m_serverBus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, u"stand-in-server"_s);
    QVERIFY(m_serverBus.isConnected());
}

void TestDesktopNotifications::cleanup()
{
    if (m_server) {
        m_serverBus.unregisterObject(QString::fromLatin1(DesktopNotifications::kPath));
        m_serverBus.unregisterService(QString::fromLatin1(DesktopNotifications::kService));
        delete m_server;
        m_server = nullptr;
    }
    QDBusConnection::disconnectFromBus(u"stand-in-server"_s);
}

void TestDesktopNotifications::startServer()
{
    m_server = new StandInServer;
    QVERIFY(m_serverBus.registerObject(QString::fromLatin1(DesktopNotifications::kPath), m_server,
                                       QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals));
    QVERIFY2(m_serverBus.registerService(QString::fromLatin1(DesktopNotifications::kService)),
             "another notification server owns org.freedesktop.Notifications on this bus");
}

void TestDesktopNotifications::noticeGoesOutAsTheSpecSays()
{
    startServer();
    DesktopNotifications notifications;
    QTRY_COMPARE_WITH_TIMEOUT(notifications.state(), DesktopNotifications::State::Available, kWaitMs);

    Notice urgent = notice(u"request:1"_s, {u"ID-1"_s});
    urgent.urgency = Notice::Urgency::Critical;
    QVERIFY(notifications.notify(urgent));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 1, kWaitMs);
    const NotifyCall &call = m_server->calls.first();
    QCOMPARE(call.replacesId, 0u);
    // The theme has no icon of that name here (a build tree): the bundled one, as a file.
    QVERIFY2(call.appIcon.startsWith(u"file:///"_s) && call.appIcon.endsWith(u".png"_s), qPrintable(call.appIcon));
    QVERIFY(QImage(QUrl(call.appIcon).toLocalFile()).width() == 64);
    QCOMPARE(call.summary, u"New Lockbox request"_s);
    // The server reads markup: what the server sent is escaped, so it shows as typed.
    QCOMPARE(call.body, u"Contoso &lt;b&gt;Prod&lt;/b&gt; &amp; co\nvm-1"_s);
    QCOMPARE(call.actions, (QStringList {u"default"_s, u"Open"_s, u"remind"_s, u"Remind me in 1 hour"_s}));
    QCOMPARE(call.hints.value(u"urgency"_s).toInt(), 2);
    QCOMPARE(call.hints.value(u"desktop-entry"_s).toString(), u"lockbox-console"_s);
    QCOMPARE(call.timeout, -1);
    // Never an action that decides.
    for (const QString &action : call.actions)
        QVERIFY(!action.contains(u"approve"_s, Qt::CaseInsensitive));

    // Not remindable (an outcome): Open only; normal urgency.
    QVERIFY(notifications.notify(notice(u"request:2"_s, {u"ID-2"_s}, false)));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 2, kWaitMs);
    QCOMPARE(m_server->calls[1].actions, (QStringList {u"default"_s, u"Open"_s}));
    QCOMPARE(m_server->calls[1].hints.value(u"urgency"_s).toInt(), 1);
}

void TestDesktopNotifications::plainBodyForAServerWithoutMarkup()
{
    startServer();
    m_server->capabilities = {u"body"_s};
    DesktopNotifications notifications;
    QTRY_COMPARE_WITH_TIMEOUT(notifications.state(), DesktopNotifications::State::Available, kWaitMs);
    notifications.notify(notice(u"request:1"_s, {u"ID-1"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 1, kWaitMs);
    QCOMPARE(m_server->calls[0].body, u"Contoso <b>Prod</b> & co\nvm-1"_s);
    // No actions capability: none offered (a click still opens, where the server allows).
    QVERIFY(m_server->calls[0].actions.isEmpty());
}

void TestDesktopNotifications::waitsForTheServerToAnswer()
{
    startServer();
    DesktopNotifications notifications;
    // Told before the capabilities came back: kept, then sent.
    QCOMPARE(notifications.state(), DesktopNotifications::State::Probing);
    QVERIFY(notifications.notify(notice(u"request:1"_s, {u"ID-1"_s})));
    QVERIFY(notifications.notify(notice(u"request:2"_s, {u"ID-2"_s})));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 2, kWaitMs);
    QCOMPARE(m_server->calls[0].actions.size(), 4);
}

void TestDesktopNotifications::aNoticeReplacesItsSlot()
{
    startServer();
    DesktopNotifications notifications;
    QTRY_COMPARE_WITH_TIMEOUT(notifications.state(), DesktopNotifications::State::Available, kWaitMs);
    notifications.notify(notice(u"batch:new"_s, {u"ID-1"_s, u"ID-2"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(notifications.shownId(u"batch:new"_s), 101u, kWaitMs);
    notifications.notify(notice(u"request:3"_s, {u"ID-3"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(notifications.shownId(u"request:3"_s), 102u, kWaitMs);
    QCOMPARE(m_server->calls[1].replacesId, 0u); // another slot: a notice of its own
    notifications.notify(notice(u"batch:new"_s, {u"ID-4"_s, u"ID-5"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 3, kWaitMs);
    QCOMPARE(m_server->calls[2].replacesId, 101u); // the first one, updated in place

    // Once the server says it closed, the slot starts afresh.
    Q_EMIT m_server->NotificationClosed(101, 2);
    QTRY_COMPARE_WITH_TIMEOUT(notifications.shownId(u"batch:new"_s), 0u, kWaitMs);
    notifications.notify(notice(u"batch:new"_s, {u"ID-6"_s, u"ID-7"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 4, kWaitMs);
    QCOMPARE(m_server->calls[3].replacesId, 0u);
}

void TestDesktopNotifications::actionsComeBackForOurNoticesOnly()
{
    startServer();
    DesktopNotifications notifications;
    QSignalSpy opened(&notifications, &DesktopNotifications::opened);
    QSignalSpy remind(&notifications, &DesktopNotifications::remindRequested);
    QTRY_COMPARE_WITH_TIMEOUT(notifications.state(), DesktopNotifications::State::Available, kWaitMs);
    notifications.notify(notice(u"request:1"_s, {u"ID-1"_s}));
    notifications.notify(notice(u"request:2"_s, {u"ID-2"_s}, false));
    QTRY_COMPARE_WITH_TIMEOUT(notifications.shownId(u"request:1"_s), 101u, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(notifications.shownId(u"request:2"_s), 102u, kWaitMs);

    Q_EMIT m_server->ActionInvoked(101, u"default"_s);
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, kWaitMs);
    QCOMPARE(opened.first().first().toStringList(), QStringList {u"ID-1"_s});
    Q_EMIT m_server->ActionInvoked(101, u"remind"_s);
    QTRY_COMPARE_WITH_TIMEOUT(remind.size(), 1, kWaitMs);
    QCOMPARE(remind.first().first().toStringList(), QStringList {u"ID-1"_s});
    // Remind on a notice that did not offer it, and any action on another application's notice,
    // do nothing. (Signals from one sender arrive in order: the Open that follows is the fence.)
    Q_EMIT m_server->ActionInvoked(102, u"remind"_s);
    Q_EMIT m_server->ActionInvoked(7, u"default"_s);
    Q_EMIT m_server->ActionInvoked(102, u"default"_s);
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 2, kWaitMs);
    QCOMPARE(opened.last().first().toStringList(), QStringList {u"ID-2"_s});
    QCOMPARE(remind.size(), 1);
    // A closed notice is forgotten.
    Q_EMIT m_server->NotificationClosed(101, 1);
    Q_EMIT m_server->ActionInvoked(101, u"default"_s);
    Q_EMIT m_server->ActionInvoked(102, u"default"_s);
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 3, kWaitMs);
    QCOMPARE(opened.last().first().toStringList(), QStringList {u"ID-2"_s});
}

void TestDesktopNotifications::noServerHandsNoticesBack()
{
    // A connection to no bus at all: nothing can answer.
    DesktopNotifications notifications(QDBusConnection(u"no-bus"_s));
    QCOMPARE(notifications.state(), DesktopNotifications::State::Unavailable);
    QVERIFY(!notifications.notify(notice(u"request:1"_s, {u"ID-1"_s})));
}

void TestDesktopNotifications::refusedNoticeComesBack()
{
    startServer();
    DesktopNotifications notifications;
    QSignalSpy undelivered(&notifications, &DesktopNotifications::undelivered);
    QTRY_COMPARE_WITH_TIMEOUT(notifications.state(), DesktopNotifications::State::Available, kWaitMs);
    m_server->refuseNotify = true;
    QVERIFY(notifications.notify(notice(u"request:1"_s, {u"ID-1"_s})));
    QTRY_COMPARE_WITH_TIMEOUT(undelivered.size(), 1, kWaitMs);
    QCOMPARE(undelivered.first().first().value<Notice>().requestIds, QStringList {u"ID-1"_s});
    QCOMPARE(notifications.state(), DesktopNotifications::State::Unavailable);
    // Until it is asked again, notices go another way at once.
    QVERIFY(!notifications.notify(notice(u"request:2"_s, {u"ID-2"_s})));
}

void TestDesktopNotifications::launcherCountIsAnnounced()
{
    QDBusConnection listener = QDBusConnection::connectToBus(QDBusConnection::SessionBus, u"listener"_s);
    QVERIFY(listener.isConnected());
    LauncherListener receiver;
    QVERIFY(listener.connect(QString(), QString(), u"com.canonical.Unity.LauncherEntry"_s, u"Update"_s, &receiver,
                             SLOT(onMessage(QDBusMessage))));
    DesktopNotifications notifications;
    notifications.setLauncherCount(4);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.updates.size(), 1, kWaitMs);
    QCOMPARE(receiver.updates[0].value(0).toString(), u"application://lockbox-console.desktop"_s);
    QVariantMap properties;
    receiver.updates[0].value(1).value<QDBusArgument>() >> properties;
    QCOMPARE(properties.value(u"count"_s).toLongLong(), 4);
    QCOMPARE(properties.value(u"count-visible"_s).toBool(), true);
    QDBusConnection::disconnectFromBus(u"listener"_s);
}

void TestDesktopNotifications::oneSlotNeverShowsTwo()
{
    // Two notices of one slot, the second before the first is answered: the second waits and
    // replaces the first; a third that waits with it is the one sent (the latest wins).
    startServer();
    DesktopNotifications notifications;
    QTRY_COMPARE_WITH_TIMEOUT(notifications.state(), DesktopNotifications::State::Available, kWaitMs);
    notifications.notify(notice(u"batch:new"_s, {u"ID-1"_s}));
    notifications.notify(notice(u"batch:new"_s, {u"ID-2"_s}));
    notifications.notify(notice(u"batch:new"_s, {u"ID-3"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 2, kWaitMs);
    QCOMPARE(m_server->calls[0].replacesId, 0u);
    QCOMPARE(m_server->calls[1].replacesId, 101u);
    QTRY_COMPARE_WITH_TIMEOUT(notifications.shownId(u"batch:new"_s), 101u, kWaitMs);
    QTest::qWait(200);
    QCOMPARE(m_server->calls.size(), 2);
}

void TestDesktopNotifications::aServerRestartForgetsWhatWasShown()
{
    startServer();
    DesktopNotifications notifications;
    QTRY_COMPARE_WITH_TIMEOUT(notifications.state(), DesktopNotifications::State::Available, kWaitMs);
    notifications.notify(notice(u"request:1"_s, {u"ID-1"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(notifications.shownId(u"request:1"_s), 101u, kWaitMs);
    // The server goes and comes back (its ids start again): nothing shown is known any more.
    QVERIFY(m_serverBus.unregisterService(QString::fromLatin1(DesktopNotifications::kService)));
    QVERIFY(m_serverBus.registerService(QString::fromLatin1(DesktopNotifications::kService)));
    QTRY_COMPARE_WITH_TIMEOUT(notifications.shownId(u"request:1"_s), 0u, kWaitMs);
    notifications.notify(notice(u"request:1"_s, {u"ID-1"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->calls.size(), 2, kWaitMs);
    QCOMPARE(m_server->calls[1].replacesId, 0u);
}

QTEST_MAIN(TestDesktopNotifications)
#include "tst_desktopnotifications.moc"
