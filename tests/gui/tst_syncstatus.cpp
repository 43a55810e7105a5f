// SyncStatus: the status bar's sync line (loading, never synced, last sync, failing and offline
// subscriptions, a sync running, paused alerts), its per-subscription tooltip, the queue label,
// the message of a run that failed somewhere, and subscription names kept once learnt. The engine
// is never started: the test speaks for it by emitting its signals.

#include "guitestkit.h"
#include "idleengine.h"

#include "gui/guiresources.h"
#include "gui/syncstatus.h"
#include "gui/traycontroller.h"

#include <QLabel>
#include <QLocale>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using lockbox::engine::SubscriptionStatus;
using lockbox::gui::SyncStatus;
using lockbox::gui::TrayController;
using lockbox::test::child;
using lockbox::test::IdleEngine;

namespace {

const QString kSubA = u"00000000-0000-0000-0000-0000000000a1"_s;
const QString kSubB = u"00000000-0000-0000-0000-0000000000b2"_s;

SubscriptionStatus subscription(const QString &id, const QString &name, const QDateTime &lastSuccess = {},
                                const QString &lastError = {})
{
    SubscriptionStatus s;
    s.subscriptionId = id;
    s.displayName = name;
    s.lastSuccess = lastSuccess;
    s.lastError = lastError;
    return s;
}

QString shortTime(const QDateTime &t)
{
    return QLocale().toString(t.toLocalTime(), QLocale::ShortFormat);
}

} // namespace

class TestSyncStatus final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void loadingThenNotSynced();
    void lastSyncAndFailingSubscriptions();
    void offlineWhenNoneSucceeded();
    void syncRunAndItsErrors();
    void pausedAlerts();
    void queueLabel();
    void namesAreKeptOnceLearnt();

private:
    lockbox::engine::Engine *engine() const { return m_idle->engine(); }
    QString line() const { return child<QLabel>(*m_bar, u"syncStatus"_s)->text(); }
    QString toolTip() const { return child<QLabel>(*m_bar, u"syncStatus"_s)->toolTip(); }

    std::unique_ptr<IdleEngine> m_idle; // a profile, a clock and an engine of its own for each test
    std::unique_ptr<QStatusBar> m_bar;
    std::unique_ptr<TrayController> m_tray;
    std::unique_ptr<SyncStatus> m_status;
};

void TestSyncStatus::initTestCase()
{
    lockbox::gui::initResources();
}

void TestSyncStatus::init()
{
    m_idle = std::make_unique<IdleEngine>();
    m_bar = std::make_unique<QStatusBar>();
    m_tray = std::make_unique<TrayController>(nullptr, m_idle->clock());
    m_status = std::make_unique<SyncStatus>(m_idle->host(), m_bar.get(), m_tray.get());
}

void TestSyncStatus::cleanup()
{
    m_status.reset();
    m_tray.reset();
    m_bar.reset();
    m_idle.reset();
}

void TestSyncStatus::loadingThenNotSynced()
{
    m_status->refresh();
    QCOMPARE(line(), u"Loading the cache…"_s);
    Q_EMIT engine()->subscriptionsChanged({subscription(kSubA, u"Contoso Production"_s)});
    QCOMPARE(line(), u"Loading the cache…"_s); // until the cache is in
    m_status->setLoaded(true);
    QCOMPARE(line(), u"Not synced yet"_s);
    QCOMPARE(toolTip(), u"Contoso Production: never synced"_s);
}

void TestSyncStatus::lastSyncAndFailingSubscriptions()
{
    m_status->setLoaded(true);
    const QDateTime earlier = m_idle->clock().now().addSecs(-3600);
    const QDateTime later = m_idle->clock().now().addSecs(-60);
    Q_EMIT engine()->subscriptionsChanged({subscription(kSubA, u"Contoso Production"_s, earlier),
                                           subscription(kSubB, QString(), later, u"403 Forbidden"_s)});
    QCOMPARE(line(), u"Last sync %1 · 1 subscription(s) failing"_s.arg(shortTime(later)));
    const QStringList tips = toolTip().split(u'\n');
    QCOMPARE(tips.size(), 2);
    QVERIFY(tips.contains(u"Contoso Production: "_s + shortTime(earlier)));
    QVERIFY(tips.contains(kSubB + u": 403 Forbidden"_s)); // no name: the id
}

void TestSyncStatus::offlineWhenNoneSucceeded()
{
    m_status->setLoaded(true);
    Q_EMIT engine()->subscriptionsChanged({subscription(kSubA, QString(), {}, u"Network unreachable"_s)});
    QCOMPARE(line(), u"Offline: no subscription could be synced"_s);
    m_status->showOffline();
    QCOMPARE(line(), u"Offline"_s);
}

void TestSyncStatus::syncRunAndItsErrors()
{
    m_status->setLoaded(true);
    SubscriptionStatus a = subscription(kSubA, u"Contoso Production"_s);
    a.syncing = true;
    Q_EMIT engine()->subscriptionsChanged({a, subscription(kSubB, u"Contoso Test"_s)});
    Q_EMIT engine()->syncRunning(true);
    QCOMPARE(line(), u"Syncing 2 subscription(s)…"_s);
    QVERIFY(toolTip().split(u'\n').contains(u"Contoso Production: syncing"_s));

    Q_EMIT engine()->syncFinished(3, {u"Contoso Test: 429 Too Many Requests"_s, u"another"_s});
    QCOMPARE(line(), u"Not synced yet"_s);
    QCOMPARE(m_bar->currentMessage(), u"Some subscriptions could not be synced: Contoso Test: 429 Too Many Requests"_s);
}

void TestSyncStatus::pausedAlerts()
{
    m_status->setLoaded(true);
    const QDateTime until = m_idle->clock().now().addSecs(3600);
    m_tray->pauseUntil(until);
    m_status->refresh();
    QCOMPARE(line(), u"Not synced yet · alerts paused until %1"_s.arg(shortTime(until)));
    m_tray->resume();
    m_status->refresh();
    QCOMPARE(line(), u"Not synced yet"_s);
}

void TestSyncStatus::queueLabel()
{
    auto *queue = child<QLabel>(*m_bar, u"queueStatus"_s);
    QVERIFY(queue);
    m_status->setQueuedCount(2);
    QCOMPARE(queue->text(), u"2 decision(s) queued"_s);
    m_status->setQueuedCount(0);
    QVERIFY(queue->text().isEmpty());
}

void TestSyncStatus::namesAreKeptOnceLearnt()
{
    QSignalSpy changed(m_status.get(), &SyncStatus::subscriptionsChanged);
    Q_EMIT engine()->subscriptionsChanged({subscription(kSubA, u"Zeta"_s), subscription(kSubB, u"Alpha"_s)});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.takeFirst().first().toBool(), true);
    const QList<std::pair<QString, QString>> byName {{u"Alpha"_s, kSubB}, {u"Zeta"_s, kSubA}};
    QCOMPARE(m_status->subscriptionsByName(), byName);

    Q_EMIT engine()->subscriptionsChanged({subscription(kSubA, u"Zeta"_s), subscription(kSubB, u"Alpha"_s)});
    QCOMPARE(changed.takeFirst().first().toBool(), false);

    // Signed in as someone else: B is no longer watched, but its cached rows keep its name.
    Q_EMIT engine()->subscriptionsChanged({subscription(kSubA, QString())});
    QCOMPARE(changed.takeFirst().first().toBool(), false);
    QCOMPARE(m_status->subscriptions().size(), 1);
    QCOMPARE(m_status->subscriptionName(kSubB), u"Alpha"_s);
    QCOMPARE(m_status->subscriptionName(kSubA), u"Zeta"_s);
    QCOMPARE(m_status->subscriptionName(u"unknown"_s), u"unknown"_s);

    Q_EMIT engine()->subscriptionsChanged({subscription(kSubA, u"Zeta renamed"_s)});
    QCOMPARE(changed.takeFirst().first().toBool(), true);
    QCOMPARE(m_status->subscriptionNames().value(kSubA), u"Zeta renamed"_s);
}

QTEST_MAIN(TestSyncStatus)
#include "tst_syncstatus.moc"
