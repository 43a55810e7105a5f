#pragma once

#include "store/database.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QSettings;

namespace lockbox {
struct Account;
class AuthSession;
class Clock;
namespace store {
class AuditLog;
class DecisionOutbox;
class RequestStore;
class SyncState;
} // namespace store
} // namespace lockbox

namespace lockbox::engine {

// A profile: the folder the console and lockboxctl share, and what lives in it. Both front ends
// open it here, the same way:
//   lockbox.sqlite   the cache, the decision outbox, the sync state and the audit log (the stores);
//   lockboxctl.ini   the connection, one schema for both front ends:
//                      account/*    how, where and who signed in (auth/Account), written by a
//                                   sign-in from either;
//                      endpoint     the Resource Manager to talk to: given with --endpoint to
//                                   either, or the signed-in cloud's;
//                      tokenEnv     the environment variable a bearer token is read from, given
//                                   with --token-env to either (until a sign-in replaces it);
//                    never a token or a secret (those are in the keychain);
//   console.ini      the console's own preferences and layout (src/gui: SettingsDialog, MainWindow).
// The folder is the owner's only (0700), and so is each settings file (0600).
class Profile final
{
    Q_DECLARE_TR_FUNCTIONS(lockbox::engine::Profile)

public:
    // The sign-in settings file, shared by both front ends.
    static constexpr const char *kAccountFile = "lockboxctl.ini";
    // Keys of kAccountFile besides the account's (auth/account.cpp): the Resource Manager endpoint
    // commands and the console talk to, and the environment variable a token is read from.
    static constexpr const char *kEndpointKey = "endpoint";
    static constexpr const char *kTokenEnvKey = "tokenEnv";

    Profile();
    ~Profile();
    Q_DISABLE_COPY_MOVE(Profile)

    // Where a profile lives when none is named (the same for both front ends).
    static QString defaultDir();

    // Makes `dir` (empty: defaultDir()) the profile, creating the folder owner-only; false with
    // the reason in `error`.
    bool create(const QString &dir, QString *error);
    const QString &dir() const { return m_dir; }
    QString filePath(const QString &name) const;

    // The sign-in settings (kAccountFile, or `file` when given), made owner-only. Owned here.
    QSettings *accountSettings(const QString &file = {});
    // The connection (in accountSettings()): the endpoint, when one was given or signed in to, and
    // the remembered token variable (empty: none). Setting an empty value removes it; a value set
    // is on disk at once.
    std::optional<QUrl> endpoint();
    void setEndpoint(const QUrl &endpoint);
    QString tokenEnv();
    void setTokenEnv(const QString &variable);
    // The console once kept its own connection in console.ini (connection/endpoint,
    // connection/tokenEnv): moves those values here and removes them there. A value the shared
    // file already holds differently stays, and a sentence says what was dropped.
    QStringList adoptConsoleConnection(QSettings &console);

    // Which Resource Manager the profile talks to, one rule for both front ends: `given` on this
    // command line; else the signed-in account's cloud (a sign-in's tokens go to its own cloud
    // only, never to an endpoint remembered from an earlier --endpoint); else, when the tokens
    // come from a variable (`variableThisRun`, or an account that is one), the remembered
    // endpoint; else Azure's public cloud.
    QUrl armEndpoint(const std::optional<QUrl> &given, const std::optional<Account> &account, bool variableThisRun);
    // What both front ends say on every run that talks to a Resource Manager that is neither a
    // Microsoft cloud's (auth/Cloud) nor on this machine, found by armEndpoint()'s rule: "Talking
    // to https://x.example/, which is not a Microsoft cloud endpoint (remembered from
    // --endpoint)". Tokens go there, so an address given once (or planted in the profile) is
    // never used silently. Empty when the endpoint is Microsoft's or local.
    QString endpointNotice(const std::optional<QUrl> &given, const std::optional<Account> &account,
                           bool variableThisRun);
    // An --endpoint value as both front ends accept it: an https URL with a host, or plain http to
    // this machine only (127.0.0.1, ::1, localhost), where a simulator runs.
    static std::optional<QUrl> parseEndpoint(const QString &text);
    // Why `url` cannot be talked to, or an empty string when it can: plain http goes only to this
    // machine. `what` names it ("--endpoint"). Both front ends say it in these words.
    static QString plainHttpProblem(const QString &what, const QUrl &url);

    // Writes accountSettings() to its file now, owner-only.
    void saveAccountSettings();

    // Takes every environment variable that may hold this profile's secret out of the process
    // environment, into memory (auth/SecretEnvironment): LOCKBOX_CLIENT_SECRET, `tokenEnvThisRun`
    // (--token-env), the remembered token variable and a token-variable account's. Nothing this
    // process starts later (az, xdg-open, the browser) inherits them. Both front ends call it as
    // soon as the profile is open, before anything can start a child.
    void takeSecretVariables(const QString &tokenEnvThisRun);

    // The sign-in session over accountSettings() (the account, the keychain); `network` must
    // outlive the profile's use of it.
    AuthSession *session(QNetworkAccessManager *network);

    // Opens the database and its stores; false with the reason in `error` (nothing stays open).
    bool openStores(const Clock &clock, const store::DatabaseOptions &options, QString *error);
    // Closes the stores and the database (the sync state's remembered poll times are written).
    void closeStores();

    store::Database *database() const { return m_db.get(); }
    store::RequestStore *requests() const { return m_requests.get(); }
    store::SyncState *syncState() const { return m_syncState.get(); }
    store::DecisionOutbox *outbox() const { return m_outbox.get(); }
    store::AuditLog *audit() const { return m_audit.get(); }

private:
    QString m_dir;
    std::unique_ptr<QSettings> m_accountSettings;
    std::unique_ptr<AuthSession> m_session;
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<store::RequestStore> m_requests;
    std::unique_ptr<store::SyncState> m_syncState;
    std::unique_ptr<store::DecisionOutbox> m_outbox;
    std::unique_ptr<store::AuditLog> m_audit;
};

} // namespace lockbox::engine
