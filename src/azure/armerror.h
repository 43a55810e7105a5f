#pragma once

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

namespace lockbox {

// What went wrong with one call to Azure Resource Manager, as a value. Kind::None means success.
// Server-given text (code, message, target, currentStatus) is untrusted: show it as plain text.
struct ArmError final
{
    Q_DECLARE_TR_FUNCTIONS(ArmError)

public:
    enum class Kind {
        None,
        Network,      // no HTTP reply: refused, reset, unreachable
        Timeout,      // no progress within the per-attempt timeout
        Tls,          // the TLS handshake failed; certificate errors are never ignored
        Http,         // an HTTP status none of the kinds below covers
        Unauthorized, // 401
        Forbidden,    // 403
        NotFound,     // 404
        Conflict,     // 409 (a decision on a request no longer Pending)
        Throttled,    // 429
        BadRequest,   // 400, or a call refused before sending because an argument is unusable
        ServerError,  // 5xx
        BadReply,     // a reply that is cut short, too large, or unreadable as what was asked
        ForeignLink,  // a nextLink to another scheme, host or port: refused, nothing sent
        Redirect,     // a redirect to another origin (or one too many): not followed
        NoToken,      // the token provider had no token: nothing sent
        Cancelled,    // the caller cancelled
    };

    Kind kind = Kind::None;
    int httpStatus = 0;     // 0 when no HTTP reply arrived
    QString code;           // ARM error code, e.g. "RequestNotPending"
    QString message;        // ARM error message
    QString target;         // ARM error target
    QString currentStatus;  // a 409's additionalInfo[].info.currentStatus
    QString armRequestId;   // x-ms-request-id of the reply, for Microsoft support
    int retryAfterSec = -1; // Retry-After of a 429 (or 503), -1 when none was given
    // Whether the request may have reached the server. False for failures before sending
    // (no token, refused link, refused connection, TLS handshake), so nothing can have happened.
    bool requestSent = false;
    QString detail; // our own account: the network error, the parse error, the refused URL

    bool isError() const { return kind != Kind::None; }
    // True when a write may have been applied without our knowing: the request left, and what
    // came back (or did not) proves neither success nor refusal. The decision service then
    // re-reads the request before deciding anything else. A definite answer (4xx, 429) or a
    // refusal before sending is not ambiguous.
    bool ambiguous() const;
    // Worth another try later (for reads the client already retried).
    bool transient() const;
    // One translated sentence or two: what happened and, where there is one, the fix.
    QString toDisplayString() const;
    static QString kindName(Kind kind);

    static ArmError make(Kind kind, const QString &detail = QString(), bool requestSent = false);
};

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::ArmError)
