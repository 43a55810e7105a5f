#pragma once

#include "core/clock.h"
#include "sim/simoptions.h"

#include <QObject>
#include <QThread>
#include <QUrl>

#include <memory>

namespace lockbox::sim {
class Simulator;
}

namespace lockbox::app {

// lockbox-console --demo: the simulator on its own thread (its HTTP server must not share the
// GUI's event loop), started with a scenario a newcomer can watch.
class DemoSimulator final : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *kToken = "demo-token";
    static sim::SimOptions demoOptions();

    explicit DemoSimulator(QObject *parent = nullptr);
    ~DemoSimulator() override;

    void start(const sim::SimOptions &options);

Q_SIGNALS:
    void ready(const QUrl &baseUrl, std::shared_ptr<const lockbox::Clock> clock);
    void failed(const QString &error);

private:
    QThread m_thread;
    QObject *m_anchor = nullptr; // lives on m_thread: calls are posted to it
    sim::Simulator *m_sim = nullptr;
};

} // namespace lockbox::app
