#pragma once

// The tenant the scenario generator makes up: subscription names (organisation, workload,
// environment) and the resources that live in each subscription, so that its requests keep
// naming the same few resources, as they do in a real tenant. Internal to the scenario generator
// (scenario*.cpp).

#include "simtypes.h"

#include <QList>
#include <QString>

namespace lockbox::sim::scenario {

// The display name of subscription `index`, such as "Contoso Energy – Production". Names are a
// seeded shuffle of organisation × workload × environment, so that the first few hundred
// subscriptions never share a name (later ones get " (2)", " (3)", …). Subscription 0 is always
// a production energy one, where ADME lives, so that every run shows the classic request.
QString subscriptionName(quint64 seed, quint64 index);

// What a request asks access to.
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

// The resources of `subscription`, named after its display name; a name made elsewhere gets
// neutral defaults. Depends only on the seed and the subscription.
Estate makeEstate(quint64 seed, const Subscription &subscription);

} // namespace lockbox::sim::scenario
