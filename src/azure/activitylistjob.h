#pragma once

#include "armpager.h"
#include "azuretypes.h"

#include <QList>

namespace lockbox {

// Activity Log events of Microsoft.CustomerLockbox in one subscription and time window, every
// page (see ActivityLogApi::list). A window holds at most 90 days of Lockbox events, so the job
// also keeps them all for reading in the slot connected to finished().
class ActivityListJob final : public ArmPager
{
    Q_OBJECT

public:
    ActivityListJob(ArmClient *client, QString subscriptionId, const QUrl &firstUrl, const QString &apiVersion,
                    const ArmError &refusal = ArmError());

    QString subscriptionId() const { return m_subscriptionId; }
    QList<ActivityEvent> events() const { return m_events; }

    static ArmParseResult parsePage(const QByteArray &body);

Q_SIGNALS:
    void page(const QList<lockbox::ActivityEvent> &events);

protected:
    void deliverPage(const QVariant &value) override;
    QString listingName() const override;

private:
    QString m_subscriptionId;
    QList<ActivityEvent> m_events;
};

} // namespace lockbox
