// The names of the generated tenant (organisations, workloads, environments, Azure regions) and
// how a subscription's resources are named and chosen from them.

#include "scenarioestate.h"

#include "scenariorandom.h"

#include <QStringBuilder>

#include <algorithm>
#include <array>
#include <numeric>

using namespace Qt::StringLiterals;

namespace lockbox::sim::scenario {

namespace {

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

} // namespace

QString subscriptionName(quint64 seed, quint64 index)
{
    std::array<int, kNameCount> order {};
    std::iota(order.begin(), order.end(), 0);
    QRandomGenerator shuffle = makeStream(seed, SaltNames, 0);
    for (int n = kNameCount - 1; n > 0; --n)
        std::swap(order[std::size_t(n)], order[std::size_t(shuffle.bounded(n + 1))]);
    const auto energyProduction = [](int combination) {
        const std::size_t env = std::size_t(combination) % kEnvironments.size();
        const std::size_t workload = (std::size_t(combination) / kEnvironments.size()) % kWorkloads.size();
        return env < 2 && kWorkloads[workload].energy;
    };
    std::iter_swap(order.begin(), std::find_if(order.begin(), order.end(), energyProduction));
    const auto k = std::size_t(order[std::size_t(index % quint64(kNameCount))]);

    const Environment &e = kEnvironments[k % kEnvironments.size()];
    const Workload &w = kWorkloads[(k / kEnvironments.size()) % kWorkloads.size()];
    const QStringView o = kOrgs[k / (kEnvironments.size() * kWorkloads.size())];

    QString name = o % u' ' % w.name % kNameSeparator % e.name;
    if (index >= quint64(kNameCount))
        name += u" ("_s % QString::number(index / quint64(kNameCount) + 1) % u')';
    return name;
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

} // namespace lockbox::sim::scenario
