#include "auditcommand.h"

#include "commandcontext.h"
#include "output.h"

#include "engine/auditactions.h"
#include "engine/auditformat.h"
#include "store/auditlog.h"
#include "store/requeststore.h"
#include "sync/activityimporter.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

std::optional<QDateTime> parseWhen(const QString &text, bool endOfDay)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid()) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (!d.isValid())
            return std::nullopt;
        t = QDateTime(d, endOfDay ? QTime(23, 59, 59, 999) : QTime(0, 0), Qt::UTC);
    }
    return t.toUTC();
}

} // namespace

AuditCommand::AuditCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

void AuditCommand::run()
{
    store::AuditQuery query;
    // By event time, oldest first: a terminal keeps the newest lines in view, and an imported
    // event reads before the decisions on it.
    query.order = store::AuditQuery::Order::OldestFirst;
    if (m_options.isSet(u"since"_s)) {
        const auto t = parseWhen(m_options.value(u"since"_s), false);
        if (!t)
            return fail(
                ExitUsage,
                tr("--since wants a date or date-time such as 2026-11-01, not '%1'").arg(m_options.value(u"since"_s)));
        query.since = *t;
    }
    if (m_options.isSet(u"until"_s)) {
        const auto t = parseWhen(m_options.value(u"until"_s), true);
        if (!t)
            return fail(
                ExitUsage,
                tr("--until wants a date or date-time such as 2026-11-30, not '%1'").arg(m_options.value(u"until"_s)));
        query.until = *t;
    }
    query.requestId = m_options.value(u"request"_s);
    const bool import = m_options.isSet(u"import-activity-log"_s);
    if (!m_context.openLocal())
        return;

    const auto show = [this, query] {
        if (m_options.isSet(u"verify"_s)) {
            const store::AuditVerification v = m_context.audit()->verify();
            if (m_context.format() == OutputFormat::Json) {
                QJsonObject o;
                o.insert(u"ok"_s, v.ok);
                o.insert(u"recordsChecked"_s, v.recordsChecked);
                o.insert(u"firstBadSequence"_s, v.firstBadSequence);
                o.insert(u"message"_s, v.message);
                printJson(o);
            } else {
                (v.ok ? printOut : printErr)(v.message + u'\n');
            }
            return finish(v.ok ? ExitOk : ExitIntegrity);
        }
        QString readError;
        const QList<AuditRecord> records = m_context.audit()->records(query, &readError);
        if (!readError.isEmpty())
            return fail(ExitFailure, readError);
        if (m_context.format() == OutputFormat::Json) {
            QJsonArray array;
            for (const AuditRecord &a : records)
                array.append(engine::AuditFormat::json(a));
            printJson(array);
            return finish(ExitOk);
        }
        if (m_context.format() == OutputFormat::Csv) {
            QString csv = engine::AuditFormat::csvHeader();
            for (const AuditRecord &a : records)
                csv += engine::AuditFormat::csvLine(a);
            printCsv(csv);
            return finish(ExitOk);
        }
        // The action in words, then as stored: the code is what --format json|csv carry and what
        // scripts match.
        Table table({u"seq"_s, u"time"_s, u"source"_s, u"actor"_s, u"action"_s, u"code"_s, u"request"_s, u"outcome"_s,
                     u"reason"_s});
        table.setMaxWidth(u"action"_s, 40);
        table.setMaxWidth(u"code"_s, 40);
        table.setMaxWidth(u"reason"_s, 50);
        table.setMaxWidth(u"outcome"_s, 40);
        for (const AuditRecord &a : records) {
            table.addRow({QString::number(a.sequence), shortTime(a.time), AuditRecord::sourceName(a.source), a.actor,
                          engine::auditActionName(a.action), a.action, a.requestId, a.outcome, a.reason});
        }
        printOut(table.toText());
        finish(ExitOk);
    };
    if (!import)
        return show();
    // An import on its own says what it did; the whole trail (hundreds of lines) is listed only
    // when asked for some of it.
    const bool list = m_options.isSet(u"since"_s) || m_options.isSet(u"until"_s) || m_options.isSet(u"request"_s)
        || m_options.isSet(u"verify"_s);
    m_context.withAzure([this, show, list] {
        auto *importer =
            new ActivityImporter(m_context.client(), m_context.audit(), m_context.clock(), this, m_context.requests());
        connect(importer, &ActivityImporter::finished, this,
                [this, show, list](int imported, const QStringList &errors) {
                    for (const QString &e : errors)
                        printErr(tr("Activity Log: %1\n").arg(e));
                    if (list) {
                        printErr(tr("imported %n new Activity Log record(s)\n", nullptr, imported));
                        return show();
                    }
                    const QString summary =
                        tr("Imported %n new Activity Log record(s). 'lockboxctl audit --since DATE' lists the trail.\n",
                           nullptr, int(imported));
                    (m_context.format() == OutputFormat::Table ? printOut : printErr)(summary);
                    finish(errors.isEmpty() ? ExitOk : ExitFailure);
                });
        QStringList given = m_options.values(u"subscription"_s);
        if (given.isEmpty())
            given = m_context.requests()->subscriptions();
        m_context.withSubscriptions(given,
                                    [importer](const QStringList &subscriptions) { importer->import(subscriptions); });
    });
}

} // namespace lockbox::cli
