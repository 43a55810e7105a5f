#pragma once

#include "signindialog.h"

#include "engine/alertsettings.h"
#include "engine/enginetypes.h"

#include <QDialog>

#include <memory>

class QSettings;

namespace lockbox::gui {

namespace Ui {
class SettingsDialog;
} // namespace Ui

// Preferences kept in the profile's console.ini: poll interval, tray, autostart, which
// subscriptions to watch, where to sign in and whether an approval needs a fresh sign-in; and the
// profile's alert settings (engine::AlertSettings, in the file lockboxctl shares), when given.
class SettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    struct Values
    {
        int pendingPollSec = 60;
        engine::AlertSettings alerts; // which events alert, the reminder lead time, quiet hours
        bool closeToTray = true;
        bool startAtLogin = false;
        QStringList subscriptions; // empty: all
        int concurrency = 4;       // subscriptions synced at once, 1..16
        Cloud cloud;               // where the next sign-in goes
        QString tenant;            // empty: "organizations" (any work account)
        bool stepUp = false;       // approving needs a fresh sign-in
        int stepUpMaxAgeSec = 300; // how fresh, 60..3600
    };

    SettingsDialog(QSettings *settings, const QList<engine::SubscriptionStatus> &known, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // Whether the desktop has a system tray (QSystemTrayIcon::isSystemTrayAvailable() unless told):
    // without one, "closing keeps the console in the tray" is off and says why, and the stored
    // choice is kept for a desktop that has one.
    void setTrayAvailable(bool available);
    // Where this console signs in when it was started for somewhere of its own (the demo's
    // simulator, a custom --endpoint), which wins over console.ini's choice: the sign-in tab shows
    // it, read-only, and saving leaves console.ini's choice alone.
    void setSignInInUse(const Cloud &cloud, const QString &tenant);

    // The profile's settings file (engine::Profile::kAccountFile), where the alert settings are
    // read from and, on accept, written to. Without it the Alerts tab starts from the defaults
    // and saves nothing.
    void setProfileSettings(QSettings *profileSettings);

    Values values() const;
    static Values load(const QSettings &settings);
    // What the sign-in dialog starts with.
    static SignInDefaults signInDefaults(const Values &values);
    // Where the next sign-in goes (the sign-in dialog's last choice).
    static void saveSignIn(QSettings &settings, const Cloud &cloud, const QString &tenant);
    // The XDG autostart entry (~/.config/autostart/io.github.lockboxconsole.LockboxConsole.desktop); one
    // under the earlier name (lockbox-console.desktop) counts too, and goes when this one is written.
    static QString autostartFile();
    static bool setStartAtLogin(bool enabled, QString *error);

    void accept() override;

private:
    std::unique_ptr<Ui::SettingsDialog> m_ui;
    QSettings *m_settings;
    QSettings *m_profileSettings = nullptr;
    bool m_closeToTray = true; // the stored choice, kept while there is no tray
    bool m_trayAvailable = true;
    bool m_signInFixed = false; // setSignInInUse() was called
};

} // namespace lockbox::gui
