#pragma once

#include "core/accessrequest.h"

#include <QString>

namespace lockbox::engine {

// How the console and lockboxctl say where a request's approval time comes from
// (AccessRequest::approvalSource), in the words both show beside it.
QString approvalSourceText(ApprovalSource source);

// "Approved" line of a request: its approval time and where it comes from; empty for a request
// that was never approved as far as this profile knows and is not Approved now.
QString approvalLine(const AccessRequest &request, const QString &formattedTime);

} // namespace lockbox::engine
