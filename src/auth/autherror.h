#pragma once

#include <QMetaType>
#include <QString>

namespace lockbox {

// Why a sign-in, a refresh or a keychain operation failed, with a sentence for the user. Server
// text inside `message` is untrusted: callers show it as plain text.
struct AuthError final
{
    enum class Kind {
        None,
        Declined,      // the user said no (device code declined, access_denied)
        Expired,       // the device code or the sign-in ran out of time on the server
        BadCode,       // bad_verification_code
        Network,       // no HTTP answer (connection refused, timeout, TLS)
        Server,        // 5xx, or an answer that is not what the protocol says
        InvalidGrant,  // refresh token or code revoked, expired or not ours: sign in again
        InvalidClient, // wrong client id or secret
        Rejected,      // any other OAuth error (invalid_scope, invalid_request, …)
        StateMismatch, // the browser came back with another flow's state: possible forgery
        Timeout,       // nobody finished the sign-in in time
        Cancelled,
        NotRecent,   // step-up: the sign-in is older than max_age allows
        NotSignedIn, // nothing to sign in with (no account, no secret in the keychain)
        NoKeychain,  // no Secret Service to keep the refresh token in
        AzureCli,    // az is missing, not signed in or failed
        Config,      // an insecure authority, a missing option
    };

    Kind kind = Kind::None;
    QString message; // a sentence for the user
    QString code;    // the OAuth "error" value as received (e.g. "invalid_grant"), for logs and tests
    int httpStatus = 0;

    bool isError() const { return kind != Kind::None; }
    static AuthError make(Kind kind, const QString &message, const QString &code = QString(), int httpStatus = 0);
    // "declined", "network", … (stable names for JSON and logs).
    static QString kindName(Kind kind);
    // Server text made fit for one line of display: the first line only (Entra appends trace
    // ids on later lines), control characters dropped, at most `maxChars` characters.
    static QString serverText(const QString &text, int maxChars = 400);
};

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::AuthError)
