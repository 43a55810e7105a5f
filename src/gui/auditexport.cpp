#include "auditexport.h"

#include "core/clock.h"
#include "store/auditlog.h"
#include "store/database.h"

#include <QSaveFile>
#include <QScopeGuard>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

const char *const kFieldNames[] = {"sequence",       "time",   "actor",   "action", "requestId",
                                   "subscriptionId", "reason", "outcome", "source", "hash"};

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

// A JSON string literal: quote, backslash and every control character escaped; U+2028/U+2029 too,
// so that the file stays valid where it is pasted into JavaScript.
void appendJsonString(QByteArray &out, const QString &value)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.append('"');
    for (const QChar ch : value) {
        const char16_t c = ch.unicode();
        if (c == u'"' || c == u'\\') {
            out.append('\\');
            out.append(char(c));
        } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append("\\u", 2);
            out.append(kHex[(c >> 12) & 0xf]);
            out.append(kHex[(c >> 8) & 0xf]);
            out.append(kHex[(c >> 4) & 0xf]);
            out.append(kHex[c & 0xf]);
        } else {
            out.append(QStringView(&ch, 1).toUtf8());
        }
    }
    out.append('"');
}

} // namespace

QString AuditExport::csvField(const QString &value)
{
    QString field = value;
    if (!field.isEmpty()) {
        const QChar first = field.front();
        if (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' || first == u'\r')
            field.prepend(u'\'');
    }
    if (field.contains(u',') || field.contains(u'"') || field.contains(u'\n') || field.contains(u'\r')) {
        field.replace(u'"', u"\"\""_s);
        field = u'"' + field + u'"';
    }
    return field;
}

QByteArray AuditExport::csvHeader()
{
    QByteArray out;
    for (const char *name : kFieldNames) {
        if (!out.isEmpty())
            out.append(',');
        out.append(name);
    }
    out.append("\r\n");
    return out;
}

QByteArray AuditExport::csvRow(const AuditRecord &r)
{
    const QStringList fields = {
        QString::number(r.sequence),
        isoTime(r.time),
        csvField(r.actor),
        csvField(r.action),
        csvField(r.requestId),
        csvField(r.subscriptionId),
        csvField(r.reason),
        csvField(r.outcome),
        csvField(AuditRecord::sourceName(r.source)),
        csvField(QString::fromLatin1(r.hash)),
    };
    QByteArray out = fields.join(u',').toUtf8();
    out.append("\r\n");
    return out;
}

QByteArray AuditExport::jsonObject(const AuditRecord &r)
{
    QByteArray out;
    out.reserve(512 + r.reason.size());
    out.append("{\"sequence\":");
    out.append(QByteArray::number(r.sequence));
    out.append(",\"time\":");
    if (r.time.isValid())
        appendJsonString(out, isoTime(r.time));
    else
        out.append("null");
    const std::pair<const char *, QString> strings[] = {
        {"actor", r.actor},
        {"action", r.action},
        {"requestId", r.requestId},
        {"subscriptionId", r.subscriptionId},
        {"reason", r.reason},
        {"outcome", r.outcome},
        {"source", AuditRecord::sourceName(r.source)},
        {"hash", QString::fromLatin1(r.hash)},
    };
    for (const auto &[name, value] : strings) {
        out.append(",\"");
        out.append(name);
        out.append("\":");
        appendJsonString(out, value);
    }
    out.append('}');
    return out;
}

AuditExport::Result AuditExport::write(store::Database &db, const store::AuditQuery &query, Format format,
                                       const QString &path, const Progress &progress)
{
    Result result;
    // The log only reads here; AuditLog wants a clock for appending.
    const SystemClock clock;
    store::AuditLog log(db, clock);

    QString error;
    const bool ownSnapshot = !db.inTransaction();
    if (ownSnapshot && !db.execute(u"BEGIN"_s, &error)) {
        result.error = tr("The audit log could not be read: %1").arg(error);
        return result;
    }
    const auto endSnapshot = qScopeGuard([&db, ownSnapshot] {
        if (ownSnapshot && !db.execute(u"COMMIT"_s))
            db.execute(u"ROLLBACK"_s);
    });

    store::AuditQuery page = query;
    page.newestFirst = false;
    page.afterSequence = 0;
    page.limit = kPageSize;
    const qint64 total = log.count(page, &error);
    if (total < 0) {
        result.error = tr("The audit log could not be read: %1").arg(error);
        return result;
    }

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        result.error = tr("%1 could not be written: %2").arg(path, file.errorString());
        return result;
    }
    auto put = [&file](const QByteArray &bytes) { return file.write(bytes) == bytes.size(); };
    bool written = format == Format::Csv ? put(csvHeader()) : put(QByteArrayLiteral("["));

    if (progress && !progress(0, total)) {
        file.cancelWriting();
        result.canceled = true;
        return result;
    }
    while (written) {
        const QList<AuditRecord> records = log.records(page, &error);
        if (!error.isEmpty()) {
            file.cancelWriting();
            result.error = tr("The audit log could not be read: %1").arg(error);
            return result;
        }
        QByteArray chunk;
        for (const AuditRecord &r : records) {
            if (format == Format::Csv) {
                chunk.append(csvRow(r));
            } else {
                chunk.append(result.records == 0 ? "\n" : ",\n");
                chunk.append(jsonObject(r));
            }
            ++result.records;
        }
        written = put(chunk);
        if (records.size() < kPageSize)
            break;
        page.afterSequence = records.constLast().sequence;
        if (progress && !progress(result.records, total)) {
            file.cancelWriting();
            result.canceled = true;
            return result;
        }
    }
    if (written && format == Format::Json)
        written = put(result.records == 0 ? QByteArrayLiteral("]\n") : QByteArrayLiteral("\n]\n"));
    if (!written || !file.commit()) {
        result.error = tr("%1 could not be written: %2").arg(path, file.errorString());
        return result;
    }
    if (progress)
        progress(result.records, total);
    result.ok = true;
    return result;
}

AuditExport::Result AuditExport::writeFromProfile(const QString &profileDir, const store::AuditQuery &query,
                                                  Format format, const QString &path, const Progress &progress)
{
    store::DatabaseOptions options;
    options.quickCheck = false; // the console's writer checked the file at start
    store::Database db;
    QString error;
    if (!db.openReadOnly(profileDir, options, &error)) {
        Result result;
        result.error = error;
        return result;
    }
    return write(db, query, format, path, progress);
}

} // namespace lockbox::gui
