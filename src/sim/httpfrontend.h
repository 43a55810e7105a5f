#pragma once

#include "faultinjector.h"
#include "simhttp.h"

#include <QAbstractHttpServer>
#include <QPointer>
#include <QTcpSocket>

#include <functional>
#include <optional>

namespace lockbox::sim {

// The socket side of the simulator: turns QtHttpServer's parsed requests into HttpRequest,
// hands them to a handler, and writes the reply itself, so that it can delay it, trickle it, cut
// it short, drop the connection or never answer (the fault kinds).
class HttpFrontend final : public QAbstractHttpServer
{
    Q_OBJECT

public:
    struct Delivery
    {
        HttpResponse response;
        int delayMs = 0;
        std::optional<FaultKind> fault; // how the reply is spoiled on the wire, if at all
    };
    using Handler = std::function<Delivery(const HttpRequest &)>;

    explicit HttpFrontend(Handler handler, QObject *parent = nullptr);

    QString scheme() const { return m_scheme; }
    void setScheme(const QString &scheme) { m_scheme = scheme; }
    void setHangMs(int ms) { m_hangMs = ms; }

    // Drops every connection that is being held (hang) or trickled (slow).
    void closeHeldConnections();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void deliver(const QPointer<QTcpSocket> &socket, const Delivery &delivery, bool close);
    void writeNow(QTcpSocket *socket, const HttpResponse &response, bool close);
    static QByteArray head(const HttpResponse &response, qint64 contentLength, bool close);
    static void reset(QTcpSocket *socket);

    Handler m_handler;
    QString m_scheme = QStringLiteral("http");
    int m_hangMs = 600000;
    QList<QPointer<QTcpSocket>> m_held;
};

} // namespace lockbox::sim
