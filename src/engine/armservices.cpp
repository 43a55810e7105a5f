#include "engine/armservices.h"

#include "azure/armclient.h"
#include "engine/profile.h"
#include "sync/activityimporter.h"
#include "sync/decisionservice.h"
#include "sync/syncengine.h"

namespace lockbox::engine {

ArmServices::ArmServices(QNetworkAccessManager *network, TokenProvider *tokens, const Profile &profile,
                         const Clock &clock, const Options &options)
{
    ArmClient::Options armOptions;
    armOptions.endpoint = options.endpoint;
    armOptions.timeoutMs = options.timeoutSec * 1000;
    m_client = std::make_unique<ArmClient>(network, tokens, armOptions);

    SyncEngine::Options syncOptions;
    syncOptions.concurrency = options.concurrency;
    syncOptions.fullIntervalSec = options.fullIntervalSec;
    syncOptions.readAhead = options.readAhead;
    m_sync = std::make_unique<SyncEngine>(m_client.get(), profile.requests(), profile.syncState(), clock, syncOptions);

    m_decisions = std::make_unique<DecisionService>(m_client.get(), profile.outbox(), profile.requests(), tokens, clock,
                                                    DecisionService::Options());
    m_importer =
        std::make_unique<ActivityImporter>(m_client.get(), profile.audit(), clock, nullptr, profile.requests());
}

ArmServices::~ArmServices()
{
    // The users of the client go before it.
    m_importer.reset();
    m_decisions.reset();
    m_sync.reset();
    m_client.reset();
}

} // namespace lockbox::engine
