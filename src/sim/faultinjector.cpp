#include "faultinjector.h"

#include <array>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

namespace {
struct KindName
{
    FaultKind kind;
    QStringView name;
};
constexpr std::array<KindName, 12> kKinds = {{
    {FaultKind::Http500, u"500"},
    {FaultKind::Http502, u"502"},
    {FaultKind::Http503, u"503"},
    {FaultKind::Http504, u"504"},
    {FaultKind::Http429, u"429"},
    {FaultKind::ResetBefore, u"reset-before"},
    {FaultKind::ResetAfter, u"reset-after"},
    {FaultKind::Hang, u"hang"},
    {FaultKind::Truncate, u"truncate"},
    {FaultKind::Html, u"html"},
    {FaultKind::BadJson, u"badjson"},
    {FaultKind::Slow, u"slow"},
}};
} // namespace

QString faultKindName(FaultKind kind)
{
    for (const auto &k : kKinds) {
        if (k.kind == kind)
            return k.name.toString();
    }
    return {};
}

std::optional<FaultKind> faultKindFromName(const QString &name)
{
    const QString trimmed = name.trimmed();
    for (const auto &k : kKinds) {
        if (trimmed.compare(k.name, Qt::CaseInsensitive) == 0)
            return k.kind;
    }
    return std::nullopt;
}

QList<FaultKind> allFaultKinds()
{
    QList<FaultKind> kinds;
    for (const auto &k : kKinds)
        kinds.append(k.kind);
    return kinds;
}

bool faultAppliesRequest(FaultKind kind)
{
    switch (kind) {
    case FaultKind::ResetAfter:
    case FaultKind::Hang:
    case FaultKind::Truncate:
    case FaultKind::BadJson:
    case FaultKind::Slow:
        return true;
    default:
        return false;
    }
}

FaultInjector::FaultInjector(quint64 seed)
    : m_random(quint32(seed ^ 0x5eedfa17u) ^ quint32(seed >> 32))
{
}

void FaultInjector::configure(double rate, const QList<FaultKind> &kinds)
{
    m_rate = qBound(0.0, rate, 1.0);
    m_kinds = kinds.isEmpty() ? allFaultKinds() : kinds;
}

std::optional<FaultKind> FaultInjector::next()
{
    if (m_rate <= 0 || m_kinds.isEmpty())
        return std::nullopt;
    if (m_random.generateDouble() >= m_rate)
        return std::nullopt;
    const FaultKind kind = m_kinds.at(int(m_random.bounded(quint32(m_kinds.size()))));
    m_injected[faultKindName(kind)] += 1;
    return kind;
}

} // namespace lockbox::sim
