#pragma once

#include "enginetypes.h"

#include "azure/azuretypes.h"
#include "core/accessrequest.h"
#include "core/auditrecord.h"
#include "core/changeset.h"
#include "core/decision.h"
#include "core/queueddecision.h"

#include <QHash>
#include <QObject>

#include <memory>

class QNetworkAccessManager;

namespace lockbox {
class ActivityImporter;
class ArmClient;
class DecisionService;
class SyncEngine;
class TokenProvider;
namespace store {
class AuditLog;
class Database;
class DecisionOutbox;
class RequestStore;
class SyncState;
} // namespace store
} // namespace lockbox

namespace lockbox::gui {

// The console's engine: database, network, sync and decisions, living on their own thread so the
// GUI thread never parses a page, writes a row or waits on the network. Everything it learns
// leaves by queued signals carrying values (rows, change sets); it is driven by calls that
// EngineHost posts to its thread.
class EngineWorker final : public QObject
{
    Q_OBJECT

public:
    explicit EngineWorker(EngineConfig config);
    ~EngineWorker() override;

    // All of these run on the engine thread.
    void open();
    void syncNow(bool full);
    void decide(const QStringList &requestIds, Verdict verdict, const QString &reason);
    void withdraw(const QString &requestId);
    void loadTimeline(const QString &requestId);
    void setPollInterval(int seconds);
    void setSubscriptions(const QStringList &subscriptionIds);
    void shutdown();

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void identityChanged(const QString &identity);
    // The cache at start, newest first, in chunks; `last` on the final one.
    void snapshot(const QList<lockbox::AccessRequest> &rows, bool last);
    // `rows`: the current content of every added and changed request.
    void requestsChanged(const lockbox::ChangeSet &changes, const QList<lockbox::AccessRequest> &rows);
    void queueChanged(const QList<lockbox::QueuedDecision> &live);
    void subscriptionsChanged(const QList<lockbox::gui::SubscriptionStatus> &subscriptions);
    void syncRunning(bool running);
    // A run ended: how many requests changed and, when some subscriptions failed, why.
    void syncFinished(int changedRows, const QStringList &errors);
    void decisionQueued(const lockbox::QueuedDecision &decision);
    void decisionRefused(const QString &requestId, const QString &message);
    void decisionFinished(const lockbox::QueuedDecision &decision, const QString &errorText);
    void timelineReady(const QString &requestId, const QList<lockbox::AuditRecord> &records);
    // Records were appended to the audit log (a decision moved, Activity Log imported).
    void auditAppended();
    void message(const QString &text);
    // Whether Customer Lockbox is on for the tenant of the subscriptions (tenantOptedIn).
    void tenantStatus(const QString &tenantId, bool optedIn);

private:
    void discoverSubscriptions();
    void checkTenant(const QString &tenantId);
    void startSync(bool full, bool userAsked);
    void emitChanges(const ChangeSet &changes);
    void emitQueue();
    void emitSubscriptions();
    void onSyncFinished();

    EngineConfig m_config;
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<store::RequestStore> m_requests;
    std::unique_ptr<store::SyncState> m_syncState;
    std::unique_ptr<store::DecisionOutbox> m_outbox;
    std::unique_ptr<store::AuditLog> m_audit;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<TokenProvider> m_tokens;
    std::unique_ptr<ArmClient> m_client;
    std::unique_ptr<SyncEngine> m_engine;
    std::unique_ptr<DecisionService> m_decisions;
    std::unique_ptr<ActivityImporter> m_importer;
    QStringList m_subscriptionIds;
    QHash<QString, SubscriptionStatus> m_status;
    bool m_discovered = false;
    bool m_pendingFullRequest = false;
    bool m_pendingRequest = false;
    int m_runChanged = 0;
    QDateTime m_lastImport;
};

} // namespace lockbox::gui
