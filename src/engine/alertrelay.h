#pragma once

#include "engine/alertpolicy.h"
#include "engine/alertrelayevent.h"
#include "engine/alertrelaytarget.h"
#include "engine/alertsettings.h"
#include "store/alertjournal.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <optional>

namespace lockbox {
class ActivityImporter;
class Clock;
class SyncEngine;
struct AccessRequest;
} // namespace lockbox

namespace lockbox::engine {

class Profile;

// The relay behind `lockboxctl watch`: it feeds the profile's AlertPolicy from the sync engine,
// as the console's tray does, and delivers what the policy tells to its targets (standard output,
// commands, webhooks), at least once, each event once per target across restarts.
//
// Every alert is written to the profile's journal (store::AlertJournal) before any delivery is
// tried, and deliveries go from the journal, one at a time per target, retried with exponential
// backoff (with jitter, capped; a receiver's Retry-After is honoured) while the target says
// "not now"; a target that refuses an event for good is told of it once.
//
// What happened while no relay ran is caught up once the first sync of a run is in: each Pending
// request of the watched subscriptions without a "new" event for a target is relayed to it, and
// so is the end of a request relayed as new whose end was not. A target's very first run is the
// exception: what is pending then is recorded as seen, not relayed (unless includeExisting).
class AlertRelay final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        bool includeExisting = false; // a target's first run relays what is already pending
        QUrl portalUrl;               // RelayEvent::portalUrlFor the profile's Resource Manager
        int backoffBaseSecs = 2;      // the first retry waits 1-2 s, each next one twice as long…
        int backoffCapSecs = 300;     // …up to 2.5-5 min
        int retryAfterCapSecs = 3600; // the longest a receiver's Retry-After is obeyed
        int keepDays = 30;            // settled journal entries are forgotten after this long
    };

    // The profile's stores must be open and outlive the relay; so must `clock`.
    AlertRelay(const Profile &profile, const Clock &clock, Options options, QObject *parent = nullptr);
    ~AlertRelay() override;

    // Takes `target` (it becomes the relay's child). Before open().
    void addTarget(RelayTarget *target);
    QList<RelayTarget *> targets() const;
    // Makes the targets known to the journal and starts delivering what it holds for them.
    bool open(QString *error);

    void setSettings(const AlertSettings &settings);
    // The subscriptions being watched (any case; empty: all) and their names.
    void setSubscriptions(const QStringList &subscriptionIds);
    void setSubscriptionNames(const QHash<QString, QString> &idToName);

    // Follows `sync`'s changes and runs. Call beginRun() before each run is started.
    void follow(SyncEngine *sync);
    // Who decided a request decided elsewhere is asked of the Activity Log through `importer`
    // (imported into the audit trail) before its alert is written; without one, or when the log
    // does not say, the alert goes without.
    void setActivityImporter(ActivityImporter *importer);
    void beginRun();
    // After the first sync run in which a subscription synced: the cache then is the baseline.
    bool isPrimed() const { return m_primed; }

Q_SIGNALS:
    // The first run's baseline is taken: `seen` pending requests recorded without being relayed,
    // `caughtUp` events of what happened while no relay ran queued for delivery.
    void primed(int seen, int caughtUp);
    void delivered(const QString &target, const lockbox::engine::RelayEvent &event, int attempts);
    // `permanent`: given up; otherwise tried again at `nextAttempt`.
    void deliveryFailed(const QString &target, const lockbox::engine::RelayEvent &event, const QString &error,
                        bool permanent, const QDateTime &nextAttempt, int attempts);
    void targetOutput(const QString &target, const QString &text);
    // The journal could not be read or written.
    void problem(const QString &message);

private:
    struct Slot
    {
        RelayTarget *target = nullptr;
        QString key;
        bool primed = false; // its first run is over
        std::optional<store::AlertJournalEntry> inFlight;
    };

    void onChanged(const ChangeSet &changes);
    void onRunFinished(bool anySynced);
    void onAlerted(const AlertBatch &batch);
    void lookUpWhoDecided();
    void onActivityImported();
    void prime();
    int catchUp();
    void noteOurDecisions(const QStringList &requestIds);
    // The latest decision given on the request from this profile: acknowledged by Azure, or (unless
    // `acknowledgedOnly`) still on its way.
    std::optional<QueuedDecision> ourDecision(const QString &requestId, bool acknowledgedOnly) const;
    // Writes one event for `targets` (unprimed ones get it as seen); how many were queued.
    int record(const Alert &alert, const AccessRequest *cached, const QList<Slot *> &targets,
               store::AlertJournalEntry::State state);
    QString decidedBy(const Alert &alert) const;
    AlertRequest alertRequestOf(const AccessRequest &request) const;
    bool watches(const QString &subscriptionId) const;
    bool insideReminderWindow(const QDateTime &deadline) const;
    QList<AccessRequest> pendingRequests();

    void pump();
    void onDelivered(Slot *slot, const RelayDelivery &delivery);
    qint64 backoffMsecs(int attempts) const;
    void report(const QString &error);

    const Profile &m_profile;
    const Clock &m_clock;
    Options m_options;
    AlertPolicy m_policy;
    store::AlertJournal m_journal;
    AlertSettings m_settings;
    QList<Slot> m_slots;
    QSet<QString> m_watched;                     // lower-case subscription ids; empty: all
    QHash<QString, QString> m_subscriptionNames; // lower-case id -> name
    bool m_opened = false;
    bool m_primed = false;
    bool m_catchUpAfterQuiet = false; // the catch-up waits for the quiet hours to end
    bool m_running = false;
    QDateTime m_lastPrune;
    QTimer m_retryTimer;
    ActivityImporter *m_importer = nullptr;
    QList<Alert> m_awaitingWho; // decided elsewhere: written once the Activity Log was asked
    qsizetype m_askingFor = 0;  // how many of m_awaitingWho the import under way is for
};

} // namespace lockbox::engine
