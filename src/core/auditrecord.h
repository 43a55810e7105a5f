#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace lockbox {

// One entry of the append-only audit trail. Local records describe what this console did (a
// decision queued, sent, acknowledged, failed, withdrawn); records of source Azure are imported
// from the Activity Log. Each record's hash chains it to the one before it.
struct AuditRecord final
{
    enum class Source { Local, Azure };

    qint64 sequence = 0; // position in the chain, from 1
    QDateTime time;      // UTC
    QString actor;       // who: the signed-in user, or the Activity Log's caller
    QString action;      // e.g. "decision.queued", "Approve"
    QString requestId;
    QString subscriptionId;
    QString reason;
    QString outcome; // e.g. "queued", "acknowledged", "failed: RequestNotPending (Approved)"
    Source source = Source::Local;
    QString externalId;      // Activity Log eventDataId for Azure records (never imported twice)
    QByteArray previousHash; // hex SHA-256 of the previous record ("" for the first)
    QByteArray hash;         // hex SHA-256 of previousHash + this record's canonical form

    static QString sourceName(Source source)
    {
        return source == Source::Local ? QStringLiteral("local") : QStringLiteral("azure");
    }
};

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::AuditRecord)
