// Database: opening, pragmas, file permissions, integrity check, migrations, write transactions and
// their behaviour when another connection holds the lock. Real SQLite files in a QTemporaryDir.

#include "storetesthelpers.h"

#include "store/auditlog.h"
#include "store/database.h"
#include "store/schema.h"
#include "support/sqlitefile.h"
#include "support/syncingvfs.h"

#include <QFile>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sys/stat.h>

#include <atomic>
#include <functional>
#include <sqlite3.h>
#include <thread>

using namespace Qt::StringLiterals;
using lockbox::AuditRecord;
using lockbox::store::AuditLog;
using lockbox::store::AuditQuery;
using lockbox::store::AuditVerification;
using lockbox::store::Database;
using lockbox::store::DatabaseOptions;
using lockbox::store::Migration;
using lockbox::test::ManualClock;
using lockbox::test::RawConnection;
using lockbox::test::SyncingVfs;

namespace {

// Every released schema, frozen as it shipped: the test migrates from each one to the current
// version. When a migration is added, the schema before it is pasted here as a new entry (never
// edit an entry), with a seed that fills it with data the migration must keep.
struct PastSchema
{
    int version;
    QStringList statements;
    std::function<void(RawConnection &)> seed;
    std::function<void(Database &)> checkAfterMigration;
};

const QStringList kSchemaV1 = {
    u"CREATE TABLE requests ( request_id TEXT NOT NULL PRIMARY KEY, subscription_id TEXT NOT NULL, status TEXT NOT "
    "NULL, content_hash BLOB NOT NULL, created_ms INTEGER, expiration_ms INTEGER, active_until_ms INTEGER, "
    "first_seen_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL, duration TEXT NOT NULL, access_level TEXT, "
    "resource_type TEXT NOT NULL, support_request TEXT NOT NULL, support_case_url TEXT NOT NULL, work_item_source "
    "TEXT NOT NULL, arm_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, resource_ids TEXT NOT NULL, "
    "justification TEXT NOT NULL)"_s,
    u"CREATE INDEX requests_by_subscription ON requests (subscription_id)"_s,
    u"CREATE INDEX requests_by_status ON requests (status, active_until_ms)"_s,
    u"CREATE INDEX requests_by_created ON requests (created_ms DESC, request_id)"_s,
    u"CREATE TABLE decisions ( id TEXT NOT NULL PRIMARY KEY, request_id TEXT NOT NULL, subscription_id TEXT NOT "
    "NULL, verdict TEXT NOT NULL CHECK (verdict IN ('Approve', 'Deny')), reason TEXT NOT NULL, actor TEXT NOT NULL, "
    "state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'acknowledged', 'failed', 'withdrawn')), attempts "
    "INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, last_error TEXT, "
    "server_status TEXT)"_s,
    u"CREATE UNIQUE INDEX decisions_one_live_per_request ON decisions (request_id) WHERE state IN ('queued', "
    "'sending')"_s,
    u"CREATE INDEX decisions_by_request ON decisions (request_id, created_ms)"_s,
    u"CREATE INDEX decisions_by_state ON decisions (state, created_ms)"_s,
    u"CREATE TABLE audit ( seq INTEGER PRIMARY KEY, time_ms INTEGER, actor TEXT NOT NULL, action TEXT NOT NULL, "
    "request_id TEXT NOT NULL, subscription_id TEXT NOT NULL, reason TEXT NOT NULL, outcome TEXT NOT NULL, source "
    "TEXT NOT NULL CHECK (source IN ('local', 'azure')), external_id TEXT UNIQUE, prev_hash TEXT NOT NULL, hash "
    "TEXT NOT NULL)"_s,
    u"CREATE INDEX audit_by_time ON audit (time_ms)"_s,
    u"CREATE INDEX audit_by_request ON audit (request_id)"_s,
    u"CREATE INDEX audit_by_subscription ON audit (subscription_id)"_s,
    u"CREATE INDEX audit_by_action ON audit (action)"_s,
    u"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit records are "
    "append-only'); END"_s,
    u"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit records are "
    "append-only'); END"_s,
    u"CREATE TABLE audit_head ( id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL)"_s,
    u"INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '')"_s,
    u"CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head WHEN NEW.id IS NOT OLD.id OR NEW.seq IS NOT "
    "OLD.seq + 1 OR NEW.hash IS NOT (SELECT hash FROM audit WHERE seq = NEW.seq) BEGIN SELECT RAISE(ABORT, 'the "
    "audit head only moves onto the record just appended'); END"_s,
    u"CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN SELECT RAISE(ABORT, 'the audit head "
    "cannot be deleted'); END"_s,
    u"CREATE TABLE sync_state ( subscription_id TEXT NOT NULL PRIMARY KEY, last_full_sync_ms INTEGER, "
    "last_pending_poll_ms INTEGER, last_error TEXT NOT NULL DEFAULT '', consecutive_failures INTEGER NOT NULL "
    "DEFAULT 0, next_attempt_ms INTEGER)"_s,
};

// Version 2: the audit's indexes end in (time_ms, seq), the order the history lists.
QStringList schemaV2()
{
    QStringList statements = kSchemaV1;
    statements.removeAll(u"CREATE INDEX audit_by_time ON audit (time_ms)"_s);
    statements.removeAll(u"CREATE INDEX audit_by_request ON audit (request_id)"_s);
    statements.removeAll(u"CREATE INDEX audit_by_subscription ON audit (subscription_id)"_s);
    statements.removeAll(u"CREATE INDEX audit_by_action ON audit (action)"_s);
    statements.append({
        u"CREATE INDEX audit_by_time_seq ON audit (time_ms, seq)"_s,
        u"CREATE INDEX audit_by_request_time ON audit (request_id, time_ms, seq)"_s,
        u"CREATE INDEX audit_by_subscription_time ON audit (subscription_id, time_ms, seq)"_s,
        u"CREATE INDEX audit_by_action_time ON audit (action, time_ms, seq)"_s,
    });
    return statements;
}

// Two chained audit records as version 1 wrote them, the second older than the first (an import).
void seedAuditChain(RawConnection &raw)
{
    QByteArray previous;
    const qint64 minutes[] = {60, 0};
    for (qint64 seq = 1; seq <= 2; ++seq) {
        AuditRecord r;
        r.sequence = seq;
        r.time = QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC).addSecs(minutes[seq - 1] * 60);
        r.actor = u"alice@contoso.com"_s;
        r.action = u"decision.queued"_s;
        r.requestId = u"req-%1"_s.arg(seq);
        r.subscriptionId = u"sub-1"_s;
        r.previousHash = previous;
        r.hash = AuditLog::computeHash(r);
        previous = r.hash;
        QVERIFY2(raw.exec(u"INSERT INTO audit (seq, time_ms, actor, action, request_id, subscription_id, reason,"
                          " outcome, source, external_id, prev_hash, hash)"
                          " VALUES (?, ?, ?, ?, ?, ?, '', '', 'local', NULL, ?, ?)"_s,
                          {seq, r.time.toMSecsSinceEpoch(), r.actor, r.action, r.requestId, r.subscriptionId,
                           r.previousHash.isEmpty() ? u""_s : QString::fromLatin1(r.previousHash),
                           QString::fromLatin1(r.hash)}),
                 qPrintable(raw.lastError()));
        QVERIFY2(
            raw.exec(u"UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1"_s, {seq, QString::fromLatin1(r.hash)}),
            qPrintable(raw.lastError()));
    }
}

// The records seeded above kept their chain and come back by time.
void checkAuditChain(Database &db)
{
    const ManualClock clock;
    AuditLog log(db, clock);
    const AuditVerification verified = log.verify();
    QVERIFY2(verified.ok, qPrintable(verified.message));
    QCOMPARE(verified.recordsChecked, 2);
    const QList<AuditRecord> records = log.records(AuditQuery());
    QCOMPARE(records.size(), 2);
    QCOMPARE(records.at(0).sequence, 2);
    QCOMPARE(records.at(1).sequence, 1);
    QVERIFY(db.scalar(u"SELECT name FROM sqlite_master WHERE name = 'audit_by_time_seq'"_s).isValid());
    QVERIFY(!db.scalar(u"SELECT name FROM sqlite_master WHERE name = 'audit_by_time'"_s).isValid());
}

// Version 3: requests know when they were approved.
QStringList schemaV3()
{
    QStringList statements = schemaV2();
    statements.append({
        u"ALTER TABLE requests ADD COLUMN approved_ms INTEGER"_s,
        u"ALTER TABLE requests ADD COLUMN approval_source TEXT"_s,
    });
    return statements;
}

constexpr qint64 kHourMs = 3600 * 1000;
const qint64 kCreatedMs = QDateTime(QDate(2026, 11, 1), QTime(8, 0), Qt::UTC).toMSecsSinceEpoch();

// Three Approved 4-hour requests as version 2 kept them, their window counted from creation: one
// this profile approved a day later, one whose approval the Activity Log recorded two days later,
// one with no record of its approval.
void seedApprovals(RawConnection &raw)
{
    seedAuditChain(raw);
    for (const QString &id : {u"req-a"_s, u"req-b"_s, u"req-c"_s}) {
        QVERIFY2(raw.exec(u"INSERT INTO requests (request_id, subscription_id, status, content_hash, created_ms,"
                          " expiration_ms, active_until_ms, first_seen_ms, last_seen_ms, duration, access_level,"
                          " resource_type, support_request, support_case_url, work_item_source, arm_id, name, type,"
                          " resource_ids, justification) VALUES (?, 'sub-1', 'Approved', x'00', ?, NULL, ?, ?, ?,"
                          " '4', NULL, '', '', '', '', '', '', '', '[]', '')"_s,
                          {id, kCreatedMs, kCreatedMs + 4 * kHourMs, kCreatedMs, kCreatedMs}),
                 qPrintable(raw.lastError()));
    }
    QVERIFY2(raw.exec(u"INSERT INTO decisions (id, request_id, subscription_id, verdict, reason, actor, state,"
                      " created_ms, updated_ms) VALUES ('d1', 'req-a', 'sub-1', 'Approve', 'ok', 'me',"
                      " 'acknowledged', ?, ?)"_s,
                      {kCreatedMs + 24 * kHourMs, kCreatedMs + 24 * kHourMs}),
             qPrintable(raw.lastError()));
    // An imported Activity Log approval, chained after the seeded records.
    AuditRecord r;
    r.sequence = 3;
    r.time = QDateTime::fromMSecsSinceEpoch(kCreatedMs + 48 * kHourMs, Qt::UTC);
    r.actor = u"bob@contoso.com"_s;
    r.action = u"Approve"_s;
    r.requestId = u"req-b"_s;
    r.subscriptionId = u"sub-1"_s;
    r.source = AuditRecord::Source::Azure;
    r.externalId = u"event-1"_s;
    r.previousHash = raw.scalar(u"SELECT hash FROM audit WHERE seq = 2"_s).toString().toLatin1();
    r.hash = AuditLog::computeHash(r);
    QVERIFY2(raw.exec(u"INSERT INTO audit (seq, time_ms, actor, action, request_id, subscription_id, reason,"
                      " outcome, source, external_id, prev_hash, hash)"
                      " VALUES (3, ?, ?, 'Approve', 'req-b', 'sub-1', '', '', 'azure', 'event-1', ?, ?)"_s,
                      {r.time.toMSecsSinceEpoch(), r.actor, QString::fromLatin1(r.previousHash),
                       QString::fromLatin1(r.hash)}),
             qPrintable(raw.lastError()));
    QVERIFY2(raw.exec(u"UPDATE audit_head SET seq = 3, hash = ? WHERE id = 1"_s, {QString::fromLatin1(r.hash)}),
             qPrintable(raw.lastError()));
}

// Each window now counts from what the profile knew of the approval.
void checkApprovals(Database &db)
{
    const auto row = [&db](const QString &column, const QString &id) {
        return db.scalar(u"SELECT %1 FROM requests WHERE request_id = '%2'"_s.arg(column, id));
    };
    QCOMPARE(row(u"approval_source"_s, u"req-a"_s).toString(), u"decision"_s);
    QCOMPARE(row(u"approved_ms"_s, u"req-a"_s).toLongLong(), kCreatedMs + 24 * kHourMs);
    QCOMPARE(row(u"active_until_ms"_s, u"req-a"_s).toLongLong(), kCreatedMs + 28 * kHourMs);
    QCOMPARE(row(u"approval_source"_s, u"req-b"_s).toString(), u"activity-log"_s);
    QCOMPARE(row(u"active_until_ms"_s, u"req-b"_s).toLongLong(), kCreatedMs + 52 * kHourMs);
    QVERIFY(row(u"approved_ms"_s, u"req-c"_s).isNull());
    QCOMPARE(row(u"active_until_ms"_s, u"req-c"_s).toLongLong(), kCreatedMs + 4 * kHourMs);
    const ManualClock clock;
    AuditLog log(db, clock);
    const AuditVerification verified = log.verify();
    QVERIFY2(verified.ok, qPrintable(verified.message));
}

// Version 4: each decision keeps the content hash of the request as the approver reviewed it.
QStringList schemaV4()
{
    QStringList statements = schemaV3();
    statements.append(u"ALTER TABLE decisions ADD COLUMN reviewed_hash BLOB"_s);
    return statements;
}

// Version 5: the alert relay's journal (lockboxctl watch).
QStringList schemaV5()
{
    QStringList statements = schemaV4();
    statements.append({
        u"CREATE TABLE alert_targets ( target TEXT NOT NULL PRIMARY KEY, label TEXT NOT NULL, created_ms INTEGER NOT "
        "NULL, primed_ms INTEGER)"_s,
        u"CREATE TABLE alert_journal ( request_key TEXT NOT NULL CHECK (request_key = lower(request_key)), event TEXT "
        "NOT NULL, target TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('pending', "
        "'delivered', 'failed', 'seen')), attempts INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL, "
        "updated_ms INTEGER NOT NULL, next_attempt_ms INTEGER NOT NULL, last_error TEXT, PRIMARY KEY (request_key, "
        "event, target))"_s,
        u"CREATE INDEX alert_journal_due ON alert_journal (target, state, next_attempt_ms)"_s,
        u"CREATE INDEX alert_journal_by_event ON alert_journal (target, event, created_ms)"_s,
    });
    return statements;
}

// Version 6: the pages of the last listing of each kind, beside the sync state.
QStringList schemaV6()
{
    QStringList statements = schemaV5();
    statements.append({u"ALTER TABLE sync_state ADD COLUMN full_pages BLOB"_s,
                       u"ALTER TABLE sync_state ADD COLUMN pending_pages BLOB"_s});
    return statements;
}

QStringList schemaV7()
{
    QStringList statements = schemaV6();
    statements.append({u"DROP INDEX requests_by_subscription"_s,
                       u"CREATE INDEX requests_by_subscription ON requests (subscription_id, last_seen_ms)"_s});
    return statements;
}

// Two requests of a subscription as version 6 kept them, beside the audit chain.
void seedStampedRows(RawConnection &raw)
{
    seedAuditChain(raw);
    for (const QString &id : {u"req-a"_s, u"req-b"_s}) {
        QVERIFY2(raw.exec(u"INSERT INTO requests (request_id, subscription_id, status, content_hash, created_ms,"
                          " expiration_ms, active_until_ms, first_seen_ms, last_seen_ms, duration, access_level,"
                          " resource_type, support_request, support_case_url, work_item_source, arm_id, name, type,"
                          " resource_ids, justification) VALUES (?, 'sub-1', 'Pending', x'00', ?, NULL, NULL, ?, ?,"
                          " '4', NULL, '', '', '', '', '', '', '', '[]', '')"_s,
                          {id, kCreatedMs, kCreatedMs, kCreatedMs + (id == u"req-a" ? 1 : 2)}),
                 qPrintable(raw.lastError()));
    }
}

// The rows are kept, and a subscription's stamp reads the index alone.
void checkStampedRows(Database &db)
{
    checkAuditChain(db);
    QCOMPARE(db.scalar(u"SELECT count(*) || ' ' || (max(last_seen_ms) - %1) FROM requests"
                       " WHERE subscription_id = 'sub-1'"_s.arg(kCreatedMs))
                 .toString(),
             u"2 2"_s);
    QSqlQuery plan(db.connection());
    QVERIFY(plan.exec(u"EXPLAIN QUERY PLAN SELECT COUNT(*), MAX(last_seen_ms), SUM(last_seen_ms % 1000000007)"
                      " FROM requests WHERE subscription_id = 'sub-1'"_s));
    QVERIFY(plan.next());
    QVERIFY2(plan.value(3).toString().contains(u"COVERING INDEX requests_by_subscription"_s),
             qPrintable(plan.value(3).toString()));
}

// A decision queued and one failed as version 3 kept them, beside the audit chain.
void seedDecisions(RawConnection &raw)
{
    seedAuditChain(raw);
    QVERIFY2(raw.exec(u"INSERT INTO decisions (id, request_id, subscription_id, verdict, reason, actor, state,"
                      " created_ms, updated_ms) VALUES ('d-queued', 'req-1', 'sub-1', 'Approve', 'ok', 'me',"
                      " 'queued', ?, ?), ('d-failed', 'req-2', 'sub-1', 'Deny', 'no', 'me', 'failed', ?, ?)"_s,
                      {kCreatedMs, kCreatedMs, kCreatedMs, kCreatedMs}),
             qPrintable(raw.lastError()));
}

// The decisions are there, bound to nothing (NULL): they are sent as they were queued.
void checkDecisions(Database &db)
{
    checkAuditChain(db);
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM decisions WHERE reviewed_hash IS NULL"_s).toInt(), 2);
    QCOMPARE(db.scalar(u"SELECT state FROM decisions WHERE id = 'd-queued'"_s).toString(), u"queued"_s);
}

QList<PastSchema> pastSchemas()
{
    return {
        // 0: a new, empty file.
        PastSchema {0, {}, [](RawConnection &) {}, [](Database &) {}},
        // 1: the first release. Entries for later versions start from here.
        PastSchema {1, kSchemaV1,
                    [](RawConnection &raw) {
                        QVERIFY(raw.exec(u"INSERT INTO sync_state (subscription_id, last_error) VALUES ('s1', 'x')"_s));
                        seedAuditChain(raw);
                    },
                    [](Database &db) {
                        QCOMPARE(
                            db.scalar(u"SELECT last_error FROM sync_state WHERE subscription_id = 's1'"_s).toString(),
                            u"x"_s);
                        checkAuditChain(db);
                    }},
        // 2: the audit listed by event time.
        PastSchema {2, schemaV2(), seedApprovals, checkApprovals},
        // 3: approval times.
        PastSchema {3, schemaV3(), seedDecisions, checkDecisions},
        // 4: decisions bound to the content the approver reviewed.
        PastSchema {4, schemaV4(), seedAuditChain, checkAuditChain},
        // 5: the alert relay's journal. Its sync state keeps its times and has no pages known.
        PastSchema {5, schemaV5(),
                    [](RawConnection &raw) {
                        QVERIFY(raw.exec(u"INSERT INTO sync_state (subscription_id, last_full_sync_ms)"
                                         " VALUES ('s1', 1700000000000)"_s));
                        seedAuditChain(raw);
                    },
                    [](Database &db) {
                        QCOMPARE(db.scalar(u"SELECT last_full_sync_ms FROM sync_state"_s).toLongLong(),
                                 1700000000000LL);
                        QVERIFY(db.scalar(u"SELECT full_pages FROM sync_state"_s).isNull());
                        QVERIFY(db.scalar(u"SELECT pending_pages FROM sync_state"_s).isNull());
                        checkAuditChain(db);
                    }},
        // 6: the pages of the last listing of each kind.
        PastSchema {6, schemaV6(), seedStampedRows, checkStampedRows},
        // 7: a subscription's cache stamp read from its index.
        PastSchema {7, schemaV7(), seedAuditChain, checkAuditChain},
    };
}

// The schema's objects as SQLite describes them, normalized for whitespace.
QStringList schemaOf(const QSqlDatabase &db)
{
    QStringList out;
    QSqlQuery q(db);
    q.exec(u"SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"_s);
    while (q.next()) {
        const QString sql = q.value(3).toString().simplified().replace(u"( "_s, u"("_s);
        out.append(q.value(0).toString() + u'|' + q.value(1).toString() + u'|' + q.value(2).toString() + u'|' + sql);
    }
    return out;
}

int modeOf(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

// Holds BEGIN IMMEDIATE on `path` for `holdMs` from its own thread and connection.
class LockHolder final : public QThread
{
public:
    LockHolder(const QString &path, int holdMs)
        : m_path(path)
        , m_holdMs(holdMs)
    {
    }
    std::atomic<bool> locked {false};

protected:
    void run() override
    {
        RawConnection raw(m_path, u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!raw.exec(u"BEGIN IMMEDIATE"_s))
            return;
        raw.exec(u"INSERT INTO t (v) VALUES (0)"_s);
        locked = true;
        QThread::msleep(m_holdMs);
        raw.exec(u"COMMIT"_s);
    }

private:
    QString m_path;
    int m_holdMs;
};

} // namespace

class TestDatabase final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void opensAndSetsPragmas();
    void busyTimeoutIsConfigurable();
    void connectionsHaveUniqueNames();
    void filesAreOwnerOnly();
    void existingFileIsNarrowedToOwner();
    void createsProfileDirectoryForOwnerOnly();
    void readOnlyConnection();
    void garbageFileIsAClearError();
    void damagedPagesAreAClearError();
    void migratesFromEveryEarlierVersion_data();
    void migratesFromEveryEarlierVersion();
    void migrationMatchesFrozenCurrentSchema();
    void failingMigrationLeavesOldVersion();
    void laterMigrationIsJustANewEntry();
    void newerSchemaIsRefused();
    void writeCommitsOrRollsBack();
    void nestedWriteIsASavepoint();
    void cacheCommitsDoNotWaitForTheDisk();
    void preparedStatementsAreCached();
    void writeWaitsForAnotherWriter();
    void busyPastEveryRetryIsAClearError();
    void concurrentWritersNeverFail();
    void aSoundFileCheckedBesideIsWrittenAsUsual();
    void aLongLogIsCheckpointedInTheBackground_data();
    void aLongLogIsCheckpointedInTheBackground();
    void aNewFileHasLargePagesAnOlderOneKeepsItsOwn();
    void thePageCacheIsTheOptionsOne();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString profile() const { return m_dir->path(); }
    QString dbPath() const { return Database::pathIn(m_dir->path()); }
};

void TestDatabase::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestDatabase::opensAndSetsPragmas()
{
    Database db;
    QString error;
    QVERIFY2(db.open(profile(), &error), qPrintable(error));
    QVERIFY(db.isOpen());
    QCOMPARE(db.filePath(), dbPath());
    QVERIFY(QFile::exists(dbPath()));

    // Read back from SQLite itself, not from our own bookkeeping.
    QCOMPARE(db.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    QCOMPARE(db.scalar(u"PRAGMA synchronous"_s).toInt(), 2); // FULL
    QCOMPARE(db.scalar(u"PRAGMA foreign_keys"_s).toInt(), 1);
    QCOMPARE(db.scalar(u"PRAGMA busy_timeout"_s).toInt(), 10000);
    QCOMPARE(db.scalar(u"PRAGMA query_only"_s).toInt(), 0);
    QCOMPARE(db.scalar(u"PRAGMA user_version"_s).toInt(), lockbox::store::currentSchemaVersion());
    QCOMPARE(db.schemaVersion(), lockbox::store::currentSchemaVersion());
    QCOMPARE(db.scalar(u"PRAGMA quick_check"_s).toString(), u"ok"_s);
}

void TestDatabase::busyTimeoutIsConfigurable()
{
    DatabaseOptions options;
    options.busyTimeoutMs = 1234;
    Database db;
    QVERIFY(db.open(profile(), options));
    QCOMPARE(db.scalar(u"PRAGMA busy_timeout"_s).toInt(), 1234);
}

void TestDatabase::connectionsHaveUniqueNames()
{
    Database a;
    Database b;
    QVERIFY(a.open(profile()));
    QVERIFY(b.open(profile()));
    QVERIFY(a.connectionName() != b.connectionName());
    a.close();
    QVERIFY(b.isOpen()); // closing one leaves the other's connection alone
    QCOMPARE(b.scalar(u"PRAGMA user_version"_s).toInt(), lockbox::store::currentSchemaVersion());
}

void TestDatabase::filesAreOwnerOnly()
{
    // A permissive umask must not matter: the mode is chosen, not inherited.
    const mode_t previous = ::umask(0);
    auto restore = qScopeGuard([previous] { ::umask(previous); });
    Database db;
    QVERIFY(db.open(profile()));
    QVERIFY(db.execute(u"CREATE TABLE t (v)"_s));
    QVERIFY(db.write([&](QString *e) { return db.execute(u"INSERT INTO t VALUES (1)"_s, e); }));
    QVERIFY(QFile::exists(dbPath() + u"-wal"_s));
    QVERIFY(QFile::exists(dbPath() + u"-shm"_s));
    QCOMPARE(modeOf(dbPath()), 0600);
    QCOMPARE(modeOf(dbPath() + u"-wal"_s), 0600);
    QCOMPARE(modeOf(dbPath() + u"-shm"_s), 0600);
}

void TestDatabase::existingFileIsNarrowedToOwner()
{
    {
        Database db;
        QVERIFY(db.open(profile()));
    }
    QVERIFY(
        QFile::setPermissions(dbPath(), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    QCOMPARE(modeOf(dbPath()), 0644);
    Database db;
    QVERIFY(db.open(profile()));
    QCOMPARE(modeOf(dbPath()), 0600);
}

void TestDatabase::createsProfileDirectoryForOwnerOnly()
{
    const QString nested = m_dir->filePath(u"a/profile"_s);
    Database db;
    QString error;
    QVERIFY2(db.open(nested, &error), qPrintable(error));
    QCOMPARE(modeOf(nested), 0700);
    QCOMPARE(modeOf(Database::pathIn(nested)), 0600);
}

void TestDatabase::readOnlyConnection()
{
    Database reader;
    QString error;
    QVERIFY(!reader.openReadOnly(profile(), &error));
    QVERIFY2(error.contains(dbPath()), qPrintable(error));
    QVERIFY(!QFile::exists(dbPath())); // a reader never creates the file

    Database writer;
    QVERIFY(writer.open(profile()));
    QVERIFY(writer.execute(u"CREATE TABLE t (v)"_s));
    QVERIFY(writer.write([&](QString *e) { return writer.execute(u"INSERT INTO t VALUES (7)"_s, e); }));

    QVERIFY2(reader.openReadOnly(profile(), &error), qPrintable(error));
    QVERIFY(reader.isReadOnly());
    QCOMPARE(reader.scalar(u"PRAGMA query_only"_s).toInt(), 1);
    QCOMPARE(reader.scalar(u"SELECT v FROM t"_s).toInt(), 7);
    QVERIFY(!reader.write([&](QString *e) { return reader.execute(u"INSERT INTO t VALUES (8)"_s, e); }, &error));
    QCOMPARE(reader.lastProblem(), Database::Problem::ReadOnly);
    QVERIFY(!reader.execute(u"INSERT INTO t VALUES (9)"_s)); // query_only holds below write() too

    // The reader sees the writer's later commits (WAL: no stale snapshot is kept open).
    QVERIFY(writer.write([&](QString *e) { return writer.execute(u"UPDATE t SET v = 11"_s, e); }));
    QCOMPARE(reader.scalar(u"SELECT v FROM t"_s).toInt(), 11);
}

void TestDatabase::garbageFileIsAClearError()
{
    QFile file(dbPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
    file.close();

    Database db;
    QString error;
    QVERIFY(!db.open(profile(), &error));
    QVERIFY(!db.isOpen());
    QVERIFY(db.lastProblem() == Database::Problem::NotADatabase || db.lastProblem() == Database::Problem::Corrupt);
    QVERIFY2(error.contains(dbPath()), qPrintable(error));
    QVERIFY2(error.contains(u"damaged"_s), qPrintable(error));
}

void TestDatabase::damagedPagesAreAClearError()
{
    {
        Database db;
        QVERIFY(db.open(profile()));
        QVERIFY(db.execute(u"CREATE TABLE filler (a TEXT)"_s));
        QVERIFY(db.execute(u"CREATE INDEX filler_a ON filler (a)"_s));
        QVERIFY(db.write([&](QString *e) {
            return db.execute(u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
                              " INSERT INTO filler SELECT hex(randomblob(40)) FROM n"_s,
                              e);
        }));
    } // closing the last connection checkpoints the WAL into the file
    QVERIFY(!QFile::exists(dbPath() + u"-wal"_s));

    QFile file(dbPath());
    QVERIFY(file.open(QIODevice::ReadWrite));
    const qint64 size = file.size();
    const qint64 pageSize = lockbox::test::sqlitePageSize(dbPath());
    QVERIFY(pageSize > 0);
    QVERIFY2(size > 14 * pageSize, qPrintable(QString::number(size / pageSize)));
    QString healthy;
    QVERIFY2(Database::checkFile(dbPath(), &healthy), qPrintable(healthy));
    // Destroy pages in the middle of the file, leaving the header intact.
    for (qint64 page = 8; page < 14; ++page) {
        file.seek(page * pageSize);
        file.write(QByteArray(pageSize, char(0x5a)));
    }
    file.close();

    Database db;
    QString error;
    QVERIFY(!db.open(profile(), &error));
    QCOMPARE(db.lastProblem(), Database::Problem::Corrupt);
    QVERIFY2(error.contains(dbPath()), qPrintable(error));
    QVERIFY2(error.contains(u"damaged"_s), qPrintable(error));

    // The same check on a connection of its own, from another thread (the console's start), finds
    // the same and says it the same way.
    QString fileError;
    bool fileOk = true;
    std::thread([&] { fileOk = Database::checkFile(dbPath(), &fileError); }).join();
    QVERIFY(!fileOk);
    QCOMPARE(fileError, error);

    // Checked beside the connection's work instead: the open succeeds, and the first write (here
    // an empty one) fails with the same words, writing nothing; so does asking for the result.
    lockbox::store::DatabaseOptions background;
    background.quickCheckInBackground = true;
    Database beside;
    QString besideError;
    QVERIFY2(beside.open(profile(), background, &besideError), qPrintable(besideError));
    QVERIFY(!beside.write([](QString *) { return true; }, &besideError));
    QCOMPARE(besideError, error);
    QCOMPARE(beside.lastProblem(), Database::Problem::Corrupt);
    QVERIFY(!beside.inTransaction());
    QString result;
    QVERIFY(!beside.quickCheckResult(&result));
    QCOMPARE(result, error);
    QVERIFY(!beside.begin(&result)); // and every write after it
    QCOMPARE(result, error);
}

void TestDatabase::aSoundFileCheckedBesideIsWrittenAsUsual()
{
    lockbox::store::DatabaseOptions background;
    background.quickCheckInBackground = true;
    Database db;
    QString error;
    QVERIFY2(db.open(profile(), background, &error), qPrintable(error));
    QVERIFY(db.execute(u"CREATE TABLE t (v)"_s));
    QVERIFY(db.write([&](QString *e) { return db.execute(u"INSERT INTO t VALUES (1)"_s, e); }, &error));
    QVERIFY(db.quickCheckResult(&error));
    QCOMPARE(db.scalar(u"SELECT count(*) FROM t"_s).toInt(), 1);
    // A reader's options ask for no check beside: the one at open (or none) as before.
    Database reader;
    QVERIFY(reader.openReadOnly(profile(), background, &error));
    QVERIFY(reader.quickCheckResult(&error));
}

void TestDatabase::migratesFromEveryEarlierVersion_data()
{
    QTest::addColumn<int>("index");
    const QList<PastSchema> schemas = pastSchemas();
    QCOMPARE(schemas.constLast().version, lockbox::store::currentSchemaVersion()); // add the new schema here
    for (qsizetype i = 0; i < schemas.size(); ++i)
        QTest::addRow("from version %d", schemas.at(i).version) << int(i);
}

void TestDatabase::migratesFromEveryEarlierVersion()
{
    QFETCH(int, index);
    const PastSchema past = pastSchemas().at(index);
    {
        RawConnection raw(dbPath());
        QVERIFY(raw.isOpen());
        for (const QString &statement : past.statements)
            QVERIFY2(raw.exec(statement), qPrintable(raw.lastError()));
        QVERIFY(raw.exec(u"PRAGMA user_version = %1"_s.arg(past.version)));
        past.seed(raw);
    }

    Database db;
    QString error;
    QVERIFY2(db.open(profile(), &error), qPrintable(error));
    QCOMPARE(db.scalar(u"PRAGMA user_version"_s).toInt(), lockbox::store::currentSchemaVersion());
    QCOMPARE(db.schemaVersion(), lockbox::store::currentSchemaVersion());
    past.checkAfterMigration(db);
    QCOMPARE(db.scalar(u"PRAGMA integrity_check"_s).toString(), u"ok"_s);
    QCOMPARE(db.scalar(u"PRAGMA foreign_key_check"_s).isValid(), false); // no rows: nothing dangling
}

void TestDatabase::migrationMatchesFrozenCurrentSchema()
{
    // Migrating a new file gives exactly the schema frozen above: a released migration was not
    // edited in place.
    Database db;
    QVERIFY(db.open(profile()));
    const QString frozenPath = m_dir->filePath(u"frozen.sqlite"_s);
    RawConnection frozen(frozenPath);
    const QList<PastSchema> schemas = pastSchemas(); // named: a temporary would die before the loop reads it
    for (const QString &statement : schemas.constLast().statements)
        QVERIFY2(frozen.exec(statement), qPrintable(frozen.lastError()));
    QCOMPARE(schemaOf(db.connection()), schemaOf(frozen.db()));
}

void TestDatabase::failingMigrationLeavesOldVersion()
{
    {
        Database db;
        QVERIFY(db.open(profile()));
        QVERIFY(db.write(
            [&](QString *e) { return db.execute(u"INSERT INTO sync_state (subscription_id) VALUES ('kept')"_s, e); }));
    }
    DatabaseOptions options;
    options.migrations.append(Migration {
        lockbox::store::currentSchemaVersion() + 1,
        u"a step that fails half way"_s,
        {u"CREATE TABLE added_by_step (a)"_s, u"ALTER TABLE requests ADD COLUMN x"_s, u"THIS IS NOT SQL"_s}});
    Database db;
    QString error;
    QVERIFY(!db.open(profile(), options, &error));
    QCOMPARE(db.lastProblem(), Database::Problem::Migration);
    QVERIFY2(error.contains(dbPath()), qPrintable(error));
    QVERIFY2(error.contains(u"a step that fails half way"_s), qPrintable(error));

    RawConnection raw(dbPath());
    QCOMPARE(raw.scalar(u"PRAGMA user_version"_s).toInt(), lockbox::store::currentSchemaVersion());
    QVERIFY(!raw.scalar(u"SELECT name FROM sqlite_master WHERE name = 'added_by_step'"_s).isValid());
    QVERIFY(!raw.exec(u"SELECT x FROM requests"_s)); // the ALTER went with the rest
    QCOMPARE(raw.scalar(u"SELECT subscription_id FROM sync_state"_s).toString(), u"kept"_s);
}

void TestDatabase::laterMigrationIsJustANewEntry()
{
    {
        Database db;
        QVERIFY(db.open(profile()));
    }
    DatabaseOptions options;
    const int next = lockbox::store::currentSchemaVersion() + 1;
    options.migrations.append(Migration {next, u"a new column"_s, {u"ALTER TABLE sync_state ADD COLUMN note TEXT"_s}});
    Database db;
    QString error;
    QVERIFY2(db.open(profile(), options, &error), qPrintable(error));
    QCOMPARE(db.schemaVersion(), next);
    QCOMPARE(db.scalar(u"PRAGMA user_version"_s).toInt(), next);
    QVERIFY(db.execute(u"SELECT note FROM sync_state"_s));
}

void TestDatabase::newerSchemaIsRefused()
{
    {
        RawConnection raw(dbPath());
        QVERIFY(raw.exec(u"PRAGMA user_version = 999"_s));
    }
    Database db;
    QString error;
    QVERIFY(!db.open(profile(), &error));
    QCOMPARE(db.lastProblem(), Database::Problem::TooNew);
    QVERIFY2(error.contains(u"newer"_s) && error.contains(dbPath()), qPrintable(error));
    RawConnection raw(dbPath());
    QCOMPARE(raw.scalar(u"PRAGMA user_version"_s).toInt(), 999); // untouched
}

void TestDatabase::writeCommitsOrRollsBack()
{
    Database db;
    QVERIFY(db.open(profile()));
    QVERIFY(db.execute(u"CREATE TABLE t (v)"_s));

    QVERIFY(db.write([&](QString *e) { return db.execute(u"INSERT INTO t VALUES (1)"_s, e); }));
    QString error;
    QVERIFY(!db.write(
        [&](QString *e) {
            if (!db.execute(u"INSERT INTO t VALUES (2)"_s, e))
                return false;
            *e = u"the body gave up"_s;
            return false;
        },
        &error));
    QCOMPARE(error, u"the body gave up"_s);
    QVERIFY(!db.inTransaction());
    QCOMPARE(db.scalar(u"SELECT group_concat(v) FROM t"_s).toString(), u"1"_s);

    // A statement that fails inside the body rolls back what came before it.
    QVERIFY(!db.write(
        [&](QString *e) {
            return db.execute(u"INSERT INTO t VALUES (3)"_s, e) && db.execute(u"INSERT INTO missing VALUES (1)"_s, e);
        },
        &error));
    QVERIFY2(error.contains(dbPath()), qPrintable(error));
    QCOMPARE(db.scalar(u"SELECT group_concat(v) FROM t"_s).toString(), u"1"_s);
}

void TestDatabase::aNewFileHasLargePagesAnOlderOneKeepsItsOwn()
{
    // A new profile's file has pages of 16 KiB; one made with SQLite's default of 4 KiB keeps it,
    // and the log's marks (counted in pages) stay the same length in bytes for both.
    const auto checkpointMark = [](Database &db) { return db.scalar(u"PRAGMA wal_autocheckpoint"_s).toLongLong(); };
    {
        Database db;
        QString error;
        QVERIFY2(db.open(profile(), &error), qPrintable(error));
        QCOMPARE(db.scalar(u"PRAGMA page_size"_s).toInt(), 16384);
        QCOMPARE(checkpointMark(db) * 16384, qint64(200) * 1024 * 1024);
    }
    {
        Database db;
        QVERIFY(db.open(profile()));
        QCOMPARE(db.scalar(u"PRAGMA page_size"_s).toInt(), 16384);
    }

    // An older profile: the file as an earlier version made it, then opened, migrated and written.
    QTemporaryDir older;
    QVERIFY(older.isValid());
    const QString olderPath = Database::pathIn(older.path());
    {
        sqlite3 *raw = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(olderPath).constData(), &raw), SQLITE_OK);
        QCOMPARE(sqlite3_exec(raw,
                              "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE kept (a TEXT);"
                              " INSERT INTO kept VALUES ('from before')",
                              nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(raw);
    }
    Database db;
    QString error;
    QVERIFY2(db.open(older.path(), &error), qPrintable(error));
    QCOMPARE(db.scalar(u"PRAGMA page_size"_s).toInt(), 4096);
    QCOMPARE(checkpointMark(db) * 4096, qint64(200) * 1024 * 1024);
    QCOMPARE(db.scalar(u"SELECT a FROM kept"_s).toString(), u"from before"_s);
    QVERIFY(db.write([&](QString *e) { return db.execute(u"INSERT INTO kept VALUES ('after')"_s, e); }));
    QCOMPARE(db.scalar(u"SELECT count(*) FROM kept"_s).toInt(), 2);
    QCOMPARE(db.scalar(u"PRAGMA quick_check"_s).toString(), u"ok"_s);
}

void TestDatabase::thePageCacheIsTheOptionsOne()
{
    // PRAGMA cache_size takes KiB as a negative count (a positive one counts pages).
    Database byDefault;
    QVERIFY(byDefault.open(profile()));
    QCOMPARE(byDefault.scalar(u"PRAGMA cache_size"_s).toInt(), -16384);
    byDefault.close();
    lockbox::store::DatabaseOptions options;
    options.pageCacheKiB = 8192;
    Database smaller;
    QVERIFY(smaller.open(profile(), options));
    QCOMPARE(smaller.scalar(u"PRAGMA cache_size"_s).toInt(), -8192);
}

void TestDatabase::aLongLogIsCheckpointedInTheBackground_data()
{
    QTest::addColumn<bool>("background");
    QTest::newRow("background checkpoint") << true;
    QTest::newRow("none: the log stays until it is very long") << false;
}

void TestDatabase::aLongLogIsCheckpointedInTheBackground()
{
    // A commit that leaves the write-ahead log past 16 MiB has it copied into the file by another
    // thread, while this connection goes on; without the option the file grows only at SQLite's
    // own mark (200 MiB) or when the last connection closes.
    QFETCH(bool, background);
    lockbox::store::DatabaseOptions options;
    options.backgroundCheckpoint = background;
    Database db;
    QString error;
    QVERIFY2(db.open(profile(), options, &error), qPrintable(error));
    QVERIFY(db.execute(u"CREATE TABLE t (v BLOB)"_s));
    const qint64 fileBefore = QFileInfo(dbPath()).size();
    const auto insert = [&](int rows) {
        return db.write([&](QString *e) {
            for (int i = 0; i < rows; ++i) {
                if (!db.execute(u"INSERT INTO t VALUES (randomblob(8000))"_s, e))
                    return false;
            }
            return true;
        });
    };
    QVERIFY(insert(100)); // about 200 pages: no checkpoint
    QTest::qWait(50);
    QCOMPARE(db.backgroundCheckpoints(), 0);
    QVERIFY(insert(2500)); // about 5,000 pages
    if (background) {
        QTRY_VERIFY(db.backgroundCheckpoints() >= 1);
        QTRY_VERIFY(QFileInfo(dbPath()).size() > fileBefore + 19 * 1024 * 1024);
        // The connection goes on writing and reading meanwhile, and the next long log is copied too.
        QVERIFY(insert(2500));
        QCOMPARE(db.scalar(u"SELECT count(*) FROM t"_s).toInt(), 5100);
        QTRY_VERIFY(db.backgroundCheckpoints() >= 2);
    } else {
        QTest::qWait(100);
        QCOMPARE(db.backgroundCheckpoints(), 0);
        QVERIFY(QFileInfo(dbPath()).size() < fileBefore + 1024 * 1024);
    }
    // Closing waits for a checkpoint under way and leaves every row in the file.
    QVERIFY(insert(2500));
    db.close();
    Database again;
    QVERIFY(again.open(profile(), options, &error));
    QCOMPARE(again.scalar(u"SELECT count(*) FROM t"_s).toInt(), background ? 7600 : 5100);
    QCOMPARE(again.scalar(u"PRAGMA quick_check"_s).toString(), u"ok"_s);
}

void TestDatabase::nestedWriteIsASavepoint()
{
    Database db;
    QVERIFY(db.open(profile()));
    QVERIFY(db.execute(u"CREATE TABLE t (v)"_s));
    QVERIFY(db.write([&](QString *e) {
        if (!db.execute(u"INSERT INTO t VALUES (1)"_s, e))
            return false;
        // The inner write fails: only its own work is undone.
        const bool inner = db.write(
            [&](QString *ie) { return db.execute(u"INSERT INTO t VALUES (2)"_s, ie) && db.execute(u"BAD SQL"_s, ie); });
        if (inner)
            return false;
        return db.write([&](QString *ie) { return db.execute(u"INSERT INTO t VALUES (3)"_s, ie); }, e);
    }));
    QCOMPARE(db.scalar(u"SELECT group_concat(v) FROM t ORDER BY v"_s).toString(), u"1,3"_s);
}

void TestDatabase::cacheCommitsDoNotWaitForTheDisk()
{
    using Durability = Database::Durability;
    QVERIFY(SyncingVfs::install());
    Database db;
    QVERIFY(db.open(profile()));
    QVERIFY(db.execute(u"CREATE TABLE t (v)"_s));
    int synchronousSeen = -1;
    const auto insert = [&](int v) {
        return [&db, &synchronousSeen, v](QString *e) {
            synchronousSeen = db.scalar(u"PRAGMA synchronous"_s).toInt();
            return db.execute(u"INSERT INTO t VALUES (%1)"_s.arg(v), e);
        };
    };
    // Each case: the log's syncs it takes, and the connection durable again after it.
    int syncs = SyncingVfs::logSyncs();
    const auto syncsSince = [&syncs] { return SyncingVfs::logSyncs() - std::exchange(syncs, SyncingVfs::logSyncs()); };
    const auto durableAgain = [&db] { return db.scalar(u"PRAGMA synchronous"_s).toInt() == 2 && !db.inTransaction(); };

    QVERIFY(db.write(insert(1)));
    QCOMPARE(synchronousSeen, 2); // FULL
    QCOMPARE(syncsSince(), 1);

    QVERIFY(db.write(insert(2), nullptr, Durability::Cache));
    QCOMPARE(synchronousSeen, 1); // NORMAL
    QCOMPARE(syncsSince(), 0);
    QVERIFY(durableAgain());

    // A durable write inside a cache transaction: its commit waits for the disk after all.
    QVERIFY(db.write([&](QString *e) { return insert(3)(e) && db.write(insert(4), e); }, nullptr, Durability::Cache));
    QCOMPARE(syncsSince(), 1);
    QCOMPARE(db.logSyncs(), 1);
    QVERIFY(durableAgain());
    // A cache write inside one does not, nor a durable write that was undone.
    QVERIFY(db.write([&](QString *e) { return insert(5)(e) && db.write(insert(6), e, Durability::Cache); }, nullptr,
                     Durability::Cache));
    QCOMPARE(syncsSince(), 0);
    QVERIFY(db.write(
        [&](QString *e) {
            return insert(7)(e)
                && !db.write([&](QString *ie) { return insert(8)(ie) && db.execute(u"BAD SQL"_s, ie); });
        },
        nullptr, Durability::Cache));
    QCOMPARE(syncsSince(), 0);
    QCOMPARE(db.logSyncs(), 1);

    // A cache write that fails, and a session over several calls.
    QVERIFY(
        !db.write([&](QString *e) { return insert(9)(e) && db.execute(u"BAD SQL"_s, e); }, nullptr, Durability::Cache));
    QVERIFY(durableAgain());
    QVERIFY(db.begin(nullptr, Durability::Cache));
    QVERIFY(insert(10)(nullptr));
    QCOMPARE(synchronousSeen, 1);
    QVERIFY(db.commit());
    QCOMPARE(syncsSince(), 0);
    QVERIFY(durableAgain());
    QVERIFY(db.begin(nullptr, Durability::Cache));
    QVERIFY(insert(11)(nullptr));
    db.rollback();
    QVERIFY(durableAgain());

    // Durable again: the next plain write waits for the disk.
    QVERIFY(db.write(insert(12)));
    QCOMPARE(synchronousSeen, 2);
    QCOMPARE(syncsSince(), 1);
    QCOMPARE(db.scalar(u"SELECT group_concat(v) FROM (SELECT v FROM t ORDER BY v)"_s).toString(),
             u"1,2,3,4,5,6,7,10,12"_s);

    // Closed inside a cache transaction: opened again, each kind of commit is itself.
    QVERIFY(db.begin(nullptr, Durability::Cache));
    db.close();
    QVERIFY(db.open(profile()));
    QVERIFY(db.write(insert(13), nullptr, Durability::Cache));
    QCOMPARE(synchronousSeen, 1);
    QVERIFY(db.write(insert(14)));
    QCOMPARE(synchronousSeen, 2);
}

void TestDatabase::preparedStatementsAreCached()
{
    Database db;
    QVERIFY(db.open(profile()));
    QSqlQuery *a = db.prepared(u"SELECT seq FROM audit_head"_s);
    QVERIFY(a);
    QCOMPARE(db.prepared(u"SELECT seq FROM audit_head"_s), a);
    QVERIFY(db.prepared(u"SELECT hash FROM audit_head"_s) != a);
    QString error;
    QVERIFY(!db.prepared(u"SELECT nothing FROM nowhere"_s, &error));
    QVERIFY2(error.contains(dbPath()), qPrintable(error));
}

void TestDatabase::writeWaitsForAnotherWriter()
{
    Database db;
    DatabaseOptions options;
    options.busyTimeoutMs = 20; // SQLite alone would give up long before the other writer ends:
    options.beginRetries = 6;   // the retries carry the write through (25+50+…+800 ms of backoff)
    QVERIFY(db.open(profile(), options));
    QVERIFY(db.execute(u"CREATE TABLE t (v)"_s));

    LockHolder holder(dbPath(), 400);
    holder.start();
    QTRY_VERIFY(holder.locked);
    QString error;
    QVERIFY2(db.write([&](QString *e) { return db.execute(u"INSERT INTO t VALUES (1)"_s, e); }, &error),
             qPrintable(error));
    holder.wait();
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM t"_s).toInt(), 2);
}

void TestDatabase::busyPastEveryRetryIsAClearError()
{
    Database db;
    DatabaseOptions options;
    options.busyTimeoutMs = 10;
    options.beginRetries = 1;
    QVERIFY(db.open(profile(), options));
    QVERIFY(db.execute(u"CREATE TABLE t (v)"_s));

    LockHolder holder(dbPath(), 1500);
    holder.start();
    QTRY_VERIFY(holder.locked);
    QString error;
    QVERIFY(!db.write([&](QString *e) { return db.execute(u"INSERT INTO t VALUES (1)"_s, e); }, &error));
    QCOMPARE(db.lastProblem(), Database::Problem::Busy);
    QVERIFY2(error.contains(dbPath()), qPrintable(error));
    QVERIFY2(!error.contains(u"database is locked"_s), qPrintable(error));
    holder.wait();
}

void TestDatabase::concurrentWritersNeverFail()
{
    {
        Database db;
        QVERIFY(db.open(profile()));
        QVERIFY(db.execute(u"CREATE TABLE t (v)"_s));
    }
    // Two connections (as the console and lockboxctl would be) interleave short writes; with
    // busy_timeout and BEGIN IMMEDIATE none fails and none is lost.
    constexpr int kWrites = 150;
    std::atomic<int> failures {0};
    auto writer = [&](int tag) {
        Database db;
        if (!db.open(profile())) {
            ++failures;
            return;
        }
        for (int i = 0; i < kWrites; ++i) {
            if (!db.write(
                    [&](QString *e) { return db.execute(u"INSERT INTO t VALUES (%1)"_s.arg(tag * 100000 + i), e); }))
                ++failures;
        }
    };
    std::unique_ptr<QThread> a(QThread::create(writer, 1));
    std::unique_ptr<QThread> b(QThread::create(writer, 2));
    a->start();
    b->start();
    a->wait();
    b->wait();
    QCOMPARE(failures.load(), 0);
    Database db;
    QVERIFY(db.open(profile()));
    QCOMPARE(db.scalar(u"SELECT COUNT(*) FROM t"_s).toInt(), 2 * kWrites);
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
