#include "approvaltime.h"

#include <QCoreApplication>

namespace lockbox::engine {

QString approvalSourceText(ApprovalSource source)
{
    switch (source) {
    case ApprovalSource::Decision:
        return QCoreApplication::translate("lockbox::engine", "approved from this profile, acknowledged by Azure");
    case ApprovalSource::ActivityLog:
        return QCoreApplication::translate("lockbox::engine", "from Azure's Activity Log");
    case ApprovalSource::Observed:
        return QCoreApplication::translate("lockbox::engine", "approximate: when a sync first saw it approved");
    case ApprovalSource::None:
        break;
    }
    return QCoreApplication::translate("lockbox::engine", "not known: access is counted from the request's creation");
}

QString approvalLine(const AccessRequest &request, const QString &formattedTime)
{
    if (request.approvedAt.isValid())
        return formattedTime + QStringLiteral(" (") + approvalSourceText(request.approvalSource) + u')';
    if (request.status.kind() == RequestStatus::Kind::Approved)
        return approvalSourceText(ApprovalSource::None);
    return {};
}

} // namespace lockbox::engine
