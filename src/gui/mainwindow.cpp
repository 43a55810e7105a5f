#include "mainwindow.h"

#include "accountcontroller.h"
#include "auditview.h"
#include "decisioncontroller.h"
#include "decisiondialog.h"
#include "enginehost.h"
#include "guiresources.h"
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
#include "engine/alertsettings.h"
#include "engine/auditreader.h"
#include "engine/engine.h"
#include "engine/profile.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QFrame>
#include <QGuiApplication>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTabBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

// Settings keys of the window (QSettings in the profile).
const auto kGeometry = u"window/geometry"_s;
const auto kState = u"window/state"_s;
const auto kSplitter = u"window/splitter"_s;
const auto kToldTray = u"tray/toldCloseToTray"_s;
const auto kToldNoTray = u"tray/toldNoTray"_s;

// How far the window's clock moves before the times shown are refreshed.
constexpr qint64 kTimeStepMs = 60'000;

// An action of the window: its icon (none when `iconName` is empty), text, shortcut and what it does.
template<typename Slot>
QAction *makeAction(QWidget *window, const QString &iconName, const QString &text, const QKeySequence &shortcut,
                    Slot slot)
{
    auto *action = new QAction(iconName.isEmpty() ? QIcon() : actionIcon(iconName), text, window);
    action->setShortcut(shortcut);
    QObject::connect(action, &QAction::triggered, window, std::move(slot));
    return action;
}

} // namespace

// The clock the window shows times on: the window's clock as it stood at the last refresh, so that
// the table, the details pane and the status bar all read one "now" between two refreshes.
class DisplayClock final : public Clock
{
public:
    explicit DisplayClock(const Clock &source)
        : m_source(source)
        , m_now(source.now())
    {
    }

    QDateTime now() const override { return m_now; }
    void catchUp() { m_now = m_source.now(); }
    qint64 msecsBehind() const { return m_now.msecsTo(m_source.now()); }

private:
    const Clock &m_source;
    QDateTime m_now;
};

namespace {

// Every banner of the window can be dismissed: the audit history's verification result gets the
// button the window's own banners have, unless it has a button of its own.
void addDismissButton(QFrame *banner)
{
    if (!banner || !banner->layout() || !banner->findChildren<QAbstractButton *>().isEmpty())
        return;
    auto *close = new QToolButton(banner);
    close->setObjectName(u"verifyClose"_s);
    close->setText(MainWindow::tr("Dismiss"));
    close->setAccessibleName(MainWindow::tr("Dismiss the verification result"));
    banner->layout()->addWidget(close);
    QObject::connect(close, &QToolButton::clicked, banner, &QWidget::hide);
}

} // namespace

MainWindow::MainWindow(EngineHost *engine, TrayNotifier *tray, std::shared_ptr<const Clock> clock,
                       MainWindowOptions options, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_engine(engine)
    , m_clock(std::move(clock))
    , m_displayClock(std::make_unique<DisplayClock>(*m_clock))
    , m_options(std::move(options))
    , m_notifier(tray)
{
    m_ui->setupUi(this);
    setWindowIcon(QIcon::fromTheme(QGuiApplication::desktopFileName(), QIcon(u":/icons/lockbox.svg"_s)));
    const QString settingsFile = m_options.settingsFile.isEmpty()
        ? QDir(m_options.profileDir).filePath(u"console.ini"_s)
        : m_options.settingsFile;
    m_settings = std::make_unique<QSettings>(settingsFile, QSettings::IniFormat);
    if (!m_options.profileDir.isEmpty()) {
        m_profileSettings = std::make_unique<QSettings>(
            QDir(m_options.profileDir).filePath(QString::fromLatin1(engine::Profile::kAccountFile)),
            QSettings::IniFormat);
    }
    m_model = new RequestTableModel(*m_displayClock, this);
    m_tray = new TrayController(m_notifier, *m_clock, this);
    // The engine reads the cache while the window is built: the controllers connect to it before it
    // starts, and its signals arrive (queued) once the event loop runs, by which time everything
    // they touch exists.
    m_feed = new RequestFeed(m_engine, m_model, m_tray, this);
    connect(m_feed, &RequestFeed::firstRowsShown, this, &MainWindow::firstRowsShown);
    connect(m_feed, &RequestFeed::loaded, this, &MainWindow::onLoaded);
    connect(m_feed, &RequestFeed::changed, this, &MainWindow::afterRequestsChanged);
    connect(m_feed, &RequestFeed::changesApplied, this, &MainWindow::changesApplied);
    m_status = new SyncStatus(m_engine, statusBar(), m_tray, *m_displayClock, this);
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

    m_proxy = new RequestFilterProxy(*m_displayClock, this);
    m_proxy->setSourceModel(m_model);

    m_table = new RequestTableController(
        m_model, m_proxy, {m_ui->requestTable, m_ui->filterRow, m_ui->subscriptionFilter, m_ui->searchBox}, this);
    m_feed->setFirstScreen(m_ui->requestTable->viewport());

    m_details = new RequestDetailsView(*m_displayClock, this);
    m_details->setObjectName(u"details"_s);
    m_ui->splitter->addWidget(m_details);
    m_ui->splitter->setStretchFactor(0, 3);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->splitter->setSizes({900, 380});

    m_ui->messageBanner->hide();
    m_ui->tenantBannerIcon->setPixmap(QIcon(u":/icons/status-other.svg"_s).pixmap(24, 24));
    // Every banner can be dismissed; the account's banners come back when what they say changes.
    connect(m_ui->messageClose, &QToolButton::clicked, m_ui->messageBanner, &QWidget::hide);
    connect(m_ui->tenantClose, &QToolButton::clicked, m_ui->tenantBanner, &QWidget::hide);
    connect(m_ui->signInClose, &QToolButton::clicked, m_ui->signInBanner, &QWidget::hide);

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
    // The table may keep a summary: the pane reads the request whole through the engine.
    connect(m_details, &RequestDetailsView::wholeRequestWanted, m_engine, &EngineHost::loadRequest);
    connect(m_engine->worker(), &engine::Engine::requestRead, m_details,
            [this](const QString &, const AccessRequest &request) { m_details->setWholeRequest(request); });

    // Tray.
    connect(m_tray, &TrayController::openRequested, this, [this](const QString &id) {
        if (id.isEmpty())
            raiseWindow();
        else
            showRequest(id);
    });
    connect(m_tray, &TrayController::pendingCountChanged, this, &MainWindow::updateTitle);
    connect(m_tray, &TrayController::pausedChanged, this, &MainWindow::updateStatusBar);
    connect(m_tray, &TrayController::quietChanged, this, &MainWindow::updateStatusBar);
    if (m_notifier) {
        auto *menu = new QMenu(this);
        menu->addAction(tr("&Open Lockbox Console"), this, &MainWindow::raiseWindow);
        menu->addAction(m_syncAction);
        QMenu *pause = menu->addMenu(actionIcon(u"action-pause"_s), tr("&Pause alerts"));
        pause->addAction(m_pauseHourAction);
        pause->addAction(m_pauseTomorrowAction);
        pause->addAction(m_resumeAlertsAction);
        menu->addSeparator();
        menu->addAction(m_quitAction);
        m_notifier->setContextMenu(menu);
        m_notifier->setVisible(m_notifier->isAvailable());
    }

    // Times move: relative times, time left, the Active filter and the details pane are refreshed
    // together each time the clock has moved a minute (each second in the demo, whose clock runs
    // 60 times faster than real time).
    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    m_tick->setTimerType(Qt::CoarseTimer);
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
    m_detailsAction = makeAction(this, QString(), tr("Show de&tails"), Qt::CTRL | Qt::Key_I,
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
    // The audit history page is built when first shown, not at launch: its widgets and charts
    // would cost an empty profile's window its first paint several milliseconds later (QUALITY P4).
    connect(m_ui->pages, &QTabWidget::currentChanged, this, [this] {
        if (m_ui->pages->currentWidget() == m_ui->auditPage)
            buildAuditView();
    });
    m_settingsAction = makeAction(this, u"action-settings"_s, tr("Se&ttings…"), {}, [this] { openSettings(); });
    // QKeySequence::Preferences is empty on many Linux platforms and themes: Ctrl+, always, and
    // the platform's own key as well where it has another.
    QList<QKeySequence> settingsKeys {QKeySequence(Qt::CTRL | Qt::Key_Comma)};
    for (const QKeySequence &key : QKeySequence::keyBindings(QKeySequence::Preferences)) {
        if (!key.isEmpty() && !settingsKeys.contains(key))
            settingsKeys.append(key);
    }
    m_settingsAction->setShortcuts(settingsKeys);
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_quitAction = makeAction(this, u"action-quit"_s, tr("&Quit"), QKeySequence::Quit, [this] { quit(); });
    m_quitAction->setMenuRole(QAction::QuitRole);
    m_pauseHourAction = makeAction(this, QString(), tr("For 1 &hour"), {}, [this] {
        m_tray->pauseUntil(m_clock->now().addSecs(3600));
        updateStatusBar();
    });
    m_pauseTomorrowAction = makeAction(this, QString(), tr("Until &tomorrow"), {}, [this] {
        m_tray->pauseUntil(QDateTime(m_clock->now().toLocalTime().date().addDays(1), QTime(8, 0)).toUTC());
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
    QAction *shortcuts = help->addAction(tr("&Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    shortcuts->setObjectName(u"shortcutsAction"_s);
    help->addAction(tr("&About Lockbox Console"), this, [this] {
        const QString source = u"https://github.com/lockboxconsole/lockbox-console"_s;
        QMessageBox::about(this, tr("About Lockbox Console"),
                           tr("<p>Lockbox Console %1</p><p>Approve or deny Microsoft Support's access to your data "
                              "(Azure Customer Lockbox), with tray alerts and a verifiable history.</p>"
                              "<p>Free software under the GNU General Public License, version 3 or later.</p>"
                              "<p>Source code: <a href=\"%2\">%2</a></p>")
                               .arg(QCoreApplication::applicationVersion().toHtmlEscaped(), source));
    });
}

void MainWindow::showShortcuts()
{
    if (auto *open = findChild<QDialog *>(u"shortcutsDialog"_s)) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new QDialog(this);
    dialog->setObjectName(u"shortcutsDialog"_s);
    dialog->setWindowTitle(tr("Keyboard shortcuts"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const auto keys = [](const QAction *action) { return action->shortcut().toString(QKeySequence::NativeText); };
    const QString firstFilter = QKeySequence(Qt::CTRL | Qt::Key_1).toString(QKeySequence::NativeText);
    const QString lastFilter = QKeySequence(Qt::CTRL | Qt::Key_4).toString(QKeySequence::NativeText);
    // The keys as the actions have them, so that the list cannot drift from what works.
    const std::pair<QString, QString> rows[] = {
        {keys(m_syncAction), tr("Sync now")},
        {keys(m_searchAction), tr("Search")},
        {tr("%1 … %2").arg(firstFilter, lastFilter), tr("Pending / Active / History / All")},
        {tr("Enter or %1").arg(keys(m_detailsAction)), tr("Details of the selected request")},
        {keys(m_approveAction), tr("Approve…")},
        {keys(m_denyAction), tr("Deny…")},
        {keys(m_withdrawAction), tr("Withdraw a queued decision")},
        {keys(m_auditAction), tr("Audit history")},
        {keys(m_settingsAction), tr("Settings")},
        {keys(m_quitAction), tr("Quit")},
    };
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignLeft);
    form->setHorizontalSpacing(24);
    for (const auto &[key, what] : rows) {
        auto *keyLabel = new QLabel(key, dialog);
        keyLabel->setTextFormat(Qt::PlainText);
        keyLabel->setObjectName(u"shortcutKey"_s);
        auto *whatLabel = new QLabel(what, dialog);
        whatLabel->setTextFormat(Qt::PlainText);
        whatLabel->setObjectName(u"shortcutAction"_s);
        form->addRow(keyLabel, whatLabel);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(buttons);
    dialog->open();
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
    m_storeOpened = true;
    if (m_ui->pages->currentWidget() == m_ui->auditPage)
        buildAuditView();
}

void MainWindow::buildAuditView()
{
    if (m_audit || !m_storeOpened)
        return;
    QString dbError;
    m_auditReader = engine::AuditReader::open(m_options.profileDir, &dbError);
    if (!m_auditReader) {
        // Said once; tried again, quietly, each time the page is shown.
        if (!std::exchange(m_auditUnreadableTold, true))
            showMessage(tr("The audit history cannot be read: %1").arg(dbError), true);
        return;
    }
    // In a scroll area: the history's filters, charts and banner must not make the window taller
    // than a small screen, and a page too short for them scrolls.
    auto *scroll = new QScrollArea(m_ui->auditPage);
    scroll->setObjectName(u"auditScroll"_s);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_audit = new AuditView(*m_auditReader, m_options.profileDir, *m_clock, scroll);
    m_audit->setObjectName(u"auditView"_s);
    scroll->setWidget(m_audit);
    m_ui->auditLayout->addWidget(scroll);
    m_audit->setSubscriptionNames(m_status->subscriptionNames());
    addDismissButton(m_audit->findChild<QFrame *>(u"verifyBanner"_s));
}

AuditView *MainWindow::auditView()
{
    buildAuditView();
    return m_audit;
}

void MainWindow::onLoaded()
{
    refreshTimes();
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
    // A new request is shown on a "now" no older than it (never "requested in 1 min"). Only then:
    // a refresh re-reads every row's time, too much for each sync of 100,000 requests.
    if (!changes.added.isEmpty() && m_displayClock->msecsBehind() > 0) {
        const QDateTime shownNow = m_displayClock->now();
        const bool fromTheFuture =
            std::any_of(changes.added.cbegin(), changes.added.cend(), [&](const RequestChange &c) {
                // One value of the row, not the whole request rebuilt (10,000 rows a first sync).
                const int row = m_model->rowOf(c.requestId);
                return row >= 0 && m_model->rows().createdAt(row) > shownNow;
            });
        if (fromTheFuture)
            refreshTimes();
    }
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
    const QString subscriptionName = m_status->subscriptionName(request->subscriptionId);
    // A summary at once; the pane asks the engine for the whole request (wholeRequestWanted).
    if (m_model->rows().isWholeAt(m_model->rowOf(id)))
        m_details->setRequest(request, subscriptionName, m_decisions->liveDecision(id));
    else
        m_details->setRequestSummary(*request, subscriptionName, m_decisions->liveDecision(id));
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
    // The platform appends the application's name to a title that does not end with it (xcb,
    // Windows): the title ends with it, so that it reads once everywhere.
    QString title = QGuiApplication::applicationDisplayName();
    if (m_options.demo)
        title = tr("DEMO: simulated Azure, nothing here is real — %1").arg(title);
    const int pending = m_tray->pendingCount();
    if (pending > 0)
        title = tr("(%1) %2").arg(pending).arg(title);
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
    // What the dialog offers follows this desktop and this run, not only console.ini.
    dialog->setTrayAvailable(m_notifier && m_notifier->isAvailable());
    dialog->setProfileSettings(m_profileSettings.get());
    if (m_options.signInDefaults)
        dialog->setSignInInUse(m_options.signInDefaults->cloud, m_options.signInDefaults->tenant);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const SettingsDialog::Values v = dialog->values();
        m_engine->setPollInterval(v.pendingPollSec);
        m_engine->setConcurrency(v.concurrency);
        m_engine->setSubscriptions(v.subscriptions);
        m_engine->setStepUp(v.stepUp ? v.stepUpMaxAgeSec : 0);
        if (m_profileSettings)
            m_tray->setAlertSettings(v.alerts);
        updateStatusBar();
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
    if (qAbs(m_displayClock->msecsBehind()) >= kTimeStepMs)
        refreshTimes();
}

void MainWindow::refreshTimes()
{
    m_displayClock->catchUp();
    m_model->refreshTimes();
    m_proxy->refreshTime();
    m_table->updateCounts();
    updateDetails();
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
                                tr("Alerts still reach you here. Quit from this icon's menu."));
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
    // The default size, or one saved on a larger screen, is cut to this screen's room: the status
    // bar must stay on screen (1280 x 720 at least).
    if (const QScreen *screen = this->screen()) {
        const QSize room = screen->availableGeometry().size();
        if (width() > room.width() || height() > room.height())
            resize(size().boundedTo(room).expandedTo(minimumSizeHint()));
    }
    restoreState(m_settings->value(kState).toByteArray());
    m_ui->splitter->restoreState(m_settings->value(kSplitter).toByteArray());
    m_table->restoreLayout(*m_settings);
    if (m_profileSettings) {
        adoptAlertSettings();
        m_tray->setAlertSettings(engine::AlertSettings::load(*m_profileSettings));
    }
    if (m_notifier && !m_notifier->isAvailable() && !m_settings->value(kToldNoTray, false).toBool()) {
        m_settings->setValue(kToldNoTray, true);
        showMessage(tr("No system tray was found: Lockbox Console runs as a normal window, and closing it quits. "
                       "Alerts appear as desktop notifications, and the pending count in the window title."));
    }
}

void MainWindow::adoptAlertSettings()
{
    // The console once kept the reminder lead time in console.ini; the alert settings are the
    // profile's now (lockboxctl watch reads them too).
    const auto oldKey = u"alerts/reminderHours"_s;
    if (!m_settings->contains(oldKey))
        return;
    if (!m_profileSettings->contains(oldKey)) {
        m_profileSettings->setValue(oldKey, m_settings->value(oldKey));
        m_profileSettings->sync();
    }
    m_settings->remove(oldKey);
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
