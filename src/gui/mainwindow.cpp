#include "mainwindow.h"

#include "accountcontroller.h"
#include "auditview.h"
#include "decisioncontroller.h"
#include "decisiondialog.h"
#include "enginehost.h"
#include "requestdetailsview.h"
#include "requestfeed.h"
#include "requestfilterproxy.h"
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
const auto kHeader = u"window/header"_s;
const auto kQuickFilter = u"window/quickFilter"_s;
const auto kToldTray = u"tray/toldCloseToTray"_s;
const auto kToldNoTray = u"tray/toldNoTray"_s;

QIcon icon(const QString &name)
{
    return QIcon(u":/icons/"_s + name + u".svg"_s);
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

    QTableView *table = m_ui->requestTable;
    table->setModel(m_proxy);
    table->sortByColumn(RequestTableModel::Requested, Qt::DescendingOrder);
    table->horizontalHeader()->setSectionsMovable(true);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // Fixed row heights: the view never measures rows, which keeps repaints cheap at 100,000 rows.
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->setColumnWidth(RequestTableModel::Status, 170);
    table->setColumnWidth(RequestTableModel::Requested, 110);
    table->setColumnWidth(RequestTableModel::TimeLeft, 100);
    table->setColumnWidth(RequestTableModel::Subscription, 170);
    table->setColumnWidth(RequestTableModel::ResourceType, 190);
    table->setColumnWidth(RequestTableModel::Resource, 170);
    table->setColumnWidth(RequestTableModel::SupportCase, 130);
    table->setColumnWidth(RequestTableModel::Duration, 80);
    table->setColumnWidth(RequestTableModel::AccessLevel, 110);
    table->installEventFilter(this);

    m_quickFilters = new QTabBar(this);
    m_quickFilters->setObjectName(u"quickFilters"_s);
    m_quickFilters->setAccessibleName(tr("Quick filter"));
    m_quickFilters->setDrawBase(false);
    m_quickFilters->setExpanding(false);
    for (int i = 0; i < 4; ++i)
        m_quickFilters->addTab(QString());
    m_ui->filterRow->insertWidget(0, m_quickFilters);

    m_details = new RequestDetailsView(*m_clock, this);
    m_details->setObjectName(u"details"_s);
    m_ui->splitter->addWidget(m_details);
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->splitter->setSizes({900, 380});

    m_ui->messageBanner->hide();
    m_ui->tenantBannerIcon->setPixmap(icon(u"status-other"_s).pixmap(24, 24));
    connect(m_ui->messageClose, &QToolButton::clicked, m_ui->messageBanner, &QWidget::hide);

    m_ui->subscriptionFilter->addItem(tr("All subscriptions"), QString());

    createActions();
    createMenus();

    // Filters.
    connect(m_quickFilters, &QTabBar::currentChanged, this, [this](int index) {
        m_proxy->setQuickFilter(QuickFilter(std::array {QuickFilter::Pending, QuickFilter::Active, QuickFilter::History,
                                                        QuickFilter::All}[std::clamp(index, 0, 3)]));
        updateActions();
    });
    connect(m_ui->subscriptionFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setSubscriptionFilter(m_ui->subscriptionFilter->currentData().toString()); });
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(60);
    connect(m_searchDelay, &QTimer::timeout, this, [this] { m_proxy->setSearchText(m_ui->searchBox->text()); });
    connect(m_ui->searchBox, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_proxy, &RequestFilterProxy::countsChanged, this, &MainWindow::updateCounts);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &MainWindow::selectFirstIfNone);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::selectFirstIfNone);

    // Selection and details.
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updateDetails();
    });
    connect(table, &QTableView::doubleClicked, this, [this] { m_details->setFocus(Qt::OtherFocusReason); });
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
    updateCounts();
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
    m_syncAction = new QAction(icon(u"action-sync"_s), tr("&Sync now"), this);
    m_syncAction->setShortcut(QKeySequence::Refresh);
    m_syncAction->setToolTip(tr("Sync every subscription now (F5)"));
    connect(m_syncAction, &QAction::triggered, this, [this] { m_engine->syncNow(false); });

    m_approveAction = new QAction(icon(u"action-approve"_s), tr("&Approve…"), this);
    m_approveAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_approveAction->setToolTip(tr("Approve the selected requests (Ctrl+Shift+A)"));
    connect(m_approveAction, &QAction::triggered, this, [this] { decide(Verdict::Approve); });

    m_denyAction = new QAction(icon(u"action-deny"_s), tr("&Deny…"), this);
    m_denyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_denyAction->setToolTip(tr("Deny the selected requests (Ctrl+Shift+D)"));
    connect(m_denyAction, &QAction::triggered, this, [this] { decide(Verdict::Deny); });

    m_withdrawAction = new QAction(icon(u"action-withdraw"_s), tr("&Withdraw queued decision"), this);
    m_withdrawAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
    connect(m_withdrawAction, &QAction::triggered, this, [this] { m_decisions->withdrawQueued(selectedRequestIds()); });

    m_detailsAction = new QAction(tr("Show &details"), this);
    m_detailsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    connect(m_detailsAction, &QAction::triggered, this, [this] { m_details->setFocus(Qt::ShortcutFocusReason); });

    m_searchAction = new QAction(icon(u"action-search"_s), tr("&Find…"), this);
    m_searchAction->setShortcut(QKeySequence::Find);
    connect(m_searchAction, &QAction::triggered, this, [this] {
        if (m_audit && m_ui->pages->currentWidget() == m_ui->auditPage) {
            m_audit->focusSearch();
            return;
        }
        m_ui->pages->setCurrentWidget(m_ui->requestsPage);
        m_ui->searchBox->setFocus(Qt::ShortcutFocusReason);
        m_ui->searchBox->selectAll();
    });

    m_auditAction = new QAction(icon(u"action-audit"_s), tr("Audit &history"), this);
    m_auditAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    connect(m_auditAction, &QAction::triggered, this, &MainWindow::openAuditView);

    m_settingsAction = new QAction(icon(u"action-settings"_s), tr("&Settings…"), this);
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);

    m_quitAction = new QAction(icon(u"action-quit"_s), tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::quit);

    m_pauseHourAction = new QAction(tr("For 1 &hour"), this);
    connect(m_pauseHourAction, &QAction::triggered, this, [this] {
        m_tray->pauseUntil(QDateTime::currentDateTimeUtc().addSecs(3600));
        updateStatusBar();
    });
    m_pauseTomorrowAction = new QAction(tr("Until &tomorrow"), this);
    connect(m_pauseTomorrowAction, &QAction::triggered, this, [this] {
        const QDateTime tomorrow(QDate::currentDate().addDays(1), QTime(8, 0));
        m_tray->pauseUntil(tomorrow.toUTC());
        updateStatusBar();
    });
    m_resumeAlertsAction = new QAction(tr("&Resume alerts"), this);
    connect(m_resumeAlertsAction, &QAction::triggered, this, [this] {
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
        auto *a = new QAction(this);
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] {
            m_ui->pages->setCurrentWidget(m_ui->requestsPage);
            m_quickFilters->setCurrentIndex(i);
        });
        addAction(a);
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
    updateCounts();
    m_status->setLoaded(true);
    if (!m_pendingShowId.isEmpty())
        showRequest(std::exchange(m_pendingShowId, QString()));
    else
        selectFirstIfNone();
    Q_EMIT loaded();
}

void MainWindow::afterRequestsChanged(const ChangeSet &changes)
{
    updateCounts();
    selectFirstIfNone();
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

void MainWindow::selectFirstIfNone()
{
    // Something is always selected once there is something to show, so the details pane and the
    // decision actions have a subject without a click.
    QItemSelectionModel *selection = m_ui->requestTable->selectionModel();
    if (!m_feed->isLoaded() || selection->hasSelection() || m_proxy->rowCount() == 0)
        return;
    const QModelIndex first = m_proxy->index(0, 0);
    selection->setCurrentIndex(first, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
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
    // The subscription filter lists every known subscription by name.
    QComboBox *combo = m_ui->subscriptionFilter;
    const QString selected = combo->currentData().toString();
    const QList<std::pair<QString, QString>> items = m_status->subscriptionsByName();
    if (combo->count() != items.size() + 1 || namesChanged) {
        const QSignalBlocker block(combo);
        combo->clear();
        combo->addItem(tr("All subscriptions"), QString());
        for (const auto &[name, id] : items)
            combo->addItem(name, id);
        combo->setCurrentIndex(std::max(0, combo->findData(selected)));
    }
}

void MainWindow::onTimeline(const QString &requestId, const QList<AuditRecord> &records)
{
    if (requestId.compare(m_details->requestId(), Qt::CaseInsensitive) == 0)
        m_details->setTimeline(records);
}

void MainWindow::updateCounts()
{
    const RequestCounts counts = m_proxy->counts();
    const std::array<std::pair<QString, int>, 4> labels {{{tr("Pending"), counts.pending},
                                                          {tr("Active"), counts.active},
                                                          {tr("History"), counts.history},
                                                          {tr("All"), counts.all}}};
    for (int i = 0; i < 4; ++i)
        m_quickFilters->setTabText(i, u"%1 (%2)"_s.arg(labels[i].first).arg(labels[i].second));
}

QStringList MainWindow::selectedRequestIds() const
{
    QStringList ids;
    const QModelIndexList rows = m_ui->requestTable->selectionModel()->selectedRows();
    ids.reserve(rows.size());
    for (const QModelIndex &index : rows)
        ids.append(index.data(RequestTableModel::RequestIdRole).toString());
    return ids;
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
    const int sourceRow = m_model->rowOf(requestId);
    if (sourceRow < 0)
        return;
    QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid()) {
        // Hidden by the filters: show everything so the request can be seen.
        m_ui->searchBox->clear();
        m_proxy->setSearchText(QString());
        m_ui->subscriptionFilter->setCurrentIndex(0);
        m_quickFilters->setCurrentIndex(3);
        index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    }
    if (!index.isValid())
        return;
    m_ui->requestTable->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_ui->requestTable->scrollTo(index, QAbstractItemView::PositionAtCenter);
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

void MainWindow::openAuditView()
{
    m_ui->pages->setCurrentWidget(m_ui->auditPage);
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
    updateCounts();
    updateStatusBar();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_ui->requestTable && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && key->modifiers() == Qt::NoModifier) {
            m_details->setFocus(Qt::ShortcutFocusReason);
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
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
    m_ui->requestTable->horizontalHeader()->restoreState(m_settings->value(kHeader).toByteArray());
    m_quickFilters->setCurrentIndex(std::clamp(m_settings->value(kQuickFilter, 0).toInt(), 0, 3));
    m_proxy->setQuickFilter(std::array {QuickFilter::Pending, QuickFilter::Active, QuickFilter::History,
                                        QuickFilter::All}[m_quickFilters->currentIndex()]);
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
    m_settings->setValue(kHeader, m_ui->requestTable->horizontalHeader()->saveState());
    m_settings->setValue(kQuickFilter, m_quickFilters->currentIndex());
    m_settings->sync();
}

} // namespace lockbox::gui
