#pragma once

#include "core/auditrecord.h"
#include "core/changeset.h"
#include "core/decision.h"
#include "engine/enginetypes.h"

#include <QMainWindow>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QSettings;
class QDialog;
class QMenu;
class QTimer;

namespace lockbox {
class Clock;
namespace engine {
class AuditReader;
}
} // namespace lockbox

namespace lockbox::gui {

namespace Ui {
class MainWindow;
} // namespace Ui

class AccountController;
class AuditView;
class DisplayClock;
class DecisionController;
class DecisionDialog;
class EngineHost;
class RequestDetailsView;
class RequestFeed;
class RequestFilterProxy;
class RequestTableController;
class RequestTableModel;
class SyncStatus;
class SignInDialog;
class TrayController;
class TrayNotifier;

struct MainWindowOptions final
{
    bool demo = false;
    QString profileDir;
    // Where layout and preferences live (QSettings INI); by default <profileDir>/console.ini.
    QString settingsFile;
    // What the sign-in dialog offers first; empty: the Sign-in settings (the demo points it at
    // its simulator).
    std::optional<engine::SignInRequest> signInDefaults;
    // How sign-in pages are opened in the browser (default QDesktopServices::openUrl); tests record.
    std::function<bool(const QUrl &)> urlOpener;
};

// The console's window: the request table with its filters, the details pane, the audit history,
// the status bar, and the tray. It owns no engine state: everything it shows arrives from the
// engine by queued signals, and every action is posted to the engine. It builds and wires small
// controllers, each owning one part: RequestFeed (requests into the table and the tray),
// RequestTableController (the table and its filter row), SyncStatus (the status bar),
// DecisionController (deciding and withdrawing) and AccountController (sign-in, the tenant,
// step-up); the window keeps its actions, menus, details pane, audit page and layout.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(EngineHost *engine, TrayNotifier *tray, std::shared_ptr<const Clock> clock, MainWindowOptions options,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    RequestTableModel *requestModel() const { return m_model; }
    RequestFilterProxy *requestProxy() const { return m_proxy; }
    TrayController *trayController() const { return m_tray; }
    RequestDetailsView *detailsView() const { return m_details; }
    // The audit history page's view. Built by the first call after the store opened, or when the
    // page is first shown (it opens the history's read-only connection); null before that or when
    // the history cannot be read.
    AuditView *auditView();

    // Brings the window up on one request (a tray message was clicked, a second launch asked).
    void showRequest(const QString &requestId);
    void raiseWindow();
    QStringList selectedRequestIds() const;
    // Opens the decision dialog for the selected requests (or `requestIds`).
    void decide(Verdict verdict, const QStringList &requestIds = {});
    bool isLoaded() const;
    // Changes received and not yet all in the models (a large one goes in slices).
    bool isApplyingChanges() const;
    const engine::AccountInfo &account() const;
    // Opens (or raises) the sign-in dialog.
    void openSignIn();
    SignInDialog *signInDialog() const;
    QMenu *accountMenu() const;

Q_SIGNALS:
    // The whole cache is in the table (startup).
    void loaded();
    // The first rows of the cache are in the table (the rest may still be arriving).
    void firstRowsShown();
    // Every change received so far is in the models.
    void changesApplied();
    void decisionDialogOpened(lockbox::gui::DecisionDialog *dialog);
    void signInDialogOpened(lockbox::gui::SignInDialog *dialog);
    // A question the user must answer opened (tenant switch, step-up): tests answer it.
    void promptOpened(QDialog *prompt);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void connectEngine();
    void restoreLayout();
    void saveLayout();
    void adoptAlertSettings();

    void onOpened(bool ok, const QString &error);
    void buildAuditView();
    void onLoaded();
    void afterRequestsChanged(const ChangeSet &changes);
    void onQueueChanged();
    void onSubscriptionsChanged(bool namesChanged);
    void onTimeline(const QString &requestId, const QList<AuditRecord> &records);

    void updateActions();
    void updateDetails();
    void updateStatusBar();
    void updateTitle();
    void showMessage(const QString &text, bool warning = false);
    void openSettings();
    void showShortcuts();
    void quit();
    void tick();
    // Moves the shown "now" to the clock's and redraws every time shown.
    void refreshTimes();

    std::unique_ptr<Ui::MainWindow> m_ui;
    EngineHost *m_engine;
    std::shared_ptr<const Clock> m_clock;
    // What the table, the details pane and the status bar read as "now": m_clock at the last tick.
    std::unique_ptr<DisplayClock> m_displayClock;
    MainWindowOptions m_options;
    std::unique_ptr<QSettings> m_settings;
    // The profile's shared settings file (engine::Profile::kAccountFile): the alert settings.
    std::unique_ptr<QSettings> m_profileSettings;
    std::unique_ptr<engine::AuditReader> m_auditReader; // the audit history's read-only connection

    RequestTableModel *m_model = nullptr;
    RequestFilterProxy *m_proxy = nullptr;
    RequestDetailsView *m_details = nullptr;
    AuditView *m_audit = nullptr; // built when first shown (buildAuditView())
    bool m_storeOpened = false;
    bool m_auditUnreadableTold = false;
    TrayController *m_tray = nullptr;
    TrayNotifier *m_notifier = nullptr;
    RequestTableController *m_table = nullptr;
    QTimer *m_tick = nullptr;
    RequestFeed *m_feed = nullptr;
    SyncStatus *m_status = nullptr;
    DecisionController *m_decisions = nullptr;
    AccountController *m_account = nullptr;

    QAction *m_syncAction = nullptr;
    QAction *m_approveAction = nullptr;
    QAction *m_denyAction = nullptr;
    QAction *m_withdrawAction = nullptr;
    QAction *m_detailsAction = nullptr;
    QAction *m_searchAction = nullptr;
    QAction *m_auditAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_pauseHourAction = nullptr;
    QAction *m_pauseTomorrowAction = nullptr;
    QAction *m_resumeAlertsAction = nullptr;

    QString m_pendingShowId; // a request to show once loaded
    bool m_quitting = false;
};

} // namespace lockbox::gui
