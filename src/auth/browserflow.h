#pragma once

#include "autherror.h"
#include "cloud.h"
#include "loopbackreceiver.h"
#include "token.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;

namespace lockbox {

class OAuthCall;

// Browser sign-in: authorization code with PKCE S256 on a loopback redirect (RFC 8252), the
// default for desktop apps. The flow listens on 127.0.0.1 and ::1 (one port), hands out the
// authorize URL (the caller opens the browser: src/auth has no GUI), checks `state` on the way
// back, answers the browser with a "you can close this window" page and redeems the code with its
// verifier. A request whose `state` is not this flow's is answered 400 and otherwise ignored:
// anyone on the machine can send one, and it must not end the sign-in the user is doing.
//
// Step-up: with `maxAgeSec` the request asks for a sign-in no older than that (max_age) and the
// flow fails with NotRecent unless the returned auth_time is that recent.
class BrowserFlow final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        Cloud cloud;
        QString tenant = QStringLiteral("organizations");
        QString clientId = Cloud::defaultClientId();
        QString scope;                 // empty: cloud.userScope() (plus openid for a step-up)
        int timeoutMs = 5 * 60 * 1000; // for the whole sign-in in the browser
        int requestTimeoutMs = 30000;  // for the code redemption
        std::optional<int> maxAgeSec;  // step-up: ask for (and insist on) a sign-in this recent
        QString prompt;                // "login", "select_account", "consent" or empty
        QString loginHint;             // the user expected to sign in
        // The redirect URI's host. Entra matches a registered loopback redirect on any port, and
        // the default client (the Azure CLI's, whose registration is not ours to change) is known
        // to take http://localhost: the Azure CLI itself sends that. http://127.0.0.1, RFC 8252's
        // advice, works only for an application that registered it (through its manifest). A
        // browser may resolve localhost to ::1 or 127.0.0.1, so the listener takes both, which
        // leaves no loopback address on the port to anyone else. "127.0.0.1" and "[::1]" work
        // too; any other host is refused at start.
        QString redirectHost = QStringLiteral("localhost");
    };

    BrowserFlow(QNetworkAccessManager *manager, Options options, QObject *parent = nullptr);
    ~BrowserFlow() override;

    // Starts listening and emits authorizeUrlReady (or failed when it cannot listen).
    void start();
    void cancel();

    bool isRunning() const { return m_running; }
    QUrl authorizeUrl() const { return m_authorizeUrl; }
    QString redirectUri() const { return m_redirectUri; }
    quint16 listenPort() const;

    // True when `authTime` is no older than `maxAgeSec` at `now` (with a minute of clock skew,
    // and not more than that in the future).
    static bool isRecent(const QDateTime &authTime, int maxAgeSec, const QDateTime &now);

Q_SIGNALS:
    // Open this in the user's browser.
    void authorizeUrlReady(const QUrl &url);
    // The browser came back with a code; the flow now redeems it.
    void codeReceived();
    void finished(const lockbox::Token &token);
    void failed(const lockbox::AuthError &error);

private:
    LoopbackReceiver::Page onRedirectPage(const QUrl &url);
    void onToken();
    void fail(const AuthError &error);
    void stop();

    QNetworkAccessManager *m_manager;
    Options m_options;
    LoopbackReceiver *m_receiver = nullptr;
    QPointer<OAuthCall> m_call;
    QTimer m_timeout;
    QByteArray m_verifier; // secret until redeemed
    QByteArray m_state;
    QByteArray m_nonce;
    QString m_redirectUri;
    QUrl m_authorizeUrl;
    bool m_running = false;
    bool m_codeTaken = false;
};

} // namespace lockbox
