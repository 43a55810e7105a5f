#pragma once

#include <QHash>
#include <QList>
#include <QRandomGenerator>
#include <QString>

#include <optional>

namespace lockbox::sim {

enum class FaultKind {
    Http500,
    Http502,
    Http503,
    Http504,
    Http429,
    ResetBefore, // connection dropped before the request is applied
    ResetAfter,  // applied, then the connection dropped before the reply
    Hang,        // applied, then no reply for longer than any client timeout
    Truncate,    // applied, body cut mid-JSON
    Html,        // not applied; an HTML error page with status 502, as a gateway sends
    BadJson,     // applied; 200 with invalid JSON
    Slow,        // applied; the body trickles out
};

QString faultKindName(FaultKind kind);
std::optional<FaultKind> faultKindFromName(const QString &name);
QList<FaultKind> allFaultKinds();
// Does the service apply the request before this fault strikes?
bool faultAppliesRequest(FaultKind kind);

// Chooses, for each request, whether a fault strikes and which. Deterministic for a seed and a
// sequence of requests.
class FaultInjector final
{
public:
    explicit FaultInjector(quint64 seed);

    void configure(double rate, const QList<FaultKind> &kinds);
    double rate() const { return m_rate; }
    QList<FaultKind> kinds() const { return m_kinds; }

    std::optional<FaultKind> next();

    QHash<QString, qint64> injected() const { return m_injected; }
    void resetCounters() { m_injected.clear(); }

private:
    QRandomGenerator m_random;
    double m_rate = 0;
    QList<FaultKind> m_kinds;
    QHash<QString, qint64> m_injected;
};

} // namespace lockbox::sim
