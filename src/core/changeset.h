#pragma once

#include "requeststatus.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace lockbox {

// One request that a sync added, changed or removed, with its status before and after.
struct RequestChange final
{
    QString requestId;
    QString subscriptionId;
    RequestStatus oldStatus; // Unknown for an added request
    RequestStatus newStatus; // the last known status for a removed request
};

// How many requests a merge (or a run of them) added, changed, removed and left as they were.
struct ChangeCounts final
{
    int added = 0;
    int changed = 0;
    int removed = 0;
    int unchanged = 0;

    int rowsWritten() const { return added + changed + removed; }
};

// What one merge of server data into the cache changed. It travels by queued signal from the
// store thread to the models, which apply it with fine-grained row signals.
struct ChangeSet final
{
    QList<RequestChange> added;
    QList<RequestChange> changed; // any field changed; the status may be the same
    QList<RequestChange> removed;
    int unchanged = 0; // rows seen and left as they were (not written)

    bool isEmpty() const { return added.isEmpty() && changed.isEmpty() && removed.isEmpty(); }
    int rowsWritten() const { return int(added.size() + changed.size() + removed.size()); }
    ChangeCounts counts() const { return {int(added.size()), int(changed.size()), int(removed.size()), unchanged}; }
    void append(const ChangeSet &other)
    {
        // Into an empty list, shared rather than copied: a first sync's 100,000 changes are held
        // once by the sync's result, the engine and the models.
        const auto join = [](QList<RequestChange> &into, const QList<RequestChange> &from) {
            if (into.isEmpty())
                into = from;
            else
                into += from;
        };
        join(added, other.added);
        join(changed, other.changed);
        join(removed, other.removed);
        unchanged += other.unchanged;
    }
};

} // namespace lockbox

Q_DECLARE_METATYPE(lockbox::ChangeSet)
