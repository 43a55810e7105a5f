#include "accessrequest.h"

namespace lockbox {

std::optional<int> AccessRequest::durationHoursOf(const QString &duration)
{
    bool ok = false;
    const int hours = duration.trimmed().toInt(&ok);
    if (ok && hours > 0)
        return hours;
    return std::nullopt;
}

qint64 AccessRequest::accessWindowMs(std::optional<int> hours)
{
    return qint64(hours.value_or(kDefaultAccessHours)) * 3600 * 1000;
}

QDateTime AccessRequest::accessEndsAt() const
{
    const QDateTime &start = approvedAt.isValid() ? approvedAt : createdDateTime;
    if (!start.isValid())
        return {};
    return start.addMSecs(accessWindowMs(durationHours()));
}

bool AccessRequest::isActiveAt(const QDateTime &now) const
{
    if (status.kind() != RequestStatus::Kind::Approved)
        return false;
    const QDateTime end = accessEndsAt();
    return end.isValid() && now < end;
}

QString AccessRequest::approvalSourceName(ApprovalSource source)
{
    switch (source) {
    case ApprovalSource::None:
        break;
    case ApprovalSource::Observed:
        return QStringLiteral("observed");
    case ApprovalSource::ActivityLog:
        return QStringLiteral("activity-log");
    case ApprovalSource::Decision:
        return QStringLiteral("decision");
    }
    return {};
}

ApprovalSource AccessRequest::approvalSourceFromName(const QString &name)
{
    for (ApprovalSource source : {ApprovalSource::Observed, ApprovalSource::ActivityLog, ApprovalSource::Decision}) {
        if (name == approvalSourceName(source))
            return source;
    }
    return ApprovalSource::None;
}

bool operator==(const AccessRequest &a, const AccessRequest &b)
{
    return a.armId == b.armId && a.name == b.name && a.type == b.type && a.requestId == b.requestId
        && a.subscriptionId == b.subscriptionId && a.justification == b.justification && a.status == b.status
        && a.createdDateTime == b.createdDateTime && a.expirationDateTime == b.expirationDateTime
        && a.duration == b.duration && a.resourceIds == b.resourceIds && a.resourceType == b.resourceType
        && a.supportRequest == b.supportRequest && a.supportCaseUrl == b.supportCaseUrl
        && a.workItemSource == b.workItemSource && a.accessLevel == b.accessLevel && a.approvedAt == b.approvedAt
        && a.approvalSource == b.approvalSource;
}

} // namespace lockbox
