#pragma once

#include "httpclient.h"

#include "sim/simoptions.h"
#include "sim/simulator.h"

#include <QUrl>
#include <QUrlQuery>

#include <memory>

namespace lockbox::test {

// An in-process lockbox-sim on a free loopback port, with test-friendly defaults: a fixed seed
// and start time, a static token, small data and quick Approving → Approved transitions.
class SimFixture final
{
public:
    static constexpr const char *kToken = "test-token";
    static QDateTime fixedStart();
    static sim::SimOptions defaultOptions();

    explicit SimFixture(const sim::SimOptions &options = defaultOptions());
    ~SimFixture();

    // False (with a message in `error`) when the server could not listen.
    bool start(QString *error = nullptr);

    sim::Simulator &simulator() { return *m_sim; }
    QUrl baseUrl() const { return m_sim->baseUrl(); }
    // baseUrl + path, with `query` as given (e.g. "api-version=2018-02-28-preview").
    QUrl url(const QString &path, const QString &query = QString()) const;
    // A Lockbox path of the given subscription with the right api-version.
    QUrl requestsUrl(const QString &subscriptionId, const QString &suffix = QString()) const;

    QStringList subscriptionIds();
    // A client with the static token as bearer.
    HttpClient client() const;
    // GET /_sim/counters
    QJsonObject counters();

private:
    std::unique_ptr<sim::Simulator> m_sim;
};

} // namespace lockbox::test
