// engine::tenantdirectory: which subscriptions to sync and which tenant they name, as pure
// functions; and against lockbox-sim, the subscriptions of every page, the tenant's Customer
// Lockbox switch read and flipped by a Global Administrator, refused (onlyAdmin) for a user who is
// not one, and the errors of other replies (a scripted server for a listing that fails half way).
// An answer whose context object is gone is never delivered.

#include "auth/cloud.h"
#include "auth/tokenprovider.h"
#include "azure/armcall.h"
#include "azure/armclient.h"
#include "azure/armpager.h"
#include "engine/tenantdirectory.h"
#include "sim/simworld.h"
#include "sim/tokenauthority.h"
#include "support/cannedserver.h"
#include "support/simfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTest>

#include <memory>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;
using lockbox::ArmClient;
using lockbox::ArmError;
using lockbox::SubscriptionInfo;
using lockbox::test::CannedServer;
using lockbox::test::SimFixture;
namespace tenantdirectory = lockbox::engine::tenantdirectory;

namespace {

constexpr int kWaitMs = 20000;
constexpr auto kAdminVariable = "LOCKBOX_TENANTDIRECTORY_ADMIN_TOKEN";
constexpr auto kReaderVariable = "LOCKBOX_TENANTDIRECTORY_READER_TOKEN";
constexpr auto kBadVariable = "LOCKBOX_TENANTDIRECTORY_BAD_TOKEN";

SubscriptionInfo subscription(const QString &id, const QString &tenantId = QString())
{
    SubscriptionInfo info;
    info.subscriptionId = id;
    info.displayName = u"Subscription "_s + id;
    info.state = u"Enabled"_s;
    info.tenantId = tenantId;
    return info;
}

QList<SubscriptionInfo> infos(const QStringList &ids)
{
    QList<SubscriptionInfo> out;
    for (const QString &id : ids)
        out.append(subscription(id));
    return out;
}

QJsonObject subscriptionJson(const QString &id, const QString &tenantId)
{
    return {{u"id"_s, u"/subscriptions/"_s + id},
            {u"subscriptionId"_s, id},
            {u"tenantId"_s, tenantId},
            {u"displayName"_s, u"Canned "_s + id},
            {u"state"_s, u"Enabled"_s}};
}

QByteArray armError(int status, const QString &code, const QString &message)
{
    const QJsonObject body {{u"error"_s, QJsonObject {{u"code"_s, code}, {u"message"_s, message}}}};
    return CannedServer::response(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

// What one call answered.
struct Listed
{
    std::optional<QList<SubscriptionInfo>> subscriptions;
    ArmError error;
};
struct OptIn
{
    bool answered = false;
    std::optional<bool> optedIn;
    ArmError error;
};
struct Switched
{
    bool answered = false;
    ArmError error;
    bool onlyAdmin = false;
};

} // namespace

class TestTenantDirectory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();

    void subscriptionsToSync_data();
    void subscriptionsToSync();
    void tenantOf_data();
    void tenantOf();

    void listSubscriptionsReadsEveryPage();
    void listSubscriptionsThatFailsHalfWayGivesNothing();
    void readTenantLockbox();
    void readTenantLockboxOfAnotherTenantIsAnError();
    void switchTenantLockbox();
    void switchRefusedForANonAdministrator();
    void switchErrorIsNotOnlyAdmin();
    void nothingReachesAGoneContext();

private:
    // An ARM client on `endpoint` whose bearer token is the value of `variable`.
    ArmClient *client(const QUrl &endpoint, const char *variable);
    Listed list(ArmClient *arm);
    OptIn read(ArmClient *arm, const QString &tenantId);
    Switched flip(ArmClient *arm, bool enable);
    lockbox::sim::SimWorld &world() { return m_sim->simulator().world(); }

    std::unique_ptr<SimFixture> m_sim;
    QNetworkAccessManager m_network;
    std::vector<std::unique_ptr<lockbox::TokenProvider>> m_tokens;
    std::vector<std::unique_ptr<ArmClient>> m_clients;
};

void TestTenantDirectory::initTestCase()
{
    lockbox::sim::SimOptions options = SimFixture::defaultOptions();
    options.subscriptions = 3;
    options.requestsPerSubscription = 2;
    options.pageSize = 1; // the subscriptions come one a page
    m_sim = std::make_unique<SimFixture>(options);
    QString error;
    QVERIFY2(m_sim->start(&error), qPrintable(error));

    // The static token is a Global Administrator; Riley Reader is a user of the tenant who is not.
    qputenv(kAdminVariable, QByteArray(SimFixture::kToken));
    const lockbox::sim::Principal *reader = world().principalByUpn(u"riley.reader@contoso.example"_s);
    QVERIFY(reader);
    QVERIFY(!reader->globalAdmin);
    const QByteArray readerToken = m_sim->simulator().tokens().issueAccessToken(
        *reader, lockbox::sim::TokenAuthority::armAudience() + u".default"_s, QDateTime::currentSecsSinceEpoch(),
        lockbox::Cloud::defaultClientId());
    qputenv(kReaderVariable, readerToken);
    qputenv(kBadVariable, QByteArray("not-a-token"));
}

void TestTenantDirectory::cleanupTestCase()
{
    m_clients.clear();
    m_tokens.clear();
    m_sim.reset();
}

void TestTenantDirectory::cleanup()
{
    m_clients.clear();
    m_tokens.clear();
    world().setLockboxEnabled(true);
}

ArmClient *TestTenantDirectory::client(const QUrl &endpoint, const char *variable)
{
    m_tokens.push_back(std::make_unique<lockbox::EnvironmentTokenProvider>(QString::fromLatin1(variable)));
    ArmClient::Options options;
    options.endpoint = endpoint;
    options.timeoutMs = 10000;
    options.maxReadAttempts = 2;
    options.backoffBaseMs = 10;
    m_clients.push_back(std::make_unique<ArmClient>(&m_network, m_tokens.back().get(), options));
    return m_clients.back().get();
}

Listed TestTenantDirectory::list(ArmClient *arm)
{
    Listed result;
    QObject context;
    tenantdirectory::listSubscriptions(arm, &context,
                                       [&result](const QList<SubscriptionInfo> &subscriptions, const ArmError &error) {
                                           result.subscriptions = subscriptions;
                                           result.error = error;
                                       });
    if (!QTest::qWaitFor([&result] { return result.subscriptions.has_value(); }, kWaitMs))
        result.error = ArmError::make(ArmError::Kind::Timeout, u"no answer from listSubscriptions"_s);
    return result;
}

OptIn TestTenantDirectory::read(ArmClient *arm, const QString &tenantId)
{
    OptIn result;
    QObject context;
    tenantdirectory::readTenantLockbox(arm, tenantId, &context,
                                       [&result](std::optional<bool> optedIn, const ArmError &error) {
                                           result.answered = true;
                                           result.optedIn = optedIn;
                                           result.error = error;
                                       });
    if (!QTest::qWaitFor([&result] { return result.answered; }, kWaitMs))
        result.error = ArmError::make(ArmError::Kind::Timeout, u"no answer from readTenantLockbox"_s);
    return result;
}

Switched TestTenantDirectory::flip(ArmClient *arm, bool enable)
{
    Switched result;
    QObject context;
    tenantdirectory::switchTenantLockbox(arm, enable, &context, [&result](const ArmError &error, bool onlyAdmin) {
        result.answered = true;
        result.error = error;
        result.onlyAdmin = onlyAdmin;
    });
    if (!QTest::qWaitFor([&result] { return result.answered; }, kWaitMs))
        result.error = ArmError::make(ArmError::Kind::Timeout, u"no answer from switchTenantLockbox"_s);
    return result;
}

void TestTenantDirectory::subscriptionsToSync_data()
{
    QTest::addColumn<QStringList>("listed");
    QTest::addColumn<QStringList>("chosen");
    QTest::addColumn<QStringList>("expected");
    const QStringList abc = {u"aaaa-1"_s, u"BBBB-2"_s, u"cccc-3"_s};
    QTest::newRow("nothing chosen: every one listed, in order") << abc << QStringList() << abc;
    QTest::newRow("nothing listed, nothing chosen") << QStringList() << QStringList() << QStringList();
    QTest::newRow("narrowed to the chosen, in the list's order and spelling")
        << abc << QStringList {u"CCCC-3"_s, u"bbbb-2"_s} << QStringList {u"BBBB-2"_s, u"cccc-3"_s};
    QTest::newRow("a chosen one the list lacks comes after")
        << abc << QStringList {u"zzzz-9"_s, u"aaaa-1"_s} << QStringList {u"aaaa-1"_s, u"zzzz-9"_s};
    QTest::newRow("several lacking, in the order chosen") << abc << QStringList {u"zzzz-9"_s, u"yyyy-8"_s, u"cccc-3"_s}
                                                          << QStringList {u"cccc-3"_s, u"zzzz-9"_s, u"yyyy-8"_s};
    QTest::newRow("nothing listed: the chosen as given")
        << QStringList() << QStringList {u"zzzz-9"_s, u"yyyy-8"_s} << QStringList {u"zzzz-9"_s, u"yyyy-8"_s};
    QTest::newRow("chosen twice in two cases: once")
        << QStringList() << QStringList {u"zzzz-9"_s, u"ZZZZ-9"_s} << QStringList {u"zzzz-9"_s};
}

void TestTenantDirectory::subscriptionsToSync()
{
    QFETCH(QStringList, listed);
    QFETCH(QStringList, chosen);
    QFETCH(QStringList, expected);
    QCOMPARE(tenantdirectory::subscriptionsToSync(infos(listed), chosen), expected);
}

void TestTenantDirectory::tenantOf_data()
{
    QTest::addColumn<QStringList>("tenants"); // of each subscription, in order
    QTest::addColumn<QString>("expected");
    QTest::newRow("no subscriptions") << QStringList() << QString();
    QTest::newRow("none names one") << QStringList {QString(), QString()} << QString();
    QTest::newRow("the first") << QStringList {u"t-1"_s, u"t-2"_s} << u"t-1"_s;
    QTest::newRow("the first that names one") << QStringList {QString(), u"t-2"_s, u"t-3"_s} << u"t-2"_s;
}

void TestTenantDirectory::tenantOf()
{
    QFETCH(QStringList, tenants);
    QFETCH(QString, expected);
    QList<SubscriptionInfo> subscriptions;
    for (const QString &tenant : std::as_const(tenants))
        subscriptions.append(subscription(u"sub-"_s + QString::number(subscriptions.size()), tenant));
    QCOMPARE(tenantdirectory::tenantOf(subscriptions), expected);
}

void TestTenantDirectory::listSubscriptionsReadsEveryPage()
{
    const Listed result = list(client(m_sim->baseUrl(), kAdminVariable));
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toDisplayString()));
    QVERIFY(result.subscriptions);
    QStringList ids;
    for (const SubscriptionInfo &info : *result.subscriptions) {
        ids.append(info.subscriptionId);
        QCOMPARE(info.tenantId, world().tenantId());
        QVERIFY(!info.displayName.isEmpty());
    }
    QCOMPARE(ids, m_sim->subscriptionIds()); // three pages of one
    QCOMPARE(tenantdirectory::tenantOf(*result.subscriptions), world().tenantId());
}

void TestTenantDirectory::listSubscriptionsThatFailsHalfWayGivesNothing()
{
    CannedServer server;
    QVERIFY(server.listen());
    QUrl next = server.baseUrl();
    next.setPath(u"/subscriptions"_s);
    next.setQuery(u"api-version=2022-12-01&$skiptoken=page2"_s);
    const QJsonObject firstPage {{u"value"_s, QJsonArray {subscriptionJson(u"aaaa-1"_s, u"t-1"_s)}},
                                 {u"nextLink"_s, next.toString()}};
    server.enqueue(CannedServer::response(200, QJsonDocument(firstPage).toJson(QJsonDocument::Compact)));
    server.enqueue(armError(400, u"InvalidSkipToken"_s, u"The $skiptoken value is not valid."_s));
    const Listed result = list(client(server.baseUrl(), kAdminVariable));
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(result.error.kind, ArmError::Kind::BadRequest);
    QCOMPARE(result.error.code, u"InvalidSkipToken"_s);
    QVERIFY(result.subscriptions);
    QVERIFY(result.subscriptions->isEmpty()); // not the first page alone
}

void TestTenantDirectory::readTenantLockbox()
{
    ArmClient *arm = client(m_sim->baseUrl(), kAdminVariable);
    OptIn result = read(arm, world().tenantId());
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toDisplayString()));
    QCOMPARE(result.optedIn, std::optional<bool>(true));

    world().setLockboxEnabled(false);
    result = read(arm, world().tenantId());
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toDisplayString()));
    QCOMPARE(result.optedIn, std::optional<bool>(false));
}

void TestTenantDirectory::readTenantLockboxOfAnotherTenantIsAnError()
{
    const OptIn result = read(client(m_sim->baseUrl(), kAdminVariable), u"00000000-0000-0000-0000-000000000001"_s);
    QVERIFY(result.answered);
    QVERIFY(!result.optedIn.has_value());
    QCOMPARE(result.error.kind, ArmError::Kind::NotFound);
    QCOMPARE(result.error.httpStatus, 404);
    QCOMPARE(result.error.code, u"TenantNotFound"_s);
}

void TestTenantDirectory::switchTenantLockbox()
{
    ArmClient *arm = client(m_sim->baseUrl(), kAdminVariable);
    QVERIFY(world().lockboxEnabled());
    Switched result = flip(arm, false);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toDisplayString()));
    QVERIFY(!result.onlyAdmin);
    QVERIFY(!world().lockboxEnabled());
    QCOMPARE(read(arm, world().tenantId()).optedIn, std::optional<bool>(false));

    result = flip(arm, true);
    QVERIFY2(!result.error.isError(), qPrintable(result.error.toDisplayString()));
    QVERIFY(!result.onlyAdmin);
    QVERIFY(world().lockboxEnabled());
}

void TestTenantDirectory::switchRefusedForANonAdministrator()
{
    ArmClient *arm = client(m_sim->baseUrl(), kReaderVariable);
    // The reader may read the switch ...
    QCOMPARE(read(arm, world().tenantId()).optedIn, std::optional<bool>(true));
    // ... but not flip it.
    const Switched result = flip(arm, false);
    QVERIFY(result.answered);
    QCOMPARE(result.error.kind, ArmError::Kind::Forbidden);
    QCOMPARE(result.error.httpStatus, 403);
    QCOMPARE(result.error.code, u"AuthorizationFailed"_s);
    QVERIFY(result.onlyAdmin);
    QVERIFY(world().lockboxEnabled());
}

void TestTenantDirectory::switchErrorIsNotOnlyAdmin()
{
    // Refused by the server for another reason.
    CannedServer server;
    QVERIFY(server.listen());
    server.enqueue(armError(409, u"Conflict"_s, u"Another change of the tenant is in progress."_s));
    Switched result = flip(client(server.baseUrl(), kAdminVariable), true);
    QVERIFY(result.answered);
    QCOMPARE(result.error.kind, ArmError::Kind::Conflict);
    QCOMPARE(result.error.code, u"Conflict"_s);
    QCOMPARE(result.error.message, u"Another change of the tenant is in progress."_s);
    QVERIFY(!result.onlyAdmin);
    QCOMPARE(server.received().first().method, QByteArray("POST"));
    QVERIFY(server.received().first().target.startsWith("/providers/Microsoft.CustomerLockbox/enableLockbox"));

    // A token the simulator does not take.
    result = flip(client(m_sim->baseUrl(), kBadVariable), false);
    QVERIFY(result.answered);
    QVERIFY(result.error.isError());
    QVERIFY(result.error.kind != ArmError::Kind::Forbidden);
    QVERIFY(!result.onlyAdmin);
    QVERIFY(world().lockboxEnabled());
}

void TestTenantDirectory::nothingReachesAGoneContext()
{
    ArmClient *arm = client(m_sim->baseUrl(), kAdminVariable);
    int answers = 0;
    auto *context = new QObject;
    tenantdirectory::listSubscriptions(arm, context,
                                       [&answers](const QList<SubscriptionInfo> &, const ArmError &) { ++answers; });
    tenantdirectory::readTenantLockbox(arm, world().tenantId(), context,
                                       [&answers](std::optional<bool>, const ArmError &) { ++answers; });
    tenantdirectory::switchTenantLockbox(arm, false, context, [&answers](const ArmError &, bool) { ++answers; });
    delete context;

    // The calls run to their end (and delete themselves) all the same: the switch is made.
    QTRY_VERIFY_WITH_TIMEOUT(arm->findChildren<lockbox::ArmCall *>().isEmpty()
                                 && arm->findChildren<lockbox::ArmPager *>().isEmpty(),
                             kWaitMs);
    QVERIFY(!world().lockboxEnabled());
    QCOMPARE(answers, 0);
}

QTEST_GUILESS_MAIN(TestTenantDirectory)
#include "tst_tenantdirectory.moc"
