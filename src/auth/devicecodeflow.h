#pragma once

#include "autherror.h"
#include "cloud.h"
#include "token.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;

namespace lockbox {

class OAuthCall;

// The device authorization grant (RFC 8628) against Entra's v2 endpoints: ask for a code, show
// it, poll the token endpoint at the interval the server asks for (5 s more after each
// slow_down) until the user finished, declined, or the code expired. Transient failures while
// polling (network, 5xx) are retried a few times before giving up.
class DeviceCodeFlow final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        Cloud cloud;
        QString tenant = QStringLiteral("organizations");
        QString clientId = Cloud::defaultClientId();
        QString scope; // empty: cloud.userScope()
        int requestTimeoutMs = 30000;
        // 0: poll at the server's interval. Tests set a shorter first interval to provoke slow_down.
        int initialIntervalMs = 0;
        int maxTransientFailures = 3;
    };

    DeviceCodeFlow(QNetworkAccessManager *manager, Options options, QObject *parent = nullptr);
    ~DeviceCodeFlow() override;

    void start();
    // Stops polling; emits failed(Cancelled) unless the flow had already ended.
    void cancel();

    bool isRunning() const { return m_running; }
    int intervalMs() const { return m_intervalMs; }
    int polls() const { return m_polls; }
    QString userCode() const { return m_userCode; }

Q_SIGNALS:
    // Show `userCode` and `verificationUri` to the user (the server's `message` says the same in
    // a sentence, in the server's words: untrusted text).
    void codeReady(const QString &userCode, const QUrl &verificationUri, int expiresInSec, const QString &message);
    // The polling interval changed (slow_down).
    void intervalChanged(int intervalMs);
    void finished(const lockbox::Token &token);
    void failed(const lockbox::AuthError &error);

private:
    void onDeviceCode();
    void poll();
    void onPoll();
    void schedulePoll();
    void fail(const AuthError &error);

    QNetworkAccessManager *m_manager;
    Options m_options;
    QPointer<OAuthCall> m_call;
    QTimer m_timer;
    QByteArray m_deviceCode; // a secret: whoever holds it gets the tokens
    QString m_userCode;
    QDateTime m_expiresAt;
    int m_intervalMs = 5000;
    int m_polls = 0;
    int m_transientFailures = 0;
    bool m_running = false;
};

} // namespace lockbox
