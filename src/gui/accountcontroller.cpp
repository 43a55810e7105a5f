#include "accountcontroller.h"

#include "enginehost.h"
#include "requestpresentation.h"
#include "settingsdialog.h"
#include "signindialog.h"

#include "engine/engine.h"

#include <QAbstractButton>
#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

AccountController::AccountController(EngineHost *engine, QSettings *settings, Options options, const Banners &banners,
                                     QWidget *window)
    : QObject(window)
    , m_engine(engine)
    , m_settings(settings)
    , m_options(std::move(options))
    , m_banners(banners)
    , m_window(window)
{
    createMenu();
    m_banners.signIn->hide();
    m_banners.tenant->hide();
    connect(m_banners.signInButton, &QAbstractButton::clicked, this, &AccountController::openSignIn);
    engine::Engine *w = m_engine->worker();
    connect(w, &engine::Engine::accountChanged, this, &AccountController::onAccountChanged);
    connect(w, &engine::Engine::tenantStatus, this, &AccountController::onTenantStatus);
    connect(w, &engine::Engine::tenantChangeFinished, this, &AccountController::onTenantChangeFinished);
    connect(w, &engine::Engine::stepUpBrowserUrl, this, &AccountController::showStepUpPrompt);
    connect(w, &engine::Engine::stepUpFinished, this, [this](bool, const QString &) {
        if (m_stepUpPrompt)
            m_stepUpPrompt->done(QDialog::Accepted); // over either way; a refusal arrives as decisionRefused
    });
}

AccountController::~AccountController() = default;

void AccountController::createMenu()
{
    const QIcon accountIcon(u":/icons/action-account.svg"_s);
    m_accountHeader = new QAction(this);
    m_accountHeader->setEnabled(false);
    m_signInAction = new QAction(accountIcon, tr("Sign &in…"), this);
    m_signInAction->setObjectName(u"signInAction"_s);
    connect(m_signInAction, &QAction::triggered, this, &AccountController::openSignIn);
    m_whoAmIAction = new QAction(tr("&Who am I…"), this);
    connect(m_whoAmIAction, &QAction::triggered, this, &AccountController::showAccountDetails);
    m_signOutAction = new QAction(tr("Sign &out"), this);
    m_signOutAction->setObjectName(u"signOutAction"_s);
    connect(m_signOutAction, &QAction::triggered, this, &AccountController::signOut);
    m_tenantHeader = new QAction(this);
    m_tenantHeader->setEnabled(false);
    m_tenantEnableAction = new QAction(tr("E&nable Customer Lockbox for the tenant…"), this);
    m_tenantEnableAction->setObjectName(u"tenantEnableAction"_s);
    connect(m_tenantEnableAction, &QAction::triggered, this, [this] { askTenantLockbox(true); });
    m_tenantDisableAction = new QAction(tr("&Disable Customer Lockbox for the tenant…"), this);
    m_tenantDisableAction->setObjectName(u"tenantDisableAction"_s);
    connect(m_tenantDisableAction, &QAction::triggered, this, [this] { askTenantLockbox(false); });

    m_menu = new QMenu(tr("Accou&nt"), m_window);
    m_menu->setObjectName(u"accountMenu"_s);
    m_menu->addAction(m_accountHeader);
    m_menu->addAction(m_whoAmIAction);
    m_menu->addAction(m_signInAction);
    m_menu->addAction(m_signOutAction);
    m_menu->addSeparator();
    m_menu->addAction(m_tenantHeader);
    m_menu->addAction(m_tenantEnableAction);
    m_menu->addAction(m_tenantDisableAction);

    m_button = new QToolButton(m_window);
    m_button->setObjectName(u"accountButton"_s);
    m_button->setAutoRaise(true);
    m_button->setPopupMode(QToolButton::InstantPopup);
    m_button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_button->setIcon(accountIcon);
    m_button->setMenu(m_menu);
    m_button->setAccessibleName(tr("Account"));
}

void AccountController::onAccountChanged(const engine::AccountInfo &account)
{
    m_account = account;
    // "Avery Approver (avery@contoso.example)"; a remembered name may already carry the user name.
    const QString who = account.displayName.isEmpty() || account.userName.isEmpty()
            || account.displayName.contains(account.userName, Qt::CaseInsensitive)
        ? (account.displayName.isEmpty() ? account.userName : account.displayName)
        : tr("%1 (%2)").arg(account.displayName, account.userName);
    if (account.signedIn) {
        m_button->setText(who.isEmpty() ? tr("Signed in") : who);
        m_accountHeader->setText(tr("Signed in as %1").arg(who.isEmpty() ? account.method : who));
        m_signInAction->setText(tr("Sign in as someone &else…"));
    } else {
        m_button->setText(tr("Not signed in"));
        m_accountHeader->setText(tr("Not signed in"));
        m_signInAction->setText(tr("Sign &in…"));
    }
    // The tenant and the problem come from tokens and servers: plain text, never markup.
    m_button->setToolTip(RequestPresentation::plainToolTip(
        account.signedIn ? tr("Signed in with %1; tenant %2")
                               .arg(account.method, account.tenantId.isEmpty() ? tr("unknown") : account.tenantId)
                         : account.problem));
    m_signOutAction->setEnabled(account.canSignOut);
    m_whoAmIAction->setEnabled(account.signedIn);
    m_tenantEnableAction->setEnabled(account.signedIn && m_tenantOptedIn.has_value() && !*m_tenantOptedIn);
    m_tenantDisableAction->setEnabled(account.signedIn && m_tenantOptedIn.value_or(false));
    if (!m_tenantOptedIn)
        m_tenantHeader->setText(tr("Customer Lockbox: tenant status not known yet"));
    m_banners.signInText->setText(account.problem.isEmpty() ? tr("Not signed in: sign in to see and decide requests.")
                                                            : account.problem);
    m_banners.signIn->setVisible(!account.signedIn);
    Q_EMIT accountChanged();
}

void AccountController::onTenantStatus(const QString &tenantId, bool optedIn)
{
    m_tenantId = tenantId;
    m_tenantOptedIn = optedIn;
    m_tenantHeader->setText(optedIn ? tr("Customer Lockbox: enabled for tenant %1").arg(tenantId)
                                    : tr("Customer Lockbox: DISABLED for tenant %1").arg(tenantId));
    m_tenantEnableAction->setEnabled(!optedIn && m_account.signedIn);
    m_tenantDisableAction->setEnabled(optedIn && m_account.signedIn);
    m_banners.tenantText->setText(
        tr("Customer Lockbox is DISABLED for tenant %1: Microsoft Support can access your data without asking. "
           "A Global Administrator can enable it from the Account menu or with 'lockboxctl tenant enable'.")
            .arg(tenantId));
    m_banners.tenant->setVisible(!optedIn);
}

void AccountController::onTenantChangeFinished(const QString &tenantId, bool enabled, const QString &error)
{
    if (!error.isEmpty()) {
        Q_EMIT message(tr("Customer Lockbox was not changed: %1").arg(error), true);
        return;
    }
    Q_EMIT message(enabled ? tr("Customer Lockbox is now enabled for tenant %1.").arg(tenantId)
                           : tr("Customer Lockbox is now DISABLED for tenant %1.").arg(tenantId),
                   !enabled);
}

bool AccountController::openUrl(const QUrl &url) const
{
    if (m_options.urlOpener)
        return m_options.urlOpener(url);
    return QDesktopServices::openUrl(url);
}

SignInDialog *AccountController::signInDialog() const
{
    return m_signIn;
}

void AccountController::openSignIn()
{
    if (m_signIn) {
        m_signIn->raise();
        m_signIn->activateWindow();
        return;
    }
    SignInDefaults defaults = SettingsDialog::signInDefaults(SettingsDialog::load(*m_settings));
    if (m_options.signInDefaults) {
        defaults.method = m_options.signInDefaults->method;
        defaults.cloud = m_options.signInDefaults->cloud;
        defaults.tenant = m_options.signInDefaults->tenant;
    }
    auto *dialog = new SignInDialog(defaults, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setUrlOpener([this](const QUrl &url) { return openUrl(url); });
    m_signIn = dialog;
    engine::Engine *w = m_engine->worker();
    connect(dialog, &SignInDialog::signInRequested, this,
            [this](const engine::SignInRequest &request) { m_engine->signIn(request); });
    connect(dialog, &SignInDialog::cancelRequested, this, [this] { m_engine->cancelSignIn(); });
    // Gone while a sign-in ran (the window closed): nobody would see its code any more.
    connect(dialog, &QObject::destroyed, m_engine, [engine = m_engine] { engine->cancelSignIn(); });
    connect(w, &engine::Engine::signInCode, dialog, &SignInDialog::showDeviceCode);
    connect(w, &engine::Engine::signInBrowserUrl, dialog, &SignInDialog::showBrowserUrl);
    connect(w, &engine::Engine::signInFinished, dialog, [this, dialog](bool ok, const QString &error) {
        if (!ok) {
            dialog->showFailure(error);
            return;
        }
        // The next sign-in starts where this one went. (The engine has made the account's cloud
        // the profile's Resource Manager and dropped a remembered --token-env.)
        const engine::SignInRequest request = dialog->request();
        SettingsDialog::saveSignIn(*m_settings, request.cloud, request.tenant);
        m_settings->sync();
        dialog->showSignedIn(m_account);
        Q_EMIT statusMessage(tr("Signed in; syncing…"), 4000);
    });
    Q_EMIT signInDialogOpened(dialog);
    dialog->open();
}

void AccountController::signOut()
{
    auto *box = new QMessageBox(QMessageBox::Question, tr("Sign out"), tr("Sign out of Lockbox Console?"),
                                QMessageBox::NoButton, m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextFormat(Qt::PlainText);
    box->setInformativeText(tr("The console stops syncing and forgets the sign-in kept in the system keychain "
                               "(lockboxctl on this profile is signed out too). Cached requests and the audit "
                               "history stay."));
    QPushButton *yes = box->addButton(tr("Sign &out"), QMessageBox::AcceptRole);
    yes->setObjectName(u"confirmButton"_s);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes](QAbstractButton *button) {
        if (button == yes)
            m_engine->signOut();
    });
    Q_EMIT promptOpened(box);
    box->open();
}

void AccountController::showAccountDetails()
{
    const engine::AccountInfo &a = m_account;
    QStringList lines;
    const auto line = [&lines](const QString &label, const QString &value) {
        if (!value.isEmpty())
            lines.append(label + u": "_s + value);
    };
    line(tr("Name"), a.displayName);
    line(tr("User"), a.userName);
    line(tr("Tenant"), a.tenantId);
    line(tr("Signed in with"), a.method);
    line(tr("Cloud"), a.cloudName);
    line(tr("Sign-in authority"), a.authority.toString());
    line(tr("Resource Manager"), a.armEndpoint.toString());
    if (a.tokenExpires.isValid())
        line(tr("Current token expires"), QLocale().toString(a.tokenExpires.toLocalTime(), QLocale::LongFormat));
    if (m_tenantOptedIn)
        line(tr("Customer Lockbox"), *m_tenantOptedIn ? tr("enabled for the tenant") : tr("DISABLED for the tenant"));
    auto *box =
        new QMessageBox(QMessageBox::Information, tr("Who am I"), lines.join(u'\n'), QMessageBox::Close, m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextFormat(Qt::PlainText); // every value came from a token or a server
    box->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QPushButton *copy = box->addButton(tr("&Copy"), QMessageBox::ActionRole);
    copy->disconnect(); // copying does not close the box
    const QString text = lines.join(u'\n');
    connect(copy, &QPushButton::clicked, box, [text] { QGuiApplication::clipboard()->setText(text); });
    Q_EMIT promptOpened(box);
    box->open();
}

void AccountController::askTenantLockbox(bool enable)
{
    if (m_tenantId.isEmpty())
        return;
    const QString tenantId = m_tenantId;
    auto *box =
        new QMessageBox(enable ? QMessageBox::Question : QMessageBox::Warning,
                        enable ? tr("Enable Customer Lockbox") : tr("Disable Customer Lockbox"),
                        enable ? tr("Enable Customer Lockbox for every subscription of tenant %1?").arg(tenantId)
                               : tr("Disable Customer Lockbox for tenant %1?").arg(tenantId),
                        QMessageBox::NoButton, m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextFormat(Qt::PlainText);
    box->setInformativeText(
        enable ? tr("Microsoft Support will then need an approver's consent before it accesses customer data. "
                    "Only a Global Administrator can do this.")
               : tr("Microsoft Support will then access customer data WITHOUT asking anyone, and no request will "
                    "reach this console. Only a Global Administrator can do this."));
    QPushButton *confirm = box->addButton(enable ? tr("&Enable Customer Lockbox") : tr("&Disable Customer Lockbox"),
                                          QMessageBox::AcceptRole);
    confirm->setObjectName(u"confirmButton"_s);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel); // Enter never switches Lockbox off
    connect(box, &QMessageBox::buttonClicked, this, [this, confirm, tenantId, enable](QAbstractButton *button) {
        if (button != confirm)
            return;
        Q_EMIT statusMessage(enable ? tr("Enabling Customer Lockbox…") : tr("Disabling Customer Lockbox…"), 0);
        m_engine->setTenantLockbox(tenantId, enable);
    });
    Q_EMIT promptOpened(box);
    box->open();
}

void AccountController::showStepUpPrompt(const QUrl &authorizeUrl)
{
    if (m_stepUpPrompt)
        m_stepUpPrompt->close();
    auto *prompt = new QDialog(m_window);
    prompt->setObjectName(u"stepUpPrompt"_s);
    prompt->setAttribute(Qt::WA_DeleteOnClose);
    prompt->setWindowTitle(tr("Confirm it is you"));
    auto *layout = new QVBoxLayout(prompt);
    auto *text = new QLabel(tr("Approving needs a fresh sign-in as %1. Your browser should have opened the "
                               "sign-in page; the approval is sent once you have signed in.")
                                .arg(m_account.userName),
                            prompt);
    text->setTextFormat(Qt::PlainText);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto *address = new QLabel(authorizeUrl.toString(QUrl::FullyEncoded), prompt);
    address->setTextFormat(Qt::PlainText);
    address->setWordWrap(true);
    address->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    layout->addWidget(address);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, prompt);
    QPushButton *again = buttons->addButton(tr("&Open browser again"), QDialogButtonBox::ActionRole);
    connect(again, &QPushButton::clicked, prompt, [this, authorizeUrl] { openUrl(authorizeUrl); });
    connect(buttons, &QDialogButtonBox::rejected, prompt, &QDialog::reject);
    connect(prompt, &QDialog::rejected, this, [this] { m_engine->cancelStepUp(); });
    layout->addWidget(buttons);
    m_stepUpPrompt = prompt;
    openUrl(authorizeUrl);
    Q_EMIT promptOpened(prompt);
    prompt->open();
}

} // namespace lockbox::gui
