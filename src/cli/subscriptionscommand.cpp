#include "subscriptionscommand.h"

#include "commandcontext.h"
#include "output.h"

#include "azure/subscriptionlistjob.h"
#include "azure/subscriptionsapi.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

SubscriptionsCommand::SubscriptionsCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

void SubscriptionsCommand::run()
{
    if (!m_context.openLocal())
        return;
    m_context.withAzure([this] {
        SubscriptionsApi api(m_context.client());
        SubscriptionListJob *job = api.list();
        connect(job, &ArmPager::finished, this, [this, job](const ArmError &err) {
            if (err.isError())
                return fail(exitCodeFor(err), tr("cannot list the subscriptions: %1").arg(err.toDisplayString()));
            const auto subscriptions = job->subscriptions();
            if (m_context.format() == OutputFormat::Json) {
                QJsonArray array;
                for (const SubscriptionInfo &s : subscriptions) {
                    QJsonObject o;
                    o.insert(u"subscriptionId"_s, s.subscriptionId);
                    o.insert(u"displayName"_s, s.displayName);
                    o.insert(u"state"_s, s.state);
                    o.insert(u"tenantId"_s, s.tenantId);
                    array.append(o);
                }
                printJson(array);
                return finish(ExitOk);
            }
            Table table({u"subscription"_s, u"name"_s, u"state"_s, u"tenant"_s});
            for (const SubscriptionInfo &s : subscriptions)
                table.addRow({s.subscriptionId, s.displayName, s.state, s.tenantId});
            if (m_context.format() == OutputFormat::Csv)
                printCsv(table.toCsv());
            else
                printOut(table.toText());
            finish(ExitOk);
        });
    });
}

} // namespace lockbox::cli
