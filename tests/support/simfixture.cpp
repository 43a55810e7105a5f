#include "simfixture.h"

#include "sim/simworld.h"

using namespace Qt::StringLiterals;

namespace lockbox::test {

QDateTime SimFixture::fixedStart()
{
    return QDateTime(QDate(2026, 11, 2), QTime(9, 30), Qt::UTC);
}

sim::SimOptions SimFixture::defaultOptions()
{
    sim::SimOptions o;
    o.seed = 7;
    o.subscriptions = 2;
    o.requestsPerSubscription = 30;
    o.staticToken = QString::fromLatin1(kToken);
    o.startTime = fixedStart();
    o.transitionMs = 150;
    o.hangMs = 20000;
    o.deviceCodeIntervalSec = 1;
    return o;
}

SimFixture::SimFixture(const sim::SimOptions &options)
    : m_sim(std::make_unique<sim::Simulator>(options))
{
}

SimFixture::~SimFixture() = default;

bool SimFixture::start(QString *error)
{
    QString message;
    const bool ok = m_sim->start(&message);
    if (error)
        *error = message;
    return ok;
}

QUrl SimFixture::url(const QString &path, const QString &query) const
{
    QUrl u = baseUrl();
    u.setPath(path);
    if (!query.isEmpty())
        u.setQuery(query);
    return u;
}

QUrl SimFixture::requestsUrl(const QString &subscriptionId, const QString &suffix) const
{
    return url(u"/subscriptions/"_s + subscriptionId + u"/providers/Microsoft.CustomerLockbox/requests"_s + suffix,
               u"api-version=2018-02-28-preview"_s);
}

QStringList SimFixture::subscriptionIds()
{
    QStringList ids;
    for (const auto &sub : m_sim->world().subscriptions())
        ids.append(sub.subscriptionId);
    return ids;
}

HttpClient SimFixture::client() const
{
    HttpClient c;
    c.setBearer(kToken);
    return c;
}

QJsonObject SimFixture::counters()
{
    HttpClient c;
    return c.get(url(u"/_sim/counters"_s)).object();
}

} // namespace lockbox::test
