#include "alertpolicy.h"

#include "core/clock.h"

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace lockbox::engine {

namespace {

constexpr int kMinuteMsecs = 60 * 1000;

} // namespace

std::optional<Verdict> verdictOf(const RequestStatus &status)
{
    switch (status.kind()) {
    case RequestStatus::Kind::Approving:
    case RequestStatus::Kind::Approved:
        return Verdict::Approve;
    case RequestStatus::Kind::Denying:
    case RequestStatus::Kind::Denied:
        return Verdict::Deny;
    default:
        return std::nullopt;
    }
}

AlertPolicy::AlertPolicy(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
    m_outcomeTimer.setSingleShot(true);
    m_outcomeTimer.setInterval(kOutcomeCollectMsecs);
    connect(&m_outcomeTimer, &QTimer::timeout, this, &AlertPolicy::flushOutcomes);
    m_minuteTimer.setTimerType(Qt::CoarseTimer);
    m_minuteTimer.setInterval(kMinuteMsecs);
    connect(&m_minuteTimer, &QTimer::timeout, this, &AlertPolicy::checkReminders);
    m_minuteTimer.start();
}

AlertPolicy::~AlertPolicy() = default;

void AlertPolicy::setSettings(const AlertSettings &settings)
{
    m_settings = settings;
    setReminderBeforeSecs(settings.reminderBeforeSecs);
    followQuiet();
}

void AlertPolicy::setReminderBeforeSecs(int secs)
{
    m_reminderBeforeSecs = std::max(0, secs);
}

void AlertPolicy::setSubscriptionNames(const QHash<QString, QString> &idToName)
{
    m_subscriptionNames.clear();
    for (auto it = idToName.cbegin(); it != idToName.cend(); ++it)
        m_subscriptionNames.insert(key(it.key()), it.value());
}

// ---- what comes in

void AlertPolicy::prime(const QList<AccessRequest> &all)
{
    beginPrime();
    primeMore(all);
    endPrime();
}

void AlertPolicy::beginPrime()
{
    endPauseIfOver();
    followQuiet();
    m_followed.clear();
    m_priming = true;
}

void AlertPolicy::primeMore(const QList<AccessRequest> &chunk)
{
    for (const AccessRequest &request : chunk) {
        if (request.status.kind() == RequestStatus::Kind::Pending) {
            const QString id = key(request.requestId);
            m_followed.insert(id, followedFrom(request));
            claim(u"new:"_s + id); // already there: not news, now or if a later sync adds it again
        } else if (request.status.isTransitional() && m_decided.contains(key(request.requestId))) {
            // Decided here; its end is still to be told.
            m_followed.insert(key(request.requestId), followedFrom(request));
        }
    }
}

void AlertPolicy::endPrime()
{
    m_priming = false;
    publish();
    checkReminders();
}

void AlertPolicy::applyChanges(const ChangeSet &changes, const QList<AccessRequest> &rows)
{
    endPauseIfOver();
    followQuiet();
    QHash<QString, const AccessRequest *> byId;
    byId.reserve(rows.size());
    for (const AccessRequest &row : rows)
        byId.insert(key(row.requestId), &row);

    QList<Alert> fresh;
    QList<Alert> outcomes;
    for (const QList<RequestChange> *list : {&changes.added, &changes.changed}) {
        for (const RequestChange &change : *list) {
            const AccessRequest *row = byId.value(key(change.requestId));
            if (row)
                track(*row, fresh, outcomes);
        }
    }
    for (const RequestChange &change : changes.removed) {
        const QString id = key(change.requestId);
        const auto it = m_followed.constFind(id);
        if (it == m_followed.cend())
            continue;
        // A copy: settle() changes m_followed, which a reference would point into.
        const AlertRequest entry = *it; // NOLINT(performance-unnecessary-copy-initialization)
        settle(id, entry, change.newStatus, true, outcomes);
    }
    if (m_batching) {
        m_batchFresh += fresh;
        m_batchOutcomes += outcomes;
        return;
    }
    publish();
    tellAll(std::move(outcomes), std::move(fresh));
}

void AlertPolicy::beginBatch()
{
    m_batching = true;
}

void AlertPolicy::endBatch()
{
    if (!m_batching)
        return;
    m_batching = false;
    followQuiet();
    publish();
    tellAll(std::exchange(m_batchOutcomes, {}), std::exchange(m_batchFresh, {}));
}

void AlertPolicy::noteDecided(const QString &requestId, Verdict verdict)
{
    m_decided.insert(key(requestId), verdict);
}

void AlertPolicy::decisionFinished(const QueuedDecision &decision, const QString &errorText)
{
    endPauseIfOver();
    const QString id = key(decision.requestId);
    const RequestStatus serverStatus =
        decision.serverStatus.isEmpty() ? RequestStatus() : RequestStatus::fromString(decision.serverStatus);
    AlertRequest entry = m_followed.value(id);
    if (entry.requestId.isEmpty()) {
        // Not followed (decided in an earlier run, or already past Pending): what the decision knows.
        entry.requestId = decision.requestId;
        entry.subscriptionId = decision.subscriptionId;
        entry.status = serverStatus;
    }

    switch (decision.state) {
    case QueuedDecision::State::Queued:
    case QueuedDecision::State::Sending:
        m_decided.insert(id, decision.verdict); // still on its way (offline, or a later run sends it)
        return;
    case QueuedDecision::State::Withdrawn:
        m_decided.remove(id);
        return;
    case QueuedDecision::State::Acknowledged: {
        if (m_told.contains(u"outcome:"_s + id)) {
            m_decided.remove(id);
            return;
        }
        m_decided.insert(id, decision.verdict);
        const RequestStatus::Kind kind = serverStatus.kind();
        if (kind == RequestStatus::Kind::Approved || kind == RequestStatus::Kind::Denied) {
            QList<Alert> outcomes;
            settle(id, entry, serverStatus, false, outcomes);
            m_outcomeQueue += outcomes;
        } else if (!m_followed.contains(id) && serverStatus.isTransitional()) {
            m_followed.insert(id, entry); // the end comes with a later sync
        }
        break;
    }
    case QueuedDecision::State::Failed: {
        m_decided.remove(id);
        if (!claim(u"failed:"_s + decision.id.toString(QUuid::WithoutBraces)))
            return;
        const bool ended = !decision.serverStatus.isEmpty() && serverStatus.kind() != RequestStatus::Kind::Pending;
        // This alert already says how the request ended: the status change that follows is not
        // told again.
        if (ended)
            claim(u"outcome:"_s + id);
        Alert alert = alertOf(Alert::Kind::NotApplied, entry);
        alert.request.status = ended ? serverStatus : RequestStatus(RequestStatus::Kind::Pending);
        alert.verdict = decision.verdict;
        alert.reason = errorText.isEmpty() ? decision.lastError : errorText;
        m_outcomeQueue.append(alert);
        break;
    }
    }
    publish();
    if (!m_outcomeQueue.isEmpty() && !m_outcomeTimer.isActive())
        m_outcomeTimer.start();
}

// ---- pause

void AlertPolicy::pauseUntil(const QDateTime &until)
{
    if (!until.isValid() || until <= m_clock.now()) {
        resume();
        return;
    }
    const bool was = isPaused();
    m_pausedUntil = until.toUTC();
    publish();
    if (!was)
        Q_EMIT pausedChanged(true);
}

void AlertPolicy::resume()
{
    const bool was = isPaused();
    m_pausedUntil = QDateTime();
    publish();
    if (was)
        Q_EMIT pausedChanged(false);
    checkReminders();
}

bool AlertPolicy::isPaused() const
{
    return m_pausedUntil.isValid() && m_clock.now() < m_pausedUntil;
}

QDateTime AlertPolicy::pausedUntil() const
{
    return isPaused() ? m_pausedUntil : QDateTime();
}

bool AlertPolicy::isQuiet() const
{
    return m_settings.isQuietAt(m_clock.now());
}

QDateTime AlertPolicy::quietUntil() const
{
    return m_settings.quietEndsAfter(m_clock.now());
}

void AlertPolicy::followQuiet()
{
    const bool quiet = isQuiet();
    if (quiet == m_quiet)
        return;
    m_quiet = quiet;
    Q_EMIT quietChanged(quiet);
    if (quiet)
        return;
    // What was held is told now, as it stands now: a request held as new is told only if it is
    // still Pending, with what is known of it today.
    QList<Alert> fresh;
    for (Alert alert : std::exchange(m_heldFresh, {})) {
        const QString id = key(alert.request.requestId);
        const auto it = m_followed.constFind(id);
        if (it == m_followed.cend() || it->status.kind() != RequestStatus::Kind::Pending)
            continue;
        alert = alertOf(Alert::Kind::New, *it);
        if (m_settings.newRequests && insideReminderWindow(it->deadline))
            claim(u"remind:"_s + id); // the alert says how long is left
        fresh.append(alert);
    }
    tellAll(std::exchange(m_heldOutcomes, {}), std::move(fresh));
}

bool AlertPolicy::wanted(AlertBatch::Group group, const Alert &alert) const
{
    switch (group) {
    case AlertBatch::Group::New:
        return m_settings.newRequests;
    case AlertBatch::Group::Reminder:
        return m_settings.reminders;
    case AlertBatch::Group::Outcome:
        // A decision of ours that did not take effect is always told: the user acted on it.
        return m_settings.outcomes || alert.kind == Alert::Kind::NotApplied;
    }
    return true;
}

void AlertPolicy::endPauseIfOver()
{
    if (!m_pausedUntil.isValid() || isPaused())
        return;
    m_pausedUntil = QDateTime();
    publish();
    Q_EMIT pausedChanged(false);
}

// ---- reminders

void AlertPolicy::checkReminders()
{
    if (m_priming)
        return; // the cache's reminders go out in one batch, at endPrime()
    endPauseIfOver();
    followQuiet();
    QList<Alert> due;
    collectReminders(due);
    tell(AlertBatch::Group::Reminder, std::move(due));
}

void AlertPolicy::remindAgainAt(const QStringList &requestIds, const QDateTime &at)
{
    for (const QString &id : requestIds)
        m_remindAgain.insert(key(id), at.toUTC());
}

QDateTime AlertPolicy::now() const
{
    return m_clock.now();
}

bool AlertPolicy::insideReminderWindow(const QDateTime &deadline) const
{
    if (!deadline.isValid())
        return false;
    // Past its deadline it is expiring, not about to: the next sync tells how it ended.
    const qint64 left = m_clock.now().secsTo(deadline);
    return left > 0 && left <= m_reminderBeforeSecs;
}

void AlertPolicy::collectReminders(QList<Alert> &due)
{
    // While paused, or quiet, a reminder is not used up: if still due when the pause or the quiet
    // hours end, it is told then.
    if (isPaused() || m_quiet)
        return;
    const QDateTime now = m_clock.now();
    for (auto it = m_followed.cbegin(); it != m_followed.cend(); ++it) {
        if (it->status.kind() != RequestStatus::Kind::Pending)
            continue;
        const auto again = m_remindAgain.constFind(it.key());
        if (again != m_remindAgain.cend()) {
            // Asked for by the user: told when its time comes, inside the window or not.
            if (*again <= now) {
                m_remindAgain.erase(again);
                if (it->deadline.isValid() && it->deadline <= now)
                    continue; // expiring: the next sync tells how it ended
                // The reminder of the window stays due unless this one already falls inside it.
                if (insideReminderWindow(it->deadline))
                    claim(u"remind:"_s + it.key());
                due.append(alertOf(Alert::Kind::Reminder, *it));
            }
            continue;
        }
        if (!insideReminderWindow(it->deadline))
            continue;
        if (claim(u"remind:"_s + it.key()))
            due.append(alertOf(Alert::Kind::Reminder, *it));
    }
    // Requests no longer Pending are not reminded of.
    for (auto it = m_remindAgain.begin(); it != m_remindAgain.end();) {
        const auto followed = m_followed.constFind(it.key());
        if (followed == m_followed.cend() || followed->status.kind() != RequestStatus::Kind::Pending)
            it = m_remindAgain.erase(it);
        else
            ++it;
    }
    std::sort(due.begin(), due.end(),
              [](const Alert &a, const Alert &b) { return a.request.deadline < b.request.deadline; });
}

// ---- bookkeeping

AlertRequest AlertPolicy::followedFrom(const AccessRequest &request) const
{
    AlertRequest entry;
    entry.requestId = request.requestId;
    entry.subscriptionId = request.subscriptionId;
    entry.status = request.status;
    entry.resourceType = request.resourceType;
    entry.resourceIds = request.resourceIds;
    entry.justification = request.justification;
    if (request.status.kind() == RequestStatus::Kind::Pending) {
        if (request.expirationDateTime.isValid())
            entry.deadline = request.expirationDateTime;
        else if (request.createdDateTime.isValid())
            entry.deadline = request.createdDateTime.addDays(kPendingLifetimeDays);
    }
    return entry;
}

Alert AlertPolicy::alertOf(Alert::Kind kind, const AlertRequest &request) const
{
    Alert alert;
    alert.kind = kind;
    alert.request = request;
    alert.request.subscriptionName = m_subscriptionNames.value(key(request.subscriptionId));
    alert.at = m_clock.now();
    return alert;
}

void AlertPolicy::track(const AccessRequest &request, QList<Alert> &fresh, QList<Alert> &outcomes)
{
    const QString id = key(request.requestId);
    const auto it = m_followed.constFind(id);
    const bool wasFollowed = it != m_followed.cend();
    const bool wasPending = wasFollowed && it->status.kind() == RequestStatus::Kind::Pending;

    if (request.status.kind() == RequestStatus::Kind::Pending) {
        const AlertRequest entry = followedFrom(request);
        m_followed.insert(id, entry);
        if (wasPending || !claim(u"new:"_s + id))
            return;
        if (isPaused())
            return; // passed over: after the pause only a reminder still due is told
        // The alert says how long is left; a reminder right behind it would say it again. (When
        // new requests are not told, the reminder is the only alert: it stays due.)
        if (m_settings.newRequests && insideReminderWindow(entry.deadline))
            claim(u"remind:"_s + id);
        fresh.append(alertOf(Alert::Kind::New, entry));
        return;
    }

    // No longer (or never) Pending: only what is followed has an end to tell.
    if (!wasFollowed && !m_decided.contains(id))
        return;
    // The row fills in what a bare entry (made from a decision alone) lacks; the status it had
    // before decides below whether there is anything to tell.
    AlertRequest entry = followedFrom(request);
    if (wasFollowed) {
        entry.status = it->status;
        entry.deadline = it->deadline;
    }
    settle(id, entry, request.status, false, outcomes);
}

void AlertPolicy::settle(const QString &id, const AlertRequest &entry, const RequestStatus &status, bool removed,
                         QList<Alert> &outcomes)
{
    const auto decided = m_decided.constFind(id);
    const std::optional<Verdict> verdict =
        decided == m_decided.cend() ? std::nullopt : std::optional<Verdict>(*decided);
    const RequestStatus::Kind kind = status.kind();
    if (!removed && verdict) {
        const bool onItsWay = (kind == RequestStatus::Kind::Approving && *verdict == Verdict::Approve)
            || (kind == RequestStatus::Kind::Denying && *verdict == Verdict::Deny)
            || kind == RequestStatus::Kind::Pending || kind == RequestStatus::Kind::Initializing;
        if (onItsWay) {
            // Our decision is being applied: the alert waits for Approved or Denied.
            AlertRequest waiting = entry;
            waiting.status = status;
            m_followed.insert(id, waiting);
            return;
        }
    }
    if (!removed && !verdict && entry.status.kind() != RequestStatus::Kind::Pending) {
        // Followed only while Pending; nothing to tell about a request we never saw pending.
        m_followed.remove(id);
        return;
    }
    if (claim(u"outcome:"_s + id) && !isPaused()) {
        Alert::Kind end = Alert::Kind::Ended;
        if (removed)
            end = Alert::Kind::Removed;
        else if (const std::optional<Verdict> reached = verdictOf(status))
            end = reached == verdict ? Alert::Kind::TookEffect : Alert::Kind::DecidedElsewhere;
        else if (kind == RequestStatus::Kind::Expired)
            end = Alert::Kind::Expired;
        Alert alert = alertOf(end, entry);
        alert.request.status = status;
        alert.verdict = verdict;
        outcomes.append(alert);
    }
    m_followed.remove(id);
    m_decided.remove(id);
}

bool AlertPolicy::claim(const QString &event)
{
    if (m_told.contains(event))
        return false;
    m_told.insert(event);
    return true;
}

// ---- what goes out

void AlertPolicy::tell(AlertBatch::Group group, QList<Alert> alerts)
{
    if (alerts.isEmpty() || isPaused())
        return;
    alerts.erase(std::remove_if(alerts.begin(), alerts.end(),
                                [this, group](const Alert &alert) { return !wanted(group, alert); }),
                 alerts.end());
    if (alerts.isEmpty())
        return;
    if (m_quiet) {
        // Reminders are not collected while quiet (collectReminders), so only these are held. A
        // decision of the user's own that did not take effect is told at once: they just acted.
        if (group == AlertBatch::Group::New) {
            m_heldFresh += alerts;
            return;
        }
        QList<Alert> now;
        for (Alert &alert : alerts) {
            if (alert.kind == Alert::Kind::NotApplied)
                now.append(std::move(alert));
            else
                m_heldOutcomes.append(std::move(alert));
        }
        if (!now.isEmpty())
            Q_EMIT alerted(AlertBatch {group, std::move(now)});
        return;
    }
    Q_EMIT alerted(AlertBatch {group, std::move(alerts)});
}

void AlertPolicy::tellAll(QList<Alert> outcomes, QList<Alert> fresh)
{
    QList<Alert> due;
    collectReminders(due);
    tell(AlertBatch::Group::Outcome, std::move(outcomes));
    tell(AlertBatch::Group::Reminder, std::move(due));
    tell(AlertBatch::Group::New, std::move(fresh));
}

void AlertPolicy::flushOutcomes()
{
    followQuiet();
    tell(AlertBatch::Group::Outcome, std::exchange(m_outcomeQueue, {}));
}

void AlertPolicy::publish()
{
    if (m_priming)
        return; // the count of a cache half read is not told; endPrime() tells it
    int count = 0;
    for (const AlertRequest &entry : std::as_const(m_followed)) {
        if (entry.status.kind() == RequestStatus::Kind::Pending)
            ++count;
    }
    const bool changed = count != m_pendingCount;
    m_pendingCount = count;
    Q_EMIT updated();
    if (changed)
        Q_EMIT pendingCountChanged(count);
}

} // namespace lockbox::engine
