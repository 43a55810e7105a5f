#include "loopbackreceiver.h"

#include "authlogging.h"

#include <QCoreApplication>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

constexpr qsizetype kMaxRequestBytes = qsizetype(16) * 1024;
constexpr int kMaxConnections = 8;
constexpr int kConnectionTimeoutMs = 10000;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    default:
        return "Error";
    }
}

QByteArray html(const LoopbackReceiver::Page &page)
{
    const QString title = page.title.toHtmlEscaped();
    return (u"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"_s + title
            + u"</title><style>body{font-family:sans-serif;max-width:34em;margin:4em auto;padding:0 1em}"
              "</style></head><body><h1>"_s
            + title + u"</h1><p>"_s + page.text.toHtmlEscaped() + u"</p></body></html>\n"_s)
        .toUtf8();
}

} // namespace

LoopbackReceiver::LoopbackReceiver(QObject *parent)
    : QObject(parent)
{
    m_server.setMaxPendingConnections(kMaxConnections);
    connect(&m_server, &QTcpServer::newConnection, this, &LoopbackReceiver::onNewConnection);
}

LoopbackReceiver::~LoopbackReceiver()
{
    close();
}

bool LoopbackReceiver::listen(QString *error)
{
    // 127.0.0.1 only: nothing else on the network can deliver a code to us.
    if (m_server.listen(QHostAddress(QHostAddress::LocalHost), 0))
        return true;
    if (error)
        *error = QCoreApplication::translate("lockbox::LoopbackReceiver",
                                             "cannot listen on 127.0.0.1 for the browser's answer: %1")
                     .arg(m_server.errorString());
    return false;
}

void LoopbackReceiver::close()
{
    m_server.close();
    const auto sockets = m_buffers.keys();
    m_buffers.clear();
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

void LoopbackReceiver::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        if (m_buffers.size() >= kMaxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_buffers.insert(socket, QByteArray());
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
        auto *timer = new QTimer(socket);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, this, [this, socket] {
            m_buffers.remove(socket);
            socket->abort();
            socket->deleteLater();
        });
        timer->start(kConnectionTimeoutMs);
    }
}

void LoopbackReceiver::onReadyRead(QTcpSocket *socket)
{
    auto it = m_buffers.find(socket);
    if (it == m_buffers.end())
        return;
    it.value() += socket->readAll();
    QByteArray &buffer = it.value();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (buffer.size() > kMaxRequestBytes)
            respond(socket, {400, tr("Bad request"), tr("The request is too large.")});
        return;
    }
    const QByteArray requestLine = buffer.left(buffer.indexOf("\r\n"));
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !parts.at(2).startsWith("HTTP/1.")) {
        respond(socket, {400, tr("Bad request"), tr("This is not an HTTP request.")});
        return;
    }
    if (parts.at(0) != "GET") {
        respond(socket, {405, tr("Not allowed"), tr("Only GET is served here.")});
        return;
    }
    // Origin-form only ("/path?query"): an absolute URL or '*' is not what a browser sends here.
    const QByteArray &target = parts.at(1);
    if (!target.startsWith('/')) {
        respond(socket, {400, tr("Bad request"), tr("Unexpected request target.")});
        return;
    }
    const QUrl url(u"http://127.0.0.1"_s + QString::fromLatin1(target), QUrl::StrictMode);
    if (!url.isValid() || url.path() != m_path || !m_handler) {
        // Browsers also ask for /favicon.ico; that is not the redirect.
        respond(socket, {404, tr("Not found"), tr("Nothing here.")});
        return;
    }
    // Out of the pending set before the handler runs: it may close the receiver.
    m_buffers.remove(socket);
    respond(socket, m_handler(url));
}

void LoopbackReceiver::respond(QTcpSocket *socket, const Page &page)
{
    m_buffers.remove(socket);
    const QByteArray body = html(page);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(page.status) + ' ' + reasonPhrase(page.status) + "\r\n";
    response += "Content-Type: text/html; charset=utf-8\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    // The page is not to be kept or framed, and the code in our URL not sent on as a referrer.
    response += "Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n";
    response += "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'\r\n";
    response += "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
    response += body;
    socket->disconnect(this);
    socket->write(response);
    connect(socket, &QTcpSocket::bytesWritten, socket, [socket] {
        if (socket->bytesToWrite() == 0)
            socket->disconnectFromHost();
    });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}

} // namespace lockbox
