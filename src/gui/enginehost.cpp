#include "enginehost.h"

#include "engine/engine.h"

#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace lockbox::gui {

namespace {

// The console takes the cache's chunks one at a time (RequestFeed).
engine::EngineConfig paced(engine::EngineConfig config)
{
    config.pacedSnapshots = true;
    return config;
}

} // namespace

EngineHost::EngineHost(engine::EngineConfig config, QObject *parent)
    : QObject(parent)
    , m_config(paced(std::move(config)))
    , m_worker(new engine::Engine(m_config))
{
    m_thread.setObjectName(u"lockbox-engine"_s);
    m_worker->moveToThread(&m_thread);
}

EngineHost::~EngineHost()
{
    stop();
    delete m_worker;
}

void EngineHost::start()
{
    if (std::exchange(m_started, true))
        return;
    if (!m_thread.isRunning())
        m_thread.start();
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->open(); }, Qt::QueuedConnection);
}

void EngineHost::syncNow(bool full)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, full] { w->syncNow(full); }, Qt::QueuedConnection);
}

void EngineHost::decide(const QStringList &requestIds, Verdict verdict, const QString &reason)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, requestIds, verdict, reason] { w->decide(requestIds, verdict, reason); },
        Qt::QueuedConnection);
}

void EngineHost::decide(const QList<AccessRequest> &reviewed, Verdict verdict, const QString &reason)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, reviewed, verdict, reason] { w->decide(reviewed, verdict, reason); },
        Qt::QueuedConnection);
}

void EngineHost::withdraw(const QString &requestId)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, requestId] { w->withdraw(requestId); }, Qt::QueuedConnection);
}

void EngineHost::loadTimeline(const QString &requestId)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, requestId] { w->loadTimeline(requestId); }, Qt::QueuedConnection);
}

void EngineHost::loadRequest(const QString &requestId)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, requestId] { w->loadRequest(requestId); }, Qt::QueuedConnection);
}

void EngineHost::setPollInterval(int seconds)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, seconds] { w->setPollInterval(seconds); }, Qt::QueuedConnection);
}

void EngineHost::setConcurrency(int subscriptions)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, subscriptions] { w->setConcurrency(subscriptions); }, Qt::QueuedConnection);
}

void EngineHost::setSubscriptions(const QStringList &subscriptionIds)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, subscriptionIds] { w->setSubscriptions(subscriptionIds); }, Qt::QueuedConnection);
}

void EngineHost::signIn(const engine::SignInRequest &request)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, request] { w->signIn(request); }, Qt::QueuedConnection);
}

void EngineHost::cancelSignIn()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->cancelSignIn(); }, Qt::QueuedConnection);
}

void EngineHost::signOut()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->signOut(); }, Qt::QueuedConnection);
}

void EngineHost::setStepUp(int maxAgeSec)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, maxAgeSec] { w->setStepUp(maxAgeSec); }, Qt::QueuedConnection);
}

void EngineHost::cancelStepUp()
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker] { w->cancelStepUp(); }, Qt::QueuedConnection);
}

void EngineHost::setTenantLockbox(const QString &tenantId, bool enabled)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, tenantId, enabled] { w->setTenantLockbox(tenantId, enabled); }, Qt::QueuedConnection);
}

void EngineHost::stop()
{
    if (!m_thread.isRunning())
        return;
    // Still reading the cache at start, perhaps waiting for the window to take a chunk it never
    // will: it stops reading.
    m_worker->stopReadingCache();
    // The engine closes its database and network on its own thread, then that thread ends.
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker] {
            w->shutdown();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread.wait();
}

} // namespace lockbox::gui
