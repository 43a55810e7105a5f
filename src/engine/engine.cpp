#include "engine/engine.h"

#include "auth/authsession.h"
#include "auth/azureclitokenprovider.h"
#include "auth/browserflow.h"
#include "auth/devicecodeflow.h"
#include "auth/refreshingtokenprovider.h"
#include "auth/stepup.h"
#include "auth/switchabletokenprovider.h"
#include "auth/tokenprovider.h"
#include "azure/armcall.h"
#include "azure/armclient.h"
#include "azure/lockboxapi.h"
#include "azure/subscriptionlistjob.h"
#include "azure/subscriptionsapi.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/decisionoutbox.h"
#include "store/requeststore.h"
#include "store/syncstate.h"
#include "sync/activityimporter.h"
#include "sync/decisionservice.h"
#include "sync/syncengine.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QSet>
#include <QSettings>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lockbox::engine {

namespace {
Q_LOGGING_CATEGORY(lcEngine, "lockbox.gui.engine")

constexpr int kFirstChunk = 500;    // the first screen, several times over
constexpr int kChunk = 25000;       // then the rest of the cache in large steps
constexpr int kImportEveryMin = 30; // Activity Log import cadence
constexpr int kBulkReadThreshold = 200;
constexpr int kOtherWritersCheckMs = 2000; // a cheap pragma; the cache is read only when it moved
} // namespace

Engine::Engine(EngineConfig config)
    : m_config(std::move(config))
{
    qRegisterMetaType<lockbox::engine::SubscriptionStatus>();
    qRegisterMetaType<QList<lockbox::engine::SubscriptionStatus>>();
    qRegisterMetaType<QList<lockbox::AccessRequest>>();
    qRegisterMetaType<QList<lockbox::QueuedDecision>>();
    qRegisterMetaType<QList<lockbox::AuditRecord>>();
    qRegisterMetaType<lockbox::ChangeSet>();
    qRegisterMetaType<lockbox::QueuedDecision>();
    qRegisterMetaType<lockbox::engine::AccountInfo>();
    qRegisterMetaType<lockbox::engine::SignInRequest>();
}

Engine::~Engine() = default;

void Engine::open()
{
    const Clock &clock = *m_config.clock;
    m_db = std::make_unique<store::Database>();
    QString error;
    store::DatabaseOptions dbOptions;
    dbOptions.quickCheck = false; // run below, once the first screen of the cache is on its way
    if (!m_db->open(m_config.profileDir, dbOptions, &error)) {
        Q_EMIT opened(false, error);
        return;
    }
    m_requests = std::make_unique<store::RequestStore>(*m_db, clock);
    m_syncState = std::make_unique<store::SyncState>(*m_db);
    m_outbox = std::make_unique<store::DecisionOutbox>(*m_db, clock);
    m_audit = std::make_unique<store::AuditLog>(*m_db, clock);
    // Read before the cache: whatever another process commits from here on is found later
    // (checkOtherWriters()).
    m_dataVersion = m_db->dataVersion();

    // The cache first: the window fills before the network says anything.
    for (int offset = 0;;) {
        RequestQuery query;
        query.limit = offset == 0 ? kFirstChunk : kChunk;
        query.offset = offset;
        const QList<AccessRequest> rows = m_requests->requests(query, &error);
        const bool last = rows.size() < query.limit || !error.isEmpty();
        Q_EMIT snapshot(rows, last);
        if (offset == 0 && !m_db->checkIntegrity(&error)) {
            // Damaged: what was shown stays on screen, nothing more is read or written.
            if (!last)
                Q_EMIT snapshot({}, true);
            m_audit.reset();
            m_outbox.reset();
            m_syncState.reset();
            m_requests.reset();
            m_db.reset();
            Q_EMIT opened(false, error);
            return;
        }
        if (last)
            break;
        offset += int(rows.size());
    }
    if (!error.isEmpty())
        Q_EMIT message(tr("Could not read the whole cache: %1").arg(error));
    emitQueue();

    m_network = std::make_unique<QNetworkAccessManager>();
    m_tokens = std::make_unique<SwitchableTokenProvider>();
    if (!m_config.accountSettingsFile.isEmpty()) {
        m_accountSettings = std::make_unique<QSettings>(m_config.accountSettingsFile, QSettings::IniFormat);
        m_session = std::make_unique<AuthSession>(m_accountSettings.get(), m_config.profileDir, m_network.get());
    }
    if (m_config.makeTokens) {
        setTokenSource(m_config.makeTokens(m_network.get()));
    } else if (m_session) {
        m_account = m_session->account();
        if (m_account)
            m_tokens->setWaiting(); // the keychain answers shortly
        else
            m_tokens->setUnavailable(tr("Not signed in: sign in from the Account menu."));
    } else {
        m_tokens->setUnavailable(tr("Not signed in: no way to get a token was configured."));
    }
    m_endpoint = m_config.endpoint;
    if (m_endpoint.isEmpty())
        m_endpoint = m_account ? m_account->cloud.armEndpoint() : Cloud::defaultArmEndpoint();
    buildArm();

    auto *timer = new QTimer(this);
    timer->setObjectName(u"pollTimer"_s);
    timer->setInterval(std::max(1, m_config.pendingPollSec) * 1000);
    connect(timer, &QTimer::timeout, this, [this] { startSync(false, false); });
    timer->start();
    auto *others = new QTimer(this);
    others->setObjectName(u"otherWritersTimer"_s);
    others->setInterval(kOtherWritersCheckMs);
    connect(others, &QTimer::timeout, this, &Engine::checkOtherWriters);
    others->start();

    Q_EMIT opened(true, QString());
    if (!m_config.makeTokens && m_account) {
        restoreSignIn(); // syncs once the keychain gave the sign-in back
        return;
    }
    emitAccount();
    if (signedIn()) {
        // Decisions left by a crash or queued while offline go out first.
        if (m_decisions->resume() > 0)
            emitQueue();
        discoverSubscriptions();
    }
}

void Engine::buildArm()
{
    const Clock &clock = *m_config.clock;
    ArmClient::Options armOptions;
    armOptions.endpoint = m_endpoint;
    armOptions.timeoutMs = m_config.timeoutSec * 1000;
    m_client = std::make_unique<ArmClient>(m_network.get(), m_tokens.get(), armOptions);

    SyncEngine::Options syncOptions;
    syncOptions.concurrency = m_config.concurrency;
    syncOptions.fullIntervalSec = m_config.fullIntervalSec;
    m_engine = std::make_unique<SyncEngine>(m_client.get(), m_requests.get(), m_syncState.get(), clock, syncOptions);
    connect(m_engine.get(), &SyncEngine::changed, this, &Engine::emitChanges);
    connect(m_engine.get(), &SyncEngine::subscriptionFinished, this, [this](const SyncEngine::Result &result) {
        SubscriptionStatus &s = m_status[result.subscriptionId];
        s.subscriptionId = result.subscriptionId;
        s.syncing = false;
        if (result.skipped) {
            // backing off: keep the last error
        } else if (result.error.isError()) {
            s.lastError = result.error.toDisplayString();
        } else {
            s.lastError.clear();
            s.lastSuccess = QDateTime::currentDateTimeUtc(); // when it happened, not the data's time
        }
        if (const auto state = m_syncState->state(result.subscriptionId))
            s.retryAfter = state->nextAttemptNotBefore;
        emitSubscriptions();
    });
    connect(m_engine.get(), &SyncEngine::finished, this, &Engine::onSyncFinished);

    m_decisions = std::make_unique<DecisionService>(m_client.get(), m_outbox.get(), m_requests.get(), m_tokens.get(),
                                                    clock, DecisionService::Options());
    connect(m_decisions.get(), &DecisionService::changed, this, &Engine::emitChanges);
    connect(m_decisions.get(), &DecisionService::finished, this, [this](const DecisionService::Outcome &outcome) {
        Q_EMIT decisionFinished(outcome.decision,
                                outcome.error.isError() ? outcome.error.toDisplayString() : outcome.decision.lastError);
        emitQueue();
        Q_EMIT auditAppended();
    });

    m_importer = std::make_unique<ActivityImporter>(m_client.get(), m_audit.get(), clock);
    connect(m_importer.get(), &ActivityImporter::finished, this, [this](int imported, const QStringList &errors) {
        if (imported > 0)
            Q_EMIT auditAppended();
        for (const QString &e : errors)
            qCInfo(lcEngine) << "Activity Log import:" << e;
    });
}

void Engine::teardownArm()
{
    if (m_engine && m_engine->isRunning()) {
        m_engine->cancel();
        Q_EMIT syncRunning(false);
    }
    m_importer.reset();
    m_decisions.reset();
    m_engine.reset();
    m_client.reset();
    m_pendingRequest = m_pendingFullRequest = false;
}

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
        if (m_decisions->resume() > 0)
            emitQueue();
        discoverSubscriptions();
    });
}

void Engine::signIn(const SignInRequest &request)
{
    cancelSignIn();
    if (!m_session) {
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
    const int timeoutMs = m_config.timeoutSec * 1000;
    switch (request.method) {
    case SignInRequest::Method::DeviceCode: {
        account.kind = Account::Kind::DeviceCode;
        account.clientId = Cloud::defaultClientId();
        DeviceCodeFlow::Options options;
        options.cloud = account.cloud;
        options.tenant = account.tenant.isEmpty() ? u"organizations"_s : account.tenant;
        options.clientId = account.clientId;
        options.requestTimeoutMs = timeoutMs;
        auto *flow = new DeviceCodeFlow(m_network.get(), options, this);
        connect(flow, &DeviceCodeFlow::codeReady, this,
                [this](const QString &userCode, const QUrl &uri, int expiresInSec, const QString &) {
                    Q_EMIT signInCode(userCode, uri, expiresInSec);
                });
        runSignInFlow(flow, account);
        return;
    }
    case SignInRequest::Method::Browser: {
        account.kind = Account::Kind::Browser;
        account.clientId = Cloud::defaultClientId();
        BrowserFlow::Options options;
        options.cloud = account.cloud;
        options.tenant = account.tenant.isEmpty() ? u"organizations"_s : account.tenant;
        options.clientId = account.clientId;
        options.requestTimeoutMs = timeoutMs;
        auto *flow = new BrowserFlow(m_network.get(), options, this);
        connect(flow, &BrowserFlow::authorizeUrlReady, this, &Engine::signInBrowserUrl);
        runSignInFlow(flow, account);
        return;
    }
    case SignInRequest::Method::AzureCli: {
        account.kind = Account::Kind::AzureCli;
        AzureCliTokenProvider::Options options;
        options.resource = account.cloud.armResource();
        options.tenant = account.tenant;
        options.timeoutMs = qMax(timeoutMs, 60000);
        auto provider = std::make_unique<AzureCliTokenProvider>(options);
        AzureCliTokenProvider *raw = provider.get();
        m_signInProvider = std::move(provider);
        m_signInFlow = raw;
        raw->token(false, this, [this, raw, account](const QByteArray &token, const QString &message) {
            if (m_signInFlow != raw)
                return; // cancelled
            m_signInFlow.clear();
            if (token.isEmpty())
                return failSignIn(message);
            Token t;
            t.accessToken = token;
            t.claims = raw->claims();
            t.expiresAt = raw->expiresAt();
            t.obtainedAt = QDateTime::currentDateTimeUtc();
            completeSignIn(account, t, QByteArray());
        });
        return;
    }
    }
}

template<typename Flow>
void Engine::runSignInFlow(Flow *flow, const Account &account)
{
    m_signInFlow = flow;
    connect(flow, &Flow::finished, this, [this, flow, account](const Token &token) {
        flow->deleteLater();
        completeSignIn(account, token, QByteArray());
    });
    connect(flow, &Flow::failed, this, [this, flow](const AuthError &e) {
        flow->deleteLater();
        if (e.kind != AuthError::Kind::Cancelled) // cancelled by us: nothing to tell
            failSignIn(e.message);
    });
    flow->start();
}

void Engine::cancelSignIn()
{
    QObject *flow = m_signInFlow.data();
    m_signInFlow.clear();
    if (auto *device = qobject_cast<DeviceCodeFlow *>(flow)) {
        device->cancel();
        device->deleteLater();
    } else if (auto *browser = qobject_cast<BrowserFlow *>(flow)) {
        browser->cancel();
        browser->deleteLater();
    }
    if (m_signInProvider)
        m_signInProvider.release()->deleteLater();
}

void Engine::failSignIn(const QString &message)
{
    m_signInFlow.clear();
    if (m_signInProvider)
        m_signInProvider.release()->deleteLater();
    Q_EMIT signInFinished(false, message.isEmpty() ? tr("The sign-in failed.") : message);
}

void Engine::completeSignIn(Account account, const Token &token, const QByteArray &clientSecret)
{
    m_signInFlow.clear();
    if (m_signInProvider)
        m_signInProvider.release()->deleteLater();
    account.userName = token.claims.userName();
    account.displayName = token.claims.displayName();
    account.tenantId = token.claims.tenantId;
    account.signedInAt = QDateTime::currentDateTimeUtc();
    const QUrl endpoint = account.cloud.armEndpoint();

    std::unique_ptr<TokenProvider> provider;
    if (m_config.keepSignIn) {
        // lockboxctl on this profile follows: same account, same Resource Manager.
        m_accountSettings->setValue(u"endpoint"_s, endpoint.toString());
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
    if (m_decisions->resume() > 0)
        emitQueue();
    discoverSubscriptions();
}

void Engine::signOut()
{
    cancelSignIn();
    cancelStepUp();
    if (m_engine && m_engine->isRunning()) {
        m_engine->cancel();
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
    if (!m_client || !signedIn()) {
        Q_EMIT tenantChangeFinished(tenantId, !enabled, tr("Not signed in."));
        return;
    }
    LockboxApi api(m_client.get());
    ArmCall *call = enabled ? api.enableLockbox() : api.disableLockbox();
    connect(call, &ArmCall::finished, this, [this, call, tenantId, enabled] {
        if (!call->isOk()) {
            const ArmError &e = call->error();
            const QString text = e.kind == ArmError::Kind::Forbidden
                ? tr("Only a Global Administrator can enable or disable Customer Lockbox for the tenant (%1).")
                      .arg(e.message.isEmpty() ? e.code : e.message)
                : e.toDisplayString();
            Q_EMIT tenantChangeFinished(tenantId, !enabled, text);
            checkTenant(tenantId); // say what it is now
            return;
        }
        Q_EMIT tenantChangeFinished(tenantId, enabled, QString());
        Q_EMIT tenantStatus(tenantId, enabled);
    });
}

void Engine::discoverSubscriptions()
{
    // The list gives display names and the tenant even when the user chose a few subscriptions.
    SubscriptionsApi api(m_client.get());
    SubscriptionListJob *job = api.list();
    connect(job, &ArmPager::finished, this, [this, job](const ArmError &error) {
        const QStringList chosen = m_config.subscriptions;
        if (error.isError()) {
            Q_EMIT message(tr("Cannot list your subscriptions: %1").arg(error.toDisplayString()));
            // Keep working with what is known: the chosen ones, else those already in the cache.
            if (m_subscriptionIds.isEmpty())
                m_subscriptionIds = chosen.isEmpty() ? m_requests->subscriptions() : chosen;
            for (const QString &id : std::as_const(m_subscriptionIds))
                m_status[id].subscriptionId = id;
            emitSubscriptions();
            if (!m_subscriptionIds.isEmpty())
                startSync(false, false);
            return;
        }
        QStringList ids;
        const auto subscriptions = job->subscriptions();
        for (const SubscriptionInfo &info : subscriptions) {
            if (!chosen.isEmpty() && !chosen.contains(info.subscriptionId, Qt::CaseInsensitive))
                continue;
            ids.append(info.subscriptionId);
            SubscriptionStatus &s = m_status[info.subscriptionId];
            s.subscriptionId = info.subscriptionId;
            s.displayName = info.displayName;
        }
        // A chosen subscription the list lacks is still tried (its error will say why).
        for (const QString &id : chosen) {
            if (!ids.contains(id, Qt::CaseInsensitive)) {
                ids.append(id);
                m_status[id].subscriptionId = id;
            }
        }
        m_subscriptionIds = ids;
        m_discovered = true;
        if (!subscriptions.isEmpty() && !subscriptions.first().tenantId.isEmpty())
            checkTenant(subscriptions.first().tenantId);
        emitSubscriptions();
        startSync(false, true);
    });
}

void Engine::checkTenant(const QString &tenantId)
{
    LockboxApi api(m_client.get());
    ArmCall *call = api.tenantOptedIn(tenantId);
    connect(call, &ArmCall::finished, this, [this, call, tenantId] {
        if (call->error().isError()) {
            qCInfo(lcEngine) << "tenant status unknown:" << call->error().toDisplayString();
            return;
        }
        Q_EMIT tenantStatus(tenantId, LockboxApi::optedInOf(call));
    });
}

void Engine::syncNow(bool full)
{
    if (!m_engine)
        return;
    if (!signedIn()) {
        Q_EMIT message(m_tokens->unavailableMessage());
        return;
    }
    if (!m_discovered) {
        discoverSubscriptions();
        return;
    }
    startSync(full, true);
}

void Engine::startSync(bool full, bool userAsked)
{
    if (!m_engine || m_subscriptionIds.isEmpty() || !signedIn())
        return;
    if (m_engine->isRunning()) {
        // Run it when the current one ends, once.
        if (userAsked) {
            m_pendingRequest = true;
            m_pendingFullRequest = m_pendingFullRequest || full;
        }
        return;
    }
    m_runChanged = 0;
    for (const QString &id : std::as_const(m_subscriptionIds))
        m_status[id].syncing = true;
    emitSubscriptions();
    Q_EMIT syncRunning(true);
    m_engine->sync(m_subscriptionIds, full ? SyncEngine::Mode::Full : SyncEngine::Mode::Auto, !userAsked);
}

void Engine::onSyncFinished()
{
    // What another process wrote meanwhile (a request it decided, a sync of its own) is shown
    // before the run is announced as done.
    checkOtherWriters();
    QStringList errors;
    for (SubscriptionStatus &status : m_status) {
        status.syncing = false;
        if (!status.lastError.isEmpty())
            errors.append((status.displayName.isEmpty() ? status.subscriptionId : status.displayName) + u": "_s
                          + status.lastError);
    }
    emitSubscriptions();
    Q_EMIT syncRunning(false);
    Q_EMIT syncFinished(m_runChanged, errors);

    const QDateTime now = m_config.clock->now();
    if (m_config.importActivityLog && m_importer
        && (!m_lastImport.isValid() || m_lastImport.secsTo(now) >= qint64(kImportEveryMin) * 60)) {
        m_lastImport = now;
        m_importer->import(m_subscriptionIds);
    }
    if (m_pendingRequest) {
        const bool full = m_pendingFullRequest;
        m_pendingRequest = m_pendingFullRequest = false;
        startSync(full, true);
    }
}

void Engine::emitChanges(const ChangeSet &changes)
{
    if (changes.isEmpty())
        return;
    m_runChanged += changes.rowsWritten();
    // The models need the rows themselves. A few are read one by one; a subscription's worth (a
    // first sync) in one query.
    QHash<QString, QStringList> wanted; // subscription -> ids
    for (const QList<RequestChange> *list : {&changes.added, &changes.changed}) {
        for (const RequestChange &c : *list)
            wanted[c.subscriptionId].append(c.requestId);
    }
    QList<AccessRequest> rows;
    rows.reserve(changes.added.size() + changes.changed.size());
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        if (it.value().size() > kBulkReadThreshold && !it.key().isEmpty()) {
            QSet<QString> ids;
            for (const QString &id : it.value())
                ids.insert(id.toLower());
            RequestQuery query;
            query.subscriptionIds = {it.key()};
            const QList<AccessRequest> all = m_requests->requests(query);
            for (const AccessRequest &r : all) {
                if (ids.contains(r.requestId.toLower()))
                    rows.append(r);
            }
            continue;
        }
        for (const QString &id : it.value()) {
            if (auto r = m_requests->request(id))
                rows.append(std::move(*r));
        }
    }
    Q_EMIT requestsChanged(changes, rows);
}

void Engine::checkOtherWriters()
{
    if (!m_db || !m_requests || m_requests->isMerging())
        return;
    QString error;
    if (!m_requests->isTracking()) {
        // The first check, off the launch's path: the window holds the cache as read at open plus
        // this engine's own changes since, which is the cache now unless another process wrote
        // meanwhile.
        if (!m_requests->trackShown(&error)) {
            qCInfo(lcEngine) << "cannot read the cache to follow other processes (tried again shortly):" << error;
            return;
        }
        const qint64 version = m_db->dataVersion(&error);
        if (version < 0 || version != m_dataVersion) {
            // It did (or that cannot be told): what the window missed is not known, so it is
            // given everything again.
            emitChanges(m_requests->shownAsChanged());
            emitQueue();
            Q_EMIT auditAppended();
        }
        m_dataVersion = version;
        return;
    }
    const qint64 version = m_db->dataVersion(&error);
    if (version < 0) {
        qCInfo(lcEngine) << "cannot tell whether another process wrote:" << error;
        return;
    }
    if (version == m_dataVersion)
        return;
    // Our own merges keep the store's baseline up to date: what differs now, another process wrote.
    const auto changes = m_requests->othersChanges(&error);
    if (!changes) {
        qCInfo(lcEngine) << "cannot read what another process wrote (tried again shortly):" << error;
        return;
    }
    m_dataVersion = version;
    emitChanges(*changes);
    emitQueue();
    Q_EMIT auditAppended();
}

void Engine::emitQueue()
{
    if (!m_outbox)
        return;
    QString error;
    const QList<QueuedDecision> live = m_outbox->live(&error);
    if (!error.isEmpty())
        Q_EMIT message(tr("Cannot read the decision queue: %1").arg(error));
    Q_EMIT queueChanged(live);
}

void Engine::emitSubscriptions()
{
    QList<SubscriptionStatus> list;
    list.reserve(m_status.size());
    for (const SubscriptionStatus &s : std::as_const(m_status))
        list.append(s);
    std::sort(list.begin(), list.end(), [](const SubscriptionStatus &a, const SubscriptionStatus &b) {
        return a.subscriptionId < b.subscriptionId;
    });
    Q_EMIT subscriptionsChanged(list);
}

void Engine::decide(const QStringList &requestIds, Verdict verdict, const QString &reason)
{
    if (!m_decisions) {
        for (const QString &id : requestIds)
            Q_EMIT decisionRefused(id, tr("The console is not connected."));
        return;
    }
    if (verdict != Verdict::Approve || m_config.stepUpMaxAgeSec <= 0) {
        applyDecision(requestIds, verdict, reason);
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
    connect(stepUp, &StepUp::passed, this, [this, stepUp, requestIds, verdict, reason] {
        stepUp->deleteLater();
        Q_EMIT stepUpFinished(true, QString());
        applyDecision(requestIds, verdict, reason);
    });
    connect(stepUp, &StepUp::failed, this, [stepUp, refuse](const AuthError &e) {
        stepUp->deleteLater();
        refuse(e.kind == AuthError::Kind::Cancelled ? tr("Not approved: the sign-in was cancelled.")
                                                    : tr("Not approved: %1").arg(e.message));
    });
    stepUp->start();
}

void Engine::applyDecision(const QStringList &requestIds, Verdict verdict, const QString &reason)
{
    for (const QString &id : requestIds) {
        const store::EnqueueResult result = m_decisions->decide(id, verdict, reason);
        switch (result.status) {
        case store::EnqueueResult::Status::Queued:
            Q_EMIT decisionQueued(result.decision);
            break;
        case store::EnqueueResult::Status::AlreadyQueued:
            Q_EMIT decisionRefused(id, tr("A decision for this request is already on its way."));
            break;
        case store::EnqueueResult::Status::Failed:
            Q_EMIT decisionRefused(id, result.error);
            break;
        }
    }
    emitQueue();
    Q_EMIT auditAppended();
}

void Engine::withdraw(const QString &requestId)
{
    if (!m_outbox)
        return;
    QString error;
    const auto withdrawn = m_outbox->withdraw(requestId, m_tokens ? m_tokens->identity() : QString(), &error);
    if (!withdrawn)
        Q_EMIT message(
            tr("Could not withdraw the decision: %1").arg(error.isEmpty() ? tr("it is already being sent") : error));
    else
        Q_EMIT message(tr("Decision withdrawn."));
    emitQueue();
    Q_EMIT auditAppended();
}

void Engine::loadTimeline(const QString &requestId)
{
    if (!m_audit)
        return;
    store::AuditQuery query;
    query.requestId = requestId;
    QString error;
    Q_EMIT timelineReady(requestId, m_audit->records(query, &error));
}

void Engine::setPollInterval(int seconds)
{
    m_config.pendingPollSec = seconds;
    if (auto *timer = findChild<QTimer *>(u"pollTimer"_s))
        timer->setInterval(std::max(1, seconds) * 1000);
}

void Engine::setConcurrency(int subscriptions)
{
    m_config.concurrency = std::max(1, subscriptions);
    if (m_engine)
        m_engine->setConcurrency(m_config.concurrency);
}

void Engine::setSubscriptions(const QStringList &subscriptionIds)
{
    if (subscriptionIds == m_config.subscriptions)
        return;
    m_config.subscriptions = subscriptionIds;
    m_status.clear();
    m_subscriptionIds.clear();
    m_discovered = false;
    if (m_client && signedIn())
        discoverSubscriptions();
}

void Engine::shutdown()
{
    for (const QString &name : {u"pollTimer"_s, u"otherWritersTimer"_s}) {
        if (auto *timer = findChild<QTimer *>(name))
            timer->stop();
    }
    cancelSignIn();
    if (m_stepUp)
        delete m_stepUp.data();
    if (m_engine)
        m_engine->cancel();
    if (m_syncState)
        m_syncState->flush(); // poll times kept in memory while idle (no writes when nothing changes)
    m_importer.reset();
    m_decisions.reset();
    m_engine.reset();
    m_client.reset();
    m_tokens.reset();
    m_session.reset();
    m_accountSettings.reset();
    m_network.reset();
    m_audit.reset();
    m_outbox.reset();
    m_syncState.reset();
    m_requests.reset();
    m_db.reset();
}

} // namespace lockbox::engine
