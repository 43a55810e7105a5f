#include "scenario.h"

#include "scenarioestate.h"
#include "scenariorandom.h"
#include "scenariotexts.h"

#include <QDate>
#include <QStringBuilder>
#include <QTime>

#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

using namespace scenario;

namespace {

using Kind = RequestStatus::Kind;

constexpr qint64 kMinuteMs = qint64(60) * 1000;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr qint64 kHistoryMs = 180 * kDayMs;
constexpr qint64 kLifetimeMs = kPendingLifetimeDays * kDayMs;

QDateTime utcFromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

// --- Records -------------------------------------------------------------------------------

// What the decision text needs to know about the record it explains.
struct RecordContext
{
    Target target = Target::Aks;
    QString resourceName;
    QString caseNumber;
};

Target pickTarget(QRandomGenerator &random, bool energy)
{
    // ADME, AKS, VM, storage, SQL, key vault, whole subscription
    constexpr std::array<int, 7> energyWeights = {45, 12, 14, 10, 8, 6, 5};
    constexpr std::array<int, 7> otherWeights = {0, 25, 24, 18, 17, 9, 7};
    return Target(pickWeighted(random, energy ? energyWeights : otherWeights));
}

SimRecord makeRecord(const Estate &estate, QRandomGenerator &random, const QDateTime &created, Kind status,
                     double quirkFraction, RecordContext *context)
{
    SimRecord record;
    AccessRequest &r = record.request;
    const QString &sub = estate.subscriptionId;
    const QString guid = makeGuid(random);
    r.armId = u"/subscriptions/"_s % sub % u"/providers/Microsoft.CustomerLockbox/requests/"_s % guid;
    r.name = u"LockboxRequest_"_s % guid;
    r.type = u"requests"_s;
    r.requestId = guid;
    r.subscriptionId = sub;
    r.status = RequestStatus(status);
    r.createdDateTime = created;
    r.expirationDateTime = created.addDays(kPendingLifetimeDays);

    // The resources, then the text that goes with them.
    const Target target = pickTarget(random, estate.energy);
    QString resourceName;
    QStringView cluster = estate.admeCluster.name;
    switch (target) {
    case Target::Adme: {
        r.resourceType = u"Microsoft.OpenEnergyPlatform/energyServices"_s;
        r.resourceIds.append(estate.adme.id);
        const double roll = uniform(random);
        if (roll < 0.55)
            r.resourceIds.append(estate.admeCluster.id);
        if (roll < 0.08 && !estate.storage.isEmpty())
            r.resourceIds.append(estate.storage.front().id);
        resourceName = estate.adme.name;
        break;
    }
    case Target::Aks: {
        r.resourceType = u"Microsoft.ContainerService/managedClusters"_s;
        const int count = chance(random, 0.1) ? 2 : 1;
        const QList<int> chosen = pickDistinct(random, int(estate.clusters.size()), count);
        for (const int i : chosen)
            r.resourceIds.append(estate.clusters.at(i).id);
        resourceName = estate.clusters.at(chosen.front()).name;
        break;
    }
    case Target::Vm: {
        r.resourceType = u"Microsoft.Compute/virtualMachines"_s;
        const int count = chance(random, 0.25) ? 2 + random.bounded(2) : 1;
        const QList<int> chosen = pickDistinct(random, int(estate.vms.size()), count);
        for (const int i : chosen)
            r.resourceIds.append(estate.vms.at(i).id);
        resourceName = estate.vms.at(chosen.front()).name;
        break;
    }
    case Target::Storage: {
        r.resourceType = u"Microsoft.Storage/storageAccounts"_s;
        const int count = chance(random, 0.1) ? 2 : 1;
        const QList<int> chosen = pickDistinct(random, int(estate.storage.size()), count);
        for (const int i : chosen)
            r.resourceIds.append(estate.storage.at(i).id);
        resourceName = estate.storage.at(chosen.front()).name;
        break;
    }
    case Target::Sql: {
        r.resourceType = u"Microsoft.Sql/servers"_s;
        const SqlServer &server = estate.sqlServers.at(random.bounded(int(estate.sqlServers.size())));
        const Resource &db = server.databases.at(random.bounded(int(server.databases.size())));
        const double roll = uniform(random);
        if (roll < 0.5) {
            r.resourceIds.append(server.server.id);
            resourceName = server.server.name;
        } else if (roll < 0.8) {
            r.resourceIds.append(server.server.id);
            r.resourceIds.append(db.id);
            resourceName = server.server.name % u'/' % db.name;
        } else {
            r.resourceIds.append(db.id);
            resourceName = server.server.name % u'/' % db.name;
        }
        break;
    }
    case Target::KeyVault: {
        r.resourceType = u"Microsoft.KeyVault/vaults"_s;
        const Resource &vault = estate.vaults.at(random.bounded(int(estate.vaults.size())));
        r.resourceIds.append(vault.id);
        resourceName = vault.name;
        break;
    }
    case Target::WholeSubscription:
        r.resourceType = u"Microsoft.Resources/subscriptions"_s;
        r.resourceIds.append(u"/subscriptions/"_s % sub);
        resourceName = sub;
        break;
    }
    const Template *text = &pickJustification(random, target);
    if (chance(random, 0.02))
        text = &pickPastedJustification(random);

    // Azure support request numbers: the case's creation date (yyMMdd) and ten digits.
    const QDate day = created.date();
    QString caseNumber;
    caseNumber.reserve(16);
    appendPadded(caseNumber, day.year() % 100, 2);
    appendPadded(caseNumber, day.month(), 2);
    appendPadded(caseNumber, day.day(), 2);
    caseNumber += u"00"_s;
    appendPadded(caseNumber, random.bounded(10, 60), 2);
    caseNumber += u"00"_s;
    appendPadded(caseNumber, random.bounded(10000), 4);
    r.supportRequest = caseNumber;
    r.supportCaseUrl = u"https://portal.azure.com/#resource/subscriptions/"_s % sub
        % u"/providers/Microsoft.Support/supportTickets/"_s % caseNumber;

    // The symptom started a little before the engineer asked for access.
    const QTime symptom = created.addMSecs(-(10 * kMinuteMs + random.bounded(8 * kHourMs))).time();
    QString symptomTime;
    symptomTime.reserve(5);
    appendPadded(symptomTime, symptom.hour(), 2);
    symptomTime += u':';
    appendPadded(symptomTime, symptom.minute(), 2);
    r.justification = expand(QStringView(text->text), {resourceName, cluster, caseNumber, symptomTime});

    if (chance(random, 0.03)) {
        r.duration = u"Support request lifetime"_s;
    } else {
        constexpr std::array<int, 5> hourWeights = {14, 6, 12, 5, 63}; // 4..8 h; 8 h is the default
        r.duration = QString::number(4 + int(pickWeighted(random, hourWeights)));
    }

    if (chance(random, 0.15)) {
        r.accessLevel = std::nullopt;
    } else {
        const bool write = chance(random, 0.8) ? text->needsWrite : !text->needsWrite;
        r.accessLevel = write ? u"ReadWrite"_s : u"Read"_s;
    }
    r.workItemSource = chance(random, 0.9) ? u"SupportRequest"_s : u"Other"_s;

    if (chance(random, quirkFraction)) {
        // One bit per kind of oddity; the two timestamp shapes exclude each other.
        std::array<quint32, 5> candidates {};
        int n = 0;
        if (r.durationHours())
            candidates[std::size_t(n++)] = QuirkDurationAsInt;
        candidates[std::size_t(n++)] = QuirkUpperCaseResourceIds;
        candidates[std::size_t(n++)] = QuirkWorkItemSourceCamel;
        candidates[std::size_t(n++)] = QuirkRequestedResourceIds;
        candidates[std::size_t(n++)] = chance(random, 0.5) ? QuirkNoFraction : QuirkMilliFraction;
        for (const int i : pickDistinct(random, n, 1 + random.bounded(2)))
            record.quirks |= candidates[std::size_t(i)];
    }
    record.tickDigits = random.bounded(10000u);

    if (context) {
        context->target = target;
        context->resourceName = resourceName;
        context->caseNumber = caseNumber;
    }
    return record;
}

// Fills in who decided a history record, when and why.
void addDecision(SimRecord &record, const RecordContext &context, QRandomGenerator &random, qint64 nowMs,
                 const QStringList &deciders, const QString &testUpn)
{
    const Kind kind = record.request.status.kind();
    if (kind != Kind::Approved && kind != Kind::Denied && kind != Kind::Revoked && kind != Kind::Completed)
        return;
    const Verdict verdict = kind == Kind::Denied ? Verdict::Deny : Verdict::Approve;
    record.verdict = verdict;

    // Most approvers answer within hours; some take a day and a half. Never after the request
    // would have expired, and never in the future.
    const qint64 createdMs = record.request.createdDateTime.toMSecsSinceEpoch();
    const qint64 minDelay = 5 * kMinuteMs;
    const qint64 maxDelay =
        std::max(minDelay, std::min({36 * kHourMs, nowMs - createdMs - kMinuteMs, kLifetimeMs - kMinuteMs}));
    const double u = uniform(random);
    const qint64 delay = minDelay + qint64(double(maxDelay - minDelay) * u * u);
    record.decidedAt = utcFromMs(createdMs + delay);
    record.settledAt = record.decidedAt.addSecs(2);
    record.decidedBy = chance(random, 0.15) ? testUpn : deciders.at(random.bounded(int(deciders.size())));

    const QStringView reason =
        pickDecisionReason(random, verdict, context.target, record.request.accessLevel == u"ReadWrite"_s);
    record.decisionReason = expand(reason, {context.resourceName, {}, context.caseNumber, {}});
}

const QString kTestUpn = u"avery.approver@contoso.example"_s;

} // namespace

QString makeGuid(QRandomGenerator &random)
{
    quint64 hi = random.generate64();
    quint64 lo = random.generate64();
    hi = (hi & ~quint64(0xF000)) | quint64(0x4000);            // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL; // variant 10xx (RFC 4122)
    constexpr char16_t hex[] = u"0123456789abcdef";
    QString guid(36, Qt::Uninitialized);
    QChar *out = guid.data();
    int pos = 0;
    for (int nibble = 0; nibble < 32; ++nibble) {
        if (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20)
            out[pos++] = u'-';
        const quint64 word = nibble < 16 ? hi : lo;
        const int shift = 60 - 4 * (nibble % 16);
        out[pos++] = QChar(hex[(word >> shift) & 0xF]);
    }
    return guid;
}

ScenarioGenerator::ScenarioGenerator(quint64 seed, const QDateTime &now)
    : m_seed(seed)
    , m_now(now.isValid() ? now.toUTC() : QDateTime::currentDateTimeUtc())
{
}

QString ScenarioGenerator::tenantId() const
{
    QRandomGenerator random = makeStream(m_seed, SaltTenant, 0);
    return makeGuid(random);
}

Principal ScenarioGenerator::testUser() const
{
    QRandomGenerator random = makeStream(m_seed, SaltUsers, 0);
    Principal user;
    user.oid = makeGuid(random);
    user.upn = kTestUpn;
    user.displayName = u"Avery Approver"_s;
    user.globalAdmin = true;
    return user;
}

Principal ScenarioGenerator::otherUser() const
{
    QRandomGenerator random = makeStream(m_seed, SaltUsers, 1);
    Principal user;
    user.oid = makeGuid(random);
    user.upn = u"riley.reader@contoso.example"_s;
    user.displayName = u"Riley Reader"_s;
    user.globalAdmin = false;
    return user;
}

QStringList ScenarioGenerator::colleagues() const
{
    return {
        u"jordan.lee@contoso.example"_s, u"priya.natarajan@contoso.example"_s, u"marco.rossi@contoso.example"_s,
        u"aisha.khan@contoso.example"_s, u"tomasz.nowak@contoso.example"_s,    u"mei.chen@contoso.example"_s,
    };
}

Subscription ScenarioGenerator::makeSubscription(int index) const
{
    const quint64 i = quint64(std::max(index, 0));
    QRandomGenerator random = makeStream(m_seed, SaltSubscription, i);
    Subscription subscription;
    subscription.subscriptionId = makeGuid(random);
    subscription.displayName = subscriptionName(m_seed, i);
    subscription.state = u"Enabled"_s;
    subscription.approvers = {testUser().oid};
    return subscription;
}

QList<SimRecord> ScenarioGenerator::makeRequests(const Subscription &subscription, int index, int count,
                                                 double pendingFraction, double quirkFraction) const
{
    QList<SimRecord> records;
    if (count <= 0)
        return records;
    records.reserve(count);

    const Estate estate = makeEstate(m_seed, subscription);
    QRandomGenerator random = makeStream(m_seed, SaltRequests, quint64(std::max(index, 0)));
    const QStringList deciders = colleagues();
    const qint64 nowMs = m_now.toMSecsSinceEpoch();
    const int pending = std::clamp(int(std::lround(double(count) * std::clamp(pendingFraction, 0.0, 1.0))), 0, count);

    // Approved, Denied, Expired, Revoked, Completed, Error
    constexpr std::array<Kind, 6> historyKinds = {Kind::Approved, Kind::Denied,    Kind::Expired,
                                                  Kind::Revoked,  Kind::Completed, Kind::Error};
    constexpr std::array<int, 6> historyWeights = {45, 15, 30, 4, 4, 2};

    for (int n = 0; n < count; ++n) {
        Kind kind = Kind::Pending;
        qint64 createdMs = 0;
        if (n < pending) {
            // Inside the 4-day window: (now − 4 d + 10 min, now − 1 min].
            createdMs = nowMs - kMinuteMs - random.bounded(kLifetimeMs - 11 * kMinuteMs);
        } else {
            kind = historyKinds[pickWeighted(random, historyWeights)];
            if (kind == Kind::Expired) // its window must have closed before now
                createdMs = nowMs - kLifetimeMs - kMinuteMs - random.bounded(kHistoryMs - kLifetimeMs - kMinuteMs);
            else // at least an hour old, so that it had time to be decided
                createdMs = nowMs - kHourMs - random.bounded(kHistoryMs - kHourMs);
        }
        RecordContext context;
        SimRecord record = makeRecord(estate, random, utcFromMs(createdMs), kind, quirkFraction, &context);
        addDecision(record, context, random, nowMs, deciders, kTestUpn);
        records.append(std::move(record));
    }
    return records;
}

SimRecord ScenarioGenerator::makePending(const Subscription &subscription, const QDateTime &created,
                                         QRandomGenerator &random) const
{
    // Arrivals are served in the spec's shape; the world may set quirks on them itself.
    return makeRecord(makeEstate(m_seed, subscription), random, created.toUTC(), Kind::Pending, 0.0, nullptr);
}

} // namespace lockbox::sim
