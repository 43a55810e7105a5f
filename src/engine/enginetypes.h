#pragma once

#include "auth/cloud.h"
#include "core/clock.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace lockbox {
class TokenProvider;
}

namespace lockbox::engine {

// What the console's engine needs to run: where the profile is, which ARM endpoint, how tokens
// are had. Built by the composition root (src/app) from the command line and settings.
struct EngineConfig final
{
    QString profileDir;
    // Empty: the signed-in account's cloud, else Azure public.
    QUrl endpoint;
    // Tokens that do not come from a sign-in (the demo's, a --token-env variable's): called on the
    // engine thread; the provider lives and answers there. Empty: the profile's remembered sign-in.
    std::function<std::unique_ptr<TokenProvider>(QNetworkAccessManager *)> makeTokens;
    QString tokensDescription; // how makeTokens' tokens are had, for "who am I" ("demo", "token from $VAR")
    // Where the profile's sign-in is remembered (the account; its secret is in the keychain):
    // shared with lockboxctl. Empty: signing in from the console is off.
    QString accountSettingsFile;
    // False: a sign-in lives in memory only, neither remembered nor kept in the keychain (the
    // demo's temporary profile).
    bool keepSignIn = true;
    int stepUpMaxAgeSec = 0; // sign in again before each Approve, no older than this; 0: off
    // Shared with the GUI (now() is const and safe from both threads).
    std::shared_ptr<const Clock> clock;
    QStringList subscriptions; // empty: every subscription the account can see
    int pendingPollSec = 60;
    int fullIntervalSec = 15 * 60;
    int concurrency = 4;
    int timeoutSec = 30;
    bool importActivityLog = true;
    // Whether the cache is read at start only as fast as the front end takes it: each snapshot()
    // chunk is acknowledged with Engine::snapshotTaken(); the first travels alone (the front end
    // shows it before the rest is read), then no more than two are on their way at once, so that
    // 100,000 rows do not wait in the GUI's event queue all at the same time.
    bool pacedSnapshots = false;
};

// One subscription as the status bar and settings show it.
struct SubscriptionStatus final
{
    QString subscriptionId;
    QString displayName;   // empty when unknown
    QDateTime lastSuccess; // last successful sync of any kind
    QString lastError;     // empty after a success
    QDateTime retryAfter;  // backing off until then
    bool syncing = false;
};

// How the user asked to sign in (the sign-in dialog's choice).
struct SignInRequest final
{
    enum class Method { DeviceCode, Browser, AzureCli };

    Method method = Method::DeviceCode;
    Cloud cloud;    // where to sign in and which ARM to use afterwards
    QString tenant; // a tenant id or domain; empty: "organizations" (any work account)
};

// Who is signed in, as the account menu and "who am I" show it. Every string came from a token
// or a server: plain text only.
struct AccountInfo final
{
    bool signedIn = false;
    QString method;      // "device code", "browser", "Azure CLI", "application secret", "token from $VAR", "demo"
    QString userName;    // upn or app id
    QString displayName; // empty when the token does not say
    QString tenantId;
    QString cloudName; // "public", "usgov", "china", "custom"
    QUrl authority;    // empty when the method has none (token variable, demo)
    QUrl armEndpoint;
    QDateTime tokenExpires;
    QString problem;         // not signed in: why, in a sentence ("The sign-in was revoked: sign in again.")
    bool canSignOut = false; // a remembered sign-in exists (keychain and settings)
    bool canStepUp = false;  // a user sign-in that can be asked to sign in again (browser/device code)
};

} // namespace lockbox::engine

Q_DECLARE_METATYPE(lockbox::engine::SubscriptionStatus)
Q_DECLARE_METATYPE(lockbox::engine::SignInRequest)
Q_DECLARE_METATYPE(lockbox::engine::AccountInfo)
