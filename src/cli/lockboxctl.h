#pragma once

#include "commandline.h"
#include "exitcode.h"

#include "azure/armerror.h"
#include "core/clock.h"

#include <QObject>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QSettings;

namespace lockbox {
class ArmClient;
class AuthSession;
class DecisionService;
class SyncEngine;
class TokenProvider;
struct AccessRequest;
namespace store {
class AuditLog;
class Database;
class DecisionOutbox;
class RequestStore;
class SyncState;
} // namespace store
} // namespace lockbox

namespace lockbox::cli {

class CommandOptions;

// lockboxctl: the composition root of the command-line front end. It builds the engine for one
// command, runs the command on the event loop and ends the application with its exit code.
class Lockboxctl final : public QObject
{
    Q_OBJECT

public:
    explicit Lockboxctl(const CommandLine &line, QObject *parent = nullptr);
    ~Lockboxctl() override;

    // Starts the command; the application quits with its exit code when it is done.
    void start();

private:
    // The profile directory, its settings, the network manager and the sign-in session; false after
    // printing the reason and setting the exit code.
    bool openProfile();
    // openProfile() and the profile's database.
    bool openLocal();
    // The token provider (a variable named with --token-env, else the profile's sign-in restored
    // from the keychain), the ARM client and the engine; then `then`. Fails with exit 2 when not
    // signed in.
    void withAzure(const std::function<void()> &then);
    static QString notSignedInHint();
    void finish(int code);
    void fail(int code, const QString &message);
    int exitCodeFor(const ArmError &error) const;

    void cmdSync(const CommandOptions &opts);
    void cmdList(const CommandOptions &opts);
    void cmdShow(const CommandOptions &opts);
    void cmdDecide(const CommandOptions &opts, bool approve);
    void cmdQueue(const CommandOptions &opts);
    void cmdAudit(const CommandOptions &opts);
    void cmdSubscriptions(const CommandOptions &opts);
    void cmdTenant(const CommandOptions &opts);
    void cmdWatch(const CommandOptions &opts);
    void cmdAccount(const CommandOptions &opts, const QString &name);

    // Subscriptions to work on: --subscription values, else those GET /subscriptions returns.
    void withSubscriptions(const QStringList &given, const std::function<void(const QStringList &)> &then);
    void runSync(const QStringList &subscriptions, bool full, const std::function<void(int code)> &then);

    QJsonObject requestJson(const AccessRequest &request) const;

    CommandLine m_line;
    SystemClock m_clock;
    QString m_profileDir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<store::RequestStore> m_requests;
    std::unique_ptr<store::SyncState> m_syncState;
    std::unique_ptr<store::DecisionOutbox> m_outbox;
    std::unique_ptr<store::AuditLog> m_audit;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<AuthSession> m_auth;
    std::unique_ptr<TokenProvider> m_tokens;
    std::unique_ptr<ArmClient> m_client;
    std::unique_ptr<SyncEngine> m_engine;
    std::unique_ptr<DecisionService> m_decisions;
    bool m_finished = false;
    bool m_watchPrimed = false;
};

} // namespace lockbox::cli
