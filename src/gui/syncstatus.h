#pragma once

#include "engine/enginetypes.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <utility>

class QLabel;
class QStatusBar;

namespace lockbox {
class Clock;
}

namespace lockbox::gui {

class ElidedLabel;
class EngineHost;
class TrayController;

// Owns the status bar's sync line, error line and queue label: each subscription's sync status (the
// line's tooltip), whether a sync runs, the last sync or why none succeeded, paused alerts, what
// the last run could not sync (elided at a word, in full in its tooltip) and how many decisions
// wait in the queue; and the subscriptions' names as the engine reports them, kept once learnt for
// the cached rows of a subscription no longer watched. Sync times are told on `clock`, the clock
// the window shows requests on.
class SyncStatus final : public QObject
{
    Q_OBJECT

public:
    SyncStatus(EngineHost *engine, QStatusBar *bar, const TrayController *tray, const Clock &clock,
               QObject *parent = nullptr);
    ~SyncStatus() override;

    // Until the cache is in, the sync line says it is loading.
    void setLoaded(bool loaded);
    void setQueuedCount(int count);
    // The profile could not be opened.
    void showOffline();
    // Redraws the sync line and the queue label (relative times, the tray's pause).
    void refresh();

    const QHash<QString, QString> &subscriptionNames() const { return m_names; }
    // The subscription's name, else its id.
    QString subscriptionName(const QString &subscriptionId) const;
    QList<engine::SubscriptionStatus> subscriptions() const { return m_subscriptions.values(); }
    // (name, id) of every subscription watched, in the order of their names.
    QList<std::pair<QString, QString>> subscriptionsByName() const;

Q_SIGNALS:
    // The engine sent the subscriptions it watches; `namesChanged` when a name was learnt or changed.
    void subscriptionsChanged(bool namesChanged);

private:
    void onSubscriptions(const QList<engine::SubscriptionStatus> &subscriptions);
    void onSyncRunning(bool running);
    void onSyncFinished(int changedRows, const QStringList &errors);

    QStatusBar *m_bar;
    const TrayController *m_tray;
    const Clock &m_clock;
    QLabel *m_syncLabel;
    ElidedLabel *m_errorLabel;
    QLabel *m_queueLabel;
    QHash<QString, engine::SubscriptionStatus> m_subscriptions;
    QHash<QString, QString> m_names;
    // When each subscription's last success reached us, on m_clock (the engine's own stamp may be
    // on another clock); keyed by subscription id, with the engine's stamp it stands for.
    QHash<QString, std::pair<QDateTime, QDateTime>> m_syncedAt;
    int m_queued = 0;
    bool m_loaded = false;
    bool m_syncing = false;
};

} // namespace lockbox::gui
