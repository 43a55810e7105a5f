#include "signinmanager.h"

#include "azureclitokenprovider.h"
#include "browserflow.h"
#include "clientcredentialsflow.h"
#include "cloud.h"
#include "devicecodeflow.h"

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

// The options every Entra flow takes, for `account`.
template<typename Options>
Options flowOptions(const Account &account, int timeoutMs)
{
    Options options;
    options.cloud = account.cloud;
    options.tenant = account.tenant;
    options.clientId = account.clientId;
    options.requestTimeoutMs = timeoutMs;
    return options;
}

} // namespace

SignInManager::SignInManager(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{
}

SignInManager::~SignInManager()
{
    cancel();
}

bool SignInManager::isRunning() const
{
    return !m_flow.isNull() || m_cliTokens != nullptr;
}

void SignInManager::start(Account account, int timeoutMs, const QByteArray &clientSecret)
{
    cancel();
    const quint64 attempt = m_run;
    const bool user = account.kind == Account::Kind::DeviceCode || account.kind == Account::Kind::Browser;
    if (user && account.tenant.trimmed().isEmpty())
        account.tenant = u"organizations"_s;
    if (user && account.clientId.isEmpty())
        account.clientId = Cloud::defaultClientId();

    switch (account.kind) {
    case Account::Kind::DeviceCode: {
        auto *flow = new DeviceCodeFlow(m_network, flowOptions<DeviceCodeFlow::Options>(account, timeoutMs), this);
        connect(flow, &DeviceCodeFlow::codeReady, this, &SignInManager::deviceCode);
        return run(flow, account, clientSecret);
    }
    case Account::Kind::Browser: {
        auto *flow = new BrowserFlow(m_network, flowOptions<BrowserFlow::Options>(account, timeoutMs), this);
        connect(flow, &BrowserFlow::authorizeUrlReady, this, &SignInManager::browserUrl);
        return run(flow, account, clientSecret);
    }
    case Account::Kind::ClientSecret: {
        auto *flow = new ClientCredentialsFlow(
            m_network, flowOptions<ClientCredentialsFlow::Options>(account, timeoutMs), clientSecret, this);
        return run(flow, account, clientSecret);
    }
    case Account::Kind::AzureCli: {
        AzureCliTokenProvider::Options options;
        options.resource = account.cloud.armResource();
        options.tenant = account.tenant;
        options.timeoutMs = qMax(timeoutMs, 60000);
        auto provider = std::make_unique<AzureCliTokenProvider>(options);
        AzureCliTokenProvider *raw = provider.get();
        m_cliTokens = std::move(provider);
        raw->token(false, this, [this, raw, attempt, account](const QByteArray &accessToken, const QString &message) {
            if (attempt != m_run)
                return; // cancelled
            Token token;
            token.accessToken = accessToken;
            token.claims = raw->claims();
            token.expiresAt = raw->expiresAt();
            token.obtainedAt = QDateTime::currentDateTimeUtc();
            m_cliTokens.release()->deleteLater(); // still inside its callback
            if (accessToken.isEmpty())
                return Q_EMIT failed(AuthError::make(AuthError::Kind::AzureCli, message));
            finish(account, token, QByteArray());
        });
        return;
    }
    case Account::Kind::TokenEnv:
        break;
    }
    const AuthError error = AuthError::make(AuthError::Kind::Config, tr("This way of signing in cannot be started."));
    QMetaObject::invokeMethod(
        this,
        [this, attempt, error] {
            if (attempt == m_run)
                Q_EMIT failed(error);
        },
        Qt::QueuedConnection);
}

template<typename Flow>
void SignInManager::run(Flow *flow, const Account &account, const QByteArray &clientSecret)
{
    m_flow = flow;
    connect(flow, &Flow::finished, this, [this, flow, account, clientSecret](const Token &token) {
        m_flow.clear();
        flow->deleteLater();
        finish(account, token, clientSecret);
    });
    connect(flow, &Flow::failed, this, [this, flow](const AuthError &error) {
        m_flow.clear();
        flow->deleteLater();
        if (error.kind != AuthError::Kind::Cancelled)
            Q_EMIT failed(error);
    });
    flow->start();
}

void SignInManager::finish(Account account, const Token &token, const QByteArray &clientSecret)
{
    account.userName = token.claims.userName();
    account.displayName = token.claims.displayName();
    account.tenantId = token.claims.tenantId;
    account.signedInAt = QDateTime::currentDateTimeUtc();
    Q_EMIT succeeded(account, token, clientSecret);
}

void SignInManager::cancel()
{
    ++m_run;
    QObject *flow = m_flow.data();
    m_flow.clear();
    if (flow) {
        flow->disconnect(this);
        if (auto *device = qobject_cast<DeviceCodeFlow *>(flow))
            device->cancel();
        else if (auto *browser = qobject_cast<BrowserFlow *>(flow))
            browser->cancel();
        flow->deleteLater();
    }
    if (m_cliTokens)
        m_cliTokens.release()->deleteLater();
}

} // namespace lockbox
