#pragma once

#include "engine/enginetypes.h"

#include <QDateTime>
#include <QDialog>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

class QPushButton;

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::gui {

namespace Ui {
class SignInDialog;
} // namespace Ui

// What the sign-in dialog offers first: the method, cloud and tenant from the settings.
struct SignInDefaults final
{
    engine::SignInRequest::Method method = engine::SignInRequest::Method::DeviceCode;
    Cloud cloud;
    QString tenant;
};

// Asks how to sign in (a code for any device, the browser on this computer, or the Azure CLI's
// login) and where (cloud, tenant), then shows the sign-in as the engine reports it. The dialog
// runs nothing itself: it emits signInRequested() and its owner calls the show*() functions.
//
// Everything the server sent (the code, the addresses, failure messages) is shown as plain text.
// An address is opened only when it is HTTPS (or plain HTTP to this machine, for the simulator).
// Cancel while a sign-in runs emits cancelRequested() and returns to the choice; the dialog stays
// open. Cancel on the choice closes it.
class SignInDialog final : public QDialog
{
    Q_OBJECT

public:
    enum class Page { Choose, DeviceCode, Browser, Waiting };

    explicit SignInDialog(const SignInDefaults &defaults, QWidget *parent = nullptr);
    ~SignInDialog() override;

    // What the chooser says now (the tenant without surrounding whitespace).
    engine::SignInRequest request() const;

    // How addresses are opened; QDesktopServices::openUrl unless set (null restores it).
    void setUrlOpener(std::function<bool(const QUrl &)> opener);
    // What the code's countdown reads the time from (not owned); the system clock unless set
    // (null restores it).
    void setClock(const Clock *clock);

    // Progress of the sign-in started by signInRequested(). showDeviceCode() and showBrowserUrl()
    // are ignored when no sign-in runs (the user cancelled it in the meantime).
    void showDeviceCode(const QString &userCode, const QUrl &verificationUri, int expiresInSec);
    // Also opens `authorizeUrl` once with the opener.
    void showBrowserUrl(const QUrl &authorizeUrl);
    // Back to the choice, with `message` in a warning banner.
    void showFailure(const QString &message);
    // Accepts the dialog.
    void showSignedIn(const engine::AccountInfo &account);

    Page page() const;

    void reject() override;

Q_SIGNALS:
    void signInRequested(const lockbox::engine::SignInRequest &request);
    // A sign-in was running and the user cancelled it.
    void cancelRequested();

private:
    void setPage(Page page);
    void startSignIn();
    void updateSignInButton();
    void updateCountdown();
    bool openUrl(const QUrl &url);

    std::unique_ptr<Ui::SignInDialog> m_ui;
    QPushButton *m_signInButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    std::function<bool(const QUrl &)> m_opener;
    QString m_userCode;
    QUrl m_verificationUri;
    QUrl m_authorizeUrl;
    const Clock *m_clock;
    QDateTime m_codeExpiresAt;
    QTimer m_countdownTimer;
};

} // namespace lockbox::gui
