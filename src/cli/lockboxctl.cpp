#include "lockboxctl.h"

#include "accountcommands.h"
#include "commandcatalogue.h"
#include "commandoptions.h"
#include "helptext.h"
#include "output.h"

#include "auth/account.h"
#include "auth/authsession.h"
#include "auth/cloud.h"
#include "auth/secretstore.h"
#include "auth/tokenprovider.h"
#include "azure/armcall.h"
#include "azure/armclient.h"
#include "azure/lockboxapi.h"
#include "azure/subscriptionlistjob.h"
#include "azure/subscriptionsapi.h"
#include "engine/auditformat.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/decisionoutbox.h"
#include "store/requeststore.h"
#include "store/syncstate.h"
#include "sync/activityimporter.h"
#include "sync/decisionservice.h"
#include "sync/syncengine.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

QString shortTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(u"yyyy-MM-dd HH:mm"_s) : QString();
}

std::optional<QDateTime> parseWhen(const QString &text, bool endOfDay)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid()) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (!d.isValid())
            return std::nullopt;
        t = QDateTime(d, endOfDay ? QTime(23, 59, 59, 999) : QTime(0, 0), Qt::UTC);
    }
    return t.toUTC();
}

QString changeSummary(const ChangeSet &c)
{
    return tr("%1 new, %2 changed, %3 removed, %4 unchanged")
        .arg(c.added.size())
        .arg(c.changed.size())
        .arg(c.removed.size())
        .arg(c.unchanged);
}

} // namespace

Lockboxctl::Lockboxctl(const CommandLine &line, QObject *parent)
    : QObject(parent)
    , m_line(line)
{
}

Lockboxctl::~Lockboxctl() = default;

void Lockboxctl::finish(int code)
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

void Lockboxctl::fail(int code, const QString &message)
{
    printErr(u"lockboxctl: "_s + message + u'\n');
    finish(code);
}

int Lockboxctl::exitCodeFor(const ArmError &error) const
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

bool Lockboxctl::openProfile()
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

bool Lockboxctl::openLocal()
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

QString Lockboxctl::notSignedInHint()
{
    return tr("run 'lockboxctl login', or pass --token-env VAR, where the environment variable VAR holds an Azure "
              "Resource Manager bearer token (e.g. from 'az account get-access-token')");
}

void Lockboxctl::withAzure(const std::function<void()> &then)
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

void Lockboxctl::start()
{
    const QStringList &command = m_line.command;
    if (m_line.global.version) {
        printOut(u"lockboxctl "_s + QCoreApplication::applicationVersion() + u'\n');
        finish(ExitOk);
        return;
    }
    if (command.isEmpty() || command.first() == u"help" || m_line.global.help) {
        const QStringList topic = command.value(0) == u"help" ? m_line.arguments : command;
        printOut(helpText(topic));
        finish(command.isEmpty() && !m_line.global.help ? ExitUsage : ExitOk);
        return;
    }
    const QString &name = command.first();
    const CommandDescription *description = findCommand(command);
    if (!description) {
        const QStringList subCommands = subCommandsOf(name);
        if (!subCommands.isEmpty())
            return fail(ExitUsage, tr("'%1' needs a sub-command: %1 %2").arg(name, subCommands.join(u'|')));
        return fail(ExitUsage, tr("unknown command '%1'; see 'lockboxctl help'").arg(name));
    }
    CommandOptions opts(*description);
    QString error;
    if (!opts.parse(m_line.arguments, &error))
        return fail(ExitUsage, error);
    if (name == u"sync")
        cmdSync(opts);
    else if (name == u"list")
        cmdList(opts);
    else if (name == u"show")
        cmdShow(opts);
    else if (name == u"approve")
        cmdDecide(opts, true);
    else if (name == u"deny")
        cmdDecide(opts, false);
    else if (name == u"queue")
        cmdQueue(opts);
    else if (name == u"audit")
        cmdAudit(opts);
    else if (name == u"subscriptions")
        cmdSubscriptions(opts);
    else if (name == u"tenant")
        cmdTenant(opts);
    else if (name == u"watch")
        cmdWatch(opts);
    else
        cmdAccount(opts, name);
}

void Lockboxctl::withSubscriptions(const QStringList &given, const std::function<void(const QStringList &)> &then)
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

void Lockboxctl::runSync(const QStringList &subscriptions, bool full, const std::function<void(int code)> &then)
{
    connect(
        m_engine.get(), &SyncEngine::finished, this,
        [this, then](const QList<SyncEngine::Result> &results) {
            int code = ExitOk;
            QJsonArray json;
            Table table({u"subscription"_s, u"mode"_s, u"result"_s});
            for (const SyncEngine::Result &r : results) {
                QJsonObject o;
                o.insert(u"subscriptionId"_s, r.subscriptionId);
                o.insert(u"mode"_s, r.full ? u"full"_s : u"pending"_s);
                o.insert(u"added"_s, int(r.changes.added.size()));
                o.insert(u"changed"_s, int(r.changes.changed.size()));
                o.insert(u"removed"_s, int(r.changes.removed.size()));
                o.insert(u"unchanged"_s, r.changes.unchanged);
                QString result = changeSummary(r.changes);
                if (r.error.isError()) {
                    o.insert(u"error"_s, r.error.toDisplayString());
                    result = tr("failed: %1").arg(r.error.toDisplayString());
                    if (code == ExitOk)
                        code = exitCodeFor(r.error);
                }
                json.append(o);
                table.addRow({r.subscriptionId, r.full ? tr("full") : tr("pending"), result});
            }
            if (m_line.global.format == OutputFormat::Json)
                printJson(json);
            else if (m_line.global.format == OutputFormat::Csv)
                printOut(table.toCsv());
            else
                printOut(table.toText());
            then(code);
        },
        Qt::SingleShotConnection);
    m_engine->sync(subscriptions, full ? SyncEngine::Mode::Full : SyncEngine::Mode::Auto, false);
}

void Lockboxctl::cmdSync(const CommandOptions &opts)
{
    if (!openLocal())
        return;
    withAzure([=, this]() mutable {
        const bool full = opts.isSet(u"full"_s);
        const QStringList given = opts.values(u"subscription"_s);
        // Decisions left queued by an earlier failure go out first.
        connect(
            m_decisions.get(), &DecisionService::idle, this,
            [this, full, given] {
                withSubscriptions(given, [this, full](const QStringList &subscriptions) {
                    runSync(subscriptions, full, [this](int code) { finish(code); });
                });
            },
            Qt::SingleShotConnection);
        connect(m_decisions.get(), &DecisionService::finished, this, [](const DecisionService::Outcome &outcome) {
            const QueuedDecision &d = outcome.decision;
            printErr(tr("queued decision on %1: %2%3\n")
                         .arg(d.requestId, QueuedDecision::stateName(d.state),
                              outcome.error.isError() ? u" ("_s + outcome.error.toDisplayString() + u')' : QString()));
        });
        m_decisions->resume();
    });
}

QJsonObject Lockboxctl::requestJson(const AccessRequest &r) const
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

void Lockboxctl::cmdList(const CommandOptions &opts)
{
    if (!openLocal())
        return;
    QString error;
    store::RequestQuery query;
    query.now = m_clock.now();
    const QString status = opts.isSet(u"status"_s) ? opts.value(u"status"_s) : u"pending"_s;
    if (status == u"pending")
        query.quick = store::QuickFilter::Pending;
    else if (status == u"active")
        query.quick = store::QuickFilter::Active;
    else if (status == u"history")
        query.quick = store::QuickFilter::History;
    else if (status == u"all")
        query.quick = store::QuickFilter::All;
    else
        query.statuses = {RequestStatus::fromString(status)};
    query.subscriptionIds = opts.values(u"subscription"_s);
    query.text = opts.value(u"search"_s);
    const QList<AccessRequest> requests = m_requests->requests(query, &error);
    if (!error.isEmpty())
        return fail(ExitFailure, error);

    if (m_line.global.format == OutputFormat::Json) {
        QJsonArray array;
        for (const AccessRequest &r : requests)
            array.append(requestJson(r));
        printJson(array);
        return finish(ExitOk);
    }
    Table table({u"id"_s, u"status"_s, u"created"_s, u"expires"_s, u"subscription"_s, u"resource type"_s, u"case"_s,
                 u"justification"_s});
    table.setMaxWidth(u"justification"_s, 60);
    table.setMaxWidth(u"resource type"_s, 44);
    for (const AccessRequest &r : requests) {
        QString statusText = r.status.toString();
        if (const auto queued = m_outbox->liveFor(r.requestId))
            statusText += tr(" (%1 queued)").arg(verdictToString(queued->verdict));
        table.addRow({r.requestId, statusText, shortTime(r.createdDateTime), shortTime(r.expirationDateTime),
                      r.subscriptionId, r.resourceType, r.supportRequest, r.justification});
    }
    if (m_line.global.format == OutputFormat::Csv)
        printOut(table.toCsv());
    else if (requests.isEmpty())
        printErr(tr("no %1 requests in the cache (run 'lockboxctl sync' to refresh it)\n").arg(status));
    else
        printOut(table.toText());
    finish(ExitOk);
}

void Lockboxctl::cmdShow(const CommandOptions &opts)
{
    if (!openLocal())
        return;
    QString error;
    const QString id = opts.positionals().first();
    const auto request = m_requests->request(id, &error);
    if (!request)
        return fail(ExitNotFound, error.isEmpty() ? tr("no request %1 in the cache").arg(id) : error);
    store::AuditQuery query;
    query.requestId = request->requestId;
    const QList<AuditRecord> timeline = m_audit->records(query);

    if (m_line.global.format == OutputFormat::Json) {
        QJsonObject o = requestJson(*request);
        QJsonArray events;
        for (const AuditRecord &a : timeline) {
            QJsonObject e;
            e.insert(u"time"_s, iso(a.time));
            e.insert(u"actor"_s, a.actor);
            e.insert(u"action"_s, a.action);
            e.insert(u"outcome"_s, a.outcome);
            e.insert(u"reason"_s, a.reason);
            e.insert(u"source"_s, AuditRecord::sourceName(a.source));
            events.append(e);
        }
        o.insert(u"timeline"_s, events);
        printJson(o);
        return finish(ExitOk);
    }
    const AccessRequest &r = *request;
    QString out;
    const auto field = [&out](const QString &name, const QString &value) {
        out += (name + u':').leftJustified(16, u' ') + terminalSafe(value) + u'\n';
    };
    field(tr("Request"), r.requestId);
    field(tr("Status"), r.status.toString());
    field(tr("Subscription"), r.subscriptionId);
    field(tr("Created"), iso(r.createdDateTime));
    field(tr("Expires"), iso(r.expirationDateTime));
    field(tr("Duration"), r.duration);
    field(tr("Access level"), r.accessLevel.value_or(tr("(not given)")));
    field(tr("Resource type"), r.resourceType);
    for (const QString &resource : r.resourceIds)
        field(tr("Resource"), resource);
    field(tr("Support case"), r.supportRequest);
    field(tr("Case link"), r.supportCaseUrl);
    field(tr("Work item"), r.workItemSource);
    field(tr("Justification"), r.justification);
    if (!timeline.isEmpty()) {
        out += tr("\nTimeline:\n");
        for (const AuditRecord &a : timeline) {
            out += u"  "_s + shortTime(a.time) + u"  "_s + terminalSafe(a.action) + u"  "_s + terminalSafe(a.actor)
                + (a.outcome.isEmpty() ? QString() : u"  "_s + terminalSafe(a.outcome)) + u'\n';
        }
    }
    printOut(out);
    finish(ExitOk);
}

void Lockboxctl::cmdDecide(const CommandOptions &opts, bool approve)
{
    const QString reason = opts.value(u"reason"_s).trimmed();
    if (!approve && reason.isEmpty())
        return fail(ExitUsage, tr("deny needs a reason: --reason \"…\" (Microsoft Support sees it)"));
    if (!openLocal())
        return;
    withAzure([=, this]() mutable {
        const QString id = opts.positionals().first();
        QString error;
        const auto cached = m_requests->request(id, &error);
        if (!cached)
            return fail(ExitNotFound, tr("no request %1 in the cache; run 'lockboxctl sync' first").arg(id));

        connect(m_decisions.get(), &DecisionService::finished, this, [this](const DecisionService::Outcome &outcome) {
            const QueuedDecision &d = outcome.decision;
            switch (d.state) {
            case QueuedDecision::State::Acknowledged:
                printOut(tr("%1: %2 accepted by Azure; the request is now %3\n")
                             .arg(d.requestId, verdictToString(d.verdict), d.serverStatus));
                return finish(ExitOk);
            case QueuedDecision::State::Failed:
                return fail(exitCodeFor(outcome.error.isError() ? outcome.error : ArmError()),
                            tr("%1: the decision failed: %2").arg(d.requestId, d.lastError));
            default:
                return fail(outcome.error.kind == ArmError::Kind::Unauthorized ? ExitNotSignedIn : ExitFailure,
                            tr("%1: the decision could not be sent (%2); it stays queued and goes out at the next "
                               "'lockboxctl sync' (or withdraw it with 'lockboxctl queue withdraw %1')")
                                .arg(d.requestId, outcome.error.toDisplayString()));
            }
        });
        const store::EnqueueResult queued =
            m_decisions->decide(cached->requestId, approve ? Verdict::Approve : Verdict::Deny, reason);
        switch (queued.status) {
        case store::EnqueueResult::Status::Queued:
            return;
        case store::EnqueueResult::Status::AlreadyQueued:
            return fail(ExitNotFound,
                        tr("%1 already has a decision on its way (%2, %3); see 'lockboxctl queue'")
                            .arg(id, verdictToString(queued.decision.verdict),
                                 QueuedDecision::stateName(queued.decision.state)));
        case store::EnqueueResult::Status::Failed:
            return fail(ExitFailure, queued.error);
        }
    });
}

void Lockboxctl::cmdQueue(const CommandOptions &opts)
{
    const bool withdraw = m_line.command.value(1) == u"withdraw";
    if (!openLocal())
        return;
    QString error;
    if (withdraw) {
        const QString id = opts.positionals().first();
        const auto withdrawn = m_outbox->withdraw(id, QString(), &error);
        if (!withdrawn)
            return fail(ExitNotFound, error.isEmpty() ? tr("%1 has no queued decision to withdraw").arg(id) : error);
        printOut(tr("%1: the queued %2 was withdrawn\n").arg(id, verdictToString(withdrawn->verdict)));
        return finish(ExitOk);
    }
    const QList<QueuedDecision> live = m_outbox->live(&error);
    if (!error.isEmpty())
        return fail(ExitFailure, error);
    if (m_line.global.format == OutputFormat::Json) {
        QJsonArray array;
        for (const QueuedDecision &d : live) {
            QJsonObject o;
            o.insert(u"id"_s, d.id.toString(QUuid::WithoutBraces));
            o.insert(u"requestId"_s, d.requestId);
            o.insert(u"subscriptionId"_s, d.subscriptionId);
            o.insert(u"verdict"_s, verdictToString(d.verdict));
            o.insert(u"reason"_s, d.reason);
            o.insert(u"state"_s, QueuedDecision::stateName(d.state));
            o.insert(u"attempts"_s, d.attempts);
            o.insert(u"createdAt"_s, iso(d.createdAt));
            o.insert(u"lastError"_s, d.lastError);
            array.append(o);
        }
        printJson(array);
        return finish(ExitOk);
    }
    Table table({u"request"_s, u"verdict"_s, u"state"_s, u"attempts"_s, u"queued"_s, u"last error"_s});
    table.setMaxWidth(u"last error"_s, 60);
    for (const QueuedDecision &d : live) {
        table.addRow({d.requestId, verdictToString(d.verdict), QueuedDecision::stateName(d.state),
                      QString::number(d.attempts), shortTime(d.createdAt), d.lastError});
    }
    if (m_line.global.format == OutputFormat::Csv)
        printOut(table.toCsv());
    else if (live.isEmpty())
        printErr(tr("no decisions waiting to be sent\n"));
    else
        printOut(table.toText());
    finish(ExitOk);
}

void Lockboxctl::cmdAudit(const CommandOptions &opts)
{
    store::AuditQuery query;
    if (opts.isSet(u"since"_s)) {
        const auto t = parseWhen(opts.value(u"since"_s), false);
        if (!t)
            return fail(
                ExitUsage,
                tr("--since wants a date or date-time such as 2026-11-01, not '%1'").arg(opts.value(u"since"_s)));
        query.since = *t;
    }
    if (opts.isSet(u"until"_s)) {
        const auto t = parseWhen(opts.value(u"until"_s), true);
        if (!t)
            return fail(
                ExitUsage,
                tr("--until wants a date or date-time such as 2026-11-30, not '%1'").arg(opts.value(u"until"_s)));
        query.until = *t;
    }
    query.requestId = opts.value(u"request"_s);
    const bool import = opts.isSet(u"import-activity-log"_s);
    if (!openLocal())
        return;

    const auto show = [this, opts, query] {
        if (opts.isSet(u"verify"_s)) {
            const store::AuditVerification v = m_audit->verify();
            if (m_line.global.format == OutputFormat::Json) {
                QJsonObject o;
                o.insert(u"ok"_s, v.ok);
                o.insert(u"recordsChecked"_s, v.recordsChecked);
                o.insert(u"firstBadSequence"_s, v.firstBadSequence);
                o.insert(u"message"_s, v.message);
                printJson(o);
            } else {
                (v.ok ? printOut : printErr)(v.message + u'\n');
            }
            return finish(v.ok ? ExitOk : ExitIntegrity);
        }
        QString readError;
        const QList<AuditRecord> records = m_audit->records(query, &readError);
        if (!readError.isEmpty())
            return fail(ExitFailure, readError);
        if (m_line.global.format == OutputFormat::Json) {
            QJsonArray array;
            for (const AuditRecord &a : records)
                array.append(engine::AuditFormat::json(a));
            printJson(array);
            return finish(ExitOk);
        }
        if (m_line.global.format == OutputFormat::Csv) {
            QString csv = engine::AuditFormat::csvHeader();
            for (const AuditRecord &a : records)
                csv += engine::AuditFormat::csvLine(a);
            printOut(csv);
            return finish(ExitOk);
        }
        Table table(
            {u"seq"_s, u"time"_s, u"source"_s, u"actor"_s, u"action"_s, u"request"_s, u"outcome"_s, u"reason"_s});
        table.setMaxWidth(u"reason"_s, 50);
        table.setMaxWidth(u"outcome"_s, 40);
        for (const AuditRecord &a : records) {
            table.addRow({QString::number(a.sequence), shortTime(a.time), AuditRecord::sourceName(a.source), a.actor,
                          a.action, a.requestId, a.outcome, a.reason});
        }
        printOut(table.toText());
        finish(ExitOk);
    };
    if (!import)
        return show();
    withAzure([this, show, opts] {
        auto *importer = new ActivityImporter(m_client.get(), m_audit.get(), m_clock, this);
        connect(importer, &ActivityImporter::finished, this, [show](int imported, const QStringList &errors) {
            for (const QString &e : errors)
                printErr(tr("Activity Log: %1\n").arg(e));
            printErr(tr("imported %n new Activity Log record(s)\n", nullptr, imported));
            show();
        });
        QStringList given = opts.values(u"subscription"_s);
        if (given.isEmpty())
            given = m_requests->subscriptions();
        withSubscriptions(given, [importer](const QStringList &subscriptions) { importer->import(subscriptions); });
    });
}

void Lockboxctl::cmdSubscriptions(const CommandOptions &)
{
    if (!openLocal())
        return;
    withAzure([=, this]() mutable {
        SubscriptionsApi api(m_client.get());
        SubscriptionListJob *job = api.list();
        connect(job, &ArmPager::finished, this, [this, job](const ArmError &err) {
            if (err.isError())
                return fail(exitCodeFor(err), tr("cannot list the subscriptions: %1").arg(err.toDisplayString()));
            const auto subscriptions = job->subscriptions();
            if (m_line.global.format == OutputFormat::Json) {
                QJsonArray array;
                for (const SubscriptionInfo &s : subscriptions) {
                    QJsonObject o;
                    o.insert(u"subscriptionId"_s, s.subscriptionId);
                    o.insert(u"displayName"_s, s.displayName);
                    o.insert(u"state"_s, s.state);
                    o.insert(u"tenantId"_s, s.tenantId);
                    array.append(o);
                }
                printJson(array);
                return finish(ExitOk);
            }
            Table table({u"subscription"_s, u"name"_s, u"state"_s, u"tenant"_s});
            for (const SubscriptionInfo &s : subscriptions)
                table.addRow({s.subscriptionId, s.displayName, s.state, s.tenantId});
            printOut(m_line.global.format == OutputFormat::Csv ? table.toCsv() : table.toText());
            finish(ExitOk);
        });
    });
}

void Lockboxctl::cmdTenant(const CommandOptions &opts)
{
    const QString sub = m_line.command.value(1);
    const bool change = sub != u"status";
    // Switching Lockbox off lets Microsoft Support in without consent: never by accident, never
    // silently in a script.
    const bool interactive = ::isatty(STDIN_FILENO) != 0;
    if (change && !opts.isSet(u"yes"_s) && !interactive)
        return fail(ExitUsage,
                    tr("'tenant %1' changes Customer Lockbox for the whole tenant: pass --yes to confirm "
                       "(standard input is not a terminal to ask on)")
                        .arg(sub));
    if (!openLocal())
        return;
    withAzure([this, opts, sub, change, interactive] {
        const auto status = [this](const QString &tenantId) {
            LockboxApi api(m_client.get());
            ArmCall *call = api.tenantOptedIn(tenantId);
            connect(call, &ArmCall::finished, this, [this, call, tenantId] {
                if (!call->isOk())
                    return fail(exitCodeFor(call->error()),
                                tr("cannot read the tenant's Lockbox status: %1").arg(call->error().toDisplayString()));
                const bool on = LockboxApi::optedInOf(call);
                if (m_line.global.format == OutputFormat::Json) {
                    QJsonObject o;
                    o.insert(u"tenantId"_s, tenantId);
                    o.insert(u"lockboxEnabled"_s, on);
                    printJson(o);
                } else if (on) {
                    printOut(tr("Customer Lockbox is enabled for tenant %1.\n").arg(terminalSafe(tenantId)));
                } else {
                    printOut(tr("Customer Lockbox is DISABLED for tenant %1: Microsoft Support needs no consent to "
                                "access customer data.\n")
                                 .arg(terminalSafe(tenantId)));
                }
                finish(ExitOk);
            });
        };
        const bool enable = sub == u"enable";
        const auto apply = [this, enable, opts, interactive](const QString &tenantId) {
            if (!opts.isSet(u"yes"_s) && interactive) {
                printErr(enable ? tr("This enables Customer Lockbox for every subscription of tenant %1.\n")
                                      .arg(terminalSafe(tenantId))
                                : tr("This DISABLES Customer Lockbox for tenant %1: Microsoft Support will then "
                                     "access customer data without asking anyone.\n")
                                      .arg(terminalSafe(tenantId)));
                printErr(tr("Type the tenant id to confirm: "));
                QTextStream in(stdin);
                const QString typed = in.readLine().trimmed();
                if (typed.compare(tenantId, Qt::CaseInsensitive) != 0)
                    return fail(ExitUsage, tr("not confirmed; nothing was changed"));
            }
            LockboxApi api(m_client.get());
            ArmCall *call = enable ? api.enableLockbox() : api.disableLockbox();
            connect(call, &ArmCall::finished, this, [this, call, tenantId, enable] {
                if (!call->isOk()) {
                    const ArmError &e = call->error();
                    if (e.kind == ArmError::Kind::Forbidden)
                        return fail(ExitForbidden,
                                    tr("only a Global Administrator can enable or disable Customer Lockbox for the "
                                       "tenant (%1)")
                                        .arg(terminalSafe(e.message.isEmpty() ? e.code : e.message)));
                    return fail(exitCodeFor(e),
                                tr("cannot %1 Customer Lockbox: %2")
                                    .arg(enable ? tr("enable") : tr("disable"), e.toDisplayString()));
                }
                if (m_line.global.format == OutputFormat::Json) {
                    QJsonObject o;
                    o.insert(u"tenantId"_s, tenantId);
                    o.insert(u"lockboxEnabled"_s, enable);
                    printJson(o);
                } else if (enable) {
                    printOut(tr("Customer Lockbox is now enabled for tenant %1.\n").arg(terminalSafe(tenantId)));
                } else {
                    printOut(tr("Customer Lockbox is now DISABLED for tenant %1: Microsoft Support needs no consent "
                                "to access customer data.\n")
                                 .arg(terminalSafe(tenantId)));
                }
                finish(ExitOk);
            });
        };
        const auto withTenant = [this, change, status, apply](const QString &tenantId) {
            if (change)
                apply(tenantId);
            else
                status(tenantId);
        };
        if (opts.isSet(u"tenant"_s))
            return withTenant(opts.value(u"tenant"_s));
        if (const auto account = m_auth->account(); account && !account->tenantId.isEmpty() && !m_line.global.tokenEnv)
            return withTenant(account->tenantId);
        SubscriptionsApi api(m_client.get());
        SubscriptionListJob *job = api.list();
        connect(job, &ArmPager::finished, this, [this, job, withTenant](const ArmError &err) {
            if (err.isError())
                return fail(exitCodeFor(err), tr("cannot find the tenant: %1").arg(err.toDisplayString()));
            const auto subscriptions = job->subscriptions();
            if (subscriptions.isEmpty() || subscriptions.first().tenantId.isEmpty())
                return fail(ExitUsage, tr("no subscription names the tenant; pass --tenant ID"));
            withTenant(subscriptions.first().tenantId);
        });
    });
}

void Lockboxctl::cmdAccount(const CommandOptions &opts, const QString &name)
{
    if (!openProfile())
        return;
    auto *commands = new AccountCommands(m_line, m_settings.get(), m_auth.get(), this);
    connect(commands, &AccountCommands::done, this, [this](int code, const QString &message) {
        if (message.isEmpty())
            finish(code);
        else
            fail(code, message);
    });
    if (name == u"login")
        commands->login(opts);
    else if (name == u"logout")
        commands->logout();
    else
        commands->whoami();
}

void Lockboxctl::cmdWatch(const CommandOptions &opts)
{
    bool ok = true;
    const int interval = opts.isSet(u"interval"_s) ? opts.value(u"interval"_s).toInt(&ok) : 60;
    if (!ok || interval < 1)
        return fail(ExitUsage, tr("--interval wants whole seconds, 1 or more"));
    if (!openLocal())
        return;
    withAzure([=, this]() mutable {
        connect(m_engine.get(), &SyncEngine::changed, this, [this](const ChangeSet &changes) {
            if (!m_watchPrimed)
                return;
            QList<RequestChange> arrivals;
            for (const RequestChange &c : changes.added) {
                if (c.newStatus.isDecidable())
                    arrivals.append(c);
            }
            for (const RequestChange &c : changes.changed) {
                if (c.newStatus.isDecidable() && !c.oldStatus.isDecidable())
                    arrivals.append(c);
            }
            for (const RequestChange &c : std::as_const(arrivals)) {
                const auto r = m_requests->request(c.requestId);
                if (!r)
                    continue;
                if (m_line.global.format == OutputFormat::Json) {
                    printOut(QString::fromUtf8(QJsonDocument(requestJson(*r)).toJson(QJsonDocument::Compact)) + u'\n');
                } else {
                    printOut(terminalSafe(tr("%1  %2  %3  expires %4  %5")
                                              .arg(r->requestId, r->subscriptionId, r->resourceType,
                                                   shortTime(r->expirationDateTime), r->justification.left(100)))
                             + u'\n');
                }
            }
        });
        auto *timer = new QTimer(this);
        timer->setInterval(interval * 1000);
        const QStringList given = opts.values(u"subscription"_s);
        const auto poll = [this, given] {
            if (m_engine->isRunning())
                return;
            withSubscriptions(given, [this](const QStringList &subscriptions) {
                m_engine->sync(subscriptions, SyncEngine::Mode::Auto, true);
            });
        };
        connect(timer, &QTimer::timeout, this, poll);
        connect(m_engine.get(), &SyncEngine::subscriptionFinished, this, [](const SyncEngine::Result &r) {
            if (r.error.isError())
                printErr(tr("%1: %2\n").arg(r.subscriptionId, r.error.toDisplayString()));
        });
        // The first run only fills the cache: what is pending already is not news.
        connect(m_engine.get(), &SyncEngine::finished, this,
                [this](const QList<SyncEngine::Result> &) { m_watchPrimed = true; });
        withSubscriptions(given, [this, timer](const QStringList &subscriptions) {
            m_engine->sync(subscriptions, SyncEngine::Mode::Auto, true);
            timer->start();
        });
    });
}

} // namespace lockbox::cli
