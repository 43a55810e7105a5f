#include "synccommand.h"

#include "commandcontext.h"
#include "output.h"

#include "sync/decisionservice.h"
#include "sync/syncengine.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

QString changeSummary(const ChangeSet &c)
{
    return tr("%1 new, %2 changed, %3 removed, %4 unchanged")
        .arg(c.added.size())
        .arg(c.changed.size())
        .arg(c.removed.size())
        .arg(c.unchanged);
}

} // namespace

SyncCommand::SyncCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

void SyncCommand::run()
{
    if (!m_context.openLocal())
        return;
    m_context.withAzure([this] {
        const bool full = m_options.isSet(u"full"_s);
        const QStringList given = m_options.values(u"subscription"_s);
        // Decisions left queued by an earlier failure go out first.
        connect(
            m_context.decisions(), &DecisionService::idle, this,
            [this, full, given] {
                m_context.withSubscriptions(given, [this, full](const QStringList &subscriptions) {
                    runSync(subscriptions, full, [this](int code) { finish(code); });
                });
            },
            Qt::SingleShotConnection);
        connect(m_context.decisions(), &DecisionService::finished, this, [](const DecisionService::Outcome &outcome) {
            const QueuedDecision &d = outcome.decision;
            printErr(tr("queued decision on %1: %2%3\n")
                         .arg(d.requestId, QueuedDecision::stateName(d.state),
                              outcome.error.isError() ? u" ("_s + outcome.error.toDisplayString() + u')' : QString()));
        });
        m_context.decisions()->resume();
    });
}

void SyncCommand::runSync(const QStringList &subscriptions, bool full, const std::function<void(int code)> &then)
{
    connect(
        m_context.engine(), &SyncEngine::finished, this,
        [this, then](const QList<SyncEngine::Result> &results) {
            int code = ExitOk;
            QJsonArray json;
            Table table({u"subscription"_s, u"mode"_s, u"result"_s});
            for (const SyncEngine::Result &r : results) {
                QJsonObject o;
                o.insert(u"subscriptionId"_s, r.subscriptionId);
                o.insert(u"mode"_s, r.full ? u"full"_s : u"pending"_s);
                o.insert(u"added"_s, int(r.changes.added.size()));
                o.insert(u"changed"_s, int(r.changes.changed.size()));
                o.insert(u"removed"_s, int(r.changes.removed.size()));
                o.insert(u"unchanged"_s, r.changes.unchanged);
                QString result = changeSummary(r.changes);
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
                printOut(table.toCsv());
            else
                printOut(table.toText());
            then(code);
        },
        Qt::SingleShotConnection);
    m_context.engine()->sync(subscriptions, full ? SyncEngine::Mode::Full : SyncEngine::Mode::Auto, false);
}

} // namespace lockbox::cli
