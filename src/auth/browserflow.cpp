#include "browserflow.h"

#include "authlogging.h"
#include "loopbackreceiver.h"
#include "oauthcall.h"
#include "pkce.h"

#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

constexpr int kClockSkewSec = 60;

bool hasScopeItem(const QString &scope, QStringView item)
{
    const QStringList items = scope.split(u' ', Qt::SkipEmptyParts);
    return std::any_of(items.cbegin(), items.cend(),
                       [item](const QString &s) { return s.compare(item, Qt::CaseInsensitive) == 0; });
}

} // namespace

BrowserFlow::BrowserFlow(QNetworkAccessManager *manager, Options options, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_options(std::move(options))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        fail(AuthError::make(AuthError::Kind::Timeout,
                             tr("Nobody finished the sign-in in the browser within %n minute(s).", nullptr,
                                qMax(1, m_options.timeoutMs / 60000))));
    });
}

BrowserFlow::~BrowserFlow()
{
    if (m_call)
        m_call->disconnect(this);
}

quint16 BrowserFlow::listenPort() const
{
    return m_receiver ? m_receiver->port() : 0;
}

bool BrowserFlow::isRecent(const QDateTime &authTime, int maxAgeSec, const QDateTime &now)
{
    if (!authTime.isValid())
        return false;
    const qint64 age = authTime.secsTo(now);
    return age <= qint64(maxAgeSec) + kClockSkewSec && age >= -kClockSkewSec;
}

void BrowserFlow::start()
{
    if (m_running)
        return;
    m_running = true;
    m_codeTaken = false;
    if (!m_receiver) {
        m_receiver = new LoopbackReceiver(this);
        m_receiver->setHandler([this](const QUrl &url) { return onRedirectPage(url); });
    }
    QString error;
    if (!m_receiver->listen(&error)) {
        fail(AuthError::make(AuthError::Kind::Config, error));
        return;
    }
    if (!m_receiver->serves(m_options.redirectHost)) {
        fail(AuthError::make(AuthError::Kind::Config,
                             tr("The browser's answer cannot come back to %1: the sign-in listens on 127.0.0.1 and "
                                "::1 only.")
                                 .arg(m_options.redirectHost)));
        return;
    }
    m_verifier = Pkce::newVerifier(64);
    m_state = Pkce::randomToken(32);
    m_nonce = Pkce::randomToken(16);
    m_redirectUri = u"http://"_s + m_options.redirectHost + u':' + QString::number(m_receiver->port());

    QString scope = m_options.scope.isEmpty() ? m_options.cloud.userScope() : m_options.scope;
    if (m_options.maxAgeSec && !hasScopeItem(scope, u"openid"))
        scope = u"openid "_s + scope; // the id_token carries auth_time
    OAuthCall::Form query = {
        {u"client_id"_s, m_options.clientId},
        {u"response_type"_s, u"code"_s},
        {u"redirect_uri"_s, m_redirectUri},
        {u"response_mode"_s, u"query"_s},
        {u"scope"_s, scope},
        {u"state"_s, QString::fromLatin1(m_state)},
        {u"code_challenge"_s, QString::fromLatin1(Pkce::challengeOf(m_verifier))},
        {u"code_challenge_method"_s, u"S256"_s},
    };
    if (hasScopeItem(scope, u"openid"))
        query.append({u"nonce"_s, QString::fromLatin1(m_nonce)});
    if (m_options.maxAgeSec)
        query.append({u"max_age"_s, QString::number(qMax(0, *m_options.maxAgeSec))});
    if (!m_options.prompt.isEmpty())
        query.append({u"prompt"_s, m_options.prompt});
    if (!m_options.loginHint.isEmpty())
        query.append({u"login_hint"_s, m_options.loginHint});
    m_authorizeUrl = m_options.cloud.endpointUrl(m_options.tenant, u"authorize"_s);
    m_authorizeUrl.setQuery(QString::fromLatin1(OAuthCall::encodeForm(query)), QUrl::StrictMode);
    if (!Cloud::isSecureUrl(m_authorizeUrl)) {
        fail(AuthError::make(AuthError::Kind::Config,
                             tr("The sign-in address %1 is not HTTPS.").arg(Cloud::originOf(m_authorizeUrl))));
        return;
    }
    m_timeout.start(qMax(1000, m_options.timeoutMs));
    qCInfo(lcAuth) << "browser sign-in started; listening on port" << m_receiver->port()
                   << (m_receiver->listensOnIPv6() ? "of 127.0.0.1 and ::1" : "of 127.0.0.1");
    Q_EMIT authorizeUrlReady(m_authorizeUrl);
}

void BrowserFlow::cancel()
{
    fail(AuthError::make(AuthError::Kind::Cancelled, tr("The sign-in was cancelled.")));
}

LoopbackReceiver::Page BrowserFlow::onRedirectPage(const QUrl &url)
{
    const QString closeHint = tr("You can close this window.");
    if (!m_running || m_codeTaken)
        return {400, tr("Sign-in already over"), tr("This sign-in is already over.") + u' ' + closeHint};
    const QUrlQuery query(url);
    const QString code = query.queryItemValue(u"code"_s, QUrl::FullyDecoded);
    const QString error = query.queryItemValue(u"error"_s, QUrl::FullyDecoded);
    if (code.isEmpty() && error.isEmpty())
        return {400, tr("Nothing to do"), tr("This address only takes the answer of a sign-in.")};

    // A redirect whose state is not ours was not started by this flow (RFC 6749 §10.12): its code
    // is never redeemed, and its error never ends the sign-in. It is ignored rather than ending
    // the sign-in because anyone on this machine can send one: the user's real answer may follow.
    const QByteArray state = query.queryItemValue(u"state"_s, QUrl::FullyDecoded).toUtf8();
    if (state != m_state) {
        qCInfo(lcAuth) << "browser sign-in: an answer with another state was ignored";
        return {400, tr("Not this sign-in"),
                tr("This answer does not belong to the sign-in in progress, so it was ignored.") + u' ' + closeHint};
    }
    if (!error.isEmpty()) {
        const QString description =
            AuthError::serverText(query.queryItemValue(u"error_description"_s, QUrl::FullyDecoded));
        const AuthError::Kind kind = error == u"access_denied" ? AuthError::Kind::Declined : AuthError::Kind::Rejected;
        const QString errorCode = AuthError::serverText(error, 100);
        const QString reason = description.isEmpty() ? errorCode : description;
        QMetaObject::invokeMethod(
            this,
            [this, kind, reason, errorCode] {
                fail(AuthError::make(kind,
                                     kind == AuthError::Kind::Declined ? tr("The sign-in was declined.")
                                                                       : tr("The sign-in failed: %1").arg(reason),
                                     errorCode));
            },
            Qt::QueuedConnection);
        return {200, tr("Sign-in failed"), reason + u' ' + closeHint};
    }

    m_codeTaken = true;
    m_timeout.stop();
    const OAuthCall::Form form = {
        {u"grant_type"_s, u"authorization_code"_s},
        {u"client_id"_s, m_options.clientId},
        {u"code"_s, code},
        {u"redirect_uri"_s, m_redirectUri},
        {u"code_verifier"_s, QString::fromLatin1(m_verifier)},
    };
    m_call = OAuthCall::post(m_manager, m_options.cloud.endpointUrl(m_options.tenant, u"token"_s), form,
                             m_options.requestTimeoutMs, this);
    connect(m_call, &OAuthCall::finished, this, &BrowserFlow::onToken);
    m_receiver->close();
    Q_EMIT codeReceived();
    return {200, tr("Signed in"), tr("Lockbox Console received your sign-in.") + u' ' + closeHint};
}

void BrowserFlow::onToken()
{
    OAuthCall *call = m_call;
    m_call = nullptr;
    if (!call || !m_running)
        return;
    m_verifier.clear();
    if (!call->isOk()) {
        const AuthError &e = call->error();
        fail(
            AuthError::make(e.kind, tr("The sign-in could not be completed: %1").arg(e.message), e.code, e.httpStatus));
        return;
    }
    AuthError error;
    const auto token = Token::fromResponse(call->body(), QDateTime::currentDateTimeUtc(), &error);
    if (!token) {
        fail(error);
        return;
    }
    if (!token->idToken.isEmpty()) {
        const TokenClaims id = TokenClaims::fromJwt(token->idToken);
        if (!id.nonce.isEmpty() && id.nonce.toLatin1() != m_nonce) {
            fail(AuthError::make(AuthError::Kind::StateMismatch,
                                 tr("The sign-in answer does not belong to this sign-in (nonce mismatch).")));
            return;
        }
    }
    if (m_options.maxAgeSec
        && !isRecent(token->claims.authTime, *m_options.maxAgeSec, QDateTime::currentDateTimeUtc())) {
        fail(AuthError::make(AuthError::Kind::NotRecent,
                             tr("The sign-in is not recent enough: sign in again with your password or other "
                                "credentials (a remembered sign-in does not count).")));
        return;
    }
    stop();
    qCInfo(lcAuth) << "browser sign-in finished";
    Q_EMIT finished(*token);
}

void BrowserFlow::stop()
{
    m_running = false;
    m_timeout.stop();
    m_verifier.clear();
    m_state.clear();
    if (m_receiver)
        m_receiver->close();
    if (m_call) {
        OAuthCall *call = m_call;
        m_call = nullptr;
        call->disconnect(this);
        call->abort();
    }
}

void BrowserFlow::fail(const AuthError &error)
{
    if (!m_running)
        return;
    stop();
    qCInfo(lcAuth) << "browser sign-in failed:" << AuthError::kindName(error.kind) << error.code;
    Q_EMIT failed(error);
}

} // namespace lockbox
