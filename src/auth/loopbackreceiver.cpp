#include "loopbackreceiver.h"

#include "authlogging.h"

#include <QCoreApplication>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

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
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Error";
    }
}

QByteArray html(const LoopbackReceiver::Page &page)
{
    const QString title = page.title.toHtmlEscaped();
    // The page's words are translated; its language is the translation's.
    const QString lang = LoopbackReceiver::tr("en", "the language code of this translation (the sign-in page's lang)");
    return (u"<!DOCTYPE html>\n<html lang=\""_s + lang.toHtmlEscaped() + u"\"><head><meta charset=\"utf-8\"><title>"_s
            + title
            + u"</title><style>body{font-family:sans-serif;max-width:34em;margin:4em auto;padding:0 1em}"
              "</style></head><body><h1>"_s
            + title + u"</h1><p>"_s + page.text.toHtmlEscaped() + u"</p></body></html>\n"_s)
        .toUtf8();
}

} // namespace

LoopbackReceiver::LoopbackReceiver(QObject *parent)
    : QObject(parent)
{
    connect(&m_v4, &QTcpServer::newConnection, this, [this] { onNewConnection(&m_v4); });
    connect(&m_v6, &QTcpServer::newConnection, this, [this] { onNewConnection(&m_v6); });
}

LoopbackReceiver::~LoopbackReceiver()
{
    close();
}

bool LoopbackReceiver::listen(QString *error, quint16 port)
{
    close();
    constexpr int kAttempts = 16;
    QString problem;
    for (int attempt = 0; attempt < kAttempts; ++attempt, port = 0) {
        // Loopback only: nothing else on the network can deliver a code to us.
        if (!m_v4.listen(QHostAddress(QHostAddress::LocalHost), port)) {
            problem = m_v4.errorString();
            continue;
        }
        if (m_v6.listen(QHostAddress(QHostAddress::LocalHostIPv6), m_v4.serverPort()))
            return true;
        const QAbstractSocket::SocketError v6Error = m_v6.serverError();
        if (v6Error == QAbstractSocket::SocketAddressNotAvailableError
            || v6Error == QAbstractSocket::UnsupportedSocketOperationError) {
            // No IPv6 loopback on this system: no browser reaches ::1, and nobody can listen there.
            qCInfo(lcAuth) << "no IPv6 loopback here; the browser's answer comes to 127.0.0.1 only";
            return true;
        }
        // ::1 on this port is someone else's (nothing of ours is there): a browser trying ::1
        // first would take the code to them. Another port.
        problem = m_v6.errorString();
        qCInfo(lcAuth) << "::1 port" << m_v4.serverPort() << "is taken; the sign-in listens on another port";
        m_v4.close();
    }
    if (error)
        *error = QCoreApplication::translate("lockbox::LoopbackReceiver",
                                             "cannot listen on 127.0.0.1 and ::1 for the browser's answer: %1")
                     .arg(problem);
    return false;
}

bool LoopbackReceiver::serves(const QString &host) const
{
    if (!isListening())
        return false;
    const QString name = host.toLower();
    // localhost may resolve to either address; ::1 is only not listened on where it does not exist.
    if (name == u"localhost" || name == u"127.0.0.1")
        return true;
    return (name == u"[::1]" || name == u"::1") && m_v6.isListening();
}

void LoopbackReceiver::close()
{
    m_v4.close();
    m_v6.close();
    const QList<QTcpSocket *> pending = m_pending;
    for (QTcpSocket *socket : pending)
        drop(socket);
}

void LoopbackReceiver::onNewConnection(QTcpServer *server)
{
    while (QTcpSocket *socket = server->nextPendingConnection()) {
        m_pending.append(socket);
        m_buffers.insert(socket, QByteArray());
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
        // The whole request in a few seconds from connecting, however it trickles in.
        auto *deadline = new QTimer(socket);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, this, [this, socket] {
            if (m_buffers.contains(socket))
                drop(socket);
        });
        deadline->start(kRequestDeadlineMs);
    }
    // Connections held open (idle, or sending a request slowly) never keep a later one out, and a
    // burst of them never pushes out one that came before with its request: room is made only
    // once the whole batch is in, by what each has sent so far (read or still waiting unread).
    // A browser sends its request as it connects; a connection that has said nothing goes first.
    const qsizetype excess = m_pending.size() - kMaxConnections;
    if (excess <= 0)
        return;
    QList<std::pair<int, QTcpSocket *>> ranked; // oldest first, kept so among equals by the stable sort
    ranked.reserve(m_pending.size());
    for (QTcpSocket *socket : std::as_const(m_pending))
        ranked.append({standing(socket), socket});
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (qsizetype i = 0; i < excess; ++i)
        drop(ranked.at(i).second);
}

// How much a connection has shown of a request, for choosing whom to drop: 0 nothing sent,
// 1 something that is no request line of ours, 2 the start of one ("GET /"), 3 a request with
// all its headers.
int LoopbackReceiver::standing(QTcpSocket *socket) const
{
    QByteArray sent = m_buffers.value(socket);
    if (sent.size() < kMaxRequestBytes) {
        // Read into the socket's buffer but not yet handled, then what the system still holds:
        // looked at, not taken, so the request is read as usual afterwards.
        sent += socket->peek(kMaxRequestBytes);
        QByteArray waiting(kMaxRequestBytes, Qt::Uninitialized);
        const qintptr descriptor = socket->socketDescriptor();
        const ssize_t got = descriptor < 0
            ? -1
            : ::recv(int(descriptor), waiting.data(), size_t(waiting.size()), MSG_PEEK | MSG_DONTWAIT);
        if (got > 0)
            sent += waiting.left(qsizetype(got));
    }
    if (sent.isEmpty())
        return 0;
    static const QByteArray start = "GET /";
    const qsizetype compared = std::min(sent.size(), start.size());
    if (sent.left(compared) != start.left(compared))
        return 1;
    return sent.contains("\r\n\r\n") ? 3 : 2;
}

void LoopbackReceiver::drop(QTcpSocket *socket)
{
    m_pending.removeOne(socket);
    m_buffers.remove(socket);
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
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
            respond(socket, {431, tr("Request too large"), tr("The request is too large.")});
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
    m_pending.removeOne(socket);
    m_buffers.remove(socket);
    respond(socket, m_handler(url));
}

void LoopbackReceiver::respond(QTcpSocket *socket, const Page &page)
{
    m_pending.removeOne(socket);
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
