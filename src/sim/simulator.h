#pragma once

#include "simoptions.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace lockbox {
class ScaledClock;
}

namespace lockbox::sim {

class ArmService;
class ControlService;
class EntraService;
class FaultInjector;
class HttpFrontend;
class SimWorld;
class TokenAuthority;
struct HttpRequest;

// lockbox-sim as an object: Azure Resource Manager's Microsoft.CustomerLockbox provider, the
// subscriptions list, the Activity Log and Entra ID's sign-in endpoints, served over HTTP(S) on
// a real socket. Used by the lockbox-sim executable, by tests and by the console's demo mode.
class Simulator final : public QObject
{
    Q_OBJECT

public:
    explicit Simulator(SimOptions options, QObject *parent = nullptr);
    ~Simulator() override;

    // Listens on options.host:options.port (0 = any free port). False with `error` set when the
    // address is taken or the TLS files cannot be read.
    bool start(QString *error);
    void stop();

    QUrl baseUrl() const { return m_baseUrl; }
    const SimOptions &options() const { return m_options; }
    SimWorld &world() { return *m_world; }
    // Entra's tokens: tests set the clock they are issued and checked against.
    TokenAuthority &tokens() { return *m_tokens; }
    // The simulator's own clock (accelerated by --clock-speed); the demo console shares it, so the
    // time left it shows is the simulator's.
    std::shared_ptr<const ScaledClock> clock() const { return m_clock; }

Q_SIGNALS:
    // A new Pending request arrived (arrival timer or control API).
    void requestArrived(const QString &subscriptionId, const QString &requestId);

private:
    struct Delivery;
    void scheduleArrival();
    void arrive();

    SimOptions m_options;
    std::shared_ptr<ScaledClock> m_clock;
    std::unique_ptr<SimWorld> m_world;
    std::unique_ptr<TokenAuthority> m_tokens;
    std::unique_ptr<FaultInjector> m_faults;
    std::unique_ptr<EntraService> m_entra;
    std::unique_ptr<ArmService> m_arm;
    std::unique_ptr<ControlService> m_control;
    HttpFrontend *m_frontend = nullptr;
    QTimer m_arrivalTimer;
    QUrl m_baseUrl;
};

} // namespace lockbox::sim
