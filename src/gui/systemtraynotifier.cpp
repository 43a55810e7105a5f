#include "systemtraynotifier.h"

#include "desktopnotifications.h"

#include <QApplication>
#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

SystemTrayNotifier::SystemTrayNotifier(Notices notices, QObject *parent)
    : TrayNotifier(parent)
    , m_icon(new QSystemTrayIcon(this))
{
    if (notices == Notices::Desktop) {
        m_desktop = new DesktopNotifications(QDBusConnection::sessionBus(), this);
        connect(m_desktop, &DesktopNotifications::opened, this, &TrayNotifier::messageClicked);
        connect(m_desktop, &DesktopNotifications::remindRequested, this, &TrayNotifier::remindRequested);
        connect(m_desktop, &DesktopNotifications::undelivered, this, &SystemTrayNotifier::showInTray);
    }
    connect(m_icon, &QSystemTrayIcon::messageClicked, this, [this] { Q_EMIT messageClicked(m_lastRequestIds); });
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        // The context menu opens by itself on a right click; a middle click means nothing here.
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT activated();
    });
}

SystemTrayNotifier::~SystemTrayNotifier() = default;

bool SystemTrayNotifier::isAvailable() const
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void SystemTrayNotifier::setIcon(const QIcon &icon)
{
    m_icon->setIcon(icon);
}

void SystemTrayNotifier::setToolTip(const QString &toolTip)
{
    m_icon->setToolTip(toolTip);
}

void SystemTrayNotifier::setContextMenu(QMenu *menu)
{
    m_icon->setContextMenu(menu);
}

void SystemTrayNotifier::setVisible(bool visible)
{
    m_icon->setVisible(visible);
}

bool SystemTrayNotifier::isVisible() const
{
    return m_icon->isVisible();
}

void SystemTrayNotifier::notify(const Notice &notice)
{
    if (m_desktop && m_desktop->notify(notice))
        return;
    showInTray(notice);
}

void SystemTrayNotifier::showInTray(const Notice &notice)
{
    // A balloon needs the icon it points at.
    if (!m_icon->isVisible())
        return;
    m_lastRequestIds = notice.requestIds;
    // The title is ours (translated words and counts, never server text), so it needs no escape.
    const QSystemTrayIcon::MessageIcon icon =
        notice.urgency == Notice::Urgency::Critical ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information;
    m_icon->showMessage(notice.title, platformBody(notice.body, messagesRenderMarkup()), icon, kMessageMsecs);
}

void SystemTrayNotifier::setPendingCount(int count)
{
    if (m_desktop)
        m_desktop->setLauncherCount(count);
}

QString SystemTrayNotifier::platformBody(const QString &plain, bool rendersMarkup)
{
    return DesktopNotifications::bodyFor(plain, rendersMarkup);
}

bool SystemTrayNotifier::messagesRenderMarkup() const
{
    // Qt gives no public way to ask which backend it chose. The XEmbed fallback is a top-level
    // widget of class QSystemTrayIconSys that shows messages in a plain-text QBalloonTip; the D-Bus
    // tray has no widget and sends messages to the notification server.
    const auto windows = QApplication::topLevelWidgets();
    for (const QWidget *window : windows) {
        if (qstrcmp(window->metaObject()->className(), "QSystemTrayIconSys") == 0)
            return false;
    }
    return true;
}

} // namespace lockbox::gui
