#pragma once

#include "engine/enginetypes.h"

#include <QDialog>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

class QAbstractButton;
class QAction;
class QLabel;
class QMenu;
class QSettings;
class QToolButton;
class QWidget;

namespace lockbox::gui {

class EngineHost;
class SignInDialog;

// Owns who is signed in as the window shows it: the Account menu and the status bar's account
// button, the sign-in banner and the sign-in dialog, signing out (after a question), "Who am I",
// the tenant's Customer Lockbox status (its banner, and enabling or disabling it after a question)
// and the step-up prompt shown while an approval waits for a fresh sign-in.
class AccountController final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        // What the sign-in dialog offers first; empty: the Sign-in settings.
        std::optional<engine::SignInRequest> signInDefaults;
        // How sign-in pages are opened in the browser (default QDesktopServices::openUrl).
        std::function<bool(const QUrl &)> urlOpener;
    };
    // The window's banners that this controller shows, hides and fills.
    struct Banners
    {
        QWidget *signIn = nullptr;
        QLabel *signInText = nullptr;
        QAbstractButton *signInButton = nullptr;
        QWidget *tenant = nullptr;
        QLabel *tenantText = nullptr;
    };

    // `settings`: the console's (the sign-in defaults, and where the last sign-in went); `window`:
    // the parent of this object, its menu, its button and its dialogs.
    AccountController(EngineHost *engine, QSettings *settings, Options options, const Banners &banners,
                      QWidget *window);
    ~AccountController() override;

    const engine::AccountInfo &account() const { return m_account; }
    QMenu *menu() const { return m_menu; }
    // Who is signed in, for the status bar; a click opens the menu.
    QToolButton *button() const { return m_button; }
    SignInDialog *signInDialog() const;
    // Opens (or raises) the sign-in dialog.
    void openSignIn();

Q_SIGNALS:
    void accountChanged();
    void signInDialogOpened(lockbox::gui::SignInDialog *dialog);
    // A question the user must answer opened (sign out, tenant switch, step-up; "Who am I").
    void promptOpened(QDialog *prompt);
    // For the window's message banner and its status bar.
    void message(const QString &text, bool warning);
    void statusMessage(const QString &text, int timeoutMs);

private:
    void createMenu();
    void onAccountChanged(const engine::AccountInfo &account);
    void onTenantStatus(const QString &tenantId, bool optedIn);
    void onTenantChangeFinished(const QString &tenantId, bool enabled, const QString &error);
    void signOut();
    void showAccountDetails();
    void askTenantLockbox(bool enable);
    void showStepUpPrompt(const QUrl &authorizeUrl);
    bool openUrl(const QUrl &url) const;

    EngineHost *m_engine;
    QSettings *m_settings;
    Options m_options;
    Banners m_banners;
    QWidget *m_window;
    engine::AccountInfo m_account;
    QString m_tenantId;
    std::optional<bool> m_tenantOptedIn;

    QMenu *m_menu = nullptr;
    QToolButton *m_button = nullptr;
    QAction *m_accountHeader = nullptr;
    QAction *m_signInAction = nullptr;
    QAction *m_whoAmIAction = nullptr;
    QAction *m_signOutAction = nullptr;
    QAction *m_tenantHeader = nullptr;
    QAction *m_tenantEnableAction = nullptr;
    QAction *m_tenantDisableAction = nullptr;
    QPointer<SignInDialog> m_signIn;
    QPointer<QDialog> m_stepUpPrompt;
};

} // namespace lockbox::gui
