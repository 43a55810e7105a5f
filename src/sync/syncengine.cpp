#include "syncengine.h"

#include "azure/armcall.h"
#include "azure/armclient.h"
#include "azure/lockboxapi.h"
#include "azure/requestlistjob.h"
#include "core/clock.h"
#include "store/requeststore.h"
#include "store/syncstate.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcSync, "lockbox.sync", QtWarningMsg)

namespace {
constexpr qint64 kMaxRetryAfterSec = qint64(24) * 3600;
} // namespace

namespace lockbox {

store::SubscriptionSyncState SyncEngine::stateOf(const QString &subscriptionId) const
{
    QString error;
    if (auto state = m_state->state(subscriptionId, &error))
        return *state;
    qCWarning(lcSync) << "could not read the sync state:" << error;
    store::SubscriptionSyncState fresh;
    fresh.subscriptionId = subscriptionId;
    return fresh;
}

SyncEngine::SyncEngine(ArmClient *client, store::RequestStore *requests, store::SyncState *state, const Clock &clock,
                       const Options &options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_api(std::make_unique<LockboxApi>(client))
    , m_requests(requests)
    , m_state(state)
    , m_clock(clock)
    , m_options(options)
{
    qRegisterMetaType<lockbox::ChangeSet>();
    qRegisterMetaType<lockbox::SyncEngine::Result>();
    qRegisterMetaType<lockbox::store::SubscriptionSyncState>();
    setConcurrency(m_options.concurrency);
}

void SyncEngine::setConcurrency(int concurrency)
{
    m_options.concurrency = qMax(1, concurrency);
    // The client's budget caps the reads in flight of every caller: at least as many as the
    // subscriptions this engine syncs at once, or the engine's setting would mean nothing.
    if (m_client && m_client->budget().concurrency() < m_options.concurrency)
        m_client->budget().setConcurrency(m_options.concurrency);
}

SyncEngine::~SyncEngine()
{
    cancel();
}

store::SubscriptionSyncState SyncEngine::subscriptionState(const QString &subscriptionId) const
{
    return stateOf(subscriptionId);
}

bool SyncEngine::sync(const QStringList &subscriptionIds, Mode mode, bool respectBackoff)
{
    if (m_running)
        return false;
    m_running = true;
    m_mode = mode;
    m_respectBackoff = respectBackoff;
    m_results.clear();
    m_order.clear();
    m_next = 0;
    QSet<QString> seen;
    seen.reserve(subscriptionIds.size());
    for (const QString &id : subscriptionIds) {
        const QString key = id.toLower();
        if (!seen.contains(key)) {
            seen.insert(key);
            m_order.append(id);
        }
    }
    m_results.reserve(m_order.size());
    // Always answer from the event loop, even for an empty run.
    QMetaObject::invokeMethod(this, &SyncEngine::startNext, Qt::QueuedConnection);
    return true;
}

void SyncEngine::cancel()
{
    m_next = m_order.size();
    const auto active = m_active;
    for (const Work &work : active) {
        if (work.job)
            work.job->cancel();
    }
}

void SyncEngine::startNext()
{
    while (m_next < m_order.size() && m_active.size() < m_options.concurrency) {
        const QString id = m_order.at(m_next++);
        const auto state = stateOf(id);
        const QDateTime now = m_clock.now();
        if (m_respectBackoff && state.nextAttemptNotBefore.isValid() && now < state.nextAttemptNotBefore) {
            Result skipped;
            skipped.subscriptionId = id;
            skipped.skipped = true;
            skipped.error.kind = ArmError::Kind::None;
            skipped.nextAttemptNotBefore = state.nextAttemptNotBefore;
            m_results.insert(id.toLower(), skipped);
            Q_EMIT subscriptionFinished(skipped);
            continue;
        }
        Work work;
        work.subscriptionId = id;
        switch (m_mode) {
        case Mode::Full:
            work.full = true;
            break;
        case Mode::PendingOnly:
            work.full = false;
            break;
        case Mode::Auto:
            work.full =
                !state.lastFullSync.isValid() || state.lastFullSync.secsTo(now) >= qint64(m_options.fullIntervalSec);
            break;
        }
        Work &stored = m_active[id.toLower()] = work;
        startWork(stored);
        Q_EMIT subscriptionStarted(id);
    }
    if (m_next >= m_order.size() && m_active.isEmpty() && m_running)
        finishRun();
}

void SyncEngine::finishRun()
{
    m_running = false;
    // Report in the order asked, whatever order the subscriptions finished in.
    QList<Result> ordered;
    ordered.reserve(m_order.size());
    for (const QString &id : std::as_const(m_order)) {
        const auto it = m_results.constFind(id.toLower());
        if (it != m_results.constEnd())
            ordered.append(*it);
    }
    m_results.clear();
    Q_EMIT finished(ordered);
}

void SyncEngine::startWork(Work &work)
{
    const QString key = work.subscriptionId.toLower();
    RequestListJob *job = m_api->listRequests(
        work.subscriptionId,
        work.full ? std::nullopt : std::optional<RequestStatus>(RequestStatus(RequestStatus::Kind::Pending)));
    work.job = job;
    // Pages are kept until the listing is complete: the cache changes only for a whole, successful
    // listing, so a failure half way writes nothing.
    connect(job, &RequestListJob::page, this, [this, key](const QList<AccessRequest> &page) {
        auto it = m_active.find(key);
        if (it != m_active.end())
            it->received += page;
    });
    connect(job, &ArmPager::finished, this,
            [this, id = work.subscriptionId](const ArmError &error) { onListFinished(id, error); });
}

void SyncEngine::onListFinished(const QString &subscriptionId, const ArmError &error)
{
    const QString key = subscriptionId.toLower();
    auto it = m_active.find(key);
    if (it == m_active.end())
        return;
    if (error.isError()) {
        complete(subscriptionId, error);
        return;
    }
    QString dbError;
    const QList<AccessRequest> received = std::exchange(it->received, {});
    if (it->full) {
        const auto changes = m_requests->mergeFull(subscriptionId, received, &dbError);
        if (!changes) {
            ArmError storeError;
            storeError.kind = ArmError::Kind::BadReply;
            storeError.detail = dbError;
            complete(subscriptionId, storeError);
            return;
        }
        // After a pending poll that went on to a full listing, the poll's changes were announced
        // already; the result carries both.
        it->changes.append(*changes);
        it->fullChanges = *changes;
        complete(subscriptionId, ArmError());
        return;
    }
    QStringList vanished;
    const auto changes = m_requests->mergePending(subscriptionId, received, &vanished, &dbError);
    if (!changes) {
        ArmError storeError;
        storeError.kind = ArmError::Kind::BadReply;
        storeError.detail = dbError;
        complete(subscriptionId, storeError);
        return;
    }
    it->changes = *changes;
    if (!changes->isEmpty())
        Q_EMIT changed(*changes);
    // Requests that left the pending list were decided, expired or withdrawn: read each, or, when
    // many left at once, the whole list (which also settles the ones no longer listed at all).
    if (vanished.size() > std::max(0, m_options.maxRereads)) {
        qCInfo(lcSync) << vanished.size() << "requests left the pending list of" << subscriptionId
                       << "- reading its full list instead of each one";
        it->full = true;
        startWork(*it);
        return;
    }
    it->rereads = vanished;
    rereadNext(subscriptionId);
}

void SyncEngine::rereadNext(const QString &subscriptionId)
{
    const QString key = subscriptionId.toLower();
    auto it = m_active.find(key);
    if (it == m_active.end())
        return;
    if (it->rereads.isEmpty()) {
        complete(subscriptionId, ArmError());
        return;
    }
    const QString requestId = it->rereads.takeFirst();
    ArmCall *call = m_api->getRequest(subscriptionId, requestId);
    connect(call, &ArmCall::finished, this, [this, call, subscriptionId] {
        const QString k = subscriptionId.toLower();
        auto work = m_active.find(k);
        if (work == m_active.end())
            return;
        if (call->isOk()) {
            QString dbError;
            if (const auto changes = m_requests->upsertOne(LockboxApi::requestOf(call), &dbError)) {
                work->changes.append(*changes);
                if (!changes->isEmpty())
                    Q_EMIT changed(*changes);
            } else {
                qCWarning(lcSync) << "could not store a re-read request:" << dbError;
            }
        } else if (call->error().kind != ArmError::Kind::NotFound) {
            // Not fatal for the poll: the next full sync settles it.
            qCInfo(lcSync) << "re-read failed:" << call->error().toDisplayString();
        }
        rereadNext(subscriptionId);
    });
}

void SyncEngine::complete(const QString &subscriptionId, const ArmError &error)
{
    const QString key = subscriptionId.toLower();
    const Work work = m_active.take(key);

    auto state = stateOf(subscriptionId);
    state.subscriptionId = subscriptionId;
    const QDateTime now = m_clock.now();
    if (error.isError() && error.kind != ArmError::Kind::Cancelled) {
        state.consecutiveFailures += 1;
        state.lastError = error.toDisplayString();
        qint64 delay = qMin<qint64>(qint64(m_options.backoffMaxSec),
                                    qint64(m_options.backoffBaseSec) << qMin(state.consecutiveFailures - 1, 16));
        // Not an approver here: that changes when someone grants a role, not by the next poll.
        if (error.kind == ArmError::Kind::Forbidden)
            delay = qMax<qint64>(delay, m_options.forbiddenBackoffSec);
        // A server's Retry-After is honoured up to a day, as ArmCall and ArmBudget do: a huge one
        // must not park the subscription's automatic syncs for years.
        if (error.retryAfterSec > 0)
            delay = qMax<qint64>(delay, qMin<qint64>(error.retryAfterSec, kMaxRetryAfterSec));
        state.nextAttemptNotBefore = now.addSecs(delay);
    } else if (!error.isError()) {
        state.consecutiveFailures = 0;
        state.lastError.clear();
        state.nextAttemptNotBefore = QDateTime();
        if (work.full)
            state.lastFullSync = now;
        // Kept in memory by SyncState unless something else of this subscription changed.
        state.lastPendingPoll = now;
    }
    QString dbError;
    if (!m_state->set(state, &dbError))
        qCWarning(lcSync) << "could not store the sync state:" << dbError;

    Result result;
    result.subscriptionId = subscriptionId;
    result.full = work.full;
    result.changes = work.changes;
    result.error = error;
    if (error.isError())
        result.nextAttemptNotBefore = state.nextAttemptNotBefore;
    if (work.full && !error.isError() && !work.fullChanges.isEmpty())
        Q_EMIT changed(work.fullChanges);
    m_results.insert(key, result);
    Q_EMIT subscriptionStateChanged(state);
    Q_EMIT subscriptionFinished(result);
    startNext();
}

} // namespace lockbox
