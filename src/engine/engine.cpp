#include "engine/engine.h"

// The engine's cache, sync and decisions; its account side (sign-in, step-up, tenant) is in
// engineaccount.cpp.

#include "auth/authsession.h"
#include "auth/refreshingtokenprovider.h"
#include "auth/signinmanager.h"
#include "auth/stepup.h"
#include "auth/switchabletokenprovider.h"
#include "auth/tokenprovider.h"
#include "engine/armservices.h"
#include "engine/profile.h"
#include "engine/tenantdirectory.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/decisionoutbox.h"
#include "store/requestrowreader.h"
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

#include <atomic>
#include <deque>
#include <limits>

using namespace Qt::StringLiterals;

namespace lockbox::engine {

namespace {
Q_LOGGING_CATEGORY(lcEngine, "lockbox.engine")

// The first screen several times over (some 40 rows fill a window 1,080 pixels high), and no
// more: the GUI takes them in before the window's first paint with rows (QUALITY P4).
constexpr int kFirstChunk = 150;
constexpr int kChunk = 5000; // then the rest, a few tens of milliseconds of the GUI each
// With EngineConfig::pacedSnapshots: chunks read ahead of the front end, and how long it may take
// one before the rest is read without waiting for it.
constexpr int kSnapshotsOnTheirWay = 2;
constexpr int kSnapshotTakenTimeoutMs = 10000;
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

void Engine::snapshotTaken()
{
    m_snapshotsTaken.release();
}

void Engine::stopReadingCache()
{
    m_stopReadingCache = true;
    m_snapshotsTaken.release(); // ends a wait for the front end
}

void Engine::open()
{
    QString error;
    auto profile = std::make_unique<Profile>();
    store::DatabaseOptions dbOptions;
    dbOptions.quickCheck = false; // run below, once the cache is on its way to the window
    if (!profile->create(m_config.profileDir, &error) || !profile->openStores(*m_config.clock, dbOptions, &error)) {
        Q_EMIT opened(false, error);
        return;
    }
    m_profile = std::move(profile);
    // Read before the cache: whatever another process commits from here on is found later
    // (checkOtherWriters()).
    m_dataVersion = m_profile->database()->dataVersion();

    // The cache first: the window fills before the network says anything. Read as the table keeps
    // it (summaries but for open requests), newest first, one queued chunk at a time.
    {
        const QString path = m_profile->database()->filePath();
        store::RequestRowReader reader;
        const bool readable = reader.open(path, &error);
        m_snapshotsTaken.tryAcquire(m_snapshotsTaken.available()); // none left from an earlier open
        bool paced = m_config.pacedSnapshots;
        int onTheirWay = 0;
        int chunks = 0; // sent
        // The chunks sent, while the front end still holds them: the rows are freed here, by
        // the thread that made them, once the front end has let go of its copy (its queued call
        // is gone), not by the GUI's thread. A third of the GUI's time a chunk with 100,000
        // requests (QUALITY P4).
        // A chunk's list, once free, is the room the next is read into (a new 2 MB buffer each time
        // would cost its pages and the allocator's tidying anew).
        std::deque<QList<AccessRequest>> sent;
        QList<AccessRequest> room;
        const auto freeTaken = [&sent, &room] {
            // Any the front end let go of (one that a receiver keeps stays with it).
            for (auto it = sent.begin(); it != sent.end();) {
                if (!it->isDetached()) {
                    ++it;
                    continue;
                }
                // The front end's last use of the rows happens before their freeing here.
                std::atomic_thread_fence(std::memory_order_acquire);
                it->clear();
                if (it->capacity() > room.capacity())
                    room = std::move(*it);
                it = sent.erase(it);
            }
        };
        for (bool first = true; first || !reader.atEnd(); first = false) {
            if (m_stopReadingCache)
                return; // the front end is going away; shutdown() follows
            // The first chunk travels alone: the front end shows the first screen before the
            // rest is read (and counted), so that the first rows do not share the processor with
            // that reading (QUALITY P4, on a machine of two cores).
            const bool second = chunks == 1;
            if (paced && onTheirWay >= (second ? 1 : kSnapshotsOnTheirWay)) {
                if (m_snapshotsTaken.tryAcquire(1, kSnapshotTakenTimeoutMs)) {
                    --onTheirWay;
                    if (m_stopReadingCache)
                        return;
                } else {
                    qCWarning(lcEngine) << "the front end took no cache chunk for" << kSnapshotTakenTimeoutMs
                                        << "ms; reading the rest unpaced";
                    paced = false;
                }
            }
            if (second) {
                // Counted once the first rows are shown, not before them: the front end makes
                // room for every row before the second chunk comes.
                const qint64 total = reader.countAll();
                if (total > 0 && total <= std::numeric_limits<int>::max())
                    Q_EMIT snapshotSize(int(total));
            }
            ++onTheirWay;
            freeTaken();
            const QList<AccessRequest> rows = readable
                ? reader.next(first ? kFirstChunk : kChunk, &error, std::exchange(room, {}))
                : QList<AccessRequest>();
            const bool last = reader.atEnd();
            freeTaken();
            Q_EMIT snapshot(rows, last);
            ++chunks;
            if (!rows.isEmpty())
                sent.push_back(rows);
        }
        // PRAGMA quick_check once the whole cache is on its way, before the engine writes anything
        // (a migration at open aside): neither the first rows nor the rest wait for it, and the
        // front end takes the last chunks meanwhile (a tenth of a second at 100,000 requests). On
        // a read-only connection of its own, as the reading is.
        freeTaken();
        QString damaged;
        if (!store::Database::checkFile(path, &damaged)) {
            // Damaged: what was shown stays on screen, nothing is written.
            m_profile.reset();
            Q_EMIT opened(false, damaged);
            return;
        }
    }
    if (!error.isEmpty())
        Q_EMIT message(tr("Could not read the whole cache: %1").arg(error));
    emitQueue();

    m_network = std::make_unique<QNetworkAccessManager>();
    m_tokens = std::make_unique<SwitchableTokenProvider>();
    if (!m_config.accountSettingsFile.isEmpty()) {
        m_profile->accountSettings(m_config.accountSettingsFile);
        m_session = m_profile->session(m_network.get());
        m_signIn = new SignInManager(m_network.get(), this);
        connect(m_signIn, &SignInManager::deviceCode, this,
                [this](const QString &userCode, const QUrl &uri, int expiresInSec, const QString &) {
                    Q_EMIT signInCode(userCode, uri, expiresInSec);
                });
        connect(m_signIn, &SignInManager::browserUrl, this, &Engine::signInBrowserUrl);
        connect(
            m_signIn, &SignInManager::succeeded, this,
            [this](const Account &account, const Token &token, const QByteArray &) { completeSignIn(account, token); });
        connect(m_signIn, &SignInManager::failed, this, [this](const AuthError &e) {
            Q_EMIT signInFinished(false, e.message.isEmpty() ? tr("The sign-in failed.") : e.message);
        });
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
        if (m_arm->decisions()->resume() > 0)
            emitQueue();
        discoverSubscriptions();
    }
}

void Engine::buildArm()
{
    ArmServices::Options options;
    options.endpoint = m_endpoint;
    options.timeoutSec = m_config.timeoutSec;
    options.concurrency = m_config.concurrency;
    options.fullIntervalSec = m_config.fullIntervalSec;
    m_arm = std::make_unique<ArmServices>(m_network.get(), m_tokens.get(), *m_profile, *m_config.clock, options);

    SyncEngine *sync = m_arm->sync();
    connect(sync, &SyncEngine::changed, this, &Engine::emitChanges);
    connect(sync, &SyncEngine::subscriptionFinished, this, [this](const SyncEngine::Result &result) {
        SubscriptionStatus &s = m_status[result.subscriptionId];
        s.subscriptionId = result.subscriptionId;
        s.syncing = false;
        if (result.skipped) {
            // backing off: keep the last error
        } else if (result.error.isError()) {
            s.lastError = result.error.toDisplayString();
        } else {
            s.lastError.clear();
            s.lastSuccess = m_config.clock->now(); // when it happened, on the clock the requests are read by
        }
        if (const auto state = m_profile->syncState()->state(result.subscriptionId))
            s.retryAfter = state->nextAttemptNotBefore;
        emitSubscriptions();
    });
    connect(sync, &SyncEngine::finished, this, &Engine::onSyncFinished);

    DecisionService *decisions = m_arm->decisions();
    connect(decisions, &DecisionService::changed, this, &Engine::emitChanges);
    connect(decisions, &DecisionService::finished, this, [this](const DecisionService::Outcome &outcome) {
        Q_EMIT decisionFinished(outcome.decision,
                                outcome.error.isError() ? outcome.error.toDisplayString() : outcome.decision.lastError);
        emitQueue();
        Q_EMIT auditAppended();
    });

    connect(m_arm->importer(), &ActivityImporter::changed, this, &Engine::emitChanges);
    connect(m_arm->importer(), &ActivityImporter::finished, this, [this](int imported, const QStringList &errors) {
        if (imported > 0)
            Q_EMIT auditAppended();
        for (const QString &e : errors)
            qCInfo(lcEngine) << "Activity Log import:" << e;
    });
}

void Engine::teardownArm()
{
    if (m_arm && m_arm->sync()->isRunning()) {
        m_arm->sync()->cancel();
        Q_EMIT syncRunning(false);
    }
    m_arm.reset();
    m_pendingRequest = m_pendingFullRequest = false;
}

void Engine::syncNow(bool full)
{
    if (!m_arm)
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
    if (!m_arm || m_subscriptionIds.isEmpty() || !signedIn())
        return;
    if (m_arm->sync()->isRunning()) {
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
    m_arm->sync()->sync(m_subscriptionIds, full ? SyncEngine::Mode::Full : SyncEngine::Mode::Auto, !userAsked);
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
    if (m_config.importActivityLog && m_arm
        && (!m_lastImport.isValid() || m_lastImport.secsTo(now) >= qint64(kImportEveryMin) * 60)) {
        m_lastImport = now;
        m_arm->importer()->import(m_subscriptionIds);
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
    // first sync) as the table keeps rows (summaries but for open requests), through the cache
    // reader's own connection a chunk at a time: not 10,000 whole requests and their QVariants at
    // once.
    QHash<QString, QStringList> wanted; // subscription -> ids
    for (const QList<RequestChange> *list : {&changes.added, &changes.changed}) {
        for (const RequestChange &c : *list)
            wanted[c.subscriptionId].append(c.requestId);
    }
    QList<AccessRequest> rows;
    rows.reserve(changes.added.size() + changes.changed.size());
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        if (it.value().size() > kBulkReadThreshold && !it.key().isEmpty() && readRows(it.key(), it.value(), &rows))
            continue;
        for (const QString &id : it.value()) {
            if (auto r = m_profile->requests()->request(id))
                rows.append(std::move(*r));
        }
    }
    Q_EMIT requestsChanged(changes, rows);
}

bool Engine::readRows(const QString &subscriptionId, const QStringList &requestIds, QList<AccessRequest> *rows)
{
    QHash<QString, QString> ids; // lower case -> as given
    ids.reserve(requestIds.size());
    for (const QString &id : requestIds)
        ids.insert(id.toLower(), id);
    const qsizetype before = rows->size();
    store::RequestRowReader reader;
    QString error;
    if (reader.open(m_profile->database()->filePath(), subscriptionId, &error)) {
        while (!reader.atEnd()) {
            QList<AccessRequest> chunk = reader.next(kChunk, &error);
            for (AccessRequest &r : chunk) {
                if (ids.remove(r.requestId.toLower()))
                    rows->append(std::move(r));
            }
        }
    }
    if (error.isEmpty()) {
        // Any not found under this subscription (written under another spelling of it, say) are
        // read one by one: every changed row reaches the front end.
        for (const QString &id : std::as_const(ids)) { // the values: as given
            if (auto r = m_profile->requests()->request(id))
                rows->append(std::move(*r));
        }
        return true;
    }
    qCWarning(lcEngine) << "could not read the changed rows through the cache reader (read one by one):" << error;
    rows->resize(before);
    return false;
}

void Engine::checkOtherWriters()
{
    if (!m_profile || m_profile->requests()->isMerging())
        return;
    QString error;
    if (!m_profile->requests()->isTracking()) {
        // The first check, off the launch's path: the window holds the cache as read at open plus
        // this engine's own changes since, which is the cache now unless another process wrote
        // meanwhile.
        if (!m_profile->requests()->trackShown(&error)) {
            qCInfo(lcEngine) << "cannot read the cache to follow other processes (tried again shortly):" << error;
            return;
        }
        const qint64 version = m_profile->database()->dataVersion(&error);
        if (version < 0 || version != m_dataVersion) {
            // It did (or that cannot be told): what the window missed is not known, so it is
            // given everything again.
            emitChanges(m_profile->requests()->shownAsChanged());
            emitQueue();
            Q_EMIT auditAppended();
        }
        m_dataVersion = version;
        return;
    }
    const qint64 version = m_profile->database()->dataVersion(&error);
    if (version < 0) {
        qCInfo(lcEngine) << "cannot tell whether another process wrote:" << error;
        return;
    }
    if (version == m_dataVersion)
        return;
    // Our own merges keep the store's baseline up to date: what differs now, another process wrote.
    const auto changes = m_profile->requests()->othersChanges(&error);
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
    if (!m_profile)
        return;
    QString error;
    const QList<QueuedDecision> live = m_profile->outbox()->live(&error);
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
    QList<AccessRequest> cached;
    for (const QString &id : requestIds) {
        std::optional<AccessRequest> request;
        if (m_profile)
            request = m_profile->requests()->request(id);
        if (!request) {
            request = AccessRequest(); // not cached: the decision service says so
            request->requestId = id;
        }
        cached.append(*request);
    }
    decide(cached, verdict, reason);
}

void Engine::applyDecision(const QList<AccessRequest> &reviewed, Verdict verdict, const QString &reason)
{
    for (const AccessRequest &request : reviewed) {
        const QString &id = request.requestId;
        const store::EnqueueResult result = m_arm->decisions()->decide(request, verdict, reason);
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
    if (!m_profile)
        return;
    QString error;
    const auto withdrawn =
        m_profile->outbox()->withdraw(requestId, m_tokens ? m_tokens->identity() : QString(), &error);
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
    if (!m_profile)
        return;
    store::AuditQuery query;
    query.requestId = requestId;
    QString error;
    Q_EMIT timelineReady(requestId, m_profile->audit()->records(query, &error));
}

void Engine::loadRequest(const QString &requestId)
{
    if (!m_profile)
        return;
    QString error;
    Q_EMIT requestRead(requestId, m_profile->requests()->request(requestId, &error).value_or(AccessRequest()));
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
    if (m_arm)
        m_arm->sync()->setConcurrency(m_config.concurrency);
}

void Engine::setSubscriptions(const QStringList &subscriptionIds)
{
    if (subscriptionIds == m_config.subscriptions)
        return;
    m_config.subscriptions = subscriptionIds;
    m_status.clear();
    m_subscriptionIds.clear();
    m_discovered = false;
    if (m_arm && signedIn())
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
    if (m_arm)
        m_arm->sync()->cancel();
    m_arm.reset();
    m_tokens.reset();
    delete m_signIn;
    m_signIn = nullptr;
    m_session = nullptr;
    m_profile.reset(); // writes the poll times kept in memory while idle, then closes the database
    m_network.reset();
}

} // namespace lockbox::engine
