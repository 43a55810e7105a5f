#pragma once

#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace lockbox {
class ActivityImporter;
class ArmClient;
class Clock;
class DecisionService;
class SyncEngine;
class TokenProvider;
} // namespace lockbox

namespace lockbox::engine {

class Profile;

// What talks to Azure Resource Manager for a profile: one ARM client (its retry policy and
// request budget), the sync engine, the decision service and the Activity Log importer, all over
// the profile's stores. The console's Engine and lockboxctl's commands build it here, alike;
// it is rebuilt when the endpoint or the token source changes.
class ArmServices final
{
public:
    struct Options
    {
        QUrl endpoint; // https://management.azure.com, another cloud's, or a simulator's
        int timeoutSec = 30;
        int concurrency = 4; // subscriptions synced at once
        int fullIntervalSec = 15 * 60;
        int readAhead = 0; // SyncEngine::Options::readAhead
    };

    // `network`, `tokens`, the profile's open stores and `clock` must outlive this.
    ArmServices(QNetworkAccessManager *network, TokenProvider *tokens, const Profile &profile, const Clock &clock,
                const Options &options);
    ~ArmServices();
    ArmServices(const ArmServices &) = delete;
    ArmServices &operator=(const ArmServices &) = delete;

    ArmClient *client() const { return m_client.get(); }
    SyncEngine *sync() const { return m_sync.get(); }
    DecisionService *decisions() const { return m_decisions.get(); }
    ActivityImporter *importer() const { return m_importer.get(); }

private:
    std::unique_ptr<ArmClient> m_client;
    std::unique_ptr<SyncEngine> m_sync;
    std::unique_ptr<DecisionService> m_decisions;
    std::unique_ptr<ActivityImporter> m_importer;
};

} // namespace lockbox::engine
