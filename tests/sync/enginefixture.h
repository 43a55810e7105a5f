#pragma once

#include "countingnetworkaccessmanager.h"
#include "gatedtokenprovider.h"

#include "azure/armclient.h"
#include "core/clock.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "store/decisionoutbox.h"
#include "store/requeststore.h"
#include "store/syncstate.h"
#include "support/simfixture.h"
#include "sync/syncengine.h"

#include <QJsonObject>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <optional>

namespace lockbox::test {

// The engine as the console assembles it, against an in-process lockbox-sim: a counting network
// manager, a gated token provider, an ArmClient with short timeouts, and a real database in a
// temporary profile with every store on it.
class EngineFixture final
{
public:
    explicit EngineFixture(const sim::SimOptions &options = SimFixture::defaultOptions());
    ~EngineFixture();

    // Starts the simulator and opens the database. `tweak` adjusts the client's options.
    bool start(QString *error, const std::function<void(ArmClient::Options &)> &tweak = {});

    SimFixture &sim() { return *m_sim; }
    sim::SimWorld &world();
    CountingNetworkAccessManager &network() { return *m_network; }
    GatedTokenProvider &tokens() { return *m_tokens; }
    ArmClient &client() { return *m_client; }
    const Clock &clock() const { return m_clock; }
    QString profileDir() const { return m_dir.path(); }
    store::Database &database() { return *m_db; }
    store::RequestStore &requests() { return *m_requests; }
    store::SyncState &syncState() { return *m_syncState; }
    store::DecisionOutbox &outbox() { return *m_outbox; }
    store::AuditLog &audit() { return *m_audit; }

    // POST to the control API; a warning when it does not answer 200/201.
    QJsonObject control(const QString &path, const QJsonObject &body);
    // The same without waiting: `done` runs when the simulator has answered.
    void controlAsync(const QString &path, const QJsonObject &body, std::function<void()> done);
    QJsonObject counters() { return m_sim->counters(); }
    // decisionsApplied of one request (0 when absent).
    int applied(const QString &requestId);
    // Faults: `rate` of `kinds` (empty: every kind).
    void setFaults(double rate, const QStringList &kinds = {});

    // One run of `engine`; nothing when it did not finish within `timeoutMs`.
    std::optional<QList<SyncEngine::Result>> sync(SyncEngine &engine, const QStringList &subscriptionIds,
                                                  SyncEngine::Mode mode, bool respectBackoff = true,
                                                  int timeoutMs = 30000);
    // Ids of the simulator's Pending requests (all subscriptions).
    QStringList pendingIds();

private:
    std::unique_ptr<SimFixture> m_sim;
    QTemporaryDir m_dir;
    SystemClock m_clock;
    std::unique_ptr<CountingNetworkAccessManager> m_network;
    std::unique_ptr<QNetworkAccessManager> m_controlNetwork;
    std::unique_ptr<GatedTokenProvider> m_tokens;
    std::unique_ptr<ArmClient> m_client;
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<store::RequestStore> m_requests;
    std::unique_ptr<store::SyncState> m_syncState;
    std::unique_ptr<store::DecisionOutbox> m_outbox;
    std::unique_ptr<store::AuditLog> m_audit;
};

} // namespace lockbox::test
