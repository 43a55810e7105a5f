#pragma once

#include "armcall.h"
#include "requestlistjob.h"

#include "core/accessrequest.h"
#include "core/decision.h"
#include "core/requeststatus.h"

#include <QCoreApplication>
#include <QUuid>

#include <optional>

namespace lockbox {

class ArmClient;

// Microsoft.CustomerLockbox, api-version 2018-02-28-preview, over an ArmClient. Ids are
// untrusted strings: each is percent-encoded as one path segment ("a/../b?c" cannot change the
// path), and an empty, "." or ".." id is refused (BadRequest, nothing sent). Every call object
// follows ArmCall's lifetime rules (starts from the event loop, deletes itself after finished()).
class LockboxApi final
{
    Q_DECLARE_TR_FUNCTIONS(LockboxApi)

public:
    static QString apiVersion(); // "2018-02-28-preview"

    explicit LockboxApi(ArmClient *client);

    ArmClient *client() const { return m_client; }

    // Every request of a subscription, newest first, streamed page by page. With `filter`,
    // only that status ($filter=properties/status eq '<Status>').
    RequestListJob *listRequests(const QString &subscriptionId,
                                 const std::optional<RequestStatus> &filter = std::nullopt) const;
    // One request; on success requestOf(call) holds it.
    ArmCall *getRequest(const QString &subscriptionId, const QString &requestId) const;
    // POST updateApproval {"status":"Approve"|"Deny","reason":…}, sent once (never retried), with
    // x-ms-client-request-id = decisionId so that the audit trail and Azure's logs match. The
    // reply must be a JSON object (the echo); anything else is an ambiguous BadReply.
    ArmCall *updateApproval(const QString &subscriptionId, const QString &requestId, Verdict verdict,
                            const QString &reason, const QUuid &decisionId) const;
    // GET tenantOptedIn; on success optedInOf(call) holds the answer.
    ArmCall *tenantOptedIn(const QString &tenantId) const;
    // POST enableLockbox / disableLockbox (a Global Administrator's switch).
    ArmCall *enableLockbox() const;
    ArmCall *disableLockbox() const;

    static AccessRequest requestOf(const ArmCall *call);
    static bool optedInOf(const ArmCall *call);

    // The parsers, public for tests and fuzzers.
    static ArmParseResult parseRequestReply(const QByteArray &body, const QString &expectedRequestId);
    static ArmParseResult parseDecisionReply(const QByteArray &body);
    static ArmParseResult parseOptInReply(const QByteArray &body);

private:
    ArmCall *refuseId(const QString &what) const;

    ArmClient *m_client;
};

} // namespace lockbox
