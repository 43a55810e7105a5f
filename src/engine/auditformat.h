#pragma once

#include "core/auditrecord.h"

#include <QJsonObject>
#include <QStringList>

namespace lockbox::engine {

// An audit record as files and scripts get it, the same from the console's export and from
// lockboxctl audit --format csv|json: the fields sequence, time (ISO 8601 UTC with milliseconds;
// JSON null, CSV empty when unknown), actor, action, requestId, subscriptionId, reason, outcome,
// source, hash.
class AuditFormat final
{
public:
    AuditFormat() = delete;

    static QStringList fieldNames();
    // One CSV line (Csv::line) of the fields, and the header line of their names.
    static QString csvHeader();
    static QString csvLine(const AuditRecord &record);
    static QJsonObject json(const AuditRecord &record);
};

} // namespace lockbox::engine
