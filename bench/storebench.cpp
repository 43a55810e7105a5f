// Benchmark of the request cache (QUALITY P1's store share and P2): merges 10 subscriptions ×
// 10,000 realistic requests into an empty profile through RequestStore, in pages of 1,000 inside
// one transaction per subscription as the sync engine does; merges the same data again (nothing
// changed: 0 rows may be written); and, as the baseline, inserts the same rows into the same
// schema with the raw sqlite3 C API in one transaction, with every value computed beforehand.
// Prints one JSON object a line; figures are medians of --runs runs. It asserts nothing about
// speed, but exits 1 if the unchanged merge wrote anything (a broken store, not a slow day).

#include "core/clock.h"
#include "sim/scenario.h"
#include "store/contenthash.h"
#include "store/database.h"
#include "store/requeststore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <sqlite3.h>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::store::Database;
using lockbox::store::RequestStore;

namespace {

struct Config
{
    int subscriptions = 10;
    int requests = 10000; // per subscription
    int pageSize = 1000;
    int runs = 3;
    QString dir; // where the profiles go (default: a temporary directory)
};

struct Subscription
{
    QString id;
    QList<AccessRequest> requests;
};

void print(const QJsonObject &o)
{
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

// CPU seconds of this process so far (user + system): beside wall time it shows waiting on the disk.
double cpuSeconds()
{
    rusage usage = {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0.0 : values.at(values.size() / 2);
}

QList<Subscription> generate(const Config &c)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const lockbox::sim::ScenarioGenerator generator(1, now);
    QList<Subscription> out;
    for (int i = 0; i < c.subscriptions; ++i) {
        const lockbox::sim::Subscription sub = generator.makeSubscription(i);
        Subscription s;
        s.id = sub.subscriptionId;
        for (const lockbox::sim::SimRecord &record : generator.makeRequests(sub, i, c.requests, 0.2, 0.15))
            s.requests.append(record.request);
        out.append(s);
    }
    return out;
}

class FixedClock final : public lockbox::Clock
{
public:
    QDateTime now() const override { return m_now; }

private:
    QDateTime m_now = QDateTime::currentDateTimeUtc();
};

bool fail(const QString &what)
{
    std::fprintf(stderr, "storebench: %s\n", qPrintable(what));
    return false;
}

// Merges every subscription through the session API, page by page. Returns rows written.
bool mergeAll(RequestStore &store, const QList<Subscription> &subs, int pageSize, qint64 *rowsWritten)
{
    *rowsWritten = 0;
    for (const Subscription &s : subs) {
        QString error;
        if (!store.beginMerge(s.id, &error))
            return fail(error);
        for (qsizetype i = 0; i < s.requests.size(); i += pageSize) {
            if (!store.addPage(s.requests.mid(i, pageSize), &error))
                return fail(error);
        }
        const auto changes = store.commitMerge(&error);
        if (!changes)
            return fail(error);
        *rowsWritten += changes->rowsWritten();
    }
    return true;
}

// One row as the store would write it, computed before the clock starts.
struct RawRow
{
    QString texts[20];
    bool isNull[20] = {};
    qint64 ints[20] = {};
    bool isInt[20] = {};
    QByteArray hash;
};

QList<RawRow> rawRows(const QList<Subscription> &subs)
{
    QList<RawRow> rows;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const Subscription &s : subs) {
        for (const AccessRequest &r : s.requests) {
            RawRow row;
            auto text = [&](int i, const QString &v) { row.texts[i] = v; };
            auto integer = [&](int i, const QDateTime &t) {
                row.isInt[i] = true;
                row.isNull[i] = !t.isValid();
                row.ints[i] = t.isValid() ? t.toMSecsSinceEpoch() : 0;
            };
            text(0, r.requestId);
            text(1, s.id);
            text(2, r.status.toString());
            row.hash = lockbox::store::contentHash(r);
            integer(4, r.createdDateTime);
            integer(5, r.expirationDateTime);
            row.isInt[6] = true;
            row.isNull[6] = !r.createdDateTime.isValid();
            row.ints[6] = r.createdDateTime.toMSecsSinceEpoch() + qint64(r.durationHours().value_or(8)) * 3600000;
            row.isInt[7] = row.isInt[8] = true;
            row.ints[7] = row.ints[8] = now;
            text(9, r.duration);
            row.isNull[10] = !r.accessLevel;
            text(10, r.accessLevel.value_or(QString()));
            text(11, r.resourceType);
            text(12, r.supportRequest);
            text(13, r.supportCaseUrl);
            text(14, r.workItemSource);
            text(15, r.armId);
            text(16, r.name);
            text(17, r.type);
            QByteArray json = "[";
            for (qsizetype i = 0; i < r.resourceIds.size(); ++i)
                json += (i ? ",\"" : "\"") + r.resourceIds.at(i).toUtf8() + '"';
            text(18, QString::fromUtf8(json + ']'));
            text(19, r.justification);
            rows.append(row);
        }
    }
    return rows;
}

// The baseline: the same rows into the same schema, raw C API, one transaction, same pragmas.
double rawInsert(const QString &profile, const QList<RawRow> &rows, double *cpu)
{
    {
        Database schema; // creates the identical schema, then gets out of the way
        QString error;
        if (!schema.open(profile, &error)) {
            fail(error);
            return -1;
        }
    }
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(Database::pathIn(profile)).constData(), &db, SQLITE_OPEN_READWRITE, nullptr)
        != SQLITE_OK) {
        fail(u"raw open failed"_s);
        return -1;
    }
    sqlite3_exec(db,
                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                 " PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16384;",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt *stmt = nullptr;
    const char *sql = "INSERT INTO requests (request_id, subscription_id, status, content_hash, created_ms,"
                      " expiration_ms, active_until_ms, first_seen_ms, last_seen_ms, duration, access_level,"
                      " resource_type, support_request, support_case_url, work_item_source, arm_id, name, type,"
                      " resource_ids, justification) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                      " ?, ?)";
    QElapsedTimer timer;
    timer.start();
    const double cpuStart = cpuSeconds();
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    bool ok = true;
    for (const RawRow &row : rows) {
        for (int i = 0; i < 20; ++i) {
            if (i == 3)
                sqlite3_bind_blob(stmt, 4, row.hash.constData(), int(row.hash.size()), SQLITE_STATIC);
            else if (row.isNull[i])
                sqlite3_bind_null(stmt, i + 1);
            else if (row.isInt[i])
                sqlite3_bind_int64(stmt, i + 1, row.ints[i]);
            else
                sqlite3_bind_text16(stmt, i + 1, row.texts[i].utf16(), int(row.texts[i].size() * 2), SQLITE_STATIC);
        }
        if (sqlite3_step(stmt) != SQLITE_DONE)
            ok = false;
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "PRAGMA wal_checkpoint(PASSIVE)", nullptr, nullptr, nullptr); // as the store run does
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    *cpu = cpuSeconds() - cpuStart;
    sqlite3_close(db);
    if (!ok) {
        fail(u"raw insert failed"_s);
        return -1;
    }
    return seconds;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Config c;
    const QStringList args = QCoreApplication::arguments();
    if (args.contains(u"--quick"_s)) {
        c.subscriptions = 2;
        c.requests = 500;
        c.pageSize = 100;
        c.runs = 1;
    }
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == u"--runs"_s)
            c.runs = qMax(1, args.at(i + 1).toInt());
        else if (args.at(i) == u"--dir"_s)
            c.dir = args.at(i + 1);
        else if (args.at(i) == u"--subscriptions"_s)
            c.subscriptions = qMax(1, args.at(i + 1).toInt());
        else if (args.at(i) == u"--requests"_s)
            c.requests = qMax(1, args.at(i + 1).toInt());
    }

    const QList<Subscription> subs = generate(c);
    const qint64 total = qint64(c.subscriptions) * c.requests;
    const QList<RawRow> rows = rawRows(subs);
    QTemporaryDir tmp(c.dir.isEmpty() ? QDir::tempPath() + u"/storebench-XXXXXX"_s : c.dir + u"/storebench-XXXXXX"_s);
    if (!tmp.isValid())
        return fail(u"cannot make a working directory"_s) ? 0 : 1;

    FixedClock clock;
    QList<double> first;
    QList<double> again;
    QList<double> raw;
    QList<double> rawCpu;
    QList<double> firstCpu;
    double rawCpuS = 0;
    QList<double> loadAll;
    QList<double> counts;
    double databaseMb = 0;
    qint64 firstRows = 0;
    qint64 againRows = 0;
    qint64 againChanges = 0;
    for (int run = 0; run < c.runs; ++run) {
        // Alternate which goes first, so that neither always meets a warmer page cache.
        const QString rawProfile = tmp.filePath(u"raw-%1"_s.arg(run));
        if (run % 2 == 1) {
            raw.append(rawInsert(rawProfile, rows, &rawCpuS));
            rawCpu.append(rawCpuS);
            if (raw.last() < 0)
                return 1;
        }

        const QString profile = tmp.filePath(u"store-%1"_s.arg(run));
        Database db;
        QString error;
        if (!db.open(profile, &error))
            return fail(error) ? 0 : 1;
        RequestStore store(db, clock);

        QElapsedTimer timer;
        timer.start();
        const double cpuStart = cpuSeconds();
        if (!mergeAll(store, subs, c.pageSize, &firstRows))
            return 1;
        // The checkpoint the sync engine runs after a round belongs to the cost of the sync, as the
        // baseline's COMMIT includes its own.
        if (!db.checkpoint(&error))
            return fail(error) ? 0 : 1;
        first.append(double(timer.nsecsElapsed()) / 1e9);
        firstCpu.append(cpuSeconds() - cpuStart);

        const qint64 changesBefore = db.scalar(u"SELECT total_changes()"_s).toLongLong();
        timer.restart();
        if (!mergeAll(store, subs, c.pageSize, &againRows))
            return 1;
        if (!db.checkpoint(&error))
            return fail(error) ? 0 : 1;
        again.append(double(timer.nsecsElapsed()) / 1e9);
        againChanges = db.scalar(u"SELECT total_changes()"_s).toLongLong() - changesBefore;

        timer.restart();
        const qsizetype loaded = store.requests(lockbox::RequestQuery()).size();
        loadAll.append(double(timer.nsecsElapsed()) / 1e9);
        if (loaded != total)
            return fail(u"loaded %1 of %2 requests"_s.arg(loaded).arg(total)) ? 0 : 1;
        timer.restart();
        store.counts(clock.now());
        counts.append(double(timer.nsecsElapsed()) / 1e9);
        databaseMb =
            double(db.scalar(u"PRAGMA page_count"_s).toLongLong() * db.scalar(u"PRAGMA page_size"_s).toLongLong())
            / 1e6;
        db.close();

        if (run % 2 == 0) {
            raw.append(rawInsert(rawProfile, rows, &rawCpuS));
            rawCpu.append(rawCpuS);
            if (raw.last() < 0)
                return 1;
        }
    }

    // The machine is shared: each run's store and baseline ran back to back, so the median of the
    // per-run ratios is steadier than a ratio of medians.
    QList<double> ratios;
    QJsonArray perRun;
    for (qsizetype i = 0; i < first.size() && i < raw.size(); ++i) {
        ratios.append(first.at(i) / raw.at(i));
        perRun.append(qRound(first.at(i) / raw.at(i) * 100) / 100.0);
    }
    const double firstS = median(first);
    const double againS = median(again);
    const double rawS = median(raw);
    print({{u"bench"_s, u"store_first_merge"_s},
           {u"requests"_s, total},
           {u"runs"_s, c.runs},
           {u"seconds"_s, firstS},
           {u"per_second"_s, qRound64(double(total) / firstS)},
           {u"cpu_seconds"_s, median(firstCpu)},
           {u"rows_written"_s, firstRows},
           {u"database_mb"_s, qRound(databaseMb * 10) / 10.0},
           {u"ratio_to_raw_sqlite"_s, qRound(median(ratios) * 100) / 100.0},
           {u"ratio_per_run"_s, perRun}});
    print({{u"bench"_s, u"store_remerge_unchanged"_s},
           {u"requests"_s, total},
           {u"runs"_s, c.runs},
           {u"seconds"_s, againS},
           {u"per_second"_s, qRound64(double(total) / againS)},
           {u"rows_written"_s, againRows + againChanges},
           {u"ratio_to_first_merge"_s, qRound(againS / firstS * 100) / 100.0}});
    print({{u"bench"_s, u"raw_sqlite_insert"_s},
           {u"requests"_s, total},
           {u"runs"_s, c.runs},
           {u"seconds"_s, rawS},
           {u"cpu_seconds"_s, median(rawCpu)},
           {u"per_second"_s, qRound64(double(total) / rawS)}});
    print({{u"bench"_s, u"store_load_all"_s}, {u"requests"_s, total}, {u"seconds"_s, median(loadAll)}});
    print({{u"bench"_s, u"store_counts"_s}, {u"requests"_s, total}, {u"seconds"_s, median(counts)}});

    if (againRows + againChanges != 0) {
        std::fprintf(stderr, "storebench: an unchanged merge wrote %lld rows\n", againRows + againChanges);
        return 1;
    }
    return 0;
}
