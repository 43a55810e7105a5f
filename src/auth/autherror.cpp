#include "autherror.h"

#include "core/hiddentext.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace lockbox {

AuthError AuthError::make(Kind kind, const QString &message, const QString &code, int httpStatus)
{
    AuthError e;
    e.kind = kind;
    e.message = message;
    e.code = code;
    e.httpStatus = httpStatus;
    return e;
}

QString AuthError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return u"none"_s;
    case Kind::Declined:
        return u"declined"_s;
    case Kind::Expired:
        return u"expired"_s;
    case Kind::BadCode:
        return u"bad-code"_s;
    case Kind::Network:
        return u"network"_s;
    case Kind::Server:
        return u"server"_s;
    case Kind::InvalidGrant:
        return u"invalid-grant"_s;
    case Kind::InvalidClient:
        return u"invalid-client"_s;
    case Kind::Rejected:
        return u"rejected"_s;
    case Kind::StateMismatch:
        return u"state-mismatch"_s;
    case Kind::Timeout:
        return u"timeout"_s;
    case Kind::Cancelled:
        return u"cancelled"_s;
    case Kind::NotRecent:
        return u"not-recent"_s;
    case Kind::NotSignedIn:
        return u"not-signed-in"_s;
    case Kind::NoKeychain:
        return u"no-keychain"_s;
    case Kind::AzureCli:
        return u"azure-cli"_s;
    case Kind::Config:
        return u"config"_s;
    }
    return {};
}

QString AuthError::serverText(const QString &text, int maxChars)
{
    // The first line, cut to `maxChars`; what would hide or steer text is shown, not obeyed
    // (lockbox::showHidden).
    QStringView line = text;
    const qsizetype end = line.indexOf(QRegularExpression(u"[\\r\\n]"_s));
    if (end >= 0)
        line.truncate(end);
    const bool cut = line.size() > maxChars;
    QString clean = showHidden(line.left(maxChars)).trimmed();
    if (cut)
        clean.append(u'\u2026');
    return clean;
}

} // namespace lockbox
