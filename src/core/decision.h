#pragma once

#include <QDateTime>
#include <QString>
#include <QUuid>

#include <optional>

namespace lockbox {

enum class Verdict { Approve, Deny };

// The wire words of the API ("Approve" / "Deny").
QString verdictToString(Verdict verdict);
// Accepts "Approve"/"Deny" in any case; nothing else.
std::optional<Verdict> verdictFromString(const QString &text);

// One approver's decision on one request. Its id travels as x-ms-client-request-id so that the
// local audit trail and the server's logs can be matched.
struct Decision final
{
    QUuid id;
    QString requestId;
    QString subscriptionId;
    Verdict verdict = Verdict::Deny;
    QString reason;
    QDateTime decidedAt;
};

} // namespace lockbox
