#pragma once

#include "traynotifier.h"

#include <QStringList>

class QSystemTrayIcon;

namespace lockbox::gui {

class DesktopNotifications;

// TrayNotifier for the desktop: the icon in the tray over QSystemTrayIcon (the StatusNotifierItem/
// D-Bus tray on desktops that have one, the XEmbed tray, a QSystemTrayIconSys window, elsewhere on
// X11), and notices as desktop notifications (DesktopNotifications) whether or not there is a
// tray. Only where no notification server answers does a notice go to the tray's balloon (Qt's
// QBalloonTip on the XEmbed tray), and only where the icon is shown.
class SystemTrayNotifier final : public TrayNotifier
{
    Q_OBJECT

public:
    enum class Notices {
        Desktop,  // desktop notifications, the tray's balloon where no server answers
        TrayOnly, // the tray's balloon only
    };

    explicit SystemTrayNotifier(Notices notices = Notices::Desktop, QObject *parent = nullptr);
    ~SystemTrayNotifier() override;

    bool isAvailable() const override;
    void setIcon(const QIcon &icon) override;
    void setToolTip(const QString &toolTip) override;
    void setContextMenu(QMenu *menu) override;
    void setVisible(bool visible) override;
    void notify(const Notice &notice) override;
    void setPendingCount(int count) override;

    bool isVisible() const;
    QSystemTrayIcon *trayIcon() const { return m_icon; }
    DesktopNotifications *desktopNotifications() const { return m_desktop; }

    // A message body as QSystemTrayIcon must receive it to show `plain` as typed. On a D-Bus tray
    // Qt hands it to a notification server, which reads it as markup, so < & > are escaped; Qt's
    // own balloon (the XEmbed fallback) shows plain text, where an escape would show literally.
    static QString platformBody(const QString &plain, bool rendersMarkup);
    // Whether the tray's messages go to a notification server that reads markup (true unless Qt's
    // XEmbed fallback with its plain-text balloon is in use; true when in doubt, as escaping is safe).
    bool messagesRenderMarkup() const;

    // How long a message stays up.
    static constexpr int kMessageMsecs = 15000;

private:
    void showInTray(const Notice &notice);

    QSystemTrayIcon *m_icon;
    DesktopNotifications *m_desktop = nullptr;
    QStringList m_lastRequestIds;
};

} // namespace lockbox::gui
