#include "traycontroller.h"

#include "requestpresentation.h"
#include "traynotifier.h"

#include "core/clock.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

constexpr int kBatchLines = 3; // requests named in a batched message
constexpr qsizetype kJustificationChars = 120;
constexpr qsizetype kReasonChars = 300;
constexpr int kMinuteMsecs = 60 * 1000;

bool endsApproval(RequestStatus::Kind kind)
{
    return kind == RequestStatus::Kind::Approving || kind == RequestStatus::Kind::Approved;
}

bool endsDenial(RequestStatus::Kind kind)
{
    return kind == RequestStatus::Kind::Denying || kind == RequestStatus::Kind::Denied;
}

QString joinNonEmpty(const QStringList &parts, QStringView separator)
{
    QStringList kept;
    for (const QString &part : parts) {
        if (!part.isEmpty())
            kept.append(part);
    }
    return kept.join(separator);
}

} // namespace

TrayController::TrayController(TrayNotifier *notifier, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_notifier(notifier)
    , m_clock(clock)
{
    if (m_notifier) {
        connect(m_notifier, &TrayNotifier::messageClicked, this,
                [this](const QStringList &ids) { Q_EMIT openRequested(ids.size() == 1 ? ids.first() : QString()); });
        connect(m_notifier, &TrayNotifier::activated, this, [this] { Q_EMIT openRequested(QString()); });
    }
    m_outcomeTimer.setSingleShot(true);
    m_outcomeTimer.setInterval(kOutcomeCollectMsecs);
    connect(&m_outcomeTimer, &QTimer::timeout, this, &TrayController::flushOutcomes);
    m_minuteTimer.setTimerType(Qt::CoarseTimer);
    m_minuteTimer.setInterval(kMinuteMsecs);
    connect(&m_minuteTimer, &QTimer::timeout, this, &TrayController::checkReminders);
    m_minuteTimer.start();
    refresh();
}

TrayController::~TrayController() = default;

void TrayController::setOptions(const Options &options)
{
    m_options = options;
    m_options.reminderBeforeSec = std::max(0, m_options.reminderBeforeSec);
}

void TrayController::setSubscriptionNames(const QHash<QString, QString> &idToName)
{
    m_subscriptionNames.clear();
    for (auto it = idToName.cbegin(); it != idToName.cend(); ++it)
        m_subscriptionNames.insert(key(it.key()), it.value());
}

// ---- what comes in

void TrayController::prime(const QList<AccessRequest> &all)
{
    endPauseIfOver();
    m_tracked.clear();
    for (const AccessRequest &request : all) {
        const QString id = key(request.requestId);
        if (request.status.kind() == RequestStatus::Kind::Pending) {
            m_tracked.insert(id, trackedFrom(request));
            claim(u"new:"_s + id); // already there: not news, now or if a later sync adds it again
        } else if (m_decided.contains(id) && request.status.isTransitional()) {
            m_tracked.insert(id, trackedFrom(request)); // decided here; its end is still to be told
        }
    }
    refresh();
    checkReminders();
}

void TrayController::applyChanges(const ChangeSet &changes, const QList<AccessRequest> &rows)
{
    endPauseIfOver();
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
        const auto it = m_tracked.constFind(id);
        if (it == m_tracked.cend())
            continue;
        // A copy: settle() changes m_tracked, which a reference would point into.
        const Tracked entry = *it; // NOLINT(performance-unnecessary-copy-initialization)
        settle(id, entry, change.newStatus, true, outcomes);
    }
    if (m_batching) {
        m_batchFresh += fresh;
        m_batchOutcomes += outcomes;
        return;
    }
    refresh();

    QList<Alert> due;
    collectReminders(due);
    // The most useful message last: a tray balloon shows only the latest one.
    deliver(Kind::Outcome, outcomes);
    deliver(Kind::Reminder, due);
    deliver(Kind::New, fresh);
}

void TrayController::beginBatch()
{
    m_batching = true;
}

void TrayController::endBatch()
{
    if (!m_batching)
        return;
    m_batching = false;
    refresh();
    QList<Alert> due;
    collectReminders(due);
    deliver(Kind::Outcome, std::exchange(m_batchOutcomes, {}));
    deliver(Kind::Reminder, due);
    deliver(Kind::New, std::exchange(m_batchFresh, {}));
}

void TrayController::noteDecided(const QString &requestId, Verdict verdict)
{
    m_decided.insert(key(requestId), verdict);
}

void TrayController::decisionFinished(const QueuedDecision &decision, const QString &errorText)
{
    endPauseIfOver();
    const QString id = key(decision.requestId);
    const RequestStatus serverStatus =
        decision.serverStatus.isEmpty() ? RequestStatus() : RequestStatus::fromString(decision.serverStatus);
    Tracked entry = m_tracked.value(id);
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
        } else if (!m_tracked.contains(id) && serverStatus.isTransitional()) {
            m_tracked.insert(id, entry); // the end comes with a later sync
        }
        break;
    }
    case QueuedDecision::State::Failed: {
        m_decided.remove(id);
        if (!claim(u"failed:"_s + decision.id.toString(QUuid::WithoutBraces)))
            return;
        const bool approve = decision.verdict == Verdict::Approve;
        const QString reason =
            RequestPresentation::singleLine(errorText.isEmpty() ? decision.lastError : errorText, kReasonChars);
        QStringList lines {detailsText(entry)};
        if (!reason.isEmpty())
            lines.append(tr("Reason: %1").arg(reason));
        const bool ended = serverStatus.kind() != RequestStatus::Kind::Pending && !decision.serverStatus.isEmpty();
        if (ended) {
            lines.append(tr("Status now: %1").arg(RequestPresentation::statusText(serverStatus)));
            // This message already says how the request ended: the status change that follows
            // is not told again.
            claim(u"outcome:"_s + id);
        }
        Alert alert;
        alert.requestId = entry.requestId;
        alert.title = approve ? tr("Your approval was not applied") : tr("Your denial was not applied");
        alert.body = lines.join(u'\n');
        alert.summary = (approve ? tr("Approval not applied: %1") : tr("Denial not applied: %1"))
                            .arg(summaryText(entry, QString()));
        m_outcomeQueue.append(alert);
        break;
    }
    }
    refresh();
    if (!m_outcomeQueue.isEmpty() && !m_outcomeTimer.isActive())
        m_outcomeTimer.start();
}

// ---- pause

void TrayController::pauseUntil(const QDateTime &until)
{
    if (!until.isValid() || until <= m_clock.now()) {
        resume();
        return;
    }
    const bool was = isPaused();
    m_pausedUntil = until.toUTC();
    refresh();
    if (!was)
        Q_EMIT pausedChanged(true);
}

void TrayController::resume()
{
    const bool was = isPaused();
    m_pausedUntil = QDateTime();
    refresh();
    if (was)
        Q_EMIT pausedChanged(false);
    checkReminders();
}

bool TrayController::isPaused() const
{
    return m_pausedUntil.isValid() && m_clock.now() < m_pausedUntil;
}

QDateTime TrayController::pausedUntil() const
{
    return isPaused() ? m_pausedUntil : QDateTime();
}

void TrayController::endPauseIfOver()
{
    if (!m_pausedUntil.isValid() || isPaused())
        return;
    m_pausedUntil = QDateTime();
    refresh();
    Q_EMIT pausedChanged(false);
}

// ---- reminders

void TrayController::checkReminders()
{
    endPauseIfOver();
    QList<Alert> due;
    collectReminders(due);
    deliver(Kind::Reminder, due);
}

void TrayController::collectReminders(QList<Alert> &due)
{
    // While paused a reminder is not used up: if still due when the pause ends, it is shown then.
    if (isPaused())
        return;
    const QDateTime now = m_clock.now();
    for (auto it = m_tracked.cbegin(); it != m_tracked.cend(); ++it) {
        const Tracked &entry = *it;
        if (entry.status.kind() != RequestStatus::Kind::Pending || !entry.deadline.isValid())
            continue;
        const qint64 left = now.secsTo(entry.deadline);
        // Past its deadline it is expiring, not about to: the next sync tells how it ended.
        if (left <= 0 || left > m_options.reminderBeforeSec)
            continue;
        if (claim(u"remind:"_s + it.key()))
            due.append(reminderAlert(entry));
    }
    std::sort(due.begin(), due.end(), [](const Alert &a, const Alert &b) { return a.deadline < b.deadline; });
}

// ---- bookkeeping

TrayController::Tracked TrayController::trackedFrom(const AccessRequest &request) const
{
    Tracked entry;
    entry.requestId = request.requestId;
    entry.subscriptionId = request.subscriptionId;
    entry.status = request.status;
    entry.resourceType = RequestPresentation::singleLine(request.resourceType, 80);
    entry.resource = RequestPresentation::resourceText(request.resourceIds);
    entry.justification = RequestPresentation::singleLine(request.justification, kJustificationChars);
    if (request.status.kind() == RequestStatus::Kind::Pending)
        entry.deadline = RequestPresentation::deadline(request, m_clock.now()).value_or(QDateTime());
    return entry;
}

void TrayController::track(const AccessRequest &request, QList<Alert> &fresh, QList<Alert> &outcomes)
{
    const QString id = key(request.requestId);
    const auto it = m_tracked.constFind(id);
    const bool wasTracked = it != m_tracked.cend();
    const bool wasPending = wasTracked && it->status.kind() == RequestStatus::Kind::Pending;

    if (request.status.kind() == RequestStatus::Kind::Pending) {
        const Tracked entry = trackedFrom(request);
        m_tracked.insert(id, entry);
        if (wasPending || !claim(u"new:"_s + id))
            return;
        if (isPaused())
            return; // passed over: after the pause only a reminder still due is shown
        Alert alert = newAlert(entry);
        // The message says how long is left; a reminder right behind it would say it again.
        const qint64 left = m_clock.now().secsTo(entry.deadline);
        if (entry.deadline.isValid() && left > 0 && left <= m_options.reminderBeforeSec)
            claim(u"remind:"_s + id);
        fresh.append(alert);
        return;
    }

    // No longer (or never) Pending: only what is followed has an end to tell.
    if (!wasTracked && !m_decided.contains(id))
        return;
    // The status it had before decides the words; the row fills in what a bare entry (made from a
    // decision alone) lacks.
    Tracked entry = trackedFrom(request);
    if (wasTracked) {
        entry.status = it->status;
        entry.deadline = it->deadline;
    }
    settle(id, entry, request.status, false, outcomes);
}

void TrayController::settle(const QString &id, const Tracked &entry, const RequestStatus &status, bool removed,
                            QList<Alert> &outcomes)
{
    const auto decided = m_decided.constFind(id);
    const std::optional<Verdict> verdict =
        decided == m_decided.cend() ? std::nullopt : std::optional<Verdict>(*decided);
    if (!removed && verdict) {
        const RequestStatus::Kind kind = status.kind();
        const bool onItsWay = (kind == RequestStatus::Kind::Approving && *verdict == Verdict::Approve)
            || (kind == RequestStatus::Kind::Denying && *verdict == Verdict::Deny)
            || kind == RequestStatus::Kind::Pending || kind == RequestStatus::Kind::Initializing;
        if (onItsWay) {
            // Our decision is being applied: the message waits for Approved or Denied.
            Tracked waiting = entry;
            waiting.status = status;
            m_tracked.insert(id, waiting);
            return;
        }
    }
    if (!removed && !verdict && entry.status.kind() != RequestStatus::Kind::Pending) {
        // Followed only while Pending; nothing to tell about a request we never saw pending.
        m_tracked.remove(id);
        return;
    }
    if (claim(u"outcome:"_s + id) && !isPaused())
        outcomes.append(outcomeAlert(entry, status, verdict, removed));
    m_tracked.remove(id);
    m_decided.remove(id);
}

bool TrayController::claim(const QString &event)
{
    if (m_told.contains(event))
        return false;
    m_told.insert(event);
    return true;
}

// ---- what goes out

void TrayController::deliver(Kind kind, QList<Alert> alerts)
{
    if (alerts.isEmpty() || !m_notifier || isPaused())
        return;
    const int threshold = std::max(2, m_options.batchThreshold);
    if (alerts.size() < threshold) {
        for (const Alert &alert : std::as_const(alerts))
            m_notifier->showMessage(alert.title, alert.body, {alert.requestId});
        return;
    }
    const int count = int(alerts.size());
    QString title;
    switch (kind) {
    case Kind::New:
        title = tr("%n new Lockbox requests", nullptr, count);
        break;
    case Kind::Reminder:
        title = tr("%n Lockbox requests expire soon", nullptr, count);
        break;
    case Kind::Outcome:
        title = tr("Updates on %n Lockbox requests", nullptr, count);
        break;
    }
    QStringList lines;
    QStringList ids;
    for (const Alert &alert : std::as_const(alerts)) {
        if (lines.size() < kBatchLines)
            lines.append(alert.summary);
        ids.append(alert.requestId);
    }
    if (count > kBatchLines)
        lines.append(tr("and %n more", nullptr, count - kBatchLines));
    m_notifier->showMessage(title, lines.join(u'\n'), ids);
}

void TrayController::flushOutcomes()
{
    QList<Alert> outcomes;
    outcomes.swap(m_outcomeQueue);
    deliver(Kind::Outcome, outcomes);
}

void TrayController::refresh()
{
    int count = 0;
    for (const Tracked &entry : std::as_const(m_tracked)) {
        if (entry.status.kind() == RequestStatus::Kind::Pending)
            ++count;
    }
    const bool countChanged = count != m_pendingCount;
    m_pendingCount = count;

    const bool paused = isPaused();
    if (m_notifier && (count != m_shownCount || paused != m_shownPaused))
        m_notifier->setIcon(m_icon.pendingIcon(count, paused));
    const QString tip = toolTip();
    if (m_notifier && tip != m_shownToolTip)
        m_notifier->setToolTip(tip);
    m_shownCount = count;
    m_shownPaused = paused;
    m_shownToolTip = tip;
    if (countChanged)
        Q_EMIT pendingCountChanged(count);
}

QString TrayController::toolTip() const
{
    QString tip = m_pendingCount == 0 ? tr("No pending Lockbox requests")
                                      : tr("%n pending Lockbox request(s)", nullptr, m_pendingCount);
    if (isPaused()) {
        tip += u'\n'
            + tr("Alerts paused until %1").arg(QLocale().toString(m_pausedUntil.toLocalTime(), QLocale::ShortFormat));
    }
    return tip;
}

// ---- words

QString TrayController::subscriptionText(const QString &subscriptionId) const
{
    QString name = RequestPresentation::singleLine(m_subscriptionNames.value(key(subscriptionId)), 80);
    if (!name.isEmpty())
        return name;
    if (!subscriptionId.isEmpty())
        return RequestPresentation::singleLine(subscriptionId, 80);
    return tr("Unknown subscription");
}

QString TrayController::detailsText(const Tracked &entry) const
{
    return joinNonEmpty(
        {subscriptionText(entry.subscriptionId), joinNonEmpty({entry.resourceType, entry.resource}, u" · ")}, u"\n");
}

QString TrayController::summaryText(const Tracked &entry, const QString &tail) const
{
    const QString what = entry.resource.isEmpty() ? entry.resourceType : entry.resource;
    return joinNonEmpty({subscriptionText(entry.subscriptionId), what, tail}, u" · ");
}

QString TrayController::expiresText(const QDateTime &deadline) const
{
    if (!deadline.isValid())
        return {};
    const qint64 left = m_clock.now().secsTo(deadline);
    if (left <= 0)
        return tr("Expired");
    return tr("Expires in %1").arg(RequestPresentation::timeLeftText(left));
}

TrayController::Alert TrayController::newAlert(const Tracked &entry) const
{
    Alert alert;
    alert.requestId = entry.requestId;
    alert.deadline = entry.deadline;
    alert.title = tr("New Lockbox request");
    QStringList lines {detailsText(entry), expiresText(entry.deadline)};
    if (!entry.justification.isEmpty())
        lines.append(tr("Justification: %1").arg(entry.justification));
    alert.body = joinNonEmpty(lines, u"\n");
    alert.summary = summaryText(entry, expiresText(entry.deadline));
    return alert;
}

TrayController::Alert TrayController::reminderAlert(const Tracked &entry) const
{
    Alert alert;
    alert.requestId = entry.requestId;
    alert.deadline = entry.deadline;
    alert.title = tr("Lockbox request expires soon");
    alert.body = joinNonEmpty({detailsText(entry), expiresText(entry.deadline)}, u"\n");
    alert.summary = summaryText(entry, expiresText(entry.deadline));
    return alert;
}

TrayController::Alert TrayController::outcomeAlert(const Tracked &entry, const RequestStatus &status,
                                                   std::optional<Verdict> decided, bool removed) const
{
    using K = RequestStatus::Kind;
    QString title;
    QString extra;
    const K kind = status.kind();
    if (removed) {
        title = tr("Lockbox request no longer listed");
        extra = tr("Azure no longer lists this request.");
    } else if (endsApproval(kind)) {
        if (decided == Verdict::Approve) {
            title = tr("Your approval took effect");
        } else {
            title = tr("Approved by someone else");
            if (decided == Verdict::Deny)
                extra = tr("Your denial was not applied.");
        }
    } else if (endsDenial(kind)) {
        if (decided == Verdict::Deny) {
            title = tr("Your denial took effect");
        } else {
            title = tr("Denied by someone else");
            if (decided == Verdict::Approve)
                extra = tr("Your approval was not applied.");
        }
    } else if (kind == K::Expired) {
        title = tr("Expired without a decision");
        if (decided)
            extra = decided == Verdict::Approve ? tr("Your approval did not reach Azure in time.")
                                                : tr("Your denial did not reach Azure in time.");
    } else {
        title = tr("Lockbox request ended");
        extra = tr("Status: %1").arg(RequestPresentation::statusText(status));
    }
    Alert alert;
    alert.requestId = entry.requestId;
    alert.title = title;
    alert.body = joinNonEmpty({detailsText(entry), extra}, u"\n");
    alert.summary = tr("%1: %2").arg(title, summaryText(entry, QString()));
    return alert;
}

} // namespace lockbox::gui
