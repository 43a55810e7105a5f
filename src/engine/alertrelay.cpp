#include "alertrelay.h"

#include "profile.h"

#include "core/clock.h"
#include "core/requestquery.h"
#include "store/auditlog.h"
#include "store/decisionoutbox.h"
#include "store/requeststore.h"
#include "sync/activityimporter.h"
#include "sync/syncengine.h"

#include <QJsonArray>
#include <QRandomGenerator>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::engine {

namespace {

using State = store::AlertJournalEntry::State;

constexpr qint64 kLongestWaitMsecs = 60LL * 60 * 1000; // the retry timer looks again at least hourly
constexpr int kPruneEveryHours = 12;

bool stillPending(const RequestStatus &status)
{
    return status.kind() == RequestStatus::Kind::Pending || status.kind() == RequestStatus::Kind::Initializing;
}

} // namespace

AlertRelay::AlertRelay(const Profile &profile, const Clock &clock, Options options, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_clock(clock)
    , m_options(std::move(options))
    , m_policy(clock)
    , m_journal(*profile.database(), clock)
{
    qRegisterMetaType<lockbox::engine::RelayDelivery>();
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &AlertRelay::pump);
    connect(&m_policy, &AlertPolicy::alerted, this, &AlertRelay::onAlerted);
    connect(&m_policy, &AlertPolicy::quietChanged, this, [this](bool quiet) {
        if (!quiet && std::exchange(m_catchUpAfterQuiet, false)) {
            catchUp();
            pump();
        }
    });
}

AlertRelay::~AlertRelay() = default;

void AlertRelay::addTarget(RelayTarget *target)
{
    Q_ASSERT(!m_opened);
    target->setParent(this);
    m_slots.append(Slot {target, target->key(), false, std::nullopt});
}

QList<RelayTarget *> AlertRelay::targets() const
{
    QList<RelayTarget *> out;
    for (const Slot &slot : m_slots)
        out.append(slot.target);
    return out;
}

bool AlertRelay::open(QString *error)
{
    // The slots stay where they are from here on: deliveries refer to them by index.
    qsizetype i = 0;
    for (Slot &slot : m_slots) {
        const std::optional<bool> primed = m_journal.registerTarget(slot.key, slot.target->label(), error);
        if (!primed)
            return false;
        slot.primed = *primed;
        connect(slot.target, &RelayTarget::finished, this,
                [this, i](const RelayDelivery &delivery) { onDelivered(&m_slots[i], delivery); });
        connect(slot.target, &RelayTarget::output, this,
                [this, i](const QString &text) { Q_EMIT targetOutput(m_slots.at(i).target->label(), text); });
        ++i;
    }
    m_opened = true;
    // What an earlier run left undelivered goes out now, before anything else is known.
    QMetaObject::invokeMethod(this, &AlertRelay::pump, Qt::QueuedConnection);
    return true;
}

void AlertRelay::setSettings(const AlertSettings &settings)
{
    if (settings == m_settings)
        return;
    m_settings = settings;
    m_policy.setSettings(settings);
}

void AlertRelay::setSubscriptions(const QStringList &subscriptionIds)
{
    m_watched.clear();
    for (const QString &id : subscriptionIds)
        m_watched.insert(id.toLower());
}

void AlertRelay::setSubscriptionNames(const QHash<QString, QString> &idToName)
{
    m_subscriptionNames.clear();
    for (auto it = idToName.cbegin(); it != idToName.cend(); ++it)
        m_subscriptionNames.insert(it.key().toLower(), it.value());
    m_policy.setSubscriptionNames(idToName);
}

void AlertRelay::follow(SyncEngine *sync)
{
    connect(sync, &SyncEngine::changed, this, &AlertRelay::onChanged);
    connect(sync, &SyncEngine::finished, this, [this](const QList<SyncEngine::Result> &results) {
        const bool anySynced = std::any_of(results.cbegin(), results.cend(), [](const SyncEngine::Result &r) {
            return !r.skipped && !r.error.isError();
        });
        onRunFinished(anySynced);
    });
}

void AlertRelay::setActivityImporter(ActivityImporter *importer)
{
    if (m_importer)
        m_importer->disconnect(this);
    m_importer = importer;
    if (m_importer)
        connect(m_importer, &ActivityImporter::finished, this, &AlertRelay::onActivityImported);
}

void AlertRelay::beginRun()
{
    m_running = true;
    if (m_primed)
        m_policy.beginBatch();
}

// ---- what comes in

bool AlertRelay::watches(const QString &subscriptionId) const
{
    return m_watched.isEmpty() || m_watched.contains(subscriptionId.toLower());
}

void AlertRelay::onChanged(const ChangeSet &changes)
{
    // Until the first run is in, the cache is being filled: nothing in it is news yet (prime()).
    if (!m_primed)
        return;
    // The policy needs the rows of what is or was Pending, and of what is on its way to an end.
    const auto matters = [](const RequestChange &c) {
        return stillPending(c.newStatus) || stillPending(c.oldStatus) || c.newStatus.isTransitional()
            || c.oldStatus.isTransitional();
    };
    QList<AccessRequest> rows;
    QStringList leaving;
    for (const QList<RequestChange> *list : {&changes.added, &changes.changed}) {
        for (const RequestChange &c : *list) {
            if (!matters(c))
                continue;
            QString error;
            if (const std::optional<AccessRequest> row = m_profile.requests()->request(c.requestId, &error))
                rows.append(*row);
            else if (!error.isEmpty())
                report(error);
            if (!stillPending(c.newStatus))
                leaving.append(c.requestId);
        }
    }
    for (const RequestChange &c : changes.removed)
        leaving.append(c.requestId);
    noteOurDecisions(leaving);
    m_policy.applyChanges(changes, rows);
}

void AlertRelay::onRunFinished(bool anySynced)
{
    const bool wasRunning = std::exchange(m_running, false);
    if (!m_primed) {
        if (anySynced)
            prime();
    } else if (wasRunning) {
        m_policy.endBatch();
    }
    const QDateTime now = m_clock.now();
    if (m_primed && (!m_lastPrune.isValid() || m_lastPrune.secsTo(now) >= qint64(kPruneEveryHours) * 3600)) {
        m_lastPrune = now;
        QString error;
        if (m_journal.prune(now.addDays(-m_options.keepDays), &error) < 0)
            report(error);
    }
}

void AlertRelay::noteOurDecisions(const QStringList &requestIds)
{
    for (const QString &id : requestIds) {
        if (const std::optional<QueuedDecision> ours = ourDecision(id, false))
            m_policy.noteDecided(id, ours->verdict);
    }
}

std::optional<QueuedDecision> AlertRelay::ourDecision(const QString &requestId, bool acknowledgedOnly) const
{
    const QList<QueuedDecision> decisions = m_profile.outbox()->forRequest(requestId);
    // Newest last.
    for (qsizetype i = decisions.size() - 1; i >= 0; --i) {
        const QueuedDecision &d = decisions.at(i);
        if (d.state == QueuedDecision::State::Acknowledged || (!acknowledgedOnly && d.isLive()))
            return d;
    }
    return std::nullopt;
}

QList<AccessRequest> AlertRelay::pendingRequests()
{
    RequestQuery query;
    query.quick = QuickFilter::Pending;
    QString error;
    QList<AccessRequest> all = m_profile.requests()->requests(query, &error);
    report(error);
    all.erase(
        std::remove_if(all.begin(), all.end(), [this](const AccessRequest &r) { return !watches(r.subscriptionId); }),
        all.end());
    return all;
}

AlertRequest AlertRelay::alertRequestOf(const AccessRequest &request) const
{
    AlertRequest r;
    r.requestId = request.requestId;
    r.subscriptionId = request.subscriptionId;
    r.subscriptionName = m_subscriptionNames.value(request.subscriptionId.toLower());
    r.status = request.status;
    r.resourceType = request.resourceType;
    r.resourceIds = request.resourceIds;
    r.justification = request.justification;
    if (request.status.kind() == RequestStatus::Kind::Pending) {
        if (request.expirationDateTime.isValid())
            r.deadline = request.expirationDateTime;
        else if (request.createdDateTime.isValid())
            r.deadline = request.createdDateTime.addDays(kPendingLifetimeDays);
    }
    return r;
}

bool AlertRelay::insideReminderWindow(const QDateTime &deadline) const
{
    if (!deadline.isValid())
        return false;
    const qint64 left = m_clock.now().secsTo(deadline);
    return left > 0 && left <= m_policy.reminderBeforeSecs();
}

// ---- the baseline and what happened while no relay ran

void AlertRelay::prime()
{
    const QList<AccessRequest> pending = pendingRequests();
    m_primed = true;

    // A target's first run: what is pending now is not news to it.
    QList<Slot *> fresh;
    for (Slot &slot : m_slots) {
        if (!slot.primed)
            fresh.append(&slot);
    }
    int seen = 0;
    if (!fresh.isEmpty()) {
        const State state = m_options.includeExisting ? State::Pending : State::Seen;
        for (const AccessRequest &r : pending) {
            Alert alert;
            alert.kind = Alert::Kind::New;
            alert.request = alertRequestOf(r);
            alert.at = m_clock.now();
            record(alert, &r, fresh, state);
            ++seen;
        }
        for (Slot *slot : std::as_const(fresh)) {
            QString error;
            if (m_journal.markPrimed(slot->key, &error))
                slot->primed = true;
            else
                report(error);
        }
    }
    const int caughtUp = catchUp();
    // The policy follows the pending requests from here; those already in the reminder window and
    // not yet reminded of (to a target) are told now, through onAlerted. (A target's first run
    // recorded its reminders as seen above, with the new requests inside the window.)
    m_policy.prime(pending);
    Q_EMIT primed(m_options.includeExisting ? 0 : seen, caughtUp);
    pump();
}

int AlertRelay::catchUp()
{
    if (m_settings.isQuietAt(m_clock.now())) {
        m_catchUpAfterQuiet = true; // told as the quiet hours end
        return 0;
    }
    QList<Slot *> primedSlots;
    for (Slot &slot : m_slots) {
        if (slot.primed)
            primedSlots.append(&slot);
    }
    if (primedSlots.isEmpty())
        return 0;
    int queued = 0;
    QString error;

    // Requests that became Pending while no relay ran (or whose event a crash kept from the journal).
    if (m_settings.newRequests) {
        QHash<Slot *, QSet<QString>> told;
        for (Slot *slot : std::as_const(primedSlots)) {
            const std::optional<QSet<QString>> keys = m_journal.requestsWith(u"new"_s, slot->key, {}, &error);
            if (!keys) {
                report(error);
                return queued;
            }
            told.insert(slot, *keys);
        }
        for (const AccessRequest &r : pendingRequests()) {
            QList<Slot *> lacking;
            for (Slot *slot : std::as_const(primedSlots)) {
                if (!told.value(slot).contains(r.requestId.toLower()))
                    lacking.append(slot);
            }
            if (lacking.isEmpty())
                continue;
            Alert alert;
            alert.kind = Alert::Kind::New;
            alert.request = alertRequestOf(r);
            alert.at = m_clock.now();
            queued += record(alert, &r, lacking, State::Pending);
        }
    }

    // Requests told as new whose end came while no relay ran. A Pending request ends within its
    // four days; older ones are left alone.
    if (m_settings.outcomes) {
        const QDateTime since = m_clock.now().addDays(-(kPendingLifetimeDays + 1));
        QHash<QString, QList<Slot *>> awaiting; // lower-case request id -> targets
        for (Slot *slot : std::as_const(primedSlots)) {
            const std::optional<QSet<QString>> told = m_journal.requestsWith(u"new"_s, slot->key, since, &error);
            const std::optional<QSet<QString>> ended = m_journal.requestsWith(u"outcome"_s, slot->key, {}, &error);
            if (!told || !ended) {
                report(error);
                return queued;
            }
            for (const QString &key : *told) {
                if (!ended->contains(key))
                    awaiting[key].append(slot);
            }
        }
        for (auto it = awaiting.cbegin(); it != awaiting.cend(); ++it) {
            const QList<store::AlertJournalEntry> entries = m_journal.entries(it.key(), &error);
            const auto told = std::find_if(entries.cbegin(), entries.cend(),
                                           [](const store::AlertJournalEntry &e) { return e.event == u"new"; });
            if (told == entries.cend())
                continue;
            const RelayEvent event = RelayEvent::fromJson(told->payload);
            if (!event.isValid() || !watches(event.subscriptionId()))
                continue;
            const std::optional<AccessRequest> row = m_profile.requests()->request(event.requestId(), &error);
            if (!error.isEmpty()) {
                report(error);
                return queued;
            }
            Alert alert;
            alert.at = m_clock.now();
            if (row) {
                if (stillPending(row->status))
                    continue; // the policy follows it
                std::optional<Verdict> ours;
                if (const std::optional<QueuedDecision> decision = ourDecision(row->requestId, false))
                    ours = decision->verdict;
                const std::optional<Verdict> reached = verdictOf(row->status);
                if (ours && row->status.isTransitional() && reached == ours)
                    continue; // our decision is being applied: the policy tells its end
                alert.request = alertRequestOf(*row);
                alert.verdict = ours;
                if (reached)
                    alert.kind = reached == ours ? Alert::Kind::TookEffect : Alert::Kind::DecidedElsewhere;
                else if (row->status.kind() == RequestStatus::Kind::Expired)
                    alert.kind = Alert::Kind::Expired;
                else
                    alert.kind = Alert::Kind::Ended;
            } else {
                // No longer in the cache: Azure no longer lists it.
                alert.kind = Alert::Kind::Removed;
                alert.request.requestId = event.requestId();
                alert.request.subscriptionId = event.subscriptionId();
                alert.request.subscriptionName = m_subscriptionNames.value(event.subscriptionId().toLower());
                alert.request.status = RequestStatus::fromString(event.text(u"status"_s));
                alert.request.resourceType = event.text(u"resourceType"_s);
                for (const auto &v : event.json().value(u"resourceIds").toArray())
                    alert.request.resourceIds.append(v.toString());
                alert.request.justification = event.text(u"justification"_s);
            }
            queued += record(alert, row ? &*row : nullptr, it.value(), State::Pending);
        }
    }
    return queued;
}

// ---- the journal

void AlertRelay::onAlerted(const AlertBatch &batch)
{
    // Every target's first run is over once the policy tells anything (prime()).
    QList<Slot *> primed;
    for (Slot &slot : m_slots) {
        if (slot.primed)
            primed.append(&slot);
    }
    if (primed.isEmpty())
        return;
    for (const Alert &alert : batch.alerts) {
        if (!watches(alert.request.subscriptionId))
            continue;
        if (alert.kind == Alert::Kind::DecidedElsewhere && m_importer && decidedBy(alert).isEmpty()) {
            m_awaitingWho.append(alert);
            continue;
        }
        QString error;
        const std::optional<AccessRequest> row = m_profile.requests()->request(alert.request.requestId, &error);
        if (!error.isEmpty())
            report(error);
        const AccessRequest *cached = row ? &*row : nullptr;
        record(alert, cached, primed, State::Pending);
    }
    lookUpWhoDecided();
    pump();
}

void AlertRelay::lookUpWhoDecided()
{
    if (m_askingFor > 0 || m_awaitingWho.isEmpty())
        return;
    QStringList subscriptions;
    for (const Alert &alert : std::as_const(m_awaitingWho)) {
        if (!subscriptions.contains(alert.request.subscriptionId, Qt::CaseInsensitive))
            subscriptions.append(alert.request.subscriptionId);
    }
    m_askingFor = m_awaitingWho.size();
    // A Pending request is decided within its four days.
    m_importer->import(subscriptions, kPendingLifetimeDays + 1);
}

void AlertRelay::onActivityImported()
{
    if (m_askingFor == 0)
        return;
    const QList<Alert> asked = m_awaitingWho.mid(0, m_askingFor);
    m_awaitingWho.remove(0, m_askingFor);
    m_askingFor = 0;
    QList<Slot *> primed;
    for (Slot &slot : m_slots) {
        if (slot.primed)
            primed.append(&slot);
    }
    for (const Alert &alert : asked) {
        QString error;
        const std::optional<AccessRequest> row = m_profile.requests()->request(alert.request.requestId, &error);
        report(error);
        record(alert, row ? &*row : nullptr, primed, State::Pending);
    }
    lookUpWhoDecided();
    pump();
}

int AlertRelay::record(const Alert &alert, const AccessRequest *cached, const QList<Slot *> &targets, State state)
{
    QStringList keys;
    for (const Slot *slot : targets)
        keys.append(slot->key);
    const RelayEvent event = RelayEvent::of(alert, cached, decidedBy(alert), m_options.portalUrl);
    const QString id = alert.request.requestId;
    QString error;
    const std::optional<QStringList> written =
        m_journal.record(id, RelayEvent::journalEvent(alert.kind), event.toJson(), keys, state, &error);
    if (!written) {
        report(error);
        return 0;
    }
    // The new request's alert says how long is left: a reminder right behind it would say it again.
    if (alert.kind == Alert::Kind::New && !written->isEmpty() && insideReminderWindow(alert.request.deadline)) {
        if (!m_journal.record(id, u"reminder"_s, event.toJson(), *written, State::Seen, &error))
            report(error);
    }
    return state == State::Pending ? int(written->size()) : 0;
}

QString AlertRelay::decidedBy(const Alert &alert) const
{
    if (alert.kind != Alert::Kind::TookEffect && alert.kind != Alert::Kind::DecidedElsewhere)
        return {};
    const std::optional<Verdict> reached = verdictOf(alert.request.status);
    if (!reached)
        return {};
    // This profile's own decision, acknowledged by Azure…
    if (const std::optional<QueuedDecision> ours = ourDecision(alert.request.requestId, true);
        ours && ours->verdict == *reached)
        return ours->actor;
    // …else the Activity Log's event, once imported (lockboxctl sync --import-activity-log).
    store::AuditQuery query;
    query.requestId = alert.request.requestId;
    query.source = AuditRecord::Source::Azure;
    query.order = store::AuditQuery::Order::NewestFirst;
    const QList<AuditRecord> records = m_profile.audit()->records(query);
    for (const AuditRecord &record : records) {
        const bool approval = record.action == u"Approve" || record.action == u"AutoApprove";
        const bool denial = record.action == u"Deny";
        if ((approval && *reached == Verdict::Approve) || (denial && *reached == Verdict::Deny))
            return record.actor;
    }
    return {};
}

// ---- deliveries

void AlertRelay::pump()
{
    if (!m_opened)
        return;
    const QDateTime now = m_clock.now();
    QDateTime next;
    for (Slot &slot : m_slots) {
        if (slot.inFlight)
            continue;
        QString error;
        std::optional<store::AlertJournalEntry> due = m_journal.nextDue(slot.key, now, &error);
        if (!error.isEmpty()) {
            report(error);
            continue;
        }
        while (due) {
            const RelayEvent event = RelayEvent::fromJson(due->payload);
            if (event.isValid())
                break;
            // Not JSON: nothing can deliver it (the file was edited by hand, say).
            if (!m_journal.markFailed(*due, tr("the journal's copy of the event is unreadable"), &error))
                report(error);
            due = m_journal.nextDue(slot.key, now, &error);
        }
        if (due) {
            slot.inFlight = due;
            slot.target->deliver(RelayEvent::fromJson(due->payload), now);
            continue;
        }
        const QDateTime at = m_journal.nextAttemptAt(slot.key, &error);
        if (at.isValid() && (!next.isValid() || at < next))
            next = at;
    }
    if (next.isValid()) {
        const qint64 wait = std::clamp<qint64>(now.msecsTo(next), 0, kLongestWaitMsecs);
        m_retryTimer.start(int(wait));
    }
}

qint64 AlertRelay::backoffMsecs(int attempts) const
{
    const qint64 base = qint64(std::max(1, m_options.backoffBaseSecs)) * 1000;
    const qint64 cap = std::max<qint64>(base, qint64(m_options.backoffCapSecs) * 1000);
    const qint64 full = std::min(cap, base << std::min(std::max(0, attempts - 1), 20));
    // Half of it for sure, the rest drawn: many relays that failed together do not retry together.
    return full / 2 + qint64(QRandomGenerator::global()->bounded(quint32(full / 2 + 1)));
}

void AlertRelay::onDelivered(Slot *slot, const RelayDelivery &delivery)
{
    if (!slot->inFlight)
        return;
    const store::AlertJournalEntry entry = *std::exchange(slot->inFlight, std::nullopt);
    const RelayEvent event = RelayEvent::fromJson(entry.payload);
    const QString label = slot->target->label();
    QString error;
    switch (delivery.result) {
    case RelayDelivery::Result::Delivered:
        if (!m_journal.markDelivered(entry, &error))
            report(error);
        Q_EMIT delivered(label, event, entry.attempts + 1);
        break;
    case RelayDelivery::Result::Retry: {
        qint64 wait = backoffMsecs(entry.attempts + 1);
        if (delivery.retryAfterSecs >= 0)
            wait = std::max(wait, std::min<qint64>(delivery.retryAfterSecs, m_options.retryAfterCapSecs) * 1000);
        const QDateTime next = m_clock.now().addMSecs(wait);
        if (!m_journal.markRetry(entry, next, delivery.error, &error))
            report(error);
        Q_EMIT deliveryFailed(label, event, delivery.error, false, next, entry.attempts + 1);
        break;
    }
    case RelayDelivery::Result::Failed:
        if (!m_journal.markFailed(entry, delivery.error, &error))
            report(error);
        Q_EMIT deliveryFailed(label, event, delivery.error, true, QDateTime(), entry.attempts + 1);
        break;
    }
    pump();
}

void AlertRelay::report(const QString &error)
{
    if (!error.isEmpty())
        Q_EMIT problem(error);
}

} // namespace lockbox::engine
