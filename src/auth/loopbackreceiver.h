#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QTcpServer>
#include <QUrl>

#include <functional>

class QTcpSocket;

namespace lockbox {

// The loopback end of a browser sign-in (RFC 8252 §7.3): a tiny HTTP listener on 127.0.0.1
// only, on a port the system picks, that takes the browser's redirect (GET /path?code=…&state=…),
// answers it with a short page and hands the URL to its owner. Nothing but the redirect path is
// handled; requests are limited in size and time, and only a few connections are served at once.
class LoopbackReceiver final : public QObject
{
    Q_OBJECT

public:
    struct Page
    {
        int status = 200;
        QString title;
        QString text; // plain text, escaped into the page
    };
    // Decides the page for a redirect to the right path. Called once per such request.
    using Handler = std::function<Page(const QUrl &url)>;

    explicit LoopbackReceiver(QObject *parent = nullptr);
    ~LoopbackReceiver() override;

    // Listens on 127.0.0.1, port 0. `path` is the redirect path ("/" by default).
    bool listen(QString *error);
    void close();
    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    QHostAddress address() const { return m_server.serverAddress(); }
    QString path() const { return m_path; }
    void setPath(const QString &path) { m_path = path; }
    void setHandler(Handler handler) { m_handler = std::move(handler); }

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const Page &page);

    QTcpServer m_server;
    QString m_path = QStringLiteral("/");
    Handler m_handler;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace lockbox
