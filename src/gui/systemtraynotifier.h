#pragma once

#include "traynotifier.h"

#include <QStringList>

class QSystemTrayIcon;

namespace lockbox::gui {

// TrayNotifier over QSystemTrayIcon: the StatusNotifierItem/D-Bus tray on desktops that have one,
// the XEmbed tray (a QSystemTrayIconSys window, messages in QBalloonTip) elsewhere on X11.
class SystemTrayNotifier final : public TrayNotifier
{
    Q_OBJECT

public:
    explicit SystemTrayNotifier(QObject *parent = nullptr);
    ~SystemTrayNotifier() override;

    bool isAvailable() const override;
    void setIcon(const QIcon &icon) override;
    void setToolTip(const QString &toolTip) override;
    void setContextMenu(QMenu *menu) override;
    void setVisible(bool visible) override;
    void showMessage(const QString &title, const QString &body, const QStringList &requestIds) override;

    bool isVisible() const;
    QSystemTrayIcon *trayIcon() const { return m_icon; }

    // A message body as the platform must receive it to show `plain` as typed. Desktop
    // notification servers read the body as markup, so < & > are escaped; Qt's own balloon (the
    // XEmbed fallback) shows plain text, where an escape would show literally.
    static QString platformBody(const QString &plain, bool rendersMarkup);
    // Whether messages go to a notification server that reads markup (true unless Qt's XEmbed
    // fallback with its plain-text balloon is in use; true when in doubt, as escaping is safe).
    bool messagesRenderMarkup() const;

    // How long a message stays up.
    static constexpr int kMessageMsecs = 15000;

private:
    QSystemTrayIcon *m_icon;
    QStringList m_lastRequestIds;
};

} // namespace lockbox::gui
