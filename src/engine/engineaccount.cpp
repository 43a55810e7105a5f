#include "engine/engine.h"

// The engine's account side: signing in and out, who is signed in, the step-up before an
// Approve, the subscriptions the account sees and the tenant's Customer Lockbox switch. The
// rest of Engine (the cache, sync and decisions) is in engine.cpp.

#include "auth/authsession.h"
#include "auth/refreshingtokenprovider.h"
#include "auth/signinmanager.h"
#include "auth/stepup.h"
#include "auth/switchabletokenprovider.h"
#include "auth/tokenprovider.h"
#include "engine/armservices.h"
#include "engine/profile.h"
#include "engine/tenantdirectory.h"
#include "store/requeststore.h"
#include "sync/decisionservice.h"
#include "sync/syncengine.h"

#include <QLoggingCategory>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace lockbox::engine {

namespace {
Q_LOGGING_CATEGORY(lcAccount, "lockbox.engine.account")
} // namespace

bool Engine::signedIn() const
{
    return m_tokens && m_tokens->state() != SwitchableTokenProvider::State::Unavailable;
}

void Engine::setTokenSource(std::unique_ptr<TokenProvider> provider)
{
    if (!provider) {
        m_tokens->setUnavailable(tr("Not signed in: no way to get a token was configured."));
        return;
    }
    if (auto *refreshing = qobject_cast<RefreshingTokenProvider *>(provider.get())) {
        connect(refreshing, &RefreshingTokenProvider::signedOut, this, [this, refreshing](const QString &text) {
            if (m_tokens->provider() != refreshing)
                return; // a source already replaced, on its way out
            // The grant was revoked or expired: nothing more to ask until the user signs in.
            m_tokens->setUnavailable(text);
            Q_EMIT message(text);
            emitAccount();
        });
    }
    if (auto *caching = qobject_cast<CachingTokenProvider *>(provider.get()))
        connect(caching, &CachingTokenProvider::tokenRenewed, this, &Engine::emitAccount);
    m_tokens->setProvider(std::move(provider));
}

void Engine::restoreSignIn()
{
    const quint64 epoch = m_accountEpoch;
    m_session->restore(this, [this, epoch](std::unique_ptr<TokenProvider> provider, const AuthError &error) {
        if (epoch != m_accountEpoch)
            return; // signed in or out meanwhile
        if (!provider) {
            m_tokens->setUnavailable(error.message.isEmpty() ? tr("Not signed in.") : error.message);
            emitAccount();
            return;
        }
        setTokenSource(std::move(provider));
        emitAccount();
        if (m_arm->decisions()->resume() > 0)
            emitQueue();
        discoverSubscriptions();
    });
}

void Engine::signIn(const SignInRequest &request)
{
    cancelSignIn();
    if (!m_signIn) {
        Q_EMIT signInFinished(false, tr("Signing in is not available in this console."));
        return;
    }
    if (!Cloud::isSecureUrl(request.cloud.authority())) {
        Q_EMIT signInFinished(false,
                              tr("Sign-in only goes over HTTPS (or to a simulator on this machine): %1 is "
                                 "neither.")
                                  .arg(Cloud::originOf(request.cloud.authority())));
        return;
    }
    Account account;
    account.cloud = request.cloud;
    account.tenant = request.tenant.trimmed();
    switch (request.method) {
    case SignInRequest::Method::DeviceCode:
        account.kind = Account::Kind::DeviceCode;
        break;
    case SignInRequest::Method::Browser:
        account.kind = Account::Kind::Browser;
        break;
    case SignInRequest::Method::AzureCli:
        account.kind = Account::Kind::AzureCli;
        break;
    }
    m_signIn->start(account, m_config.timeoutSec * 1000);
}

void Engine::cancelSignIn()
{
    if (m_signIn)
        m_signIn->cancel();
}

void Engine::completeSignIn(const Account &account, const Token &token)
{
    const QByteArray clientSecret; // the console signs users in, never an application
    const QUrl endpoint = account.cloud.armEndpoint();

    std::unique_ptr<TokenProvider> provider;
    if (m_config.keepSignIn) {
        // lockboxctl on this profile follows: same account, same Resource Manager.
        m_profile->setEndpoint(endpoint);
        m_session->remember(account, token, clientSecret, this, [this](const SecretStore::Result &r) {
            if (!r.ok())
                Q_EMIT message(
                    tr("Signed in, but the sign-in is not kept: %1. You will sign in again next time.").arg(r.message));
        });
    }
    // The provider keeps rotated refresh tokens in the keychain only when the sign-in is kept.
    provider = m_session->createProvider(account, account.keepsClientSecret() ? clientSecret : token.refreshToken,
                                         token, m_config.keepSignIn);
    ++m_accountEpoch; // a restore still on its way is stale now
    m_account = account;
    if (endpoint != m_endpoint) {
        teardownArm();
        m_endpoint = endpoint;
        setTokenSource(std::move(provider));
        buildArm();
    } else {
        setTokenSource(std::move(provider));
    }
    m_status.clear();
    m_subscriptionIds.clear();
    m_discovered = false;
    emitSubscriptions();
    emitAccount();
    Q_EMIT signInFinished(true, QString());
    if (m_arm->decisions()->resume() > 0)
        emitQueue();
    discoverSubscriptions();
}

void Engine::signOut()
{
    cancelSignIn();
    cancelStepUp();
    if (m_arm && m_arm->sync()->isRunning()) {
        m_arm->sync()->cancel();
        Q_EMIT syncRunning(false);
    }
    m_tokens->setUnavailable(tr("Signed out: sign in from the Account menu to sync again."));
    ++m_accountEpoch;
    m_account.reset();
    m_subscriptionIds.clear();
    m_discovered = false;
    for (SubscriptionStatus &s : m_status)
        s.syncing = false;
    emitSubscriptions();
    emitAccount();
    if (!m_session || !m_config.keepSignIn) {
        Q_EMIT message(tr("Signed out."));
        return;
    }
    m_session->forget(this, [this](const QStringList &removed, const QStringList &problems) {
        QString text = removed.isEmpty() ? tr("Signed out.") : tr("Signed out: removed %1.").arg(removed.join(u"; "_s));
        if (!problems.isEmpty())
            text += u' ' + problems.join(u' ');
        Q_EMIT message(text);
    });
}

void Engine::emitAccount()
{
    AccountInfo info;
    info.signedIn = m_tokens && m_tokens->state() == SwitchableTokenProvider::State::Ready;
    info.armEndpoint = m_endpoint;
    if (m_tokens) {
        info.problem = m_tokens->unavailableMessage();
        info.tokenExpires = m_tokens->expiresAt();
    }
    const TokenClaims claims = m_tokens ? m_tokens->claims() : TokenClaims();
    if (m_account) {
        info.method = m_account->kind == Account::Kind::TokenEnv ? tr("token from $%1").arg(m_account->tokenEnv)
                                                                 : Account::kindDescription(m_account->kind);
        info.userName = claims.userName().isEmpty() ? m_account->userName : claims.userName();
        info.displayName = claims.name.isEmpty() ? m_account->displayName : claims.name;
        info.tenantId = claims.tenantId.isEmpty() ? m_account->tenantId : claims.tenantId;
        if (m_account->kind != Account::Kind::TokenEnv) {
            info.cloudName = m_account->cloud.name();
            info.authority = m_account->cloud.authority();
        }
        info.canStepUp = m_account->keepsRefreshToken();
    } else if (m_config.makeTokens && info.signedIn) {
        info.method = m_config.tokensDescription;
        info.userName = m_tokens->identity();
        info.displayName = claims.name;
        info.tenantId = claims.tenantId;
    }
    info.canSignOut = info.signedIn || (m_session && m_session->account().has_value());
    Q_EMIT identityChanged(info.signedIn ? m_tokens->identity() : QString());
    Q_EMIT accountChanged(info);
}

void Engine::setStepUp(int maxAgeSec)
{
    m_config.stepUpMaxAgeSec = std::max(0, maxAgeSec);
}

void Engine::cancelStepUp()
{
    if (m_stepUp)
        m_stepUp->cancel(); // fails with Cancelled: the decisions are refused
}

void Engine::setTenantLockbox(const QString &tenantId, bool enabled)
{
    if (!m_arm || !signedIn()) {
        Q_EMIT tenantChangeFinished(tenantId, !enabled, tr("Not signed in."));
        return;
    }
    tenantdirectory::switchTenantLockbox(
        m_arm->client(), enabled, this, [this, tenantId, enabled](const ArmError &e, bool onlyAdmin) {
            if (!e.isError()) {
                Q_EMIT tenantChangeFinished(tenantId, enabled, QString());
                Q_EMIT tenantStatus(tenantId, enabled);
                return;
            }
            const QString text = onlyAdmin
                ? tr("Only a Global Administrator can enable or disable Customer Lockbox for the tenant (%1).")
                      .arg(e.message.isEmpty() ? e.code : e.message)
                : e.toDisplayString();
            Q_EMIT tenantChangeFinished(tenantId, !enabled, text);
            checkTenant(tenantId); // say what it is now
        });
}

void Engine::discoverSubscriptions()
{
    // The list gives display names and the tenant even when the user chose a few subscriptions.
    tenantdirectory::listSubscriptions(
        m_arm->client(), this, [this](const QList<SubscriptionInfo> &subscriptions, const ArmError &error) {
            const QStringList chosen = m_config.subscriptions;
            if (error.isError()) {
                Q_EMIT message(tr("Cannot list your subscriptions: %1").arg(error.toDisplayString()));
                // Keep working with what is known: the chosen ones, else those already in the cache.
                if (m_subscriptionIds.isEmpty())
                    m_subscriptionIds = chosen.isEmpty() ? m_profile->requests()->subscriptions() : chosen;
                for (const QString &id : std::as_const(m_subscriptionIds))
                    m_status[id].subscriptionId = id;
                emitSubscriptions();
                if (!m_subscriptionIds.isEmpty())
                    startSync(false, false);
                return;
            }
            m_subscriptionIds = tenantdirectory::subscriptionsToSync(subscriptions, chosen);
            for (const QString &id : std::as_const(m_subscriptionIds))
                m_status[id].subscriptionId = id;
            for (const SubscriptionInfo &info : subscriptions) {
                if (m_status.contains(info.subscriptionId))
                    m_status[info.subscriptionId].displayName = info.displayName;
            }
            m_discovered = true;
            if (const QString tenant = tenantdirectory::tenantOf(subscriptions); !tenant.isEmpty())
                checkTenant(tenant);
            emitSubscriptions();
            startSync(false, true);
        });
}

void Engine::checkTenant(const QString &tenantId)
{
    tenantdirectory::readTenantLockbox(m_arm->client(), tenantId, this,
                                       [this, tenantId](std::optional<bool> optedIn, const ArmError &error) {
                                           if (!optedIn) {
                                               qCInfo(lcAccount) << "tenant status unknown:" << error.toDisplayString();
                                               return;
                                           }
                                           Q_EMIT tenantStatus(tenantId, *optedIn);
                                       });
}

void Engine::decide(const QList<AccessRequest> &reviewed, Verdict verdict, const QString &reason)
{
    QStringList requestIds;
    for (const AccessRequest &request : reviewed)
        requestIds.append(request.requestId);
    if (!m_arm) {
        for (const QString &id : requestIds)
            Q_EMIT decisionRefused(id, tr("The console is not connected."));
        return;
    }
    if (verdict != Verdict::Approve || m_config.stepUpMaxAgeSec <= 0) {
        applyDecision(reviewed, verdict, reason);
        return;
    }
    // Sign in again first; only then does the approval go into the queue.
    const auto refuse = [this, requestIds](const QString &why) {
        for (const QString &id : requestIds)
            Q_EMIT decisionRefused(id, why);
        Q_EMIT stepUpFinished(false, why);
    };
    if (m_stepUp)
        return refuse(tr("Another approval is waiting for you to sign in again."));
    auto *refreshing = qobject_cast<RefreshingTokenProvider *>(m_tokens->provider());
    if (!m_account || !m_account->keepsRefreshToken() || !refreshing)
        return refuse(tr("Not approved: approving needs a fresh sign-in (Settings, Sign-in), and this account (%1) "
                         "cannot be asked for one. Sign in with the browser or a code.")
                          .arg(m_account ? Account::kindDescription(m_account->kind) : m_config.tokensDescription));
    auto *stepUp = new StepUp(m_network.get(), *m_account, refreshing, m_config.stepUpMaxAgeSec, this);
    m_stepUp = stepUp;
    connect(stepUp, &StepUp::authorizeUrlReady, this, &Engine::stepUpBrowserUrl);
    connect(stepUp, &StepUp::passed, this, [this, stepUp, reviewed, verdict, reason] {
        stepUp->deleteLater();
        Q_EMIT stepUpFinished(true, QString());
        applyDecision(reviewed, verdict, reason);
    });
    connect(stepUp, &StepUp::failed, this, [stepUp, refuse](const AuthError &e) {
        stepUp->deleteLater();
        refuse(e.kind == AuthError::Kind::Cancelled ? tr("Not approved: the sign-in was cancelled.")
                                                    : tr("Not approved: %1").arg(e.message));
    });
    stepUp->start();
}

} // namespace lockbox::engine
