#pragma once

#include "core/accessrequest.h"
#include "core/decision.h"
#include "engine/enginetypes.h"

#include <QObject>
#include <QThread>

namespace lockbox::engine {
class Engine;
} // namespace lockbox::engine

namespace lockbox::gui {

// The GUI thread's handle on the engine: starts the engine thread, posts calls to it and stops it
// cleanly. Connect to worker()'s signals with a GUI-thread context object: they arrive queued.
class EngineHost final : public QObject
{
    Q_OBJECT

public:
    explicit EngineHost(engine::EngineConfig config, QObject *parent = nullptr);
    ~EngineHost() override;

    engine::Engine *worker() const { return m_worker; }
    const engine::EngineConfig &config() const { return m_config; }

    // Opens the database and begins syncing, on the engine thread; once (later calls do nothing).
    void start();
    void syncNow(bool full = false);
    void decide(const QStringList &requestIds, Verdict verdict, const QString &reason);
    // Decisions bound to the requests as the user reviewed them (engine::Engine::decide).
    void decide(const QList<AccessRequest> &reviewed, Verdict verdict, const QString &reason);
    void withdraw(const QString &requestId);
    void loadTimeline(const QString &requestId);
    void loadRequest(const QString &requestId);
    void setPollInterval(int seconds);
    void setConcurrency(int subscriptions);
    // Which subscriptions to watch (empty: every one the account can see).
    void setSubscriptions(const QStringList &subscriptionIds);
    void signIn(const engine::SignInRequest &request);
    void cancelSignIn();
    void signOut();
    void setStepUp(int maxAgeSec);
    void cancelStepUp();
    void setTenantLockbox(const QString &tenantId, bool enabled);
    // Stops the engine and waits for its thread (at exit; the engine closes the database).
    void stop();

private:
    engine::EngineConfig m_config;
    QThread m_thread;
    engine::Engine *m_worker = nullptr;
    bool m_started = false;
};

} // namespace lockbox::gui
