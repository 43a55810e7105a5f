#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

namespace lockbox::sim {

// One HTTP request as the simulator's services see it, detached from the socket.
struct HttpRequest final
{
    QByteArray method;                     // upper case: "GET", "POST", …
    QUrl url;                              // as requested, with the query
    QString path;                          // decoded path, case kept
    QUrlQuery query;                       // decoded query items
    QHash<QByteArray, QByteArray> headers; // keys lower case
    QByteArray body;
    QHostAddress peer;
    QString baseUrl; // scheme://host:port as the client addressed the server (Host header)

    QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
    // Query item by name, case-insensitive on the name, decoded ("+" is a space only in forms).
    QString queryValue(const QString &name) const;
    bool hasQueryItem(const QString &name) const;
    // application/x-www-form-urlencoded body fields (Entra endpoints).
    QUrlQuery formBody() const;
};

struct HttpResponse final
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;

    static HttpResponse json(int status, const QJsonDocument &doc);
    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse text(int status, const QByteArray &body, const QByteArray &contentType);
    static HttpResponse empty(int status);
    static HttpResponse redirect(const QUrl &location);
};

QByteArray reasonPhrase(int status);

} // namespace lockbox::sim
