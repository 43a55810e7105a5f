#pragma once

#include "azure/armerror.h"
#include "azure/azuretypes.h"

#include <QList>
#include <QStringList>

#include <functional>
#include <optional>

class QObject;

namespace lockbox {
class ArmClient;
}

// What the signed-in account can see and switch, asked of Resource Manager the same way by the
// console's engine and by lockboxctl: its subscriptions (which also name the tenant) and the
// tenant's Customer Lockbox switch. Each answer reaches `done` on `context`'s thread, unless
// `context` is gone by then.
namespace lockbox::engine::tenantdirectory {

// GET /subscriptions, every page.
using SubscriptionsDone = std::function<void(const QList<SubscriptionInfo> &subscriptions, const ArmError &error)>;
void listSubscriptions(ArmClient *client, QObject *context, SubscriptionsDone done);

// The subscriptions to sync: those listed, narrowed to `chosen` when it is not empty (matched
// without regard to case), then any chosen one the list lacks (it is still tried; its error
// will say why).
QStringList subscriptionsToSync(const QList<SubscriptionInfo> &listed, const QStringList &chosen);

// The tenant the subscriptions belong to (the first that names one); empty when none does.
QString tenantOf(const QList<SubscriptionInfo> &subscriptions);

// Whether Customer Lockbox is on for `tenantId` (GET tenantOptedIn); no value on an error.
using OptInDone = std::function<void(std::optional<bool> optedIn, const ArmError &error)>;
void readTenantLockbox(ArmClient *client, const QString &tenantId, QObject *context, OptInDone done);

// Switches Customer Lockbox on or off for the signed-in account's tenant. `onlyAdmin` when the
// server refused because the caller is no Global Administrator.
using SwitchDone = std::function<void(const ArmError &error, bool onlyAdmin)>;
void switchTenantLockbox(ArmClient *client, bool enable, QObject *context, SwitchDone done);

} // namespace lockbox::engine::tenantdirectory
