#include "scenario.h"

#include <QDate>
#include <QStringBuilder>
#include <QTime>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

using namespace Qt::StringLiterals;

namespace lockbox::sim {

namespace {

using Kind = RequestStatus::Kind;

constexpr qint64 kMinuteMs = qint64(60) * 1000;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr qint64 kHistoryMs = 180 * kDayMs;
constexpr qint64 kLifetimeMs = kPendingLifetimeDays * kDayMs;

// Salts keep the streams for the tenant, users, names, subscriptions, estates and requests apart,
// so that adding a draw to one never shifts another.
enum Salt : quint64 {
    SaltTenant = 0x7465'6e61'6e74ULL,
    SaltUsers = 0x7573'6572'73ULL,
    SaltNames = 0x6e61'6d65'73ULL,
    SaltSubscription = 0x7375'6273ULL,
    SaltEstate = 0x6573'7461'7465ULL,
    SaltRequests = 0x7265'7173ULL,
};

quint64 splitmix64(quint64 &state)
{
    quint64 z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

quint64 mix(quint64 seed, quint64 salt, quint64 index)
{
    quint64 state = seed;
    state ^= splitmix64(state) ^ salt;
    state ^= splitmix64(state) ^ index;
    return splitmix64(state);
}

// A Mersenne Twister seeded with 128 bits, so that nearby seeds and indices give unrelated streams.
QRandomGenerator makeStream(quint64 seed, quint64 salt, quint64 index)
{
    quint64 state = mix(seed, salt, index);
    const quint64 a = splitmix64(state);
    const quint64 b = splitmix64(state);
    const std::array<quint32, 4> words = {quint32(a), quint32(a >> 32), quint32(b), quint32(b >> 32)};
    return {words.data(), qsizetype(words.size())};
}

// FNV-1a over UTF-16 units: stable across runs and machines, unlike qHash.
quint64 fnv1a(QStringView text)
{
    quint64 hash = 0xcbf29ce484222325ULL;
    for (const QChar c : text) {
        hash ^= c.unicode();
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

double uniform(QRandomGenerator &random)
{
    return random.generateDouble();
}

bool chance(QRandomGenerator &random, double p)
{
    return random.generateDouble() < p;
}

template<typename T, std::size_t N>
const T &pick(QRandomGenerator &random, const std::array<T, N> &items)
{
    return items[random.bounded(quint32(N))];
}

// Index into `weights` drawn in proportion to its entries.
template<std::size_t N>
std::size_t pickWeighted(QRandomGenerator &random, const std::array<int, N> &weights)
{
    const int total = std::accumulate(weights.begin(), weights.end(), 0);
    int roll = random.bounded(total);
    for (std::size_t i = 0; i < N; ++i) {
        if (roll < weights[i])
            return i;
        roll -= weights[i];
    }
    return N - 1;
}

// `k` distinct indices out of `n` (n ≤ 16), by a partial Fisher–Yates shuffle.
QList<int> pickDistinct(QRandomGenerator &random, int n, int k)
{
    std::array<int, 16> order {};
    n = std::min(n, int(order.size()));
    std::iota(order.begin(), order.begin() + n, 0);
    k = std::clamp(k, 0, n);
    QList<int> out;
    out.reserve(k);
    for (int i = 0; i < k; ++i) {
        const int j = i + random.bounded(n - i);
        std::swap(order[std::size_t(i)], order[std::size_t(j)]);
        out.append(order[std::size_t(i)]);
    }
    return out;
}

void appendPadded(QString &out, qint64 value, int width)
{
    std::array<char16_t, 20> digits {};
    int count = 0;
    do {
        digits[std::size_t(count++)] = char16_t(u'0' + value % 10);
        value /= 10;
    } while (value > 0 && count < int(digits.size()));
    for (int i = count; i < width; ++i)
        out += u'0';
    while (count > 0)
        out += QChar(digits[std::size_t(--count)]);
}

QString padded(qint64 value, int width)
{
    QString out;
    out.reserve(width);
    appendPadded(out, value, width);
    return out;
}

QDateTime utcFromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

// --- Names ----------------------------------------------------------------------------------

constexpr std::array<QStringView, 3> kOrgs = {u"Contoso", u"Fabrikam", u"Northwind"};

struct Workload
{
    QStringView name;
    QStringView slug; // for resource names
    bool energy;      // hosts Azure Data Manager for Energy
};

constexpr std::array<Workload, 14> kWorkloads = {{
    {u"Energy", u"energy", true},
    {u"Subsurface", u"subsurface", true},
    {u"Seismic Processing", u"seismic", true},
    {u"Reservoir Modelling", u"reservoir", true},
    {u"Data Platform", u"data", false},
    {u"Retail Analytics", u"retail", false},
    {u"Payments", u"payments", false},
    {u"Identity", u"identity", false},
    {u"Web Platform", u"web", false},
    {u"SAP", u"sap", false},
    {u"Shared Services", u"shared", false},
    {u"ML Research", u"ml", false},
    {u"Billing", u"billing", false},
    {u"Logistics", u"logistics", false},
}};

struct Environment
{
    QStringView name;
    QStringView slug;
};

// Both "Production" and "Prod" on purpose: real tenants are never consistent. The first two are
// production, which the first subscription always is.
constexpr std::array<Environment, 7> kEnvironments = {{
    {u"Production", u"prod"},
    {u"Prod", u"prod"},
    {u"Dev", u"dev"},
    {u"Test", u"test"},
    {u"Staging", u"stg"},
    {u"UAT", u"uat"},
    {u"Sandbox", u"sbx"},
}};

constexpr int kNameCount = int(kOrgs.size() * kWorkloads.size() * kEnvironments.size());

constexpr QStringView kNameSeparator = u" \u2013 "; // en dash, as people type it in the portal

constexpr std::array<QStringView, 8> kLocations = {
    u"eastus", u"eastus2", u"southcentralus", u"westeurope", u"northeurope", u"uksouth", u"norwayeast", u"westus2",
};

// --- The resources of one subscription -------------------------------------------------------

enum class Target { Adme, Aks, Vm, Storage, Sql, KeyVault, WholeSubscription };

struct Resource
{
    QString id;
    QString name;
};

struct SqlServer
{
    Resource server;
    QList<Resource> databases;
};

// What lives in a subscription, so that its requests keep naming the same few resources, as they
// do in a real tenant.
struct Estate
{
    QString subscriptionId;
    bool energy = false;
    Resource adme;
    Resource admeCluster; // the AKS cluster in the instance's managed resource group
    QList<Resource> clusters;
    QList<Resource> vms;
    QList<Resource> storage;
    QList<SqlServer> sqlServers;
    QList<Resource> vaults;
};

QString armId(const QString &subscriptionId, const QString &group, QStringView type, const QString &name)
{
    return u"/subscriptions/"_s % subscriptionId % u"/resourceGroups/"_s % group % u"/providers/"_s % type % u'/'
        % name;
}

// Storage account names: 3–24 lower-case letters and digits.
QString storageName(QStringView slug, QStringView role, QStringView env, int number)
{
    QString name = u"st"_s % slug % role % env % padded(number, 2);
    if (name.size() > 24)
        name = u"st"_s % slug.left(24 - 4 - role.size() - env.size()) % role % env % padded(number, 2);
    return name.left(24);
}

Estate makeEstate(quint64 seed, const Subscription &subscription)
{
    Estate estate;
    estate.subscriptionId = subscription.subscriptionId;

    // The names follow the subscription's display name ("Contoso Energy – Production"); a name
    // made elsewhere falls back to neutral defaults.
    QString org = u"contoso"_s;
    QStringView slug = u"ops";
    QStringView env = u"prod";
    const QString &display = subscription.displayName;
    const qsizetype separator = display.indexOf(kNameSeparator);
    const qsizetype firstSpace = display.indexOf(u' ');
    if (separator > 0 && firstSpace > 0 && firstSpace < separator) {
        org = display.left(firstSpace).toLower();
        const QStringView workload = QStringView(display).mid(firstSpace + 1, separator - firstSpace - 1);
        for (const Workload &w : kWorkloads) {
            if (w.name == workload) {
                slug = w.slug;
                estate.energy = w.energy;
            }
        }
        QStringView rest = QStringView(display).mid(separator + kNameSeparator.size());
        const qsizetype suffix = rest.indexOf(u" (");
        if (suffix > 0)
            rest = rest.left(suffix);
        for (const Environment &e : kEnvironments) {
            if (e.name == rest)
                env = e.slug;
        }
    }

    QRandomGenerator random = makeStream(seed, SaltEstate, fnv1a(subscription.subscriptionId));
    const QString &sub = subscription.subscriptionId;
    const QString location = pick(random, kLocations).toString();

    // Azure Data Manager for Energy and the AKS cluster Microsoft runs it on, in the managed
    // resource group ARM names "MC_<group>_<resource>_<location>".
    const QString admeGroup = u"rg-"_s % slug % u'-' % env;
    estate.adme.name = org % u"-adme-"_s % env;
    estate.adme.id = armId(sub, admeGroup, u"Microsoft.OpenEnergyPlatform/energyServices", estate.adme.name);
    estate.admeCluster.name = u"aks-adme-"_s % env % u"-0"_s % QChar(u'1' + random.bounded(2));
    estate.admeCluster.id = armId(sub, u"MC_"_s % admeGroup % u'_' % estate.adme.name % u'_' % location,
                                  u"Microsoft.ContainerService/managedClusters", estate.admeCluster.name);

    constexpr std::array<QStringView, 7> clusterRoles = {u"api",      u"ingest", u"jobs", u"web",
                                                         u"platform", u"search", u"batch"};
    const QString aksGroup = u"rg-"_s % slug % u"-aks-"_s % env;
    for (const int i : pickDistinct(random, int(clusterRoles.size()), 1 + random.bounded(3))) {
        Resource r;
        r.name = u"aks-"_s % slug % u'-' % clusterRoles[std::size_t(i)] % u'-' % env;
        r.id = armId(sub, aksGroup, u"Microsoft.ContainerService/managedClusters", r.name);
        estate.clusters.append(r);
    }

    constexpr std::array<QStringView, 8> vmRoles = {u"app", u"db", u"jump", u"build", u"sftp", u"gw", u"etl", u"dc"};
    const QString vmGroup = u"rg-"_s % slug % u"-vms-"_s % env;
    for (const int i : pickDistinct(random, int(vmRoles.size()), 2 + random.bounded(4))) {
        Resource r;
        r.name =
            u"vm-"_s % slug % u'-' % vmRoles[std::size_t(i)] % u'-' % env % u'-' % padded(1 + random.bounded(12), 2);
        r.id = armId(sub, vmGroup, u"Microsoft.Compute/virtualMachines", r.name);
        estate.vms.append(r);
    }

    constexpr std::array<QStringView, 6> storageRoles = {u"logs", u"data", u"diag", u"raw", u"backup", u"landing"};
    const QString dataGroup = u"rg-"_s % slug % u"-data-"_s % env;
    for (const int i : pickDistinct(random, int(storageRoles.size()), 1 + random.bounded(3))) {
        Resource r;
        r.name = storageName(slug, storageRoles[std::size_t(i)], env, 1 + random.bounded(99));
        r.id = armId(sub, dataGroup, u"Microsoft.Storage/storageAccounts", r.name);
        estate.storage.append(r);
    }

    constexpr std::array<QStringView, 7> databases = {u"orders", u"catalog", u"reporting", u"identity",
                                                      u"audit",  u"wells",   u"telemetry"};
    const QString sqlGroup = u"rg-"_s % slug % u"-sql-"_s % env;
    const int serverCount = 1 + random.bounded(2);
    for (int s = 0; s < serverCount; ++s) {
        SqlServer server;
        server.server.name =
            u"sql-"_s % org % u'-' % slug % u'-' % env % (s == 0 ? QString() : u"-0"_s % QChar(u'1' + s));
        server.server.id = armId(sub, sqlGroup, u"Microsoft.Sql/servers", server.server.name);
        for (const int i : pickDistinct(random, int(databases.size()), 1 + random.bounded(3))) {
            Resource db;
            db.name = u"sqldb-"_s % databases[std::size_t(i)];
            db.id = server.server.id % u"/databases/"_s % db.name;
            server.databases.append(db);
        }
        estate.sqlServers.append(server);
    }

    const QString securityGroup = u"rg-"_s % slug % u"-security-"_s % env;
    const int vaultCount = 1 + random.bounded(2);
    for (int v = 0; v < vaultCount; ++v) {
        Resource r;
        // Vault names are global and at most 24 characters, hence a short random tail.
        r.name =
            QString(u"kv-"_s % slug % u'-' % env % u'-' % QString::number(random.bounded(0x100, 0x1000), 16)).left(24);
        r.id = armId(sub, securityGroup, u"Microsoft.KeyVault/vaults", r.name);
        estate.vaults.append(r);
    }
    return estate;
}

// --- Text ----------------------------------------------------------------------------------

// Placeholders: %R the resource, %S the AKS cluster behind an ADME instance, %C the support case,
// %T a time of day (UTC) shortly before the request.
struct Template
{
    const char16_t *text;
    bool needsWrite; // the work described changes the resource
};

constexpr std::array<Template, 6> kAdmeTexts = {{
    {u"Customer reported the OSDU search service on %R returning HTTP 503 since %T UTC. The AKS nodes behind the "
     u"instance show memory pressure; we need to restart the cluster nodes to mitigate (case %C).",
     true},
    {u"Ingestion workflows (Airflow DAGs) on %R have been stuck in the queued state since %T UTC. We need to restart "
     u"the scheduler pods on %S and collect their logs to find the cause (case %C).",
     true},
    {u"Customer cannot add users to entitlement groups on %R; the entitlements service returns HTTP 500. We need "
     u"read access to the service logs on %S to troubleshoot (case %C).",
     false},
    {u"As agreed in case %C, we need to restart cluster %S behind %R to apply the data partition configuration "
     u"change the customer requested.",
     true},
    {u"Seismic DDMS uploads to %R time out since %T UTC. Engineering needs to check pod health on %S and restart "
     u"the affected node pool (case %C).",
     true},
    {u"Search on %R is missing records ingested after %T UTC. We need to inspect the indexer queue and re-trigger "
     u"indexing for the affected kinds (case %C).",
     false},
}};

constexpr std::array<Template, 5> kAksTexts = {{
    {u"A node pool of cluster %R went into a failed state after an upgrade attempt at %T UTC. We need to inspect "
     u"the nodes and restart the kubelet to restore the pool (case %C).",
     true},
    {u"Customer reports pods on %R stuck in ContainerCreating since %T UTC. We need to collect kubelet and "
     u"containerd logs from the affected nodes (case %C).",
     false},
    {u"The API server of %R is intermittently unreachable. Engineering needs to review the control plane "
     u"diagnostics to find the cause (case %C).",
     false},
    {u"Customer asked us to reimage two nodes of %R that have failed health probes since %T UTC (case %C).", true},
    {u"DNS resolution from pods in %R fails intermittently. We need to inspect the CoreDNS configuration and "
     u"restart the CoreDNS pods (case %C).",
     true},
}};

constexpr std::array<Template, 5> kVmTexts = {{
    {u"VM %R does not boot after a guest OS update (stuck at \"Applying updates\"). We need to attach its OS disk to "
     u"a rescue VM to repair it (case %C).",
     true},
    {u"Customer cannot connect to %R over RDP/SSH since %T UTC. We need to collect the guest logs from the OS disk "
     u"to diagnose (case %C).",
     false},
    {u"VM %R shows 100% CPU in the guest. Engineering needs a memory dump of the guest to find the process at "
     u"fault (case %C).",
     false},
    {u"The disk encryption extension on %R failed during provisioning. We need to read the extension logs on the "
     u"VM to resolve the failure (case %C).",
     false},
    {u"A pending Windows update left %R in a boot loop since %T UTC; we need to roll the update back from the "
     u"offline disk (case %C).",
     true},
}};

constexpr std::array<Template, 4> kStorageTexts = {{
    {u"Requests from a managed identity to storage account %R return HTTP 403 since %T UTC. We need read access to "
     u"the account's diagnostic data to trace the failing requests (case %C).",
     false},
    {u"Customer reports missing blobs on %R after a lifecycle management policy ran. We need to inspect the change "
     u"feed and soft-deleted items to recover the data (case %C).",
     true},
    {u"Throughput on %R dropped sharply at %T UTC. Engineering needs to review the account's partition statistics "
     u"to identify the hot partition (case %C).",
     false},
    {u"An Azure Files share on %R can no longer be mounted from the customer's AKS nodes. We need to check the "
     u"share's SMB sessions and handles (case %C).",
     false},
}};

constexpr std::array<Template, 4> kSqlTexts = {{
    {u"Queries on %R have been timing out since %T UTC. We need to read the query store and wait statistics to "
     u"identify the blocking session (case %C).",
     false},
    {u"%R has been stuck in \"Scaling\" after a service objective change. Engineering needs access to complete the "
     u"operation (case %C).",
     true},
    {u"Geo-replication lag on %R keeps growing. We need to inspect the replication state on the primary "
     u"(case %C).",
     false},
    {u"Customer asked us to restore a dropped table on %R to a point in time before %T UTC, which needs access to "
     u"the backups (case %C).",
     true},
}};

constexpr std::array<Template, 4> kVaultTexts = {{
    {u"Applications get HTTP 429 when reading secrets from key vault %R since %T UTC. We need to review the vault's "
     u"request logs to find the throttled caller (case %C).",
     false},
    {u"A certificate in %R did not auto-renew. We need to inspect the certificate's issuance policy and the "
     u"renewal log (case %C).",
     false},
    {u"Customer cannot recover a soft-deleted key in %R. Engineering needs access to the vault to restore it "
     u"(case %C).",
     true},
    {u"The private endpoint of %R resolves to the public address since %T UTC. We need to read the vault's "
     u"network configuration to troubleshoot (case %C).",
     false},
}};

constexpr std::array<Template, 4> kSubscriptionTexts = {{
    {u"Deployments fail across subscription %R since %T UTC. We need read access to the subscription's resources "
     u"to find the policy assignment that blocks them (case %C).",
     false},
    {u"Customer reports usage charges on %R that do not match the deployed resources. We need to enumerate the "
     u"resources to reconcile the usage records (case %C).",
     false},
    {u"Customer asked for help moving resources out of subscription %R. Engineering needs to review the "
     u"dependencies between resources before the move (case %C).",
     false},
    {u"Several services in %R stopped responding at %T UTC. To correlate the outage we need access across the "
     u"subscription (case %C).",
     true},
}};

// What people paste from e-mails and case notes: markup, ampersands, quotes, line breaks. The
// console must show them as plain text.
constexpr std::array<Template, 3> kPastedTexts = {{
    {u"URGENT \u2013 customer escalation, pasted from the case notes:\n\"<b>urgent</b> production is DOWN for all "
     u"users\" & the customer's CTO is on the bridge. First errors at %T UTC on %R; ingestion & search are both "
     u"degraded. We already restarted the gateway pods with no change. Next step agreed with the customer's "
     u"platform team: restart the affected nodes and collect their logs (case %C).\nThanks & regards,\nAzure Support",
     true},
    {u"Hi team,<br>as discussed on the call (case %C), the customer sees intermittent failures on %R since %T UTC. "
     u"Error text from the customer's screenshot: 'Operation returned an invalid status code \"ServiceUnavailable\"' "
     u"&amp; x-ms-request-id: 7f3c2a10-\u2026<br>We need access to collect diagnostics and will stay within "
     u"read-only operations unless the customer agrees otherwise.<br><br>Regards,<br>Azure Support Engineering",
     false},
    {u"Case %C \u2013 Sev A. Customer's own words: \"our nightly jobs on %R <i>all</i> fail with 'Access denied' "
     u"& we can't wait for Monday!!\"\tEngineering needs access to compare the resource's configuration with the "
     u"last known good state (before %T UTC). Tags from the ticket: <PROD> <P1> <customer-escalation>",
     false},
}};

constexpr std::array<QStringView, 5> kApproveReasons = {
    u"Approved for case %C; the work was agreed with our operations team",
    u"Approved: matches case %C, which we opened",
    u"Approved for case %C. Access limited to the diagnostics discussed on the bridge",
    u"OK to proceed on %R: the customer confirmed the maintenance window",
    u"Approved \u2013 %R is in scope of case %C",
};
constexpr QStringView kApproveRestart =
    u"Approved for case %C: restart of AKS nodes agreed with the customer's platform team";

constexpr QStringView kDenyWriteAccess =
    u"Denied: write access is not needed to collect logs; please request read access only";
constexpr std::array<QStringView, 5> kDenyReasons = {
    u"Denied: case %C is already resolved on our side",
    u"Denied: we cannot match this request to an open case from our team",
    u"Denied: production change freeze until month end; please contact the platform team",
    kDenyWriteAccess,
    u"Denied: please schedule this with the owner of %R first",
};
constexpr QStringView kDenyWholeSubscription =
    u"Denied: scope is the whole subscription; please request access to the specific resource only";

struct TextContext
{
    QStringView resource;
    QStringView cluster;
    QStringView caseNumber;
    QStringView time;
};

// A hand-rolled substitution: cheaper than QString::arg chains for thousands of records.
QString expand(QStringView text, const TextContext &context)
{
    QString out;
    out.reserve(text.size() + context.resource.size() + context.caseNumber.size() + 32);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == u'%' && i + 1 < text.size()) {
            QStringView value;
            bool known = true;
            switch (text[i + 1].unicode()) {
            case u'R':
                value = context.resource;
                break;
            case u'S':
                value = context.cluster;
                break;
            case u'C':
                value = context.caseNumber;
                break;
            case u'T':
                value = context.time;
                break;
            default:
                known = false;
                break;
            }
            if (known) {
                out += value;
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

template<std::size_t N>
const Template &pickTemplate(QRandomGenerator &random, const std::array<Template, N> &texts)
{
    return texts[random.bounded(quint32(N))];
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

    // The resources and the text that goes with them.
    const Target target = pickTarget(random, estate.energy);
    QString resourceName;
    QStringView cluster = estate.admeCluster.name;
    const Template *text = nullptr;
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
        text = &pickTemplate(random, kAdmeTexts);
        break;
    }
    case Target::Aks: {
        r.resourceType = u"Microsoft.ContainerService/managedClusters"_s;
        const int count = chance(random, 0.1) ? 2 : 1;
        const QList<int> chosen = pickDistinct(random, int(estate.clusters.size()), count);
        for (const int i : chosen)
            r.resourceIds.append(estate.clusters.at(i).id);
        resourceName = estate.clusters.at(chosen.front()).name;
        text = &pickTemplate(random, kAksTexts);
        break;
    }
    case Target::Vm: {
        r.resourceType = u"Microsoft.Compute/virtualMachines"_s;
        const int count = chance(random, 0.25) ? 2 + random.bounded(2) : 1;
        const QList<int> chosen = pickDistinct(random, int(estate.vms.size()), count);
        for (const int i : chosen)
            r.resourceIds.append(estate.vms.at(i).id);
        resourceName = estate.vms.at(chosen.front()).name;
        text = &pickTemplate(random, kVmTexts);
        break;
    }
    case Target::Storage: {
        r.resourceType = u"Microsoft.Storage/storageAccounts"_s;
        const int count = chance(random, 0.1) ? 2 : 1;
        const QList<int> chosen = pickDistinct(random, int(estate.storage.size()), count);
        for (const int i : chosen)
            r.resourceIds.append(estate.storage.at(i).id);
        resourceName = estate.storage.at(chosen.front()).name;
        text = &pickTemplate(random, kStorageTexts);
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
        text = &pickTemplate(random, kSqlTexts);
        break;
    }
    case Target::KeyVault: {
        r.resourceType = u"Microsoft.KeyVault/vaults"_s;
        const Resource &vault = estate.vaults.at(random.bounded(int(estate.vaults.size())));
        r.resourceIds.append(vault.id);
        resourceName = vault.name;
        text = &pickTemplate(random, kVaultTexts);
        break;
    }
    case Target::WholeSubscription:
        r.resourceType = u"Microsoft.Resources/subscriptions"_s;
        r.resourceIds.append(u"/subscriptions/"_s % sub);
        resourceName = sub;
        text = &pickTemplate(random, kSubscriptionTexts);
        break;
    }
    if (chance(random, 0.02))
        text = &pickTemplate(random, kPastedTexts);

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

    QStringView reason;
    if (verdict == Verdict::Approve) {
        const bool restart = context.target == Target::Adme || context.target == Target::Aks;
        reason = restart && chance(random, 0.4) ? kApproveRestart : pick(random, kApproveReasons);
    } else {
        const bool wide = context.target == Target::WholeSubscription;
        reason = wide && chance(random, 0.7) ? kDenyWholeSubscription : pick(random, kDenyReasons);
        // Objecting to write access only makes sense when write access was asked for.
        if (reason == kDenyWriteAccess && record.request.accessLevel != u"ReadWrite"_s)
            reason = kDenyReasons.front();
    }
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

    // Names are a seeded shuffle of org × workload × environment, so the first kNameCount
    // subscriptions never share a name. Subscription 0 is always a production energy one, where
    // ADME lives, so that every run shows the classic request.
    std::array<int, kNameCount> order {};
    std::iota(order.begin(), order.end(), 0);
    QRandomGenerator shuffle = makeStream(m_seed, SaltNames, 0);
    for (int n = kNameCount - 1; n > 0; --n)
        std::swap(order[std::size_t(n)], order[std::size_t(shuffle.bounded(n + 1))]);
    const auto energyProduction = [](int combination) {
        const std::size_t env = std::size_t(combination) % kEnvironments.size();
        const std::size_t workload = (std::size_t(combination) / kEnvironments.size()) % kWorkloads.size();
        return env < 2 && kWorkloads[workload].energy;
    };
    std::iter_swap(order.begin(), std::find_if(order.begin(), order.end(), energyProduction));
    const auto k = std::size_t(order[std::size_t(i % quint64(kNameCount))]);

    const Environment &e = kEnvironments[k % kEnvironments.size()];
    const Workload &w = kWorkloads[(k / kEnvironments.size()) % kWorkloads.size()];
    const QStringView o = kOrgs[k / (kEnvironments.size() * kWorkloads.size())];

    QRandomGenerator random = makeStream(m_seed, SaltSubscription, i);
    Subscription subscription;
    subscription.subscriptionId = makeGuid(random);
    subscription.displayName = o % u' ' % w.name % kNameSeparator % e.name;
    if (i >= quint64(kNameCount))
        subscription.displayName += u" ("_s % QString::number(i / quint64(kNameCount) + 1) % u')';
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
