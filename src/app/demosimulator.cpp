#include "demosimulator.h"

#include "sim/simulator.h"

#include <QDateTime>
#include <QMetaObject>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace lockbox::app {

sim::SimOptions DemoSimulator::demoOptions()
{
    sim::SimOptions o;
    o.seed = QRandomGenerator::global()->generate();
    o.subscriptions = 4;
    o.requestsPerSubscription = 90;
    o.pendingFraction = 0.05;
    o.arrivalIntervalSec = 30; // jittered: a new request every 15 to 45 s
    o.clockSpeed = 60;         // a request's 4 days pass in about an hour and a half
    o.staticToken = QString::fromLatin1(kToken);
    // The demo's approver, as the console's own records name them (DemoTokenProvider::identity).
    o.staticTokenUser = u"demo.approver@contoso.example"_s;
    o.transitionMs = 2500;
    o.quirkFraction = 0.1;
    return o;
}

DemoSimulator::DemoSimulator(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<std::shared_ptr<const lockbox::Clock>>();
    m_thread.setObjectName(u"lockbox-demo-sim"_s);
}

DemoSimulator::~DemoSimulator()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_anchor,
        [this] {
            delete m_sim;
            m_sim = nullptr;
            delete m_anchor;
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_thread.wait();
}

void DemoSimulator::start(const sim::SimOptions &options)
{
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(
        m_anchor,
        [this, options] {
            m_sim = new sim::Simulator(options);
            QString error;
            if (!m_sim->start(&error)) {
                Q_EMIT failed(error);
                return;
            }
            Q_EMIT ready(m_sim->baseUrl(), m_sim->clock());
        },
        Qt::QueuedConnection);
}

} // namespace lockbox::app
