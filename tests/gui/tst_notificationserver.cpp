// End to end with a real notification server: the console (window, engine thread, the real
// SystemTrayNotifier) against an in-process lockbox-sim, on an X server whose session bus has
// Debian's dunst, as on a GNOME desktop without a tray. ctest runs it through
// scripts/with-notifications.sh, once without a tray and once with trayer's (LOCKBOX_EXPECT_TRAY=1):
// a new Pending request raises exactly one notification, with Open and "Remind me in 1 hour", and
// Open, invoked through dunst over D-Bus, shows that request in the window.

#include "auth/tokenprovider.h"
#include "engine/engine.h"
#include "gui/enginehost.h"
#include "gui/guiresources.h"
#include "gui/mainwindow.h"
#include "gui/requesttablemodel.h"
#include "gui/systemtraynotifier.h"
#include "gui/traycontroller.h"
#include "support/capability.h"
#include "support/simfixture.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace lockbox;

namespace {

const auto kTokenVar = "LOCKBOX_NOTIFY_TEST_TOKEN";
constexpr int kWaitMs = 20000;

// Runs `dunstctl ARGS`: whether it succeeded, and what it printed (trimmed) in `output`.
bool dunstctl(const QStringList &args, QString *output = nullptr)
{
    QProcess p;
    p.start(u"dunstctl"_s, args);
    if (!p.waitForFinished(10000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return false;
    if (output)
        *output = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    return true;
}

int displayedNotices()
{
    QString text;
    bool ok = dunstctl({u"count"_s, u"displayed"_s}, &text);
    const int n = text.toInt(&ok);
    return ok ? n : -1;
}

} // namespace

class TestNotificationServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void newPendingRequestIsOneNotificationThatOpens();
    void cleanupTestCase();

private:
    void waitForRunsToSettle(int runs);

    std::unique_ptr<test::SimFixture> m_sim;
    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<gui::EngineHost> m_engine;
    std::unique_ptr<gui::SystemTrayNotifier> m_notifier;
    std::unique_ptr<gui::MainWindow> m_window;
    QProcess m_monitor; // dbus-monitor: the Notify calls the server receives
    int m_runsFinished = 0;
};

void TestNotificationServer::initTestCase()
{
    LOCKBOX_REQUIRE(QGuiApplication::platformName() == u"xcb"_s,
                    "no X server (ctest runs this test through scripts/with-notifications.sh)");
    LOCKBOX_REQUIRE(QDBusConnection::sessionBus().isConnected(), "no D-Bus session bus");
    LOCKBOX_REQUIRE(
        QDBusConnection::sessionBus().interface()->isServiceRegistered(u"org.freedesktop.Notifications"_s).value(),
        "no notification server on the session bus (scripts/with-notifications.sh starts dunst)");
    const bool expectTray = qEnvironmentVariable("LOCKBOX_EXPECT_TRAY") == u"1"_s;
    QTRY_COMPARE_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), expectTray, kWaitMs);

    gui::initResources();
    QGuiApplication::setApplicationName(u"Lockbox Console"_s);
    QGuiApplication::setDesktopFileName(u"lockbox-console"_s);
    qputenv(kTokenVar, QByteArray(test::SimFixture::kToken));
    sim::SimOptions options = test::SimFixture::defaultOptions();
    options.subscriptions = 1;
    options.requestsPerSubscription = 6;
    options.pendingFraction = 0.5;
    m_sim = std::make_unique<test::SimFixture>(options);
    QString error;
    QVERIFY2(m_sim->start(&error), qPrintable(error));

    m_profile = std::make_unique<QTemporaryDir>();
    QVERIFY(m_profile->isValid());
    engine::EngineConfig config;
    config.profileDir = m_profile->path();
    config.endpoint = m_sim->baseUrl();
    config.clock = m_sim->simulator().clock();
    config.pendingPollSec = 1;
    config.timeoutSec = 10;
    config.importActivityLog = false;
    config.makeTokens = [](QNetworkAccessManager *) -> std::unique_ptr<TokenProvider> {
        return std::make_unique<EnvironmentTokenProvider>(QString::fromLatin1(kTokenVar));
    };
    m_engine = std::make_unique<gui::EngineHost>(config);
    m_notifier = std::make_unique<gui::SystemTrayNotifier>(gui::SystemTrayNotifier::Notices::Desktop);
    gui::MainWindowOptions windowOptions;
    windowOptions.profileDir = m_profile->path();
    m_window = std::make_unique<gui::MainWindow>(m_engine.get(), m_notifier.get(), config.clock, windowOptions);
    connect(m_engine->worker(), &engine::Engine::syncFinished, this, [this] { ++m_runsFinished; });
    m_window->resize(1200, 700);
    m_window->show();
    m_engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->isLoaded(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->requestModel()->rowCount(), 6, kWaitMs);
    waitForRunsToSettle(1);
    // The server's own notices so far (none are expected: the first sync is not news).
    dunstctl({u"close-all"_s});

    m_monitor.start(
        u"dbus-monitor"_s,
        {u"--session"_s, u"type='method_call',interface='org.freedesktop.Notifications',member='Notify'"_s});
    QVERIFY2(m_monitor.waitForStarted(10000), "dbus-monitor did not start");
    QTest::qWait(500); // dbus-monitor becomes a monitor once it has connected
}

void TestNotificationServer::waitForRunsToSettle(int runs)
{
    QTRY_VERIFY_WITH_TIMEOUT(
        m_runsFinished >= runs && !m_window->isApplyingChanges() && !m_window->trayController()->isBatching(), kWaitMs);
}

void TestNotificationServer::newPendingRequestIsOneNotificationThatOpens()
{
    const QString sub = m_sim->subscriptionIds().first();
    const auto reply = m_sim->client().post(m_sim->url(u"/_sim/requests"_s),
                                            QJsonDocument(QJsonObject {{u"subscriptionId"_s, sub}}).toJson());
    QCOMPARE(reply.status, 201);
    const QString newId =
        QJsonDocument::fromJson(reply.body).object().value(u"properties"_s).toObject().value(u"requestId"_s).toString();
    QVERIFY(!newId.isEmpty());

    // Exactly one notice, on screen, with Open and Remind; still one after two more polls.
    QTRY_COMPARE_WITH_TIMEOUT(displayedNotices(), 1, kWaitMs);
    waitForRunsToSettle(m_runsFinished + 2);
    QCOMPARE(displayedNotices(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor.bytesAvailable() > 0, kWaitMs);
    QTest::qWait(300);
    const QString calls = QString::fromUtf8(m_monitor.readAllStandardOutput());
    QCOMPARE(calls.count(u"member=Notify"_s), 1);
    QVERIFY2(calls.contains(u"string \"New Lockbox request\""_s), qPrintable(calls));
    QVERIFY2(calls.contains(u"string \"default\""_s) && calls.contains(u"string \"Open\""_s), qPrintable(calls));
    QVERIFY2(calls.contains(u"string \"remind\""_s) && calls.contains(u"string \"Remind me in 1 hour\""_s),
             qPrintable(calls));
    QVERIFY2(calls.contains(u"string \"desktop-entry\""_s), qPrintable(calls));
    // The notice goes to the server, not to a tray balloon as well.
    for (QWidget *w : QApplication::topLevelWidgets())
        QVERIFY(!(qstrcmp(w->metaObject()->className(), "QBalloonTip") == 0 && w->isVisible()));

    // Another request is selected; Open on the notice, invoked through dunst (its default action),
    // brings the window up on the new request.
    const QModelIndex first = m_window->requestModel()->index(0, 0);
    m_window->showRequest(first.data(gui::RequestTableModel::RequestIdRole).toString());
    QVERIFY(!m_window->selectedRequestIds().contains(newId));
    m_window->showMinimized();
    QVERIFY(dunstctl({u"action"_s, u"0"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->selectedRequestIds(), QStringList {newId}, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isMinimized(), kWaitMs);
}

void TestNotificationServer::cleanupTestCase()
{
    if (m_monitor.state() != QProcess::NotRunning) {
        m_monitor.kill();
        m_monitor.waitForFinished(5000);
    }
    if (m_engine)
        m_engine->stop();
    m_window.reset();
    m_notifier.reset();
    m_engine.reset();
    m_profile.reset();
}

QTEST_MAIN(TestNotificationServer)
#include "tst_notificationserver.moc"
