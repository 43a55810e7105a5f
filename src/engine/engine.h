#pragma once

#include "enginetypes.h"

#include "auth/account.h"
#include "auth/token.h"
#include "azure/azuretypes.h"
#include "core/accessrequest.h"
#include "core/auditrecord.h"
#include "core/changeset.h"
#include "core/decision.h"
#include "core/queueddecision.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSemaphore>

#include <atomic>
#include <memory>

class QNetworkAccessManager;

namespace lockbox {
class AuthSession;
class SignInManager;
class StepUp;
class SwitchableTokenProvider;
class TokenProvider;
} // namespace lockbox

namespace lockbox::engine {

class ArmServices;
class Profile;

// The engine: database, network, sign-in, sync and decisions, without any widget. The console runs
// it on its own thread (gui::EngineHost posts calls to it) so that the GUI thread never parses a
// page, writes a row or waits on the network; everything it learns leaves by signals carrying
// values (rows, change sets), queued to the GUI thread.
class Engine final : public QObject
{
    Q_OBJECT

public:
    explicit Engine(EngineConfig config);
    ~Engine() override;

    // All of these run on the engine thread.
    void open();
    void syncNow(bool full);
    // Queues a decision on each request as the approver reviewed it: each is bound to that content
    // and is not sent once the cached request differs (DecisionService::decide). An approval waits
    // for a fresh sign-in first when step-up is on.
    void decide(const QList<lockbox::AccessRequest> &reviewed, Verdict verdict, const QString &reason);
    // The same for the requests as the cache holds them now.
    void decide(const QStringList &requestIds, Verdict verdict, const QString &reason);
    void withdraw(const QString &requestId);
    void loadTimeline(const QString &requestId);
    // Reads one request whole from the cache (the table may keep only a summary of it).
    void loadRequest(const QString &requestId);
    void setPollInterval(int seconds);
    void setConcurrency(int subscriptions);
    void setSubscriptions(const QStringList &subscriptionIds);
    // Signing in and out. A sign-in runs one flow at a time (a new one cancels the last); its
    // progress leaves by signInCode/signInBrowserUrl and it ends with signInFinished.
    void signIn(const lockbox::engine::SignInRequest &request);
    void cancelSignIn();
    void signOut();
    // Sign in again before each Approve, no older than `maxAgeSec` (0: off).
    void setStepUp(int maxAgeSec);
    void cancelStepUp();
    // Customer Lockbox for the whole tenant (a Global Administrator's switch).
    void setTenantLockbox(const QString &tenantId, bool enabled);
    void shutdown();
    // The front end took a snapshot() chunk (EngineConfig::pacedSnapshots). Safe from any thread.
    void snapshotTaken();
    // snapshotTaken() calls the reading has not waited for yet (for tests). Safe from any thread.
    int snapshotsTakenAhead() const { return m_snapshotsTaken.available(); }
    // The front end is going away: open() stops reading the cache (no more snapshot() chunks, no
    // waiting for snapshotTaken()) and returns; shutdown() follows. Safe from any thread.
    void stopReadingCache();

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void identityChanged(const QString &identity);
    // The cache at start, newest first, in chunks; `last` on the final one.
    void snapshot(const QList<lockbox::AccessRequest> &rows, bool last);
    // How many rows the snapshot() chunks bring in all, told after the first when more follow
    // (a front end makes room for them at once rather than as they come).
    void snapshotSize(int rows);
    // `rows`: the current content of every added and changed request.
    void requestsChanged(const lockbox::ChangeSet &changes, const QList<lockbox::AccessRequest> &rows);
    void queueChanged(const QList<lockbox::QueuedDecision> &live);
    void subscriptionsChanged(const QList<lockbox::engine::SubscriptionStatus> &subscriptions);
    void syncRunning(bool running);
    // A run ended: how many requests changed and, when some subscriptions failed, why.
    void syncFinished(int changedRows, const QStringList &errors);
    void decisionQueued(const lockbox::QueuedDecision &decision);
    void decisionRefused(const QString &requestId, const QString &message);
    void decisionFinished(const lockbox::QueuedDecision &decision, const QString &errorText);
    void timelineReady(const QString &requestId, const QList<lockbox::AuditRecord> &records);
    // loadRequest()'s answer: the request whole, or one with an empty id when it is not cached.
    void requestRead(const QString &requestId, const lockbox::AccessRequest &request);
    // Records were appended to the audit log (a decision moved, Activity Log imported).
    void auditAppended();
    void message(const QString &text);
    // Whether Customer Lockbox is on for the tenant of the subscriptions (tenantOptedIn).
    void tenantStatus(const QString &tenantId, bool optedIn);
    void tenantChangeFinished(const QString &tenantId, bool enabled, const QString &error);
    // Who is signed in changed, or what the console knows of them (a token renewed, a sign-in lost).
    void accountChanged(const lockbox::engine::AccountInfo &account);
    // A device-code sign-in: show the code and where to enter it.
    void signInCode(const QString &userCode, const QUrl &verificationUri, int expiresInSec);
    // A browser sign-in: open this address (on this machine).
    void signInBrowserUrl(const QUrl &authorizeUrl);
    void signInFinished(bool ok, const QString &error);
    // A step-up before an Approve: open this address; then the decision goes or is refused.
    void stepUpBrowserUrl(const QUrl &authorizeUrl);
    void stepUpFinished(bool ok, const QString &error);

private:
    void buildArm();
    void teardownArm();
    void setTokenSource(std::unique_ptr<TokenProvider> provider);
    void restoreSignIn();
    void completeSignIn(const Account &account, const Token &token);
    void emitAccount();
    bool signedIn() const;
    void applyDecision(const QList<AccessRequest> &reviewed, Verdict verdict, const QString &reason);
    void discoverSubscriptions();
    void checkTenant(const QString &tenantId);
    void startSync(bool full, bool userAsked);
    void emitChanges(const ChangeSet &changes);
    // Appends the rows of `requestIds` in one subscription as the table keeps them; false (and
    // nothing appended) when the cache cannot be read so.
    bool readRows(const QString &subscriptionId, const QStringList &requestIds, QList<AccessRequest> *rows);
    // What another process (lockboxctl, a second console) wrote to the profile: its changes reach
    // the models, the queue and the audit view as this engine's own do.
    void checkOtherWriters();
    void emitQueue();
    void emitSubscriptions();
    void onSyncFinished();

    EngineConfig m_config;
    QSemaphore m_snapshotsTaken; // snapshotTaken() calls not yet waited for
    std::atomic_bool m_stopReadingCache = false;
    std::unique_ptr<Profile> m_profile; // the database and stores once open() succeeded
    std::unique_ptr<QNetworkAccessManager> m_network;
    AuthSession *m_session = nullptr; // the profile's, when signing in is on
    std::unique_ptr<SwitchableTokenProvider> m_tokens;
    std::optional<Account> m_account; // the signed-in account (none for the demo's or a variable's token)
    QUrl m_endpoint;
    SignInManager *m_signIn = nullptr;
    QPointer<StepUp> m_stepUp;
    quint64 m_accountEpoch = 0; // bumped by every sign-in and sign-out
    std::unique_ptr<ArmServices> m_arm;
    QStringList m_subscriptionIds;
    QHash<QString, SubscriptionStatus> m_status;
    bool m_discovered = false;
    bool m_pendingFullRequest = false;
    bool m_pendingRequest = false;
    int m_runChanged = 0;
    qint64 m_dataVersion = -1; // the database's data_version when another process's writes were last read
    QDateTime m_lastImport;
};

} // namespace lockbox::engine
