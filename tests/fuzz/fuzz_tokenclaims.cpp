// The claims of a JWT (TokenClaims::fromJwt): read from every access and id token for display and
// audit. The input is the token as the server sent it (header.payload.signature).

#include "fuzzcheck.h"

#include "auth/tokenclaims.h"

using namespace lockbox;
using namespace lockbox::fuzz;

namespace {

constexpr qsizetype kMaxClaim = 256;

void checkClaims(const TokenClaims &c)
{
    for (const QString *s :
         {&c.name, &c.preferredUsername, &c.upn, &c.oid, &c.tenantId, &c.appId, &c.audience, &c.nonce})
        checkString(*s, kMaxClaim, "claim");
    for (const QDateTime *t : {&c.authTime, &c.expiresAt}) {
        if (t->isValid()) {
            check(t->timeSpec() == Qt::UTC, "a claim time that is not UTC");
            const qint64 s = t->toSecsSinceEpoch();
            check(s >= 1000000000 && s < 10000000000, "a claim time out of the sane years", QString::number(s));
        }
    }
    checkString(c.userName(), kMaxClaim, "userName");
    checkString(c.displayName(), 2 * kMaxClaim + 3, "displayName");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray raw(reinterpret_cast<const char *>(data), qsizetype(size));
    const TokenClaims claims = TokenClaims::fromJwt(raw);
    checkClaims(claims);

    // The fuzzer's bytes as a payload too, so that the JSON reader behind base64url is reached
    // without the fuzzer having to learn base64.
    const QByteArray token =
        "eyJhbGciOiJub25lIn0." + raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals) + ".sig";
    const TokenClaims fromPayload = TokenClaims::fromJwt(token);
    checkClaims(fromPayload);

    TokenClaims merged = claims;
    merged.fillFrom(fromPayload);
    checkClaims(merged);
    return 0;
}
