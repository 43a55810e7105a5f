#pragma once

#include "azure/armerror.h"
#include "core/accessrequest.h"
#include "core/changeset.h"
#include "core/decision.h"
#include "core/queueddecision.h"
#include "store/decisionoutbox.h"

#include <QObject>
#include <QSet>

#include <memory>
#include <optional>

namespace lockbox {

class ArmClient;
class ArmCall;
class Clock;
class LockboxApi;
class TokenProvider;

namespace store {
class RequestStore;
} // namespace store

// Takes a decision from the user to Azure exactly once, whatever the network or a crash does.
//
// The protocol (ARCHITECTURE.md, "Decide"): the decision and its audit record are committed to
// the outbox before anything is sent; then it is POSTed with x-ms-client-request-id = its id.
// 200: acknowledged, the request is re-read. An ambiguous outcome (reset, timeout, 5xx, a reply
// cut short) or a 429: the request is re-read first, and the decision is posted again only if
// the request is still Pending. 409: if the request's current status is the one this decision
// leads to, an earlier attempt of ours was applied (HTTP stacks, Qt's included, resend a request
// whose connection dropped), so it is acknowledged; otherwise it failed, with the server's reason.
// 403/404/400: failed, final. 401, or no network at all: left queued, sent by a later run.
// Within one process at most one POST per request is ever in flight. A decision is posted only
// while the cached request is what the approver reviewed (see decide()).
class DecisionService final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int maxAttempts = 6;   // posts of one decision within one run
        int retryBaseMs = 500; // backoff between attempts after an ambiguous outcome
        int retryMaxMs = 15000;
        // A decision another process marked as sending is taken over only after this long
        // without news (that process most likely died).
        int staleSendingSec = 120;
    };

    // How one decision's journey in this run ended.
    struct Outcome
    {
        QueuedDecision decision; // as stored now (acknowledged, failed, or still queued)
        ArmError error;          // the last error, when not acknowledged
        bool final() const { return !decision.isLive(); }
    };

    DecisionService(ArmClient *client, store::DecisionOutbox *outbox, store::RequestStore *requests,
                    TokenProvider *tokens, const Clock &clock, const Options &options, QObject *parent = nullptr);
    ~DecisionService() override;

    // Writes the decision to the outbox (with its audit record) and starts sending it. The
    // result says at once whether it was queued; finished() follows when it is settled.
    //
    // The decision is bound to `reviewed`, the request as the approver reviewed it (the console's
    // dialog, the cache as lockboxctl read it): its content hash (store::contentHash) goes into the
    // outbox with it, and right before each post the cached request must still have that hash.
    // When it has not (a sync brought a change, or the request left the cache) nothing is sent:
    // the decision fails, saying so, and the approver has to look again.
    store::EnqueueResult decide(const AccessRequest &reviewed, Verdict verdict, const QString &reason);
    // The same, bound to the request as the cache holds it now.
    store::EnqueueResult decide(const QString &requestId, Verdict verdict, const QString &reason);
    // Sends every live decision in the outbox (after a crash, a failure, or from another process).
    // Returns how many were started.
    int resume();
    int inFlight() const { return int(m_inFlight.size()); }

Q_SIGNALS:
    void finished(const lockbox::DecisionService::Outcome &outcome);
    void changed(const lockbox::ChangeSet &changes);
    // Every decision started by decide() or resume() has finished.
    void idle();

private:
    struct Flight;
    void start(const QueuedDecision &decision, bool rereadFirst);
    void post(const std::shared_ptr<Flight> &flight);
    // Why the decision must not be sent because its request is no longer what the approver
    // reviewed, or nothing. `readError`: the cache could not be read, so nothing is known.
    std::optional<QString> changedSinceReviewed(const QueuedDecision &decision, QString *readError) const;
    // Ends the flight without sending: the decision failed for `reason` (nothing was posted).
    void refuse(const std::shared_ptr<Flight> &flight, const QString &reason);
    void onPosted(const std::shared_ptr<Flight> &flight, ArmCall *call);
    void reread(const std::shared_ptr<Flight> &flight, const ArmError &cause);
    void onReread(const std::shared_ptr<Flight> &flight, ArmCall *call, const ArmError &cause);
    void retryLater(const std::shared_ptr<Flight> &flight, const ArmError &cause);
    void settle(const std::shared_ptr<Flight> &flight, QueuedDecision::State state, const QString &serverStatus,
                const ArmError &error);
    bool leadsTo(Verdict verdict, const QString &status) const;

    ArmClient *m_client;
    std::unique_ptr<LockboxApi> m_api;
    store::DecisionOutbox *m_outbox;
    store::RequestStore *m_requests;
    TokenProvider *m_tokens;
    const Clock &m_clock;
    Options m_options;
    QSet<QString> m_inFlight; // lower-case request ids
};

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::DecisionService::Outcome)
