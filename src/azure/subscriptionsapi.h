#pragma once

#include "subscriptionlistjob.h"

namespace lockbox {

class ArmClient;

// GET /subscriptions?api-version=2022-12-01: the subscriptions the signed-in principal can see.
class SubscriptionsApi final
{
public:
    static QString apiVersion(); // "2022-12-01"

    explicit SubscriptionsApi(ArmClient *client);

    // Every page; read job->subscriptions() in the slot connected to finished().
    SubscriptionListJob *list() const;

private:
    ArmClient *m_client;
};

} // namespace lockbox
