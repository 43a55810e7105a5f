#pragma once

#include "decision.h"

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QUuid>

#include <optional>

namespace lockbox {

// A decision as the outbox holds it: the user's verdict plus where it is on its way to Azure.
// Queued and Sending are "live": the decision still has to reach the server (after a crash too);
// at most one live decision exists per request.
struct QueuedDecision final
{
    enum class State { Queued, Sending, Acknowledged, Failed, Withdrawn };

    QUuid id; // travels as x-ms-client-request-id
    QString requestId;
    QString subscriptionId;
    Verdict verdict = Verdict::Deny;
    QString reason;
    QString actor; // who decided
    State state = State::Queued;
    int attempts = 0;     // how many times it went to Sending
    QDateTime createdAt;  // UTC
    QDateTime updatedAt;  // UTC
    QString lastError;    // why the last attempt failed, if it did
    QString serverStatus; // the request's status as the server last reported it
    // The store's content hash (store::contentHash) of the request as the approver reviewed it:
    // the decision is sent only while the cached request still has it. Empty for decisions queued
    // before decisions were bound to content; those are sent unchecked.
    QByteArray reviewedHash;

    bool isLive() const { return state == State::Queued || state == State::Sending; }

    // Stable lower-case words stored in the database and printed by lockboxctl.
    static QString stateName(State state);
    static std::optional<State> stateFromName(const QString &name);
};

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::QueuedDecision)
