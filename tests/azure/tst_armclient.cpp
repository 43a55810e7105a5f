// ArmClient and the three APIs against lockbox-sim over loopback: every call, every error code,
// retries and backoff for reads, writes never retried (and never re-sent by Qt), Retry-After
// honoured to the millisecond, x-ms-client-request-id, timeouts, paging, cancellation, TLS; and
// the one read budget every call shares (ArmBudget): its concurrency, a 429 holding back every
// call, reads slowing down as the remaining-reads header falls, writes never queued behind reads.

#include "testtokenprovider.h"

#include "azure/activitylogapi.h"
#include "azure/armclient.h"
#include "azure/lockboxapi.h"
#include "azure/subscriptionsapi.h"
#include "sim/simworld.h"
#include "support/capability.h"
#include "support/simfixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using lockbox::AccessRequest;
using lockbox::ArmCall;
using lockbox::ArmClient;
using lockbox::ArmError;
using lockbox::LockboxApi;
using lockbox::RequestStatus;
using lockbox::Verdict;
using lockbox::test::HttpClient;
using lockbox::test::SimFixture;
using lockbox::test::TestTokenProvider;
using Kind = lockbox::ArmError::Kind;

namespace {

// Owns a call or job in the test and waits for its end.
template<class T>
std::unique_ptr<T> own(T *object)
{
    object->setAutoDelete(false);
    return std::unique_ptr<T>(object);
}

bool waitCall(ArmCall *call, int timeoutMs = 20000)
{
    QSignalSpy spy(call, &ArmCall::finished);
    return spy.wait(timeoutMs) && spy.count() == 1;
}

template<class Job>
bool waitJob(Job *job, int timeoutMs = 20000)
{
    QSignalSpy spy(job, &Job::finished);
    return spy.wait(timeoutMs) && spy.count() == 1;
}

// A manager that logs what leaves and what comes back, in order: a request's creation, a reply's
// status and Retry-After. It connects to each reply before anyone else can, so a 429 is logged
// before the client reacts to it.
class WireLog final : public QNetworkAccessManager
{
public:
    struct Event
    {
        qint64 atNs = 0;
        QByteArray method; // empty for a reply
        int status = 0;
        int retryAfterSec = 0;
    };

    QList<Event> events;
    int inFlight = 0;
    int maxInFlight = 0;

    int throttled() const
    {
        return int(std::count_if(events.cbegin(), events.cend(), [](const Event &e) { return e.status == 429; }));
    }
    // Requests made while an earlier 429's Retry-After still ran: must be 0.
    int unhonoured() const
    {
        int n = 0;
        for (qsizetype i = 0; i < events.size(); ++i) {
            if (events.at(i).status != 429)
                continue;
            const qint64 until = events.at(i).atNs + qint64(events.at(i).retryAfterSec) * 1000000000;
            for (qsizetype j = i + 1; j < events.size() && events.at(j).atNs < until; ++j)
                n += events.at(j).method.isEmpty() ? 0 : 1;
        }
        return n;
    }

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *data) override
    {
        if (!m_clock.isValid())
            m_clock.start();
        events.append({m_clock.nsecsElapsed(), op == PostOperation ? "POST"_ba : "GET"_ba, 0, 0});
        maxInFlight = qMax(maxInFlight, ++inFlight);
        QNetworkReply *reply = QNetworkAccessManager::createRequest(op, request, data);
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            --inFlight;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            events.append({m_clock.nsecsElapsed(), QByteArray(), status,
                           status == 429 ? reply->rawHeader("Retry-After").toInt() : 0});
        });
        return reply;
    }

private:
    QElapsedTimer m_clock;
};

QString pendingId(SimFixture &sim, const QString &sub)
{
    for (const lockbox::sim::SimRecord *r : sim.simulator().world().requests(sub)) {
        if (r->request.status.isDecidable())
            return r->request.requestId;
    }
    return QString();
}

} // namespace

class TestArmClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listStreamsEveryPageToTheEnd();
    void keptPagesAreTheirBytesReadLater();
    void listWithStatusFilter();
    void listWithBackPressure();
    void aSubscriptionOf100000RequestsFitsTheListingCaps();
    void getRequestReadsOne();
    void idsAreOneEncodedPathSegment();
    void notFound_data();
    void notFound();
    void updateApprovalAppliesOnceWithTheDecisionId();
    void decidingTwiceIs409WithCurrentStatus();
    void forbiddenIs403();
    void unauthorizedRefreshesTheTokenOnce();
    void unauthorizedWhenRefreshCannotHelp();
    void noTokenSendsNothing();
    void badRequestIs400();
    void throttledReadWaitsForRetryAfter();
    void throttledWriteIsNotRetried();
    void readsRetryServerErrorsWithBackoff_data();
    void readsRetryServerErrorsWithBackoff();
    void readsRecoverFromTransientFaults_data();
    void readsRecoverFromTransientFaults();
    void writesAreNeverRetried_data();
    void writesAreNeverRetried();
    void timeoutOnHang();
    void cancelStopsAListing();
    void cancelAWriteInFlightIsAmbiguous();
    void deletingACallInFlightIsSilent();
    void subscriptionsEveryPage();
    void activityLogShowsTheDecision();
    void tenantOptInAndSwitch();
    void rateLimitHeaderIsReported();
    void clientRequestIdIsFreshPerCall();
    void tlsErrorsAreNeverIgnored();
    void readConcurrencyIsTheBudgets();
    void aThrottleHoldsBackEveryCall();
    void aThrottleHoldsBackWritesToo();
    void fallingRemainingReadsSlowReadsDown();
    void aReportBelowTheReadsInFlightPausesReads();
    void writesDoNotQueueBehindReads();

private:
    // A client on a WireLog (owned by the test) with `budget` options.
    void makeLoggedClient(const lockbox::ArmBudget::Options &budget);
    std::unique_ptr<WireLog> m_wire;
    void startSim(const lockbox::sim::SimOptions &options = SimFixture::defaultOptions());
    void makeClient(const std::function<void(ArmClient::Options &)> &tweak = {});
    QJsonObject control(const QString &path, const QJsonObject &body);
    QJsonObject counters() { return m_sim->counters(); }

    std::unique_ptr<SimFixture> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<TestTokenProvider> m_tokens;
    std::unique_ptr<ArmClient> m_client;
    std::unique_ptr<LockboxApi> m_api;
    QString m_sub;
};

void TestArmClient::init()
{
    startSim();
    makeClient();
}

void TestArmClient::cleanup()
{
    m_api.reset();
    m_client.reset();
    m_wire.reset();
    m_tokens.reset();
    m_nam.reset();
    m_sim.reset();
}

void TestArmClient::startSim(const lockbox::sim::SimOptions &options)
{
    m_api.reset();
    m_client.reset();
    m_sim = std::make_unique<SimFixture>(options);
    QString error;
    QVERIFY2(m_sim->start(&error), qPrintable(error));
    m_sub = m_sim->subscriptionIds().first();
}

void TestArmClient::makeClient(const std::function<void(ArmClient::Options &)> &tweak)
{
    m_api.reset();
    m_client.reset();
    if (!m_nam)
        m_nam = std::make_unique<QNetworkAccessManager>();
    if (!m_tokens)
        m_tokens = std::make_unique<TestTokenProvider>(QByteArray(SimFixture::kToken));
    ArmClient::Options options;
    options.endpoint = m_sim->baseUrl();
    options.timeoutMs = 5000;
    options.backoffBaseMs = 10; // tests retry fast; the backoff shape is the same
    options.backoffMaxMs = 50;
    if (tweak)
        tweak(options);
    m_client = std::make_unique<ArmClient>(m_nam.get(), m_tokens.get(), options);
    m_api = std::make_unique<LockboxApi>(m_client.get());
}

QJsonObject TestArmClient::control(const QString &path, const QJsonObject &body)
{
    HttpClient c;
    const auto r = c.postJson(m_sim->url(path), body);
    if (r.status != 200)
        qWarning() << "control" << path << r.status << r.body;
    return r.object();
}

void TestArmClient::listStreamsEveryPageToTheEnd()
{
    control(u"/_sim/config"_s, {{u"pageSize"_s, 7}});
    auto job = own(m_api->listRequests(m_sub));
    QList<int> pageSizes;
    QStringList ids;
    connect(job.get(), &lockbox::RequestListJob::page, this, [&](const QList<AccessRequest> &page) {
        pageSizes.append(int(page.size()));
        for (const AccessRequest &r : page)
            ids.append(r.requestId);
    });
    QVERIFY(waitJob(job.get()));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().toDisplayString()));
    QCOMPARE(pageSizes, QList<int>({7, 7, 7, 7, 2}));
    QCOMPARE(job->pagesFetched(), 5);
    QCOMPARE(job->requestCount(), 30);
    QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), 30);

    // Exactly what the simulator holds, in its newest-first order.
    QStringList expected;
    for (const lockbox::sim::SimRecord *r : m_sim->simulator().world().requests(m_sub))
        expected.append(r->request.requestId);
    QCOMPARE(ids, expected);
}

void TestArmClient::keptPagesAreTheirBytesReadLater()
{
    // A consumer that holds a whole listing keeps each page as its bytes: every page is still read
    // (and checked) as it arrives, but only the bytes are handed out, and they read back as the
    // same requests, in the same order, as a listing that hands out requests.
    control(u"/_sim/config"_s, {{u"pageSize"_s, 7}});
    auto job = own(m_api->listRequests(m_sub));
    const auto digest = [](QByteArrayView body) { return QByteArray::number(qHash(body)); };
    job->setKnownPages(digest, {});
    job->setKeepBodies(true);
    int parsedPages = 0;
    connect(job.get(), &lockbox::RequestListJob::page, this, [&] { ++parsedPages; });
    QList<lockbox::RequestListJob::Page> pages;
    connect(job.get(), &lockbox::RequestListJob::listPage, this,
            [&](const lockbox::RequestListJob::Page &page) { pages.append(page); });
    QVERIFY(waitJob(job.get()));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().toDisplayString()));
    QCOMPARE(pages.size(), 5);
    QCOMPARE(parsedPages, 1); // the last, merged as soon as it comes: nothing to gain by keeping bytes
    QStringList ids;
    const lockbox::RequestListJob::Page last = pages.takeLast();
    QVERIFY(!last.kept);
    QCOMPARE(last.requests.size(), 2);
    for (const lockbox::RequestListJob::Page &page : std::as_const(pages)) {
        QVERIFY(page.kept);
        QVERIFY(!page.known);
        QVERIFY(page.requests.isEmpty());
        // Read in place: the body has room for the reader's padding, so it is not copied first.
        QVERIFY(page.body.capacity() - page.body.size() >= 64);
        // ...and no more than that: a held page costs its bytes, not the buffer readAll() or
        // resize() would have grown.
        QVERIFY2(page.body.capacity() - page.body.size() <= 64 + 16,
                 qPrintable(u"%1 bytes in a buffer of %2"_s.arg(page.body.size()).arg(page.body.capacity())));
        const lockbox::ArmParseResult parsed = lockbox::RequestListJob::parsePage(page.body, m_sub);
        QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
        const auto requests = parsed.value.value<QList<AccessRequest>>();
        QCOMPARE(requests.size(), page.items);
        for (const AccessRequest &r : requests)
            ids.append(r.requestId);
    }
    for (const AccessRequest &r : last.requests)
        ids.append(r.requestId);
    QStringList expected;
    for (const lockbox::sim::SimRecord *r : m_sim->simulator().world().requests(m_sub))
        expected.append(r->request.requestId);
    QCOMPARE(ids, expected);
}

void TestArmClient::listWithStatusFilter()
{
    auto job = own(m_api->listRequests(m_sub, RequestStatus(RequestStatus::Kind::Pending)));
    QList<AccessRequest> all;
    connect(job.get(), &lockbox::RequestListJob::page, this, [&](const QList<AccessRequest> &page) { all += page; });
    QVERIFY(waitJob(job.get()));
    QVERIFY(!job->error().isError());
    QCOMPARE(all.size(), 6);
    for (const AccessRequest &r : std::as_const(all)) {
        QCOMPARE(r.status.kind(), RequestStatus::Kind::Pending);
        QCOMPARE(r.subscriptionId, m_sub);
    }

    // A status word with a quote cannot break out of the OData literal.
    auto odd = own(m_api->listRequests(m_sub, RequestStatus::fromString(u"Pend'ing' or 1 eq 1"_s)));
    int items = 0;
    connect(odd.get(), &lockbox::RequestListJob::page, this, [&](const QList<AccessRequest> &p) { items += p.size(); });
    QVERIFY(waitJob(odd.get()));
    // The simulator's filter grammar refuses the doubled quotes: a 400, not an injected filter.
    QVERIFY(odd->error().kind == Kind::BadRequest || items == 0);
}

void TestArmClient::listWithBackPressure()
{
    control(u"/_sim/config"_s, {{u"pageSize"_s, 10}});
    auto job = own(m_api->listRequests(m_sub));
    job->setAutoAdvance(false);
    int pages = 0;
    connect(job.get(), &lockbox::RequestListJob::page, this, [&] { ++pages; });
    QSignalSpy finished(job.get(), &lockbox::RequestListJob::finished);
    QTRY_COMPARE(pages, 1);
    QTest::qWait(100);
    QCOMPARE(pages, 1); // waits for the consumer
    QVERIFY(job->hasMore());
    const qint64 readsBefore = counters().value(u"reads").toInteger();
    job->fetchMore();
    QTRY_COMPARE(pages, 2);
    job->fetchMore();
    QTRY_COMPARE(pages, 3);
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(!job->hasMore());
    QCOMPARE(counters().value(u"reads").toInteger() - readsBefore, 2);
}

void TestArmClient::aSubscriptionOf100000RequestsFitsTheListingCaps()
{
    // The caps on one listing (ArmClient::Options::maxListingItems, maxListingBytes) bound what a
    // full list buffers; 100,000 requests of one subscription in pages of 1,000, as the
    // benchmarks sync them, are well within both with the default options.
    lockbox::sim::SimOptions options = SimFixture::defaultOptions();
    options.subscriptions = 1;
    options.requestsPerSubscription = 100000;
    options.pageSize = 1000;
    startSim(options);
    makeClient();
    auto job = own(m_api->listRequests(m_sub));
    qsizetype received = 0;
    connect(job.get(), &lockbox::RequestListJob::page, this,
            [&received](const QList<AccessRequest> &page) { received += page.size(); });
    QVERIFY(waitJob(job.get(), 170000));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().toDisplayString()));
    QCOMPARE(received, 100000);
    QCOMPARE(job->pagesFetched(), 100);
    QCOMPARE(job->itemsFetched(), 100000);
    const ArmClient::Options defaults;
    qInfo("100,000 requests: %lld bytes of replies (caps: %lld items, %lld bytes)", job->bytesFetched(),
          qint64(defaults.maxListingItems), defaults.maxListingBytes);
    // Room to spare: a realistic request may well be several times the simulator's.
    QVERIFY(job->bytesFetched() * 4 < defaults.maxListingBytes);
    QVERIFY(job->itemsFetched() * 4 < defaults.maxListingItems);
}

void TestArmClient::getRequestReadsOne()
{
    // Every record, in every payload shape the simulator serves, reads back as the simulator holds it.
    const auto records = m_sim->simulator().world().requests(m_sub);
    int checked = 0;
    for (const lockbox::sim::SimRecord *record : records) {
        if (checked++ >= 10)
            break;
        auto call = own(m_api->getRequest(m_sub, record->request.requestId));
        QVERIFY(waitCall(call.get()));
        QVERIFY2(call->isOk(), qPrintable(call->error().toDisplayString()));
        QCOMPARE(call->httpStatus(), 200);
        QCOMPARE(call->attempts(), 1);
        const AccessRequest r = LockboxApi::requestOf(call.get());
        QCOMPARE(r.requestId, record->request.requestId);
        QCOMPARE(r.status, record->request.status);
        QCOMPARE(r.justification, record->request.justification);
        QCOMPARE(r.subscriptionId, m_sub);
        QCOMPARE(r.createdDateTime.toSecsSinceEpoch(), record->request.createdDateTime.toSecsSinceEpoch());
        QVERIFY(!call->rawHeader("x-ms-request-id").isEmpty());
    }
}

void TestArmClient::idsAreOneEncodedPathSegment()
{
    // An untrusted id with '?', '#', '%' or a space stays one segment: the server sees a request id
    // it does not know, never another path or a query of the id's making.
    const QString real = pendingId(*m_sim, m_sub);
    for (const QString &hostile :
         {real + u"?api-version=1&x=y"_s, u"x#frag"_s, u"%2e%2e"_s, u"%2F"_s, u"a b"_s, u"ünïcödé"_s}) {
        auto call = own(m_api->getRequest(m_sub, hostile));
        QVERIFY(waitCall(call.get()));
        QCOMPARE(call->error().kind, Kind::NotFound);
        QCOMPARE(call->error().code, u"RequestNotFound"_s);
        QVERIFY2(call->error().message.contains(hostile.left(10)), qPrintable(call->error().message));
    }

    // Path separators, dot segments and control characters: refused before sending.
    const qint64 reads = counters().value(u"reads").toInteger();
    for (const QString &bad :
         {u".."_s, u"."_s, QString(), u"../"_s + real, real + u"/updateApproval"_s, u"a\\b"_s, u"a\nb"_s}) {
        auto call = own(m_api->getRequest(m_sub, bad));
        QVERIFY(waitCall(call.get()));
        QCOMPARE(call->error().kind, Kind::BadRequest);
        QCOMPARE(call->error().httpStatus, 0);
        QVERIFY(!call->error().requestSent);
        QCOMPARE(call->attempts(), 0);
        auto decide = own(m_api->updateApproval(m_sub, bad, Verdict::Approve, QString(), QUuid::createUuid()));
        QVERIFY(waitCall(decide.get()));
        QCOMPARE(decide->error().kind, Kind::BadRequest);
        QVERIFY(!decide->error().ambiguous());
    }
    auto list = own(m_api->listRequests(u".."_s));
    QVERIFY(waitJob(list.get()));
    QCOMPARE(list->error().kind, Kind::BadRequest);
    QCOMPARE(counters().value(u"reads").toInteger(), reads);
    QCOMPARE(counters().value(u"decisionPosts").toInteger(), 0);
}

void TestArmClient::notFound_data()
{
    QTest::addColumn<bool>("unknownSubscription");
    QTest::addColumn<QString>("code");
    QTest::newRow("request") << false << u"RequestNotFound"_s;
    QTest::newRow("subscription") << true << u"SubscriptionNotFound"_s;
}

void TestArmClient::notFound()
{
    QFETCH(bool, unknownSubscription);
    QFETCH(QString, code);
    const QString sub = unknownSubscription ? u"00000000-0000-0000-0000-00000000dead"_s : m_sub;
    auto call = own(m_api->getRequest(sub, u"00000000-0000-0000-0000-000000000000"_s));
    QVERIFY(waitCall(call.get()));
    QCOMPARE(call->error().kind, Kind::NotFound);
    QCOMPARE(call->error().httpStatus, 404);
    QCOMPARE(call->error().code, code);
    QVERIFY(!call->error().message.isEmpty());
    QVERIFY(!call->error().armRequestId.isEmpty());
    QCOMPARE(call->attempts(), 1); // a 404 is an answer, not a fault
    QVERIFY(!call->error().ambiguous());
}

void TestArmClient::updateApprovalAppliesOnceWithTheDecisionId()
{
    const QString id = pendingId(*m_sim, m_sub);
    const QUuid decisionId = QUuid::createUuid();
    auto call =
        own(m_api->updateApproval(m_sub, id, Verdict::Approve, u"Scope checked with the engineer"_s, decisionId));
    QVERIFY(waitCall(call.get()));
    QVERIFY2(call->isOk(), qPrintable(call->error().toDisplayString()));
    QCOMPARE(call->clientRequestId(), decisionId);
    // ARM echoes x-ms-client-request-id: the decision's id is what the server saw.
    QCOMPARE(call->rawHeader("x-ms-client-request-id"), decisionId.toByteArray(QUuid::WithoutBraces));
    const QJsonObject c = counters();
    QCOMPARE(c.value(u"decisionPosts").toInteger(), 1);
    QCOMPARE(c.value(u"decisionsApplied").toObject().value(id).toInteger(), 1);

    auto reread = own(m_api->getRequest(m_sub, id));
    QVERIFY(waitCall(reread.get()));
    const RequestStatus status = LockboxApi::requestOf(reread.get()).status;
    QVERIFY2(status.kind() == RequestStatus::Kind::Approving || status.kind() == RequestStatus::Kind::Approved,
             qPrintable(status.toString()));
    QTRY_COMPARE(m_sim->simulator().world().request(m_sub, id)->decisionReason, u"Scope checked with the engineer"_s);
}

void TestArmClient::decidingTwiceIs409WithCurrentStatus()
{
    const QString id = pendingId(*m_sim, m_sub);
    auto first = own(m_api->updateApproval(m_sub, id, Verdict::Deny, u"Not during the freeze"_s, QUuid::createUuid()));
    QVERIFY(waitCall(first.get()));
    QVERIFY(first->isOk());
    auto second = own(m_api->updateApproval(m_sub, id, Verdict::Approve, u"changed my mind"_s, QUuid::createUuid()));
    QVERIFY(waitCall(second.get()));
    const ArmError &e = second->error();
    QCOMPARE(e.kind, Kind::Conflict);
    QCOMPARE(e.httpStatus, 409);
    QCOMPARE(e.code, u"RequestNotPending"_s);
    QVERIFY2(e.currentStatus == u"Denying" || e.currentStatus == u"Denied", qPrintable(e.currentStatus));
    QVERIFY(!e.ambiguous());
    QVERIFY(e.toDisplayString().contains(e.currentStatus));
    QCOMPARE(second->attempts(), 1);
    QCOMPARE(counters().value(u"decisionsApplied").toObject().value(id).toInteger(), 1);
}

void TestArmClient::forbiddenIs403()
{
    auto options = SimFixture::defaultOptions();
    options.clients = {{u"automation-app"_s, u"s3cret"_s}};
    startSim(options);
    HttpClient c;
    const auto token = c.postForm(m_sim->url(u'/' + m_sim->simulator().world().tenantId() + u"/oauth2/v2.0/token"_s),
                                  {{u"grant_type"_s, u"client_credentials"_s},
                                   {u"client_id"_s, u"automation-app"_s},
                                   {u"client_secret"_s, u"s3cret"_s},
                                   {u"scope"_s, u"https://management.azure.com/.default"_s}});
    QCOMPARE(token.status, 200);
    m_tokens->setToken(token.object().value(u"access_token").toString().toUtf8());
    makeClient();
    // The app approves nothing in this subscription any more.
    const auto put = c.send("PUT", m_sim->url(u"/_sim/subscriptions/"_s + m_sub + u"/approvers"_s),
                            R"({"principals":[]})", {{"content-type", "application/json"}});
    QCOMPARE(put.status, 200);

    auto job = own(m_api->listRequests(m_sub));
    int pages = 0;
    connect(job.get(), &lockbox::RequestListJob::page, this, [&] { ++pages; });
    QVERIFY(waitJob(job.get()));
    QCOMPARE(job->error().kind, Kind::Forbidden);
    QCOMPARE(job->error().code, u"AuthorizationFailed"_s);
    QCOMPARE(pages, 0);
    QVERIFY(job->error().toDisplayString().contains(u"Approver"));

    auto decide =
        own(m_api->updateApproval(m_sub, pendingId(*m_sim, m_sub), Verdict::Approve, QString(), QUuid::createUuid()));
    QVERIFY(waitCall(decide.get()));
    QCOMPARE(decide->error().kind, Kind::Forbidden);
    QVERIFY(!decide->error().ambiguous());
    QVERIFY(counters().value(u"decisionsApplied").toObject().isEmpty());
}

void TestArmClient::unauthorizedRefreshesTheTokenOnce()
{
    m_tokens->setToken("expired-or-stale");
    m_tokens->setRefreshedToken(SimFixture::kToken);
    auto call = own(m_api->getRequest(m_sub, pendingId(*m_sim, m_sub)));
    QVERIFY(waitCall(call.get()));
    QVERIFY2(call->isOk(), qPrintable(call->error().toDisplayString()));
    QCOMPARE(call->attempts(), 2);
    QCOMPARE(m_tokens->forcedRefreshes(), 1);

    // Writes too: a 401 is a refusal, so the one retry with a fresh token is safe.
    m_tokens->setToken("expired-or-stale");
    m_tokens->setRefreshedToken(SimFixture::kToken);
    const QString id = pendingId(*m_sim, m_sub);
    auto decide = own(m_api->updateApproval(m_sub, id, Verdict::Approve, u"ok"_s, QUuid::createUuid()));
    QVERIFY(waitCall(decide.get()));
    QVERIFY2(decide->isOk(), qPrintable(decide->error().toDisplayString()));
    QCOMPARE(decide->attempts(), 2);
    QCOMPARE(counters().value(u"decisionsApplied").toObject().value(id).toInteger(), 1);
}

void TestArmClient::unauthorizedWhenRefreshCannotHelp()
{
    m_tokens->setToken("not-a-valid-token");
    m_tokens->setRefreshedToken("still-not-valid");
    {
        auto call = own(m_api->getRequest(m_sub, pendingId(*m_sim, m_sub)));
        QVERIFY(waitCall(call.get()));
        const ArmError &e = call->error();
        QCOMPARE(e.kind, Kind::Unauthorized);
        QCOMPARE(e.httpStatus, 401);
        QCOMPARE(e.code, u"InvalidAuthenticationToken"_s);
        QVERIFY(call->rawHeader("www-authenticate").startsWith("Bearer "));
        QVERIFY2(!e.detail.isEmpty(), "the WWW-Authenticate error_description is kept");
        QVERIFY(e.toDisplayString().contains(u"Sign in again or set a new token"));
        QCOMPARE(call->attempts(), 2);
        QCOMPARE(m_tokens->forcedRefreshes(), 1);
    } // the call is the client's child: gone before the client is replaced

    // A provider that cannot refresh at all: the 401 stands, with the provider's advice.
    m_tokens = std::make_unique<TestTokenProvider>("not-a-valid-token");
    makeClient();
    auto again = own(m_api->getRequest(m_sub, pendingId(*m_sim, m_sub)));
    QVERIFY(waitCall(again.get()));
    QCOMPARE(again->error().kind, Kind::Unauthorized);
    QVERIFY(again->error().detail.contains(u"set a new token"));
    QCOMPARE(again->attempts(), 2);
}

void TestArmClient::noTokenSendsNothing()
{
    m_tokens->setError(u"No token: set LOCKBOX_TOKEN"_s);
    const qint64 reads = counters().value(u"reads").toInteger();
    auto call = own(m_api->getRequest(m_sub, pendingId(*m_sim, m_sub)));
    QVERIFY(waitCall(call.get()));
    QCOMPARE(call->error().kind, Kind::NoToken);
    QVERIFY(!call->error().requestSent);
    QVERIFY(call->error().toDisplayString().contains(u"set LOCKBOX_TOKEN"));
    auto decide =
        own(m_api->updateApproval(m_sub, pendingId(*m_sim, m_sub), Verdict::Deny, u"r"_s, QUuid::createUuid()));
    QVERIFY(waitCall(decide.get()));
    QCOMPARE(decide->error().kind, Kind::NoToken);
    QVERIFY(!decide->error().ambiguous());
    QCOMPARE(counters().value(u"reads").toInteger(), reads);
    QCOMPARE(counters().value(u"decisionPosts").toInteger(), 0);
}

void TestArmClient::badRequestIs400()
{
    const auto path = ArmClient::encodePath({u"subscriptions"_s, m_sub, u"providers"_s, u"Microsoft.CustomerLockbox"_s,
                                             u"requests"_s, pendingId(*m_sim, m_sub)});
    QVERIFY(path);
    auto call = own(m_client->get(*path, u"1999-01-01"_s));
    QVERIFY(waitCall(call.get()));
    QCOMPARE(call->error().kind, Kind::BadRequest);
    QCOMPARE(call->error().httpStatus, 400);
    QCOMPARE(call->error().code, u"InvalidApiVersionParameter"_s);
    QCOMPARE(call->attempts(), 1);

    // A decision body the service cannot read: 400, sent once, nothing applied.
    const auto decide =
        ArmClient::encodePath({u"subscriptions"_s, m_sub, u"providers"_s, u"Microsoft.CustomerLockbox"_s, u"requests"_s,
                               pendingId(*m_sim, m_sub), u"updateApproval"_s});
    auto post = own(m_client->post(*decide, LockboxApi::apiVersion(), R"({"status":"Maybe"})"));
    QVERIFY(waitCall(post.get()));
    QCOMPARE(post->error().kind, Kind::BadRequest);
    QCOMPARE(post->error().code, u"InvalidRequestContent"_s);
    QCOMPARE(post->error().target, u"status"_s);
    QVERIFY(!post->error().ambiguous());
}

void TestArmClient::throttledReadWaitsForRetryAfter()
{
    // Without the budget's pacing (which would wait for the spent budget to renew and never see
    // the 429): the call's own handling of a 429.
    makeClient([](ArmClient::Options &o) {
        o.budget.slowBelow = 0;
        o.budget.pauseBelow = 0;
    });
    control(u"/_sim/config"_s, {{u"rateLimit"_s, 1}});
    QSignalSpy throttled(m_client.get(), &ArmClient::throttled);
    const QString id = pendingId(*m_sim, m_sub);
    auto first = own(m_api->getRequest(m_sub, id)); // uses this second's budget
    QVERIFY(waitCall(first.get()));
    QVERIFY(first->isOk());

    auto call = own(m_api->getRequest(m_sub, id));
    QElapsedTimer clock;
    clock.start();
    qint64 throttledAt = -1;
    qint64 retriedAt = -1;
    int delay = -1;
    connect(call.get(), &ArmCall::retryScheduled, this, [&](int, int delayMs, const ArmError &cause) {
        QCOMPARE(cause.kind, Kind::Throttled);
        throttledAt = clock.elapsed();
        delay = delayMs;
    });
    connect(call.get(), &ArmCall::attemptStarted, this, [&](int attempt) {
        if (attempt == 2)
            retriedAt = clock.elapsed();
    });
    QVERIFY(waitCall(call.get()));
    QVERIFY2(call->isOk(), qPrintable(call->error().toDisplayString()));
    QCOMPARE(call->attempts(), 2);
    QCOMPARE(delay, 1000); // the simulator's Retry-After: 1
    QVERIFY(throttledAt >= 0 && retriedAt >= 0);
    QVERIFY2(retriedAt - throttledAt >= 1000,
             qPrintable(u"retried %1 ms after the 429"_s.arg(retriedAt - throttledAt)));
    QCOMPARE(throttled.count(), 1);
    QCOMPARE(throttled.first().at(0).toString(), m_sub);
    QCOMPARE(throttled.first().at(1).toInt(), 1);
    // The server saw one 429 and then a retry inside the new window.
    QCOMPARE(counters().value(u"throttled").toInteger(), 1);
}

void TestArmClient::throttledWriteIsNotRetried()
{
    control(u"/_sim/config"_s, {{u"rateLimit"_s, 1}});
    const QString id = pendingId(*m_sim, m_sub);
    auto read = own(m_api->getRequest(m_sub, id));
    QVERIFY(waitCall(read.get()));
    auto decide = own(m_api->updateApproval(m_sub, id, Verdict::Approve, u"ok"_s, QUuid::createUuid()));
    QVERIFY(waitCall(decide.get()));
    const ArmError &e = decide->error();
    QCOMPARE(e.kind, Kind::Throttled);
    QVERIFY(e.retryAfterSec >= 1);
    QVERIFY(!e.ambiguous()); // a 429 was not applied
    QCOMPARE(decide->attempts(), 1);
    QCOMPARE(counters().value(u"decisionPosts").toInteger(), 1);
    QVERIFY(counters().value(u"decisionsApplied").toObject().isEmpty());
}

void TestArmClient::readsRetryServerErrorsWithBackoff_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("status");
    QTest::newRow("500") << u"500"_s << 500;
    QTest::newRow("502") << u"502"_s << 502;
    QTest::newRow("503") << u"503"_s << 503;
    QTest::newRow("504") << u"504"_s << 504;
}

void TestArmClient::readsRetryServerErrorsWithBackoff()
{
    QFETCH(QString, fault);
    QFETCH(int, status);
    makeClient([](ArmClient::Options &o) {
        o.maxReadAttempts = 3;
        o.backoffBaseMs = 40;
        o.backoffMaxMs = 1000;
    });
    control(u"/_sim/faults"_s, {{u"rate"_s, 1.0}, {u"kinds"_s, QJsonArray {fault}}});
    auto call = own(m_api->getRequest(m_sub, pendingId(*m_sim, m_sub)));
    QList<int> delays;
    connect(call.get(), &ArmCall::retryScheduled, this, [&](int, int delayMs, const ArmError &cause) {
        QCOMPARE(cause.kind, Kind::ServerError);
        delays.append(delayMs);
    });
    QVERIFY(waitCall(call.get()));
    QCOMPARE(call->error().kind, Kind::ServerError);
    QCOMPARE(call->error().httpStatus, status);
    QCOMPARE(call->attempts(), 3);
    QCOMPARE(delays.size(), 2);
    // Full jitter: attempt n waits uniformly in [0, base * 2^(n-1)].
    QVERIFY(delays.at(0) >= 0 && delays.at(0) <= 40);
    QVERIFY(delays.at(1) >= 0 && delays.at(1) <= 80);
    QCOMPARE(counters().value(u"faultsInjected").toObject().value(fault).toInteger(), 3);
}

void TestArmClient::readsRecoverFromTransientFaults_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("kind");
    QTest::newRow("500") << u"500"_s << int(Kind::ServerError);
    QTest::newRow("503") << u"503"_s << int(Kind::ServerError);
    QTest::newRow("html 502") << u"html"_s << int(Kind::ServerError);
    QTest::newRow("reset before") << u"reset-before"_s << int(Kind::Network);
    QTest::newRow("reset after") << u"reset-after"_s << int(Kind::Network);
    QTest::newRow("truncated") << u"truncate"_s << int(Kind::BadReply);
    QTest::newRow("bad json") << u"badjson"_s << int(Kind::BadReply);
    QTest::newRow("429") << u"429"_s << int(Kind::Throttled);
}

void TestArmClient::readsRecoverFromTransientFaults()
{
    QFETCH(QString, fault);
    QFETCH(int, kind);
    control(u"/_sim/faults"_s, {{u"rate"_s, 1.0}, {u"kinds"_s, QJsonArray {fault}}});
    const QString id = pendingId(*m_sim, m_sub);
    auto call = own(m_api->getRequest(m_sub, id));
    int retries = 0;
    connect(call.get(), &ArmCall::retryScheduled, this, [&](int next, int, const ArmError &cause) {
        ++retries;
        QCOMPARE(int(cause.kind), kind);
        QCOMPARE(next, 2);
        control(u"/_sim/faults"_s, {{u"rate"_s, 0.0}, {u"kinds"_s, QJsonArray()}}); // the fault passes
    });
    QVERIFY(waitCall(call.get()));
    QVERIFY2(call->isOk(), qPrintable(call->error().toDisplayString()));
    QCOMPARE(retries, 1);
    QCOMPARE(call->attempts(), 2);
    QCOMPARE(LockboxApi::requestOf(call.get()).requestId, id);
}

void TestArmClient::writesAreNeverRetried_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("ambiguous");
    QTest::addColumn<int>("applied"); // by the simulator, whatever the client saw

    QTest::newRow("500") << u"500"_s << int(Kind::ServerError) << true << 0;
    QTest::newRow("502") << u"502"_s << int(Kind::ServerError) << true << 0;
    QTest::newRow("503") << u"503"_s << int(Kind::ServerError) << true << 0;
    QTest::newRow("504") << u"504"_s << int(Kind::ServerError) << true << 0;
    QTest::newRow("html 502") << u"html"_s << int(Kind::ServerError) << true << 0;
    QTest::newRow("reset before") << u"reset-before"_s << int(Kind::Network) << true << 0;
    QTest::newRow("reset after") << u"reset-after"_s << int(Kind::Network) << true << 1;
    QTest::newRow("truncated") << u"truncate"_s << int(Kind::BadReply) << true << 1;
    QTest::newRow("bad json 200") << u"badjson"_s << int(Kind::BadReply) << true << 1;
    QTest::newRow("429") << u"429"_s << int(Kind::Throttled) << false << 0;
}

void TestArmClient::writesAreNeverRetried()
{
    QFETCH(QString, fault);
    QFETCH(int, kind);
    QFETCH(bool, ambiguous);
    QFETCH(int, applied);
    control(u"/_sim/faults"_s, {{u"rate"_s, 1.0}, {u"kinds"_s, QJsonArray {fault}}});
    const QString id = pendingId(*m_sim, m_sub);
    auto call = own(m_api->updateApproval(m_sub, id, Verdict::Approve, u"ok"_s, QUuid::createUuid()));
    QVERIFY(waitCall(call.get()));
    control(u"/_sim/faults"_s, {{u"rate"_s, 0.0}, {u"kinds"_s, QJsonArray()}});
    QCOMPARE(int(call->error().kind), kind);
    QCOMPARE(call->error().ambiguous(), ambiguous);
    QCOMPARE(call->attempts(), 1);
    QTest::qWait(50); // anything Qt might send behind our back would land by now
    const QJsonObject c = counters();
    // Exactly one POST reached the server: neither ArmClient nor Qt's HTTP layer sent it again.
    QCOMPARE(c.value(u"decisionPosts").toInteger(), 1);
    QCOMPARE(c.value(u"decisionsApplied").toObject().value(id).toInteger(), applied);
}

void TestArmClient::timeoutOnHang()
{
    makeClient([](ArmClient::Options &o) {
        o.timeoutMs = 300;
        o.maxReadAttempts = 2;
    });
    control(u"/_sim/faults"_s, {{u"rate"_s, 1.0}, {u"kinds"_s, QJsonArray {u"hang"_s}}});
    QElapsedTimer clock;
    clock.start();
    auto read = own(m_api->getRequest(m_sub, pendingId(*m_sim, m_sub)));
    QVERIFY(waitCall(read.get()));
    QCOMPARE(read->error().kind, Kind::Timeout);
    QCOMPARE(read->attempts(), 2);
    QVERIFY2(clock.elapsed() >= 550 && clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));

    const QString id = pendingId(*m_sim, m_sub);
    auto write = own(m_api->updateApproval(m_sub, id, Verdict::Deny, u"no"_s, QUuid::createUuid()));
    QVERIFY(waitCall(write.get()));
    QCOMPARE(write->error().kind, Kind::Timeout);
    QVERIFY(write->error().requestSent);
    QVERIFY(write->error().ambiguous()); // the hang fault applied it
    QCOMPARE(write->attempts(), 1);
    control(u"/_sim/faults"_s, {{u"rate"_s, 0.0}, {u"kinds"_s, QJsonArray()}});
    QCOMPARE(counters().value(u"decisionPosts").toInteger(), 1);
    QCOMPARE(counters().value(u"decisionsApplied").toObject().value(id).toInteger(), 1);
}

void TestArmClient::cancelStopsAListing()
{
    // The simulator holds the first page for ten minutes and the client would wait that long for
    // it: whatever ends the listing within the test is the cancel, not the reply or a timeout.
    makeClient([](ArmClient::Options &o) { o.timeoutMs = 600000; });
    control(u"/_sim/config"_s, {{u"latencyMs"_s, 600000}});
    auto job = own(m_api->listRequests(m_sub));
    int pages = 0;
    connect(job.get(), &lockbox::RequestListJob::page, this, [&] { ++pages; });
    QSignalSpy finished(job.get(), &lockbox::RequestListJob::finished);
    // Cancelled while the request is at the server and its reply on hold.
    QTRY_VERIFY_WITH_TIMEOUT(m_sim->simulator().world().counters().reads >= 1, 20000);
    QCOMPARE(finished.count(), 0);
    job->cancel();
    QVERIFY(job->isFinished()); // at once, without waiting for the reply
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(0).value<ArmError>().kind, Kind::Cancelled);
    QCOMPARE(job->error().kind, Kind::Cancelled);
    QCOMPARE(pages, 0);
    QTest::qWait(100);
    QCOMPARE(finished.count(), 1); // once
}

void TestArmClient::cancelAWriteInFlightIsAmbiguous()
{
    control(u"/_sim/config"_s, {{u"latencyMs"_s, 1000}});
    auto call =
        own(m_api->updateApproval(m_sub, pendingId(*m_sim, m_sub), Verdict::Approve, u"ok"_s, QUuid::createUuid()));
    QTimer::singleShot(200, call.get(), &ArmCall::cancel);
    QVERIFY(waitCall(call.get()));
    QCOMPARE(call->error().kind, Kind::Cancelled);
    QVERIFY(call->error().requestSent);
    QVERIFY(call->error().ambiguous()); // the server had it; the decision service must re-read

    // Cancelled before it left (still waiting for its token): not ambiguous.
    auto early =
        own(m_api->updateApproval(m_sub, pendingId(*m_sim, m_sub), Verdict::Approve, u"ok"_s, QUuid::createUuid()));
    early->cancel();
    QVERIFY(waitCall(early.get()));
    QCOMPARE(early->error().kind, Kind::Cancelled);
    QVERIFY(!early->error().ambiguous());
}

void TestArmClient::deletingACallInFlightIsSilent()
{
    control(u"/_sim/config"_s, {{u"latencyMs"_s, 300}});
    ArmCall *call = m_api->getRequest(m_sub, pendingId(*m_sim, m_sub));
    QSignalSpy finished(call, &ArmCall::finished);
    QTest::qWait(100);
    delete call;
    QTest::qWait(500);
    QCOMPARE(finished.count(), 0);

    // Auto-deleting calls delete themselves after finished().
    QPointer<ArmCall> autoCall = m_api->getRequest(m_sub, pendingId(*m_sim, m_sub));
    QSignalSpy done(autoCall.data(), &ArmCall::finished);
    QVERIFY(done.wait(5000));
    QTRY_VERIFY(autoCall.isNull());
}

void TestArmClient::subscriptionsEveryPage()
{
    auto options = SimFixture::defaultOptions();
    options.subscriptions = 5;
    options.pageSize = 2;
    startSim(options);
    makeClient();
    lockbox::SubscriptionsApi api(m_client.get());
    auto job = own(api.list());
    QVERIFY(waitJob(job.get()));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().toDisplayString()));
    QCOMPARE(job->pagesFetched(), 3);
    const auto subscriptions = job->subscriptions();
    QCOMPARE(subscriptions.size(), 5);
    QStringList ids;
    for (const auto &s : subscriptions) {
        ids.append(s.subscriptionId);
        QCOMPARE(s.tenantId, m_sim->simulator().world().tenantId());
        QVERIFY(!s.displayName.isEmpty());
        QCOMPARE(s.state, u"Enabled"_s);
    }
    QCOMPARE(ids, m_sim->subscriptionIds());
}

void TestArmClient::activityLogShowsTheDecision()
{
    const QString id = pendingId(*m_sim, m_sub);
    auto decide = own(m_api->updateApproval(m_sub, id, Verdict::Deny, u"Wrong cluster"_s, QUuid::createUuid()));
    QVERIFY(waitCall(decide.get()));
    QVERIFY(decide->isOk());
    control(u"/_sim/config"_s, {{u"pageSize"_s, 10}});

    lockbox::ActivityLogApi api(m_client.get());
    const QDateTime now = m_sim->simulator().world().now();
    auto job = own(api.list(m_sub, now.addDays(-30), now.addSecs(3600)));
    QVERIFY(waitJob(job.get()));
    QVERIFY2(!job->error().isError(), qPrintable(job->error().toDisplayString()));
    QVERIFY(job->pagesFetched() > 1);
    const auto events = job->events();
    QVERIFY(!events.isEmpty());
    QSet<QString> eventIds;
    bool found = false;
    for (const lockbox::ActivityEvent &e : events) {
        eventIds.insert(e.eventDataId);
        QCOMPARE(e.subscriptionId, m_sub);
        QVERIFY(e.action != lockbox::ActivityAction::Unknown);
        QVERIFY(e.timestamp.isValid());
        if (e.requestId == id && e.action == lockbox::ActivityAction::Deny) {
            found = true;
            QCOMPARE(e.reason, u"Wrong cluster"_s);
            QCOMPARE(e.status, u"Denied"_s);
            QVERIFY(!e.caller.isEmpty());
        }
    }
    QVERIFY(found);
    QCOMPARE(eventIds.size(), events.size()); // no duplicates across pages

    auto reversed = own(api.list(m_sub, now, now.addDays(-1)));
    QVERIFY(waitJob(reversed.get()));
    QCOMPARE(reversed->error().kind, Kind::BadRequest);
    QVERIFY(!reversed->error().requestSent);
}

void TestArmClient::tenantOptInAndSwitch()
{
    const QString tenant = m_sim->simulator().world().tenantId();
    const auto optedIn = [&] {
        auto call = own(m_api->tenantOptedIn(tenant));
        if (!waitCall(call.get()) || !call->isOk())
            return -1;
        return LockboxApi::optedInOf(call.get()) ? 1 : 0;
    };
    QCOMPARE(optedIn(), 1);
    auto off = own(m_api->disableLockbox());
    QVERIFY(waitCall(off.get()));
    QVERIFY2(off->isOk(), qPrintable(off->error().toDisplayString()));
    QCOMPARE(optedIn(), 0);
    auto on = own(m_api->enableLockbox());
    QVERIFY(waitCall(on.get()));
    QVERIFY(on->isOk());
    QCOMPARE(optedIn(), 1);

    auto other = own(m_api->tenantOptedIn(u"00000000-0000-0000-0000-000000000001"_s));
    QVERIFY(waitCall(other.get()));
    QCOMPARE(other->error().kind, Kind::NotFound);
}

void TestArmClient::rateLimitHeaderIsReported()
{
    QSignalSpy spy(m_client.get(), &ArmClient::rateLimitRemaining);
    auto call = own(m_api->getRequest(m_sub, pendingId(*m_sim, m_sub)));
    QVERIFY(waitCall(call.get()));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.first().at(0).toString(), m_sub);
    const int remaining = spy.first().at(1).toInt();
    QVERIFY(remaining > 0);
    QCOMPARE(m_client->lastRemainingReads(), remaining);
    auto next = own(m_api->getRequest(m_sub, pendingId(*m_sim, m_sub)));
    QVERIFY(waitCall(next.get()));
    QCOMPARE(spy.last().at(1).toInt(), remaining - 1);
}

void TestArmClient::clientRequestIdIsFreshPerCall()
{
    const QString id = pendingId(*m_sim, m_sub);
    auto a = own(m_api->getRequest(m_sub, id));
    auto b = own(m_api->getRequest(m_sub, id));
    QVERIFY(waitCall(a.get()));
    if (!b->isFinished())
        QVERIFY(waitCall(b.get()));
    QVERIFY(!a->clientRequestId().isNull());
    QVERIFY(a->clientRequestId() != b->clientRequestId());
    QCOMPARE(a->rawHeader("x-ms-client-request-id"), a->clientRequestId().toByteArray(QUuid::WithoutBraces));
    QCOMPARE(b->rawHeader("x-ms-client-request-id"), b->clientRequestId().toByteArray(QUuid::WithoutBraces));
}

void TestArmClient::tlsErrorsAreNeverIgnored()
{
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    LOCKBOX_REQUIRE(!openssl.isEmpty(), "openssl is not installed; it makes the self-signed certificate");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString cert = dir.filePath(u"cert.pem"_s);
    const QString key = dir.filePath(u"key.pem"_s);
    QProcess p;
    p.start(openssl,
            {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s, u"1"_s, u"-subj"_s,
             u"/CN=127.0.0.1"_s, u"-keyout"_s, key, u"-out"_s, cert});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);

    auto options = SimFixture::defaultOptions();
    options.tlsCertFile = cert;
    options.tlsKeyFile = key;
    startSim(options);
    QCOMPARE(m_sim->baseUrl().scheme(), u"https"_s);
    makeClient();
    const qint64 before = m_sim->simulator().world().counters().reads;
    auto call = own(m_api->getRequest(m_sub, pendingId(*m_sim, m_sub)));
    QVERIFY(waitCall(call.get()));
    QCOMPARE(call->error().kind, Kind::Tls);
    QVERIFY(!call->error().requestSent);
    QVERIFY2(call->error().detail.contains(u"self signed", Qt::CaseInsensitive)
                 || call->error().detail.contains(u"self-signed", Qt::CaseInsensitive),
             qPrintable(call->error().detail));
    QVERIFY(call->error().toDisplayString().contains(u"trust store"));
    QCOMPARE(call->attempts(), 1); // a certificate problem is not retried
    QCOMPARE(m_sim->simulator().world().counters().reads, before);
}

void TestArmClient::makeLoggedClient(const lockbox::ArmBudget::Options &budget)
{
    m_api.reset();
    m_client.reset();
    m_wire = std::make_unique<WireLog>();
    if (!m_tokens)
        m_tokens = std::make_unique<TestTokenProvider>(QByteArray(SimFixture::kToken));
    ArmClient::Options options;
    options.endpoint = m_sim->baseUrl();
    options.timeoutMs = 5000;
    options.maxReadAttempts = 10;
    options.budget = budget;
    m_client = std::make_unique<ArmClient>(m_wire.get(), m_tokens.get(), options);
    m_api = std::make_unique<LockboxApi>(m_client.get());
}

void TestArmClient::readConcurrencyIsTheBudgets()
{
    control(u"/_sim/config"_s, {{u"latencyMs"_s, 100}});
    lockbox::ArmBudget::Options budget;
    budget.concurrency = 3;
    makeLoggedClient(budget);
    const QString id = pendingId(*m_sim, m_sub);
    std::vector<std::unique_ptr<ArmCall>> calls;
    for (int i = 0; i < 9; ++i)
        calls.push_back(own(m_api->getRequest(m_sub, id)));
    for (auto &call : calls) {
        if (!call->isFinished())
            QVERIFY(waitCall(call.get()));
        QVERIFY2(call->isOk(), qPrintable(call->error().toDisplayString()));
    }
    QCOMPARE(m_wire->maxInFlight, 3);
    QCOMPARE(m_client->budget().stats().maxReadsInFlight, 3);
    QCOMPARE(m_client->budget().readsInFlight(), 0);
    QCOMPARE(m_client->budget().waiting(), 0);
}

void TestArmClient::aThrottleHoldsBackEveryCall()
{
    // Two reads a second, six at once, pacing off: most of the first six get a 429, and the
    // queued ones must not slip out in the slots those 429s free.
    control(u"/_sim/config"_s, {{u"rateLimit"_s, 2}, {u"latencyMs"_s, 20}});
    lockbox::ArmBudget::Options budget;
    budget.concurrency = 6;
    budget.slowBelow = 0;
    budget.pauseBelow = 0;
    makeLoggedClient(budget);
    QSignalSpy paused(&m_client->budget(), &lockbox::ArmBudget::paused);
    const QString id = pendingId(*m_sim, m_sub);
    std::vector<std::unique_ptr<ArmCall>> calls;
    for (int i = 0; i < 8; ++i)
        calls.push_back(own(m_api->getRequest(m_sub, id)));
    for (auto &call : calls) {
        if (!call->isFinished())
            QVERIFY(waitCall(call.get(), 30000));
        QVERIFY2(call->isOk(), qPrintable(call->error().toDisplayString()));
    }
    const qint64 throttled = counters().value(u"throttled").toInteger();
    QVERIFY(throttled >= 4);
    QCOMPARE(m_wire->throttled(), int(throttled));
    QCOMPARE(m_client->budget().stats().throttled, throttled);
    QCOMPARE(m_wire->unhonoured(), 0);
    QVERIFY(!paused.isEmpty());
    QCOMPARE(paused.first().at(1).toBool(), true);
}

void TestArmClient::aThrottleHoldsBackWritesToo()
{
    control(u"/_sim/config"_s, {{u"rateLimit"_s, 2}});
    lockbox::ArmBudget::Options budget;
    budget.slowBelow = 0;
    budget.pauseBelow = 0;
    makeLoggedClient(budget);
    const QString id = pendingId(*m_sim, m_sub);
    for (int i = 0; i < 2; ++i) { // this second's budget
        auto read = own(m_api->getRequest(m_sub, id));
        QVERIFY(waitCall(read.get()));
        QVERIFY(read->isOk());
    }
    auto throttledRead = own(m_api->getRequest(m_sub, id));
    std::unique_ptr<ArmCall> write;
    // The moment the read learns of its 429, a decision is made.
    connect(throttledRead.get(), &ArmCall::retryScheduled, this, [&] {
        if (!write)
            write = own(m_api->updateApproval(m_sub, id, Verdict::Approve, u"ok"_s, QUuid::createUuid()));
    });
    QVERIFY(waitCall(throttledRead.get()));
    QVERIFY(throttledRead->isOk());
    QVERIFY(write);
    if (!write->isFinished())
        QVERIFY(waitCall(write.get()));
    // It waited for the Retry-After rather than collecting a 429 of its own (writes are not retried).
    QVERIFY2(write->isOk(), qPrintable(write->error().toDisplayString()));
    QCOMPARE(m_wire->throttled(), 1);
    QCOMPARE(m_wire->unhonoured(), 0);
    QCOMPARE(counters().value(u"decisionPosts").toInteger(), 1);
}

void TestArmClient::fallingRemainingReadsSlowReadsDown()
{
    // 20 reads a second and 45 to make: the remaining-reads header falls below 100 at once, so
    // reads are spread and, near the end of each second's budget, wait for the next.
    control(u"/_sim/config"_s, {{u"rateLimit"_s, 20}});
    lockbox::ArmBudget::Options budget; // the defaults: slow below 100, pause below 10
    makeLoggedClient(budget);
    const QString id = pendingId(*m_sim, m_sub);
    QElapsedTimer timer;
    timer.start();
    std::vector<std::unique_ptr<ArmCall>> calls;
    for (int i = 0; i < 45; ++i)
        calls.push_back(own(m_api->getRequest(m_sub, id)));
    for (auto &call : calls) {
        if (!call->isFinished())
            QVERIFY(waitCall(call.get(), 30000));
        QVERIFY2(call->isOk(), qPrintable(call->error().toDisplayString()));
        QCOMPARE(call->attempts(), 1);
    }
    const qint64 elapsed = timer.elapsed();
    const auto &stats = m_client->budget().stats();
    qInfo("45 reads at 20 a second: %lld ms, %lld paced, %lld pauses", elapsed, stats.pacedReads,
          stats.lowBudgetPauses);
    QCOMPARE(counters().value(u"throttled").toInteger(), 0); // ARM never had to say no
    QCOMPARE(m_wire->throttled(), 0);
    QVERIFY(stats.pacedReads > 30);
    QVERIFY(elapsed >= 2000); // three seconds' budgets at least
}

void TestArmClient::aReportBelowTheReadsInFlightPausesReads()
{
    // Eight reads out and the first reply says five are left: the seven others may take them
    // all, so the budget is spent (not unknown) and the ninth waits for the window to renew.
    lockbox::ArmBudget::Options options;
    options.concurrency = 8;
    lockbox::ArmBudget budget(options);
    QObject context;
    int granted = 0;
    QList<lockbox::ArmBudget::Ticket> tickets;
    for (int i = 0; i < 9; ++i)
        tickets.append(budget.acquire(false, &context, [&granted] { ++granted; }));
    QTRY_COMPARE(granted, 8);
    budget.noteReply(tickets.first(), 200, 5, -1);
    QCOMPARE(budget.estimatedRemaining(), 0);
    budget.release(tickets.first());
    QTRY_COMPARE(budget.stats().lowBudgetPauses, qint64(1));
    QCOMPARE(granted, 8); // and nothing can have renewed it yet: no event has run since
}

void TestArmClient::writesDoNotQueueBehindReads()
{
    control(u"/_sim/config"_s, {{u"latencyMs"_s, 300}});
    lockbox::ArmBudget::Options budget;
    budget.concurrency = 1;
    makeLoggedClient(budget);
    const QString id = pendingId(*m_sim, m_sub);
    QStringList order;
    std::vector<std::unique_ptr<ArmCall>> reads;
    for (int i = 0; i < 3; ++i) {
        reads.push_back(own(m_api->getRequest(m_sub, id)));
        connect(reads.back().get(), &ArmCall::finished, this, [&order, i] { order.append(u"read %1"_s.arg(i)); });
    }
    auto write = own(m_api->updateApproval(m_sub, id, Verdict::Deny, u"not now"_s, QUuid::createUuid()));
    connect(write.get(), &ArmCall::finished, this, [&order] { order.append(u"write"_s); });
    for (auto &read : reads) {
        if (!read->isFinished())
            QVERIFY(waitCall(read.get()));
    }
    if (!write->isFinished())
        QVERIFY(waitCall(write.get()));
    QVERIFY2(write->isOk(), qPrintable(write->error().toDisplayString()));
    // One read slot: the reads went one after another, the decision beside the first (not third).
    QByteArrayList sent;
    for (const WireLog::Event &e : std::as_const(m_wire->events))
        sent.append(e.method.isEmpty() ? QByteArray::number(e.status) : e.method);
    QVERIFY2(sent.indexOf("POST"_ba) < 2 && sent.mid(0, 2).contains("GET"_ba), sent.join(' ').constData());
    QVERIFY2(order.indexOf(u"write"_s) < order.indexOf(u"read 1"_s), qPrintable(order.join(u", "_s)));
}

QTEST_GUILESS_MAIN(TestArmClient)
#include "tst_armclient.moc"
