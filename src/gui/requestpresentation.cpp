#include "requestpresentation.h"

#include "core/hiddentext.h"

#include <QFile>
#include <QLocale>

#include <limits>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

constexpr qint64 kMinute = 60;
constexpr qint64 kHour = 3600;
constexpr qint64 kDay = 86400;

bool isLineBreak(char16_t c)
{
    return c == u'\n' || c == u'\r' || c == 0x0085 || c == 0x2028 || c == 0x2029;
}

} // namespace

bool RequestPresentation::isHiddenControl(char16_t c)
{
    // One code unit: a surrogate is half of a character, judged with its other half elsewhere.
    return !QChar::isSurrogate(c) && isHiddenCharacter(c);
}

QString RequestPresentation::statusText(const RequestStatus &status)
{
    using Kind = RequestStatus::Kind;
    switch (status.kind()) {
    case Kind::Initializing:
        return tr("Initializing…");
    case Kind::Pending:
        return tr("Pending");
    case Kind::Approving:
        return tr("Approving…");
    case Kind::Denying:
        return tr("Denying…");
    case Kind::Approved:
        return tr("Approved");
    case Kind::Denied:
        return tr("Denied");
    case Kind::Expired:
        return tr("Expired");
    case Kind::Revoking:
        return tr("Revoking…");
    case Kind::Revoked:
        return tr("Revoked");
    case Kind::Error:
        return tr("Error");
    case Kind::Unknown:
        return tr("Unknown");
    case Kind::Completed:
        return tr("Completed");
    case Kind::Completing:
        return tr("Completing…");
    case Kind::Other: {
        const QString word = singleLine(status.toString(), 64);
        return word.isEmpty() ? tr("Unknown") : word;
    }
    }
    return tr("Unknown");
}

QString RequestPresentation::statusText(const RequestStatus &status, Verdict verdict, QueuedDecision::State state)
{
    const QString word = statusText(status);
    const bool sending = state == QueuedDecision::State::Sending;
    if (verdict == Verdict::Approve)
        return sending ? tr("%1 · approval sending").arg(word) : tr("%1 · approval queued").arg(word);
    return sending ? tr("%1 · denial sending").arg(word) : tr("%1 · denial queued").arg(word);
}

QString RequestPresentation::queuedText(Verdict verdict, QueuedDecision::State state)
{
    const bool sending = state == QueuedDecision::State::Sending;
    if (verdict == Verdict::Approve)
        return sending ? tr("Sending approval…") : tr("Approval queued");
    return sending ? tr("Sending denial…") : tr("Denial queued");
}

QString RequestPresentation::queuedExplanation(Verdict verdict, QueuedDecision::State state)
{
    if (state == QueuedDecision::State::Sending) {
        return verdict == Verdict::Approve ? tr("Your approval is being sent to Azure.")
                                           : tr("Your denial is being sent to Azure.");
    }
    return verdict == Verdict::Approve
        ? tr("Your approval waits in this profile's outbox and is sent at the next sync; Withdraw takes it back.")
        : tr("Your denial waits in this profile's outbox and is sent at the next sync; Withdraw takes it back.");
}

QString RequestPresentation::statusIconPath(const RequestStatus &status)
{
    using Kind = RequestStatus::Kind;
    switch (status.kind()) {
    case Kind::Pending:
        return u":/icons/status-pending.svg"_s;
    case Kind::Approved:
        return u":/icons/status-approved.svg"_s;
    case Kind::Denied:
        return u":/icons/status-denied.svg"_s;
    case Kind::Expired:
        return u":/icons/status-expired.svg"_s;
    case Kind::Revoked:
        return u":/icons/status-revoked.svg"_s;
    case Kind::Completed:
        return u":/icons/status-completed.svg"_s;
    case Kind::Error:
        return u":/icons/status-error.svg"_s;
    case Kind::Initializing:
    case Kind::Approving:
    case Kind::Denying:
    case Kind::Revoking:
    case Kind::Completing:
        return u":/icons/status-working.svg"_s;
    case Kind::Unknown:
    case Kind::Other:
        break;
    }
    return u":/icons/status-other.svg"_s;
}

QIcon RequestPresentation::statusIcon(const RequestStatus &status)
{
    const QString path = statusIconPath(status);
    // QIcon would accept a missing file and paint nothing; a null icon says so honestly.
    if (!QFile::exists(path))
        return {};
    return QIcon(path);
}

QString RequestPresentation::durationText(qint64 secs)
{
    const qint64 days = secs / kDay;
    const qint64 hours = (secs % kDay) / kHour;
    const qint64 minutes = (secs % kHour) / kMinute;
    if (days > 0) {
        return hours > 0 ? tr("%1 d %2 h").arg(days).arg(hours) : tr("%1 d").arg(days);
    }
    if (hours > 0)
        return minutes > 0 ? tr("%1 h %2 min").arg(hours).arg(minutes) : tr("%1 h").arg(hours);
    if (minutes > 0)
        return tr("%1 min").arg(minutes);
    return tr("< 1 min");
}

QString RequestPresentation::relativeTime(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid() || !now.isValid())
        return {};
    const qint64 ago = when.secsTo(now);
    if (ago < -kMinute) // a small skew between the server's clock and ours reads as "just now"
        return tr("in %1").arg(durationText(-ago));
    if (ago < kMinute)
        return tr("just now");
    if (ago < kHour)
        return tr("%n min ago", nullptr, int(ago / kMinute));
    if (ago < kDay)
        return tr("%n h ago", nullptr, int(ago / kHour));
    return tr("%n d ago", nullptr, int(qMin<qint64>(ago / kDay, std::numeric_limits<int>::max())));
}

QString RequestPresentation::timeLeftText(qint64 secs)
{
    if (secs <= 0)
        return tr("expired");
    return durationText(secs);
}

QString RequestPresentation::exactTime(const QDateTime &when)
{
    if (!when.isValid())
        return {};
    return tr("%1 UTC\n%2 local time")
        .arg(when.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s),
             QLocale().toString(when.toLocalTime(), QLocale::LongFormat));
}

std::optional<QDateTime> RequestPresentation::deadline(const AccessRequest &request, const QDateTime &now)
{
    switch (request.status.kind()) {
    case RequestStatus::Kind::Pending:
        if (request.expirationDateTime.isValid())
            return request.expirationDateTime;
        if (request.createdDateTime.isValid())
            return request.createdDateTime.addDays(kPendingLifetimeDays);
        return std::nullopt;
    case RequestStatus::Kind::Approved:
        // The one access window (AccessRequest::accessEndsAt), so Active and the countdown agree.
        if (!request.isActiveAt(now))
            return std::nullopt;
        return request.accessEndsAt();
    default:
        return std::nullopt;
    }
}

QString RequestPresentation::durationText(const AccessRequest &request)
{
    return durationText(request.durationHours(), request.duration);
}

QString RequestPresentation::durationText(std::optional<int> hours, const QString &duration)
{
    if (hours)
        return tr("%n h", nullptr, *hours);
    return singleLine(duration, 80);
}

QString RequestPresentation::resourceText(const QStringList &resourceIds)
{
    if (resourceIds.isEmpty())
        return {};
    QStringView first = resourceIds.first();
    while (first.endsWith(u'/'))
        first.chop(1);
    const qsizetype slash = first.lastIndexOf(u'/');
    QString segment = singleLine(slash >= 0 ? first.mid(slash + 1) : first);
    const qsizetype more = resourceIds.size() - 1;
    if (more <= 0)
        return segment;
    return tr("%1 +%n more", nullptr, int(more)).arg(segment);
}

QString RequestPresentation::singleLine(QStringView text, qsizetype maxChars)
{
    qsizetype i = 0;
    const qsizetype n = text.size();
    // A justification that starts with blank lines still shows its first words.
    while (i < n && text[i].isSpace())
        ++i;
    qsizetype end = i;
    while (end < n && !isLineBreak(text[end].unicode()))
        ++end;
    qsizetype rest = end;
    while (rest < n && text[rest].isSpace())
        ++rest;
    bool cut = rest < n;
    QStringView line = text.mid(i, end - i);
    if (line.size() > maxChars) {
        line = line.left(maxChars);
        cut = true;
    }
    if (!line.isEmpty() && line.back().isHighSurrogate())
        line.chop(1); // half a character left by the cut
    // What would hide or reorder words is shown as \uXXXX (lockbox::showHidden), not dropped.
    QString out = showHidden(line, LineBreaks::Kept);
    out.replace(u'\t', u' ');
    while (!out.isEmpty() && out.back().isSpace())
        out.chop(1);
    if (cut)
        out.append(u'…');
    return out;
}

QString RequestPresentation::plainToolTip(QStringView text, qsizetype maxChars)
{
    QStringView shown = text.left(maxChars);
    if (!shown.isEmpty() && shown.back().isHighSurrogate())
        shown.chop(1); // half a character left by the cut
    QString plain;
    plain.reserve(shown.size() + 1);
    const qsizetype n = shown.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = shown[i].unicode();
        if (c == u'\r') {
            if (i + 1 < n && shown[i + 1] == u'\n')
                continue;
            plain.append(u'\n');
        } else if (c == u'\n' || c == 0x2028 || c == 0x2029 || c == 0x0085) {
            plain.append(u'\n');
        } else if (c == u'\t') {
            plain.append(u' ');
        } else {
            plain.append(QChar(c));
        }
    }
    // What would hide or reorder words is shown as \uXXXX (lockbox::showHidden), not dropped.
    plain = showHidden(plain, LineBreaks::Kept);
    if (text.size() > maxChars)
        plain.append(u'…');
    if (plain.trimmed().isEmpty())
        return {};
    // A tooltip that looks like markup would be rendered as rich text (Qt::mightBeRichText), so
    // the text is escaped inside a paragraph that keeps its line breaks: it shows as typed.
    return u"<p style=\"white-space:pre-wrap\">"_s + plain.toHtmlEscaped() + u"</p>"_s;
}

} // namespace lockbox::gui
