#include "commandcontext.h"

#include "output.h"

#include "auth/account.h"
#include "auth/authsession.h"
#include "auth/cloud.h"
#include "auth/secretenvironment.h"
#include "auth/secretstore.h"
#include "auth/tokenprovider.h"
#include "engine/armservices.h"
#include "engine/profile.h"
#include "engine/tenantdirectory.h"
#include "store/database.h"
#include "store/decisionoutbox.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

CommandContext::CommandContext(CommandLine line, QObject *parent)
    : QObject(parent)
    , m_line(std::move(line))
{
    // At start, before any command can start a child: the application secret and the token
    // variable of this command line leave the environment (the profile's own follow in
    // openProfile()).
    SecretEnvironment::take({m_line.global.tokenEnv.value_or(QString())});
}

CommandContext::~CommandContext()
{
    // What talks to Azure goes before the stores it writes to, and the stores before the network.
    m_arm.reset();
    m_tokens.reset();
    m_profile.reset();
}

QSettings *CommandContext::settings() const
{
    return m_profile ? m_profile->accountSettings() : nullptr;
}

QUrl CommandContext::armEndpoint() const
{
    return m_profile->armEndpoint(m_line.global.endpoint, m_auth->account(), m_line.global.tokenEnv.has_value());
}

store::RequestStore *CommandContext::requests() const
{
    return m_profile ? m_profile->requests() : nullptr;
}

store::DecisionOutbox *CommandContext::outbox() const
{
    return m_profile ? m_profile->outbox() : nullptr;
}

store::AuditLog *CommandContext::audit() const
{
    return m_profile ? m_profile->audit() : nullptr;
}

ArmClient *CommandContext::client() const
{
    return m_arm ? m_arm->client() : nullptr;
}

SyncEngine *CommandContext::engine() const
{
    return m_arm ? m_arm->sync() : nullptr;
}

DecisionService *CommandContext::decisions() const
{
    return m_arm ? m_arm->decisions() : nullptr;
}

void CommandContext::finish(int code)
{
    if (m_finished)
        return;
    // An integrity check left running beside the command (openLocal(true)): a damaged file is
    // told, and fails the command, even when the command wrote nothing.
    if (store::Database *db = m_storesOpen && m_profile ? m_profile->database() : nullptr) {
        QString damaged;
        if (!db->quickCheckResult(&damaged)) {
            printErr(u"lockboxctl: "_s + terminalSafe(damaged) + u'\n');
            code = ExitIntegrity;
        }
    }
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
    // Messages carry server text (ARM errors): nothing in them may steer the terminal.
    printErr(u"lockboxctl: "_s + terminalSafe(message) + u'\n');
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
    if (m_profile)
        return true;
    auto profile = std::make_unique<engine::Profile>();
    QString error;
    if (!profile->create(m_line.global.profileDir, &error)) {
        fail(ExitFailure, error);
        return false;
    }
    // Settings given once are remembered in the profile: the endpoint, the token variable's name
    // and the account (never a token or a secret: those live in the keychain).
    if (m_line.global.endpoint)
        profile->setEndpoint(*m_line.global.endpoint);
    if (m_line.global.tokenEnv)
        profile->setTokenEnv(*m_line.global.tokenEnv);
    profile->saveAccountSettings();
    profile->takeSecretVariables(m_line.global.tokenEnv.value_or(QString()));
    m_network = std::make_unique<QNetworkAccessManager>();
    m_auth = profile->session(m_network.get());
    m_profile = std::move(profile);
    return true;
}

bool CommandContext::openLocal(bool checkInBackground)
{
    if (!openProfile())
        return false;
    if (m_storesOpen)
        return true;
    QString error;
    store::DatabaseOptions databaseOptions;
    databaseOptions.backgroundCheckpoint = true; // a sync's user waits for it: see DatabaseOptions
    databaseOptions.quickCheckInBackground = checkInBackground;
    databaseOptions.pageCacheKiB = 6144; // a sync's memory (QUALITY P7): see DatabaseOptions
    if (!m_profile->openStores(m_clock, databaseOptions, &error)) {
        fail(ExitIntegrity, error);
        return false;
    }
    m_storesOpen = true;
    return true;
}

QString CommandContext::notSignedInHint()
{
    return tr("run 'lockboxctl login', or pass --token-env VAR, where the environment variable VAR holds an Azure "
              "Resource Manager bearer token (e.g. from 'az account get-access-token')");
}

void CommandContext::withAzure(const std::function<void()> &then)
{
    // An endpoint remembered before plain http was refused up front would fail every call.
    if (const QString problem = plainHttpProblem(tr("the endpoint"), armEndpoint()); !problem.isEmpty())
        return fail(ExitUsage, problem);
    // Every run that sends tokens to an endpoint that is not Microsoft's (nor this machine's) says so.
    if (const QString notice =
            m_profile->endpointNotice(m_line.global.endpoint, m_auth->account(), m_line.global.tokenEnv.has_value());
        !notice.isEmpty())
        printErr(terminalSafe(notice) + u'\n');
    const auto build = [this, then](std::unique_ptr<TokenProvider> tokens) {
        m_tokens = std::move(tokens);
        engine::ArmServices::Options options;
        options.endpoint = armEndpoint();
        options.timeoutSec = m_line.global.timeoutSec;
        options.concurrency = m_line.global.concurrency;
        options.readAhead = 1; // see SyncEngine::Options::readAhead
        m_arm = std::make_unique<engine::ArmServices>(m_network.get(), m_tokens.get(), *m_profile, m_clock, options);
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
    engine::tenantdirectory::listSubscriptions(
        client(), this, [this, then](const QList<SubscriptionInfo> &subscriptions, const ArmError &error) {
            if (error.isError()) {
                fail(exitCodeFor(error), tr("cannot list the subscriptions: %1").arg(error.toDisplayString()));
                return;
            }
            then(engine::tenantdirectory::subscriptionsToSync(subscriptions, {}));
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
    // Local knowledge, not Azure's: when access began, and how that is known.
    o.insert(u"approvedDateTime"_s, r.approvedAt.isValid() ? QJsonValue(iso(r.approvedAt)) : QJsonValue());
    o.insert(u"approvalTimeSource"_s,
             r.approvedAt.isValid() ? QJsonValue(AccessRequest::approvalSourceName(r.approvalSource)) : QJsonValue());
    if (const auto queued = outbox()->liveFor(r.requestId)) {
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
