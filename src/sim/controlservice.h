#pragma once

#include "simhttp.h"

namespace lockbox::sim {

class EntraService;
class FaultInjector;
class SimWorld;
class TokenAuthority;
struct SimOptions;

// The simulator's own control API under /_sim/ (no authentication; loopback clients only):
// counters, creating requests and changing their status, faults, device-code approval, token
// revocation, the clock and run-time settings.
class ControlService final
{
public:
    ControlService(SimWorld &world, EntraService &entra, TokenAuthority &tokens, FaultInjector &faults,
                   SimOptions &options);

    static bool handles(const HttpRequest &request);
    HttpResponse handle(const HttpRequest &request);

private:
    HttpResponse counters() const;
    HttpResponse info();

    SimWorld &m_world;
    EntraService &m_entra;
    TokenAuthority &m_tokens;
    FaultInjector &m_faults;
    SimOptions &m_options;
};

} // namespace lockbox::sim
