#include "enginefixture.h"

#include "sim/simworld.h"

#include <QEventLoop>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QScopeGuard>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace lockbox::test {

EngineFixture::EngineFixture(const sim::SimOptions &options)
    : m_sim(std::make_unique<SimFixture>(options))
{
}

EngineFixture::~EngineFixture()
{
    m_audit.reset();
    m_outbox.reset();
    m_syncState.reset();
    m_requests.reset();
    m_db.reset();
    m_client.reset();
    m_tokens.reset();
    m_network.reset();
    m_controlNetwork.reset();
    m_sim.reset();
}

bool EngineFixture::start(QString *error, const std::function<void(ArmClient::Options &)> &tweak)
{
    if (!m_dir.isValid()) {
        *error = u"no temporary directory"_s;
        return false;
    }
    if (!m_sim->start(error))
        return false;
    m_network = std::make_unique<CountingNetworkAccessManager>();
    m_controlNetwork = std::make_unique<QNetworkAccessManager>();
    m_tokens = std::make_unique<GatedTokenProvider>(QByteArray(SimFixture::kToken));
    ArmClient::Options options;
    options.endpoint = m_sim->baseUrl();
    options.timeoutMs = 2000;
    options.maxReadAttempts = 4;
    options.backoffBaseMs = 20; // the shape of the backoff is ArmClient's tests' business
    options.backoffMaxMs = 200;
    if (tweak)
        tweak(options);
    m_client = std::make_unique<ArmClient>(m_network.get(), m_tokens.get(), options);
    m_db = std::make_unique<store::Database>();
    if (!m_db->open(m_dir.path(), error))
        return false;
    m_requests = std::make_unique<store::RequestStore>(*m_db, m_clock);
    m_syncState = std::make_unique<store::SyncState>(*m_db);
    m_outbox = std::make_unique<store::DecisionOutbox>(*m_db, m_clock);
    m_audit = std::make_unique<store::AuditLog>(*m_db, m_clock);
    return true;
}

sim::SimWorld &EngineFixture::world()
{
    return m_sim->simulator().world();
}

QJsonObject EngineFixture::control(const QString &path, const QJsonObject &body)
{
    HttpClient c;
    const HttpResult r = c.postJson(m_sim->url(path), body);
    if (r.status != 200 && r.status != 201)
        qWarning() << "control" << path << r.status << r.body;
    return r.object();
}

void EngineFixture::controlAsync(const QString &path, const QJsonObject &body, std::function<void()> done)
{
    QNetworkRequest request(m_sim->url(path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = m_controlNetwork->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, done = std::move(done)] {
        if (reply->error() != QNetworkReply::NoError)
            qWarning() << "control" << reply->url().path() << reply->errorString();
        reply->deleteLater();
        done();
    });
}

int EngineFixture::applied(const QString &requestId)
{
    return counters().value(u"decisionsApplied").toObject().value(requestId).toInt(0);
}

void EngineFixture::setFaults(double rate, const QStringList &kinds)
{
    control(u"/_sim/faults"_s, {{u"rate"_s, rate}, {u"kinds"_s, QJsonArray::fromStringList(kinds)}});
}

std::optional<QList<SyncEngine::Result>> EngineFixture::sync(SyncEngine &engine, const QStringList &subscriptionIds,
                                                             SyncEngine::Mode mode, bool respectBackoff, int timeoutMs)
{
    std::optional<QList<SyncEngine::Result>> results;
    // A real event loop, not QTest::qWaitFor: that one sleeps up to 10 ms between rounds of
    // events, which a chain of queued calls per request turns into tens of milliseconds.
    QEventLoop loop;
    // finished() gives each result's counts; the lists come with subscriptionFinished().
    QHash<QString, SyncEngine::Result> whole;
    const auto each = QObject::connect(&engine, &SyncEngine::subscriptionFinished, &loop,
                                       [&whole](const SyncEngine::Result &r) { whole.insert(r.subscriptionId, r); });
    bool consistent = true;
    const auto connection = QObject::connect(
        &engine, &SyncEngine::finished, &loop,
        [&results, &whole, &loop, &consistent](const QList<SyncEngine::Result> &r) {
            results = r;
            for (SyncEngine::Result &result : *results) {
                const auto told = whole.constFind(result.subscriptionId);
                if (told == whole.constEnd())
                    continue;
                // The lists are not held to the end of the run; the counts are the lists'.
                const ChangeCounts listed = told->changes.counts();
                if (!result.changes.isEmpty() || result.counts.added != listed.added
                    || result.counts.changed != listed.changed || result.counts.removed != listed.removed
                    || result.counts.unchanged != listed.unchanged) {
                    qWarning("finished() gave %s other than its counts-only result", qPrintable(result.subscriptionId));
                    consistent = false;
                }
                result.changes = told->changes;
            }
            loop.quit();
        });
    const auto disconnect = qScopeGuard([&] {
        QObject::disconnect(each);
        QObject::disconnect(connection);
    });
    if (!engine.sync(subscriptionIds, mode, respectBackoff))
        return std::nullopt;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    if (!results)
        qWarning("the sync did not finish within %d ms", timeoutMs);
    if (!consistent)
        return std::nullopt;
    return results;
}

QStringList EngineFixture::pendingIds()
{
    QStringList ids;
    for (const auto &sub : world().subscriptions()) {
        for (const sim::SimRecord *r : world().requests(sub.subscriptionId)) {
            if (r->request.status.isDecidable())
                ids.append(r->request.requestId);
        }
    }
    return ids;
}

} // namespace lockbox::test
