#include "commandcontext.h"

#include "output.h"

#include "auth/account.h"
#include "auth/authsession.h"
#include "auth/cloud.h"
#include "auth/secretstore.h"
#include "auth/tokenprovider.h"
#include "azure/armclient.h"
#include "azure/subscriptionlistjob.h"
#include "azure/subscriptionsapi.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/decisionoutbox.h"
#include "store/requeststore.h"
#include "store/syncstate.h"
#include "sync/decisionservice.h"
#include "sync/syncengine.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

CommandContext::CommandContext(CommandLine line, QObject *parent)
    : QObject(parent)
    , m_line(std::move(line))
{
}

CommandContext::~CommandContext() = default;

void CommandContext::finish(int code)
{
    if (m_finished)
        return;
    m_finished = true;
    const auto leave = [code] {
        // Through the event loop, so that nothing runs on half-destroyed objects.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(), [code] { QCoreApplication::exit(code); }, Qt::QueuedConnection);
    };
    // A renewed refresh token still being written to the keychain is not dropped half way.
    SecretStore *secrets = m_auth ? m_auth->secrets() : nullptr;
    if (!secrets || secrets->pending() == 0)
        return leave();
    connect(secrets, &SecretStore::idle, this, leave, Qt::SingleShotConnection);
    QTimer::singleShot(10000, this, leave);
}

void CommandContext::fail(int code, const QString &message)
{
    printErr(u"lockboxctl: "_s + message + u'\n');
    finish(code);
}

int CommandContext::exitCodeFor(const ArmError &error)
{
    switch (error.kind) {
    case ArmError::Kind::None:
        return ExitOk;
    case ArmError::Kind::Unauthorized:
    case ArmError::Kind::NoToken:
        return ExitNotSignedIn;
    case ArmError::Kind::Forbidden:
        return ExitForbidden;
    case ArmError::Kind::NotFound:
    case ArmError::Kind::Conflict:
        return ExitNotFound;
    case ArmError::Kind::BadRequest:
        return ExitUsage;
    default:
        return ExitFailure;
    }
}

int CommandContext::exitCodeFor(const AuthError &error)
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

bool CommandContext::openProfile()
{
    if (m_settings)
        return true;
    m_profileDir = m_line.global.profileDir;
    if (m_profileDir.isEmpty())
        m_profileDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(m_profileDir)) {
        fail(ExitFailure, tr("cannot create the profile directory %1").arg(m_profileDir));
        return false;
    }
    QFile::setPermissions(m_profileDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    // Settings given once are remembered in the profile: the endpoint, the token variable's name
    // and the account (never a token or a secret: those live in the keychain).
    const QString settingsPath = QDir(m_profileDir).filePath(u"lockboxctl.ini"_s);
    m_settings = std::make_unique<QSettings>(settingsPath, QSettings::IniFormat);
    if (m_line.global.endpoint)
        m_settings->setValue(u"endpoint"_s, m_line.global.endpoint->toString());
    if (m_line.global.tokenEnv)
        m_settings->setValue(u"tokenEnv"_s, *m_line.global.tokenEnv);
    m_settings->sync();
    if (QFile::exists(settingsPath))
        QFile::setPermissions(settingsPath, QFile::ReadOwner | QFile::WriteOwner);
    m_network = std::make_unique<QNetworkAccessManager>();
    m_auth = std::make_unique<AuthSession>(m_settings.get(), m_profileDir, m_network.get());
    return true;
}

bool CommandContext::openLocal()
{
    if (!openProfile())
        return false;
    m_db = std::make_unique<store::Database>();
    QString error;
    if (!m_db->open(m_profileDir, &error)) {
        fail(ExitIntegrity, error);
        return false;
    }
    m_requests = std::make_unique<store::RequestStore>(*m_db, m_clock);
    m_syncState = std::make_unique<store::SyncState>(*m_db);
    m_outbox = std::make_unique<store::DecisionOutbox>(*m_db, m_clock);
    m_audit = std::make_unique<store::AuditLog>(*m_db, m_clock);
    return true;
}

QString CommandContext::notSignedInHint()
{
    return tr("run 'lockboxctl login', or pass --token-env VAR, where the environment variable VAR holds an Azure "
              "Resource Manager bearer token (e.g. from 'az account get-access-token')");
}

void CommandContext::withAzure(const std::function<void()> &then)
{
    const auto build = [this, then](std::unique_ptr<TokenProvider> tokens) {
        m_tokens = std::move(tokens);
        ArmClient::Options options;
        options.endpoint = QUrl(m_settings->value(u"endpoint"_s, Cloud::defaultArmEndpoint().toString()).toString());
        options.timeoutMs = m_line.global.timeoutSec * 1000;
        m_client = std::make_unique<ArmClient>(m_network.get(), m_tokens.get(), options);
        SyncEngine::Options syncOptions;
        syncOptions.concurrency = m_line.global.concurrency;
        m_engine =
            std::make_unique<SyncEngine>(m_client.get(), m_requests.get(), m_syncState.get(), m_clock, syncOptions);
        DecisionService::Options decisionOptions;
        m_decisions = std::make_unique<DecisionService>(m_client.get(), m_outbox.get(), m_requests.get(),
                                                        m_tokens.get(), m_clock, decisionOptions);
        then();
    };
    const auto fromVariable = [this, build](const QString &variable) {
        auto tokens = std::make_unique<EnvironmentTokenProvider>(variable);
        if (!tokens->hasToken()) {
            fail(ExitNotSignedIn,
                 tr("not signed in: the environment variable %1 is empty or not set; set it to a bearer token")
                     .arg(variable));
            return;
        }
        build(std::move(tokens));
    };
    // A variable named on this command line wins over the profile's sign-in.
    if (m_line.global.tokenEnv)
        return fromVariable(*m_line.global.tokenEnv);
    const std::optional<Account> account = m_auth->account();
    if (!account)
        return fail(ExitNotSignedIn, tr("not signed in: %1").arg(notSignedInHint()));
    if (account->kind == Account::Kind::TokenEnv)
        return fromVariable(account->tokenEnv);
    m_auth->restore(this, [this, build](std::unique_ptr<TokenProvider> tokens, const AuthError &error) {
        if (!tokens)
            return fail(ExitNotSignedIn, error.message + tr("; run 'lockboxctl login'"));
        build(std::move(tokens));
    });
}

void CommandContext::withSubscriptions(const QStringList &given, const std::function<void(const QStringList &)> &then)
{
    if (!given.isEmpty()) {
        then(given);
        return;
    }
    SubscriptionsApi api(m_client.get());
    SubscriptionListJob *job = api.list();
    connect(job, &ArmPager::finished, this, [this, job, then](const ArmError &error) {
        if (error.isError()) {
            fail(exitCodeFor(error), tr("cannot list the subscriptions: %1").arg(error.toDisplayString()));
            return;
        }
        QStringList ids;
        const auto subscriptions = job->subscriptions();
        for (const SubscriptionInfo &s : subscriptions)
            ids.append(s.subscriptionId);
        then(ids);
    });
}

QJsonObject CommandContext::requestJson(const AccessRequest &r) const
{
    QJsonObject o;
    o.insert(u"requestId"_s, r.requestId);
    o.insert(u"subscriptionId"_s, r.subscriptionId);
    o.insert(u"status"_s, r.status.toString());
    o.insert(u"justification"_s, r.justification);
    o.insert(u"createdDateTime"_s, iso(r.createdDateTime));
    o.insert(u"expirationDateTime"_s, iso(r.expirationDateTime));
    o.insert(u"duration"_s, r.duration);
    o.insert(u"resourceIds"_s, QJsonArray::fromStringList(r.resourceIds));
    o.insert(u"resourceType"_s, r.resourceType);
    o.insert(u"supportRequest"_s, r.supportRequest);
    o.insert(u"supportCaseUrl"_s, r.supportCaseUrl);
    o.insert(u"workItemSource"_s, r.workItemSource);
    o.insert(u"accessLevel"_s, r.accessLevel ? QJsonValue(*r.accessLevel) : QJsonValue(QJsonValue::Null));
    if (const auto queued = m_outbox->liveFor(r.requestId)) {
        QJsonObject q;
        q.insert(u"id"_s, queued->id.toString(QUuid::WithoutBraces));
        q.insert(u"verdict"_s, verdictToString(queued->verdict));
        q.insert(u"reason"_s, queued->reason);
        q.insert(u"state"_s, QueuedDecision::stateName(queued->state));
        o.insert(u"queuedDecision"_s, q);
    }
    return o;
}

} // namespace lockbox::cli
