#include "watchcommand.h"

#include "commandcontext.h"
#include "output.h"

#include "store/requeststore.h"
#include "sync/syncengine.h"

#include <QJsonDocument>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

WatchCommand::WatchCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

void WatchCommand::run()
{
    bool ok = true;
    const int interval = m_options.isSet(u"interval"_s) ? m_options.value(u"interval"_s).toInt(&ok) : 60;
    if (!ok || interval < 1)
        return fail(ExitUsage, tr("--interval wants whole seconds, 1 or more"));
    if (!m_context.openLocal())
        return;
    m_context.withAzure([this, interval] {
        connect(m_context.engine(), &SyncEngine::changed, this, [this](const ChangeSet &changes) {
            if (!m_primed)
                return;
            QList<RequestChange> arrivals;
            for (const RequestChange &c : changes.added) {
                if (c.newStatus.isDecidable())
                    arrivals.append(c);
            }
            for (const RequestChange &c : changes.changed) {
                if (c.newStatus.isDecidable() && !c.oldStatus.isDecidable())
                    arrivals.append(c);
            }
            for (const RequestChange &c : std::as_const(arrivals)) {
                const auto r = m_context.requests()->request(c.requestId);
                if (!r)
                    continue;
                if (m_context.format() == OutputFormat::Json) {
                    printOut(QString::fromUtf8(QJsonDocument(m_context.requestJson(*r)).toJson(QJsonDocument::Compact))
                             + u'\n');
                } else {
                    printOut(terminalSafe(tr("%1  %2  %3  expires %4  %5")
                                              .arg(r->requestId, r->subscriptionId, r->resourceType,
                                                   shortTime(r->expirationDateTime), r->justification.left(100)))
                             + u'\n');
                }
            }
        });
        auto *timer = new QTimer(this);
        timer->setInterval(interval * 1000);
        const QStringList given = m_options.values(u"subscription"_s);
        const auto poll = [this, given] {
            if (m_context.engine()->isRunning())
                return;
            m_context.withSubscriptions(given, [this](const QStringList &subscriptions) {
                m_context.engine()->sync(subscriptions, SyncEngine::Mode::Auto, true);
            });
        };
        connect(timer, &QTimer::timeout, this, poll);
        connect(m_context.engine(), &SyncEngine::subscriptionFinished, this, [](const SyncEngine::Result &r) {
            if (r.error.isError())
                printErr(tr("%1: %2\n").arg(r.subscriptionId, r.error.toDisplayString()));
        });
        // The first run only fills the cache: what is pending already is not news.
        connect(m_context.engine(), &SyncEngine::finished, this,
                [this](const QList<SyncEngine::Result> &) { m_primed = true; });
        m_context.withSubscriptions(given, [this, timer](const QStringList &subscriptions) {
            m_context.engine()->sync(subscriptions, SyncEngine::Mode::Auto, true);
            timer->start();
        });
    });
}

} // namespace lockbox::cli
