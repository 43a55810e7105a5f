#include "logincommand.h"

#include "accountsummary.h"
#include "commandcontext.h"
#include "output.h"

#include "auth/authsession.h"
#include "auth/clientcredentialsflow.h"
#include "auth/cloud.h"
#include "auth/secretenvironment.h"
#include "auth/signinmanager.h"
#include "engine/profile.h"

#include <QProcess>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

LoginCommand::LoginCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

LoginCommand::~LoginCommand() = default;

void LoginCommand::run()
{
    if (!m_context.openProfile())
        return;
    QList<Account::Kind> methods;
    if (m_options.isSet(u"device-code"_s))
        methods.append(Account::Kind::DeviceCode);
    if (m_options.isSet(u"browser"_s))
        methods.append(Account::Kind::Browser);
    if (m_options.isSet(u"az-cli"_s))
        methods.append(Account::Kind::AzureCli);
    if (m_options.isSet(u"client-secret"_s))
        methods.append(Account::Kind::ClientSecret);
    if (methods.size() > 1)
        return fail(ExitUsage,
                    tr("choose one way to sign in: --device-code, --browser, --az-cli or "
                       "--client-secret"));

    std::optional<Cloud::Kind> preset;
    if (m_options.isSet(u"cloud"_s)) {
        preset = Cloud::kindFromName(m_options.value(u"cloud"_s));
        if (!preset || *preset == Cloud::Kind::Custom)
            return fail(ExitUsage,
                        tr("--cloud wants public, usgov or china, not '%1' (use --authority and "
                           "--endpoint for other endpoints)")
                            .arg(m_options.value(u"cloud"_s)));
    }
    // --endpoint wins; a --cloud alone moves ARM to that cloud's; otherwise the remembered one.
    std::optional<QUrl> endpoint = m_context.global().endpoint;
    if (!endpoint && !preset)
        endpoint = m_context.profile()->endpoint();
    const Cloud cloud = Cloud::resolve(preset, m_context.global().authority, endpoint);
    if (!Cloud::isSecureUrl(cloud.authority()))
        return fail(ExitUsage,
                    tr("the authority %1 is plain HTTP on another machine; sign-in only goes over "
                       "HTTPS (or to a simulator on this machine)")
                        .arg(Cloud::originOf(cloud.authority())));
    Account account;
    account.kind = methods.value(0, Account::Kind::DeviceCode);
    account.cloud = cloud;
    account.tenant = m_options.value(u"tenant"_s).trimmed();
    account.clientId = m_options.value(u"client-id"_s).trimmed();
    QByteArray secret;
    if (account.kind == Account::Kind::ClientSecret) {
        if (account.tenant.isEmpty() || account.clientId.isEmpty())
            return fail(ExitUsage,
                        tr("login --client-secret needs --tenant T and --client-id C (and the "
                           "secret in the environment variable %1)")
                            .arg(QLatin1StringView(ClientCredentialsFlow::kSecretVariable)));
        secret = ClientCredentialsFlow::secretFromEnvironment();
        if (secret.isEmpty())
            return fail(ExitUsage,
                        tr("login --client-secret reads the secret from the environment variable "
                           "%1, which is empty or not set (a secret is never taken from the "
                           "command line)")
                            .arg(QLatin1StringView(ClientCredentialsFlow::kSecretVariable)));
    }

    m_signIn = new SignInManager(m_context.network(), this);
    connect(m_signIn, &SignInManager::deviceCode, this,
            [](const QString &userCode, const QUrl &uri, int expiresInSec, const QString &) {
                printErr(tr("\nTo sign in, open this page in a browser (on any device):\n\n    %1\n\n"
                            "and enter the code\n\n    %2\n\n"
                            "Waiting for the sign-in (the code expires in %3 min; Ctrl+C cancels)...\n")
                             .arg(terminalSafe(uri.toString()), terminalSafe(userCode))
                             .arg(qMax(1, expiresInSec / 60)));
            });
    const bool openBrowser = !m_options.isSet(u"no-browser"_s)
        && (qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY"));
    connect(m_signIn, &SignInManager::browserUrl, this, [openBrowser](const QUrl &url) {
        const QString address = url.toString(QUrl::FullyEncoded);
        printErr(tr("\nTo sign in, open this address in a browser on this machine:\n\n    %1\n\n"
                    "Waiting for the sign-in (Ctrl+C cancels)...\n")
                     .arg(address));
        if (openBrowser) {
            // The browser gets no secret of ours (SecretEnvironment).
            QProcess browser;
            browser.setProgram(u"xdg-open"_s);
            browser.setArguments({address});
            browser.setProcessEnvironment(SecretEnvironment::childEnvironment());
            browser.startDetached();
        }
    });
    connect(m_signIn, &SignInManager::succeeded, this, &LoginCommand::signedIn);
    connect(m_signIn, &SignInManager::failed, this,
            [this](const AuthError &e) { fail(exitCodeFor(e), tr("not signed in: %1").arg(terminalSafe(e.message))); });
    m_signIn->start(account, m_context.global().timeoutSec * 1000, secret);
}

void LoginCommand::signedIn(const Account &account, const Token &token, const QByteArray &clientSecret)
{
    // Later commands talk to the ARM of the cloud signed in to.
    m_context.profile()->setEndpoint(account.cloud.armEndpoint());
    m_context.auth()->remember(
        account, token, clientSecret, this, [this, account, token](const SecretStore::Result &r) {
            if (!r.ok()) {
                QString consequence;
                if (account.keepsClientSecret())
                    consequence = tr("later commands read the secret from %1 again")
                                      .arg(QLatin1StringView(ClientCredentialsFlow::kSecretVariable));
                else
                    consequence = tr("later commands will say 'not signed in'");
                printErr(tr("lockboxctl: warning: the sign-in is not kept: %1; %2\n").arg(r.message, consequence));
            }
            printAccountSummary(m_context.format(), m_context.armEndpoint(), account, token.claims, token.expiresAt);
            finish(ExitOk);
        });
}

} // namespace lockbox::cli
