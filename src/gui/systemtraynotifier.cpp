#include "systemtraynotifier.h"

#include <QApplication>
#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

SystemTrayNotifier::SystemTrayNotifier(QObject *parent)
    : TrayNotifier(parent)
    , m_icon(new QSystemTrayIcon(this))
{
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

void SystemTrayNotifier::showMessage(const QString &title, const QString &body, const QStringList &requestIds)
{
    m_lastRequestIds = requestIds;
    // The title is ours (translated words and counts, never server text), so it needs no escape.
    m_icon->showMessage(title, platformBody(body, messagesRenderMarkup()), m_icon->icon(), kMessageMsecs);
}

QString SystemTrayNotifier::platformBody(const QString &plain, bool rendersMarkup)
{
    if (!rendersMarkup)
        return plain;
    QString escaped;
    escaped.reserve(plain.size() + plain.size() / 8);
    for (const QChar c : plain) {
        switch (c.unicode()) {
        case u'<':
            escaped += u"&lt;"_s;
            break;
        case u'>':
            escaped += u"&gt;"_s;
            break;
        case u'&':
            escaped += u"&amp;"_s;
            break;
        default:
            escaped += c;
        }
    }
    return escaped;
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
