#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace lockbox::test {

// A tiny HTTP/1.1 server for hostile-reply tests: it answers each request with the next scripted
// raw response (any bytes at all, so a test can send what no real server library would), and
// records what it received, including the Authorization header, so a test can prove what a
// client did or did not send. Connections are closed after each reply.
class CannedServer final : public QObject
{
    Q_OBJECT

public:
    enum class Action {
        Respond,        // write `raw`, then close
        Close,          // close without a reply (orderly FIN)
        Reset,          // RST without a reply
        Hang,           // never answer (the connection stays open until the server is destroyed)
        RespondAndHang, // write `raw`, then keep the connection open and silent
    };

    struct Reply
    {
        QByteArray raw;
        Action action = Action::Respond;
    };

    struct Received
    {
        QByteArray method;
        QByteArray target;                     // as on the request line: path and query, still percent-encoded
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;

        QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
    };

    explicit CannedServer(QObject *parent = nullptr);
    ~CannedServer() override;

    // Listens on `address`, port 0 (a free one). False if that fails.
    bool listen(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost));
    QUrl baseUrl() const;
    quint16 port() const { return m_server.serverPort(); }

    void enqueue(const Reply &reply) { m_script.append(reply); }
    void enqueue(const QByteArray &raw) { m_script.append(Reply {raw, Action::Respond}); }
    // What to answer once the script is used up (default: 500 "no scripted reply left").
    void setFallback(const Reply &reply) { m_fallback = reply; }
    void clear();

    QList<Received> received() const { return m_received; }
    int requestCount() const { return int(m_received.size()); }
    // TCP connections accepted, whether or not a request could be read from them.
    int connectionCount() const { return m_connections; }

    // "HTTP/1.1 <status> X\r\nContent-Type: …\r\nContent-Length: n\r\nConnection: close\r\n<extra>\r\n<body>"
    static QByteArray response(int status, const QByteArray &body, const QByteArray &contentType = "application/json",
                               const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});

Q_SIGNALS:
    void requestReceived(int index);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket);
    static void reset(QTcpSocket *socket);

    QTcpServer m_server;
    QList<Reply> m_script;
    Reply m_fallback;
    QList<Received> m_received;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<QPointer<QTcpSocket>> m_hanging;
    int m_connections = 0;
};

} // namespace lockbox::test
