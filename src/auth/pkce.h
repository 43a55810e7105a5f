#pragma once

#include <QByteArray>

namespace lockbox {

// Proof Key for Code Exchange (RFC 7636) with S256, which Qt 6.4's OAuth classes lack.
class Pkce final
{
public:
    // A fresh verifier of `length` characters (43..128, clamped) from the unreserved alphabet,
    // drawn from the system's secure random source.
    static QByteArray newVerifier(int length = 64);
    // base64url(SHA-256(verifier)) without padding: 43 characters.
    static QByteArray challengeOf(const QByteArray &verifier);
    // A random base64url string of `bytes` random bytes (state, nonce).
    static QByteArray randomToken(int bytes = 32);
};

} // namespace lockbox
