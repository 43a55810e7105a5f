// AuditStatistics: requests per week by outcome and the time from request to decision, computed
// from the requests cache and the audit trail at known times, for the whole cache or for what the
// audit history's filter selects (its period, subscription, request, action, source and text);
// distinct actions and subscriptions.

#include "storetesthelpers.h"

#include "store/auditlog.h"
#include "store/auditstatistics.h"
#include "store/database.h"
#include "store/requeststore.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::AuditRecord;
using lockbox::RequestStatus;
using lockbox::store::AuditLog;
using lockbox::store::AuditQuery;
using lockbox::store::AuditStatistics;
using lockbox::store::Database;
using lockbox::store::RequestStore;
using lockbox::test::ManualClock;
using lockbox::test::RawConnection;

namespace {

QDateTime utc(int month, int day, int hour, int minute = 0, int second = 0, int ms = 0)
{
    return QDateTime(QDate(2025, month, day), QTime(hour, minute, second, ms), Qt::UTC);
}

} // namespace

class TestAuditStatistics final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void weekStartIsMonday();
    void latencyBuckets_data();
    void latencyBuckets();
    void emptyDatabase();
    void knownRequestsAndDecisions();
    void oddCountMedian();
    void rejectsImpossibleArguments();
    void filterSelectsTheRequests();
    void periodSetsTheWeeks();
    void allTimeStartsAtTheFirstRequest();
    void distinctActionsAndSubscriptions();

private:
    // A request of "sub-a" (or `subscription`) with its own id, creation time and status.
    AccessRequest request(const QString &id, const QDateTime &created, RequestStatus status,
                          const QString &subscription = u"sub-a"_s)
    {
        AccessRequest r = lockbox::test::makeRequest(subscription, int(m_requests.size()));
        r.requestId = id;
        r.armId = u"/subscriptions/%1/providers/Microsoft.CustomerLockbox/requests/"_s.arg(subscription) + id;
        r.createdDateTime = created;
        r.expirationDateTime = created.addDays(4);
        r.status = status;
        m_requests.append(r);
        return r;
    }
    void addLocal(const QString &requestId, const QString &action, const QDateTime &time)
    {
        AuditRecord r;
        r.time = time;
        r.actor = u"alice@contoso.com"_s;
        r.action = action;
        r.requestId = requestId;
        r.subscriptionId = u"sub-a"_s;
        r.outcome = action.mid(9);
        QVERIFY(m_log->append(r));
    }
    void addAzure(const QString &requestId, const QString &action, const QDateTime &time)
    {
        AuditRecord r;
        r.time = time;
        r.actor = u"bob@contoso.com"_s;
        r.action = action;
        r.requestId = requestId;
        r.subscriptionId = u"sub-a"_s;
        r.outcome = u"Succeeded"_s;
        r.source = AuditRecord::Source::Azure;
        r.externalId = u"event-%1"_s.arg(++m_events);
        QVERIFY(m_log->importAzure({r}).value_or(0) == 1);
    }
    void storeRequests()
    {
        RequestStore store(*m_db, *m_clock);
        QHash<QString, QList<AccessRequest>> bySubscription;
        for (const AccessRequest &r : std::as_const(m_requests))
            bySubscription[r.subscriptionId].append(r);
        for (auto it = bySubscription.cbegin(); it != bySubscription.cend(); ++it) {
            QString error;
            QVERIFY2(store.mergeFull(it.key(), it.value(), &error), qPrintable(error));
        }
    }
    std::optional<AuditStatistics::Statistics> computeFiltered(const AuditQuery &filter, int minimumWeeks = 4)
    {
        Database reader;
        QString error;
        if (!reader.openReadOnly(m_dir->path(), &error)) {
            qWarning() << error;
            return std::nullopt;
        }
        const auto stats = AuditStatistics::compute(reader, filter, m_clock->now(), minimumWeeks, &error);
        if (!stats)
            qWarning() << error;
        return stats;
    }
    static int total(const AuditStatistics::Statistics &stats)
    {
        int n = 0;
        for (const auto &week : stats.weeks)
            n += week.total();
        return n;
    }
    // The statistics as the GUI's worker reads them: on its own read-only connection.
    std::optional<AuditStatistics::Statistics> computeReadOnly(const QDateTime &now, int weeks)
    {
        Database reader;
        QString error;
        if (!reader.openReadOnly(m_dir->path(), &error)) {
            qWarning() << error;
            return std::nullopt;
        }
        const auto stats = AuditStatistics::compute(reader, now, weeks, &error);
        if (!stats)
            qWarning() << error;
        return stats;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AuditLog> m_log;
    QList<AccessRequest> m_requests;
    int m_events = 0;
};

void TestAuditStatistics::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>(utc(3, 12, 12));
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(m_dir->path()));
    m_log = std::make_unique<AuditLog>(*m_db, *m_clock);
    m_requests.clear();
    m_events = 0;
}

void TestAuditStatistics::cleanup()
{
    m_log.reset();
    m_db.reset();
    m_dir.reset();
}

void TestAuditStatistics::weekStartIsMonday()
{
    QCOMPARE(AuditStatistics::weekStart(QDate(2025, 3, 10)), QDate(2025, 3, 10)); // a Monday
    QCOMPARE(AuditStatistics::weekStart(QDate(2025, 3, 12)), QDate(2025, 3, 10));
    QCOMPARE(AuditStatistics::weekStart(QDate(2025, 3, 16)), QDate(2025, 3, 10)); // Sunday
    QCOMPARE(AuditStatistics::weekStart(QDate(2025, 3, 17)), QDate(2025, 3, 17));
    QCOMPARE(AuditStatistics::weekStart(QDate(2025, 1, 1)), QDate(2024, 12, 30)); // across a year
}

void TestAuditStatistics::latencyBuckets_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<int>("bucket");
    QTest::newRow("skew") << qint64(-300) << int(AuditStatistics::Under15Minutes);
    QTest::newRow("0") << qint64(0) << int(AuditStatistics::Under15Minutes);
    QTest::newRow("14:59") << qint64(899) << int(AuditStatistics::Under15Minutes);
    QTest::newRow("15:00") << qint64(900) << int(AuditStatistics::From15To60Minutes);
    QTest::newRow("59:59") << qint64(3599) << int(AuditStatistics::From15To60Minutes);
    QTest::newRow("1 h") << qint64(3600) << int(AuditStatistics::From1To4Hours);
    QTest::newRow("4 h - 1 s") << qint64(14399) << int(AuditStatistics::From1To4Hours);
    QTest::newRow("4 h") << qint64(14400) << int(AuditStatistics::From4To24Hours);
    QTest::newRow("1 d - 1 s") << qint64(86399) << int(AuditStatistics::From4To24Hours);
    QTest::newRow("1 d") << qint64(86400) << int(AuditStatistics::From1To4Days);
    QTest::newRow("10 d") << qint64(864000) << int(AuditStatistics::From1To4Days);
}

void TestAuditStatistics::latencyBuckets()
{
    QFETCH(qint64, seconds);
    QFETCH(int, bucket);
    QCOMPARE(int(AuditStatistics::latencyBucket(seconds)), bucket);
}

void TestAuditStatistics::emptyDatabase()
{
    const auto stats = computeReadOnly(m_clock->now(), 12);
    QVERIFY(stats);
    QCOMPARE(stats->weeks.size(), 12);
    QCOMPARE(stats->weeks.constLast().weekStart, QDate(2025, 3, 10));
    QCOMPARE(stats->weeks.constFirst().weekStart, QDate(2024, 12, 23));
    for (const auto &week : stats->weeks)
        QCOMPARE(week.total(), 0);
    QCOMPARE(stats->decisionLatencyBuckets, QList<int>({0, 0, 0, 0, 0}));
    QCOMPARE(stats->decided, 0);
    QCOMPARE(stats->medianLatencySec, 0);
}

void TestAuditStatistics::knownRequestsAndDecisions()
{
    using Kind = RequestStatus::Kind;
    // Window for 4 weeks up to Wednesday 12 March: the weeks of 17 Feb, 24 Feb, 3 Mar and 10 Mar.
    request(u"c1"_s, utc(2, 17, 0), RequestStatus(Kind::Revoked)); // first instant of the window
    request(u"b1"_s, utc(3, 5, 8), RequestStatus(Kind::Expired));
    request(u"b2"_s, utc(3, 9, 23, 59, 59, 999), RequestStatus(Kind::Approving)); // last instant of its week
    request(u"b3"_s, utc(3, 4, 0), RequestStatus(Kind::Denied));
    request(u"a1"_s, utc(3, 10, 0), RequestStatus(Kind::Approved));
    request(u"a2"_s, utc(3, 11, 9), RequestStatus(Kind::Denied));
    request(u"a3"_s, utc(3, 12, 11), RequestStatus(Kind::Pending));
    request(u"a4"_s, utc(3, 12, 10), RequestStatus::fromString(u"Frobnicated"_s));
    request(u"d1"_s, utc(2, 16, 23, 59, 59), RequestStatus(Kind::Approved)); // before the window
    request(u"d2"_s, utc(3, 17, 0), RequestStatus(Kind::Denied));            // next week (clock skew)
    storeRequests();
    {
        // A status stored by another version in another case still counts as what it names.
        RawConnection raw(m_db->filePath());
        QVERIFY2(raw.exec(u"UPDATE requests SET status = 'denied' WHERE request_id = 'b3'"_s),
                 qPrintable(raw.lastError()));
    }

    addLocal(u"a1"_s, u"decision.queued"_s, utc(3, 10, 0, 9));
    addLocal(u"a1"_s, u"decision.acknowledged"_s, utc(3, 10, 0, 10)); // 10 min
    addAzure(u"a1"_s, u"Approve"_s, utc(3, 10, 0, 11));               // the same decision, seen later
    addAzure(u"a2"_s, u"Deny"_s, utc(3, 11, 9, 30));                  // 30 min, decided in the portal
    addLocal(u"b2"_s, u"decision.acknowledged"_s, utc(3, 10, 2));     // 2 h
    addAzure(u"b3"_s, u"Deny"_s, utc(3, 4, 5));                       // 5 h
    addAzure(u"c1"_s, u"Approve"_s, utc(2, 18, 6));                   // 30 h
    addLocal(u"a4"_s, u"decision.acknowledged"_s, utc(3, 12, 9, 55)); // before creation: skew, counts as 0
    addAzure(u"b1"_s, u"Expire"_s, utc(3, 9, 8));                     // not a decision
    addLocal(u"a3"_s, u"decision.queued"_s, utc(3, 12, 11, 1));       // not (yet) a decision
    addLocal(u"a3"_s, u"decision.failed"_s, utc(3, 12, 11, 2));
    addLocal(u"d1"_s, u"decision.acknowledged"_s, utc(2, 17, 1)); // its request is outside the window
    addLocal(u"zz"_s, u"decision.acknowledged"_s, utc(3, 11, 1)); // a request not in the cache

    const auto stats = computeReadOnly(m_clock->now(), 4);
    QVERIFY(stats);
    QCOMPARE(stats->weeks.size(), 4);
    const QList<QDate> starts = {QDate(2025, 2, 17), QDate(2025, 2, 24), QDate(2025, 3, 3), QDate(2025, 3, 10)};
    // {approved, denied, expired, other}
    const QList<QList<int>> expected = {{1, 0, 0, 0}, {0, 0, 0, 0}, {1, 1, 1, 0}, {1, 1, 0, 2}};
    for (int i = 0; i < 4; ++i) {
        const auto &week = stats->weeks.at(i);
        QCOMPARE(week.weekStart, starts.at(i));
        QCOMPARE(QList<int>({week.approved, week.denied, week.expired, week.other}), expected.at(i));
    }
    QCOMPARE(stats->decisionLatencyBuckets, QList<int>({2, 1, 1, 1, 1}));
    QCOMPARE(stats->decided, 6);
    // 0, 600, 1800, 7200, 18000, 108000 s: the middle two averaged.
    QCOMPARE(stats->medianLatencySec, (1800 + 7200) / 2);

    // The same on the writing connection, and with a shorter window only the last week remains.
    const auto writer = AuditStatistics::compute(*m_db, m_clock->now(), 1);
    QVERIFY(writer);
    QCOMPARE(writer->weeks.size(), 1);
    QCOMPARE(writer->weeks.constFirst().weekStart, QDate(2025, 3, 10));
    QCOMPARE(writer->weeks.constFirst().total(), 4);
    QCOMPARE(writer->decisionLatencyBuckets, QList<int>({2, 1, 0, 0, 0}));
    QCOMPARE(writer->decided, 3);
    QCOMPARE(writer->medianLatencySec, 600);
    QVERIFY(!m_db->inTransaction());
}

void TestAuditStatistics::oddCountMedian()
{
    using Kind = RequestStatus::Kind;
    request(u"r1"_s, utc(3, 10, 8), RequestStatus(Kind::Approved));
    request(u"r2"_s, utc(3, 10, 8), RequestStatus(Kind::Denied));
    request(u"r3"_s, utc(3, 10, 8), RequestStatus(Kind::Approved));
    storeRequests();
    addLocal(u"r1"_s, u"decision.acknowledged"_s, utc(3, 10, 8, 1));
    addLocal(u"r2"_s, u"decision.acknowledged"_s, utc(3, 10, 9));
    addLocal(u"r3"_s, u"decision.acknowledged"_s, utc(3, 11, 8));
    const auto stats = computeReadOnly(m_clock->now(), 26);
    QVERIFY(stats);
    QCOMPARE(stats->weeks.size(), 26);
    QCOMPARE(stats->weeks.constLast().approved, 2);
    QCOMPARE(stats->weeks.constLast().denied, 1);
    QCOMPARE(stats->decided, 3);
    QCOMPARE(stats->medianLatencySec, 3600);
    QCOMPARE(stats->decisionLatencyBuckets, QList<int>({1, 0, 1, 0, 1}));
}

void TestAuditStatistics::rejectsImpossibleArguments()
{
    QString error;
    QVERIFY(!AuditStatistics::compute(*m_db, m_clock->now(), 0, &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!AuditStatistics::compute(*m_db, m_clock->now(), AuditStatistics::kMaxWeeks + 1, &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!AuditStatistics::compute(*m_db, QDateTime(), 4, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(AuditStatistics::compute(*m_db, m_clock->now(), AuditStatistics::kMaxWeeks, &error));
}

void TestAuditStatistics::filterSelectsTheRequests()
{
    using Kind = RequestStatus::Kind;
    // This week (from Monday 10 March): four requests of sub-a, two of sub-b.
    request(u"a1"_s, utc(3, 10, 8), RequestStatus(Kind::Approved));
    request(u"a2"_s, utc(3, 10, 9), RequestStatus(Kind::Denied));
    request(u"a3"_s, utc(3, 11, 8), RequestStatus(Kind::Pending)); // no record at all
    request(u"a4"_s, utc(3, 11, 9), RequestStatus(Kind::Approved));
    request(u"b1"_s, utc(3, 10, 8), RequestStatus(Kind::Expired), u"sub-b"_s); // no record at all
    request(u"b2"_s, utc(3, 11, 8), RequestStatus(Kind::Approved), u"sub-b"_s);
    storeRequests();
    addLocal(u"a1"_s, u"decision.queued"_s, utc(3, 10, 8, 5));
    addLocal(u"a1"_s, u"decision.acknowledged"_s, utc(3, 10, 8, 10)); // 10 min
    addAzure(u"a2"_s, u"Deny"_s, utc(3, 10, 11));                     // 2 h, by bob
    addAzure(u"a4"_s, u"Approve"_s, utc(3, 12, 9));                   // 24 h, by bob
    AuditRecord odd;
    odd.time = utc(3, 11, 9);
    odd.actor = u"carol 100%"_s;
    odd.action = u"decision.queued"_s;
    odd.requestId = u"b2"_s;
    odd.subscriptionId = u"sub-b"_s;
    odd.reason = u"Restart the cluster"_s;
    QVERIFY(m_log->append(odd));

    const auto everything = computeFiltered({});
    QVERIFY(everything);
    QCOMPARE(total(*everything), 6);
    QCOMPARE(everything->decided, 3);

    struct Case
    {
        const char *name;
        AuditQuery filter;
        int requests;
        int decided;
    };
    QList<Case> cases;
    AuditQuery q;
    q.subscriptionId = u"sub-b"_s; // of the cache's own column: b1 counts without any record
    cases.append({"subscription", q, 2, 0});
    q = {};
    q.requestId = u"a2"_s;
    cases.append({"request", q, 1, 1});
    q = {};
    q.action = u"decision.queued"_s;
    cases.append({"action", q, 2, 1}); // a1 (decided) and b2
    q = {};
    q.source = AuditRecord::Source::Azure;
    cases.append({"source", q, 2, 2});
    q = {};
    q.text = u"BOB"_s; // any column, any case
    cases.append({"text in the actor", q, 2, 2});
    q = {};
    q.text = u"the cluster"_s;
    cases.append({"text in the reason", q, 1, 0});
    q = {};
    q.text = u"0%"_s; // a literal percent sign, not a wildcard
    cases.append({"text with a LIKE character", q, 1, 0});
    q = {};
    q.text = u"n%"_s;
    cases.append({"a wildcard that is not one", q, 0, 0});
    q = {};
    q.subscriptionId = u"sub-a"_s;
    q.action = u"Approve"_s;
    cases.append({"subscription and action", q, 1, 1});
    q = {};
    q.subscriptionId = u"sub-b"_s;
    q.action = u"Approve"_s;
    cases.append({"nothing in common", q, 0, 0});

    for (const Case &c : std::as_const(cases)) {
        const auto stats = computeFiltered(c.filter);
        QVERIFY2(stats, c.name);
        QVERIFY2(total(*stats) == c.requests,
                 qPrintable(u"%1: %2 requests"_s.arg(QLatin1StringView(c.name)).arg(total(*stats))));
        QVERIFY2(stats->decided == c.decided,
                 qPrintable(u"%1: %2 decided"_s.arg(QLatin1StringView(c.name)).arg(stats->decided)));
        QCOMPARE(stats->weeks.size(), 4);
    }

    // A decision counts only for a request the filter selects.
    AuditQuery denied;
    denied.action = u"Deny"_s;
    const auto deniedStats = computeFiltered(denied);
    QVERIFY(deniedStats);
    QCOMPARE(deniedStats->decisionLatencyBuckets, QList<int>({0, 0, 1, 0, 0}));
    QCOMPARE(deniedStats->medianLatencySec, 7200);
    QCOMPARE(deniedStats->weeks.constLast().denied, 1);
}

void TestAuditStatistics::periodSetsTheWeeks()
{
    using Kind = RequestStatus::Kind;
    // The clock: Wednesday 12 March, 12:00.
    request(u"old"_s, utc(3, 4, 12), RequestStatus(Kind::Approved));  // 8 days ago
    request(u"edge"_s, utc(3, 5, 12), RequestStatus(Kind::Approved)); // 7 days ago, to the millisecond
    request(u"mid"_s, utc(3, 8, 12), RequestStatus(Kind::Denied));    // last week
    request(u"new"_s, utc(3, 12, 10), RequestStatus(Kind::Pending));  // this week
    request(u"early"_s, utc(2, 3, 10), RequestStatus(Kind::Expired)); // weeks before
    storeRequests();
    addAzure(u"old"_s, u"Approve"_s, utc(3, 4, 13));
    addAzure(u"edge"_s, u"Approve"_s, utc(3, 5, 12, 20));

    // "Last 7 days": the weeks of 3 and 10 March, and of the first only what is in the period.
    AuditQuery lastWeek;
    lastWeek.since = m_clock->now().addDays(-7);
    auto stats = computeFiltered(lastWeek, 16); // the minimum is for a period without a start
    QVERIFY(stats);
    QCOMPARE(stats->weeks.size(), 2);
    QCOMPARE(stats->weeks.at(0).weekStart, QDate(2025, 3, 3));
    QCOMPARE(stats->weeks.at(0).approved, 1); // "edge", not "old"
    QCOMPARE(stats->weeks.at(0).denied, 1);
    QCOMPARE(stats->weeks.at(1).other, 1);
    QCOMPARE(stats->decided, 1);
    QCOMPARE(stats->medianLatencySec, 20 * 60);
    QCOMPARE(stats->from, lastWeek.since);
    QCOMPARE(stats->until, m_clock->now());

    // A range that ended: its weeks only, up to its last instant.
    AuditQuery range;
    range.since = utc(3, 4, 0);
    range.until = utc(3, 8, 11, 59);
    stats = computeFiltered(range);
    QVERIFY(stats);
    QCOMPARE(stats->weeks.size(), 1);
    QCOMPARE(stats->weeks.constFirst().weekStart, QDate(2025, 3, 3));
    QCOMPARE(QList<int>({stats->weeks.constFirst().approved, stats->weeks.constFirst().denied}), QList<int>({2, 0}));
    QCOMPARE(stats->until, range.until);

    // A range that ends before it starts counts nothing.
    std::swap(range.since, range.until);
    stats = computeFiltered(range);
    QVERIFY(stats);
    QCOMPARE(stats->weeks.size(), 1);
    QCOMPARE(total(*stats), 0);
}

void TestAuditStatistics::allTimeStartsAtTheFirstRequest()
{
    using Kind = RequestStatus::Kind;
    request(u"new"_s, utc(3, 11, 10), RequestStatus(Kind::Approved));
    request(u"b-old"_s, utc(1, 6, 10), RequestStatus(Kind::Denied), u"sub-b"_s);
    storeRequests();

    // Short history: the minimum.
    AuditQuery subA;
    subA.subscriptionId = u"sub-a"_s;
    auto stats = computeFiltered(subA, 4);
    QVERIFY(stats);
    QCOMPARE(stats->weeks.size(), 4);
    QCOMPARE(stats->from, QDateTime(QDate(2025, 2, 17), QTime(0, 0), Qt::UTC));

    // Longer: back to the week of the first request the filter selects.
    stats = computeFiltered({}, 4);
    QVERIFY(stats);
    QCOMPARE(stats->weeks.constFirst().weekStart, QDate(2025, 1, 6));
    QCOMPARE(stats->weeks.size(), 10);
    QCOMPARE(total(*stats), 2);

    // Longer than the longest: the latest weeks.
    request(u"ancient"_s, utc(1, 6, 10).addYears(-10), RequestStatus(Kind::Expired));
    storeRequests();
    stats = computeFiltered({}, 4);
    QVERIFY(stats);
    QCOMPARE(stats->weeks.size(), AuditStatistics::kMaxWeeks);
    QCOMPARE(stats->weeks.constLast().weekStart, QDate(2025, 3, 10));
    QCOMPARE(total(*stats), 2);
}

void TestAuditStatistics::distinctActionsAndSubscriptions()
{
    QCOMPARE(AuditStatistics::actions(*m_db), QStringList());
    QCOMPARE(AuditStatistics::subscriptions(*m_db), QStringList());

    for (int i = 0; i < 300; ++i) {
        AuditRecord r;
        r.actor = u"alice@contoso.com"_s;
        r.action = i % 3 == 0 ? u"decision.queued"_s : (i % 3 == 1 ? u"decision.sending"_s : u"Approve"_s);
        r.subscriptionId = i % 2 ? u"sub-b"_s : u"sub-a"_s;
        r.requestId = u"req-%1"_s.arg(i);
        QVERIFY(m_log->append(r));
    }
    AuditRecord hostile;
    hostile.action = u"x'); DROP TABLE audit; --"_s;
    hostile.subscriptionId = QString(); // empty ids are not offered as a choice
    QVERIFY(m_log->append(hostile));

    Database reader;
    QVERIFY(reader.openReadOnly(m_dir->path()));
    QString error;
    QCOMPARE(AuditStatistics::actions(reader, &error),
             QStringList({u"Approve"_s, u"decision.queued"_s, u"decision.sending"_s, hostile.action}));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(AuditStatistics::subscriptions(reader, &error), QStringList({u"sub-a"_s, u"sub-b"_s}));
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestAuditStatistics)
#include "tst_auditstatistics.moc"
