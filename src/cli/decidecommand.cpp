#include "decidecommand.h"

#include "commandcontext.h"
#include "output.h"

#include "store/requeststore.h"
#include "sync/decisionservice.h"

using namespace Qt::StringLiterals;

namespace lockbox::cli {

DecideCommand::DecideCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

void DecideCommand::run()
{
    const bool approve = m_options.description().words.first() == u"approve";
    const QString reason = m_options.value(u"reason"_s).trimmed();
    if (!approve && reason.isEmpty())
        return fail(ExitUsage, tr("deny needs a reason: --reason \"…\" (Microsoft Support sees it)"));
    if (!m_context.openLocal())
        return;
    m_context.withAzure([this, approve, reason] {
        const QString id = m_options.positionals().first();
        QString error;
        const auto cached = m_context.requests()->request(id, &error);
        if (!cached)
            return fail(ExitNotFound, tr("no request %1 in the cache; run 'lockboxctl sync' first").arg(id));

        connect(
            m_context.decisions(), &DecisionService::finished, this, [this](const DecisionService::Outcome &outcome) {
                const QueuedDecision &d = outcome.decision;
                switch (d.state) {
                case QueuedDecision::State::Acknowledged:
                    printOut(tr("%1: %2 accepted by Azure; the request is now %3\n")
                                 .arg(d.requestId, verdictToString(d.verdict), d.serverStatus));
                    return finish(ExitOk);
                case QueuedDecision::State::Failed:
                    // No ARM error: refused before sending, the request no longer being what was
                    // read (exit 4, as for a request no longer pending).
                    return fail(outcome.error.isError() ? exitCodeFor(outcome.error) : ExitNotFound,
                                tr("%1: the decision failed: %2").arg(d.requestId, d.lastError));
                default:
                    return fail(outcome.error.kind == ArmError::Kind::Unauthorized ? ExitNotSignedIn : ExitFailure,
                                tr("%1: the decision could not be sent (%2); it stays queued and goes out at the next "
                                   "'lockboxctl sync' (or withdraw it with 'lockboxctl queue withdraw %1')")
                                    .arg(d.requestId, outcome.error.toDisplayString()));
                }
            });
        // Bound to the request as read here: if a sync changes it before the post, nothing is sent.
        const store::EnqueueResult queued =
            m_context.decisions()->decide(*cached, approve ? Verdict::Approve : Verdict::Deny, reason);
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

} // namespace lockbox::cli
