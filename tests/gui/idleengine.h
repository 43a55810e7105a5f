#pragma once

#include "engine/engine.h"
#include "gui/enginehost.h"
#include "support/manualclock.h"

#include <QTemporaryDir>

#include <memory>

namespace lockbox::test {

// For tests of the window's controllers on their own: an EngineHost over a temporary profile that
// is never started. The test speaks for the engine by emitting its signals (they reach the
// controllers directly, on the test's thread); calls posted to it are never run.
class IdleEngine final
{
public:
    IdleEngine()
        : m_clock(std::make_shared<ManualClock>())
    {
        engine::EngineConfig config;
        config.profileDir = m_profile.path();
        config.clock = m_clock;
        m_host = std::make_unique<gui::EngineHost>(config);
    }

    gui::EngineHost *host() const { return m_host.get(); }
    // Whose signals the test emits.
    engine::Engine *engine() const { return m_host->worker(); }
    ManualClock &clock() const { return *m_clock; }
    std::shared_ptr<ManualClock> sharedClock() const { return m_clock; }
    QString profileDir() const { return m_profile.path(); }

private:
    QTemporaryDir m_profile;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<gui::EngineHost> m_host;
};

} // namespace lockbox::test
