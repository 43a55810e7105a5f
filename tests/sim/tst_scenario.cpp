// The simulator's data: ScenarioGenerator's determinism and realism, and the world at scale,
// served over a real socket.

#include "core/clock.h"
#include "sim/scenario.h"
#include "sim/simoptions.h"
#include "sim/simworld.h"
#include "support/simfixture.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QThread>

#include <cmath>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::RequestStatus;
using lockbox::Verdict;
using lockbox::sim::ScenarioGenerator;
using lockbox::sim::SimOptions;
using lockbox::sim::SimRecord;
using lockbox::sim::SimWorld;
using lockbox::sim::Subscription;
using lockbox::test::HttpClient;
using lockbox::test::HttpResult;
using lockbox::test::SimFixture;
using Kind = lockbox::RequestStatus::Kind;

namespace {

constexpr quint64 kSeed = 7;
constexpr qint64 kDayMs = 24 * 3600 * 1000LL;

QDateTime fixedNow()
{
    return SimFixture::fixedStart();
}

// Records equal in every field the simulator keeps, not only in what the API shows.
bool sameRecord(const SimRecord &a, const SimRecord &b)
{
    return a.request == b.request && a.quirks == b.quirks && a.tickDigits == b.tickDigits && a.verdict == b.verdict
        && a.decidedAt == b.decidedAt && a.decidedBy == b.decidedBy && a.decisionReason == b.decisionReason
        && a.settledAt == b.settledAt;
}

bool sameRecords(const QList<SimRecord> &a, const QList<SimRecord> &b, QString *where)
{
    if (a.size() != b.size()) {
        *where = u"sizes %1 and %2"_s.arg(a.size()).arg(b.size());
        return false;
    }
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!sameRecord(a.at(i), b.at(i))) {
            *where = u"record %1 (%2 / %3)"_s.arg(i).arg(a.at(i).request.requestId, b.at(i).request.requestId);
            return false;
        }
    }
    return true;
}

std::unique_ptr<SimWorld> makeWorld(const SimOptions &options)
{
    return std::make_unique<SimWorld>(options, std::make_shared<lockbox::ScaledClock>(options.startTime, 1.0));
}

SimOptions worldOptions(int subscriptions, int requestsPerSubscription)
{
    SimOptions o = SimFixture::defaultOptions();
    o.subscriptions = subscriptions;
    o.requestsPerSubscription = requestsPerSubscription;
    return o;
}

} // namespace

class TestScenario final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Determinism
    void sameSeedAndNowGiveIdenticalRecords();
    void subscriptionDataIndependentOfCountAndOrder();
    void worldServesTheGeneratorsRecordsForItsStartTime();
    void differentSeedDiffers();
    void arrivalsAreDeterministicForARandomStream();

    // Realism, on 5,000 records
    void statusMix();
    void pendingInsideTheirWindowAndExpiryAfterFourDays();
    void durations();
    void resourceTypesAndIds();
    void supportCases();
    void decisions();
    void textsHaveNoPlaceholdersLeft();
    void historySpansMonths();
    void quirkShare_data();
    void quirkShare();

    // Scale
    void servesHundredThousandRequestsOverHttp();

private:
    QList<SimRecord> m_records; // 5,000 of subscription 0
    Subscription m_subscription;
};

void TestScenario::initTestCase()
{
    const ScenarioGenerator generator(kSeed, fixedNow());
    m_subscription = generator.makeSubscription(0);
    m_records = generator.makeRequests(m_subscription, 0, 5000, 0.2, 0.15);
    QCOMPARE(m_records.size(), 5000);
}

void TestScenario::sameSeedAndNowGiveIdenticalRecords()
{
    const ScenarioGenerator a(kSeed, fixedNow());
    const ScenarioGenerator b(kSeed, fixedNow());
    QCOMPARE(a.tenantId(), b.tenantId());
    QCOMPARE(a.testUser().oid, b.testUser().oid);
    QCOMPARE(a.otherUser().oid, b.otherUser().oid);
    QVERIFY(a.testUser().oid != a.otherUser().oid);
    for (int i = 0; i < 3; ++i) {
        const Subscription sa = a.makeSubscription(i);
        const Subscription sb = b.makeSubscription(i);
        QCOMPARE(sa.subscriptionId, sb.subscriptionId);
        QCOMPARE(sa.displayName, sb.displayName);
        QCOMPARE(sa.approvers, sb.approvers);
        const QList<SimRecord> ra = a.makeRequests(sa, i, 500, 0.2, 0.15);
        const QList<SimRecord> rb = b.makeRequests(sb, i, 500, 0.2, 0.15);
        QString where;
        QVERIFY2(sameRecords(ra, rb, &where), qPrintable(where));
    }
    // The comparison can tell records apart: neighbours differ.
    QVERIFY(!sameRecord(m_records.at(0), m_records.at(1)));
    QVERIFY(m_records.at(0).request != m_records.at(1).request);
}

void TestScenario::subscriptionDataIndependentOfCountAndOrder()
{
    // Generated in another order, each subscription's data come out the same.
    const ScenarioGenerator generator(kSeed, fixedNow());
    QList<QList<SimRecord>> forward;
    for (int i = 0; i < 4; ++i)
        forward.append(generator.makeRequests(generator.makeSubscription(i), i, 200, 0.2, 0.15));
    for (int i = 3; i >= 0; --i) {
        const ScenarioGenerator fresh(kSeed, fixedNow());
        QString where;
        QVERIFY2(sameRecords(fresh.makeRequests(fresh.makeSubscription(i), i, 200, 0.2, 0.15), forward.at(i), &where),
                 qPrintable(u"subscription %1: "_s.arg(i) + where));
    }

    // A world with more subscriptions serves the first ones unchanged.
    const auto small = makeWorld(worldOptions(2, 120));
    const auto large = makeWorld(worldOptions(5, 120));
    QCOMPARE(small->tenantId(), large->tenantId());
    QCOMPARE(small->subscriptions().size(), 2);
    QCOMPARE(large->subscriptions().size(), 5);
    for (int i = 0; i < 2; ++i) {
        const Subscription &s = small->subscriptions().at(i);
        const Subscription &l = large->subscriptions().at(i);
        QCOMPARE(s.subscriptionId, l.subscriptionId);
        QCOMPARE(s.displayName, l.displayName);
        const QList<const SimRecord *> rs = small->requests(s.subscriptionId);
        const QList<const SimRecord *> rl = large->requests(l.subscriptionId);
        QCOMPARE(rs.size(), 120);
        QCOMPARE(rl.size(), 120);
        for (qsizetype n = 0; n < rs.size(); ++n)
            QVERIFY2(sameRecord(*rs.at(n), *rl.at(n)), qPrintable(rs.at(n)->request.requestId));
    }
}

void TestScenario::worldServesTheGeneratorsRecordsForItsStartTime()
{
    // The world's data follow from the seed and the start time alone, even when its clock has
    // already moved on by the time the world is built (a busy machine, a fast demo clock).
    SimOptions options = worldOptions(2, 80);
    options.clockSpeed = 1000;
    auto clock = std::make_shared<lockbox::ScaledClock>(options.startTime, options.clockSpeed);
    QThread::msleep(5); // 5 s of simulator time
    QVERIFY(clock->now() > options.startTime);
    SimWorld world(options, clock);

    const ScenarioGenerator generator(options.seed, options.startTime);
    for (int i = 0; i < options.subscriptions; ++i) {
        const Subscription sub = generator.makeSubscription(i);
        QCOMPARE(world.subscriptions().at(i).subscriptionId, sub.subscriptionId);
        QList<SimRecord> expected = generator.makeRequests(sub, i, options.requestsPerSubscription,
                                                           options.pendingFraction, options.quirkFraction);
        QCOMPARE(expected.size(), 80);
        const QList<const SimRecord *> served = world.requests(sub.subscriptionId);
        QCOMPARE(served.size(), expected.size());
        QHash<QString, const SimRecord *> byId;
        for (const SimRecord *r : served)
            byId.insert(r->request.requestId, r);
        for (const SimRecord &r : std::as_const(expected)) {
            const SimRecord *s = byId.value(r.request.requestId);
            QVERIFY2(s, qPrintable(r.request.requestId));
            QVERIFY2(sameRecord(*s, r), qPrintable(r.request.requestId));
        }
    }
}

void TestScenario::differentSeedDiffers()
{
    const ScenarioGenerator a(kSeed, fixedNow());
    const ScenarioGenerator b(kSeed + 1, fixedNow());
    QVERIFY(a.tenantId() != b.tenantId());
    QVERIFY(a.testUser().oid != b.testUser().oid);
    const Subscription sa = a.makeSubscription(0);
    const Subscription sb = b.makeSubscription(0);
    QVERIFY(sa.subscriptionId != sb.subscriptionId);
    const QList<SimRecord> ra = a.makeRequests(sa, 0, 300, 0.2, 0.15);
    const QList<SimRecord> rb = b.makeRequests(sb, 0, 300, 0.2, 0.15);
    QSet<QString> ids;
    QSet<QString> justifications;
    for (const SimRecord &r : ra) {
        ids.insert(r.request.requestId);
        justifications.insert(r.request.justification);
    }
    int sameId = 0;
    int sameText = 0;
    for (const SimRecord &r : rb) {
        sameId += ids.contains(r.request.requestId) ? 1 : 0;
        sameText += justifications.contains(r.request.justification) ? 1 : 0;
    }
    QCOMPARE(sameId, 0);
    QVERIFY2(sameText < 30, qPrintable(QString::number(sameText)));
    // Subscription 1 of a seed is not subscription 0 of the next one either.
    QVERIFY(a.makeSubscription(1).subscriptionId != sb.subscriptionId);
}

void TestScenario::arrivalsAreDeterministicForARandomStream()
{
    const ScenarioGenerator generator(kSeed, fixedNow());
    const Subscription sub = generator.makeSubscription(0);
    const QDateTime created = fixedNow().addSecs(90);
    QRandomGenerator r1(42);
    QRandomGenerator r2(42);
    const SimRecord a = generator.makePending(sub, created, r1);
    const SimRecord b = generator.makePending(sub, created, r2);
    QVERIFY(sameRecord(a, b));
    QCOMPARE(a.request.status.kind(), Kind::Pending);
    QCOMPARE(a.request.createdDateTime, created);
    QCOMPARE(a.request.expirationDateTime, created.addDays(4));
    QCOMPARE(a.quirks, quint32(lockbox::sim::QuirkNone)); // arrivals come in the spec's shape
    QVERIFY(!a.verdict);
    // The next arrival from the same stream is another request.
    const SimRecord next = generator.makePending(sub, created, r1);
    QVERIFY(next.request.requestId != a.request.requestId);
}

void TestScenario::statusMix()
{
    const int n = int(m_records.size());
    QHash<Kind, int> counts;
    for (const SimRecord &r : std::as_const(m_records))
        counts[r.request.status.kind()] += 1;
    QCOMPARE(counts.value(Kind::Pending), int(std::lround(0.2 * n)));
    const int history = n - counts.value(Kind::Pending);
    const auto share = [&](Kind k) { return double(counts.value(k)) / history; };
    // The history's weights are 45 Approved, 15 Denied, 30 Expired and a few others.
    QVERIFY2(share(Kind::Approved) > 0.35 && share(Kind::Approved) < 0.55,
             qPrintable(QString::number(share(Kind::Approved))));
    QVERIFY2(share(Kind::Denied) > 0.08 && share(Kind::Denied) < 0.22,
             qPrintable(QString::number(share(Kind::Denied))));
    QVERIFY2(share(Kind::Expired) > 0.20 && share(Kind::Expired) < 0.40,
             qPrintable(QString::number(share(Kind::Expired))));
    QVERIFY(share(Kind::Approved) > share(Kind::Expired) && share(Kind::Expired) > share(Kind::Denied));
    // Nothing in flight and nothing outside the API's statuses in generated history.
    const QSet<Kind> allowed = {Kind::Pending, Kind::Approved,  Kind::Denied, Kind::Expired,
                                Kind::Revoked, Kind::Completed, Kind::Error};
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        QVERIFY2(allowed.contains(it.key()), qPrintable(RequestStatus(it.key()).toString()));

    // The pending share follows the option exactly, including the ends.
    const ScenarioGenerator generator(kSeed, fixedNow());
    for (const double fraction : {0.0, 0.05, 1.0}) {
        const QList<SimRecord> records = generator.makeRequests(m_subscription, 0, 301, fraction, 0.15);
        const auto pending = std::count_if(records.cbegin(), records.cend(),
                                           [](const SimRecord &r) { return r.request.status.kind() == Kind::Pending; });
        QCOMPARE(int(pending), int(std::lround(fraction * 301)));
    }
}

void TestScenario::pendingInsideTheirWindowAndExpiryAfterFourDays()
{
    const QDateTime now = fixedNow();
    for (const SimRecord &record : std::as_const(m_records)) {
        const AccessRequest &r = record.request;
        QCOMPARE(r.createdDateTime.timeSpec(), Qt::UTC);
        QCOMPARE(r.createdDateTime.msecsTo(r.expirationDateTime), 4 * kDayMs);
        QVERIFY2(r.createdDateTime <= now, qPrintable(r.requestId));
        if (r.status.kind() == Kind::Pending) {
            QVERIFY2(r.createdDateTime > now.addDays(-4), qPrintable(r.requestId));
            QVERIFY2(r.expirationDateTime > now, qPrintable(r.requestId));
        } else if (r.status.kind() == Kind::Expired) {
            QVERIFY2(r.expirationDateTime <= now, qPrintable(r.requestId));
        }
    }
}

void TestScenario::durations()
{
    QHash<QString, int> counts;
    for (const SimRecord &r : std::as_const(m_records))
        counts[r.request.duration] += 1;
    const QSet<QString> allowed = {u"4"_s, u"5"_s, u"6"_s, u"7"_s, u"8"_s, u"Support request lifetime"_s};
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        QVERIFY2(allowed.contains(it.key()), qPrintable(it.key()));
    for (const QString &d : allowed)
        QVERIFY2(counts.value(d) > 0, qPrintable(d));
    // Eight hours is Microsoft's default and the most common.
    for (const QString &d : allowed)
        QVERIFY(counts.value(u"8"_s) >= counts.value(d));
}

void TestScenario::resourceTypesAndIds()
{
    const ScenarioGenerator generator(kSeed, fixedNow());
    QHash<QString, int> types;
    QSet<QString> names;
    for (int i = 0; i < 4; ++i) {
        const Subscription sub = i == 0 ? m_subscription : generator.makeSubscription(i);
        names.insert(sub.displayName);
        const QList<SimRecord> records = i == 0 ? m_records : generator.makeRequests(sub, i, 1000, 0.2, 0.15);
        for (const SimRecord &record : records) {
            const AccessRequest &r = record.request;
            types[r.resourceType] += 1;
            QCOMPARE(r.subscriptionId, sub.subscriptionId);
            QCOMPARE(r.armId,
                     u"/subscriptions/"_s + sub.subscriptionId + u"/providers/Microsoft.CustomerLockbox/requests/"_s
                         + r.requestId);
            QCOMPARE(r.name, u"LockboxRequest_"_s + r.requestId);
            QVERIFY(!r.resourceIds.isEmpty());
            for (const QString &id : r.resourceIds) {
                QVERIFY2(id == u"/subscriptions/"_s + sub.subscriptionId
                             || id.startsWith(u"/subscriptions/"_s + sub.subscriptionId + u"/resourceGroups/"_s),
                         qPrintable(id));
                QVERIFY2(!id.contains(u',') && !id.contains(u' '), qPrintable(id));
            }
            // The first id is a resource of the request's type.
            const QString &first = r.resourceIds.first();
            if (r.resourceType == u"Microsoft.Resources/subscriptions")
                QCOMPARE(first, u"/subscriptions/"_s + sub.subscriptionId);
            else
                QVERIFY2(first.contains(u"/providers/"_s + r.resourceType + u'/'),
                         qPrintable(r.resourceType + u' ' + first));
        }
    }
    QCOMPARE(names.size(), 4);
    for (const QString &type :
         {u"Microsoft.OpenEnergyPlatform/energyServices"_s, u"Microsoft.ContainerService/managedClusters"_s,
          u"Microsoft.Compute/virtualMachines"_s, u"Microsoft.Storage/storageAccounts"_s, u"Microsoft.Sql/servers"_s,
          u"Microsoft.KeyVault/vaults"_s, u"Microsoft.Resources/subscriptions"_s}) {
        QVERIFY2(types.value(type) > 0, qPrintable(type));
    }
    QCOMPARE(types.size(), 7);
    // Subscription 0 is a production energy subscription, where ADME requests dominate.
    const auto adme = std::count_if(m_records.cbegin(), m_records.cend(), [](const SimRecord &r) {
        return r.request.resourceType == u"Microsoft.OpenEnergyPlatform/energyServices";
    });
    QVERIFY2(adme > m_records.size() / 4, qPrintable(QString::number(adme)));
}

void TestScenario::supportCases()
{
    static const QRegularExpression sixteenDigits(u"^\\d{16}$"_s);
    QSet<QString> cases;
    for (const SimRecord &record : std::as_const(m_records)) {
        const AccessRequest &r = record.request;
        QVERIFY2(sixteenDigits.match(r.supportRequest).hasMatch(), qPrintable(r.supportRequest));
        QCOMPARE(r.supportRequest.left(6), r.createdDateTime.toUTC().toString(u"yyMMdd"_s));
        QVERIFY2(r.supportCaseUrl.startsWith(u"https://"), qPrintable(r.supportCaseUrl));
        QVERIFY2(r.supportCaseUrl.contains(r.supportRequest), qPrintable(r.supportCaseUrl));
        QVERIFY2(r.supportCaseUrl.contains(r.subscriptionId), qPrintable(r.supportCaseUrl));
        QVERIFY(r.workItemSource == u"SupportRequest" || r.workItemSource == u"Other");
        cases.insert(r.supportRequest);
    }
    QVERIFY2(cases.size() > m_records.size() * 9 / 10, qPrintable(QString::number(cases.size())));
}

void TestScenario::decisions()
{
    const QDateTime now = fixedNow();
    const QStringList deciders = ScenarioGenerator(kSeed, now).colleagues() << u"avery.approver@contoso.example"_s;
    int decided = 0;
    for (const SimRecord &record : std::as_const(m_records)) {
        const AccessRequest &r = record.request;
        const Kind k = r.status.kind();
        const bool shouldBeDecided =
            k == Kind::Approved || k == Kind::Denied || k == Kind::Revoked || k == Kind::Completed;
        QCOMPARE(bool(record.verdict), shouldBeDecided);
        if (!record.verdict)
            continue;
        ++decided;
        QVERIFY(*record.verdict == (k == Kind::Denied ? Verdict::Deny : Verdict::Approve));
        QVERIFY2(record.decidedAt > r.createdDateTime, qPrintable(r.requestId));
        QVERIFY2(record.decidedAt < r.expirationDateTime, qPrintable(r.requestId));
        QVERIFY2(record.decidedAt <= now, qPrintable(r.requestId));
        QVERIFY(record.settledAt >= record.decidedAt);
        QVERIFY2(deciders.contains(record.decidedBy), qPrintable(record.decidedBy));
        QVERIFY(!record.decisionReason.isEmpty());
        QVERIFY2(record.decisionReason.startsWith(*record.verdict == Verdict::Deny ? u"Denied" : u"Approved")
                     || record.decisionReason.startsWith(u"OK to proceed"),
                 qPrintable(record.decisionReason));
    }
    QVERIFY(decided > m_records.size() / 2);
}

void TestScenario::textsHaveNoPlaceholdersLeft()
{
    static const QRegularExpression placeholder(u"%[RSCT]"_s);
    QSet<QString> justifications;
    for (const SimRecord &record : std::as_const(m_records)) {
        const AccessRequest &r = record.request;
        QVERIFY2(!r.justification.isEmpty(), qPrintable(r.requestId));
        QVERIFY2(!placeholder.match(r.justification).hasMatch(), qPrintable(r.justification));
        QVERIFY2(!placeholder.match(record.decisionReason).hasMatch(), qPrintable(record.decisionReason));
        // The justification names the support case it belongs to.
        QVERIFY2(r.justification.contains(r.supportRequest), qPrintable(r.justification));
        justifications.insert(r.justification);
    }
    QVERIFY(justifications.size() > m_records.size() / 2);
}

void TestScenario::historySpansMonths()
{
    const auto [oldest, newest] =
        std::minmax_element(m_records.cbegin(), m_records.cend(), [](const SimRecord &a, const SimRecord &b) {
            return a.request.createdDateTime < b.request.createdDateTime;
        });
    const qint64 days = oldest->request.createdDateTime.daysTo(newest->request.createdDateTime);
    QVERIFY2(days > 60, qPrintable(QString::number(days)));
    QVERIFY2(days <= 180, qPrintable(QString::number(days)));
    QVERIFY(newest->request.createdDateTime > fixedNow().addDays(-1));
}

void TestScenario::quirkShare_data()
{
    QTest::addColumn<double>("fraction");
    QTest::newRow("none") << 0.0;
    QTest::newRow("default") << 0.15;
    QTest::newRow("half") << 0.5;
    QTest::newRow("all") << 1.0;
}

void TestScenario::quirkShare()
{
    QFETCH(double, fraction);
    const ScenarioGenerator generator(kSeed, fixedNow());
    const QList<SimRecord> records = generator.makeRequests(m_subscription, 0, 5000, 0.2, fraction);
    int odd = 0;
    for (const SimRecord &r : records) {
        odd += r.quirks != lockbox::sim::QuirkNone ? 1 : 0;
        // The two timestamp shapes exclude each other; an integer duration needs whole hours.
        QVERIFY(!((r.quirks & lockbox::sim::QuirkNoFraction) && (r.quirks & lockbox::sim::QuirkMilliFraction)));
        if (r.quirks & lockbox::sim::QuirkDurationAsInt)
            QVERIFY(r.request.durationHours().has_value());
        QVERIFY(r.tickDigits < 10000);
    }
    const double share = double(odd) / double(records.size());
    // Binomial on 5,000 draws: four standard deviations at most 0.03.
    QVERIFY2(std::abs(share - fraction) < 0.03, qPrintable(QString::number(share)));
}

void TestScenario::servesHundredThousandRequestsOverHttp()
{
    constexpr int kSubscriptions = 10;
    constexpr int kPerSubscription = 10000;
    SimOptions options = SimFixture::defaultOptions();
    options.subscriptions = kSubscriptions;
    options.requestsPerSubscription = kPerSubscription;
    options.pageSize = 1000;

    QElapsedTimer timer;
    timer.start();
    SimFixture sim(options);
    const qint64 generateMs = timer.elapsed();
    QString error;
    QVERIFY2(sim.start(&error), qPrintable(error));

    HttpClient c = sim.client();
    c.setTimeoutMs(60000);
    QSet<QString> ids;
    ids.reserve(kSubscriptions * kPerSubscription);
    int served = 0;
    int pages = 0;
    qint64 bytes = 0;
    timer.restart();
    for (const QString &sub : sim.subscriptionIds()) {
        QUrl next = sim.requestsUrl(sub);
        while (!next.isEmpty()) {
            const HttpResult r = c.get(next);
            QVERIFY2(r.status == 200,
                     qPrintable(QString::number(r.status) + u' ' + QString::fromUtf8(r.body.left(300))));
            ++pages;
            bytes += r.body.size();
            const QJsonObject body = r.object();
            const QJsonArray value = body.value(u"value").toArray();
            QVERIFY(value.size() <= options.pageSize);
            for (const QJsonValue &v : value) {
                const QJsonObject p = v.toObject().value(u"properties").toObject();
                QCOMPARE(p.value(u"subscriptionId").toString(), sub);
                ids.insert(p.value(u"requestId").toString());
                ++served;
            }
            next = QUrl(body.value(u"nextLink").toString());
            QVERIFY(pages <= 2 * kSubscriptions * kPerSubscription / options.pageSize);
        }
    }
    const qint64 walkMs = qMax<qint64>(1, timer.elapsed());
    qInfo("generated %d requests in %lld ms; served them in %d pages (%.1f MB) in %lld ms: %.0f requests/s",
          kSubscriptions * kPerSubscription, generateMs, pages, double(bytes) / 1e6, walkMs,
          double(served) * 1000.0 / double(walkMs));

    QCOMPARE(pages, kSubscriptions * kPerSubscription / options.pageSize);
    QCOMPARE(served, kSubscriptions * kPerSubscription);     // each id once …
    QCOMPARE(ids.size(), kSubscriptions * kPerSubscription); // … and no id twice
    QCOMPARE(sim.simulator().world().counters().reads, qint64(pages));
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
