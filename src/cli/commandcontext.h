#pragma once

#include "commandline.h"
#include "exitcode.h"

#include "auth/autherror.h"
#include "azure/armerror.h"
#include "core/clock.h"

#include <QJsonObject>
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

// What lockboxctl's commands share: the command line's global options, the profile (its directory,
// settings and sign-in), its database and stores, and the engine on an ARM client. Each part is
// built when a command first asks for it; a command ends, now or later, with finish() or fail().
class CommandContext final : public QObject
{
    Q_OBJECT

public:
    explicit CommandContext(CommandLine line, QObject *parent = nullptr);
    ~CommandContext() override;

    const CommandLine &line() const { return m_line; }
    const GlobalOptions &global() const { return m_line.global; }
    OutputFormat format() const { return m_line.global.format; }
    const Clock &clock() const { return m_clock; }

    // The profile directory, its settings, the network manager and the sign-in session; false after
    // printing the reason and setting the exit code.
    bool openProfile();
    // openProfile() and the profile's database and stores.
    bool openLocal();
    // The token provider (a variable named with --token-env, else the profile's sign-in restored
    // from the keychain), the ARM client and the engine; then `then`. Fails with exit 2 when not
    // signed in. Needs openLocal().
    void withAzure(const std::function<void()> &then);
    // Subscriptions to work on: `given` (the --subscription values), else those GET /subscriptions
    // returns. Needs withAzure().
    void withSubscriptions(const QStringList &given, const std::function<void(const QStringList &)> &then);

    // Ends the application with `code`, once the keychain has what it is being given.
    void finish(int code);
    // Prints "lockboxctl: message" on standard error, then finish(code).
    void fail(int code, const QString &message);
    static int exitCodeFor(const ArmError &error);
    // 1 for a usage or configuration problem, 5 for the network or the server, 2 for everything
    // that leaves the profile not signed in.
    static int exitCodeFor(const AuthError &error);

    // A request as `list` and `show` print it in JSON, with its queued decision if one waits.
    QJsonObject requestJson(const AccessRequest &request) const;

    // After openProfile().
    QSettings *settings() const { return m_settings.get(); }
    AuthSession *auth() const { return m_auth.get(); }
    // After openLocal().
    store::RequestStore *requests() const { return m_requests.get(); }
    store::DecisionOutbox *outbox() const { return m_outbox.get(); }
    store::AuditLog *audit() const { return m_audit.get(); }
    // After withAzure().
    ArmClient *client() const { return m_client.get(); }
    SyncEngine *engine() const { return m_engine.get(); }
    DecisionService *decisions() const { return m_decisions.get(); }

private:
    static QString notSignedInHint();

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
};

} // namespace lockbox::cli
