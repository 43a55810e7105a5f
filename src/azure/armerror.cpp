#include "armerror.h"

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

QString shortText(const QString &text)
{
    return text.size() > 500 ? text.left(500) + u'…' : text;
}

} // namespace

ArmError ArmError::make(Kind kind, const QString &detail, bool requestSent)
{
    ArmError e;
    e.kind = kind;
    e.detail = detail;
    e.requestSent = requestSent;
    return e;
}

bool ArmError::ambiguous() const
{
    switch (kind) {
    case Kind::Network:
    case Kind::Timeout:
    case Kind::Cancelled:
        // Only if the request left: a refused connection or a cancel before sending is harmless.
        return requestSent;
    case Kind::ServerError: // a gateway's 502/504 or a 500 can come after the service applied the change
    case Kind::BadReply:    // a 200 cut short or garbled may be a success we did not see
        return true;
    case Kind::Http:
        // 201/202/204: "only 200 is success", but a 2xx says the server did something.
        return httpStatus >= 200 && httpStatus < 300;
    case Kind::None:
    case Kind::Tls:
    case Kind::Unauthorized:
    case Kind::Forbidden:
    case Kind::NotFound:
    case Kind::Conflict:
    case Kind::Throttled:
    case Kind::BadRequest:
    case Kind::ForeignLink:
    case Kind::Redirect:
    case Kind::NoToken:
        return false;
    }
    return true;
}

bool ArmError::transient() const
{
    switch (kind) {
    case Kind::Network:
    case Kind::Timeout:
    case Kind::Throttled:
    case Kind::ServerError:
    case Kind::BadReply:
        return true;
    default:
        return false;
    }
}

QString ArmError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return u"None"_s;
    case Kind::Network:
        return u"Network"_s;
    case Kind::Timeout:
        return u"Timeout"_s;
    case Kind::Tls:
        return u"Tls"_s;
    case Kind::Http:
        return u"Http"_s;
    case Kind::Unauthorized:
        return u"Unauthorized"_s;
    case Kind::Forbidden:
        return u"Forbidden"_s;
    case Kind::NotFound:
        return u"NotFound"_s;
    case Kind::Conflict:
        return u"Conflict"_s;
    case Kind::Throttled:
        return u"Throttled"_s;
    case Kind::BadRequest:
        return u"BadRequest"_s;
    case Kind::ServerError:
        return u"ServerError"_s;
    case Kind::BadReply:
        return u"BadReply"_s;
    case Kind::ForeignLink:
        return u"ForeignLink"_s;
    case Kind::Redirect:
        return u"Redirect"_s;
    case Kind::NoToken:
        return u"NoToken"_s;
    case Kind::Cancelled:
        return u"Cancelled"_s;
    }
    return u"Unknown"_s;
}

QString ArmError::toDisplayString() const
{
    // "RequestNotPending: The Lockbox request … is not pending", or what we know instead.
    QString server = code;
    if (!message.isEmpty())
        server = server.isEmpty() ? shortText(message) : server + u": "_s + shortText(message);
    if (server.isEmpty())
        server = shortText(detail);

    QString text;
    switch (kind) {
    case Kind::None:
        return tr("No error.");
    case Kind::Network:
        text =
            tr("Could not reach Azure (%1). Check the network connection, proxy and endpoint.").arg(shortText(detail));
        break;
    case Kind::Timeout:
        text = tr("Azure did not answer in time. Check the network; the call can be tried again.");
        break;
    case Kind::Tls:
        text = tr("The secure connection to Azure could not be verified (%1). Certificate errors are never ignored: "
                  "if the endpoint uses a private CA, add its certificate to the system's trust store.")
                   .arg(shortText(detail));
        break;
    case Kind::Http:
        text = tr("Azure answered with HTTP %1 (%2), which the console does not expect.").arg(httpStatus).arg(server);
        break;
    case Kind::Unauthorized:
        text = tr("Azure rejected the sign-in (401 %1). Sign in again or set a new token.").arg(server);
        break;
    case Kind::Forbidden:
        text = tr("Access denied (403 %1). Approving needs the Owner role or \"Azure Customer Lockbox Approver for "
                  "Subscription\" on the subscription; ask an administrator, then sign in again.")
                   .arg(server);
        break;
    case Kind::NotFound:
        text = tr("Not found (404 %1). The request or subscription no longer exists or is not visible to you; "
                  "refresh the list.")
                   .arg(server);
        break;
    case Kind::Conflict:
        text = currentStatus.isEmpty()
            ? tr("Azure refused the change (409 %1). Refresh the request to see its state.").arg(server)
            : tr("The request is no longer pending: its status is %1 (409 %2). Nothing was changed; refresh to see "
                 "who decided it.")
                  .arg(shortText(currentStatus), server);
        break;
    case Kind::Throttled:
        text = retryAfterSec >= 0
            ? tr("Azure is throttling this client (429). Try again in %n second(s).", nullptr, retryAfterSec)
            : tr("Azure is throttling this client (429). Try again in a few seconds.");
        break;
    case Kind::BadRequest:
        text = httpStatus == 0 ? tr("The call was not sent: %1.").arg(shortText(detail))
                               : tr("Azure refused the call as invalid (400 %1).").arg(server);
        break;
    case Kind::ServerError:
        text = tr("Azure had a server error (HTTP %1%2). This is usually brief; try again in a moment.")
                   .arg(httpStatus)
                   .arg(server.isEmpty() ? QString() : u", "_s + server);
        break;
    case Kind::BadReply:
        text = tr("Azure's reply could not be read: %1.").arg(shortText(detail));
        break;
    case Kind::ForeignLink:
        text = tr("Refused to follow a next-page link to %1: it is not the configured endpoint, so nothing was sent "
                  "there. Check the endpoint setting.")
                   .arg(shortText(detail));
        break;
    case Kind::Redirect:
        text = tr("Azure redirected the call to %1, which is not the configured endpoint; the redirect was not "
                  "followed. Check the endpoint setting.")
                   .arg(shortText(detail));
        break;
    case Kind::NoToken:
        text = tr("No access token: %1").arg(shortText(detail));
        break;
    case Kind::Cancelled:
        text = tr("The call was cancelled.");
        break;
    }
    if (ambiguous())
        text += u' '
            + tr("If this was a decision, the console reads the request again before any retry, so it is "
                 "never applied twice.");
    if (!armRequestId.isEmpty())
        text += u' ' + tr("(Azure request id %1)").arg(armRequestId.left(100));
    return text;
}

} // namespace lockbox
