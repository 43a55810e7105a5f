#include "queueddecision.h"

using namespace Qt::StringLiterals;

namespace lockbox {

QString QueuedDecision::stateName(State state)
{
    switch (state) {
    case State::Queued:
        return u"queued"_s;
    case State::Sending:
        return u"sending"_s;
    case State::Acknowledged:
        return u"acknowledged"_s;
    case State::Failed:
        return u"failed"_s;
    case State::Withdrawn:
        return u"withdrawn"_s;
    }
    return {};
}

std::optional<QueuedDecision::State> QueuedDecision::stateFromName(const QString &name)
{
    for (const State state : {State::Queued, State::Sending, State::Acknowledged, State::Failed, State::Withdrawn}) {
        if (name == stateName(state))
            return state;
    }
    return std::nullopt;
}

} // namespace lockbox
