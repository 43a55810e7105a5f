#include "decisionservice.h"

#include "auth/tokenprovider.h"
#include "azure/armcall.h"
#include "azure/armclient.h"
#include "azure/lockboxapi.h"
#include "core/clock.h"
#include "core/hiddentext.h"
#include "store/contenthash.h"
#include "store/requeststore.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {
// A longer Retry-After (a server may send any number, up to a date years ahead) is taken as this:
// the decision is tried again within the hour, and waits again if Azure still says so.
constexpr int kMaxRetryAfterSec = 3600;
} // namespace

struct DecisionService::Flight
{
    QueuedDecision decision;
    int posts = 0;
    ArmError lastError;
};

DecisionService::DecisionService(ArmClient *client, store::DecisionOutbox *outbox, store::RequestStore *requests,
                                 TokenProvider *tokens, const Clock &clock, const Options &options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_api(std::make_unique<LockboxApi>(client))
    , m_outbox(outbox)
    , m_requests(requests)
    , m_tokens(tokens)
    , m_clock(clock)
    , m_options(options)
{
    qRegisterMetaType<lockbox::DecisionService::Outcome>();
}

DecisionService::~DecisionService() = default;

store::EnqueueResult DecisionService::decide(const QString &requestId, Verdict verdict, const QString &reason)
{
    QString error;
    const auto cached = m_requests->request(requestId, &error);
    if (!cached) {
        store::EnqueueResult result;
        result.status = store::EnqueueResult::Status::Failed;
        result.error = error.isEmpty() ? tr("No request %1 in the cache; run a sync first.").arg(requestId) : error;
        return result;
    }
    return decide(*cached, verdict, reason);
}

store::EnqueueResult DecisionService::decide(const AccessRequest &reviewed, Verdict verdict, const QString &reason)
{
    store::EnqueueResult result;
    QString error;
    const auto cached = m_requests->request(reviewed.requestId, &error);
    if (!cached) {
        result.status = store::EnqueueResult::Status::Failed;
        result.error =
            error.isEmpty() ? tr("No request %1 in the cache; run a sync first.").arg(reviewed.requestId) : error;
        return result;
    }
    Decision decision;
    decision.id = QUuid::createUuid();
    decision.requestId = cached->requestId;
    decision.subscriptionId = cached->subscriptionId;
    decision.verdict = verdict;
    decision.reason = reason;
    decision.decidedAt = m_clock.now();
    // What was reviewed, not what is cached now: if they differ already, the first post refuses.
    result = m_outbox->enqueue(decision, m_tokens ? m_tokens->identity() : QString(), store::contentHash(reviewed));
    if (result.status == store::EnqueueResult::Status::Queued)
        start(result.decision, false);
    return result;
}

int DecisionService::resume()
{
    QString error;
    const QList<QueuedDecision> live = m_outbox->live(&error);
    if (!error.isEmpty())
        qCWarning(lcSync) << "could not read the outbox:" << error;
    int started = 0;
    const QDateTime now = m_clock.now();
    for (const QueuedDecision &d : live) {
        if (m_inFlight.contains(d.requestId.toLower()))
            continue;
        const bool sending = d.state == QueuedDecision::State::Sending;
        // A decision that another process is sending right now is left to it.
        if (sending && d.updatedAt.isValid() && d.updatedAt.secsTo(now) < m_options.staleSendingSec)
            continue;
        // One that was being sent when a process died, or whose last post had an outcome nobody
        // learnt (requeued after an ambiguous failure), may have been applied: read before posting.
        start(d, sending || d.attempts > 0);
        ++started;
    }
    if (started == 0 && m_inFlight.isEmpty())
        QMetaObject::invokeMethod(this, &DecisionService::idle, Qt::QueuedConnection);
    return started;
}

void DecisionService::start(const QueuedDecision &decision, bool rereadFirst)
{
    m_inFlight.insert(decision.requestId.toLower());
    auto flight = std::make_shared<Flight>();
    flight->decision = decision;
    if (rereadFirst) {
        ArmError cause;
        cause.kind = ArmError::Kind::Network;
        cause.detail = tr("resumed after an interruption");
        QMetaObject::invokeMethod(
            this, [this, flight, cause] { reread(flight, cause); }, Qt::QueuedConnection);
    } else {
        QMetaObject::invokeMethod(
            this, [this, flight] { post(flight); }, Qt::QueuedConnection);
    }
}

std::optional<QString> DecisionService::changedSinceReviewed(const QueuedDecision &decision, QString *readError) const
{
    if (decision.reviewedHash.isEmpty())
        return std::nullopt; // queued before decisions were bound to content
    const auto cached = m_requests->request(decision.requestId, readError);
    if (!readError->isEmpty())
        return std::nullopt;
    if (!cached) {
        return tr("Request %1 is no longer listed by Azure (a sync removed it since you reviewed it); nothing was "
                  "sent.")
            .arg(showHidden(decision.requestId));
    }
    if (store::contentHash(*cached) == decision.reviewedHash)
        return std::nullopt;
    // The resource as the reader knows it: the last part of its id.
    QStringView name = cached->resourceIds.isEmpty() ? QStringView() : QStringView(cached->resourceIds.constFirst());
    while (name.endsWith(u'/'))
        name.chop(1);
    name = name.mid(name.lastIndexOf(u'/') + 1);
    const QString subject =
        name.isEmpty() ? tr("Request %1").arg(showHidden(decision.requestId)) : showHidden(name.left(200));
    return tr("%1 changed on the server since you reviewed it; nothing was sent. Review it again.").arg(subject);
}

void DecisionService::refuse(const std::shared_ptr<Flight> &flight, const QString &reason)
{
    QString dbError;
    if (const auto failed = m_outbox->markFailed(flight->decision.id, reason, QString(), &dbError)) {
        flight->decision = *failed;
    } else {
        // Withdrawn or settled by another process meanwhile: report what the outbox holds.
        qCWarning(lcSync) << "could not record a refused decision:" << dbError;
        if (const auto now = m_outbox->decision(flight->decision.id))
            flight->decision = *now;
    }
    qCInfo(lcSync) << "decision" << flight->decision.id << "not sent:" << reason;
    m_inFlight.remove(flight->decision.requestId.toLower());
    // Nothing reached Azure: no ARM error, the reason is the decision's lastError.
    Q_EMIT finished(Outcome {flight->decision, ArmError()});
    if (m_inFlight.isEmpty())
        Q_EMIT idle();
}

void DecisionService::post(const std::shared_ptr<Flight> &flight)
{
    // Right before sending, not only when queued: a sync may have landed in between, and a post
    // after an ambiguous outcome follows a fresh read of the request.
    QString readError;
    if (const std::optional<QString> changed = changedSinceReviewed(flight->decision, &readError)) {
        refuse(flight, *changed);
        return;
    }
    if (!readError.isEmpty()) {
        // Unknown is not the same: it stays queued for a later run.
        settle(flight, QueuedDecision::State::Queued, QString(),
               ArmError::make(ArmError::Kind::Cancelled,
                              tr("the cached request could not be read to check it: %1").arg(readError)));
        return;
    }
    QString error;
    const auto sending = m_outbox->markSending(flight->decision.id, &error);
    if (!sending) {
        // Withdrawn meanwhile, or settled by another process: nothing to send.
        ArmError cause;
        cause.kind = ArmError::Kind::Cancelled;
        cause.detail = error;
        const auto now = m_outbox->decision(flight->decision.id);
        if (now)
            flight->decision = *now;
        m_inFlight.remove(flight->decision.requestId.toLower());
        Q_EMIT finished(Outcome {flight->decision, cause});
        if (m_inFlight.isEmpty())
            Q_EMIT idle();
        return;
    }
    flight->decision = *sending;
    flight->posts += 1;
    const QueuedDecision &d = flight->decision;
    ArmCall *call = m_api->updateApproval(d.subscriptionId, d.requestId, d.verdict, d.reason, d.id);
    connect(call, &ArmCall::finished, this, [this, flight, call] { onPosted(flight, call); });
}

bool DecisionService::leadsTo(Verdict verdict, const QString &status) const
{
    const RequestStatus s = RequestStatus::fromString(status);
    if (verdict == Verdict::Approve)
        return s.kind() == RequestStatus::Kind::Approving || s.kind() == RequestStatus::Kind::Approved;
    return s.kind() == RequestStatus::Kind::Denying || s.kind() == RequestStatus::Kind::Denied;
}

void DecisionService::onPosted(const std::shared_ptr<Flight> &flight, ArmCall *call)
{
    const ArmError &error = call->error();
    const Verdict verdict = flight->decision.verdict;
    if (call->isOk()) {
        const QString next = verdict == Verdict::Approve ? u"Approving"_s : u"Denying"_s;
        settle(flight, QueuedDecision::State::Acknowledged, next, ArmError());
        return;
    }
    flight->lastError = error;
    switch (error.kind) {
    case ArmError::Kind::Conflict:
        if (leadsTo(verdict, error.currentStatus))
            settle(flight, QueuedDecision::State::Acknowledged, error.currentStatus, ArmError());
        else
            settle(flight, QueuedDecision::State::Failed, error.currentStatus, error);
        return;
    case ArmError::Kind::Forbidden:
    case ArmError::Kind::NotFound:
    case ArmError::Kind::BadRequest:
    case ArmError::Kind::Http:
        settle(flight, QueuedDecision::State::Failed, QString(), error);
        return;
    case ArmError::Kind::Unauthorized:
    case ArmError::Kind::NoToken:
    case ArmError::Kind::Tls:
    case ArmError::Kind::ForeignLink:
    case ArmError::Kind::Redirect:
        // Nothing was applied, and trying again now would meet the same wall.
        settle(flight, QueuedDecision::State::Queued, QString(), error);
        return;
    case ArmError::Kind::Cancelled:
        if (!error.requestSent) {
            settle(flight, QueuedDecision::State::Queued, QString(), error);
            return;
        }
        reread(flight, error);
        return;
    default:
        // Ambiguous (reset, timeout, 5xx, a reply cut short) or throttled: learn the state first.
        reread(flight, error);
        return;
    }
}

void DecisionService::reread(const std::shared_ptr<Flight> &flight, const ArmError &cause)
{
    const QueuedDecision &d = flight->decision;
    ArmCall *call = m_api->getRequest(d.subscriptionId, d.requestId);
    connect(call, &ArmCall::finished, this, [this, flight, call, cause] { onReread(flight, call, cause); });
}

void DecisionService::onReread(const std::shared_ptr<Flight> &flight, ArmCall *call, const ArmError &cause)
{
    if (!call->isOk()) {
        if (call->error().kind == ArmError::Kind::NotFound || call->error().kind == ArmError::Kind::Forbidden) {
            settle(flight, QueuedDecision::State::Failed, QString(), call->error());
            return;
        }
        // The state cannot be learnt now: keep the decision queued for a later run.
        settle(flight, QueuedDecision::State::Queued, QString(), cause.isError() ? cause : call->error());
        return;
    }
    const AccessRequest request = LockboxApi::requestOf(call);
    QString dbError;
    if (const auto changes = m_requests->upsertOne(request, &dbError); changes && !changes->isEmpty())
        Q_EMIT changed(*changes);
    const QString status = request.status.toString();
    if (leadsTo(flight->decision.verdict, status)) {
        settle(flight, QueuedDecision::State::Acknowledged, status, ArmError());
        return;
    }
    if (!request.status.isDecidable()) {
        ArmError notPending;
        notPending.kind = ArmError::Kind::Conflict;
        notPending.code = u"RequestNotPending"_s;
        notPending.currentStatus = status;
        notPending.message = tr("The request is no longer pending; its status is %1.").arg(status);
        settle(flight, QueuedDecision::State::Failed, status, notPending);
        return;
    }
    // Still Pending: the earlier post was not applied, so posting again cannot apply it twice.
    retryLater(flight, cause);
}

void DecisionService::retryLater(const std::shared_ptr<Flight> &flight, const ArmError &cause)
{
    if (flight->posts >= m_options.maxAttempts) {
        settle(flight, QueuedDecision::State::Queued, QString(), cause);
        return;
    }
    if (flight->decision.state == QueuedDecision::State::Sending) {
        QString error;
        if (const auto queued = m_outbox->requeue(flight->decision.id, cause.toDisplayString(), &error))
            flight->decision = *queued;
        else
            qCWarning(lcSync) << "could not requeue a decision:" << error;
    }
    const int exponent = qMin(flight->posts, 10);
    const int cap = qMin(m_options.retryMaxMs, m_options.retryBaseMs << exponent);
    int delay = int(QRandomGenerator::global()->bounded(quint32(qMax(1, cap))));
    if (cause.kind == ArmError::Kind::Throttled)
        delay = qMax(delay, qBound(1, cause.retryAfterSec, kMaxRetryAfterSec) * 1000); // clamped before it overflows
    QTimer::singleShot(delay, this, [this, flight] { post(flight); });
}

void DecisionService::settle(const std::shared_ptr<Flight> &flight, QueuedDecision::State state,
                             const QString &serverStatus, const ArmError &error)
{
    QString dbError;
    std::optional<QueuedDecision> stored;
    const QUuid id = flight->decision.id;
    switch (state) {
    case QueuedDecision::State::Acknowledged:
        stored = m_outbox->markAcknowledged(id, serverStatus, &dbError);
        if (stored && flight->decision.verdict == Verdict::Approve) {
            // Azure's record does not say when it was approved; access counts from now.
            const auto changes = m_requests->recordApproval(flight->decision.requestId, m_clock.now(),
                                                            ApprovalSource::Decision, &dbError);
            if (!changes)
                qCWarning(lcSync) << "could not record an approval time:" << dbError;
            else if (!changes->isEmpty())
                Q_EMIT changed(*changes);
        }
        break;
    case QueuedDecision::State::Failed: {
        QString reason = error.message.isEmpty() ? error.toDisplayString() : error.message;
        if (!error.code.isEmpty())
            reason = error.code + u": "_s + reason;
        stored = m_outbox->markFailed(id, reason, serverStatus, &dbError);
        break;
    }
    default:
        // A decision resumed from the queue and not posted in this run is queued already.
        stored = flight->decision.state == QueuedDecision::State::Sending
            ? m_outbox->requeue(id, error.toDisplayString(), &dbError)
            : m_outbox->decision(id, &dbError);
        break;
    }
    if (stored) {
        flight->decision = *stored;
    } else if (const auto now = m_outbox->decision(id); now && !now->isLive()) {
        // Another process (that took it over, or that we took it over from) settled it first:
        // report what the outbox holds rather than the state this flight started from.
        qCInfo(lcSync) << "decision" << id
                       << "was settled meanwhile by another process:" << QueuedDecision::stateName(now->state);
        flight->decision = *now;
    } else {
        qCWarning(lcSync) << "could not record a decision's outcome:" << dbError;
        if (now)
            flight->decision = *now;
    }

    const Outcome outcome {flight->decision,
                           flight->decision.state == QueuedDecision::State::Acknowledged ? ArmError() : error};
    const auto done = [this, flight, outcome] {
        m_inFlight.remove(flight->decision.requestId.toLower());
        Q_EMIT finished(outcome);
        if (m_inFlight.isEmpty())
            Q_EMIT idle();
    };
    // A 409 from the server says the cached request is out of date (someone else decided); the
    // re-read after a lost reply has stored the request already.
    const bool conflict = error.kind == ArmError::Kind::Conflict && error.httpStatus == 409;
    if (state != QueuedDecision::State::Acknowledged && !conflict) {
        done();
        return;
    }
    // Re-read, so the cache shows the request's new status before the outcome is announced.
    const QueuedDecision &d = flight->decision;
    ArmCall *call = m_api->getRequest(d.subscriptionId, d.requestId);
    connect(call, &ArmCall::finished, this, [this, call, done] {
        if (call->isOk()) {
            if (const auto changes = m_requests->upsertOne(LockboxApi::requestOf(call)); changes && !changes->isEmpty())
                Q_EMIT changed(*changes);
        }
        done();
    });
}

} // namespace lockbox
