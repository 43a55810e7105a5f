#pragma once

#include "simhttp.h"
#include "simtypes.h"

#include <QJsonArray>
#include <QJsonObject>

namespace lockbox::sim {

struct ActivityEvent;

// ISO 8601 UTC with seven fractional digits as ARM writes them, or fewer when the record's
// quirks say so.
QString armTimestamp(const QDateTime &time, quint32 tickDigits = 0, quint32 quirks = QuirkNone);

// A LockboxRequestResponse, in the record's own payload shape (see Quirk).
QJsonObject requestToJson(const SimRecord &record);
// The same as compact JSON bytes, from the record's cache when it is still valid.
QByteArray requestJsonBytes(const SimRecord &record);
// A JSON string literal (quoted and escaped) for `text`.
QByteArray jsonString(const QString &text);

QJsonObject subscriptionToJson(const Subscription &subscription, const QString &tenantId);

// An Activity Log EventData entry for Microsoft.CustomerLockbox.
QJsonObject activityEventToJson(const ActivityEvent &event, const QString &tenantId);

// {"error":{"code","message","target"?,"additionalInfo"?}} with ARM's status.
HttpResponse armError(int status, const QString &code, const QString &message, const QJsonArray &additionalInfo = {},
                      const QString &target = {});

} // namespace lockbox::sim
