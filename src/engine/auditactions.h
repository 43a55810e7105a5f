#pragma once

#include <QString>
#include <QStringList>

namespace lockbox::engine {

// An audit record's action in words for people: the history's Action column and filter, and
// lockboxctl audit's table. Files and scripts keep the stored value (AuditFormat), which is also
// what filters match.
//
// The actions written are this console's "decision.queued", "decision.sending",
// "decision.acknowledged", "decision.failed", "decision.requeued" and "decision.withdrawn"
// (DecisionOutbox), and the Activity Log's "Create", "Approve", "Deny", "Expire", "Cancel",
// "AutoApprove" and "AutoDeny" (ActivityImporter). Any other action, such as an Activity Log
// operation the importer does not know, comes back as it was received.
QString auditActionName(const QString &action);

// The stored actions whose words contain `text` (case-insensitive): what a search for "approved"
// must find besides the records whose own fields contain it (AuditQuery::textActions).
QStringList auditActionsNamed(const QString &text);

} // namespace lockbox::engine
