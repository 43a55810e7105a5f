// The ARM side of lockbox-sim, over a real loopback socket: every Lockbox endpoint, the
// subscriptions list and the Activity Log, with ARM's paging, filters, errors and headers.

#include "sim/simworld.h"
#include "support/simfixture.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using lockbox::test::HttpClient;
using lockbox::test::HttpResult;
using lockbox::test::SimFixture;

namespace {

const QString kApi = u"api-version=2018-02-28-preview"_s;

QStringList ids(const QJsonArray &value)
{
    QStringList out;
    for (const QJsonValue &v : value)
        out.append(v.toObject().value(u"properties").toObject().value(u"requestId").toString());
    return out;
}

} // namespace

class TestArmService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listReturnsEveryRequestInSpecShape();
    void pagingFollowsAbsoluteNextLinksToTheEnd();
    void pagingIsStableWhileRequestsArrive();
    void listsFollowEveryChange();
    void statusFilter();
    void unsupportedFilterIs400();
    void pathsAreCaseInsensitive();
    void apiVersionRequiredExceptOnList();
    void getOne();
    void unknownRequestIs404();
    void unknownSubscriptionIs404();
    void approveGoesThroughApprovingToApproved();
    void denyWithLegacyDecisionBody();
    void decidingTwiceIs409WithCurrentStatus();
    void badDecisionBodiesAre400_data();
    void badDecisionBodiesAre400();
    void authenticationErrors_data();
    void authenticationErrors();
    void forbiddenForNonApprover();
    void requestIdHeadersAndClientIdEcho();
    void rateLimitAnswers429WithRetryAfter();
    void pendingExpiresOnTheSimulatorClock();
    void subscriptionsListIsPaged();
    void tenantOptInAndSwitch();
    void operationsList();
    void activityLogMatchesHistory();
    void activityLogNeedsTimeFilter();
    void countersCountReadsPostsAndConflicts();
    void controlApiCreatesRequests();
    void wrongMethodIs405();

private:
    std::unique_ptr<SimFixture> m_sim;
    QString m_sub;

    QUrl listUrl(const QString &extraQuery = {}) const
    {
        QUrl u = m_sim->requestsUrl(m_sub);
        if (!extraQuery.isEmpty())
            u.setQuery(u.query() + u'&' + extraQuery);
        return u;
    }
    QString firstPendingId();
};

void TestArmService::init()
{
    m_sim = std::make_unique<SimFixture>();
    QString error;
    QVERIFY2(m_sim->start(&error), qPrintable(error));
    m_sub = m_sim->subscriptionIds().first();
}

void TestArmService::cleanup()
{
    m_sim.reset();
}

QString TestArmService::firstPendingId()
{
    HttpClient c = m_sim->client();
    QUrl u = listUrl();
    QUrlQuery q(u);
    q.addQueryItem(u"$filter"_s, u"properties/status eq 'Pending'"_s);
    u.setQuery(q);
    const HttpResult r = c.get(u);
    const QJsonArray value = r.object().value(u"value").toArray();
    return value.isEmpty() ? QString() : ids(value).first();
}

void TestArmService::listReturnsEveryRequestInSpecShape()
{
    HttpClient c = m_sim->client();
    const HttpResult r = c.get(listUrl());
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("content-type").startsWith("application/json"));
    const QJsonArray value = r.object().value(u"value").toArray();
    QCOMPARE(value.size(), 30);
    QVERIFY(!r.object().contains(u"nextLink"));

    const QRegularExpression guid(u"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"_s);
    const QRegularExpression stamp(u"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,7})?Z$"_s);
    int pending = 0;
    for (const QJsonValue &v : value) {
        const QJsonObject o = v.toObject();
        const QJsonObject p = o.value(u"properties").toObject();
        const QString id = p.value(u"requestId").toString();
        QVERIFY2(guid.match(id).hasMatch(), qPrintable(id));
        QCOMPARE(o.value(u"id").toString().toLower(),
                 (u"/subscriptions/"_s + m_sub + u"/providers/Microsoft.CustomerLockbox/requests/"_s + id).toLower());
        QCOMPARE(o.value(u"name").toString(), u"LockboxRequest_"_s + id);
        QCOMPARE(o.value(u"type").toString(), u"requests"_s);
        QCOMPARE(p.value(u"subscriptionId").toString(), m_sub);
        QVERIFY(!p.value(u"justification").toString().isEmpty());
        QVERIFY(stamp.match(p.value(u"createdDateTime").toString()).hasMatch());
        QVERIFY(stamp.match(p.value(u"expirationDateTime").toString()).hasMatch());
        QVERIFY(p.contains(u"duration"));
        QVERIFY(p.contains(u"resourceIds") || p.contains(u"requestedResourceIds"));
        QVERIFY(p.value(u"resourceType").toString().contains(u'/'));
        QVERIFY(!p.value(u"supportRequest").toString().isEmpty());
        QVERIFY(p.value(u"supportCaseUrl").toString().startsWith(u"https://"));
        QVERIFY(p.contains(u"workitemsource") || p.contains(u"workItemSource"));
        const QDateTime created = QDateTime::fromString(p.value(u"createdDateTime").toString(), Qt::ISODateWithMs);
        const QDateTime expires = QDateTime::fromString(p.value(u"expirationDateTime").toString(), Qt::ISODateWithMs);
        QCOMPARE(created.secsTo(expires), 4 * 24 * 3600);
        if (p.value(u"status").toString() == u"Pending") {
            ++pending;
            QVERIFY(expires > SimFixture::fixedStart());
        }
    }
    QCOMPARE(pending, 6); // 20 % of 30
}

void TestArmService::pagingFollowsAbsoluteNextLinksToTheEnd()
{
    auto options = SimFixture::defaultOptions();
    options.requestsPerSubscription = 237;
    options.pageSize = 50;
    m_sim = std::make_unique<SimFixture>(options);
    QVERIFY(m_sim->start());
    m_sub = m_sim->subscriptionIds().first();

    HttpClient c = m_sim->client();
    QUrl next = listUrl();
    QStringList all;
    int pages = 0;
    while (!next.isEmpty()) {
        const HttpResult r = c.get(next);
        QCOMPARE(r.status, 200);
        const QJsonObject body = r.object();
        all += ids(body.value(u"value").toArray());
        ++pages;
        const QString link = body.value(u"nextLink").toString();
        if (link.isEmpty())
            break;
        next = QUrl(link);
        QVERIFY2(next.isValid() && !next.isRelative(), qPrintable(link));
        QCOMPARE(next.scheme(), m_sim->baseUrl().scheme());
        QCOMPARE(next.host(), m_sim->baseUrl().host());
        QCOMPARE(next.port(), m_sim->baseUrl().port());
        QVERIFY(QUrlQuery(next).hasQueryItem(u"api-version"_s));
        QVERIFY(pages < 20);
    }
    QCOMPARE(pages, 5);
    QCOMPARE(all.size(), 237);
    QCOMPARE(QSet<QString>(all.cbegin(), all.cend()).size(), 237);
}

void TestArmService::pagingIsStableWhileRequestsArrive()
{
    auto options = SimFixture::defaultOptions();
    options.requestsPerSubscription = 40;
    options.pageSize = 10;
    m_sim = std::make_unique<SimFixture>(options);
    QVERIFY(m_sim->start());
    m_sub = m_sim->subscriptionIds().first();

    HttpClient c = m_sim->client();
    HttpResult r = c.get(listUrl());
    QStringList seen = ids(r.object().value(u"value").toArray());
    QUrl next(r.object().value(u"nextLink").toString());
    // New requests land at the top of the newest-first order while the client pages.
    HttpClient control;
    for (int i = 0; i < 5; ++i)
        QCOMPARE(control.postJson(m_sim->url(u"/_sim/requests"_s), {{u"subscriptionId"_s, m_sub}}).status, 201);
    while (!next.isEmpty()) {
        r = c.get(next);
        QCOMPARE(r.status, 200);
        seen += ids(r.object().value(u"value").toArray());
        next = QUrl(r.object().value(u"nextLink").toString());
    }
    QCOMPARE(seen.size(), 40);
    QCOMPARE(QSet<QString>(seen.cbegin(), seen.cend()).size(), 40);
}

void TestArmService::listsFollowEveryChange()
{
    auto options = SimFixture::defaultOptions();
    options.requestsPerSubscription = 30;
    options.pageSize = 10;
    options.transitionMs = 0;
    m_sim = std::make_unique<SimFixture>(options);
    QVERIFY(m_sim->start());
    m_sub = m_sim->subscriptionIds().first();

    HttpClient c = m_sim->client();
    HttpClient control;
    // Every request of the subscription with its status, following nextLink; and the bytes of
    // each page served, to see that an unchanged world serves the same bytes again.
    QList<QByteArray> pages;
    const auto listing = [&] {
        QHash<QString, QString> status;
        pages.clear();
        QUrl next = listUrl();
        while (!next.isEmpty()) {
            const HttpResult r = c.get(next);
            if (r.status != 200)
                return QHash<QString, QString> {};
            pages.append(r.body);
            const QJsonArray value = r.object().value(u"value").toArray();
            for (const QJsonValue &v : value) {
                const QJsonObject p = v.toObject().value(u"properties").toObject();
                status.insert(p.value(u"requestId").toString(), p.value(u"status").toString());
            }
            next = QUrl(r.object().value(u"nextLink").toString());
        }
        return status;
    };

    const QHash<QString, QString> before = listing();
    QCOMPARE(before.size(), 30);
    QCOMPARE(pages.size(), 3);
    const QList<QByteArray> firstPages = pages;
    QCOMPARE(listing(), before);
    QCOMPARE(pages, firstPages);

    // A decision.
    const QString decided = firstPendingId();
    QVERIFY(!decided.isEmpty());
    QCOMPARE(c.postJson(m_sim->requestsUrl(m_sub, u'/' + decided + u"/updateApproval"_s), {{u"status"_s, u"Approve"_s}})
                 .status,
             200);
    QCOMPARE(listing().value(decided), u"Approved"_s);

    // A decision that settles later (Approving, then Approved a moment after, on a timer).
    QCOMPARE(control.postJson(m_sim->url(u"/_sim/config"_s), {{u"transitionMs"_s, 100}}).status, 200);
    const QString settling = firstPendingId();
    QVERIFY(!settling.isEmpty() && settling != decided);
    QCOMPARE(c.postJson(m_sim->requestsUrl(m_sub, u'/' + settling + u"/updateApproval"_s), {{u"status"_s, u"Deny"_s}})
                 .status,
             200);
    QCOMPARE(listing().value(settling), u"Denying"_s);
    QTRY_COMPARE_WITH_TIMEOUT(listing().value(settling), u"Denied"_s, 5000);

    // A status set by hand.
    const QString revoked = firstPendingId();
    QVERIFY(!revoked.isEmpty() && revoked != decided);
    QCOMPARE(
        control.postJson(m_sim->url(u"/_sim/requests/%1/status"_s.arg(revoked)), {{u"status"_s, u"Revoked"_s}}).status,
        200);
    QCOMPARE(listing().value(revoked), u"Revoked"_s);

    // A new request, then its expiry on the simulator clock.
    const HttpResult made = control.postJson(m_sim->url(u"/_sim/requests"_s), {{u"subscriptionId"_s, m_sub}});
    QCOMPARE(made.status, 201);
    const QString fresh = made.object().value(u"properties").toObject().value(u"requestId").toString();
    QHash<QString, QString> now = listing();
    QCOMPARE(now.size(), 31);
    QCOMPARE(now.value(fresh), u"Pending"_s);
    QCOMPARE(control.postJson(m_sim->url(u"/_sim/clock/advance"_s), {{u"seconds"_s, 5 * 24 * 3600}}).status, 200);
    now = listing();
    QCOMPARE(now.value(fresh), u"Expired"_s);
    QCOMPARE(now.value(decided), u"Approved"_s);

    // Another page size.
    QCOMPARE(control.postJson(m_sim->url(u"/_sim/config"_s), {{u"pageSize"_s, 20}}).status, 200);
    QCOMPARE(listing().size(), 31);
    QCOMPARE(pages.size(), 2);
}

void TestArmService::statusFilter()
{
    HttpClient c = m_sim->client();
    for (const QString &status : {u"Pending"_s, u"Approved"_s, u"Expired"_s}) {
        QUrl u = listUrl();
        QUrlQuery q(u);
        q.addQueryItem(u"$filter"_s, u"properties/status eq '%1'"_s.arg(status));
        u.setQuery(q);
        const HttpResult r = c.get(u);
        QCOMPARE(r.status, 200);
        const QJsonArray value = r.object().value(u"value").toArray();
        QVERIFY2(!value.isEmpty() || status != u"Pending", qPrintable(status));
        for (const QJsonValue &v : value)
            QCOMPARE(v.toObject().value(u"properties").toObject().value(u"status").toString(), status);
    }
}

void TestArmService::unsupportedFilterIs400()
{
    HttpClient c = m_sim->client();
    QUrl u = listUrl();
    QUrlQuery q(u);
    q.addQueryItem(u"$filter"_s, u"properties/justification eq 'x'"_s);
    u.setQuery(q);
    const HttpResult r = c.get(u);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.armErrorCode(), u"InvalidRequestContent"_s);
}

void TestArmService::pathsAreCaseInsensitive()
{
    HttpClient c = m_sim->client();
    const QString id = firstPendingId();
    QVERIFY(!id.isEmpty());
    const HttpResult list = c.get(
        m_sim->url(u"/SUBSCRIPTIONS/"_s + m_sub.toUpper() + u"/providers/microsoft.customerlockbox/Requests"_s, kApi));
    QCOMPARE(list.status, 200);
    QCOMPARE(list.object().value(u"value").toArray().size(), 30);
    // Older clients say UpdateApproval, the spec says updateApproval.
    const HttpResult post =
        c.postJson(m_sim->url(u"/subscriptions/"_s + m_sub + u"/providers/Microsoft.CustomerLockbox/requests/"_s
                                  + id.toUpper() + u"/UpdateApproval"_s,
                              kApi),
                   {{u"status"_s, u"Approve"_s}, {u"reason"_s, u"ok"_s}});
    QCOMPARE(post.status, 200);
}

void TestArmService::apiVersionRequiredExceptOnList()
{
    HttpClient c = m_sim->client();
    const QString base = u"/subscriptions/"_s + m_sub + u"/providers/Microsoft.CustomerLockbox/requests"_s;
    // Missing on List: tolerated, as the spec forgets to declare it there.
    QCOMPARE(c.get(m_sim->url(base)).status, 200);
    // Wrong on List: 400.
    HttpResult r = c.get(m_sim->url(base, u"api-version=2099-01-01"_s));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.armErrorCode(), u"InvalidApiVersionParameter"_s);
    // Missing on Get: 400.
    const QString id = firstPendingId();
    r = c.get(m_sim->url(base + u'/' + id));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.armErrorCode(), u"MissingApiVersionParameter"_s);
    // Subscriptions list wants its own version.
    QCOMPARE(c.get(m_sim->url(u"/subscriptions"_s, kApi)).status, 400);
    QCOMPARE(c.get(m_sim->url(u"/subscriptions"_s, u"api-version=2022-12-01"_s)).status, 200);
}

void TestArmService::getOne()
{
    HttpClient c = m_sim->client();
    const QString id = firstPendingId();
    const HttpResult r = c.get(m_sim->requestsUrl(m_sub, u'/' + id));
    QCOMPARE(r.status, 200);
    const QJsonObject p = r.object().value(u"properties").toObject();
    QCOMPARE(p.value(u"requestId").toString(), id);
    QCOMPARE(p.value(u"status").toString(), u"Pending"_s);
}

void TestArmService::unknownRequestIs404()
{
    HttpClient c = m_sim->client();
    const HttpResult r = c.get(m_sim->requestsUrl(m_sub, u"/00000000-0000-0000-0000-000000000000"_s));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.armErrorCode(), u"RequestNotFound"_s);
    QVERIFY(!r.object().value(u"error").toObject().value(u"message").toString().isEmpty());
    const HttpResult post =
        c.postJson(m_sim->requestsUrl(m_sub, u"/00000000-0000-0000-0000-000000000000/updateApproval"_s),
                   {{u"status"_s, u"Deny"_s}, {u"reason"_s, u"no"_s}});
    QCOMPARE(post.status, 404);
    QCOMPARE(post.armErrorCode(), u"RequestNotFound"_s);
}

void TestArmService::unknownSubscriptionIs404()
{
    HttpClient c = m_sim->client();
    const HttpResult r = c.get(m_sim->requestsUrl(u"11111111-2222-3333-4444-555555555555"_s));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.armErrorCode(), u"SubscriptionNotFound"_s);
}

void TestArmService::approveGoesThroughApprovingToApproved()
{
    HttpClient c = m_sim->client();
    const QString id = firstPendingId();
    const QJsonObject body {{u"status"_s, u"Approve"_s}, {u"reason"_s, u"Restart agreed with the platform team"_s}};
    const HttpResult r = c.postJson(m_sim->requestsUrl(m_sub, u'/' + id + u"/updateApproval"_s), body);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object(), body); // 200 echoes the body

    HttpResult now = c.get(m_sim->requestsUrl(m_sub, u'/' + id));
    QCOMPARE(now.object().value(u"properties").toObject().value(u"status").toString(), u"Approving"_s);
    QTRY_COMPARE_WITH_TIMEOUT(c.get(m_sim->requestsUrl(m_sub, u'/' + id))
                                  .object()
                                  .value(u"properties")
                                  .toObject()
                                  .value(u"status")
                                  .toString(),
                              u"Approved"_s, 5000);
    QCOMPARE(m_sim->counters().value(u"decisionsApplied").toObject().value(id).toInt(), 1);
}

void TestArmService::denyWithLegacyDecisionBody()
{
    HttpClient c = m_sim->client();
    const QString id = firstPendingId();
    const HttpResult r = c.postJson(m_sim->requestsUrl(m_sub, u'/' + id + u"/updateApproval"_s),
                                    {{u"decision"_s, u"Deny"_s}, {u"reason"_s, u"Scope too wide"_s}});
    QCOMPARE(r.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(c.get(m_sim->requestsUrl(m_sub, u'/' + id))
                                  .object()
                                  .value(u"properties")
                                  .toObject()
                                  .value(u"status")
                                  .toString(),
                              u"Denied"_s, 5000);
}

void TestArmService::decidingTwiceIs409WithCurrentStatus()
{
    HttpClient c = m_sim->client();
    const QString id = firstPendingId();
    const QUrl post = m_sim->requestsUrl(m_sub, u'/' + id + u"/updateApproval"_s);
    QCOMPARE(c.postJson(post, {{u"status"_s, u"Approve"_s}}).status, 200);
    const HttpResult again = c.postJson(post, {{u"status"_s, u"Deny"_s}, {u"reason"_s, u"changed my mind"_s}});
    QCOMPARE(again.status, 409);
    QCOMPARE(again.armErrorCode(), u"RequestNotPending"_s);
    const QJsonArray info = again.object().value(u"error").toObject().value(u"additionalInfo").toArray();
    QCOMPARE(info.size(), 1);
    QCOMPARE(info.first().toObject().value(u"info").toObject().value(u"currentStatus").toString(), u"Approving"_s);
    const QJsonObject counters = m_sim->counters();
    QCOMPARE(counters.value(u"decisionPosts").toInt(), 2);
    QCOMPARE(counters.value(u"conflicts").toInt(), 1);
    QCOMPARE(counters.value(u"decisionsApplied").toObject().value(id).toInt(), 1);
}

void TestArmService::badDecisionBodiesAre400_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not json") << QByteArray("status=Approve");
    QTest::newRow("array") << QByteArray("[\"Approve\"]");
    QTest::newRow("no verdict") << QByteArray("{\"reason\":\"x\"}");
    QTest::newRow("past tense") << QByteArray("{\"status\":\"Approved\"}");
    QTest::newRow("number") << QByteArray("{\"status\":1}");
    QTest::newRow("reason not string") << QByteArray("{\"status\":\"Deny\",\"reason\":{\"a\":1}}");
}

void TestArmService::badDecisionBodiesAre400()
{
    QFETCH(QByteArray, body);
    HttpClient c = m_sim->client();
    const QString id = firstPendingId();
    const HttpResult r = c.post(m_sim->requestsUrl(m_sub, u'/' + id + u"/updateApproval"_s), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.armErrorCode(), u"InvalidRequestContent"_s);
    QCOMPARE(m_sim->counters().value(u"decisionsApplied").toObject().size(), 0);
}

void TestArmService::authenticationErrors_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QString>("code");
    QTest::newRow("missing") << QByteArray() << u"AuthenticationFailed"_s;
    QTest::newRow("not bearer") << QByteArray("Basic dXNlcjpwYXNz") << u"InvalidAuthenticationToken"_s;
    QTest::newRow("garbage") << QByteArray("Bearer not-a-token") << u"InvalidAuthenticationToken"_s;
    QTest::newRow("forged jwt") << QByteArray("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
                                << u"InvalidAuthenticationToken"_s;
}

void TestArmService::authenticationErrors()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QString, code);
    HttpClient c;
    QHash<QByteArray, QByteArray> headers;
    if (!authorization.isEmpty())
        headers.insert("authorization", authorization);
    const HttpResult r = c.get(listUrl(), headers);
    QCOMPARE(r.status, 401);
    QCOMPARE(r.armErrorCode(), code);
    QVERIFY(r.header("www-authenticate").startsWith("Bearer "));
    QVERIFY(r.header("www-authenticate").contains("authorization_uri="));
}

void TestArmService::forbiddenForNonApprover()
{
    // Riley is a user of the tenant but approver nowhere; a token for Riley comes from the
    // device-code flow, completed through the control API.
    HttpClient c;
    const QString tenant = m_sim->simulator().world().tenantId();
    HttpResult dc = c.postForm(
        m_sim->url(u'/' + tenant + u"/oauth2/v2.0/devicecode"_s),
        {{u"client_id"_s, u"console"_s}, {u"scope"_s, u"https://management.azure.com/user_impersonation"_s}});
    QCOMPARE(dc.status, 200);
    const QString userCode = dc.object().value(u"user_code").toString();
    QCOMPARE(c.postJson(m_sim->url(u"/_sim/devicecode/approve"_s),
                        {{u"user_code"_s, userCode}, {u"upn"_s, u"riley.reader@contoso.example"_s}})
                 .status,
             200);
    const HttpResult token = c.postForm(m_sim->url(u'/' + tenant + u"/oauth2/v2.0/token"_s),
                                        {{u"grant_type"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s},
                                         {u"client_id"_s, u"console"_s},
                                         {u"device_code"_s, dc.object().value(u"device_code").toString()}});
    QCOMPARE(token.status, 200);
    c.setBearer(token.object().value(u"access_token").toString().toLatin1());
    const HttpResult r = c.get(listUrl());
    QCOMPARE(r.status, 403);
    QCOMPARE(r.armErrorCode(), u"AuthorizationFailed"_s);
    // Nor does Riley see the subscriptions.
    const HttpResult subs = c.get(m_sim->url(u"/subscriptions"_s, u"api-version=2022-12-01"_s));
    QCOMPARE(subs.status, 200);
    QCOMPARE(subs.object().value(u"value").toArray().size(), 0);
}

void TestArmService::requestIdHeadersAndClientIdEcho()
{
    HttpClient c = m_sim->client();
    const HttpResult r = c.get(listUrl(), {{"x-ms-client-request-id", "6b1c6f4e-1f1a-4c39-9d55-0c6f2d1f0a11"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-ms-client-request-id"), QByteArray("6b1c6f4e-1f1a-4c39-9d55-0c6f2d1f0a11"));
    QVERIFY(!QUuid::fromString(QString::fromLatin1(r.header("x-ms-request-id"))).isNull());
    bool ok = false;
    QVERIFY(r.header("x-ms-ratelimit-remaining-subscription-reads").toInt(&ok) > 0 && ok);
    QVERIFY(!r.header("x-ms-ratelimit-remaining-subscription-writes").isEmpty());
    // Error replies carry them too.
    const HttpResult e = c.get(m_sim->requestsUrl(m_sub, u"/nope"_s));
    QVERIFY(!e.header("x-ms-request-id").isEmpty());
}

void TestArmService::rateLimitAnswers429WithRetryAfter()
{
    auto options = SimFixture::defaultOptions();
    options.rateLimit = 5;
    m_sim = std::make_unique<SimFixture>(options);
    QVERIFY(m_sim->start());
    m_sub = m_sim->subscriptionIds().first();
    HttpClient c = m_sim->client();

    int ok = 0;
    HttpResult throttled;
    for (int i = 0; i < 12 && throttled.status == 0; ++i) {
        const HttpResult r = c.get(listUrl());
        if (r.status == 200) {
            ++ok;
            // Present and a count of what is left of this window's five.
            const QByteArray remaining = r.header("x-ms-ratelimit-remaining-subscription-reads");
            bool isNumber = false;
            const int left = remaining.toInt(&isNumber);
            QVERIFY2(isNumber && left >= 0 && left < options.rateLimit,
                     qPrintable(u"remaining reads: '%1'"_s.arg(QString::fromLatin1(remaining))));
        } else {
            throttled = r;
        }
    }
    QVERIFY2(ok >= 1 && ok <= 5, qPrintable(QString::number(ok)));
    QCOMPARE(throttled.status, 429);
    QCOMPARE(throttled.armErrorCode(), u"TooManyRequests"_s);
    QCOMPARE(throttled.header("x-ms-ratelimit-remaining-subscription-reads"), QByteArray("0"));
    const int retryAfter = throttled.header("retry-after").toInt();
    QVERIFY(retryAfter >= 1);
    QVERIFY(m_sim->counters().value(u"throttled").toInt() >= 1);
    // After Retry-After the budget is back.
    QTest::qWait(retryAfter * 1000);
    QCOMPARE(c.get(listUrl()).status, 200);
}

void TestArmService::pendingExpiresOnTheSimulatorClock()
{
    HttpClient c = m_sim->client();
    HttpClient control;
    const HttpResult made = control.postJson(m_sim->url(u"/_sim/requests"_s), {{u"subscriptionId"_s, m_sub}});
    QCOMPARE(made.status, 201);
    const QString id = made.object().value(u"properties").toObject().value(u"requestId").toString();
    QCOMPARE(made.object().value(u"properties").toObject().value(u"status").toString(), u"Pending"_s);

    QCOMPARE(control.postJson(m_sim->url(u"/_sim/clock/advance"_s), {{u"seconds"_s, 4 * 24 * 3600 - 60}}).status, 200);
    QCOMPARE(c.get(m_sim->requestsUrl(m_sub, u'/' + id)).object().value(u"properties").toObject().value(u"status"),
             u"Pending"_s);
    QCOMPARE(control.postJson(m_sim->url(u"/_sim/clock/advance"_s), {{u"seconds"_s, 120}}).status, 200);
    QCOMPARE(c.get(m_sim->requestsUrl(m_sub, u'/' + id)).object().value(u"properties").toObject().value(u"status"),
             u"Expired"_s);
    const HttpResult late =
        c.postJson(m_sim->requestsUrl(m_sub, u'/' + id + u"/updateApproval"_s), {{u"status"_s, u"Approve"_s}});
    QCOMPARE(late.status, 409);
    QCOMPARE(late.object()
                 .value(u"error")
                 .toObject()
                 .value(u"additionalInfo")
                 .toArray()
                 .first()
                 .toObject()
                 .value(u"info")
                 .toObject()
                 .value(u"currentStatus")
                 .toString(),
             u"Expired"_s);
}

void TestArmService::subscriptionsListIsPaged()
{
    auto options = SimFixture::defaultOptions();
    options.subscriptions = 7;
    options.requestsPerSubscription = 1;
    options.pageSize = 3;
    m_sim = std::make_unique<SimFixture>(options);
    QVERIFY(m_sim->start());
    HttpClient c = m_sim->client();
    QUrl next = m_sim->url(u"/subscriptions"_s, u"api-version=2022-12-01"_s);
    QStringList subs;
    while (!next.isEmpty()) {
        const HttpResult r = c.get(next);
        QCOMPARE(r.status, 200);
        for (const QJsonValue &v : r.object().value(u"value").toArray()) {
            const QJsonObject o = v.toObject();
            subs.append(o.value(u"subscriptionId").toString());
            QVERIFY(!o.value(u"displayName").toString().isEmpty());
            QCOMPARE(o.value(u"state").toString(), u"Enabled"_s);
            QCOMPARE(o.value(u"tenantId").toString(), m_sim->simulator().world().tenantId());
        }
        next = QUrl(r.object().value(u"nextLink").toString());
    }
    QCOMPARE(subs, m_sim->subscriptionIds());
}

void TestArmService::tenantOptInAndSwitch()
{
    HttpClient c = m_sim->client();
    const QString tenant = m_sim->simulator().world().tenantId();
    const QUrl optedIn = m_sim->url(u"/providers/Microsoft.CustomerLockbox/tenantOptedIn/"_s + tenant, kApi);
    QCOMPARE(c.get(optedIn).object().value(u"isOptedIn").toBool(), true);
    const HttpResult off = c.post(m_sim->url(u"/providers/Microsoft.CustomerLockbox/disableLockbox"_s, kApi), {});
    QCOMPARE(off.status, 200);
    QVERIFY(off.body.isEmpty());
    QCOMPARE(c.get(optedIn).object().value(u"isOptedIn").toBool(true), false);
    QCOMPARE(c.post(m_sim->url(u"/providers/Microsoft.CustomerLockbox/enableLockbox"_s, kApi), {}).status, 200);
    QCOMPARE(c.get(optedIn).object().value(u"isOptedIn").toBool(), true);
    QCOMPARE(c.get(m_sim->url(u"/providers/Microsoft.CustomerLockbox/tenantOptedIn/not-my-tenant"_s, kApi)).status,
             404);
}

void TestArmService::operationsList()
{
    HttpClient c = m_sim->client();
    const HttpResult r = c.get(m_sim->url(u"/providers/Microsoft.CustomerLockbox/operations"_s, kApi));
    QCOMPARE(r.status, 200);
    const QJsonArray value = r.object().value(u"value").toArray();
    QVERIFY(value.size() >= 4);
    QStringList names;
    for (const QJsonValue &v : value) {
        names.append(v.toObject().value(u"name").toString());
        QVERIFY(!v.toObject().value(u"display").toObject().value(u"operation").toString().isEmpty());
    }
    QVERIFY(names.contains(u"Microsoft.CustomerLockbox/requests/UpdateApproval/action"_s));
}

void TestArmService::activityLogMatchesHistory()
{
    // The static token stands for a named approver (as in the demo): the log names them.
    auto options = SimFixture::defaultOptions();
    options.staticTokenUser = u"riley.approver@contoso.example"_s;
    m_sim = std::make_unique<SimFixture>(options);
    QVERIFY(m_sim->start());
    m_sub = m_sim->subscriptionIds().first();
    HttpClient c = m_sim->client();
    // Decide one request through the API: it must show up as an Approve event by the caller.
    const QString id = firstPendingId();
    QCOMPARE(c.postJson(m_sim->requestsUrl(m_sub, u'/' + id + u"/updateApproval"_s),
                        {{u"status"_s, u"Approve"_s}, {u"reason"_s, u"case agreed"_s}})
                 .status,
             200);

    const QDateTime now = m_sim->simulator().world().now();
    QUrl u = m_sim->url(u"/subscriptions/"_s + m_sub + u"/providers/Microsoft.Insights/eventtypes/management/values"_s);
    QUrlQuery q;
    q.addQueryItem(u"api-version"_s, u"2015-04-01"_s);
    q.addQueryItem(u"$filter"_s,
                   u"eventTimestamp ge '%1' and eventTimestamp le '%2' and resourceProvider eq "
                   "'Microsoft.CustomerLockbox'"_s.arg(now.addDays(-89).toString(Qt::ISODate),
                                                       now.addSecs(60).toString(Qt::ISODate)));
    u.setQuery(q);
    QList<QJsonObject> events;
    QUrl next = u;
    while (!next.isEmpty()) {
        const HttpResult r = c.get(next);
        QCOMPARE(r.status, 200);
        for (const QJsonValue &v : r.object().value(u"value").toArray())
            events.append(v.toObject());
        next = QUrl(r.object().value(u"nextLink").toString());
    }
    QVERIFY(!events.isEmpty());
    bool foundApprove = false;
    QSet<QString> eventIds;
    QDateTime previous;
    for (const QJsonObject &e : events) {
        const QString op = e.value(u"operationName").toObject().value(u"value").toString();
        QVERIFY2(op.startsWith(u"Microsoft.CustomerLockbox/requests/activitylog/"_s) && op.endsWith(u"/action"),
                 qPrintable(op));
        QVERIFY(!eventIds.contains(e.value(u"eventDataId").toString()));
        eventIds.insert(e.value(u"eventDataId").toString());
        const QDateTime t = QDateTime::fromString(e.value(u"eventTimestamp").toString(), Qt::ISODateWithMs);
        QVERIFY(t.isValid());
        if (previous.isValid())
            QVERIFY(t <= previous); // newest first
        previous = t;
        if (e.value(u"properties").toObject().value(u"requestId").toString() == id
            && op.contains(u"ApproveLockboxRequest")) {
            foundApprove = true;
            QCOMPARE(e.value(u"caller").toString(), u"riley.approver@contoso.example"_s);
            QCOMPARE(e.value(u"properties").toObject().value(u"reason").toString(), u"case agreed"_s);
        }
    }
    QVERIFY(foundApprove);
}

void TestArmService::activityLogNeedsTimeFilter()
{
    HttpClient c = m_sim->client();
    const QString path = u"/subscriptions/"_s + m_sub + u"/providers/Microsoft.Insights/eventtypes/management/values"_s;
    HttpResult r = c.get(m_sim->url(path, u"api-version=2015-04-01"_s));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.armErrorCode(), u"BadRequest"_s);
    r = c.get(m_sim->url(path, u"api-version=2018-02-28-preview"_s));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.armErrorCode(), u"InvalidApiVersionParameter"_s);
}

void TestArmService::countersCountReadsPostsAndConflicts()
{
    HttpClient c = m_sim->client();
    QCOMPARE(m_sim->counters().value(u"reads").toInt(), 0);
    c.get(listUrl());
    c.get(listUrl());
    const QJsonObject counters = m_sim->counters();
    QCOMPARE(counters.value(u"reads").toInt(), 2);
    QCOMPARE(counters.value(u"decisionPosts").toInt(), 0);
    QVERIFY(counters.value(u"faultsInjected").isObject());
    HttpClient control;
    QCOMPARE(control.post(m_sim->url(u"/_sim/counters/reset"_s), {}).object().value(u"reads").toInt(-1), 0);
}

void TestArmService::controlApiCreatesRequests()
{
    HttpClient control;
    const QJsonObject fields {{u"subscriptionId"_s, m_sub},
                              {u"justification"_s, u"<script>alert(1)</script> restart please"_s},
                              {u"duration"_s, 6},
                              {u"resourceIds"_s, u"/subscriptions/"_s + m_sub},
                              {u"resourceType"_s, u"Microsoft.Resources/subscriptions"_s}};
    const HttpResult made = control.postJson(m_sim->url(u"/_sim/requests"_s), fields);
    QCOMPARE(made.status, 201);
    const QJsonObject p = made.object().value(u"properties").toObject();
    QCOMPARE(p.value(u"justification").toString(), fields.value(u"justification").toString());
    QCOMPARE(p.value(u"duration").toString(), u"6"_s);
    QCOMPARE(p.value(u"status").toString(), u"Pending"_s);
    QVERIFY(!p.value(u"supportRequest").toString().isEmpty()); // generated
    // The new request is the newest in the list.
    HttpClient c = m_sim->client();
    const QJsonArray value = c.get(listUrl()).object().value(u"value").toArray();
    QCOMPARE(ids(value).first(), p.value(u"requestId").toString());
    // A decision made elsewhere, through the control API.
    const HttpResult set =
        control.postJson(m_sim->url(u"/_sim/requests/"_s + p.value(u"requestId").toString() + u"/status"_s),
                         {{u"status"_s, u"Denied"_s}, {u"by"_s, u"jordan.lee@contoso.example"_s}});
    QCOMPARE(set.status, 200);
    QCOMPARE(set.object().value(u"properties").toObject().value(u"status").toString(), u"Denied"_s);
    // Bad input is refused with a reason.
    const HttpResult bad = control.postJson(m_sim->url(u"/_sim/requests"_s), {{u"subscriptionId"_s, u"nope"_s}});
    QCOMPARE(bad.status, 400);
    QVERIFY(bad.object().value(u"error").toString().contains(u"nope"));
}

void TestArmService::wrongMethodIs405()
{
    HttpClient c = m_sim->client();
    const HttpResult r = c.send("DELETE", listUrl());
    QCOMPARE(r.status, 405);
    QCOMPARE(r.header("allow"), QByteArray("GET"));
}

QTEST_GUILESS_MAIN(TestArmService)
#include "tst_armservice.moc"
