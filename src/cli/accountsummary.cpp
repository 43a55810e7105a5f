#include "accountsummary.h"

#include "output.h"

#include "auth/cloud.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

// "in 59 min", "in 2 h 5 min", "expired".
QString timeLeft(const QDateTime &expiresAt)
{
    const qint64 seconds = QDateTime::currentDateTimeUtc().secsTo(expiresAt);
    if (seconds <= 0)
        return tr("expired");
    if (seconds < 120)
        return tr("in %1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 120)
        return tr("in %1 min").arg(minutes);
    return tr("in %1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

} // namespace

void printAccountSummary(OutputFormat format, const QUrl &armEndpoint, const Account &account,
                         const TokenClaims &claims, const QDateTime &expiresAt)
{
    const QString user = claims.userName().isEmpty() ? account.userName : claims.userName();
    const QString name = claims.isEmpty() ? account.displayName : claims.displayName();
    const QString tenantId = claims.tenantId.isEmpty() ? account.tenantId : claims.tenantId;
    const bool isTokenEnv = account.kind == Account::Kind::TokenEnv;
    const QString endpoint = armEndpoint.toString();
    if (format == OutputFormat::Json) {
        QJsonObject o;
        o.insert(u"user"_s, user);
        o.insert(u"name"_s, name);
        o.insert(u"tenantId"_s, tenantId);
        o.insert(u"method"_s, Account::kindName(account.kind));
        if (!isTokenEnv) {
            o.insert(u"cloud"_s, account.cloud.name());
            o.insert(u"authority"_s, account.cloud.authority().toString());
            o.insert(u"tenant"_s, account.tenant);
        }
        if (!account.clientId.isEmpty())
            o.insert(u"clientId"_s, account.clientId);
        if (isTokenEnv)
            o.insert(u"tokenEnv"_s, account.tokenEnv);
        o.insert(u"endpoint"_s, endpoint);
        o.insert(u"tokenExpires"_s, expiresAt.isValid() ? QJsonValue(iso(expiresAt, false)) : QJsonValue());
        printJson(o);
        return;
    }
    QString out;
    const auto field = [&out](const QString &label, const QString &value) {
        if (!value.isEmpty())
            out += (label + u':').leftJustified(16, u' ') + terminalSafe(value) + u'\n';
    };
    field(tr("Signed in as"), name.isEmpty() ? user : name);
    field(tr("Tenant"), tenantId);
    field(tr("How"), isTokenEnv ? tr("token from $%1").arg(account.tokenEnv) : Account::kindDescription(account.kind));
    if (!isTokenEnv) {
        field(tr("Cloud"), account.cloud.name());
        field(tr("Authority"), account.cloud.authority().toString());
    }
    if (account.kind == Account::Kind::ClientSecret)
        field(tr("Application"), account.clientId);
    field(tr("Endpoint"), endpoint);
    if (expiresAt.isValid())
        field(tr("Token expires"),
              expiresAt.toUTC().toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s) + u" ("_s + timeLeft(expiresAt) + u')');
    printOut(out);
}

} // namespace lockbox::cli
