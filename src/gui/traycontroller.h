#pragma once

#include "trayicon.h"

#include "core/accessrequest.h"
#include "core/changeset.h"
#include "core/decision.h"
#include "core/queueddecision.h"

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
}

namespace lockbox::gui {

class TrayNotifier;

// What the tray says and when (PRODUCT.md, "Tray"): the pending count on the icon and in the
// tooltip; a message for each new Pending request, batched when many arrive in one sync; one
// reminder per request when a Pending request is about to expire; a message when a request the
// user decided here reaches its end, or when a Pending request ends without us (decided by someone
// else, expired, gone). Each request and event is told once. While alerts are paused nothing is
// shown and what happened is not saved up: after the pause only reminders still due appear.
//
// All of it works without a tray (the notifier may be null): the count and its signal still
// follow, for the window title.
class TrayController final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int reminderBeforeSec = 12 * 3600; // remind when a Pending request has less than this left
        int batchThreshold = 3;            // this many alerts of one kind at once make one message
    };

    TrayController(TrayNotifier *notifier, const Clock &clock, QObject *parent = nullptr);
    ~TrayController() override;

    void setOptions(const Options &options);
    Options options() const { return m_options; }

    // The cache at start: nothing in it is news, but Pending requests already inside the reminder
    // window are reminded of (once, batched).
    void prime(const QList<AccessRequest> &all);
    // An incremental change from the engine, with the same contract as RequestTableModel's: `rows`
    // hold the current content of every added and changed id.
    void applyChanges(const ChangeSet &changes, const QList<AccessRequest> &rows);
    // A sync run: changes are followed as they come, but what they have to tell (and the icon)
    // waits for endBatch(), so that a run makes one message however many pieces it arrives in.
    void beginBatch();
    void endBatch();
    bool isBatching() const { return m_batching; }
    // The user decided this request here (the decision is queued).
    void noteDecided(const QString &requestId, Verdict verdict);
    // How the decision service settled a decision (`errorText`: why it failed, if it did).
    void decisionFinished(const QueuedDecision &decision, const QString &errorText);
    void setSubscriptionNames(const QHash<QString, QString> &idToName);

    void pauseUntil(const QDateTime &until);
    void resume();
    bool isPaused() const;
    QDateTime pausedUntil() const; // invalid when not paused

    // Reminds of Pending requests that entered the reminder window; also ends a pause that ran
    // out. An internal timer runs it every minute.
    void checkReminders();

    int pendingCount() const { return m_pendingCount; }
    QString toolTip() const;

    // How long decision outcomes are collected before they are shown, so that a batch decision's
    // results make one message.
    static constexpr int kOutcomeCollectMsecs = 400;

Q_SIGNALS:
    // A message or the icon was clicked: the request of a single-request message, or an empty id
    // (a batch, or the icon) to just show the window.
    void openRequested(const QString &requestId);
    void pendingCountChanged(int count);
    void pausedChanged(bool paused);

private:
    enum class Kind { New, Reminder, Outcome };

    // What the tray needs to know about a request it follows: Pending ones, and ones the user
    // decided here until their end is told. Text is kept already made safe for one line.
    struct Tracked
    {
        QString requestId;
        QString subscriptionId;
        RequestStatus status;
        QString resourceType;
        QString resource;
        QString justification;
        QDateTime deadline; // when a Pending request expires
    };

    // One message's worth: its own title and body when shown alone, one line in a batch.
    struct Alert
    {
        QString requestId;
        QString title;
        QString body;
        QString summary;
        QDateTime deadline; // sorts reminders, the most urgent first
    };

    static QString key(const QString &requestId) { return requestId.toLower(); }
    Tracked trackedFrom(const AccessRequest &request) const;

    void track(const AccessRequest &request, QList<Alert> &fresh, QList<Alert> &outcomes);
    void settle(const QString &id, const Tracked &entry, const RequestStatus &status, bool removed,
                QList<Alert> &outcomes);
    // Marks `event` as told; false when it was told before.
    bool claim(const QString &event);
    void collectReminders(QList<Alert> &due);
    void deliver(Kind kind, QList<Alert> alerts);
    void flushOutcomes();
    void endPauseIfOver();
    void refresh();

    QString subscriptionText(const QString &subscriptionId) const;
    QString detailsText(const Tracked &entry) const;
    QString summaryText(const Tracked &entry, const QString &tail) const;
    QString expiresText(const QDateTime &deadline) const;
    Alert newAlert(const Tracked &entry) const;
    Alert reminderAlert(const Tracked &entry) const;
    Alert outcomeAlert(const Tracked &entry, const RequestStatus &status, std::optional<Verdict> decided,
                       bool removed) const;

    TrayNotifier *m_notifier;
    const Clock &m_clock;
    Options m_options;
    TrayIcon m_icon;
    QHash<QString, Tracked> m_tracked; // lower-case request id -> what is followed
    QHash<QString, Verdict> m_decided; // lower-case request id -> the verdict given here
    QSet<QString> m_told;              // "<event>:<id>" already told (or passed over while paused)
    QHash<QString, QString> m_subscriptionNames;
    QList<Alert> m_outcomeQueue;  // decision outcomes waiting for flushOutcomes()
    QList<Alert> m_batchFresh;    // new requests of the current batch
    QList<Alert> m_batchOutcomes; // final states of the current batch
    bool m_batching = false;
    QTimer m_outcomeTimer;
    QTimer m_minuteTimer;
    QDateTime m_pausedUntil;
    int m_pendingCount = 0;
    // What the icon and tooltip last showed, so they are redrawn only on a change.
    int m_shownCount = -1;
    bool m_shownPaused = false;
    QString m_shownToolTip;
};

} // namespace lockbox::gui
