#pragma once

// Owns what the tray says (PRODUCT.md, "Tray"): the words of the alerts engine::AlertPolicy
// raises, the pending count on the icon and in the tooltip, and clicks on either. When and whether
// to alert is the policy's.

#include "trayicon.h"

#include "core/accessrequest.h"
#include "core/changeset.h"
#include "core/decision.h"
#include "core/queueddecision.h"
#include "engine/alertpolicy.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

namespace lockbox {
class Clock;
}

namespace lockbox::gui {

class TrayNotifier;

// The console's face of engine::AlertPolicy: a message for each new Pending request, batched when
// many arrive in one sync; a reminder when a Pending request is about to expire; a message when a
// request the user decided here reaches its end, or when a Pending request ends without us. Calls
// go to the policy, which decides what is told (once) and when; this class turns each batch it
// tells into one message per request, or one message for the batch when it is large.
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
    // Which events alert, the reminder lead time and the quiet hours (the profile's, shared with
    // lockboxctl watch); the reminder lead time replaces Options::reminderBeforeSec.
    void setAlertSettings(const engine::AlertSettings &settings);
    const engine::AlertSettings &alertSettings() const { return m_policy.settings(); }
    bool isQuiet() const { return m_policy.isQuiet(); }
    QDateTime quietUntil() const { return m_policy.quietUntil(); }
    // "Remind me in 1 hour": these requests are reminded of again then, if still Pending.
    void remindLater(const QStringList &requestIds);
    static constexpr int kRemindLaterSecs = 3600;
    // A request has less than this left: its notice is urgent.
    static constexpr int kUrgentSecs = 12 * 3600;

    // The calls of engine::AlertPolicy, which see.
    void prime(const QList<AccessRequest> &all) { m_policy.prime(all); }
    // prime() as the cache arrives (engine::AlertPolicy::beginPrime()).
    void beginPrime() { m_policy.beginPrime(); }
    void primeMore(const QList<AccessRequest> &chunk) { m_policy.primeMore(chunk); }
    void endPrime() { m_policy.endPrime(); }
    void applyChanges(const ChangeSet &changes, const QList<AccessRequest> &rows)
    {
        m_policy.applyChanges(changes, rows);
    }
    void beginBatch() { m_policy.beginBatch(); }
    void endBatch() { m_policy.endBatch(); }
    bool isBatching() const { return m_policy.isBatching(); }
    void noteDecided(const QString &requestId, Verdict verdict) { m_policy.noteDecided(requestId, verdict); }
    void decisionFinished(const QueuedDecision &decision, const QString &errorText)
    {
        m_policy.decisionFinished(decision, errorText);
    }
    void setSubscriptionNames(const QHash<QString, QString> &idToName) { m_policy.setSubscriptionNames(idToName); }

    void pauseUntil(const QDateTime &until) { m_policy.pauseUntil(until); }
    void resume() { m_policy.resume(); }
    bool isPaused() const { return m_policy.isPaused(); }
    QDateTime pausedUntil() const { return m_policy.pausedUntil(); } // invalid when not paused

    // Reminds of Pending requests that entered the reminder window; also ends a pause that ran
    // out. The policy's timer runs it every minute.
    void checkReminders() { m_policy.checkReminders(); }

    int pendingCount() const { return m_policy.pendingCount(); }
    QString toolTip() const;

    // How long decision outcomes are collected before they are shown, so that a batch decision's
    // results make one message.
    static constexpr int kOutcomeCollectMsecs = engine::AlertPolicy::kOutcomeCollectMsecs;

Q_SIGNALS:
    // A message or the icon was clicked: the request of a single-request message, or an empty id
    // (a batch, or the icon) to just show the window.
    void openRequested(const QString &requestId);
    void pendingCountChanged(int count);
    void pausedChanged(bool paused);
    void quietChanged(bool quiet);

private:
    // One message's worth: its own title and body when shown alone, one line in a batch.
    struct Message
    {
        QString title;
        QString body;
        QString summary;
    };

    void show(const engine::AlertBatch &batch);
    static bool urgent(const engine::Alert &alert);
    void refresh();

    static QString subscriptionText(const engine::AlertRequest &request);
    static QString detailsText(const engine::AlertRequest &request);
    static QString summaryText(const engine::AlertRequest &request, const QString &tail);
    static QString expiresText(const engine::Alert &alert);
    Message messageOf(const engine::Alert &alert) const;
    Message outcomeMessage(const engine::Alert &alert) const;
    Message notAppliedMessage(const engine::Alert &alert) const;

    TrayNotifier *m_notifier;
    Options m_options;
    TrayIcon m_icon;
    engine::AlertPolicy m_policy;
    // What the icon and tooltip last showed, so they are redrawn only on a change.
    int m_shownCount = -1;
    bool m_shownPaused = false;
    QString m_shownToolTip;
};

} // namespace lockbox::gui
