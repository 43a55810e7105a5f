#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTcpServer>
#include <QUrl>

#include <functional>

class QTcpSocket;

namespace lockbox {

// The loopback end of a browser sign-in (RFC 8252 §7.3): a tiny HTTP listener that takes the
// browser's redirect (GET /path?code=…&state=…), answers it with a short page and hands the URL to
// its owner. It listens on one port on both loopback addresses, 127.0.0.1 and ::1, because the
// redirect URI says "localhost" and a browser may try either: an address left free there is one
// another local user could listen on to receive the code and state (or show a page of theirs).
// Nothing reaches it from the network. Nothing but the redirect path is handled; a request must
// be complete (request line and headers, at most 16 KiB) within a few seconds of connecting, and
// when too many connections are open some are dropped: first the oldest that has sent nothing,
// then one that sent something else, and one that began a request ("GET /") only when all did, a
// complete request last. So connections held open never keep the real redirect out, and a burst
// of them right after the browser's does not push its request out before it is read.
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
    // Decides the page for a request to the redirect path. Called once per such request.
    using Handler = std::function<Page(const QUrl &url)>;

    // Connections served at once; beyond this, unfinished ones are dropped (see above).
    static constexpr int kMaxConnections = 8;
    // From connecting to a complete request line and headers.
    static constexpr int kRequestDeadlineMs = 3000;
    static constexpr qsizetype kMaxRequestBytes = qsizetype(16) * 1024;

    explicit LoopbackReceiver(QObject *parent = nullptr);
    ~LoopbackReceiver() override;

    // Listens on 127.0.0.1 and ::1 on one port, `port` if free on both, else one the system picks.
    // When ::1 is taken on that port (by someone else: nothing of ours is there) it moves to a new
    // port; on a system without IPv6 nobody can listen on ::1 and 127.0.0.1 is enough.
    bool listen(QString *error, quint16 port = 0);
    void close();
    bool isListening() const { return m_v4.isListening(); }
    quint16 port() const { return m_v4.serverPort(); }
    // Whether ::1 is listened on too (false only where the system has no IPv6 loopback).
    bool listensOnIPv6() const { return m_v6.isListening(); }
    // Whether a browser sent to http://`host`:port() reaches this listener, whichever loopback
    // address it picks: "localhost", "127.0.0.1", or "[::1]" while ::1 is listened on.
    bool serves(const QString &host) const;
    QString path() const { return m_path; }
    void setPath(const QString &path) { m_path = path; }
    void setHandler(Handler handler) { m_handler = std::move(handler); }

private:
    void onNewConnection(QTcpServer *server);
    void onReadyRead(QTcpSocket *socket);
    void drop(QTcpSocket *socket);
    int standing(QTcpSocket *socket) const;
    void respond(QTcpSocket *socket, const Page &page);

    QTcpServer m_v4;
    QTcpServer m_v6;
    QString m_path = QStringLiteral("/");
    Handler m_handler;
    QList<QTcpSocket *> m_pending; // unfinished requests, oldest first
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace lockbox
