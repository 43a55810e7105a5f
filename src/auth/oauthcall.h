#pragma once

#include "autherror.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <utility>

class QNetworkAccessManager;
class QNetworkReply;

namespace lockbox {

// One form POST to an Entra endpoint (devicecode or token) and its JSON answer. Starts from the
// event loop, emits finished() exactly once and deletes itself afterwards. It refuses plain HTTP
// to another machine before anything is sent (the form carries secrets), follows no redirect,
// stores no cookie and caches nothing, and never logs the form or the body.
class OAuthCall final : public QObject
{
    Q_OBJECT

public:
    using Form = QList<std::pair<QString, QString>>; // decoded names and values

    static OAuthCall *post(QNetworkAccessManager *manager, const QUrl &url, const Form &form, int timeoutMs,
                           QObject *parent = nullptr);
    ~OAuthCall() override;

    // application/x-www-form-urlencoded with every byte but the unreserved ones escaped, so that
    // '+', '&' or '=' inside a secret arrive as they are.
    static QByteArray encodeForm(const Form &form);

    // 200 with a JSON object.
    bool isOk() const { return !m_error.isError(); }
    int httpStatus() const { return m_status; }
    // The JSON object of the answer (200, or an OAuth error body); empty otherwise.
    const QJsonObject &body() const { return m_body; }
    // The OAuth "error" of a 4xx answer (e.g. "authorization_pending"); empty otherwise.
    QString oauthError() const { return m_error.code; }
    const AuthError &error() const { return m_error; }

    void abort();

Q_SIGNALS:
    void finished();

private:
    OAuthCall(QNetworkAccessManager *manager, QUrl url, const Form &form, int timeoutMs, QObject *parent);
    void send();
    void onFinished();
    void finish(const AuthError &error);

    QNetworkAccessManager *m_manager;
    QUrl m_url;
    QByteArray m_payload;
    int m_timeoutMs;
    QPointer<QNetworkReply> m_reply;
    QTimer m_deadline;
    bool m_tooLarge = false;
    bool m_done = false;
    int m_status = 0;
    QJsonObject m_body;
    AuthError m_error;
};

} // namespace lockbox
