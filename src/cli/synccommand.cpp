#include "synccommand.h"

#include "commandcontext.h"
#include "output.h"

#include "core/auditrecord.h"
#include "engine/profile.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "sync/activityimporter.h"
#include "sync/decisionservice.h"
#include "sync/syncengine.h"

#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

// As far back as Azure's Activity Log goes (it keeps 90 days).
constexpr int kActivityLogDays = 89;

QString changeSummary(const ChangeCounts &c)
{
    return tr("%1 new, %2 changed, %3 removed, %4 unchanged")
        .arg(c.added)
        .arg(c.changed)
        .arg(c.removed)
        .arg(c.unchanged);
}

} // namespace

SyncCommand::SyncCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

void SyncCommand::run()
{
    // The integrity check runs beside the fetching; the first write waits for it.
    if (!m_context.openLocal(true))
        return;
    m_context.withAzure([this] {
        const bool full = m_options.isSet(u"full"_s);
        const QStringList given = m_options.values(u"subscription"_s);
        // Decisions left queued by an earlier failure go out first.
        connect(
            m_context.decisions(), &DecisionService::idle, this,
            [this, full, given] {
                m_context.withSubscriptions(given, [this, full](const QStringList &subscriptions) {
                    runSync(subscriptions, full, [this, subscriptions](int code) {
                        if (m_options.isSet(u"import-activity-log"_s))
                            importActivityLog(subscriptions, code);
                        else
                            finish(code);
                    });
                });
            },
            Qt::SingleShotConnection);
        connect(m_context.decisions(), &DecisionService::finished, this, [](const DecisionService::Outcome &outcome) {
            const QueuedDecision &d = outcome.decision;
            // A decision refused before it was sent has no ARM error: its reason is its lastError.
            const QString why = outcome.error.isError()    ? outcome.error.toDisplayString()
                : d.state == QueuedDecision::State::Failed ? d.lastError
                                                           : QString();
            printErr(tr("queued decision on %1: %2%3\n")
                         .arg(d.requestId, QueuedDecision::stateName(d.state),
                              why.isEmpty() ? QString() : u" ("_s + why + u')'));
        });
        m_context.decisions()->resume();
    });
}

void SyncCommand::runSync(const QStringList &subscriptions, bool full, const std::function<void(int code)> &then)
{
    // A subscription that could not write because the file is damaged ends the run: every other
    // one would fetch its listing only to be refused too.
    connect(m_context.engine(), &SyncEngine::subscriptionFinished, this, [this](const SyncEngine::Result &) {
        store::Database *db = m_context.profile() ? m_context.profile()->database() : nullptr;
        if (db && db->lastProblem() == store::Database::Problem::Corrupt)
            m_context.engine()->cancel();
    });
    connect(
        m_context.engine(), &SyncEngine::finished, this,
        [this, then](const QList<SyncEngine::Result> &results) {
            // The database's check ran beside the fetching: a damaged file's results are not told
            // as if they were sound (finish() says why, with exit 6).
            if (m_context.profile() && m_context.profile()->database()
                && !m_context.profile()->database()->quickCheckResult()) {
                then(ExitIntegrity);
                return;
            }
            int code = ExitOk;
            QJsonArray json;
            Table table({u"subscription"_s, u"mode"_s, u"result"_s});
            for (const SyncEngine::Result &r : results) {
                QJsonObject o;
                o.insert(u"subscriptionId"_s, r.subscriptionId);
                o.insert(u"mode"_s, r.full ? u"full"_s : u"pending"_s);
                o.insert(u"added"_s, r.counts.added);
                o.insert(u"changed"_s, r.counts.changed);
                o.insert(u"removed"_s, r.counts.removed);
                o.insert(u"unchanged"_s, r.counts.unchanged);
                QString result = changeSummary(r.counts);
                if (r.error.isError()) {
                    o.insert(u"error"_s, r.error.toDisplayString());
                    result = tr("failed: %1").arg(r.error.toDisplayString());
                    if (code == ExitOk)
                        code = exitCodeFor(r.error);
                }
                json.append(o);
                table.addRow({r.subscriptionId, r.full ? tr("full") : tr("pending"), result});
            }
            if (m_context.format() == OutputFormat::Json)
                printJson(json);
            else if (m_context.format() == OutputFormat::Csv)
                printCsv(table.toCsv());
            else
                printOut(table.toText());
            then(code);
        },
        Qt::SingleShotConnection);
    m_context.engine()->sync(subscriptions, full ? SyncEngine::Mode::Full : SyncEngine::Mode::Auto, false);
}

void SyncCommand::importActivityLog(const QStringList &subscriptions, int syncCode)
{
    const QDateTime since = m_context.clock().now().toUTC().addDays(-kActivityLogDays);
    auto *importer =
        new ActivityImporter(m_context.client(), m_context.audit(), m_context.clock(), this, m_context.requests());
    connect(importer, &ActivityImporter::finished, this,
            [this, subscriptions, since, syncCode](int imported, const QStringList &errors) {
                for (const QString &e : errors)
                    printErr(tr("Activity Log: %1\n").arg(e));
                // One line on what the trail now holds for these subscriptions, not the trail
                // itself (hundreds of lines): 'audit' lists it.
                store::AuditQuery query;
                query.source = AuditRecord::Source::Azure;
                query.since = since;
                QString readError;
                const QList<AuditRecord> records = m_context.audit()->records(query, &readError);
                if (!readError.isEmpty())
                    return fail(ExitFailure, readError);
                QSet<QString> wanted;
                for (const QString &id : subscriptions)
                    wanted.insert(id.toLower());
                int count = 0;
                QDateTime first;
                QDateTime last;
                for (const AuditRecord &a : records) {
                    if (!wanted.contains(a.subscriptionId.toLower()))
                        continue;
                    ++count;
                    if (!first.isValid() || a.time < first)
                        first = a.time;
                    if (!last.isValid() || a.time > last)
                        last = a.time;
                }
                const QString forSubscriptions = tr("for %n subscription(s)", nullptr, int(subscriptions.size()));
                QString summary;
                if (count == 0) {
                    summary =
                        tr("Activity Log: no Lockbox events in the last %n day(s) %1.\n", nullptr, kActivityLogDays)
                            .arg(forSubscriptions);
                } else {
                    const QString from = first.toUTC().date().toString(Qt::ISODate);
                    summary = tr("Activity Log: %n record(s) %1, %2 … %3 (%4 new). 'lockboxctl audit --since %2' "
                                 "lists them.\n",
                                 nullptr, count)
                                  .arg(forSubscriptions, from, last.toUTC().date().toString(Qt::ISODate))
                                  .arg(imported);
                }
                // --format json and csv keep standard output to the sync's results.
                (m_context.format() == OutputFormat::Table ? printOut : printErr)(summary);
                finish(syncCode == ExitOk && !errors.isEmpty() ? ExitFailure : syncCode);
            });
    importer->import(subscriptions, kActivityLogDays);
}

} // namespace lockbox::cli
