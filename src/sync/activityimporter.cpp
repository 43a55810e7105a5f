#include "activityimporter.h"

#include "azure/activitylistjob.h"
#include "azure/activitylogapi.h"
#include "azure/azurejson.h"
#include "core/auditrecord.h"
#include "core/clock.h"
#include "store/auditlog.h"
#include "store/requeststore.h"

#include <QHash>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

using namespace Qt::StringLiterals;

namespace lockbox {

namespace {

// Azure's name of a known action; the operation's own (cut) name for one we do not know.
QString actionName(ActivityAction action, const QString &operationName)
{
    return action == ActivityAction::Unknown ? operationName.left(200) : AzureJson::actionName(action);
}

} // namespace

ActivityImporter::ActivityImporter(ArmClient *client, store::AuditLog *audit, const Clock &clock, QObject *parent,
                                   store::RequestStore *requests)
    : QObject(parent)
    , m_api(std::make_unique<ActivityLogApi>(client))
    , m_audit(audit)
    , m_requests(requests)
    , m_clock(clock)
{
}

ActivityImporter::~ActivityImporter() = default;

void ActivityImporter::import(const QStringList &subscriptionIds, int days)
{
    m_queue = subscriptionIds;
    m_subscriptionId.clear();
    m_windows.clear();
    m_days = qBound(1, days, ActivityLogApi::kMaxWindowDays - 1);
    m_imported = 0;
    m_errors.clear();
    QMetaObject::invokeMethod(this, &ActivityImporter::next, Qt::QueuedConnection);
}

void ActivityImporter::next()
{
    if (m_windows.isEmpty()) {
        if (m_queue.isEmpty()) {
            Q_EMIT finished(m_imported, m_errors);
            return;
        }
        m_subscriptionId = m_queue.takeFirst();
        const QDateTime to = m_clock.now();
        m_windows.append({to.addDays(-m_days), to});
    }
    importWindow(m_windows.takeFirst());
}

void ActivityImporter::importWindow(const Window &window)
{
    ActivityListJob *job = m_api->list(m_subscriptionId, window.from, window.to);
    connect(job, &ArmPager::finished, this, [this, job, window](const ArmError &error) {
        if (error.isError()) {
            const qint64 spanMs = window.from.msecsTo(window.to);
            if (job->passedListingLimit() && spanMs >= 2 * qint64(kMinWindowSecs) * 1000) {
                // Both halves hold their common instant (the filter's bounds are inclusive and
                // events carry finer times than the filter); an event listed twice is imported once.
                const QDateTime middle = window.from.addMSecs(spanMs / 2);
                qCDebug(lcSync).noquote() << "the Activity Log window of" << spanMs / 1000
                                          << "s passed the listing limit; importing it in two halves";
                m_windows.prepend({middle, window.to});
                m_windows.prepend({window.from, middle});
            } else {
                fail(error.toDisplayString());
            }
            next();
            return;
        }
        QList<AuditRecord> records;
        const QList<ActivityEvent> events = job->events();
        records.reserve(events.size());
        for (const ActivityEvent &e : events) {
            AuditRecord r;
            r.time = e.timestamp;
            r.actor = e.caller;
            r.action = actionName(e.action, e.operationName);
            r.requestId = e.requestId;
            r.subscriptionId = e.subscriptionId.isEmpty() ? m_subscriptionId : e.subscriptionId;
            r.reason = e.reason;
            r.outcome = e.status;
            r.source = AuditRecord::Source::Azure;
            r.externalId = e.eventDataId;
            records.append(r);
        }
        // Oldest first, so the trail reads in the order things happened.
        std::sort(records.begin(), records.end(),
                  [](const AuditRecord &a, const AuditRecord &b) { return a.time < b.time; });
        QString dbError;
        if (const auto added = m_audit->importAzure(records, &dbError))
            m_imported += *added;
        else
            fail(dbError);
        recordApprovals(events);
        next();
    });
}

// One line for the subscription, and none of its windows still to import.
void ActivityImporter::fail(const QString &message)
{
    m_errors.append(m_subscriptionId + u": "_s + message);
    m_windows.clear();
}

void ActivityImporter::recordApprovals(const QList<ActivityEvent> &events)
{
    if (!m_requests)
        return;
    // The earliest approval event of each request (a page lists the newest first), as the schema's
    // migration takes it; an event that says it failed approved nothing.
    QHash<QString, const ActivityEvent *> earliest;
    for (const ActivityEvent &e : events) {
        if ((e.action != ActivityAction::Approve && e.action != ActivityAction::AutoApprove) || e.requestId.isEmpty()
            || !e.timestamp.isValid() || e.status.contains(u"fail", Qt::CaseInsensitive))
            continue;
        const ActivityEvent *&first = earliest[e.requestId.toLower()];
        if (!first || e.timestamp < first->timestamp)
            first = &e;
    }
    ChangeSet changes;
    for (const ActivityEvent *e : std::as_const(earliest)) {
        QString dbError;
        const auto recorded =
            m_requests->recordApproval(e->requestId, e->timestamp, ApprovalSource::ActivityLog, &dbError);
        if (!recorded) {
            qCWarning(lcSync) << "could not record an approval time from the Activity Log:" << dbError;
            continue;
        }
        changes.changed.append(recorded->changed);
    }
    if (!changes.isEmpty())
        Q_EMIT changed(changes);
}

} // namespace lockbox
