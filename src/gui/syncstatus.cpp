#include "syncstatus.h"

#include "enginehost.h"
#include "traycontroller.h"

#include "engine/engine.h"

#include <QLabel>
#include <QLocale>
#include <QStatusBar>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

SyncStatus::SyncStatus(EngineHost *engine, QStatusBar *bar, const TrayController *tray, QObject *parent)
    : QObject(parent)
    , m_bar(bar)
    , m_tray(tray)
    , m_syncLabel(new QLabel(bar))
    , m_queueLabel(new QLabel(bar))
{
    m_syncLabel->setObjectName(u"syncStatus"_s);
    m_syncLabel->setTextFormat(Qt::PlainText);
    m_queueLabel->setObjectName(u"queueStatus"_s);
    m_queueLabel->setTextFormat(Qt::PlainText);
    m_bar->addWidget(m_syncLabel, 1);
    m_bar->addPermanentWidget(m_queueLabel);
    engine::Engine *w = engine->worker();
    connect(w, &engine::Engine::subscriptionsChanged, this, &SyncStatus::onSubscriptions);
    connect(w, &engine::Engine::syncRunning, this, &SyncStatus::onSyncRunning);
    connect(w, &engine::Engine::syncFinished, this, &SyncStatus::onSyncFinished);
}

SyncStatus::~SyncStatus() = default;

void SyncStatus::setLoaded(bool loaded)
{
    m_loaded = loaded;
    refresh();
}

void SyncStatus::setQueuedCount(int count)
{
    m_queued = count;
    refresh();
}

void SyncStatus::showOffline()
{
    m_syncLabel->setText(tr("Offline"));
}

QString SyncStatus::subscriptionName(const QString &subscriptionId) const
{
    const QString name = m_names.value(subscriptionId);
    return name.isEmpty() ? subscriptionId : name;
}

QList<std::pair<QString, QString>> SyncStatus::subscriptionsByName() const
{
    QList<std::pair<QString, QString>> items;
    for (const engine::SubscriptionStatus &s : std::as_const(m_subscriptions))
        items.append({subscriptionName(s.subscriptionId), s.subscriptionId});
    std::sort(items.begin(), items.end(),
              [](const auto &a, const auto &b) { return a.first.localeAwareCompare(b.first) < 0; });
    return items;
}

void SyncStatus::onSubscriptions(const QList<engine::SubscriptionStatus> &subscriptions)
{
    // The engine sends every subscription it watches each time (a sign-in as someone else starts
    // from none); names once learnt are kept for the cached rows.
    bool namesChanged = false;
    m_subscriptions.clear();
    for (const engine::SubscriptionStatus &s : subscriptions) {
        m_subscriptions.insert(s.subscriptionId, s);
        if (!s.displayName.isEmpty() && m_names.value(s.subscriptionId) != s.displayName) {
            m_names.insert(s.subscriptionId, s.displayName);
            namesChanged = true;
        }
    }
    Q_EMIT subscriptionsChanged(namesChanged);
    refresh();
}

void SyncStatus::onSyncRunning(bool running)
{
    m_syncing = running;
    refresh();
}

void SyncStatus::onSyncFinished(int changedRows, const QStringList &errors)
{
    Q_UNUSED(changedRows)
    m_syncing = false;
    if (!errors.isEmpty())
        m_bar->showMessage(tr("Some subscriptions could not be synced: %1").arg(errors.first()), 8000);
    refresh();
}

void SyncStatus::refresh()
{
    QString text;
    if (m_syncing) {
        text = tr("Syncing %n subscription(s)…", nullptr, int(m_subscriptions.size()));
    } else {
        QDateTime last;
        int failing = 0;
        for (const engine::SubscriptionStatus &s : std::as_const(m_subscriptions)) {
            if (s.lastSuccess.isValid() && (!last.isValid() || s.lastSuccess > last))
                last = s.lastSuccess;
            if (!s.lastError.isEmpty())
                ++failing;
        }
        if (!m_loaded)
            text = tr("Loading the cache…");
        else if (!last.isValid() && failing > 0)
            text = tr("Offline: no subscription could be synced");
        else if (!last.isValid())
            text = tr("Not synced yet");
        else
            text = tr("Last sync %1").arg(QLocale().toString(last.toLocalTime(), QLocale::ShortFormat));
        if (failing > 0 && last.isValid())
            text += u" · "_s + tr("%n subscription(s) failing", nullptr, failing);
    }
    if (m_tray->isPaused())
        text += u" · "_s
            + tr("alerts paused until %1")
                  .arg(QLocale().toString(m_tray->pausedUntil().toLocalTime(), QLocale::ShortFormat));
    m_syncLabel->setText(text);
    QStringList tips;
    for (const engine::SubscriptionStatus &s : std::as_const(m_subscriptions)) {
        QString line = subscriptionName(s.subscriptionId) + u": "_s;
        if (s.syncing)
            line += tr("syncing");
        else if (!s.lastError.isEmpty())
            line += s.lastError;
        else if (s.lastSuccess.isValid())
            line += QLocale().toString(s.lastSuccess.toLocalTime(), QLocale::ShortFormat);
        else
            line += tr("never synced");
        tips.append(line);
    }
    m_syncLabel->setToolTip(tips.join(u'\n'));
    m_queueLabel->setText(m_queued == 0 ? QString() : tr("%n decision(s) queued", nullptr, m_queued));
}

} // namespace lockbox::gui
