#include "auditformat.h"

#include "csv.h"

using namespace Qt::StringLiterals;

namespace lockbox::engine {

namespace {

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

QStringList AuditFormat::fieldNames()
{
    return {u"sequence"_s,       u"time"_s,   u"actor"_s,   u"action"_s, u"requestId"_s,
            u"subscriptionId"_s, u"reason"_s, u"outcome"_s, u"source"_s, u"hash"_s};
}

QString AuditFormat::csvHeader()
{
    return Csv::line(fieldNames());
}

QString AuditFormat::csvLine(const AuditRecord &r)
{
    return Csv::line({QString::number(r.sequence), isoTime(r.time), r.actor, r.action, r.requestId, r.subscriptionId,
                      r.reason, r.outcome, AuditRecord::sourceName(r.source), QString::fromLatin1(r.hash)});
}

QJsonObject AuditFormat::json(const AuditRecord &r)
{
    return QJsonObject {
        {u"sequence"_s, r.sequence},
        {u"time"_s, r.time.isValid() ? QJsonValue(isoTime(r.time)) : QJsonValue(QJsonValue::Null)},
        {u"actor"_s, r.actor},
        {u"action"_s, r.action},
        {u"requestId"_s, r.requestId},
        {u"subscriptionId"_s, r.subscriptionId},
        {u"reason"_s, r.reason},
        {u"outcome"_s, r.outcome},
        {u"source"_s, AuditRecord::sourceName(r.source)},
        {u"hash"_s, QString::fromLatin1(r.hash)},
    };
}

} // namespace lockbox::engine
