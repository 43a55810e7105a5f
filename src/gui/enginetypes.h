#pragma once

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

namespace lockbox::gui {

// What the console's engine needs to run: where the profile is, which ARM endpoint, how tokens
// are had. Built by the composition root (src/app) from the command line and settings.
struct EngineConfig final
{
    QString profileDir;
    QUrl endpoint;
    // Called on the engine thread; the provider lives and answers there.
    std::function<std::unique_ptr<TokenProvider>(QNetworkAccessManager *)> makeTokens;
    // Shared with the GUI (now() is const and safe from both threads).
    std::shared_ptr<const Clock> clock;
    QStringList subscriptions; // empty: every subscription the account can see
    int pendingPollSec = 60;
    int fullIntervalSec = 15 * 60;
    int concurrency = 4;
    int timeoutSec = 30;
    bool importActivityLog = true;
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

} // namespace lockbox::gui

Q_DECLARE_METATYPE(lockbox::gui::SubscriptionStatus)
