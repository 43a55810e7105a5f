#include "mainwindow.h"

#include "accountcontroller.h"
#include "auditview.h"
#include "decisioncontroller.h"
#include "decisiondialog.h"
#include "enginehost.h"
#include "requestdetailsview.h"
#include "requestfeed.h"
#include "requestfilterproxy.h"
#include "requesttablecontroller.h"
#include "requesttablemodel.h"
#include "settingsdialog.h"
#include "signindialog.h"
#include "syncstatus.h"
#include "traycontroller.h"
#include "traynotifier.h"
#include "ui_mainwindow.h"

#include "core/clock.h"
#include "engine/auditreader.h"
#include "engine/engine.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

// Settings keys of the window (QSettings in the profile).
const auto kGeometry = u"window/geometry"_s;
const auto kState = u"window/state"_s;
const auto kSplitter = u"window/splitter"_s;
const auto kToldTray = u"tray/toldCloseToTray"_s;
const auto kToldNoTray = u"tray/toldNoTray"_s;

QIcon icon(const QString &name)
{
    return QIcon(u":/icons/"_s + name + u".svg"_s);
}

// An action of the window: its icon (none when `iconName` is empty), text, shortcut and what it does.
template<typename Slot>
QAction *makeAction(QWidget *window, const QString &iconName, const QString &text, const QKeySequence &shortcut,
                    Slot slot)
{
    auto *action = new QAction(iconName.isEmpty() ? QIcon() : icon(iconName), text, window);
    action->setShortcut(shortcut);
    QObject::connect(action, &QAction::triggered, window, std::move(slot));
    return action;
}

} // namespace

MainWindow::MainWindow(EngineHost *engine, TrayNotifier *tray, std::shared_ptr<const Clock> clock,
                       MainWindowOptions options, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_engine(engine)
    , m_clock(std::move(clock))
    , m_options(std::move(options))
    , m_notifier(tray)
{
    m_ui->setupUi(this);
    setWindowIcon(icon(u"lockbox"_s));
    const QString settingsFile = m_options.settingsFile.isEmpty()
        ? QDir(m_options.profileDir).filePath(u"console.ini"_s)
        : m_options.settingsFile;
    m_settings = std::make_unique<QSettings>(settingsFile, QSettings::IniFormat);
    m_model = new RequestTableModel(*m_clock, this);
    m_tray = new TrayController(m_notifier, *m_clock, this);
    // The engine reads the cache while the window is built: the controllers connect to it before it
    // starts, and its signals arrive (queued) once the event loop runs, by which time everything
    // they touch exists.
    m_feed = new RequestFeed(m_engine, m_model, m_tray, this);
    connect(m_feed, &RequestFeed::firstRowsShown, this, &MainWindow::firstRowsShown);
    connect(m_feed, &RequestFeed::loaded, this, &MainWindow::onLoaded);
    connect(m_feed, &RequestFeed::changed, this, &MainWindow::afterRequestsChanged);
    connect(m_feed, &RequestFeed::changesApplied, this, &MainWindow::changesApplied);
    m_status = new SyncStatus(m_engine, statusBar(), m_tray, this);
    connect(m_status, &SyncStatus::subscriptionsChanged, this, &MainWindow::onSubscriptionsChanged);
    m_decisions = new DecisionController(m_engine, m_model, m_tray, *m_clock, this);
    connect(m_decisions, &DecisionController::queueChanged, this, &MainWindow::onQueueChanged);
    connect(m_decisions, &DecisionController::dialogOpened, this, &MainWindow::decisionDialogOpened);
    connect(m_decisions, &DecisionController::message, this, &MainWindow::showMessage);
    connect(m_decisions, &DecisionController::statusMessage, statusBar(), &QStatusBar::showMessage);
    AccountController::Options accountOptions {m_options.signInDefaults, m_options.urlOpener};
    m_account = new AccountController(
        m_engine, m_settings.get(), std::move(accountOptions),
        {m_ui->signInBanner, m_ui->signInBannerText, m_ui->signInButton, m_ui->tenantBanner, m_ui->tenantBannerText},
        this);
    connect(m_account, &AccountController::accountChanged, this, &MainWindow::updateStatusBar);
    connect(m_account, &AccountController::signInDialogOpened, this, &MainWindow::signInDialogOpened);
    connect(m_account, &AccountController::promptOpened, this, &MainWindow::promptOpened);
    connect(m_account, &AccountController::message, this, &MainWindow::showMessage);
    connect(m_account, &AccountController::statusMessage, statusBar(), &QStatusBar::showMessage);
    statusBar()->addPermanentWidget(m_account->button());
    connectEngine();
    m_engine->start();

    m_proxy = new RequestFilterProxy(*m_clock, this);
    m_proxy->setSourceModel(m_model);

    m_table = new RequestTableController(
        m_model, m_proxy, {m_ui->requestTable, m_ui->filterRow, m_ui->subscriptionFilter, m_ui->searchBox}, this);

    m_details = new RequestDetailsView(*m_clock, this);
    m_details->setObjectName(u"details"_s);
    m_ui->splitter->addWidget(m_details);
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->splitter->setSizes({900, 380});

    m_ui->messageBanner->hide();
    m_ui->tenantBannerIcon->setPixmap(icon(u"status-other"_s).pixmap(24, 24));
    connect(m_ui->messageClose, &QToolButton::clicked, m_ui->messageBanner, &QWidget::hide);

    createActions();
    createMenus();

    // Filters, selection and details.
    connect(m_table, &RequestTableController::quickFilterChanged, this, &MainWindow::updateActions);
    connect(m_table, &RequestTableController::selectionChanged, this, [this] {
        updateActions();
        updateDetails();
    });
    connect(m_table, &RequestTableController::detailsRequested, m_details,
            [this](Qt::FocusReason reason) { m_details->setFocus(reason); });
    connect(m_details, &RequestDetailsView::approveRequested, this,
            [this](const QString &id) { decide(Verdict::Approve, {id}); });
    connect(m_details, &RequestDetailsView::denyRequested, this,
            [this](const QString &id) { decide(Verdict::Deny, {id}); });
    connect(m_details, &RequestDetailsView::withdrawRequested, this,
            [this](const QString &id) { m_engine->withdraw(id); });
    connect(m_details, &RequestDetailsView::copied, this,
            [this](const QString &text) { statusBar()->showMessage(tr("Copied %1").arg(text), 3000); });

    // Tray.
    connect(m_tray, &TrayController::openRequested, this, [this](const QString &id) {
        if (id.isEmpty())
            raiseWindow();
        else
            showRequest(id);
    });
    connect(m_tray, &TrayController::pendingCountChanged, this, &MainWindow::updateTitle);
    connect(m_tray, &TrayController::pausedChanged, this, &MainWindow::updateStatusBar);
    if (m_notifier) {
        auto *menu = new QMenu(this);
        menu->addAction(tr("&Open Lockbox Console"), this, &MainWindow::raiseWindow);
        menu->addAction(m_syncAction);
        QMenu *pause = menu->addMenu(icon(u"action-pause"_s), tr("&Pause alerts"));
        pause->addAction(m_pauseHourAction);
        pause->addAction(m_pauseTomorrowAction);
        pause->addAction(m_resumeAlertsAction);
        menu->addSeparator();
        menu->addAction(m_quitAction);
        m_notifier->setContextMenu(menu);
        m_notifier->setVisible(m_notifier->isAvailable());
    }

    // Times move: relative times, time left and the Active filter are refreshed every minute
    // (every 5 s when the clock runs faster than real time, as in the demo).
    m_tick = new QTimer(this);
    m_tick->setInterval(30'000);
    connect(m_tick, &QTimer::timeout, this, &MainWindow::tick);
    m_tick->start();

    restoreLayout();
    m_table->updateCounts();
    updateActions();
    updateStatusBar();
    updateTitle();
    m_details->clear();
}

MainWindow::~MainWindow()
{
    saveLayout();
}

bool MainWindow::isLoaded() const
{
    return m_feed->isLoaded();
}

bool MainWindow::isApplyingChanges() const
{
    return m_feed->isApplyingChanges();
}

void MainWindow::createActions()
{
    m_syncAction = makeAction(this, u"action-sync"_s, tr("&Sync now"), QKeySequence::Refresh,
                              [this] { m_engine->syncNow(false); });
    m_syncAction->setToolTip(tr("Sync every subscription now (F5)"));
    m_approveAction = makeAction(this, u"action-approve"_s, tr("&Approve…"), Qt::CTRL | Qt::SHIFT | Qt::Key_A,
                                 [this] { decide(Verdict::Approve); });
    m_approveAction->setToolTip(tr("Approve the selected requests (Ctrl+Shift+A)"));
    m_denyAction = makeAction(this, u"action-deny"_s, tr("&Deny…"), Qt::CTRL | Qt::SHIFT | Qt::Key_D,
                              [this] { decide(Verdict::Deny); });
    m_denyAction->setToolTip(tr("Deny the selected requests (Ctrl+Shift+D)"));
    m_withdrawAction =
        makeAction(this, u"action-withdraw"_s, tr("&Withdraw queued decision"), Qt::CTRL | Qt::SHIFT | Qt::Key_W,
                   [this] { m_decisions->withdrawQueued(selectedRequestIds()); });
    m_detailsAction = makeAction(this, QString(), tr("Show &details"), Qt::CTRL | Qt::Key_I,
                                 [this] { m_details->setFocus(Qt::ShortcutFocusReason); });
    m_searchAction = makeAction(this, u"action-search"_s, tr("&Find…"), QKeySequence::Find, [this] {
        if (m_audit && m_ui->pages->currentWidget() == m_ui->auditPage) {
            m_audit->focusSearch();
            return;
        }
        m_ui->pages->setCurrentWidget(m_ui->requestsPage);
        m_ui->searchBox->setFocus(Qt::ShortcutFocusReason);
        m_ui->searchBox->selectAll();
    });
    m_auditAction = makeAction(this, u"action-audit"_s, tr("Audit &history"), Qt::CTRL | Qt::Key_H,
                               [this] { m_ui->pages->setCurrentWidget(m_ui->auditPage); });
    m_settingsAction =
        makeAction(this, u"action-settings"_s, tr("&Settings…"), QKeySequence::Preferences, [this] { openSettings(); });
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_quitAction = makeAction(this, u"action-quit"_s, tr("&Quit"), QKeySequence::Quit, [this] { quit(); });
    m_quitAction->setMenuRole(QAction::QuitRole);
    m_pauseHourAction = makeAction(this, QString(), tr("For 1 &hour"), {}, [this] {
        m_tray->pauseUntil(QDateTime::currentDateTimeUtc().addSecs(3600));
        updateStatusBar();
    });
    m_pauseTomorrowAction = makeAction(this, QString(), tr("Until &tomorrow"), {}, [this] {
        m_tray->pauseUntil(QDateTime(QDate::currentDate().addDays(1), QTime(8, 0)).toUTC());
        updateStatusBar();
    });
    m_resumeAlertsAction = makeAction(this, QString(), tr("&Resume alerts"), {}, [this] {
        m_tray->resume();
        updateStatusBar();
    });

    QToolBar *bar = m_ui->toolBar;
    bar->addAction(m_syncAction);
    bar->addSeparator();
    bar->addAction(m_approveAction);
    bar->addAction(m_denyAction);
    bar->addAction(m_withdrawAction);
    bar->addSeparator();
    bar->addAction(m_auditAction);

    // Quick filters: Ctrl+1 … Ctrl+4.
    for (int i = 0; i < 4; ++i) {
        addAction(makeAction(this, QString(), QString(), Qt::CTRL | Qt::Key(Qt::Key_1 + i), [this, i] {
            m_ui->pages->setCurrentWidget(m_ui->requestsPage);
            m_table->setQuickFilter(i);
        }));
    }
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_syncAction);
    file->addSeparator();
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *request = menuBar()->addMenu(tr("&Request"));
    request->addAction(m_approveAction);
    request->addAction(m_denyAction);
    request->addAction(m_withdrawAction);
    request->addSeparator();
    request->addAction(m_detailsAction);
    request->addAction(m_searchAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_auditAction);
    QMenu *alerts = view->addMenu(tr("&Pause alerts"));
    alerts->addAction(m_pauseHourAction);
    alerts->addAction(m_pauseTomorrowAction);
    alerts->addAction(m_resumeAlertsAction);

    menuBar()->addMenu(m_account->menu());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), this, [this] {
        QMessageBox::information(
            this, tr("Keyboard shortcuts"),
            tr("F5\tSync now\nCtrl+F\tSearch\nCtrl+1 … Ctrl+4\tPending / Active / History / All\n"
               "Enter or Ctrl+I\tDetails of the selected request\nCtrl+Shift+A\tApprove…\nCtrl+Shift+D\tDeny…\n"
               "Ctrl+Shift+W\tWithdraw a queued decision\nCtrl+H\tAudit history\nCtrl+,\tSettings\nCtrl+Q\tQuit"));
    });
    help->addAction(tr("&About Lockbox Console"), this, [this] {
        QMessageBox::about(this, tr("About Lockbox Console"),
                           tr("Lockbox Console %1\n\nApprove or deny Microsoft Support's access to your data "
                              "(Azure Customer Lockbox), with tray alerts and a verifiable history.")
                               .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::connectEngine()
{
    engine::Engine *w = m_engine->worker();
    connect(w, &engine::Engine::opened, this, &MainWindow::onOpened);
    connect(w, &engine::Engine::timelineReady, this, &MainWindow::onTimeline);
    connect(w, &engine::Engine::auditAppended, this, [this] {
        if (m_audit)
            m_audit->refresh();
        if (!m_details->requestId().isEmpty())
            m_engine->loadTimeline(m_details->requestId());
    });
    connect(w, &engine::Engine::message, this, [this](const QString &text) { showMessage(text); });
}

void MainWindow::onOpened(bool ok, const QString &error)
{
    if (!ok) {
        showMessage(error, true);
        m_status->showOffline();
        return;
    }
    if (!m_audit) {
        QString dbError;
        m_auditReader = engine::AuditReader::open(m_options.profileDir, &dbError);
        if (m_auditReader) {
            m_audit = new AuditView(*m_auditReader, m_options.profileDir, *m_clock, m_ui->auditPage);
            m_audit->setObjectName(u"auditView"_s);
            m_ui->auditLayout->addWidget(m_audit);
            m_audit->setSubscriptionNames(m_status->subscriptionNames());
        } else {
            showMessage(tr("The audit history cannot be read: %1").arg(dbError), true);
        }
    }
}

void MainWindow::onLoaded()
{
    m_table->setLoaded(true);
    m_table->updateCounts();
    m_status->setLoaded(true);
    if (!m_pendingShowId.isEmpty())
        showRequest(std::exchange(m_pendingShowId, QString()));
    else
        m_table->selectFirstIfNone();
    Q_EMIT loaded();
}

void MainWindow::afterRequestsChanged(const ChangeSet &changes)
{
    m_table->updateCounts();
    m_table->selectFirstIfNone();
    const QString current = m_details->requestId();
    if (!current.isEmpty()) {
        for (const QList<RequestChange> *list : {&changes.changed, &changes.added, &changes.removed}) {
            for (const RequestChange &c : *list) {
                if (c.requestId.compare(current, Qt::CaseInsensitive) == 0) {
                    updateDetails();
                    updateActions();
                    return;
                }
            }
        }
    }
}

void MainWindow::onQueueChanged()
{
    m_status->setQueuedCount(m_decisions->liveCount());
    updateActions();
    updateDetails();
}

void MainWindow::onSubscriptionsChanged(bool namesChanged)
{
    if (namesChanged) {
        const QHash<QString, QString> &names = m_status->subscriptionNames();
        m_model->setSubscriptionNames(names);
        m_tray->setSubscriptionNames(names);
        m_decisions->setSubscriptionNames(names);
        if (m_audit)
            m_audit->setSubscriptionNames(names);
        updateDetails();
    }
    m_table->setSubscriptions(m_status->subscriptionsByName(), namesChanged);
}

void MainWindow::onTimeline(const QString &requestId, const QList<AuditRecord> &records)
{
    if (requestId.compare(m_details->requestId(), Qt::CaseInsensitive) == 0)
        m_details->setTimeline(records);
}

QStringList MainWindow::selectedRequestIds() const
{
    return m_table->selectedRequestIds();
}

void MainWindow::updateActions()
{
    const QStringList ids = selectedRequestIds();
    bool anyDecidable = false;
    bool anyQueued = false;
    for (const QString &id : ids) {
        anyDecidable = anyDecidable || m_decisions->canDecide(id);
        anyQueued = anyQueued || m_decisions->canWithdraw(id);
    }
    m_approveAction->setEnabled(anyDecidable);
    m_denyAction->setEnabled(anyDecidable);
    m_withdrawAction->setEnabled(anyQueued);
    m_detailsAction->setEnabled(ids.size() == 1);
}

void MainWindow::updateDetails()
{
    const QStringList ids = selectedRequestIds();
    if (ids.size() != 1) {
        m_details->clear();
        return;
    }
    const QString &id = ids.first();
    const auto request = m_model->request(id);
    if (!request) {
        m_details->clear();
        return;
    }
    const bool sameRequest = m_details->requestId().compare(id, Qt::CaseInsensitive) == 0;
    m_details->setRequest(request, m_status->subscriptionName(request->subscriptionId), m_decisions->liveDecision(id));
    if (!sameRequest)
        m_engine->loadTimeline(id);
}

void MainWindow::updateStatusBar()
{
    m_status->refresh();
    m_resumeAlertsAction->setEnabled(m_tray->isPaused());
}

void MainWindow::updateTitle()
{
    QString title = tr("Lockbox Console");
    const int pending = m_tray->pendingCount();
    if (pending > 0)
        title = tr("(%1) %2").arg(pending).arg(title);
    if (m_options.demo)
        title += u" — "_s + tr("DEMO: simulated Azure, nothing here is real");
    setWindowTitle(title);
}

void MainWindow::showMessage(const QString &text, bool warning)
{
    m_ui->messageText->setText(text);
    m_ui->messageBanner->setProperty("warning", warning);
    m_ui->messageBanner->show();
}

void MainWindow::decide(Verdict verdict, const QStringList &requestIds)
{
    m_decisions->decide(verdict, requestIds.isEmpty() ? selectedRequestIds() : requestIds);
}

void MainWindow::showRequest(const QString &requestId)
{
    raiseWindow();
    m_ui->pages->setCurrentWidget(m_ui->requestsPage);
    if (!m_feed->isLoaded()) {
        m_pendingShowId = requestId;
        return;
    }
    m_table->showRequest(requestId);
}

void MainWindow::raiseWindow()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
}

void MainWindow::openSettings()
{
    auto *dialog = new SettingsDialog(m_settings.get(), m_status->subscriptions(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const SettingsDialog::Values v = dialog->values();
        m_engine->setPollInterval(v.pendingPollSec);
        m_engine->setConcurrency(v.concurrency);
        m_engine->setSubscriptions(v.subscriptions);
        m_engine->setStepUp(v.stepUp ? v.stepUpMaxAgeSec : 0);
        TrayController::Options trayOptions;
        trayOptions.reminderBeforeSec = v.reminderHours * 3600;
        m_tray->setOptions(trayOptions);
    });
    dialog->open();
}

const engine::AccountInfo &MainWindow::account() const
{
    return m_account->account();
}

void MainWindow::openSignIn()
{
    m_account->openSignIn();
}

SignInDialog *MainWindow::signInDialog() const
{
    return m_account->signInDialog();
}

QMenu *MainWindow::accountMenu() const
{
    return m_account->menu();
}

void MainWindow::tick()
{
    m_model->refreshTimes();
    m_proxy->refreshTime();
    m_table->updateCounts();
    updateStatusBar();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    const bool toTray = m_notifier && m_notifier->isAvailable()
        && m_settings->value(u"tray/closeToTray"_s, true).toBool() && !m_quitting;
    if (!toTray) {
        event->accept();
        QApplication::quit();
        return;
    }
    if (!m_settings->value(kToldTray, false).toBool()) {
        m_settings->setValue(kToldTray, true);
        m_notifier->showMessage(tr("Lockbox Console keeps running"),
                                tr("Alerts still reach you here. Quit from this icon's menu."), {});
    }
    hide();
    event->ignore();
}

void MainWindow::quit()
{
    m_quitting = true;
    saveLayout();
    QApplication::quit();
}

void MainWindow::restoreLayout()
{
    restoreGeometry(m_settings->value(kGeometry).toByteArray());
    restoreState(m_settings->value(kState).toByteArray());
    m_ui->splitter->restoreState(m_settings->value(kSplitter).toByteArray());
    m_table->restoreLayout(*m_settings);
    TrayController::Options trayOptions;
    trayOptions.reminderBeforeSec = m_settings->value(u"alerts/reminderHours"_s, 12).toInt() * 3600;
    m_tray->setOptions(trayOptions);
    if (m_notifier && !m_notifier->isAvailable() && !m_settings->value(kToldNoTray, false).toBool()) {
        m_settings->setValue(kToldNoTray, true);
        showMessage(tr("No system tray was found: Lockbox Console runs as a normal window, and closing it quits. "
                       "Alerts appear in this window."));
    }
}

void MainWindow::saveLayout()
{
    m_settings->setValue(kGeometry, saveGeometry());
    m_settings->setValue(kState, saveState());
    m_settings->setValue(kSplitter, m_ui->splitter->saveState());
    m_table->saveLayout(*m_settings);
    m_settings->sync();
}

} // namespace lockbox::gui
