#include "listcommand.h"

#include "commandcontext.h"
#include "output.h"

#include "store/decisionoutbox.h"
#include "store/requeststore.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

ListCommand::ListCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

void ListCommand::run()
{
    if (!m_context.openLocal())
        return;
    QString error;
    RequestQuery query;
    query.now = m_context.clock().now();
    const QString status = m_options.isSet(u"status"_s) ? m_options.value(u"status"_s).trimmed() : u"pending"_s;
    if (status.compare(u"pending", Qt::CaseInsensitive) == 0) {
        query.quick = QuickFilter::Pending;
    } else if (status.compare(u"active", Qt::CaseInsensitive) == 0) {
        query.quick = QuickFilter::Active;
    } else if (status.compare(u"history", Qt::CaseInsensitive) == 0) {
        query.quick = QuickFilter::History;
    } else if (status.compare(u"all", Qt::CaseInsensitive) == 0) {
        query.quick = QuickFilter::All;
    } else if (const RequestStatus azure = RequestStatus::fromString(status); azure.isKnown()) {
        query.statuses = {azure};
    } else {
        // A typo must not read as "nothing to decide".
        QStringList known;
        for (int k = 0; k < RequestStatus::knownCount; ++k)
            known.append(RequestStatus::name(RequestStatus::Kind(k)));
        return fail(ExitUsage,
                    tr("unknown status '%1': use pending, active, history, all or one of Azure's statuses "
                       "(%2)")
                        .arg(terminalSafe(status), known.join(u", "_s)));
    }
    query.subscriptionIds = m_options.values(u"subscription"_s);
    query.text = m_options.value(u"search"_s);
    const QList<AccessRequest> requests = m_context.requests()->requests(query, &error);
    if (!error.isEmpty())
        return fail(ExitFailure, error);

    if (m_context.format() == OutputFormat::Json) {
        QJsonArray array;
        for (const AccessRequest &r : requests)
            array.append(m_context.requestJson(r));
        printJson(array);
        return finish(ExitOk);
    }
    Table table({u"id"_s, u"status"_s, u"created"_s, u"expires"_s, u"subscription"_s, u"resource type"_s, u"case"_s,
                 u"justification"_s});
    table.setMaxWidth(u"justification"_s, 60);
    table.setMaxWidth(u"resource type"_s, 44);
    for (const AccessRequest &r : requests) {
        QString statusText = r.status.toString();
        if (const auto queued = m_context.outbox()->liveFor(r.requestId))
            statusText += tr(" (%1 queued)").arg(verdictToString(queued->verdict));
        table.addRow({r.requestId, statusText, shortTime(r.createdDateTime), shortTime(r.expirationDateTime),
                      r.subscriptionId, r.resourceType, r.supportRequest, r.justification});
    }
    if (m_context.format() == OutputFormat::Csv)
        printCsv(table.toCsv());
    else if (requests.isEmpty())
        printErr(tr("no %1 requests in the cache (run 'lockboxctl sync' to refresh it)\n").arg(status));
    else
        printOut(table.toText());
    finish(ExitOk);
}

} // namespace lockbox::cli
