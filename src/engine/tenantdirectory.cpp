#include "engine/tenantdirectory.h"

#include "azure/armcall.h"
#include "azure/lockboxapi.h"
#include "azure/subscriptionlistjob.h"
#include "azure/subscriptionsapi.h"

#include <QObject>

namespace lockbox::engine::tenantdirectory {

void listSubscriptions(ArmClient *client, QObject *context, SubscriptionsDone done)
{
    SubscriptionsApi api(client);
    SubscriptionListJob *job = api.list();
    QObject::connect(job, &ArmPager::finished, context, [job, done = std::move(done)](const ArmError &error) {
        done(error.isError() ? QList<SubscriptionInfo>() : job->subscriptions(), error);
    });
}

QStringList subscriptionsToSync(const QList<SubscriptionInfo> &listed, const QStringList &chosen)
{
    QStringList ids;
    for (const SubscriptionInfo &info : listed) {
        if (chosen.isEmpty() || chosen.contains(info.subscriptionId, Qt::CaseInsensitive))
            ids.append(info.subscriptionId);
    }
    for (const QString &id : chosen) {
        if (!ids.contains(id, Qt::CaseInsensitive))
            ids.append(id);
    }
    return ids;
}

QString tenantOf(const QList<SubscriptionInfo> &subscriptions)
{
    for (const SubscriptionInfo &info : subscriptions) {
        if (!info.tenantId.isEmpty())
            return info.tenantId;
    }
    return {};
}

void readTenantLockbox(ArmClient *client, const QString &tenantId, QObject *context, OptInDone done)
{
    LockboxApi api(client);
    ArmCall *call = api.tenantOptedIn(tenantId);
    QObject::connect(call, &ArmCall::finished, context, [call, done = std::move(done)] {
        if (!call->isOk())
            return done(std::nullopt, call->error());
        done(LockboxApi::optedInOf(call), ArmError());
    });
}

void switchTenantLockbox(ArmClient *client, bool enable, QObject *context, SwitchDone done)
{
    LockboxApi api(client);
    ArmCall *call = enable ? api.enableLockbox() : api.disableLockbox();
    QObject::connect(call, &ArmCall::finished, context, [call, done = std::move(done)] {
        const ArmError error = call->isOk() ? ArmError() : call->error();
        done(error, error.kind == ArmError::Kind::Forbidden);
    });
}

} // namespace lockbox::engine::tenantdirectory
