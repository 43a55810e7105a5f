#include "accountcommands.h"

#include "exitcode.h"
#include "output.h"

#include "auth/authsession.h"
#include "auth/azureclitokenprovider.h"
#include "auth/browserflow.h"
#include "auth/clientcredentialsflow.h"
#include "auth/cloud.h"
#include "auth/devicecodeflow.h"
#include "auth/tokenprovider.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

// "in 59 min", "in 2 h 5 min", "expired".
QString timeLeft(const QDateTime &expiresAt)
{
    const qint64 seconds = QDateTime::currentDateTimeUtc().secsTo(expiresAt);
    if (seconds <= 0)
        return tr("expired");
    if (seconds < 120)
        return tr("in %1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 120)
        return tr("in %1 min").arg(minutes);
    return tr("in %1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

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

template<typename Flow>
void AccountCommands::runFlow(Flow *flow, const Account &account, const QByteArray &clientSecret)
{
    connect(flow, &Flow::finished, this,
            [this, account, clientSecret](const Token &token) { signedIn(account, token, clientSecret); });
    connect(flow, &Flow::failed, this, [this](const AuthError &e) {
        Q_EMIT done(exitCodeFor(e), tr("not signed in: %1").arg(terminalSafe(e.message)));
    });
    flow->start();
}

AccountCommands::AccountCommands(const CommandLine &line, QSettings *settings, AuthSession *session, QObject *parent)
    : QObject(parent)
    , m_line(line)
    , m_settings(settings)
    , m_session(session)
{
}

AccountCommands::~AccountCommands() = default;

int AccountCommands::exitCodeFor(const AuthError &error)
{
    switch (error.kind) {
    case AuthError::Kind::None:
        return ExitOk;
    case AuthError::Kind::Config:
        return ExitUsage;
    case AuthError::Kind::Network:
    case AuthError::Kind::Server:
        return ExitFailure;
    default:
        return ExitNotSignedIn;
    }
}

void AccountCommands::login(const CommandOptions &opts)
{
    QList<Account::Kind> methods;
    if (opts.isSet(u"device-code"_s))
        methods.append(Account::Kind::DeviceCode);
    if (opts.isSet(u"browser"_s))
        methods.append(Account::Kind::Browser);
    if (opts.isSet(u"az-cli"_s))
        methods.append(Account::Kind::AzureCli);
    if (opts.isSet(u"client-secret"_s))
        methods.append(Account::Kind::ClientSecret);
    if (methods.size() > 1)
        return Q_EMIT done(ExitUsage,
                           tr("choose one way to sign in: --device-code, --browser, --az-cli or "
                              "--client-secret"));

    std::optional<Cloud::Kind> preset;
    if (opts.isSet(u"cloud"_s)) {
        preset = Cloud::kindFromName(opts.value(u"cloud"_s));
        if (!preset || *preset == Cloud::Kind::Custom)
            return Q_EMIT done(ExitUsage,
                               tr("--cloud wants public, usgov or china, not '%1' (use --authority and "
                                  "--endpoint for other endpoints)")
                                   .arg(opts.value(u"cloud"_s)));
    }
    // --endpoint wins; a --cloud alone moves ARM to that cloud's; otherwise the remembered one.
    std::optional<QUrl> endpoint = m_line.global.endpoint;
    if (!endpoint && !preset && m_settings->contains(u"endpoint"_s))
        endpoint = QUrl(m_settings->value(u"endpoint"_s).toString());
    const Cloud cloud = Cloud::resolve(preset, m_line.global.authority, endpoint);
    if (!Cloud::isSecureUrl(cloud.authority()))
        return Q_EMIT done(ExitUsage,
                           tr("the authority %1 is plain HTTP on another machine; sign-in only goes over "
                              "HTTPS (or to a simulator on this machine)")
                               .arg(Cloud::originOf(cloud.authority())));
    Account account;
    account.kind = methods.value(0, Account::Kind::DeviceCode);
    account.cloud = cloud;
    account.tenant = opts.value(u"tenant"_s).trimmed();
    account.clientId = opts.value(u"client-id"_s).trimmed();
    const int timeoutMs = m_line.global.timeoutSec * 1000;
    QNetworkAccessManager *network = m_session->network();

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
        const bool openBrowser = !opts.isSet(u"no-browser"_s)
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
                return Q_EMIT done(ExitNotSignedIn, tr("not signed in: %1").arg(terminalSafe(message)));
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
            return Q_EMIT done(ExitUsage,
                               tr("login --client-secret needs --tenant T and --client-id C (and the "
                                  "secret in the environment variable %1)")
                                   .arg(QLatin1StringView(ClientCredentialsFlow::kSecretVariable)));
        const QByteArray secret = ClientCredentialsFlow::secretFromEnvironment();
        if (secret.isEmpty())
            return Q_EMIT done(ExitUsage,
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
    Q_EMIT done(ExitUsage, tr("unknown way to sign in"));
}

void AccountCommands::signedIn(Account account, const Token &token, const QByteArray &clientSecret)
{
    account.userName = token.claims.userName();
    account.displayName = token.claims.displayName();
    account.tenantId = token.claims.tenantId;
    account.signedInAt = QDateTime::currentDateTimeUtc();
    // Later commands talk to the ARM of the cloud signed in to.
    m_settings->setValue(u"endpoint"_s, account.cloud.armEndpoint().toString());
    m_session->remember(account, token, clientSecret, this, [this, account, token](const SecretStore::Result &r) {
        if (!r.ok()) {
            QString consequence;
            if (account.keepsClientSecret())
                consequence = tr("later commands read the secret from %1 again")
                                  .arg(QLatin1StringView(ClientCredentialsFlow::kSecretVariable));
            else
                consequence = tr("later commands will say 'not signed in'");
            printErr(tr("lockboxctl: warning: the sign-in is not kept: %1; %2\n").arg(r.message, consequence));
        }
        printAccount(account, token.claims, token.expiresAt);
        Q_EMIT done(ExitOk, QString());
    });
}

void AccountCommands::printAccount(const Account &account, const TokenClaims &claims, const QDateTime &expiresAt)
{
    const QString user = claims.userName().isEmpty() ? account.userName : claims.userName();
    const QString name = claims.isEmpty() ? account.displayName : claims.displayName();
    const QString tenantId = claims.tenantId.isEmpty() ? account.tenantId : claims.tenantId;
    const bool isTokenEnv = account.kind == Account::Kind::TokenEnv;
    const QString endpoint = m_settings->value(u"endpoint"_s, Cloud::defaultArmEndpoint().toString()).toString();
    if (m_line.global.format == OutputFormat::Json) {
        QJsonObject o;
        o.insert(u"user"_s, user);
        o.insert(u"name"_s, name);
        o.insert(u"tenantId"_s, tenantId);
        o.insert(u"method"_s, Account::kindName(account.kind));
        if (!isTokenEnv) {
            o.insert(u"cloud"_s, account.cloud.name());
            o.insert(u"authority"_s, account.cloud.authority().toString());
            o.insert(u"tenant"_s, account.tenant);
        }
        if (!account.clientId.isEmpty())
            o.insert(u"clientId"_s, account.clientId);
        if (isTokenEnv)
            o.insert(u"tokenEnv"_s, account.tokenEnv);
        o.insert(u"endpoint"_s, endpoint);
        o.insert(u"tokenExpires"_s, expiresAt.isValid() ? QJsonValue(iso(expiresAt, false)) : QJsonValue());
        printJson(o);
        return;
    }
    QString out;
    const auto field = [&out](const QString &label, const QString &value) {
        if (!value.isEmpty())
            out += (label + u':').leftJustified(16, u' ') + terminalSafe(value) + u'\n';
    };
    field(tr("Signed in as"), name.isEmpty() ? user : name);
    field(tr("Tenant"), tenantId);
    field(tr("How"), isTokenEnv ? tr("token from $%1").arg(account.tokenEnv) : Account::kindDescription(account.kind));
    if (!isTokenEnv) {
        field(tr("Cloud"), account.cloud.name());
        field(tr("Authority"), account.cloud.authority().toString());
    }
    if (account.kind == Account::Kind::ClientSecret)
        field(tr("Application"), account.clientId);
    field(tr("Endpoint"), endpoint);
    if (expiresAt.isValid())
        field(tr("Token expires"),
              expiresAt.toUTC().toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s) + u" ("_s + timeLeft(expiresAt) + u')');
    printOut(out);
}

void AccountCommands::logout()
{
    m_session->forget(this, [this](const QStringList &removed, const QStringList &problems) {
        for (const QString &problem : problems)
            printErr(tr("lockboxctl: note: %1\n").arg(problem));
        if (removed.isEmpty()) {
            printOut(tr("Not signed in; nothing to remove.\n"));
        } else {
            for (const QString &what : removed)
                printOut(tr("Removed %1.\n").arg(terminalSafe(what)));
        }
        Q_EMIT done(ExitOk, QString());
    });
}

void AccountCommands::whoami()
{
    std::optional<Account> account = m_session->account();
    if (m_line.global.tokenEnv) {
        Account a;
        a.kind = Account::Kind::TokenEnv;
        a.tokenEnv = *m_line.global.tokenEnv;
        account = a;
    }
    if (!account)
        return Q_EMIT done(ExitNotSignedIn, tr("not signed in: run 'lockboxctl login'"));
    const auto ask = [this, account = *account](std::unique_ptr<TokenProvider> provider) {
        m_provider = std::move(provider);
        TokenProvider *raw = m_provider.get();
        raw->token(false, this, [this, raw, account](const QByteArray &token, const QString &message) {
            if (token.isEmpty())
                return Q_EMIT done(ExitNotSignedIn, tr("not signed in: %1").arg(terminalSafe(message)));
            printAccount(account, raw->claims(), raw->expiresAt());
            Q_EMIT done(ExitOk, QString());
        });
    };
    if (account->kind == Account::Kind::TokenEnv)
        return ask(m_session->createProvider(*account, QByteArray()));
    m_session->restore(this, [this, ask](std::unique_ptr<TokenProvider> provider, const AuthError &e) {
        if (!provider)
            return Q_EMIT done(exitCodeFor(e) == ExitFailure ? ExitFailure : ExitNotSignedIn,
                               terminalSafe(e.message) + tr("; run 'lockboxctl login'"));
        ask(std::move(provider));
    });
}

} // namespace lockbox::cli
