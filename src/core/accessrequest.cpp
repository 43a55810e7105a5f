#include "accessrequest.h"

namespace lockbox {

std::optional<int> AccessRequest::durationHours() const
{
    bool ok = false;
    const int hours = duration.trimmed().toInt(&ok);
    if (ok && hours > 0)
        return hours;
    return std::nullopt;
}

bool AccessRequest::isActiveAt(const QDateTime &now, const QDateTime &approvedAt) const
{
    if (status.kind() != RequestStatus::Kind::Approved)
        return false;
    const QDateTime start = approvedAt.isValid() ? approvedAt : createdDateTime;
    if (!start.isValid())
        return false;
    const int hours = durationHours().value_or(kDefaultAccessHours);
    return now < start.addSecs(qint64(hours) * 3600);
}

bool operator==(const AccessRequest &a, const AccessRequest &b)
{
    return a.armId == b.armId && a.name == b.name && a.type == b.type && a.requestId == b.requestId
        && a.subscriptionId == b.subscriptionId && a.justification == b.justification && a.status == b.status
        && a.createdDateTime == b.createdDateTime && a.expirationDateTime == b.expirationDateTime
        && a.duration == b.duration && a.resourceIds == b.resourceIds && a.resourceType == b.resourceType
        && a.supportRequest == b.supportRequest && a.supportCaseUrl == b.supportCaseUrl
        && a.workItemSource == b.workItemSource && a.accessLevel == b.accessLevel;
}

} // namespace lockbox
