// AuditLog: the hash chain, verify() against every kind of tampering an attacker with the SQLite
// file can do (R7), Activity Log import without duplicates, append-only triggers, the order of
// event time and keyset paging by (time, sequence).

#include "storetesthelpers.h"

#include "store/auditlog.h"
#include "store/database.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;
using lockbox::AuditRecord;
using lockbox::store::AuditCursor;
using lockbox::store::AuditLog;
using lockbox::store::AuditQuery;
using lockbox::store::AuditVerification;
using lockbox::store::Database;
using lockbox::test::ManualClock;
using lockbox::test::RawConnection;

namespace {

AuditRecord local(int n)
{
    AuditRecord r;
    r.actor = u"alice@contoso.com"_s;
    r.action = n % 3 == 0 ? u"decision.queued"_s : u"decision.sending"_s;
    r.requestId = u"req-%1"_s.arg(n % 50);
    r.subscriptionId = u"sub-%1"_s.arg(n % 4);
    r.reason = u"reason %1"_s.arg(n);
    r.outcome = u"queued: Approve"_s;
    return r;
}

AuditRecord azure(int n)
{
    AuditRecord r = local(n);
    r.source = AuditRecord::Source::Azure;
    r.actor = u"bob@contoso.com"_s;
    r.action = u"Microsoft.CustomerLockbox/requests/UpdateApproval/action"_s;
    r.externalId = u"event-%1"_s.arg(n);
    return r;
}

// Records appended in an order other than their times' (an import brings older events after
// newer decisions), several of them sharing a time: record i at `minutes[i]` past 09:00, every
// third one from Azure.
QList<AuditRecord> outOfTimeOrder(const QList<int> &minutes)
{
    const QDateTime base = QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
    QList<AuditRecord> out;
    for (qsizetype i = 0; i < minutes.size(); ++i) {
        AuditRecord r = i % 3 == 0 ? azure(int(i)) : local(int(i));
        r.time = base.addSecs(minutes.at(i) * 60);
        out.append(r);
    }
    return out;
}

// The sequences of `records`, for comparing orders.
QList<qint64> sequencesOf(const QList<AuditRecord> &records)
{
    QList<qint64> out;
    for (const AuditRecord &r : records)
        out.append(r.sequence);
    return out;
}

// Sorted by time, then sequence, oldest first: what the log should give.
QList<qint64> byTime(QList<AuditRecord> records, bool newestFirst)
{
    std::sort(records.begin(), records.end(), [newestFirst](const AuditRecord &a, const AuditRecord &b) {
        const auto key = [](const AuditRecord &r) { return std::pair(r.time.toMSecsSinceEpoch(), r.sequence); };
        return newestFirst ? key(b) < key(a) : key(a) < key(b);
    });
    return sequencesOf(records);
}

const QStringList kColumns = {u"seq"_s,        u"time_ms"_s,         u"actor"_s,     u"action"_s,
                              u"request_id"_s, u"subscription_id"_s, u"reason"_s,    u"outcome"_s,
                              u"source"_s,     u"external_id"_s,     u"prev_hash"_s, u"hash"_s};

// The attacker: a plain connection to the file that removes the protective triggers first.
class Attacker final
{
public:
    explicit Attacker(const QString &path)
        : m_raw(path)
    {
        QVERIFY(m_raw.exec(u"PRAGMA synchronous = OFF"_s)); // only speeds the test up
        for (const QString &trigger : {u"audit_no_update"_s, u"audit_no_delete"_s, u"audit_head_forward"_s})
            QVERIFY2(m_raw.exec(u"DROP TRIGGER "_s + trigger), qPrintable(m_raw.lastError()));
    }
    RawConnection &raw() { return m_raw; }

    QVariantList row(qint64 seq)
    {
        QSqlQuery q(m_raw.db());
        q.prepare(u"SELECT "_s + kColumns.join(u", "_s) + u" FROM audit WHERE seq = ?"_s);
        q.bindValue(0, seq);
        q.exec();
        QVariantList out;
        if (q.next()) {
            for (int i = 0; i < kColumns.size(); ++i)
                out.append(q.value(i));
        }
        return out;
    }
    static AuditRecord toRecord(const QVariantList &row)
    {
        AuditRecord r;
        r.sequence = row[0].toLongLong();
        r.time = row[1].isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(row[1].toLongLong(), Qt::UTC);
        r.actor = row[2].toString();
        r.action = row[3].toString();
        r.requestId = row[4].toString();
        r.subscriptionId = row[5].toString();
        r.reason = row[6].toString();
        r.outcome = row[7].toString();
        r.source = row[8].toString() == u"azure"_s ? AuditRecord::Source::Azure : AuditRecord::Source::Local;
        r.externalId = row[9].toString();
        r.previousHash = row[10].toString().toLatin1();
        r.hash = row[11].toString().toLatin1();
        return r;
    }
    bool set(qint64 seq, const QString &column, const QVariant &value)
    {
        return m_raw.exec(u"UPDATE audit SET %1 = ? WHERE seq = ?"_s.arg(column), {value, seq});
    }
    // Makes room at `at` by moving every later record one place up.
    bool shiftFrom(qint64 at)
    {
        return m_raw.exec(u"UPDATE audit SET seq = -seq WHERE seq >= ?"_s, {at})
            && m_raw.exec(u"UPDATE audit SET seq = -seq + 1 WHERE seq < 0"_s);
    }
    bool insert(const AuditRecord &r)
    {
        return m_raw.exec(
            u"INSERT INTO audit ("_s + kColumns.join(u", "_s) + u") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
            {qlonglong(r.sequence), qlonglong(r.time.toMSecsSinceEpoch()), r.actor, r.action, r.requestId,
             r.subscriptionId, r.reason, r.outcome, AuditRecord::sourceName(r.source),
             r.externalId.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(r.externalId),
             r.previousHash.isEmpty() ? u""_s : QString::fromLatin1(r.previousHash), QString::fromLatin1(r.hash)});
    }

private:
    RawConnection m_raw;
};

} // namespace

class TestAuditLog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void appendBuildsTheChain();
    void canonicalFormIsFrozen();
    void hostileTextStaysVerifiable();
    void appendInTransactionNeedsOne();
    void verifyOkOnAThousandRecords();
    void triggersBlockUpdateAndDelete();
    void tamperingIsDetected_data();
    void tamperingIsDetected();
    void randomMutationsAreAllDetected();
    void importSkipsKnownEvents();
    void importIsAllOrNothing();
    void filtersAndCount();
    void keysetPagingOverManyRecords();
    void recordsAreOrderedByEventTime();
    void pagingAcrossEqualTimesLosesAndRepeatsNothing();
    void filteredPagesAreIndexRanges();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AuditLog> m_log;

    // Appends `count` records (every 5th from Azure) in one transaction, a minute apart.
    void fill(int count)
    {
        QVERIFY(m_db->write([&](QString *e) {
            for (int i = 1; i <= count; ++i) {
                m_clock->advanceSecs(60);
                if (!m_log->appendInTransaction(i % 5 == 0 ? azure(i) : local(i), e))
                    return false;
            }
            return true;
        }));
    }
};

void TestAuditLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->path()));
    m_log = std::make_unique<AuditLog>(*m_db, *m_clock);
}

void TestAuditLog::cleanup()
{
    m_log.reset();
    m_db.reset();
    m_dir.reset();
}

void TestAuditLog::appendBuildsTheChain()
{
    QList<AuditRecord> stored;
    for (int i = 0; i < 3; ++i) {
        m_clock->advanceSecs(1);
        const auto r = m_log->append(local(i));
        QVERIFY(r);
        stored.append(*r);
    }
    QCOMPARE(stored[0].sequence, 1);
    QCOMPARE(stored[2].sequence, 3);
    QCOMPARE(stored[0].previousHash, QByteArray());
    QCOMPARE(stored[1].previousHash, stored[0].hash);
    QCOMPARE(stored[2].previousHash, stored[1].hash);
    QCOMPARE(stored[1].time, m_clock->now().addSecs(-1)); // an invalid time is filled with now
    QCOMPARE(stored[0].hash.size(), 64);
    for (const AuditRecord &r : stored)
        QCOMPARE(AuditLog::computeHash(r), r.hash);

    const QList<AuditRecord> read = m_log->records(AuditQuery());
    QCOMPARE(read.size(), 3);
    QCOMPARE(read[1].hash, stored[1].hash);
    QCOMPARE(read[1].reason, stored[1].reason);
    QCOMPARE(read[1].time, stored[1].time);
    QCOMPARE(m_log->lastSequence(), 3);

    const AuditVerification v = m_log->verify();
    QVERIFY2(v.ok, qPrintable(v.message));
    QCOMPARE(v.recordsChecked, 3);
    QCOMPARE(v.firstBadSequence, 0);
}

void TestAuditLog::canonicalFormIsFrozen()
{
    // Changing this encoding would break every existing chain: this test is its specification.
    AuditRecord r;
    r.sequence = 7;
    r.time = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
    r.actor = u"alice"_s;
    r.action = u"decision.queued"_s;
    r.requestId = u"req"_s;
    r.subscriptionId = u"sub"_s;
    r.reason = u"say \"why\"\\\n\u0001é"_s;
    r.outcome = u"queued: Deny"_s;
    r.source = AuditRecord::Source::Azure;
    r.externalId = u"ev-1"_s;
    r.previousHash = "abc123";
    const QByteArray expected = "[\"lockbox-audit/1\",\"7\",\"1700000000123\",\"alice\",\"decision.queued\",\"req\","
                                "\"sub\",\"say \\\"why\\\"\\\\\\u000a\\u0001\xc3\xa9\",\"queued: Deny\",\"azure\","
                                "\"ev-1\"]";
    QCOMPARE(AuditLog::canonicalForm(r), expected);
    QCOMPARE(AuditLog::computeHash(r),
             QCryptographicHash::hash("abc123" + expected, QCryptographicHash::Sha256).toHex());
    // No two different records encode alike, whatever the text contains.
    AuditRecord a = r;
    AuditRecord b = r;
    a.actor = u"x\",\"y"_s;
    a.action = u"z"_s;
    b.actor = u"x"_s;
    b.action = u"y\",\"z"_s;
    QVERIFY(AuditLog::canonicalForm(a) != AuditLog::canonicalForm(b));
}

void TestAuditLog::hostileTextStaysVerifiable()
{
    AuditRecord r = local(1);
    r.reason = u"nul "_s + QChar(u'\0') + u" lone "_s + QChar(0xD800) + u" surrogate, '); DROP TABLE audit; --"_s;
    r.outcome = QString(200000, u'x');
    const auto stored = m_log->append(r);
    QVERIFY(stored);
    QVERIFY(stored->reason.contains(QChar(u'\0')));
    QCOMPARE(m_log->records(AuditQuery()).first().reason, stored->reason);
    const AuditVerification v = m_log->verify();
    QVERIFY2(v.ok, qPrintable(v.message));
}

void TestAuditLog::appendInTransactionNeedsOne()
{
    QString error;
    QVERIFY(!m_log->appendInTransaction(local(1), &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(m_log->lastSequence(), 0);
}

void TestAuditLog::verifyOkOnAThousandRecords()
{
    fill(1000);
    const AuditVerification v = m_log->verify();
    QVERIFY2(v.ok, qPrintable(v.message));
    QCOMPARE(v.recordsChecked, 1000);
    QCOMPARE(m_log->count(AuditQuery()), 1000);
}

void TestAuditLog::triggersBlockUpdateAndDelete()
{
    fill(5);
    RawConnection raw(m_db->filePath());
    QVERIFY(!raw.exec(u"UPDATE audit SET reason = 'edited' WHERE seq = 2"_s));
    QVERIFY2(raw.lastError().contains(u"append-only"_s), qPrintable(raw.lastError()));
    QVERIFY(!raw.exec(u"DELETE FROM audit WHERE seq = 5"_s));
    QVERIFY(!raw.exec(u"DELETE FROM audit"_s));
    QVERIFY(!raw.exec(u"UPDATE audit_head SET seq = 3"_s));
    QVERIFY(!raw.exec(u"UPDATE audit_head SET seq = 6, hash = 'x'"_s)); // must name the record appended
    QVERIFY(!raw.exec(u"DELETE FROM audit_head"_s));
    QVERIFY(!m_db->execute(u"UPDATE audit SET actor = 'x'"_s)); // our own connection too
    QCOMPARE(m_log->count(AuditQuery()), 5);
    QVERIFY(m_log->verify().ok);
}

void TestAuditLog::tamperingIsDetected_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<qint64>("expectedFirstBad");
    for (const QString &column : {u"time_ms"_s, u"actor"_s, u"action"_s, u"request_id"_s, u"subscription_id"_s,
                                  u"reason"_s, u"outcome"_s, u"source"_s, u"external_id"_s})
        QTest::addRow("edit %s", qPrintable(column)) << (u"edit:"_s + column) << qint64(7);
    QTest::newRow("edit hash") << u"edit:hash"_s << qint64(7);
    QTest::newRow("edit prev_hash") << u"edit:prev_hash"_s << qint64(7);
    QTest::newRow("edit and rehash one record") << u"rehash"_s << qint64(8);
    QTest::newRow("delete a middle record") << u"delete:7"_s << qint64(7);
    QTest::newRow("delete the first record") << u"delete:1"_s << qint64(1);
    QTest::newRow("delete the last record") << u"delete:20"_s << qint64(20);
    QTest::newRow("reorder two records") << u"reorder"_s << qint64(7);
    QTest::newRow("renumber a record") << u"renumber"_s << qint64(7);
    QTest::newRow("insert a forged record") << u"insert:7"_s << qint64(8);
    QTest::newRow("insert a forged record at the end") << u"insert:21"_s << qint64(21);
}

void TestAuditLog::tamperingIsDetected()
{
    QFETCH(QString, kind);
    QFETCH(qint64, expectedFirstBad);
    fill(20);
    QVERIFY(m_log->verify().ok);
    {
        Attacker attacker(m_db->filePath());
        if (kind.startsWith(u"edit:"_s)) {
            const QString column = kind.mid(5);
            const QVariantList before = attacker.row(7);
            QVariant value;
            if (column == u"time_ms"_s)
                value = before[1].toLongLong() + 1;
            else if (column == u"source"_s)
                value = before[8].toString() == u"local"_s ? u"azure"_s : u"local"_s;
            else if (column == u"external_id"_s)
                value = u"forged-event"_s;
            else if (column == u"hash"_s || column == u"prev_hash"_s)
                value = u"0"_s + before[kColumns.indexOf(column)].toString().mid(1);
            else
                value = before[kColumns.indexOf(column)].toString() + u" (edited)"_s;
            if (value == before[kColumns.indexOf(column)])
                value = u"1"_s + value.toString().mid(1);
            QVERIFY2(attacker.set(7, column, value), qPrintable(attacker.raw().lastError()));
        } else if (kind == u"rehash"_s) {
            // The attacker edits record 7 and recomputes its hash: record 8 no longer follows it.
            AuditRecord r = Attacker::toRecord(attacker.row(7));
            r.reason = u"a different reason"_s;
            r.hash = AuditLog::computeHash(r);
            QVERIFY(attacker.set(7, u"reason"_s, r.reason));
            QVERIFY(attacker.set(7, u"hash"_s, QString::fromLatin1(r.hash)));
        } else if (kind.startsWith(u"delete:"_s)) {
            QVERIFY(attacker.raw().exec(u"DELETE FROM audit WHERE seq = ?"_s, {kind.mid(7).toLongLong()}));
        } else if (kind == u"reorder"_s) {
            const QVariantList a = attacker.row(7);
            const QVariantList b = attacker.row(12);
            QVERIFY(attacker.raw().exec(u"DELETE FROM audit WHERE seq IN (7, 12)"_s));
            AuditRecord ra = Attacker::toRecord(b);
            ra.sequence = 7;
            AuditRecord rb = Attacker::toRecord(a);
            rb.sequence = 12;
            QVERIFY(attacker.insert(ra));
            QVERIFY(attacker.insert(rb));
        } else if (kind == u"renumber"_s) {
            QVERIFY(attacker.set(7, u"seq"_s, 1000));
        } else if (kind.startsWith(u"insert:"_s)) {
            const qint64 at = kind.mid(7).toLongLong();
            AuditRecord forged = local(999);
            forged.sequence = at;
            forged.time = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
            forged.previousHash = Attacker::toRecord(attacker.row(at - 1)).hash;
            forged.hash = AuditLog::computeHash(forged); // a perfect forgery of its own link
            QVERIFY(attacker.shiftFrom(at));
            QVERIFY2(attacker.insert(forged), qPrintable(attacker.raw().lastError()));
        } else {
            QFAIL("unknown kind");
        }
    }
    const AuditVerification v = m_log->verify();
    QVERIFY(!v.ok);
    QCOMPARE(v.firstBadSequence, expectedFirstBad);
    QVERIFY2(v.message.contains(QString::number(expectedFirstBad)), qPrintable(v.message));
}

void TestAuditLog::randomMutationsAreAllDetected()
{
    // QUALITY R7: 1,000 random edits, deletions, reorders and insertions, each on a fresh copy of
    // the chain; every one is detected and verify() names the first record that fails.
    constexpr int kRecords = 60;
    constexpr int kMutations = 1000;
    fill(kRecords);
    QVERIFY(m_log->verify().ok);

    Attacker attacker(m_db->filePath());
    RawConnection &raw = attacker.raw();
    QVERIFY(raw.exec(u"CREATE TEMP TABLE pristine AS SELECT * FROM main.audit"_s));
    const QVariantList head = {raw.scalar(u"SELECT seq FROM audit_head"_s),
                               raw.scalar(u"SELECT hash FROM audit_head"_s)};
    const QStringList editable = {u"time_ms"_s,         u"actor"_s,     u"action"_s,  u"request_id"_s,
                                  u"subscription_id"_s, u"reason"_s,    u"outcome"_s, u"source"_s,
                                  u"external_id"_s,     u"prev_hash"_s, u"hash"_s,    u"seq"_s};
    QRandomGenerator random(20250301);
    QElapsedTimer timer;
    timer.start();
    int detected = 0;
    QMap<QString, int> kinds;

    for (int i = 0; i < kMutations; ++i) {
        QVERIFY(raw.exec(u"BEGIN"_s));
        qint64 expected = 0;
        QString kind;
        switch (random.bounded(4)) {
        case 0: { // edit one field of one record (sometimes re-hashing it, as a smarter attacker)
            const qint64 k = 1 + random.bounded(kRecords);
            const QString column = editable.at(random.bounded(int(editable.size())));
            const QVariantList row = attacker.row(k);
            const int c = int(kColumns.indexOf(column));
            QVariant value;
            if (column == u"seq"_s)
                value = qlonglong(kRecords + 100 + k);
            else if (column == u"time_ms"_s)
                value = row[c].toLongLong() + 1 + random.bounded(100000);
            else if (column == u"source"_s)
                value = row[c].toString() == u"local"_s ? u"azure"_s : u"local"_s;
            else if (column == u"external_id"_s)
                value = u"forged-%1"_s.arg(i);
            else if (column == u"hash"_s || column == u"prev_hash"_s) {
                QString h = row[c].toString();
                if (h.isEmpty())
                    h = u"0"_s;
                else
                    h[random.bounded(int(h.size()))] = h.at(0) == u'f' ? u'e' : u'f';
                value = h;
                if (value == row[c])
                    value = h + u"0"_s;
            } else
                value = row[c].toString() + QChar(u'a' + random.bounded(26));
            QVERIFY2(attacker.set(k, column, value), qPrintable(raw.lastError()));
            const bool rehash =
                column != u"seq"_s && column != u"hash"_s && column != u"prev_hash"_s && random.bounded(3) == 0;
            if (rehash) {
                const AuditRecord r = Attacker::toRecord(attacker.row(k));
                QVERIFY(attacker.set(k, u"hash"_s, QString::fromLatin1(AuditLog::computeHash(r))));
                expected = k < kRecords ? k + 1 : k; // the next link breaks; for the last, the head
                kind = u"edit+rehash"_s;
            } else {
                expected = k;
                kind = u"edit"_s;
            }
            break;
        }
        case 1: { // delete one record
            const qint64 k = 1 + random.bounded(kRecords);
            QVERIFY(raw.exec(u"DELETE FROM audit WHERE seq = ?"_s, {k}));
            expected = k;
            kind = u"delete"_s;
            break;
        }
        case 2: { // reorder: two records trade places
            const qint64 a = 1 + random.bounded(kRecords - 1);
            const qint64 b = a + 1 + random.bounded(int(kRecords - a));
            const QVariantList ra = attacker.row(a);
            const QVariantList rb = attacker.row(b);
            QVERIFY(raw.exec(u"DELETE FROM audit WHERE seq IN (?, ?)"_s, {a, b}));
            AuditRecord na = Attacker::toRecord(rb);
            na.sequence = a;
            AuditRecord nb = Attacker::toRecord(ra);
            nb.sequence = b;
            QVERIFY(attacker.insert(na));
            QVERIFY(attacker.insert(nb));
            expected = a;
            kind = u"reorder"_s;
            break;
        }
        case 3: { // insert a record, forged well or badly
            const qint64 at = 1 + random.bounded(kRecords + 1);
            AuditRecord forged = local(5000 + i);
            forged.sequence = at;
            forged.time = QDateTime::fromMSecsSinceEpoch(1700000000000 + i, Qt::UTC);
            forged.previousHash = at > 1 ? Attacker::toRecord(attacker.row(at - 1)).hash : QByteArray();
            const bool wellForged = random.bounded(2) == 0;
            forged.hash = wellForged ? AuditLog::computeHash(forged) : QByteArray(64, 'a');
            QVERIFY(attacker.shiftFrom(at));
            QVERIFY2(attacker.insert(forged), qPrintable(raw.lastError()));
            expected = wellForged ? (at <= kRecords ? at + 1 : at) : at;
            kind = wellForged ? u"insert (forged link)"_s : u"insert"_s;
            break;
        }
        }
        QVERIFY(raw.exec(u"COMMIT"_s));
        ++kinds[kind];

        const AuditVerification v = m_log->verify();
        if (v.ok || v.firstBadSequence != expected)
            QFAIL(qPrintable(u"mutation %1 (%2): expected record %3, verify said ok=%4 first=%5: %6"_s.arg(i)
                                 .arg(kind)
                                 .arg(expected)
                                 .arg(v.ok)
                                 .arg(v.firstBadSequence)
                                 .arg(v.message)));
        ++detected;

        QVERIFY(raw.exec(u"BEGIN"_s));
        QVERIFY(raw.exec(u"DELETE FROM main.audit"_s));
        QVERIFY(raw.exec(u"INSERT INTO main.audit SELECT * FROM temp.pristine"_s));
        QVERIFY(raw.exec(u"UPDATE audit_head SET seq = ?, hash = ?"_s, head));
        QVERIFY(raw.exec(u"COMMIT"_s));
    }
    QCOMPARE(detected, kMutations);
    QVERIFY(m_log->verify().ok);
    qInfo() << kMutations << "mutations detected in" << timer.elapsed() << "ms:" << kinds;
}

void TestAuditLog::importSkipsKnownEvents()
{
    m_log->append(local(1));
    const auto first = m_log->importAzure({azure(1), azure(2), azure(3)});
    QCOMPARE(first.value_or(-1), 3);
    m_log->append(local(2));
    // Overlapping windows of the Activity Log, and a duplicate inside one batch.
    const auto second = m_log->importAzure({azure(2), azure(3), azure(4), azure(4)});
    QCOMPARE(second.value_or(-1), 1);
    QCOMPARE(m_log->importAzure({azure(1)}).value_or(-1), 0);

    AuditQuery q;
    q.source = AuditRecord::Source::Azure;
    QCOMPARE(m_log->count(q), 4);
    const QList<AuditRecord> records = m_log->records(q);
    QCOMPARE(records.first().externalId, u"event-1"_s);
    QCOMPARE(records.first().source, AuditRecord::Source::Azure);
    q.source = AuditRecord::Source::Local;
    QCOMPARE(m_log->count(q), 2);
    QVERIFY(m_log->records(q).first().externalId.isEmpty());
    QVERIFY(m_log->verify().ok);
}

void TestAuditLog::importIsAllOrNothing()
{
    AuditRecord noId = azure(3);
    noId.externalId.clear();
    QString error;
    QVERIFY(!m_log->importAzure({azure(1), azure(2), noId}, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(m_log->count(AuditQuery()), 0);
    QCOMPARE(m_log->lastSequence(), 0);
}

void TestAuditLog::filtersAndCount()
{
    fill(100); // record i at base + i minutes; every 5th from Azure
    const QDateTime base = m_clock->now().addSecs(-100 * 60);
    AuditQuery q;
    q.since = base.addSecs(11 * 60);
    q.until = base.addSecs(20 * 60);
    QCOMPARE(m_log->count(q), 10);
    QCOMPARE(m_log->records(q).first().sequence, 11);

    q = AuditQuery();
    q.action = u"decision.queued"_s;
    for (const AuditRecord &r : m_log->records(q))
        QCOMPARE(r.action, u"decision.queued"_s);
    QVERIFY(m_log->count(q) > 0);

    q = AuditQuery();
    q.subscriptionId = u"sub-1"_s;
    q.source = AuditRecord::Source::Local;
    for (const AuditRecord &r : m_log->records(q)) {
        QCOMPARE(r.subscriptionId, u"sub-1"_s);
        QCOMPARE(r.source, AuditRecord::Source::Local);
    }

    q = AuditQuery();
    q.text = u"REASON 42"_s;
    QCOMPARE(m_log->count(q), 1);
    q.text = u"%"_s;
    QCOMPARE(m_log->count(q), 0);
    q.text = u"' OR 1=1 --"_s;
    QCOMPARE(m_log->count(q), 0);
    // Words that name an action find its records ("queued" in "Decision queued").
    q.text = u"no field says this"_s;
    q.textActions = {u"decision.queued"_s};
    QVERIFY(m_log->count(q) > 0);
    for (const AuditRecord &r : m_log->records(q))
        QCOMPARE(r.action, u"decision.queued"_s);

    q = AuditQuery();
    q.requestId = u"req-7"_s;
    QCOMPARE(m_log->count(q), 2); // records 7 and 57
}

void TestAuditLog::keysetPagingOverManyRecords()
{
    constexpr int kRecords = 100000;
    QElapsedTimer timer;
    timer.start();
    fill(kRecords);
    qInfo() << kRecords << "records appended in" << timer.elapsed() << "ms";

    // Walk forward in pages: every record once, in order (the records' times rise with them).
    AuditQuery q;
    q.limit = 5000;
    qint64 seen = 0;
    qint64 last = 0;
    for (;;) {
        const QList<AuditRecord> page = m_log->records(q);
        if (page.isEmpty())
            break;
        QCOMPARE(page.first().sequence, last + 1);
        seen += page.size();
        last = page.last().sequence;
        q.after = AuditCursor::of(page.last());
    }
    QCOMPARE(seen, kRecords);

    // Newest first, deep in the log: a page costs an index range, whatever its depth.
    AuditQuery one;
    one.requestId = u"req-0"_s; // records 50, 100, …, 1000, …
    one.since = m_clock->now().addSecs(-qint64(kRecords - 1000) * 60);
    one.until = one.since;
    const QList<AuditRecord> thousandth = m_log->records(one);
    QCOMPARE(thousandth.size(), 1);
    QCOMPARE(thousandth.first().sequence, 1000);
    q = AuditQuery();
    q.order = AuditQuery::Order::NewestFirst;
    q.limit = 100;
    q.after = AuditCursor::of(thousandth.first());
    timer.restart();
    const QList<AuditRecord> deep = m_log->records(q);
    const qint64 deepMs = timer.elapsed();
    QCOMPARE(deep.size(), 100);
    QCOMPARE(deep.first().sequence, 999);
    QCOMPARE(deep.last().sequence, 900);
    qInfo() << "a page of 100 at depth 99,000 took" << deepMs << "ms";

    QSqlQuery plan(m_db->connection());
    QVERIFY(plan.exec(u"EXPLAIN QUERY PLAN SELECT * FROM audit WHERE (time_ms, seq) < (1000, 1000)"
                      " ORDER BY time_ms DESC, seq DESC LIMIT 100"_s));
    QStringList details;
    while (plan.next())
        details.append(plan.value(3).toString());
    QVERIFY2(details.join(u' ').contains(u"USING INDEX audit_by_time_seq (time_ms<?)"_s),
             qPrintable(details.join(u"; "_s)));
    QVERIFY2(!details.join(u' ').contains(u"TEMP B-TREE"_s), qPrintable(details.join(u"; "_s)));

    timer.restart();
    const AuditVerification v = m_log->verify();
    QVERIFY2(v.ok, qPrintable(v.message));
    QCOMPARE(v.recordsChecked, kRecords);
    qInfo() << "verify of" << kRecords << "records took" << timer.elapsed() << "ms";
}

void TestAuditLog::recordsAreOrderedByEventTime()
{
    // Appended: a decision at 10:00, an imported create at 09:00, two records at 09:30, …
    const QList<int> minutes = {60, 0, 30, 90, 30, 15, 60, 0};
    for (const AuditRecord &r : outOfTimeOrder(minutes)) {
        const bool appended = r.source == AuditRecord::Source::Azure ? m_log->importAzure({r}).value_or(0) == 1
                                                                     : m_log->append(r).has_value();
        QVERIFY(appended);
    }
    AuditQuery q;
    q.order = AuditQuery::Order::Appended;
    const QList<AuditRecord> stored = m_log->records(q);
    QCOMPARE(sequencesOf(stored), (QList<qint64> {1, 2, 3, 4, 5, 6, 7, 8}));

    q = AuditQuery(); // oldest first
    QCOMPARE(sequencesOf(m_log->records(q)), (QList<qint64> {2, 8, 6, 3, 5, 1, 7, 4}));
    QCOMPARE(sequencesOf(m_log->records(q)), byTime(stored, false));
    q.order = AuditQuery::Order::NewestFirst;
    QCOMPARE(sequencesOf(m_log->records(q)), (QList<qint64> {4, 7, 1, 5, 3, 6, 8, 2}));

    // Filters still apply, in the same order.
    q.source = AuditRecord::Source::Azure; // records 1, 4, 7 (the 0th, 3rd and 6th appended)
    QCOMPARE(sequencesOf(m_log->records(q)), (QList<qint64> {4, 7, 1}));
    QCOMPARE(m_log->count(q), 3);
    q = AuditQuery();
    q.order = AuditQuery::Order::NewestFirst;
    q.since = stored.at(2).time; // 09:30 and later
    q.until = stored.at(0).time; // up to 10:00
    QCOMPARE(sequencesOf(m_log->records(q)), (QList<qint64> {7, 1, 5, 3}));
    q.appendedAfter = 4;
    QCOMPARE(sequencesOf(m_log->records(q)), (QList<qint64> {7, 5}));
    QCOMPARE(m_log->count(q), 2);

    // What is hashed and verified stays in the order of the chain.
    QVERIFY(m_log->verify().ok);
}

void TestAuditLog::pagingAcrossEqualTimesLosesAndRepeatsNothing()
{
    // 500 records over 7 distinct times, appended in no order of time: pages of 9 end inside
    // groups of equal times again and again.
    QList<int> minutes;
    for (int i = 0; i < 500; ++i)
        minutes.append(int((i * 37) % 7) * 10);
    QVERIFY(m_db->write([&](QString *e) {
        for (const AuditRecord &r : outOfTimeOrder(minutes)) {
            AuditRecord record = r;
            record.source = AuditRecord::Source::Local; // the test is about order, not import
            if (!m_log->appendInTransaction(record, e))
                return false;
        }
        return true;
    }));
    AuditQuery all;
    all.order = AuditQuery::Order::Appended;
    const QList<AuditRecord> stored = m_log->records(all);
    QCOMPARE(stored.size(), 500);

    for (const bool newestFirst : {false, true}) {
        for (const QString &action : {QString(), u"decision.sending"_s}) {
            AuditQuery q;
            q.order = newestFirst ? AuditQuery::Order::NewestFirst : AuditQuery::Order::OldestFirst;
            q.action = action;
            q.limit = 9;
            QList<AuditRecord> walked;
            for (int pages = 0;; ++pages) {
                QVERIFY(pages <= 60);
                const QList<AuditRecord> page = m_log->records(q);
                walked.append(page);
                if (page.size() < q.limit)
                    break;
                q.after = AuditCursor::of(page.constLast());
            }
            QList<AuditRecord> expected;
            for (const AuditRecord &r : stored) {
                if (action.isEmpty() || r.action == action)
                    expected.append(r);
            }
            QCOMPARE(sequencesOf(walked), byTime(expected, newestFirst));
            QCOMPARE(walked.size(), expected.size());
        }
    }
}

void TestAuditLog::filteredPagesAreIndexRanges()
{
    // A page of one action, subscription or request, newest first after a cursor: a range of one
    // index, never a sort of every matching record.
    for (const QString &column : {u"action"_s, u"subscription_id"_s, u"request_id"_s}) {
        QSqlQuery plan(m_db->connection());
        QVERIFY(plan.exec(u"EXPLAIN QUERY PLAN SELECT * FROM audit WHERE %1 = 'x' AND (time_ms, seq) < (5, 5)"
                          " ORDER BY time_ms DESC, seq DESC LIMIT 200"_s.arg(column)));
        QStringList details;
        while (plan.next())
            details.append(plan.value(3).toString());
        const QString text = details.join(u"; "_s);
        QVERIFY2(text.contains(u"(%1=? AND time_ms<?)"_s.arg(column)), qPrintable(text));
        QVERIFY2(!text.contains(u"TEMP B-TREE"_s), qPrintable(text));
    }
}

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
