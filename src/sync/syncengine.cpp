#include "syncengine.h"

#include "listingreader.h"

#include "azure/armcall.h"
#include "azure/armclient.h"
#include "azure/azurejson.h"
#include "azure/lockboxapi.h"
#include "azure/requestlistjob.h"
#include "core/clock.h"
#include "store/contenthash.h"
#include "store/requeststore.h"
#include "store/syncstate.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QtEndian>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcSync, "lockbox.sync", QtWarningMsg)

namespace {
constexpr qint64 kMaxRetryAfterSec = qint64(24) * 3600;

// A page's bytes told apart from every other page's: 128 bits of MurmurHash3 (a few GB/s) and
// the length (little-endian, so a profile's digests mean the same on any machine), seeded with the
// version of the reader that read them: a page an earlier reader read is read again.
QByteArray pageDigest(QByteArrayView body)
{
    QByteArray digest =
        lockbox::store::murmur3x64_128(body, 0x4c425800u + lockbox::AzureJson::kRequestPageReaderVersion);
    const quint64 size = qToLittleEndian(quint64(body.size()));
    digest.append(reinterpret_cast<const char *>(&size), sizeof size);
    return digest;
}
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
    work.received.clear();
    work.listed = store::ListingPages();
    const store::SubscriptionSyncState state = stateOf(work.subscriptionId);
    work.known = work.full ? state.fullPages : state.pendingPages;
    QHash<QByteArray, RequestListJob::KnownPage> known;
    known.reserve(work.known.pages.size());
    for (const store::ListingPages::Page &page : std::as_const(work.known.pages))
        known.insert(page.digest, RequestListJob::KnownPage {qsizetype(page.items), page.nextLink});
    job->setKnownPages(&pageDigest, known);
    // A full listing is held until it is complete: as its bytes, each page checked as it arrives
    // and read as it is merged (P7: 10 subscriptions of 10,000 were 40,000 parsed requests held at
    // once).
    job->setKeepBodies(work.full);
    // Pages are kept until the listing is complete: the cache changes only for a whole, successful
    // listing, so a failure half way writes nothing.
    connect(job, &RequestListJob::listPage, this, [this, key](const RequestListJob::Page &page) {
        auto it = m_active.find(key);
        if (it == m_active.end())
            return;
        it->listed.pages.append(store::ListingPages::Page {page.digest, page.items, page.nextLink});
        it->received.append(page);
    });
    connect(job, &ArmPager::finished, this,
            [this, id = work.subscriptionId](const ArmError &error) { onListFinished(id, error); });
}

bool SyncEngine::assemble(Work &work, QList<AccessRequest> *requests, ArmError *error) const
{
    qsizetype total = 0;
    for (const RequestListJob::Page &page : std::as_const(work.received))
        total += page.items;
    requests->reserve(total);
    for (RequestListJob::Page &page : work.received) {
        QList<AccessRequest> read;
        if (!ListingReader::read(work.subscriptionId, &page, &read, error))
            return false;
        *requests += read;
    }
    work.received.clear();
    return true;
}

std::optional<ChangeSet> SyncEngine::mergeFull(Work &work, store::CacheStamp *stampAfter, ArmError *error)
{
    // Page by page inside the merge's one transaction (a merge session): a page that cannot be
    // read aborts it, so a listing is still merged whole or not at all. With Options::readAhead the
    // pages are read (parsed, hashed, encoded) on a thread of their own, ahead of the writing: the
    // write lock is then held about as long as the writing takes; without, each page is read here
    // as it is written (other processes wait up to their busy timeout, 10 s).
    const auto storeError = [error](const QString &detail) {
        error->kind = ArmError::Kind::BadReply;
        error->detail = detail;
    };
    const auto letGo = qScopeGuard([&work] { work.received.clear(); }); // merged or not
    const auto unreadable = [&work](qsizetype index, const ArmError &pageError) {
        qCWarning(lcSync).noquote() << "page" << index + 1 << "of the full listing of" << work.subscriptionId
                                    << "cannot be read; nothing of the listing is written:"
                                    << pageError.toDisplayString();
    };
    QString dbError;
    if (!m_requests->beginMerge(work.subscriptionId, &dbError)) {
        storeError(dbError);
        return std::nullopt;
    }
    if (m_options.readAhead > 0) {
        ListingReader reader(work.subscriptionId, std::exchange(work.received, {}), m_options.readAhead);
        for (qsizetype i = 0; i < reader.size(); ++i) {
            const ListingReader::Page page = reader.next();
            if (page.error.isError()) {
                m_requests->abortMerge();
                *error = page.error;
                unreadable(i, *error);
                return std::nullopt;
            }
            if (!m_requests->addPage(page.requests, page.rows, &dbError)) { // aborts the session on its own
                storeError(dbError);
                return std::nullopt;
            }
        }
    } else {
        for (qsizetype i = 0; i < work.received.size(); ++i) {
            QList<AccessRequest> requests;
            if (!ListingReader::read(work.subscriptionId, &work.received[i], &requests, error)) {
                m_requests->abortMerge();
                unreadable(i, *error);
                return std::nullopt;
            }
            if (!m_requests->addPage(requests, &dbError)) { // aborts the session on its own
                storeError(dbError);
                return std::nullopt;
            }
        }
    }
    auto changes = m_requests->commitMerge(&dbError, stampAfter);
    if (!changes)
        storeError(dbError);
    return changes;
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
    // The same pages as the last listing of this kind, into a cache nobody wrote since: nothing
    // to read or merge.
    if (!it->known.isEmpty() && it->listed.samePages(it->known)) {
        QString stampError;
        const std::optional<store::CacheStamp> stamp = m_requests->cacheStamp(subscriptionId, &stampError);
        if (stamp && *stamp == it->known.cache) {
            it->stampAfter = stamp;
            qsizetype items = 0;
            for (const RequestListJob::Page &page : std::as_const(it->received))
                items += page.items;
            it->received.clear();
            ChangeSet unchanged;
            unchanged.unchanged = int(items);
            it->changes.append(unchanged);
            qCDebug(lcSync) << "the" << (it->full ? "full" : "pending") << "listing of" << subscriptionId
                            << "came back unchanged:" << items << "requests not read again";
            if (it->full)
                it->fullListed = it->listed;
            else
                it->pendingListed = it->listed;
            complete(subscriptionId, ArmError());
            return;
        }
        if (!stamp)
            qCWarning(lcSync) << "could not read the cache's stamp:" << stampError;
    }
    if (it->full) {
        store::CacheStamp stampAfter;
        ArmError mergeError;
        QElapsedTimer merging;
        merging.start();
        const auto changes = mergeFull(*it, &stampAfter, &mergeError);
        if (!changes) {
            complete(subscriptionId, mergeError);
            return;
        }
        qCDebug(lcSync) << "merged the full listing of" << subscriptionId << "in" << merging.elapsed()
                        << "ms:" << changes->added.size() << "added," << changes->changed.size() << "changed,"
                        << changes->removed.size() << "removed," << changes->unchanged << "unchanged";
        // After a pending poll that went on to a full listing, the poll's changes were announced
        // already; the result carries both.
        it->changes.append(*changes);
        it->fullChanges = *changes;
        it->fullListed = it->listed;
        it->stampAfter = stampAfter;
        complete(subscriptionId, ArmError());
        return;
    }
    QList<AccessRequest> received;
    ArmError readError;
    if (!assemble(*it, &received, &readError)) {
        complete(subscriptionId, readError);
        return;
    }
    QString dbError;
    QStringList vanished;
    store::CacheStamp stampAfter;
    const auto changes = m_requests->mergePending(subscriptionId, received, &vanished, &dbError, &stampAfter);
    if (!changes) {
        ArmError storeError;
        storeError.kind = ArmError::Kind::BadReply;
        storeError.detail = dbError;
        complete(subscriptionId, storeError);
        return;
    }
    it->changes = *changes;
    // Known for the next poll only when the cache holds no open request beyond this list: one
    // that left it (decided, expired, or Approving on its way) is read again at every poll until
    // it is settled, as before.
    it->pendingListed = vanished.isEmpty() ? it->listed : store::ListingPages();
    it->stampAfter = stampAfter;
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
        // The listings this try read whole, and the cache they left (read inside the merge's own
        // transaction, so no other process's write can slip in between): the next try of the
        // same kind that gets the same pages into the same cache reads and merges nothing.
        const std::optional<store::CacheStamp> &stamp = work.stampAfter;
        const auto remember = [&stamp](const std::optional<store::ListingPages> &listed, store::ListingPages *kept) {
            if (!listed)
                return;
            *kept = stamp ? *listed : store::ListingPages();
            kept->cache = stamp ? *stamp : store::CacheStamp();
        };
        remember(work.fullListed, &state.fullPages);
        remember(work.pendingListed, &state.pendingPages);
    }
    QString dbError;
    if (!m_state->set(state, &dbError))
        qCWarning(lcSync) << "could not store the sync state:" << dbError;

    Result result;
    result.subscriptionId = subscriptionId;
    result.full = work.full;
    result.changes = work.changes;
    result.counts = work.changes.counts();
    result.error = error;
    if (error.isError())
        result.nextAttemptNotBefore = state.nextAttemptNotBefore;
    if (work.full && !error.isError() && !work.fullChanges.isEmpty())
        Q_EMIT changed(work.fullChanges);
    Result counted = result;
    counted.changes = ChangeSet();
    m_results.insert(key, counted);
    Q_EMIT subscriptionStateChanged(state);
    Q_EMIT subscriptionFinished(result);
    startNext();
}

} // namespace lockbox
