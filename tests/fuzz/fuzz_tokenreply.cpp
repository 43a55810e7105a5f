// A token endpoint's answer (OAuthCall's JSON, then Token::fromResponse for a 200 and the OAuth
// error fields for a 4xx): every sign-in flow and every refresh reads one.

#include "fuzzcheck.h"

#include "auth/autherror.h"
#include "auth/token.h"
#include "core/hiddentext.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace lockbox;
using namespace lockbox::fuzz;

namespace {

constexpr qsizetype kMaxTokenBytes = qsizetype(64) * 1024;

bool isTokenText(const QByteArray &t)
{
    for (const char c : t) {
        if (c < 0x21 || c > 0x7e)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    // As OAuthCall reads the body.
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (!document.isObject())
        return 0;
    const QJsonObject body = document.object();

    static const QDateTime now = QDateTime(QDate(2026, 12, 6), QTime(12, 0), Qt::UTC);
    AuthError error;
    const std::optional<Token> token = Token::fromResponse(body, now, &error);
    if (token) {
        check(token->isValid(), "a token without an access token was accepted");
        check(token->accessToken.size() <= kMaxTokenBytes && isTokenText(token->accessToken),
              "an access token that is not printable ASCII, or too long");
        check(token->refreshToken.size() <= kMaxTokenBytes && isTokenText(token->refreshToken),
              "a refresh token that is not printable ASCII, or too long");
        check(token->idToken.size() <= kMaxTokenBytes && isTokenText(token->idToken),
              "an id token that is not printable ASCII, or too long");
        check(token->obtainedAt == now, "obtainedAt is not the time given");
        check(token->expiresAt.isValid() && token->expiresAt >= now, "a token that expired before it came",
              token->expiresAt.toString(Qt::ISODate));
        // expires_in is honoured up to a year; else the exp claim, which is below year 2287.
        check(token->secondsLeft(now) <= 10000000000LL, "a lifetime beyond any sane bound");
    } else {
        check(error.isError() && !error.message.isEmpty(), "a refused token without a reason");
    }

    // The OAuth error fields of a 4xx, as OAuthCall turns them into the user's message.
    const QString code = body.value(u"error").toString().left(100);
    const QString description = AuthError::serverText(body.value(u"error_description").toString());
    checkString(description, 400 * 6 + 1, "error_description");
    check(!containsHidden(description), "a hidden character reaches the user's message", description);
    const QString shownCode = AuthError::serverText(code, 100);
    checkString(shownCode, 100 * 6 + 1, "error");
    check(!containsHidden(shownCode), "a hidden character reaches the user's message", shownCode);
    return 0;
}
