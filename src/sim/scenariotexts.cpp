// The words of the generated requests and decisions, as support engineers and approvers write
// them, and the placeholders filled in.

#include "scenariotexts.h"

#include "scenariorandom.h"

#include <array>

using namespace Qt::StringLiterals;

namespace lockbox::sim::scenario {

namespace {

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

template<std::size_t N>
const Template &pickTemplate(QRandomGenerator &random, const std::array<Template, N> &texts)
{
    return texts[random.bounded(quint32(N))];
}

} // namespace

const Template &pickJustification(QRandomGenerator &random, Target target)
{
    switch (target) {
    case Target::Adme:
        return pickTemplate(random, kAdmeTexts);
    case Target::Aks:
        return pickTemplate(random, kAksTexts);
    case Target::Vm:
        return pickTemplate(random, kVmTexts);
    case Target::Storage:
        return pickTemplate(random, kStorageTexts);
    case Target::Sql:
        return pickTemplate(random, kSqlTexts);
    case Target::KeyVault:
        return pickTemplate(random, kVaultTexts);
    case Target::WholeSubscription:
        break;
    }
    return pickTemplate(random, kSubscriptionTexts);
}

const Template &pickPastedJustification(QRandomGenerator &random)
{
    return pickTemplate(random, kPastedTexts);
}

QStringView pickDecisionReason(QRandomGenerator &random, Verdict verdict, Target target, bool writeAccess)
{
    if (verdict == Verdict::Approve) {
        const bool restart = target == Target::Adme || target == Target::Aks;
        return restart && chance(random, 0.4) ? kApproveRestart : pick(random, kApproveReasons);
    }
    const bool wide = target == Target::WholeSubscription;
    const QStringView reason = wide && chance(random, 0.7) ? kDenyWholeSubscription : pick(random, kDenyReasons);
    // Objecting to write access only makes sense when write access was asked for.
    if (reason == kDenyWriteAccess && !writeAccess)
        return kDenyReasons.front();
    return reason;
}

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

} // namespace lockbox::sim::scenario
