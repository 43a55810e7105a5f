#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class QIcon;
class QMenu;

namespace lockbox::gui {

// The system tray as TrayController sees it: an icon, a tooltip, a menu and messages. The real one
// is SystemTrayNotifier (QSystemTrayIcon); tests put a recording fake in its place.
//
// Titles and bodies are plain text: an implementation shows them as typed, whatever markup a
// server string in them contains.
class TrayNotifier : public QObject
{
    Q_OBJECT

public:
    explicit TrayNotifier(QObject *parent = nullptr);
    ~TrayNotifier() override;

    virtual bool isAvailable() const = 0;
    virtual void setIcon(const QIcon &icon) = 0;
    virtual void setToolTip(const QString &toolTip) = 0;
    // The menu stays owned by the caller.
    virtual void setContextMenu(QMenu *menu) = 0;
    virtual void setVisible(bool visible) = 0;
    // `requestIds` are the requests the message is about; messageClicked() hands them back.
    virtual void showMessage(const QString &title, const QString &body, const QStringList &requestIds) = 0;

Q_SIGNALS:
    // The last message shown was clicked (a tray shows one message at a time, and
    // QSystemTrayIcon's own signal says nothing about which).
    void messageClicked(const QStringList &requestIds);
    // The icon itself was clicked.
    void activated();
};

} // namespace lockbox::gui
