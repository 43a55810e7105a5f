// Smoke test of the real tray: SystemTrayNotifier over QSystemTrayIcon on an X server with a tray
// host. ctest runs it through scripts/with-tray.sh (Xvfb + trayer); it skips only when there is
// no X display at all.

#include "core/accessrequest.h"
#include "core/changeset.h"
#include "core/clock.h"
#include "gui/guiresources.h"
#include "gui/systemtraynotifier.h"
#include "gui/traycontroller.h"
#include "gui/trayicon.h"
#include "support/capability.h"

#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::gui::SystemTrayNotifier;
using lockbox::gui::TrayController;
using lockbox::gui::TrayIcon;

namespace {

// A loaded machine may take its time to embed the icon. (A QTRY that fails keeps trying for twice
// as long again to report how long would have been enough.)
constexpr int kWaitMs = 10000;

QWidget *topLevelOfClass(const char *className)
{
    const auto windows = QApplication::topLevelWidgets();
    for (QWidget *w : windows) {
        if (qstrcmp(w->metaObject()->className(), className) == 0)
            return w;
    }
    return nullptr;
}

// Qt's balloon for the XEmbed tray, while one is shown.
QWidget *visibleBalloon()
{
    QWidget *balloon = topLevelOfClass("QBalloonTip");
    return balloon && balloon->isVisible() ? balloon : nullptr;
}

QLabel *labelWithText(QWidget *parent, const QString &text)
{
    const auto labels = parent->findChildren<QLabel *>();
    for (QLabel *label : labels) {
        if (label->text() == text)
            return label;
    }
    return nullptr;
}

} // namespace

class TestSystemTray final : public QObject
{
    Q_OBJECT

public:
    explicit TestSystemTray(bool haveDisplay)
        : m_haveDisplay(haveDisplay)
    {
    }

private Q_SLOTS:
    void initTestCase();
    void trayIsAvailable();
    void iconBecomesVisible();
    void messageShowsPlainTextAndClicks();
    void controllerMessageOpensRequest();
    void iconClickAndMenu();
    void pendingIconRenders();
    void cleanupTestCase();

private:
    bool m_haveDisplay;
    SystemTrayNotifier *m_notifier = nullptr;
};

void TestSystemTray::initTestCase()
{
    LOCKBOX_REQUIRE(
        m_haveDisplay,
        "No X display (DISPLAY is not set): run through scripts/with-tray.sh, which starts Xvfb and trayer");
    QCOMPARE(QGuiApplication::platformName(), u"xcb"_s);
    lockbox::gui::initResources();
    m_notifier = new SystemTrayNotifier(SystemTrayNotifier::Notices::TrayOnly, this);
    // Here rather than in a test function: without a tray every later test would wait in vain.
    // trayer may still be starting when the test does.
    QTRY_VERIFY2_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), "no tray host on this display", kWaitMs);
}

void TestSystemTray::trayIsAvailable()
{
    QVERIFY(QSystemTrayIcon::isSystemTrayAvailable());
    QVERIFY(m_notifier->isAvailable());
    QVERIFY(QSystemTrayIcon::supportsMessages());
}

void TestSystemTray::iconBecomesVisible()
{
    const TrayIcon painter;
    m_notifier->setIcon(painter.pendingIcon(3, false));
    m_notifier->setToolTip(u"3 pending Lockbox requests"_s);
    m_notifier->setVisible(true);
    QVERIFY(m_notifier->isVisible());
    QCOMPARE(m_notifier->trayIcon()->toolTip(), u"3 pending Lockbox requests"_s);
    // Under trayer Qt uses the XEmbed tray: its window is mapped into the tray, which gives the
    // icon a place on screen.
    QTRY_VERIFY_WITH_TIMEOUT(topLevelOfClass("QSystemTrayIconSys") != nullptr, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(topLevelOfClass("QSystemTrayIconSys")->isVisible(), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_notifier->trayIcon()->geometry().isEmpty(), kWaitMs);
    QVERIFY(!m_notifier->messagesRenderMarkup());
}

void TestSystemTray::messageShowsPlainTextAndClicks()
{
    QSignalSpy clicked(m_notifier, &SystemTrayNotifier::messageClicked);
    const QString body = u"Contoso Production\nVirtual machine · <b>x</b> & <img src=x>"_s;
    const QString id = u"5f1b0c2e-0000-4000-8000-000000000001"_s;
    lockbox::gui::Notice notice;
    notice.slot = u"request:"_s + id;
    notice.title = u"New Lockbox request"_s;
    notice.body = body;
    notice.requestIds = {id};
    m_notifier->notify(notice);

    QTRY_VERIFY_WITH_TIMEOUT(visibleBalloon() != nullptr, kWaitMs);
    QWidget *balloon = visibleBalloon();
    // Qt's balloon shows the body as plain text: it gets the text as typed, not escaped.
    QLabel *label = labelWithText(balloon, body);
    QVERIFY2(label, "the balloon does not show the body as given");
    QCOMPARE(label->textFormat(), Qt::PlainText);

    QTest::mouseClick(balloon, Qt::LeftButton, {}, QPoint(balloon->width() / 2, balloon->height() / 2));
    QTRY_COMPARE_WITH_TIMEOUT(clicked.size(), 1, kWaitMs);
    QCOMPARE(clicked.first().first().toStringList(), QStringList {id});
}

void TestSystemTray::controllerMessageOpensRequest()
{
    lockbox::SystemClock clock;
    TrayController controller(m_notifier, clock);
    QSignalSpy open(&controller, &TrayController::openRequested);

    lockbox::AccessRequest r;
    r.requestId = u"5f1b0c2e-0000-4000-8000-000000000002"_s;
    r.subscriptionId = u"00000000-0000-0000-0000-0000000000a1"_s;
    r.status = lockbox::RequestStatus(lockbox::RequestStatus::Kind::Pending);
    r.createdDateTime = clock.now();
    r.expirationDateTime = clock.now().addDays(4);
    r.resourceType = u"Storage account"_s;
    r.resourceIds = {u"/subscriptions/x/providers/Microsoft.Storage/storageAccounts/st01"_s};
    lockbox::ChangeSet changes;
    changes.added.append({r.requestId, r.subscriptionId, lockbox::RequestStatus(), r.status});
    controller.applyChanges(changes, {r});
    QCOMPARE(controller.pendingCount(), 1);
    QCOMPARE(m_notifier->trayIcon()->toolTip(), u"1 pending Lockbox request"_s);

    QTRY_VERIFY_WITH_TIMEOUT(visibleBalloon() && labelWithText(visibleBalloon(), u"New Lockbox request"_s), kWaitMs);
    QWidget *balloon = visibleBalloon();
    QTest::mouseClick(balloon, Qt::LeftButton, {}, QPoint(balloon->width() / 2, balloon->height() / 2));
    QTRY_COMPARE_WITH_TIMEOUT(open.size(), 1, kWaitMs);
    QCOMPARE(open.first().first().toString(), r.requestId);
}

void TestSystemTray::iconClickAndMenu()
{
    QWidget *icon = topLevelOfClass("QSystemTrayIconSys");
    QVERIFY(icon);
    QSignalSpy activated(m_notifier, &SystemTrayNotifier::activated);
    QTest::mouseClick(icon, Qt::LeftButton, {}, QPoint(icon->width() / 2, icon->height() / 2));
    QTRY_COMPARE_WITH_TIMEOUT(activated.size(), 1, kWaitMs);

    QMenu menu;
    menu.addAction(u"Open Lockbox Console"_s);
    m_notifier->setContextMenu(&menu);
    QTest::mouseClick(icon, Qt::RightButton, {}, QPoint(icon->width() / 2, icon->height() / 2));
    QTRY_VERIFY_WITH_TIMEOUT(menu.isVisible(), kWaitMs);
    QCOMPARE(activated.size(), 1); // a right click opens the menu, it does not open the window
    menu.close();
    m_notifier->setContextMenu(nullptr);
}

void TestSystemTray::pendingIconRenders()
{
    const TrayIcon painter;
    for (const int count : {0, 1, 42, 100}) {
        const QIcon icon = painter.pendingIcon(count, count == 42);
        const QPixmap pixmap = icon.pixmap(QSize(22, 22), 1.0);
        QVERIFY(!pixmap.isNull());
        QCOMPARE(pixmap.size(), QSize(22, 22));
        QVERIFY(!pixmap.toImage().allGray()); // the blue shield, not an empty or grey square
    }
    // And the tray takes a new one without trouble.
    m_notifier->setIcon(painter.pendingIcon(100, true));
    QVERIFY(m_notifier->isVisible());
}

void TestSystemTray::cleanupTestCase()
{
    if (m_notifier)
        m_notifier->setVisible(false);
}

int main(int argc, char **argv)
{
    // Without a display the xcb plugin would abort before any test could skip: fall back to
    // offscreen only to report the skip.
    const bool haveDisplay = !qEnvironmentVariableIsEmpty("DISPLAY");
    qputenv("QT_QPA_PLATFORM", haveDisplay ? QByteArrayLiteral("xcb") : QByteArrayLiteral("offscreen"));
    QApplication app(argc, argv);
    TestSystemTray test(haveDisplay);
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_systemtray.moc"
