#include "httpclient.h"

#include <QBuffer>
#include <QEventLoop>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace lockbox::test {

QString HttpResult::armErrorCode() const
{
    return object().value(u"error").toObject().value(u"code").toString();
}

HttpClient::HttpClient(QNetworkAccessManager *manager)
    : m_manager(manager)
{
    if (!m_manager) {
        m_owned = std::make_unique<QNetworkAccessManager>();
        m_manager = m_owned.get();
    }
}

HttpResult HttpClient::get(const QUrl &url, const QHash<QByteArray, QByteArray> &headers)
{
    return send("GET", url, {}, headers);
}

HttpResult HttpClient::post(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                            const QHash<QByteArray, QByteArray> &headers)
{
    auto all = headers;
    all.insert("content-type", contentType);
    return send("POST", url, body, all);
}

HttpResult HttpClient::postJson(const QUrl &url, const QJsonObject &body, const QHash<QByteArray, QByteArray> &headers)
{
    return post(url, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", headers);
}

HttpResult HttpClient::postForm(const QUrl &url, const QList<QPair<QString, QString>> &fields)
{
    QUrlQuery form;
    for (const auto &f : fields)
        form.addQueryItem(f.first, QString::fromLatin1(QUrl::toPercentEncoding(f.second)));
    return post(url, form.query(QUrl::FullyEncoded).toUtf8(), "application/x-www-form-urlencoded");
}

HttpResult HttpClient::send(const QByteArray &method, const QUrl &url, const QByteArray &body,
                            const QHash<QByteArray, QByteArray> &headers)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!m_bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_bearer);
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        request.setRawHeader(it.key(), it.value());

    QBuffer *buffer = nullptr;
    QNetworkReply *reply = nullptr;
    if (method == "GET") {
        reply = m_manager->get(request);
    } else {
        buffer = new QBuffer;
        buffer->setData(body);
        buffer->open(QIODevice::ReadOnly);
        reply = m_manager->sendCustomRequest(request, method, buffer);
        buffer->setParent(reply);
    }

    HttpResult result;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        result.timedOut = true;
        reply->abort();
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timer.start(m_timeoutMs);
    if (!reply->isFinished())
        loop.exec();

    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    result.errorString = reply->errorString();
    if (reply->isOpen())
        result.body = reply->readAll();
    const auto pairs = reply->rawHeaderPairs();
    for (const auto &h : pairs)
        result.headers.insert(h.first.toLower(), h.second);
    reply->deleteLater();
    return result;
}

} // namespace lockbox::test
