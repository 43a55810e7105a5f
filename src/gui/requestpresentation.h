#pragma once

#include "core/accessrequest.h"
#include "core/queueddecision.h"
#include "core/requeststatus.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QIcon>
#include <QString>
#include <QStringView>

#include <optional>

namespace lockbox::gui {

// How a request's values read in the console: words, icons, times. Shared by the table model, the
// details pane and the dialogs so that a status or a time reads the same everywhere.
class RequestPresentation final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::gui::RequestPresentation)

public:
    RequestPresentation() = delete;

    // A translated word per status; Other shows the server's own word as a single plain line.
    static QString statusText(const RequestStatus &status);
    // The status word with a live queued decision, e.g. "Pending · approval queued".
    static QString statusText(const RequestStatus &status, Verdict verdict, QueuedDecision::State state);
    // A live queued decision in a few words for the status cell ("Approval queued", "Sending
    // denial…"), short enough for the column's default width.
    static QString queuedText(Verdict verdict, QueuedDecision::State state);
    // What a live queued decision means, for a tooltip: where it waits and what comes next.
    static QString queuedExplanation(Verdict verdict, QueuedDecision::State state);
    // The resource path of the status icon (":/icons/status-….svg").
    static QString statusIconPath(const RequestStatus &status);
    // A null icon when the resource is missing.
    static QIcon statusIcon(const RequestStatus &status);

    // "just now", "3 min ago", "2 h ago", "5 d ago", or "in 3 h 20 min" when `when` lies ahead.
    static QString relativeTime(const QDateTime &when, const QDateTime &now);
    // "3 d 4 h", "5 h 10 min", "12 min", "< 1 min", or "expired" at zero and below.
    static QString timeLeftText(qint64 secs);
    // "3 d 4 h" style without the "expired" case (for "in …").
    static QString durationText(qint64 secs);
    // Exact time for tooltips: UTC and the local time.
    static QString exactTime(const QDateTime &when);

    // The instant the time-left column counts down to: while Pending, the expiration (or creation
    // plus kPendingLifetimeDays when the server gave none); while Approved and active, the end of
    // Microsoft's access (creation plus the duration, or kDefaultAccessHours); otherwise nothing.
    static std::optional<QDateTime> deadline(const AccessRequest &request, const QDateTime &now);

    // The access duration as shown ("8 h", or the server's words when they are not hours).
    static QString durationText(const AccessRequest &request);
    // The same from the duration's hours (AccessRequest::durationHours()) and its text.
    static QString durationText(std::optional<int> hours, const QString &duration);
    // The last path segment of the first resource id, plus " +N more".
    static QString resourceText(const QStringList &resourceIds);

    // Server text made safe for one table cell: the first line only, control and bidirectional
    // override characters removed, at most `maxChars` characters (then "…").
    static QString singleLine(QStringView text, qsizetype maxChars = 200);
    // Server text for a tooltip: escaped so that markup shows as typed, line breaks kept, control
    // characters removed, at most `maxChars` characters.
    static QString plainToolTip(QStringView text, qsizetype maxChars = 4000);
    // lockbox::isHiddenCharacter for one UTF-16 code unit (a surrogate is not judged alone):
    // controls and format characters, which could make a justification read differently from
    // what it says. Server text shows them as \uXXXX (singleLine, plainToolTip, PlainTextLabel).
    static bool isHiddenControl(char16_t c);
};

} // namespace lockbox::gui
