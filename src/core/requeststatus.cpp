#include "requeststatus.h"

#include <array>

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {
constexpr std::array<QStringView, RequestStatus::knownCount> kNames = {
    u"Initializing", u"Pending", u"Approving", u"Denying", u"Approved",  u"Denied",     u"Expired",
    u"Revoking",     u"Revoked", u"Error",     u"Unknown", u"Completed", u"Completing",
};
} // namespace

RequestStatus::RequestStatus(Kind kind)
    : m_kind(kind == Kind::Other ? Kind::Unknown : kind)
{
}

RequestStatus RequestStatus::fromString(const QString &text)
{
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (text.compare(kNames[i], Qt::CaseInsensitive) == 0)
            return RequestStatus(Kind(i));
    }
    RequestStatus status;
    status.m_kind = Kind::Other;
    status.m_other = text;
    return status;
}

QString RequestStatus::name(Kind kind)
{
    if (kind == Kind::Other)
        return {};
    return kNames[std::size_t(kind)].toString();
}

QString RequestStatus::toString() const
{
    return m_kind == Kind::Other ? m_other : name(m_kind);
}

bool RequestStatus::isTransitional() const
{
    switch (m_kind) {
    case Kind::Initializing:
    case Kind::Approving:
    case Kind::Denying:
    case Kind::Revoking:
    case Kind::Completing:
        return true;
    default:
        return false;
    }
}

bool RequestStatus::isFinal() const
{
    switch (m_kind) {
    case Kind::Denied:
    case Kind::Expired:
    case Kind::Revoked:
    case Kind::Error:
    case Kind::Completed:
        return true;
    default:
        return false;
    }
}

} // namespace lockbox
