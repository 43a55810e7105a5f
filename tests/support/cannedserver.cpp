#include "cannedserver.h"

#include <QTcpSocket>

#ifdef Q_OS_UNIX
#  include <sys/socket.h>
#endif

using namespace Qt::StringLiterals;

namespace lockbox::test {

CannedServer::CannedServer(QObject *parent)
    : QObject(parent)
{
    m_fallback.raw = response(500, "{\"error\":{\"code\":\"NoScript\",\"message\":\"no scripted reply left\"}}");
    connect(&m_server, &QTcpServer::newConnection, this, &CannedServer::onNewConnection);
}

CannedServer::~CannedServer()
{
    for (const auto &socket : std::as_const(m_hanging)) {
        if (socket)
            socket->abort();
    }
}

bool CannedServer::listen(const QHostAddress &address)
{
    return m_server.listen(address, 0);
}

QUrl CannedServer::baseUrl() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(m_server.serverAddress().toString());
    url.setPort(m_server.serverPort());
    return url;
}

void CannedServer::clear()
{
    m_script.clear();
    m_received.clear();
    m_connections = 0;
}

QByteArray CannedServer::response(int status, const QByteArray &body, const QByteArray &contentType,
                                  const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + " Canned\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "Connection: close\r\n";
    for (const auto &h : extraHeaders)
        out += h.first + ": " + h.second + "\r\n";
    out += "\r\n";
    out += body;
    return out;
}

void CannedServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        ++m_connections;
        socket->setParent(this);
        m_buffers.insert(socket, QByteArray());
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void CannedServer::onReadyRead(QTcpSocket *socket)
{
    auto it = m_buffers.find(socket);
    if (it == m_buffers.end())
        return;
    QByteArray &buffer = it.value();
    buffer += socket->readAll();
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    Received r;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    r.method = requestLine.value(0);
    r.target = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            r.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
    }
    const qsizetype length = r.headers.value("content-length").toLongLong();
    if (buffer.size() < headEnd + 4 + length)
        return; // the body is still coming
    r.body = buffer.mid(headEnd + 4, length);
    buffer.clear();
    m_received.append(r);
    Q_EMIT requestReceived(int(m_received.size() - 1));
    answer(socket);
}

void CannedServer::answer(QTcpSocket *socket)
{
    const Reply reply = m_script.isEmpty() ? m_fallback : m_script.takeFirst();
    switch (reply.action) {
    case Action::Respond:
        socket->write(reply.raw);
        socket->disconnectFromHost(); // after the bytes are written
        return;
    case Action::Close:
        socket->disconnectFromHost();
        return;
    case Action::Reset:
        reset(socket);
        return;
    case Action::Hang:
        m_hanging.append(socket);
        return;
    case Action::RespondAndHang:
        socket->write(reply.raw);
        m_hanging.append(socket);
        return;
    }
}

void CannedServer::reset(QTcpSocket *socket)
{
#ifdef Q_OS_UNIX
    // Linger 0: the kernel sends RST instead of FIN, as a crashed proxy does.
    const struct linger lingerOption = {1, 0};
    ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &lingerOption, sizeof lingerOption);
#endif
    socket->abort();
}

} // namespace lockbox::test
