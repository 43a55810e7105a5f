#pragma once

// Owns the alert policy both front ends share (PRODUCT.md, "Tray"): which changes are worth an
// alert, when, and that each is told once. The console's tray and desktop notifications turn its
// events into words; `lockboxctl watch` can relay the same events to a team channel.

#include "core/accessrequest.h"
#include "core/changeset.h"
#include "core/decision.h"
#include "core/queueddecision.h"
#include "core/requeststatus.h"
#include "engine/alertsettings.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <optional>

namespace lockbox {
class Clock;
} // namespace lockbox

namespace lockbox::engine {

// The verdict a status is the result of: Approving and Approved come from an approval, Denying
// and Denied from a denial; any other status from neither.
std::optional<Verdict> verdictOf(const RequestStatus &status);

// One request an alert is about, with what a message needs. Text is as the server sent it:
// untrusted, possibly long or spanning lines; making it fit a message is the front end's job.
struct AlertRequest final
{
    QString requestId; // as the server spells it
    QString subscriptionId;
    QString subscriptionName; // when known as the alert was raised (setSubscriptionNames)
    RequestStatus status;     // New, Reminder: Pending. An end: the status it reached (Removed: the last known)
    QString resourceType;
    QStringList resourceIds;
    QString justification;
    QDateTime deadline; // when a Pending request expires; invalid when not known
};

// One thing worth telling, about one request.
struct Alert final
{
    enum class Kind {
        New,              // a request became Pending
        Reminder,         // a Pending request entered the reminder window
        TookEffect,       // the decision given here (verdict) reached its end
        DecidedElsewhere, // someone else approved or denied it (verdict: ours, not applied, if any)
        Expired,          // it expired (verdict: ours, which did not reach Azure in time, if any)
        Removed,          // Azure no longer lists a request that was Pending or decided here
        Ended,            // it reached another status (request.status)
        NotApplied,       // the service refused our verdict (reason; request.status: the server's
                          // status when the request left Pending, otherwise Pending)
    };

    Kind kind = Kind::New;
    AlertRequest request;
    std::optional<Verdict> verdict; // the decision given here, if any
    QString reason;                 // NotApplied: why, as the service said it
    QDateTime at;                   // when the policy saw it (its clock): "time left" counts from here
};

// What is told at one moment about one group of events: one event for the front end, however
// many requests it concerns (a message each for a few, one message for many).
struct AlertBatch final
{
    enum class Group {
        New,      // Alert::Kind::New
        Reminder, // Alert::Kind::Reminder, the most urgent first
        Outcome,  // every other kind
    };

    Group group = Group::New;
    QList<Alert> alerts;
};

// Fed with the request cache and its changes, the decisions given here and how they ended, it
// tells: each new Pending request; one reminder per Pending request when it enters the reminder
// window (the cache at prime() included); the end of a request the user decided here; a Pending
// request that ended without us (decided elsewhere, expired, gone). Each request and event is told
// once, whatever the spelling of its id. A sync run (beginBatch/endBatch), and the decision
// outcomes that arrive within kOutcomeCollectMsecs of the first, are told as one batch per group.
// While paused nothing is told and nothing is saved up: after the pause only reminders still due
// are told. The settings (AlertSettings) choose which groups are told at all (a decision of ours
// the service refused is always told) and the quiet hours: what comes up inside them is held and
// told as they end, if it still holds (a new request still Pending, a reminder still due).
// Time comes from the Clock given, never the wall clock.
class AlertPolicy final : public QObject
{
    Q_OBJECT

public:
    explicit AlertPolicy(const Clock &clock, QObject *parent = nullptr);
    ~AlertPolicy() override;

    // Which events are told, the reminder lead time and the quiet hours (the reminder lead time is
    // also setReminderBeforeSecs()).
    void setSettings(const AlertSettings &settings);
    const AlertSettings &settings() const { return m_settings; }
    // Remind when a Pending request has less than this left (negative counts as 0).
    void setReminderBeforeSecs(int secs);
    int reminderBeforeSecs() const { return m_reminderBeforeSecs; }
    // Subscription id (any case) -> display name, for the alerts raised from now on.
    void setSubscriptionNames(const QHash<QString, QString> &idToName);

    // The cache at start: nothing in it is news, but Pending requests already inside the reminder
    // window are reminded of (once, in one batch). At once, or as the cache arrives: beginPrime(),
    // primeMore() with each chunk, and endPrime(), when the pending count and the reminders go out.
    void prime(const QList<AccessRequest> &all);
    void beginPrime();
    void primeMore(const QList<AccessRequest> &chunk);
    void endPrime();
    // An incremental change from the engine: `rows` hold the current content of every added and
    // changed id.
    void applyChanges(const ChangeSet &changes, const QList<AccessRequest> &rows);
    // A sync run: changes are followed as they come, but what they have to tell (and the pending
    // count) waits for endBatch(), so that a run makes one batch however many pieces it arrives in.
    void beginBatch();
    void endBatch();
    bool isBatching() const { return m_batching; }
    // The user decided this request here (the decision is queued).
    void noteDecided(const QString &requestId, Verdict verdict);
    // How the decision service settled a decision (`errorText`: why it failed, if it did).
    void decisionFinished(const QueuedDecision &decision, const QString &errorText);

    void pauseUntil(const QDateTime &until); // an instant not in the future resumes
    void resume();
    bool isPaused() const;
    QDateTime pausedUntil() const; // invalid when not paused
    // Inside the settings' quiet hours now; quietUntil() says until when (invalid when not).
    bool isQuiet() const;
    QDateTime quietUntil() const;

    // "Remind me later": these requests are reminded of again at `at` (once), if still Pending then,
    // whether or not they are inside the reminder window.
    void remindAgainAt(const QStringList &requestIds, const QDateTime &at);
    // The policy's clock.
    QDateTime now() const;

    // Tells of Pending requests that entered the reminder window; also ends a pause that ran out.
    // An internal timer runs it every minute.
    void checkReminders();

    // Pending requests followed, as of the last update (a batch counts at its end).
    int pendingCount() const { return m_pendingCount; }

    // How long decision outcomes are collected before they are told, so that a batch decision's
    // results make one batch.
    static constexpr int kOutcomeCollectMsecs = 400;

Q_SIGNALS:
    // Outcomes come before reminders and reminders before new requests when one call tells
    // several groups: a front end that shows only its latest message shows the news.
    void alerted(const lockbox::engine::AlertBatch &batch);
    // The pending count and the pause were brought up to date (a batch waits for its end): a front
    // end redraws what shows them. pendingCountChanged and pausedChanged follow when they changed.
    void updated();
    void pendingCountChanged(int count);
    void pausedChanged(bool paused);
    void quietChanged(bool quiet);

private:
    static QString key(const QString &requestId) { return requestId.toLower(); }
    AlertRequest followedFrom(const AccessRequest &request) const;
    Alert alertOf(Alert::Kind kind, const AlertRequest &request) const;
    bool insideReminderWindow(const QDateTime &deadline) const;

    void track(const AccessRequest &request, QList<Alert> &fresh, QList<Alert> &outcomes);
    void settle(const QString &id, const AlertRequest &entry, const RequestStatus &status, bool removed,
                QList<Alert> &outcomes);
    // Marks `event` as told; false when it was told before.
    bool claim(const QString &event);
    void collectReminders(QList<Alert> &due);
    void tell(AlertBatch::Group group, QList<Alert> alerts);
    void tellAll(QList<Alert> outcomes, QList<Alert> fresh);
    void flushOutcomes();
    void endPauseIfOver();
    // Notices quiet hours beginning or ending; at their end tells what was held.
    void followQuiet();
    bool wanted(AlertBatch::Group group, const Alert &alert) const;
    // Brings the pending count up to date and says so.
    void publish();

    const Clock &m_clock;
    int m_reminderBeforeSecs = 12 * 3600;
    // Lower-case request id -> what is followed: Pending requests, and ones decided here until
    // their end is told.
    QHash<QString, AlertRequest> m_followed;
    QHash<QString, Verdict> m_decided;           // lower-case request id -> the verdict given here
    QHash<QString, QString> m_subscriptionNames; // lower-case subscription id -> display name
    QHash<QString, QDateTime> m_remindAgain;     // lower-case request id -> when to remind of it again
    QSet<QString> m_told;                        // "<event>:<id>" already told (or passed over while paused)
    QList<Alert> m_outcomeQueue;                 // decision outcomes waiting for flushOutcomes()
    QList<Alert> m_batchFresh;                   // new requests of the current batch
    QList<Alert> m_batchOutcomes;                // ends of the current batch
    bool m_batching = false;
    bool m_priming = false; // between beginPrime() and endPrime()
    QTimer m_outcomeTimer;
    QTimer m_minuteTimer;
    QDateTime m_pausedUntil;
    AlertSettings m_settings;
    bool m_quiet = false;     // inside quiet hours as of the last look (followQuiet)
    QList<Alert> m_heldFresh; // held through the quiet hours
    QList<Alert> m_heldOutcomes;
    int m_pendingCount = 0;
};

} // namespace lockbox::engine
