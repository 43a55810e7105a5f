#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrl>

namespace lockbox::test {

// What a test needs of one HTTP exchange.
struct HttpResult
{
    int status = 0; // 0 when no HTTP reply arrived
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    bool timedOut = false;

    QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    QJsonObject object() const { return json().object(); }
    // ARM error code of an error body, or empty.
    QString armErrorCode() const;
};

// A blocking HTTP client for tests over real sockets. It spins the event loop while it waits, so
// an in-process simulator keeps serving. Redirects are not followed unless asked.
class HttpClient final
{
public:
    explicit HttpClient(QNetworkAccessManager *manager = nullptr);

    void setBearer(const QByteArray &token) { m_bearer = token; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    HttpResult get(const QUrl &url, const QHash<QByteArray, QByteArray> &headers = {});
    HttpResult post(const QUrl &url, const QByteArray &body, const QByteArray &contentType = "application/json",
                    const QHash<QByteArray, QByteArray> &headers = {});
    HttpResult postJson(const QUrl &url, const QJsonObject &body, const QHash<QByteArray, QByteArray> &headers = {});
    HttpResult postForm(const QUrl &url, const QList<QPair<QString, QString>> &fields);
    HttpResult send(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                    const QHash<QByteArray, QByteArray> &headers = {});

    QNetworkAccessManager *manager() const { return m_manager; }

private:
    QNetworkAccessManager *m_manager;
    std::unique_ptr<QNetworkAccessManager> m_owned;
    QByteArray m_bearer;
    int m_timeoutMs = 15000;
};

} // namespace lockbox::test
