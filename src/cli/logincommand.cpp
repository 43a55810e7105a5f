#include "logincommand.h"

#include "accountsummary.h"
#include "commandcontext.h"
#include "output.h"

#include "auth/authsession.h"
#include "auth/azureclitokenprovider.h"
#include "auth/browserflow.h"
#include "auth/clientcredentialsflow.h"
#include "auth/cloud.h"
#include "auth/devicecodeflow.h"
#include "auth/tokenprovider.h"

#include <QNetworkAccessManager>
#include <QProcess>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

// The options every Entra flow takes, for `account` in `cloud`.
template<typename Options>
Options flowOptions(const Account &account, const Cloud &cloud, int timeoutMs)
{
    Options options;
    options.cloud = cloud;
    options.tenant = account.tenant;
    options.clientId = account.clientId;
    options.requestTimeoutMs = timeoutMs;
    return options;
}

} // namespace

LoginCommand::LoginCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

LoginCommand::~LoginCommand() = default;

template<typename Flow>
void LoginCommand::runFlow(Flow *flow, const Account &account, const QByteArray &clientSecret)
{
    connect(flow, &Flow::finished, this,
            [this, account, clientSecret](const Token &token) { signedIn(account, token, clientSecret); });
    connect(flow, &Flow::failed, this,
            [this](const AuthError &e) { fail(exitCodeFor(e), tr("not signed in: %1").arg(terminalSafe(e.message))); });
    flow->start();
}

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
    if (!endpoint && !preset && m_context.settings()->contains(u"endpoint"_s))
        endpoint = QUrl(m_context.settings()->value(u"endpoint"_s).toString());
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
    const int timeoutMs = m_context.global().timeoutSec * 1000;
    QNetworkAccessManager *network = m_context.auth()->network();

    switch (account.kind) {
    case Account::Kind::DeviceCode: {
        if (account.tenant.isEmpty())
            account.tenant = u"organizations"_s;
        if (account.clientId.isEmpty())
            account.clientId = Cloud::defaultClientId();
        const auto options = flowOptions<DeviceCodeFlow::Options>(account, cloud, timeoutMs);
        auto *flow = new DeviceCodeFlow(network, options, this);
        connect(flow, &DeviceCodeFlow::codeReady, this,
                [](const QString &userCode, const QUrl &uri, int expiresInSec, const QString &) {
                    printErr(tr("\nTo sign in, open this page in a browser (on any device):\n\n    %1\n\n"
                                "and enter the code\n\n    %2\n\n"
                                "Waiting for the sign-in (the code expires in %3 min; Ctrl+C cancels)...\n")
                                 .arg(terminalSafe(uri.toString()), terminalSafe(userCode))
                                 .arg(qMax(1, expiresInSec / 60)));
                });
        runFlow(flow, account, QByteArray());
        return;
    }
    case Account::Kind::Browser: {
        if (account.tenant.isEmpty())
            account.tenant = u"organizations"_s;
        if (account.clientId.isEmpty())
            account.clientId = Cloud::defaultClientId();
        const auto options = flowOptions<BrowserFlow::Options>(account, cloud, timeoutMs);
        auto *flow = new BrowserFlow(network, options, this);
        const bool openBrowser = !m_options.isSet(u"no-browser"_s)
            && (qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY"));
        connect(flow, &BrowserFlow::authorizeUrlReady, this, [openBrowser](const QUrl &url) {
            const QString address = url.toString(QUrl::FullyEncoded);
            printErr(tr("\nTo sign in, open this address in a browser on this machine:\n\n    %1\n\n"
                        "Waiting for the sign-in (Ctrl+C cancels)...\n")
                         .arg(address));
            if (openBrowser)
                QProcess::startDetached(u"xdg-open"_s, {address});
        });
        runFlow(flow, account, QByteArray());
        return;
    }
    case Account::Kind::AzureCli: {
        AzureCliTokenProvider::Options options;
        options.resource = cloud.armResource();
        options.tenant = account.tenant;
        options.timeoutMs = qMax(timeoutMs, 60000);
        auto provider = std::make_unique<AzureCliTokenProvider>(options);
        AzureCliTokenProvider *raw = provider.get();
        m_provider = std::move(provider);
        raw->token(false, this, [this, raw, account](const QByteArray &token, const QString &message) {
            if (token.isEmpty())
                return fail(ExitNotSignedIn, tr("not signed in: %1").arg(terminalSafe(message)));
            Token t;
            t.accessToken = token;
            t.claims = raw->claims();
            t.expiresAt = raw->expiresAt();
            signedIn(account, t, QByteArray());
        });
        return;
    }
    case Account::Kind::ClientSecret: {
        if (account.tenant.isEmpty() || account.clientId.isEmpty())
            return fail(ExitUsage,
                        tr("login --client-secret needs --tenant T and --client-id C (and the "
                           "secret in the environment variable %1)")
                            .arg(QLatin1StringView(ClientCredentialsFlow::kSecretVariable)));
        const QByteArray secret = ClientCredentialsFlow::secretFromEnvironment();
        if (secret.isEmpty())
            return fail(ExitUsage,
                        tr("login --client-secret reads the secret from the environment variable "
                           "%1, which is empty or not set (a secret is never taken from the "
                           "command line)")
                            .arg(QLatin1StringView(ClientCredentialsFlow::kSecretVariable)));
        const auto options = flowOptions<ClientCredentialsFlow::Options>(account, cloud, timeoutMs);
        auto *flow = new ClientCredentialsFlow(network, options, secret, this);
        runFlow(flow, account, secret);
        return;
    }
    case Account::Kind::TokenEnv:
        break;
    }
    fail(ExitUsage, tr("unknown way to sign in"));
}

void LoginCommand::signedIn(Account account, const Token &token, const QByteArray &clientSecret)
{
    account.userName = token.claims.userName();
    account.displayName = token.claims.displayName();
    account.tenantId = token.claims.tenantId;
    account.signedInAt = QDateTime::currentDateTimeUtc();
    // Later commands talk to the ARM of the cloud signed in to.
    m_context.settings()->setValue(u"endpoint"_s, account.cloud.armEndpoint().toString());
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
            printAccountSummary(m_context.format(), *m_context.settings(), account, token.claims, token.expiresAt);
            finish(ExitOk);
        });
}

} // namespace lockbox::cli
