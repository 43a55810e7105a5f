// SyncStatus: the status bar's sync line (loading, never synced, last sync on the window's clock,
// failing and offline subscriptions, a sync running, paused alerts), its per-subscription tooltip,
// the queue label and its plurals, the error of a run that failed somewhere (cut at a word, never
// under the queue label, in full and as typed in its tooltip), and subscription names kept once
// learnt. The engine is never started: the test speaks for it by emitting its signals.

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
#include <QTextDocument>

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

// What a tooltip shows: tooltips render rich text.
QString shownToolTip(const QString &toolTip)
{
    if (!Qt::mightBeRichText(toolTip))
        return toolTip;
    QTextDocument document;
    document.setHtml(toolTip);
    return document.toPlainText();
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
    void lastSyncIsToldOnTheWindowsClock();
    void aLongErrorIsCutAtAWordAndNeverUnderTheQueue();
    void serverTextInTooltipsShowsAsTyped();
    void namesAreKeptOnceLearnt();

private:
    lockbox::engine::Engine *engine() const { return m_idle->engine(); }
    QString line() const { return child<QLabel>(*m_bar, u"syncStatus"_s)->text(); }
    QString toolTip() const { return shownToolTip(child<QLabel>(*m_bar, u"syncStatus"_s)->toolTip()); }
    QLabel *errorLabel() const { return child<QLabel>(*m_bar, u"syncError"_s); }

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
    m_status = std::make_unique<SyncStatus>(m_idle->host(), m_bar.get(), m_tray.get(), m_idle->clock());
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
    const QDateTime first = m_idle->clock().now();
    Q_EMIT engine()->subscriptionsChanged({subscription(kSubA, u"Contoso Production"_s, first)});
    QCOMPARE(line(), u"Last sync %1"_s.arg(shortTime(first)));
    // Ten minutes on, B has synced and failed since; A has not synced again.
    m_idle->clock().advanceSecs(600);
    const QDateTime later = m_idle->clock().now();
    Q_EMIT engine()->subscriptionsChanged({subscription(kSubA, u"Contoso Production"_s, first),
                                           subscription(kSubB, QString(), later, u"403 Forbidden"_s)});
    QCOMPARE(line(), u"Last sync %1 · 1 subscription failing"_s.arg(shortTime(later)));
    const QStringList tips = toolTip().split(u'\n');
    QCOMPARE(tips.size(), 2);
    QVERIFY2(tips.contains(u"Contoso Production: "_s + shortTime(first)), qPrintable(toolTip()));
    QVERIFY(tips.contains(kSubB + u": 403 Forbidden"_s)); // no name: the id
    Q_EMIT engine()->subscriptionsChanged({subscription(kSubA, u"Contoso Production"_s, first, u"timeout"_s),
                                           subscription(kSubB, QString(), later, u"403 Forbidden"_s)});
    QCOMPARE(line(), u"Last sync %1 · 2 subscriptions failing"_s.arg(shortTime(later)));
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
    QCOMPARE(line(), u"Syncing 2 subscriptions…"_s);
    QVERIFY(toolTip().split(u'\n').contains(u"Contoso Production: syncing"_s));

    Q_EMIT engine()->syncFinished(3, {u"Contoso Test: 429 Too Many Requests"_s, u"another"_s});
    QCOMPARE(line(), u"Not synced yet"_s);
    QLabel *error = errorLabel();
    QVERIFY(error);
    const QString toolTip = shownToolTip(error->toolTip());
    QVERIFY2(
        toolTip.startsWith(u"Some subscriptions could not be synced:\nContoso Test: 429 Too Many Requests\nanother"_s),
        qPrintable(toolTip));
    // A later run without errors takes it away.
    Q_EMIT engine()->syncRunning(true);
    Q_EMIT engine()->subscriptionsChanged({subscription(kSubA, u"Contoso Production"_s)});
    QCOMPARE(line(), u"Syncing 1 subscription…"_s);
    Q_EMIT engine()->syncFinished(0, {});
    QVERIFY(error->text().isEmpty());
    QVERIFY(error->toolTip().isEmpty());
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
    m_status->setQueuedCount(1);
    QCOMPARE(queue->text(), u"1 decision queued"_s);
    m_status->setQueuedCount(2);
    QCOMPARE(queue->text(), u"2 decisions queued"_s);
    m_status->setQueuedCount(0);
    QVERIFY(queue->text().isEmpty());
}

void TestSyncStatus::lastSyncIsToldOnTheWindowsClock()
{
    // The engine stamps a success on the system clock; the window's clock (the demo's simulator,
    // here a ManualClock at 2025-03-01 12:00 UTC) is another. The line is on the window's.
    m_status->setLoaded(true);
    const QDateTime shown = m_idle->clock().now();
    QVERIFY(qAbs(shown.secsTo(QDateTime::currentDateTimeUtc())) > 86400);
    Q_EMIT engine()->subscriptionsChanged(
        {subscription(kSubA, u"Contoso Production"_s, QDateTime::currentDateTimeUtc())});
    QCOMPARE(line(), u"Last sync %1"_s.arg(shortTime(shown)));
    QCOMPARE(toolTip(), u"Contoso Production: "_s + shortTime(shown));
}

void TestSyncStatus::aLongErrorIsCutAtAWordAndNeverUnderTheQueue()
{
    m_bar->resize(640, m_bar->sizeHint().height());
    m_bar->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_bar.get()));
    m_status->setLoaded(true);
    m_status->setQueuedCount(1);
    const QString error = u"Contoso Production: The client 'approver@contoso.example' with object id "
                          "'6a1e4b1c-0000-4000-8000-000000000000' does not have authorization to perform action "
                          "'Microsoft.CustomerLockbox/requests/read' over scope '/subscriptions/0000' or the scope "
                          "is invalid. If access was recently granted, please refresh your credentials."_s;
    Q_EMIT engine()->syncFinished(0, {error});
    QLabel *label = errorLabel();
    QLabel *queue = child<QLabel>(*m_bar, u"queueStatus"_s);
    QVERIFY(label && queue);
    QTRY_VERIFY(label->isVisible() && queue->isVisible());
    QCOMPARE(queue->text(), u"1 decision queued"_s);

    const QString full = u"Some subscriptions could not be synced: "_s + error;
    const QString shown = label->text();
    QVERIFY2(shown.endsWith(u'…') && shown.size() < full.size(), qPrintable(shown));
    // Cut at the end of a word: what is shown (without the ellipsis) starts the message, and the
    // message goes on with a space or punctuation there.
    const QString kept = shown.chopped(1);
    QVERIFY2(full.startsWith(kept), qPrintable(shown));
    QVERIFY2(!full.at(kept.size()).isLetterOrNumber(), qPrintable(shown));
    // It fits its label, and the label ends before the queue label begins.
    QVERIFY(label->fontMetrics().horizontalAdvance(shown) <= label->contentsRect().width());
    QVERIFY2(label->geometry().right() < queue->geometry().left(),
             qPrintable(u"%1 vs %2"_s.arg(label->geometry().right()).arg(queue->geometry().left())));
    QVERIFY(!label->geometry().intersects(queue->geometry()));
    // The whole message in the tooltip.
    QVERIFY2(shownToolTip(label->toolTip()).contains(error), qPrintable(label->toolTip()));

    // Wider, more of it shows, still cut at a word.
    m_bar->resize(1100, m_bar->height());
    QTRY_VERIFY(label->text().size() > shown.size());
    const QString wider = label->text();
    QVERIFY(full.startsWith(wider.chopped(1)));
    QVERIFY(!full.at(wider.size() - 1).isLetterOrNumber());
    QVERIFY(label->geometry().right() < queue->geometry().left());
}

void TestSyncStatus::serverTextInTooltipsShowsAsTyped()
{
    m_status->setLoaded(true);
    const QString hostile = u"<b>bold</b> <a href=\"https://evil.example\">click</a>"_s;
    Q_EMIT engine()->subscriptionsChanged({subscription(kSubA, u"<i>Name</i>"_s, {}, hostile)});
    QCOMPARE(toolTip(), u"<i>Name</i>: "_s + hostile);
    Q_EMIT engine()->syncFinished(0, {hostile});
    QLabel *label = errorLabel();
    QCOMPARE(label->textFormat(), Qt::PlainText);
    QVERIFY2(shownToolTip(label->toolTip()).endsWith(hostile), qPrintable(label->toolTip()));
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
