#pragma once

#include "simhttp.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace lockbox::sim {

class SimWorld;
class TokenAuthority;
struct SimOptions;

// Microsoft Entra ID's v2.0 sign-in endpoints under the simulator's base URL:
//   POST /{tenant}/oauth2/v2.0/devicecode
//   POST /{tenant}/oauth2/v2.0/token   (device_code, refresh_token, client_credentials,
//                                       authorization_code with PKCE S256)
//   GET  /{tenant}/oauth2/v2.0/authorize (redirects to a loopback redirect_uri with a code)
//   GET  /devicelogin, POST /devicelogin (a small page to enter a user code by hand)
// {tenant} may be the tenant id, "organizations", "common" or a domain name.
class EntraService final
{
public:
    EntraService(SimWorld &world, TokenAuthority &tokens, const SimOptions &options);

    bool handles(const HttpRequest &request) const;
    HttpResponse handle(const HttpRequest &request);

    // Control API: complete or decline a pending device-code sign-in. `upn` empty = test user.
    bool approveDeviceCode(const QString &userCode, const QString &upn, QString *error);
    bool declineDeviceCode(const QString &userCode, QString *error);

private:
    struct DeviceCode
    {
        QByteArray deviceCode;
        QString userCode;
        QString clientId;
        QString scope;
        qint64 expiresAtMs = 0; // real time
        qint64 lastPollMs = 0;
        int intervalSec = 5;
        enum class State { Pending, Approved, Declined, Redeemed } state = State::Pending;
        QString principalOid;
        qint64 authTime = 0; // when the user approved (seconds since the epoch)
    };
    struct AuthCode
    {
        QString clientId;
        QString redirectUri;
        QString scope;
        QString codeChallenge;
        QString principalOid;
        qint64 authTime = 0;
        qint64 expiresAtMs = 0;
        QString nonce;
        bool redeemed = false; // kept until it expires, to answer "already redeemed"
    };

    // Routing, the codes' lifetime and Entra's error bodies (entraservice.cpp).
    HttpResponse route(const HttpRequest &request);
    bool tenantKnown(const QString &tenant) const;
    // Forgets codes nobody can use any more.
    void purgeExpired();
    // {"error","error_description":"AADSTSnnnn: …","error_codes":[n],"timestamp","trace_id",
    //  "correlation_id"} with status 400 (401 for invalid_client)
    HttpResponse oauthError(int status, const QString &error, int aadsts, const QString &message) const;
    HttpResponse missingParameter(const QString &name) const; // 400 invalid_request AADSTS900144
    // The page a browser shows when /authorize cannot redirect back (bad client or redirect URI).
    HttpResponse htmlError(int status, int aadsts, const QString &message) const;

    // The device code flow (entradevicecode.cpp).
    HttpResponse deviceCodeEndpoint(const HttpRequest &request);
    HttpResponse deviceLoginPage(const HttpRequest &request);
    HttpResponse tokenGrantDeviceCode(const QUrlQuery &form);
    // The pending, unexpired device code with this user code, or nullptr with `error` set.
    DeviceCode *pendingDeviceCode(const QString &userCode, QString *error);

    // Sign-in in a browser: authorization code with PKCE (entraauthorize.cpp).
    HttpResponse authorizeEndpoint(const HttpRequest &request);
    HttpResponse tokenGrantAuthorizationCode(const QUrlQuery &form);

    // The token endpoint and the grants without a flow of their own (entratoken.cpp).
    HttpResponse tokenEndpoint(const HttpRequest &request);
    HttpResponse tokenGrantRefresh(const QUrlQuery &form);
    HttpResponse tokenGrantClientCredentials(const QUrlQuery &form);
    // {"token_type":"Bearer","scope",…,"access_token","refresh_token" when offline_access}
    HttpResponse tokenResponse(const QString &principalOid, const QString &clientId, const QString &scope,
                               qint64 authTime, const QString &nonce = QString());

    SimWorld &m_world;
    TokenAuthority &m_tokens;
    const SimOptions &m_options;
    QHash<QByteArray, DeviceCode> m_deviceCodes; // by device_code
    QHash<QString, QByteArray> m_userCodes;      // user_code → device_code
    QHash<QString, AuthCode> m_authCodes;        // by code
    // Of the request being handled, for error bodies (Entra's trace and correlation ids).
    QString m_traceId;
    QString m_correlationId;
};

} // namespace lockbox::sim
