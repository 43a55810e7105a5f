#include "auditactions.h"

#include <QCoreApplication>

#include <algorithm>
#include <iterator>

namespace lockbox::engine {

namespace {

struct ActionName
{
    QStringView action;
    const char *name; // translated in the context below
};

constexpr char kContext[] = "lockbox::engine::AuditActions";

// The local actions say "Decision" (what this console did with a decision of ours), the Activity
// Log's say "Request" (what happened to the request in Azure, whoever did it), so that the two
// kinds never read alike in the filter.
constexpr ActionName kNames[] = {
    {u"decision.queued", QT_TRANSLATE_NOOP("lockbox::engine::AuditActions", "Decision queued")},
    {u"decision.sending", QT_TRANSLATE_NOOP("lockbox::engine::AuditActions", "Decision being sent to Azure")},
    {u"decision.acknowledged", QT_TRANSLATE_NOOP("lockbox::engine::AuditActions", "Decision acknowledged by Azure")},
    {u"decision.failed", QT_TRANSLATE_NOOP("lockbox::engine::AuditActions", "Decision failed")},
    {u"decision.requeued", QT_TRANSLATE_NOOP("lockbox::engine::AuditActions", "Decision queued again to retry")},
    {u"decision.withdrawn", QT_TRANSLATE_NOOP("lockbox::engine::AuditActions", "Decision withdrawn")},
    {u"Create", QT_TRANSLATE_NOOP("lockbox::engine::AuditActions", "Request created")},
    {u"Approve", QT_TRANSLATE_NOOP("lockbox::engine::AuditActions", "Request approved")},
    {u"Deny", QT_TRANSLATE_NOOP("lockbox::engine::AuditActions", "Request denied")},
    {u"Expire", QT_TRANSLATE_NOOP("lockbox::engine::AuditActions", "Request expired")},
    {u"Cancel", QT_TRANSLATE_NOOP("lockbox::engine::AuditActions", "Request canceled")},
    {u"AutoApprove", QT_TRANSLATE_NOOP("lockbox::engine::AuditActions", "Request approved automatically")},
    {u"AutoDeny", QT_TRANSLATE_NOOP("lockbox::engine::AuditActions", "Request denied automatically")},
};

} // namespace

QString auditActionName(const QString &action)
{
    // Exact: the writers store these spellings, and an unknown one is shown as it came.
    const auto *found = std::find_if(std::begin(kNames), std::end(kNames),
                                     [&action](const ActionName &n) { return n.action == action; });
    if (found == std::end(kNames))
        return action;
    return QCoreApplication::translate(kContext, found->name);
}

QStringList auditActionsNamed(const QString &text)
{
    QStringList actions;
    const QString needle = text.trimmed();
    if (needle.isEmpty())
        return actions;
    for (const ActionName &n : kNames) {
        if (QCoreApplication::translate(kContext, n.name).contains(needle, Qt::CaseInsensitive))
            actions.append(n.action.toString());
    }
    return actions;
}

} // namespace lockbox::engine
