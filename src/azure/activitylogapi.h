#pragma once

#include "activitylistjob.h"

#include <QCoreApplication>
#include <QDateTime>

namespace lockbox {

class ArmClient;

// The Activity Log (Microsoft.Insights eventtypes/management/values, api-version 2015-04-01),
// filtered to resourceProvider Microsoft.CustomerLockbox: Azure's own record of who created,
// approved, denied or let expire each request.
class ActivityLogApi final
{
    Q_DECLARE_TR_FUNCTIONS(ActivityLogApi)

public:
    static QString apiVersion(); // "2015-04-01"
    // ARM answers 400 for a longer window; callers split longer spans.
    static constexpr int kMaxWindowDays = 90;

    explicit ActivityLogApi(ArmClient *client);

    // Events with from <= eventTimestamp <= to, every page. An empty or reversed window, or an
    // unusable subscription id, is refused (BadRequest, nothing sent).
    ActivityListJob *list(const QString &subscriptionId, const QDateTime &from, const QDateTime &to) const;

    // The $filter for a window, as sent.
    static QString filterFor(const QDateTime &from, const QDateTime &to);

private:
    ArmClient *m_client;
};

} // namespace lockbox
