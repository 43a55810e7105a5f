#pragma once

#include "gui/traynotifier.h"

#include <QIcon>
#include <QList>
#include <QString>
#include <QStringList>

class QMenu;

namespace lockbox::test {

// A tray that records what it is told and clicks like a user would, for tests of the window and
// the tray controller.
class FakeTrayNotifier final : public gui::TrayNotifier
{
    Q_OBJECT

public:
    using Message = gui::Notice;

    explicit FakeTrayNotifier(QObject *parent = nullptr);

    void setAvailable(bool available) { m_available = available; }

    bool isAvailable() const override { return m_available; }
    void setIcon(const QIcon &icon) override;
    void setToolTip(const QString &text) override { toolTip = text; }
    void setContextMenu(QMenu *contextMenu) override { menu = contextMenu; }
    void setVisible(bool isVisible) override { visible = isVisible; }
    void notify(const gui::Notice &notice) override { messages.append(notice); }
    void setPendingCount(int count) override { pendingCount = count; }

    // The user clicks the last message shown (none shown: a click about no request).
    void clickLastMessage();
    // The user picks "Remind me in 1 hour" on the last message shown.
    void remindLastMessage();
    // The user clicks the icon.
    void clickIcon();

    QList<Message> messages;
    QIcon lastIcon;
    int iconUpdates = 0;
    int pendingCount = -1;
    QString toolTip;
    QMenu *menu = nullptr;
    bool visible = false;

private:
    bool m_available = true;
};

} // namespace lockbox::test
