#pragma once

#include "enginetypes.h"

#include <QDialog>

#include <memory>

class QSettings;

namespace lockbox::gui {

namespace Ui {
class SettingsDialog;
} // namespace Ui

// Preferences kept in the profile's console.ini: poll interval, reminders, tray, autostart and
// which subscriptions to watch.
class SettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    struct Values
    {
        int pendingPollSec = 60;
        int reminderHours = 12;
        bool closeToTray = true;
        bool startAtLogin = false;
        QStringList subscriptions; // empty: all
    };

    SettingsDialog(QSettings *settings, const QList<SubscriptionStatus> &known, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    Values values() const;
    static Values load(const QSettings &settings);
    // The XDG autostart entry (~/.config/autostart/lockbox-console.desktop).
    static QString autostartFile();
    static bool setStartAtLogin(bool enabled, QString *error);

    void accept() override;

private:
    std::unique_ptr<Ui::SettingsDialog> m_ui;
    QSettings *m_settings;
};

} // namespace lockbox::gui
