// Entra ID's device code flow (RFC 8628): the devicecode endpoint, the page where a user enters
// the code, approval from the control API, and the token endpoint's device_code grant.

#include "entraservice.h"
#include "entraservice_p.h"
#include "simoptions.h"
#include "simtypes.h"
#include "simworld.h"
#include "tokenauthority.h"

#include <QJsonObject>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

using namespace entra;

namespace {

constexpr int kUserCodeLength = 9;
// Without 0/O and 1/I/L: a user code is read off one screen and typed on another.
constexpr QStringView kUserCodeAlphabet = u"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

QString randomUserCode()
{
    QString code;
    code.reserve(kUserCodeLength);
    for (int i = 0; i < kUserCodeLength; ++i)
        code.append(kUserCodeAlphabet.at(QRandomGenerator::system()->bounded(int(kUserCodeAlphabet.size()))));
    return code;
}

// Users type codes as they like: "fj3m-7q2kx", "FJ3 M7Q 2KX".
QString normalisedUserCode(const QString &userCode)
{
    QString code;
    for (const QChar c : userCode) {
        if (c != u'-' && !c.isSpace())
            code.append(c.toUpper());
    }
    return code;
}

QString pageTitle()
{
    return u"Lockbox simulator \u2013 device sign-in"_s;
}

QString deviceLoginForm(const QString &userCode, const QString &upn, const QString &defaultUpn)
{
    return u"<p>Enter the code displayed on your app or device.</p>\n"
           "<form method=\"post\" action=\"/devicelogin\">\n"
           "<label for=\"user_code\">Code</label>"
           "<input id=\"user_code\" name=\"user_code\" autocomplete=\"off\" autofocus required value=\""_s
        + escaped(userCode) + u"\">\n<label for=\"upn\">Sign in as (optional; default "_s + escaped(defaultUpn)
        + u")</label><input id=\"upn\" name=\"upn\" autocomplete=\"username\" value=\""_s + escaped(upn)
        + u"\">\n<button type=\"submit\" name=\"action\" value=\"approve\">Continue</button>"
          "<button type=\"submit\" name=\"action\" value=\"decline\">Cancel sign-in</button>\n</form>"_s;
}

} // namespace

HttpResponse EntraService::deviceCodeEndpoint(const HttpRequest &request)
{
    const QUrlQuery form = request.formBody();
    const QString clientId = formValue(form, u"client_id"_s);
    const QString scope = normalisedScope(formValue(form, u"scope"_s));
    if (clientId.isEmpty())
        return missingParameter(u"client_id"_s);
    if (scope.isEmpty())
        return missingParameter(u"scope"_s);
    if (scopeResources(scope).size() > 1)
        return oauthError(400, u"invalid_scope"_s, 28000, multipleResourcesMessage(scope));

    DeviceCode code;
    code.deviceCode = randomToken(96);
    while (m_deviceCodes.contains(code.deviceCode))
        code.deviceCode = randomToken(96);
    code.userCode = randomUserCode();
    while (m_userCodes.contains(code.userCode))
        code.userCode = randomUserCode();
    code.clientId = clientId;
    code.scope = scope;
    code.expiresAtMs = nowMs() + qint64(m_options.deviceCodeLifetimeSec) * 1000;
    code.intervalSec = m_options.deviceCodeIntervalSec;
    m_userCodes.insert(code.userCode, code.deviceCode);
    m_deviceCodes.insert(code.deviceCode, code);

    const QString verificationUri = request.baseUrl + u"/devicelogin"_s;
    HttpResponse response =
        HttpResponse::json(200,
                           QJsonObject {
                               {u"user_code"_s, code.userCode},
                               {u"device_code"_s, QString::fromLatin1(code.deviceCode)},
                               {u"verification_uri"_s, verificationUri},
                               {u"expires_in"_s, m_options.deviceCodeLifetimeSec},
                               {u"interval"_s, m_options.deviceCodeIntervalSec},
                               {u"message"_s,
                                QString(u"To sign in, use a web browser to open the page "_s + verificationUri
                                        + u" and enter the code "_s + code.userCode + u" to authenticate."_s)},
                           });
    setNoStore(response);
    return response;
}

EntraService::DeviceCode *EntraService::pendingDeviceCode(const QString &userCode, QString *error)
{
    auto fail = [error](const QString &message) -> DeviceCode * {
        if (error)
            *error = message;
        return nullptr;
    };
    const QString key = normalisedUserCode(userCode);
    const auto codeIt = m_userCodes.constFind(key);
    const auto it = codeIt == m_userCodes.cend() ? m_deviceCodes.end() : m_deviceCodes.find(codeIt.value());
    if (key.isEmpty() || it == m_deviceCodes.end())
        return fail(u"Unknown code '"_s + userCode.trimmed() + u"'. Check the code and try again."_s);
    if (it->state != DeviceCode::State::Pending)
        return fail(u"The code '"_s + it->userCode + u"' has already been used."_s);
    if (nowMs() >= it->expiresAtMs)
        return fail(u"The code '"_s + it->userCode + u"' has expired. Start the sign-in on your device again."_s);
    return &it.value();
}

bool EntraService::approveDeviceCode(const QString &userCode, const QString &upn, QString *error)
{
    DeviceCode *code = pendingDeviceCode(userCode, error);
    if (!code)
        return false;
    const Principal *principal = upn.trimmed().isEmpty() ? &m_world.testUser() : m_world.principalByUpn(upn.trimmed());
    if (!principal || principal->isServicePrincipal()) {
        if (error)
            *error = u"Unknown user '"_s + upn.trimmed() + u"'."_s;
        return false;
    }
    code->state = DeviceCode::State::Approved;
    code->principalOid = principal->oid;
    code->authTime = nowMs() / 1000;
    return true;
}

bool EntraService::declineDeviceCode(const QString &userCode, QString *error)
{
    DeviceCode *code = pendingDeviceCode(userCode, error);
    if (!code)
        return false;
    code->state = DeviceCode::State::Declined;
    return true;
}

HttpResponse EntraService::deviceLoginPage(const HttpRequest &request)
{
    const QString defaultUpn = m_world.testUser().upn;
    if (request.method == "GET"_ba) {
        // "otc" is how Microsoft's page takes a code from a link; handy for tests and scripts.
        return htmlPage(200, pageTitle(), deviceLoginForm(request.queryValue(u"otc"_s), QString(), defaultUpn));
    }
    if (request.method != "POST"_ba) {
        HttpResponse response = HttpResponse::text(405, "Method Not Allowed\n"_ba, "text/plain; charset=utf-8");
        response.setHeader("Allow", "GET, POST");
        return response;
    }

    const QUrlQuery form = request.formBody();
    const QString userCode = formValue(form, u"user_code"_s).trimmed();
    const QString upn = formValue(form, u"upn"_s).trimmed();
    const bool decline = formValue(form, u"action"_s) == u"decline"_s;
    QString error;
    const bool done = decline ? declineDeviceCode(userCode, &error) : approveDeviceCode(userCode, upn, &error);
    if (!done) {
        return htmlPage(400, pageTitle(),
                        u"<p class=\"error\">"_s + escaped(error) + u"</p>\n"_s
                            + deviceLoginForm(userCode, upn, defaultUpn));
    }
    if (decline) {
        return htmlPage(200, pageTitle(),
                        u"<p>You have declined the sign-in on your device. You may now close this window.</p>"_s);
    }
    return htmlPage(200, pageTitle(),
                    u"<p>You have signed in to the application on your device as <b>"_s
                        + escaped(upn.isEmpty() ? defaultUpn : upn) + u"</b>. You may now close this window.</p>"_s);
}

HttpResponse EntraService::tokenGrantDeviceCode(const QUrlQuery &form)
{
    const QString clientId = formValue(form, u"client_id"_s);
    const QByteArray deviceCode = formValue(form, u"device_code"_s).toUtf8();
    if (clientId.isEmpty())
        return missingParameter(u"client_id"_s);
    if (deviceCode.isEmpty())
        return missingParameter(u"device_code"_s);

    const QString invalidCode = u"The provided value for the input parameter 'device_code' is not valid."_s;
    const auto it = m_deviceCodes.find(deviceCode);
    if (it == m_deviceCodes.end())
        return oauthError(400, u"bad_verification_code"_s, 70000, invalidCode);
    DeviceCode &code = it.value();
    if (code.clientId != clientId) {
        return oauthError(400, u"invalid_grant"_s, 70000, invalidCode + u" It was issued to a different client."_s);
    }
    if (code.state == DeviceCode::State::Redeemed) {
        return oauthError(400, u"bad_verification_code"_s, 70000,
                          invalidCode + u" This device code has already been redeemed."_s);
    }
    const qint64 now = nowMs();
    if (now >= code.expiresAtMs) {
        return oauthError(400, u"expired_token"_s, 70020, invalidCode + u" This device code has expired."_s);
    }
    if (code.state == DeviceCode::State::Declined) {
        return oauthError(400, u"authorization_declined"_s, 70000,
                          u"The user declined the authorization request on the verification page."_s);
    }
    if (code.state == DeviceCode::State::Approved) {
        HttpResponse response = tokenResponse(code.principalOid, code.clientId, code.scope, code.authTime);
        if (response.status == 200)
            code.state = DeviceCode::State::Redeemed;
        return response;
    }

    // Pending. A client polling faster than asked is told to slow down (RFC 8628 §3.5), with some
    // slack for coarse timers that fire a little early and for network jitter.
    const qint64 intervalMs = qint64(code.intervalSec) * 1000;
    const qint64 slackMs = qMax<qint64>(250, intervalMs / 10);
    const bool tooSoon = code.lastPollMs > 0 && now - code.lastPollMs + slackMs < intervalMs;
    code.lastPollMs = now;
    if (tooSoon) {
        code.intervalSec += 5;
        return oauthError(400, u"slow_down"_s, 70016,
                          u"OAuth 2.0 device flow error. Polling too frequently: wait "_s
                              + QString::number(code.intervalSec) + u" seconds between requests."_s);
    }
    return oauthError(400, u"authorization_pending"_s, 70016,
                      u"OAuth 2.0 device flow error. Authorization is pending. Continue polling."_s);
}

} // namespace lockbox::sim
