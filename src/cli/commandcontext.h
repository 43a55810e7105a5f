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
namespace engine {
class ArmServices;
class Profile;
} // namespace engine
namespace store {
class AuditLog;
class DecisionOutbox;
class RequestStore;
} // namespace store
} // namespace lockbox

namespace lockbox::cli {

// What lockboxctl's commands share: the command line's global options, the profile (its directory,
// settings and sign-in, its database and stores: engine::Profile) and what talks to Azure
// (engine::ArmServices), built by the engine as the console's are. Each part is built when a
// command first asks for it; a command ends, now or later, with finish() or fail().
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
    // `checkInBackground`: the database's integrity check runs beside the command (its first write
    // waits for it) instead of before it; finish() then fails the command when it found damage.
    bool openLocal(bool checkInBackground = false);
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
    QSettings *settings() const;
    engine::Profile *profile() const { return m_profile.get(); }
    // The Resource Manager the commands talk to: the profile's, else Azure's public cloud.
    QUrl armEndpoint() const;
    AuthSession *auth() const { return m_auth; }
    QNetworkAccessManager *network() const { return m_network.get(); }
    // After openLocal().
    store::RequestStore *requests() const;
    store::DecisionOutbox *outbox() const;
    store::AuditLog *audit() const;
    // After withAzure().
    ArmClient *client() const;
    SyncEngine *engine() const;
    DecisionService *decisions() const;

private:
    static QString notSignedInHint();

    CommandLine m_line;
    SystemClock m_clock;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<engine::Profile> m_profile;
    AuthSession *m_auth = nullptr; // the profile's
    bool m_storesOpen = false;
    std::unique_ptr<TokenProvider> m_tokens;
    std::unique_ptr<engine::ArmServices> m_arm;
    bool m_finished = false;
};

} // namespace lockbox::cli
