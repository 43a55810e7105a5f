#include "httpfrontend.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QLocale>
#include <QTimer>

#ifdef Q_OS_UNIX
#  include <sys/socket.h>
#endif

using namespace Qt::StringLiterals;

namespace lockbox::sim {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

QByteArray httpDate()
{
    return QLocale::c().toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s).toLatin1();
}

} // namespace

HttpFrontend::HttpFrontend(Handler handler, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(std::move(handler))
{
}

bool HttpFrontend::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpRequest r;
    r.method = methodName(request.method());
    r.url = request.url();
    r.path = r.url.path(QUrl::FullyDecoded);
    r.query = QUrlQuery(r.url.query(QUrl::FullyEncoded));
    const auto headers = request.headers();
    for (const auto &h : headers)
        r.headers.insert(h.first.toLower(), h.second);
    r.body = request.body();
    r.peer = request.remoteAddress();
    const QByteArray host = r.header("host");
    r.baseUrl = m_scheme + u"://"_s
        + (host.isEmpty() ? socket->localAddress().toString() + u':' + QString::number(socket->localPort())
                          : QString::fromLatin1(host));

    const QByteArray connection = r.header("connection").toLower();
    // QtHttpServer 6.4 does not expose the protocol version; HTTP/1.0 clients say "close" anyway.
    const bool close = connection.contains("close");

    const Delivery delivery = m_handler(r);
    deliver(QPointer<QTcpSocket>(socket), delivery, close);
    return true;
}

void HttpFrontend::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    writeNow(socket, HttpResponse::text(404, "Not Found\n", "text/plain"), true);
}

QByteArray HttpFrontend::head(const HttpResponse &response, qint64 contentLength, bool close)
{
    QByteArray out;
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    for (const auto &h : response.headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "Date: " + httpDate() + "\r\n";
    out += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    out += "\r\n";
    return out;
}

void HttpFrontend::writeNow(QTcpSocket *socket, const HttpResponse &response, bool close)
{
    // One write, so that head and body leave in one segment.
    socket->write(head(response, response.body.size(), close) + response.body);
    if (close)
        socket->disconnectFromHost();
}

void HttpFrontend::reset(QTcpSocket *socket)
{
#ifdef Q_OS_UNIX
    // Linger 0 makes the kernel send RST, as a crashed proxy does, rather than an orderly FIN.
    const struct linger lingerOption = {1, 0};
    ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &lingerOption, sizeof lingerOption);
#endif
    socket->abort();
}

void HttpFrontend::deliver(const QPointer<QTcpSocket> &socket, const Delivery &delivery, bool close)
{
    if (delivery.delayMs > 0) {
        Delivery now = delivery;
        now.delayMs = 0;
        QTimer::singleShot(delivery.delayMs, this, [this, socket, now, close] { deliver(socket, now, close); });
        return;
    }
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;

    if (!delivery.fault) {
        writeNow(socket, delivery.response, close);
        return;
    }
    const HttpResponse &response = delivery.response;
    switch (*delivery.fault) {
    case FaultKind::ResetBefore:
    case FaultKind::ResetAfter:
        reset(socket);
        return;
    case FaultKind::Hang:
        m_held.removeAll(nullptr);
        m_held.append(socket);
        QTimer::singleShot(m_hangMs, socket, [socket] {
            if (socket)
                reset(socket);
        });
        return;
    case FaultKind::Truncate: {
        // Promise the whole body, send half of it, then drop the connection.
        socket->write(head(response, response.body.size(), true));
        socket->write(response.body.left(qMax<qsizetype>(1, response.body.size() / 2)));
        socket->flush();
        socket->disconnectFromHost();
        return;
    }
    case FaultKind::Slow: {
        socket->write(head(response, response.body.size(), close));
        m_held.removeAll(nullptr);
        m_held.append(socket);
        const QByteArray body = response.body;
        const qsizetype chunk = qMax<qsizetype>(1, body.size() / 20);
        auto offset = std::make_shared<qsizetype>(0);
        auto *timer = new QTimer(socket);
        timer->setInterval(100);
        connect(timer, &QTimer::timeout, socket, [socket, timer, body, chunk, offset, close] {
            if (!socket)
                return;
            socket->write(body.mid(*offset, chunk));
            *offset += chunk;
            if (*offset >= body.size()) {
                timer->stop();
                timer->deleteLater();
                if (close)
                    socket->disconnectFromHost();
            }
        });
        timer->start();
        return;
    }
    default:
        // Faults that are whole replies (5xx, 429, HTML, bad JSON) were built by the handler.
        writeNow(socket, response, close);
        return;
    }
}

void HttpFrontend::closeHeldConnections()
{
    for (const auto &socket : std::as_const(m_held)) {
        if (socket)
            socket->abort();
    }
    m_held.clear();
}

} // namespace lockbox::sim
