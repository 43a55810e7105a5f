#pragma once

#include "armpager.h"
#include "azuretypes.h"

#include <QList>

namespace lockbox {

// GET /subscriptions, every page (see SubscriptionsApi::list). The list is short, so the job
// also keeps all of it for reading in the slot connected to finished().
class SubscriptionListJob final : public ArmPager
{
    Q_OBJECT

public:
    SubscriptionListJob(ArmClient *client, const QUrl &firstUrl, const QString &apiVersion);

    QList<SubscriptionInfo> subscriptions() const { return m_subscriptions; }

    static ArmParseResult parsePage(const QByteArray &body);

Q_SIGNALS:
    void page(const QList<lockbox::SubscriptionInfo> &subscriptions);

protected:
    void deliverPage(const QVariant &value) override;
    QString listingName() const override;

private:
    QList<SubscriptionInfo> m_subscriptions;
};

} // namespace lockbox
