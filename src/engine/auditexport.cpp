#include "auditexport.h"

#include "auditformat.h"

#include "core/clock.h"
#include "store/auditlog.h"
#include "store/database.h"

#include <QJsonDocument>
#include <QSaveFile>
#include <QScopeGuard>

using namespace Qt::StringLiterals;

namespace lockbox::engine {

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
    // The history's order, so that the file reads like the table it was exported from.
    page.order = store::AuditQuery::Order::NewestFirst;
    page.after.reset();
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
    bool written = format == Format::Csv ? put(AuditFormat::csvHeader().toUtf8()) : put(QByteArrayLiteral("["));

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
                chunk.append(AuditFormat::csvLine(r).toUtf8());
            } else {
                chunk.append(result.records == 0 ? "\n" : ",\n");
                chunk.append(QJsonDocument(AuditFormat::json(r)).toJson(QJsonDocument::Compact));
            }
            ++result.records;
        }
        written = put(chunk);
        if (records.size() < kPageSize)
            break;
        page.after = store::AuditCursor::of(records.constLast());
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

} // namespace lockbox::engine
