#include "queuecommand.h"

#include "commandcontext.h"
#include "output.h"

#include "store/decisionoutbox.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

QueueCommand::QueueCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

void QueueCommand::run()
{
    if (!m_context.openLocal())
        return;
    QString error;
    const QList<QueuedDecision> live = m_context.outbox()->live(&error);
    if (!error.isEmpty())
        return fail(ExitFailure, error);
    if (m_context.format() == OutputFormat::Json) {
        QJsonArray array;
        for (const QueuedDecision &d : live) {
            QJsonObject o;
            o.insert(u"id"_s, d.id.toString(QUuid::WithoutBraces));
            o.insert(u"requestId"_s, d.requestId);
            o.insert(u"subscriptionId"_s, d.subscriptionId);
            o.insert(u"verdict"_s, verdictToString(d.verdict));
            o.insert(u"reason"_s, d.reason);
            o.insert(u"state"_s, QueuedDecision::stateName(d.state));
            o.insert(u"attempts"_s, d.attempts);
            o.insert(u"createdAt"_s, iso(d.createdAt));
            o.insert(u"lastError"_s, d.lastError);
            array.append(o);
        }
        printJson(array);
        return finish(ExitOk);
    }
    Table table({u"request"_s, u"verdict"_s, u"state"_s, u"attempts"_s, u"queued"_s, u"last error"_s});
    table.setMaxWidth(u"last error"_s, 60);
    for (const QueuedDecision &d : live) {
        table.addRow({d.requestId, verdictToString(d.verdict), QueuedDecision::stateName(d.state),
                      QString::number(d.attempts), shortTime(d.createdAt), d.lastError});
    }
    if (m_context.format() == OutputFormat::Csv)
        printCsv(table.toCsv());
    else if (live.isEmpty())
        printErr(tr("no decisions waiting to be sent\n"));
    else
        printOut(table.toText());
    finish(ExitOk);
}

} // namespace lockbox::cli
