#include "simulator.h"

#include "armservice.h"
#include "controlservice.h"
#include "entraservice.h"
#include "faultinjector.h"
#include "httpfrontend.h"
#include "simjson.h"
#include "simworld.h"
#include "tokenauthority.h"

#include "core/clock.h"

#include <QFile>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpServer>

#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSim, "lockbox.sim", QtInfoMsg)

namespace lockbox::sim {

namespace {

HttpResponse faultResponse(FaultKind kind)
{
    switch (kind) {
    case FaultKind::Http500:
        return armError(500, u"InternalServerError"_s, u"Encountered internal server error. Please try again."_s);
    case FaultKind::Http502:
        return armError(502, u"BadGateway"_s, u"The gateway did not receive a response from the service."_s);
    case FaultKind::Http503:
        return armError(503, u"ServiceUnavailable"_s, u"The service is temporarily unavailable. Please try again."_s);
    case FaultKind::Http504:
        return armError(504, u"GatewayTimeout"_s, u"The gateway did not receive a response within the time limit."_s);
    case FaultKind::Http429: {
        HttpResponse r = armError(429, u"TooManyRequests"_s,
                                  u"The request is being throttled. Please retry after the time given in the "
                                  "Retry-After header."_s);
        r.setHeader("Retry-After", "1");
        r.setHeader("x-ms-ratelimit-remaining-subscription-reads", "0");
        return r;
    }
    case FaultKind::Html:
        return HttpResponse::text(502,
                                  "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
                                  "<body><h1>502 Bad Gateway</h1><p>The server encountered a temporary error and "
                                  "could not complete your request.</p></body></html>\n",
                                  "text/html; charset=utf-8");
    default:
        return HttpResponse::empty(200);
    }
}

} // namespace

Simulator::Simulator(SimOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    const QDateTime start = m_options.startTime.isValid() ? m_options.startTime : QDateTime::currentDateTimeUtc();
    m_clock = std::make_shared<ScaledClock>(start, m_options.clockSpeed);
    m_world = std::make_unique<SimWorld>(m_options, m_clock);
    m_tokens = std::make_unique<TokenAuthority>(m_world->tenantId(), m_options.tokenLifetimeSec, m_options.staticToken,
                                                m_options.staticTokenUser);
    m_faults = std::make_unique<FaultInjector>(m_options.seed);
    m_faults->configure(m_options.faultRate, m_options.faultKinds);
    m_entra = std::make_unique<EntraService>(*m_world, *m_tokens, m_options);
    m_arm = std::make_unique<ArmService>(*m_world, *m_tokens, m_options);
    m_control = std::make_unique<ControlService>(*m_world, *m_entra, *m_tokens, *m_faults, m_options);

    m_frontend = new HttpFrontend(
        [this](const HttpRequest &request) {
            HttpFrontend::Delivery delivery;
            if (ControlService::handles(request)) {
                delivery.response = m_control->handle(request);
                return delivery;
            }
            m_world->counters().requests += 1;
            const QString decisionOn = ArmService::decisionPostRequestId(request);
            if (!decisionOn.isEmpty())
                m_world->countDecisionPost(decisionOn);
            delivery.delayMs = m_options.latencyMs;
            delivery.fault = m_faults->next();
            if (delivery.fault && !faultAppliesRequest(*delivery.fault)) {
                delivery.response = faultResponse(*delivery.fault);
                return delivery;
            }
            delivery.response = m_entra->handles(request) ? m_entra->handle(request) : m_arm->handle(request);
            if (!decisionOn.isEmpty() && !delivery.fault
                && (delivery.response.status == 200 || delivery.response.status == 409))
                m_world->noteDecisionAnswered(decisionOn);
            if (delivery.fault == FaultKind::BadJson) {
                delivery.response.status = 200;
                delivery.response.body = R"({"value":[{"id":"/subscriptions/)";
                delivery.response.setHeader("Content-Type", "application/json; charset=utf-8");
            }
            return delivery;
        },
        this);
    m_frontend->setHangMs(m_options.hangMs);

    m_arrivalTimer.setSingleShot(true);
    connect(&m_arrivalTimer, &QTimer::timeout, this, &Simulator::arrive);
}

Simulator::~Simulator()
{
    stop();
}

bool Simulator::start(QString *error)
{
    QHostAddress address;
    if (m_options.host == u"localhost")
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(m_options.host)) {
        *error = u"--host: '%1' is not an IP address"_s.arg(m_options.host);
        return false;
    }

    const bool tls = !m_options.tlsCertFile.isEmpty() || !m_options.tlsKeyFile.isEmpty();
    if (tls) {
        if (m_options.tlsCertFile.isEmpty() || m_options.tlsKeyFile.isEmpty()) {
            *error = u"--tls-cert and --tls-key go together"_s;
            return false;
        }
        QFile certFile(m_options.tlsCertFile);
        QFile keyFile(m_options.tlsKeyFile);
        if (!certFile.open(QIODevice::ReadOnly)) {
            *error = u"--tls-cert: cannot read %1: %2"_s.arg(m_options.tlsCertFile, certFile.errorString());
            return false;
        }
        if (!keyFile.open(QIODevice::ReadOnly)) {
            *error = u"--tls-key: cannot read %1: %2"_s.arg(m_options.tlsKeyFile, keyFile.errorString());
            return false;
        }
        const auto chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
        const QByteArray keyData = keyFile.readAll();
        QSslKey key(keyData, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyData, QSsl::Ec, QSsl::Pem);
        if (chain.isEmpty() || chain.first().isNull()) {
            *error = u"--tls-cert: %1 holds no PEM certificate"_s.arg(m_options.tlsCertFile);
            return false;
        }
        if (key.isNull()) {
            *error = u"--tls-key: %1 holds no unencrypted PEM RSA or EC private key"_s.arg(m_options.tlsKeyFile);
            return false;
        }
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificateChain(chain);
        config.setPrivateKey(key);
        config.setPeerVerifyMode(QSslSocket::VerifyNone); // a server asks no client certificate
        m_frontend->sslSetup(config);
        m_frontend->setScheme(u"https"_s);
    }

    const quint16 port = m_frontend->listen(address, m_options.port);
    if (port == 0) {
        // QAbstractHttpServer::listen() deletes the server that failed, and its errorString with
        // it; trying the same address once more tells why (address in use, no permission…).
        QTcpServer probe;
        const QString reason = probe.listen(address, m_options.port) ? u"unknown error"_s : probe.errorString();
        *error = u"cannot listen on %1:%2: %3"_s.arg(m_options.host, QString::number(m_options.port), reason);
        return false;
    }
    QUrl url;
    url.setScheme(m_frontend->scheme());
    url.setHost(address.protocol() == QAbstractSocket::IPv6Protocol ? address.toString() : m_options.host);
    url.setPort(port);
    m_baseUrl = url;
    scheduleArrival();
    qCInfo(lcSim) << "listening on" << m_baseUrl.toString();
    return true;
}

void Simulator::stop()
{
    m_arrivalTimer.stop();
    if (!m_frontend)
        return;
    m_frontend->closeHeldConnections();
    const auto servers = m_frontend->servers();
    for (QTcpServer *server : servers)
        server->close();
}

void Simulator::scheduleArrival()
{
    if (m_options.arrivalIntervalSec <= 0)
        return;
    // Jittered ±50 % so arrivals do not look like a metronome.
    const double factor = 0.5 + QRandomGenerator::global()->generateDouble();
    m_arrivalTimer.start(int(m_options.arrivalIntervalSec * 1000 * factor));
}

void Simulator::arrive()
{
    QString error;
    const SimRecord *record = m_world->createRequest(QJsonObject(), &error);
    if (record) {
        qCInfo(lcSim) << "new pending request" << record->request.requestId << "in" << record->request.subscriptionId;
        Q_EMIT requestArrived(record->request.subscriptionId, record->request.requestId);
    }
    scheduleArrival();
}

} // namespace lockbox::sim
