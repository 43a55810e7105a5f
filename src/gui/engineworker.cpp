#include "engineworker.h"

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
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {
Q_LOGGING_CATEGORY(lcEngine, "lockbox.gui.engine")

constexpr int kFirstChunk = 2000;   // enough to fill the first screen at once
constexpr int kChunk = 25000;       // then the rest of the cache in large steps
constexpr int kImportEveryMin = 30; // Activity Log import cadence
constexpr int kBulkReadThreshold = 200;
} // namespace

EngineWorker::EngineWorker(EngineConfig config)
    : m_config(std::move(config))
{
    qRegisterMetaType<lockbox::gui::SubscriptionStatus>();
    qRegisterMetaType<QList<lockbox::gui::SubscriptionStatus>>();
    qRegisterMetaType<QList<lockbox::AccessRequest>>();
    qRegisterMetaType<QList<lockbox::QueuedDecision>>();
    qRegisterMetaType<QList<lockbox::AuditRecord>>();
    qRegisterMetaType<lockbox::ChangeSet>();
    qRegisterMetaType<lockbox::QueuedDecision>();
}

EngineWorker::~EngineWorker() = default;

void EngineWorker::open()
{
    const Clock &clock = *m_config.clock;
    m_db = std::make_unique<store::Database>();
    QString error;
    if (!m_db->open(m_config.profileDir, &error)) {
        Q_EMIT opened(false, error);
        return;
    }
    m_requests = std::make_unique<store::RequestStore>(*m_db, clock);
    m_syncState = std::make_unique<store::SyncState>(*m_db);
    m_outbox = std::make_unique<store::DecisionOutbox>(*m_db, clock);
    m_audit = std::make_unique<store::AuditLog>(*m_db, clock);

    // The cache first: the window fills before the network says anything.
    for (int offset = 0;;) {
        store::RequestQuery query;
        query.limit = offset == 0 ? kFirstChunk : kChunk;
        query.offset = offset;
        const QList<AccessRequest> rows = m_requests->requests(query, &error);
        const bool last = rows.size() < query.limit || !error.isEmpty();
        Q_EMIT snapshot(rows, last);
        if (last)
            break;
        offset += int(rows.size());
    }
    if (!error.isEmpty())
        Q_EMIT message(tr("Could not read the whole cache: %1").arg(error));
    emitQueue();

    m_network = std::make_unique<QNetworkAccessManager>();
    m_tokens = m_config.makeTokens ? m_config.makeTokens(m_network.get()) : nullptr;
    if (!m_tokens) {
        Q_EMIT opened(false, tr("Not signed in: no way to get a token was configured."));
        return;
    }
    Q_EMIT identityChanged(m_tokens->identity());

    ArmClient::Options armOptions;
    armOptions.endpoint = m_config.endpoint;
    armOptions.timeoutMs = m_config.timeoutSec * 1000;
    m_client = std::make_unique<ArmClient>(m_network.get(), m_tokens.get(), armOptions);

    SyncEngine::Options syncOptions;
    syncOptions.concurrency = m_config.concurrency;
    syncOptions.fullIntervalSec = m_config.fullIntervalSec;
    m_engine = std::make_unique<SyncEngine>(m_client.get(), m_requests.get(), m_syncState.get(), clock, syncOptions);
    connect(m_engine.get(), &SyncEngine::changed, this, &EngineWorker::emitChanges);
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
    connect(m_engine.get(), &SyncEngine::finished, this, &EngineWorker::onSyncFinished);

    m_decisions = std::make_unique<DecisionService>(m_client.get(), m_outbox.get(), m_requests.get(), m_tokens.get(),
                                                    clock, DecisionService::Options());
    connect(m_decisions.get(), &DecisionService::changed, this, &EngineWorker::emitChanges);
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

    auto *timer = new QTimer(this);
    timer->setObjectName(u"pollTimer"_s);
    timer->setInterval(std::max(1, m_config.pendingPollSec) * 1000);
    connect(timer, &QTimer::timeout, this, [this] { startSync(false, false); });
    timer->start();

    Q_EMIT opened(true, QString());
    // Decisions left by a crash or queued while offline go out first.
    if (m_decisions->resume() > 0)
        emitQueue();
    discoverSubscriptions();
}

void EngineWorker::discoverSubscriptions()
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

void EngineWorker::checkTenant(const QString &tenantId)
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

void EngineWorker::syncNow(bool full)
{
    if (!m_engine)
        return;
    if (!m_discovered) {
        discoverSubscriptions();
        return;
    }
    startSync(full, true);
}

void EngineWorker::startSync(bool full, bool userAsked)
{
    if (!m_engine || m_subscriptionIds.isEmpty())
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

void EngineWorker::onSyncFinished()
{
    QStringList errors;
    for (auto it = m_status.begin(); it != m_status.end(); ++it) {
        it->syncing = false;
        if (!it->lastError.isEmpty())
            errors.append((it->displayName.isEmpty() ? it->subscriptionId : it->displayName) + u": "_s + it->lastError);
    }
    emitSubscriptions();
    Q_EMIT syncRunning(false);
    Q_EMIT syncFinished(m_runChanged, errors);

    const QDateTime now = m_config.clock->now();
    if (m_config.importActivityLog && m_importer
        && (!m_lastImport.isValid() || m_lastImport.secsTo(now) >= kImportEveryMin * 60)) {
        m_lastImport = now;
        m_importer->import(m_subscriptionIds);
    }
    if (m_pendingRequest) {
        const bool full = m_pendingFullRequest;
        m_pendingRequest = m_pendingFullRequest = false;
        startSync(full, true);
    }
}

void EngineWorker::emitChanges(const ChangeSet &changes)
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
            store::RequestQuery query;
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

void EngineWorker::emitQueue()
{
    if (!m_outbox)
        return;
    QString error;
    const QList<QueuedDecision> live = m_outbox->live(&error);
    if (!error.isEmpty())
        Q_EMIT message(tr("Cannot read the decision queue: %1").arg(error));
    Q_EMIT queueChanged(live);
}

void EngineWorker::emitSubscriptions()
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

void EngineWorker::decide(const QStringList &requestIds, Verdict verdict, const QString &reason)
{
    if (!m_decisions) {
        for (const QString &id : requestIds)
            Q_EMIT decisionRefused(id, tr("The console is not connected."));
        return;
    }
    for (const QString &id : requestIds) {
        const store::EnqueueResult result = m_decisions->decide(id, verdict, reason);
        switch (result.status) {
        case store::EnqueueResult::Status::Queued: Q_EMIT decisionQueued(result.decision); break;
        case store::EnqueueResult::Status::AlreadyQueued:
            Q_EMIT decisionRefused(id, tr("A decision for this request is already on its way."));
            break;
        case store::EnqueueResult::Status::Failed: Q_EMIT decisionRefused(id, result.error); break;
        }
    }
    emitQueue();
    Q_EMIT auditAppended();
}

void EngineWorker::withdraw(const QString &requestId)
{
    if (!m_outbox)
        return;
    QString error;
    const auto withdrawn = m_outbox->withdraw(requestId, m_tokens ? m_tokens->identity() : QString(), &error);
    if (!withdrawn)
        Q_EMIT message(tr("Could not withdraw the decision: %1").arg(error.isEmpty() ? tr("it is already being sent")
                                                                                     : error));
    else
        Q_EMIT message(tr("Decision withdrawn."));
    emitQueue();
    Q_EMIT auditAppended();
}

void EngineWorker::loadTimeline(const QString &requestId)
{
    if (!m_audit)
        return;
    store::AuditQuery query;
    query.requestId = requestId;
    QString error;
    Q_EMIT timelineReady(requestId, m_audit->records(query, &error));
}

void EngineWorker::setPollInterval(int seconds)
{
    m_config.pendingPollSec = seconds;
    if (auto *timer = findChild<QTimer *>(u"pollTimer"_s))
        timer->setInterval(std::max(1, seconds) * 1000);
}

void EngineWorker::setSubscriptions(const QStringList &subscriptionIds)
{
    if (subscriptionIds == m_config.subscriptions)
        return;
    m_config.subscriptions = subscriptionIds;
    m_status.clear();
    m_subscriptionIds.clear();
    m_discovered = false;
    if (m_client)
        discoverSubscriptions();
}

void EngineWorker::shutdown()
{
    if (auto *timer = findChild<QTimer *>(u"pollTimer"_s))
        timer->stop();
    if (m_engine)
        m_engine->cancel();
    if (m_syncState)
        m_syncState->flush(); // poll times kept in memory while idle (no writes when nothing changes)
    m_importer.reset();
    m_decisions.reset();
    m_engine.reset();
    m_client.reset();
    m_tokens.reset();
    m_network.reset();
    m_audit.reset();
    m_outbox.reset();
    m_syncState.reset();
    m_requests.reset();
    m_db.reset();
}

} // namespace lockbox::gui
