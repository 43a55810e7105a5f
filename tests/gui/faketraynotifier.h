#pragma once

#include "gui/traynotifier.h"

#include <QIcon>
#include <QList>

namespace lockbox::test {

// A tray that records what it is told, for tests of the window and the tray controller.
class FakeTrayNotifier final : public gui::TrayNotifier
{
    Q_OBJECT

public:
    struct Message
    {
        QString title;
        QString body;
        QStringList requestIds;
    };

    explicit FakeTrayNotifier(bool available = true, QObject *parent = nullptr);

    bool isAvailable() const override { return m_available; }
    void setIcon(const QIcon &icon) override { m_icon = icon; }
    void setToolTip(const QString &toolTip) override { m_toolTip = toolTip; }
    void setContextMenu(QMenu *menu) override { m_menu = menu; }
    void setVisible(bool visible) override { m_visible = visible; }
    void showMessage(const QString &title, const QString &body, const QStringList &requestIds) override;

    QList<Message> messages;
    QIcon m_icon;
    QString m_toolTip;
    QMenu *m_menu = nullptr;
    bool m_visible = false;

private:
    bool m_available;
};

} // namespace lockbox::test
