#pragma once

#include "core/requeststatus.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace lockbox {

// The quick filters of the main window and of `lockboxctl list --status`. Defined once, here:
//   Pending — status Pending (what can still be decided);
//   Active  — Approved and inside its access window at `now` (AccessRequest::isActiveAt with the
//             approval time unknown, so counted from creation);
//   History — everything that is neither Pending nor Active (Approving/Denying included).
enum class QuickFilter { All, Pending, Active, History };

// What RequestStore::requests() and count() select. Every value is bound, never spliced into SQL.
struct RequestQuery final
{
    QuickFilter quick = QuickFilter::All;
    QDateTime now; // for Active and History; the current time when invalid

    // Any of these statuses (empty: any). RequestStatus::fromString keeps unknown words, so raw
    // strings from a command line work too.
    QList<RequestStatus> statuses;
    QStringList subscriptionIds; // any of these (empty: all)
    // Case-insensitive (ASCII) substring of the id, subscription, status, justification, resource
    // type, resource ids or support request. % and _ match themselves.
    QString text;

    // Newest first by creation time (unknown times last), then by id.
    int limit = -1; // all
    int offset = 0;

    static RequestQuery activeAt(const QDateTime &at)
    {
        RequestQuery q;
        q.quick = QuickFilter::Active;
        q.now = at;
        return q;
    }
};

// Counts behind the quick filters.
struct RequestCounts final
{
    int pending = 0;
    int active = 0;
    int history = 0;
    int all = 0;
};

} // namespace lockbox
