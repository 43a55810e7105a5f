#include "showcommand.h"

#include "commandcontext.h"
#include "output.h"

#include "core/azureportal.h"
#include "engine/approvaltime.h"
#include "store/auditlog.h"
#include "store/requeststore.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace lockbox::cli {

namespace {

// The link as given, marked when it does not go to the Azure portal: it is server text, and a
// page elsewhere may imitate a Microsoft sign-in (core/AzurePortal, the console's rule too).
QString caseLink(const QString &link)
{
    if (link.trimmed().isEmpty())
        return link;
    const QUrl url(link.trimmed(), QUrl::StrictMode);
    if (AzurePortal::isPortalUrl(url))
        return link;
    const QString host = AzurePortal::displayHost(url);
    return host.isEmpty() ? ShowCommand::tr("%1 (not an Azure portal address)").arg(link)
                          : ShowCommand::tr("%1 (not an Azure portal address: %2)").arg(link, host);
}

} // namespace

ShowCommand::ShowCommand(CommandContext &context, const CommandOptions &options, QObject *parent)
    : Command(context, options, parent)
{
}

void ShowCommand::run()
{
    if (!m_context.openLocal())
        return;
    QString error;
    const QString id = m_options.positionals().first();
    const auto request = m_context.requests()->request(id, &error);
    if (!request)
        return fail(ExitNotFound, error.isEmpty() ? tr("no request %1 in the cache").arg(id) : error);
    store::AuditQuery query;
    query.requestId = request->requestId;
    const QList<AuditRecord> timeline = m_context.audit()->records(query);

    if (m_context.format() == OutputFormat::Json) {
        QJsonObject o = m_context.requestJson(*request);
        QJsonArray events;
        for (const AuditRecord &a : timeline) {
            QJsonObject e;
            e.insert(u"time"_s, iso(a.time));
            e.insert(u"actor"_s, a.actor);
            e.insert(u"action"_s, a.action);
            e.insert(u"outcome"_s, a.outcome);
            e.insert(u"reason"_s, a.reason);
            e.insert(u"source"_s, AuditRecord::sourceName(a.source));
            events.append(e);
        }
        o.insert(u"timeline"_s, events);
        printJson(o);
        return finish(ExitOk);
    }
    const AccessRequest &r = *request;
    QString out;
    const auto field = [&out](const QString &name, const QString &value) {
        out += (name + u':').leftJustified(16, u' ') + terminalSafe(value) + u'\n';
    };
    field(tr("Request"), r.requestId);
    field(tr("Status"), r.status.toString());
    field(tr("Subscription"), r.subscriptionId);
    field(tr("Created"), iso(r.createdDateTime));
    field(tr("Expires"), iso(r.expirationDateTime));
    const std::optional<int> hours = r.durationHours();
    field(tr("Duration"), hours ? tr("%n h", nullptr, *hours) : r.duration);
    if (const QString approved = engine::approvalLine(r, iso(r.approvedAt)); !approved.isEmpty())
        field(tr("Approved"), approved);
    if (r.status.kind() == RequestStatus::Kind::Approved && r.accessEndsAt().isValid())
        field(tr("Access until"), iso(r.accessEndsAt()));
    field(tr("Access level"), r.accessLevel.value_or(tr("(not given)")));
    field(tr("Resource type"), r.resourceType);
    for (const QString &resource : r.resourceIds)
        field(tr("Resource"), resource);
    field(tr("Support case"), r.supportRequest);
    field(tr("Case link"), caseLink(r.supportCaseUrl));
    field(tr("Work item"), r.workItemSource);
    field(tr("Justification"), r.justification);
    if (!timeline.isEmpty()) {
        out += tr("\nTimeline:\n");
        for (const AuditRecord &a : timeline) {
            out += u"  "_s + shortTime(a.time) + u"  "_s + terminalSafe(a.action) + u"  "_s + terminalSafe(a.actor)
                + (a.outcome.isEmpty() ? QString() : u"  "_s + terminalSafe(a.outcome)) + u'\n';
        }
    }
    printOut(out);
    finish(ExitOk);
}

} // namespace lockbox::cli
