#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace lockbox {

// What a token says about who holds it, read from a JWT's payload for display and audit only:
// nothing here is verified (the server does that) and nothing here grants anything.
struct TokenClaims final
{
    QString name;              // display name ("Avery Approver")
    QString preferredUsername; // preferred_username
    QString upn;               // upn, else unique_name
    QString oid;
    QString tenantId;    // tid
    QString appId;       // appid, else azp
    QString audience;    // aud
    QDateTime authTime;  // auth_time: when the user last signed in interactively (invalid when absent)
    QDateTime expiresAt; // exp (invalid when absent)
    QString nonce;

    // The payload of a JWT-shaped token (header.payload.signature, base64url). Anything that is
    // not one — a random string, bad base64, not JSON, a payload over 64 KiB — gives empty
    // claims; each value is kept only when it has the expected type and at most 256 characters.
    static TokenClaims fromJwt(const QByteArray &token);

    bool isEmpty() const;
    // The sign-in name of a user (upn, preferred_username) or, for an application, its app id.
    QString userName() const;
    // "Avery Approver <avery@contoso.example>", or what there is of it.
    QString displayName() const;
    // The missing fields of this from `other` (an id_token completes an access token's claims).
    void fillFrom(const TokenClaims &other);
};

} // namespace lockbox
