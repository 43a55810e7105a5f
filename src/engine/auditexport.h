#pragma once

#include "store/auditquery.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <functional>

namespace lockbox::store {
class Database;
} // namespace lockbox::store

namespace lockbox::engine {

// Writes the audit records that match a filter to a file as CSV or JSON (one array of objects),
// newest event first as the history lists them, each record as AuditFormat gives it: the same
// fields as lockboxctl audit --format csv|json, which lists oldest first.
//
// Runs on any thread, on a connection of that thread; the file appears complete or not at all.
class AuditExport final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::engine::AuditExport)

public:
    enum class Format { Csv, Json };

    struct Result final
    {
        bool ok = false;
        bool canceled = false;
        qint64 records = 0; // written
        QString error;      // for the user, when neither ok nor canceled
    };

    // Called after each page with the records written so far and the total; return false to
    // stop (the file is then not written).
    using Progress = std::function<bool(qint64 written, qint64 total)>;

    static constexpr int kPageSize = 1000;

    AuditExport() = delete;

    // Every record matching the filters of `query` (its order and paging fields are ignored), read
    // in one snapshot so that records appended meanwhile neither shift nor half-appear.
    static Result write(store::Database &db, const store::AuditQuery &query, Format format, const QString &path,
                        const Progress &progress = {});
    // The same on a read-only connection of its own to the profile's database: for a worker thread.
    static Result writeFromProfile(const QString &profileDir, const store::AuditQuery &query, Format format,
                                   const QString &path, const Progress &progress = {});
};

} // namespace lockbox::engine
