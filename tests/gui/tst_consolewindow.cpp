// End to end, offscreen: the console's window, engine thread and tray controller against an
// in-process lockbox-sim on loopback, as a user would drive them.

#include "faketraynotifier.h"

#include "auth/tokenprovider.h"
#include "engine/engine.h"
#include "gui/auditview.h"
#include "gui/decisiondialog.h"
#include "gui/enginehost.h"
#include "gui/guiresources.h"
#include "gui/mainwindow.h"
#include "gui/plaintextlabel.h"
#include "gui/requestdetailsview.h"
#include "gui/requestfilterproxy.h"
#include "gui/requesttablemodel.h"
#include "gui/settingsdialog.h"
#include "gui/traycontroller.h"
#include "sim/simulator.h"
#include "sim/simworld.h"
#include "support/manualclock.h"
#include "support/simfixture.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QFrame>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace lockbox;

namespace {
const auto kTokenVar = "LOCKBOX_GUI_TEST_TOKEN";
const auto kAppName = u"Lockbox Console"_s;

bool runningTest(const char *name)
{
    return qstrcmp(QTest::currentTestFunction(), name) == 0;
}

// The banners of the window, each with what it says when it shows.
const std::pair<const char *, const char *> kBanners[] = {
    {"tenantBanner", "tenantBannerText"},
    {"signInBanner", "signInBannerText"},
    {"messageBanner", "messageText"},
};
} // namespace

class TestConsoleWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void syncFillsTheTable();
    void approveGoesThroughApprovingToApproved();
    void denyNeedsAReasonAndReachesTheServer();
    void newPendingRequestRaisesExactlyOneTrayMessage();
    void requestDecidedElsewhereRaisesTheRightMessage();
    void guiThreadStaysResponsiveDuringSync();
    void aLargeChangeGoesInInSlicesAndIsToldOnce();
    void fitsA1280x720ScreenWithEveryBanner();
    void everyBannerCloses();
    void ctrlCommaOpensTheSettings();
    void shortcutsAreListedInTwoAlignedColumns();
    void titleNamesTheApplicationOnce();
    void tableDetailsAndLastSyncShareOneClock();
    void detailsOfASummarisedRowAreReadWhole();
    void theHistoryIsBuiltWhenFirstShown();

private:
    // Every status the model showed for one request, in order.
    QStringList statusTrail(const QString &requestId) const;
    QString pendingRequestId() const;
    int simTotal();
    QPushButton *confirmButton(gui::DecisionDialog *dialog) const;
    // Waits until `runs` sync runs have ended and what they had to tell is in the models and the
    // tray, so that a tray message seen afterwards is about what happened next.
    void waitForRunsToSettle(int runs);

    std::unique_ptr<test::SimFixture> m_sim;
    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<gui::EngineHost> m_engine;
    std::unique_ptr<test::FakeTrayNotifier> m_tray;
    std::unique_ptr<gui::MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_modelTester;
    std::unique_ptr<QAbstractItemModelTester> m_proxyTester;
    std::shared_ptr<test::ManualClock> m_windowClock; // the window's clock when a test moves it by hand
    QHash<QString, QStringList> m_trail;
    int m_runsFinished = 0; // sync runs the engine has ended since init()
};

void TestConsoleWindow::initTestCase()
{
    gui::initResources();
    QGuiApplication::setApplicationDisplayName(kAppName); // as lockbox-console names itself
    qputenv(kTokenVar, QByteArray(test::SimFixture::kToken));
    sim::SimOptions options = test::SimFixture::defaultOptions();
    options.subscriptions = 3;
    options.requestsPerSubscription = 40;
    options.pendingFraction = 0.3;
    options.transitionMs = 2500; // long enough for the console to show Approving
    m_sim = std::make_unique<test::SimFixture>(options);
    QString error;
    QVERIFY2(m_sim->start(&error), qPrintable(error));
}

void TestConsoleWindow::init()
{
    m_profile = std::make_unique<QTemporaryDir>();
    QVERIFY(m_profile->isValid());
    engine::EngineConfig config;
    config.profileDir = m_profile->path();
    config.endpoint = m_sim->baseUrl();
    config.clock = m_sim->simulator().clock();
    config.pendingPollSec = 1;
    config.timeoutSec = 10;
    config.importActivityLog = false;
    config.makeTokens = [](QNetworkAccessManager *) -> std::unique_ptr<TokenProvider> {
        return std::make_unique<EnvironmentTokenProvider>(QString::fromLatin1(kTokenVar));
    };
    m_engine = std::make_unique<gui::EngineHost>(config);
    m_tray = std::make_unique<test::FakeTrayNotifier>();
    gui::MainWindowOptions options;
    options.profileDir = m_profile->path();
    options.demo = runningTest("titleNamesTheApplicationOnce");
    std::shared_ptr<const Clock> windowClock = config.clock;
    m_windowClock.reset();
    if (runningTest("tableDetailsAndLastSyncShareOneClock")) {
        m_windowClock = std::make_shared<test::ManualClock>(config.clock->now());
        windowClock = m_windowClock;
    }
    m_window = std::make_unique<gui::MainWindow>(m_engine.get(), m_tray.get(), windowClock, options);
    m_modelTester = std::make_unique<QAbstractItemModelTester>(m_window->requestModel(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_window->requestProxy(),
                                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_trail.clear();
    gui::RequestTableModel *model = m_window->requestModel();
    const auto record = [this, model](int first, int last) {
        for (int row = first; row <= last; ++row) {
            const QString id = model->index(row, 0).data(gui::RequestTableModel::RequestIdRole).toString();
            const QString status = model->requestAt(row)->status.toString();
            QStringList &trail = m_trail[id.toLower()];
            if (trail.isEmpty() || trail.last() != status)
                trail.append(status);
        }
    };
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [record](const QModelIndex &, int first, int last) { record(first, last); });
    connect(model, &QAbstractItemModel::dataChanged, this,
            [record](const QModelIndex &tl, const QModelIndex &br) { record(tl.row(), br.row()); });
    connect(model, &QAbstractItemModel::modelReset, this, [record, model] {
        if (model->rowCount() > 0)
            record(0, model->rowCount() - 1);
    });
    m_runsFinished = 0;
    connect(m_engine->worker(), &engine::Engine::syncFinished, this, [this] { ++m_runsFinished; });
    m_window->show();
    m_engine->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->isLoaded(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->requestModel()->rowCount(), simTotal(), 20000);
}

void TestConsoleWindow::cleanup()
{
    m_engine->stop();
    m_proxyTester.reset();
    m_modelTester.reset();
    m_window.reset();
    m_tray.reset();
    m_engine.reset();
    m_profile.reset();
}

int TestConsoleWindow::simTotal()
{
    int total = 0;
    for (const QString &sub : m_sim->subscriptionIds())
        total += int(m_sim->simulator().world().requests(sub).size());
    return total;
}

QStringList TestConsoleWindow::statusTrail(const QString &requestId) const
{
    return m_trail.value(requestId.toLower());
}

QString TestConsoleWindow::pendingRequestId() const
{
    const gui::RequestTableModel *model = m_window->requestModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        const std::optional<AccessRequest> r = model->requestAt(row);
        if (r->status.kind() == RequestStatus::Kind::Pending
            && r->expirationDateTime > m_sim->simulator().clock()->now().addSecs(3600)) {
            return r->requestId;
        }
    }
    return {};
}

void TestConsoleWindow::waitForRunsToSettle(int runs)
{
    // syncFinished arrives after syncRunning(false) has ended the tray's batch, or left it to the
    // last slice still on its way into the models.
    QTRY_VERIFY_WITH_TIMEOUT(
        m_runsFinished >= runs && !m_window->isApplyingChanges() && !m_window->trayController()->isBatching(), 30000);
}

QPushButton *TestConsoleWindow::confirmButton(gui::DecisionDialog *dialog) const
{
    const auto buttons = dialog->findChildren<QPushButton *>();
    for (QPushButton *b : buttons) {
        if (b->objectName() == u"confirmButton")
            return b;
    }
    for (QPushButton *b : buttons) {
        const QString t = b->text().remove(u'&');
        if (t.startsWith(u"Approve") || t.startsWith(u"Deny"))
            return b;
    }
    return nullptr;
}

void TestConsoleWindow::syncFillsTheTable()
{
    const int total = simTotal();
    QCOMPARE(m_window->requestModel()->rowCount(), total);
    // The Pending quick filter (the default) shows exactly the Pending rows.
    int pending = 0;
    for (int row = 0; row < m_window->requestModel()->rowCount(); ++row)
        pending += m_window->requestModel()->requestAt(row)->status.kind() == RequestStatus::Kind::Pending;
    QVERIFY(pending > 0);
    QTRY_COMPARE(m_window->requestProxy()->counts().pending, pending);
    QCOMPARE(m_window->requestProxy()->counts().all, total);
    // The window title carries the pending count.
    QTRY_VERIFY(m_window->windowTitle().contains(QString::number(pending)));
}

void TestConsoleWindow::approveGoesThroughApprovingToApproved()
{
    const QString id = pendingRequestId();
    QVERIFY(!id.isEmpty());
    QSignalSpy opened(m_window.get(), &gui::MainWindow::decisionDialogOpened);
    m_window->decide(Verdict::Approve, {id});
    QCOMPARE(opened.size(), 1);
    auto *dialog = opened.first().first().value<gui::DecisionDialog *>();
    QVERIFY(dialog);
    dialog->setArmDelay(50);
    QTRY_VERIFY(dialog->isVisible());
    QPushButton *confirm = confirmButton(dialog);
    QVERIFY(confirm);
    QTRY_VERIFY(confirm->isEnabled());
    confirm->click();

    QTRY_VERIFY_WITH_TIMEOUT(statusTrail(id).contains(u"Approving"_s), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->requestModel()->request(id)->status.kind(), RequestStatus::Kind::Approved,
                              15000);
    const QStringList trail = statusTrail(id);
    QCOMPARE(trail.first(), u"Pending"_s);
    QVERIFY2(trail.indexOf(u"Approving"_s) < trail.indexOf(u"Approved"_s), qPrintable(trail.join(u',')));
    // The server applied it once.
    const QJsonObject counters = m_sim->counters();
    QVERIFY(counters.contains(u"decisionPosts"_s));
    // The user is told when it reached its final state, and no "approved elsewhere" is raised.
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(m_tray->messages.cbegin(), m_tray->messages.cend(),
                                         [&](const auto &m) { return m.requestIds.contains(id); }),
                             10000);
    for (const auto &m : std::as_const(m_tray->messages)) {
        if (m.requestIds.contains(id))
            QVERIFY2(!m.title.contains(u"someone else", Qt::CaseInsensitive)
                         && !m.body.contains(u"someone else", Qt::CaseInsensitive),
                     qPrintable(m.title + u" / "_s + m.body));
    }
}

void TestConsoleWindow::denyNeedsAReasonAndReachesTheServer()
{
    const QString id = pendingRequestId();
    QVERIFY(!id.isEmpty());
    QSignalSpy opened(m_window.get(), &gui::MainWindow::decisionDialogOpened);
    m_window->decide(Verdict::Deny, {id});
    QCOMPARE(opened.size(), 1);
    auto *dialog = opened.first().first().value<gui::DecisionDialog *>();
    dialog->setArmDelay(50);
    QTRY_VERIFY(dialog->isVisible());
    QPushButton *confirm = confirmButton(dialog);
    QVERIFY(confirm);
    QTest::qWait(200);
    QVERIFY2(!confirm->isEnabled(), "Deny without a reason must not be possible");
    auto *reason = dialog->findChild<QPlainTextEdit *>();
    QVERIFY(reason);
    reason->setPlainText(u"Not agreed with the service owner"_s);
    QTRY_VERIFY(confirm->isEnabled());
    confirm->click();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->requestModel()->request(id)->status.kind(), RequestStatus::Kind::Denied, 15000);
}

void TestConsoleWindow::newPendingRequestRaisesExactlyOneTrayMessage()
{
    waitForRunsToSettle(1); // the first sync's own news is told before the new request arrives
    m_tray->messages.clear();
    const QString sub = m_sim->subscriptionIds().first();
    const auto reply = m_sim->client().post(m_sim->url(u"/_sim/requests"_s),
                                            QJsonDocument(QJsonObject {{u"subscriptionId"_s, sub}}).toJson());
    QCOMPARE(reply.status, 201);
    const QString newId =
        QJsonDocument::fromJson(reply.body).object().value(u"properties"_s).toObject().value(u"requestId"_s).toString();
    QVERIFY(!newId.isEmpty());
    // P8: within the poll interval (1 s here) plus a margin.
    QTRY_COMPARE_WITH_TIMEOUT(m_tray->messages.size(), 1, 10000);
    QVERIFY(m_tray->messages.first().requestIds.contains(newId));
    waitForRunsToSettle(m_runsFinished + 2); // two more polls: still one message
    QCOMPARE(m_tray->messages.size(), 1);
    QVERIFY(m_window->requestModel()->rowOf(newId) >= 0);
}

void TestConsoleWindow::requestDecidedElsewhereRaisesTheRightMessage()
{
    const QString id = pendingRequestId();
    QVERIFY(!id.isEmpty());
    const AccessRequest request = *m_window->requestModel()->request(id);
    // The first sync's news of the pending requests comes first (the tray hears of a sync's rows a
    // few hundred an event-loop turn, so it may still be on its way): only what follows counts.
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(m_tray->messages.cbegin(), m_tray->messages.cend(),
                                         [&](const auto &m) { return m.requestIds.contains(id); }),
                             15000);
    m_tray->messages.clear();
    // Another approver approves it in the portal.
    const auto reply = m_sim->client().post(
        m_sim->requestsUrl(request.subscriptionId, u"/"_s + id + u"/updateApproval"_s),
        QJsonDocument(QJsonObject {{u"status"_s, u"Approve"_s}, {u"reason"_s, u"approved in the portal"_s}}).toJson());
    QCOMPARE(reply.status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(m_tray->messages.cbegin(), m_tray->messages.cend(),
                                         [&](const auto &m) { return m.requestIds.contains(id); }),
                             15000);
    const auto it = std::find_if(m_tray->messages.cbegin(), m_tray->messages.cend(),
                                 [&](const auto &m) { return m.requestIds.contains(id); });
    const QString text = it->title + u' ' + it->body;
    QVERIFY2(text.contains(u"approv", Qt::CaseInsensitive), qPrintable(text));
    QVERIFY2(text.contains(u"someone else", Qt::CaseInsensitive) || text.contains(u"elsewhere", Qt::CaseInsensitive),
             qPrintable(text));
    QCOMPARE(std::count_if(m_tray->messages.cbegin(), m_tray->messages.cend(),
                           [&](const auto &m) { return m.requestIds.contains(id); }),
             1);
}

void TestConsoleWindow::guiThreadStaysResponsiveDuringSync()
{
    // A full sync runs while a 10 ms watchdog measures the GUI event loop. The figure for 100,000
    // requests comes from scripts/bench.sh; here the engine must simply not run on this thread.
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 worst = 0;
    QTimer watchdog;
    watchdog.setInterval(10);
    clock.start();
    connect(&watchdog, &QTimer::timeout, this, [&] {
        const qint64 now = clock.elapsed();
        worst = std::max(worst, now - last);
        last = now;
    });
    watchdog.start();
    QSignalSpy finished(m_engine->worker(), &engine::Engine::syncFinished);
    m_engine->syncNow(true);
    QVERIFY(finished.wait(20000));
    watchdog.stop();
    qInfo("longest GUI stall during a full sync of %d requests: %lld ms", m_window->requestModel()->rowCount(), worst);
    QVERIFY2(worst < 1000, qPrintable(u"GUI stalled %1 ms"_s.arg(worst)));
}

void TestConsoleWindow::aLargeChangeGoesInInSlicesAndIsToldOnce()
{
    // A first sync of a big subscription: 2,500 new requests in one change set, inside one run.
    gui::RequestTableModel *model = m_window->requestModel();
    waitForRunsToSettle(1); // the first sync's own news is told before the large change arrives
    const AccessRequest model0 = *model->requestAt(0);
    const int before = model->rowCount();
    ChangeSet changes;
    QList<AccessRequest> rows;
    for (int i = 0; i < 2500; ++i) {
        AccessRequest r = model0;
        r.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        r.armId =
            u"/subscriptions/%1/providers/Microsoft.CustomerLockbox/requests/%2"_s.arg(r.subscriptionId, r.requestId);
        r.status = RequestStatus::fromString(u"Pending"_s);
        r.expirationDateTime = m_sim->simulator().clock()->now().addDays(3);
        rows.append(r);
        changes.added.append(RequestChange {r.requestId, r.subscriptionId, RequestStatus(), r.status});
    }
    int largestInsert = 0;
    const auto inserted = connect(model, &QAbstractItemModel::rowsInserted, this,
                                  [&largestInsert](const QModelIndex &, int first, int last) {
                                      largestInsert = std::max(largestInsert, last - first + 1);
                                  });
    QSignalSpy applied(m_window.get(), &gui::MainWindow::changesApplied);
    m_tray->messages.clear();
    engine::Engine *worker = m_engine->worker();
    // As the engine thread would send them (queued; the worker lives on that thread).
    QMetaObject::invokeMethod(
        worker,
        [worker, changes, rows] {
            Q_EMIT worker->syncRunning(true);
            Q_EMIT worker->requestsChanged(changes, rows);
            Q_EMIT worker->syncRunning(false);
        },
        Qt::QueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, 10000);
    disconnect(inserted);
    QCOMPARE(model->rowCount(), before + 2500);
    QVERIFY2(largestInsert <= 500, qPrintable(QString::number(largestInsert)));
    QVERIFY(m_window->requestProxy()->counts().pending >= 2500);
    // One run, one message, naming them all.
    QTRY_COMPARE(m_tray->messages.size(), 1);
    QCOMPARE(m_tray->messages.first().requestIds.size(), 2500);
    QTest::qWait(300);
    QCOMPARE(m_tray->messages.size(), 1);
}

void TestConsoleWindow::fitsA1280x720ScreenWithEveryBanner()
{
    // Every banner at once, with what each says at its longest: the window's own and the audit
    // history's verification result.
    for (const auto &[banner, text] : kBanners) {
        auto *label = m_window->findChild<QLabel *>(QLatin1StringView(text));
        QVERIFY(label);
        if (label->text().isEmpty())
            label->setText(u"Customer Lockbox is DISABLED for tenant 00000000-0000-0000-0000-000000000000: Microsoft "
                           "Support can access your data without asking. A Global Administrator can enable it from "
                           "the Account menu or with 'lockboxctl tenant enable'."_s);
        m_window->findChild<QFrame *>(QLatin1StringView(banner))->show();
    }
    gui::AuditView *audit = m_window->auditView();
    QVERIFY(audit);
    audit->verifyIntegrity();
    QTRY_VERIFY_WITH_TIMEOUT(audit->verificationText().contains(u"intact"_s), 10000);
    auto *verifyBanner = audit->findChild<QFrame *>(u"verifyBanner"_s);
    QVERIFY(verifyBanner && !verifyBanner->isHidden());

    const QSize minimum = m_window->minimumSizeHint().expandedTo(m_window->minimumSize());
    qInfo("minimum size with every banner shown: %d x %d", minimum.width(), minimum.height());
    QVERIFY2(minimum.width() <= 1280 && minimum.height() <= 720,
             qPrintable(u"%1 x %2"_s.arg(minimum.width()).arg(minimum.height())));

    // On a 1280 x 720 screen the status bar stays inside the window, on either page.
    m_window->resize(1280, 720);
    for (const char *page : {"requestsPage", "auditPage"}) {
        m_window->findChild<QTabWidget *>(u"pages"_s)
            ->setCurrentWidget(m_window->findChild<QWidget *>(QLatin1StringView(page)));
        QTRY_COMPARE(m_window->size(), QSize(1280, 720));
        QStatusBar *bar = m_window->statusBar();
        QVERIFY(bar->isVisible());
        QVERIFY2(bar->geometry().bottom() < m_window->height(), page);
        QVERIFY2(bar->height() >= bar->sizeHint().height(), page);
    }
}

void TestConsoleWindow::everyBannerCloses()
{
    gui::AuditView *audit = m_window->auditView();
    QVERIFY(audit);
    audit->verifyIntegrity();
    QTRY_VERIFY_WITH_TIMEOUT(!audit->verificationText().isEmpty() && !audit->verificationText().contains(u"…"_s),
                             10000);
    QList<QFrame *> banners;
    for (const auto &[banner, text] : kBanners)
        banners.append(m_window->findChild<QFrame *>(QLatin1StringView(banner)));
    banners.append(audit->findChild<QFrame *>(u"verifyBanner"_s));
    for (QFrame *banner : std::as_const(banners)) {
        QVERIFY(banner);
        banner->show();
        // Its own button that closes it (the sign-in banner's "Sign in…" is not one).
        QAbstractButton *close = nullptr;
        for (QAbstractButton *button : banner->findChildren<QAbstractButton *>()) {
            if (button->text().remove(u'&') == u"Dismiss"_s)
                close = button;
        }
        QVERIFY2(close, qPrintable(banner->objectName()));
        QVERIFY2(!close->accessibleName().isEmpty(), qPrintable(banner->objectName()));
        close->click();
        QVERIFY2(banner->isHidden(), qPrintable(banner->objectName()));
    }
}

void TestConsoleWindow::ctrlCommaOpensTheSettings()
{
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QVERIFY(!m_window->findChild<gui::SettingsDialog *>());
    QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
    gui::SettingsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<gui::SettingsDialog *>()) != nullptr);
    QTRY_VERIFY(dialog->isVisible());
    // It offers closing to the tray only where this window has a tray.
    auto *closeToTray = dialog->findChild<QCheckBox *>(u"closeToTray"_s);
    QVERIFY(closeToTray);
    QCOMPARE(closeToTray->isEnabled(), m_tray->isAvailable());
    dialog->reject();
    QTRY_VERIFY(!m_window->findChild<gui::SettingsDialog *>());
    m_tray->setAvailable(!m_tray->isAvailable());
    QAction *settingsAction = nullptr;
    for (QAction *action : m_window->findChildren<QAction *>()) {
        if (action->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)))
            settingsAction = action;
    }
    QVERIFY(settingsAction);
    settingsAction->trigger(); // the window may not have the focus back yet: no key this time
    QTRY_VERIFY((dialog = m_window->findChild<gui::SettingsDialog *>()) != nullptr);
    closeToTray = dialog->findChild<QCheckBox *>(u"closeToTray"_s);
    QVERIFY(closeToTray);
    QCOMPARE(closeToTray->isEnabled(), m_tray->isAvailable());
    dialog->reject();
    m_tray->setAvailable(!m_tray->isAvailable());
}

void TestConsoleWindow::shortcutsAreListedInTwoAlignedColumns()
{
    auto *action = m_window->findChild<QAction *>(u"shortcutsAction"_s);
    QVERIFY(action);
    action->trigger();
    QDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<QDialog *>(u"shortcutsDialog"_s)) != nullptr);
    QTRY_VERIFY(dialog->isVisible());
    const QList<QLabel *> keys = dialog->findChildren<QLabel *>(u"shortcutKey"_s);
    const QList<QLabel *> actions = dialog->findChildren<QLabel *>(u"shortcutAction"_s);
    QCOMPARE(keys.size(), 10);
    QCOMPARE(actions.size(), keys.size());
    QHash<QString, QString> listed;
    for (int i = 0; i < keys.size(); ++i) {
        // Plain text, no tabs: two columns, each starting at one x, one row per line.
        QCOMPARE(keys[i]->textFormat(), Qt::PlainText);
        QCOMPARE(actions[i]->textFormat(), Qt::PlainText);
        QVERIFY(!keys[i]->text().contains(u'\t') && !actions[i]->text().contains(u'\t'));
        QCOMPARE(keys[i]->x(), keys[0]->x());
        QCOMPARE(actions[i]->x(), actions[0]->x());
        QVERIFY(keys[i]->geometry().right() < actions[i]->x());
        QVERIFY(qAbs(keys[i]->geometry().center().y() - actions[i]->geometry().center().y()) <= 2);
        if (i > 0)
            QVERIFY(keys[i]->y() > keys[i - 1]->y());
        listed.insert(actions[i]->text(), keys[i]->text());
    }
    QCOMPARE(listed.value(u"Settings"_s), u"Ctrl+,"_s);
    QCOMPARE(listed.value(u"Approve…"_s), u"Ctrl+Shift+A"_s);
    dialog->reject();
}

void TestConsoleWindow::titleNamesTheApplicationOnce()
{
    // This window is a demo's with pending requests: the longest title there is. The platform
    // appends the application's name to a title that does not end with it (QPlatformWindow::
    // formatWindowTitle, on xcb and Windows): what the user reads is that.
    QTRY_VERIFY(m_window->windowTitle().startsWith(u'('));
    const QString title = m_window->windowTitle();
    QVERIFY2(title.contains(u"DEMO"_s), qPrintable(title));
    const QString shown = title.endsWith(kAppName) ? title : title + u" — "_s + kAppName;
    QVERIFY2(shown.count(kAppName) == 1, qPrintable(shown));
}

void TestConsoleWindow::tableDetailsAndLastSyncShareOneClock()
{
    test::ManualClock &clock = *m_windowClock;
    gui::RequestTableModel *model = m_window->requestModel();
    const QString id = pendingRequestId();
    QVERIFY(!id.isEmpty());
    const QDateTime created = model->request(id)->createdDateTime;
    m_window->showRequest(id);
    QTRY_COMPARE(m_window->detailsView()->requestId(), id);
    auto *paneRequested = m_window->detailsView()->findChild<gui::PlainTextLabel *>(u"requestedValue"_s);
    QVERIFY(paneRequested);
    const auto tableRequested = [&] {
        return model->index(model->rowOf(id), gui::RequestTableModel::Requested).data().toString();
    };

    // 10 min 30 s after the request: the table follows the clock within a tick, and the pane
    // agrees with it.
    clock.set(created.addSecs(10 * 60 + 30));
    QTRY_COMPARE(tableRequested(), u"10 min ago"_s);
    QTRY_VERIFY2(paneRequested->fullText().endsWith(u"(10 min ago)"_s), qPrintable(paneRequested->fullText()));

    // 40 s later (less than a step of the shown clock), the pane is drawn again (another request
    // selected, then this one): it still reads the table's "now", not one of its own.
    clock.advanceSecs(40);
    QTableView *table = m_window->findChild<QTableView *>(u"requestTable"_s);
    table->clearSelection();
    QTRY_VERIFY(m_window->detailsView()->requestId().isEmpty());
    m_window->showRequest(id);
    QTRY_COMPARE(m_window->detailsView()->requestId(), id);
    QVERIFY2(paneRequested->fullText().endsWith(u"("_s + tableRequested() + u")"_s),
             qPrintable(paneRequested->fullText()));
    QCOMPARE(tableRequested(), u"10 min ago"_s);

    // A minute on, both move together.
    clock.advanceSecs(60);
    QTRY_COMPARE(tableRequested(), u"12 min ago"_s);
    QTRY_VERIFY2(paneRequested->fullText().endsWith(u"(12 min ago)"_s), qPrintable(paneRequested->fullText()));

    // The last sync is told on the same clock (a poll runs every second here).
    clock.advanceSecs(3 * 3600);
    const QString expected = QLocale().toString(clock.now().toLocalTime(), QLocale::ShortFormat);
    auto *line = m_window->statusBar()->findChild<QLabel *>(u"syncStatus"_s);
    QVERIFY(line);
    QTRY_VERIFY2_WITH_TIMEOUT(line->text().contains(u"Last sync "_s + expected), qPrintable(line->text()), 10000);

    // A request that arrives between two ticks is never "requested in N min".
    clock.advanceSecs(5 * 60);
    AccessRequest fresh = *model->request(id);
    fresh.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    fresh.armId = fresh.armId.left(fresh.armId.lastIndexOf(u'/') + 1) + fresh.requestId;
    fresh.createdDateTime = clock.now();
    ChangeSet changes;
    changes.added.append(RequestChange {fresh.requestId, fresh.subscriptionId, RequestStatus(), fresh.status});
    engine::Engine *worker = m_engine->worker();
    QMetaObject::invokeMethod(
        worker, [worker, changes, fresh] { Q_EMIT worker->requestsChanged(changes, {fresh}); }, Qt::QueuedConnection);
    QTRY_VERIFY(model->rowOf(fresh.requestId) >= 0);
    QCOMPARE(model->index(model->rowOf(fresh.requestId), gui::RequestTableModel::Requested).data().toString(),
             u"just now"_s);
}

void TestConsoleWindow::detailsOfASummarisedRowAreReadWhole()
{
    // The table keeps a summary of every request that is not open; the pane reads it whole.
    gui::RequestTableModel *model = m_window->requestModel();
    QVERIFY(model->rows().isSummarised());
    QString id;
    for (int row = 0; row < model->rowCount() && id.isEmpty(); ++row) {
        if (!model->rows().isWholeAt(row))
            id = model->requestAt(row)->requestId;
    }
    QVERIFY2(!id.isEmpty(), "no decided request in the table");
    QVERIFY(model->request(id)->supportCaseUrl.isEmpty());
    QVERIFY(model->request(id)->armId.isEmpty());

    m_window->showRequest(id);
    QTRY_COMPARE(m_window->detailsView()->requestId(), id);
    auto *caseUrl = m_window->detailsView()->findChild<gui::PlainTextLabel *>(u"supportCaseUrlValue"_s);
    QVERIFY(caseUrl);
    QTRY_VERIFY2(gui::PlainTextLabel::withoutBreaks(caseUrl->fullText()).startsWith(u"https://portal.azure.com/"_s),
                 qPrintable(caseUrl->fullText()));
    // The simulator's own record of it, as the pane shows it.
    const auto reply = m_sim->client().get(m_sim->requestsUrl(model->request(id)->subscriptionId, u"/"_s + id));
    QCOMPARE(reply.status, 200);
    const QJsonObject properties = QJsonDocument::fromJson(reply.body).object().value(u"properties"_s).toObject();
    QCOMPARE(gui::PlainTextLabel::withoutBreaks(caseUrl->fullText()), properties.value(u"supportCaseUrl"_s).toString());
    auto *justification = m_window->detailsView()->findChild<QPlainTextEdit *>(u"justificationView"_s);
    QVERIFY(justification);
    QCOMPARE(justification->toPlainText(), properties.value(u"justification"_s).toString());
}

void TestConsoleWindow::theHistoryIsBuiltWhenFirstShown()
{
    // Not at launch: the history's widgets and charts would cost the window's first paint.
    QTRY_VERIFY_WITH_TIMEOUT(m_runsFinished > 0, 20000); // the store is open
    QVERIFY(!m_window->findChild<gui::AuditView *>());

    // A decision made meanwhile is in the history when it is first shown.
    const QString id = pendingRequestId();
    QVERIFY(!id.isEmpty());
    QSignalSpy finished(m_engine->worker(), &engine::Engine::decisionFinished);
    m_engine->decide(QStringList {id}, Verdict::Deny, u"not during the freeze"_s);
    QVERIFY(finished.wait(15000));
    QVERIFY(!m_window->findChild<gui::AuditView *>());

    auto *pages = m_window->findChild<QTabWidget *>(u"pages"_s);
    QVERIFY(pages);
    m_window->activateWindow(); // its shortcuts work in the active window
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_H, Qt::ControlModifier); // Audit history
    QCOMPARE(pages->currentWidget()->objectName(), u"auditPage"_s);
    auto *audit = m_window->findChild<gui::AuditView *>();
    QVERIFY(audit);
    QTRY_VERIFY(audit->isVisible());
    auto *table = audit->findChild<QTableView *>(u"table"_s);
    QVERIFY(table && table->model());
    const auto mentions = [table, &id] {
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            for (int column = 0; column < table->model()->columnCount(); ++column) {
                if (table->model()->index(row, column).data().toString().contains(id, Qt::CaseInsensitive))
                    return true;
            }
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(mentions(), 10000);

    // Find searches the history on its page.
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(audit->isAncestorOf(QApplication::focusWidget()));

    // Back and forth: the same view, not a second one.
    pages->setCurrentWidget(m_window->findChild<QWidget *>(u"requestsPage"_s));
    QTest::keyClick(m_window.get(), Qt::Key_H, Qt::ControlModifier);
    QCOMPARE(m_window->findChildren<gui::AuditView *>().size(), 1);
    QCOMPARE(m_window->auditView(), audit);
}

QTEST_MAIN(TestConsoleWindow)
#include "tst_consolewindow.moc"
